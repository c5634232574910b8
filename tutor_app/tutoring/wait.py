"""An estimate of the wait in the model's queue, from how long recent answers took."""

from __future__ import annotations

import threading


class WaitEstimate:
    """A running average of answer times (exponential, so it follows a changing load)."""

    def __init__(self, weight: float = 0.3) -> None:
        self._weight = weight
        self._average: float | None = None
        self._lock = threading.Lock()

    def record(self, seconds: float) -> None:
        """Count one finished answer that took ``seconds``."""
        with self._lock:
            if self._average is None:
                self._average = seconds
            else:
                self._average += self._weight * (seconds - self._average)

    def seconds(self, place: int) -> float | None:
        """Expected wait for place ``place`` in line (1 = next); None before any answer."""
        with self._lock:
            return None if self._average is None else self._average * place
