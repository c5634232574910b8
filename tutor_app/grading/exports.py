"""Exports of a job: gradebook CSVs (long and wide), printable feedback sheets, a class summary."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import tempfile
from html import escape
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import GradingError, PictureError
from tutor_app.grading.charts import IMAGE_WIDTH, class_charts
from tutor_app.grading.jobs import job_info, job_summary, source_label
from tutor_app.grading.mistakes import QuestionMistakes, common_mistakes
from tutor_app.grading.pipeline import problem_text
from tutor_app.grading.review import MARKS, answers_released, job_results, job_students, mark
from tutor_app.grading.roster import natural_key
from tutor_app.grading.storage import connect
from tutor_app.grading.texts import text
from tutor_app.i18n import t
from tutor_app.mathtext import formula_html, math_html
from tutor_app.pictures import chart_png
from tutor_app.private import private_folder

CSV_COLUMNS = ("student", "question", "points", "max_points", "feedback", "needs_review")
# Excel reads CSV without a byte-order mark in the local code page, which garbles Chinese names.
BOM = "\ufeff"
# OWASP's CSV-injection list: a cell starting with one of these runs as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STYLE = (
    "body{font-family:DejaVu Sans,Noto Sans CJK SC,sans-serif;max-width:48em;margin:2em auto}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;"
    "text-align:left;vertical-align:top}.review{color:#a40}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}dt{font-weight:bold}dd{margin:0}"
    ".question{border-top:1px solid #999;padding:.5em 0}.held{color:#555;font-style:italic}"
    "math{font-size:1.1em}img{max-width:100%;height:auto}"
    "@media print{section{page-break-inside:avoid}.student{break-after:page}}"
)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path = Path(path)
    private_folder(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(payload)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)


def safe_cell(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[safe_cell(str(cell)) for cell in row] for row in [header, *rows]])
    return BOM + buffer.getvalue()


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
    held = text(job_info(settings, job_id)["lang"], "held")
    for student in _failed(settings, job_id):
        if student not in graded:
            rows.append({
                "student": student, "question": "", "points": "0", "max_points": "0",
                "feedback": held, "needs_review": "yes",
            })
    return rows


def roster(settings: Settings, job_id: int) -> list[str]:
    """The students of the gradebook (graded or unreadable, not those still waiting), in roster order."""
    # Sorted again: the gradebook lists unreadable students of a job without a key last.
    return sorted({r["student"] for r in gradebook_rows(settings, job_id)}, key=natural_key)


def _failed(settings: Settings, job_id: int) -> list[str]:
    with connect(settings) as conn:
        return [
            r["student"]
            for r in conn.execute(
                "SELECT student FROM submissions WHERE job_id=? AND status='error' ORDER BY position",
                (job_id,),
            )
        ]


def gradebook_csv(settings: Settings, job_id: int) -> str:
    """The gradebook as CSV text, one row per student and question."""
    rows = gradebook_rows(settings, job_id)
    return _csv(list(CSV_COLUMNS), [[row[c] for c in CSV_COLUMNS] for row in rows])


def question_column(question: str) -> str:
    """The gradebook column of a question: ``Q1`` for a numbered one, the id itself otherwise."""
    return f"Q{question}" if question.isdigit() else question


def gradebook_wide_csv(settings: Settings, job_id: int) -> str:
    """The gradebook as an LMS imports it: one row per student, one column per question, total, percent.

    An item still waiting for the teacher is left blank, so no LMS posts a mark nobody has given.
    """
    results = job_results(settings, job_id)
    questions = list(dict.fromkeys(r["question"] for r in results))
    listed = {r["student"] for r in results} | set(_failed(settings, job_id))
    students = [student for student in job_students(settings, job_id) if student in listed]
    rows = []
    for student in students:
        cells = {r["question"]: r for r in results if r["student"] == student}
        marked = [r for r in cells.values() if not r["needs_review"]]
        got = sum(r["points"] for r in marked)
        most = sum(r["max_points"] for r in cells.values())
        points = [
            f"{cells[q]['points']:g}" if q in cells and not cells[q]["needs_review"] else "" for q in questions
        ]
        complete = bool(cells) and len(marked) == len(cells)
        rows.append([
            student, *points, f"{got:g}" if complete else "",
            f"{100 * got / most:.1f}" if complete and most else "",
        ])
    return _csv(["student", *map(question_column, questions), "total", "percent"], rows)


def _transcripts(settings: Settings, job_id: int) -> dict[str, dict]:
    with connect(settings) as conn:
        return {
            r["student"]: json.loads(r["transcript"]) if r["transcript"] else {}
            for r in conn.execute(
                "SELECT student, transcript FROM submissions WHERE job_id=? ORDER BY position", (job_id,)
            )
        }


def _student_section(student: str, rows: list[dict], transcript: dict, job: dict, released: bool) -> str:
    lang = job["lang"]
    notes = {item.question: item.notes for item in job["key"] or []}
    waiting = [r for r in rows if r["needs_review"]]
    if len(waiting) == len(rows):
        # Pages nobody could read (or nothing marked yet) are the teacher's to mark, not a 0 to show.
        held = escape(text(lang, "held"))
        return f'<section class="student"><h1>{escape(student)}</h1><p class="held">{held}</p></section>'
    total = sum(r["points"] for r in rows if not r["needs_review"])
    most = sum(r["max_points"] for r in rows)
    score = t("sheet.total", lang).format(points=f"{total:g}", max=f"{most:g}")
    parts = [f'<section class="student"><h1>{escape(student)}</h1><p><strong>{escape(score)}</strong></p>']
    if waiting:
        parts.append(f'<p class="held">{escape(t("sheet.some_held", lang))}</p>')
    for r in rows:
        problem = problem_text(transcript, r["question"]) or notes.get(r["question"], "")
        title = t("sheet.question", lang).format(question=r["question"])
        if r["needs_review"]:
            result = escape(t("sheet.held_item", lang))
        else:
            result = f"{r['points']:g} / {r['max_points']:g} {mark(r)}"
        steps = "".join(
            f"<li>{MARKS[s['follows']]} {formula_html(s['text'])}"
            + (f" <em>{escape(s['reason'])}</em>" if s["follows"] is False and s["reason"] else "")
            + "</li>"
            for s in r["steps"]
        )
        items = [
            (t("sheet.answer", lang), formula_html(r["answer"]) if r["answer"] else "—"),
            (t("sheet.mark", lang), result),
            (t("sheet.feedback", lang), math_html(r["feedback"])),
        ]
        if released and r["reference"]:
            items.append((t("sheet.correct", lang), formula_html(r["reference"])))
        parts.append(
            f'<section class="question"><h2>{escape(title)}</h2>'
            + (f'<p class="problem">{math_html(problem)}</p>' if problem else "")
            + "<dl>" + "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in items) + "</dl>"
            + (f"<ol>{steps}</ol>" if steps else "")
            + "</section>"
        )
    parts.append("</section>")
    return "".join(parts)


def _sheets(settings: Settings, job_id: int, only: str | None = None) -> tuple[str, dict[str, str]]:
    job = job_info(settings, job_id)
    released = answers_released(settings, job_id)
    results = job_results(settings, job_id)
    sections = {}
    for student, transcript in _transcripts(settings, job_id).items():
        if only is None or student == only:
            rows = [r for r in results if r["student"] == student]
            sections[student] = _student_section(student, rows, transcript, job, released)
    return job["lang"], sections


def feedback_sheet(settings: Settings, job_id: int, student: str) -> str:
    """One student's printable feedback sheet (HTML, math as MathML), in the job's feedback language."""
    lang, sections = _sheets(settings, job_id, student)
    if student not in sections:
        raise GradingError(f"Job {job_id} has no student {student!r}.")
    return _page(lang, student, sections[student])


def class_feedback(settings: Settings, job_id: int) -> str:
    """Every student's feedback sheet in one printable file, one student per printed page."""
    lang, sections = _sheets(settings, job_id)
    return _page(lang, t("sheet.class_title", lang).format(job=job_id), "".join(sections.values()))


