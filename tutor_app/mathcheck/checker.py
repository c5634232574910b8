"""The whole answer check, as it runs inside the worker process: read, compare, check form."""

from __future__ import annotations

import re
from dataclasses import replace

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import equivalence as eq
from tutor_app.mathcheck.answers import ANSWER_WORDS, Answer, describe, read_answer
from tutor_app.mathcheck.build import symbol
from tutor_app.mathcheck.forms import form_problem
from tutor_app.mathcheck.normalize import NotANumeral, normalize
from tutor_app.mathcheck.tokens import tokenize
from tutor_app.mathcheck.units import UNITS, read_units
from tutor_app.mathcheck.units import describe as describe_dim
from tutor_app.mathcheck.verdict import Options, Verdict, undecided


def _read(text: str, role: str) -> Answer:
    try:
        return read_answer(text)
    except NotANumeral:
        raise
    except MathInputError as exc:
        raise MathInputError(f"Could not read the {role}: {exc}") from exc
    except (RecursionError, MemoryError, OverflowError) as exc:
        raise MathInputError(f"Could not read the {role}: it is too large or too deeply nested.") from exc
    except (TypeError, ValueError, NotImplementedError, AttributeError) as exc:
        # SymPy refuses some well-formed input (an interval whose ends cannot be ordered, say).
        raise MathInputError(f"Could not read the {role}: its parts do not fit together as math "
                             "(for example an interval whose ends cannot be compared).") from exc


def check(reference: str, answer: str, options: Options, form: str | None = None,
          units: str | None = None) -> Verdict:
    """Compare an answer with a reference; the Verdict explains the result."""
    try:
        ref = _read(reference, "expected answer")
    except NotANumeral as exc:
        return undecided(f"Could not read the expected answer: {exc}")
    except MathInputError as exc:
        return undecided(str(exc))
    try:
        ans = _read(answer, "answer")
    except NotANumeral as exc:
        # Not a number at all, so not the expected one: a wrong answer, not an unreadable one.
        return Verdict(False, f"{exc}.", "not_equivalent", describe(ref))
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


# "ACF", "A, C and F", "(B)": the letters of choices.
_LETTERS = re.compile(r"\(?[A-H]\)?(?:\s*(?:,|\band\b)?\s*\(?[A-H]\)?)*")


def _choices(ref: Answer, ans: Answer) -> eq.Outcome | None:
    """Answers to a question with lettered choices, compared as sets of letters."""
    texts = [a.text.replace(" ", "") if _LETTERS.fullmatch(a.text.strip()) else None for a in (ref, ans)]
    if None in texts:
        return None
    expected, given = ({c for c in t if c.isupper()} for t in texts)
    if expected == given:
        return eq.Outcome(True, "The same choices.")
    return eq.Outcome(False, f"Expected the choices {', '.join(sorted(expected))}.")


def _compare(ref: Answer, ans: Answer, opts: Options, units: str | None) -> eq.Outcome:
    if opts.choices and (chosen := _choices(ref, ans)):
        return chosen
    if "text" in (ref.kind, ans.kind):
        return _compare_text(ref, ans)
    if "cases" in (ref.kind, ans.kind):
        return _compare_cases(ref, ans)
    if ans.params and ref.params and len(ans.params) == len(ref.params):
        ans = _renamed(ans, ref.params)
    if units and ref.kind == "expr" and ref.value.is_number:
        ref = _units_answer(ref, units)
    if ref.kind == "quantity" or ans.kind == "quantity":
        return _compare_quantities(ref, ans, opts)
    alternative = _comma_reading(ref, ans)
    if alternative is not None:
        ref, ans = alternative
    outcome = _compare_kinds(ref, ans, opts)
    if outcome.equivalent is False:
        return _written_as(ref, ans, opts) or outcome
    return outcome


