"""The grading engine on the sample class with a scripted backend (the real path is the tiny-model test)."""

from __future__ import annotations

import html
import json
import shutil
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from tests.support.grading_class import (
    CLASS,
    EXPECTED_CSV,
    HELD,
    KEY,
    TRANSCRIPTS,
    SampleClassBackend,
)
from tutor_app.config import Settings, load_settings
from tutor_app.errors import GradingError
from tutor_app.grading import (
    cancel_job,
    common_mistakes,
    export_job,
    gradebook_csv,
    job_results,
    job_summary,
    list_jobs,
    open_job,
    override_score,
    pause_job,
    preview_job,
    regrade_job,
    run_job,
    start_job,
    student_detail,
)
from tutor_app.grading import mistakes
from tutor_app.grading.exports import class_summary, feedback_sheet
from tutor_app.grading.exports import sheet_names
from tutor_app.grading.pages import load_pages
from tutor_app.grading.pipeline import merge_transcripts, pages_per_request
from tutor_app.grading.storage import connect
from tutor_app.model.base import ChatRequest


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def backend(settings: Settings) -> SampleClassBackend:
    return SampleClassBackend(settings)


def test_gradebook_cell_by_cell(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY, pattern="{student}_{anything}.{ext}", lang="en", out_dir=None)
    summary = run_job(settings, job, backend=backend)
    assert (summary.status, summary.students, summary.graded, summary.errors, summary.flagged) == (
        "done", 6, 5, 1, 0
    )
    assert summary.complete is True
    assert gradebook_csv(settings, job) == EXPECTED_CSV
    assert backend.transcribed == list(TRANSCRIPTS)


