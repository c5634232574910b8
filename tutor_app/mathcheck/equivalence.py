"""Deciding whether two read answers are equivalent, with a reason a student can act on.

Symbolic first, randomized numeric evaluation as a second opinion. A comparison
that cannot be decided returns None, never False.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import sympy

from tutor_app.mathcheck import numeric
from tutor_app.mathcheck.answers import Answer, interval
from tutor_app.mathcheck.build import ELLIPSIS, symbol
from tutor_app.mathcheck.verdict import Options

MIN_SIG_FIGS = 3
_CONSTANTS = ("C", "K")


@dataclass(frozen=True)
class Outcome:
    """The result of one comparison: True / False / None and the reason."""

    equivalent: bool | None
    reason: str


def _show(expr: sympy.Expr) -> str:
    return sympy.sstr(expr)


def written_number(answer: Answer) -> str | None:
    """The number as written when the answer is one plain (possibly negative) number."""
    tree = answer.tree
    if tree and tree[0] == "neg":
        tree = tree[1]
    return tree[1] if tree and tree[0] == "num" else None


def _sig_figs(literal: str) -> int:
    mantissa = literal.lower().split("e")[0].replace(".", "").lstrip("0")
    return len(mantissa) or 1


def _decimals(literal: str) -> int:
    mantissa, _, exponent = literal.lower().partition("e")
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return places - int(exponent or 0)


def round_sig(value: sympy.Expr, figs: int) -> Decimal | None:
    """``value`` rounded half up to ``figs`` significant figures, on its decimal digits (never a binary
    float: 0.04985 to 3 figures is 0.0499)."""
    try:
        exact = Decimal(str(sympy.N(value, 40)))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if exact == 0:
        return exact
    return exact.quantize(Decimal(1).scaleb(exact.adjusted() - figs + 1), rounding=ROUND_HALF_UP)


def _infinite(expr: sympy.Expr) -> bool:
    return expr in (sympy.oo, -sympy.oo, sympy.zoo)


def compare_numbers(ref: sympy.Expr, ans: sympy.Expr, opts: Options, literal: str | None) -> Outcome:
    """Compare two constant values with tolerance, significant figures or rounding rules."""
    if _infinite(ref) or _infinite(ans):
        if ref == ans:
            return Outcome(True, "Both are the same infinity.")
        return Outcome(False, "One value is infinite and the other is not." if _infinite(ref) != _infinite(ans)
                       else "The infinities have opposite signs.")
    if ref.is_Rational and ans.is_Rational and ref == ans:
        return Outcome(True, "The values are equal.")
    r, a = numeric.value(ref, {}), numeric.value(ans, {})
    if r is None or a is None:
        if ref.is_Rational and ans.is_Rational:
            # Two exact numbers too large to evaluate (2017^98): different fractions are different values.
            return Outcome(False, "The value is different.")
        same = sympy.simplify(ref - ans) == 0 if ref.is_finite is not False else ref == ans
        return Outcome(True, "Both are the same value.") if same else Outcome(None, "Could not evaluate the values.")
    exact = ref.is_Rational and ans.is_Rational
    # Two exact numbers are equal only when they are the same fraction, however close they are.
    if not exact and numeric.close(r, a, 1e-12, floor=0.0):
        return Outcome(True, "The values are equal.")
    if abs(r.imag) > 1e-12 or abs(a.imag) > 1e-12:
        return Outcome(False, "The values are different.")
    r, a = r.real, a.real
    if opts.sig_figs:
        if opts.strict_sig_figs and (literal is None or _sig_figs(literal) != opts.sig_figs):
            return Outcome(False, f"Give the answer to exactly {opts.sig_figs} significant figures.")
        rounded = round_sig(ref, opts.sig_figs)
        if rounded is not None and rounded == round_sig(ans, opts.sig_figs):
            return Outcome(True, f"The values agree to {opts.sig_figs} significant figures.")
        return Outcome(False, _near_number(r, a) or f"The value does not match to {opts.sig_figs} significant figures.")
    if opts.tolerance is not None:
        allowed = opts.tolerance * abs(r) if opts.relative else opts.tolerance
        if abs(a - r) <= allowed * (1 + 1e-12):
            return Outcome(True, "The value is within the allowed tolerance.")
        return Outcome(False, _near_number(r, a) or "The value is outside the allowed tolerance (rounding beyond tolerance).")
    if literal is not None and ("." in literal or "e" in literal.lower()):
        places = _decimals(literal)
        if abs(a - r) <= 0.5 * 10.0**-places * (1 + 1e-9):
            if _sig_figs(literal) >= MIN_SIG_FIGS:
                return Outcome(True, f"Correct, rounded to {_sig_figs(literal)} significant figures.")
            return Outcome(False, f"Close, but rounded too much: give at least {MIN_SIG_FIGS} significant figures.")
    return Outcome(False, _near_number(r, a) or "The value is different.")


def _near_number(r: float, a: float) -> str | None:
    if r == 0 or a == 0:
        return None
    if math.isclose(a, -r, rel_tol=1e-9):
        return "Check the sign: the answer has the opposite sign."
    if math.isclose(a * r, 1, rel_tol=1e-9):
        return "This is the reciprocal of the expected value (upside down)."
    if math.isclose(a, r * 180 / math.pi, rel_tol=1e-6):
        return "This looks like degrees; the answer is expected in radians (or add the ° sign)."
    if math.isclose(a, r * math.pi / 180, rel_tol=1e-6):
        return "This looks like radians; the answer is expected in degrees."
    k = a / r
    exponent = math.log10(abs(k))
    if abs(exponent - round(exponent)) < 1e-9 and round(exponent) != 0:
        return f"Off by a factor of {_nice(k)}: check the decimal point or the powers of ten."
    if abs(a - r) <= 0.02 * abs(r):
        return "Close, but not accurate enough (rounding beyond tolerance)."
    for factor in (2, 3, 4, 0.5):
        if math.isclose(abs(k), factor, rel_tol=1e-9):
            return f"Off by a factor of {_nice(k)}."
    return None


def _nice(k: float) -> str:
    return str(round(k)) if abs(k - round(k)) < 1e-9 else f"{k:g}"


def same_expr(ref: sympy.Expr, ans: sympy.Expr) -> bool | None:
    """Whether two expressions are equal: symbolic first, then numeric sampling."""
    if ref == ans:
        return True
    diff = ref - ans
    if diff == 0:
        return True
    if ref.has(ELLIPSIS) or ans.has(ELLIPSIS):
        # "…" stands for terms that are not written: only the same writing is known to be the same.
        return True if sympy.expand(diff) == 0 else None
    if diff.is_number and diff.is_zero is False:
        # Sampling compares relative to the size of each side and would miss "+ 1" next to 3^150.
        return False
    if _exact_rational_function(diff):
        # Polynomials and fractions of them with exact coefficients are decided exactly: a
        # constant off by 1 next to 10^9 is a difference that sampling would round away.
        return sympy.cancel(diff) == 0
    verdict, _ = numeric.compare(ref, ans)
    if verdict is False:
        return False
    if diff.is_rational_function() and sympy.cancel(diff) == 0:
        return True
    if verdict is None and not (ref.free_symbols | ans.free_symbols):
        return sympy.simplify(diff) == 0 or None
    return verdict


def _exact_rational_function(expr: sympy.Expr) -> bool:
    symbols = expr.free_symbols
    return bool(symbols) and expr.is_rational_function(*symbols) and all(
        n.is_Rational for n in expr.atoms(sympy.Number))


def same_value(ref: sympy.Expr, ans: sympy.Expr, opts: Options | None) -> bool | None:
    """Whether two parts of a tuple, list or set match, using the teacher's tolerance for numbers."""
    if opts and (opts.tolerance is not None or opts.sig_figs) and ref.is_number and ans.is_number:
        return compare_numbers(ref, ans, opts, None).equivalent
    return same_expr(ref, ans)


