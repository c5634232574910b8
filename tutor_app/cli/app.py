"""`tutor app`: start the Streamlit app."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"

# The same choices as .streamlit/config.toml, passed as flags so they hold
# whatever folder `tutor app` is started from.
STREAMLIT_FLAGS = (
    "--browser.gatherUsageStats=false",
    "--server.headless=true",
    "--server.runOnSave=false",
    "--server.fileWatcherType=none",
    "--client.toolbarMode=viewer",
    "--client.showErrorDetails=none",
    "--theme.base=light",
)


def streamlit_command(host: str, port: int, max_upload_mb: int) -> list[str]:
    """The `streamlit run` command line for the app."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        f"--server.address={host}",
        f"--server.port={port}",
        f"--server.maxUploadSize={max_upload_mb}",
        *STREAMLIT_FLAGS,
    ]


def run_app(args: argparse.Namespace) -> int:
    """Run the app until interrupted; returns streamlit's exit code."""
    from tutor_app.config import load_settings

    settings = load_settings()
    print(f"tutor: starting the app on http://{args.host}:{args.port}", file=sys.stderr)
    command = streamlit_command(args.host, args.port, settings.max_upload_mb)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `app` sub-command."""
    parser = subparsers.add_parser("app", help="start the Streamlit app")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this computer only)"
    )
    parser.set_defaults(func=run_app)
