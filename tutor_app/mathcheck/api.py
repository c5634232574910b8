"""The public checking functions. Every SymPy call runs in the worker process with a hard time limit."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from tutor_app.config import CAS_TIMEOUT_MAX, Settings
from tutor_app.errors import MathInputError
from tutor_app.mathcheck import worker
from tutor_app.mathcheck.normalize import base_ten, check_size
from tutor_app.mathcheck.question import (
    asks_for_choices,
    asks_for_lowest_terms,
    asks_for_order,
    asks_for_percent,
    asks_smallest_first,
)
from tutor_app.mathcheck.verdict import (
    FORMS,
    CasResult,
    Options,
    StepMark,
    StepReport,
    Verdict,
    undecided,
)

if TYPE_CHECKING:
    from tutor_app.pictures.graph import Graph

TOO_SLOW = "It took too long to check (over {:g} s); try a simpler form."
SUPPOSED = "Not checked: a supposition or a case being tried, not a claim."
LOG_BASE = ("Could not decide: a logarithm written without a base is to base 10 in school books and to base e "
            "in university ones, and the verdict depends on which. Write ln, or log_10 (lg).")
# "\log 100", "log(x)": a logarithm without a base (after lg and log10 are read as base 10).
_BARE_LOG = re.compile(r"(\\?)(?<![A-Za-z])log(?![A-Za-z_]|\s*_)")
# Lines of working a step is judged against, besides the givens: enough for a page of working.
MAX_KNOWN = 40

# Callers pass Settings.cas_timeout; the schema's default serves those that have no settings.
DEFAULT_TIMEOUT: float = Settings.model_fields["cas_timeout"].default


def _timeout(timeout: float | None) -> float:
    if timeout is None:
        return DEFAULT_TIMEOUT
    # A NaN fails every comparison, so it lands here too.
    if not 0 < timeout <= CAS_TIMEOUT_MAX:
        raise MathInputError(f"The time limit must be a number of seconds above 0 and at most {CAS_TIMEOUT_MAX:g}.")
    return timeout


def _size_problem(text: str, role: str) -> str | None:
    if not isinstance(text, str):
        return f"Could not read the {role}: it is not text."
    try:
        check_size(text)
    except MathInputError as exc:
        return f"Could not read the {role}: {exc}"
    return None


def _run(name: str, args: tuple, timeout: float) -> object:
    try:
        return worker.run(name, args, timeout)
    except worker.TimedOut:
        return None
    except RuntimeError as exc:
        return exc


def warm_up() -> None:
    """Start the worker now, so the first check is fast."""
    worker.warm_up()


def check_answer(reference: str, answer: str, *, tolerance: float | None = None, relative: bool = True,
                 sig_figs: int | None = None, strict_sig_figs: bool = False, ordered: bool = False,
                 form: str | None = None, units: str | None = None, timeout: float | None = None,
                 question: str | None = None) -> Verdict:
    """Compare a student's or model's answer with a reference and explain the verdict.

    ``strict_sig_figs``: the answer must be written with exactly ``sig_figs`` figures.
    ``ordered``: a list of values must come in the reference's order (``T(10), T(11), T(12)``).
    ``question``: the question's wording, when known: asking for values "in increasing order",
    "respectively" or by name ("find $a$ and $b$") makes their order count, "the minimum and maximum"
    asks for the smaller value first, 25 matches 25% only when it asks for a percentage, and lettered
    choices (A. ... B. ...) make "ACF" and "A, C, F" the same set of choices; "in simplest form" or
    "in lowest terms" checks the ``lowest_terms`` form unless ``form`` is given.
    """
    if form is not None and form not in FORMS:
        raise MathInputError(f"Unknown form '{form}'. Choose one of: {', '.join(FORMS)}.")
    if tolerance is not None and not (math.isfinite(tolerance) and tolerance >= 0):
        raise MathInputError("The tolerance must be a finite number, not negative.")
    if sig_figs is not None and sig_figs < 1:
        raise MathInputError("The number of significant figures must be at least 1.")
    limit = _timeout(timeout)
    problem = _size_problem(reference, "expected answer") or _size_problem(answer, "answer")
    if problem:
        return undecided(problem)
    if strict_sig_figs and sig_figs is None:
        raise MathInputError("Say how many significant figures the answer must have.")
    if question is not None and not isinstance(question, str):
        raise MathInputError("The question must be text.")
    if form is None and question and asks_for_lowest_terms(question):
        form = "lowest_terms"
    options = Options(tolerance=tolerance, relative=relative, sig_figs=sig_figs,
                      strict_sig_figs=strict_sig_figs,
                      ordered=ordered or bool(question and asks_for_order(question)),
                      rising=asks_smallest_first(question) if question else None,
                      bare_percent=not question or asks_for_percent(question),
                      choices=bool(question and asks_for_choices(question)))
    result = _run("check", (reference, answer, options, form, units), limit)
    if result is None:
        return undecided(TOO_SLOW.format(limit))
    if isinstance(result, Exception):
        return undecided(f"Could not check this answer ({result}).")
    if result.equivalent is not None and _has_bare_log(reference + " " + answer):
        # The reader takes log as ln; read to base 10 as well, and decide only where both readings agree.
        tens = _run("check", (_to_base_ten(reference), _to_base_ten(answer), options, form, units), limit)
        if isinstance(tens, Verdict) and tens.equivalent is not None and tens.equivalent != result.equivalent:
            return undecided(LOG_BASE, result.normalized_reference, result.normalized_answer)
    return result


def _has_bare_log(text: str) -> bool:
    return _BARE_LOG.search(base_ten(text)) is not None


def _to_base_ten(text: str) -> str:
    return _BARE_LOG.sub(r"\1log_{10}", base_ten(text))


def check_steps(steps: list[str], timeout: float | None = None, *, givens: Sequence[str] = (),
                supposed: Collection[int] = (), fresh: Collection[int] = ()) -> StepReport:
    """Mark each line against the givens and the lines before it, and name the first shown to be wrong.

    ``supposed`` lists lines stated under "if" or "suppose": they are not claims, so only their
    arithmetic is checked and they are not used as known. ``fresh`` lists lines that open a new
    case or part: the lines before them are no longer known there.
    """
    limit = _timeout(timeout)
    given = [g for g in givens if not _size_problem(g, "given")]
    known: list[str] = []
    marks: list[StepMark] = []
    first_wrong = None
    opened = False
    for index, text in enumerate(steps):
        if index in fresh:
            known.clear()
            opened = True
        problem = _size_problem(text, "step")
        if problem:
            marks.append(StepMark(index, text, None, problem))
            continue
        # A supposed line is not a claim about the unknowns, but the arithmetic in it must still be right.
        context = ((), ()) if index in supposed else (tuple(given), tuple(known[-MAX_KNOWN:]))
        # The first claim of the working, unless a case was opened before it, goes on from the givens.
        result = _run("step", (*context, text, not known and not opened and index not in supposed), limit)
        if result is None:
            follows, reason, correction = None, TOO_SLOW.format(limit), ""
        elif isinstance(result, Exception):
            follows, reason, correction = None, f"Could not check this step ({result}).", ""
        else:
            follows, reason, correction = result
        if index in supposed and follows is not False:
            follows, reason = None, SUPPOSED
        marks.append(StepMark(index, text, follows, reason, correction))
        if index not in supposed:
            # A wrong line stays known, so the lines that follow from it are not flagged again.
            known.append(text)
        if follows is False and first_wrong is None:
            first_wrong = index
    return StepReport(marks, first_wrong)


def solve_with_cas(problem: str, timeout: float | None = None) -> CasResult | None:
    """An independent answer from the computer algebra system, or None when it cannot handle the problem."""
    limit = _timeout(timeout)
    if _size_problem(problem, "problem"):
        return None
    result = _run("solve", (problem,), limit)
    if not isinstance(result, CasResult):
        return None
    if _has_bare_log(problem):
        # "Solve \log x = 2" is x = 100 in a school book and e^2 at university: answer only where both agree.
        tens = _run("solve", (_to_base_ten(problem),), limit)
        if not isinstance(tens, CasResult) or check_answer(result.answer, tens.answer,
                                                           timeout=limit).equivalent is not True:
            return None
    return result


def graph_with_cas(problem: str, timeout: float | None = None) -> Graph | None:
    """The graph of a problem as the computer algebra system draws it, or None when it cannot read it."""
    limit = _timeout(timeout)
    if _size_problem(problem, "problem"):
        return None
    result = _run("graph", (problem,), limit)
    return None if result is None or isinstance(result, Exception) else result


def compare_with_cas(problem: str, model_answer: str, timeout: float | None = None) -> Verdict:
    """Whether the computer algebra system agrees with a model's answer (None: not checkable)."""
    limit = _timeout(timeout)
    problem_text = _size_problem(problem, "problem") or _size_problem(model_answer, "answer")
    if problem_text:
        return undecided(problem_text)
    result = _run("compare_cas", (problem, model_answer), limit)
    if result is None:
        return undecided(TOO_SLOW.format(limit))
    if isinstance(result, Exception):
        return undecided(f"Could not check with the computer algebra system ({result}).")
    if result.equivalent is not None and _has_bare_log(problem + " " + model_answer):
        tens = _run("compare_cas", (_to_base_ten(problem), _to_base_ten(model_answer)), limit)
        if not isinstance(tens, Verdict) or tens.equivalent != result.equivalent:
            return undecided(LOG_BASE, result.normalized_reference, result.normalized_answer)
    return result