def compare_exprs(ref: sympy.Expr, ans: sympy.Expr, opts: Options, literal: str | None) -> Outcome:
    """Compare two expressions, naming the near miss when they differ."""
    if not (ref.free_symbols | ans.free_symbols) and (ref.is_number and ans.is_number):
        return compare_numbers(ref, ans, opts, literal)
    constants = [c for c in (symbol(n) for n in _CONSTANTS) if c in ref.free_symbols and _additive(ref, c)]
    if constants:
        return _antiderivative(ref, ans, constants[0])
    same = same_expr(ref, ans)
    if same:
        return Outcome(True, "The expressions are equivalent.")
    if same is None:
        return Outcome(None, "Could not decide whether the expressions are equal.")
    return Outcome(False, _near_expr(ref, ans))


def _near_expr(ref: sympy.Expr, ans: sympy.Expr) -> str:
    if ref.free_symbols != ans.free_symbols and ans.free_symbols - ref.free_symbols:
        extra = ", ".join(sorted(s.name for s in ans.free_symbols - ref.free_symbols))
        return f"The answer uses {extra}, which the expected answer does not."
    if numeric.compare(ref, -ans)[0]:
        return "Check the sign: the answer is the negative of the expected one."
    if numeric.compare(ref * ans, sympy.Integer(1))[0]:
        return "This is the reciprocal of the expected answer (upside down)."
    if (ans - ref).is_number:
        return f"Off by a constant ({_show(ans - ref)})."
    k = numeric.ratio(ans, ref)
    if k is not None and abs(k.imag) < 1e-12 and abs(k) > 1e-12 and not numeric.close(k, 1, 1e-6):
        return f"Off by a factor of {_nice(k.real)}."
    d = numeric.difference(ans, ref)
    if d is not None and abs(d.imag) < 1e-12:
        return f"Off by a constant ({_nice(d.real)})."
    return "The expressions are not equivalent."


