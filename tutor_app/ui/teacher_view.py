"""The Teacher page's batch widgets: a new batch, the list of jobs, live progress with its controls."""

from __future__ import annotations

import hashlib
import time

import streamlit as st

from tutor_app.config import Settings, save_settings
from tutor_app.errors import TutorError
from tutor_app.grading import job_summary, lease, regrade_job
from tutor_app.grading.jobs import source_label
from tutor_app.grading.review import job_students
from tutor_app.grading.roster import DEFAULT_PATTERN, EXTENSIONS
from tutor_app.grading.texts import duration
from tutor_app.i18n import LANGUAGES, t
from tutor_app.mathtext import inert_markdown
from tutor_app.model.base import Backend
from tutor_app.shipped import shipped_folder
from tutor_app.ui import batches, grading_runs, resources
from tutor_app.ui.boundary import fragment

JOB = "teacher_job"
BATCH = "teacher_batch"
REFRESH_SECONDS = 1.0
KEY_EXAMPLE = "class/key.csv"
KEY_DOC_HEADING = "## The answer key"


def new_batch(settings: Settings, lang: str, *, expanded: bool) -> None:
    """The new-batch form; a started job becomes the chosen one."""
    with st.expander(t("teacher.new", lang), expanded=expanded):
        kind = st.radio(
            t("teacher.source", lang), ("folder", "upload"), horizontal=True, key="teacher_source",
            format_func=lambda k: t(f"teacher.source.{k}", lang),
        )
        if kind == "folder":
            source: str | list[batches.Upload] = st.text_input(
                t("teacher.folder", lang), key="teacher_folder", help=t("teacher.folder_help", lang),
                placeholder="~/Documents/homework",
            )
        else:
            files = st.file_uploader(
                t("teacher.upload", lang), type=sorted(EXTENSIONS | {"zip"}), accept_multiple_files=True,
                key="teacher_upload", help=t("teacher.folder_help", lang),
            )
            source = [(f.name, f.getvalue()) for f in files or []]
        key_file = st.file_uploader(
            t("teacher.key", lang), type=["csv"], key="teacher_key", help=t("teacher.key_help", lang)
        )
        _key_documentation(lang)
        left, right = st.columns(2)
        pattern = left.text_input(t("teacher.pattern", lang), value=DEFAULT_PATTERN, key="teacher_pattern")
        feedback_lang = right.selectbox(
            t("teacher.lang", lang), list(LANGUAGES), index=list(LANGUAGES).index(lang), key="teacher_lang",
            format_func=LANGUAGES.__getitem__,
        )
        _concurrency(settings, lang)
        key = (key_file.name, key_file.getvalue()) if key_file else None
        # What the preview was made from: a changed form makes it stale, so Start never grades other files.
        inputs = _fingerprint(source, key, pattern.strip())
        if st.button(t("teacher.preview", lang), key="teacher_preview", type="primary"):
            _prepare(settings, source, key, pattern.strip(), inputs, lang)
        prepared = st.session_state.get(BATCH)
        if prepared is not None and prepared[0] != inputs:
            batches.discard_batch(st.session_state.pop(BATCH)[1])
        elif prepared is not None:
            _preview(prepared[1], lang)
            if st.button(t("teacher.start", lang), key="teacher_start", type="primary"):
                _start(settings, prepared[1], feedback_lang, lang)


def _concurrency(settings: Settings, lang: str) -> None:
    local = settings.backend == "local"
    st.number_input(
        t("teacher.concurrency", lang), min_value=1, max_value=64, value=settings.parallel_requests,
        key="teacher_concurrency", disabled=local,
        help=t("teacher.concurrency_local" if local else "teacher.concurrency_help", lang),
        on_change=_save_concurrency, args=(lang,),
    )


def _save_concurrency(lang: str) -> None:
    # Saved, not just used once: the server backend's parallel slots are built from the settings.
    try:
        save_settings(concurrency=int(st.session_state["teacher_concurrency"]))
    except TutorError as exc:
        st.error(inert_markdown(exc.said(lang)))


