"""A backend that streams canned replies, for fast tests of the Solve page's logic."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import ClassVar

from tutor_app.model.base import ChatRequest


class ScriptedBackend:
    """Streams each reply in ``replies`` in turn, word by word, and records every request.

    ``places`` are reported to the request as places in line, ``wait`` seconds apart, before the
    reply; ``delay`` is the pause before each word.
    """

    name: ClassVar[str] = "scripted"
    supports_vision: ClassVar[bool] = True
    supports_streaming: ClassVar[bool] = True

    def __init__(self, replies: list[str], *, places: tuple[int, ...] = (), wait: float = 0.0,
                 delay: float = 0.0) -> None:
        self.replies = list(replies)
        self.places = places
        self.wait = wait
        self.delay = delay
        self.requests: list[ChatRequest] = []

    def stream(self, request: ChatRequest) -> Iterator[str]:
        """Yield the next canned reply in word-sized chunks (joined: exactly the reply); stop when cancelled."""
        self.requests.append(request)
        reply = self.replies.pop(0)
        for place in self.places:
            if request.on_wait:
                request.on_wait(place)
            time.sleep(self.wait)
        for word in re.findall(r"\s*\S+\s*", reply) or [reply]:
            if request.cancel is not None and request.cancel.is_set():
                return
            if self.delay:
                time.sleep(self.delay)
            yield word

    def user_text(self, index: int = -1) -> str:
        """The user messages of a recorded request (the problem, then the task's part), joined."""
        return "\n\n".join(m.text for m in self.requests[index].messages if m.role == "user")