def _additive(expr: sympy.Expr, constant: sympy.Symbol) -> bool:
    """Whether ``constant`` is only added on (``f(x) + C``), not inside (``1/(x + C)``)."""
    slope = sympy.diff(expr, constant)
    return slope.is_number and slope != 0


def _antiderivative(ref: sympy.Expr, ans: sympy.Expr, constant: sympy.Symbol) -> Outcome:
    present = [c for c in (symbol(n) for n in _CONSTANTS) if c in ans.free_symbols]
    if not present:
        return Outcome(False, "Add the constant of integration (+ C).")
    if not _additive(ans, present[0]):
        return Outcome(False, "The constant of integration must be added on (+ C), not placed inside the expression.")
    core_ref, core_ans = ref.subs(constant, 0), ans.subs(present[0], 0)
    d = numeric.difference(core_ans, core_ref)
    if d is not None and abs(d.imag) < 1e-12:
        return Outcome(True, "Equivalent up to the constant of integration.")
    variables = sorted(core_ref.free_symbols | core_ans.free_symbols, key=str)[:1]
    if not variables:
        return Outcome(None, "Could not decide whether the antiderivatives agree.")
    same = same_expr(sympy.diff(core_ref, variables[0]), sympy.diff(core_ans, variables[0]))
    if same:
        return Outcome(True, "Equivalent up to the constant of integration (the derivatives agree).")
    if same is None:
        return Outcome(None, "Could not decide whether the antiderivatives agree.")
    return Outcome(False, "This antiderivative does not differentiate back to the integrand.")


def _distinct(values: list, opts: Options | None) -> list:
    """The values without repeats: a double root written twice is one solution."""
    kept: list = []
    for v in values:
        if not any(same_value(k, v, opts) for k in kept):
            kept.append(v)
    return kept


def compare_value_sets(ref: list, ans: list, var: str | None, opts: Options | None = None) -> Outcome:
    """Order-insensitive comparison of solution sets, naming missing and extra solutions."""
    name = f"{var} = " if var else ""
    ref, ans = _distinct(ref, opts), _distinct(ans, opts)
    unmatched = list(ans)
    missing = []
    undecided = False
    for r in ref:
        hit = None
        for a in unmatched:
            same = same_value(r, a, opts)
            if same:
                hit = a
                break
            undecided = undecided or same is None
        if hit is None:
            missing.append(r)
        else:
            unmatched.remove(hit)
    if not missing and not unmatched:
        return Outcome(True, "The same solutions.")
    if undecided:
        return Outcome(None, "Could not decide whether the solutions match.")
    if missing and not unmatched:
        return Outcome(False, f"Missing solution: {', '.join(name + _show(m) for m in missing)}.")
    if unmatched and not missing:
        return Outcome(False, f"Extra solution: {', '.join(name + _show(u) for u in unmatched)}.")
    return Outcome(False, "The solutions are different.")


