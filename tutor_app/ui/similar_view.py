"""Try a similar problem on the Solve page: the button, the attempts, and the new problem opened."""

from __future__ import annotations

import streamlit as st

from tutor_app.config import Settings
from tutor_app.i18n import t
from tutor_app.tutoring import Problem
from tutor_app.tutoring.similar import ATTEMPTS, make_similar
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
    """Make a similar problem in ``lang`` and open it; the message to show when none could be made."""
    classroom.admit_request()
    status = st.empty()

    def attempt(number: int) -> None:
        status.info(t("similar.making", lang).format(number=number, total=ATTEMPTS), icon=":material/autorenew:")

    made = make_similar(resources.backend(), problem, settings=settings, lang=lang, session=session,
                        on_attempt=attempt)
    status.empty()
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
