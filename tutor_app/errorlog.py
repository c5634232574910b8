"""The app's error log: each unexpected error with a short reference that a teacher can look up."""

from __future__ import annotations

import secrets
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path

_lock = threading.Lock()


def log_error(path: Path, error: BaseException) -> str:
    """Append ``error`` and its traceback to the log at ``path`` (and stderr); return its reference."""
    reference = secrets.token_hex(3)
    entry = (
        f"{datetime.now().isoformat(timespec='seconds')} error {reference}\n"
        + "".join(traceback.format_exception(error))
    )
    with _lock:
        # The terminal that runs `tutor app` shows it too, and keeps it when the log cannot be written.
        print(entry, file=sys.stderr, end="")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(entry)
        except OSError as exc:
            print(f"tutor: could not write the error log {path}: {exc}", file=sys.stderr)
    return reference
