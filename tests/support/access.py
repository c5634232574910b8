"""Sign an AppTest session in as the teacher, and choose where the app under test listens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from streamlit import config
from streamlit.testing.v1 import AppTest

from tutor_app.classroom.access import TeacherSession
from tutor_app.ui.access import SESSION


def sign_in(at: AppTest) -> AppTest:
    """Mark ``at``'s browser session as signed in as the teacher; returns ``at``."""
    session = TeacherSession()
    session.sign_in()
    at.session_state[SESSION] = session
    return at


@contextmanager
def listening_on(address: str) -> Iterator[None]:
    """Pages run inside as in an app started with ``--server.address=address``."""
    before = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        yield
    finally:
        config.set_option("server.address", before)
