"""`tutor app` as a process: the Streamlit flags it passes, and stop signals passed on to Streamlit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import psutil
import pytest

from tests.support.servers import start_app, stop_process
from tutor_app.cli.app import STREAMLIT_FLAGS

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_to_tutor_app_stops_streamlit_too(tmp_path: Path, signum: int) -> None:
    env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path), "TUTOR_CONFIG": str(tmp_path / "config.toml")}
    # Started as under nohup or a service manager: the app and Streamlit inherit SIGHUP ignored.
    ignored = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        proc, url = start_app(env, tmp_path / "streamlit.log")
    finally:
        signal.signal(signal.SIGHUP, ignored)
    try:
        below = psutil.Process(proc.pid).children(recursive=True)
        assert below, "tutor app runs Streamlit in a child process"
        # Only the `tutor app` process, as `kill PID` or a service manager sends it.
        os.kill(proc.pid, signum)
        proc.wait(timeout=60)
        _, alive = psutil.wait_procs(below, timeout=60)
        assert alive == []
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/_stcore/health", timeout=5)
    finally:
        stop_process(proc)


def test_streamlit_shows_no_outside_help_links_and_no_error_details(tmp_path: Path) -> None:
    """Streamlit itself reads the flags: no "Ask Google / Ask ChatGPT" links offline, no tracebacks."""
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show", *STREAMLIT_FLAGS],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert 'showErrorLinks = "false"' in shown
    assert 'showErrorDetails = "none"' in shown
