"""The Teacher page's review widgets: results table, one student's work, common mistakes, downloads."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tutor_app.config import Settings
from tutor_app.errors import TutorError
from tutor_app.grading import (
    common_mistakes,
    export_job,
    gradebook_csv,
    job_info,
    job_results,
    override_score,
    student_detail,
)
from tutor_app.grading.exports import class_summary, feedback_sheet, gradebook_rows
from tutor_app.grading.pages import load_pages
from tutor_app.grading.roster import natural_key
from tutor_app.i18n import t

MARKS = {True: "✓", False: "✗", None: "?"}
EDITED = "✎"
FLAG = "⚠"
SAVED = "teacher_saved"


def question_label(question: str, lang: str) -> str:
    """``Q1`` for a numbered question, the id itself otherwise."""
    return t("teacher.col.question", lang).format(question=question) if question.isdigit() else question


def results_table(rows: list[dict], students: list[str], lang: str) -> list[dict]:
    """One line per student: each question's points (✎ when the teacher changed them), total, flag."""
    questions = list(dict.fromkeys(r["question"] for r in rows))
    table = []
    for student in students:
        cells = {r["question"]: r for r in rows if r["student"] == student}
        line = {t("teacher.col.student", lang): student}
        for question in questions:
            r = cells.get(question)
            line[question_label(question, lang)] = (
                f"{r['points']:g} / {r['max_points']:g}{' ' + EDITED if r['edited'] else ''}" if r else ""
            )
        got = sum(r["points"] for r in cells.values())
        most = sum(r["max_points"] for r in cells.values())
        line[t("teacher.col.total", lang)] = f"{got:g} / {most:g}"
        # A student with no results at all could not be read: that needs the teacher too.
        flagged = not cells or any(r["needs_review"] for r in cells.values())
        line[t("teacher.col.review", lang)] = FLAG if flagged else ""
        table.append(line)
    return table


def review(settings: Settings, job_id: int, lang: str) -> None:
    """Everything about a job's results, or a note that there are none yet."""
    rows = job_results(settings, job_id)
    # Roster order: the gradebook lists unreadable students of a job without a key last.
    students = sorted({r["student"] for r in gradebook_rows(settings, job_id)}, key=natural_key)
    st.header(t("teacher.results", lang))
    if not students:
        st.caption(t("teacher.no_results", lang))
        return
    st.dataframe(results_table(rows, students, lang), hide_index=True, width="stretch")
    st.caption(t("teacher.legend", lang))
    _downloads(settings, job_id, lang)
    st.subheader(t("teacher.student", lang))
    student = st.selectbox(t("teacher.student", lang), students, key=f"teacher_student_{job_id}")
    _student(settings, job_id, student, lang)
    st.subheader(t("teacher.mistakes", lang))
    _mistakes(settings, job_id, lang)


def _downloads(settings: Settings, job_id: int, lang: str) -> None:
    st.subheader(t("teacher.downloads", lang))
    left, right = st.columns(2)
    # Callables are run on click, so each download has the latest marks.
    left.download_button(
        t("teacher.download_csv", lang), data=lambda: gradebook_csv(settings, job_id),
        file_name=f"gradebook-job{job_id}.csv", mime="text/csv", key=f"teacher_csv_{job_id}",
    )
    right.download_button(
        t("teacher.download_summary", lang), data=lambda: class_summary(settings, job_id),
        file_name=f"summary-job{job_id}.html", mime="text/html", key=f"teacher_summary_{job_id}",
    )
    info = job_info(settings, job_id)
    default = info["out_dir"] or str(Path(settings.data_dir) / "exports" / f"job-{job_id}")
    with st.form(f"teacher_export_{job_id}"):
        folder = st.text_input(t("teacher.export_folder", lang), value=default, key=f"teacher_export_dir_{job_id}")
        if st.form_submit_button(t("teacher.export", lang)):
            try:
                paths = export_job(settings, job_id, Path(folder.strip() or default).expanduser())
            except TutorError as exc:
                st.error(str(exc))
            else:
                st.success(t("teacher.exported", lang).format(
                    count=len(paths), folder=paths["gradebook"].parent
                ))


