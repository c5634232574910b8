"""Try a similar problem on the Solve page: the button, the attempts, and the new problem opened."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import closing

import streamlit as st

from tutor_app.config import Settings
from tutor_app.i18n import t
from tutor_app.tutoring import Problem, Waiting, relay
from tutor_app.tutoring.similar import ATTEMPTS, Similar, make_similar
from tutor_app.ui import classroom, resources
from tutor_app.ui import solve_view as view

REQUESTED = "solve_similar_requested"
# Problem id -> whether the CAS checked its answer, for the similar problems made in this session.
MADE = "solve_similar_made"


def _ask() -> None:
    st.session_state[REQUESTED] = True


def similar_button(lang: str, *, busy: bool) -> None:
    """The "Try a similar problem" button."""
    st.button(t("similar.button", lang), key="solve_similar", icon=":material/autorenew:", disabled=busy,
              on_click=_ask)


def requested() -> bool:
    """Whether the student just asked for a similar problem."""
    return st.session_state.pop(REQUESTED, False)


def open_similar(problem: Problem, lang: str, *, settings: Settings, session: str) -> str:
    """Make a similar problem in ``lang`` and open it; the message to show when none could be made.

    The model writes in a worker thread. A Stop press interrupts this run at its next heartbeat,
    which ends the relay and so cancels the model (three attempts of the 8B on a laptop take minutes).
    """
    classroom.admit_request()
    backend = resources.backend()
    slot = st.empty()
    with slot.container(key="similar_making"):
        st.button(t("solve.stop", lang), key="similar_stop", icon=":material/stop_circle:")
        status = st.empty()
    # The place in line while waiting for the model; the attempt, set by the worker thread.
    waiting, attempt = "", 1
    results: list[Similar] = []

    def show_status() -> None:
        if waiting:
            status.info(waiting, icon=":material/hourglass_top:")
        else:
            status.info(t("similar.making", lang).format(number=attempt, total=ATTEMPTS),
                        icon=":material/autorenew:")

    def on_attempt(number: int) -> None:
        nonlocal attempt
        attempt = number

    def make(cancel: threading.Event, on_wait: Callable[[int], None]) -> Iterator[str]:
        results.append(make_similar(backend, problem, settings=settings, lang=lang, session=session,
                                    cancel=cancel, on_attempt=on_attempt, on_wait=on_wait))
        return iter(())

    show_status()
    try:
        with closing(relay(make)) as events:
            for event in events:
                if isinstance(event, Waiting):
                    waiting = view.place_in_line(event.place, lang) if event.place else ""
                show_status()
    finally:
        slot.empty()
    (made,) = results
    if made.problem is None:
        return t("similar.failed", lang).format(total=ATTEMPTS)
    view.history().append(made.problem)
    st.session_state.setdefault(MADE, {})[made.problem.id] = made.checked
    st.session_state[view.CURRENT] = made.problem.id
    view.save_history()
    st.rerun()


def similar_note(problem: Problem, lang: str) -> None:
    """For a similar problem made here: whether its answer was checked."""
    checked = st.session_state.get(MADE, {}).get(problem.id)
    if checked is not None:
        st.info(t("similar.checked" if checked else "similar.unchecked", lang), icon=":material/autorenew:")
