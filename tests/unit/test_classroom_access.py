"""The Teacher passcode gate: right, wrong, unset, and locked out after repeated wrong tries."""

from __future__ import annotations

import pytest

from tutor_app.classroom import access
from tutor_app.config import Settings
from tutor_app.grading.passcode import hash_passcode

HASH = hash_passcode("2468")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def settings(**values: object) -> Settings:
    return Settings(teacher_passcode_hash=HASH, **values)


@pytest.mark.parametrize(
    ("passcode", "result", "unlocked"),
    [("2468", "ok", True), ("2469", "wrong", False), ("", "wrong", False), (" 2468", "wrong", False)],
)
def test_attempts(passcode: str, result: str, unlocked: bool) -> None:
    gate = access.PasscodeGate()
    assert gate.attempt(passcode, settings()) == result
    assert gate.unlocked is unlocked


def test_unset_passcode() -> None:
    gate = access.PasscodeGate()
    assert gate.attempt("2468", Settings()) == "unset"
    assert gate.unlocked is False


def test_lockout_after_repeated_wrong_tries() -> None:
    clock = Clock()
    gate = access.PasscodeGate(clock=clock)
    results = [gate.attempt("0000", settings()) for _ in range(access.MAX_TRIES)]
    assert results == ["wrong"] * access.MAX_TRIES
    assert gate.wait_left() == 60
    assert gate.attempt("2468", settings()) == "locked"
    clock.now += 59.5
    assert gate.wait_left() == 1
    assert gate.attempt("2468", settings()) == "locked"
    clock.now += 0.5
    assert gate.wait_left() == 0
    assert gate.attempt("2468", settings()) == "ok"
    assert gate.unlocked is True


def test_right_passcode_resets_the_count() -> None:
    gate = access.PasscodeGate(clock=Clock())
    for _ in range(access.MAX_TRIES - 1):
        gate.attempt("0000", settings())
    assert gate.attempt("2468", settings()) == "ok"
    assert gate.failures == 0


@pytest.mark.parametrize(
    ("page", "classroom", "needed"),
    [("teacher", False, True), ("teacher", True, True), ("settings", False, False),
     ("settings", True, True), ("solve", True, False), ("check", True, False)],
)
def test_pages_behind_the_passcode(page: str, classroom: bool, needed: bool) -> None:
    assert access.needs_passcode(settings(classroom=classroom), page) is needed


def test_classroom_url_comes_from_the_app_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(access.URL_ENV, raising=False)
    assert access.classroom_url() == ""
    monkeypatch.setenv(access.URL_ENV, "https://10.0.0.7:8501")
    assert access.classroom_url() == "https://10.0.0.7:8501"
