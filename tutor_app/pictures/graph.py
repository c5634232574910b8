"""The graph of a problem: what the CAS found to draw, and the one sentence that says it.

Nothing heavy is imported here: the analysis that fills these types runs in the CAS worker
(``analysis.py``) and the chart is drawn by ``plot.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from tutor_app.i18n import t

Point = tuple[float, float]
# Roles a marked point plays, in the order the sentence names them.
ROLES = ("root", "solution", "boundary", "intersection", "vertex", "turning", "intercept")


@dataclass(frozen=True)
class Mark:
    """A point the CAS found, with its exact value as the label (``x = 2``, ``(5/2, -1/4)``)."""

    x: float
    y: float
    label: str
    latex: str
    role: str
    # An end point the solution set leaves out (a strict inequality): drawn hollow.
    open: bool = False
    # A minimum: its label goes under the point, where the curve leaves room.
    below: bool = False


@dataclass(frozen=True)
class Curve:
    """One function or line, sampled; a piece ends wherever the curve is undefined or jumps."""

    label: str
    pieces: tuple[tuple[Point, ...], ...]
    dashed: bool = False


@dataclass(frozen=True)
class Shade:
    """A shaded area: at each x, from y0 to y1."""

    band: tuple[tuple[float, float, float], ...]


@dataclass(frozen=True)
class Graph:
    """What one problem's graph shows and over which window.

    ``kind``: crossing (a function and the x-axis), meet (both sides of an equation), inequality
    (one variable, the solution set shaded), region (two variables, the half-plane shaded) or
    system (two lines). ``subjects`` are the functions, equations or inequality in LaTeX;
    ``solution`` is the solution set in LaTeX (a system: "parallel" or "same" when they never cross).
    """

    kind: str
    shape: str
    x_name: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    curves: tuple[Curve, ...]
    marks: tuple[Mark, ...]
    shades: tuple[Shade, ...] = ()
    asymptotes: tuple[float, ...] = ()
    subjects: tuple[str, ...] = ()
    solution: str = ""
    y_name: str = "y"


def graph_from_data(data: dict[str, Any]) -> Graph:
    """A graph saved as plain data (JSON lists and dicts) made whole again."""
    parts = {
        "curves": tuple(Curve(c["label"], _tuples(c["pieces"]), c.get("dashed", False)) for c in data["curves"]),
        "marks": tuple(Mark(**m) for m in data["marks"]),
        "shades": tuple(Shade(_tuples(s["band"])) for s in data.get("shades", ())),
    }
    known = {f.name for f in fields(Graph)}
    rest = {k: _tuples(v) for k, v in data.items() if k in known and k not in parts}
    return Graph(**rest, **parts)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list | tuple) else value


def describe(graph: Graph, lang: str) -> str:
    """The graph in one sentence, math in ``$...$`` so it renders and is read aloud as math."""
    named = {role: [f"${m.latex}$" for m in graph.marks if m.role == role] for role in ROLES}
    shape = t(f"graph.shape.{graph.shape}", lang)
    subjects = [f"${s}$" for s in graph.subjects]
    if graph.kind == "system":
        sentence = t(f"graph.system.{graph.solution or 'cross'}", lang).format(
            first=subjects[0], second=subjects[1], point=_listed(named["intersection"], lang))
    elif graph.kind == "region":
        sentence = t("graph.region", lang).format(inequality=subjects[0])
    elif graph.kind == "inequality":
        sentence = t("graph.inequality", lang).format(inequality=subjects[0], solution=f"${graph.solution}$")
    elif graph.kind == "meet":
        points = named["solution"]
        sentence = t("graph.meet" if points else "graph.meet_none", lang).format(
            first=subjects[0], second=subjects[1], points=_listed(points, lang))
    else:
        points = named["root"]
        sentence = t("graph.crossing" if points else "graph.crossing_none", lang).format(
            shape=shape, function=subjects[0], points=_listed(points, lang))
        for role in ("vertex", "turning"):
            if named[role]:
                sentence += t(f"graph.with_{role}", lang).format(points=_listed(named[role], lang))
    return sentence + t("punct.stop", lang)


def _listed(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return t("graph.list_sep", lang).join(items[:-1]) + t("graph.list_and", lang) + items[-1]
