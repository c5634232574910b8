"""Common mistakes: each question's final answers grouped by CAS equivalence, most frequent first."""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from tutor_app.config import Settings
from tutor_app.errors import TutorError
from tutor_app.grading.review import job_results
from tutor_app.mathcheck import check_answer


@dataclass
class AnswerGroup:
    """Students whose final answers the CAS found equivalent."""

    answer: str
    variants: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)
    correct: bool | None = None
    typical_first_wrong: str | None = None

    @property
    def count(self) -> int:
        """How many students gave this answer."""
        return len(self.students)


@dataclass
class QuestionMistakes:
    """One question's answer groups, most frequent first."""

    question: str
    reference: str
    groups: list[AnswerGroup]


# Grouping asks the CAS about pairs of answers, and the Teacher page redraws far more often
# than a job's results change; so the groups are kept, keyed on the results they came from.
_CACHE_SIZE = 16
_cache: OrderedDict[tuple, list[QuestionMistakes]] = OrderedDict()
_cache_lock = threading.Lock()


def common_mistakes(settings: Settings, job_id: int, rows: list[dict] | None = None) -> list[QuestionMistakes]:
    """Group every question's answers by equivalence, with counts and typical first wrong steps.

    ``rows`` are the job's results when the caller has read them already (the same snapshot).
    """
    rows = job_results(settings, job_id) if rows is None else rows
    latest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
    key = (str(settings.data_dir), job_id, settings.cas_timeout, latest)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return copy.deepcopy(_cache[key])
    by_question: dict[str, list[dict]] = {}
    for row in rows:
        by_question.setdefault(row["question"], []).append(row)
    mistakes = [_question(settings, question, question_rows) for question, question_rows in by_question.items()]
    with _cache_lock:
        _cache[key] = mistakes
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return copy.deepcopy(mistakes)


def _question(settings: Settings, question: str, rows: list[dict]) -> QuestionMistakes:
    groups: list[AnswerGroup] = []
    wrong_steps: dict[int, Counter] = {}
    for row in rows:
        group = _group_for(settings, groups, row["answer"].strip())
        if group is None:
            group = AnswerGroup(answer=row["answer"].strip(), correct=row["verdict"])
            groups.append(group)
        if row["answer"].strip() not in group.variants:
            group.variants.append(row["answer"].strip())
        group.students.append(row["student"])
        step = _first_wrong_text(row)
        if step:
            wrong_steps.setdefault(id(group), Counter())[step] += 1
    for group in groups:
        if group.correct is not True and id(group) in wrong_steps:
            group.typical_first_wrong = wrong_steps[id(group)].most_common(1)[0][0]
    groups.sort(key=lambda g: (-g.count, g.answer))
    reference = next((r["reference"] for r in rows if r["reference"]), "")
    return QuestionMistakes(question, reference, groups)


def _group_for(settings: Settings, groups: list[AnswerGroup], answer: str) -> AnswerGroup | None:
    for group in groups:
        if answer in group.variants:
            return group
    if not answer:
        return None
    for group in groups:
        if group.answer and _equivalent(settings, group.answer, answer):
            return group
    return None


def _equivalent(settings: Settings, first: str, second: str) -> bool:
    try:
        return check_answer(first, second, timeout=settings.cas_timeout).equivalent is True
    except TutorError:
        return False


def _first_wrong_text(row: dict) -> str | None:
    if row["first_wrong"] is None:
        return None
    step = next((s for s in row["steps"] if s["index"] == row["first_wrong"]), None)
    return " ".join(step["text"].split()) if step else None
