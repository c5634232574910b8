"""Notice students who closed the page, so their waiting requests are dropped."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# A phone that loses Wi-Fi for a moment reconnects to the same session; only a
# session gone for longer than this counts as closed.
GRACE = 3.0
INTERVAL = 0.25


class SessionWatcher:
    """One thread that sets a request's cancel Event once its session is gone for ``grace`` s."""

    def __init__(
        self,
        is_alive: Callable[[str], bool],
        *,
        grace: float = GRACE,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._is_alive = is_alive
        self._grace = grace
        self._interval = interval
        self._clock = clock
        self._watched: dict[threading.Event, tuple[str, float | None]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, session: str) -> Iterator[threading.Event]:
        """An Event that is set if ``session`` closes while the ``with`` block runs."""
        cancel = threading.Event()
        with self._lock:
            self._watched[cancel] = (session, None)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="session-watcher", daemon=True)
                self._thread.start()
        try:
            yield cancel
        finally:
            with self._lock:
                self._watched.pop(cancel, None)

    def check(self) -> None:
        """Look at every watched session once (the thread does this every ``interval`` s)."""
        with self._lock:
            watched = list(self._watched.items())
        now = self._clock()
        for cancel, (session, gone_since) in watched:
            if self._is_alive(session):
                gone_since = None
            elif gone_since is None:
                gone_since = now
            if gone_since is not None and now - gone_since >= self._grace:
                cancel.set()
            with self._lock:
                if cancel in self._watched:
                    self._watched[cancel] = (session, gone_since)

    def _run(self) -> None:
        while True:
            time.sleep(self._interval)
            self.check()
