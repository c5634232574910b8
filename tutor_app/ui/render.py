"""Rendering helpers: verdicts and model text with math."""

from __future__ import annotations

import streamlit as st

from tutor_app.i18n import t
from tutor_app.mathcheck import Verdict
from tutor_app.mathtext import inert_markdown
from tutor_app.tutoring.feedback import explain, headline, show_math, verdict_title


def show_verdict(verdict: Verdict, lang: str, *, reveal: bool) -> None:
    """A coloured box with the verdict and why; the forms compared only when the answer may be seen."""
    body = f"{headline(verdict_title(verdict, lang), lang)} {inert_markdown(explain(verdict, lang, reveal=reveal))}"
    if verdict.kind == "equivalent":
        st.success(body, icon=":material/check_circle:")
    elif verdict.kind == "not_equivalent":
        st.error(body, icon=":material/cancel:")
    elif verdict.kind == "wrong_form":
        st.warning(body, icon=":material/warning:")
    else:
        st.info(body, icon=":material/help:")
    if reveal and verdict.normalized_reference and verdict.normalized_answer:
        st.caption(
            f"{t('verdict.compared', lang)}: {inert_markdown(show_math(verdict.normalized_reference))} · "
            f"{inert_markdown(show_math(verdict.normalized_answer))}"
        )
