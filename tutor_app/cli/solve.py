"""`tutor solve`: ask the model about images of a problem, answer streamed to stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor_app.config import load_settings
from tutor_app.errors import ImageError
from tutor_app.model.ask import ask, sampling_for
from tutor_app.model.backends import close_backend, get_backend
from tutor_app.model.base import PRESETS
from tutor_app.model.images import read_limited


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `tutor solve`."""
    parser = subparsers.add_parser(
        "solve",
        help="Ask the model about images of a problem (or text alone).",
        description="Streams the model's answer to stdout; everything else goes to stderr.",
    )
    parser.add_argument("images", nargs="*", type=Path, metavar="IMAGE", help="Image files.")
    parser.add_argument("-p", "--prompt", required=True, help="The question to ask.")
    parser.add_argument("-m", "--model", type=Path, help="Language-model GGUF file.")
    parser.add_argument("--mmproj", type=Path, help="Vision encoder (mmproj) GGUF file.")
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="Sampling preset (default: vision with images, text without).",
    )
    parser.add_argument("--temp", type=float, help="Sampling temperature.")
    parser.add_argument("--top-k", type=int, help="Top-k sampling.")
    parser.add_argument("--top-p", type=float, help="Top-p (nucleus) sampling.")
    parser.add_argument("-n", "--max-tokens", type=int, help="Most new tokens in the answer.")
    parser.add_argument("--seed", type=int, help="Sampling seed, for repeatable answers.")
    parser.set_defaults(func=solve)


def _read(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise ImageError(f"The image {path} {what}.")
    return read_limited(path, max_bytes)


def solve(args: argparse.Namespace) -> int:
    """Stream the answer to stdout."""
    settings = load_settings(
        model=args.model,
        mmproj=args.mmproj,
        preset=args.preset or (None if args.images else "text"),
        temperature=args.temp,
        top_k=args.top_k,
        top_p=args.top_p,
        max_tokens=args.max_tokens,
        seed=args.seed,
    )
    sampling = sampling_for(settings)
    images = [_read(path, settings.max_upload_mb * 2**20) for path in args.images]
    try:
        backend = get_backend(settings)
        for chunk in ask(backend, args.prompt, images, sampling=sampling, settings=settings):
            sys.stdout.write(chunk)
            sys.stdout.flush()
        sys.stdout.write("\n")
    finally:
        close_backend()
    return 0
