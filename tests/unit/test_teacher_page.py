"""The Teacher page in AppTest, grading the sample class with a scripted backend in place of the model."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support.grading_class import CLASS, EXPECTED_CSV, KEY, ScriptedBackend
from tutor_app.classroom.access import PasscodeGate
from tutor_app.config import load_settings
from tutor_app.errors import ModelNotFoundError
from tutor_app.grading import (
    gradebook_csv,
    job_info,
    job_results,
    job_summary,
    list_jobs,
    start_job,
)
from tutor_app.grading.storage import connect
from tutor_app.i18n import t
from tutor_app.ui import batches, grading_runs, resources
from tutor_app.ui.review_view import results_table

PAGE = str(Path(__file__).resolve().parents[2] / "tutor_app" / "views" / "teacher.py")
STUDENTS = ["ana", "ben", "chen", "dana", "eli", "fay"]


@pytest.fixture(autouse=True)
def fresh_resources():
    """No grading runs leak between tests; a run left going is stopped."""
    yield
    runs = grading_runs.registry()
    busy = runs.busy()
    if busy is not None:
        runs.get(busy).stop.set()
        runs.get(busy).wait(60)
    st.cache_resource.clear()


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> ScriptedBackend:
    scripted = ScriptedBackend(load_settings())
    monkeypatch.setattr(resources, "backend", lambda: scripted)
    return scripted


def open_page(signed_in: bool = True) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if signed_in:
        at.session_state["teacher_gate"] = PasscodeGate(unlocked=True)
    at.run()
    assert not at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    next(b for b in at.button if b.key == key).click().run()
    assert not at.exception
    return at


def finish(at: AppTest) -> AppTest:
    """Wait for the background run of the chosen job, then draw the page again."""
    run = grading_runs.registry().get(at.selectbox(key="teacher_job").value)
    assert run.wait(120)
    at.run()
    assert not at.exception
    return at


def start_folder(at: AppTest, folder: str, key: Path | None = KEY) -> AppTest:
    at.text_input(key="teacher_folder").input(folder)
    if key is not None:
        at.file_uploader(key="teacher_key").set_value((key.name, key.read_bytes(), "text/csv"))
    return click(at, "teacher_start")


def status(at: AppTest, lang: str = "en") -> str:
    """The job status the page shows."""
    prefix = f"**{t('teacher.status', lang)}:** "
    return next(m.value.removeprefix(prefix) for m in at.markdown if m.value.startswith(prefix))


def upload_names(data_dir: Path) -> list[str]:
    root = data_dir / "uploads"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_without_the_passcode_only_the_sign_in_shows(data_dir: Path, backend: ScriptedBackend) -> None:
    start_job(load_settings(), CLASS, key=KEY)
    at = open_page(signed_in=False)
    assert [x.value for x in at.title] == [t("access.title")]
    assert len(at.selectbox) == 0 and len(at.dataframe) == 0
    assert [i.value for i in at.info] == [t("access.set_first")]


def test_empty_page_offers_a_new_batch() -> None:
    at = open_page()
    assert [x.value for x in at.title] == [t("teacher.title")]
    assert [i.value for i in at.info] == [t("teacher.no_jobs")]
    assert at.radio(key="teacher_source").options == [t("teacher.source.folder"), t("teacher.source.upload")]
    assert at.text_input(key="teacher_pattern").value == "{student}_{anything}.{ext}"
    assert at.selectbox(key="teacher_lang").value == "en"


def test_folder_batch_runs_to_the_end_and_shows_the_results(backend: ScriptedBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    assert [e.value for e in at.error] == []
    assert status(at) == t("teacher.status.done")
    assert [s.value for s in at.success] == [
        t("teacher.finished").format(graded=5, flagged=1, errors=1)
    ]
    assert [w.value for w in at.warning] == []
    assert at.get("progress")[0].proto.text == t("teacher.students_done").format(done=6, total=6)
    table = at.dataframe[0].value
    assert list(table.columns) == ["student", "Q1", "Q2", "Q3", "total", "needs review"]
    assert table.values.tolist() == [
        ["ana", "2 / 2", "2 / 2", "3 / 3", "7 / 7", ""],
        ["ben", "2 / 2", "2 / 2", "0 / 3", "4 / 7", ""],
        ["chen", "0 / 2", "2 / 2", "3 / 3", "5 / 7", ""],
        ["dana", "2 / 2", "0 / 2", "3 / 3", "5 / 7", ""],
        ["eli", "0 / 2", "0 / 2", "0 / 3", "0 / 7", "⚠"],
        ["fay", "0 / 2", "2 / 2", "0 / 3", "2 / 7", ""],
    ]
    assert gradebook_csv(load_settings(), job) == EXPECTED_CSV
    assert backend.transcribed == ["ana_homework.jpg", "ben_page1.png", "chen_scan.pdf",
                                   "dana_homework.jpg", "fay_homework.jpg"]


def test_student_detail_and_score_override(backend: ScriptedBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.selectbox(key=f"teacher_student_{job}").set_value("chen").run()
    assert [len(image.proto.imgs) for image in at.get("image")] == [2]
    markdown = [m.value for m in at.markdown]
    assert "**Q1** · 0 / 2 ✗" in markdown
    assert (
        "1. ✓ `2x + 3 = 11`\n2. ✗ `2x = 11 + 3` — This step is not equivalent to the previous one: "
        "The solutions are different.\n3. ✓ `x = 7`"
    ) in markdown
    prefix = f"teacher_override_{job}_chen_1"
    at.number_input(key=f"{prefix}_points").set_value(1.5)
    at.text_area(key=f"{prefix}_feedback").input("Right idea; subtract 3, don't add it.")
    at = click(at, f"FormSubmitter:{prefix}-{t('teacher.save')}")
    assert t("teacher.saved").format(student="chen", question="1") in [s.value for s in at.success]
    assert t("teacher.edited") in [c.value for c in at.caption]
    assert at.dataframe[0].value.values.tolist()[2][:5] == ["chen", "1.5 / 2 ✎", "2 / 2", "3 / 3", "6.5 / 7"]
    chen = next(r for r in job_results(load_settings(), job) if (r["student"], r["question"]) == ("chen", "1"))
    assert (chen["points"], chen["feedback"], chen["edited"]) == (
        1.5, "Right idea; subtract 3, don't add it.", True
    )
    assert "chen,1,1.5,2,\"Right idea; subtract 3, don't add it.\",no" in gradebook_csv(load_settings(), job)


def test_saving_an_unchanged_mark_changes_nothing(backend: ScriptedBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at = click(at, f"FormSubmitter:teacher_override_{job}_ana_1-{t('teacher.save')}")
    assert [i.value for i in at.info] == [t("teacher.unchanged")]
    assert not any(r["edited"] for r in job_results(load_settings(), job))


def test_common_mistakes_are_grouped_with_counts(backend: ScriptedBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    q1 = at.dataframe[1].value
    assert q1.values.tolist() == [
        ["4 = x = 4", 3, "ana, ben, dana", "✓", ""],
        ["x = 7 = 7", 2, "chen, fay", "✗", "2x = 11 + 3"],
        ["—", 1, "eli", "?", ""],
    ]
    assert "**Q1** · Reference: `4`" in [m.value for m in at.markdown]


def test_export_all_to_a_folder(backend: ScriptedBackend, tmp_path: Path) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.text_input(key=f"teacher_export_dir_{job}").input(str(tmp_path / "out"))
    at = click(at, f"FormSubmitter:teacher_export_{job}-{t('teacher.export')}")
    assert [s.value for s in at.success][-1] == t("teacher.exported").format(count=8, folder=tmp_path / "out")
    assert (tmp_path / "out" / "gradebook.csv").read_text() == EXPECTED_CSV
    assert len(list((tmp_path / "out" / "feedback").iterdir())) == 6


def test_uploaded_photos_are_saved_in_a_private_batch_folder(data_dir: Path, backend: ScriptedBackend) -> None:
    at = open_page()
    at.radio(key="teacher_source").set_value("upload").run()
    files = [(name, (CLASS / name).read_bytes(), "image/png") for name in ("ben_page1.png", "ben_page2.png")]
    files.append(("ana_homework.jpg", (CLASS / "ana_homework.jpg").read_bytes(), "image/jpeg"))
    at.file_uploader(key="teacher_upload").set_value(files)
    at.file_uploader(key="teacher_key").set_value(("key.csv", KEY.read_bytes(), "text/csv"))
    at = finish(click(at, "teacher_start"))
    (batch,) = (data_dir / "uploads").iterdir()
    assert batch.name.startswith("batch-") and oct(batch.stat().st_mode & 0o777) == "0o700"
    assert sorted(p.name for p in (batch / "homework").iterdir()) == [
        "ana_homework.jpg", "ben_page1.png", "ben_page2.png"
    ]
    job = at.selectbox(key="teacher_job").value
    assert job_info(load_settings(), job)["source"] == str(batch / "homework")
    assert [line[0] for line in at.dataframe[0].value.values.tolist()] == ["ana", "ben"]


def test_uploaded_zip_is_graded(data_dir: Path, backend: ScriptedBackend) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(CLASS.iterdir()):
            zf.write(path, f"class/{path.name}")
    at = open_page()
    at.radio(key="teacher_source").set_value("upload").run()
    at.file_uploader(key="teacher_upload").set_value(("class.zip", archive.getvalue(), "application/zip"))
    at.file_uploader(key="teacher_key").set_value(("key.csv", KEY.read_bytes(), "text/csv"))
    at = finish(click(at, "teacher_start"))
    job = at.selectbox(key="teacher_job").value
    assert gradebook_csv(load_settings(), job) == EXPECTED_CSV
    (batch,) = (data_dir / "uploads").iterdir()
    assert sorted(p.name for p in batch.iterdir()) == ["class.zip", "key.csv"]


BROKEN_KEY = b"question,points\n1,2\n"
NO_FILES = (
    "No homework files in {empty}; expected photos or PDFs (bmp, gif, heic, heif, jpeg, jpg, pdf, png, tif, "
    "tiff, webp) named like {{student}}_{{anything}}.{{ext}} or one subfolder per student."
)
BAD_HEADER = (
    "bad.csv: the header row must name the columns question, answer, points, tolerance, form, units, notes "
    "(question and answer are required); missing: answer."
)
NO_NAME_MATCHES = (
    "No file name in {folder} matches the pattern {{student}}_{{anything}}.{{ext}} (notes.png); rename the "
    "files like ana_homework.jpg, put each student's pages in a subfolder, or change the pattern."
)


@pytest.mark.parametrize(
    ("folder", "key", "message"),
    [
        ("", None, "Type the path of the homework folder on this computer, or choose to upload."),
        ("{missing}", None, "{missing} does not exist; give the homework folder or a ZIP of it."),
        ("{empty}", None, NO_FILES),
        (str(CLASS), ("bad.csv", BROKEN_KEY), BAD_HEADER),
        (str(CLASS), ("latin.csv", "question,answer\n1,é\n".encode("latin-1")),
         "The answer key latin.csv is not UTF-8 text; save it as CSV (UTF-8)."),
        ("{empty}", ("key.csv", KEY.read_bytes()), NO_FILES),
    ],
)
def test_bad_folder_input_is_refused_and_nothing_is_kept(
    data_dir: Path, tmp_path: Path, backend: ScriptedBackend, folder: str, key, message: str
) -> None:
    (tmp_path / "empty").mkdir()
    names = {"missing": tmp_path / "missing", "empty": tmp_path / "empty"}
    at = open_page()
    at.text_input(key="teacher_folder").input(folder.format(**names))
    if key is not None:
        at.file_uploader(key="teacher_key").set_value((key[0], key[1], "text/csv"))
    at = click(at, "teacher_start")
    assert [e.value for e in at.error] == [message.format(**names)]
    assert list_jobs(load_settings()) == []
    assert upload_names(data_dir) == []
    assert at.text_input(key="teacher_folder").value == folder.format(**names)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Choose the homework photos, PDFs or a ZIP to upload first."),
        ([("class.zip", b"PK"), ("ana_homework.jpg", b"x")],
         "Upload one ZIP on its own, or photos and PDFs without a ZIP."),
        ([("class.zip", b"not a zip")], "class.zip is not a readable ZIP file (File is not a zip file)."),
        ([("notes.png", b"x")], NO_NAME_MATCHES),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_kept(
    data_dir: Path, backend: ScriptedBackend, files: list, message: str
) -> None:
    at = open_page()
    at.radio(key="teacher_source").set_value("upload").run()
    if files:
        at.file_uploader(key="teacher_upload").set_value([(name, data, "image/png") for name, data in files])
    at = click(at, "teacher_start")
    (error,) = [e.value for e in at.error]
    folder = error.split(" ")[4] if error.startswith("No file name in") else ""
    assert error == message.format(folder=folder)
    assert folder.startswith(str(data_dir / "uploads" / "batch-")) or not folder
    assert list_jobs(load_settings()) == []
    assert upload_names(data_dir) == []


def test_no_model_says_what_to_do(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    def missing():
        raise ModelNotFoundError("No model files found in /models.")

    monkeypatch.setattr(resources, "backend", missing)
    at = start_folder(open_page(), str(CLASS))
    assert [e.value for e in at.error] == [f"No model files found in /models.\n\n{t('teacher.no_model')}"]
    assert list_jobs(load_settings()) == []


def blocking(settings, job_of) -> ScriptedBackend:
    """A scripted backend whose answers wait until the run is told to stop, like a long model answer."""
    scripted = ScriptedBackend(settings)
    stream = scripted.stream

    def wait_then_stream(request):
        grading_runs.registry().get(job_of()).stop.wait(60)
        return stream(request)

    scripted.stream = wait_then_stream
    return scripted


def test_pause_resume_and_cancel(monkeypatch: pytest.MonkeyPatch, backend: ScriptedBackend) -> None:
    settings = load_settings()
    job = start_job(settings, CLASS, key=KEY)
    other = start_job(settings, CLASS, key=KEY)
    monkeypatch.setattr(resources, "backend", lambda: blocking(settings, lambda: job))
    at = open_page()
    at.selectbox(key="teacher_job").set_value(job).run()
    assert status(at) == t("teacher.status.pending")
    at = click(at, f"teacher_resume_{job}")
    assert status(at) == t("teacher.status.running")
    at = click(at, f"teacher_pause_{job}")
    assert grading_runs.registry().get(job).wait(60)
    at.run()
    assert status(at) == t("teacher.status.paused")
    assert at.get("progress")[0].proto.text == t("teacher.students_done").format(done=0, total=6)
    monkeypatch.setattr(resources, "backend", lambda: backend)
    at = finish(click(at, f"teacher_resume_{job}"))
    assert status(at) == t("teacher.status.done")
    assert gradebook_csv(settings, job) == EXPECTED_CSV
    at.selectbox(key="teacher_job").set_value(other).run()
    at = click(at, f"teacher_cancel_{other}")
    assert [i.value for i in at.info] == [t("teacher.cancelled")]
    assert not any(b.key == f"teacher_resume_{other}" for b in at.button)


def test_a_second_batch_waits_for_the_first(data_dir: Path, backend: ScriptedBackend) -> None:
    settings = load_settings()
    first = start_job(settings, CLASS, key=KEY)
    grading_runs.registry().start(settings, first, blocking(settings, lambda: first))
    at = start_folder(open_page(), str(CLASS))
    assert [e.value for e in at.error] == [
        f"Job {first} is being graded now; pause or cancel it before starting another."
    ]
    assert [j["id"] for j in list_jobs(settings)] == [first]
    assert upload_names(data_dir) == []


def test_starting_a_running_job_again_keeps_the_one_run(backend: ScriptedBackend) -> None:
    settings = load_settings()
    runs = grading_runs.registry()
    job = start_job(settings, CLASS, key=KEY)
    first = runs.start(settings, job, blocking(settings, lambda: job))
    assert runs.start(settings, job, backend) is first
    assert [t.name for t in threading.enumerate()].count(f"grading-{job}") == 1
    runs.pause(settings, job)
    assert first.wait(60)
    assert job_summary(settings, job).status == "paused"


def test_reopened_page_lists_earlier_jobs_and_resumes_an_interrupted_one(backend: ScriptedBackend) -> None:
    settings = load_settings()
    done = start_job(settings, CLASS, key=KEY)
    grading_runs.registry().start(settings, done, backend).wait(120)
    interrupted = start_job(settings, CLASS, key=KEY)
    with connect(settings) as conn, conn:
        # What a killed app leaves behind: the job still marked running.
        conn.execute("UPDATE jobs SET status='running' WHERE id=?", (interrupted,))
    st.cache_resource.clear()
    at = open_page()
    assert at.selectbox(key="teacher_job").value == interrupted
    labels = at.selectbox(key="teacher_job").options
    assert [label.split(" · ")[0] for label in labels] == [f"Job {interrupted}", f"Job {done}"]
    assert labels[0].endswith(f" · 6 students · {CLASS}")
    assert status(at) == t("teacher.status.interrupted")
    at = finish(click(at, f"teacher_resume_{interrupted}"))
    assert gradebook_csv(settings, interrupted) == EXPECTED_CSV


@pytest.mark.parametrize(
    ("rows", "students", "expected"),
    [
        ([], ["eli"], [{"student": "eli", "total": "0 / 0", "needs review": "⚠"}]),
        (
            [
                {"student": "a", "question": "1", "points": 1.0, "max_points": 2.0, "edited": True,
                 "needs_review": False},
                {"student": "a", "question": "Q2b", "points": 0.5, "max_points": 1.0, "edited": False,
                 "needs_review": True},
            ],
            ["a"],
            [{"student": "a", "Q1": "1 / 2 ✎", "Q2b": "0.5 / 1", "total": "1.5 / 3", "needs review": "⚠"}],
        ),
    ],
)
def test_results_table(rows: list[dict], students: list[str], expected: list[dict]) -> None:
    assert results_table(rows, students, "en") == expected


def test_start_batch_keeps_the_teachers_folder_untouched(data_dir: Path) -> None:
    before = sorted(p.name for p in CLASS.iterdir())
    job = batches.start_batch(
        load_settings(), str(CLASS), key=("key.csv", KEY.read_bytes()), pattern="{student}_{anything}.{ext}",
        lang="zh",
    )
    assert sorted(p.name for p in CLASS.iterdir()) == before
    info = job_info(load_settings(), job)
    assert (info["source"], info["lang"]) == (str(CLASS), "zh")
    assert [item.question for item in info["key"]] == ["1", "2", "3"]
    (batch,) = (data_dir / "uploads").iterdir()
    assert [p.name for p in batch.iterdir()] == ["key.csv"]


def test_batch_without_a_key_and_an_unreadable_student(backend: ScriptedBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS), key=None))
    job = at.selectbox(key="teacher_job").value
    table = at.dataframe[0].value
    assert list(table.columns) == ["student", "Q1", "Q2", "Q3", "total", "needs review"]
    assert table.values.tolist()[4] == ["eli", "", "", "", "0 / 0", "⚠"]
    at.selectbox(key=f"teacher_student_{job}").set_value("eli").run()
    assert not at.exception
    damaged = "This image file is damaged and cannot be read (Truncated File Read)."
    assert [e.value for e in at.error] == [damaged]
    assert [w.value for w in at.warning] == [f"eli_homework.jpg: {damaged}"]


def test_the_page_in_chinese(backend: ScriptedBackend) -> None:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["teacher_gate"] = PasscodeGate(unlocked=True)
    at.session_state["lang"] = "zh"
    at = start_folder(at.run(), str(CLASS))
    at = finish(at)
    assert [x.value for x in at.title] == [t("teacher.title", "zh")]
    assert status(at, "zh") == t("teacher.status.done", "zh")
    assert list(at.dataframe[0].value.columns) == ["学生", "第1题", "第2题", "第3题", "总分", "需复查"]
    assert at.selectbox(key="teacher_lang").value == "zh"
