"""The passcode prompt in front of the Teacher and Settings pages."""

from __future__ import annotations

import streamlit as st

from tutor_app.classroom.access import PasscodeGate
from tutor_app.grading.passcode import passcode_is_set, set_passcode
from tutor_app.i18n import t
from tutor_app.ui import resources

GATE = "teacher_gate"


def _gate() -> PasscodeGate:
    if GATE not in st.session_state:
        st.session_state[GATE] = PasscodeGate()
    return st.session_state[GATE]


def is_teacher() -> bool:
    """True once this browser session has entered the Teacher passcode."""
    return _gate().unlocked


def _set_first_passcode(lang: str, gate: PasscodeGate) -> None:
    st.info(t("access.set_first", lang))
    with st.form("teacher_new_passcode", clear_on_submit=True):
        first = st.text_input(t("access.new", lang), type="password", key="teacher_new_passcode_1")
        second = st.text_input(t("access.repeat", lang), type="password", key="teacher_new_passcode_2")
        submitted = st.form_submit_button(t("access.save", lang), type="primary")
    if not submitted:
        return
    if first != second:
        st.error(t("access.differ", lang))
        return
    set_passcode(first)
    gate.unlocked = True
    st.rerun()


def require_teacher(lang: str) -> bool:
    """Show the passcode form and stop the page until this session has entered the right one."""
    gate = _gate()
    if gate.unlocked:
        return True
    settings = resources.settings()
    st.title(t("access.title", lang))
    if not passcode_is_set(settings):
        if settings.classroom:
            # Anyone in the room could set it: only the laptop's `tutor passcode` may.
            st.warning(t("access.unset_classroom", lang))
        else:
            _set_first_passcode(lang, gate)
        st.stop()
    with st.form("teacher_passcode_form", clear_on_submit=True):
        passcode = st.text_input(t("access.passcode", lang), type="password", key="teacher_passcode")
        submitted = st.form_submit_button(t("access.enter", lang), type="primary")
    if submitted:
        result = gate.attempt(passcode, settings)
        if result == "ok":
            st.rerun()
        if result == "wrong":
            st.error(t("access.wrong", lang))
        else:
            st.error(t("access.locked", lang).format(seconds=gate.wait_left()))
    st.stop()
