"""The passcode prompt in front of the Teacher and Settings pages, sign-out and idle expiry."""

from __future__ import annotations

import streamlit as st

from tutor_app.classroom.access import Lockout, TeacherSession, attempt, needs_passcode, on_network
from tutor_app.grading.passcode import passcode_is_set, set_passcode
from tutor_app.i18n import t
from tutor_app.ui import resources

SESSION = "teacher_session"
EXPIRED = "teacher_expired"
# Connections from this computer carry no address; they share one count.
LOCAL = "this computer"


@st.cache_resource(show_spinner=False)
def lockout() -> Lockout:
    """Wrong passcode tries of every session of this app process."""
    return Lockout()


def client_address() -> str:
    """The address this browser session connects from: the key its wrong tries and questions count under."""
    address = st.context.ip_address
    # Streamlit gives None for this computer; anything but a string (a test runtime) counts so too.
    return address if isinstance(address, str) and address else LOCAL


def app_on_network() -> bool:
    """Whether this app listens where other computers can open it."""
    return on_network(st.get_option("server.address"))


def page_needs_passcode(page: str) -> bool:
    """Whether ``page`` is behind the Teacher passcode in this app."""
    return needs_passcode(resources.settings(), page, network=app_on_network())


def _session() -> TeacherSession:
    if SESSION not in st.session_state:
        st.session_state[SESSION] = TeacherSession()
    return st.session_state[SESSION]


def is_teacher() -> bool:
    """True while this browser session is signed in as the teacher (ends after idle minutes)."""
    session = _session()
    was_in = session.signed_in_at is not None
    active = session.active(resources.settings().teacher_idle_minutes)
    if was_in and not active:
        st.session_state[EXPIRED] = True
    return active


def _sign_out_button(lang: str) -> None:
    if st.sidebar.button(t("access.sign_out", lang), key="teacher_sign_out", icon=":material/logout:"):
        _session().sign_out()
        st.rerun()


def _set_first_passcode(lang: str) -> None:
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
    _session().sign_in()
    st.rerun()


def require_teacher(lang: str) -> bool:
    """Show the passcode form and stop the page until this session has entered the right one."""
    if is_teacher():
        _sign_out_button(lang)
        return True
    settings = resources.settings()
    st.title(t("access.title", lang))
    if st.session_state.pop(EXPIRED, False):
        st.info(t("access.expired", lang).format(minutes=settings.teacher_idle_minutes))
    if not passcode_is_set(settings):
        if settings.classroom or app_on_network():
            # Anyone who can reach the app could set it: only the laptop's `tutor passcode` may.
            st.warning(t("access.unset_classroom", lang))
        else:
            _set_first_passcode(lang)
        st.stop()
    with st.form("teacher_passcode_form", clear_on_submit=True):
        passcode = st.text_input(t("access.passcode", lang), type="password", key="teacher_passcode")
        submitted = st.form_submit_button(t("access.enter", lang), type="primary")
    if submitted:
        address = client_address()
        result = attempt(passcode, settings, lockout(), address)
        if result == "ok":
            _session().sign_in()
            st.rerun()
        if result == "wrong":
            st.error(t("access.wrong", lang))
        else:
            st.error(t("access.locked", lang).format(seconds=lockout().wait_left(address)))
    st.stop()
