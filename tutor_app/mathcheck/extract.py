"""Finding the final answer in a model's explanation. Plain text work, no SymPy."""

from __future__ import annotations

import re

from tutor_app.mathcheck.tokens import FUNCTIONS

_LABELLED = re.compile(
    r"(?:^[\s*#>-]*(?:final\s+answer|answer|最终答案|答案|答|解得)\s*[:：]"
    r"|(?:final\s+answer|the\s+answer|the\s+solution)\s+is\b\s*[:：]?"
    r"|(?:最终答案|答案|结果|解)\s*(?:是|为)\s*[:：]?|^[\s*]*解得)\s*(.+)$",
    re.IGNORECASE,
)
_CONNECTIVE = r"(?:so|thus|therefore|hence|then|所以|因此|故)?\s*[,，]?\s*"
_TRAILING_ASSIGNMENT = re.compile(
    rf"^[\s*]*{_CONNECTIVE}[\s*]*([A-Za-z](?:_\d+)?\s*=\s*[^=\n]+?)[\s*]*[.。]?\s*$", re.IGNORECASE
)
_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]")
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{4,}")


def _boxed(text: str) -> str | None:
    """The content of the last ``\\boxed{...}``, braces balanced."""
    start = text.rfind("\\boxed")
    while start >= 0:
        i = text.find("{", start)
        if i < 0:
            return None
        depth = 0
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return text[i + 1 : j].strip()
        start = text.rfind("\\boxed", 0, start)
    return None


def _clean(answer: str) -> str:
    """The math of an answer phrase: its first $...$ span if it has one, without decoration."""
    span = _MATH_SPAN.search(answer)
    if span:
        return next(g for g in span.groups() if g is not None).strip()
    previous = None
    while previous != answer:
        previous = answer
        answer = answer.strip().strip("*").strip().rstrip("。.").strip("$").strip()
    return answer


def _is_math(answer: str) -> bool:
    """Whether a phrase reads as math rather than prose (no long plain words)."""
    return all(word.lower() in FUNCTIONS for word in _WORD.findall(answer))


def extract_final_answer(text: str) -> str | None:
    """The final answer of an explanation: last ``\\boxed{}``, "Final answer:"/答案 line, or trailing ``x = ...``."""
    if not text or not text.strip():
        return None
    boxed = _boxed(text)
    if boxed:
        return boxed
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        matches = list(_LABELLED.finditer(line))
        for m in reversed(matches):
            found = _clean(m.group(1))
            inner = _LABELLED.search(found)
            if inner:
                found = _clean(inner.group(1))
            if found:
                return found
    m = _TRAILING_ASSIGNMENT.search(_clean(lines[-1]) if _MATH_SPAN.search(lines[-1]) else lines[-1])
    if m and _is_math(m.group(1)):
        return _clean(m.group(1))
    return None
