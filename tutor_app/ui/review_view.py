"""The Teacher page's review widgets: results table, one student's work, one question's answers, downloads."""

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
from tutor_app.grading.exports import (
    class_feedback,
    class_summary,
    feedback_sheet,
    gradebook_wide_csv,
    roster,
)
from tutor_app.grading.mistakes import QuestionMistakes
from tutor_app.grading.review import (
    MARKS,
    answers_released,
    mark,
    mark_reviewed,
    question_label,
    release_answers,
)
from tutor_app.grading.pages import load_pages
from tutor_app.i18n import t
from tutor_app.mathtext import inert_markdown, inline_code
from tutor_app.tutoring.feedback import explain_reason
from tutor_app.ui import chart_view

EDITED = "✎"
FLAG = "⚠"
SAVED = "teacher_saved"


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
    students = roster(settings, job_id)
    st.header(t("teacher.results", lang))
    if not students:
        st.caption(t("teacher.no_results", lang))
        return
    saved = st.session_state.pop(SAVED, None)
    if saved:
        st.success(saved)
    st.dataframe(results_table(rows, students, lang), hide_index=True, width="stretch")
    st.caption(t("teacher.legend", lang))
    waiting = [(r["student"], r["question"]) for r in rows if r["needs_review"] and not r["unreadable"]]
    if waiting and st.button(
        t("teacher.review_all", lang).format(count=len(waiting)), key=f"teacher_review_all_{job_id}"
    ):
        _settle(lang, lambda: mark_reviewed(settings, job_id, waiting))
    _downloads(settings, job_id, lang)
    # One snapshot of the results: a running batch adds students between two reads.
    mistakes = common_mistakes(settings, job_id, rows)
    chart_view.charts(job_id, rows, students, mistakes, lang)
    by_student, by_question = st.tabs([t("teacher.by_student", lang), t("teacher.by_question", lang)])
    with by_student:
        student = st.selectbox(t("teacher.student", lang), students, key=f"teacher_student_{job_id}")
        _student(settings, job_id, student, lang)
    with by_question:
        _by_question(settings, job_id, rows, mistakes, lang)
    st.subheader(t("teacher.mistakes", lang))
    _mistakes(mistakes, lang)


def _settle(lang: str, action) -> None:
    """Run a change of marks; on success say how many items it settled and draw the page again."""
    count = action()
    st.session_state[SAVED] = t("teacher.reviewed", lang).format(count=count)
    st.rerun()


def _downloads(settings: Settings, job_id: int, lang: str) -> None:
    st.subheader(t("teacher.downloads", lang))
    # Callables are run on click, so each download has the latest marks.
    files = [
        ("csv", lambda: gradebook_csv(settings, job_id), f"gradebook-job{job_id}.csv", "text/csv"),
        ("wide", lambda: gradebook_wide_csv(settings, job_id), f"gradebook-wide-job{job_id}.csv", "text/csv"),
        ("feedback", lambda: class_feedback(settings, job_id), f"feedback-job{job_id}.html", "text/html"),
        ("summary", lambda: class_summary(settings, job_id), f"summary-job{job_id}.html", "text/html"),
    ]
    # Two to a row: four buttons in one row cut their labels short.
    for pair in (files[:2], files[2:]):
        for column, (name, data, file_name, mime) in zip(st.columns(2), pair, strict=True):
            column.download_button(
                t(f"teacher.download_{name}", lang), data=data, file_name=file_name, mime=mime,
                key=f"teacher_{name}_{job_id}",
            )
    released = answers_released(settings, job_id)
    if st.toggle(t("teacher.release", lang), value=released, key=f"teacher_release_{job_id}",
                 help=t("teacher.release_help", lang)) != released:
        release_answers(settings, job_id, not released)
        st.rerun()
    info = job_info(settings, job_id)
    default = info["out_dir"] or str(Path(settings.data_dir) / "exports" / f"job-{job_id}")
    with st.form(f"teacher_export_{job_id}"):
        folder = st.text_input(t("teacher.export_folder", lang), value=default, key=f"teacher_export_dir_{job_id}")
        if st.form_submit_button(t("teacher.export", lang)):
            try:
                paths = export_job(settings, job_id, Path(folder.strip() or default).expanduser())
            except TutorError as exc:
                st.error(inert_markdown(exc.said(lang)))
            else:
                st.success(t("teacher.exported", lang).format(
                    count=len(paths), folder=paths["gradebook"].parent
                ))


@st.cache_data(max_entries=64, show_spinner=False)
def _pages(path: str, stamp: float, _settings: Settings) -> list[bytes]:
    return load_pages(Path(path), _settings)


