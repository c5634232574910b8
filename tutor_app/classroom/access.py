"""Who may open the Teacher and Settings pages: the passcode gate and its lockout."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from tutor_app.config import Settings
from tutor_app.grading.passcode import passcode_is_set, verify_passcode

# `tutor app --classroom` sets TUTOR_CLASSROOM=1 (read as Settings.classroom) and this.
URL_ENV = "TUTOR_CLASSROOM_URL"
# Five wrong tries cost a minute: a student can't guess a four-digit code in a lesson.
MAX_TRIES = 5
LOCKOUT = 60.0


def classroom_url() -> str:
    """The address `tutor app --classroom` gave students, or '' when it was not started so."""
    return os.environ.get(URL_ENV, "")


@dataclass
class PasscodeGate:
    """One browser session's attempts at the Teacher passcode."""

    clock: Callable[[], float] = time.monotonic
    unlocked: bool = False
    failures: int = 0
    locked_until: float = 0.0

    def wait_left(self) -> int:
        """Whole seconds before another try is accepted (0: now)."""
        return max(0, int(self.locked_until - self.clock() + 0.999))

    def attempt(self, passcode: str, settings: Settings) -> str:
        """Try ``passcode``: 'ok', 'wrong', 'locked' (too many wrong tries) or 'unset'."""
        if not passcode_is_set(settings):
            return "unset"
        if self.wait_left():
            return "locked"
        if verify_passcode(passcode, settings.teacher_passcode_hash):
            self.unlocked, self.failures = True, 0
            return "ok"
        self.failures += 1
        if self.failures >= MAX_TRIES:
            self.failures = 0
            self.locked_until = self.clock() + LOCKOUT
        return "wrong"


def needs_passcode(settings: Settings, page: str) -> bool:
    """True when ``page`` ('teacher' or 'settings') is behind the passcode for this app."""
    return page == "teacher" or (page == "settings" and settings.classroom)
