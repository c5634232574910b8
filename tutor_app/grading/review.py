"""The teacher's view of a job: the results table, one student's detail, score overrides."""

from __future__ import annotations

import json
import math
import time

from tutor_app.config import Settings
from tutor_app.errors import GradingError
from tutor_app.grading.storage import connect
from tutor_app.i18n import t


MARKS = {True: "✓", False: "✗", None: "?"}
PART_MARKS = "◐"


def _row(row) -> dict:
    data = dict(row)
    data["steps"] = json.loads(data["steps"])
    data["verdict"] = None if data["verdict"] is None else bool(data["verdict"])
    data["overridden"] = data["teacher_points"] is not None
    data["edited"] = data["overridden"] or data["teacher_feedback"] is not None
    # `edited` holds when the teacher settled the item: by a new score or feedback, or by marking it reviewed.
    data["reviewed"] = row["edited"] is not None
    data["needs_review"] = bool(data["needs_review"]) and not data["reviewed"]
    # Pages nobody could read: only a score from the teacher settles these, never "mark reviewed".
    data["unreadable"] = bool(data["unreadable"])
    # What the teacher typed wins over what the machine decided.
    if data["overridden"]:
        data["points"] = data["teacher_points"]
    if data["teacher_feedback"] is not None:
        data["feedback"] = data["teacher_feedback"]
    return data


def mark(row: dict) -> str:
    """✓, ✗, ◐ (part marks) or ? (undecided); a teacher's score decides over the checker's verdict."""
    if not row["overridden"]:
        return MARKS[row["verdict"]]
    if row["points"] >= row["max_points"]:
        return MARKS[True]
    return MARKS[False] if row["points"] == 0 else PART_MARKS


def question_label(question: str, lang: str) -> str:
    """``Q1`` for a numbered question, the id itself otherwise."""
    return t("teacher.col.question", lang).format(question=question) if question.isdigit() else question


def job_results(settings: Settings, job_id: int) -> list[dict]:
    """One row per student and question, in roster and key order, teacher edits applied."""
    with connect(settings) as conn:
        if conn.execute("SELECT 1 FROM jobs WHERE id=?", (job_id,)).fetchone() is None:
            raise GradingError(f"There is no grading job {job_id}.")
        rows = conn.execute(
            "SELECT r.*, s.status='error' AS unreadable FROM results r JOIN submissions s "
            "ON s.job_id=r.job_id AND s.student=r.student WHERE r.job_id=? ORDER BY s.position, r.position",
            (job_id,),
        ).fetchall()
    return [_row(r) for r in rows]


def job_students(settings: Settings, job_id: int) -> list[str]:
    """The job's students in roster order."""
    with connect(settings) as conn:
        return [
            r["student"]
            for r in conn.execute("SELECT student FROM submissions WHERE job_id=? ORDER BY position", (job_id,))
        ]


def student_detail(settings: Settings, job_id: int, student: str) -> dict:
    """Everything about one student's submission: files, transcription, results."""
    with connect(settings) as conn:
        sub = conn.execute(
            "SELECT * FROM submissions WHERE job_id=? AND student=?", (job_id, student)
        ).fetchone()
        if sub is None:
            raise GradingError(f"Job {job_id} has no student {student!r}.")
        files = conn.execute(
            "SELECT path, error FROM files WHERE job_id=? AND student=? ORDER BY position",
            (job_id, student),
        ).fetchall()
        results = conn.execute(
            "SELECT *, ? AS unreadable FROM results WHERE job_id=? AND student=? ORDER BY position",
            (sub["status"] == "error", job_id, student),
        ).fetchall()
    return {
        "student": student,
        "status": sub["status"],
        "error": sub["error"],
        "transcript": json.loads(sub["transcript"]) if sub["transcript"] else None,
        "files": [dict(f) for f in files],
        "results": [_row(r) for r in results],
    }


def override_score(
    settings: Settings,
    job_id: int,
    student: str,
    question: str,
    points: float | None,
    feedback: str | None,
) -> None:
    """Save the teacher's score and/or feedback for one cell (None leaves that part alone)."""
    with connect(settings) as conn, conn:
        row = conn.execute(
            "SELECT max_points FROM results WHERE job_id=? AND student=? AND question=?",
            (job_id, student, question),
        ).fetchone()
        if row is None:
            raise GradingError(f"Job {job_id} has no result for {student!r}, question {question!r}.")
        if points is not None and (not math.isfinite(points) or not 0 <= points <= row["max_points"]):
            raise GradingError(
                f"The score must be between 0 and {row['max_points']:g} for question {question}."
            )
        conn.execute(
            "UPDATE results SET teacher_points=COALESCE(?, teacher_points), "
            "teacher_feedback=COALESCE(?, teacher_feedback), edited=? "
            "WHERE job_id=? AND student=? AND question=?",
            (points, feedback, time.time(), job_id, student, question),
        )


def mark_reviewed(settings: Settings, job_id: int, items: list[tuple[str, str]] | None = None) -> int:
    """Settle items (every one still needing review when None) as the machine marked them; return how many.

    Items of unreadable pages are left alone: the machine gave them no mark to accept.
    """
    with connect(settings) as conn, conn:
        if conn.execute("SELECT 1 FROM jobs WHERE id=?", (job_id,)).fetchone() is None:
            raise GradingError(f"There is no grading job {job_id}.")
        now = time.time()
        readable = "student NOT IN (SELECT student FROM submissions WHERE job_id=? AND status='error')"
        if items is None:
            return conn.execute(
                f"UPDATE results SET edited=? WHERE job_id=? AND needs_review=1 AND edited IS NULL AND {readable}",
                (now, job_id, job_id),
            ).rowcount
        return sum(
            conn.execute(
                "UPDATE results SET edited=? WHERE job_id=? AND student=? AND question=? AND edited IS NULL "
                f"AND {readable}",
                (now, job_id, student, question, job_id),
            ).rowcount
            for student, question in items
        )


def release_answers(settings: Settings, job_id: int, released: bool = True) -> None:
    """Show (or hide again) the correct answers on the job's feedback sheets."""
    with connect(settings) as conn, conn:
        if conn.execute("SELECT 1 FROM jobs WHERE id=?", (job_id,)).fetchone() is None:
            raise GradingError(f"There is no grading job {job_id}.")
        if released:
            conn.execute("INSERT OR REPLACE INTO releases (job_id, released) VALUES (?,?)", (job_id, time.time()))
        else:
            conn.execute("DELETE FROM releases WHERE job_id=?", (job_id,))


def answers_released(settings: Settings, job_id: int) -> bool:
    """True once the teacher released the job's correct answers to the students."""
    with connect(settings) as conn:
        return conn.execute("SELECT 1 FROM releases WHERE job_id=?", (job_id,)).fetchone() is not None
