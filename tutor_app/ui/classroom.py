"""Classroom mode on the page: the address and QR code, phone-friendly layout, per-student limits."""

from __future__ import annotations

from html import escape

import streamlit as st

from tutor_app.classroom.access import classroom_url
from tutor_app.classroom.limits import RateLimiter
from tutor_app.classroom.qr import qr_png
from tutor_app.i18n import t
from tutor_app.ui import resources
from tutor_app.ui.access import client_address, is_teacher

# On a 360 px phone: long math scrolls inside its own box instead of the whole
# page, code wraps, and buttons are big enough for a thumb.
PHONE_CSS = """
<style>
@media (max-width: 640px) {
  .katex-display { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
  .stMarkdown pre, .stMarkdown code { white-space: pre-wrap; word-break: break-word; }
  [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
  [data-testid="stImage"] img { max-width: 100%; height: auto; }
  .stButton button, .stFormSubmitButton button { min-height: 3rem; }
}
</style>
"""


# The projector shows nothing but the address: no sidebar, no header, the URL in large type.
PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header { display: none; }
.projector-url { text-align: center; font-size: 4vw !important; font-weight: bold; word-break: break-all; }
</style>
"""


@st.cache_resource(show_spinner=False)
def _qr(url: str) -> bytes:
    return qr_png(url)


# A check costs the CAS about a second, not a model answer, so a student may send more of them.
CHECKS_PER_QUESTION = 5


@st.cache_resource(show_spinner=False)
def _limiter(what: str, per_minute: int) -> RateLimiter:
    return RateLimiter(per_minute, what=what)


def phone_layout() -> None:
    """Styles that keep every page usable on a phone-sized screen."""
    st.html(PHONE_CSS)


def banner(lang: str) -> None:
    """In classroom mode, the address and QR code students use, in the signed-in teacher's sidebar."""
    settings = resources.settings()
    # Students already have the address; a QR code in their sidebar is only clutter on a phone.
    if not settings.classroom or not is_teacher():
        return
    url = classroom_url()
    with st.sidebar, st.container(key="classroom_banner"):
        st.subheader(t("classroom.title", lang))
        if not url:
            st.info(t("classroom.restart", lang))
            return
        st.markdown(t("classroom.join", lang).format(url=url))
        st.image(_qr(url), width=220, caption=url)
        if url.startswith("https://"):
            st.caption(t("classroom.certificate", lang))
        else:
            st.caption(t("classroom.no_https", lang))


def projector(lang: str) -> None:
    """The address and a QR code as large as the screen allows, for the classroom projector."""
    st.html(PROJECTOR_CSS)
    url = classroom_url()
    if not resources.settings().classroom:
        st.info(t("projector.off", lang))
        return
    if not url:
        st.info(t("classroom.restart", lang))
        return
    st.markdown(f"<h1 style='text-align:center'>{t('projector.join', lang)}</h1>", unsafe_allow_html=True)
    left, middle, right = st.columns([1, 2, 1])
    middle.image(_qr(url), width="stretch")
    st.markdown(f"<p class='projector-url'>{escape(url)}</p>", unsafe_allow_html=True)


def admit_request() -> None:
    """Count one model request from this client; raise RateLimitError when over the classroom limit."""
    _admit("questions", resources.settings().requests_per_minute)


def admit_check() -> None:
    """Count one answer check from this client; raise RateLimitError when over the classroom limit."""
    _admit("answer checks", resources.settings().requests_per_minute * CHECKS_PER_QUESTION)


def _admit(what: str, per_minute: int) -> None:
    if resources.settings().classroom:
        # Keyed by address, not session: a new browser session would start a fresh count.
        _limiter(what, per_minute).admit(client_address())
