"""A session's problems as a worksheet: Markdown, and HTML ready to print."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from tutor_app.i18n import t
from tutor_app.mathtext import normalize_math
from tutor_app.tutoring.problem import Problem, Reply
from tutor_app.tutoring.verify import Verification

_HTML_STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111; }
img { max-width: 100%; border: 1px solid #ccc; }
.reply, .read { white-space: pre-wrap; border-left: 3px solid #888; padding-left: .8rem; }
.badge { font-weight: bold; }
section { page-break-inside: avoid; margin-bottom: 2rem; }
@media print { body { margin: 0; max-width: none; } }
"""


def image_mime(data: bytes) -> str:
    """The MIME type of a prepared image (PNG or JPEG), from its first bytes."""
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"


def worksheet_markdown(problems: Sequence[Problem], lang: str) -> str:
    """The problems with their images, transcriptions, replies and verdicts, as Markdown."""
    out = [f"# {t('solve.worksheet_title', lang)}", ""]
    for number, problem in enumerate(problems, 1):
        out += [f"## {t('solve.problem', lang)} {number}: {problem.label}", ""]
        for index, image in enumerate(problem.images, 1):
            uri = f"data:{image_mime(image)};base64,{base64.b64encode(image).decode('ascii')}"
            out += [f"![{t('solve.problem', lang)} {number}, {index}]({uri})", ""]
        out += [f"**{t('solve.read_title', lang)}**", "", normalize_math(problem.transcription), ""]
        for reply in problem.replies:
            out += _reply_markdown(reply, lang)
        if problem.answer_checks:
            out += [f"### {t('solve.answer_title', lang)}", ""]
            for check in problem.answer_checks:
                title = t(f"verdict.{check.verdict.kind}", lang)
                out.append(f"- `{check.answer}`: **{title}.** {check.verdict.reason}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def worksheet_html(problems: Sequence[Problem], lang: str) -> str:
    """The same worksheet as one self-contained HTML page (images inline, no network)."""
    esc = html.escape
    body = [f"<h1>{esc(t('solve.worksheet_title', lang))}</h1>"]
    for number, problem in enumerate(problems, 1):
        body.append(f"<section><h2>{esc(t('solve.problem', lang))} {number}: {esc(problem.label)}</h2>")
        for image in problem.images:
            uri = f"data:{image_mime(image)};base64,{base64.b64encode(image).decode('ascii')}"
            body.append(f'<p><img src="{uri}" alt="{esc(t("solve.problem", lang))} {number}"></p>')
        body.append(f"<h3>{esc(t('solve.read_title', lang))}</h3>")
        body.append(f'<div class="read">{esc(problem.transcription)}</div>')
        for reply in problem.replies:
            body.append(f"<h3>{esc(t(f'solve.mode.{reply.mode.value}', lang))}</h3>")
            if reply.student_work:
                body.append(f'<p><em>{esc(t("solve.work_label", lang))}</em></p>')
                body.append(f'<div class="read">{esc(reply.student_work)}</div>')
            body.append(f'<div class="reply">{esc(reply.text)}</div>')
            if reply.stopped:
                body.append(f"<p><em>{esc(t('solve.stopped', lang))}</em></p>")
            if reply.verification:
                body += [f"<p>{esc(line)}</p>" for line in _verification_lines(reply.verification, lang)]
        if problem.answer_checks:
            body.append(f"<h3>{esc(t('solve.answer_title', lang))}</h3><ul>")
            for check in problem.answer_checks:
                title = t(f"verdict.{check.verdict.kind}", lang)
                body.append(
                    f"<li><code>{esc(check.answer)}</code>: <span class=\"badge\">{esc(title)}.</span> "
                    f"{esc(check.verdict.reason)}</li>"
                )
            body.append("</ul>")
        body.append("</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hans" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{esc(t('solve.worksheet_title', lang))}</title><style>{_HTML_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def badge_text(verification: Verification, lang: str) -> str:
    """The badge's words: verified, the CAS disagrees, or not checkable."""
    return t(f"solve.badge.{verification.badge}", lang)


def _reply_markdown(reply: Reply, lang: str) -> list[str]:
    out = [f"### {t(f'solve.mode.{reply.mode.value}', lang)}", ""]
    if reply.student_work:
        out += [f"*{t('solve.work_label', lang)}*", "", normalize_math(reply.student_work), ""]
    out += [normalize_math(reply.text), ""]
    if reply.stopped:
        out += [f"*{t('solve.stopped', lang)}*", ""]
    if reply.verification:
        out += [f"> {line}" for line in _verification_lines(reply.verification, lang)] + [""]
    return out


def _verification_lines(verification: Verification, lang: str) -> list[str]:
    lines = [f"{badge_text(verification, lang)}: {verification.reason}"]
    if verification.final_answer:
        lines.append(f"{t('solve.final_answer', lang)}: {verification.final_answer}")
    if verification.steps:
        for mark in verification.steps.steps:
            lines.append(f"{step_symbol(mark.follows)} {mark.text} — {mark.reason}")
    return lines


def step_symbol(follows: bool | None) -> str:
    """✓ for a step that follows from the previous one, ✗ for one that does not, ? undecided."""
    return {True: "✓", False: "✗", None: "?"}[follows]
