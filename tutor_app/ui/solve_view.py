"""Widgets of the Solve page: image preparation, streaming, replies with badges, history."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime
from contextlib import closing

import streamlit as st

from tutor_app.errors import TutorError
from tutor_app.i18n import LANGUAGES, t
from tutor_app.mathtext import inert_markdown, katex_formula, keep_line_breaks, typed_to_latex
from tutor_app.model.images import (
    PreparedImage,
    crop_image,
    prepare_image,
    rotate_image,
)
from tutor_app.speech import synthesize
from tutor_app.tutoring import (
    AGREES,
    DIFFERS,
    DISAGREES,
    VERIFIED,
    Chunk,
    Mode,
    Problem,
    Reply,
    Verification,
    Waiting,
    relay,
    worksheet_html,
    worksheet_markdown,
)
from tutor_app.tutoring.feedback import explain_reason, headline
from tutor_app.tutoring.history import HistoryStore, expiry, new_key, valid_key
from tutor_app.tutoring.relay import StreamFactory
from tutor_app.tutoring.worksheet import badge_reason, badge_text, reveals_answer, step_line
from tutor_app.ui import classroom, conversation_view, resources, state
from tutor_app.ui.guided_view import show_step_check
from tutor_app.ui.render import show_verdict

HISTORY = "solve_history"
CURRENT = "solve_current"
PENDING = "solve_pending"
AUDIO = "solve_audio"
BROWSER_KEY = "solve_browser_key"
SAVED_SHAPE = "solve_saved_shape"
# The address parameter that carries this browser's private history key.
KEY_PARAM = "me"
# Shown on narrow screens only, where the sidebar is folded away.
PHONE_BAR_CSS = """
<style>
@media (min-width: 769px) { .st-key-phone_bar { display: none; } }
</style>
"""


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


def image_editor(index: int, name: str, data: bytes, lang: str, *, preview: bool = True) -> PreparedImage | None:
    """Rotate and crop controls for one image and the image as the model will see it.

    Without ``preview`` the image is shown only once it is turned or cropped
    (the camera widget already shows the photo as taken).
    """
    key = image_key(index, data)
    turns_key = f"solve_turns_{key}"
    left, right = st.session_state.get(f"solve_crop_x_{key}", (0, 100))
    top, bottom = st.session_state.get(f"solve_crop_y_{key}", (0, 100))
    changed = st.session_state.get(turns_key, 0) % 4 or (left, right, top, bottom) != (0, 100, 0, 100)
    settings = resources.settings()
    try:
        prepared = _prepared(
            data, st.session_state.get(turns_key, 0),
            (left / 100, top / 100, right / 100, bottom / 100),
            settings.image_short_side, settings.image_max_tokens, settings.max_upload_mb * 1024 * 1024,
        )
    except TutorError as exc:
        st.error(inert_markdown(f"{name}: {exc.said(lang)}"), icon=":material/block:")
        return None
    caption = f"{name} · " + t("solve.prepared", lang).format(
        width=prepared.width, height=prepared.height, tokens=prepared.tokens)
    if preview or changed:
        st.image(prepared.data, caption=caption)
    else:
        st.caption(caption)
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
    # The place in line while waiting for the model, drawn again on every heartbeat until the turn comes.
    waiting = ""

    def show_status() -> None:
        if waiting:
            status.info(waiting, icon=":material/hourglass_top:")
        else:
            status.caption(t("solve.thinking", lang))

    show_status()
    text = ""
    served_since = time.monotonic()
    # closing(): an interrupted run must end the relay (and so the model) at once.
    # finally: a model error must not leave a live-looking Stop button behind.
    try:
        with closing(relay(make_stream)) as events:
            for event in events:
                if isinstance(event, Chunk):
                    if not text:
                        status.empty()
                    text += event.text
                    on_text(text)
                    body.markdown(inert_markdown(text))
                elif isinstance(event, Waiting):
                    served_since = time.monotonic()
                    waiting = place_in_line(event.place, lang) if event.place else ""
                    show_status()
                elif not text:
                    # A heartbeat while nothing has arrived: a point where Streamlit can stop this run.
                    show_status()
        resources.wait_estimate().record(time.monotonic() - served_since)
    finally:
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
    """One reply: heading, the student's working, the first wrong line, the text, badge and read-aloud."""
    with st.container(key=f"solve_reply_{index}"):
        if reply.mode is Mode.FOLLOW_UP:
            with conversation_view.exchange(reply.question, reply.summarised, reply.dropped, lang):
                _reply_body(problem, index, reply, lang)
            return
        st.markdown(f"#### {t(f'solve.mode.{reply.mode.value}', lang)}")
        _reply_body(problem, index, reply, lang)


