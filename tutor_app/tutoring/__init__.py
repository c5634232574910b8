"""The tutoring core behind the Solve page: ask, verify, remember, export."""

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
    "Idle",
    "Mode",
    "Problem",
    "Reply",
    "Verification",
    "Waiting",
    "check_student_answer",
    "known_answer",
    "problem_graph",
    "relay",
    "respond",
    "second_solution",
    "step_lines",
    "transcribe",
    "verify_reply",
    "worksheet_html",
    "worksheet_markdown",
]
