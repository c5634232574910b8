"""The navigation and the header every page shares."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tutor_app.i18n import LANGUAGES, t
from tutor_app.ui import resources, state

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


def language() -> str:
    """The interface language this browser session chose."""
    if state.LANG not in st.session_state:
        st.session_state[state.LANG] = resources.settings().language
    return st.session_state[state.LANG]


def pages() -> list[st.Page]:
    """Every page of the app, titled in the session's language."""
    lang = language()
    return [
        st.Page(PAGES_DIR / "solve.py", title=t("nav.solve", lang), icon="✏️", default=True),
        st.Page(PAGES_DIR / "check.py", title=t("nav.check", lang), icon="✅"),
        st.Page(PAGES_DIR / "teacher.py", title=t("nav.teacher", lang), icon="🧑‍🏫"),
        st.Page(PAGES_DIR / "settings.py", title=t("nav.settings", lang), icon="⚙️"),
    ]


def header() -> None:
    """The language switch in the sidebar."""
    with st.sidebar:
        st.selectbox(
            t("header.language", language()),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=state.LANG,
        )
