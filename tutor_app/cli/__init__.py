"""The `tutor` command: one sub-command module per capability.

Each module in ``COMMANDS`` has ``register(subparsers)``, which adds its
sub-command and sets ``func`` (taking the parsed args, returning an exit code).
A ``TutorError`` becomes a one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from tutor_app import __version__
from tutor_app.errors import TutorError

COMMANDS = ("solve", "model", "check", "speak", "grade", "app", "serve", "bench", "eval")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog="tutor", description="A local-first AI math and science tutor."
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"tutor_app.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `tutor` console script."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # A sub-command may have its own exit code for usage errors (`tutor check`).
        getattr(args, "usage_error", parser.error)(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except TutorError as exc:
        print(f"tutor: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tutor: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
