"""A session's problems as a worksheet: Markdown, and HTML ready to print with math as MathML."""

from __future__ import annotations

import html
from collections.abc import Sequence

from tutor_app.i18n import t
from tutor_app.mathcheck.verdict import StepMark
from tutor_app.mathtext import katex_formula, keep_line_breaks, math_html, normalize_math, typed_to_latex
from tutor_app.model.images import image_data_uri
from tutor_app.pictures.graph import describe
from tutor_app.pictures.plot import graph_data_uri
from tutor_app.tutoring.feedback import explain, explain_reason, headline, verdict_title
from tutor_app.tutoring.problem import Mode, Problem, Reply
from tutor_app.tutoring.verify import DISAGREES, VERIFIED, Verification

_HTML_STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111; }
img { max-width: 100%; border: 1px solid #ccc; }
.read, .work, .reply { white-space: pre-wrap; margin: .5rem 0; padding: .6rem .8rem; }
.read { border-left: 3px solid #888; }
.work { background: #fff8e1; border: 1px solid #e0c060; border-radius: 4px; }
.reply { background: #eef4fb; border: 1px solid #9bb8d8; border-radius: 4px; }
.label { font-size: .85rem; font-weight: bold; color: #555; margin: .8rem 0 0; }
.badge { font-weight: bold; }
math[display="block"] { margin: .4rem 0; }
section { page-break-inside: avoid; margin-bottom: 2rem; }
@media print { body { margin: 0; max-width: none; } }
"""


def worksheet_markdown(problems: Sequence[Problem], lang: str) -> str:
    """The problems with their images, transcriptions, replies and verdicts, as Markdown."""
    out = [f"# {t('solve.worksheet_title', lang)}", ""]
    for number, problem in enumerate(problems, 1):
        out += [f"## {t('solve.problem', lang)} {number}: {problem.label}", ""]
        for index, image in enumerate(problem.images, 1):
            uri = image_data_uri(image)
            out += [f"![{t('solve.problem', lang)} {number}, {index}]({uri})", ""]
        out += [f"**{t('solve.read_title', lang)}**", "", keep_line_breaks(normalize_math(problem.transcription)), ""]
        if problem.graph is not None:
            sentence = describe(problem.graph, lang)
            out += [f"![{t('graph.title', lang)}]({graph_data_uri(problem.graph)})", "", sentence, ""]
        for reply in problem.replies:
            out += _reply_markdown(reply, lang)
        if problem.answer_checks:
            out += [f"### {t('solve.answer_title', lang)}", ""]
            for check in problem.answer_checks:
                out.append(f"- ${typed_to_latex(check.answer)}$: {headline(verdict_title(check.verdict, lang), lang)} "
                           f"{explain(check.verdict, lang, reveal=False)}")
            out.append("")
        if problem.revealed_at is not None:
            out += [f"**{t('solve.the_answer', lang)}:** {problem.revealed} ("
                    + t("solve.revealed_at", lang).format(time=f"{problem.revealed_at:%H:%M}") + ")", ""]
    return "\n".join(out).rstrip() + "\n"


def worksheet_html(problems: Sequence[Problem], lang: str) -> str:
    """The same worksheet as one self-contained HTML page (images inline, math as MathML, no network)."""
    esc = html.escape
    body = [f"<h1>{esc(t('solve.worksheet_title', lang))}</h1>"]
    for number, problem in enumerate(problems, 1):
        body.append(f"<section><h2>{esc(t('solve.problem', lang))} {number}: {math_html(problem.label)}</h2>")
        for image in problem.images:
            uri = image_data_uri(image)
            body.append(f'<p><img src="{uri}" alt="{esc(t("solve.problem", lang))} {number}"></p>')
        body.append(f"<h3>{esc(t('solve.read_title', lang))}</h3>")
        body.append(f'<div class="read">{math_html(problem.transcription)}</div>')
        if problem.graph is not None:
            sentence = describe(problem.graph, lang)
            body.append(f'<figure><img src="{graph_data_uri(problem.graph)}" alt="{esc(t("graph.title", lang))}">'
                        f"<figcaption>{math_html(sentence)}</figcaption></figure>")
        for reply in problem.replies:
            body.append(f"<h3>{esc(t(f'solve.mode.{reply.mode.value}', lang))}</h3>")
            if reply.question:
                body.append(f'<p class="label">{esc(t("follow.question_label", lang))}</p>')
                body.append(f'<div class="work">{math_html(reply.question)}</div>')
                body.append(f'<p class="label">{esc(t("solve.reply_label", lang))}</p>')
            if reply.student_work:
                body.append(f'<p class="label">{esc(t("solve.work_label", lang))}</p>')
                body.append(f'<div class="work">{math_html(reply.student_work)}</div>')
                body.append(f'<p class="label">{esc(t("solve.reply_label", lang))}</p>')
            body.append(f'<div class="reply">{math_html(reply.text)}</div>')
            if reply.stopped:
                body.append(f"<p><em>{esc(t('solve.stopped', lang))}</em></p>")
            if reply.verification:
                body += [f"<p>{math_html(line)}</p>" for line in _verification_lines(reply, lang)]
        if problem.answer_checks:
            body.append(f"<h3>{esc(t('solve.answer_title', lang))}</h3><ul>")
            for check in problem.answer_checks:
                body.append(
                    f"<li>{math_html('$' + typed_to_latex(check.answer) + '$')}: "
                    f"<span class=\"badge\">{esc(verdict_title(check.verdict, lang) + t('punct.stop', lang))}</span> "
                    f"{esc(explain(check.verdict, lang, reveal=False))}</li>"
                )
            body.append("</ul>")
        if problem.revealed_at is not None:
            shown_at = t("solve.revealed_at", lang).format(time=f"{problem.revealed_at:%H:%M}")
            body.append(f"<p><span class=\"badge\">{esc(t('solve.the_answer', lang))}:</span> "
                        f"{math_html(problem.revealed)} ({esc(shown_at)})</p>")
        body.append("</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-Hans" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{esc(t('solve.worksheet_title', lang))}</title><style>{_HTML_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def badge_text(verification: Verification, lang: str) -> str:
    """The badge's words: verified, the CAS disagrees, or not checkable."""
    return t(f"solve.badge.{verification.badge}", lang)


def reveals_answer(reply: Reply) -> bool:
    """Whether a reply's checks may show the answer: not for a hint or a check of the student's own work."""
    return reply.mode in (Mode.SOLVE, Mode.DIAGRAM)


def _reply_markdown(reply: Reply, lang: str) -> list[str]:
    out = [f"### {t(f'solve.mode.{reply.mode.value}', lang)}", ""]
    if reply.question:
        out += [f"*{t('follow.question_label', lang)}*", "", keep_line_breaks(normalize_math(reply.question)), "",
                f"*{t('solve.reply_label', lang)}*", ""]
    if reply.student_work:
        out += [f"*{t('solve.work_label', lang)}*", "", keep_line_breaks(normalize_math(reply.student_work)), "",
                f"*{t('solve.reply_label', lang)}*", ""]
    out += [normalize_math(reply.text), ""]
    if reply.stopped:
        out += [f"*{t('solve.stopped', lang)}*", ""]
    if reply.verification:
        # Two trailing spaces: consecutive quoted lines would otherwise run into one paragraph.
        out += ["  \n".join(f"> {line}" for line in _verification_lines(reply, lang)), ""]
    return out


_KIND = {VERIFIED: "equivalent", DISAGREES: "not_equivalent"}
_STEP_KIND = {True: "equivalent", False: "not_equivalent", None: "undecided"}


def badge_reason(verification: Verification, lang: str, *, reveal: bool) -> str:
    """Why the badge is what it is, in ``lang``, without the answer unless ``reveal``."""
    return explain_reason(verification.reason, _KIND.get(verification.badge, "undecided"), lang, reveal=reveal)


def step_line(mark: StepMark, lang: str) -> str:
    """One checked line as Markdown: its mark, the line as math (prices and units drawn as such) and why
    (never the final answer)."""
    why = explain_reason(mark.reason, _STEP_KIND[mark.follows], lang, reveal=False)
    line = f"${katex_formula(mark.text)}$"
    return f"{step_symbol(mark.follows)} {t('solve.step_why', lang).format(line=line, why=why)}"


def _verification_lines(reply: Reply, lang: str) -> list[str]:
    verification = reply.verification
    reveal = reveals_answer(reply)
    lines = [f"{badge_text(verification, lang)}: {badge_reason(verification, lang, reveal=reveal)}"]
    if reveal and verification.final_answer:
        lines.append(f"{t('solve.final_answer', lang)}: ${verification.final_answer}$")
    if verification.steps:
        lines += [step_line(mark, lang) for mark in verification.steps.steps]
    return lines


def step_symbol(follows: bool | None) -> str:
    """✓ for a step that follows from the previous one, ✗ for one that does not, ? undecided."""
    return {True: "✓", False: "✗", None: "?"}[follows]