def _compare_kinds(ref: Answer, ans: Answer, opts: Options) -> eq.Outcome:
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
    if ans.kind == "equation" and ref.kind == "expr" and ref.value.is_number and ans.value[1].is_number:
        # "AC = 25" or "x + y = 4027": the answer names what it computes, then states the value.
        return eq.compare_numbers(ref.value, ans.value[1], opts, None)
    tuple_side = ans if ans.kind == "tuple" else ref
    if ({ref.kind, ans.kind} == {"values", "tuple"} and tuple_side.brackets == "()"
            and len(ref.value) == len(ans.value) and not ref.var):
        # "1, 2, 3" against "(1, 2, 3)": the same values, in the same order.
        return eq.compare_tuples(ref.value, ans.value, opts)
    if ref.kind == "equation" and not ref.var and ans.kind in ("values", "equation"):
        solutions = eq.solve_single(ref.value, None)
        answered = eq.as_values(ans)
        if solutions is not None and answered is not None:
            return eq.compare_value_sets(solutions, answered[0], answered[1], opts)
    if opts.ordered and ref.kind == "values" and ans.kind == "assign":
        # "Find $a$ and $b$": "a = 2, b = 3" gives the values in the order they are named.
        return eq.compare_tuples(ref.value, list(ans.value.values()), opts)
    if ref.kind in ("system", "assign") and ans.kind in ("system", "assign", "tuple"):
        return _compare_systems(ref, ans, opts)
    if "tuples" in kinds:
        ref_tuples, ans_tuples = eq.as_tuples(ref), eq.as_tuples(ans)
        if ref_tuples is not None and ans_tuples is not None:
            return eq.compare_tuple_sets(ref_tuples, ans_tuples, opts)
    if ref.kind == "set" or ans.kind == "set":
        ref_set, ans_set = eq.as_set(ref), eq.as_set(ans)
        if ref_set is not None and ans_set is not None:
            return eq.compare_sets(ref_set, ans_set, opts)
    if "values" in kinds:
        ref_values, ans_values = eq.as_values(ref), eq.as_values(ans)
        if ref_values is not None and ans_values is not None:
            if opts.ordered and ref.kind == ans.kind == "values":
                return eq.compare_tuples(ref_values[0], ans_values[0], opts)
            outcome = eq.compare_value_sets(ref_values[0], ans_values[0], ref_values[1] or ans_values[1], opts)
            if outcome.equivalent and opts.rising is not None and ans.kind == "values":
                return _in_size_order(ans_values[0], opts.rising) or outcome
            return outcome
    if ref.kind == "relation" and ans.kind == "relation":
        return eq.compare_relations(ref.value, ans.value)
    if kinds == ("congruence", "congruence"):
        return eq.compare_congruences(ref.value, ans.value)
    if ref.kind == "matrix" and ans.kind == "matrix":
        if ref.value.shape != ans.value.shape:
            return eq.Outcome(False, f"Expected a {ref.value.rows}×{ref.value.cols} matrix.")
        return eq.compare_tuples(list(ref.value), list(ans.value), opts)
    ref_tuple, ans_tuple = eq.as_tuple(ref), eq.as_tuple(ans)
    if ref_tuple is not None and ans_tuple is not None:
        outcome = eq.compare_tuples(ref_tuple, ans_tuple, opts)
        if outcome.equivalent and len(ref_tuple) == 2 and {ref.brackets, ans.brackets} == {"()", "[]"}:
            # [a, b] and (a, b) with the same ends: a closed and an open interval.
            return eq.Outcome(False, "Check the endpoints: [a, b] includes its ends, (a, b) does not.")
        return outcome
    return eq.Outcome(False, f"Expected {_kind_phrase(ref)}, but the answer is {_kind_phrase(ans)}.")


def _in_size_order(values: list, rising: bool) -> eq.Outcome | None:
    """A "wrong order" outcome when real values do not rise (or fall) as the question asks, else None."""
    try:
        sizes = [float(v) for v in values]
    except TypeError:
        return None
    if sizes == sorted(sizes, reverse=not rising):
        return None
    first = "smallest" if rising else "largest"
    return eq.Outcome(False, f"The values are right, but the question asks for the {first} one first.")


