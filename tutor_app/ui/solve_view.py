"""Widgets of the Solve page: image preparation, streaming, replies with badges, history."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import closing

import streamlit as st

from tutor_app.errors import TutorError
from tutor_app.i18n import t
from tutor_app.mathtext import normalize_math
from tutor_app.model.images import (
    PreparedImage,
    crop_image,
    prepare_image,
    rotate_image,
)
from tutor_app.speech import synthesize
from tutor_app.tutoring import (
    DISAGREES,
    VERIFIED,
    Chunk,
    Mode,
    Problem,
    Reply,
    Waiting,
    relay,
    worksheet_html,
    worksheet_markdown,
)
from tutor_app.tutoring.relay import StreamFactory
from tutor_app.tutoring.worksheet import badge_text, step_symbol
from tutor_app.ui import classroom, resources
from tutor_app.ui.render import show_verdict

HISTORY = "solve_history"
CURRENT = "solve_current"
PENDING = "solve_pending"
AUDIO = "solve_audio"


def image_key(index: int, data: bytes) -> str:
    """A stable id for the ``index``-th uploaded image, so its rotation and crop follow it."""
    return f"{index}-{hashlib.sha1(data).hexdigest()[:10]}"


@st.cache_data(max_entries=32, show_spinner=False)
def _prepared(data: bytes, turns: int, box: tuple[float, float, float, float],
              short_side: int, max_tokens: int, max_bytes: int) -> PreparedImage:
    if turns % 4:
        data = rotate_image(data, turns, max_bytes=max_bytes)
    if box != (0.0, 0.0, 1.0, 1.0):
        data = crop_image(data, box, max_bytes=max_bytes)
    return prepare_image(data, short_side=short_side, max_tokens=max_tokens, max_bytes=max_bytes)


def prepared_image(data: bytes) -> PreparedImage:
    """``data`` prepared as the model will see it, under the settings' budget."""
    settings = resources.settings()
    return _prepared(data, 0, (0.0, 0.0, 1.0, 1.0), settings.image_short_side,
                     settings.image_max_tokens, settings.max_upload_mb * 1024 * 1024)


def _turn(key: str, by: int) -> None:
    st.session_state[key] = st.session_state.get(key, 0) + by


def image_editor(index: int, name: str, data: bytes, lang: str) -> PreparedImage | None:
    """Rotate and crop controls for one image and the image as the model will see it."""
    key = image_key(index, data)
    turns_key = f"solve_turns_{key}"
    left, right = st.session_state.get(f"solve_crop_x_{key}", (0, 100))
    top, bottom = st.session_state.get(f"solve_crop_y_{key}", (0, 100))
    settings = resources.settings()
    try:
        prepared = _prepared(
            data, st.session_state.get(turns_key, 0),
            (left / 100, top / 100, right / 100, bottom / 100),
            settings.image_short_side, settings.image_max_tokens, settings.max_upload_mb * 1024 * 1024,
        )
    except TutorError as exc:
        st.error(f"{name}: {exc}", icon=":material/block:")
        return None
    st.image(prepared.data, caption=f"{name} · " + t("solve.prepared", lang).format(
        width=prepared.width, height=prepared.height, tokens=prepared.tokens))
    cols = st.columns(2)
    cols[0].button(t("solve.rotate_left", lang), key=f"solve_rotl_{key}", on_click=_turn, args=(turns_key, -1),
                   width="stretch")
    cols[1].button(t("solve.rotate_right", lang), key=f"solve_rotr_{key}", on_click=_turn, args=(turns_key, 1),
                   width="stretch")
    with st.expander(t("solve.crop", lang)):
        st.slider(t("solve.crop_x", lang), 0, 100, (0, 100), step=5, key=f"solve_crop_x_{key}")
        st.slider(t("solve.crop_y", lang), 0, 100, (0, 100), step=5, key=f"solve_crop_y_{key}")
    return prepared


def stream_markdown(make_stream: StreamFactory, lang: str,
                    on_text: Callable[[str], None] = lambda text: None) -> str:
    """Stream an answer with rendered math, a Stop button and the place in line; return its text.

    ``on_text`` sees the text so far after every chunk, so a Stop press (which
    interrupts this run) leaves the partial answer behind. The streaming area
    is cleared at the end, for the caller to show the finished answer.
    """
    classroom.admit_request()
    slot = st.empty()
    with slot.container(key="solve_streaming"):
        st.button(t("solve.stop", lang), key="solve_stop", icon=":material/stop_circle:")
        status = st.empty()
        body = st.empty()
    status.caption(t("solve.thinking", lang))
    text = ""
    served_since = time.monotonic()
    # closing(): an interrupted run must end the relay (and so the model) at once.
    with closing(relay(make_stream)) as events:
        for event in events:
            if isinstance(event, Chunk):
                if not text:
                    status.empty()
                text += event.text
                on_text(text)
                body.markdown(normalize_math(text))
            elif isinstance(event, Waiting):
                served_since = time.monotonic()
                status.info(place_in_line(event.place, lang), icon=":material/hourglass_top:")
            elif not text:
                # A heartbeat while nothing has arrived: a point where Streamlit can stop this run.
                status.caption(t("solve.thinking", lang))
    resources.wait_estimate().record(time.monotonic() - served_since)
    slot.empty()
    return text


