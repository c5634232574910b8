"""Rendering helpers: verdicts and model text with math."""

from __future__ import annotations

import streamlit as st

from tutor_app.i18n import t
from tutor_app.mathcheck import Verdict


def show_verdict(verdict: Verdict, lang: str) -> None:
    """A coloured box with the verdict, its reason and the forms compared."""
    title = t(f"verdict.{verdict.kind}", lang)
    body = f"**{title}.** {verdict.reason}"
    if verdict.kind == "equivalent":
        st.success(body, icon=":material/check_circle:")
    elif verdict.kind == "not_equivalent":
        st.error(body, icon=":material/cancel:")
    elif verdict.kind == "wrong_form":
        st.warning(body, icon=":material/warning:")
    else:
        st.info(body, icon=":material/help:")
    if verdict.normalized_reference or verdict.normalized_answer:
        st.caption(
            f"{t('verdict.compared', lang)}: `{verdict.normalized_reference}` · "
            f"`{verdict.normalized_answer}`"
        )
