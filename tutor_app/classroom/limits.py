"""Requests per minute per student, so one phone cannot hold the class's model.

Counted by client address: a new browser session from the same phone shares the count.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from tutor_app.errors import RateLimitError

WINDOW = 60.0


class RateLimiter:
    """At most ``per_minute`` requests per client in any 60-second window."""

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

    def admit(self, client: str) -> None:
        """Count one request from ``client``; raise RateLimitError when it has sent too many."""
        now = self._clock()
        with self._lock:
            self._evict(now)
            sent = self._sent.setdefault(client, deque())
            while sent and now - sent[0] >= WINDOW:
                sent.popleft()
            if len(sent) >= self.per_minute:
                wait = math.ceil(WINDOW - (now - sent[0]))
                raise RateLimitError(
                    f"You sent {self.per_minute} {self.what} in the last minute, the most allowed. "
                    f"Wait {wait} s and send it again."
                )
            sent.append(now)

    def clients(self) -> int:
        """How many clients are remembered."""
        with self._lock:
            return len(self._sent)

    def _evict(self, now: float) -> None:
        # A client with nothing in the last minute has nothing to remember.
        for client in [c for c, sent in self._sent.items() if not sent or now - sent[-1] >= WINDOW]:
            del self._sent[client]

