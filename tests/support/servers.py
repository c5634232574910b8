"""Start and stop real server processes for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_process(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``args`` in its own process group, output to ``log``."""
    handle = log.open("wb")
    return subprocess.Popen(
        args, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for_url(
    url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0, verify: bool = True
) -> None:
    """Wait until ``url`` answers 200, failing with the process log if it dies or hangs.

    ``verify=False`` accepts a self-signed certificate (the classroom app's).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url, timeout=2, verify=verify).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop_process(proc)
    raise RuntimeError(f"{url} did not answer in {timeout} s:\n{log.read_text()[-4000:]}")


def stop_process(proc: subprocess.Popen) -> None:
    """Stop the whole process group: SIGTERM, then SIGKILL after 10 s.

    The group is signalled even when its leader has exited already: a child it
    started (Streamlit under `tutor app`) may still be running.
    """
    _signal_group(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        proc.poll()
        time.sleep(0.1)
    _signal_group(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (a zombie waiting to be reaped does not)."""
    for process in psutil.process_iter(["status"]):
        try:
            if os.getpgid(process.pid) == pgid and process.info["status"] != psutil.STATUS_ZOMBIE:
                return True
        except (ProcessLookupError, psutil.Error):
            continue
    return False


def start_app(
    env: dict[str, str], log: Path, extra_args: tuple[str, ...] = (), https: bool = False
) -> tuple[subprocess.Popen, str]:
    """A real `tutor app` (streamlit run) on a free loopback port; returns (process, base URL).

    ``https=True`` is for `--classroom` runs, which serve a self-signed certificate.
    """
    port = free_port()
    proc = start_process(
        [sys.executable, "-m", "tutor_app.cli", "app", "--port", str(port), *extra_args], env, log
    )
    url = f"{'https' if https else 'http'}://127.0.0.1:{port}"
    wait_for_url(f"{url}/_stcore/health", proc, log, verify=not https)
    return proc, url
