"""Follow-up questions on the tiny model (real llama.cpp): the photo is encoded once, each follow-up
evaluates only what is new since the request before it, and reuse never changes an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench._common import photo
from tests.integration.test_prefix_reuse import (  # noqa: F401 - fixtures
    MARGIN,
    PROBLEM,
    encodes,
    open_backend,
    settings_for,
    short_templates,
    turn_tokens,
)
from tutor_app.config import Settings
from tutor_app.model.local import LocalBackend
from tutor_app.prompts import load_prompt
from tutor_app.tutoring import Mode, Problem, Reply, ask_follow_up, follow_up_conversation, respond

pytestmark = pytest.mark.slow

FOLLOW_UP_TEMPLATES = {
    "follow_up": "Answer the follow-up.\n---\nQ: {question}",
    "earlier_turns": "Earlier:\n---\n- {student}: {tutor}",
}
QUESTIONS = ("Why divide?", "And then?", "Is it 2?")


@pytest.fixture(autouse=True)
def follow_up_templates(short_templates: Path) -> Path:
    for task, text in FOLLOW_UP_TEMPLATES.items():
        (short_templates / "en" / f"{task}.md").write_text(text, encoding="utf-8")
    return short_templates


def steps_then_follow_ups(backend: LocalBackend, settings: Settings, problem: Problem, session: str) -> list[str]:
    """Show me the steps, then each question in turn; the answers, each kept in ``problem``."""
    answers = ["".join(respond(backend, problem, Mode.SOLVE, settings=settings, lang="en", session=session))]
    problem.replies.append(Reply(Mode.SOLVE, answers[0], "en"))
    for question in QUESTIONS:
        conversation = follow_up_conversation(problem, question, settings=settings, lang="en")
        answers.append("".join(ask_follow_up(backend, problem, conversation, settings=settings, session=session)))
        problem.replies.append(Reply(Mode.FOLLOW_UP, answers[-1], "en", question=question))
    return answers


def test_follow_ups_encode_the_photo_once_and_evaluate_only_the_new_turn(open_backend, follow_up_templates) -> None:
    settings = settings_for(text_only_math=False)
    backend = open_backend(settings)
    problem = Problem(transcription=PROBLEM, images=(photo(1),))
    answers = ["".join(respond(backend, problem, Mode.SOLVE, settings=settings, lang="en", session="s1"))]
    problem.replies.append(Reply(Mode.SOLVE, answers[0], "en"))
    first = backend.last_prompt()
    assert first.images_encoded == 1
    for question in QUESTIONS:
        conversation = follow_up_conversation(problem, question, settings=settings, lang="en")
        assert len(conversation.messages[1].images) == 1
        answers.append("".join(ask_follow_up(backend, problem, conversation, settings=settings, session="s1")))
        usage = backend.last_prompt()
        assert usage.images_encoded == 0 and usage.prompt_images == 1
        # What is new since the request before: the reply it got and the new question.
        asked = load_prompt("follow_up", "en", folder=follow_up_templates, question=question).user
        added = f"{answers[-2]}<|im_end|>\n<|im_start|>user\n{asked}<|im_end|>\n<|im_start|>assistant\n"
        if len(answers) == 2:
            # The first follow-up also adds its rules and the steps request after the kept problem prefix.
            added = (f"<|im_start|>user\nAnswer the follow-up.<|im_end|>\n<|im_start|>user\n"
                     f"Show me the steps<|im_end|>\n<|im_start|>assistant\n" + added)
        assert usage.decoded <= turn_tokens(backend, added) + MARGIN, question
        if len(answers) > 2:
            # The whole request before this one is reused.
            assert usage.reused_pieces == before.prompt_pieces
        before = usage
        problem.replies.append(Reply(Mode.FOLLOW_UP, answers[-1], "en", question=question))
    assert encodes(backend) == 1
    assert all(answers)


def test_another_students_request_in_between_restores_the_problem_and_encodes_nothing(open_backend) -> None:
    settings = settings_for(text_only_math=False)
    backend = open_backend(settings)
    problem = Problem(transcription=PROBLEM, images=(photo(1),))
    list(respond(backend, problem, Mode.SOLVE, settings=settings, lang="en", session="anna"))
    problem.replies.append(Reply(Mode.SOLVE, "1. $2x = 4$", "en"))
    other = Problem(transcription="Solve $x - 1 = 0$", images=(photo(2),))
    list(respond(backend, other, Mode.SOLVE, settings=settings, lang="en", session="ben"))
    conversation = follow_up_conversation(problem, "Why?", settings=settings, lang="en")
    assert "".join(ask_follow_up(backend, problem, conversation, settings=settings, session="anna"))
    usage = backend.last_prompt()
    assert usage.restored and usage.images_encoded == 0
    assert encodes(backend) == 2


def test_reusing_the_conversation_never_changes_an_answer(open_backend) -> None:
    answers = []
    # One after the other: both backends log to the same file, where the encodes are counted.
    for settings, encoded in ((settings_for(text_only_math=False), 1),
                              (settings_for(text_only_math=False, prefix_cache_mb=0), 1 + len(QUESTIONS))):
        backend = open_backend(settings)
        answers.append(steps_then_follow_ups(backend, settings, Problem(transcription=PROBLEM, images=(photo(1),)),
                                             "s1"))
        assert encodes(backend) == encoded
    assert answers[0] == answers[1]
