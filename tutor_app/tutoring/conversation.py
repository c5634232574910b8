"""A conversation about one problem: its turns as chat messages, trimmed to fit the model's context window.

``build_conversation`` takes any task's prompt, the problem's images and a list of
turns, so every conversational mode (follow-up questions, a guided walk through the
steps) puts its request together the same way:

    system text, problem and photo  (the prefix every request about the problem shares)
    the task's rules                (the same in every request of the task)
    a summary of the oldest turns   (only when they do not fit)
    the turns, as user and assistant messages
    the task's request              (the new question)

Each request starts with the one before it, so when the model still holds the last
prompt it evaluates only the last answer and the new question.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import MathInputError
from tutor_app.i18n import t
from tutor_app.mathcheck import extract_final_answer
from tutor_app.model.ask import prepare_images, sampling_for
from tutor_app.model.base import Backend, ChatRequest, Message, Sampling
from tutor_app.prompts import TutorPrompt, load_prompt, load_tutor_prompt
from tutor_app.tutoring.problem import Mode, Problem
from tutor_app.tutoring.turns import _checked_text, needs_photo, problem_key

FOLLOW_UP = Mode.FOLLOW_UP.value
SUMMARY = "earlier_turns"
# Estimates count bytes of UTF-8 and err towards too many tokens: a Chinese character
# (3 bytes) is about one token, English about four letters a token, LaTeX about three.
BYTES_PER_TOKEN = 3
# The chat template's role and turn markers around each message.
MESSAGE_TOKENS = 8
# What a summarised turn keeps of each side, and the share (one in four) of the room its lines may take.
SUMMARY_CHARS = 100
SUMMARY_SHARE = 4


@dataclass(frozen=True)
class Turn:
    """One exchange: what the student asked for or said, and the tutor's reply."""

    student: str
    tutor: str