def compare_tuple_sets(ref: list[list], ans: list[list], opts: Options | None = None) -> Outcome:
    """Order-insensitive comparison of lists of tuples (the solutions of a system, lattice points)."""
    unmatched = list(ans)
    missing = 0
    undecided = False
    for r in ref:
        hit = None
        for a in unmatched:
            outcome = compare_tuples(r, a, opts)
            if outcome.equivalent:
                hit = a
                break
            undecided = undecided or outcome.equivalent is None
        if hit is None:
            missing += 1
        else:
            unmatched.remove(hit)
    if not missing and not unmatched:
        return Outcome(True, "The same tuples.")
    if undecided:
        return Outcome(None, "Could not decide whether the tuples match.")
    if missing and not unmatched:
        return Outcome(False, f"Missing {missing} of the {len(ref)} expected tuples.")
    if unmatched and not missing:
        return Outcome(False, f"{len(unmatched)} tuple(s) more than expected.")
    return Outcome(False, "The tuples are different.")


def _end(value: sympy.Expr) -> float | None:
    if value in (sympy.oo, -sympy.oo):
        return math.inf if value == sympy.oo else -math.inf
    number = numeric.value(value, {})
    return number.real if number is not None and abs(number.imag) < 1e-12 else None


def _pieces(region: sympy.Set) -> list[tuple[float, float, bool, bool]] | None:
    """A union of intervals and points as sorted, merged ``(low, high, low_open, high_open)`` pieces,
    so that two unions are compared by their ends instead of by SymPy's slow set algebra."""
    parts, raw = [region], []
    while parts:
        part = parts.pop()
        if isinstance(part, sympy.Union):
            parts.extend(part.args)
        elif isinstance(part, sympy.Interval):
            raw.append((_end(part.start), _end(part.end), bool(part.left_open), bool(part.right_open)))
        elif isinstance(part, sympy.FiniteSet):
            raw.extend((_end(point), _end(point), False, False) for point in part.args)
        else:
            return None
    if any(low is None or high is None for low, high, _, _ in raw):
        return None
    raw.sort(key=lambda p: (p[0], p[2]))
    merged: list[list] = []
    for low, high, low_open, high_open in raw:
        if merged and (low < merged[-1][1] or (numeric.close(low, merged[-1][1]) and not (merged[-1][3] and low_open))):
            last = merged[-1]
            if high > last[1] or (numeric.close(high, last[1]) and not high_open):
                last[1], last[3] = high, high_open
            continue
        merged.append([low, high, low_open, high_open])
    return [tuple(p) for p in merged]


def _same_end(ref: float, ans: float, opts: Options | None) -> bool:
    """Whether two ends of intervals match, within the teacher's tolerance or figures if one is set."""
    if ref == ans:
        return True
    if not (math.isfinite(ref) and math.isfinite(ans)):
        return False
    if opts and (opts.tolerance is not None or opts.sig_figs):
        return compare_numbers(sympy.Float(ref), sympy.Float(ans), opts, None).equivalent is True
    return numeric.close(ref, ans)


