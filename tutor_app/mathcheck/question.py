"""What a question asks of its answer's form, read from its wording. Plain text work, no SymPy."""

from __future__ import annotations

import re

from tutor_app.mathtext import MATH_SPAN, math_body

# "in increasing order", "from least to greatest", "respectively": the values' order is asked for.
# "in order to" states a purpose, not an order.
_ORDER = re.compile(
    r"\b(?:in\s+(?:increasing|decreasing|ascending|descending|that|this|the\s+same|the\s+given|numerical)"
    r"\s+order|in\s+order(?!\s+to\b)|(?:from\s+)?(?:least|smallest|lowest)\s+to\s+(?:greatest|largest|highest)"
    r"|(?:from\s+)?(?:greatest|largest|highest)\s+to\s+(?:least|smallest|lowest)|respectively)\b"
    r"|按(?:从小到大|从大到小|顺序)|依次|分别",
    re.IGNORECASE,
)
# "A. 43  B. 23", "(A) 5 (B) 6", "A) ...": lettered choices, each a capital letter then ".", ")" or ":".
_CHOICE = re.compile(r"(?:^|[\s(（])\(?([A-H])(?:[.)）:：]|\s*\))\s")
_PERCENT = re.compile(r"%|\bper\s*cent|\bpercentage|百分", re.IGNORECASE)
# "in simplest form", "in lowest terms", "a simplified common fraction": a fraction of equal value left
# unreduced is the right number in the wrong form. ("simplest radical form" asks about roots.)
_LOWEST = re.compile(r"\b(?:simplest|lowest)\s+(?:form|terms)\b|\b(?:reduced|simplified)\s+(?:common\s+|proper\s+|"
                     r"improper\s+)?(?:form|fractions?)\b|最简", re.IGNORECASE)
# A quantity the question names: a formula ($T(10)$, $a+b$), or a bare letter such as x or d(6).
_NAME = (r"(?:⟨[^⟩=<>≤≥]{1,40}⟩"
         r"|(?<![A-Za-z0-9_\\])[A-Za-z](?:_\w+)?(?:\([^()\s]{1,12}\))?(?![A-Za-z0-9_(]))")
# Several named quantities in one formula: $a, b$ or the tuple $(x, y)$.
_NAMES_IN_ONE = r"⟨\(?\s*[A-Za-z](?:_\w+)?(?:\s*,\s*[A-Za-z](?:_\w+)?)+\s*\)?⟩"
_NAMED = re.compile(
    rf"(?:\b(?:find|compute|calculate|determine|evaluate|give|state|express|what\s+are)\s+"
    rf"(?:the\s+(?:values?|numbers?)\s+(?:of\s+)?)?|求出?\s*)"
    rf"(?:{_NAME}(?:\s*(?:,?\s*(?:and|和|与|及)|[,、])\s*{_NAME})+|{_NAMES_IN_ONE})"
    r"|\bordered\s+(?:pair|triple|quadruple|tuple)\b(?!s)|有序(?:数对|数组)",
    re.IGNORECASE,
)
# "the minimum and maximum values": the smaller value first; "the largest and smallest": the larger.
_LOW = r"(?:minimum|min|smallest|least|lowest)"
_HIGH = r"(?:maximum|max|largest|greatest|highest)"
_EXTREMES = re.compile(rf"\b(?:({_LOW})|{_HIGH})(?:\s+(?:possible\s+)?values?)?\s+(?:and|&)\s+(?:the\s+)?"
                       rf"(?(1){_HIGH}|{_LOW})\b"
                       r"|(最小值?)[和与及、]最大值?|最大值?[和与及、]最小值?",
                       re.IGNORECASE)


def _spans_marked(question: str) -> str:
    """The question with each formula written as ⟨body⟩, so a formula reads as one name."""
    return MATH_SPAN.sub(lambda m: "⟨" + math_body(m).strip() + "⟩", question)


def asks_for_order(question: str) -> bool:
    """Whether the question asks for its values in a given order: "in increasing order", "respectively",
    or named quantities ("find $a$ and $b$", "compute T(10), T(11) and T(12)", "the ordered pair");
    "find all solutions" asks for a set."""
    return bool(_ORDER.search(question) or _NAMED.search(_spans_marked(question)))


def asks_smallest_first(question: str) -> bool | None:
    """True when the question asks for the least value and then the greatest ("the minimum and
    maximum"), False for the greatest and then the least, None when it asks for neither."""
    found = _EXTREMES.search(question)
    if not found:
        return None
    return bool(found.group(1) or found.group(2))


def asks_for_percent(question: str) -> bool:
    """Whether the question asks for a percentage, so that 25 and 25% give the same answer."""
    return bool(_PERCENT.search(question))


def asks_for_lowest_terms(question: str) -> bool:
    """Whether the question asks for fractions in lowest terms ("as a common fraction in simplest form")."""
    return bool(_LOWEST.search(question))


def asks_for_choices(question: str) -> bool:
    """Whether the question lists lettered choices (A and B at least), so an answer may name several."""
    return {"A", "B"} <= set(_CHOICE.findall(question))
