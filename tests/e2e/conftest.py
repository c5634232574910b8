"""A real `streamlit run` of the app with the tiny model; browser tabs with screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import start_app, stop_process

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test drives a real server, the tiny model and Chromium on a shared 2-core machine, so
    timing can fail it once: it runs once more (the summary reports each rerun, to be looked into)."""
    for item in items:
        if HERE in item.path.parents and item.get_closest_marker("flaky") is None:
            item.add_marker(pytest.mark.flaky(reruns=1))


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



@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser tab; a screenshot is saved as a test artifact afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