def compare_sets(ref: sympy.Set, ans: sympy.Set, opts: Options | None = None) -> Outcome:
    """Compare two subsets of the real line (intervals, unions, finite sets)."""
    discrete = {type(sympy.Naturals), type(sympy.Naturals0), type(sympy.Integers)}
    if {type(ref), type(ans)} & discrete:
        # Whole numbers written in words ("all positive integers"): never a finite list, never an interval.
        if ref == ans:
            return Outcome(True, "The same set.")
        other = ans if type(ref) in discrete else ref
        spread = isinstance(other, (sympy.Interval, sympy.Union)) and other.measure > 0
        if type(other) in discrete or isinstance(other, sympy.FiniteSet) or spread:
            return Outcome(False, f"The set is different: expected {_show(ref)}.")
        return Outcome(None, "Could not decide whether the sets are the same.")
    ref_pieces, ans_pieces = _pieces(ref), _pieces(ans)
    if ref_pieces is not None and ans_pieces is not None:
        ends = len(ref_pieces) == len(ans_pieces) and all(
            _same_end(r[0], a[0], opts) and _same_end(r[1], a[1], opts) for r, a in zip(ref_pieces, ans_pieces))
        if ends and all(r[2:] == a[2:] for r, a in zip(ref_pieces, ans_pieces)):
            return Outcome(True, "The same set.")
        if ends:
            return Outcome(False, "Check the endpoints: whether each end is included (≤) or not (<).")
        return Outcome(False, f"The set is different: expected {_show(ref)}.")
    if ref == ans or (sympy.Complement(ref, ans) == sympy.EmptySet
                      and sympy.Complement(ans, ref) == sympy.EmptySet):
        return Outcome(True, "The same set.")
    if ref.closure == ans.closure:
        return Outcome(False, "Check the endpoints: whether each end is included (≤) or not (<).")
    return Outcome(False, f"The set is different: expected {_show(ref)}.")


def _positive_side(relation: tuple) -> tuple[sympy.Expr, bool]:
    """``lhs op rhs`` as ``d > 0`` (strict) or ``d >= 0``."""
    lhs, op, rhs = relation
    return (rhs - lhs if op in ("<", "<=") else lhs - rhs), op in ("<", ">")


def compare_relations(ref: tuple, ans: tuple) -> Outcome:
    """Two inequalities between several variables: the same when one side's difference is a positive
    multiple of the other's; other rewritings (``a > b`` and ``e^a > e^b``) are not decided."""
    (f, strict_f), (g, strict_g) = _positive_side(ref), _positive_side(ans)
    k = numeric.ratio(f, g)
    if k is None or abs(k.imag) > 1e-12 or abs(k.real) < 1e-12:
        return Outcome(None, "Could not decide whether the inequalities are equivalent.")
    if k.real < 0:
        return Outcome(False, "The inequality points the other way.")
    if strict_f != strict_g:
        return Outcome(False, "Check whether the inequality is strict (<) or not (≤).")
    return Outcome(True, "The same inequality.")


def compare_equations(ref: tuple, ans: tuple) -> Outcome:
    """Two equations are equivalent when they have the same solution set."""
    f = ref[0] - ref[1]
    g = ans[0] - ans[1]
    if f.has(ELLIPSIS) or g.has(ELLIPSIS):
        same = sympy.expand(f - g) == 0 or sympy.expand(f + g) == 0
        if same:
            return Outcome(True, "The same equation.")
        return Outcome(None, "Could not decide: terms are left out (…).")
    if f == 0 or g == 0:
        return Outcome(None, "Could not decide: one side reduces to a trivial equation.")
    constants = _arbitrary_constant(f), _arbitrary_constant(g)
    if None not in constants and (constants[0] != constants[1] or constants[0].name in _CONSTANTS):
        return _same_family(f.subs(constants[0], 0), g.subs(constants[1], 0))
    k = numeric.ratio(f, g)
    if k is not None and abs(k) > 1e-12:
        return Outcome(True, "The equations are equivalent (one is a multiple of the other).")
    top_f, top_g = sympy.fraction(sympy.together(f))[0], sympy.fraction(sympy.together(g))[0]
    k = numeric.ratio(top_f, top_g) if top_f.free_symbols and top_g.free_symbols else None
    if k is not None and abs(k) > 1e-12:
        return Outcome(True, "The equations are equivalent wherever both are defined.")
    symbols = f.free_symbols | g.free_symbols
    if len(symbols) == 1:
        var = symbols.pop()
        try:
            s1 = sympy.solveset(f, var, sympy.Reals)
            s2 = sympy.solveset(g, var, sympy.Reals)
        except (NotImplementedError, ValueError):
            return Outcome(None, "Could not solve the equations to compare them.")
        if isinstance(s1, sympy.FiniteSet) and isinstance(s2, sympy.FiniteSet):
            return compare_value_sets(list(s1), list(s2), var.name)
        return Outcome(s1 == s2 or None, "The equations have the same solutions." if s1 == s2 else "Could not compare.")
    if not numeric.compare(f, g)[0] and len(symbols) == 2:
        return Outcome(False, "The equations describe different relations.")
    return Outcome(None, "Could not decide whether the equations are equivalent.")


