"""Asking the model: transcribe a problem, then tutor it in one of four modes."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from tutor_app.config import Settings
from tutor_app.errors import ImageError, MathInputError
from tutor_app.mathcheck import extract_final_answer
from tutor_app.model.ask import ask, sampling_for
from tutor_app.model.base import Backend
from tutor_app.prompts import load_prompt
from tutor_app.tutoring.problem import Mode, Problem

# Low, so the second solution is the model's most likely answer rather than a creative one;
# it is independent because it is a separate request that sees neither reply nor working.
SECOND_SOLUTION_TEMPERATURE = 0.2

# Long enough for a two-page problem or a page of working, short enough to
# leave the context window to the answer.
MAX_TEXT_CHARS = 4000


def transcribe(
    backend: Backend,
    images: Sequence[bytes],
    *,
    settings: Settings,
    lang: str,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Stream the model's reading of the problem in ``images`` (LaTeX for math)."""
    if not images:
        raise ImageError("Take a photo or upload an image of the problem first, or type it.")
    prompt = load_prompt("transcribe", lang)
    # A reading is short; a confused model must not ramble for the whole answer budget.
    sampling = dataclasses.replace(sampling_for(settings),
                                   max_tokens=min(settings.max_tokens, settings.transcribe_max_tokens))
    return ask(
        backend,
        prompt.user,
        list(images),
        sampling=sampling,
        system=prompt.system,
        settings=settings,
        cancel=cancel,
        on_wait=on_wait,
        on_usage=on_usage,
    )


def respond(
    backend: Backend,
    problem: Problem,
    mode: Mode,
    *,
    settings: Settings,
    lang: str,
    student_work: str = "",
    work_images: Sequence[bytes] = (),
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Stream the tutor's reply to ``problem`` in ``mode``, explained in ``lang``."""
    problem_text = _checked_text(problem.transcription, "problem")
    if not problem_text and not problem.images:
        raise MathInputError(
            "There is no problem yet: take a photo, upload an image or type the problem."
        )
    work = _checked_text(student_work, "working")
    if mode is Mode.CHECK_WORK and not work and not work_images:
        raise MathInputError("Type your working, or add a photo of it, so it can be checked.")
    hints = problem.hints()
    prompt = load_prompt(
        mode.value,
        lang,
        problem=problem_text,
        student_work=work,
        hint_number=len(hints) + 1,
        previous_hints="\n\n".join(f"{i}. {h}" for i, h in enumerate(hints, 1)),
    )
    return ask(
        backend,
        prompt.user,
        [*problem.images, *work_images],
        sampling=sampling_for(settings),
        system=prompt.system,
        settings=settings,
        cancel=cancel,
        on_wait=on_wait,
        on_usage=on_usage,
    )


def second_solution(backend: Backend, problem: Problem, *, settings: Settings,
                    cancel: threading.Event | None = None) -> str | None:
    """The model's answer to ``problem`` from a separate answer-only request, or None when it gives none."""
    prompt = load_prompt("answer_only", "en", problem=_checked_text(problem.transcription, "problem"))
    sampling = replace(sampling_for(settings), temperature=SECOND_SOLUTION_TEMPERATURE, seed=settings.seed)
    text = "".join(ask(backend, prompt.user, list(problem.images), sampling=sampling, system=prompt.system,
                       settings=settings, cancel=cancel))
    answer = extract_final_answer(text)
    return answer if answer and answer.strip() not in ("?", "") else None


def _checked_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT_CHARS:
        raise MathInputError(
            f"The {what} is {len(text)} characters long; keep it under {MAX_TEXT_CHARS} "
            "(split a long worksheet into separate problems)."
        )
    return text
