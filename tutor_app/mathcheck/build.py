"""Syntax tree -> SymPy objects, with guards against numbers too large to compute.

Only trees from the allow-list parser reach this module, and it builds SymPy
objects node by node: no string is ever evaluated.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import sympy

from tutor_app.errors import MathInputError

MAX_INT_BITS = 4000
MAX_FACTORIAL = 500
MAX_SYMBOLIC_POWER = 200
MAX_ALTERNATIVES = 8

_FUNCS = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "cot": sympy.cot, "sec": sympy.sec,
    "csc": sympy.csc, "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "tanh": sympy.tanh, "ln": sympy.log, "log": sympy.log,
    "exp": sympy.exp, "abs": sympy.Abs, "floor": sympy.floor, "ceil": sympy.ceiling,
    "arcsec": sympy.asec, "arccsc": sympy.acsc, "arccot": sympy.acot, "cosec": sympy.csc,
}
MAX_EXACT_EXPONENT = 100
MAX_MATRIX_POWER = 10
_BINARY = ("add", "sub", "pm", "mul", "div", "pow")
_CONSTS = {"pi": sympy.pi, "e": sympy.E, "i": sympy.I, "j": sympy.I, "oo": sympy.oo}
# "…" where the terms left out follow no pattern the reader can name: it stands for them, unknown.
ELLIPSIS = sympy.Symbol("…")
# The most left-out terms written out one by one (a list, or a sum with no closed form).
MAX_FILLED = 1000
# The most steps of a geometric progression the reader follows (2^200 is far beyond any answer).
MAX_GEOMETRIC = 200


def _progression(before: list, after: list) -> tuple[str, sympy.Expr, sympy.Expr, int] | None:
    """The terms that ``…`` leaves out between exact numbers, as (kind, last written term, step, how many):
    an arithmetic progression (1, 2, …, 10), a geometric one (1, 2, 4, …, 64) or reciprocals of an
    arithmetic one (1, 1/2, …, 1/7). Every written term before the dots and after them must follow
    it. An arithmetic progression is the convention when it fits (1, 2, …, 8 counts to 8); otherwise
    only one kind may fit: 1/2, 1/4, …, 1/16 is halving or reciprocals of even numbers."""
    if len(before) < 2 or not after or not all(v.is_Rational for v in before + after):
        return None
    found = []
    for kind in ("arithmetic", "geometric", "reciprocal"):
        seq_before, seq_after = before, after
        if kind == "reciprocal":
            if any(v == 0 for v in before + after):
                continue
            seq_before, seq_after = [1 / v for v in before], [1 / v for v in after]
        if kind == "geometric":
            if any(v == 0 for v in before + after):
                continue
            step = seq_before[1] / seq_before[0]
            steady = all(b / a == step for part in (seq_before, seq_after) for a, b in zip(part, part[1:]))
            count = _geometric_count(seq_before[-1], seq_after[0], step) if steady and abs(step) != 1 else None
        else:
            step = seq_before[1] - seq_before[0]
            steady = all(b - a == step for part in (seq_before, seq_after) for a, b in zip(part, part[1:]))
            gap = (seq_after[0] - seq_before[-1]) / step if steady and step != 0 else None
            # A gap of one step leaves nothing out (1 + 2 + … + 3): odd, but plain.
            count = int(gap) - 1 if gap is not None and gap.is_Integer and gap >= 1 else None
        if count is not None:
            found.append((kind, seq_before[-1], step, count))
    if found and found[0][0] == "arithmetic":
        return found[0]
    return found[0] if len(found) == 1 else None


def _geometric_count(last: sympy.Expr, target: sympy.Expr, ratio: sympy.Expr) -> int | None:
    """How many terms of ratio ``ratio`` lie strictly between ``last`` and ``target``, if it reaches it."""
    term = last
    for count in range(MAX_GEOMETRIC):
        term *= ratio
        if (abs(term) > abs(target)) == (abs(ratio) > 1) and term != target:
            # Past the last term: the progression never reaches it.
            return None
        if term == target:
            # Dots that leave nothing out are taken only from counting, where they cannot mislead.
            return count if count >= 1 else None
    return None


def _left_out(kind: str, last: sympy.Expr, step: sympy.Expr, count: int) -> list[sympy.Expr]:
    """The left-out terms of a progression, one by one."""
    if kind == "geometric":
        return [last * step ** k for k in range(1, count + 1)]
    terms = [last + step * k for k in range(1, count + 1)]
    return [1 / t for t in terms] if kind == "reciprocal" else terms


def _left_out_total(kind: str, last: sympy.Expr, step: sympy.Expr, count: int) -> sympy.Expr | None:
    """The sum of the left-out terms: closed forms for arithmetic and geometric ones."""
    if kind == "arithmetic":
        return count * last + step * count * (count + 1) / 2
    if kind == "geometric":
        return last * step * (step ** count - 1) / (step - 1)
    return sympy.Add(*_left_out(kind, last, step, count)) if count <= MAX_FILLED else None


def fill_list(values: list[sympy.Expr]) -> list[sympy.Expr]:
    """A list with one ``…`` between terms that follow a clear progression, written out in full;
    otherwise the list as it is, the ``…`` standing for terms the reader cannot name."""
    if values.count(ELLIPSIS) != 1:
        return values
    k = values.index(ELLIPSIS)
    found = _progression(values[:k], values[k + 1:])
    if found is None or found[3] > MAX_FILLED:
        return values
    return values[:k] + _left_out(*found) + values[k + 1:]


@dataclass
class Notes:
    """What the writer did that matters for form requirements and reasons."""

    decimals: bool = False
    degrees: bool = False
    percent: bool = False
    plus_minus: bool = False
    names: set[str] = field(default_factory=set)


def symbol(name: str) -> sympy.Symbol:
    """The real symbol for a variable name (school answers live on the real line)."""
    return sympy.Symbol(name, real=True)


def _power(base: sympy.Expr, exp: sympy.Expr) -> sympy.Expr:
    if isinstance(base, sympy.MatrixBase):
        if not (exp.is_Integer and abs(int(exp)) <= MAX_MATRIX_POWER):
            raise MathInputError(f"could not read the power of a matrix: the exponent must be a whole number "
                                 f"from -{MAX_MATRIX_POWER} to {MAX_MATRIX_POWER}")
        try:
            return base ** int(exp)
        except ValueError as exc:
            raise MathInputError("could not read the answer: it inverts a matrix that has no inverse") from exc
    if exp.is_Integer and base.is_Number:
        size = abs(int(exp)) * math.log2(max(abs(float(base)), 2.0)) if base.is_finite else 0
        if size > MAX_INT_BITS:
            raise MathInputError("The answer contains a number too large to check (a power with "
                                 "a huge exponent).")
    elif exp.is_Integer and abs(int(exp)) > MAX_SYMBOLIC_POWER:
        raise MathInputError(f"The exponent {exp} is too large to check.")
    elif exp.is_Number and base.is_Number and abs(float(exp)) * math.log2(max(abs(float(base)), 2.0)) > MAX_INT_BITS:
        raise MathInputError("The answer contains a number too large to check.")
    return sympy.Pow(base, exp)


def _call(name: str, args: list[sympy.Expr]) -> sympy.Expr:
    if name in ("sqrt", "cbrt", "root"):
        if name == "root" and len(args) != 2:
            raise MathInputError("root needs two arguments: root(x, n)")
        index = sympy.Integer(2 if name == "sqrt" else 3) if name != "root" else args[1]
        if index.is_Integer and int(index) % 2 == 1:
            return sympy.real_root(args[0], index)
        return sympy.root(args[0], index)
    if name == "factorial":
        return _factorial(args[0])
    if name.startswith("log_"):
        return sympy.log(args[0], _log_base(name[4:]))
    if name == "log" and len(args) == 2:
        return sympy.log(args[0], args[1])
    if name in ("max", "min"):
        return (sympy.Max if name == "max" else sympy.Min)(*args)
    if name in ("gcd", "lcm"):
        if len(args) < 2:
            raise MathInputError(f"{name} needs at least two numbers: {name}(a, b)")
        if all(a.is_Integer for a in args):
            return sympy.Integer((sympy.igcd if name == "gcd" else sympy.ilcm)(*args))
        # Of letters, the greatest common divisor is a number the reader cannot work out: kept as written.
        return sympy.Function(name)(*args)
    if name in ("summation", "integral", "limit"):
        return _evaluate(name, args)
    if name == "binomial":
        if len(args) != 2:
            raise MathInputError("a binomial coefficient needs two numbers: binom(n, k)")
        if args[0].is_Integer and args[0] > MAX_FACTORIAL:
            raise MathInputError(f"The binomial coefficient of {args[0]} is too large to check.")
        return sympy.binomial(*args)
    if len(args) != 1:
        raise MathInputError(f"{name} takes one argument, not {len(args)}")
    return _FUNCS[name](args[0])


def _evaluate(name: str, args: list[sympy.Expr]) -> sympy.Expr:
    """A sum, definite integral or limit given as a reference, worked out to its value."""
    if len(args) < 3 or not isinstance(args[1], sympy.Symbol):
        raise MathInputError(f"could not read the {name}: it needs a body, a variable and its bounds")
    body, var = args[0], args[1]
    if body.free_symbols - {var}:
        # A series or integral with a parameter left in is a function, not a value to compare.
        others = ", ".join(sorted(str(s) for s in body.free_symbols - {var}))
        raise MathInputError(f"could not work out the {name} to a value: it depends on {others}")
    if name == "summation":
        result = sympy.summation(body, (var, args[2], args[3]))
    elif name == "integral":
        result = sympy.integrate(body, (var, args[2], args[3]))
    else:
        result = sympy.limit(body, var, args[2])
    if result.has(sympy.Sum, sympy.Integral, sympy.Limit):
        raise MathInputError(f"could not work out the {name} to a value")
    return result


def _factorial(arg: sympy.Expr) -> sympy.Expr:
    if arg.is_Number and (not arg.is_Integer or arg > MAX_FACTORIAL):
        raise MathInputError(f"The factorial of {arg} is too large to check (limit {MAX_FACTORIAL}!).")
    return sympy.factorial(arg)


def _log_base(text: str) -> sympy.Expr:
    """The base of ``log_2`` or ``log_b``: a whole number or a variable."""
    if text.isdigit():
        return sympy.Integer(text)
    if text.isalpha() and len(text) == 1:
        return symbol(text)
    raise MathInputError(f"could not read the base '{text}' of the logarithm: write log_2(8) or log_b(x)")


def _number_text(text: str) -> sympy.Expr:
    """A written number, exactly: decimals become fractions so that no rounding creeps in."""
    if any(c in text for c in ".eE"):
        mantissa, _, exponent = text.lower().partition("e")
        if abs(int(exponent or 0)) > MAX_EXACT_EXPONENT:
            return sympy.Float(text, max(15, len(text)))
        return sympy.Rational(mantissa) * sympy.Integer(10) ** int(exponent or 0)
    return sympy.Integer(text)


class Builder:
    """Turns syntax trees into SymPy expressions, recording notes on the way."""

    def __init__(self) -> None:
        self.notes = Notes()

    def all(self, node: tuple) -> list[sympy.Expr]:
        """Every value a tree stands for (several when it contains ``±``)."""
        kind = node[0]
        if kind == "num":
            if any(c in node[1] for c in ".eE"):
                self.notes.decimals = True
            return [_number_text(node[1])]
        if kind in ("name", "unit"):
            self.notes.names.add(node[1])
            if kind == "unit":
                return [sympy.Mul(*[symbol(c) for c in node[1]])]
            return [symbol(node[1])]
        if kind == "const":
            return [_CONSTS[node[1]]]
        if kind == "ellipsis":
            return [ELLIPSIS]
        if kind == "neg":
            return [-v for v in self.all(node[1])]
        if kind == "upm":
            self.notes.plus_minus = True
            return self._limit([s * v for v in self.all(node[1]) for s in (1, -1)])
        if kind == "pct":
            self.notes.percent = True
            return [v / 100 for v in self.all(node[1])]
        if kind == "deg":
            self.notes.degrees = True
            return [v * sympy.pi / 180 for v in self.all(node[1])]
        if kind == "fact":
            return [_factorial(v) for v in self.all(node[1])]
        if kind == "call":
            options = [self.all(arg) for arg in node[2]]
            return self._limit([_call(node[1], list(args)) for args in itertools.product(*options)])
        if kind in _BINARY:
            return self._chain(node)
        if kind == "group" and node[1] + node[2] == "[]" and len(node[3]) > 1 and all(
                item[0] == "group" and item[1] == "[" for item in node[3]):
            # "\frac{1}{35}[[1, 5], [5, 25]]" or "[M]^{-1}": a matrix inside an expression.
            rows = [[self.one(c) for c in row[3]] for row in node[3]]
            if len({len(r) for r in rows}) != 1:
                raise MathInputError("could not read the matrix: its rows have different lengths")
            return [sympy.ImmutableMatrix(rows)]
        if kind == "group" and len(node[3]) == 1 and node[1] + node[2] in ("[]", "{}"):
            # "\frac{1}{2}\left[\sin t + 1\right]": square brackets or braces inside an expression only group.
            return self.all(node[3][0])
        raise MathInputError(self._misplaced(node))

    def _chain(self, node: tuple) -> list[sympy.Expr]:
        """A left-nested run like ``1+2+...+999``, folded in a loop so its length cannot exhaust the stack."""
        chain = []
        while node[0] in _BINARY:
            chain.append((node[0], node[2]))
            node = node[1]
        if all(kind == "add" for kind, _ in chain) and ("ellipsis",) in [right for _, right in chain]:
            total = self._elided_sum([node, *(right for _, right in reversed(chain))])
            if total is not None:
                return [total]
        values = self.all(node)
        for kind, right in reversed(chain):
            rights = self.all(right)
            if kind == "pm":
                self.notes.plus_minus = True
                values = self._limit([a + s * b for a in values for b in rights for s in (1, -1)])
            else:
                values = self._limit([self._binary(kind, a, b) for a in values for b in rights])
        return values

    def _elided_sum(self, nodes: list[tuple]) -> sympy.Expr | None:
        """``1 + 2 + … + 100`` or ``1 + 1/2 + … + 1/7``: a sum whose left-out terms follow a clear
        progression, worked out; None when they do not."""
        if nodes.count(("ellipsis",)) != 1:
            return None
        k = nodes.index(("ellipsis",))
        terms = [self.all(n) for n in nodes]
        if any(len(t) != 1 for t in terms):
            return None
        values = [t[0] for t in terms]
        found = _progression(values[:k], values[k + 1:])
        hidden = _left_out_total(*found) if found else None
        if hidden is None:
            return None
        return sympy.Add(*values[:k], hidden, *values[k + 1:])

    def _binary(self, kind: str, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        if kind == "add":
            return a + b
        if kind == "sub":
            return a - b
        if kind == "mul":
            return a * b
        if kind == "div":
            if b == 0:
                raise MathInputError("The answer divides by zero.")
            return a / b
        return _power(a, b)

    def _limit(self, values: list[sympy.Expr]) -> list[sympy.Expr]:
        if len(values) > MAX_ALTERNATIVES:
            raise MathInputError("The answer has too many ± signs to check.")
        return list(dict.fromkeys(values))

    def one(self, node: tuple) -> sympy.Expr:
        """The single value of a tree that must not contain ``±``."""
        values = self.all(node)
        if len(values) != 1:
            raise MathInputError("± is not allowed here.")
        return values[0]

    @staticmethod
    def _misplaced(node: tuple) -> str:
        what = {"group": "a bracketed list", "rel": "a relation", "in": "'in'", "union": "a union",
                "inter": "an intersection", "minus": "a set difference",
                "seq": "a list"}.get(node[0], node[0])
        return f"could not read the answer: {what} cannot be used inside an expression"