def _student(settings: Settings, job_id: int, student: str, lang: str) -> None:
    detail = student_detail(settings, job_id, student)
    if detail["error"]:
        st.error(inert_markdown(detail["error"]))
    for file in detail["files"]:
        path = Path(file["path"])
        try:
            pages = _pages(str(path), path.stat().st_mtime, settings)
        except (TutorError, OSError) as exc:
            st.warning(inert_markdown(f"{path.name}: {file['error'] or exc}"))
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
        st.markdown(f"**{question_label(question, lang)}** · {r['points']:g} / {r['max_points']:g} {mark(r)}")
        if r["edited"]:
            st.caption(t("teacher.edited", lang))
        source = t(f"teacher.reference.{r['reference_source']}", lang)
        st.markdown(
            f"{t('teacher.answer', lang)}: {inline_code(r['answer'] or '—')} · "
            f"{t('teacher.reference', lang)} ({source}): {inline_code(r['reference'] or '—')}"
        )
        if r["reason"]:
            st.caption(inert_markdown(_checker_reason(r, lang)))
        if r["steps"]:
            st.markdown("\n".join(
                f"{s['index'] + 1}. {MARKS[s['follows']]} {inline_code(s['text'])}"
                + (f" — {inert_markdown(explain_reason(s['reason'], 'not_equivalent', lang, reveal=True))}"
                   if s["follows"] is False and s["reason"] else "")
                for s in r["steps"]
            ))
        if r["needs_review"]:
            st.warning(f"{FLAG} {inert_markdown(r['review_reason'])}")
        _override_form(settings, job_id, [student], r, f"teacher_override_{job_id}_{student}_{question}", lang)


def _checker_reason(r: dict, lang: str) -> str:
    """The reason beside a mark in ``lang``: the checker's own said again, grading's sentences as written."""
    if not (r["answer"] and r["reference"]):
        # Without both answers the checker never ran: the reason is grading's, already in the job's language.
        return r["reason"]
    kind = {True: "equivalent", False: "not_equivalent", None: "undecided"}[r["verdict"]]
    return explain_reason(r["reason"], kind, lang, reveal=True)


def _override_form(
    settings: Settings, job_id: int, students: list[str], r: dict, key: str, lang: str
) -> None:
    """Points and feedback for ``r``'s question, saved for every student in ``students``."""
    question, most = r["question"], r["max_points"]
    with st.form(key):
        # No bounds on the widget: it would only outline a wrong score in red and drop the click.
        points = st.number_input(
            t("teacher.points", lang).format(max=f"{most:g}"), value=float(r["points"]), step=0.5,
            key=f"{key}_points",
        )
        feedback = st.text_area(t("teacher.feedback", lang), value=r["feedback"], key=f"{key}_feedback")
        if not st.form_submit_button(t("teacher.save", lang)):
            return
    if not 0 <= points <= most:
        st.error(t("teacher.points_range", lang).format(question=question, max=f"{most:g}", points=f"{points:g}"))
        return
    # Saving a flagged item or a group confirms the score even when it is unchanged: that settles it.
    confirm = len(students) > 1 or r["needs_review"]
    new_points = points if confirm or points != r["points"] else None
    new_feedback = None if feedback == r["feedback"] else feedback
    if new_points is None and new_feedback is None:
        st.info(t("teacher.unchanged", lang))
        return
    for student in students:
        override_score(settings, job_id, student, question, new_points, new_feedback)
    names = ", ".join(students)
    st.session_state[SAVED] = t("teacher.saved", lang).format(student=names, question=question)
    st.rerun()


def _by_question(
    settings: Settings, job_id: int, rows: list[dict], mistakes: list[QuestionMistakes], lang: str
) -> None:
    """Every student's answer to one question, grouped by CAS equivalence; one mark per group."""
    if not mistakes:
        return
    questions = [item.question for item in mistakes]
    question = st.selectbox(
        t("teacher.question", lang), questions, format_func=lambda q: question_label(q, lang),
        key=f"teacher_question_{job_id}",
    )
    item = mistakes[questions.index(question)]
    cells = {r["student"]: r for r in rows if r["question"] == question}
    st.markdown(f"{t('teacher.reference', lang)}: {inline_code(item.reference or '—')}")
    for index, group in enumerate(item.groups):
        members = [cells[name] for name in group.students]
        with st.container(border=True, key=f"teacher_group_{job_id}_{question}_{index}"):
            answers = " = ".join(inline_code(v) for v in group.variants if v) or "—"
            st.markdown(
                f"**{answers}** · {MARKS[group.correct]} · "
                + t("teacher.group_count", lang).format(count=group.count)
            )
            st.dataframe(
                [
                    {
                        t("teacher.col.student", lang): r["student"],
                        t("teacher.answer", lang): r["answer"] or "—",
                        t("teacher.points", lang).format(max=f"{r['max_points']:g}"):
                            f"{r['points']:g}{' ' + EDITED if r['edited'] else ''}",
                        t("teacher.col.right", lang): mark(r),
                        t("teacher.col.review", lang): FLAG if r["needs_review"] else "",
                    }
                    for r in members
                ],
                hide_index=True, width="stretch",
            )
            waiting = [(r["student"], question) for r in members if r["needs_review"] and not r["unreadable"]]
            if waiting and st.button(
                t("teacher.review_group", lang).format(count=len(waiting)),
                key=f"teacher_review_group_{job_id}_{question}_{index}",
            ):
                _settle(lang, lambda waiting=waiting: mark_reviewed(settings, job_id, waiting))
            st.caption(t("teacher.group_override", lang))
            _override_form(
                settings, job_id, group.students, members[0], f"teacher_group_override_{job_id}_{question}_{index}",
                lang,
            )


def _mistakes(mistakes: list[QuestionMistakes], lang: str) -> None:
    for item in mistakes:
        st.markdown(
            f"**{question_label(item.question, lang)}** · {t('teacher.reference', lang)}: {inline_code(item.reference or '—')}"
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
