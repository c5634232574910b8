"""Prompt templates: editable text files in ``prompts/<lang>/<task>.md``.

A file is the system prompt, then a line ``---``, then the user prompt, with
``{variables}`` filled in Python ``str.format`` style (literal braces doubled).
The format and each task's variables are documented in ``prompts/README.md``.

Tutoring requests are built from two templates: ``shared`` (the system text and
the problem, the same bytes for every request about one problem, so a model can
reuse what it computed for them) and the task's own rules and request after it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from tutor_app.errors import PromptError
from tutor_app.i18n import LANGUAGE_NAMES
from tutor_app.shipped import looked_in, shipped_folder

FALLBACK_LANG = "en"
SEPARATOR = "---"
SHARED_TASK = "shared"


@dataclass(frozen=True)
class Prompt:
    """A filled-in prompt: the system message and the user message."""

    system: str
    user: str


@dataclass(frozen=True)
class TutorPrompt:
    """A tutoring request's texts: the shared system text and problem, then the task's rules and request."""

    system: str
    problem: str
    # The task's file: its part before ``---`` and its part after it.
    rules: str
    request: str

    @property
    def instructions(self) -> str:
        """The task's rules and request as one message."""
        return "\n\n".join(part for part in (self.rules, self.request) if part)


def shipped_prompts_dir() -> Path:
    """The folder of prompts that comes with tutor_app."""
    folder = shipped_folder("prompts", FALLBACK_LANG)
    if folder is None:
        raise PromptError(
            "The prompt templates that come with tutor_app are missing (looked in "
            f"{looked_in('prompts')}). Reinstall tutor_app, or set prompts_dir to a "
            "folder of templates."
        )
    return folder


def available_tasks(folder: Path | None = None) -> list[str]:
    """The task names with an English template, shipped or in the prompts folder."""
    return _tasks(_roots(folder))


def load_prompt(task: str, lang: str = "en", *, folder: Path | None = None, **variables) -> Prompt:
    """Read ``task``'s template in ``lang`` (English if there is none) and fill in ``variables``.

    ``folder`` is the teacher's prompts folder (``Settings.prompts_dir``); a template
    missing there comes from the shipped prompts, so it may hold only the edited files.
    """
    roots = _roots(folder)
    code = _language(lang, roots)
    path = _find(task, code, roots)
    system, user = _split(path)
    # The default for {language}: the explanation follows the prompt's language
    # unless the caller passes the language the student picked.
    values = {"language": LANGUAGE_NAMES.get(code, code), **variables}
    return Prompt(system=_fill(system, values, path), user=_fill(user, values, path))


def load_tutor_prompt(
    task: str,
    lang: str = "en",
    *,
    problem: str | None,
    folder: Path | None = None,
    **variables,
) -> TutorPrompt:
    """``task``'s rules and request, after the ``shared`` system text and problem block.

    ``problem=None`` (a photo not read yet) leaves the problem block out.
    """
    values = {"problem": problem or "", **variables}
    shared = load_prompt(SHARED_TASK, lang, folder=folder, **values)
    own = load_prompt(task, lang, folder=folder, **values)
    return TutorPrompt(
        system=shared.system,
        problem=shared.user if problem is not None else "",
        rules=own.system,
        request=own.user,
    )


def _roots(folder: Path | None) -> list[Path]:
    """The teacher's prompts folder (if any), then the shipped prompts."""
    if folder is None:
        return [shipped_prompts_dir()]
    if not Path(folder).is_dir():
        raise PromptError(
            f"The prompts folder {folder} does not exist. Create it (with en/ and zh/ "
            "inside) or clear the prompts_dir setting."
        )
    return [Path(folder), shipped_prompts_dir()]


def _tasks(roots: list[Path]) -> list[str]:
    return sorted({path.stem for root in roots for path in (root / FALLBACK_LANG).glob("*.md")})


def _language(lang: str, roots: list[Path]) -> str:
    """``zh-CN`` and ``zh_Hans`` read as ``zh``; a language with no folder reads as English."""
    code = (lang or "").replace("_", "-").split("-")[0].lower()
    if code.isalpha() and any((root / code).is_dir() for root in roots):
        return code
    return FALLBACK_LANG


def _find(task: str, lang: str, roots: list[Path]) -> Path:
    known = ", ".join(_tasks(roots))
    if not task or not all(c.isalnum() or c == "_" for c in task):
        raise PromptError(f"{task!r} is not a prompt task name. Known tasks: {known}.")
    tried = [root / lang / f"{task}.md" for root in roots]
    for path in tried:
        if path.is_file():
            return path
    raise PromptError(
        f"There is no prompt template for task {task!r} in language {lang!r} (looked for "
        f"{' and '.join(str(p) for p in tried)}). Known tasks: {known}."
    )


def _split(path: Path) -> tuple[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"Could not read the prompt template {path}: {exc}") from exc
    lines = text.splitlines()
    try:
        cut = next(i for i, line in enumerate(lines) if line.strip() == SEPARATOR)
    except StopIteration:
        raise PromptError(
            f"The prompt template {path} has no line '{SEPARATOR}' between the system "
            "prompt and the user prompt. Add one (see prompts/README.md)."
        ) from None
    system, user = "\n".join(lines[:cut]).strip(), "\n".join(lines[cut + 1 :]).strip()
    if not user:
        raise PromptError(f"The prompt template {path} has an empty user prompt after '---'.")
    return system, user


def _fill(template: str, values: dict[str, object], path: Path) -> str:
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PromptError(
            f"The prompt template {path} has unbalanced braces ({exc}). Write a literal "
            "brace twice, e.g. \\boxed{{...}}."
        ) from exc
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise PromptError(
                f"The prompt template {path} has {{{name}}}: variables are plain names like "
                "{problem}. Write a literal brace twice, e.g. \\boxed{{...}}."
            )
        if name not in values:
            raise PromptError(
                f"The prompt template {path} needs the variable {{{name}}}, which was not "
                f"given (given: {', '.join(sorted(values))})."
            )
    return template.format_map(values)
