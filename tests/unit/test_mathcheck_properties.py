"""Property tests: random expressions equal their expanded and factored forms; perturbations do not."""

from __future__ import annotations

import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tutor_app.mathcheck import check_answer

x, y = sympy.symbols("x y", real=True)


def _plain(expr: sympy.Expr) -> str:
    return sympy.sstr(expr)


@st.composite
def products(draw: st.DrawFn) -> sympy.Expr:
    """A product of one to three small linear or quadratic factors in x and y."""
    factors = []
    for _ in range(draw(st.integers(1, 3))):
        a, b, c = (draw(st.integers(-5, 5)) for _ in range(3))
        power = draw(st.integers(1, 2))
        factor = a * x + b * y + c if draw(st.booleans()) else a * x**2 + b * x + c
        factors.append(factor**power)
    expr = sympy.Mul(*factors)
    return expr if expr.free_symbols else expr + x


@st.composite
def sums(draw: st.DrawFn) -> sympy.Expr:
    """A sum of elementary terms (powers, roots, trig, exp) with small coefficients."""
    atoms = [x, x**2, sympy.sin(x), sympy.cos(y), sympy.exp(x), sympy.sqrt(x**2 + 1), x * y, 1 / (x**2 + 1)]
    terms = draw(st.lists(st.sampled_from(atoms), min_size=1, max_size=4, unique=True))
    coefficients = draw(st.lists(st.integers(1, 9), min_size=len(terms), max_size=len(terms)))
    return sympy.Add(*[k * t for k, t in zip(coefficients, terms)])


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(products())
def test_expanded_and_factored_forms_are_equivalent(expr: sympy.Expr) -> None:
    """A random product, its expansion and its factorisation all check as equivalent."""
    written = _plain(expr)
    assert check_answer(written, _plain(sympy.expand(expr)), timeout=10).kind == "equivalent"
    assert check_answer(written, _plain(sympy.factor(expr)), timeout=10).kind == "equivalent"


@FAST
@given(products(), st.sampled_from([1, -1, 2]), st.booleans())
def test_perturbed_product_is_not_equivalent(expr: sympy.Expr, delta: int, on_x: bool) -> None:
    """Adding a term or constant to the expansion is never accepted."""
    perturbed = sympy.expand(expr) + delta * (x if on_x else 1)
    verdict = check_answer(_plain(expr), _plain(perturbed), timeout=10)
    assert (verdict.kind, verdict.equivalent) == ("not_equivalent", False)


@FAST
@given(sums(), st.integers(1, 3))
def test_perturbed_sum_is_not_equivalent(expr: sympy.Expr, delta: int) -> None:
    """A random sum equals itself reordered, and never itself plus a constant."""
    reordered = " + ".join(reversed([_plain(t) for t in sympy.Add.make_args(expr)]))
    assert check_answer(_plain(expr), reordered, timeout=10).kind == "equivalent"
    verdict = check_answer(_plain(expr), f"{_plain(expr)} + {delta}", timeout=10)
    assert verdict.equivalent is False


@FAST
@given(st.integers(-10**6, 10**6), st.integers(1, 10**6), st.integers(10**6, 10**9), st.sampled_from([1, -1]))
def test_exact_fractions_are_compared_exactly(p: int, q: int, k: int, off: int) -> None:
    """p/q equals (pk)/(qk) however large k is, and (pk + 1)/(qk) never does, though the two differ
    by less than floating-point sampling can see."""
    assert check_answer(f"{p}/{q}", f"{p * k}/{q * k}", timeout=10).kind == "equivalent"
    verdict = check_answer(f"{p}/{q}", f"{p * k + off}/{q * k}", timeout=10)
    assert (verdict.kind, verdict.equivalent) == ("not_equivalent", False)


@FAST
@given(sums(), st.integers(-9, 9), st.sampled_from(["C", "K"]))
def test_a_constant_of_integration_is_additive(expr: sympy.Expr, shift: int, name: str) -> None:
    """F + C matches F + shift + K for any constant shift; a constant placed inside never matches, even
    where setting it to zero gives F back (1/(1/F + K))."""
    written = _plain(expr)
    assert check_answer(f"{written} + C", f"{written} + {shift} + {name}", timeout=10).kind == "equivalent"
    verdict = check_answer(f"{written} + C", f"1/(1/({written}) + {name})", timeout=10)
    assert verdict.equivalent is False


@FAST
@given(products(), st.sampled_from([1, -1, 2, 3]), st.integers(-9, 9), st.sampled_from(["y", "x"]))
def test_a_general_solution_is_the_same_family_whatever_its_constant(expr: sympy.Expr, scale: int, shift: int,
                                                                     extra: str) -> None:
    """``F = k`` and ``scale*F + shift = C`` are the same family of curves; ``F + x = C`` (or ``+ y``) is not.
    F is in both x and y: for F in y alone, ``y + y**3 = C`` is the family ``y = k`` again."""
    family = expr if expr.has(x) and expr.has(y) else expr + x**2 + y**2
    # -x**2 + x**2 + y**2 is y**2 alone: a family in y alone is y = k again.
    assume(family.has(x) and family.has(y))
    written = _plain(family)
    same = check_answer(f"{written} = k", f"{scale}*({written}) + {shift} = C", timeout=10)
    assert same.kind == "equivalent", same
    other = check_answer(f"{written} = k", f"{written} + {extra}**3 = C", timeout=10)
    assert other.equivalent is False, other


@FAST
@given(st.integers(-50, 50), st.integers(1, 9).flatmap(lambda d: st.sampled_from([d, -d])), st.integers(3, 400))
def test_an_elided_arithmetic_sum_is_its_exact_total(first: int, step: int, count: int) -> None:
    """``a + (a+d) + … + last`` is worked out exactly; the total plus one is not it."""
    last = first + step * (count - 1)
    written = f"{first} + {first + step} + \\cdots + {last}"
    total = count * (first + last) // 2
    assert check_answer(written, str(total), timeout=10).kind == "equivalent"
    assert check_answer(written, str(total + 1), timeout=10).equivalent is False


@FAST
@given(st.integers(2, 5), st.integers(5, 12), st.sampled_from([1, -1]))
def test_an_elided_geometric_sum_is_its_exact_total(ratio: int, count: int, sign: int) -> None:
    """``1 + r + r^2 + … + r^n`` (three terms written, so that doubling is not counting) is exact."""
    terms = [sign * ratio**k for k in range(count)]
    written = f"{terms[0]} + {terms[1]} + {terms[2]} + \\dots + {terms[-1]}"
    assert check_answer(written, str(sum(terms)), timeout=10).kind == "equivalent"
    assert check_answer(written, str(sum(terms) - 1), timeout=10).equivalent is False
