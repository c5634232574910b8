"""Run a model stream on a worker thread so the page thread stays interruptible.

Streamlit can only stop a script run (the Stop button, a new click) at one of
its own calls. A page blocked inside the backend, waiting in the model's queue
or for a slow first token, would not notice; the page instead polls a relay,
touching the screen at least every ``heartbeat`` seconds; when the page is
interrupted the relay sets the stream's cancel event, which ends the worker too.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# Called on the worker thread with the cancel event and the place-in-line callback.
StreamFactory = Callable[[threading.Event, Callable[[int], None]], Iterator[str]]


@dataclass(frozen=True)
class Chunk:
    """A piece of the answer."""

    text: str


@dataclass(frozen=True)
class Waiting:
    """The request's place in line (1 = next) while another student is being answered."""

    place: int


@dataclass(frozen=True)
class Idle:
    """Nothing new within the heartbeat; a chance for the page to be interrupted."""


Event = Chunk | Waiting | Idle
_DONE = object()


def relay(make_stream: StreamFactory, *, heartbeat: float = 0.25) -> Iterator[Event]:
    """Yield the stream's chunks and queue places as events; re-raise its error here."""
    cancel = threading.Event()
    events: queue.SimpleQueue[object] = queue.SimpleQueue()

    def work() -> None:
        try:
            for text in make_stream(cancel, lambda place: events.put(Waiting(place))):
                if cancel.is_set():
                    break
                if text:
                    events.put(Chunk(text))
        except BaseException as exc:  # handed to the page thread, which raises it
            events.put(exc)
        finally:
            events.put(_DONE)

    worker = threading.Thread(target=work, name="tutor-stream", daemon=True)
    worker.start()
    try:
        while True:
            try:
                event = events.get(timeout=heartbeat)
            except queue.Empty:
                yield Idle()
                continue
            if event is _DONE:
                return
            if isinstance(event, BaseException):
                raise event
            yield event
    finally:
        cancel.set()
