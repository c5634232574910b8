"""A fair first-come line for the model that every student shares, served a few at a time."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tutor_app.errors import QueueFullError

# How often a waiting request looks at its cancel flag, in seconds.
CANCEL_POLL = 0.05


class Cancelled(Exception):
    """The request was cancelled: while it waited for its turn, or while the model answered."""


class FairQueue:
    """Tickets served strictly in the order they were taken, ``slots`` at a time."""

    def __init__(self, limit: int, slots: int = 1) -> None:
        self.limit = limit
        self.slots = slots
        self._line: deque[int] = deque()
        self._tickets = itertools.count(1)
        self._changed = threading.Condition()

    def join(self) -> int:
        """Take a ticket at the end of the line; raise QueueFullError when too many wait."""
        with self._changed:
            waiting = max(len(self._line) - self.slots, 0)
            if waiting >= self.limit:
                raise QueueFullError(key="queue.full", waiting=waiting, limit=self.limit)
            ticket = next(self._tickets)
            self._line.append(ticket)
            return ticket

    def position(self, ticket: int) -> int:
        """Place in line: 0 while being served, 1 when next, and so on."""
        with self._changed:
            return self._place(ticket)

    def _place(self, ticket: int) -> int:
        try:
            index = self._line.index(ticket)
        except ValueError:
            raise ValueError(f"ticket {ticket} is not in the line") from None
        return max(index - self.slots + 1, 0)

    def leave(self, ticket: int) -> None:
        """Give up a ticket (served or not); the ones behind it move up."""
        with self._changed:
            if ticket in self._line:
                self._line.remove(ticket)
                self._changed.notify_all()

    def __len__(self) -> int:
        with self._changed:
            return len(self._line)

    @contextmanager
    def turn(
        self,
        *,
        cancel: threading.Event | None = None,
        on_wait: Callable[[int], None] | None = None,
    ) -> Iterator[int]:
        """Hold the turn inside ``with``; ``on_wait(place)`` on each move, ``Cancelled`` on cancel.

        A request that had to wait is told ``on_wait(0)`` when its turn comes, so a page stops
        showing its place in line.
        """
        ticket = self.join()
        try:
            self._wait(ticket, cancel, on_wait)
            yield ticket
        finally:
            self.leave(ticket)

    def _wait(
        self,
        ticket: int,
        cancel: threading.Event | None,
        on_wait: Callable[[int], None] | None,
    ) -> None:
        reported = None
        while True:
            with self._changed:
                position = self._place(ticket)
                if position and position == reported:
                    self._changed.wait(CANCEL_POLL if cancel else None)
                    position = self._place(ticket)
            if position == 0:
                if reported is not None and on_wait is not None:
                    on_wait(0)
                return
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if position != reported:
                reported = position
                # Called outside the lock: the callback may update a page and take time.
                if on_wait is not None:
                    on_wait(position)
