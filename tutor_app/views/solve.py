"""Solve: a photo or text in, the transcription confirmed, streamed tutoring, checked answers."""

import hashlib
from contextlib import nullcontext
from datetime import datetime
from uuid import uuid4

import streamlit as st

from tutor_app.errors import TutorError
from tutor_app.i18n import LANGUAGES, t
from tutor_app.mathtext import inert_markdown
from tutor_app.samples import list_samples, load_sample
from tutor_app.tutoring import (
    Mode,
    Problem,
    Reply,
    ask_follow_up,
    check_student_answer,
    follow_up_conversation,
    known_answer,
    respond,
    second_solution,
    transcribe,
    verify_reply,
)
from tutor_app.tutoring.guided import Guided, guide, guided_state, hides_answer, steps_so_far
from tutor_app.tutoring.withhold import guarded
from tutor_app.ui import conversation_view as talk
from tutor_app.ui import graph_view, guided_view, resources, shell, similar_view
from tutor_app.ui import solve_view as view

SOURCES = ("upload", "camera", "type", "example")
# The reading of one set of images is kept under a key of its own, so a text
# on its way from the browser can never land on the next example or photo.
DRAFT_TEXT = "solve_transcription_{}"
REQUEST = "solve_request"
EXPLAIN = "solve_explain"
NOTICES = "solve_notices"
REVEAL_NOTICE = "solve_reveal_notice"

lang = shell.language()
settings = resources.settings()
# Names this browser session to the model, which keeps each problem's prompt prefix per session.
session = st.session_state.setdefault("solve_session", uuid4().hex)
view.finish_interrupted()
view.phone_bar(lang)
st.title(t("solve.title", lang))
model = resources.model_status()
if model.state in ("missing", "error"):
    st.warning(f"{t('solve.no_model', lang)} {model.message}", icon=":material/download:")


def confirm(problem: Problem, draft: str | None = None) -> None:
    view.history().append(problem)
    st.session_state[view.CURRENT] = problem.id
    if draft:
        st.session_state.pop(draft, None)
    view.save_history()
    st.rerun()


def same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def give_problem() -> None:
    st.write(t("solve.intro", lang))
    source = st.radio(t("solve.source", lang), SOURCES, horizontal=True, key="solve_source",
                      format_func=lambda s: t(f"solve.source.{s}", lang))
    uploads: list[tuple[str, bytes]] = []
    sample = None
    if source == "upload":
        files = st.file_uploader(t("solve.upload", lang), accept_multiple_files=True, key="solve_upload")
        uploads = [(f.name, f.getvalue()) for f in files or []]
    elif source == "camera":
        photo = st.camera_input(t("solve.camera", lang), key="solve_camera")
        uploads = [(t("solve.camera", lang), photo.getvalue())] if photo else []
    elif source == "example":
        samples = {s.id: s for s in list_samples()}
        chosen = st.selectbox(t("solve.example", lang), list(samples), key="solve_example",
                              format_func=lambda i: samples[i].title_in(lang))
        sample, data = load_sample(chosen)
        uploads = [(sample.title_in(lang), data)]
    else:
        typed = st.text_area(t("solve.typed", lang), key="solve_typed", height=120,
                             placeholder="Solve 2x + 3 = 7")
        if st.button(t("solve.use_typed", lang), key="solve_use_typed", type="primary"):
            if typed.strip():
                confirm(Problem(transcription=typed.strip()))
            st.warning(t("solve.no_input", lang))
        return

    # The camera widget shows the photo already; show it again only once it is turned or cropped.
    edited = (view.image_editor(i, name, data, lang, preview=source != "camera")
              for i, (name, data) in enumerate(uploads))
    prepared = [p for p in edited if p is not None]
    images = tuple(p.data for p in prepared)
    draft = DRAFT_TEXT.format(hashlib.sha1(b"".join(images)).hexdigest()[:12])
    if sample is not None:
        # The example's text is known: no model is needed to start on it.
        st.session_state.setdefault(draft, sample.transcription)
    elif st.button(t("solve.read", lang), key="solve_read", type="primary", disabled=not images):
        def make_stream(cancel, on_wait):
            return transcribe(resources.backend(), images, settings=settings, lang=lang,
                              session=session, cancel=cancel, on_wait=on_wait)

        def keep(text: str) -> None:
            st.session_state[draft] = text

        keep(view.stream_markdown(make_stream, lang, on_text=keep))
    if not images or draft not in st.session_state:
        return
    st.subheader(t("solve.read_title", lang))
    text = st.text_area(t("solve.read_help", lang), key=draft, height=140)
    st.markdown(inert_markdown(text))
    if st.button(t("solve.confirm", lang), key="solve_confirm", type="primary"):
        if not text.strip():
            st.error(t("solve.empty_transcription", lang))
            return
        known = sample is not None and same_text(text, sample.transcription)
        confirm(Problem(
            transcription=text.strip(),
            images=images,
            title=sample.title_in(lang) if known else "",
            cas_problem=sample.cas_problem if known else None,
            reference_answer=sample.answer if known else None,
        ), draft)


