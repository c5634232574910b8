"""One student's work: transcribe the pages, check every answer and step, write feedback."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field

from tutor_app.config import Settings
from tutor_app.errors import TutorError
from tutor_app.grading.keys import KeyItem
from tutor_app.grading.texts import text
from tutor_app.mathcheck import (
    check_answer,
    check_steps,
    compare_with_cas,
    solve_with_cas,
)
from tutor_app.model.ask import ask, sampling_for
from tutor_app.model.base import Backend
from tutor_app.model.queue import Cancelled
from tutor_app.prompts import load_prompt
from tutor_app.tutoring.feedback import explain_reason

# Bounds keep the schema-constrained output finite even when the model rambles.
MAX_QUESTIONS = 20
MAX_STEPS = 8
MAX_STEP_CHARS = 160
MAX_ANSWER_CHARS = 80
MAX_PROBLEM_CHARS = 200
MAX_FEEDBACK_CHARS = 400
# Where a reference answer comes from; "none" marks the placeholder of pages where nothing was read.
REFERENCE_SOURCES = ("key", "cas", "model", "none")
# Context kept for the transcription prompt's own text and the chat template around it.
PROMPT_TOKENS = 1024


@dataclass
class QuestionResult:
    """The grade of one question for one student."""

    question: str
    answer: str
    reference: str
    reference_source: str
    max_points: float
    points: float
    verdict: bool | None
    reason: str
    normalized: str = ""
    steps: list[dict] = field(default_factory=list)
    first_wrong: int | None = None
    feedback: str = ""
    review: list[str] = field(default_factory=list)


@dataclass
class GradedWork:
    """Everything the pipeline learned about one submission."""

    transcript: dict
    results: list[QuestionResult]
    model_seconds: float


def transcription_schema(key: list[KeyItem] | None) -> dict:
    """The JSON schema the model's transcription is constrained to."""
    question_id: dict = {"type": "string", "maxLength": 16}
    if key:
        question_id = {"type": "string", "enum": [item.question for item in key]}
    short = {"type": "string", "maxLength": MAX_ANSWER_CHARS}
    return {
        "type": "object",
        "properties": {
            "readable": {"type": "boolean"},
            "questions": {
                "type": "array",
                "maxItems": len(key) if key else MAX_QUESTIONS,
                "items": {
                    "type": "object",
                    "properties": {
                        "id": question_id,
                        "problem": {"type": "string", "maxLength": MAX_PROBLEM_CHARS},
                        "steps": {
                            "type": "array",
                            "maxItems": MAX_STEPS,
                            "items": {"type": "string", "maxLength": MAX_STEP_CHARS},
                        },
                        "final_answer": short,
                        "model_answer": short,
                    },
                    "required": ["id", "problem", "steps", "final_answer", "model_answer"],
                },
            },
        },
        "required": ["readable", "questions"],
    }


def feedback_schema(questions: list[str]) -> dict:
    """The JSON schema of the model's per-question feedback."""
    return {
        "type": "object",
        "properties": {
            "feedback": {
                "type": "array",
                "maxItems": len(questions),
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": questions},
                        "text": {"type": "string", "maxLength": MAX_FEEDBACK_CHARS},
                    },
                    "required": ["id", "text"],
                },
            }
        },
        "required": ["feedback"],
    }


def grade_work(
    settings: Settings,
    backend: Backend,
    pages: list[bytes],
    key: list[KeyItem] | None,
    lang: str,
    cancel: threading.Event | None = None,
) -> GradedWork:
    """Transcribe, check and give feedback on one student's pages."""
    key_text = "\n".join(f"{item.question}: {item.notes}".rstrip(": ") for item in key or [])
    prompt = load_prompt("grade_transcribe", lang, folder=settings.prompts_dir, questions=key_text)
    transcript, complete, seconds = _transcribe(
        settings, backend, prompt, pages, transcription_schema(key), cancel
    )
    answers = _answers_by_question(transcript)
    unreadable = transcript is None or transcript.get("readable") is False
    if key:
        results = [_grade_keyed(settings, item, answers.get(_qid(item.question)), lang) for item in key]
    else:
        results = [_grade_unkeyed(settings, entry, lang) for entry in answers.values()]
    for result in results:
        if not complete:
            # A group of pages cut off may have held any question: the teacher looks at all.
            result.review.insert(0, text(lang, "bad_transcript"))
        elif unreadable:
            result.review.insert(0, text(lang, "unreadable"))
    if results and (transcript is None or unreadable):
        # Pages the model could not read are held for the teacher: no feedback on work nobody saw.
        for result in results:
            result.feedback = text(lang, "held")
    elif results:
        feedback, more = _feedback(settings, backend, results, lang, cancel)
        seconds += more
        for result in results:
            result.feedback = feedback.get(result.question) or _fallback_feedback(result, lang)
    else:
        # Without a key the questions come from the pages; none read is for the teacher to see.
        nothing = text(lang, "nothing_read")
        held = text(lang, "held")
        results = [QuestionResult("?", "", "", "none", 0.0, 0.0, None, nothing, feedback=held, review=[nothing])]
    return GradedWork(transcript or {}, results, seconds)


def pages_per_request(settings: Settings) -> int:
    """How many pages one transcription request can carry within the model's context."""
    room = settings.n_ctx - settings.max_tokens - PROMPT_TOKENS
    return max(1, room // settings.image_max_tokens)


def _transcribe(settings, backend, prompt, pages, schema, cancel) -> tuple[dict | None, bool, float]:
    """The pages' merged transcript (None: none read), whether every group of pages was read, the time."""
    size = pages_per_request(settings)
    parts, seconds = [], 0.0
    for start in range(0, len(pages), size):
        part, spent = _ask_json(settings, backend, prompt, pages[start : start + size], schema, cancel)
        parts.append(part)
        seconds += spent
    read = [part for part in parts if part is not None]
    return (merge_transcripts(read) if read else None), len(read) == len(parts), seconds


def merge_transcripts(parts: list[dict]) -> dict:
    """One transcript from those of consecutive page groups."""
    merged: dict[str, dict] = {}
    for part in parts:
        for entry in part.get("questions") or []:
            if not isinstance(entry, dict) or not str(entry.get("id", "")).strip():
                continue
            seen = merged.setdefault(_qid(entry["id"]), {**entry, "steps": []})
            # A question can run over a page break: its working continues, and the
            # answer written last is the final one.
            seen["steps"] = [*seen["steps"], *(entry.get("steps") or [])]
            if str(entry.get("final_answer", "")).strip():
                seen["final_answer"] = entry["final_answer"]
            for name in ("problem", "model_answer"):
                if not str(seen.get(name, "")).strip():
                    seen[name] = entry.get(name, "")
    return {
        "readable": any(part.get("readable") is not False for part in parts),
        "questions": list(merged.values()),
    }


def _ask_json(settings, backend, prompt, images, schema, cancel) -> tuple[dict | None, float]:
    sampling = sampling_for(settings, json_schema=schema)
    started = time.perf_counter()
    chunks = list(
        ask(backend, prompt.user, images, sampling=sampling, system=prompt.system, cancel=cancel,
            settings=settings)
    )
    seconds = time.perf_counter() - started
    if cancel is not None and cancel.is_set():
        raise Cancelled
    try:
        value = json.loads("".join(chunks))
    except json.JSONDecodeError:
        # Only a reply cut off at max_tokens fails to parse under a schema.
        return None, seconds
    return (value if isinstance(value, dict) else None), seconds


def _qid(question: str) -> str:
    # "Q1", "q 1" and "1" name the same question.
    cleaned = re.sub(r"[^0-9a-z]", "", str(question).lower())
    return cleaned[1:] if re.fullmatch(r"q\d+\w*", cleaned) else cleaned


def _answers_by_question(transcript: dict | None) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for entry in (transcript or {}).get("questions") or []:
        if isinstance(entry, dict) and str(entry.get("id", "")).strip():
            found.setdefault(_qid(entry["id"]), entry)
    return found


def problem_text(transcript: dict, question: str) -> str:
    """The text of ``question`` as the model read it from the pages ("" when it was not written there)."""
    return str(_answers_by_question(transcript).get(_qid(question), {}).get("problem", "")).strip()


def _steps(settings: Settings, entry: dict) -> tuple[list[dict], int | None]:
    steps = [str(s) for s in entry.get("steps") or [] if str(s).strip()]
    if len(steps) < 2:
        return [{"index": i, "text": s, "follows": None, "reason": ""} for i, s in enumerate(steps)], None
    try:
        report = check_steps(steps, timeout=settings.cas_timeout)
    except TutorError as exc:
        return [{"index": i, "text": s, "follows": None, "reason": str(exc)} for i, s in enumerate(steps)], None
    marks = [
        {"index": m.index, "text": m.text, "follows": m.follows, "reason": m.reason} for m in report.steps
    ]
    return marks, report.first_wrong


def _check(settings: Settings, reference: str, answer: str, item: KeyItem | None):
    try:
        return check_answer(
            reference,
            answer,
            tolerance=item.tolerance if item else None,
            relative=item.relative if item else True,
            form=item.form if item else None,
            units=item.units if item else None,
            timeout=settings.cas_timeout,
        )
    except TutorError as exc:
        return _Undecided(str(exc))


@dataclass
class _Undecided:
    reason: str
    equivalent: None = None
    normalized_answer: str = ""


def _score(result: QuestionResult, verdict, lang: str) -> None:
    result.verdict = verdict.equivalent
    result.reason = verdict.reason
    result.normalized = verdict.normalized_answer or ""
    result.points = result.max_points if verdict.equivalent else 0.0
    if verdict.equivalent is None:
        reason = explain_reason(verdict.reason, "undecided", lang, reveal=True)
        result.review.append(text(lang, "undecided", reason=reason))
    elif verdict.equivalent is False and result.steps and all(s["follows"] for s in result.steps[1:]):
        result.review.append(text(lang, "steps_vs_answer"))


def _grade_keyed(settings: Settings, item: KeyItem, entry: dict | None, lang: str) -> QuestionResult:
    result = QuestionResult(item.question, "", item.answer, "key", item.points, 0.0, False, "")
    answer = str((entry or {}).get("final_answer", "")).strip()
    if not answer:
        # A missed answer is as likely a transcription slip as a blank, so a person looks.
        result.reason = text(lang, "no_answer")
        result.review.append(result.reason)
        return result
    result.answer = answer
    result.steps, result.first_wrong = _steps(settings, entry)
    _score(result, _check(settings, item.answer, answer, item), lang)
    return result


def _grade_unkeyed(settings: Settings, entry: dict, lang: str) -> QuestionResult:
    question = str(entry.get("id", "")).strip()
    answer = str(entry.get("final_answer", "")).strip()
    model = str(entry.get("model_answer", "")).strip()
    result = QuestionResult(question, answer, model, "model", 1.0, 0.0, None, "")
    problem = str(entry.get("problem", "")).strip()
    solved = solve_with_cas(problem, timeout=settings.cas_timeout) if problem else None
    if solved is not None:
        result.reference, result.reference_source = solved.answer, "cas"
        if model and compare_with_cas(problem, model, timeout=settings.cas_timeout).equivalent is False:
            result.review.append(text(lang, "disagree", model=model, cas=solved.answer))
    if not result.reference:
        result.reason = text(lang, "no_reference")
        result.review.append(result.reason)
        return result
    if not answer:
        result.verdict, result.reason = False, text(lang, "no_answer")
        return result
    result.steps, result.first_wrong = _steps(settings, entry)
    _score(result, _check(settings, result.reference, answer, None), lang)
    return result


def _feedback(settings, backend, results, lang, cancel) -> tuple[dict[str, str], float]:
    facts = "\n".join(_facts(result, lang) for result in results)
    prompt = load_prompt("feedback", lang, folder=settings.prompts_dir, facts=facts)
    reply, seconds = _ask_json(
        settings, backend, prompt, [], feedback_schema([r.question for r in results]), cancel
    )
    written = {}
    for entry in (reply or {}).get("feedback") or []:
        if isinstance(entry, dict) and str(entry.get("text", "")).strip():
            written.setdefault(str(entry.get("id")), str(entry["text"]).strip())
    return written, seconds


def _facts(result: QuestionResult, lang: str) -> str:
    lines = [
        (
            f"Question {result.question}: reference {result.reference or '?'}; "
            f"student answer {result.answer or '(none)'}; "
            f"points {result.points:g}/{result.max_points:g}; checker: {result.reason}"
        )
    ]
    wrong = _first_wrong_step(result)
    if wrong:
        lines.append(f"  first wrong step {wrong['index'] + 1}: {wrong['text']} ({wrong['reason']})")
    return "\n".join(lines)


def _first_wrong_step(result: QuestionResult) -> dict | None:
    if result.first_wrong is None:
        return None
    return next((s for s in result.steps if s["index"] == result.first_wrong), None)


def _fallback_feedback(result: QuestionResult, lang: str) -> str:
    if not result.answer:
        return text(lang, "missing")
    if result.verdict:
        return text(lang, "right", answer=result.answer)
    if result.verdict is None:
        return text(lang, "unsure", answer=result.answer)
    parts = [text(lang, "wrong", answer=result.answer, reason=result.reason)]
    wrong = _first_wrong_step(result)
    if wrong:
        parts.append(
            text(lang, "first_wrong", index=wrong["index"] + 1, text=wrong["text"], reason=wrong["reason"])
        )
    parts.append(text(lang, "next_step"))
    return " ".join(parts)
