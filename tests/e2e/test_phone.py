"""A student's phone (360x800) on the classroom app over HTTPS: no sideways scrolling, photo upload, Teacher refused."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import exceptions, open_page, wait_idle
from tests.support.servers import start_app, stop_process
from tutor_app.grading.passcode import hash_passcode
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

PHONE = {"width": 360, "height": 800}
PASSCODE = "green kettle"
# Every element wider than the screen, to name the culprit when the page scrolls sideways.
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !el.closest('[data-testid="stSidebar"]')) {
      const name = `${el.tagName.toLowerCase()}[data-testid=${el.dataset.testid || ''}].${el.className}`;
      wide.push(`${name} right=${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide: wide.slice(0, 10)};
}
"""


@pytest.fixture(scope="module")
def classroom_url(tiny_model_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A classroom app over HTTPS on loopback, with the tiny model and a Teacher passcode."""
    model, mmproj = tiny_model_files
    data = tmp_path_factory.mktemp("phone-data")
    (data / "config.toml").write_text(f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    env = dict(os.environ)
    env.update(TUTOR_MODEL=str(model), TUTOR_MMPROJ=str(mmproj), TUTOR_DATA_DIR=str(data),
               TUTOR_CONFIG=str(data / "config.toml"), TUTOR_MAX_TOKENS="16")
    proc, url = start_app(env, data / "streamlit.log", ("--classroom", "--host", "127.0.0.1"), https=True)
    yield url
    stop_process(proc)


@pytest.fixture
def phone(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A phone-sized tab that has accepted the self-signed certificate once."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, ignore_https_errors=True)
    tab = context.new_page()
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def assert_no_sideways_scroll(page) -> None:
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= found["clientWidth"], found["wide"]


def homework_photo(path: Path) -> Path:
    image = Image.new("RGB", (1600, 1200), "white")
    draw = ImageDraw.Draw(image)
    draw.text((200, 500), "Solve 2x + 3 = 7", fill="black", font_size=120)
    image.save(path, "JPEG", quality=90)
    return path


def test_solve_page_fits_a_phone(phone, classroom_url: str) -> None:
    open_page(phone, classroom_url)
    assert exceptions(phone) == []
    assert phone.get_by_text(t("solve.title")).first.is_visible()
    assert_no_sideways_scroll(phone)


def test_photo_upload_on_a_phone(phone, classroom_url: str, tmp_path: Path) -> None:
    open_page(phone, classroom_url)
    phone.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(homework_photo(tmp_path / "homework.jpg"))
    )
    phone.wait_for_selector('[data-testid="stMain"] [data-testid="stImage"] img', timeout=60_000)
    wait_idle(phone)
    assert exceptions(phone) == []
    assert phone.get_by_role("button", name=t("solve.read")).is_enabled()
    caption = phone.locator('[data-testid="stMain"] [data-testid="stImageCaption"]').first.inner_text()
    assert caption.startswith("homework.jpg · ")
    assert_no_sideways_scroll(phone)


def test_teacher_page_asks_for_the_passcode(phone, classroom_url: str) -> None:
    open_page(phone, f"{classroom_url}/teacher")
    assert exceptions(phone) == []
    assert phone.get_by_role("heading", name=t("access.title")).is_visible()
    nav = phone.locator('[data-testid="stSidebarNav"]').inner_text()
    assert t("nav.settings") not in nav
    phone.get_by_label(t("access.passcode")).fill("1357")
    phone.get_by_role("button", name=t("access.enter")).click()
    phone.get_by_text(t("access.wrong")).wait_for(timeout=30_000)
    assert phone.get_by_role("heading", name=t("access.title")).is_visible()
    assert_no_sideways_scroll(phone)


def test_settings_page_is_not_reachable_for_students(phone, classroom_url: str) -> None:
    open_page(phone, f"{classroom_url}/settings")
    phone.get_by_text(t("access.settings_locked")).wait_for(timeout=30_000)
    assert exceptions(phone) == []
    assert phone.get_by_text(t("settings.hardware")).count() == 0