def test_corrupt_file_is_recorded_and_batch_goes_on(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    eli = student_detail(settings, job, "eli")
    assert eli["status"] == "error"
    assert eli["files"][0]["path"] == str(CLASS / "eli_homework.jpg")
    assert eli["files"][0]["error"] == eli["error"]
    assert "eli_homework.jpg" in eli["error"] or "image" in eli["error"].lower()
    ben = student_detail(settings, job, "ben")
    assert [f["error"] for f in ben["files"]] == [None, None]
    assert ben["transcript"]["questions"][2]["final_answer"] == "12 m/s"


def test_progress_and_resume_skip_finished(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY)
    stop = threading.Event()
    seen = []

    def progress(p) -> None:
        seen.append((p.files_done, p.files_total, p.students_done, p.current, p.eta_seconds is None))
        if p.students_done == 2:
            stop.set()

    assert run_job(settings, job, backend=backend, progress=progress, stop=stop).status == "paused"
    assert seen == [
        (0, 7, 0, "ana", True),
        (1, 7, 1, "", False),
        (1, 7, 1, "ben", False),
        (3, 7, 2, "", False),
    ]
    again = SampleClassBackend(settings)
    assert run_job(settings, job, backend=again).status == "done"
    assert again.transcribed == ["chen_scan.pdf", "dana_homework.jpg", "fay_homework.jpg"]
    with connect(settings) as conn:
        rows = conn.execute("SELECT student, attempts, completions FROM submissions ORDER BY position")
        assert [tuple(r) for r in rows] == [(s, 1, 1) for s in ("ana", "ben", "chen", "dana", "eli", "fay")]
    assert gradebook_csv(settings, job) == EXPECTED_CSV


def test_pause_and_cancel(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY)
    pause_job(settings, job)
    assert run_job(settings, job, backend=backend).status == "done"  # running again resumes
    other = start_job(settings, CLASS, key=KEY)
    cancel_job(settings, other)
    with pytest.raises(GradingError) as err:
        run_job(settings, other, backend=backend)
    assert str(err.value) == f"Job {other} was cancelled; start a new job to grade these files again."
    assert [(j["id"], j["status"], j["graded"]) for j in list_jobs(settings)] == [
        (other, "cancelled", 0),
        (job, "done", 5),
    ]


def test_a_model_error_flags_that_student_and_the_job_reaches_the_end(settings: Settings) -> None:
    job = start_job(settings, CLASS, key=KEY)
    summary = run_job(settings, job, backend=SampleClassBackend(settings, fail_on="chen_scan.pdf"))
    assert (summary.status, summary.graded, summary.errors) == ("done", 4, 2)
    chen = student_detail(settings, job, "chen")
    assert (chen["status"], chen["error"]) == ("error", "The model server stopped answering.")
    assert [line for line in gradebook_csv(settings, job).splitlines() if line.startswith("chen,")] == [
        "chen,1,0,2,Your teacher will mark this page by hand.,yes",
        "chen,2,0,2,Your teacher will mark this page by hand.,yes",
        "chen,3,0,3,Your teacher will mark this page by hand.,yes",
    ]


class PageCountingBackend:
    """Reads one question part per request and records how many pages each request carried."""

    name = "pages"
    supports_vision = True
    supports_streaming = True

    def __init__(self) -> None:
        self.pages: list[int] = []

    def stream(self, request: ChatRequest) -> Iterator[str]:
        images = [image for message in request.messages for image in message.images]
        if not images:
            yield json.dumps({"feedback": []})
            return
        self.pages.append(len(images))
        part = [
            {"readable": True, "questions": [{"id": "1", "problem": "", "steps": ["2x + 3 = 11"],
                                              "final_answer": "", "model_answer": ""}]},
            {"readable": True, "questions": [{"id": "1", "problem": "", "steps": ["2x = 8", "x = 4"],
                                              "final_answer": "x = 4", "model_answer": ""}]},
            {"readable": True, "questions": [{"id": "2", "problem": "", "steps": [],
                                              "final_answer": "2x+2", "model_answer": ""}]},
        ][len(self.pages) - 1]
        yield json.dumps(part)


def test_a_long_pdf_is_read_in_requests_that_fit_the_context(tmp_path: Path) -> None:
    from tests.unit.test_grading_pages import pdf

    (tmp_path / "ana_scan.pdf").write_bytes(pdf((595, 842), (595, 842), (595, 842)))
    # 4096 tokens of context, 2048 for the reply and 1024 for the prompt leave room for one page.
    settings = load_settings(n_ctx=4096, max_tokens=2048, image_max_tokens=1024)
    assert pages_per_request(settings) == 1
    backend = PageCountingBackend()
    job = start_job(settings, tmp_path, key=KEY)
    assert run_job(settings, job, backend=backend).status == "done"
    assert backend.pages == [1, 1, 1]
    rows = {r["question"]: r for r in job_results(settings, job)}
    assert (rows["1"]["answer"], rows["1"]["points"], [s["text"] for s in rows["1"]["steps"]]) == (
        "x = 4", 2.0, ["2x + 3 = 11", "2x = 8", "x = 4"]
    )
    assert (rows["2"]["answer"], rows["2"]["points"]) == ("2x+2", 2.0)


@pytest.mark.parametrize(
    ("n_ctx", "max_tokens", "image_tokens", "pages"),
    [(8192, 2048, 1024, 5), (4096, 2048, 1024, 1), (2048, 2048, 1024, 1), (32768, 2048, 256, 116)],
)
def test_pages_per_request(n_ctx: int, max_tokens: int, image_tokens: int, pages: int) -> None:
    settings = load_settings(n_ctx=n_ctx, max_tokens=max_tokens, image_max_tokens=image_tokens)
    assert pages_per_request(settings) == pages


def test_transcripts_of_page_groups_merge_by_question() -> None:
    first = {"readable": True, "questions": [
        {"id": "Q1", "problem": "Solve 2x+3=11", "steps": ["2x = 8"], "final_answer": "", "model_answer": "4"},
    ]}
    second = {"readable": False, "questions": [
        {"id": "1", "problem": "", "steps": ["x = 4"], "final_answer": "x = 4", "model_answer": ""},
        {"id": "2", "problem": "", "steps": [], "final_answer": "2x+2", "model_answer": ""},
    ]}
    assert merge_transcripts([first, second]) == {"readable": True, "questions": [
        {"id": "Q1", "problem": "Solve 2x+3=11", "steps": ["2x = 8", "x = 4"], "final_answer": "x = 4",
         "model_answer": "4"},
        {"id": "2", "problem": "", "steps": [], "final_answer": "2x+2", "model_answer": ""},
    ]}


def test_two_graders_started_at_once_make_one_job(settings: Settings) -> None:
    ready = threading.Barrier(4)
    found: list[tuple[int, bool]] = []

    def grade() -> None:
        ready.wait()
        found.append(open_job(settings, CLASS, key=KEY))

    threads = [threading.Thread(target=grade) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({job for job, _ in found}) == 1
    assert sorted(created for _, created in found) == [False, False, False, True]
    assert len(list_jobs(settings)) == 1


def test_the_claim_is_unique_and_follows_the_newest_job(settings: Settings) -> None:
    first, created = open_job(settings, CLASS, key=KEY)
    assert created is True
    assert open_job(settings, CLASS, key=KEY) == (first, False)
    assert open_job(settings, CLASS, key=None)[1] is True  # another key is another job
    newer = start_job(settings, CLASS, key=KEY)
    assert open_job(settings, CLASS, key=KEY) == (newer, False)
    with connect(settings) as conn:
        claim = conn.execute("SELECT claim FROM jobs WHERE id=?", (newer,)).fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE jobs SET claim=? WHERE id=?", (claim, first))
    cancel_job(settings, newer)
    again, created = open_job(settings, CLASS, key=KEY)
    assert (again not in (first, newer), created) == (True, True)


def test_override_score(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    override_score(settings, job, "ben", "3", 2.5, "Close: 12.5 m/s, check the division.")
    override_score(settings, job, "ben", "1", None, "Neat work.")
    rows = {(r["student"], r["question"]): r for r in job_results(settings, job)}
    assert (rows["ben", "3"]["points"], rows["ben", "3"]["feedback"], rows["ben", "3"]["edited"]) == (
        2.5, "Close: 12.5 m/s, check the division.", True
    )
    assert (rows["ben", "1"]["points"], rows["ben", "1"]["feedback"]) == (2.0, "Neat work.")
    assert rows["ana", "1"]["edited"] is False
    assert "ben,3,2.5,3,\"Close: 12.5 m/s, check the division.\",no" in gradebook_csv(settings, job)
    for points, message in [
        (4.0, "The score must be between 0 and 3 for question 3."),
        (-1.0, "The score must be between 0 and 3 for question 3."),
        (float("nan"), "The score must be between 0 and 3 for question 3."),
    ]:
        with pytest.raises(GradingError) as err:
            override_score(settings, job, "ben", "3", points, None)
        assert str(err.value) == message
    with pytest.raises(GradingError, match="has no result for 'zed', question '3'"):
        override_score(settings, job, "zed", "3", 1.0, None)


def test_common_mistakes(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    table = {
        m.question: [(g.variants, g.students, g.correct, g.typical_first_wrong) for g in m.groups]
        for m in common_mistakes(settings, job)
    }
    assert table["1"] == [
        (["4", "x = 4"], ["ana", "ben", "dana"], True, None),
        (["x = 7", "7"], ["chen", "fay"], False, "2x = 11 + 3"),
        ([""], ["eli"], None, None),
    ]
    assert table["2"] == [
        (["2x+2", "2(x+1)", "2(x + 1)"], ["ana", "ben", "chen", "fay"], True, None),
        ([""], ["eli"], None, None),
        (["x+1"], ["dana"], False, None),
    ]


def test_common_mistakes_ask_the_cas_once_per_change(
    settings: Settings, backend: SampleClassBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redrawing the Teacher page costs no CAS calls until a result changes."""
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    asked = []
    check_answer = mistakes.check_answer
    monkeypatch.setattr(mistakes, "check_answer", lambda *args, **kwargs: asked.append(args) or check_answer(*args, **kwargs))
    first = common_mistakes(settings, job)
    calls = len(asked)
    assert calls > 0
    assert common_mistakes(settings, job) == first
    assert len(asked) == calls
    override_score(settings, job, "dana", "2", 1.0, None)
    assert common_mistakes(settings, job) == first
    assert len(asked) == 2 * calls


def test_exports(settings: Settings, backend: SampleClassBackend, tmp_path: Path) -> None:
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    paths = export_job(settings, job, tmp_path / "out")
    assert paths["gradebook"].read_text() == EXPECTED_CSV
    assert sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir()) == [
        f"{s}.html" for s in ("ana", "ben", "chen", "dana", "eli", "fay")
    ]
    ana = paths["feedback:ana"].read_text()
    assert "<h1>ana</h1><p><strong>Total: 7 / 7</strong></p>" in ana and "Feedback on 3." in ana
    summary = paths["summary"].read_text()
    assert "Reference answers come from the answer key." in summary
    assert "students: 6; graded: 5; needs review: 0; unreadable: 1; unmatched files: 0" in summary
    assert not [p for p in (tmp_path / "out").rglob(".*")]


def test_exports_escape_what_students_models_and_folders_hold(
    settings: Settings, backend: SampleClassBackend, tmp_path: Path
) -> None:
    """Markup in an answer, a feedback text or a folder name is shown as text, never run or fetched."""
    hostile = '<img src="http://host/x.png" onerror="alert(1)">'
    source = tmp_path / "<b>class</b>"
    shutil.copytree(CLASS, source)
    job = start_job(settings, source, key=KEY)
    run_job(settings, job, backend=backend)
    override_score(settings, job, "ben", "3", None, hostile)
    with connect(settings) as conn, conn:
        conn.execute("UPDATE results SET answer=? WHERE job_id=? AND student='dana' AND question='2'",
                     (hostile, job))
    pages = [feedback_sheet(settings, job, "ben"), feedback_sheet(settings, job, "dana"), class_summary(settings, job)]
    for page in pages:
        # The class summary's own charts are <img> elements: none may be the student's markup.
        assert '<img src="http://host' not in page and "<b>class</b>" not in page
        assert html.escape(hostile) in page
    assert "<p>" + html.escape(str(source)) + "</p>" in pages[2]


def test_feedback_sheets_have_one_file_per_student(settings: Settings, tmp_path: Path) -> None:
    homework = tmp_path / "homework"
    homework.mkdir()
    students = ["=1+1", "+1+1", "Ana", "ana", "ben"]
    for student in students:
        (homework / f"{student}_p1.jpg").write_bytes((CLASS / "ana_homework.jpg").read_bytes())
    job = start_job(settings, homework, key=KEY)
    run_job(settings, job, backend=SampleClassBackend(settings))
    paths = export_job(settings, job, tmp_path / "out")
    sheets = {student: paths[f"feedback:{student}"] for student in students}
    assert len({path.name.casefold() for path in sheets.values()}) == 5
    assert sheets["ben"].name == "ben.html"
    for student, path in sheets.items():
        assert f'<section class="student"><h1>{escape(student)}</h1>' in path.read_text()


@pytest.mark.parametrize(
    ("students", "names"),
    [
        (["ana", "ben"], ["ana.html", "ben.html"]),
        (["=1+1", "+1+1"], ["1_1-bac90eef.html", "1_1-1c849040.html"]),
        (["Ana", "ana"], ["Ana.html", "ana-24d4b96f.html"]),
        (["../x", "李 华"], ["x-d6b96a97.html", "李_华-f0aba5e4.html"]),
    ],
)
def test_sheet_names(students: list[str], names: list[str]) -> None:
    assert list(sheet_names(students).values()) == names


def test_zip_source(settings: Settings, backend: SampleClassBackend, tmp_path: Path) -> None:
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(CLASS.iterdir()):
            zf.write(path, f"class/{path.name}")
    job = start_job(settings, archive, key=KEY)
    run_job(settings, job, backend=backend)
    assert gradebook_csv(settings, job) == EXPECTED_CSV


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, "Unknown language 'fr'; use one of en, zh."),
        ({"pattern": "{who}.{ext}"}, "Unknown placeholder {who} in the file-name pattern"),
        ({"key": Path("/no/such/key.csv")}, "Could not read the answer key /no/such/key.csv"),
    ],
)
def test_bad_job_arguments(settings: Settings, kwargs: dict, message: str) -> None:
    with pytest.raises(GradingError) as err:
        start_job(settings, CLASS, **kwargs)
    assert str(err.value).startswith(message)


def test_missing_source_and_job(settings: Settings) -> None:
    with pytest.raises(GradingError, match="does not exist; give the homework folder or a ZIP of it."):
        start_job(settings, CLASS / "nope")
    with pytest.raises(GradingError, match="There is no grading job 42"):
        run_job(settings, 42)


class NothingReadBackend:
    """A model that reads no questions at all from any page."""

    name = "nothing"
    supports_vision = True
    supports_streaming = True

    def stream(self, request: ChatRequest) -> Iterator[str]:
        yield json.dumps({"readable": True, "questions": []})


def test_without_key_a_student_with_nothing_read_is_flagged(settings: Settings) -> None:
    job = start_job(settings, CLASS, key=None, pattern="{student}_{anything}.{ext}", lang="en", out_dir=None)
    summary = run_job(settings, job, backend=NothingReadBackend())
    # Each student counted once: five whose pages gave nothing need review, one is unreadable.
    assert (summary.graded, summary.errors, summary.flagged) == (0, 1, 5)
    lines = gradebook_csv(settings, job).splitlines()
    assert lines[1] == f"ana,?,0,0,{HELD},yes"
    assert student_detail(settings, job, "ana")["results"][0]["review_reason"] == (
        "No questions could be read from these pages; check them by hand."
    )
    assert [line.split(",")[0] for line in lines[1:]] == ["ana", "ben", "chen", "dana", "fay", "eli"]


class UnreadableBackend:
    """A model that finds the pages unreadable; it is never asked for feedback."""

    name = "unreadable"
    supports_vision = True
    supports_streaming = True

    def __init__(self) -> None:
        self.requests = 0

    def stream(self, request: ChatRequest) -> Iterator[str]:
        self.requests += 1
        yield json.dumps({"readable": False, "questions": []})


def test_pages_the_model_cannot_read_are_held_not_given_student_feedback(settings: Settings) -> None:
    job = start_job(settings, CLASS, key=KEY)
    backend = UnreadableBackend()
    summary = run_job(settings, job, backend=backend)
    assert backend.requests == 5
    rows = job_results(settings, job)
    assert {r["feedback"] for r in rows} == {HELD}
    assert all(r["needs_review"] for r in rows)
    assert (summary.graded, summary.flagged, summary.errors) == (0, 5, 1)


def test_preview_records_nothing(settings: Settings) -> None:
    preview = preview_job(settings, CLASS.parent)
    assert [s.student for s in preview.submissions] == ["class"]
    assert preview.nested_classes == ("class",)
    assert len(preview.unmatched) == 15 and preview.key is None
    assert list_jobs(settings) == []
    preview = preview_job(settings, CLASS, key=KEY)
    assert [s.student for s in preview.submissions] == ["ana", "ben", "chen", "dana", "eli", "fay"]
    assert preview.nested_classes == () and preview.unmatched == ()
    assert [item.question for item in preview.key] == ["1", "2", "3"]


def test_regrade_with_a_fixed_key_keeps_the_teachers_marks(
    settings: Settings, backend: SampleClassBackend, tmp_path: Path
) -> None:
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    override_score(settings, job, "chen", "1", 1.5, "Nearly.")
    override_score(settings, job, "fay", "2", None, "Well done.")
    fixed = tmp_path / "key.csv"
    # Q1 mistyped as 7; Q3 dropped from the key.
    fixed.write_text("question,answer,points\n1,7,2\n2,2x+2,2\n")
    regrade_job(settings, job, key=fixed)
    assert job_summary(settings, job).status == "pending"
    run_job(settings, job, backend=SampleClassBackend(settings))
    cells = {(r["student"], r["question"]): r for r in job_results(settings, job)}
    assert {q for _, q in cells} == {"1", "2"}
    assert (cells["chen", "1"]["points"], cells["chen", "1"]["feedback"]) == (1.5, "Nearly.")
    assert (cells["fay", "1"]["points"], cells["ana", "1"]["points"]) == (2.0, 0.0)
    assert (cells["fay", "2"]["feedback"], cells["fay", "2"]["points"]) == ("Well done.", 2.0)


def test_regrade_one_student(settings: Settings, backend: SampleClassBackend) -> None:
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=backend)
    regrade_job(settings, job, students=["ben"])
    again = SampleClassBackend(settings)
    run_job(settings, job, backend=again)
    assert again.transcribed == ["ben_page1.png"]
    assert gradebook_csv(settings, job) == EXPECTED_CSV
    with pytest.raises(GradingError, match=f"Job {job} has no student 'zoe'."):
        regrade_job(settings, job, students=["zoe"])


def test_the_next_students_pages_are_read_while_the_model_answers(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor_app.grading import jobs

    assert settings.parallel_requests == 1
    read: list[str] = []
    second_read = threading.Event()

    def spy(path: Path, settings: Settings) -> list[bytes]:
        read.append(Path(path).name)
        if Path(path).name.startswith("ben"):
            second_read.set()
        return load_pages(path, settings)

    class Waiting(SampleClassBackend):
        def __init__(self, settings: Settings) -> None:
            super().__init__(settings)
            self.seen_during_first: bool | None = None

        def stream(self, request: ChatRequest) -> Iterator[str]:
            if self.seen_during_first is None:
                self.seen_during_first = second_read.wait(timeout=10)
            yield from super().stream(request)

    monkeypatch.setattr(jobs, "load_pages", spy)
    backend = Waiting(settings)
    job = start_job(settings, CLASS, key=KEY)
    assert run_job(settings, job, backend=backend).status == "done"
    assert read[0].startswith("ana") and backend.seen_during_first is True
    assert len(read) == len(set(read))  # read ahead once, not again when the student's turn comes
