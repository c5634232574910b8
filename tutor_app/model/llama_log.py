"""Send llama.cpp's and mtmd's own log lines to a file instead of the terminal.

Both print to stderr even with ``verbose=False``; a student's terminal (and
`tutor solve`'s output) must show only answers, so their log callbacks are
pointed at ``<data_dir>/logs/llama.log``.
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path
from typing import IO

from tutor_app.private import private_folder

# Past this size the log is moved to llama.log.1 when a process starts logging.
MAX_LOG_BYTES = 5 * 1024 * 1024

_lock = threading.RLock()
_state: dict[str, object] = {"path": None, "file": None, "callback": None}


def _write(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
    # Under the lock so a switch of log file never writes to a closed one.
    with _lock:
        handle = _state["file"]
        if handle is not None:
            handle.write(text.decode("utf-8", errors="replace"))


def _open(path: Path) -> IO[str]:
    private_folder(path.parent)
    if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
        path.replace(path.with_name(path.name + ".1"))
    return path.open("a", encoding="utf-8", buffering=1)


def route_llama_logs(path: Path) -> Path:
    """Make llama.cpp and mtmd log to ``path`` (process-wide); return the path."""
    import llama_cpp
    import llama_cpp.mtmd_cpp as mtmd_cpp

    with _lock:
        if _state["path"] == path:
            return path
        old = _state["file"]
        _state["file"] = _open(path)
        _state["path"] = path
        if old is not None:
            old.close()
        if _state["callback"] is None:
            # ctypes must keep the callback object alive as long as C may call it.
            callback = llama_cpp.llama_log_callback(_write)
            _state["callback"] = callback
            llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
            mtmd_cpp.mtmd_log_set(callback, ctypes.c_void_p(0))
            mtmd_cpp.mtmd_helper_log_set(callback, ctypes.c_void_p(0))
    return path
