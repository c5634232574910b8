"""AppTest of one page as app.py runs it: inside the one error boundary."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest


def page_app(page: Path | str, default_timeout: float = 60) -> AppTest:
    """An AppTest of ``page`` whose TutorErrors show as messages, as in the app; bugs still raise."""
    return AppTest.from_function(_in_boundary, args=(str(page),), default_timeout=default_timeout)


def _in_boundary(page: str) -> None:
    import runpy

    from tutor_app.ui.boundary import showing_messages

    with showing_messages():
        runpy.run_path(page, run_name="__main__")