def _renamed(ans: Answer, params: tuple[str, ...]) -> Answer:
    """``f(n) = n`` read with the reference's argument names, as ``f(x) = x``."""
    mapping = {sympy.Symbol(old, real=True): sympy.Symbol(new, real=True) for old, new in zip(ans.params, params)}
    if isinstance(ans.value, sympy.Basic):
        return replace(ans, value=ans.value.subs(mapping, simultaneous=True), params=params)
    if ans.kind == "values":
        return replace(ans, value=[v.subs(mapping, simultaneous=True) for v in ans.value], params=params)
    return ans


# Words that can state a finite non-zero amount without a digit ("a half", "a dozen", "all of them",
# "the same as before").
_AMOUNT_WORDS = {"half", "halves", "third", "thirds", "quarter", "quarters", "dozen", "dozens", "twice",
                 "double", "triple", "thrice", "hundred", "thousand", "million", "all", "every", "each",
                 "same", "equal", "unchanged", "once"}


# Words written as a sentence: spaces between them, at most a full stop at the end ("x.real" is not one).
_SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,;'’-]+[A-Za-z]+)+\.?")


# Written answers that mean the same, known by how they end (in lower case, without spaces): "the limit
# does not exist" and "undefined", "G is not invertible" and "singular". The longest ending decides, so
# "not invertible" is never read as "invertible". What comes before it may only name the subject
# ("the matrix is"), not state something else.
_SUBJECT_CHARS = 25
_MEANINGS = {
    "doesnotexist": "does not exist", "doesn'texist": "does not exist", "dne": "does not exist",
    "undefined": "does not exist", "notdefined": "does not exist", "nonexistent": "does not exist",
    "irrational": "irrational", "notrational": "irrational", "notarationalnumber": "irrational",
    "rational": "rational", "arationalnumber": "rational",
    "invertible": "invertible", "nonsingular": "invertible", "notinvertible": "not invertible",
    "noninvertible": "not invertible", "singular": "not invertible",
    "converges": "converges", "convergent": "converges", "diverges": "diverges", "divergent": "diverges",
    "convergesabsolutely": "converges absolutely", "absolutelyconvergent": "converges absolutely",
    "convergesconditionally": "converges conditionally", "conditionallyconvergent": "converges conditionally",
}


def _meaning(text: str) -> str | None:
    """What a written answer states, when it ends with one of the known phrases."""
    squeezed = re.sub(r"[\s.!]", "", text.lower())
    endings = [e for e in _MEANINGS if squeezed.endswith(e)]
    if not endings:
        return None
    ending = max(endings, key=len)
    return _MEANINGS[ending] if len(squeezed) - len(ending) <= _SUBJECT_CHARS else None


def _compare_text(ref: Answer, ans: Answer) -> eq.Outcome:
    """Word answers ("Friday", "yes") match in any case and spacing, or when they state the same thing
    ("undefined", "the limit does not exist"); a word never matches a number."""
    if ref.kind == ans.kind == "text":
        if ref.value.replace(" ", "") == ans.value.replace(" ", ""):
            return eq.Outcome(True, "The same answer.")
        meanings = _meaning(ref.value), _meaning(ans.value)
        if None not in meanings:
            return eq.Outcome(meanings[0] == meanings[1], "The same answer, in other words." if
                              meanings[0] == meanings[1] else f"Expected '{meanings[0]}'.")
        first_ref, first_ans = ref.value.split()[0], ans.value.split()[0]
        if {first_ref, first_ans} <= {"yes", "no"} and ans.value in ("yes", "no"):
            # A yes/no answer against a reference that goes on to explain it.
            return eq.Outcome(first_ref == first_ans, "The same answer." if first_ref == first_ans
                              else f"Expected '{first_ref}'.")
        if len(ref.value.split()) <= 3 and len(ans.value.split()) <= 3:
            return eq.Outcome(False, f"Expected '{ref.value}'.")
        return eq.Outcome(None, "Could not decide whether these written answers mean the same.")
    if ref.kind == "text":
        return eq.Outcome(False, f"Expected the answer '{ref.value}'.")
    if ans.value in ANSWER_WORDS:
        return eq.Outcome(False, f"Expected {_kind_phrase(ref)}, but the answer is the word '{ans.value}'.")
    words = set(ans.value.split())
    if _SENTENCE.fullmatch(ans.text) and not _AMOUNT_WORDS & words and _counts(ref, words):
        return eq.Outcome(False, f"Expected {describe(ref)}, but the answer is a sentence that states no value.")
    unknown = next((w for w in ans.value.split() if w not in ANSWER_WORDS), ans.value)
    return eq.Outcome(None, f"Could not read the answer: the word '{unknown}' is not one the checker knows.")


