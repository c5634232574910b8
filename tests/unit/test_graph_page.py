"""The Solve page's graph in AppTest: offered only when the CAS can draw the problem, shown, read aloud, exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.pages import page_app
from tutor_app.tutoring import worksheet_html
from tutor_app.ui import solve_view

PAGE = Path(__file__).resolve().parents[2] / "tutor_app" / "views" / "solve.py"


def confirmed(text: str, lang: str = "en") -> AppTest:
    at = page_app(PAGE)
    at.session_state["lang"] = lang
    at.run()
    at.radio(key="solve_source").set_value("type").run()
    at.text_area(key="solve_typed").set_value(text).run()
    next(b for b in at.button if b.key == "solve_use_typed").click().run()
    assert not at.exception
    return at


def graph_button(at: AppTest, name: str):
    return next((b for b in at.button if b.key.startswith(f"solve_graph_{name}_")), None)


def chart_spec(at: AppTest) -> dict:
    (chart,) = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_me_the_graph_draws_the_labelled_roots_and_says_it(lang: str) -> None:
    at = confirmed("Solve x^2 - 5x + 6 = 0", lang)
    assert not at.get("vega_lite_chart")
    graph_button(at, "show").click().run()
    assert not at.exception
    spec = chart_spec(at)
    labels = [v["label"] for layer in spec["layer"] if layer["mark"]["type"] == "text"
              for v in layer["data"]["values"]]
    assert sorted(labels) == ["(0, 6)", "(5/2, -1/4)", "x = 2", "x = 3"]
    sentence = {"en": "crosses the x-axis at $x = 2$ and $x = 3$", "zh": "与 x 轴交于 $x = 2$ 和 $x = 3$"}[lang]
    assert any(sentence in m.value for m in at.markdown)
    (problem,) = at.session_state[solve_view.HISTORY]
    assert problem.graph is not None


def test_no_graph_button_for_a_problem_the_cas_cannot_read() -> None:
    at = confirmed("A train leaves at 3 pm at 60 km/h. When does it arrive?")
    assert graph_button(at, "show") is None
    assert not at.get("vega_lite_chart")


def test_the_graph_is_read_aloud_hidden_and_goes_in_the_worksheet() -> None:
    at = confirmed("Solve 2x+y=5, x-y=1")
    graph_button(at, "show").click().run()
    graph_button(at, "speak").click().run()
    assert not at.exception
    assert at.get("audio")[0].proto.autoplay
    (problem,) = at.session_state[solve_view.HISTORY]
    assert [m.label for m in problem.graph.marks] == ["(2, 1)"]
    assert "data:image/svg+xml" in worksheet_html([problem], "en")
    graph_button(at, "hide").click().run()
    assert not at.get("vega_lite_chart")
    assert at.session_state[solve_view.HISTORY][0].graph is None
