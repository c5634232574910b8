"""Download a catalogue entry from the Hugging Face hub, resuming partial files."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from huggingface_hub import get_token, hf_hub_url

from tutor_app import __version__
from tutor_app.errors import DownloadError
from tutor_app.i18n import Text
from tutor_app.model.catalogue import HUB_URL, CatalogueEntry, manual_steps
from tutor_app.private import private_folder

# Called with (file name, bytes done, bytes total or None) as data arrives.
Progress = Callable[[str, int, "int | None"], None]

_GB = 1024**3
# Offline must fail in seconds, but a slow hub or CDN mid-file is normal.
_CONNECT_TIMEOUT_S = 5.0
_READ_TIMEOUT_S = 60.0
_ATTEMPTS = 4
_RETRY_PAUSE_S = 1.0
# The catalogue sizes are estimates; keep room for them being low and for the OS.
_DISK_MARGIN = 1.1
_DISK_RESERVE_BYTES = _GB // 2
_TRUE = {"1", "on", "yes", "true"}


def hub_endpoint() -> str:
    """The hub to download from: ``HF_ENDPOINT`` (a mirror) or huggingface.co."""
    return os.environ.get("HF_ENDPOINT", HUB_URL).rstrip("/")


def offline_mode() -> bool:
    """Whether the user asked huggingface_hub tools to stay offline."""
    return any(
        os.environ.get(name, "").lower() in _TRUE
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def part_path(target: Path) -> Path:
    """Where the unfinished download of ``target`` is kept until it completes."""
    return target.with_name(target.name + ".part")


def check_disk_space(entry: CatalogueEntry, folder: Path) -> None:
    """Refuse the download when ``folder``'s disk cannot hold what is still missing."""
    needed = 0
    for target, gb in zip(entry.paths(folder), (entry.model_gb, entry.mmproj_gb), strict=True):
        if not target.is_file():
            partial = part_path(target).stat().st_size if part_path(target).is_file() else 0
            needed += max(int(gb * _GB * _DISK_MARGIN) - partial, 0)
    if needed == 0:
        return
    free = shutil.disk_usage(folder).free
    if free < needed + _DISK_RESERVE_BYTES:
        raise DownloadError(key="download.no_space", folder=folder, label=entry.label,
                            needed=f"{(needed + _DISK_RESERVE_BYTES) / _GB:.1f}", free=f"{free / _GB:.1f}")


def _offline_error(entry: CatalogueEntry, folder: Path, why: Text) -> DownloadError:
    return DownloadError(key="download.cannot", what=entry.label, why=why, steps=manual_steps(entry, folder))


def _http_error(
    response: httpx.Response, filename: str, entry: CatalogueEntry, folder: Path
) -> DownloadError:
    code = response.status_code
    if code in (401, 403):
        why = Text("download.why.refused")
    elif code == 404:
        why = Text("download.why.no_file", repo=entry.repo, filename=filename)
    else:
        why = Text("download.why.http", code=code)
    return DownloadError(key="download.cannot", what=filename, why=why, steps=manual_steps(entry, folder))


def _stream_once(
    client: httpx.Client,
    url: str,
    part: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> int | None:
    """Append the rest of ``url`` to ``part``; return the full size when the server said it."""
    name = part.name.removesuffix(".part")
    done = part.stat().st_size if part.is_file() else 0
    headers = {"Range": f"bytes={done}-"} if done else {}
    with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 416:
            # The part file is not a prefix of the current file (or is all of it): start over.
            part.unlink()
            return _stream_once(client, url, part, progress, cancel)
        response.raise_for_status()
        if response.status_code != 206:
            done = 0
        length = response.headers.get("Content-Length")
        total = done + int(length) if length is not None else None
        with part.open("ab" if done else "wb") as out:
            for chunk in response.iter_bytes():
                if cancel is not None and cancel.is_set():
                    raise DownloadError(key="download.cancelled", name=name, kept=f"{done / _GB:.2f}")
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(name, done, total)
    return total


def _fetch(
    client: httpx.Client,
    entry: CatalogueEntry,
    folder: Path,
    filename: str,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    url = hf_hub_url(entry.repo, filename, endpoint=hub_endpoint())
    target = folder / filename
    part = part_path(target)
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            total = _stream_once(client, url, part, progress, cancel)
        except httpx.HTTPStatusError as exc:
            raise _http_error(exc.response, filename, entry, folder) from exc
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # Only a connection lost mid-file is worth retrying; no connection at all is offline.
            if attempt == 1:
                why = Text("download.why.no_connection", endpoint=hub_endpoint(), error=exc)
                raise _offline_error(entry, folder, why) from exc
            error: object = exc
        except httpx.TransportError as exc:
            error = exc
        except OSError as exc:
            raise DownloadError(key="download.cannot_write", part=part, reason=exc.strerror or exc) from exc
        else:
            size = part.stat().st_size
            if total is None or size == total:
                part.replace(target)
                return
            error = Text("download.ended_early", filename=filename, size=size, total=total)
        if attempt < _ATTEMPTS:
            time.sleep(_RETRY_PAUSE_S)
    kept = part.stat().st_size / _GB if part.is_file() else 0.0
    raise DownloadError(key="download.interrupted", filename=filename, error=error, kept=f"{kept:.2f}", part=part,
                        steps=manual_steps(entry, folder))


def download_model(
    entry: CatalogueEntry,
    folder: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[Path, Path]:
    """Fetch ``entry``'s model and mmproj into ``folder`` (resuming); return their paths."""
    try:
        private_folder(folder)
    except OSError as exc:
        raise DownloadError(key="download.no_folder", folder=folder, error=exc) from exc
    check_disk_space(entry, folder)
    missing = [path.name for path in entry.paths(folder) if not path.is_file()]
    if missing and offline_mode():
        raise _offline_error(entry, folder, Text("download.why.offline_mode"))
    token = get_token()
    # Identity encoding keeps Content-Length equal to the bytes written, for resuming.
    headers = {"User-Agent": f"tutor_app/{__version__}", "Accept-Encoding": "identity"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    timeout = httpx.Timeout(_READ_TIMEOUT_S, connect=_CONNECT_TIMEOUT_S)
    # Hub files redirect to a CDN; httpx drops the token on cross-origin redirects.
    with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
        for filename in missing:
            _fetch(client, entry, folder, filename, progress, cancel)
    return entry.paths(folder)
