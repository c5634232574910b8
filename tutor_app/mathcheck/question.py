"""What a question asks of its answer's form, read from its wording. Plain text work, no SymPy."""

from __future__ import annotations

import re

# "in increasing order", "from least to greatest", "respectively": the values' order is asked for.
# "in order to" states a purpose, not an order.
_ORDER = re.compile(
    r"\b(?:in\s+(?:increasing|decreasing|ascending|descending|that|this|the\s+same|the\s+given|numerical)"
    r"\s+order|in\s+order(?!\s+to\b)|(?:from\s+)?(?:least|smallest|lowest)\s+to\s+(?:greatest|largest|highest)"
    r"|(?:from\s+)?(?:greatest|largest|highest)\s+to\s+(?:least|smallest|lowest)|respectively)\b"
    r"|按(?:从小到大|从大到小|顺序)|依次|分别",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bper\s*cent|\bpercentage|百分", re.IGNORECASE)


def asks_for_order(question: str) -> bool:
    """Whether the question asks for its values in a given order ("List them in increasing order")."""
    return bool(_ORDER.search(question))


def asks_for_percent(question: str) -> bool:
    """Whether the question asks for a percentage, so that 25 and 25% give the same answer."""
    return bool(_PERCENT.search(question))
