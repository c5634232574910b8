"""Classroom load: 10 student sessions ask the tiny model at once; one closes its page while waiting.

Each session goes through the Solve page's relay to the shared local backend,
as a Streamlit session would; closing the relay is what a closed page does
(Streamlit stops the script run, the relay sets the request's cancel event).
Checks: every open session is answered, in arrival order, with exactly the
answer it gets alone; the closed one is skipped. Figures: wait per place in
line and the total against the same requests one after another.

Run: .venv/bin/python -m tests.bench.classroom
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tutor_app.config import load_settings
from tutor_app.model.backends import close_backend, get_backend
from tutor_app.model.base import Backend, ChatRequest, Message, Sampling
from tutor_app.model.tiny import make_tiny_model
from tutor_app.tutoring.relay import Chunk, Waiting, relay

SESSIONS = 10
CLOSED = 6  # this session closes its page while it waits...
CLOSE_AT = 3  # ...once it has moved up to this place in line
NEW_TOKENS = 256


@dataclass
class Session:
    """One student: what it asked, what it saw and when."""

    number: int
    closes: bool = False
    places: list[int] = field(default_factory=list)
    text: str = ""
    submitted: float = 0.0
    first_chunk: float | None = None
    done: float | None = None


def request(number: int) -> ChatRequest:
    """Student ``number``'s question; the seed makes the answer repeatable."""
    return ChatRequest(
        messages=(Message("user", f"Student {number}: solve {number}x + {number + 1} = {3 * number}."),),
        sampling=Sampling.from_preset("text", max_tokens=NEW_TOKENS, seed=number),
    )


def ask_alone(backend: Backend, number: int) -> str:
    """The answer for one student with nobody else waiting."""
    return "".join(backend.stream(request(number)))


def one_after_another(backend: Backend) -> tuple[dict[int, str], float]:
    """Every student's answer asked alone, and the seconds all of them took."""
    start = time.perf_counter()
    answers = {n: ask_alone(backend, n) for n in range(1, SESSIONS + 1)}
    return answers, time.perf_counter() - start


def run_session(backend: Backend, session: Session) -> None:
    """Ask through the relay like the Solve page; a closing session leaves once it is told to wait."""

    def make_stream(cancel, on_wait):
        base = request(session.number)
        return backend.stream(ChatRequest(base.messages, base.sampling, cancel=cancel, on_wait=on_wait))

    session.submitted = time.perf_counter()
    events = relay(make_stream)
    try:
        for event in events:
            if isinstance(event, Waiting):
                session.places.append(event.place)
                if session.closes and event.place <= CLOSE_AT:
                    return
            elif isinstance(event, Chunk):
                if session.first_chunk is None:
                    session.first_chunk = time.perf_counter()
                session.text += event.text
    finally:
        events.close()
        session.done = time.perf_counter()


def run_class(backend: Backend, count: int, closed: int | None) -> list[Session]:
    """``count`` sessions submitting within milliseconds; session ``closed`` leaves mid-queue."""
    sessions = [Session(n, closes=n == closed) for n in range(1, count + 1)]
    threads = [threading.Thread(target=run_session, args=(backend, s)) for s in sessions]
    for joined, thread in enumerate(threads, start=1):
        thread.start()
        # Each joins the line before the next starts, so arrival order is thread order.
        deadline = time.perf_counter() + 10
        while len(backend.queue) < joined and time.perf_counter() < deadline:
            time.sleep(0.001)
    for thread in threads:
        thread.join(timeout=600)
    return sessions


def check(sessions: list[Session], alone: dict[int, str], queue_left: int) -> list[str]:
    """Everything that went wrong; empty when the class was served correctly."""
    problems = []
    served = [s for s in sessions if not s.closes]
    for s in served:
        if s.text != alone[s.number]:
            problems.append(f"session {s.number} got another answer than it gets alone")
    for s in sessions:
        if s.closes and (s.text or s.first_chunk is not None):
            problems.append(f"closed session {s.number} was answered")
    order = [s.number for s in sorted(served, key=lambda s: s.first_chunk or float("inf"))]
    if order != [s.number for s in served]:
        problems.append(f"answered in the order {order}, not in arrival order")
    if queue_left:
        problems.append(f"{queue_left} tickets left in the queue")
    return problems


def main() -> int:
    """Print the figures; exit 1 if a check fails."""
    with tempfile.TemporaryDirectory() as folder:
        model, mmproj = make_tiny_model(Path(folder))
        # One llama.cpp thread: its spinning thread barriers make timings erratic on a busy machine.
        settings = load_settings(
            model=model, mmproj=mmproj, data_dir=Path(folder), queue_limit=SESSIONS, n_threads=1
        )
        backend = get_backend(settings)
        backend.load()
        try:
            ask_alone(backend, 0)  # the first answer sets llama.cpp up; not part of the figures
            alone, before = one_after_another(backend)
            start = time.perf_counter()
            sessions = run_class(backend, SESSIONS, CLOSED)
            together = time.perf_counter() - start
            problems = check(sessions, alone, len(backend.queue))
            # Measured before and after: other work on the machine then weighs on both sides.
            _, after = one_after_another(backend)
        finally:
            close_backend()
    print(f"tiny model, {NEW_TOKENS} new tokens per answer, {SESSIONS} sessions; "
          f"session {CLOSED} closes at place {CLOSE_AT}")
    print(f"{'session':>7} {'first place':>11} {'wait to first text (s)':>22} {'done after (s)':>14}")
    for s in sessions:
        wait = f"{s.first_chunk - s.submitted:.2f}" if s.first_chunk else "closed"
        print(f"{s.number:>7} {(s.places or [0])[0]:>11} {wait:>22} {s.done - s.submitted:>14.2f}")
    served = SESSIONS - 1
    sequential = (before + after) / 2
    one = sequential / SESSIONS
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{SESSIONS} one after another: {before:.2f} s before, {after:.2f} s after; one answer {one:.2f} s")
    print(f"{SESSIONS} at once ({served} answered): {together:.2f} s = "
          f"{together / (one * served):.2f}x the time of {served} answers alone")
    for problem in problems:
        print(f"FAIL: {problem}")
    print("all checks passed" if not problems else f"{len(problems)} check(s) failed")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
