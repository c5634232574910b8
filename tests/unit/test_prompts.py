"""Prompt templates: every task in both languages, the format rules and the override folder."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tutor_app.errors import PromptError
from tests.support.scripted_backend import ScriptedBackend
from tutor_app.config import Settings
from tutor_app.prompts import available_tasks, load_prompt, load_tutor_prompt, shipped_prompts_dir
from tutor_app.tutoring import Mode, Problem, respond

TASKS = ["answer_only", "check_work", "diagram", "earlier_turns", "feedback", "follow_up", "grade_transcribe",
         "guide", "guide_step", "hint", "shared", "similar", "solve", "transcribe"]
TUTORING = ["transcribe", "solve", "hint", "check_work", "diagram", "answer_only", "guide", "guide_step", "similar",
            "follow_up"]

VARIABLES = {
    # task -> the variables its template uses (besides the defaulted {language})
    "shared": {"problem"},
    "transcribe": set(),
    "solve": set(),
    "hint": {"student_work", "hint_number", "previous_hints"},
    "check_work": {"student_work"},
    "diagram": set(),
    "answer_only": set(),
    "feedback": {"facts"},
    "grade_transcribe": {"questions"},
    "guide": set(),
    "guide_step": {"step", "verdict"},
    "similar": set(),
    "follow_up": {"question"},
    "earlier_turns": {"student", "tutor"},
}

VALUES = {
    "problem": "Solve $2x + 3 = 7$.",
    "student_work": "2x = 10\nx = 5",
    "hint_number": 2,
    "previous_hints": "1. Undo the +3 first.",
    "facts": "Question 1: reference x = 2; student answer x = 5",
    "questions": "1: linear equation",
    "step": "x = 2",
    "verdict": "Right: consistent with what is known.",
    "question": "Why divide by 2?",
    "student": "Show me the steps",
    "tutor": "1. $2x = 4$",
}


def fields(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_available_tasks():
    assert available_tasks() == TASKS


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_template_uses_exactly_its_documented_variables(task, lang):
    used = fields(shipped_prompts_dir() / lang / f"{task}.md") - {"language"}
    assert used == VARIABLES[task]


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_template_fills_in(task, lang):
    values = {name: VALUES[name] for name in VARIABLES[task]}
    prompt = load_prompt(task, lang, **values)
    assert prompt.system and prompt.user
    for value in values.values():
        assert str(value) in prompt.user
    assert not re.search(r"\{[a-z_]+\}", prompt.system + prompt.user)


@pytest.mark.parametrize("task", TUTORING)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_tutoring_request_starts_with_the_same_shared_part(task, lang):
    values = {name: VALUES[name] for name in VARIABLES[task]}
    prompt = load_tutor_prompt(task, lang, problem=VALUES["problem"], **values)
    shared = load_prompt("shared", lang, problem=VALUES["problem"])
    assert (prompt.system, prompt.problem) == (shared.system, shared.user)
    own = load_prompt(task, lang, **values)
    assert prompt.instructions == f"{own.system}\n\n{own.user}"
    assert VALUES["problem"] not in prompt.instructions


def test_a_photo_not_read_yet_has_no_problem_block():
    prompt = load_tutor_prompt("transcribe", "en", problem=None)
    assert prompt.problem == ""
    assert prompt.system == load_prompt("shared", "en", problem="").system
    assert prompt.instructions.endswith("Transcribe the problem in the image.")


def test_a_teachers_old_style_template_still_works_after_the_shared_part(tmp_path):
    write(tmp_path, "en", "solve", "Be brief.\n---\nSolve: {problem}\n")
    prompt = load_tutor_prompt("solve", "en", problem="1+1", folder=tmp_path)
    assert prompt.instructions == "Be brief.\n\nSolve: 1+1"
    assert prompt.problem.endswith("\n1+1")


def test_a_template_without_rules_sends_only_its_request(tmp_path):
    write(tmp_path, "en", "hint", "---\nHint {hint_number}, please.")
    prompt = load_tutor_prompt("hint", "en", problem="p", folder=tmp_path, hint_number=2)
    assert prompt.instructions == "Hint 2, please."


ANSWER_RULES = [
    # (task, lang, text that must reach the model)
    ("shared", "en", "Final answer: $\\boxed{...}$"),
    ("shared", "zh", "最终答案：$\\boxed{...}$"),
    ("shared", "en", "— why: <one short reason>"),
    ("shared", "zh", "— 理由：<一句简短的理由>"),
    ("solve", "en", "Final answer: $\\boxed{...}$"),
    ("solve", "zh", "最终答案：$\\boxed{...}$"),
    ("check_work", "en", "First wrong step: <number>"),
    ("check_work", "zh", "第一个错误步骤：<编号>"),
    ("diagram", "en", "Final answer: $\\boxed{...}$"),
    ("diagram", "zh", "最终答案：$\\boxed{...}$"),
    ("solve", "en", "— why: <one short reason>"),
    ("solve", "zh", "— 理由：<一句简短的理由>"),
    ("hint", "en", "never write \\boxed{}"),
    ("hint", "zh", "也绝不写 \\boxed{}"),
    ("guide", "en", "never write \\boxed{}"),
    ("guide", "zh", "也绝不写 \\boxed{}"),
    ("guide_step", "en", "never write \\boxed{}"),
    ("guide_step", "zh", "也绝不写 \\boxed{}"),
    ("similar", "en", '{"problem": "<the new problem>", "answer": "<its answer>"}'),
    ("similar", "zh", '{"problem": "<新题>", "answer": "<它的答案>"}'),
    ("transcribe", "en", "[unreadable]"),
    ("transcribe", "zh", "[unreadable]"),
    ("grade_transcribe", "en", '{"readable": false, "questions": []}'),
    ("feedback", "zh", '{"feedback": [{"id": "<题号>", "text": "<你的评语>"}]}'),
    ("follow_up", "en", "Final answer: $\\boxed{...}$"),
    ("follow_up", "zh", "最终答案：$\\boxed{...}$"),
]


@pytest.mark.parametrize(("task", "lang", "text"), ANSWER_RULES)
def test_rules_reach_the_model_with_single_braces(task, lang, text):
    values = {name: VALUES[name] for name in VARIABLES[task]}
    assert text in load_prompt(task, lang, **values).system


LANGUAGES = [
    # (lang asked, language named in the system prompt)
    ("en", "Explain in English."),
    ("zh", "请用Simplified Chinese (简体中文)讲解。"),
    ("zh-CN", "请用Simplified Chinese (简体中文)讲解。"),
    ("zh_Hans", "请用Simplified Chinese (简体中文)讲解。"),
    ("fr", "Explain in English."),
    ("", "Explain in English."),
    ("../zh", "Explain in English."),
]


@pytest.mark.parametrize(("lang", "named"), LANGUAGES)
def test_language_choice_and_fallback(lang, named):
    assert named in load_prompt("shared", lang, problem="x").system


def test_student_picked_language_overrides_the_default():
    prompt = load_tutor_prompt("solve", "en", problem="x", language="Español")
    assert "Explain in Español." in prompt.system


def test_missing_variable_is_named():
    with pytest.raises(PromptError) as err:
        load_prompt("hint", "en", problem="x", student_work="", previous_hints="-")
    assert "needs the variable {hint_number}, which was not given" in str(err.value)
    assert str(Path("en") / "hint.md") in str(err.value)


def test_extra_variables_are_ignored():
    assert load_prompt("transcribe", "en", problem="unused").user == (
        "Transcribe the problem in the image."
    )


def test_unknown_task_lists_the_known_ones():
    with pytest.raises(PromptError) as err:
        load_prompt("explain_everything")
    assert "no prompt template for task 'explain_everything' in language 'en'" in str(err.value)
    assert f"Known tasks: {', '.join(TASKS)}." in str(err.value)


@pytest.mark.parametrize("task", ["../secrets", "", "solve.md", "a/b"])
def test_task_names_cannot_reach_outside_the_folder(task):
    with pytest.raises(PromptError) as err:
        load_prompt(task)
    assert f"{task!r} is not a prompt task name" in str(err.value)


def write(folder: Path, lang: str, task: str, text: str) -> Path:
    path = folder / lang / f"{task}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_override_folder_from_settings_replaces_only_its_files(tmp_path, monkeypatch):
    """The tutoring core uses the prompts folder of the Settings it is given, never one re-read from disk."""
    write(tmp_path, "en", "solve", "Be brief.\n---\nSolve: {problem}\n")
    settings = Settings(prompts_dir=tmp_path)
    monkeypatch.setenv("TUTOR_PROMPTS_DIR", str(tmp_path / "not-the-one-in-force"))
    backend = ScriptedBackend(["ok", "ok"])
    for lang in ("en", "zh"):
        "".join(respond(backend, Problem(transcription="1+1"), Mode.SOLVE, settings=settings, lang=lang))
    assert backend.requests[0].messages[-1].text == "Be brief.\n\nSolve: 1+1"
    assert "请" in backend.requests[1].messages[-1].text
    assert load_prompt("transcribe", folder=settings.prompts_dir).user == "Transcribe the problem in the image."


def test_override_folder_can_add_a_task_and_a_language(tmp_path):
    write(tmp_path, "en", "summary", "Summarise.\n---\n{problem}")
    write(tmp_path, "fr", "solve", "Explique en {language}.\n---\nRésous : {problem}")
    assert "summary" in available_tasks(tmp_path)
    assert load_prompt("summary", folder=tmp_path, problem="p").user == "p"
    assert load_prompt("solve", "fr", folder=tmp_path, problem="p").system == "Explique en fr."


BROKEN = [
    # (file text, message)
    ("No separator here {problem}", "has no line '---' between the system prompt"),
    ("System\n---\n   \n", "has an empty user prompt after '---'"),
    ("System \\boxed{}\n---\n{problem}", "has {}: variables are plain names"),
    ("System\n---\n{problem.__class__}", "has {problem.__class__}: variables are plain names"),
    ("System\n---\n{problem!r}", "has {problem}: variables are plain names"),
    ("System \\frac{1}{2\n---\n{problem}", "has unbalanced braces"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_templates_are_reported_with_their_path(tmp_path, text, message):
    path = write(tmp_path, "en", "solve", text)
    with pytest.raises(PromptError) as err:
        load_prompt("solve", folder=tmp_path, problem="p")
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_missing_override_folder_is_reported(tmp_path):
    with pytest.raises(PromptError) as err:
        load_prompt("solve", folder=tmp_path / "nope", problem="p")
    assert str(err.value) == (
        f"The prompts folder {tmp_path / 'nope'} does not exist. Create it (with en/ and zh/ "
        "inside) or clear the prompts_dir setting."
    )


def test_shipped_prompts_are_the_repository_folder():
    assert shipped_prompts_dir() == Path(__file__).resolve().parents[2] / "prompts"
