"""Closed sessions cancel their waiting requests, after a grace period for reconnects."""

from __future__ import annotations

from tutor_app.classroom.sessions import SessionWatcher


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make(alive: set[str], clock: Clock) -> SessionWatcher:
    # A long interval keeps the background thread out of the way; the test calls check().
    return SessionWatcher(alive.__contains__, grace=3.0, interval=3600, clock=clock)


def test_closed_session_is_cancelled_after_the_grace_period() -> None:
    alive, clock = {"a", "b"}, Clock()
    watcher = make(alive, clock)
    with watcher.watch("a") as cancel_a, watcher.watch("b") as cancel_b:
        watcher.check()
        alive.discard("a")
        watcher.check()
        clock.now += 2.9
        watcher.check()
        assert (cancel_a.is_set(), cancel_b.is_set()) == (False, False)
        clock.now += 0.1
        watcher.check()
        assert (cancel_a.is_set(), cancel_b.is_set()) == (True, False)


def test_reconnect_within_the_grace_period_keeps_the_request() -> None:
    alive, clock = {"a"}, Clock()
    watcher = make(alive, clock)
    with watcher.watch("a") as cancel:
        alive.clear()
        watcher.check()
        clock.now += 2
        alive.add("a")
        watcher.check()
        alive.clear()
        clock.now += 2
        watcher.check()
        assert not cancel.is_set()
        clock.now += 3
        watcher.check()
        assert cancel.is_set()


def test_finished_requests_are_no_longer_watched() -> None:
    alive, clock = set(), Clock()
    watcher = make(alive, clock)
    with watcher.watch("a") as cancel:
        pass
    clock.now += 10
    watcher.check()
    assert not cancel.is_set()


def test_background_thread_sets_the_event() -> None:
    alive = {"a"}
    watcher = SessionWatcher(alive.__contains__, grace=0.0, interval=0.01)
    with watcher.watch("a") as cancel:
        assert not cancel.wait(0.1)
        alive.clear()
        assert cancel.wait(10)