@dataclass(frozen=True)
class Conversation:
    """A request with the conversation so far, as it goes to the model, and what was trimmed to fit."""

    messages: tuple[Message, ...]
    # Oldest turns given only as a summary line, and oldest turns left out entirely.
    summarised: int = 0
    dropped: int = 0
    # The leading messages every request about the problem shares (system text, problem).
    shared: int = 2

    @property
    def trimmed(self) -> bool:
        """Whether any earlier turn was summarised or left out."""
        return bool(self.summarised or self.dropped)


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` takes as one message, estimated on the high side."""
    return -(-len(text.encode("utf-8")) // BYTES_PER_TOKEN) + MESSAGE_TOKENS


def build_conversation(
    prompt: TutorPrompt,
    images: Sequence[bytes],
    turns: Sequence[Turn],
    *,
    settings: Settings,
    lang: str,
    work_images: Sequence[bytes] = (),
) -> Conversation:
    """``prompt`` after ``turns``, the oldest summarised or dropped to fit ``settings.n_ctx``.

    The answer's ``max_tokens`` is kept free; images count what they cost the model.
    """
    photos = prepare_images(images, settings)
    work = prepare_images(work_images, settings)
    head = [Message("system", prompt.system), Message("user", prompt.problem, tuple(p.data for p in photos))]
    if prompt.rules:
        head.append(Message("user", prompt.rules))
    request = Message("user", prompt.request, tuple(p.data for p in work))
    used = sum(estimate_tokens(m.text) for m in (*head, request)) + sum(p.tokens for p in (*photos, *work))
    room = settings.n_ctx - settings.max_tokens - used
    kept = len(turns)
    # When not all fit, a share of the room is kept for a summary of the older turns.
    whole = room if _cost(turns) <= room else room - room // SUMMARY_SHARE
    while kept and _cost(turns[-kept:]) > whole:
        kept -= 1
    older, recent = turns[: len(turns) - kept], turns[len(turns) - kept :]
    summary, summarised = _summary(older, room - _cost(recent), lang, settings.prompts_dir)
    middle = [Message("user", summary)] if summary else []
    for turn in recent:
        middle += [Message("user", turn.student), Message("assistant", turn.tutor)]
    return Conversation((*head, *middle, request), summarised=summarised, dropped=len(older) - summarised)


def ask_conversation(
    backend: Backend,
    conversation: Conversation,
    *,
    sampling: Sampling,
    cache_key: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Stream the model's answer to ``conversation``, reusing the problem's kept prefix under ``cache_key``."""
    return backend.stream(ChatRequest(
        conversation.messages,
        sampling=sampling,
        cancel=cancel,
        on_wait=on_wait,
        on_usage=on_usage,
        shared=conversation.shared,
        cache_key=cache_key,
    ))


def problem_turns(problem: Problem, folder: Path | None = None) -> list[Turn]:
    """The problem's replies so far as turns: the button or question that asked, and the reply."""
    turns = []
    for reply in problem.replies:
        if not reply.text.strip():
            continue
        if reply.mode is Mode.FOLLOW_UP:
            # The same words its own request ended with, so the model's kept prompt still matches.
            asked = load_prompt(FOLLOW_UP, reply.language, folder=folder, question=reply.question).user
        else:
            asked = t(f"solve.mode.{reply.mode.value}", reply.language)
            if reply.student_work:
                asked += f":\n{reply.student_work}"
        turns.append(Turn(asked, reply.text))
    return turns


def follow_up_conversation(problem: Problem, question: str, *, settings: Settings, lang: str) -> Conversation:
    """The request for a follow-up ``question`` about ``problem``, after everything said about it so far."""
    asked = _checked_text(question, "question")
    if not asked:
        raise MathInputError(key="follow.empty")
    prompt = load_tutor_prompt(FOLLOW_UP, lang, problem=_checked_text(problem.transcription, "problem"),
                               folder=settings.prompts_dir, question=asked)
    # The photo goes along on the same terms as in every other request: when it says more than the text.
    modes = {Mode.FOLLOW_UP, *(reply.mode for reply in problem.replies)}
    photo = not settings.text_only_math or any(needs_photo(problem, mode, asked) for mode in modes)
    return build_conversation(prompt, problem.images if photo else (), problem_turns(problem, settings.prompts_dir),
                              settings=settings, lang=lang)


def ask_follow_up(
    backend: Backend,
    problem: Problem,
    conversation: Conversation,
    *,
    settings: Settings,
    session: str | None = None,
    cancel: threading.Event | None = None,
    on_wait: Callable[[int], None] | None = None,
    on_usage: Callable[[dict[str, int]], None] | None = None,
) -> Iterator[str]:
    """Stream the answer to a follow-up built by ``follow_up_conversation``."""
    return ask_conversation(backend, conversation, sampling=sampling_for(settings),
                            cache_key=problem_key(session, problem.images, problem.id),
                            cancel=cancel, on_wait=on_wait, on_usage=on_usage)


def _cost(turns: Sequence[Turn]) -> int:
    return sum(estimate_tokens(turn.student) + estimate_tokens(turn.tutor) for turn in turns)


def _summary(turns: Sequence[Turn], room: int, lang: str, folder: Path | None) -> tuple[str, int]:
    """The newest of ``turns`` that fit in ``room`` tokens as one summary message, and how many that is."""
    if not turns:
        return "", 0
    header = load_prompt(SUMMARY, lang, folder=folder, student="", tutor="").system
    lines: list[str] = []
    room -= estimate_tokens(header)
    for turn in reversed(turns):
        line = load_prompt(SUMMARY, lang, folder=folder, student=_short(turn.student),
                           tutor=_short(turn.tutor, final=extract_final_answer(turn.tutor))).user
        cost = estimate_tokens(line) - MESSAGE_TOKENS
        if cost > room:
            break
        room -= cost
        lines.insert(0, line)
    if not lines:
        return "", 0
    return "\n".join([header, *lines]), len(lines)


def _short(text: str, final: str | None = None) -> str:
    words = " ".join(text.split())
    if len(words) <= SUMMARY_CHARS:
        return words
    # The final answer is what later turns most often refer back to.
    return words[: SUMMARY_CHARS - 1] + "…" + (f" $\\boxed{{{final}}}$" if final else "")
