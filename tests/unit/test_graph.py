"""The graph of a problem: window and marked points chosen by the CAS, per problem kind, and how it is shown."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict

import pytest

from tutor_app.pictures.analysis import analyse
from tutor_app.pictures.graph import Graph, describe, graph_from_data
from tutor_app.pictures.plot import graph_chart, graph_svg
from tutor_app.tutoring import Problem, problem_graph, worksheet_html, worksheet_markdown
from tutor_app.tutoring.history import HistoryStore, new_key

# problem, kind, the labels marked on the graph (exact values from the CAS), each inside the window.
KINDS = [
    ("Solve x^2 - 5x + 6 = 0", "crossing", ["x = 2", "x = 3", "(5/2, -1/4)", "(0, 6)"]),
    ("解方程 x^2-5x+6=0", "crossing", ["x = 2", "x = 3", "(5/2, -1/4)", "(0, 6)"]),
    ("Minimum of x^2-4x+5", "crossing", ["(2, 1)", "(0, 5)"]),
    ("Solve x^3 - 3x = 0", "crossing", ["x = -√3", "x = 0", "x = √3", "(-1, 2)", "(1, -2)"]),
    # Only the cubic formula would give this root exactly: it is marked to 3 figures, and said to be.
    ("Solve x^3 - 2x - 5 = 0", "crossing", ["x ≈ 2.09", "(-√6/3, ≈-3.91)", "(√6/3, ≈-6.09)", "(0, -5)"]),
    ("Solve t^2 - 4 = 0", "crossing", ["t = -2", "t = 2", "(0, -4)"]),
    ("Solve 2x + 3 = 7", "meet", ["x = 2"]),
    ("Solve x^2 = x + 2", "meet", ["x = -1", "x = 2", "(0, 0)"]),
    ("Solve ln(x) = 1", "meet", ["x = e"]),
    ("Solve x^2-5x+6 < 0", "inequality", ["x = 2", "x = 3", "(5/2, -1/4)"]),
    ("Solve |x-1| < 3", "inequality", ["x = -2", "x = 4"]),
    ("Solve y > 2x+1", "region", ["(-1/2, 0)", "(0, 1)"]),
    ("Solve 2x+y=5, x-y=1", "system", ["(2, 1)"]),
    (r"$\begin{cases} x - 2y = 0 \\ x + y = 3 \end{cases}$", "system", ["(2, 1)"]),
    ("Solve 2x+y=5 and x=1", "system", ["(1, 3)"]),
    ("Solve 2x+4y=8, x+2y=3", "system", []),
    ("Solve sin(x) = 1/2", "meet", ["x = π/6", "x = 5π/6", "x = 13π/6", "x = 17π/6"]),
    ("Solve tan(x) = 1", "meet", ["x = π/4", "x = 5π/4"]),
    ("Solve cos(2x) = 0", "crossing", ["x = π/4", "x = 3π/4", "x = 5π/4", "x = 7π/4", "(0, 1)"]),
    (r"Solve $\frac{1}{x-1}=2$", "meet", ["x = 3/2"]),
]


@pytest.mark.parametrize(("problem", "kind", "labels"), KINDS)
def test_the_cas_marks_these_points_and_the_window_shows_them(problem: str, kind: str, labels: list[str]) -> None:
    graph = analyse(problem)
    assert graph.kind == kind
    assert [m.label for m in graph.marks] == labels
    for mark in graph.marks:
        assert graph.x_range[0] < mark.x < graph.x_range[1]
        assert graph.y_range[0] < mark.y < graph.y_range[1]


# problem, window; the quadratic's roots and vertex sit inside it with room to spare.
WINDOWS = [
    ("Solve x^2 - 5x + 6 = 0", (-1.0, 4.0), (-1.5, 13.0)),
    ("Solve 2x+y=5, x-y=1", (-1.0, 3.5), (-2.5, 6.5)),
    ("Solve y > 2x+1", (-1.5, 1.0), (-2.5, 3.5)),
]


@pytest.mark.parametrize(("problem", "x_range", "y_range"), WINDOWS)
def test_the_window(problem: str, x_range: tuple, y_range: tuple) -> None:
    graph = analyse(problem)
    assert (graph.x_range, graph.y_range) == (x_range, y_range)


@pytest.mark.parametrize(("problem", "periods"), [("Solve sin(x) = 1/2", 2), ("Solve tan(x) = 1", 2),
                                                  ("Solve sin(3x) = 0", 2), ("Solve sin(x)^2 = 1/4", 1)])
def test_a_trigonometric_problem_shows_one_or_two_periods(problem: str, periods: int) -> None:
    import math

    graph = analyse(problem)
    period = {"Solve sin(x) = 1/2": 2 * math.pi, "Solve tan(x) = 1": 2 * math.pi,
              "Solve sin(3x) = 0": 2 * math.pi / 3, "Solve sin(x)^2 = 1/4": 2 * math.pi}[problem]
    width = graph.x_range[1] - graph.x_range[0]
    # tan's period is π: its two periods are the 2π shown; the window has 5% room either side.
    assert width == pytest.approx(1.1 * periods * (period if "tan" not in problem else math.pi), rel=1e-4)


@pytest.mark.parametrize(("problem", "asymptotes"), [("Solve tan(x) = 1", (1.5708, 4.71239)),
                                                     (r"Solve $\frac{1}{x-1}=2$", (1.0,)),
                                                     ("Simplify 1/(x^2-1)", (-1.0, 1.0)),
                                                     # Both sides run up to +infinity: no jump gives it away.
                                                     ("Simplify 1/(3x-1)^2", (0.333333,))])
def test_no_curve_is_joined_across_an_asymptote(problem: str, asymptotes: tuple) -> None:
    graph = analyse(problem)
    assert graph.asymptotes == asymptotes
    curve = graph.curves[0]
    assert len(curve.pieces) == len(asymptotes) + 1
    for piece in curve.pieces:
        xs = [x for x, _ in piece]
        assert not any(min(xs) < a < max(xs) for a in asymptotes)


def test_inequalities_shade_the_solution_set() -> None:
    (band,) = analyse("Solve x^2-5x+6 < 0").shades
    assert [x for x, _, _ in band.band] == [2.0, 3.0]
    assert all(m.open for m in analyse("Solve x^2-5x+6 < 0").marks if m.role == "boundary")
    assert not any(m.open for m in analyse("Solve x^2 - 4 >= 0").marks)
    assert [[x for x, _, _ in s.band] for s in analyse("Solve x^2 - 4 >= 0").shades] == [[-3.0, -2.0], [2.0, 3.0]]
    # y > 2x + 1: the half-plane above the dashed line.
    region = analyse("Solve y > 2x+1")
    (shade,) = region.shades
    assert all(top == region.y_range[1] for _, _, top in shade.band)
    assert region.curves[0].dashed


@pytest.mark.parametrize("problem", ["Evaluate 2+3", "Differentiate x^2", "Explain photosynthesis",
                                     "A train leaves at 3 pm at 60 km/h. When does it arrive?",
                                     "Solve x + y + z = 1", "Solve x^2 + y^2 = 1, x - y = 0", "Solve 1 < x < 3",
                                     r"\int_0^1 x^2 dx", "Solve x = x"])
def test_no_graph_for_what_the_cas_cannot_draw(problem: str) -> None:
    assert analyse(problem) is None


@pytest.mark.parametrize(("problem", "en", "zh"), [
    ("Solve x^2 - 5x + 6 = 0",
     r"The parabola $y = x^{2} - 5 x + 6$ crosses the x-axis at $x = 2$ and $x = 3$, with its vertex at "
     r"$\left(\frac{5}{2}, - \frac{1}{4}\right)$.",
     r"抛物线 $y = x^{2} - 5 x + 6$ 与 x 轴交于 $x = 2$ 和 $x = 3$，顶点为 $\left(\frac{5}{2}, - \frac{1}{4}\right)$。"),
    ("Solve 2x+y=5, x-y=1", r"The lines $2 x + y = 5$ and $x - y = 1$ cross at $\left(2, 1\right)$.",
     r"直线 $2 x + y = 5$ 与 $x - y = 1$ 交于 $\left(2, 1\right)$。"),
    ("Solve 2x+4y=8, x+2y=3", r"The lines $2 x + 4 y = 8$ and $x + 2 y = 3$ are parallel and never cross.",
     r"直线 $2 x + 4 y = 8$ 与 $x + 2 y = 3$ 平行，没有交点。"),
    ("Solve x^2-5x+6 < 0", r"The shaded part shows where $x^{2} - 5 x + 6 < 0$: $\left(2, 3\right)$.",
     r"阴影部分表示 $x^{2} - 5 x + 6 < 0$ 成立的范围：$\left(2, 3\right)$。"),
    ("Solve x^2 + 1 = 0", r"The parabola $y = x^{2} + 1$ does not cross the x-axis, with its vertex at "
     r"$\left(0, 1\right)$.", r"抛物线 $y = x^{2} + 1$ 与 x 轴没有交点，顶点为 $\left(0, 1\right)$。"),
])
def test_the_graph_in_one_sentence(problem: str, en: str, zh: str) -> None:
    graph = analyse(problem)
    assert (describe(graph, "en"), describe(graph, "zh")) == (en, zh)


def test_the_chart_draws_each_piece_apart_and_labels_the_points() -> None:
    spec = graph_chart(analyse("Solve tan(x) = 1")).to_dict()
    lines = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
    assert lines[0]["encoding"]["detail"] == {"field": "piece", "type": "nominal"}
    assert len({p["piece"] for p in lines[0]["data"]["values"]}) == 3
    (text,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert [v["label"] for v in text["data"]["values"]] == ["x = π/4", "x = 5π/4"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [-0.314159, 6.59734]
    # A minimum's label sits under its point, the roots' above theirs.
    spec = graph_chart(analyse("Solve x^2 - 5x + 6 = 0")).to_dict()
    texts = {layer["mark"]["dy"]: [v["label"] for v in layer["data"]["values"]]
             for layer in spec["layer"] if layer["mark"]["type"] == "text"}
    assert texts == {-13: ["x = 2", "x = 3", "(0, 6)"], 18: ["(5/2, -1/4)"]}


def test_the_worksheet_carries_the_graph_as_an_offline_image() -> None:
    graph = analyse("Solve x^2 - 5x + 6 = 0")
    svg = graph_svg(graph)
    assert svg.startswith("<svg") and "x = 2" in svg and "(5/2, -1/4)" in svg and "http" not in svg.split(">", 1)[1]
    problem = Problem("Solve x^2 - 5x + 6 = 0", graph=graph)
    page = worksheet_html([problem], "en")
    uri = page.split('<figure><img src="', 1)[1].split('"', 1)[0]
    assert base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode() == svg
    assert "crosses the x-axis" in page
    assert "data:image/svg+xml;base64," in worksheet_markdown([problem], "zh")
    assert "figure" not in worksheet_html([Problem("Solve x^2 - 5x + 6 = 0")], "en")


def test_an_opened_graph_is_kept_with_the_problem(tmp_path) -> None:
    graph = analyse("Solve tan(x) = 1")
    store, key = HistoryStore(tmp_path, 1), new_key()
    store.save(key, [Problem("Solve tan(x) = 1", graph=graph)])
    (loaded,) = store.load(key)
    assert loaded.graph == graph
    assert graph_from_data(json.loads(json.dumps(asdict(graph)))) == graph


def test_the_graph_is_worked_out_in_the_cas_worker() -> None:
    graph = problem_graph(Problem("Solve x^2 - 5x + 6 = 0"), timeout=30)
    assert isinstance(graph, Graph) and graph == analyse("Solve x^2 - 5x + 6 = 0")
    assert problem_graph(Problem("Explain photosynthesis"), timeout=30) is None
