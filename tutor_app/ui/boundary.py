"""The one error boundary around the pages: our errors as messages, anything else logged with a reference."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec

import streamlit as st

from tutor_app.errorlog import log_error
from tutor_app.errors import TutorError
from tutor_app.i18n import t
from tutor_app.mathtext import inert_markdown, inline_code
from tutor_app.ui import resources, state

LOG_NAME = "app.log"

P = ParamSpec("P")


@contextmanager
def error_boundary() -> Iterator[None]:
    """Show a TutorError's message; log anything else and show the reference to find it in the log."""
    try:
        with showing_messages():
            yield
    except Exception as exc:  # noqa: BLE001 - this is the boundary; Streamlit's stop and rerun are BaseExceptions
        log = resources.settings().data_dir / "logs" / LOG_NAME
        reference = log_error(log, exc)
        message = t("error.unexpected", _language()).format(reference=reference, log=inline_code(str(log)))
        st.error(message, icon=":material/error:")


def fragment(run_every: float | None = None) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """``st.fragment`` with the error boundary inside: a fragment's own reruns do not pass through app.py."""

    def decorate(function: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(function)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
            with error_boundary():
                function(*args, **kwargs)

        return st.fragment(guarded, run_every=run_every)

    return decorate


@contextmanager
def showing_messages() -> Iterator[None]:
    """A TutorError's message on the page; anything else goes on up (to the boundary, or a test)."""
    try:
        yield
    except TutorError as exc:
        st.error(inert_markdown(exc.said(_language())), icon=":material/error:")


def show_settings_problem(lang: str) -> None:
    """Which setting is invalid, when one is (it is at its default until fixed)."""
    problem = resources.settings_problem()
    if problem:
        st.warning(t("error.config", lang).format(problem=inert_markdown(problem)), icon=":material/settings_alert:")


def _language() -> str:
    # The boundary must not fail itself, so it does not read settings for the language.
    return st.session_state.get(state.LANG, "en")
