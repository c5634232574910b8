"""`tutor grade`: grade a folder of homework photos with a progress bar; `tutor passcode`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from tutor_app.cli.bar import show_bar
from tutor_app.config import load_settings
from tutor_app.errors import ConfigError
from tutor_app.grading import (
    Progress,
    export_job,
    job_summary,
    list_jobs,
    preview_job,
    open_job,
    run_job,
    start_job,
)
from tutor_app.grading.jobs import Preview
from tutor_app.grading.passcode import set_passcode
from tutor_app.grading.roster import DEFAULT_PATTERN
from tutor_app.grading.texts import duration

def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `grade` and `passcode` sub-commands."""
    grade = subparsers.add_parser(
        "grade",
        help="grade a folder (or ZIP) of homework photos; run again to resume",
        description="Grade every student's homework in FOLDER. Running the same command again "
        "continues an unfinished job without redoing finished students.",
    )
    grade.add_argument("folder", type=Path, nargs="?", help="folder or ZIP of homework photos/PDFs")
    grade.add_argument("--key", type=Path, help="answer key CSV (see sample_problems/class/README.md)")
    grade.add_argument("--out", type=Path, help="folder for the gradebook, feedback sheets and summary")
    grade.add_argument(
        "--pattern", default=DEFAULT_PATTERN, help=f"file-name pattern (default {DEFAULT_PATTERN})"
    )
    grade.add_argument("--lang", choices=("en", "zh"), help="feedback language (default: settings)")
    grade.add_argument("--new", action="store_true", help="start a new job even if one can resume")
    grade.add_argument(
        "--dry-run", action="store_true",
        help="list the students, their pages, unmatched files and key questions; grade nothing",
    )
    grade.add_argument("--list", action="store_true", help="list grading jobs and exit")
    grade.add_argument("--model", type=Path, help="language-model GGUF file")
    grade.add_argument("--mmproj", type=Path, help="vision encoder GGUF file")
    grade.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="students in flight at once on an OpenAI-compatible server (default 4; "
        "the local backend grades one at a time)",
    )
    grade.set_defaults(func=grade_command)

    passcode = subparsers.add_parser(
        "passcode", help="set the Teacher page passcode (stored hashed in the config file)"
    )
    passcode.set_defaults(func=passcode_command)


def grade_command(args: argparse.Namespace) -> int:
    """Start or resume a grading job, show progress, export; 0 when every file was graded or flagged."""
    settings = load_settings(model=args.model, mmproj=args.mmproj, concurrency=args.concurrency)
    if args.list:
        for job in list_jobs(settings):
            print(
                f"{job['id']}\t{job['status']}\t{job['graded']}+{job['errors']}/{job['students']}\t"
                f"{job['source']}"
            )
        return 0
    if args.folder is None:
        raise ConfigError("Give the homework FOLDER (or ZIP) to grade, or --list.")
    if args.dry_run:
        _print_preview(preview_job(settings, args.folder, key=args.key, pattern=args.pattern))
        return 0
    lang = args.lang or settings.language
    how = {"key": args.key, "pattern": args.pattern, "lang": lang, "out_dir": args.out}
    if args.new:
        job_id, created = start_job(settings, args.folder, **how), True
    else:
        job_id, created = open_job(settings, args.folder, **how)
    if created:
        print(f"Job {job_id} started.", file=sys.stderr)
    else:
        print(f"Resuming job {job_id}.", file=sys.stderr)
    if (args.concurrency or 1) > 1 and settings.parallel_requests == 1:
        print(
            "The local model answers one request at a time, so students are graded one after "
            "another; --concurrency applies to a server (TUTOR_BACKEND=openai).",
            file=sys.stderr,
        )
    summary = run_job(settings, job_id, progress=_show_progress)
    print(file=sys.stderr)
    paths = export_job(settings, job_id, args.out)
    summary = job_summary(settings, job_id)
    print(
        f"Job {job_id}: {summary.graded} graded, {summary.flagged} need review, "
        f"{summary.errors} unreadable, {summary.unmatched_files} unmatched file(s) "
        f"of {summary.students} students ({summary.status})."
    )
    print(f"Gradebook: {paths['gradebook']} (for an LMS: {paths['gradebook_wide']})")
    print(f"Feedback sheets: {paths['feedback']}")
    print(f"Summary: {paths['summary']}")
    return 0 if summary.complete else 1


def _print_preview(preview: Preview) -> None:
    print(f"{len(preview.submissions)} student(s) in {preview.folder}:")
    for sub in preview.submissions:
        print(f"  {sub.student}: {', '.join(str(f.relative_to(preview.folder)) for f in sub.files)}")
    for student in preview.nested_classes:
        print(
            f"Warning: the subfolder {student} is taken as one student, but its files are named like several "
            "students; give that folder instead."
        )
    if preview.unmatched:
        print(f"{len(preview.unmatched)} file(s) match no student and would not be graded:")
        for path in preview.unmatched:
            print(f"  {path.relative_to(preview.folder)}")
    if preview.key:
        print("Answer key questions (points): " + ", ".join(f"{i.question} ({i.points:g})" for i in preview.key))
    else:
        print("No answer key: the model would solve each question it finds.")


def _show_progress(p: Progress) -> None:
    eta = f"ETA {duration(p.eta_seconds)}" if p.eta_seconds is not None else "ETA --"
    current = f" {p.current}" if p.current else ""
    show_bar(p.files_done / max(p.files_total, 1), f"{p.files_done}/{p.files_total} files {eta}{current}")


def passcode_command(args: argparse.Namespace) -> int:
    """Ask for a new Teacher page passcode twice and save its hash."""
    try:
        first = getpass.getpass("New Teacher page passcode (at least 6 characters; a short phrase is best): ")
        second = getpass.getpass("Repeat it: ")
    except EOFError:
        # Input ended (a closed pipe, Ctrl-D): there is nothing to save.
        raise ConfigError(
            "No passcode was typed (the input ended); nothing was saved. Run `tutor passcode` in a "
            "terminal and type the new passcode twice."
        ) from None
    if first != second:
        raise ConfigError("The two passcodes differ; nothing was saved.")
    print(f"Passcode saved (hashed) in {set_passcode(first)}.")
    return 0