def compare_congruences(ref: tuple, ans: tuple) -> Outcome:
    """``a ≡ b (mod m)``: the same modulus, and sides that differ by a whole multiple of it (either way
    round: ``a ≡ 5`` is ``5 ≡ a``)."""
    modulus = ref[2]
    if not same_expr(modulus, ans[2]):
        if modulus.is_number and ans[2].is_number:
            return Outcome(False, f"The modulus is different: expected {_show(modulus)}.")
        return Outcome(None, "Could not decide whether the moduli are the same.")
    gaps = [sympy.simplify(((ref[0] - ref[1]) - sign * (ans[0] - ans[1])) / modulus) for sign in (1, -1)]
    if any(gap.is_integer for gap in gaps):
        return Outcome(True, "The same congruence.")
    if all(gap.is_number for gap in gaps[:1]) or all(gap.is_number for gap in gaps[1:]):
        return Outcome(False, f"The congruence is different (mod {_show(modulus)}).")
    return Outcome(None, "Could not decide whether the congruences are the same.")


# Letters that name an arbitrary constant in a general solution: C and K always, c and k when the two
# equations name different ones (y^2 = k - x against y^2 + x = C).
_CONSTANT_NAMES = ("C", "K", "c", "k")


def _arbitrary_constant(f: sympy.Expr) -> sympy.Symbol | None:
    """The one constant added on to an equation ``f = 0`` (``y^2 + x - C``), if it has exactly one."""
    found = [s for s in f.free_symbols if s.name in _CONSTANT_NAMES and _additive(f, s)]
    return found[0] if len(found) == 1 else None


def _same_family(core_f: sympy.Expr, core_g: sympy.Expr) -> Outcome:
    """``F = C`` and ``G = K`` for every constant are the same family of curves when F is a non-zero
    multiple of G plus a constant: the multiple is the ratio of their slopes in any one variable."""
    for var in sorted(core_f.free_symbols | core_g.free_symbols, key=str):
        k = numeric.ratio(sympy.diff(core_f, var), sympy.diff(core_g, var))
        if k is None or abs(k) < 1e-12:
            continue
        if numeric.difference(core_f, k.real * core_g if abs(k.imag) < 1e-12 else k * core_g) is not None:
            return Outcome(True, "The same general solution: the arbitrary constants absorb the difference.")
        return Outcome(False, "The general solutions are different, whatever the constant.")
    return Outcome(None, "Could not decide whether the general solutions are the same.")


def compare_linear_systems(ref: list[tuple], ans: list[tuple]) -> Outcome | None:
    """Two linear systems in the same unknowns have the same solutions when their reduced row echelon
    forms are equal; None when either is not linear."""
    forms = []
    for pairs in (ref, ans):
        exprs = [l - r for l, r in pairs]
        symbols = sorted(set().union(*(e.free_symbols for e in exprs)), key=str)
        try:
            matrix, rhs = sympy.linear_eq_to_matrix(exprs, symbols)
        except (ValueError, TypeError, sympy.polys.polyerrors.PolynomialError):
            return None
        reduced = matrix.row_join(rhs).rref()[0]
        rows = [tuple(reduced.row(k)) for k in range(reduced.rows) if any(reduced.row(k))]
        forms.append((symbols, rows))
    if forms[0][0] != forms[1][0]:
        return None
    if forms[0][1] == forms[1][1]:
        return Outcome(True, "The same system: the equations have the same solutions.")
    return Outcome(False, "The systems have different solutions.")


def solve_single(eq: tuple, var_name: str | None) -> list | None:
    """The real solutions of an equation in one unknown, when SymPy finds finitely many."""
    f = eq[0] - eq[1]
    symbols = sorted(f.free_symbols, key=str)
    if len(symbols) != 1:
        return None
    try:
        solved = sympy.solveset(f, symbols[0], sympy.Reals)
    except (NotImplementedError, ValueError):
        return None
    return list(solved) if isinstance(solved, sympy.FiniteSet) else None


