"""Checking a worked solution step by step: does each step follow from the one before?"""

from __future__ import annotations

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import equivalence as eq
from tutor_app.mathcheck.answers import Answer, read_answer
from tutor_app.mathcheck.checker import compare_answers


def _solutions(answer: Answer) -> sympy.Set | None:
    if answer.kind == "equation":
        f = answer.value[0] - answer.value[1]
        if len(f.free_symbols) == 1:
            return sympy.solveset(f, next(iter(f.free_symbols)), sympy.Reals)
    return eq.as_set(answer)


def compare_steps(previous: str, current: str) -> tuple[bool | None, str]:
    """Whether ``current`` follows from ``previous``, and why (runs in the worker)."""
    try:
        before, after = read_answer(previous), read_answer(current)
    except MathInputError as exc:
        return None, f"Could not read the step: {exc}"
    if before.kind == "expr" and after.kind != "expr" or after.kind == "expr" and before.kind != "expr":
        return None, "Could not compare an expression with an equation."
    outcome = compare_answers(before, after)
    if outcome.equivalent:
        return True, "Follows from the previous step."
    if outcome.equivalent is False and before.kind != "expr":
        old, new = _solutions(before), _solutions(after)
        if old is not None and new is not None and old.is_subset(new) and old != new:
            return True, "Follows, but this step can add extra solutions (check them at the end)."
    if outcome.equivalent is None:
        return None, outcome.reason
    what = "equal to" if before.kind == "expr" else "equivalent to"
    return False, f"This step is not {what} the previous one: {outcome.reason}"
