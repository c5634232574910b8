"""The sample class (sample_problems/class) with canned transcriptions, for grading tests.

A scripted backend stands in for the model in tests that check results cell by
cell; the tiny-model tests cover the real llama.cpp path.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tutor_app.config import Settings, load_settings
from tutor_app.errors import BackendError
from tutor_app.grading.pages import load_pages
from tutor_app.model.base import ChatRequest
from tutor_app.model.images import prepare_image

CLASS = Path(__file__).parents[2] / "sample_problems" / "class"
KEY = CLASS / "key.csv"
PAGES = ["ana_homework.jpg", "ben_page1.png", "chen_scan.pdf", "dana_homework.jpg", "fay_homework.jpg"]


def completions(db: Path) -> int:
    """How many students the grading database at ``db`` has saved (0 before it exists)."""
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COALESCE(SUM(completions), 0) FROM submissions").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def make_batch(folder: Path, files: int) -> None:
    """``files`` single-file students, cycling through the sample pages."""
    folder.mkdir(parents=True)
    for i in range(files):
        source = CLASS / PAGES[i % len(PAGES)]
        shutil.copy(source, folder / f"s{i:03d}_hw{source.suffix}")


def graded_batch(folder: Path, students: int) -> tuple[Settings, int]:
    """A batch of ``students`` made under ``folder`` and graded with the scripted backend: settings and job id."""
    from tutor_app.grading import run_job, start_job

    settings = load_settings()
    batch = folder / "class"
    make_batch(batch, students)
    job = start_job(settings, batch, key=KEY)
    run_job(settings, job, backend=SampleClassBackend(settings))
    return settings, job


def _q(qid: str, answer: str, steps: list[str] | None = None) -> dict:
    return {"id": qid, "problem": "", "steps": steps or [], "final_answer": answer, "model_answer": ""}


Q1_WRONG = ["2x + 3 = 11", "2x = 11 + 3", "x = 7"]
TRANSCRIPTS = {
    "ana_homework.jpg": [_q("1", "4", ["2x + 3 = 11", "2x = 8", "x = 4"]), _q("2", "2x+2"), _q("3", "12.5 m/s")],
    "ben_page1.png": [_q("1", "x = 4"), _q("2", "2(x+1)"), _q("3", "12 m/s")],
    "chen_scan.pdf": [_q("1", "x = 7", Q1_WRONG), _q("2", "2(x + 1)"), _q("3", "12.5 m/s")],
    "dana_homework.jpg": [_q("1", "4"), _q("2", "x+1"), _q("3", "1250 cm/s")],
    "fay_homework.jpg": [_q("1", "7", Q1_WRONG), _q("2", "2x+2"), _q("3", "0.08 s/m")],
}


def _as_sent(settings: Settings, page: bytes) -> bytes:
    # ask() prepares every image again before it reaches the backend.
    return prepare_image(
        page,
        short_side=settings.image_short_side,
        max_tokens=settings.image_max_tokens,
        max_bytes=settings.max_upload_mb * 1024 * 1024,
    ).data


class SampleClassBackend:
    """Canned transcriptions keyed by a student's first page; feedback names the question."""

    name = "scripted"
    supports_vision = True
    supports_streaming = True

    def __init__(self, settings: Settings, *, fail_on: str | None = None) -> None:
        self.by_page = {
            _as_sent(settings, load_pages(CLASS / name, settings)[0]): (
                name, {"readable": True, "questions": questions}
            )
            for name, questions in TRANSCRIPTS.items()
        }
        self.fail_on = fail_on
        self.transcribed: list[str] = []

    def stream(self, request: ChatRequest) -> Iterator[str]:
        images = [image for message in request.messages for image in message.images]
        if images:
            name, reply = self.by_page[images[0]]
            if name == self.fail_on:
                raise BackendError("The model server stopped answering.")
            self.transcribed.append(name)
            yield json.dumps(reply)
            return
        ids = request.sampling.json_schema["properties"]["feedback"]["items"]["properties"]["id"]["enum"]
        yield json.dumps({"feedback": [{"id": q, "text": f"Feedback on {q}."} for q in ids]})


HELD = "Your teacher will mark this page by hand."
EXPECTED_CSV = f"""\ufeffstudent,question,points,max_points,feedback,needs_review
ana,1,2,2,Feedback on 1.,no
ana,2,2,2,Feedback on 2.,no
ana,3,3,3,Feedback on 3.,no
ben,1,2,2,Feedback on 1.,no
ben,2,2,2,Feedback on 2.,no
ben,3,0,3,Feedback on 3.,no
chen,1,0,2,Feedback on 1.,no
chen,2,2,2,Feedback on 2.,no
chen,3,3,3,Feedback on 3.,no
dana,1,2,2,Feedback on 1.,no
dana,2,0,2,Feedback on 2.,no
dana,3,3,3,Feedback on 3.,no
eli,1,0,2,{HELD},yes
eli,2,0,2,{HELD},yes
eli,3,0,3,{HELD},yes
fay,1,0,2,Feedback on 1.,no
fay,2,2,2,Feedback on 2.,no
fay,3,0,3,Feedback on 3.,no
"""
EXPECTED_WIDE_CSV = """\ufeffstudent,Q1,Q2,Q3,total,percent
ana,2,2,3,7,100.0
ben,2,2,0,4,57.1
chen,0,2,3,5,71.4
dana,2,0,3,5,71.4
eli,,,,,
fay,0,2,0,2,28.6
"""
