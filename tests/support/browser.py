"""Helpers for driving the Streamlit app in Playwright."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]



def chromium_path() -> str:
    """The system Chromium; tests fail (never skip) without it."""
    path = os.environ.get("TUTOR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is needed for browser tests: apt-get install chromium (done by .ci/run)")
    return path


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the app's script run has finished."""
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page, url: str, timeout: float = 60_000) -> None:
    """Load ``url`` and wait until the script run has finished."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    wait_idle(page, timeout)


def choose_option(page, box, name: str, tries: int = 4) -> None:
    """Open the select box ``box`` and pick the option ``name``.

    A script run that redraws the box can close its list before the option is clicked,
    so the box is opened again (after the run ends) until the option shows.
    """
    option = page.get_by_role("option", name=name)
    for attempt in range(tries):
        wait_idle(page)
        box.click()
        try:
            option.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def exceptions(page) -> list[str]:
    """Texts of every exception box on the page."""
    return [box.inner_text() for box in page.query_selector_all('[data-testid="stException"]')]