def class_summary(settings: Settings, job_id: int) -> str:
    """The class summary (HTML): per-question results and common mistakes."""
    info = job_info(settings, job_id)
    lang = info["lang"]
    summary = job_summary(settings, job_id)
    rows = job_results(settings, job_id)
    parts = [
        f"<h1>Job {job_id}</h1>",
        f"<p>{escape(source_label(settings, info['source']))}</p>",
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
    mistakes = common_mistakes(settings, job_id, rows)
    parts.extend(_chart_images(rows, roster(settings, job_id), mistakes, lang))
    for item in mistakes:
        parts.append(f"<h2>{escape(item.question)} ({escape(item.reference)})</h2><table>")
        parts.append("<tr><th>answer</th><th>students</th><th>right</th><th>typical first wrong step</th></tr>")
        for group in item.groups:
            parts.append(
                f"<tr><td>{escape(' = '.join(group.variants) or '-')}</td><td>{group.count}</td>"
                f"<td>{MARKS[group.correct]}</td><td>{escape(group.typical_first_wrong or '')}</td></tr>"
            )
        parts.append("</table>")
    return _page(lang, f"Job {job_id}", "".join(parts))


def _chart_images(rows: list[dict], students: list[str], mistakes: list[QuestionMistakes], lang: str) -> list[str]:
    """The class charts as PNG images inside the page, so the summary stays one file that prints as seen."""
    parts = []
    try:
        for chart in class_charts(rows, students, mistakes, lang, width=IMAGE_WIDTH):
            parts.append(f"<h2>{escape(chart.title)}</h2>")
            if chart.chart is None:
                parts.append(f"<p>{escape(t('chart.nobody_waiting', lang))}</p>")
                continue
            png = base64.b64encode(chart_png(chart.chart)).decode("ascii")
            label = escape(t("chart.alt", lang).format(title=chart.title))
            parts.append(f'<img class="chart" src="data:image/png;base64,{png}" alt="{label}">')
    except PictureError as err:
        # Without the renderer the summary still has every table: only the pictures are missing.
        return [f'<p class="review">{escape(t("chart.left_out", lang).format(reason=err.said(lang)))}</p>']
    return parts


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def sheet_names(students: list[str]) -> dict[str, str]:
    """A distinct file name for each student's feedback sheet, their own name when it is safe."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for student in students:
        cleaned = re.sub(r"[^\w.-]+", "_", student, flags=re.UNICODE).strip("._") or "student"
        name = cleaned
        if cleaned != student or cleaned.casefold() in used:
            # "=1+1" and "+1+1" both clean to "1_1": a digest of the real name tells them apart.
            name = f"{cleaned}-{hashlib.sha256(student.encode('utf-8')).hexdigest()[:8]}"
        while name.casefold() in used:
            name += "_"
        used.add(name.casefold())
        names[student] = f"{name}.html"
    return names


def export_job(settings: Settings, job_id: int, out_dir: Path | None = None) -> dict[str, Path]:
    """Write both gradebooks, the feedback sheets (each and all in one) and the summary; return their paths."""
    info = job_info(settings, job_id)
    folder = Path(out_dir or info["out_dir"] or Path(settings.data_dir) / "exports" / f"job-{job_id}")
    try:
        paths = {
            "gradebook": folder / "gradebook.csv",
            "gradebook_wide": folder / "gradebook-wide.csv",
            "summary": folder / "summary.html",
            "feedback": folder / "feedback.html",
        }
        write_atomic(paths["gradebook"], gradebook_csv(settings, job_id))
        write_atomic(paths["gradebook_wide"], gradebook_wide_csv(settings, job_id))
        write_atomic(paths["summary"], class_summary(settings, job_id))
        write_atomic(paths["feedback"], class_feedback(settings, job_id))
        students = list(dict.fromkeys(r["student"] for r in job_results(settings, job_id)))
        for student, name in sheet_names(students).items():
            path = folder / "feedback" / name
            write_atomic(path, feedback_sheet(settings, job_id, student))
            paths[f"feedback:{student}"] = path
    except OSError as exc:
        raise GradingError(f"Could not write the exports to {folder}: {exc.strerror or exc}.") from exc
    return paths
