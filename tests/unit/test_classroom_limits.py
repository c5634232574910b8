"""Per-session requests per minute."""

from __future__ import annotations

import pytest

from tutor_app.classroom.limits import RateLimiter
from tutor_app.errors import RateLimitError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limit_per_session_in_a_sliding_minute() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    for _ in range(3):
        limiter.admit("alice")
        clock.now += 10
    with pytest.raises(RateLimitError) as err:
        limiter.admit("alice")
    assert str(err.value) == (
        "You sent 3 questions in the last minute, the most allowed. Wait 30 s and send it again."
    )
    limiter.admit("bob")  # another student is not affected
    clock.now += 30  # the first request is now 60 s old
    limiter.admit("alice")
    with pytest.raises(RateLimitError):
        limiter.admit("alice")


@pytest.mark.parametrize(("elapsed", "wait"), [(0.0, 60), (0.5, 60), (59.2, 1), (30.0, 30)])
def test_wait_is_rounded_up(elapsed: float, wait: int) -> None:
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    limiter.admit("s")
    clock.now += elapsed
    with pytest.raises(RateLimitError, match=f"Wait {wait} s "):
        limiter.admit("s")


def test_refused_requests_do_not_count() -> None:
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    limiter.admit("s")
    for _ in range(5):
        with pytest.raises(RateLimitError):
            limiter.admit("s")
    clock.now += 60
    limiter.admit("s")


def test_clients_quiet_for_a_minute_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    for client in ("10.0.0.5", "10.0.0.6"):
        limiter.admit(client)
    assert limiter.clients() == 2
    clock.now += 59
    limiter.admit("10.0.0.7")
    assert limiter.clients() == 3
    clock.now += 1
    limiter.admit("10.0.0.8")
    assert limiter.clients() == 2
    for n in range(1000):
        clock.now += 60
        limiter.admit(f"10.0.{n // 250}.{n % 250}")
    assert limiter.clients() == 1


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="per_minute must be at least 1"):
        RateLimiter(0)

