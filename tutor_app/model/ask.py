"""The solve pipeline: prepare the images, build the request, stream the answer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator

from tutor_app.config import Settings
from tutor_app.model.base import Backend, ChatRequest, Message, Sampling
from tutor_app.model.images import PreparedImage, prepare_image
from tutor_app.prompts import TutorPrompt


def sampling_for(settings: Settings, *, json_schema: dict | None = None) -> Sampling:
    """The sampling options the settings ask for: the preset plus any overrides."""
    return Sampling.from_preset(
        settings.preset,
        temperature=settings.temperature,
        top_p=settings.top_p,
        top_k=settings.top_k,
        presence_penalty=settings.presence_penalty,
        repeat_penalty=settings.repeat_penalty,
        max_tokens=settings.max_tokens,
        seed=settings.seed,
        json_schema=json_schema,
    )


def ask(
    backend: Backend,
    prompt: str,
    images: Iterable[bytes] = (),
    *,
    sampling: Sampling,
    system: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    settings: Settings | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Ask ``backend`` one question about raw image uploads; return the answer's stream.

    The image limits come from ``settings``; without them, from the schema's defaults.
    """
    # Defaults only: model_construct reads no config file and no environment.
    settings = settings or Settings.model_construct()
    messages = [Message("system", system)] if system else []
    messages.append(Message("user", prompt, _prepared(images, settings)))
    request = ChatRequest(
        tuple(messages), sampling=sampling, cancel=cancel, on_wait=on_wait, on_usage=on_usage
    )
    return backend.stream(request)


def ask_about_problem(
    backend: Backend,
    prompt: TutorPrompt,
    images: Iterable[bytes] = (),
    *,
    sampling: Sampling,
    settings: Settings,
    work_images: Iterable[bytes] = (),
    cache_key: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Ask about one problem: system text, the problem's images and text, then the task's part.

    The first two messages are the same bytes for every request about the problem,
    so a backend can keep what it computed for them (under ``cache_key``).
    """
    messages = (
        Message("system", prompt.system),
        Message("user", prompt.problem, _prepared(images, settings)),
        Message("user", prompt.instructions, _prepared(work_images, settings)),
    )
    request = ChatRequest(
        messages,
        sampling=sampling,
        cancel=cancel,
        on_wait=on_wait,
        on_usage=on_usage,
        shared=2,
        cache_key=cache_key,
    )
    return backend.stream(request)


def prepare_images(images: Iterable[bytes], settings: Settings) -> tuple[PreparedImage, ...]:
    """``images`` as the model will see them, within the settings' limits, with their token counts."""
    # Prepared before the request queues for the model: a bad upload fails at once,
    # and nobody waits in line behind a phone photo being decoded.
    return tuple(
        prepare_image(
            data,
            short_side=settings.image_short_side,
            max_tokens=settings.image_max_tokens,
            max_bytes=settings.max_upload_mb * 1024 * 1024,
        )
        for data in images
    )


def _prepared(images: Iterable[bytes], settings: Settings) -> tuple[bytes, ...]:
    return tuple(image.data for image in prepare_images(images, settings))
