"""The fair queue: first come, first served, with places in line and cancelling."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from tutor_app.errors import QueueFullError
from tutor_app.model.queue import Cancelled, FairQueue


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.005)


def test_positions_follow_the_order_of_tickets() -> None:
    queue = FairQueue(limit=5)
    tickets = [queue.join() for _ in range(4)]
    assert [queue.position(t) for t in tickets] == [0, 1, 2, 3]
    queue.leave(tickets[1])
    assert [queue.position(t) for t in (tickets[0], tickets[2], tickets[3])] == [0, 1, 2]
    queue.leave(tickets[0])
    assert [queue.position(t) for t in (tickets[2], tickets[3])] == [0, 1]
    assert len(queue) == 2


def test_unknown_ticket() -> None:
    queue = FairQueue(limit=1)
    with pytest.raises(ValueError, match="ticket 7 is not in the line"):
        queue.position(7)


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_full_queue_is_refused(limit: int) -> None:
    queue = FairQueue(limit=limit)
    queue.join()  # being served
    for _ in range(limit):
        queue.join()
    with pytest.raises(QueueFullError) as err:
        queue.join()
    assert str(err.value) == (
        f"{limit} requests are already waiting for the model (the limit is {limit}). "
        "Try again in a minute, or raise `queue_limit` in the settings."
    )
    # A student with the Chinese interface is told in Chinese.
    assert err.value.said("zh") == f"已经有 {limit} 个请求在等模型（上限是 {limit}）。请过一分钟再试，或者在设置里调大 `queue_limit`。"
    assert len(queue) == limit + 1


def test_first_in_line_does_not_wait() -> None:
    queue = FairQueue(limit=1)
    seen: list[int] = []
    with queue.turn(on_wait=seen.append) as ticket:
        assert queue.position(ticket) == 0
    assert seen == []
    assert len(queue) == 0


def test_three_threads_are_served_in_order_and_see_their_place() -> None:
    queue = FairQueue(limit=10)
    served: list[str] = []
    places: dict[str, list[int]] = {name: [] for name in "ABC"}
    release = {name: threading.Event() for name in "ABC"}
    started = {name: threading.Event() for name in "ABC"}

    def student(name: str) -> None:
        with queue.turn(on_wait=places[name].append):
            served.append(name)
            started[name].set()
            release[name].wait(10)

    with queue.turn():
        threads = []
        for n, name in enumerate("ABC", start=1):
            threads.append(threading.Thread(target=student, args=(name,)))
            threads[-1].start()
            wait_until(lambda n=n: len(queue) == n + 1)
        wait_until(lambda: places["C"] == [3])
    started["A"].wait(10)
    # Each waiter sees its own move before the next one: a waiter woken late sees only the latest place.
    wait_until(lambda: places["B"] == [2, 1] and places["C"] == [3, 2])
    release["A"].set()
    started["B"].wait(10)
    wait_until(lambda: places["C"] == [3, 2, 1])
    release["B"].set()
    started["C"].wait(10)
    release["C"].set()
    for thread in threads:
        thread.join(10)
    assert served == ["A", "B", "C"]
    # 0: each is told when its turn comes, so a page stops showing its place in line.
    assert places == {"A": [1, 0], "B": [2, 1, 0], "C": [3, 2, 1, 0]}
    assert len(queue) == 0


def test_cancel_while_waiting_leaves_the_line() -> None:
    queue = FairQueue(limit=5)
    cancel = threading.Event()
    outcome: list[str] = []

    def waiter() -> None:
        try:
            with queue.turn(cancel=cancel):
                outcome.append("served")
        except Cancelled:
            outcome.append("cancelled")

    with queue.turn():
        thread = threading.Thread(target=waiter)
        thread.start()
        wait_until(lambda: len(queue) == 2)
        cancel.set()
        thread.join(10)
        assert outcome == ["cancelled"]
        assert len(queue) == 1
    assert len(queue) == 0


def test_error_inside_the_turn_gives_it_up() -> None:
    queue = FairQueue(limit=1)
    with pytest.raises(RuntimeError, match="boom"):
        with queue.turn():
            raise RuntimeError("boom")
    assert len(queue) == 0
    with queue.turn() as ticket:
        assert queue.position(ticket) == 0


def test_slots_serve_several_at_once_and_count_the_rest_in_line() -> None:
    queue = FairQueue(limit=2, slots=3)
    tickets = [queue.join() for _ in range(5)]
    assert [queue.position(t) for t in tickets] == [0, 0, 0, 1, 2]
    with pytest.raises(QueueFullError, match="2 requests are already waiting"):
        queue.join()
    queue.leave(tickets[1])
    assert [queue.position(t) for t in tickets[2:]] == [0, 0, 1]


def test_with_two_slots_a_third_request_waits_until_one_is_done() -> None:
    queue = FairQueue(limit=5, slots=2)
    inside = threading.Semaphore(0)
    release = threading.Event()
    most = []
    active = []

    def request() -> None:
        with queue.turn():
            active.append(1)
            most.append(len(active))
            inside.release()
            release.wait(10)
            active.pop()

    threads = [threading.Thread(target=request) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert inside.acquire(timeout=10) and inside.acquire(timeout=10)
    wait_until(lambda: len(queue) == 3)
    assert not inside.acquire(timeout=0.2)  # the third is held in line
    release.set()
    for thread in threads:
        thread.join(10)
    assert max(most) == 2
    assert len(queue) == 0
