"""`tutor check` as a real process: exit codes, one pair, and files in and out in order."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.support.cli import run_tutor
from tutor_app.cli.check import USAGE_ERROR

ROWS = [
    {"reference": "(x+1)^2", "answer": "x^2+2x+1"},
    {"reference": "5 m", "answer": "50 cm"},
    {"reference": "x^2+5x+6", "answer": "x^2+5x+6", "form": "factored"},
    {"reference": "1", "answer": "__import__('os')"},
    {"reference": "9.81", "answer": "9.8", "tolerance": "0.01"},
    {"reference": "5", "answer": "500 cm", "units": "m"},
    {"reference": "x", "answer": "x", "form": "pretty"},
    {"reference": "2", "answer": "2.1", "tolerance": "lots"},
]
EXPECTED = [
    (True, "equivalent"), (False, "not_equivalent"), (False, "wrong_form"), (None, "undecided"),
    (True, "equivalent"), (True, "equivalent"), (None, "undecided"), (None, "undecided"),
]




@pytest.mark.slow
@pytest.mark.parametrize(
    ("reference", "answer", "code", "first_line"),
    [
        ("x^2+2x+1", "(x+1)^2", 0, "equivalent: The expressions are equivalent."),
        ("x=1 or x=2", "x=1", 1, "not_equivalent: Missing solution: x = 2."),
        ("1", "x+*", 2, "undecided: Could not read the answer: could not read '*' after 'x +'"),
    ],
)
def test_single_pair(reference: str, answer: str, code: int, first_line: str) -> None:
    """Exit 0 equivalent, 1 not, 2 undecided; the verdict and reason are printed."""
    result = run_tutor("check", reference, answer)
    assert result.returncode == code, result.stderr
    assert result.stdout.splitlines()[0] == first_line


@pytest.mark.slow
def test_form_flag() -> None:
    """--form makes "equivalent but not in this form" exit 1."""
    result = run_tutor("check", "x^2+5x+6", "x^2+5x+6", "--form", "factored")
    assert result.returncode == 1
    assert result.stdout.startswith("wrong_form: Equivalent, but not in the requested form")


def _write_input(path: Path) -> None:
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["reference", "answer", "tolerance", "form", "units"])
            writer.writeheader()
            writer.writerows(ROWS)
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("source", "target"), [("in.csv", "out.jsonl"), ("in.jsonl", "out.csv")])
def test_file_in_file_out(tmp_path: Path, source: str, target: str) -> None:
    """Every row gets one verdict, in order, with equivalent, reason and normalized fields."""
    _write_input(tmp_path / source)
    result = run_tutor("check", "--file", str(tmp_path / source), "--out", str(tmp_path / target))
    assert result.returncode == 0, result.stderr
    out = tmp_path / target
    if target.endswith(".jsonl"):
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        got = [(row["equivalent"], row["kind"]) for row in rows]
    else:
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        got = [({"true": True, "false": False, "": None}[row["equivalent"]], row["kind"]) for row in rows]
    assert got == EXPECTED
    assert [row["answer"] for row in rows] == [row["answer"] for row in ROWS]
    assert rows[0]["normalized"] == "x**2 + 2*x + 1"
    assert rows[6]["reason"] == "Unknown form 'pretty'. Choose one of: factored, expanded, simplified, lowest_terms, exact."
    assert rows[7]["reason"] == "The tolerance 'lots' is not a number."


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("ref,ans\n1,1\n", "a.csv", "has no answer or reference column"),
        ('{"reference": "1"}\n', "a.jsonl", "line 1 needs \"reference\" and \"answer\" fields"),
        ("not json\n", "a.jsonl", "line 1 is not valid JSON"),
        ("reference,answer\n1,1\n", "a.txt", "is not a .csv or .jsonl file"),
    ],
)
def test_bad_files(tmp_path: Path, content: str, name: str, message: str) -> None:
    """A malformed file is a one-line message and the usage-error code, never "undecided"."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_tutor("check", "--file", str(path))
    assert result.returncode == USAGE_ERROR
    assert message in result.stderr


@pytest.mark.slow
def test_missing_arguments() -> None:
    """No pair and no file: say how to call it."""
    result = run_tutor("check", "x")
    assert result.returncode == USAGE_ERROR
    assert "tutor check REFERENCE ANSWER" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "1", "--tolerance", "lots"), "invalid float value: 'lots'"),
        (("1", "1", "--form", "pretty"), "invalid choice: 'pretty'"),
        (("1", "1", "2"), "unrecognized arguments: 2"),
        (("1", "1", "--tolerance", "-1"), "The tolerance must not be negative."),
        (("1", "1", "--out", "x.csv"), "--out is only used with --file."),
    ],
)
def test_usage_errors_have_their_own_exit_code(args: tuple[str, ...], message: str) -> None:
    """A bad call exits 64, so a script never mistakes it for an undecided answer (2)."""
    result = run_tutor("check", *args)
    assert result.returncode == USAGE_ERROR, result.stderr
    assert message in result.stderr