def _key_documentation(lang: str) -> None:
    folder = shipped_folder("sample_problems", KEY_EXAMPLE)
    if folder is None:
        return
    with st.popover(t("teacher.key_doc", lang)):
        # English reads the section from the class README; other languages have their own page for the key.
        readme = (folder / "class" / ("README.md" if lang == "en" else f"README.{lang}.md")).read_text(encoding="utf-8")
        st.markdown(readme[max(readme.find(KEY_DOC_HEADING), 0):])
        st.download_button(
            t("teacher.key_example", lang), data=(folder / KEY_EXAMPLE).read_bytes(), file_name="key.csv",
            mime="text/csv", key="teacher_key_example",
        )


def _fingerprint(source: str | list[batches.Upload], key: batches.Upload | None, pattern: str) -> str:
    digest = hashlib.sha256(pattern.encode())
    files = [("", source.encode())] if isinstance(source, str) else source
    for name, data in [*files, *([key] if key else [])]:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _prepare(
    settings: Settings, source: str | list[batches.Upload], key: batches.Upload | None, pattern: str, inputs: str,
    lang: str,
) -> None:
    previous = st.session_state.pop(BATCH, None)
    if previous is not None:
        batches.discard_batch(previous[1])
    try:
        st.session_state[BATCH] = (inputs, batches.prepare_batch(settings, source, key=key, pattern=pattern))
    except TutorError as exc:
        st.error(inert_markdown(exc.said(lang)))


def _preview(batch: batches.Batch, lang: str) -> None:
    """What Start would grade: each student's pages, files matching no student, the key's questions."""
    preview = batch.preview
    with st.container(border=True, key="teacher_roster"):
        st.markdown(f"**{t('teacher.roster', lang).format(count=len(preview.submissions))}**")
        st.dataframe(
            [
                {
                    t("teacher.col.student", lang): sub.student,
                    t("teacher.col.pages", lang): len(sub.files),
                    t("teacher.col.files", lang): ", ".join(str(f.relative_to(preview.folder)) for f in sub.files),
                }
                for sub in preview.submissions
            ],
            hide_index=True, width="stretch",
        )
        if preview.nested_classes:
            st.warning(t("teacher.nested", lang).format(folders=inert_markdown(", ".join(preview.nested_classes))))
        if preview.unmatched:
            names = ", ".join(f.name for f in preview.unmatched)
            st.warning(t("teacher.unmatched_files", lang).format(count=len(preview.unmatched),
                                                                 names=inert_markdown(names)))
        if preview.key:
            st.markdown(t("teacher.key_questions", lang).format(
                questions=", ".join(f"{item.question} ({item.points:g})" for item in preview.key)
            ))
        else:
            st.caption(t("teacher.no_key", lang))


def _start(settings: Settings, batch: batches.Batch, feedback_lang: str, lang: str) -> None:
    runs = grading_runs.registry()
    backend = _backend(lang)
    if backend is None:
        return
    # Refused before the job is recorded, so a busy model leaves no stray job behind.
    runs.ensure_idle()
    job_id = batches.start_batch(settings, batch, lang=feedback_lang)
    runs.start(settings, job_id, backend)
    st.session_state.pop(BATCH, None)
    st.session_state[JOB] = job_id
    # Again from the top: the form folds away and the new job's progress shows.
    st.rerun()


def _backend(lang: str) -> Backend | None:
    try:
        return resources.backend()
    except TutorError as exc:
        st.error(f"{exc.said(lang)}\n\n{t('teacher.no_model', lang)}")
        return None


def choose_job(settings: Settings, lang: str, jobs: list[dict]) -> int | None:
    """The job selector, newest first; None when there is no job yet."""
    if not jobs:
        st.info(t("teacher.no_jobs", lang))
        return None
    by_id = {job["id"]: job for job in jobs}
    if st.session_state.get(JOB) not in by_id:
        st.session_state.pop(JOB, None)

    def label(job_id: int) -> str:
        # Live counts stay out of the label: a changing label would reset the choice.
        job = by_id[job_id]
        created = time.strftime("%Y-%m-%d %H:%M", time.localtime(job["created"]))
        return t("teacher.job_label", lang).format(
            id=job_id, created=created, students=job["students"], source=source_label(settings, job["source"])
        )

    return st.selectbox(t("teacher.job", lang), list(by_id), format_func=label, key=JOB)


def _status(settings: Settings, job_id: int, stored: str, run: grading_runs.Run | None) -> str:
    if run is not None and run.running:
        # The thread marks the job running only once it gets going.
        return "running" if stored == "pending" else stored
    if stored != "running":
        return stored
    # Running with no thread here: `tutor grade` has it, or the app stopped mid-batch.
    return "elsewhere" if lease.is_held(settings, job_id) else "interrupted"


