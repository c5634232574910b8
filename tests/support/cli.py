"""Run the `tutor` command as a user would: in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_tutor(
    *args: str,
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | bytes | None = None,
    text: bool = True,
) -> subprocess.CompletedProcess:
    """`tutor ARGS` in a fresh process (with its own data folder when given); output captured."""
    environment = dict(os.environ if env is None else env)
    if data_dir is not None:
        environment.update(TUTOR_DATA_DIR=str(data_dir), TUTOR_CONFIG=str(data_dir / "config.toml"))
    return subprocess.run(
        [sys.executable, "-m", "tutor_app.cli", *args],
        capture_output=True,
        text=text,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )
