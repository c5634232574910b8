"""What one student asked and was told: a problem, its replies and answer checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING
from uuid import uuid4

if TYPE_CHECKING:
    from tutor_app.mathcheck import Verdict
    from tutor_app.pictures.graph import Graph
    from tutor_app.tutoring.verify import Verification


class Mode(str, Enum):
    """How the student asked to be helped; the value is the prompt task's name."""

    SOLVE = "solve"
    HINT = "hint"
    CHECK_WORK = "check_work"
    DIAGRAM = "diagram"
    # Guided: the tutor names a step, the student does it (see tutoring/guided.py).
    GUIDE = "guide"
    FOLLOW_UP = "follow_up"

    @property
    def verifies(self) -> bool:
        """Whether a reply in this mode ends with a final answer worth checking."""
        return self not in (Mode.HINT, Mode.GUIDE)


@dataclass
class Reply:
    """One streamed answer of the tutor."""

    mode: Mode
    text: str
    language: str
    stopped: bool = False
    student_work: str = ""
    verification: Verification | None = None
    # A follow-up's question, and how many of the oldest turns were summarised or
    # left out of its request to fit the model's context window.
    question: str = ""
    summarised: int = 0
    dropped: int = 0


@dataclass(frozen=True)
class AnswerCheck:
    """A final answer the student typed and the checker's verdict on it."""

    answer: str
    verdict: Verdict
    # What it was checked against: answer_key, cas, second_solution or nothing.
    against: str = ""


@dataclass
class Problem:
    """A confirmed problem: the prepared images the model sees and the confirmed transcription."""

    transcription: str
    images: tuple[bytes, ...] = ()
    title: str = ""
    # From a sample problem: the CAS's own phrasing and the known answer.
    cas_problem: str | None = None
    reference_answer: str | None = None
    # The model's answer from a separate answer-only request ("" when it gave none); asked once.
    second_answer: str | None = None
    replies: list[Reply] = field(default_factory=list)
    answer_checks: list[AnswerCheck] = field(default_factory=list)
    # The correct answer, once the student asked to see it, and when: part of the record.
    revealed: str = ""
    revealed_at: datetime | None = None
    # The CAS's graph, once the student opened it: part of the worksheet.
    graph: Graph | None = None
    id: str = field(default_factory=lambda: uuid4().hex[:8])
    created: datetime = field(default_factory=datetime.now)

    @property
    def label(self) -> str:
        """A short name for the history list."""
        text = self.title or " ".join(self.transcription.split())
        return text if len(text) <= 60 else text[:57] + "…"

    def hints(self) -> list[str]:
        """The hints given so far, oldest first."""
        return [r.text for r in self.replies if r.mode is Mode.HINT and r.text.strip()]
