"""The navigation and the header every page shares."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tutor_app.i18n import LANGUAGES, t
from tutor_app.ui import classroom, resources, state
from tutor_app.ui.access import is_teacher, page_needs_passcode, require_teacher

PAGES_DIR = Path(__file__).resolve().parent.parent / "views"


LANG_PARAM = "lang"


def language() -> str:
    """The interface language this browser chose: the page address keeps it across a reload.

    The one place it is chosen is the language switch (in the sidebar, and in the
    main column on a phone); the saved setting is only where a new visitor starts.
    """
    if state.LANG not in st.session_state:
        chosen = st.query_params.get(LANG_PARAM)
        st.session_state[state.LANG] = chosen if chosen in LANGUAGES else resources.settings().language
    return st.session_state[state.LANG]


def _keep_language_in_address() -> None:
    lang = language()
    if lang == resources.settings().language:
        st.query_params.pop(LANG_PARAM, None)
    elif st.query_params.get(LANG_PARAM) != lang:
        st.query_params[LANG_PARAM] = lang


def _teacher_sign_in() -> None:
    require_teacher(language())


def pages() -> list[st.Page]:
    """The pages this session may open, titled in its language.

    Until the passcode is entered, Teacher is a sign-in form under the same
    address, and in classroom mode Settings is not listed: its address says it
    needs the passcode and links to the sign-in. The projector view is the
    signed-in teacher's, in classroom mode.
    """
    lang = language()
    settings = resources.settings()
    teacher = is_teacher()
    listed = [
        st.Page(PAGES_DIR / "solve.py", title=t("nav.solve", lang), icon=":material/edit:", default=True),
        st.Page(PAGES_DIR / "check.py", title=t("nav.check", lang), icon=":material/check_circle:"),
    ]
    if teacher:
        sign_in = st.Page(PAGES_DIR / "teacher.py", title=t("nav.teacher", lang), icon=":material/school:")
    else:
        sign_in = st.Page(_teacher_sign_in, title=t("nav.teacher", lang), icon=":material/school:", url_path="teacher")
    listed.append(sign_in)
    if teacher or not page_needs_passcode("settings"):
        listed.append(st.Page(PAGES_DIR / "settings.py", title=t("nav.settings", lang), icon=":material/settings:"))
    else:

        def settings_locked() -> None:
            st.title(t("nav.settings", lang))
            st.info(t("access.settings_locked", lang))
            st.page_link(sign_in, label=t("access.sign_in_link", lang), icon=":material/login:")

        listed.append(
            st.Page(settings_locked, title=t("nav.settings", lang), url_path="settings", visibility="hidden")
        )
    if teacher and settings.classroom:
        listed.append(
            st.Page(PAGES_DIR / "projector.py", title=t("nav.projector", lang), icon=":material/qr_code_2:")
        )
    return listed


def header() -> None:
    """The language switch in the sidebar, the phone layout and, in classroom mode, the QR code."""
    classroom.phone_layout()
    with st.sidebar:
        st.selectbox(
            t("header.language", language()),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=state.LANG,
        )
    _keep_language_in_address()
    classroom.banner(language())
