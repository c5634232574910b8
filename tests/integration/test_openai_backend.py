"""The OpenAI-compatible backend against a real `tutor serve` (llama_cpp.server) on loopback."""

from __future__ import annotations

import base64
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tutor_app.config import load_settings
from tutor_app.errors import BackendError, ImageError
from tutor_app.model.base import ChatRequest, Message, Sampling
from tutor_app.model.images import image_mime
from tutor_app.model.openai import OpenAIBackend, chat_payload

STARTUP_LIMIT_S = 120


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def png(color: tuple[int, int, int] = (200, 30, 30), size: int = 64) -> bytes:
    """A small solid PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    """A small JPEG."""
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (10, 120, 240)).save(buffer, "JPEG")
    return buffer.getvalue()


def start_serve(model: Path, mmproj: Path, port: int, data_dir: Path) -> subprocess.Popen:
    """Start `tutor serve` as its own process, output to a log file in ``data_dir``."""
    env = {**os.environ, "TUTOR_DATA_DIR": str(data_dir), "TUTOR_CONFIG": str(data_dir / "c.toml")}
    log = (data_dir / "serve.log").open("wb")
    command = [sys.executable, "-m", "tutor_app.cli", "serve", "--port", str(port)]
    command += ["-m", str(model), "--mmproj", str(mmproj)]
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)


def wait_for_models(process: subprocess.Popen, base_url: str, log: Path) -> dict:
    """Poll `/v1/models` until the server answers; fail with its log if it dies or stalls."""
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"tutor serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            return httpx.get(f"{base_url}/models", timeout=2).json()
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"tutor serve did not answer within {STARTUP_LIMIT_S} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Stop a server process and wait for it."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def server(tiny_model_files, tmp_path_factory) -> Iterator[str]:
    """The base URL of a running `tutor serve` serving the tiny model."""
    model, mmproj = tiny_model_files
    data_dir = tmp_path_factory.mktemp("serve")
    port = free_port()
    process = start_serve(model, mmproj, port, data_dir)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        models = wait_for_models(process, base_url, data_dir / "serve.log")
        assert [m["id"] for m in models["data"]] == ["qwen3-vl"]
        yield base_url
    finally:
        stop(process)


def backend(url: str, **overrides) -> OpenAIBackend:
    """An OpenAIBackend pointed at ``url``."""
    return OpenAIBackend(load_settings(backend="openai", openai_url=url, **overrides))


def ask(text: str, *images: bytes, **sampling) -> ChatRequest:
    """A one-message request."""
    return ChatRequest((Message("user", text, images),), Sampling(**{"max_tokens": 12, **sampling}))


@pytest.mark.slow
def test_image_and_text_chat_streams_text(server):
    chunks = list(backend(server).stream(ask("What is in this picture?", png())))
    assert chunks
    assert all(isinstance(c, str) and c for c in chunks)
    assert "".join(chunks).strip()


@pytest.mark.slow
def test_two_images_and_a_jpeg(server):
    chunks = list(backend(server).stream(ask("Compare them.", png(), jpeg())))
    assert "".join(chunks).strip()


@pytest.mark.slow
def test_text_only_chat_streams_text(server):
    request = ChatRequest(
        (Message("system", "You are a tutor."), Message("user", "What is 2 + 2?")),
        Sampling.from_preset("text", max_tokens=12),
    )
    assert "".join(backend(server).stream(request)).strip()


@pytest.mark.slow
def test_seed_makes_answers_repeatable(server):
    first = "".join(backend(server).stream(ask("Hello", png(), seed=7)))
    second = "".join(backend(server).stream(ask("Hello", png(), seed=7)))
    assert first == second


@pytest.mark.slow
def test_students_in_turn_each_get_the_whole_answer(server):
    """A second request must not cut off the first (llama_cpp.server's default would)."""
    solo = "".join(backend(server).stream(ask("Hi", seed=3, max_tokens=48)))
    answers: list[str] = []
    errors: list[Exception] = []

    def student() -> None:
        try:
            answers.append("".join(backend(server).stream(ask("Hi", seed=3, max_tokens=48))))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=student) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert answers == [solo, solo, solo]


@pytest.mark.slow
def test_cancel_stops_the_stream_and_the_server_goes_on(server):
    cancel = threading.Event()
    request = ChatRequest(
        (Message("user", "Tell me a long story."),), Sampling(max_tokens=200), cancel=cancel
    )
    received = []
    for chunk in backend(server).stream(request):
        received.append(chunk)
        cancel.set()
    assert len(received) == 1
    assert "".join(backend(server).stream(ask("Still there?"))).strip()


