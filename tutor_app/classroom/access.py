"""Who may open the Teacher and Settings pages: the passcode gate, its lockout and sign-in expiry.

Wrong tries are counted for the whole app process, by client address and in
total, so opening a new browser session or reloading the page does not start
the count again.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from tutor_app.classroom.network import is_loopback
from tutor_app.config import Settings
from tutor_app.grading.passcode import passcode_is_set, verify_passcode

# `tutor app --classroom` sets TUTOR_CLASSROOM=1 (read as Settings.classroom) and this.
URL_ENV = "TUTOR_CLASSROOM_URL"
# From one address, three wrong tries are free; each further one doubles the wait.
FREE_TRIES = 3
# From all addresses together, a class guessing at once: twenty, then doubling waits.
FREE_TRIES_ALL = 20
FIRST_WAIT = 30.0
LONGEST_WAIT = 3600.0
# An address that has not tried for this long is forgotten, and the table stays bounded.
FORGET_AFTER = 3600.0
MAX_ADDRESSES = 1000


def classroom_url() -> str:
    """The address `tutor app --classroom` gave students, or '' when it was not started so."""
    return os.environ.get(URL_ENV, "")


def _backoff(failures: int, free: int) -> float:
    if failures < free:
        return 0.0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - free))


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0


class Lockout:
    """Wrong passcode tries of the whole app process, by client address and in total."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._by_address: dict[str, _Failures] = {}
        self._all = _Failures()
        self._lock = threading.Lock()

    def wait_left(self, address: str) -> int:
        """Whole seconds before ``address`` may try again (0: now)."""
        now = self.clock()
        with self._lock:
            mine = self._by_address.get(address, _Failures())
            until = max(
                mine.last + _backoff(mine.count, FREE_TRIES),
                self._all.last + _backoff(self._all.count, FREE_TRIES_ALL),
            )
        return max(0, int(until - now + 0.999))

    def failed(self, address: str) -> None:
        """Count one wrong try from ``address``."""
        now = self.clock()
        with self._lock:
            self._evict(now)
            mine = self._by_address.setdefault(address, _Failures())
            mine.count, mine.last = mine.count + 1, now
            self._all.count, self._all.last = self._all.count + 1, now

    def succeeded(self, address: str) -> None:
        """The right passcode from ``address``: its count starts again, as does the total."""
        with self._lock:
            self._by_address.pop(address, None)
            self._all = _Failures()

    def addresses(self) -> int:
        """How many addresses are remembered."""
        with self._lock:
            return len(self._by_address)

    def _evict(self, now: float) -> None:
        for address in [a for a, f in self._by_address.items() if now - f.last > FORGET_AFTER]:
            del self._by_address[address]
        if now - self._all.last > FORGET_AFTER:
            self._all = _Failures()
        while len(self._by_address) >= MAX_ADDRESSES:
            oldest = min(self._by_address, key=lambda a: self._by_address[a].last)
            del self._by_address[oldest]


@dataclass
class TeacherSession:
    """One browser session's sign-in: signed out after ``idle_minutes`` without a page view."""

    clock: Callable[[], float] = time.monotonic
    signed_in_at: float | None = None
    last_seen: float = 0.0

    def active(self, idle_minutes: float) -> bool:
        """Whether this session is signed in now; a view while signed in keeps it so."""
        now = self.clock()
        if self.signed_in_at is None:
            return False
        if now - self.last_seen > idle_minutes * 60:
            self.sign_out()
            return False
        self.last_seen = now
        return True

    def sign_in(self) -> None:
        """Mark this session as the teacher's from now."""
        self.signed_in_at = self.last_seen = self.clock()

    def sign_out(self) -> None:
        """End the teacher's sign-in in this session."""
        self.signed_in_at = None


def attempt(passcode: str, settings: Settings, lockout: Lockout, address: str) -> str:
    """Try ``passcode`` from ``address``: 'ok', 'wrong', 'locked' (too many wrong tries) or 'unset'."""
    if not passcode_is_set(settings):
        return "unset"
    if lockout.wait_left(address):
        return "locked"
    if verify_passcode(passcode, settings.teacher_passcode_hash):
        lockout.succeeded(address)
        return "ok"
    lockout.failed(address)
    return "wrong"


def on_network(bind_address: str | None) -> bool:
    """Whether an app listening on ``bind_address`` can be opened from other computers."""
    # Streamlit listens on every interface when no address is given.
    return not bind_address or not is_loopback(bind_address)


def needs_passcode(settings: Settings, page: str, *, network: bool) -> bool:
    """True when ``page`` ('teacher' or 'settings') is behind the passcode for this app."""
    return page == "teacher" or (page == "settings" and (settings.classroom or network))