def as_set(answer: Answer) -> sympy.Set | None:
    """The answer as a subset of the real line, when it can be one."""
    if answer.kind == "set":
        return answer.value
    if answer.kind == "values":
        return sympy.FiniteSet(*answer.value)
    if answer.kind == "tuple" and len(answer.value) == 2 and answer.brackets in ("()", "[]"):
        return interval(answer.value, answer.brackets)
    if answer.kind == "expr" and answer.value.is_number:
        return sympy.FiniteSet(answer.value)
    if answer.kind == "equation" and answer.var:
        return sympy.FiniteSet(answer.value[1])
    return None


def as_values(answer: Answer) -> tuple[list, str | None] | None:
    """The answer as a finite list of solutions for one unknown, when it can be one."""
    if answer.kind == "values":
        return answer.value, answer.var
    if answer.kind == "expr":
        return [answer.value], None
    if answer.kind == "equation" and answer.var:
        return [answer.value[1]], answer.var
    if answer.kind == "set" and isinstance(answer.value, sympy.FiniteSet):
        return list(answer.value), answer.var
    return None


def as_tuples(answer: Answer) -> list[list] | None:
    """The answer as a list of tuples, when it can be one."""
    if answer.kind == "tuples":
        return answer.value
    single = as_tuple(answer)
    return [single] if single is not None else None


def as_tuple(answer: Answer) -> list | None:
    """The answer as an ordered tuple (ordered pairs, vectors, solved systems)."""
    if answer.kind == "tuple":
        return answer.value
    if answer.kind == "assign":
        return [answer.value[k] for k in sorted(answer.value)]
    if answer.kind == "matrix" and 1 in answer.value.shape:
        return list(answer.value)
    return None


def compare_tuples(ref: list, ans: list, opts: Options | None = None) -> Outcome:
    """Elementwise comparison, in order."""
    if ELLIPSIS in ref or ELLIPSIS in ans:
        return _compare_elided(ref, ans, opts)
    if len(ref) != len(ans):
        return Outcome(False, f"Expected {len(ref)} components, got {len(ans)}.")
    undecided = False
    for k, (r, a) in enumerate(zip(ref, ans), 1):
        same = same_value(r, a, opts)
        if same is False:
            if sorted(map(str, ref)) == sorted(map(str, ans)):
                return Outcome(False, "The components are in the wrong order.")
            return Outcome(False, f"Component {k} is wrong: expected {_show(r)}.")
        undecided = undecided or same is None
    if undecided:
        return Outcome(None, "Could not decide whether every component matches.")
    return Outcome(True, "Every component matches.")


def _compare_elided(ref: list, ans: list, opts: Options | None) -> Outcome:
    """Tuples that leave terms out with ``…``: the terms written before the first ``…`` and after the
    last one are known, so a difference there is an answer; the left-out ones are compared only when
    both leave out the same places."""
    def known(values: list) -> tuple[int, int]:
        marks = [k for k, v in enumerate(values) if v == ELLIPSIS]
        return (marks[0], len(values) - 1 - marks[-1]) if marks else (len(values), len(values))

    (head_r, tail_r), (head_a, tail_a) = known(ref), known(ans)
    pairs = [(k, ref[k], ans[k]) for k in range(min(head_r, head_a))]
    pairs += [(len(ref) - k, ref[-k], ans[-k]) for k in range(1, min(tail_r, tail_a) + 1)]
    undecided = False
    for k, r, a in pairs:
        same = same_value(r, a, opts)
        if same is False:
            return Outcome(False, f"Component {k + 1} is wrong: expected {_show(r)}.")
        undecided = undecided or same is None
    if not undecided and len(ref) == len(ans) and all(
            (r == ELLIPSIS) == (a == ELLIPSIS) and same_value(r, a, opts) for r, a in zip(ref, ans)):
        return Outcome(True, "Every component matches, and the same terms are left out.")
    return Outcome(None, "Could not decide: the answers leave out terms (…) in different places.")
