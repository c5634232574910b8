"""`tutor bench`: how fast the configured model answers on this machine, within a time budget."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import psutil
from PIL import Image

from tutor_app.config import Settings
from tutor_app.model.base import Backend, ChatRequest, Message, Sampling
from tutor_app.model.hardware import detect_hardware
from tutor_app.model.images import prepare_image
from tutor_app.measure.speed import BenchResult

DEFAULT_BUDGET_S = 60.0
STREAMS = (1, 2, 4, 8)
PHOTO_SIZE = (1024, 768)
GENERATION_TOKENS = 128
# Greedy and seeded: two runs of the same model ask for the same work.
_SAMPLING = Sampling(temperature=0.0, top_k=1, top_p=1.0, presence_penalty=0.0, max_tokens=1, seed=1)
_SHORT = "What is 3 + 4?"
# Plain prose the size of a long worksheet question, so prompt speed is measured on real words.
_LONG = " ".join(
    f"Problem {i}: a train leaves at {i} o'clock and travels {10 * i} km at {5 + i} km/h; "
    "find when it arrives and explain each step." for i in range(1, 25)
)
_COUNT = "Count from 1 to 300, numbers separated by spaces, nothing else."
_RSS_POLL_S = 0.05

Progress = Callable[[float, str], None]


@dataclass
class _Timed:
    """One request's timing: seconds to the first chunk, in all, and the tokens it used."""

    first: float | None
    total: float
    chunks: int
    prompt_tokens: int | None
    completion_tokens: int | None


def photo(size: tuple[int, int] = PHOTO_SIZE, seed: int = 0) -> bytes:
    """A photo-like JPEG of ``size``: noise, which no encoder can shortcut."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


class _PeakMemory:
    """The most memory this process held while the ``with`` block ran (sampled)."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="bench-rss")

    def _watch(self) -> None:
        while not self._done.wait(_RSS_POLL_S):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


class Bench:
    """Measures one backend, step by step, never past its deadline."""

    def __init__(self, settings: Settings, backend: Backend, budget: float, progress: Progress | None) -> None:
        self.settings = settings
        self.backend = backend
        self.deadline = time.monotonic() + budget
        self.progress = progress or (lambda fraction, step: None)
        self.nonce = 0

    def _left(self) -> float:
        return self.deadline - time.monotonic()

    def timed(self, text: str, images: tuple[bytes, ...] = (), max_tokens: int = 1) -> _Timed:
        """Send one request and time it; stop reading once the budget is spent."""
        # A fresh first line each time, so no server or llama.cpp prompt cache answers from memory.
        self.nonce += 1
        usage: dict[str, int] = {}
        cancel = threading.Event()
        request = ChatRequest(
            (Message("user", f"Request {self.nonce}.\n{text}", images),),
            sampling=replace(_SAMPLING, max_tokens=max_tokens),
            cancel=cancel,
            on_usage=usage.update,
        )
        started = time.perf_counter()
        first = None
        chunks = 0
        for _ in self.backend.stream(request):
            chunks += 1
            if first is None:
                first = time.perf_counter() - started
            if self._left() <= 0:
                cancel.set()
        return _Timed(
            first, time.perf_counter() - started, chunks, usage.get("prompt_tokens"), usage.get("completion_tokens")
        )

    def run(self, result: BenchResult, *, streams: tuple[int, ...]) -> BenchResult:
        """Fill ``result`` with every figure the budget allows."""
        steps: list[tuple[str, Callable[[BenchResult], None]]] = [
            ("load", self._load),
            ("first token", self._first_token),
            ("prompt", self._prompt),
            ("photo", self._photo),
            ("generation", self._generation),
        ]
        steps += [(f"{n} streams", lambda r, n=n: self._streams(r, n)) for n in streams]
        with _PeakMemory() as memory:
            for done, (name, step) in enumerate(steps):
                if self._left() <= 0:
                    result.notes.append(f"The time budget ran out before: {', '.join(n for n, _ in steps[done:])}.")
                    break
                self.progress(done / len(steps), name)
                step(result)
            self.progress(1.0, "done")
        if result.backend == "local":
            result.peak_rss_mb = round(memory.peak / 2**20, 1)
        return result

    def _load(self, result: BenchResult) -> None:
        load = getattr(self.backend, "load", None)
        started = time.perf_counter()
        if load is not None:
            load()
            result.load_seconds = round(time.perf_counter() - started, 3)
        else:
            # A server has its model loaded already; this request only warms the connection.
            self.timed(_SHORT)

    def _first_token(self, result: BenchResult) -> None:
        self.timed(_SHORT)  # warm-up: buffers, threads and caches
        times = [self.timed(_SHORT).first for _ in range(2)]
        measured = [t for t in times if t is not None]
        if measured:
            result.first_token_seconds = round(min(measured), 3)

    def _prompt(self, result: BenchResult) -> None:
        short, long = self.timed(_SHORT), self.timed(_LONG)
        if None in (short.prompt_tokens, long.prompt_tokens, short.first, long.first):
            result.notes.append("The server does not report token counts, so prompt speed is not measured.")
            return
        # The difference cancels what every request costs whatever its length.
        tokens = long.prompt_tokens - short.prompt_tokens
        seconds = long.first - short.first
        if tokens > 0 and seconds > 0:
            result.prompt_tokens_per_s = round(tokens / seconds, 1)

    def _photo(self, result: BenchResult) -> None:
        image = prepare_image(
            photo(),
            short_side=self.settings.image_short_side,
            max_tokens=self.settings.image_max_tokens,
            max_bytes=self.settings.max_upload_mb * 2**20,
        ).data
        plain = self.timed(_SHORT)
        with_photo = self.timed(_SHORT, (image,))
        if plain.first is not None and with_photo.first is not None:
            result.vision_seconds = round(max(with_photo.first - plain.first, 0.0), 3)

    def _generation(self, result: BenchResult) -> None:
        run = self.timed(_COUNT, max_tokens=GENERATION_TOKENS)
        tokens = run.completion_tokens or run.chunks
        if run.first is not None and tokens > 1 and run.total > run.first:
            result.generation_tokens_per_s = round((tokens - 1) / (run.total - run.first), 1)

    def _streams(self, result: BenchResult, count: int) -> None:
        runs: list[_Timed] = []
        threads = [
            threading.Thread(target=lambda: runs.append(self.timed(_COUNT, max_tokens=GENERATION_TOKENS)))
            for _ in range(count)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        tokens = sum(r.completion_tokens or r.chunks for r in runs)
        if len(runs) == count and seconds > 0:
            result.concurrent_tokens_per_s[count] = round(tokens / seconds, 1)


def bench(
    settings: Settings,
    backend: Backend,
    *,
    model: str,
    model_file: Path | None = None,
    budget: float = DEFAULT_BUDGET_S,
    progress: Progress | None = None,
) -> BenchResult:
    """Measure ``backend`` (the model ``model``) for at most about ``budget`` seconds."""
    result = BenchResult(
        model=model,
        backend=settings.backend,
        machine=detect_hardware().describe(),
        measured_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        model_gb=round(model_file.stat().st_size / 1e9, 3) if model_file else None,
    )
    streams = STREAMS if settings.backend == "openai" else ()
    return Bench(settings, backend, budget, progress).run(result, streams=streams)