def _reply_body(problem: Problem, index: int, reply: Reply, lang: str) -> None:
    """The reply's own part: working, first wrong line, text, badge and read-aloud."""
    if reply.student_work:
        with st.container(border=True, key=f"solve_work_{index}"):
            st.caption(t("guided.your_step" if reply.mode is Mode.GUIDE else "solve.work_label", lang))
            st.markdown(keep_line_breaks(inert_markdown(reply.student_work)))
    check = reply.verification
    if reply.mode is Mode.CHECK_WORK and check:
        show_first_wrong(check, lang, reveal=False)
    if reply.mode is Mode.GUIDE and check:
        show_step_check(check, lang)
    st.markdown(inert_markdown(reply.text))
    if reply.stopped:
        st.caption(t("solve.stopped", lang))
    if check and reply.mode is not Mode.GUIDE:
        show_verification(reply, lang, reveal=reveals_answer(reply))
    speak_key = f"solve_speak_{problem.id}_{index}"
    fresh = False
    if st.button(t("solve.read_aloud", lang), key=speak_key, icon=":material/volume_up:"):
        try:
            settings = resources.settings()
            st.session_state.setdefault(AUDIO, {})[speak_key] = synthesize(
                reply.text, reply.language, rate=settings.tts_rate,
                voice=settings.voice_for(reply.language))
            fresh = True
        except TutorError as exc:
            st.error(inert_markdown(exc.said(lang)))
    audio = st.session_state.get(AUDIO, {}).get(speak_key)
    if audio:
        # Plays on the click that made it; later reruns only show the player.
        st.audio(audio, format="audio/wav", autoplay=fresh)


def _math(text: str) -> str:
    formula = katex_formula(text)
    return inert_markdown(f"${formula}$" if "$" not in formula else text)


def show_verification(reply: Reply, lang: str, *, reveal: bool) -> None:
    """The CAS badge for the final answer and a mark for each line; the answer itself only if ``reveal``."""
    check = reply.verification
    text = f"{headline(badge_text(check, lang), lang)} {inert_markdown(badge_reason(check, lang, reveal=reveal))}"
    if reveal and check.final_answer:
        text += f"  \n{t('solve.final_answer', lang)}: {_math(check.final_answer)}"
    if check.badge == VERIFIED:
        st.success(text, icon=":material/check_circle:")
    elif check.badge == AGREES:
        st.info(text, icon=":material/done_all:")
    elif check.badge in (DISAGREES, DIFFERS):
        st.warning(text, icon=":material/warning:")
    else:
        st.info(text, icon=":material/help:")
    if reply.mode is not Mode.CHECK_WORK:
        show_first_wrong(check, lang, reveal=reveal)
    if check.steps and check.steps.steps:
        with st.expander(t("solve.steps", lang)):
            st.markdown("  \n".join(inert_markdown(step_line(mark, lang)) for mark in check.steps.steps))


def show_first_wrong(check: Verification, lang: str, *, reveal: bool) -> None:
    """The first line shown to be wrong: its number, why, and (only if ``reveal``) what it should be."""
    if not check.steps or check.steps.first_wrong is None:
        return
    mark = check.steps.steps[check.steps.first_wrong]
    text = (f"**{t('solve.first_wrong', lang)}** {t('solve.line', lang).format(number=mark.index + 1)} "
            f"{_math(mark.text)}  \n{inert_markdown(explain_reason(mark.reason, 'not_equivalent', lang, reveal=reveal))}")
    if reveal and mark.correction:
        text += f"  \n{t('solve.should_be', lang)}: {_math(mark.correction)}"
    st.error(text, icon=":material/error:")


def show_answer_checks(problem: Problem, lang: str) -> None:
    """Every verdict on the student's own answers, newest first, without the correct answer."""
    for check in reversed(problem.answer_checks):
        st.caption(f"{t('solve.you_answered', lang)}: {_math(typed_to_latex(check.answer))}")
        show_verdict(check.verdict, lang, reveal=False)
        if check.against:
            st.caption(t(f"solve.against.{check.against}", lang))


def answer_preview(typed: str, lang: str) -> None:
    """What the student typed, shown as math, so a slip in the typing shows before checking."""
    if typed.strip():
        st.caption(f"{t('solve.preview', lang)}: {_math(typed_to_latex(typed))}")