def place_in_line(place: int, lang: str) -> str:
    """"You are number N in line", with the expected wait once answers have been timed."""
    message = t("solve.place", lang).format(place=place)
    seconds = resources.wait_estimate().seconds(place)
    if seconds is not None:
        message += " " + t("solve.place_wait", lang).format(seconds=max(1, round(seconds)))
    return message


def show_reply(problem: Problem, index: int, reply: Reply, lang: str) -> None:
    """One reply: heading, rendered text, badge, checked steps and the read-aloud button."""
    with st.container(key=f"solve_reply_{index}"):
        st.markdown(f"#### {t(f'solve.mode.{reply.mode.value}', lang)}")
        if reply.student_work:
            with st.expander(t("solve.work_label", lang)):
                st.markdown(normalize_math(reply.student_work))
        st.markdown(normalize_math(reply.text))
        if reply.stopped:
            st.caption(t("solve.stopped", lang))
        if reply.verification:
            show_verification(reply, lang)
        speak_key = f"solve_speak_{problem.id}_{index}"
        if st.button(t("solve.read_aloud", lang), key=speak_key, icon=":material/volume_up:"):
            try:
                settings = resources.settings()
                st.session_state.setdefault(AUDIO, {})[speak_key] = synthesize(
                    reply.text, reply.language, rate=settings.tts_rate,
                    voice=settings.voice_for(reply.language))
            except TutorError as exc:
                st.error(str(exc))
        audio = st.session_state.get(AUDIO, {}).get(speak_key)
        if audio:
            st.audio(audio, format="audio/wav")


def show_verification(reply: Reply, lang: str) -> None:
    """The CAS badge for the final answer and a mark for each algebraic step."""
    check = reply.verification
    text = f"**{badge_text(check, lang)}.** {check.reason}"
    if check.final_answer:
        text += f"  \n{t('solve.final_answer', lang)}: `{check.final_answer}`"
    if check.badge == VERIFIED:
        st.success(text, icon=":material/check_circle:")
    elif check.badge == DISAGREES:
        st.warning(text, icon=":material/warning:")
    else:
        st.info(text, icon=":material/help:")
    if check.steps and check.steps.steps:
        with st.expander(t("solve.steps", lang)):
            for mark in check.steps.steps:
                st.markdown(f"{step_symbol(mark.follows)} `{mark.text}` — {mark.reason}")


def show_answer_checks(problem: Problem, lang: str) -> None:
    """Every verdict on the student's own answers, newest first."""
    for check in reversed(problem.answer_checks):
        st.caption(f"`{check.answer}`")
        show_verdict(check.verdict, lang)


def history() -> list[Problem]:
    """This browser session's problems, oldest first."""
    return st.session_state.setdefault(HISTORY, [])


def current_problem() -> Problem | None:
    """The problem being worked on, if one was confirmed or reopened."""
    wanted = st.session_state.get(CURRENT)
    return next((p for p in history() if p.id == wanted), None)


def _open(problem_id: str | None) -> None:
    st.session_state[CURRENT] = problem_id


def history_sidebar(lang: str) -> None:
    """The session's problems, each re-openable, and the worksheet downloads."""
    problems = history()
    with st.sidebar:
        st.subheader(t("solve.history", lang))
        st.button(t("solve.new", lang), key="solve_new", on_click=_open, args=(None,), icon=":material/add:")
        for problem in reversed(problems):
            st.button(f"{problem.created:%H:%M} · {problem.label}", key=f"solve_open_{problem.id}",
                      on_click=_open, args=(problem.id,), width="stretch")
        if problems:
            st.download_button(t("solve.download_md", lang), worksheet_markdown(problems, lang),
                               file_name="worksheet.md", mime="text/markdown", key="solve_download_md",
                               on_click="ignore")
            st.download_button(t("solve.download_html", lang), worksheet_html(problems, lang),
                               file_name="worksheet.html", mime="text/html", key="solve_download_html",
                               on_click="ignore")


def start_pending(problem: Problem, mode: Mode, lang: str, work: str) -> dict:
    """Remember the answer being streamed, so an interrupted run can keep what arrived."""
    pending = {"problem": problem.id, "mode": mode, "lang": lang, "work": work, "text": ""}
    st.session_state[PENDING] = pending
    return pending


def finish_interrupted() -> None:
    """Keep an answer cut off by Stop (or any click) as a stopped reply."""
    pending = st.session_state.pop(PENDING, None)
    if not pending:
        return
    problem = next((p for p in history() if p.id == pending["problem"]), None)
    if problem is not None and pending["text"].strip():
        problem.replies.append(Reply(pending["mode"], pending["text"], pending["lang"],
                                     stopped=True, student_work=pending["work"]))
