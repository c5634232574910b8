"""`tutor model`: manage the model files."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `tutor model` and its sub-commands."""
    parser = subparsers.add_parser("model", help="Manage the model files.")
    actions = parser.add_subparsers(dest="model_command", metavar="ACTION")
    add_make_tiny(actions)


def add_make_tiny(actions: argparse._SubParsersAction) -> None:
    """Add `tutor model make-tiny FOLDER`."""
    parser = actions.add_parser(
        "make-tiny",
        help="Write a tiny random-weight Qwen3-VL model pair (for tests and demos).",
    )
    parser.add_argument("folder", type=Path, help="Folder to write the two GGUF files into.")
    parser.set_defaults(func=make_tiny)


def make_tiny(args: argparse.Namespace) -> int:
    """Write the tiny model pair and print the two paths."""
    from tutor_app.model.tiny import make_tiny_model

    model, mmproj = make_tiny_model(args.folder)
    print(model)
    print(mmproj)
    return 0
