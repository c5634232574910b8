"""Try a similar problem: written by the model with its answer, offered only when the CAS's own answer agrees."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tutor_app.config import Settings
from tutor_app.mathcheck import check_answer, solve_with_cas
from tutor_app.model.ask import ask_about_problem, sampling_for
from tutor_app.model.base import Backend
from tutor_app.prompts import load_tutor_prompt
from tutor_app.tutoring.problem import Mode, Problem
from tutor_app.tutoring.turns import _checked_text, needs_photo, problem_key
from tutor_app.tutoring.verify import cas_problem

ATTEMPTS = 3
# Bounds keep the schema-constrained output finite even when the model rambles.
MAX_PROBLEM_CHARS = 600
MAX_ANSWER_CHARS = 120
SCHEMA = {
    "type": "object",
    "properties": {
        "problem": {"type": "string", "minLength": 1, "maxLength": MAX_PROBLEM_CHARS},
        "answer": {"type": "string", "minLength": 1, "maxLength": MAX_ANSWER_CHARS},
    },
    "required": ["problem", "answer"],
}
# A problem and its answer fit in far fewer tokens than a worked solution.
MAX_TOKENS = 400


@dataclass(frozen=True)
class Attempt:
    """One problem the model wrote, its answer, and the CAS's own answer (None: it could not solve it)."""

    problem: str
    answer: str
    cas_answer: str | None = None


@dataclass(frozen=True)
class Similar:
    """The problem to offer (None: no checked one could be made) and whether the CAS checked its answer."""

    problem: Problem | None
    checked: bool
    attempts: list[Attempt] = field(default_factory=list)


def make_similar(
    backend: Backend,
    problem: Problem,
    *,
    settings: Settings,
    lang: str,
    session: str | None = None,
    cancel: threading.Event | None = None,
    on_attempt: Callable[[int], None] = lambda number: None,
    on_wait: Callable[[int], None] | None = None,
) -> Similar:
    """A new problem like ``problem``, in ``lang``, with an answer the CAS agrees with; up to ``ATTEMPTS`` tries.

    When the CAS cannot solve ``problem`` itself, the first problem written is offered, its
    answer unchecked: the model's answer then stands as a second solution, never as a key.
    """
    timeout = settings.cas_timeout
    checkable = solve_with_cas(cas_problem(problem), timeout=timeout) is not None
    attempts: list[Attempt] = []
    for number in range(1, ATTEMPTS + 1):
        on_attempt(number)
        written = _write(backend, problem, settings=settings, lang=lang, session=session, cancel=cancel,
                         on_wait=on_wait, number=number)
        if cancel is not None and cancel.is_set():
            break
        if written is None:
            continue
        text, answer = written
        solved = solve_with_cas(text, timeout=timeout)
        attempts.append(Attempt(text, answer, solved.answer if solved else None))
        if solved is None and not checkable:
            return Similar(Problem(text, second_answer=answer), False, attempts)
        if solved is not None and check_answer(solved.answer, answer, form=solved.form,
                                               timeout=timeout).equivalent is True:
            return Similar(Problem(text, reference_answer=solved.answer), True, attempts)
    return Similar(None, False, attempts)


def _write(backend: Backend, problem: Problem, *, settings: Settings, lang: str, session: str | None,
           cancel: threading.Event | None, on_wait: Callable[[int], None] | None,
           number: int) -> tuple[str, str] | None:
    """The model's new problem and its answer, or None when its reply is not one."""
    prompt = load_tutor_prompt("similar", lang, problem=_checked_text(problem.transcription, "problem"),
                               folder=settings.prompts_dir)
    sampling = sampling_for(settings, json_schema=SCHEMA)
    # A fixed seed would write the same problem on every attempt.
    sampling = replace(sampling, max_tokens=min(sampling.max_tokens, MAX_TOKENS),
                       seed=None if settings.seed is None else settings.seed + number)
    photo = not settings.text_only_math or needs_photo(problem, Mode.SOLVE)
    text = "".join(ask_about_problem(backend, prompt, problem.images if photo else (), sampling=sampling,
                                     settings=settings, cache_key=problem_key(session, problem.images, problem.id),
                                     cancel=cancel, on_wait=on_wait))
    try:
        reply = json.loads(text)
    except json.JSONDecodeError:
        # Only a reply cut off at max_tokens fails to parse under a schema.
        return None
    if not isinstance(reply, dict):
        return None
    written, answer = (str(reply.get(name) or "").strip() for name in ("problem", "answer"))
    return (written, answer) if written and answer else None