def ask_second(problem: Problem) -> str | None:
    return second_solution(resources.backend(), problem, settings=settings,
                           lang=st.session_state.get(EXPLAIN, lang), session=session)


def request(mode: Mode) -> None:
    st.session_state[REQUEST] = mode


def keep_explain() -> None:
    # The widget's own state is dropped when another page is shown; this key is not.
    st.session_state[EXPLAIN] = st.session_state["solve_explain_widget"]


def tutoring(problem: Problem) -> None:
    # Not a fragment: a click inside a fragment never interrupts a fragment run
    # in Streamlit 1.67, so Stop could not end an answer streaming there. The
    # answer streams inside one script run either way, never a rerun per token.
    for index, reply in enumerate(problem.replies):
        view.show_reply(problem, index, reply, lang)
    for notice in st.session_state.pop(NOTICES, []):
        st.error(inert_markdown(notice))
    live = st.container()
    # Buttons only record the request; the answer streams in ``live`` above
    # them while they, and a disabled answer box, are already drawn below.
    mode = st.session_state.pop(REQUEST, None)
    guided_view.step_box(problem, lang, busy=mode is not None, request=request)
    question = talk.chat_box(lang)
    if question:
        mode = Mode.FOLLOW_UP
    options = list(LANGUAGES)
    explain = st.session_state.get(EXPLAIN, lang)
    st.selectbox(t("solve.explain_in", lang), options, index=options.index(explain),
                 format_func=LANGUAGES.__getitem__, key="solve_explain_widget", on_change=keep_explain)
    st.markdown(f"**{t('solve.how', lang)}**")
    choices = [(t("solve.mode.solve", lang), Mode.SOLVE),
               (t("solve.next_hint" if problem.hints() else "solve.mode.hint", lang), Mode.HINT)]
    if problem.images:
        choices.append((t("solve.mode.diagram", lang), Mode.DIAGRAM))
    if guided_state(problem) is not Guided.WAITING:
        choices.append((t("solve.mode.guide", lang), Mode.GUIDE))
    for col, (label, chosen) in zip(st.columns(len(choices)), choices, strict=True):
        col.button(label, key=f"solve_mode_{chosen.value}", on_click=request, args=(chosen,), width="stretch")
    with st.expander(t("solve.mode.check_work", lang)):
        st.text_area(t("solve.work", lang), key="solve_work", height=120)
        st.file_uploader(t("solve.work_photo", lang), key="solve_work_photo")
        st.button(t("solve.mode.check_work", lang), key="solve_mode_check_work", on_click=request,
                  args=(Mode.CHECK_WORK,))
    answer_check(problem, busy=mode is not None)
    similar_view.similar_button(lang, busy=mode is not None)
    if similar_view.requested():
        with live:
            similar(problem)
    if mode is not None:
        checking = mode is Mode.CHECK_WORK
        photo = st.session_state.get("solve_work_photo") if checking else None
        # A hint in guided mode builds on the steps the student has done.
        work = {Mode.CHECK_WORK: st.session_state.get("solve_work", ""), Mode.GUIDE: guided_view.sent_step(),
                Mode.HINT: "\n".join(steps_so_far(problem))}.get(mode, "")
        with live:
            answer(problem, mode, explain, work, photo.getvalue() if photo else None, question)
        view.save_history()
        # Draw the page again with the new reply in place and the answer box usable.
        st.rerun()


def similar(problem: Problem) -> None:
    try:
        failed = similar_view.open_similar(problem, lang, settings=settings, session=session)
    except TutorError as exc:
        failed = exc.said(lang)
    st.warning(inert_markdown(failed), icon=":material/autorenew:")


def reveal(problem: Problem) -> None:
    try:
        shown = known_answer(problem, timeout=settings.cas_timeout)
    except TutorError as exc:
        st.session_state[REVEAL_NOTICE] = exc.said(lang)
        return
    if shown is None:
        st.session_state[REVEAL_NOTICE] = t("solve.no_known_answer", lang)
        return
    problem.revealed, problem.revealed_at = shown, datetime.now()


