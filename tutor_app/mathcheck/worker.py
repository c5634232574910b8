"""The sandboxed CAS workers: a small pool of warm processes, each call with its own time limit.

Signal-based timeouts only work in the main thread and Streamlit runs pages in
worker threads, so every SymPy call runs in a separate process instead. A call
that runs past its limit kills its process; a replacement starts at once. A
pool, not one process behind a lock, so one slow or hostile check does not
hold up every student's check, the grading thread and the Teacher page.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

START_TIMEOUT = 120.0
MEMORY_LIMIT = 2 * 1024**3
CACHE_CLEAR_EVERY = 500
# Each worker holds SymPy (about 100 MB); three keep a trivial check quick beside two stuck ones.
POOL_SIZE = 3


class TimedOut(Exception):
    """The worker did not answer within the time limit and was replaced."""


def _serve(conn: Any) -> None:
    """Worker process main loop: run named tasks until the pipe closes or the parent is gone."""
    # Ctrl+C reaches the whole process group; the parent decides when its workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    from sympy.core.cache import clear_cache

    from tutor_app.mathcheck.tasks import TASKS, prime

    prime()
    done = 0
    reply: tuple[str, Any] = ("ready", None)
    while True:
        try:
            conn.send(reply)
            name, args = conn.recv()
        except (EOFError, OSError):
            # The parent closed the pipe or died (BrokenPipeError): nothing is waiting for an answer.
            return
        done += 1
        if done % CACHE_CLEAR_EVERY == 0:
            # SymPy's caches only grow; a warm worker lives as long as the app.
            clear_cache()
        try:
            reply = ("ok", TASKS[name](*args))
        except MemoryError:
            reply = ("error", "it needed too much memory")
        except Exception as exc:  # noqa: BLE001 - the parent turns this into "could not check"
            reply = ("error", f"{type(exc).__name__}: {exc}")


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


class _Pool:
    """Up to ``size`` workers, started when needed; each call has one to itself."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._free = threading.Condition()

    def take(self) -> _Worker:
        """An idle worker (a warm one first), a new one while the pool is not full, or the next one given back."""
        with self._free:
            while True:
                while self._idle:
                    # A warm worker first: one started to replace a killed worker may still be
                    # importing SymPy, which under load takes seconds.
                    ready = [w for w in self._idle if w.ready]
                    worker = ready[-1] if ready else self._idle[-1]
                    self._idle.remove(worker)
                    if worker.process.is_alive():
                        self._busy.add(worker)
                        return worker
                    worker.kill()
                if len(self._busy) < self.size:
                    worker = _Worker()
                    self._busy.add(worker)
                    return worker
                self._free.wait()

    def give_back(self, worker: _Worker, healthy: bool) -> None:
        """Return a worker after a call; one that failed or ran out of time is killed and replaced."""
        if not healthy:
            worker.kill()
        with self._free:
            self._busy.discard(worker)
            self._idle.append(worker if healthy else _Worker())
            self._free.notify()

    def pids(self) -> set[int]:
        """The process ids of the workers started so far (for tests)."""
        with self._free:
            return {w.process.pid for w in [*self._idle, *self._busy]}


_start_lock = threading.Lock()
# Two warm-ups each holding part of the pool while waiting for the rest would wait forever.
_warm_lock = threading.Lock()
_pool = _Pool(POOL_SIZE)


def run(name: str, args: tuple, timeout: float) -> Any:
    """Run a task in a worker; raise TimedOut after ``timeout`` seconds (that worker is replaced)."""
    worker = _pool.take()
    healthy = False
    try:
        worker.wait_ready()
        worker.conn.send((name, args))
        if worker.conn.poll(timeout):
            status, value = worker.conn.recv()
            healthy = True
    except (EOFError, OSError):
        pass
    finally:
        _pool.give_back(worker, healthy)
    if not healthy:
        raise TimedOut(name)
    if status == "error":
        raise RuntimeError(value)
    return value


def warm_up() -> None:
    """Start every worker now and wait until they are ready, so no check pays for starting SymPy."""
    with _warm_lock:
        workers = [_pool.take() for _ in range(_pool.size)]
        try:
            for worker in workers:
                worker.wait_ready()
        finally:
            for worker in workers:
                _pool.give_back(worker, worker.ready)


def worker_pids() -> set[int]:
    """The process ids of the pool's workers (for tests)."""
    return _pool.pids()
