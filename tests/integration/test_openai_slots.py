"""The server backend streams up to its parallel slots at once; the rest wait in line and see their place."""

from __future__ import annotations

import threading

from tests.support.slot_server import TEXT_REPLY, slot_server
from tutor_app.config import load_settings
from tutor_app.model.backends import close_backend, get_backend
from tutor_app.model.base import ChatRequest, Message
from tutor_app.model.openai import OpenAIBackend


def _ask_together(backend: OpenAIBackend, students: int) -> tuple[list[str], dict[int, list[int]]]:
    answers: list[str] = [""] * students
    places: dict[int, list[int]] = {i: [] for i in range(students)}

    def student(i: int) -> None:
        request = ChatRequest((Message("user", f"Question {i}"),), on_wait=places[i].append)
        answers[i] = "".join(backend.stream(request))

    threads = [threading.Thread(target=student, args=(i,)) for i in range(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers, places


def test_several_students_stream_at_once_up_to_the_slots() -> None:
    with slot_server(8, 0.5) as server:
        backend = OpenAIBackend(load_settings(backend="openai", openai_url=server.url, concurrency=3))
        answers, places = _ask_together(backend, 5)
        most = server.max_in_flight
    assert answers == [TEXT_REPLY] * 5
    assert most == 3  # not 1 (a single line) and not 5 (every student at the server at once)
    # Two students waited for a slot, and were told their place.
    assert sorted(len(p) > 0 for p in places.values()) == [False, False, False, True, True]


def test_the_local_default_is_one_at_a_time_and_a_server_four() -> None:
    assert load_settings().parallel_requests == 1
    assert load_settings(concurrency=8).parallel_requests == 1
    assert load_settings(backend="openai").parallel_requests == 4
    assert load_settings(backend="openai", concurrency=8).parallel_requests == 8


def test_a_new_concurrency_setting_builds_a_new_server_backend() -> None:
    try:
        first = get_backend(load_settings(backend="openai", concurrency=2))
        assert first.queue.slots == 2
        second = get_backend(load_settings(backend="openai", concurrency=6))
        assert second is not first and second.queue.slots == 6
    finally:
        close_backend()
