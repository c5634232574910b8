"""Show me the graph: the CAS's analysis, click to chart in Chromium, and the worksheet export with one graph.

Run: .venv/bin/python -m tests.bench.graph [--repeats 3]
(1) the graph worked out in the CAS worker (done once when the problem is shown, to know whether to
    offer the button), against a plain CAS solve of the same problem in the same run;
(2) in Chromium against `tutor app` (no model needed): click on "Show me the graph" until the chart's
    labelled points are drawn, for a quadratic and a 2x2 system;
(3) the HTML worksheet with one graph: the first export (the SVG drawn offline) and the next ones
    (the SVG kept), against the same worksheet without the graph.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.support.browser import open_page, wait_idle
from tests.support.servers import start_app, stop_process

PROBLEMS = {"quadratic": ("Solve x^2 - 5x + 6 = 0", "x = 3"), "2x2 system": ("Solve 2x + y = 5, x - y = 1", "(2, 1)")}


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"


def analysis(repeats: int) -> None:
    from tutor_app.mathcheck import solve_with_cas, warm_up
    from tutor_app.tutoring import Problem, problem_graph

    warm_up()
    for name, (problem, _) in PROBLEMS.items():
        graphs, solves = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            assert problem_graph(Problem(problem), timeout=30) is not None
            graphs.append(time.perf_counter() - start)
            start = time.perf_counter()
            solve_with_cas(problem, timeout=30)
            solves.append(time.perf_counter() - start)
        print(f"(1) {name}: graph in the CAS worker {_ms(graphs)}; plain CAS solve {_ms(solves)}; "
              f"ratio {statistics.median(graphs) / statistics.median(solves):.1f}x")


def in_browser(data: Path, repeats: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_ARGS, chromium_path

    env = dict(os.environ, TUTOR_DATA_DIR=str(data), TUTOR_CONFIG=str(data / "config.toml"),
               TUTOR_MODEL=str(data / "no-model.gguf"))
    proc, url = start_app(env, data / "streamlit.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            for name, (problem, label) in PROBLEMS.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                open_page(page, url)
                page.get_by_text("Type it", exact=True).click()
                area = page.locator(".st-key-solve_typed textarea")
                area.wait_for()
                area.fill(problem)
                area.press("Control+Enter")
                wait_idle(page)
                page.get_by_role("button", name="Use this problem").click()
                times = []
                for _ in range(repeats):
                    show = page.get_by_role("button", name="Show me the graph")
                    show.wait_for(timeout=60_000)
                    wait_idle(page)
                    clicked = time.perf_counter()
                    show.click()
                    page.locator(".st-key-solve_graph svg text").filter(has_text=label).first.wait_for(timeout=60_000)
                    times.append(time.perf_counter() - clicked)
                    wait_idle(page)
                    page.get_by_role("button", name="Hide the graph").click()
                print(f"(2) {name}: click to chart with its labelled points, {repeats} runs: {_ms(times)}")
                page.close()
            browser.close()
    finally:
        stop_process(proc)


def export(repeats: int) -> None:
    from tutor_app.pictures.plot import graph_svg
    from tutor_app.tutoring import Problem, problem_graph, worksheet_html

    problem, _ = PROBLEMS["quadratic"]
    graph = problem_graph(Problem(problem), timeout=30)
    plain, with_graph = Problem(problem), Problem(problem, graph=graph)
    start = time.perf_counter()
    page = worksheet_html([with_graph], "en")
    first = time.perf_counter() - start
    kept, without = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        worksheet_html([with_graph], "en")
        kept.append(time.perf_counter() - start)
        start = time.perf_counter()
        worksheet_html([plain], "en")
        without.append(time.perf_counter() - start)
    graph_svg.cache_clear()
    redraws = []
    for _ in range(repeats):
        start = time.perf_counter()
        graph_svg(graph)
        redraws.append(time.perf_counter() - start)
        graph_svg.cache_clear()
    print(f"(3) HTML worksheet with one graph ({len(page) // 1024} KiB): first export {first * 1000:.0f} ms "
          f"(the renderer starting and drawing the SVG); SVG drawn again {_ms(redraws)}; later exports "
          f"(SVG kept) {_ms(kept)}; the same worksheet without the graph {_ms(without)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    analysis(args.repeats)
    with tempfile.TemporaryDirectory() as folder:
        in_browser(Path(folder), args.repeats)
    export(args.repeats)


if __name__ == "__main__":
    main()
