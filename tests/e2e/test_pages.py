"""A real `streamlit run` of the app: health endpoint, and every page in headless Chromium."""

from __future__ import annotations

import httpx
import pytest

from tests.support.browser import choose_option, exceptions, open_page
from tests.support.servers import start_app, stop_process

pytestmark = pytest.mark.slow

# url path -> a heading the page must show
PAGES = {
    "": "Solve",
    "check": "Check an answer",
    "teacher": "Teacher",
    "settings": "Settings and model",
}


def test_health_endpoint(app_url: str) -> None:
    response = httpx.get(f"{app_url}/_stcore/health", timeout=10)
    assert (response.status_code, response.text) == (200, "ok")


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_without_exception(page, app_url: str, path: str) -> None:
    open_page(page, f"{app_url}/{path}")
    assert exceptions(page) == []
    heading = page.locator("h1").first.inner_text()
    assert PAGES[path] in heading


def test_check_page_gives_verdict(page, app_url: str) -> None:
    open_page(page, f"{app_url}/check")
    page.get_by_label("Correct answer").fill("2(x+1)")
    page.get_by_label("Your answer").fill("2x+2")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("Equivalent.").wait_for(timeout=30_000)
    assert exceptions(page) == []


def test_language_switch_to_chinese(page, app_url: str) -> None:
    open_page(page, f"{app_url}/check")
    choose_option(page, page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first, "简体中文")
    page.get_by_role("heading", name="检查答案").wait_for(timeout=30_000)
    assert exceptions(page) == []


def test_deep_link_on_a_fresh_server_gets_the_shared_header(page, app_env, tmp_path) -> None:
    """A first visit straight to /check must still run app.py (navigation, language switch)."""
    proc, url = start_app(app_env, tmp_path / "streamlit.log")
    try:
        open_page(page, f"{url}/check")
        links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
        # Each link's text is its icon's ligature name, then its title.
        titles = [text.split("\n")[-1].strip() for text in links]
        assert titles == ["Solve", "Check an answer", "Teacher", "Settings and model"]
        # On a fresh server the model finishes loading during the first visit, and the rerun that follows
        # redraws the sidebar: wait for the language box rather than look once.
        language = page.locator('[data-testid="stSidebar"]').get_by_text("Language", exact=True)
        language.wait_for(timeout=30_000)
        assert language.count() == 1
        assert exceptions(page) == []
    finally:
        stop_process(proc)
