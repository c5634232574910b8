"""The whole answer check, as it runs inside the worker process: read, compare, check form."""

from __future__ import annotations

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import equivalence as eq
from tutor_app.mathcheck.answers import Answer, describe, read_answer
from tutor_app.mathcheck.forms import form_problem
from tutor_app.mathcheck.normalize import normalize
from tutor_app.mathcheck.tokens import tokenize
from tutor_app.mathcheck.units import UNITS, read_units
from tutor_app.mathcheck.units import describe as describe_dim
from tutor_app.mathcheck.verdict import Options, Verdict, undecided


def _read(text: str, role: str) -> Answer:
    try:
        return read_answer(text)
    except MathInputError as exc:
        raise MathInputError(f"Could not read the {role}: {exc}") from exc
    except (RecursionError, MemoryError, OverflowError) as exc:
        raise MathInputError(f"Could not read the {role}: it is too large or too deeply nested.") from exc


def check(reference: str, answer: str, options: Options, form: str | None = None,
          units: str | None = None) -> Verdict:
    """Compare an answer with a reference; the Verdict explains the result."""
    try:
        ref = _read(reference, "expected answer")
        ans = _read(answer, "answer")
    except MathInputError as exc:
        return undecided(str(exc))
    shown_ref, shown_ans = describe(ref), describe(ans)
    try:
        outcome = _compare(ref, ans, options, units)
    except MathInputError as exc:
        return undecided(str(exc), shown_ref, shown_ans)
    except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError,
            ZeroDivisionError, OverflowError):
        # SymPy gives up on some comparisons with these; that is "could not decide", not "wrong".
        return undecided("Could not decide automatically whether these answers match.",
                         shown_ref, shown_ans)
    if outcome.equivalent is None:
        return Verdict(None, outcome.reason, "undecided", shown_ref, shown_ans)
    if not outcome.equivalent:
        return Verdict(False, outcome.reason, "not_equivalent", shown_ref, shown_ans)
    if form:
        try:
            problem = form_problem(form, ans)
        except MathInputError as exc:
            return undecided(str(exc), shown_ref, shown_ans)
        if problem:
            return Verdict(False, f"Equivalent, but not in the requested form: {problem}",
                           "wrong_form", shown_ref, shown_ans)
    return Verdict(True, outcome.reason, "equivalent", shown_ref, shown_ans)


def compare_answers(ref: Answer, ans: Answer, options: Options | None = None) -> eq.Outcome:
    """Compare two read answers without form requirements."""
    return _compare(ref, ans, options or Options(), None)


def _units_answer(ref: Answer, units: str) -> Answer:
    """A bare-number reference read in the unit the teacher named."""
    try:
        factor, dim = read_units(tokenize(normalize(units)))
    except MathInputError as exc:
        known = ", ".join(sorted(UNITS, key=str.lower))
        raise MathInputError(f"Unknown units '{units}'. Known units: {known}.") from exc
    return Answer("quantity", (ref.value, factor), ref.text, ref.notes, ref.tree,
                  unit_text=units, dim=dim)


