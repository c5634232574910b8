"""`tutor serve`: serve the model to other laptops over an OpenAI-compatible API (llama-server when installed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_PORT = 8080


def serve(args: argparse.Namespace) -> int:
    """Validate the model files and serve them until interrupted."""
    from tutor_app.config import DEFAULT_SERVER_CONCURRENCY, load_settings
    from tutor_app.model.server import run_server

    settings = load_settings(model=args.model, mmproj=args.mmproj)
    parallel = args.parallel or settings.concurrency or DEFAULT_SERVER_CONCURRENCY

    def announce(line: str, slots: int) -> None:
        print(f"tutor: {line}", file=sys.stderr)
        print(
            f"tutor: on each laptop set TUTOR_BACKEND=openai, "
            f"TUTOR_OPENAI_URL=http://<this computer's address>:{args.port}/v1 "
            f"and TUTOR_CONCURRENCY={slots}",
            file=sys.stderr,
            flush=True,
        )

    try:
        return run_server(settings, args.host, args.port, announce, engine=args.engine, parallel=parallel)
    except KeyboardInterrupt:
        return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` sub-command."""
    parser = subparsers.add_parser(
        "serve", help="serve the model to other laptops (OpenAI-compatible API)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: this computer only; 0.0.0.0 for the whole network)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    parser.add_argument("-m", "--model", type=Path, help="language-model GGUF file")
    parser.add_argument("--mmproj", type=Path, help="vision encoder (mmproj) GGUF file")
    parser.add_argument(
        "--parallel",
        type=int,
        metavar="N",
        help="requests answered at once by llama-server (default: the concurrency setting, 4)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "llama-server", "python"),
        default="auto",
        help="auto: llama.cpp's llama-server when it is on PATH, else llama-cpp-python's server",
    )
    parser.set_defaults(func=serve)
