"""The sandboxed CAS worker: one warm process behind a lock, killed and replaced on timeout.

Signal-based timeouts only work in the main thread and Streamlit runs pages in
worker threads, so every SymPy call runs in a separate process instead. A call
that runs past its limit kills the process; a replacement starts at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

START_TIMEOUT = 120.0
MEMORY_LIMIT = 2 * 1024**3
CACHE_CLEAR_EVERY = 500


class TimedOut(Exception):
    """The worker did not answer within the time limit and was replaced."""


def _serve(conn: Any) -> None:
    """Worker process main loop: run named tasks until the pipe closes."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    from sympy.core.cache import clear_cache

    from tutor_app.mathcheck.tasks import TASKS, prime

    prime()
    conn.send(("ready", None))
    done = 0
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        done += 1
        if done % CACHE_CLEAR_EVERY == 0:
            # SymPy's caches only grow; a warm worker lives as long as the app.
            clear_cache()
        try:
            conn.send(("ok", TASKS[name](*args)))
        except MemoryError:
            conn.send(("error", "it needed too much memory"))
        except Exception as exc:  # noqa: BLE001 - the parent turns this into "could not check"
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """Hide the caller's ``__main__`` while starting the child.

    A spawned child re-runs the parent's main script unless it was started with
    ``-m``; that fails for scripts without a ``__main__`` guard, stdin and the
    temporary scripts of Streamlit's AppTest. The worker needs none of it.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _Worker:
    """One child process and our end of its pipe."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True, name="tutor-cas")
        with _start_lock, _bare_main():
            self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        """Block until the child has imported SymPy and said so."""
        if self.ready:
            return
        try:
            started = self.conn.poll(START_TIMEOUT) and self.conn.recv()
        except (EOFError, OSError):
            started = False
        if not started:
            self.kill()
            raise RuntimeError("the math checker process did not start")
        self.ready = True

    def kill(self) -> None:
        """Stop the child at once, whatever it is doing."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


_lock = threading.Lock()
_start_lock = threading.Lock()
_worker: _Worker | None = None


def run(name: str, args: tuple, timeout: float) -> Any:
    """Run a task in the worker; raise TimedOut after ``timeout`` seconds (the worker is replaced)."""
    global _worker
    with _lock:
        if _worker is None or not _worker.process.is_alive():
            _worker = _Worker()
        _worker.wait_ready()
        try:
            _worker.conn.send((name, args))
            answered = _worker.conn.poll(timeout)
        except (BrokenPipeError, EOFError, OSError):
            answered = False
        if not answered:
            _worker.kill()
            _worker = _Worker()
            raise TimedOut(name)
        try:
            status, value = _worker.conn.recv()
        except (EOFError, OSError):
            _worker.kill()
            _worker = _Worker()
            raise TimedOut(name) from None
    if status == "error":
        raise RuntimeError(value)
    return value


def warm_up() -> None:
    """Start the worker now so the first check is fast."""
    global _worker
    with _lock:
        if _worker is None or not _worker.process.is_alive():
            _worker = _Worker()
        _worker.wait_ready()


def worker_pid() -> int | None:
    """The current worker's process id (for tests)."""
    return _worker.process.pid if _worker is not None else None
