"""The backend interface every model implementation follows."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

PRESETS: dict[str, dict[str, float | int]] = {
    # From the Qwen3-VL model card's recommended generation settings.
    "vision": {
        "temperature": 0.7,
        "top_p": 0.8,
        "top_k": 20,
        "repeat_penalty": 1.0,
        "presence_penalty": 1.5,
    },
    "text": {
        "temperature": 1.0,
        "top_p": 1.0,
        "top_k": 40,
        "repeat_penalty": 1.0,
        "presence_penalty": 2.0,
    },
}


@dataclass(frozen=True)
class Sampling:
    """Sampling options for one request."""

    temperature: float = 0.7
    top_p: float = 0.8
    top_k: int = 20
    repeat_penalty: float = 1.0
    presence_penalty: float = 1.5
    max_tokens: int = 2048
    seed: int | None = None
    json_schema: dict | None = None

    @classmethod
    def from_preset(cls, name: str, **overrides: float | int | dict | None) -> Sampling:
        """The named preset with any non-None overrides applied."""
        values = dict(PRESETS[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass(frozen=True)
class Message:
    """One chat turn. ``images`` are PNG/JPEG bytes already prepared for the model."""

    role: str
    text: str
    images: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class ChatRequest:
    """Everything a backend needs to answer."""

    messages: tuple[Message, ...]
    sampling: Sampling = field(default_factory=Sampling)
    cancel: threading.Event | None = None
    # Called with the request's place in line (1 = next) while it waits for the model.
    on_wait: Callable[[int], None] | None = None
    # Called once the answer is done with its token counts (`prompt_tokens`, `completion_tokens`).
    on_usage: Callable[[dict[str, int]], None] | None = None
    # How many leading messages every request about this problem starts with
    # (system text, photo, confirmed problem): the prefix a backend may keep.
    shared: int = 0
    # Whose kept prefix this request may reuse (session and problem); None: nobody's.
    cache_key: str | None = None


class Backend(Protocol):
    """A model that streams text for a chat request."""

    name: ClassVar[str]
    supports_vision: ClassVar[bool]
    supports_streaming: ClassVar[bool]

    def stream(self, request: ChatRequest) -> Iterator[str]:
        """Yield the answer in chunks; stop early when ``request.cancel`` is set."""
        ...
