"""OpenAIBackend against a bare SSE client on the same `tutor serve`, and offline failure time.

Run: .venv/bin/python -m tests.bench.openai_backend
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tutor_app.config import load_settings
from tutor_app.errors import DownloadError
from tutor_app.model.base import ChatRequest, Message, Sampling
from tutor_app.model.catalogue import find_entry
from tutor_app.model.download import download_model
from tutor_app.model.openai import OpenAIBackend, chat_payload
from tutor_app.model.tiny import make_tiny_model

RUNS = 7
MAX_TOKENS = 512


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bare_stream(url: str, payload: dict) -> str:
    """The least a client can do: POST, read SSE lines, join the deltas."""
    parts = []
    with httpx.stream("POST", f"{url}/chat/completions", json=payload, timeout=300) as response:
        for line in response.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                for choice in json.loads(line[6:])["choices"]:
                    parts.append(choice["delta"].get("content") or "")
    return "".join(parts)


def timed(fn) -> tuple[float, str]:
    """Seconds one call takes, and what it returned."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    """Print median times of both clients, their ratio, and the offline failure time."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        run(Path(tmp))


def run(folder: Path) -> None:
    """The benchmark, with its files in ``folder``."""
    model, mmproj = make_tiny_model(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    env = {**os.environ, "TUTOR_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "tutor_app.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "-m", str(model), "--mmproj", str(mmproj)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                httpx.get(f"{url}/models", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        backend = OpenAIBackend(load_settings(openai_url=url))
        request = ChatRequest(
            (Message("user", "Explain fractions."),), Sampling(max_tokens=MAX_TOKENS, seed=1)
        )
        payload = chat_payload(request, "qwen3-vl")
        ours, bare = [], []
        for i in range(RUNS):
            # Alternate who goes first, so neither always meets a warmer server.
            if i % 2:
                t_bare, text_bare = timed(lambda: bare_stream(url, payload))
            t_ours, text_ours = timed(lambda: "".join(backend.stream(request)))
            if not i % 2:
                t_bare, text_bare = timed(lambda: bare_stream(url, payload))
            assert text_ours == text_bare
            ours.append(t_ours)
            bare.append(t_bare)
    finally:
        server.terminate()
        server.wait()
    m_ours, m_bare = statistics.median(ours), statistics.median(bare)
    print(f"{RUNS} runs, {MAX_TOKENS} new tokens, tiny model, same server and seed")
    print(f"OpenAIBackend.stream  median {m_ours * 1000:.1f} ms  (min {min(ours) * 1000:.1f})")
    print(f"bare httpx SSE client median {m_bare * 1000:.1f} ms  (min {min(bare) * 1000:.1f})")
    print(f"ratio of medians {m_ours / m_bare:.3f}, of minimums {min(ours) / min(bare):.3f}")

    os.environ["HF_ENDPOINT"] = f"http://127.0.0.1:{free_port()}"
    start = time.perf_counter()
    try:
        download_model(find_entry("2B", "Q4_K_M"), folder / "models")
    except DownloadError:
        pass
    print(f"offline download refused after {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
