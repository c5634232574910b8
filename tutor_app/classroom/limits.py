"""Requests per minute per student session, so one phone cannot hold the class's model."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from tutor_app.errors import RateLimitError

WINDOW = 60.0


class RateLimiter:
    """At most ``per_minute`` requests per session in any 60-second window."""

    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, what: str = "questions"
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.what = what
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, session: str) -> None:
        """Count one request from ``session``; raise RateLimitError when it has sent too many."""
        now = self._clock()
        with self._lock:
            sent = self._sent.setdefault(session, deque())
            while sent and now - sent[0] >= WINDOW:
                sent.popleft()
            if len(sent) >= self.per_minute:
                wait = math.ceil(WINDOW - (now - sent[0]))
                raise RateLimitError(
                    f"You sent {self.per_minute} {self.what} in the last minute, the most allowed. "
                    f"Wait {wait} s and send it again."
                )
            sent.append(now)

    def forget(self, session: str) -> None:
        """Drop what is remembered about a session that ended."""
        with self._lock:
            self._sent.pop(session, None)

    def sessions(self) -> int:
        """How many sessions are remembered."""
        with self._lock:
            return len(self._sent)

