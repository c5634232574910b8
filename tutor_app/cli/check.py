"""`tutor check`: is an answer equivalent to the expected one, and why? One pair or a whole file."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from tutor_app.errors import GradingError, MathInputError, TutorError
from tutor_app.mathcheck.verdict import FORMS

EXIT_CODES = {True: 0, False: 1, None: 2}
# Not 2, which means "could not decide": a script must tell a bad call from an undecided answer.
USAGE_ERROR = 64
OUT_FIELDS = ("reference", "answer", "equivalent", "kind", "reason", "normalized",
              "normalized_reference")
# Python refuses to read longer integers (sys.get_int_max_str_digits()).
MAX_DIGITS = sys.get_int_max_str_digits()
_SURROGATE = re.compile("[\ud800-\udfff]")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `tutor check`."""
    parser = subparsers.add_parser(
        "check",
        help="Check whether an answer is equivalent to the expected one.",
        description="Check an answer against the expected one and explain the verdict. Exit code: "
        f"0 equivalent, 1 not equivalent (or wrong form), 2 could not decide, {USAGE_ERROR} a usage "
        "error (bad or missing arguments, an unreadable file).",
    )

    def usage_error(message: str) -> None:
        parser.print_usage(sys.stderr)
        parser.exit(USAGE_ERROR, f"{parser.prog}: error: {message}\n")

    parser.error = usage_error
    parser.add_argument("reference", nargs="?", help="The expected answer, e.g. '(x+1)^2'.")
    parser.add_argument("answer", nargs="?", help="The answer to check, e.g. 'x^2+2x+1'.")
    parser.add_argument("--file", type=Path, help="Check every row of a CSV or JSONL file with "
                        "columns reference, answer and optional tolerance, form, units, question.")
    parser.add_argument("--out", help="Write one verdict per row to this .csv or .jsonl file "
                        "('-': JSONL on stdout).")
    parser.add_argument("--tolerance", type=float, help="Allowed numeric error (relative by default).")
    parser.add_argument("--absolute", action="store_true", help="The tolerance is absolute, not relative.")
    parser.add_argument("--sig-figs", type=int, help="Compare numbers to this many significant figures.")
    parser.add_argument("--strict-sig-figs", action="store_true",
                        help="The answer must be written with exactly --sig-figs figures.")
    parser.add_argument("--ordered", action="store_true",
                        help="A list of values must come in the expected answer's order.")
    parser.add_argument("--question", help="The question's wording: asking for values 'in increasing order' "
                        "or by name ('find a and b') makes their order count, 'the minimum and maximum' "
                        "asks for the smaller first; 25 matches 25%% only when it asks for a percentage; "
                        "'in simplest form' checks the fraction is in lowest terms.")
    parser.add_argument("--form", choices=FORMS, help="Require the answer in this form.")
    parser.add_argument("--units", help="Units of a bare-number expected answer, e.g. 'm/s'.")
    parser.add_argument("--timeout", type=float, help="Seconds one check may take (default: settings).")
    parser.set_defaults(func=check, usage_error=usage_error)


def check(args: argparse.Namespace) -> int:
    """Run `tutor check`; a usage error exits with USAGE_ERROR, never with a verdict's code."""
    try:
        return _check(args)
    except TutorError as exc:
        print(f"tutor: {exc}", file=sys.stderr)
        return USAGE_ERROR


def _check(args: argparse.Namespace) -> int:
    from tutor_app.config import load_settings

    timeout = load_settings(cas_timeout=args.timeout).cas_timeout
    if args.file is not None:
        if args.reference is not None:
            raise GradingError("Give REFERENCE ANSWER or --file, not both.")
        return _check_file(args, timeout)
    if args.out is not None:
        raise GradingError("--out is only used with --file.")
    if args.reference is None or args.answer is None:
        raise GradingError("Give the expected answer and the answer: tutor check REFERENCE ANSWER "
                           "(or --file answers.csv).")
    from tutor_app.mathcheck import check_answer

    verdict = check_answer(args.reference, args.answer, tolerance=args.tolerance,
                           relative=not args.absolute, sig_figs=args.sig_figs,
                           strict_sig_figs=args.strict_sig_figs, ordered=args.ordered, form=args.form,
                           units=args.units, timeout=timeout, question=args.question)
    print(f"{verdict.kind}: {verdict.reason}")
    if verdict.normalized_answer:
        print(f"  expected: {verdict.normalized_reference}")
        print(f"  answer:   {verdict.normalized_answer}")
    return EXIT_CODES[verdict.equivalent]


class _BadRow(Exception):
    """One row of the input file that cannot be checked; the message says why."""


