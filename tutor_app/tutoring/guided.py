"""Guided mode: the tutor names one small step, the student does it, the checker marks it, and so on.

Each turn is a ``Reply`` in ``Mode.GUIDE``: the first (no student step) names
the first step; every later one holds the student's step, the checker's mark
for it and the tutor's answer to that mark. It ends when the student's last
line is the whole answer and it checks out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.i18n import t
from tutor_app.mathcheck import StepMark, StepReport
from tutor_app.model.ask import sampling_for
from tutor_app.model.base import Backend
from tutor_app.prompts import load_prompt, load_tutor_prompt
from tutor_app.tutoring.conversation import Conversation, Turn, ask_conversation, build_conversation
from tutor_app.tutoring.feedback import explain_reason
from tutor_app.tutoring.problem import Mode, Problem, Reply
from tutor_app.tutoring.turns import _checked_text, needs_photo, problem_key
from tutor_app.tutoring.verify import AskModel, Verification, WorkLine, check_student_answer, check_work, work_lines
from tutor_app.tutoring.withhold import guarded, reference_answer, states_answer, written_as_result

# How the checker marked a guided step: the badge of the turn's Verification.
STEP_RIGHT = "step_right"
STEP_WRONG = "step_wrong"
STEP_UNCHECKED = "step_unchecked"
SOLVED = "solved"
NO_RELATION = "Not checked: no relation to check."
GUIDE = Mode.GUIDE.value
GUIDE_STEP = "guide_step"


class Guided(str, Enum):
    """Where the guided loop of a problem stands."""

    OFF = "off"
    WAITING = "waiting"  # for the student's next step
    SOLVED = "solved"


def guided_turns(problem: Problem) -> list[Reply]:
    """The turns of the latest guided session, its opening first."""
    turns = [r for r in problem.replies if r.mode is Mode.GUIDE]
    openings = [k for k, r in enumerate(turns) if not r.student_work]
    return turns[openings[-1]:] if openings else turns


def guided_state(problem: Problem) -> Guided:
    """Off before the student asks to be guided; solved once their last line is the checked answer."""
    turns = guided_turns(problem)
    if not turns:
        return Guided.OFF
    last = turns[-1].verification
    return Guided.SOLVED if last is not None and last.badge == SOLVED else Guided.WAITING


def steps_so_far(problem: Problem) -> list[str]:
    """The student's guided lines not shown to be wrong, oldest first: what later steps build on."""
    return [mark.text for turn in guided_turns(problem) if turn.verification and turn.verification.steps
            for mark in turn.verification.steps.steps if mark.follows is not False]


def check_step(problem: Problem, step: str, *, timeout: float | None = None,
               ask_model: AskModel | None = None) -> Verification:
    """The checker's mark for the student's ``step``: right, wrong with a reason, not checkable, or solved."""
    step = _checked_text(step, "step")
    lines = work_lines(step)
    if not lines:
        return Verification(None, STEP_UNCHECKED, NO_RELATION, StepReport([StepMark(0, step, None, NO_RELATION)]))
    before = steps_so_far(problem)
    report = check_work(problem, [WorkLine(text) for text in before] + lines, timeout=timeout, reveal=False)
    marks = [StepMark(k, m.text, m.follows, m.reason) for k, m in enumerate(report.steps[len(before):])]
    wrong = next((m for m in marks if m.follows is False), None)
    own = StepReport(marks, None if wrong is None else wrong.index)
    if wrong is not None:
        return Verification(None, STEP_WRONG, wrong.reason, own)
    last = marks[-1]
    if solves(problem, last.text, timeout=timeout, ask_model=ask_model):
        return Verification(last.text, SOLVED, last.reason, own)
    return Verification(None, STEP_RIGHT if last.follows else STEP_UNCHECKED, last.reason, own)


def solves(problem: Problem, line: str, *, timeout: float | None = None, ask_model: AskModel | None = None) -> bool:
    """Whether ``line`` is the problem's whole answer, written as a result, and checks out."""
    known = reference_answer(problem, timeout=timeout)
    if known is not None:
        return states_answer(line, *known, timeout=timeout)
    # Neither a known answer nor the CAS: a result the model's own second solution agrees with.
    if not written_as_result(line):
        return False
    return check_student_answer(problem, line, timeout=timeout, ask_model=ask_model).verdict.equivalent is True


def verdict_text(check: Verification, lang: str) -> str:
    """The checker's mark for a step in the student's words, never quoting the answer."""
    kind = {STEP_RIGHT: "equivalent", SOLVED: "equivalent", STEP_WRONG: "not_equivalent"}.get(check.badge, "undecided")
    return t(f"guided.verdict.{check.badge}", lang).format(
        reason=explain_reason(check.reason, kind, lang, reveal=False))


def guided_conversation(problem: Problem, *, settings: Settings, lang: str, step: str = "",
                        check: Verification | None = None) -> Conversation:
    """The request for the next guided turn, after the session's turns so far (trimmed to fit)."""
    problem_text = _checked_text(problem.transcription, "problem")
    if check is None:
        prompt = load_tutor_prompt(GUIDE, lang, problem=problem_text, folder=settings.prompts_dir)
        turns = []
    else:
        prompt = load_tutor_prompt(GUIDE_STEP, lang, problem=problem_text, folder=settings.prompts_dir,
                                   step=_checked_text(step, "step"), verdict=verdict_text(check, lang))
        turns = _turns(problem, settings.prompts_dir)
    photo = not settings.text_only_math or needs_photo(problem, Mode.GUIDE, step)
    return build_conversation(prompt, problem.images if photo else (), turns, settings=settings, lang=lang)


def _turns(problem: Problem, folder: Path | None) -> list[Turn]:
    """The session's turns, each asked in the words its own request ended with, so a kept prompt still matches."""
    turns = []
    for reply in guided_turns(problem):
        if not reply.student_work:
            asked = load_prompt(GUIDE, reply.language, folder=folder).user
        elif reply.verification is not None:
            asked = load_prompt(GUIDE_STEP, reply.language, folder=folder, step=reply.student_work,
                                verdict=verdict_text(reply.verification, reply.language)).user
        else:
            # Stopped before its mark was kept: the student sends that step again.
            continue
        turns.append(Turn(asked, reply.text))
    return turns


def guide(
    backend: Backend,
    problem: Problem,
    *,
    settings: Settings,
    lang: str,
    step: str = "",
    check: Verification | None = None,
    session: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """Stream the tutor's next guided turn: the first step to take, or its answer to the student's ``step``.

    The answer is hidden from the reply until the student reaches it or asks to see it.
    """
    conversation = guided_conversation(problem, settings=settings, lang=lang, step=step, check=check)
    stream = ask_conversation(backend, conversation, sampling=sampling_for(settings),
                              cache_key=problem_key(session, problem.images, problem.id), cancel=cancel,
                              on_wait=on_wait)
    if check is not None and check.badge == SOLVED:
        # The student found the answer themselves: the tutor may say it back.
        return stream
    return guarded(stream, problem, timeout=settings.cas_timeout)


def hides_answer(problem: Problem, mode: Mode) -> bool:
    """Whether a reply in ``mode`` must keep the answer back: a hint, or a question asked while being guided."""
    return mode is Mode.HINT or (mode is Mode.FOLLOW_UP and guided_state(problem) is Guided.WAITING)
