"""The case table (tests/data/mathcheck_cases.tsv) through the public checker, in the worker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tutor_app.mathcheck import check_answer

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "mathcheck_cases.tsv"
EXPECTED_KIND = {"eq": "equivalent", "ne": "not_equivalent", "form": "wrong_form",
                 "undecided": "undecided"}


@dataclass(frozen=True)
class Case:
    """One row of the table."""

    category: str
    expect: str
    reference: str
    answer: str
    options: dict
    reason: str | None
    note: str = ""

    @property
    def kind(self) -> str:
        """The verdict kind the row expects."""
        return EXPECTED_KIND[self.expect]


def _expand(text: str) -> str:
    """Generated hostile inputs: @nested(N), @open(N), @close(N), @repeat(S,N)."""
    text = re.sub(r"@nested\((\d+)\)", lambda m: "(" * int(m.group(1)) + "x" + ")" * int(m.group(1)), text)
    text = re.sub(r"@open\((\d+)\)", lambda m: "(" * int(m.group(1)), text)
    text = re.sub(r"@close\((\d+)\)", lambda m: ")" * int(m.group(1)), text)
    return re.sub(r"@repeat\(([^,]*),(\d+)\)", lambda m: m.group(1) * int(m.group(2)), text)


def _options(field: str) -> tuple[dict, str | None]:
    options: dict = {}
    reason = None
    for item in filter(None, field.split(";")):
        key, _, value = item.partition("=")
        if key == "reason":
            reason = value
        elif key == "tol":
            options["tolerance"] = float(value)
        elif key == "abs":
            options["relative"] = False
        elif key == "sig":
            options["sig_figs"] = int(value)
        elif key in ("strict", "ordered"):
            options["strict_sig_figs" if key == "strict" else "ordered"] = True
        else:
            options[key] = value
    return options, reason


def load_cases() -> list[Case]:
    """Every row of the case table."""
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t") + [""] * 6
        options, reason = _options(fields[4])
        cases.append(Case(fields[0], fields[1], _expand(fields[2]), _expand(fields[3]), options, reason,
                          fields[5]))
    return cases


CASES = load_cases()


def test_table_is_large_and_mixed() -> None:
    """At least 300 cases, about 40% of them not equivalent."""
    wrong = sum(case.expect != "eq" for case in CASES)
    assert len(CASES) >= 300
    assert 0.35 <= wrong / len(CASES) <= 0.5


# Categories written for reading real solutions: every row says why it holds.
NOTED = {"currency", "thousands", "bases", "ratio", "clock", "assign", "logs", "inverse", "steps", "sets",
         "repeating", "infinity", "text", "words", "exact", "constant", "order", "tolerance", "sigfigs",
         "roots", "equations", "domain", "size", "evaluate", "question", "ellipsis", "commands", "congruence",
         "choices", "systems"}


def test_rows_of_the_notation_categories_carry_a_note() -> None:
    """Each notation and rule row explains the convention it follows."""
    assert {c.category for c in CASES} >= NOTED
    assert [c for c in CASES if c.category in NOTED and not c.note] == []


@pytest.mark.parametrize("case", CASES, ids=[f"{c.category}-{k}" for k, c in enumerate(CASES)])
def test_case(case: Case) -> None:
    """Each row gets the expected verdict kind (and reason, where the row names one)."""
    verdict = check_answer(case.reference, case.answer, **case.options)
    assert (verdict.kind, verdict.equivalent) == (
        case.kind, {"eq": True, "ne": False, "form": False, "undecided": None}[case.expect]
    ), verdict
    if case.reason:
        assert case.reason.lower() in verdict.reason.lower(), verdict.reason
