"""Exports of a job: gradebook CSV, one printable feedback sheet per student, a class summary."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from html import escape
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import GradingError
from tutor_app.grading.jobs import job_info, job_summary
from tutor_app.grading.mistakes import common_mistakes
from tutor_app.grading.review import job_results
from tutor_app.grading.storage import connect
from tutor_app.grading.texts import text

CSV_COLUMNS = ("student", "question", "points", "max_points", "feedback", "needs_review")
STYLE = (
    "body{font-family:DejaVu Sans,Noto Sans CJK SC,sans-serif;max-width:48em;margin:2em auto}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;"
    "text-align:left;vertical-align:top}.review{color:#a40}"
    "@media print{section{page-break-inside:avoid}}"
)
MARKS = {True: "✓", False: "✗", None: "?"}


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(payload)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)


def gradebook_rows(settings: Settings, job_id: int) -> list[dict]:
    """The gradebook: one row per student and question (teacher edits applied)."""
    rows = [
        {
            "student": r["student"],
            "question": r["question"],
            "points": f"{r['points']:g}",
            "max_points": f"{r['max_points']:g}",
            "feedback": r["feedback"],
            "needs_review": "yes" if r["needs_review"] else "no",
        }
        for r in job_results(settings, job_id)
    ]
    graded = {r["student"] for r in rows}
    for student, error in _failed(settings, job_id):
        if student not in graded:
            rows.append({
                "student": student, "question": "", "points": "0", "max_points": "0",
                "feedback": error or "", "needs_review": "yes",
            })
    return rows


def _failed(settings: Settings, job_id: int) -> list[tuple[str, str | None]]:
    with connect(settings) as conn:
        return [
            (r["student"], r["error"])
            for r in conn.execute(
                "SELECT student, error FROM submissions WHERE job_id=? AND status='error' ORDER BY position",
                (job_id,),
            )
        ]


def gradebook_csv(settings: Settings, job_id: int) -> str:
    """The gradebook as CSV text, ready for an LMS import."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(gradebook_rows(settings, job_id))
    return buffer.getvalue()


def feedback_sheet(settings: Settings, job_id: int, student: str) -> str:
    """One student's printable feedback sheet (HTML)."""
    rows = [r for r in job_results(settings, job_id) if r["student"] == student]
    lang = job_info(settings, job_id)["lang"]
    sections = []
    for r in rows:
        steps = "".join(
            f"<li>{MARKS[s['follows']]} {escape(s['text'])}"
            + (f" <em>{escape(s['reason'])}</em>" if s["follows"] is False and s["reason"] else "")
            + "</li>"
            for s in r["steps"]
        )
        sections.append(
            f"<section><h2>{escape(r['question'])}: {r['points']:g} / {r['max_points']:g}</h2>"
            f"<p>{escape(r['answer'] or '-')}</p>"
            + (f"<ol>{steps}</ol>" if steps else "")
            + f"<p>{escape(r['feedback'])}</p></section>"
        )
    total = sum(r["points"] for r in rows)
    most = sum(r["max_points"] for r in rows)
    return _page(
        lang, student, f"<h1>{escape(student)}: {total:g} / {most:g}</h1>" + "".join(sections)
    )


def class_summary(settings: Settings, job_id: int) -> str:
    """The class summary (HTML): per-question results and common mistakes."""
    info = job_info(settings, job_id)
    lang = info["lang"]
    summary = job_summary(settings, job_id)
    rows = job_results(settings, job_id)
    parts = [
        f"<h1>Job {job_id}</h1>",
        f"<p>{escape(info['source'])}</p>",
        f"<p>{text(lang, 'ref_key' if info['key'] else 'ref_solved')}</p>",
        (
            f"<p>students: {summary.students}; graded: {summary.graded}; needs review: "
            f"{summary.flagged}; unreadable: {summary.errors}; unmatched files: "
            f"{summary.unmatched_files}</p>"
        ),
        "<table><tr><th>question</th><th>mean</th><th>max</th><th>full marks</th><th>needs review</th></tr>",
    ]
    for question in dict.fromkeys(r["question"] for r in rows):
        cells = [r for r in rows if r["question"] == question]
        mean = sum(r["points"] for r in cells) / len(cells)
        full = sum(r["points"] >= r["max_points"] for r in cells)
        review = sum(r["needs_review"] for r in cells)
        parts.append(
            f"<tr><td>{escape(question)}</td><td>{mean:.2f}</td><td>{cells[0]['max_points']:g}</td>"
            f"<td>{full}/{len(cells)}</td><td>{review}</td></tr>"
        )
    parts.append("</table>")
    for item in common_mistakes(settings, job_id):
        parts.append(f"<h2>{escape(item.question)} ({escape(item.reference)})</h2><table>")
        parts.append("<tr><th>answer</th><th>students</th><th>right</th><th>typical first wrong step</th></tr>")
        for group in item.groups:
            parts.append(
                f"<tr><td>{escape(' = '.join(group.variants) or '-')}</td><td>{group.count}</td>"
                f"<td>{MARKS[group.correct]}</td><td>{escape(group.typical_first_wrong or '')}</td></tr>"
            )
        parts.append("</table>")
    return _page(lang, f"Job {job_id}", "".join(parts))


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def _safe_name(student: str) -> str:
    return re.sub(r"[^\w.-]+", "_", student, flags=re.UNICODE).strip("._") or "student"


def export_job(settings: Settings, job_id: int, out_dir: Path | None = None) -> dict[str, Path]:
    """Write the gradebook, feedback sheets and summary to ``out_dir``; return their paths."""
    info = job_info(settings, job_id)
    folder = Path(out_dir or info["out_dir"] or Path(settings.data_dir) / "exports" / f"job-{job_id}")
    try:
        paths = {"gradebook": folder / "gradebook.csv", "summary": folder / "summary.html"}
        write_atomic(paths["gradebook"], gradebook_csv(settings, job_id))
        write_atomic(paths["summary"], class_summary(settings, job_id))
        students = dict.fromkeys(r["student"] for r in job_results(settings, job_id))
        for student in students:
            path = folder / "feedback" / f"{_safe_name(student)}.html"
            write_atomic(path, feedback_sheet(settings, job_id, student))
            paths[f"feedback:{student}"] = path
    except OSError as exc:
        raise GradingError(f"Could not write the exports to {folder}: {exc.strerror or exc}.") from exc
    return paths