@st.cache_data(max_entries=64, show_spinner=False)
def _pages(path: str, stamp: float, _settings: Settings) -> list[bytes]:
    return load_pages(Path(path), _settings)


def _student(settings: Settings, job_id: int, student: str, lang: str) -> None:
    detail = student_detail(settings, job_id, student)
    saved = st.session_state.pop(SAVED, None)
    if saved:
        st.success(saved)
    if detail["error"]:
        st.error(detail["error"])
    for file in detail["files"]:
        path = Path(file["path"])
        try:
            pages = _pages(str(path), path.stat().st_mtime, settings)
        except (TutorError, OSError) as exc:
            st.warning(f"{path.name}: {file['error'] or exc}")
            continue
        st.image(pages, width=420, caption=[f"{path.name} ({i + 1})" for i in range(len(pages))])
    if detail["transcript"] is not None:
        with st.expander(t("teacher.transcript", lang)):
            st.json(detail["transcript"])
    for result in detail["results"]:
        _question(settings, job_id, student, result, lang)
    st.download_button(
        t("teacher.sheet", lang), data=lambda: feedback_sheet(settings, job_id, student),
        file_name=f"feedback-{student}.html", mime="text/html", key=f"teacher_sheet_{job_id}_{student}",
    )


def _question(settings: Settings, job_id: int, student: str, r: dict, lang: str) -> None:
    question = r["question"]
    with st.container(border=True):
        st.markdown(
            f"**{question_label(question, lang)}** · {r['points']:g} / {r['max_points']:g} "
            f"{MARKS[r['verdict']]}"
        )
        if r["edited"]:
            st.caption(t("teacher.edited", lang))
        source = t(f"teacher.reference.{r['reference_source']}", lang)
        st.markdown(
            f"{t('teacher.answer', lang)}: `{r['answer'] or '—'}` · "
            f"{t('teacher.reference', lang)} ({source}): `{r['reference'] or '—'}`"
        )
        if r["reason"]:
            st.caption(r["reason"])
        if r["steps"]:
            st.markdown("\n".join(
                f"{s['index'] + 1}. {MARKS[s['follows']]} `{s['text']}`"
                + (f" — {s['reason']}" if s["follows"] is False and s["reason"] else "")
                for s in r["steps"]
            ))
        if r["needs_review"]:
            st.warning(f"{FLAG} {r['review_reason']}")
        _override_form(settings, job_id, student, r, lang)


def _override_form(settings: Settings, job_id: int, student: str, r: dict, lang: str) -> None:
    question = r["question"]
    key = f"teacher_override_{job_id}_{student}_{question}"
    with st.form(key):
        points = st.number_input(
            t("teacher.points", lang).format(max=f"{r['max_points']:g}"), min_value=0.0,
            max_value=float(r["max_points"]), value=float(r["points"]), step=0.5, key=f"{key}_points",
        )
        feedback = st.text_area(t("teacher.feedback", lang), value=r["feedback"], key=f"{key}_feedback")
        if not st.form_submit_button(t("teacher.save", lang)):
            return
    new_points = None if points == r["points"] else points
    new_feedback = None if feedback == r["feedback"] else feedback
    if new_points is None and new_feedback is None:
        st.info(t("teacher.unchanged", lang))
        return
    try:
        override_score(settings, job_id, student, question, new_points, new_feedback)
    except TutorError as exc:
        st.error(str(exc))
        return
    st.session_state[SAVED] = t("teacher.saved", lang).format(student=student, question=question)
    st.rerun()


def _mistakes(settings: Settings, job_id: int, lang: str) -> None:
    for item in common_mistakes(settings, job_id):
        st.markdown(
            f"**{question_label(item.question, lang)}** · {t('teacher.reference', lang)}: `{item.reference or '—'}`"
        )
        st.dataframe(
            [
                {
                    t("teacher.col.answers", lang): " = ".join(group.variants) or "—",
                    t("teacher.col.count", lang): group.count,
                    t("teacher.col.names", lang): ", ".join(group.students),
                    t("teacher.col.right", lang): MARKS[group.correct],
                    t("teacher.col.first_wrong", lang): group.typical_first_wrong or "",
                }
                for group in item.groups
            ],
            hide_index=True, width="stretch",
        )
