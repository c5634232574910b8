"""What the graph of a problem shows, worked out by the CAS: window, curves, marked points (worker side).

Every number marked on a graph comes from SymPy's exact answer here, never from the model.
"""

from __future__ import annotations

import functools
import re

import numpy
import sympy
from sympy.calculus.util import singularities

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.cas import CALCULUS, instruction, problem_text, read_expression
from tutor_app.mathcheck.normalize import normalize
from tutor_app.pictures.graph import Curve, Graph, Mark, Shade

SAMPLES = 241
# More points than this on one graph are a clutter of labels, not a picture.
MAX_POINTS = 8
# Tasks whose math is a function, an equation, an inequality or a system worth drawing.
GRAPHED = {None, "solve", "evaluate", "factor", "expand", "simplify", "minimum", "maximum"}
_RELATION = re.compile(r"<=|>=|!=|=|<|>")
_RELATIONS = {"=": sympy.Eq, "<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}
_LATEX_RELATIONS = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
# Each function's period, in multiples of π.
_TRIG = {sympy.sin: 2, sympy.cos: 2, sympy.sec: 2, sympy.csc: 2, sympy.tan: 1, sympy.cot: 1}
_ERRORS = (MathInputError, NotImplementedError, ValueError, TypeError, AttributeError, ZeroDivisionError,
           RecursionError)


def analyse(problem: str) -> Graph | None:
    """The graph of a problem, or None when the CAS cannot read it as something to draw."""
    text = problem_text(problem)
    if text is None or CALCULUS.search(text):
        return None
    task, body, named = instruction(text)
    if task not in GRAPHED:
        return None
    try:
        parts = _parts(body)
        if len(parts) == 2:
            return _system(parts)
        if len(parts) != 1:
            return None
        left, op, right = parts[0]
        names = sorted({s.name for s in (left - right).free_symbols}, key=lambda n: (n != "x", n))
        if named and named in names:
            names.remove(named)
            names.insert(0, named)
        if len(names) == 1:
            x = _symbol(left - right, names[0])
            if op == "=":
                return _equation(left, right, x)
            if op is None:
                return _function(left, x)
            return _inequality(left, op, right, x)
        if len(names) == 2 and op is not None and op != "=":
            return _region(left, op, right, names)
        return None
    except _ERRORS:
        return None


def _parts(body: str) -> list[tuple[sympy.Expr, str | None, sympy.Expr]]:
    """Each comma- or "and"-separated relation of the math as (left, relation, right)."""
    plain = normalize(body)
    parts = []
    for piece in _split_top(plain):
        pieces = _RELATION.split(piece)
        ops = _RELATION.findall(piece)
        if len(ops) > 1 or "!=" in ops:
            raise MathInputError("a chain of relations")
        if not ops:
            parts.append((read_expression(pieces[0]), None, sympy.Integer(0)))
        else:
            parts.append((read_expression(pieces[0]), ops[0], read_expression(pieces[1])))
    return parts


def _split_top(text: str) -> list[str]:
    """``text`` split at commas, semicolons and "and" outside brackets."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth == 0 and ch in ",;":
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p for piece in pieces for p in re.split(r"\band\b", piece) if p.strip()]


def _symbol(expr: sympy.Expr, name: str) -> sympy.Symbol:
    return next(s for s in expr.free_symbols if s.name == name)


def _finite(result: sympy.Set) -> list[sympy.Expr] | None:
    """The real points of a finite solution set, or None when it is not a short finite set."""
    if not isinstance(result, sympy.FiniteSet) or len(result) > MAX_POINTS:
        return None
    return sorted((v for v in result if v.is_real), key=float)


def _zeros(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """The real zeros of ``f``: exact, or as decimals for a polynomial that only the cubic or quartic formula solves."""
    if not f.is_polynomial(x) or sympy.degree(f, x) < 3:
        return _finite(sympy.solveset(f, x, sympy.Reals))
    poly = sympy.Poly(f, x)
    # The cubic and quartic formulas give radicals no student would read, and SymPy takes seconds over them.
    found = sympy.roots(poly, cubics=False, quartics=False, quintics=False)
    exact = [r for r in found if r.is_real]
    if sum(found.values()) < poly.degree():
        near = [float(r) for r in exact]
        zeros = numpy.roots([float(c) for c in poly.all_coeffs()])
        exact += [sympy.Float(z.real) for z in zeros
                  if abs(z.imag) < 1e-9 and all(abs(z.real - r) > 1e-6 for r in near)]
    return _finite(sympy.FiniteSet(*exact))


def _real(value: sympy.Expr) -> float | None:
    number = complex(sympy.N(value))
    return number.real if abs(number.imag) < 1e-12 and numpy.isfinite(number.real) else None


def _at(f: sympy.Expr, x: sympy.Symbol, value: sympy.Expr) -> sympy.Expr | None:
    """``f`` at ``x = value`` exactly, or None where it is undefined or not real."""
    y = sympy.simplify(f.subs(x, value))
    return y if y.is_finite and _real(y) is not None else None


def label(value: sympy.Expr) -> str:
    """A short plain-text label for an exact value: 5/2, -1/4, π/6, √3; a decimal when it is long."""
    text = sympy.sstr(value)
    if len(text) > 14 or "RootOf" in text or value.is_Float:
        return f"≈{float(value):.3g}"
    text = re.sub(r"sqrt\((\d+)\)", r"√\1", text).replace("sqrt(", "√(").replace("**", "^")
    text = re.sub(r"\bpi\b", "π", re.sub(r"\bE\b", "e", re.sub(r"\blog\(", "ln(", text)))
    text = re.sub(r"(\d)\*(?=[A-Za-zπ√(])", r"\1", text)
    return text.replace("*", "·")


def _tex(value: sympy.Expr) -> str:
    """LaTeX for a value or function as students write it (ln, not log)."""
    return sympy.latex(value, ln_notation=True)


def _latex(value: sympy.Expr) -> str:
    short = len(sympy.sstr(value)) <= 14 and not value.is_Float
    return _tex(value) if short else rf"\approx {float(value):.3g}"


def _curve_text(expr: sympy.Expr) -> str:
    text = re.sub(r"(\d)\*(?=[A-Za-z(])", r"\1", sympy.sstr(expr)).replace("**", "^")
    text = re.sub(r"\bAbs\(", "abs(", re.sub(r"\blog\(", "ln(", re.sub(r"\bE\b", "e", text)))
    return re.sub(r"\bpi\b", "π", text.replace("*", "·"))


def _shape(f: sympy.Expr, x: sympy.Symbol) -> str:
    if f.is_polynomial(x):
        degree = sympy.degree(f, x)
        return {0: "line", 1: "line", 2: "parabola"}.get(degree, "curve")
    return "curve"


def _point(x: sympy.Expr, y: sympy.Expr, role: str, *, open_: bool = False, only_x: str = "",
           below: bool = False) -> Mark:
    """A marked point; ``only_x`` names the variable when the label is its value alone (``x = 2``)."""
    text = f"{only_x} = {label(x)}".replace("= ≈", "≈ ") if only_x else f"({label(x)}, {label(y)})"
    latex = f"{only_x} = {_latex(x)}".replace(r"= \approx", r"\approx") if only_x else \
        rf"\left({_latex(x)}, {_latex(y)}\right)"
    return Mark(_real(x), _real(y), text, latex, role, open_, below)


class _Window:
    """The x values the CAS found worth seeing, widened into a window with room around them."""

    def __init__(self) -> None:
        self.xs: list[float] = []
        self.ys: list[float] = [0.0]

    def see(self, x: float | None, y: float | None = None) -> None:
        if x is not None:
            self.xs.append(x)
        if y is not None:
            self.ys.append(y)

    def x_range(self) -> tuple[float, float]:
        low, high = min(self.xs, default=0.0), max(self.xs, default=0.0)
        pad = max((high - low) * 0.25, 1.0)
        return _nice(low - pad), _nice(high + pad)


def _nice(value: float) -> float:
    """``value`` rounded to two significant figures, so axes read 4, not 4.0625."""
    return float(f"{value:.2g}")


def _sample(f: sympy.Expr, x: sympy.Symbol, x_range: tuple[float, float], extra: list[float]) -> tuple:
    """Samples of ``f`` over the window (the marked x values included) as (xs, ys) arrays; NaN where undefined."""
    xs = numpy.unique(numpy.concatenate([numpy.linspace(*x_range, SAMPLES),
                                         [v for v in extra if x_range[0] <= v <= x_range[1]]]))
    fn = sympy.lambdify(x, f, "numpy")
    with numpy.errstate(all="ignore"):
        ys = numpy.asarray(fn(xs) if f.has(x) else numpy.full_like(xs, float(f)), dtype=complex)
        ys = numpy.broadcast_to(ys, xs.shape)
    real = numpy.where(numpy.abs(ys.imag) < 1e-9, ys.real, numpy.nan)
    return xs, real


def _y_range(samples: list[tuple], marks: list[float], broken: list[bool]) -> tuple[float, float]:
    lows, highs = list(marks), list(marks)
    for (_, ys), cut in zip(samples, broken, strict=True):
        ys = ys[numpy.isfinite(ys)]
        if len(ys):
            # Near an asymptote the curve runs off to infinity: the middle of its values is what to show.
            low, high = numpy.percentile(ys, [12, 88]) if cut else (ys.min(), ys.max())
            lows.append(float(low))
            highs.append(float(high))
    low, high = min(lows), max(highs)
    pad = max((high - low) * 0.1, 0.5)
    return _nice(low - pad), _nice(high + pad)


def _pieces(xs, ys, y_range: tuple[float, float], breaks: list[float]) -> tuple:
    """The sampled curve cut where it is undefined, at each asymptote and at each jump across the window."""
    span = y_range[1] - y_range[0]
    mid = (y_range[0] + y_range[1]) / 2
    pieces: list[list[tuple[float, float]]] = [[]]
    for i, (px, py) in enumerate(zip(xs, ys)):
        if not numpy.isfinite(py):
            pieces.append([])
            continue
        if pieces[-1] and i > 0:
            qx, qy = pieces[-1][-1]
            across = any(qx < b < px for b in breaks)
            jump = abs(py - qy) > 2 * span and (py - mid) * (qy - mid) < 0
            if across or jump:
                pieces.append([])
        pieces[-1].append((_round(px), _round(float(numpy.clip(py, y_range[0] - 10 * span, y_range[1] + 10 * span)))))
    return tuple(tuple(p) for p in pieces if len(p) > 1)


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def _interval(x_range: tuple[float, float]) -> sympy.Interval:
    """The window as an exact interval (to a thousandth), which SymPy's set functions need."""
    return sympy.Interval(*(sympy.Rational(round(v * 1000), 1000) for v in x_range))


def _breaks(f: sympy.Expr, x: sympy.Symbol, x_range: tuple[float, float]) -> list[float]:
    """The x values in the window where ``f`` is undefined (asymptotes and holes)."""
    try:
        found = singularities(f, x, _interval(x_range))
    except (NotImplementedError, ValueError, TypeError):
        return []
    points = _finite(found) or []
    return [v for v in (_real(p) for p in points) if v is not None]


def _features(f: sympy.Expr, x: sympy.Symbol, window: _Window, *, roots: bool = True,
              periodic: bool = False) -> list[Mark]:
    """The roots, turning points and y-intercept of ``f``, exactly, each seen by the window (and its asymptotes)."""
    marks = []
    if roots:
        for root in _zeros(f, x) or []:
            marks.append(_point(root, sympy.Integer(0), "root", only_x=x.name))
    # On a periodic curve the turning points repeat every period: the solutions are what to mark.
    if not periodic:
        for value in _finite(singularities(f, x)) or []:
            # Room either side of an asymptote, to see the curve leave it.
            for side in (-2, 2):
                window.see(_real(value) + side)
        if not f.is_polynomial(x) or sympy.degree(f, x) > 1:
            role = "vertex" if _shape(f, x) == "parabola" else "turning"
            for point in _zeros(sympy.diff(f, x), x) or []:
                y = _at(f, x, point)
                if y is not None:
                    bend = sympy.diff(f, x, 2).subs(x, point)
                    marks.append(_point(point, y, role, below=bool(bend.is_positive)))
    at_zero = _at(f, x, sympy.Integer(0))
    if at_zero is not None and not any(m.x == 0 for m in marks):
        marks.append(_point(sympy.Integer(0), at_zero, "intercept"))
    for mark in marks:
        window.see(mark.x, mark.y)
    return marks


def _period(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """The period of a function of ``x`` only through sin, cos, tan... of ``a x + b`` (a rational), else None."""
    atoms = f.atoms(*_TRIG)
    if not atoms or f.subs({atom: sympy.Dummy() for atom in atoms}).has(x):
        return None
    turns = []
    for atom in atoms:
        slope = sympy.diff(atom.args[0], x)
        if slope.has(x) or not slope.is_rational or slope == 0:
            return None
        turns.append(_TRIG[type(atom)] / abs(slope))
    # The common period of periods p/q (times π) is lcm(p) / gcd(q) times π.
    numerator = functools.reduce(sympy.ilcm, (turn.p for turn in turns))
    denominator = functools.reduce(sympy.igcd, (turn.q for turn in turns))
    return sympy.Rational(numerator, denominator) * sympy.pi


def _draw(functions: list[tuple[sympy.Expr, str]], x: sympy.Symbol, x_range: tuple[float, float],
          marks: list[Mark], window: _Window) -> tuple[tuple[Curve, ...], tuple[float, ...], tuple]:
    """The curves of ``functions`` over the window, cut at asymptotes; the asymptotes; the y range."""
    marked = [m.x for m in marks]
    breaks = [_breaks(f, x, x_range) for f, _ in functions]
    samples = [_sample(f, x, x_range, marked) for f, _ in functions]
    y_range = _y_range(samples, window.ys, [bool(cuts) for cuts in breaks])
    curves = tuple(Curve(text, _pieces(xs, ys, y_range, cuts))
                   for (_, text), (xs, ys), cuts in zip(functions, samples, breaks, strict=True))
    return curves, tuple(sorted({_round(b) for cuts in breaks for b in cuts})), y_range


def _function(f: sympy.Expr, x: sympy.Symbol) -> Graph:
    window = _Window()
    period = _period(f, x)
    if period is not None:
        period, roots = _periodic(f, x, period)
        marks = [_point(root, sympy.Integer(0), "root", only_x=x.name) for root in roots or []]
        marks += _features(f, x, window, roots=False, periodic=True)
        x_range = _periods(period)
    else:
        marks = _features(f, x, window)
        x_range = window.x_range()
    curves, asymptotes, y_range = _draw([(f, f"y = {_curve_text(f)}")], x, x_range, marks, window)
    return Graph("crossing", _shape(f, x), x.name, x_range, y_range, curves, _visible(marks, x_range, y_range),
                 asymptotes=asymptotes, subjects=(f"y = {_tex(f)}",))


def _periodic(f: sympy.Expr, x: sympy.Symbol, period: sympy.Expr) -> tuple[sympy.Expr, list[sympy.Expr] | None]:
    """Half the width to show (two periods, or one when two would crowd the graph) and the roots of ``f`` there."""
    roots = _finite(sympy.solveset(f, x, sympy.Interval(0, 2 * period)))
    if roots is not None and len(roots) > MAX_POINTS - 2:
        return period / 2, [r for r in roots if r <= period]
    return period, roots


def _periods(period: sympy.Expr) -> tuple[float, float]:
    """Twice ``period`` from 0, with a little room either side."""
    width = 2 * float(period)
    return _round(-0.05 * width), _round(1.05 * width)


def _visible(marks: list[Mark], x_range: tuple[float, float], y_range: tuple[float, float]) -> tuple[Mark, ...]:
    return tuple(m for m in marks if x_range[0] <= m.x <= x_range[1] and y_range[0] <= m.y <= y_range[1])


def _equation(left: sympy.Expr, right: sympy.Expr, x: sympy.Symbol) -> Graph | None:
    if right.has(x) and not left.has(x):
        left, right = right, left
    if right == 0:
        return _function(left, x)
    window = _Window()
    difference = left - right
    period = _period(difference, x)
    if period is not None:
        period, solutions = _periodic(difference, x, period)
    else:
        solutions = _zeros(difference, x)
    if solutions is None:
        return None
    marks = []
    for value in solutions:
        y = _at(left, x, value)
        if y is not None:
            marks.append(_point(value, y, "solution", only_x=x.name))
            window.see(marks[-1].x, marks[-1].y)
    if period is None:
        for side in (left, right):
            if side.has(x):
                marks += [m for m in _features(side, x, window, roots=False) if m.role != "intercept"]
        window.see(0.0)
        x_range = window.x_range()
    else:
        x_range = _periods(period)
    sides = [(side, f"y = {_curve_text(side)}") for side in (left, right)]
    curves, asymptotes, y_range = _draw(sides, x, x_range, marks, window)
    return Graph("meet", _shape(left, x), x.name, x_range, y_range, curves, _visible(marks, x_range, y_range),
                 asymptotes=asymptotes, subjects=tuple(f"y = {_tex(s)}" for s in (left, right)))


def _inequality(left: sympy.Expr, op: str, right: sympy.Expr, x: sympy.Symbol) -> Graph | None:
    relation = _RELATIONS[op](left, right)
    solution = sympy.solveset(relation, x, sympy.Reals)
    boundary = _zeros(left - right, x)
    if boundary is None or any(v.is_Float for v in boundary):
        return None
    window = _Window()
    strict = op in ("<", ">")
    # Against a non-zero constant the boundary points say it all; otherwise a vertex shows the bend.
    with_vertex = right == 0 or right.has(x)
    shown = [(left, f"y = {_curve_text(left)}")] + ([] if right == 0 else [(right, f"y = {_curve_text(right)}")])
    marks = []
    for value in boundary:
        y = _at(left, x, value)
        if y is not None:
            marks.append(_point(value, y, "boundary", open_=strict, only_x=x.name))
            window.see(marks[-1].x, marks[-1].y)
    for end in (solution.boundary if solution not in (sympy.Reals, sympy.EmptySet) else ()):
        window.see(_real(end))
    for side, _ in shown:
        if side.has(x) and with_vertex:
            marks += [m for m in _features(side, x, window, roots=False) if m.role == "vertex"]
    window.see(0.0)
    x_range = window.x_range()
    curves, asymptotes, y_range = _draw(shown, x, x_range, marks, window)
    shades = tuple(Shade(((a, y_range[0], y_range[1]), (b, y_range[0], y_range[1])))
                   for a, b in _spans(solution, x_range))
    statement = f"{_tex(left)} {_LATEX_RELATIONS[op]} {_tex(right)}"
    return Graph("inequality", _shape(left - right, x), x.name, x_range, y_range, curves,
                 _visible(marks, x_range, y_range), shades, asymptotes, (statement,), _tex(solution))


def _spans(solution: sympy.Set, x_range: tuple[float, float]) -> list[tuple[float, float]]:
    """The parts of a solution set inside the window, as (start, end) pairs."""
    shown = sympy.Intersection(solution, _interval(x_range))
    parts = shown.args if isinstance(shown, sympy.Union) else (shown,)
    return [(_round(float(p.start)), _round(float(p.end))) for p in parts if isinstance(p, sympy.Interval)]


def _region(left: sympy.Expr, op: str, right: sympy.Expr, names: list[str]) -> Graph | None:
    difference = left - right
    x, y = (_symbol(difference, n) for n in names)
    if sympy.Poly(difference, x, y).total_degree() != 1 or not difference.has(y):
        return None
    (edge,) = sympy.solve(difference, y)
    window = _Window()
    marks = [m for m in _features(edge, x, window) if m.role in ("root", "intercept")]
    named = f"{x.name} = "
    marks = [Mark(m.x, m.y, f"({m.label.removeprefix(named)}, 0)", rf"\left({m.latex.removeprefix(named)}, 0\right)",
                  "intercept") if m.role == "root" else m for m in marks]
    x_range = window.x_range()
    curves, _, y_range = _draw([(edge, f"{y.name} = {_curve_text(edge)}")], x, x_range, marks, window)
    probe = float(numpy.mean(x_range))
    above = bool(_RELATIONS[op](left, right).subs({x: probe, y: float(edge.subs(x, probe)) + 1}))
    xs, ys = _sample(edge, x, x_range, [])
    edge_top = y_range[1] if above else y_range[0]
    shade = Shade(tuple((_round(a), _round(min(max(b, y_range[0]), y_range[1])), edge_top) for a, b in zip(xs, ys)))
    strict = op in ("<", ">")
    curves = tuple(Curve(c.label, c.pieces, dashed=strict) for c in curves)
    statement = f"{_tex(left)} {_LATEX_RELATIONS[op]} {_tex(right)}"
    return Graph("region", "line", x.name, x_range, y_range, curves, _visible(marks, x_range, y_range),
                 (shade,), (), (statement,), y_name=y.name)


def _system(parts: list[tuple[sympy.Expr, str | None, sympy.Expr]]) -> Graph | None:
    """Two linear equations in two unknowns: both lines and where they cross."""
    if any(op != "=" for _, op, _ in parts):
        return None
    differences = [left - right for left, _, right in parts]
    names = sorted({s.name for d in differences for s in d.free_symbols}, key=lambda n: (n not in "xy", n))
    if len(names) != 2:
        return None
    symbols = {s.name: s for d in differences for s in d.free_symbols}
    x, y = symbols[names[0]], symbols[names[1]]
    if any(sympy.Poly(d, x, y).total_degree() != 1 for d in differences):
        return None
    window = _Window()
    marks = []
    solved = sympy.solve(differences, [x, y], dict=True)
    if len(solved) == 1 and set(solved[0]) == {x, y}:
        point = solved[0]
        marks.append(_point(point[x], point[y], "intersection"))
        window.see(marks[-1].x, marks[-1].y)
    for d in differences:
        a, b, c = d.coeff(x), d.coeff(y), -d.subs({x: 0, y: 0})
        if a != 0:
            window.see(_real(c / a), 0.0)
        if b != 0:
            window.see(0.0, _real(c / b))
    x_range = window.x_range()
    low, high = min(window.ys), max(window.ys)
    pad = max((high - low) * 0.25, 1.0)
    y_range = (_nice(low - pad), _nice(high + pad))
    curves = tuple(_line(d, (left, right), x, y, x_range, y_range) for d, (left, _, right) in zip(differences, parts))
    subjects = tuple(f"{_tex(left)} = {_tex(right)}" for left, _, right in parts)
    parallel = "" if marks else ("same" if len(sympy.solve(differences, [x, y], dict=True)) else "parallel")
    return Graph("system", "line", x.name, x_range, y_range, curves, tuple(marks), subjects=subjects,
                 solution=parallel, y_name=y.name)


def _line(d: sympy.Expr, sides: tuple, x: sympy.Symbol, y: sympy.Symbol, x_range: tuple, y_range: tuple) -> Curve:
    text = f"{_curve_text(sides[0])} = {_curve_text(sides[1])}"
    b = d.coeff(y)
    if b == 0:
        at = _round(float(sympy.solve(d, x)[0]))
        return Curve(text, (((at, y_range[0]), (at, y_range[1])),))
    (edge,) = sympy.solve(d, y)
    ends = tuple((_round(v), _round(float(edge.subs(x, v)))) for v in x_range)
    return Curve(text, (ends,))
