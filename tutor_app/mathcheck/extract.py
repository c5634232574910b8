"""Finding the final answer in a model's explanation. Plain text work, no SymPy."""

from __future__ import annotations

import re

_LABELLED = re.compile(
    r"(?:^[\s*#>-]*(?:final\s+answer|answer|最终答案|答案|答|解得)\s*[:：]"
    r"|(?:final\s+answer|the\s+answer)\s+is\b\s*[:：]?|^[\s*]*解得)\s*(.+)$",
    re.IGNORECASE,
)
_TRAILING_ASSIGNMENT = re.compile(r"([A-Za-z](?:_\d+)?\s*=\s*[^=\n]+?)\s*[.。]?\s*$")


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
    answer = answer.strip().strip("*").strip()
    answer = re.sub(r"^\$+|\$+$", "", answer).strip()
    answer = re.sub(r"^\\\(|\\\)$|^\\\[|\\\]$", "", answer).strip()
    return answer.rstrip("。.").strip()


def extract_final_answer(text: str) -> str | None:
    """The final answer of an explanation: last ``\\boxed{}``, "Final answer:"/答案 line, or trailing ``x = ...``."""
    if not text or not text.strip():
        return None
    boxed = _boxed(text)
    if boxed:
        return boxed
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        m = _LABELLED.search(line)
        if m and _clean(m.group(1)):
            return _clean(m.group(1))
    m = _TRAILING_ASSIGNMENT.search(lines[-1])
    if m:
        return _clean(m.group(1))
    return None