def _compare(ref: Answer, ans: Answer, opts: Options, units: str | None) -> eq.Outcome:
    if units and ref.kind == "expr" and ref.value.is_number:
        ref = _units_answer(ref, units)
    if ref.kind == "quantity" or ans.kind == "quantity":
        return _compare_quantities(ref, ans, opts)
    kinds = (ref.kind, ans.kind)
    if kinds == ("expr", "expr"):
        return eq.compare_exprs(ref.value, ans.value, opts, eq.written_number(ans))
    if ref.kind == "equation" and ans.kind == "equation":
        if ref.var and ans.var == ref.var:
            return eq.compare_exprs(ref.value[1], ans.value[1], opts, None)
        return eq.compare_equations(ref.value, ans.value)
    if ref.kind == "equation" and ref.var and ans.kind == "expr":
        return eq.compare_exprs(ref.value[1], ans.value, opts, eq.written_number(ans))
    if ans.kind == "equation" and ans.var and ref.kind == "expr":
        if ref.value.free_symbols and symbol_in(ans.var, ref.value):
            return eq.Outcome(False, "The answer is an equation, but an expression is expected.")
        return eq.compare_exprs(ref.value, ans.value[1], opts, None)
    if ref.kind == "equation" and not ref.var and ans.kind in ("values", "equation"):
        solutions = eq.solve_single(ref.value, None)
        answered = eq.as_values(ans)
        if solutions is not None and answered is not None:
            return eq.compare_value_sets(solutions, answered[0], answered[1])
    if ref.kind in ("system", "assign") and ans.kind in ("system", "assign", "tuple"):
        return _compare_systems(ref, ans)
    if ref.kind == "set" or ans.kind == "set":
        ref_set, ans_set = eq.as_set(ref), eq.as_set(ans)
        if ref_set is not None and ans_set is not None:
            return eq.compare_sets(ref_set, ans_set)
    if "values" in kinds:
        ref_values, ans_values = eq.as_values(ref), eq.as_values(ans)
        if ref_values is not None and ans_values is not None:
            return eq.compare_value_sets(ref_values[0], ans_values[0], ref_values[1] or ans_values[1])
    if ref.kind == "matrix" and ans.kind == "matrix":
        if ref.value.shape != ans.value.shape:
            return eq.Outcome(False, f"Expected a {ref.value.rows}×{ref.value.cols} matrix.")
        return eq.compare_tuples(list(ref.value), list(ans.value))
    ref_tuple, ans_tuple = eq.as_tuple(ref), eq.as_tuple(ans)
    if ref_tuple is not None and ans_tuple is not None:
        return eq.compare_tuples(ref_tuple, ans_tuple)
    return eq.Outcome(False, f"Expected {_kind_phrase(ref)}, but the answer is {_kind_phrase(ans)}.")


def symbol_in(name: str, expr: sympy.Expr) -> bool:
    """Whether the variable ``name`` appears in ``expr``."""
    return any(s.name == name for s in expr.free_symbols)


def _kind_phrase(answer: Answer) -> str:
    return {
        "expr": "an expression", "values": "a list of solutions", "equation": "an equation",
        "system": "a system of equations", "set": "an interval or inequality",
        "tuple": "an ordered tuple", "assign": "values for several unknowns",
        "matrix": "a matrix", "quantity": "a quantity with units",
    }[answer.kind]


def _compare_systems(ref: Answer, ans: Answer) -> eq.Outcome:
    def solutions(answer: Answer) -> list | None:
        if answer.kind == "assign":
            return [answer.value[k] for k in sorted(answer.value)]
        if answer.kind == "tuple":
            return answer.value
        equations = [sympy.Eq(l, r) for l, r in answer.value]
        symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=str)
        solved = sympy.solve(equations, symbols, dict=True)
        if len(solved) != 1 or set(solved[0]) != set(symbols):
            return None
        return [solved[0][s] for s in symbols]

    ref_values, ans_values = solutions(ref), solutions(ans)
    if ref_values is None or ans_values is None:
        if ref.kind == "system" and ans.kind == "system":
            return eq.Outcome(None, "Could not solve the systems to compare them.")
        return eq.Outcome(None, "Could not solve the system to compare it.")
    return eq.compare_tuples(ref_values, ans_values)


def _compare_quantities(ref: Answer, ans: Answer, opts: Options) -> eq.Outcome:
    if ref.kind != "quantity":
        return eq.Outcome(False, "The answer has units, but the expected answer is a plain number.")
    if ans.kind != "quantity":
        return eq.Outcome(False, f"Add the units ({ref.unit_text}).")
    if ref.dim != ans.dim:
        return eq.Outcome(False, f"Wrong units: expected {describe_dim(ref.dim)} ({ref.unit_text}), "
                                 f"but {ans.unit_text} is {describe_dim(ans.dim)}.")
    ref_si = ref.value[0] * ref.value[1]
    ans_si = ans.value[0] * ans.value[1]
    literal = eq.written_number(ans) if ans.value[1] == ref.value[1] else None
    outcome = eq.compare_numbers(ref_si, ans_si, opts, literal)
    if outcome.equivalent is False and eq.same_expr(ref.value[0], ans.value[0]) and ans.unit_text != ref.unit_text:
        return eq.Outcome(False, f"Wrong units: the number matches {ref.unit_text}, but you wrote {ans.unit_text}; convert the units.")
    if outcome.equivalent and ans.unit_text != ref.unit_text:
        return eq.Outcome(True, f"The same quantity ({ans.unit_text} converted to {ref.unit_text}).")
    return outcome
