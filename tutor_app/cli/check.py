"""`tutor check`: is an answer equivalent to the expected one, and why? One pair or a whole file."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tutor_app.errors import GradingError, MathInputError, TutorError
from tutor_app.mathcheck.verdict import FORMS

EXIT_CODES = {True: 0, False: 1, None: 2}
# Not 2, which means "could not decide": a script must tell a bad call from an undecided answer.
USAGE_ERROR = 64
OUT_FIELDS = ("reference", "answer", "equivalent", "kind", "reason", "normalized",
              "normalized_reference")


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
                        "columns reference, answer and optional tolerance, form, units.")
    parser.add_argument("--out", help="Write one verdict per row to this .csv or .jsonl file "
                        "('-': JSONL on stdout).")
    parser.add_argument("--tolerance", type=float, help="Allowed numeric error (relative by default).")
    parser.add_argument("--absolute", action="store_true", help="The tolerance is absolute, not relative.")
    parser.add_argument("--sig-figs", type=int, help="Compare numbers to this many significant figures.")
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
    if args.file is not None:
        if args.reference is not None:
            raise GradingError("Give REFERENCE ANSWER or --file, not both.")
        return _check_file(args)
    if args.out is not None:
        raise GradingError("--out is only used with --file.")
    if args.reference is None or args.answer is None:
        raise GradingError("Give the expected answer and the answer: tutor check REFERENCE ANSWER "
                           "(or --file answers.csv).")
    from tutor_app.mathcheck import check_answer

    verdict = check_answer(args.reference, args.answer, tolerance=args.tolerance,
                           relative=not args.absolute, sig_figs=args.sig_figs, form=args.form,
                           units=args.units, timeout=args.timeout)
    print(f"{verdict.kind}: {verdict.reason}")
    if verdict.normalized_answer:
        print(f"  expected: {verdict.normalized_reference}")
        print(f"  answer:   {verdict.normalized_answer}")
    return EXIT_CODES[verdict.equivalent]


def _rows(path: Path) -> Iterator[dict]:
    """The rows of a CSV or JSONL file, as dictionaries."""
    suffix = path.suffix.lower()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GradingError(f"Could not open {path}: {exc.strerror or exc}") from exc
    with handle:
        if suffix == ".csv":
            reader = csv.DictReader(handle)
            missing = {"reference", "answer"} - set(reader.fieldnames or [])
            if missing:
                raise GradingError(f"{path} has no {' or '.join(sorted(missing))} column; the first "
                                   "line must name the columns (reference,answer,...).")
            yield from reader
        elif suffix in (".jsonl", ".ndjson"):
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GradingError(f"{path} line {number} is not valid JSON: {exc.msg}.") from exc
                if not isinstance(row, dict) or "reference" not in row or "answer" not in row:
                    raise GradingError(f"{path} line {number} needs \"reference\" and \"answer\" fields.")
                yield row
        else:
            raise GradingError(f"{path} is not a .csv or .jsonl file.")


def _row_verdict(row: dict, args: argparse.Namespace) -> dict:
    from tutor_app.mathcheck import check_answer

    out = {"reference": str(row.get("reference") or ""), "answer": str(row.get("answer") or "")}
    try:
        tolerance = row.get("tolerance")
        tolerance = float(tolerance) if tolerance not in (None, "") else args.tolerance
        form = row.get("form") or args.form or None
        units = row.get("units") or args.units or None
        verdict = check_answer(out["reference"], out["answer"], tolerance=tolerance,
                               relative=not args.absolute, sig_figs=args.sig_figs, form=form,
                               units=units, timeout=args.timeout)
    except ValueError:
        return {**out, "equivalent": None, "kind": "undecided", "reason":
                f"The tolerance '{row.get('tolerance')}' is not a number.", "normalized": "",
                "normalized_reference": ""}
    except MathInputError as exc:
        return {**out, "equivalent": None, "kind": "undecided", "reason": str(exc),
                "normalized": "", "normalized_reference": ""}
    return {**out, "equivalent": verdict.equivalent, "kind": verdict.kind, "reason": verdict.reason,
            "normalized": verdict.normalized_answer,
            "normalized_reference": verdict.normalized_reference}


def _check_file(args: argparse.Namespace) -> int:
    results = [_row_verdict(row, args) for row in _rows(args.file)]
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
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise GradingError(f"Cannot write {path}: use a .csv or .jsonl file name.")
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            if suffix == ".jsonl":
                for result in results:
                    handle.write(json.dumps(result, ensure_ascii=False) + "\n")
                return
            writer = csv.DictWriter(handle, fieldnames=OUT_FIELDS)
            writer.writeheader()
            for result in results:
                shown = {True: "true", False: "false", None: ""}[result["equivalent"]]
                writer.writerow({**result, "equivalent": shown})
    except OSError as exc:
        raise GradingError(f"Could not write {path}: {exc.strerror or exc}") from exc
    print(f"Wrote {len(results)} verdicts to {path}", file=sys.stderr)
