"""Teacher page cost: drawing a graded class against the Check page, and the progress refresh while grading.

Run: .venv/bin/python -m tests.bench.teacher_page [--students 30] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.support.grading_class import graded_batch

ROOT = Path(__file__).parents[2]
PAGES_DIR = ROOT / "tutor_app" / "views"


def render_seconds(page: str, repeats: int, signed_in: bool) -> float:
    """Median wall time of a full AppTest run of ``page``."""
    from streamlit.testing.v1 import AppTest

    from tests.support.access import sign_in

    times = []
    for _ in range(repeats):
        at = AppTest.from_file(str(PAGES_DIR / page), default_timeout=120)
        if signed_in:
            sign_in(at)
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TUTOR_DATA_DIR"] = tmp
        os.environ["TUTOR_CONFIG"] = str(Path(tmp) / "config.toml")
        from tutor_app.grading import job_summary

        settings, job = graded_batch(Path(tmp), args.students)

        check = render_seconds("check.py", args.repeats, signed_in=False)
        teacher = render_seconds("teacher.py", args.repeats, signed_in=True)
        ticks = []
        for _ in range(50):
            started = time.perf_counter()
            job_summary(settings, job)
            ticks.append(time.perf_counter() - started)
        tick = statistics.median(ticks)
    print(f"students: {args.students}, repeats: {args.repeats}")
    print(f"Check page render (baseline): {check * 1000:.0f} ms")
    print(f"Teacher page render, graded class: {teacher * 1000:.0f} ms ({teacher / check:.1f}x the Check page)")
    print(f"progress refresh, database read per 1 s tick: {tick * 1000:.2f} ms ({tick * 100:.2f}% of the period)")


if __name__ == "__main__":
    main()
