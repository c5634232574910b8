"""A real `streamlit run` of the app with the tiny model, and a real headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import start_app, stop_process

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

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


@pytest.fixture(scope="session")
def app_env(tiny_model_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for an app server that uses the tiny model and its own data folder."""
    model, mmproj = tiny_model_files
    data = tmp_path_factory.mktemp("app-data")
    env = dict(os.environ)
    env.update(
        TUTOR_MODEL=str(model),
        TUTOR_MMPROJ=str(mmproj),
        TUTOR_DATA_DIR=str(data),
        TUTOR_CONFIG=str(data / "config.toml"),
        TUTOR_MAX_TOKENS="48",
    )
    return env


@pytest.fixture(scope="session")
def app_url(app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running app server."""
    log = tmp_path_factory.mktemp("app-log") / "streamlit.log"
    proc, url = start_app(app_env, log)
    yield url
    stop_process(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless system Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser tab; a screenshot is saved as a test artifact afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
