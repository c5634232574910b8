"""Grading 40 students against a server with 8 parallel slots at concurrency 1, 4 and 8.

The loopback test server (its own process, so it takes no time from the grader) holds every
request a fixed time, as a busy GPU server would, so the ideal wall time is known: ceil(students / N)
rounds of two requests (transcription, feedback). Everything above that ideal is our overhead:
reading and preparing the pages, CAS checks, SQLite, threads.

Run: .venv/bin/python -m tests.bench.concurrency [--students 40] [--hold 2.0]
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.support.grading_class import KEY, make_batch
from tests.support.servers import free_port, stop_process

SLOTS = 8
LEVELS = (1, 4, 8)


def grade(batch: Path, url: str, concurrency: int) -> float:
    """Wall seconds of one in-process grading run of ``batch``."""
    from tutor_app.config import load_settings
    from tutor_app.grading import run_job, start_job

    settings = load_settings(backend="openai", openai_url=url, concurrency=concurrency)
    job = start_job(settings, batch, key=KEY)
    started = time.perf_counter()
    summary = run_job(settings, job)
    wall = time.perf_counter() - started
    assert summary.status == "done" and summary.graded == summary.students, summary
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--hold", type=float, default=2.0, help="seconds the server holds each request")
    args = parser.parse_args()
    from tutor_app.mathcheck import warm_up

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.update(TUTOR_DATA_DIR=str(root / "data"), TUTOR_CONFIG=str(root / "config.toml"))
        batch = root / "class"
        make_batch(batch, args.students)
        warm_up()
        print(f"{args.students} students, 2 requests each, server holds each {args.hold:g} s, {SLOTS} slots")
        print("| concurrency | wall | ideal | ratio to sequential | overhead per file |")
        print("|---|---|---|---|---|")
        sequential = None
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.support.slot_server", str(SLOTS), str(args.hold), str(port)],
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    httpx.get(f"{url}/stats", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for level in LEVELS:
                wall = grade(batch, f"{url}/v1", level)
                most = httpx.get(f"{url}/stats").json()["max_in_flight"]
                ideal = math.ceil(args.students / level) * 2 * args.hold
                sequential = sequential or wall
                overhead = (wall - ideal) / args.students
                print(
                    f"| {level} (max {most} in flight) | {wall:.1f} s | {ideal:.1f} s | "
                    f"{wall / sequential:.3f} | {1000 * overhead:.0f} ms = {100 * (wall - ideal) / ideal:.1f}% |",
                    flush=True,
                )
        finally:
            stop_process(server)

if __name__ == "__main__":
    main()
