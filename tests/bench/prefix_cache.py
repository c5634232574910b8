"""Fast follow-ups: first-token waits for five requests about one photo problem, with and without kept prefixes.

Five requests as a student makes them (read the photo, the steps, a hint, the next
hint, check my work), on the tiny model and on the same model with a heavier
synthetic vision encoder (tiny.HEAVY_VISION: a photo takes about a second to encode).
Three ways, interleaved in the same run, a new photo per round:
  before     prefix_cache_mb=0 and the photo in every request: every request encodes
             the photo and evaluates its whole prompt (the behaviour before kept prefixes);
  kept       the default cache, the photo still in every request: it is encoded once;
  text-only  the default settings: a pure-math problem is tutored from its confirmed text.
Reports the median time to the first token per request and the memory the kept states hold.
Target: on the heavy encoder, request 2's first token in at most 20% of request 1's time.

Run: .venv/bin/python -m tests.bench.prefix_cache
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench._common import photo
from tutor_app.config import Settings, load_settings
from tutor_app.model.local import LocalBackend, physical_cores
from tutor_app.model.tiny import HEAVY_VISION, TINY_VISION, VisionSize, make_tiny_model
from tutor_app.tutoring import Mode, Problem, Reply, respond, transcribe

ROUNDS = 3
PROBLEM = "Solve $3x + 5 = 20$"
REQUESTS = ("read", "steps", "hint", "hint", "check")
MODES = (Mode.SOLVE, Mode.HINT, Mode.HINT, Mode.CHECK_WORK)
TARGET = 0.20
WAYS = {
    "before": {"prefix_cache_mb": 0, "text_only_math": False},
    "kept": {"text_only_math": False},
    "text-only": {},
}


def first_token(make_stream) -> tuple[float, str]:
    """Seconds until the stream's first text, and the whole answer."""
    start = time.perf_counter()
    chunks = iter(make_stream())
    first = next(chunks)
    waited = time.perf_counter() - start
    return waited, first + "".join(chunks)


def five_requests(backend: LocalBackend, settings: Settings, image: bytes, session: str) -> list[float]:
    """First-token seconds of read, steps, hint, hint and check my work on one photo."""
    waits, _ = first_token(lambda: transcribe(backend, [image], settings=settings, lang="en", session=session))
    waits = [waits]
    problem = Problem(transcription=PROBLEM, images=(image,))
    for mode in MODES:
        work = "3x = 25\nx = 25/3" if mode is Mode.CHECK_WORK else ""
        waited, answer = first_token(lambda mode=mode, work=work: respond(
            backend, problem, mode, settings=settings, lang="en", student_work=work, session=session))
        problem.replies.append(Reply(mode, answer, "en"))
        waits.append(waited)
    return waits


def run(name: str, vision: VisionSize, folder: Path) -> float:
    """Print one encoder's table; return request 2's share of request 1's wait with kept prefixes."""
    model, mmproj = make_tiny_model(folder / name, vision=vision)
    backends = {}
    for way, changes in WAYS.items():
        settings = load_settings(max_tokens=16, seed=1, **changes)
        backends[way] = LocalBackend(settings, model, mmproj)
        backends[way].load()
    waits: dict[str, list[list[float]]] = {way: [] for way in WAYS}
    for round_ in range(ROUNDS):
        image = photo(100 + round_)
        order = list(WAYS) if round_ % 2 == 0 else list(reversed(WAYS))
        for way in order:
            backend = backends[way]
            waits[way].append(five_requests(backend, backend.settings, image, f"round{round_}"))
    medians = {way: [statistics.median(r[i] for r in runs) * 1000 for i in range(len(REQUESTS))]
               for way, runs in waits.items()}
    print(f"\n{name} vision encoder ({vision.layers} layers x {vision.embd} wide), "
          f"{physical_cores()} cores, median of {ROUNDS} rounds, first token in ms:")
    print("| request | " + " | ".join(WAYS) + " |")
    print("|---|" + "---|" * len(WAYS))
    for i, request in enumerate(REQUESTS):
        cells = " | ".join(f"{medians[way][i]:.0f}" for way in WAYS)
        print(f"| {i + 1}. {request} | {cells} |")
    for way in WAYS:
        ratio = medians[way][1] / medians[way][0]
        count, size = backends[way].kept_prefixes()
        print(f"{way}: request 2 / request 1 = {ratio:.1%}; kept: {count} problems, "
              f"{size / 1024:.0f} KiB ({size / max(count, 1) / 1024:.0f} KiB each)")
    for backend in backends.values():
        backend.close()
    return medians["kept"][1] / medians["kept"][0]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TUTOR_DATA_DIR"] = folder
        os.environ["TUTOR_CONFIG"] = str(Path(folder) / "config.toml")
        run("tiny", TINY_VISION, Path(folder))
        ratio = run("heavy", HEAVY_VISION, Path(folder))
    met = ratio <= TARGET
    print(f"\nheavy encoder, kept prefixes: request 2 at {ratio:.1%} of request 1 "
          f"(target <= {TARGET:.0%}): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
