"""Grading overhead outside model time on a batch with the tiny model, and a resume after a kill at 50%.

Run: .venv/bin/python -m tests.bench.grading [--files 100] [--max-tokens 128]
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.grading_class import CLASS, completions, make_batch


def in_process(batch: Path) -> tuple[float, float, int]:
    """Wall time of run_job, the model's share of it, and the file count."""
    from tutor_app.config import load_settings
    from tutor_app.grading import run_job, start_job
    from tutor_app.grading.storage import connect
    from tutor_app.mathcheck import warm_up
    from tutor_app.model.backends import get_backend

    settings = load_settings()
    get_backend(settings)
    warm_up()
    job = start_job(settings, batch, key=CLASS / "key.csv")
    started = time.perf_counter()
    run_job(settings, job)
    wall = time.perf_counter() - started
    with connect(settings) as conn:
        model, count = conn.execute(
            "SELECT SUM(model_seconds), COUNT(*) FROM submissions WHERE job_id=?", (job,)
        ).fetchone()
    return wall, model, count


def killed_and_resumed(batch: Path, out: Path, env: dict[str, str], db: Path, files: int) -> dict:
    command = [sys.executable, "-m", "tutor_app.cli", "grade", str(batch), "--key", str(CLASS / "key.csv"),
               "--out", str(out)]
    started = time.perf_counter()
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while completions(db) < files // 2 and first.poll() is None:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    first_run = time.perf_counter() - started
    at_kill = completions(db)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second_run = time.perf_counter() - started
    with sqlite3.connect(db) as conn:
        job = conn.execute("SELECT MAX(id) FROM jobs").fetchone()[0]
        rows = conn.execute(
            "SELECT completions, attempts FROM submissions WHERE job_id=?", (job,)
        ).fetchall()
    return {
        "first_run": first_run,
        "at_kill": at_kill,
        "second_run": second_run,
        "graded_once": sum(1 for c, _ in rows if c == 1),
        "redone": sum(1 for _, a in rows if a > 1),
        "students": len(rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()
    from tutor_app.model.tiny import make_tiny_model

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model, mmproj = make_tiny_model(root / "model")
        env = {
            **os.environ,
            "TUTOR_DATA_DIR": str(root / "data"),
            "TUTOR_CONFIG": str(root / "config.toml"),
            "TUTOR_MODEL": str(model),
            "TUTOR_MMPROJ": str(mmproj),
            "TUTOR_BACKEND": "local",
            "TUTOR_MAX_TOKENS": str(args.max_tokens),
            "TUTOR_SEED": "7",
        }
        os.environ.update(env)
        batch = root / "class"
        make_batch(batch, args.files)

        wall, model_s, count = in_process(batch)
        overhead = wall - model_s
        print(f"batch: {count} files, tiny model, max_tokens {args.max_tokens}")
        print(f"wall {wall:.1f} s, model {model_s:.1f} s, outside the model {overhead:.2f} s "
              f"({100 * overhead / wall:.1f}% of total, {1000 * overhead / count:.0f} ms per file)")
        for per_file in (10.0, 30.0):
            share = overhead / (overhead + per_file * count)
            print(f"  with a model taking {per_file:.0f} s per file the overhead would be {100 * share:.2f}%")

        # A fresh data folder, so the kill is timed on this job's completions alone.
        env["TUTOR_DATA_DIR"] = str(root / "killed")
        r = killed_and_resumed(batch, root / "out", env, root / "killed" / "grading.sqlite3", args.files)
        print(f"killed at {r['at_kill']}/{r['students']} after {r['first_run']:.1f} s; resumed run "
              f"{r['second_run']:.1f} s (full in-process run {wall:.1f} s)")
        print(f"graded exactly once: {r['graded_once']}/{r['students']}; files redone after the kill: "
              f"{r['redone']}")


if __name__ == "__main__":
    main()
