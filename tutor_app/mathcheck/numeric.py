"""Randomized numeric evaluation: the second opinion behind symbolic checks."""

from __future__ import annotations

import cmath
import random

import sympy

SAMPLES = 8
REL_TOL = 1e-9
DIGITS = 30
FLOOR = 1e-24
_SEED = 20240611


def points(symbols: list[sympy.Symbol], count: int = SAMPLES) -> list[dict]:
    """Repeatable sample points, half of them positive so that roots and logs have a domain."""
    rng = random.Random(_SEED)
    result = []
    for k in range(count):
        lo = 0.15 if k % 2 == 0 else -2.9
        result.append({s: sympy.Float(round(rng.uniform(lo, 2.9), 6), DIGITS) for s in symbols})
    return result


def integer_points(symbols: list[sympy.Symbol]) -> list[dict]:
    """Whole-number points: step functions (floor, ceiling) agree on short stretches of the line."""
    return [{s: sympy.Integer(k + 3 * j) for j, s in enumerate(symbols)} for k in (2, 5, 9, 14, 23, 40, 77)]


def _stepped(*exprs: sympy.Expr) -> bool:
    return any(e.has(sympy.floor, sympy.ceiling, sympy.binomial, sympy.factorial) for e in exprs)


def value(expr: sympy.Expr, point: dict) -> complex | None:
    """The value of ``expr`` at a point, or None where it is undefined or infinite."""
    try:
        result = complex(expr.evalf(DIGITS, subs=point) if point else expr.evalf(DIGITS))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    if not cmath.isfinite(result):
        return None
    return result


def close(a: complex, b: complex, rel: float = REL_TOL, floor: float = FLOOR) -> bool:
    """Equal up to rounding noise, relative to the larger value."""
    # Evaluating at 30 digits leaves cancellation noise near 1e-30, far below FLOOR,
    # while values like 1.6e-19 still count as different from 3.2e-19.
    return abs(a - b) <= rel * max(floor, abs(a), abs(b))


def compare(a: sympy.Expr, b: sympy.Expr) -> tuple[bool | None, int]:
    """Whether two expressions agree wherever both are defined, and at how many points."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    # Unless the answers themselves use i, only points where both are real count: principal-branch
    # values of roots and logs of negative numbers are not evidence either way.
    complex_answers = a.has(sympy.I) or b.has(sympy.I)
    agreed = 0
    extra = integer_points(symbols) if symbols and _stepped(a, b) else []
    for point in points(symbols, SAMPLES if symbols else 1) + extra:
        va, vb = value(a, point), value(b, point)
        if va is None or vb is None:
            continue
        real_a, real_b = abs(va.imag) < 1e-12, abs(vb.imag) < 1e-12
        if symbols and not (real_a and real_b) and not complex_answers:
            continue
        if not close(va, vb):
            return False, agreed
        agreed += 1
    if agreed == 0 or (symbols and agreed < 3):
        return None, agreed
    return True, agreed


def ratio(a: sympy.Expr, b: sympy.Expr) -> complex | None:
    """The constant ``a / b`` if it is one at every sample point, else None."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    found: complex | None = None
    for point in points(symbols, SAMPLES if symbols else 1):
        va, vb = value(a, point), value(b, point)
        if va is None or vb is None or vb == 0:
            continue
        r = va / vb
        if found is None:
            found = r
        elif not close(found, r, 1e-7):
            return None
    return found


def difference(a: sympy.Expr, b: sympy.Expr) -> complex | None:
    """The constant ``a - b`` if it is one at every sample point, else None."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    found: complex | None = None
    for point in points(symbols, SAMPLES if symbols else 1):
        va, vb = value(a, point), value(b, point)
        if va is None or vb is None:
            continue
        d = va - vb
        if found is None:
            found = d
        elif not close(found, d, 1e-7):
            return None
    return found
