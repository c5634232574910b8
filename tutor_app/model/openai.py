"""The backend that talks to an OpenAI-compatible server (llama.cpp server, vLLM, Ollama)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx

from tutor_app.config import Settings
from tutor_app.errors import BackendError, ServerUnavailableError
from tutor_app.model.base import ChatRequest, Message, Sampling
from tutor_app.model.images import image_data_uri
from tutor_app.model.queue import Cancelled, FairQueue

# Connecting to a server on the school network is quick or impossible; only the
# answer itself may take long.
_CONNECT_TIMEOUT_S = 5.0
_MESSAGE_LIMIT = 300
_CONTEXT_HINTS = ("context length", "context window", "context_length_exceeded", "too many tokens")


def _content(message: Message) -> str | list[dict[str, Any]]:
    if not message.images:
        return message.text
    parts: list[dict[str, Any]] = [
        {
            "type": "image_url",
            "image_url": {
                "url": image_data_uri(image)
            },
        }
        for image in message.images
    ]
    if message.text:
        parts.append({"type": "text", "text": message.text})
    return parts


def _sampling_fields(sampling: Sampling) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "top_k": sampling.top_k,
        "presence_penalty": sampling.presence_penalty,
        "repeat_penalty": sampling.repeat_penalty,
        "max_tokens": sampling.max_tokens,
    }
    if sampling.seed is not None:
        fields["seed"] = sampling.seed
    if sampling.json_schema is not None:
        # `json_object` + `schema` is what both llama.cpp servers enforce exactly;
        # vLLM and Ollama accept it too and at least answer with JSON.
        fields["response_format"] = {"type": "json_object", "schema": sampling.json_schema}
    return fields


def chat_payload(request: ChatRequest, model: str) -> dict[str, Any]:
    """The `/v1/chat/completions` request body for ``request``."""
    payload = {
        "model": model,
        "messages": [{"role": m.role, "content": _content(m)} for m in request.messages],
        "stream": True,
        **_sampling_fields(request.sampling),
    }
    if request.on_usage is not None:
        payload["stream_options"] = {"include_usage": True}
    return payload


def _error_text(body: Any) -> str:
    error = body.get("error", body) if isinstance(body, dict) else body
    if isinstance(error, dict):
        return str(error.get("message") or error.get("detail") or error)
    return str(error)


def _server_message(response: httpx.Response) -> str:
    try:
        return _error_text(response.json())
    except ValueError:
        return response.text or response.reason_phrase


def _advice(message: str, base_url: str, status: int | None = None) -> BackendError:
    # Some servers put a whole traceback in the message; its first line is the news.
    message = (message.strip().splitlines() or [""])[0][:_MESSAGE_LIMIT]
    if any(hint in message.lower() for hint in _CONTEXT_HINTS):
        return BackendError(key="backend.server_context_full", error=message)
    if status is not None:
        return BackendError(key="backend.http_error", status=status, url=base_url, error=message)
    return BackendError(key="backend.server_error", url=base_url, error=message)


class OpenAIBackend:
    """Streams answers from an OpenAI-compatible `/v1/chat/completions` endpoint, a few at a time."""

    name: ClassVar[str] = "openai"
    supports_vision: ClassVar[bool] = True
    supports_streaming: ClassVar[bool] = True

    def __init__(self, settings: Settings) -> None:
        # Up to the server's parallel slots stream at once; the rest wait in turn, so a
        # classroom sees its place in line instead of piling requests onto the server.
        self.queue = FairQueue(settings.queue_limit, slots=settings.parallel_requests)
        self.base_url = settings.openai_url.rstrip("/")
        self.model = settings.openai_model
        self.timeout = httpx.Timeout(
            settings.request_timeout, connect=min(_CONNECT_TIMEOUT_S, settings.request_timeout)
        )
        self.headers = {"Accept": "text/event-stream"}
        if settings.openai_api_key:
            self.headers["Authorization"] = f"Bearer {settings.openai_api_key}"
        # One client for every request, from any thread: a new one costs a TLS context (~50 ms,
        # several times that on a busy laptop), and its pool keeps connections to the server open.
        self.client = httpx.Client(timeout=self.timeout, headers=self.headers)

    def close(self) -> None:
        """Close the connections to the server."""
        self.client.close()

    def adopt(self, settings: Settings) -> None:
        """Take on changed settings that need no new backend: the queue limit."""
        self.queue.limit = settings.queue_limit

    def stream(self, request: ChatRequest) -> Iterator[str]:
        """Yield the answer in chunks; stop early when ``request.cancel`` is set."""
        try:
            with self.queue.turn(cancel=request.cancel, on_wait=request.on_wait):
                if request.cancel is not None and request.cancel.is_set():
                    return
                yield from self._stream(request)
        except Cancelled:
            return

    def _stream(self, request: ChatRequest) -> Iterator[str]:
        payload = chat_payload(request, self.model)
        url = f"{self.base_url}/chat/completions"
        try:
            with self.client.stream("POST", url, json=payload) as response:
                if response.status_code >= 400:
                    response.read()
                    raise _advice(_server_message(response), self.base_url, response.status_code)
                yield from self._chunks(response, request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ServerUnavailableError(key="backend.unreachable", url=self.base_url) from exc
        except httpx.TimeoutException as exc:
            raise BackendError(key="backend.timeout", url=self.base_url, seconds=f"{self.timeout.read:g}") from exc
        except httpx.TransportError as exc:
            raise ServerUnavailableError(key="backend.connection_broke", url=self.base_url, error=exc) from exc

    def _chunks(self, response: httpx.Response, request: ChatRequest) -> Iterator[str]:
        finished = False
        for line in response.iter_lines():
            # Leaving the `with` block closes the response and its connection: the server stops.
            if request.cancel is not None and request.cancel.is_set():
                return
            if not line.startswith("data:"):
                continue
            data = line[len("data:") :].strip()
            if data == "[DONE]":
                return
            try:
                event = json.loads(data)
            except ValueError as exc:
                raise BackendError(key="backend.not_a_stream", url=self.base_url, data=repr(data[:200])) from exc
            if "error" in event:
                raise _advice(_error_text(event), self.base_url)
            if event.get("usage") and request.on_usage is not None:
                request.on_usage(event["usage"])
            for choice in event.get("choices") or ():
                finished = finished or bool(choice.get("finish_reason"))
                text = (choice.get("delta") or {}).get("content")
                if text:
                    yield text
        if not finished:
            # llama-cpp-python's server reports errors found after it started streaming
            # (such as a prompt longer than n_ctx) only in its own log, and just stops.
            raise BackendError(key="backend.cut_off", url=self.base_url)
