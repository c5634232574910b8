"""Guided mode on the Solve page: the box for the student's next step and the checker's mark on each."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from tutor_app.errors import MathInputError
from tutor_app.i18n import t
from tutor_app.mathtext import inert_markdown
from tutor_app.tutoring import Mode, Problem, Verification
from tutor_app.tutoring.guided import (
    SOLVED,
    STEP_RIGHT,
    STEP_WRONG,
    Guided,
    check_step,
    guided_state,
    verdict_text,
)
from tutor_app.tutoring.verify import AskModel

STEP = "solve_guided_step"
SENT = "solve_guided_sent"


def _send(request: Callable[[Mode], None]) -> None:
    # A callback, so the box can be emptied before it is drawn again.
    st.session_state[SENT] = st.session_state.get(STEP, "")
    st.session_state[STEP] = ""
    request(Mode.GUIDE)


def sent_step() -> str:
    """The step the student just sent ("" when guided mode is being started)."""
    return st.session_state.pop(SENT, "")


def step_box(problem: Problem, lang: str, *, busy: bool, request: Callable[[Mode], None]) -> None:
    """While guided mode waits for the student: the box for their next step; once solved, well done."""
    state = guided_state(problem)
    if state is Guided.WAITING:
        with st.container(border=True, key="solve_guided"):
            st.text_area(t("guided.step", lang), key=STEP, height=80, placeholder="2x = 4", disabled=busy)
            st.caption(t("guided.step_help", lang))
            st.button(t("guided.check", lang), key="solve_guided_check", type="primary", disabled=busy,
                      on_click=_send, args=(request,))
    elif state is Guided.SOLVED:
        st.success(t("guided.solved", lang), icon=":material/celebration:")


def checked_step(problem: Problem, step: str, lang: str, *, timeout: float,
                 ask_model: AskModel) -> Verification | None:
    """The checker's mark on the step just sent; None when guided mode is only being started."""
    if guided_state(problem) is not Guided.WAITING:
        return None
    if not step.strip():
        raise MathInputError(key="guided.empty_step")
    with st.spinner(t("guided.checking", lang)):
        return check_step(problem, step, timeout=timeout, ask_model=ask_model)


def show_step_check(check: Verification, lang: str) -> None:
    """The checker's mark on one guided step, the answer never quoted."""
    text = inert_markdown(verdict_text(check, lang))
    if check.badge in (STEP_RIGHT, SOLVED):
        st.success(text, icon=":material/check_circle:")
    elif check.badge == STEP_WRONG:
        st.error(text, icon=":material/error:")
    else:
        st.info(text, icon=":material/help:")
