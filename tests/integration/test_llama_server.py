"""`tutor serve` over llama.cpp's real `llama-server`, built by scripts/build-llama-server.sh (`make test` does it)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.test_openai_backend import ask, backend, png
from tests.support.servers import free_port, start_process, stop_process, wait_for_url

pytestmark = pytest.mark.slow

LLAMA_SERVER = Path(sys.executable).parent / "llama-server"
SLOTS = 2


@pytest.fixture(scope="module")
def server(tiny_model_files, tmp_path_factory) -> Iterator[str]:
    """The base URL of `tutor serve --engine llama-server --parallel 2` serving the tiny model."""
    if not LLAMA_SERVER.exists():
        pytest.fail(f"{LLAMA_SERVER} is missing: build it with scripts/build-llama-server.sh (make test does).")
    model, mmproj = tiny_model_files
    data_dir = tmp_path_factory.mktemp("llama-server")
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{LLAMA_SERVER.parent}{os.pathsep}{os.environ['PATH']}",
        "TUTOR_DATA_DIR": str(data_dir),
        "TUTOR_CONFIG": str(data_dir / "c.toml"),
        "TUTOR_N_CTX": "2048",
    }
    command = [sys.executable, "-m", "tutor_app.cli", "serve", "--engine", "llama-server"]
    command += ["--parallel", str(SLOTS), "--port", str(port), "-m", str(model), "--mmproj", str(mmproj)]
    log = data_dir / "serve.log"
    process = start_process(command, env, log)
    try:
        wait_for_url(f"http://127.0.0.1:{port}/health", process, log, timeout=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def test_it_serves_the_model_under_our_name_with_the_slots_asked_for(server: str) -> None:
    assert [m["id"] for m in httpx.get(f"{server}/v1/models").json()["data"]] == ["qwen3-vl"]
    props = httpx.get(f"{server}/props").json()
    assert props["total_slots"] == SLOTS
    assert props["default_generation_settings"]["n_ctx"] == 2048


def test_our_backend_streams_an_answer_about_a_photo(server: str) -> None:
    chunks = list(backend(f"{server}/v1").stream(ask("What is in this picture?", png(), max_tokens=16)))
    assert len(chunks) > 1 and "".join(chunks)


def test_two_students_are_answered_at_once(server: str) -> None:
    busy: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            busy.append(sum(slot["is_processing"] for slot in httpx.get(f"{server}/slots").json()))
            time.sleep(0.005)

    def answer() -> None:
        # Nearly a slot's whole context: the tiny model writes thousands of tokens a second, and a
        # short answer can end before the other student's request arrives.
        body = {"prompt": "Count:", "n_predict": 1900, "ignore_eos": True, "cache_prompt": False}
        assert httpx.post(f"{server}/completion", json=body, timeout=300).json()["tokens_predicted"] == 1900

    watcher = threading.Thread(target=watch)
    students = [threading.Thread(target=answer) for _ in range(SLOTS)]
    watcher.start()
    for student in students:
        student.start()
    for student in students:
        student.join()
    done.set()
    watcher.join()
    assert max(busy) == SLOTS
