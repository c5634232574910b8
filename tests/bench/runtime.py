"""The local runtime: solve-pipeline overhead over bare llama-cpp-python, loads, memory.

Run: .venv/bin/python -m tests.bench.runtime
"""

from __future__ import annotations

import base64
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import psutil

from tests.bench._common import bare_llama, photo
from tutor_app.config import load_settings
from tutor_app.model.ask import ask
from tutor_app.model.backends import close_backend, get_backend
from tutor_app.model.base import Sampling
from tutor_app.model.images import prepare_image
from tutor_app.model.llama_log import route_llama_logs
from tutor_app.model.local import LocalBackend, physical_cores
from tutor_app.model.tiny import make_tiny_model

NEW_TOKENS = 512
REPEATS = 11
PROMPT = "Solve the problem in the picture step by step."
OVERHEAD_TARGET = 5.0
THREADS = 1
SESSIONS, REQUESTS = 3, 20
MEMORY_REQUESTS, MEMORY_TARGET = 50, 5.0


def sampling() -> Sampling:
    # The tiny model never emits end-of-turn, so every answer is exactly max_tokens long.
    return Sampling.from_preset("vision", max_tokens=NEW_TOKENS, seed=1)


def time_bare(llm, image: bytes) -> tuple[float, int]:
    s = sampling()
    url = "data:image/jpeg;base64," + base64.b64encode(image).decode("ascii")
    start = time.perf_counter()
    chunks = llm.create_chat_completion(
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": url}},
                    {"type": "text", "text": PROMPT},
                ],
            }
        ],
        stream=True,
        temperature=s.temperature,
        top_p=s.top_p,
        top_k=s.top_k,
        presence_penalty=s.presence_penalty,
        repeat_penalty=s.repeat_penalty,
        max_tokens=s.max_tokens,
        seed=s.seed,
    )
    n = sum(1 for c in chunks if c["choices"][0]["delta"].get("content"))
    return time.perf_counter() - start, n


def time_pipeline(backend, image: bytes, settings) -> tuple[float, int]:
    start = time.perf_counter()
    n = sum(1 for _ in ask(backend, PROMPT, [image], sampling=sampling(), settings=settings))
    return time.perf_counter() - start, n


def overhead(model: Path, mmproj: Path) -> None:
    # One thread for both sides: on a tiny model more threads only add
    # scheduling noise to what is measured here.
    settings = load_settings(model=model, mmproj=mmproj, n_threads=min(THREADS, physical_cores()))
    image = photo()
    # Both sides log to the same file, so neither pays for a terminal.
    route_llama_logs(settings.data_dir / "logs" / "llama.log")
    backend = LocalBackend(settings, model, mmproj)
    llm = bare_llama(model, mmproj, settings, settings.n_ctx)
    time_bare(llm, image)
    time_pipeline(backend, image, settings)
    bare, pipeline, counts = [], [], set()
    for i in range(REPEATS):
        # Alternate which side goes first, so neither always runs on a warmer cache.
        for side in (("bare", "ask") if i % 2 else ("ask", "bare")):
            if side == "bare":
                seconds, n = time_bare(llm, image)
                bare.append(seconds)
            else:
                seconds, n = time_pipeline(backend, image, settings)
                pipeline.append(seconds)
            counts.add((side, n))
    llm.close()
    backend.close()
    b, p = statistics.median(bare), statistics.median(pipeline)
    ratio = (p - b) / b * 100
    best = (min(pipeline) - min(bare)) / min(bare) * 100
    verdict = "met" if ratio <= OVERHEAD_TARGET else "NOT met"
    print(
        f"(1) {NEW_TOKENS} new tokens, 640x480 JPEG + prompt, {settings.n_threads} threads, "
        f"{REPEATS} interleaved runs each"
    )
    print(f"    chunks streamed: {sorted(counts)}")
    for label, times in (("bare create_chat_completion", bare), ("ask() pipeline", pipeline)):
        print(
            f"    {label:28} median {statistics.median(times) * 1000:7.1f} ms"
            f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )
    prep = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        prepare_image(image, short_side=settings.image_short_side, max_tokens=settings.image_max_tokens)
        prep.append(time.perf_counter() - start)
    print(f"    of which image preparation (median): {statistics.median(prep) * 1000:.1f} ms")
    print(f"    overhead: {ratio:+.1f}% of the median, {best:+.1f}% of the best run")
    print(f"    target <= {OVERHEAD_TARGET:.0f}% (median): {verdict}")


def loads_and_memory(model: Path, mmproj: Path) -> None:
    image = photo()

    def request(i: int) -> None:
        # Each request looks the backend up from fresh settings, as a page run does.
        backend = get_backend(load_settings(model=model, mmproj=mmproj))
        images = [image] if i % 2 else []
        for _ in ask(backend, f"Question {i}", images, sampling=Sampling(max_tokens=32, seed=i)):
            pass

    counter = iter(range(REQUESTS))
    lock = threading.Lock()

    def session() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            request(i)

    threads = [threading.Thread(target=session) for _ in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    backend = get_backend(load_settings(model=model, mmproj=mmproj))
    print(f"(3) model loads across {REQUESTS} requests from {SESSIONS} threads: {backend.loads}")

    process = psutil.Process()
    before = process.memory_info().rss
    for i in range(MEMORY_REQUESTS):
        request(i)
    after = process.memory_info().rss
    growth = (after - before) / before * 100
    verdict = "met" if growth < MEMORY_TARGET else "NOT met"
    print(
        f"    RSS over {MEMORY_REQUESTS} more requests: {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB "
        f"({growth:+.2f}%, target < {MEMORY_TARGET:.0f}%: {verdict}); loads now {backend.loads}"
    )
    close_backend()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TUTOR_DATA_DIR"] = folder
        os.environ["TUTOR_CONFIG"] = str(Path(folder) / "config.toml")
        model, mmproj = make_tiny_model(Path(folder) / "tiny")
        print(f"tiny Qwen3-VL pair, CPU, {physical_cores()} physical cores")
        overhead(model, mmproj)
        loads_and_memory(model, mmproj)


if __name__ == "__main__":
    main()