def _compare_cases(ref: Answer, ans: Answer) -> eq.Outcome:
    """Case-by-case answers: the same value under each condition as written; one value for every case
    when each case's value is it. Anything else is not decided: the cases may be cut differently."""
    if ref.kind == ans.kind == "cases" and len(ref.value) == len(ans.value):
        unmatched = list(ans.value)
        for value, condition in ref.value:
            hit = next((p for p in unmatched if p[1].replace(" ", "") == condition.replace(" ", "")
                        and eq.same_expr(value, p[0])), None)
            if hit is None:
                break
            unmatched.remove(hit)
        else:
            return eq.Outcome(True, "The same value in each case.")
    single, cases = (ans, ref) if ref.kind == "cases" else (ref, ans)
    if single.kind == "expr" and all(eq.same_expr(v, single.value) for v, _ in cases.value):
        return eq.Outcome(True, "The same value in every case.")
    return eq.Outcome(None, "Could not decide whether the case-by-case answers agree.")


# Words that can state zero ("none", "no solutions") or an infinite amount ("infinitely many").
_ZERO_WORDS = {"no", "none", "zero", "nothing", "empty", "neither", "nobody", "never", "nowhere"}
_INFINITE_WORDS = {"infinite", "infinitely", "infinity", "unbounded", "endless", "endlessly", "diverges"}


def _counts(answer: Answer, words: set[str]) -> bool:
    """Whether an answer is made only of numbers that a sentence of these words cannot state: finite
    non-zero ones always; zero unless a word says none, infinity unless one says infinitely many."""
    if answer.kind == "expr":
        values = [answer.value]
    elif answer.kind in ("values", "tuple"):
        values = list(answer.value)
    elif answer.kind == "tuples":
        values = [v for t in answer.value for v in t]
    else:
        return False
    return all(v.is_number and (not v.is_zero or not _ZERO_WORDS & words)
               and (v.is_finite or not _INFINITE_WORDS & words) for v in values)


def _comma_reading(ref: Answer, ans: Answer) -> tuple[Answer, Answer] | None:
    """``120,000`` or ``3,5`` against one number: read the comma as a thousands separator or a
    decimal comma rather than as a list, since the other side is a single number."""
    def reread(answer: Answer) -> Answer | None:
        text = answer.text.replace(" ", "")
        if answer.kind != "values" or not re.fullmatch(r"[-+]?\d+,\d+(?:,\d+)*", text):
            return None
        if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+", text):
            return read_answer(text.replace(",", ""))
        if text.count(",") == 1 and len(text.split(",")[1]) != 3:
            return read_answer(text.replace(",", "."))
        return None

    if ref.kind == "expr" and ref.value.is_number:
        alternative = reread(ans)
        return (ref, alternative) if alternative else None
    if ans.kind == "expr" and ans.value.is_number:
        alternative = reread(ref)
        return (alternative, ans) if alternative else None
    return None


