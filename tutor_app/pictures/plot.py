"""A problem's graph drawn as an Altair (Vega-Lite) chart, on the page and as an offline image."""

from __future__ import annotations

import base64
import copy
import functools

import altair as alt

from tutor_app.pictures.graph import Graph
from tutor_app.pictures.render import chart_svg


def _scale(domain: tuple[float, float]) -> alt.Scale:
    return alt.Scale(domain=list(domain), nice=False, zero=False)


def graph_chart(graph: Graph, *, width: int | None = None) -> alt.LayerChart:
    """The graph as a layered Altair chart: shading, axes, asymptotes, curves, then the labelled points."""
    x = alt.X("x:Q", scale=_scale(graph.x_range), title=graph.x_name)
    y = alt.Y("y:Q", scale=_scale(graph.y_range), title=graph.y_name)
    layers = []
    if graph.shades:
        band = [{"x": px, "y": y0, "y2": y1, "piece": i} for i, s in enumerate(graph.shades) for px, y0, y1 in s.band]
        layers.append(alt.Chart(alt.Data(values=band)).mark_area(opacity=0.25, color="#4c9be8", clip=True).encode(
            x=x, y=y, y2="y2:Q", detail="piece:N"))
    axes = [{"x": graph.x_range[0], "y": 0, "x2": graph.x_range[1], "y2": 0},
            {"x": 0, "y": graph.y_range[0], "x2": 0, "y2": graph.y_range[1]}]
    layers.append(alt.Chart(alt.Data(values=axes)).mark_rule(color="#888", clip=True).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q"))
    if graph.asymptotes:
        rules = [{"x": a, "y": graph.y_range[0], "y2": graph.y_range[1]} for a in graph.asymptotes]
        layers.append(alt.Chart(alt.Data(values=rules)).mark_rule(strokeDash=[6, 4], color="#c44").encode(
            x=x, y=y, y2="y2:Q"))
    names = [c.label for c in graph.curves]
    colour = alt.Color("curve:N", scale=alt.Scale(domain=names), legend=alt.Legend(orient="bottom", title=None,
                                                                                  labelLimit=320, columns=1))
    for number, curve in enumerate(graph.curves):
        points = [{"x": px, "y": py, "curve": curve.label, "piece": f"{number}-{i}"}
                  for i, piece in enumerate(curve.pieces) for px, py in piece]
        line = alt.Chart(alt.Data(values=points)).mark_line(
            clip=True, strokeWidth=2.5, strokeDash=[6, 4] if curve.dashed else [1, 0])
        # One line per piece (detail), so a curve is never joined across an asymptote or a gap.
        layers.append(line.encode(x=x, y=y, color=colour, detail="piece:N", order="x:Q"))
    if graph.marks:
        marks = [{"x": m.x, "y": m.y, "label": m.label, "fill": "white" if m.open else "#111"} for m in graph.marks]
        layers.append(alt.Chart(alt.Data(values=marks)).mark_point(size=70, stroke="#111", strokeWidth=2, opacity=1)
                      .encode(x=x, y=y, fill=alt.Fill("fill:N", scale=None)))
        for below in (False, True):
            labels = [{"x": m.x, "y": m.y, "label": m.label} for m in graph.marks if m.below is below]
            if labels:
                layers.append(alt.Chart(alt.Data(values=labels)).mark_text(
                    dy=18 if below else -13, fontSize=13, fontWeight="bold").encode(x=x, y=y, text="label:N"))
    chart = alt.layer(*layers).properties(height=340)
    return chart.properties(width=width) if width else chart


def graph_spec(graph: Graph) -> dict:
    """The chart's Vega-Lite spec for the page: built and checked against the schema once per graph."""
    # Altair checks every data point against the schema, about a second for a graph: a page run must not pay it.
    return copy.deepcopy(_checked_spec(graph))


@functools.lru_cache(maxsize=64)
def _checked_spec(graph: Graph) -> dict:
    return graph_chart(graph).to_dict()


@functools.lru_cache(maxsize=64)
def graph_svg(graph: Graph) -> str:
    """The graph as an SVG image for a worksheet, drawn offline; kept, since a worksheet is rebuilt on every run."""
    return chart_svg(graph_chart(graph, width=520))


def graph_data_uri(graph: Graph) -> str:
    """The graph's SVG as a ``data:`` URI, so a worksheet carries it with no file beside it."""
    return "data:image/svg+xml;base64," + base64.b64encode(graph_svg(graph).encode("utf-8")).decode("ascii")
