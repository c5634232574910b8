"""The Teacher page in AppTest, grading the sample class with a scripted backend in place of the model."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support.access import sign_in
from tests.support.grading_class import CLASS, EXPECTED_CSV, EXPECTED_WIDE_CSV, HELD, KEY, SampleClassBackend
from tests.support.pages import page_app
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
def backend(monkeypatch: pytest.MonkeyPatch) -> SampleClassBackend:
    scripted = SampleClassBackend(load_settings())
    monkeypatch.setattr(resources, "backend", lambda: scripted)
    return scripted


def open_page(signed_in: bool = True) -> AppTest:
    at = page_app(PAGE)
    if signed_in:
        sign_in(at)
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


def preview_folder(at: AppTest, folder: str, key: Path | None = KEY) -> AppTest:
    at.text_input(key="teacher_folder").input(folder)
    if key is not None:
        at.file_uploader(key="teacher_key").set_value((key.name, key.read_bytes(), "text/csv"))
    return click(at, "teacher_preview")


def start_folder(at: AppTest, folder: str, key: Path | None = KEY) -> AppTest:
    return click(preview_folder(at, folder, key), "teacher_start")


def status(at: AppTest, lang: str = "en") -> str:
    """The job status the page shows."""
    prefix = f"**{t('teacher.status', lang)}:** "
    return next(m.value.removeprefix(prefix) for m in at.markdown if m.value.startswith(prefix))


def upload_names(data_dir: Path) -> list[str]:
    root = data_dir / "uploads"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_without_the_passcode_only_the_sign_in_shows(data_dir: Path, backend: SampleClassBackend) -> None:
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


def test_folder_batch_runs_to_the_end_and_shows_the_results(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    assert [e.value for e in at.error] == []
    assert status(at) == t("teacher.status.done")
    assert [s.value for s in at.success] == [
        t("teacher.finished").format(graded=5, flagged=0, errors=1)
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


def test_student_detail_and_score_override(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.selectbox(key=f"teacher_student_{job}").set_value("chen").run()
    assert [len(image.proto.imgs) for image in at.get("image")] == [2]
    markdown = [m.value for m in at.markdown]
    assert "**Q1** · 0 / 2 ✗" in markdown
    assert (
        "1. ? `2x + 3 = 11`\n2. ✗ `2x = 11 + 3` — $2x = 11 + 3$ does not hold for x = 4 (from $2x + 3 = 11$)."
        "\n3. ✓ `x = 7`"
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


def test_saving_an_unchanged_mark_changes_nothing(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at = click(at, f"FormSubmitter:teacher_override_{job}_ana_1-{t('teacher.save')}")
    assert [i.value for i in at.info] == [t("teacher.unchanged")]
    assert not any(r["edited"] for r in job_results(load_settings(), job))


def table(at: AppTest, first_column: str) -> list:
    """The rows of each dataframe on the page whose first column is ``first_column``."""
    return [d.value.values.tolist() for d in at.dataframe if d.value.columns[0] == first_column]


def test_common_mistakes_are_grouped_with_counts(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    q1 = table(at, t("teacher.col.answers"))[0]
    assert q1 == [
        ["4 = x = 4", 3, "ana, ben, dana", "✓", ""],
        ["x = 7 = 7", 2, "chen, fay", "✗", "2x = 11 + 3"],
        ["—", 1, "eli", "?", ""],
    ]
    assert "**Q1** · Reference: `4`" in [m.value for m in at.markdown]


def test_export_all_to_a_folder(backend: SampleClassBackend, tmp_path: Path) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.text_input(key=f"teacher_export_dir_{job}").input(str(tmp_path / "out"))
    at = click(at, f"FormSubmitter:teacher_export_{job}-{t('teacher.export')}")
    assert [s.value for s in at.success][-1] == t("teacher.exported").format(count=10, folder=tmp_path / "out")
    assert (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8") == EXPECTED_CSV
    assert (tmp_path / "out" / "gradebook-wide.csv").read_text(encoding="utf-8") == EXPECTED_WIDE_CSV
    assert len(list((tmp_path / "out" / "feedback").iterdir())) == 6


def test_uploaded_photos_are_saved_in_a_private_batch_folder(data_dir: Path, backend: SampleClassBackend) -> None:
    at = open_page()
    at.radio(key="teacher_source").set_value("upload").run()
    files = [(name, (CLASS / name).read_bytes(), "image/png") for name in ("ben_page1.png", "ben_page2.png")]
    files.append(("ana_homework.jpg", (CLASS / "ana_homework.jpg").read_bytes(), "image/jpeg"))
    at.file_uploader(key="teacher_upload").set_value(files)
    at.file_uploader(key="teacher_key").set_value(("key.csv", KEY.read_bytes(), "text/csv"))
    at = finish(click(click(at, "teacher_preview"), "teacher_start"))
    (batch,) = (data_dir / "uploads").iterdir()
    assert batch.name.startswith("batch-") and oct(batch.stat().st_mode & 0o777) == "0o700"
    assert sorted(p.name for p in (batch / "homework").iterdir()) == [
        "ana_homework.jpg", "ben_page1.png", "ben_page2.png"
    ]
    job = at.selectbox(key="teacher_job").value
    assert job_info(load_settings(), job)["source"] == str(batch / "homework")
    assert [line[0] for line in at.dataframe[0].value.values.tolist()] == ["ana", "ben"]


def test_uploaded_zip_is_graded(data_dir: Path, backend: SampleClassBackend) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(CLASS.iterdir()):
            zf.write(path, f"class/{path.name}")
    at = open_page()
    at.radio(key="teacher_source").set_value("upload").run()
    at.file_uploader(key="teacher_upload").set_value(("class.zip", archive.getvalue(), "application/zip"))
    at.file_uploader(key="teacher_key").set_value(("key.csv", KEY.read_bytes(), "text/csv"))
    at = click(at, "teacher_preview")
    assert at.dataframe[0].value.values.tolist()[2] == ["chen", 1, "chen_scan.pdf"]
    at = finish(click(at, "teacher_start"))
    job = at.selectbox(key="teacher_job").value
    assert gradebook_csv(load_settings(), job) == EXPECTED_CSV
    (batch,) = (data_dir / "uploads").iterdir()
    assert sorted(p.name for p in batch.iterdir()) == ["class.zip", "key.csv"]
    # The batch is named as the teacher named the upload, not by the private folder it was saved in.
    assert at.selectbox(key="teacher_job").options[0].endswith(" · 6 students · class.zip")


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
    data_dir: Path, tmp_path: Path, backend: SampleClassBackend, folder: str, key, message: str
) -> None:
    (tmp_path / "empty").mkdir()
    names = {"missing": tmp_path / "missing", "empty": tmp_path / "empty"}
    at = open_page()
    at.text_input(key="teacher_folder").input(folder.format(**names))
    if key is not None:
        at.file_uploader(key="teacher_key").set_value((key[0], key[1], "text/csv"))
    at = click(at, "teacher_preview")
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
    data_dir: Path, backend: SampleClassBackend, files: list, message: str
) -> None:
    at = open_page()
    at.radio(key="teacher_source").set_value("upload").run()
    if files:
        at.file_uploader(key="teacher_upload").set_value([(name, data, "image/png") for name, data in files])
    at = click(at, "teacher_preview")
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


def blocking(settings, job_of) -> SampleClassBackend:
    """A scripted backend whose answers wait until the run is told to stop, like a long model answer."""
    scripted = SampleClassBackend(settings)
    stream = scripted.stream

    def wait_then_stream(request):
        grading_runs.registry().get(job_of()).stop.wait(60)
        return stream(request)

    scripted.stream = wait_then_stream
    return scripted


def test_pause_resume_and_cancel(monkeypatch: pytest.MonkeyPatch, backend: SampleClassBackend) -> None:
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


def test_a_second_batch_waits_for_the_first(data_dir: Path, backend: SampleClassBackend) -> None:
    settings = load_settings()
    first = start_job(settings, CLASS, key=KEY)
    grading_runs.registry().start(settings, first, blocking(settings, lambda: first))
    at = start_folder(open_page(), str(CLASS))
    assert [e.value for e in at.error] == [
        f"Job {first} is being graded now; pause or cancel it before starting another."
    ]
    assert [j["id"] for j in list_jobs(settings)] == [first]
    # The previewed batch stays, with its key, for the next Start.
    batch, key = upload_names(data_dir)
    assert (batch.startswith("batch-"), key) == (True, f"{batch}/key.csv")


def test_starting_a_running_job_again_keeps_the_one_run(backend: SampleClassBackend) -> None:
    settings = load_settings()
    runs = grading_runs.registry()
    job = start_job(settings, CLASS, key=KEY)
    first = runs.start(settings, job, blocking(settings, lambda: job))
    assert runs.start(settings, job, backend) is first
    assert [t.name for t in threading.enumerate()].count(f"grading-{job}") == 1
    runs.pause(settings, job)
    assert first.wait(60)
    assert job_summary(settings, job).status == "paused"


def test_reopened_page_lists_earlier_jobs_and_resumes_an_interrupted_one(backend: SampleClassBackend) -> None:
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
    batch = batches.prepare_batch(
        load_settings(), str(CLASS), key=("key.csv", KEY.read_bytes()), pattern="{student}_{anything}.{ext}"
    )
    job = batches.start_batch(load_settings(), batch, lang="zh")
    assert sorted(p.name for p in CLASS.iterdir()) == before
    info = job_info(load_settings(), job)
    assert (info["source"], info["lang"]) == (str(CLASS), "zh")
    assert [item.question for item in info["key"]] == ["1", "2", "3"]
    (batch,) = (data_dir / "uploads").iterdir()
    assert [p.name for p in batch.iterdir()] == ["key.csv"]


def test_batch_without_a_key_and_an_unreadable_student(backend: SampleClassBackend) -> None:
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


def test_the_page_in_chinese(backend: SampleClassBackend) -> None:
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at)
    at.session_state["lang"] = "zh"
    at = start_folder(at.run(), str(CLASS))
    at = finish(at)
    assert [x.value for x in at.title] == [t("teacher.title", "zh")]
    assert status(at, "zh") == t("teacher.status.done", "zh")
    assert list(at.dataframe[0].value.columns) == ["学生", "第1题", "第2题", "第3题", "总分", "需复查"]
    assert at.selectbox(key="teacher_lang").value == "zh"


class NothingReadBackend:
    """A model that reads no questions at all from any page (real models do, on a blank or blurred page)."""

    name = "nothing"
    supports_vision = True
    supports_streaming = True

    def stream(self, request):
        yield '{"readable": true, "questions": []}'


def store_every_result_kind(settings) -> int:
    """A job whose stored results cover every reference source, verdict, override and review state."""
    job = start_job(settings, CLASS, key=None)
    kinds = [
        # student, question, source, verdict, points, max, needs_review, teacher_points, reviewed
        ("ana", "1", "key", 1, 2.0, 2.0, 0, None, None),
        ("ana", "2", "cas", 0, 0.0, 1.0, 1, None, None),
        ("ana", "3", "model", None, 0.0, 1.0, 1, None, 1.0),
        ("ben", "?", "none", None, 0.0, 0.0, 1, None, None),
        ("chen", "1", "key", 0, 0.0, 3.0, 1, 1.5, 1.0),
        ("dana", "1", "cas", 1, 1.0, 1.0, 0, 0.0, 1.0),
    ]
    with connect(settings) as conn, conn:
        for position, (student, question, source, verdict, points, most, review, teacher, edited) in enumerate(kinds):
            conn.execute(
                "INSERT INTO results (job_id, student, question, position, answer, reference, reference_source, "
                "max_points, points, verdict, reason, normalized, steps, first_wrong, feedback, needs_review, "
                "review_reason, teacher_points, edited) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (job, student, question, position, "x = 4" if source != "none" else "", "4", source, most, points,
                 verdict, "reason", "", '[{"index": 0, "text": "x = 4", "follows": null, "reason": ""}]', None,
                 "Good \\(x\\).", review, "look" if review else "", teacher, edited),
            )
        conn.execute("UPDATE submissions SET status='done' WHERE job_id=? AND student IN ('ana','ben','chen','dana')",
                     (job,))
        conn.execute("UPDATE submissions SET status='error', error='damaged' WHERE job_id=? AND student='eli'", (job,))
    return job


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_stored_result_kind_renders(lang: str) -> None:
    settings = load_settings()
    job = store_every_result_kind(settings)
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    students = at.selectbox(key=f"teacher_student_{job}").options
    assert students == ["ana", "ben", "chen", "dana", "eli"]
    for student in students:
        at.selectbox(key=f"teacher_student_{job}").set_value(student).run()
        assert not at.exception, student
    for question in at.selectbox(key=f"teacher_question_{job}").options:
        at.selectbox(key=f"teacher_question_{job}").set_value(question).run()
        assert not at.exception, question


def test_every_reference_source_has_a_label() -> None:
    from tutor_app.grading.pipeline import REFERENCE_SOURCES

    for lang in ("en", "zh"):
        assert all(t(f"teacher.reference.{source}", lang) for source in REFERENCE_SOURCES)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_where_nothing_was_read_opens_and_counts_each_student_once(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setattr(resources, "backend", lambda: NothingReadBackend())
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at)
    at.session_state["lang"] = lang
    at = finish(start_folder(at.run(), str(CLASS), key=None))
    job = at.selectbox(key="teacher_job").value
    assert [s.value for s in at.success] == [t("teacher.finished", lang).format(graded=0, flagged=5, errors=1)]
    assert f"{t('teacher.reference', lang)} ({t('teacher.reference.none', lang)}): `—`" in [
        m.value.split(" · ", 1)[-1] for m in at.markdown
    ]
    summary = job_summary(load_settings(), job)
    assert (summary.graded, summary.flagged, summary.errors, summary.students) == (0, 5, 1, 6)


def test_an_override_settles_the_item(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.selectbox(key=f"teacher_student_{job}").set_value("eli").run()
    assert len(at.warning) == 4  # the damaged file, and one ⚠ per question
    for question, points in (("1", 2.0), ("2", 1.0), ("3", 0.0)):
        prefix = f"teacher_override_{job}_eli_{question}"
        at.number_input(key=f"{prefix}_points").set_value(points)
        at = click(at, f"FormSubmitter:{prefix}-{t('teacher.save')}")
    markdown = [m.value for m in at.markdown]
    assert ["**Q1** · 2 / 2 ✓", "**Q2** · 1 / 2 ◐", "**Q3** · 0 / 3 ✗"] == [
        m for m in markdown if m.startswith("**Q") and " · " in m and "/" in m
    ][:3]
    assert [w.value for w in at.warning] == ["eli_homework.jpg: " + at.error[0].value]
    assert at.dataframe[0].value.values.tolist()[4] == ["eli", "2 / 2 ✎", "1 / 2 ✎", "0 / 3 ✎", "3 / 7", ""]
    assert gradebook_csv(load_settings(), job).splitlines()[13:16] == [
        f"eli,1,2,2,{HELD},no", f"eli,2,1,2,{HELD},no", f"eli,3,0,3,{HELD},no",
    ]


def test_saving_the_same_score_for_a_right_answer_marks_it_right(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.selectbox(key=f"teacher_student_{job}").set_value("ben").run()
    prefix = f"teacher_override_{job}_ben_3"
    at.number_input(key=f"{prefix}_points").set_value(3.0)
    at = click(at, f"FormSubmitter:{prefix}-{t('teacher.save')}")
    assert "**Q3** · 3 / 3 ✓" in [m.value for m in at.markdown]


@pytest.mark.parametrize(("points", "shown"), [(5.0, "5"), (-1.0, "-1")])
def test_points_outside_the_range_say_why(backend: SampleClassBackend, points: float, shown: str) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    prefix = f"teacher_override_{job}_ana_1"
    at.number_input(key=f"{prefix}_points").set_value(points)
    at = click(at, f"FormSubmitter:{prefix}-{t('teacher.save')}")
    assert [e.value for e in at.error] == [t("teacher.points_range").format(question="1", max="2", points=shown)]
    assert not any(r["edited"] for r in job_results(load_settings(), job))


def test_a_parent_folder_is_previewed_and_not_graded(backend: SampleClassBackend) -> None:
    at = preview_folder(open_page(), str(CLASS.parent), key=None)
    assert list_jobs(load_settings()) == []
    assert at.dataframe[0].value.values.tolist()[0][:2] == ["class", 7]
    nested, unmatched = [w.value for w in at.warning]
    assert nested == t("teacher.nested").format(folders="class")
    assert unmatched.startswith(t("teacher.unmatched_files").format(count=15, names="definite-integral.png, "))
    assert [c.value for c in at.caption][-1] == t("teacher.no_key")


def test_the_preview_lists_students_pages_and_key_questions(backend: SampleClassBackend) -> None:
    at = preview_folder(open_page(), str(CLASS))
    assert list_jobs(load_settings()) == []
    assert at.dataframe[0].value.values.tolist() == [
        ["ana", 1, "ana_homework.jpg"], ["ben", 2, "ben_page1.png, ben_page2.png"], ["chen", 1, "chen_scan.pdf"],
        ["dana", 1, "dana_homework.jpg"], ["eli", 1, "eli_homework.jpg"], ["fay", 1, "fay_homework.jpg"],
    ]
    assert t("teacher.key_questions").format(questions="1 (2), 2 (2), 3 (3)") in [m.value for m in at.markdown]
    assert [w.value for w in at.warning] == []
    at = finish(click(at, "teacher_start"))
    assert len(list_jobs(load_settings())) == 1


def test_grade_by_question_one_mark_for_a_group(backend: SampleClassBackend) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.selectbox(key=f"teacher_question_{job}").set_value("1").run()
    groups = table(at, t("teacher.col.student"))[1:]
    assert [[row[:2] for row in group] for group in groups] == [
        [["ana", "4"], ["ben", "x = 4"], ["dana", "4"]], [["chen", "x = 7"], ["fay", "7"]], [["eli", "—"]],
    ]
    prefix = f"teacher_group_override_{job}_1_1"
    at.number_input(key=f"{prefix}_points").set_value(1.0)
    at.text_area(key=f"{prefix}_feedback").input("Subtract 3 from both sides.")
    at = click(at, f"FormSubmitter:{prefix}-{t('teacher.save')}")
    assert t("teacher.saved").format(student="chen, fay", question="1") in [s.value for s in at.success]
    cells = {r["student"]: r for r in job_results(load_settings(), job) if r["question"] == "1"}
    assert [(cells[s]["points"], cells[s]["feedback"]) for s in ("chen", "fay")] == [
        (1.0, "Subtract 3 from both sides.")
    ] * 2
    assert cells["ana"]["points"] == 2.0 and not cells["ana"]["edited"]


def test_bulk_mark_reviewed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "backend", lambda: NothingReadBackend())
    at = finish(start_folder(open_page(), str(CLASS), key=None))
    job = at.selectbox(key="teacher_job").value
    at = click(at, f"teacher_review_all_{job}")
    assert t("teacher.reviewed").format(count=5) in [s.value for s in at.success]
    assert not any(r["needs_review"] for r in job_results(load_settings(), job))
    assert [line[-1] for line in at.dataframe[0].value.values.tolist()] == ["", "", "", "", "⚠", ""]
    assert not any(b.key == f"teacher_review_all_{job}" for b in at.button)


def test_unreadable_pages_are_settled_only_by_a_score(backend: SampleClassBackend) -> None:
    from tutor_app.grading.review import mark_reviewed

    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    # eli's page could not be read: there is no machine mark to accept in bulk.
    assert not any(b.key == f"teacher_review_all_{job}" for b in at.button)
    assert mark_reviewed(load_settings(), job) == 0
    assert mark_reviewed(load_settings(), job, [("eli", "1")]) == 0
    assert all(r["needs_review"] for r in job_results(load_settings(), job) if r["student"] == "eli")


def test_regrade_with_a_fixed_key_keeps_the_overrides(backend: SampleClassBackend, tmp_path: Path) -> None:
    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    at.selectbox(key=f"teacher_student_{job}").set_value("chen").run()
    prefix = f"teacher_override_{job}_chen_1"
    at.number_input(key=f"{prefix}_points").set_value(1.5)
    at = click(at, f"FormSubmitter:{prefix}-{t('teacher.save')}")
    fixed = KEY.read_text().replace("3,12.5 m/s,3", "3,12 m/s,3")
    at.file_uploader(key=f"teacher_regrade_key_{job}").set_value(("key.csv", fixed.encode(), "text/csv"))
    at = finish(click(at, f"teacher_regrade_{job}"))
    cells = {(r["student"], r["question"]): r for r in job_results(load_settings(), job)}
    assert cells["chen", "1"]["points"] == 1.5 and cells["chen", "1"]["edited"]
    assert (cells["ben", "3"]["points"], cells["ana", "3"]["points"]) == (3.0, 0.0)
    assert status(at) == t("teacher.status.done")


def test_release_puts_the_correct_answers_on_the_sheets(backend: SampleClassBackend) -> None:
    from tutor_app.grading.exports import feedback_sheet

    at = finish(start_folder(open_page(), str(CLASS)))
    job = at.selectbox(key="teacher_job").value
    assert t("sheet.correct") not in feedback_sheet(load_settings(), job, "chen")
    at.toggle(key=f"teacher_release_{job}").set_value(True).run()
    assert not at.exception
    assert t("sheet.correct") in feedback_sheet(load_settings(), job, "chen")


def test_a_changed_form_drops_the_preview(data_dir: Path, backend: SampleClassBackend) -> None:
    at = preview_folder(open_page(), str(CLASS))
    assert any(b.key == "teacher_start" for b in at.button)
    at.text_input(key="teacher_folder").input(str(CLASS.parent)).run()
    assert not at.exception
    assert not any(b.key == "teacher_start" for b in at.button)
    assert upload_names(data_dir) == []


def test_students_at_once_is_one_for_the_local_model_and_saved_for_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page()
    local = at.number_input(key="teacher_concurrency")
    assert (local.value, local.disabled) == (1, True)
    monkeypatch.setenv("TUTOR_BACKEND", "openai")
    st.cache_resource.clear()
    at = open_page()
    server = at.number_input(key="teacher_concurrency")
    assert (server.value, server.disabled) == (4, False)
    server.set_value(8).run()
    assert not at.exception
    assert load_settings().concurrency == 8
    assert at.number_input(key="teacher_concurrency").value == 8


def test_a_students_at_once_setting_that_cannot_be_saved_says_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TUTOR_BACKEND", "openai")
    st.cache_resource.clear()
    at = open_page()
    # The config file's place is taken by a folder: nothing can be written there.
    (tmp_path / "config-folder").mkdir()
    monkeypatch.setenv("TUTOR_CONFIG", str(tmp_path / "config-folder"))
    at.number_input(key="teacher_concurrency").set_value(8).run()
    assert not at.exception
    assert any("config-folder" in e.value for e in at.error)