@pytest.mark.slow
def test_cancel_before_start_yields_nothing(server):
    cancel = threading.Event()
    cancel.set()
    request = ChatRequest((Message("user", "Hi"),), Sampling(max_tokens=8), cancel=cancel)
    assert list(backend(server).stream(request)) == []


@pytest.mark.slow
def test_context_overflow_gives_advice(server):
    with pytest.raises(BackendError) as err:
        list(backend(server).stream(ask("word " * 10000)))
    assert str(err.value) == (
        f"The model server at {server} stopped before finishing the answer. Most often the "
        "question and its images did not fit in the model's context window: try fewer or "
        "smaller images or a shorter question. The server's log says exactly why."
    )
    assert err.value.said("zh").startswith(f"{server} 上的模型服务器没答完就停了。")


@pytest.mark.slow
def test_http_error_carries_the_servers_message(server):
    request = ChatRequest((Message("robot", "beep"),), Sampling(max_tokens=4))
    with pytest.raises(BackendError) as err:
        list(backend(server).stream(request))
    # llama_cpp.server answers a request it cannot parse with HTTP 500 and a traceback.
    assert str(err.value).startswith(f"HTTP 500 from the model server at {server}: ")
    assert "validation error" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.slow
def test_wrong_path_is_reported(server):
    root = server.removesuffix("/v1")
    with pytest.raises(BackendError) as err:
        list(backend(f"{root}/nothing/here").stream(ask("Hi")))
    assert str(err.value) == f"HTTP 404 from the model server at {root}/nothing/here: Not Found"


def test_server_down():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(BackendError) as err:
        list(backend(url).stream(ask("Hi")))
    assert str(err.value) == (
        f"Cannot reach the model server at {url}: is it running? Start it with `tutor serve` "
        "on the serving machine, or fix TUTOR_OPENAI_URL."
    )


def test_server_that_never_answers_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        with pytest.raises(BackendError) as err:
            list(backend(url, request_timeout=0.5).stream(ask("Hi")))
    assert str(err.value) == (
        f"The model server at {url} did not answer within 0.5 s. It may be busy with other "
        "students; try again or raise TUTOR_REQUEST_TIMEOUT."
    )
    assert err.value.said("zh").startswith(f"{url} 上的模型服务器在 0.5 秒内没有回答。")


@pytest.mark.parametrize(
    ("data", "mime"),
    [(png(), "image/png"), (jpeg(), "image/jpeg")],
)
def test_image_mime(data, mime):
    assert image_mime(data) == mime


@pytest.mark.parametrize("data", [b"GIF89a....", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"", b"hello"])
def test_other_bytes_are_refused(data):
    with pytest.raises(ImageError):
        image_mime(data)


def test_payload_maps_messages_and_sampling():
    image = png(size=8)
    request = ChatRequest(
        (Message("system", "Be brief."), Message("user", "What is this?", (image,))),
        Sampling(
            temperature=0.5,
            top_p=0.9,
            top_k=30,
            repeat_penalty=1.1,
            presence_penalty=1.5,
            max_tokens=64,
            seed=42,
            json_schema={"type": "object"},
        ),
    )
    assert chat_payload(request, "qwen3-vl") == {
        "model": "qwen3-vl",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {
                "role": "user",
                "content": [
                    {
                        "type": "image_url",
                        "image_url": {
                            "url": "data:image/png;base64," + base64.b64encode(image).decode()
                        },
                    },
                    {"type": "text", "text": "What is this?"},
                ],
            },
        ],
        "stream": True,
        "temperature": 0.5,
        "top_p": 0.9,
        "top_k": 30,
        "presence_penalty": 1.5,
        "repeat_penalty": 1.1,
        "max_tokens": 64,
        "seed": 42,
        "response_format": {"type": "json_object", "schema": {"type": "object"}},
    }


def test_payload_leaves_out_unset_seed_and_schema():
    payload = chat_payload(ask("Hi"), "m")
    assert "seed" not in payload
    assert "response_format" not in payload
    assert payload["messages"] == [{"role": "user", "content": "Hi"}]


def test_api_key_is_sent_as_bearer_token():
    """A server that needs a key receives it in the Authorization header; without one none is sent."""
    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'data: {"choices": [{"delta": {"content": "ok"}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n'
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    listening = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=listening.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listening.server_address[1]}/v1"
        assert "".join(backend(url, openai_api_key="s3cret").stream(ask("Hi"))) == "ok"
        assert "".join(backend(url).stream(ask("Hi"))) == "ok"
    finally:
        listening.shutdown()
        listening.server_close()
    assert seen == ["Bearer s3cret", None]
