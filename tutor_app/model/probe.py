"""Try a model pair in a child process before this one loads it.

Some damaged files pass every header check and still make llama.cpp abort the
whole process (GGML_ASSERT, a segfault): in the app that left the model threads
hung and every question waiting. A child that loads the pair and generates one
token from a tiny image dies in our place, and its death becomes a message.
A pair that passed is remembered by path, size and modification time.

Run as ``python -m tutor_app.model.probe MODEL [MMPROJ] ...`` by ``probe_model``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import ModelFileError, TutorError
from tutor_app.i18n import Text
from tutor_app.private import private_folder

# Loading an 8B model from a slow disk takes minutes; a probe that never ends is a hang.
TIMEOUT_S = 600.0
CACHE_NAME = "model-probe.json"
# Without a line in ggml's "file:line: message" form, the child's last lines are the detail.
TAIL_LINES = 3
# ggml_abort prints "ops.cpp:4132: GGML_ASSERT(eps >= 0.0f) failed", then a debugger's backtrace attempt.
_GGML_ABORT = re.compile(r"^\S+:\d+: (.+)$")
OK = "ok"


def _stamp(path: Path | None) -> list:
    if path is None:
        return [None]
    stat = path.stat()
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


def _cache_key(model: Path, mmproj: Path | None, settings: Settings) -> str:
    return json.dumps(
        [*_stamp(model), *_stamp(mmproj), settings.n_ctx, settings.n_gpu_layers, settings.flash_attn]
    )


def _cache_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "cache" / CACHE_NAME


def _passed(settings: Settings) -> list[str]:
    try:
        passed = json.loads(_cache_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return passed if isinstance(passed, list) else []


def _remember(settings: Settings, key: str) -> None:
    path = _cache_path(settings)
    try:
        private_folder(path.parent)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps([*_passed(settings)[-20:], key]), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        # Not remembering only costs another probe next time.
        return


def _command(model: Path, mmproj: Path | None, settings: Settings) -> list[str]:
    return [
        sys.executable, "-m", "tutor_app.model.probe", str(model), *([str(mmproj)] if mmproj else []),
        "--data-dir", str(settings.data_dir),
        "--n-ctx", str(settings.n_ctx),
        "--n-gpu-layers", str(settings.n_gpu_layers),
        *(["--n-threads", str(settings.n_threads)] if settings.n_threads else []),
        "--flash-attn" if settings.flash_attn else "--no-flash-attn",
    ]


def _death(returncode: int) -> Text:
    if returncode < 0:
        try:
            return Text("probe.crashed", signal=signal.Signals(-returncode).name)
        except ValueError:
            return Text("probe.crashed", signal=f"signal {-returncode}")
    return Text("probe.exited", code=returncode)


def probe_model(settings: Settings, model: Path, mmproj: Path | None) -> None:
    """Load the pair and generate one token in a child process; raise ModelFileError if that fails."""
    key = _cache_key(model, mmproj, settings)
    if key in _passed(settings):
        return
    files = Text("probe.pair", model=model, mmproj=mmproj) if mmproj else model
    try:
        child = subprocess.run(
            _command(model, mmproj, settings), capture_output=True, text=True, errors="replace",
            timeout=TIMEOUT_S, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ModelFileError(key="probe.timeout", files=files, seconds=f"{TIMEOUT_S:g}") from exc
    if child.returncode == 0 and child.stdout.strip().endswith(OK):
        _remember(settings, key)
        return
    lines = [line for line in child.stderr.splitlines() if line.strip()]
    if child.returncode == 2 and lines:
        # The child's own TutorError: already a message a person can act on.
        raise ModelFileError(lines[-1])
    aborts = [found.group(1) for found in map(_GGML_ABORT.match, lines) if found]
    detail = aborts[0] if aborts else " / ".join(lines[-TAIL_LINES:]) or "no message"
    raise ModelFileError(key="probe.damaged", files=files, death=_death(child.returncode), detail=detail)


def _tiny_image() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (64, 64), "white")
    ImageDraw.Draw(image).line((8, 32, 56, 32), fill="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """The child: load the pair, generate one token, print 'ok'; a TutorError exits 2 with its message."""
    from tutor_app.config import load_settings
    from tutor_app.model.base import ChatRequest, Message, Sampling
    from tutor_app.model.local import LocalBackend

    parser = argparse.ArgumentParser(prog="python -m tutor_app.model.probe")
    parser.add_argument("model", type=Path)
    parser.add_argument("mmproj", type=Path, nargs="?")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--n-ctx", type=int, required=True)
    parser.add_argument("--n-gpu-layers", type=int, required=True)
    parser.add_argument("--n-threads", type=int)
    parser.add_argument("--flash-attn", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(
            data_dir=args.data_dir, n_ctx=args.n_ctx, n_gpu_layers=args.n_gpu_layers,
            n_threads=args.n_threads, flash_attn=args.flash_attn,
        )
        backend = LocalBackend(settings, args.model, args.mmproj, probe=False)
        images = (_tiny_image(),) if args.mmproj else ()
        request = ChatRequest((Message("user", "Hi", images),), Sampling(max_tokens=1, seed=0))
        for _ in backend.stream(request):
            pass
        backend.close()
    except TutorError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(OK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
