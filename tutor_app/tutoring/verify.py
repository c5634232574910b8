"""The trust layer applied to a reply: the final answer against the CAS, each step checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import (
    StepReport,
    Verdict,
    check_answer,
    check_steps,
    compare_with_cas,
    extract_final_answer,
    solve_with_cas,
)
from tutor_app.mathtext import normalize_math
from tutor_app.tutoring.feedback import show_math
from tutor_app.tutoring.problem import Mode, Problem

VERIFIED = "verified"
DISAGREES = "disagrees"
NOT_CHECKABLE = "not_checkable"

_DISPLAY_BLOCK = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<!\$)\$([^$\n]+)\$(?!\$)")
_RELATION = re.compile(r"=|<|>|\\le|\\ge|\\neq|≤|≥")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)]|step\s*\d+\s*[:.)]|第\s*\d+\s*步[:：]?)\s*", re.I)
# Four or more letters in a row (outside LaTeX commands) mark a line as prose.
_PROSE = re.compile(r"(?<!\\)\b[A-Za-z]{4,}|[\u4e00-\u9fff]")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z]{2,}[,.]?")
_FUNCTIONS = {"sin", "cos", "tan", "ln", "log", "exp", "sqrt", "lim"}
_MAX_STEPS = 40


@dataclass(frozen=True)
class Verification:
    """What the checker made of a reply: the CAS badge and, for algebra, each step."""

    final_answer: str | None
    badge: str
    reason: str
    steps: StepReport | None = None


def verify_reply(problem: Problem, mode: Mode, text: str, *, student_work: str = "",
                 timeout: float | None = None) -> Verification:
    """Check a reply's final answer with the CAS and its steps (the student's, in check-my-work)."""
    final = extract_final_answer(text)
    steps = step_lines(student_work if mode is Mode.CHECK_WORK and student_work.strip() else text)
    start = step_lines(problem.transcription)[-1:]
    if start and steps and steps[0] != start[0]:
        # The first step must follow from the problem itself.
        steps = start + steps
    report = check_steps(steps, timeout=timeout) if len(steps) >= 2 else None
    if final is None:
        return Verification(None, NOT_CHECKABLE, "No final answer (in \\boxed{}) was found.", report)
    try:
        verdict = compare_with_cas(cas_problem(problem), final, timeout=timeout)
    except MathInputError as exc:
        return Verification(final, NOT_CHECKABLE, str(exc), report)
    badge = {True: VERIFIED, False: DISAGREES, None: NOT_CHECKABLE}[verdict.equivalent]
    return Verification(final, badge, verdict.reason, report)


def check_student_answer(problem: Problem, answer: str, *, timeout: float | None = None) -> Verdict:
    """The checker's verdict on the student's final answer: against the known answer, else the CAS."""
    answer = answer.strip()
    if not answer:
        raise MathInputError("Type your final answer first, for example x = 2.")
    if problem.reference_answer:
        return check_answer(problem.reference_answer, answer, timeout=timeout)
    return compare_with_cas(cas_problem(problem), answer, timeout=timeout)


def known_answer(problem: Problem, *, timeout: float | None = None) -> str | None:
    """The correct answer as Markdown math: the sample's own, else the CAS's; None when neither is known."""
    if problem.reference_answer:
        return show_math(problem.reference_answer)
    result = solve_with_cas(cas_problem(problem), timeout=timeout)
    return f"${result.latex}$" if result else None


def cas_problem(problem: Problem) -> str:
    """The problem as the CAS should read it: a sample's own phrasing, else the transcription."""
    return problem.cas_problem or problem.transcription


def step_lines(text: str) -> list[str]:
    """The math of each line of working that states a relation (``2x = 4``), in order."""
    steps: list[str] = []
    for block in _split_display(normalize_math(text)):
        if block.startswith("$$"):
            steps.extend(_display_steps(block.strip("$")))
            continue
        for line in block.split("\n"):
            step = _line_step(line)
            if step:
                steps.append(step)
    return steps[:_MAX_STEPS]


def _split_display(text: str) -> list[str]:
    parts: list[str] = []
    last = 0
    for match in _DISPLAY_BLOCK.finditer(text):
        parts.append(text[last:match.start()])
        parts.append(match.group(0))
        last = match.end()
    parts.append(text[last:])
    return [p for p in parts if p.strip()]


def _display_steps(body: str) -> list[str]:
    body = re.sub(r"\\(?:begin|end)\{(?:aligned|gathered|array)\}(\{[^}]*\})?", "", body)
    lines = (line.replace("&", "").strip() for line in re.split(r"\\\\|\n", body))
    return [line for line in lines if line and _RELATION.search(line)]


def _line_step(line: str) -> str | None:
    math = [m for m in _INLINE.findall(line) if _RELATION.search(m)]
    if math:
        return math[-1].strip()
    body = _LIST_MARKER.sub("", line).strip()
    if "$" in body or not _RELATION.search(body):
        return None
    if not _is_prose(body):
        return body
    # "Subtract 3: 2x = 4" or "Solve 2x + 3 = 7": the math after the words.
    words = re.split(r"[:：]", body)[-1].split()
    for start in range(len(words)):
        tail = " ".join(words[start:])
        if _WORD.fullmatch(words[start]) and words[start] not in _FUNCTIONS:
            continue
        if not _is_prose(tail):
            return tail if _RELATION.search(tail) else None
    return None


def _is_prose(text: str) -> bool:
    return bool(_PROSE.search(_LATEX_COMMAND.sub(" ", text)))
