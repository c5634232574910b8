"""Keeping the final answer out of hints and guided replies until the student asks to see it.

The prompts tell the model never to give the answer; this is the check behind
that rule. Every formula in a reply that states the answer (a ``\\boxed{}``, or
a formula the checker finds equal to the problem's known answer, written as a
result rather than a step towards it) is replaced before the student sees it,
while the reply streams too: text is passed on a sentence at a time, so a
formula is never shown before it is complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from tutor_app.mathcheck import Verdict, check_answer, solve_with_cas
from tutor_app.mathcheck.api import LOG_BASE
from tutor_app.mathtext import MATH_SPAN, math_body
from tutor_app.tutoring.problem import Problem
from tutor_app.tutoring.verify import cas_problem

# What stands in for a formula that gives the answer away.
HIDDEN = "▢"
# "so x = 2." written without dollars: a letter given a plain value.
_NUMBER = r"[-+]?\d+(?:[./]\d+)?(?!\d|[./]\d)"
_PLAIN_RESULT = re.compile(rf"(?<![A-Za-z\\])[A-Za-z]\s*=\s*{_NUMBER}(?:\s*=\s*{_NUMBER})*")
# Between the roots of "x = 2 or x = 3" (and the unknowns of "x = 2, y = 1").
_SEVERAL = re.compile(r"\s*\\text\{\s*or\s*\}\s*|\s+or\s+|\s*或\s*|,\s*(?=[A-Za-z]\s*=)")
_BOXED = re.compile(r"\\boxed")
_BOXED_WHOLE = re.compile(r"\\boxed\s*\{(?:[^{}]|\{[^{}]*\})*\}|\\boxed")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_LETTER = re.compile(r"[A-Za-z]")
# Where a streamed text may be passed on: after a line or a sentence.
_CUT = re.compile(r"\n|[.!?。！？；;:：](?=\s)")

# Whether one formula states the answer.
Reveals = Callable[[str], bool]


def reference_answer(problem: Problem, *, timeout: float | None = None) -> tuple[str, str | None] | None:
    """``problem``'s answer and the form it must take: its known answer, else the CAS's own; None if neither."""
    if problem.reference_answer:
        return problem.reference_answer, None
    solved = solve_with_cas(cas_problem(problem), timeout=timeout)
    return (solved.answer, solved.form) if solved else None


def states_answer(formula: str, reference: str, form: str | None = None, *, partly: bool = False,
                  timeout: float | None = None) -> bool:
    """Whether ``formula`` states the answer ``reference`` as a result (with ``partly``: or one of its parts)."""
    claim = _result(formula, equation="=" in reference, numeric=not _has_letters(reference))
    if claim is None:
        return False
    # One root of several, or one unknown of a system, gives away part of the answer.
    wanted = _parts(reference) if partly else [reference]
    return any(_same(check_answer(part, claim, form=form, timeout=timeout)) for part in wanted)


def _same(verdict: Verdict) -> bool:
    # Undecided only for the base of a log written without one: equal in one reading, so it would give it away.
    return verdict.equivalent is True or verdict.reason == LOG_BASE


def written_as_result(formula: str) -> bool:
    """Whether ``formula`` reads as a result (``x = 2``, ``(x - 1)^2``) rather than a step (``2x = 4``)."""
    return _result(formula, equation="=" in formula, numeric=not _has_letters(formula)) is not None


def answer_test(problem: Problem, *, timeout: float | None = None) -> Reveals:
    """A test for formulas that state ``problem``'s answer, or part of it, or are boxed."""
    known = reference_answer(problem, timeout=timeout)

    def reveals(formula: str) -> bool:
        if _BOXED.search(formula):
            return True
        return known is not None and states_answer(formula, *known, partly=True, timeout=timeout)

    return reveals


def _parts(reference: str) -> list[str]:
    """The whole answer, then each of its roots or unknowns when it has several."""
    pieces = _SEVERAL.split(reference) if "=" in reference else []
    return [reference, *pieces] if len(pieces) > 1 else [reference]


def _has_letters(text: str) -> bool:
    return bool(_LETTER.search(_LATEX_COMMAND.sub(" ", text)))


def _result(formula: str, *, equation: bool, numeric: bool) -> str | None:
    """What ``formula`` states as a result, in the reference's shape; None when it is only a step."""
    body = formula.strip()
    several = _SEVERAL.split(body) if equation else [body]
    if len(several) > 1:
        results = [_result(part, equation=True, numeric=numeric) for part in several]
        return None if None in results else " or ".join(results)
    parts = [p.strip() for p in re.split(r"(?<![<>!\\])=", body)]
    value = parts[-1]
    if not value:
        return None
    if equation:
        # "x = 2" (or "x = 8/4 = 2") states the answer; "2x = 4" is a step towards it.
        unknown = parts[0]
        if len(parts) < 2 or not re.fullmatch(r"[A-Za-z]", unknown) or _has_letters(value):
            return None
        return f"{unknown} = {value}"
    if numeric and _has_letters(value):
        return None
    return value


def hide_answer(text: str, reveals: Reveals) -> str:
    """``text`` with every formula that states the answer replaced by ``HIDDEN``."""
    pieces, last = [], 0
    for match in MATH_SPAN.finditer(text):
        pieces.append(_hide_plain(text[last:match.start()], reveals))
        pieces.append(HIDDEN if reveals(math_body(match)) else match.group())
        last = match.end()
    pieces.append(_hide_plain(text[last:], reveals))
    return "".join(pieces)


def _hide_plain(text: str, reveals: Reveals) -> str:
    hidden = _BOXED_WHOLE.sub(HIDDEN, text)
    return _PLAIN_RESULT.sub(lambda m: HIDDEN if reveals(m.group()) else m.group(), hidden)


def withhold_answer(chunks: Iterator[str], reveals: Reveals) -> Iterator[str]:
    """The stream with the answer hidden, passed on a whole sentence at a time."""
    held = ""
    for chunk in chunks:
        held += chunk
        cut = _safe_cut(held)
        if cut:
            yield hide_answer(held[:cut], reveals)
            held = held[cut:]
    if held:
        yield hide_answer(held, reveals)


def _safe_cut(text: str) -> int:
    """The end of the last whole sentence in ``text`` that is outside every formula (0: none yet)."""
    cut, last = 0, 0
    for match in MATH_SPAN.finditer(text):
        cut = _last_cut(text[last:match.start()], last, cut)
        last = match.end()
    rest = text[last:]
    if "$" in rest or "\\(" in rest or "\\[" in rest:
        # A formula is still open: pass on nothing after its start.
        opened = min(i for i in (rest.find("$"), rest.find("\\("), rest.find("\\[")) if i >= 0)
        return _last_cut(rest[:opened], last, cut)
    return _last_cut(rest, last, cut)


def _last_cut(segment: str, offset: int, cut: int) -> int:
    ends = [m.end() for m in _CUT.finditer(segment)]
    return offset + ends[-1] if ends else cut


def guarded(chunks: Iterator[str], problem: Problem, *, timeout: float | None = None) -> Iterator[str]:
    """``chunks`` with the answer hidden, unless the student has already asked to see it."""
    if problem.revealed_at is not None:
        return chunks
    return withhold_answer(chunks, answer_test(problem, timeout=timeout))