def show_revealed(problem: Problem, lang: str) -> None:
    """The correct answer, once asked for, with the time it was shown."""
    if problem.revealed_at is not None:
        st.info(f"**{t('solve.the_answer', lang)}:** {inert_markdown(problem.revealed)}  \n"
                + t("solve.revealed_at", lang).format(time=f"{problem.revealed_at:%H:%M}"),
                icon=":material/visibility:")


def _store() -> HistoryStore:
    settings = resources.settings()
    return HistoryStore(settings.data_dir / "student_history", settings.history_hours)


def browser_key() -> str:
    """This browser's private history key, kept in the page address so a reload finds it again."""
    key = st.query_params.get(KEY_PARAM)
    if not valid_key(key):
        key = st.session_state.get(BROWSER_KEY) or new_key()
    st.session_state[BROWSER_KEY] = key
    if st.query_params.get(KEY_PARAM) != key:
        st.query_params[KEY_PARAM] = key
    return key


def _shape(problems: list[Problem]) -> tuple:
    return tuple((p.id, len(p.replies), len(p.answer_checks), p.revealed_at, p.graph is not None) for p in problems)


def history() -> list[Problem]:
    """This browser's problems, oldest first: restored from the server on the first run after a reload."""
    if HISTORY not in st.session_state:
        problems = _store().load(browser_key())
        st.session_state[HISTORY] = problems
        st.session_state[SAVED_SHAPE] = _shape(problems)
        if problems:
            # After a reload, carry on with the problem worked on last.
            st.session_state.setdefault(CURRENT, problems[-1].id)
    return st.session_state[HISTORY]


def save_history() -> None:
    """Write this browser's problems to the server when they changed since the last save."""
    problems = history()
    shape = _shape(problems)
    if shape != st.session_state.get(SAVED_SHAPE):
        _store().save(browser_key(), problems)
        st.session_state[SAVED_SHAPE] = shape


def _forget() -> None:
    _store().forget(browser_key())
    st.session_state[HISTORY] = []
    st.session_state[SAVED_SHAPE] = ()
    st.session_state[CURRENT] = None


def current_problem() -> Problem | None:
    """The problem being worked on, if one was confirmed or reopened."""
    problems = history()  # first: restoring after a reload chooses the current problem
    wanted = st.session_state.get(CURRENT)
    return next((p for p in problems if p.id == wanted), None)


def _open(problem_id: str | None) -> None:
    st.session_state[CURRENT] = problem_id


def _copy_language() -> None:
    st.session_state[state.LANG] = st.session_state["lang_main"]


def phone_bar(lang: str) -> None:
    """New problem and the language in the main column, for phones where the sidebar is folded away."""
    st.html(PHONE_BAR_CSS)
    st.session_state["lang_main"] = lang
    with st.container(key="phone_bar"):
        cols = st.columns(2, vertical_alignment="bottom")
        cols[0].button(t("solve.new", lang), key="solve_new_main", on_click=_open, args=(None,),
                       icon=":material/add:", width="stretch")
        cols[1].selectbox(t("header.language", lang), list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                          key="lang_main", on_change=_copy_language)


def history_sidebar(lang: str) -> None:
    """The browser's problems, each re-openable, the worksheet downloads and Forget my problems."""
    problems = history()
    with st.sidebar:
        st.subheader(t("solve.history", lang))
        st.button(t("solve.new", lang), key="solve_new", on_click=_open, args=(None,), icon=":material/add:")
        for problem in reversed(problems):
            st.button(inert_markdown(f"{problem.created:%H:%M} · {problem.label}"), key=f"solve_open_{problem.id}",
                      on_click=_open, args=(problem.id,), width="stretch")
        if problems:
            st.download_button(t("solve.download_md", lang), worksheet_markdown(problems, lang),
                               file_name="worksheet.md", mime="text/markdown", key="solve_download_md",
                               on_click="ignore")
            st.download_button(t("solve.download_html", lang), worksheet_html(problems, lang),
                               file_name="worksheet.html", mime="text/html", key="solve_download_html",
                               on_click="ignore")
            until = expiry(datetime.now(), resources.settings().history_hours)
            st.caption(t("solve.kept", lang).format(until=f"{until:%Y-%m-%d %H:%M}"))
            st.button(t("solve.forget", lang), key="solve_forget", on_click=_forget,
                      icon=":material/delete:")


def start_pending(problem: Problem, mode: Mode, lang: str, work: str, **fields: object) -> dict:
    """Remember the answer being streamed (``fields``: the Reply's others), so an interrupted run can keep what arrived."""
    pending = {"problem": problem.id, "mode": mode, "lang": lang, "work": work, "text": "", "fields": fields}
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
                                     stopped=True, student_work=pending["work"], **pending["fields"]))
