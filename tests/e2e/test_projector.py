"""Classroom mode in a real browser: the projector view, and /settings opened by a student."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import zxingcpp
from PIL import Image

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import choose_option, exceptions, open_page, wait_idle
from tests.support.servers import start_app, stop_process
from tutor_app.grading.passcode import hash_passcode
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

PASSCODE = "green kettle"


@pytest.fixture(scope="module")
def classroom_url(app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A classroom-mode app over plain HTTP on loopback, with a Teacher passcode set."""
    data = tmp_path_factory.mktemp("classroom-data")
    env = {
        **app_env,
        "TUTOR_DATA_DIR": str(data),
        "TUTOR_CONFIG": str(data / "config.toml"),
        "TUTOR_TEACHER_PASSCODE_HASH": hash_passcode(PASSCODE),
    }
    log = tmp_path_factory.mktemp("classroom-log") / "streamlit.log"
    proc, url = start_app(env, log, ("--classroom", "--host", "127.0.0.1", "--http"))
    yield url
    stop_process(proc)


def test_settings_opened_by_a_student_says_it_needs_the_passcode(page, classroom_url: str) -> None:
    open_page(page, f"{classroom_url}/settings")
    assert exceptions(page) == []
    page.get_by_text(t("access.settings_locked")).wait_for(timeout=30_000)
    assert "Page not found" not in page.locator("body").inner_text()
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert t("nav.settings") not in nav
    page.get_by_role("link", name=t("access.sign_in_link")).click()
    page.get_by_role("heading", name=t("access.title")).wait_for(timeout=30_000)
    assert page.url.endswith("/teacher")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_projector_view(page, classroom_url: str, lang: str) -> None:
    open_page(page, f"{classroom_url}/teacher")
    page.get_by_label(t("access.passcode")).fill(PASSCODE)
    page.get_by_role("button", name=t("access.enter")).click()
    page.get_by_role("heading", name=t("teacher.title")).wait_for(timeout=60_000)
    wait_idle(page)
    if lang == "zh":
        choose_option(page, page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first, "简体中文")
        wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(t("nav.projector", lang)).click()
    page.get_by_text(t("projector.join", lang)).wait_for(timeout=30_000)
    wait_idle(page)
    assert exceptions(page) == []
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    qr = page.locator('[data-testid="stMain"] [data-testid="stImage"] img')
    assert qr.bounding_box()["width"] >= 500
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert code.text == classroom_url
    assert page.locator(".projector-url").inner_text() == classroom_url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"projector_{lang}.png"), full_page=True)