def answer_check(problem: Problem, busy: bool) -> None:
    st.subheader(t("solve.answer_title", lang))
    if busy:
        st.caption(t("solve.answer_busy", lang))
    typed = st.text_input(t("solve.answer", lang), key="solve_answer", placeholder="x = 2", disabled=busy)
    view.answer_preview(typed, lang)
    cols = st.columns(2)
    checked = cols[0].button(t("solve.answer_button", lang), key="solve_answer_check", type="primary",
                             disabled=busy)
    if problem.revealed_at is None:
        cols[1].button(t("solve.show_answer", lang), key="solve_show_answer", disabled=busy,
                       on_click=reveal, args=(problem,), help=t("solve.show_answer_help", lang))
    if checked:
        try:
            with st.spinner(t("solve.second_solution", lang)):
                result = check_student_answer(problem, typed, timeout=settings.cas_timeout,
                                              ask_model=lambda: ask_second(problem))
        except TutorError as exc:
            st.error(inert_markdown(exc.said(lang)))
        else:
            problem.answer_checks.append(result)
    notice = st.session_state.pop(REVEAL_NOTICE, None)
    if notice:
        st.info(inert_markdown(notice))
    view.show_revealed(problem, lang)
    view.show_answer_checks(problem, lang)


def answer(problem: Problem, mode: Mode, explain: str, work: str, work_photo: bytes | None,
           question: str = "") -> None:
    try:
        work_images = (view.prepared_image(work_photo).data,) if work_photo else ()
    except TutorError as exc:
        st.session_state[NOTICES] = [f"{t('solve.work_photo', lang)}: {exc.said(lang)}"]
        return
    try:
        step_check = guided_view.checked_step(problem, work, lang, timeout=settings.cas_timeout,
                                              ask_model=lambda: ask_second(problem)) if mode is Mode.GUIDE else None
    except TutorError as exc:
        st.session_state[NOTICES] = [exc.said(lang)]
        return
    conversation, fields = None, {}
    if mode is Mode.FOLLOW_UP:
        try:
            conversation = follow_up_conversation(problem, question, settings=settings, lang=explain)
        except TutorError as exc:
            st.session_state[NOTICES] = [exc.said(lang)]
            return
        fields = {"question": question, "summarised": conversation.summarised, "dropped": conversation.dropped}
    pending = view.start_pending(problem, mode, explain, work, **fields)

    def make_stream(cancel, on_wait):
        if mode is Mode.GUIDE:
            return guide(resources.backend(), problem, settings=settings, lang=explain, step=work, check=step_check,
                         session=session, cancel=cancel, on_wait=on_wait)
        if conversation is not None:
            stream = ask_follow_up(resources.backend(), problem, conversation, settings=settings, session=session,
                                   cancel=cancel, on_wait=on_wait)
        else:
            stream = respond(resources.backend(), problem, mode, settings=settings, lang=explain, student_work=work,
                             work_images=work_images, session=session, cancel=cancel, on_wait=on_wait)
        # A hint, or a question asked while being guided, never gives the answer away, whatever the model writes.
        return guarded(stream, problem, timeout=settings.cas_timeout) if hides_answer(problem, mode) else stream

    try:
        with talk.exchange(**fields, lang=lang) if conversation else nullcontext():
            text = view.stream_markdown(make_stream, lang, on_text=lambda so_far: pending.update(text=so_far))
    except TutorError as exc:
        st.session_state.pop(view.PENDING, None)
        st.session_state[NOTICES] = [exc.said(lang)]
        return
    st.session_state.pop(view.PENDING, None)
    reply = Reply(mode, text, explain, student_work=work, verification=step_check, **fields)
    if mode.verifies:
        try:
            with st.spinner(t("solve.second_solution", lang)):
                reply.verification = verify_reply(problem, mode, text, student_work=work,
                                                  timeout=settings.cas_timeout,
                                                  ask_model=lambda: ask_second(problem))
        except TutorError as exc:
            st.session_state[NOTICES] = [exc.said(lang)]
    problem.replies.append(reply)


current = view.current_problem()
if current is None:
    give_problem()
else:
    for image in current.images:
        st.image(image, width=360)
    st.markdown(f"**{t('solve.read_title', lang)}:**")
    st.markdown(inert_markdown(current.transcription))
    similar_view.similar_note(current, lang)
    graph_view.show_graph(current, lang)
    tutoring(current)
view.save_history()
# Last, so the worksheet downloads include this run's answer checks.
view.history_sidebar(lang)