def _top(answer: Answer, kind: str) -> tuple | None:
    """The written number under a top-level ``%`` or ``°``, as a tree."""
    tree = answer.tree
    return tree[1] if answer.kind == "expr" and tree and tree[0] == kind else None


def _written_as(ref: Answer, ans: Answer, opts: Options) -> eq.Outcome | None:
    """``25%`` against ``25`` and ``30°`` against ``30``: the same number, one side naming the unit the
    question asks for, so they are equal when the numbers as written are (for a percentage, unless the
    question is known not to ask for one)."""
    if ref.kind != "expr" or ans.kind != "expr":
        return None
    for kind, word in (("pct", "percentage"), ("deg", "angle in degrees")):
        if kind == "pct" and not opts.bare_percent:
            continue
        marked_ref, marked_ans = _top(ref, kind), _top(ans, kind)
        if (marked_ref is None) == (marked_ans is None):
            continue
        bare = ans.value if marked_ref is not None else ref.value
        if not bare.is_number or bare.has(sympy.pi):
            continue
        number = _builder_value(marked_ref if marked_ref is not None else marked_ans)
        if number is not None and eq.compare_numbers(number, bare, opts, None).equivalent:
            return eq.Outcome(True, f"The same {word}, written with and without its sign.")
    return None


def _builder_value(tree: tuple) -> sympy.Expr | None:
    from tutor_app.mathcheck.build import Builder

    try:
        return Builder().one(tree)
    except MathInputError:
        return None


def symbol_in(name: str, expr: sympy.Expr) -> bool:
    """Whether the variable ``name`` appears in ``expr``."""
    return any(s.name == name for s in expr.free_symbols)


def _kind_phrase(answer: Answer) -> str:
    return {
        "expr": "an expression", "values": "a list of solutions", "equation": "an equation",
        "system": "a system of equations", "set": "an interval or inequality",
        "tuple": "an ordered tuple", "assign": "values for several unknowns",
        "matrix": "a matrix", "quantity": "a quantity with units", "tuples": "a list of tuples",
        "text": "a word", "relation": "an inequality between several variables", "congruence": "a congruence",
        "cases": "a case-by-case answer",
    }[answer.kind]


def _compare_systems(ref: Answer, ans: Answer, opts: Options) -> eq.Outcome:
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
        if "tuple" not in (ref.kind, ans.kind):
            linear = eq.compare_linear_systems(_equations_of(ref), _equations_of(ans))
            if linear is not None:
                return linear
            return eq.Outcome(None, "Could not solve the systems to compare them.")
        return eq.Outcome(None, "Could not solve the system to compare it.")
    return eq.compare_tuples(ref_values, ans_values, opts)


def _equations_of(answer: Answer) -> list[tuple]:
    """A system or an assignment (``B = 2D, E = 2C``) as (left, right) pairs of equations."""
    if answer.kind == "assign":
        return [(symbol(name), value) for name, value in answer.value.items()]
    return answer.value


def _compare_quantities(ref: Answer, ans: Answer, opts: Options) -> eq.Outcome:
    if ref.kind != "quantity":
        if ref.kind == "expr" and ref.value.is_number:
            outcome = eq.compare_numbers(ref.value, ans.value[0], opts, eq.written_number(ans))
            if outcome.equivalent:
                return eq.Outcome(True, f"The number matches; the expected answer names no units, so "
                                        f"'{ans.unit_text}' is not checked.")
            return outcome
        return eq.Outcome(False, "The answer has units, but the expected answer is not a plain number.")
    if ans.kind != "quantity":
        if (ref.dim is None or ref.labelled) and ans.kind == "expr":
            return eq.compare_numbers(ref.value[0], ans.value, opts, eq.written_number(ans))
        return eq.Outcome(False, f"Add the units ({ref.unit_text}).")
    if ref.dim is None or ans.dim is None:
        # A unit word the checker cannot convert: only the numbers can be compared.
        return eq.compare_numbers(ref.value[0], ans.value[0], opts, eq.written_number(ans))
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
