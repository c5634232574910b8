"""`tutor check` as a real process: exit codes, one pair, and files in and out in order."""

from __future__ import annotations

import csv
import json
import os
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
def test_time_limit_comes_from_the_settings() -> None:
    """TUTOR_CAS_TIMEOUT sets the limit the command passes down to the checker."""
    # About 50 ms of SymPy work against a 1 ms limit.
    slow = ("tan(x)^12*sec(x)^2", "sec(x)^2*tan(x)^12 + sin(2*x) - 2*sin(x)*cos(x)")
    result = run_tutor("check", *slow, env={**os.environ, "TUTOR_CAS_TIMEOUT": "0.001"})
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == "undecided: It took too long to check (over 0.001 s); try a simpler form."


@pytest.mark.slow
def test_form_flag() -> None:
    """--form makes "equivalent but not in this form" exit 1."""
    result = run_tutor("check", "x^2+5x+6", "x^2+5x+6", "--form", "factored")
    assert result.returncode == 1
    assert result.stdout.startswith("wrong_form: Equivalent, but not in the requested form")


ORDERED = ("10, 11, 12", "12, 11, 10")
FIGURES = ("0.04985", "0.04990")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pair", "flags", "code", "output"),
    [
        (ORDERED, (), 0, "equivalent: The same solutions."),
        (ORDERED, ("--ordered",), 1, "not_equivalent: "),
        (ORDERED, ("--question", "List the values in increasing order."), 1, "not_equivalent: "),
        (FIGURES, ("--sig-figs", "3"), 0, "equivalent: "),
        (FIGURES, ("--sig-figs", "3", "--strict-sig-figs"), 1, "not_equivalent: "),
        (FIGURES, ("--strict-sig-figs",), 64, ""),
    ],
)
def test_order_and_figure_flags(pair: tuple[str, str], flags: tuple[str, ...], code: int, output: str) -> None:
    """--ordered (or a --question asking for an order) wants the values in the expected order;
    --strict-sig-figs the figures written, which needs --sig-figs."""
    result = run_tutor("check", *pair, *flags)
    assert result.returncode == code, result.stderr
    assert result.stdout.startswith(output)
    if code == 64:
        assert "Say how many significant figures" in result.stderr


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
        (("1", "1", "--tolerance", "-1"), "The tolerance must be a finite number, not negative."),
        (("1", "1", "--out", "x.csv"), "--out is only used with --file."),
    ],
)
def test_usage_errors_have_their_own_exit_code(args: tuple[str, ...], message: str) -> None:
    """A bad call exits 64, so a script never mistakes it for an undecided answer (2)."""
    result = run_tutor("check", *args)
    assert result.returncode == USAGE_ERROR, result.stderr
    assert message in result.stderr


GOOD = b'{"reference": "2x", "answer": "x+x"}\n'
BAD_JSONL_LINES = [
    (b"[" * 100_000 + b"\n", "Line 2 is nested too deeply to read."),
    (b'{"reference": "2", "answer": "2", "tolerance": [1]}\n', "The tolerance '[1]' is not a number."),
    (b'{"reference": "2", "answer": "\xff\xfe2"}\n', "Line 4 is not valid UTF-8 text; save the file as UTF-8."),
    (b'{"reference": 1' + b"0" * 5000 + b', "answer": "1"}\n',
     "Line 5 holds a number too long to read (over 4300 digits)."),
    (b'{"reference": "\\ud800", "answer": "1"}\n', "Line 6 is not valid UTF-8 text; save the file as UTF-8."),
    (b'["reference", "answer"]\n', 'Line 7 needs "reference" and "answer" fields.'),
    (b"not json\n", "Line 8 is not valid JSON: Expecting value."),
    (b'{"reference": {"a": 1}, "answer": "1"}\n', "The reference and the answer must be text or numbers."),
]


@pytest.mark.slow
@pytest.mark.parametrize("target", ["out.csv", "out.jsonl"])
def test_each_bad_jsonl_line_gets_its_own_row(tmp_path: Path, target: str) -> None:
    """Hostile lines (deep nesting, a list tolerance, bad UTF-8, 5000 digits, a lone surrogate) never crash."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(GOOD + b"".join(line for line, _ in BAD_JSONL_LINES) + GOOD)
    result = run_tutor("check", "--file", str(source), "--out", str(tmp_path / target))
    assert result.returncode == 0, result.stderr
    rows = _read_out(tmp_path / target)
    assert [row["reason"] for row in rows[1:-1]] == [reason for _, reason in BAD_JSONL_LINES]
    assert {row["kind"] for row in rows[1:-1]} == {"undecided"}
    assert [rows[0]["kind"], rows[-1]["kind"]] == ["equivalent", "equivalent"]


@pytest.mark.slow
def test_each_bad_csv_row_gets_its_own_row(tmp_path: Path) -> None:
    """A 1 MB field and a row in another encoding lose only their own rows."""
    source = tmp_path / "in.csv"
    source.write_bytes(b"reference,answer\n2x,x+x\n1," + b"x" * 1_000_000 + b"\n\xe9t\xe9,1\n3,3\n")
    result = run_tutor("check", "--file", str(source), "--out", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    rows = _read_out(tmp_path / "out.jsonl")
    assert [row["kind"] for row in rows] == ["equivalent", "undecided", "undecided", "equivalent"]
    assert rows[1]["reason"] == "Row 2 could not be read: field larger than field limit (131072)."
    assert rows[2]["reason"] == "Row 3 is not valid UTF-8 text; save the file as UTF-8."


def _read_out(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("target", ["out.csv", "out.jsonl"])
def test_output_is_written_whole_or_not_at_all(tmp_path: Path, target: str) -> None:
    """A write that fails half-way leaves the previous file as it was, and no temporary file."""
    from tutor_app.cli.check import _write

    out = tmp_path / target
    out.write_text("previous\n", encoding="utf-8")
    good = {"reference": "1", "answer": "1", "equivalent": True, "kind": "equivalent", "reason": "",
            "normalized": "1", "normalized_reference": "1"}
    with pytest.raises((KeyError, TypeError)):
        _write(out, [good, {**good, "equivalent": "maybe", "reason": object()}])
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == [target]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flags", "env", "message"),
    [
        (["--timeout", "inf"], {}, "cas_timeout: Input should be a finite number"),
        (["--timeout", "nan"], {}, "cas_timeout: Input should be a finite number"),
        (["--timeout", "2147484"], {}, "cas_timeout: Input should be less than or equal to 600"),
        ([], {"TUTOR_CAS_TIMEOUT": "inf"}, "cas_timeout: Input should be a finite number"),
        (["--tolerance", "inf"], {}, "The tolerance must be a finite number, not negative."),
    ],
)
def test_out_of_range_settings_are_refused(flags: list[str], env: dict, message: str) -> None:
    """inf, nan and huge time limits, and an infinite tolerance, are a message, not a crash or a verdict."""
    result = run_tutor("check", "2", "3", *flags, env={**os.environ, **env})
    assert result.returncode == USAGE_ERROR
    assert message in result.stderr
    assert "Traceback" not in result.stderr
