"""A wheel ships every file of the top-level folders the app reads through ``shipped_folder``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def data_files() -> dict[str, list[str]]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["setuptools"]["data-files"]


def files_in(folder: str) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()]


@pytest.mark.parametrize("folder", ["prompts", "sample_problems"])
def test_every_file_is_installed_where_the_app_looks(folder):
    files = files_in(folder)
    assert files
    installed = {}
    for target, patterns in data_files().items():
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                installed[path.relative_to(ROOT).as_posix()] = target
    # Each file lands at share/tutor_app/<its path>, the layout shipped_folder reads.
    assert {f: f"share/tutor_app/{Path(f).parent.as_posix()}" for f in files} == {f: installed.get(f) for f in files}
