"""Result types of the checker. They import nothing heavy, so pages can use them freely."""

from __future__ import annotations

from dataclasses import dataclass, field

FORMS = ("factored", "expanded", "simplified", "lowest_terms", "exact")


@dataclass(frozen=True)
class Options:
    """How a teacher wants numbers compared."""

    tolerance: float | None = None
    relative: bool = True
    sig_figs: int | None = None
    strict_sig_figs: bool = False
    ordered: bool = False
    # "the minimum and maximum": the values must rise in size (True) or fall (False), whatever the
    # reference's order.
    rising: bool | None = None
    # Whether 25 and 25% may stand for the same answer: unless a question says it asks for no percentage.
    bare_percent: bool = True
    # Whether the question lists lettered choices, so that "ACF" names choices A, C and F.
    choices: bool = False


@dataclass(frozen=True)
class Verdict:
    """Whether an answer matches a reference, why, and the normalized forms compared."""

    equivalent: bool | None
    reason: str
    kind: str
    normalized_reference: str = ""
    normalized_answer: str = ""


def undecided(reason: str, reference: str = "", answer: str = "") -> Verdict:
    """A "could not decide" verdict; never reported as wrong."""
    return Verdict(None, reason, "undecided", reference, answer)


@dataclass(frozen=True)
class StepMark:
    """One line of working: consistent with what is known (True), wrong (False) or not checked (None)."""

    index: int
    text: str
    follows: bool | None
    reason: str
    correction: str = ""


@dataclass(frozen=True)
class StepReport:
    """Marks for every line, and the index of the first line shown to be wrong."""

    steps: list[StepMark] = field(default_factory=list)
    first_wrong: int | None = None


@dataclass(frozen=True)
class CasResult:
    """An answer the computer algebra system worked out on its own."""

    task: str
    answer: str
    latex: str
    form: str | None = None
