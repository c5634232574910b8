"""Shared fixtures: a temporary data folder for every test, and the tiny real model."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM_ARGS, chromium_path


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every test at its own empty data folder and config file."""
    root = tmp_path_factory.mktemp("tutor-data")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(root))
    monkeypatch.setenv("TUTOR_CONFIG", str(root / "config.toml"))
    for name in ("TUTOR_MODEL", "TUTOR_MMPROJ", "TUTOR_MODEL_DIR", "TUTOR_BACKEND", "TUTOR_OPENAI_URL"):
        monkeypatch.delenv(name, raising=False)
    streamlit = sys.modules.get("streamlit")
    if streamlit is not None:
        # Page resources (settings above all) are cached per process; a new environment needs new ones.
        streamlit.cache_resource.clear()
    return root


@pytest.fixture(autouse=True)
def app_address() -> Iterator[None]:
    """Pages under AppTest run as in `tutor app`, which listens on this computer only unless told otherwise."""
    from tests.support.access import listening_on

    with listening_on("127.0.0.1"):
        yield


@pytest.fixture(scope="session")
def tiny_model_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A random-weight Qwen3-VL GGUF pair (language model, mmproj), made once per run."""
    from tutor_app.model.tiny import make_tiny_model

    folder = tmp_path_factory.mktemp("tiny-model")
    return make_tiny_model(folder)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless system Chromium driven by Playwright, one per run (Playwright allows one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()
