"""Asking the model: transcribe a problem, then tutor it in one of four modes."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from tutor_app.config import Settings
from tutor_app.errors import ImageError, MathInputError
from tutor_app.i18n import Text
from tutor_app.mathcheck import extract_final_answer
from tutor_app.model.ask import ask_about_problem, sampling_for
from tutor_app.model.base import Backend
from tutor_app.prompts import load_tutor_prompt
from tutor_app.tutoring.problem import Mode, Problem

# Low, so the second solution is the model's most likely answer rather than a creative one;
# it is independent because it is a separate request that sees neither reply nor working.
SECOND_SOLUTION_TEMPERATURE = 0.2

# Long enough for a two-page problem or a page of working, short enough to
# leave the context window to the answer.
MAX_TEXT_CHARS = 4000
# Words that say the photo shows more than its text: a figure the transcription
# described in brackets, or a student asking the tutor to look at the picture.
_NEEDS_PICTURE = re.compile(
    r"unreadable|figure|\bfig\.|diagram|graph|picture|image|photo|drawing|sketch|"
    r"\bshown\b|look at|circuit|图|照片|看",
    re.IGNORECASE,
)


def transcribe(
    backend: Backend,
    images: Sequence[bytes],
    *,
    settings: Settings,
    lang: str,
    session: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Stream the model's reading of the problem in ``images`` (LaTeX for math)."""
    if not images:
        raise ImageError("Take a photo or upload an image of the problem first, or type it.")
    # A reading is short; a confused model must not ramble for the whole answer budget.
    sampling = dataclasses.replace(sampling_for(settings),
                                   max_tokens=min(settings.max_tokens, settings.transcribe_max_tokens))
    return ask_about_problem(
        backend,
        load_tutor_prompt("transcribe", lang, problem=None, folder=settings.prompts_dir),
        list(images),
        sampling=sampling,
        settings=settings,
        cache_key=problem_key(session, images, ""),
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
    session: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Stream the tutor's reply to ``problem`` in ``mode``, explained in ``lang``.

    ``session`` (the student's browser session) lets the backend reuse what it
    computed for this problem's shared prompt prefix on earlier requests.
    """
    problem_text = _checked_text(problem.transcription, "problem")
    if not problem_text and not problem.images:
        raise MathInputError(
            "There is no problem yet: take a photo, upload an image or type the problem."
        )
    work = _checked_text(student_work, "working")
    if mode is Mode.CHECK_WORK and not work and not work_images:
        raise MathInputError("Type your working, or add a photo of it, so it can be checked.")
    hints = problem.hints()
    prompt = load_tutor_prompt(
        mode.value,
        lang,
        problem=problem_text,
        folder=settings.prompts_dir,
        student_work=work,
        hint_number=len(hints) + 1,
        previous_hints="\n\n".join(f"{i}. {h}" for i, h in enumerate(hints, 1)),
    )
    photo = not settings.text_only_math or needs_photo(problem, mode, work)
    return ask_about_problem(
        backend,
        prompt,
        problem.images if photo else (),
        sampling=sampling_for(settings),
        settings=settings,
        work_images=work_images,
        cache_key=problem_key(session, problem.images, problem.id),
        cancel=cancel,
        on_wait=on_wait,
        on_usage=on_usage,
    )


def second_solution(backend: Backend, problem: Problem, *, settings: Settings, lang: str = "en",
                    session: str | None = None, cancel: threading.Event | None = None) -> str | None:
    """The model's answer to ``problem`` from a separate answer-only request, or None when it gives none."""
    prompt = load_tutor_prompt("answer_only", lang, problem=_checked_text(problem.transcription, "problem"),
                               folder=settings.prompts_dir)
    sampling = replace(sampling_for(settings), temperature=SECOND_SOLUTION_TEMPERATURE, seed=settings.seed)
    # It starts like every other request about the problem, so it reuses the kept prefix;
    # it still sees neither the tutor's replies nor the student's working.
    photo = not settings.text_only_math or needs_photo(problem, Mode.SOLVE)
    text = "".join(ask_about_problem(backend, prompt, problem.images if photo else (), sampling=sampling,
                                     settings=settings, cache_key=problem_key(session, problem.images, problem.id),
                                     cancel=cancel))
    answer = extract_final_answer(text)
    return answer if answer and answer.strip() not in ("?", "") else None


def needs_photo(problem: Problem, mode: Mode, student_text: str = "") -> bool:
    """Whether the model must see the problem's photo, or its confirmed text says it all."""
    if not problem.images:
        return False
    text = problem.transcription.strip()
    return (
        mode is Mode.DIAGRAM
        or not text
        or bool(_NEEDS_PICTURE.search(text))
        or bool(_NEEDS_PICTURE.search(student_text))
    )


def problem_key(session: str | None, images: Sequence[bytes], problem_id: str) -> str | None:
    """The key a backend keeps this problem's prompt prefix under: the session, then the photo (or the problem)."""
    if session is None:
        return None
    photos = hashlib.sha256()
    for image in images:
        photos.update(hashlib.sha256(image).digest())
    return f"{session}/{photos.hexdigest()[:16] if images else problem_id}"


def _checked_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT_CHARS:
        raise MathInputError(
            key="tutoring.too_long", what=Text(f"tutoring.what.{what}"), chars=len(text), limit=MAX_TEXT_CHARS
        )
    return text
