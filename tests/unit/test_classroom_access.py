"""The Teacher passcode gate: right, wrong, unset, locked out by address and in total, idle sign-out."""

from __future__ import annotations

import pytest

from tutor_app.classroom import access
from tutor_app.config import Settings
from tutor_app.grading.passcode import hash_passcode

PASSCODE = "green kettle"
HASH = hash_passcode(PASSCODE)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def settings(**values: object) -> Settings:
    return Settings(teacher_passcode_hash=HASH, **values)


@pytest.mark.parametrize(
    ("passcode", "result"),
    [(PASSCODE, "ok"), ("green kettlf", "wrong"), ("", "wrong"), (" green kettle", "wrong")],
)
def test_attempts(passcode: str, result: str) -> None:
    assert access.attempt(passcode, settings(), access.Lockout(), "10.0.0.5") == result


def test_unset_passcode() -> None:
    assert access.attempt(PASSCODE, Settings(), access.Lockout(), "10.0.0.5") == "unset"


def test_one_address_waits_longer_after_each_wrong_try() -> None:
    clock = Clock()
    lockout = access.Lockout(clock=clock)
    waits = []
    for _ in range(access.FREE_TRIES + 4):
        assert access.attempt("wrong guess", settings(), lockout, "10.0.0.5") == "wrong"
        waits.append(lockout.wait_left("10.0.0.5"))
        clock.now += waits[-1]
    assert waits == [0, 0, 30, 60, 120, 240, 480]
    assert lockout.wait_left("10.0.0.6") == 0  # another phone is not held up by this one


def test_a_locked_address_is_refused_even_the_right_passcode_until_its_wait_ends() -> None:
    clock = Clock()
    lockout = access.Lockout(clock=clock)
    for _ in range(access.FREE_TRIES):
        access.attempt("wrong guess", settings(), lockout, "10.0.0.5")
    assert access.attempt(PASSCODE, settings(), lockout, "10.0.0.5") == "locked"
    clock.now += 29.5
    assert lockout.wait_left("10.0.0.5") == 1
    clock.now += 0.5
    assert access.attempt(PASSCODE, settings(), lockout, "10.0.0.5") == "ok"
    assert lockout.wait_left("10.0.0.5") == 0
    assert lockout.addresses() == 0


def test_guesses_from_many_addresses_lock_everyone() -> None:
    clock = Clock()
    lockout = access.Lockout(clock=clock)
    for n in range(access.FREE_TRIES_ALL):
        assert access.attempt("wrong guess", settings(), lockout, f"10.0.1.{n}") == "wrong"
    assert lockout.wait_left("10.0.2.1") == 30
    assert access.attempt(PASSCODE, settings(), lockout, "10.0.2.1") == "locked"
    clock.now += 30
    assert access.attempt("wrong guess", settings(), lockout, "10.0.2.2") == "wrong"
    assert lockout.wait_left("10.0.2.3") == 60


def test_the_longest_wait_is_capped_and_old_addresses_are_forgotten() -> None:
    clock = Clock()
    lockout = access.Lockout(clock=clock)
    for _ in range(40):
        lockout.failed("10.0.0.5")
    assert lockout.wait_left("10.0.0.5") == access.LONGEST_WAIT
    clock.now += access.FORGET_AFTER + 1
    assert lockout.wait_left("10.0.0.5") == 0
    for n in range(access.MAX_ADDRESSES + 50):
        clock.now += 0.001
        lockout.failed(f"addr-{n}")
    assert lockout.addresses() == access.MAX_ADDRESSES


def test_idle_sign_in_expires() -> None:
    clock = Clock()
    session = access.TeacherSession(clock=clock)
    assert session.active(30) is False
    session.sign_in()
    clock.now += 29 * 60
    assert session.active(30) is True  # a page view keeps it alive
    clock.now += 29 * 60
    assert session.active(30) is True
    clock.now += 30 * 60 + 1
    assert session.active(30) is False
    clock.now += 1
    assert session.active(30) is False


def test_sign_out() -> None:
    session = access.TeacherSession()
    session.sign_in()
    session.sign_out()
    assert session.active(30) is False


@pytest.mark.parametrize(
    ("address", "network"),
    [(None, True), ("", True), ("0.0.0.0", True), ("::", True), ("192.168.1.5", True),
     ("127.0.0.1", False), ("127.0.1.1", False), ("::1", False), ("localhost", False)],
)
def test_which_bind_addresses_are_on_the_network(address: str | None, network: bool) -> None:
    assert access.on_network(address) is network


@pytest.mark.parametrize(
    ("page", "classroom", "network", "needed"),
    [("teacher", False, False, True), ("teacher", True, False, True), ("settings", False, False, False),
     ("settings", True, False, True), ("settings", False, True, True), ("solve", True, True, False),
     ("check", True, True, False)],
)
def test_pages_behind_the_passcode(page: str, classroom: bool, network: bool, needed: bool) -> None:
    assert access.needs_passcode(settings(classroom=classroom), page, network=network) is needed


def test_classroom_url_comes_from_the_app_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(access.URL_ENV, raising=False)
    assert access.classroom_url() == ""
    monkeypatch.setenv(access.URL_ENV, "https://10.0.0.7:8501")
    assert access.classroom_url() == "https://10.0.0.7:8501"