def _rows(path: Path) -> Iterator[dict | _BadRow]:
    """The rows of a CSV or JSONL file, as dictionaries, or the reason a row cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise GradingError(f"{path} is not a .csv or .jsonl file.")
    try:
        # Bytes that are not UTF-8 become lone surrogates here, so only their own row is lost.
        handle = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise GradingError(f"Could not open {path}: {exc.strerror or exc}") from exc
    with handle:
        yield from _csv_rows(path, handle) if suffix == ".csv" else _jsonl_rows(handle)


def _csv_rows(path: Path, handle: TextIO) -> Iterator[dict | _BadRow]:
    reader = csv.DictReader(handle)
    missing = {"reference", "answer"} - set(reader.fieldnames or [])
    if missing:
        raise GradingError(f"{path} has no {' or '.join(sorted(missing))} column; the first "
                           "line must name the columns (reference,answer,...).")
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _BadRow(f"Row {number} could not be read: {exc}.")
            continue
        yield _unicode_checked(row, f"Row {number}")


def _jsonl_rows(handle: TextIO) -> Iterator[dict | _BadRow]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _BadRow(f"Line {number} is not valid JSON: {exc.msg}.")
            continue
        except RecursionError:
            yield _BadRow(f"Line {number} is nested too deeply to read.")
            continue
        except ValueError:
            yield _BadRow(f"Line {number} holds a number too long to read (over {MAX_DIGITS} digits).")
            continue
        if not isinstance(row, dict) or "reference" not in row or "answer" not in row:
            yield _BadRow(f"Line {number} needs \"reference\" and \"answer\" fields.")
            continue
        yield _unicode_checked(row, f"Line {number}")


def _unicode_checked(row: dict, where: str) -> dict | _BadRow:
    if any(isinstance(value, str) and _SURROGATE.search(value) for value in row.values()):
        return _BadRow(f"{where} is not valid UTF-8 text; save the file as UTF-8.")
    return row


def _shown(value: object) -> str:
    """A cell as text that can be written out whatever it holds."""
    text = value if isinstance(value, str) else "" if value is None else json.dumps(value)
    return _SURROGATE.sub("\ufffd", text)


def _undecided(out: dict, reason: str) -> dict:
    return {**out, "equivalent": None, "kind": "undecided", "reason": reason, "normalized": "",
            "normalized_reference": ""}


def _row_verdict(row: dict | _BadRow, args: argparse.Namespace, timeout: float) -> dict:
    from tutor_app.mathcheck import check_answer

    if isinstance(row, _BadRow):
        return _undecided({"reference": "", "answer": ""}, str(row))
    out = {"reference": _shown(row.get("reference")), "answer": _shown(row.get("answer"))}
    if any(isinstance(row.get(name), (bool, list, dict)) for name in ("reference", "answer")):
        return _undecided(out, "The reference and the answer must be text or numbers.")
    tolerance = row.get("tolerance")
    try:
        tolerance = float(tolerance) if tolerance not in (None, "") else args.tolerance
    except (TypeError, ValueError):
        return _undecided(out, f"The tolerance '{_shown(row.get('tolerance'))}' is not a number.")
    try:
        verdict = check_answer(out["reference"], out["answer"], tolerance=tolerance,
                               relative=not args.absolute, sig_figs=args.sig_figs,
                               strict_sig_figs=args.strict_sig_figs, ordered=args.ordered,
                               form=_shown(row.get("form")) or args.form or None,
                               units=_shown(row.get("units")) or args.units or None, timeout=timeout,
                               question=_shown(row.get("question")) or args.question)
    except MathInputError as exc:
        return _undecided(out, str(exc))
    return {**out, "equivalent": verdict.equivalent, "kind": verdict.kind, "reason": verdict.reason,
            "normalized": verdict.normalized_answer,
            "normalized_reference": verdict.normalized_reference}


def _check_file(args: argparse.Namespace, timeout: float) -> int:
    if args.out not in (None, "-") and Path(args.out).suffix.lower() not in (".csv", ".jsonl"):
        raise GradingError(f"Cannot write {args.out}: use a .csv or .jsonl file name.")
    results = [_row_verdict(row, args, timeout) for row in _rows(args.file)]
    if args.out is None:
        for number, result in enumerate(results, 1):
            print(f"{number}: {result['kind']}: {result['reason']}")
    elif args.out == "-":
        for result in results:
            print(json.dumps(result, ensure_ascii=False))
    else:
        _write(Path(args.out), results)
    return 0


def _write(path: Path, results: list[dict]) -> None:
    """Write every verdict to a temporary file beside ``path``, then move it into place."""
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent or ".",
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            try:
                _dump(handle, path.suffix.lower(), results)
            except BaseException:
                handle.close()
                temporary.unlink(missing_ok=True)
                raise
        os.replace(temporary, path)
    except OSError as exc:
        raise GradingError(f"Could not write {path}: {exc.strerror or exc}") from exc
    print(f"Wrote {len(results)} verdicts to {path}", file=sys.stderr)


def _dump(handle: TextIO, suffix: str, results: list[dict]) -> None:
    if suffix == ".jsonl":
        for result in results:
            handle.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(handle, fieldnames=OUT_FIELDS)
    writer.writeheader()
    for result in results:
        shown = {True: "true", False: "false", None: ""}[result["equivalent"]]
        writer.writerow({**result, "equivalent": shown})