def job_progress(settings: Settings, job_id: int, lang: str) -> None:
    """Status, progress bar and Pause / Resume / Cancel, refreshed every second while grading."""
    run = grading_runs.registry().get(job_id)
    live = run is not None and run.running

    @fragment(run_every=REFRESH_SECONDS if live else None)
    def panel() -> None:
        current = grading_runs.registry().get(job_id)
        if live and not current.running:
            # Finished or paused: redraw the whole page so the results appear.
            st.rerun()
        _panel(settings, job_id, lang, current)

    panel()


def _panel(settings: Settings, job_id: int, lang: str, run: grading_runs.Run | None) -> None:
    summary = job_summary(settings, job_id)
    status = _status(settings, job_id, summary.status, run)
    running = run is not None and run.running
    progress = run.progress if running else None
    if progress is not None:
        parts = [t("teacher.files_done", lang).format(done=progress.files_done, total=progress.files_total)]
        if progress.eta_seconds is not None:
            parts.append(t("teacher.eta", lang).format(eta=duration(progress.eta_seconds)))
        if progress.current:
            parts.append(t("teacher.now", lang).format(student=progress.current))
        fraction = progress.files_done / max(progress.files_total, 1)
    else:
        done = summary.graded + summary.flagged + summary.errors
        parts = [t("teacher.students_done", lang).format(done=done, total=summary.students)]
        fraction = done / max(summary.students, 1)
    st.markdown(f"**{t('teacher.status', lang)}:** {t(f'teacher.status.{status}', lang)}")
    st.progress(min(fraction, 1.0), text=" · ".join(parts))
    if run is not None and run.error and not running:
        st.error(inert_markdown(run.error.said(lang)))
    if status == "done":
        st.success(t("teacher.finished", lang).format(
            graded=summary.graded, flagged=summary.flagged, errors=summary.errors,
        ))
        if summary.unmatched_files:
            st.warning(t("teacher.unmatched", lang).format(unmatched=summary.unmatched_files))
    elif status == "cancelled":
        st.info(t("teacher.cancelled", lang))
    elif status == "elsewhere":
        _controls(settings, job_id, lang, running=True)
    else:
        _controls(settings, job_id, lang, running)
    if status in ("done", "paused", "interrupted"):
        regrade(settings, job_id, job_students(settings, job_id), lang)


def _controls(settings: Settings, job_id: int, lang: str, running: bool) -> None:
    runs = grading_runs.registry()
    left, right, _ = st.columns([1, 1, 4])
    if running:
        if left.button(t("teacher.pause", lang), key=f"teacher_pause_{job_id}"):
            runs.pause(settings, job_id)
    elif left.button(t("teacher.resume", lang), key=f"teacher_resume_{job_id}", type="primary"):
        backend = _backend(lang)
        if backend is None:
            return
        runs.start(settings, job_id, backend)
        st.rerun()
    if right.button(t("teacher.cancel", lang), key=f"teacher_cancel_{job_id}"):
        runs.cancel(settings, job_id)
        st.rerun()


def regrade(settings: Settings, job_id: int, students: list[str], lang: str) -> None:
    """Grade some students or the whole batch again, with a corrected key if one is given."""
    with st.expander(t("teacher.regrade", lang)):
        st.caption(t("teacher.regrade_help", lang))
        chosen = st.multiselect(
            t("teacher.regrade_students", lang), students, key=f"teacher_regrade_students_{job_id}",
            placeholder=t("teacher.regrade_everyone", lang),
        )
        key_file = st.file_uploader(
            t("teacher.regrade_key", lang), type=["csv"], key=f"teacher_regrade_key_{job_id}"
        )
        if not st.button(t("teacher.regrade_start", lang), key=f"teacher_regrade_{job_id}"):
            return
    runs = grading_runs.registry()
    backend = _backend(lang)
    if backend is None:
        return
    runs.ensure_idle(job_id)
    key = batches.save_key(settings, (key_file.name, key_file.getvalue())) if key_file else None
    regrade_job(settings, job_id, students=chosen or None, key=key)
    runs.start(settings, job_id, backend)
    st.rerun()
