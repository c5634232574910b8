"""Form requirements a teacher can ask for: factored, expanded, simplified, lowest terms, exact.

Each check returns None when the answer is in the form, or the reason it is not.
They look at the written tree where SymPy would already have tidied the value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.answers import Answer
from tutor_app.mathcheck.build import Builder
from tutor_app.mathcheck.verdict import FORMS


def _nodes(tree: tuple) -> Iterator[tuple]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, tuple) or not node:
            continue
        yield node
        for child in node[1:]:
            if isinstance(child, tuple):
                stack.append(child)
            elif isinstance(child, list):
                stack.extend(c for c in child if isinstance(c, tuple))


def exact(answer: Answer) -> str | None:
    """No decimals: fractions, roots and π stay exact."""
    if answer.notes.decimals:
        return "Give an exact answer (a fraction, root or π), not a decimal."
    return None


def lowest_terms(answer: Answer) -> str | None:
    """Every written fraction of whole numbers is reduced with its sign in front, and no common factor is left."""
    for node in _nodes(answer.tree or ()):
        if node[0] != "div":
            continue
        if node[2][0] == "neg":
            return "Put the sign in front of the fraction, not in the denominator."
        top = node[1][1] if node[1][0] == "neg" else node[1]
        if top[0] == "num" and node[2][0] == "num":
            num, den = top[1], node[2][1]
            if num.isdigit() and den.isdigit() and math.gcd(int(num), int(den)) > 1:
                return f"Reduce the fraction {num}/{den} to lowest terms."
    if answer.kind == "expr":
        num, den = sympy.fraction(sympy.together(answer.value))
        if den.free_symbols and sympy.gcd(num, den).free_symbols:
            return "Cancel the common factor of the numerator and denominator."
    return None


def _radicals(answer: Answer) -> str | None:
    for node in _nodes(answer.tree or ()):
        if node[0] == "call" and node[1] == "sqrt" and node[2][0][0] == "num" and node[2][0][1].isdigit():
            n = int(node[2][0][1])
            square = max((k for k in range(2, math.isqrt(n) + 1) if n % (k * k) == 0), default=1)
            if square > 1:
                return f"Simplify the root: √{n} = {square}√{n // (square * square)}."
        if node[0] == "div" and any(d[0] == "call" and d[1] in ("sqrt", "root", "cbrt")
                                     for d in _nodes(node[2])):
            return "Rationalise the denominator (no root below the fraction line)."
    return None


def simplified(answer: Answer) -> str | None:
    """Radicals simplified, denominators rational, fractions reduced, nothing left to collect."""
    reason = _radicals(answer) or lowest_terms(answer)
    if reason:
        return reason
    if answer.kind == "expr":
        value = answer.value
        if sympy.count_ops(value) > sympy.count_ops(sympy.simplify(value)) + 1:
            return "Simplify your answer further."
    return None


_SUMS = ("add", "sub", "pm")


def expanded(answer: Answer) -> str | None:
    """No brackets left to multiply out: as written, not as SymPy tidies it (``2(x-1)`` is not expanded)."""
    for node in _nodes(answer.tree or ()):
        multiplied = node[0] == "mul" and any(child[0] in _SUMS for child in node[1:])
        powered = node[0] == "pow" and node[1][0] in _SUMS and node[2][0] == "num"
        if multiplied or powered:
            return "Expand the brackets: the answer should be a sum of terms."
    if answer.kind == "expr" and sympy.expand(answer.value) != answer.value:
        return "Expand the brackets: the answer should be a sum of terms."
    return None


def _written_factors(tree: tuple) -> list[tuple]:
    """The factors of a product as written: ``2(x-1)^2`` -> [2, x-1] (signs and powers set aside)."""
    stack, found = [tree], []
    while stack:
        node = stack.pop()
        if node[0] == "mul":
            stack.extend((node[1], node[2]))
        elif node[0] == "neg":
            stack.append(node[1])
        elif node[0] == "pow" and node[2][0] == "num":
            stack.append(node[1])
        else:
            found.append(node)
    return found


def factored(answer: Answer) -> str | None:
    """A product of factors that cannot be factored further, common number factors taken out
    (``2x - 2`` and ``(x + 2)(2x + 6)`` are not fully factored), judged on the factors as written."""
    if answer.kind != "expr" or not answer.tree:
        return None
    for node in _written_factors(answer.tree):
        factor = Builder().one(node)
        if not factor.free_symbols or not factor.is_polynomial(*factor.free_symbols):
            continue
        content, factors = sympy.factor_list(factor)
        if sum(m for _, m in factors) > 1 or abs(content) != 1:
            return "Factor the answer completely: it should be a product of factors."
    return None


CHECKS: dict[str, Callable[[Answer], str | None]] = {
    "factored": factored, "expanded": expanded, "simplified": simplified,
    "lowest_terms": lowest_terms, "exact": exact,
}


def form_problem(form: str, answer: Answer) -> str | None:
    """The reason ``answer`` is not in ``form``, or None when it is."""
    if form not in CHECKS:
        raise MathInputError(f"Unknown form '{form}'. Choose one of: {', '.join(FORMS)}.")
    return CHECKS[form](answer)
