"""The tutoring core behind the Solve page: ask, verify, remember, export."""

from tutor_app.tutoring.conversation import (
    Conversation,
    Turn,
    ask_conversation,
    ask_follow_up,
    build_conversation,
    follow_up_conversation,
    problem_turns,
)
from tutor_app.tutoring.problem import AnswerCheck, Mode, Problem, Reply
from tutor_app.tutoring.relay import Chunk, Idle, Waiting, relay
from tutor_app.tutoring.turns import respond, second_solution, transcribe
from tutor_app.tutoring.verify import (
    AGREES,
    DIFFERS,
    DISAGREES,
    NOT_CHECKABLE,
    VERIFIED,
    Verification,
    check_student_answer,
    known_answer,
    problem_graph,
    step_lines,
    verify_reply,
)
from tutor_app.tutoring.worksheet import worksheet_html, worksheet_markdown

__all__ = [
    "AGREES",
    "DIFFERS",
    "DISAGREES",
    "NOT_CHECKABLE",
    "VERIFIED",
    "AnswerCheck",
    "Chunk",
    "Conversation",
    "Idle",
    "Mode",
    "Problem",
    "Reply",
    "Turn",
    "Verification",
    "Waiting",
    "ask_conversation",
    "ask_follow_up",
    "build_conversation",
    "check_student_answer",
    "follow_up_conversation",
    "known_answer",
    "problem_graph",
    "problem_turns",
    "relay",
    "respond",
    "second_solution",
    "step_lines",
    "transcribe",
    "verify_reply",
    "worksheet_html",
    "worksheet_markdown",
]
