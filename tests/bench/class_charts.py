"""Teacher charts: building the class charts, drawing them as PNG offline, and the class summary with them.

Run: .venv/bin/python -m tests.bench.class_charts [--students 30] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.support.grading_class import graded_batch


def median_seconds(action, repeats: int) -> float:
    """Median wall time of ``action()`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TUTOR_DATA_DIR"] = tmp
        os.environ["TUTOR_CONFIG"] = str(Path(tmp) / "config.toml")
        from tutor_app.grading import common_mistakes, job_results
        from tutor_app.grading.charts import IMAGE_WIDTH, class_charts
        from tutor_app.grading.exports import class_summary, gradebook_csv, roster
        from tutor_app.pictures import chart_png

        settings, job = graded_batch(Path(tmp), args.students)
        rows, students = job_results(settings, job), roster(settings, job)
        mistakes = common_mistakes(settings, job, rows)

        def build() -> list:
            drawn = [c.chart for c in class_charts(rows, students, mistakes, "en", width=IMAGE_WIDTH) if c.chart]
            for chart in drawn:
                # The page sends each chart's spec to the browser: building it is part of the cost.
                chart.to_dict()
            return drawn

        charts = build()
        started = time.perf_counter()
        chart_png(charts[0])
        first_png = time.perf_counter() - started
        built = median_seconds(build, args.repeats)
        pngs = median_seconds(lambda: [chart_png(c) for c in charts], args.repeats)
        csv = median_seconds(lambda: gradebook_csv(settings, job), args.repeats)
        summary = median_seconds(lambda: class_summary(settings, job), args.repeats)
    # The sample pages of a made-up batch are all readable: nobody waits for review, so no third chart.
    print(f"students: {args.students}, charts drawn: {len(charts)}, repeats: {args.repeats}")
    print(f"gradebook CSV (baseline): {csv * 1000:.0f} ms")
    print(f"build the charts (data + Vega-Lite spec): {built * 1000:.0f} ms ({built / csv:.1f}x the CSV)")
    print(f"first PNG in a process (starts the renderer): {first_png * 1000:.0f} ms")
    print(f"the charts as PNG, renderer warm: {pngs * 1000:.0f} ms ({pngs / csv:.1f}x the CSV)")
    print(f"class summary with the chart images: {summary * 1000:.0f} ms ({summary / csv:.1f}x the CSV)")


if __name__ == "__main__":
    main()
