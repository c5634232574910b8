"""Folders and files that hold student work, readable by this computer account only.

Student names, photos and grades live under the data folder; under a umask of
022 they would be readable by every account on a shared school computer.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700 folders; existing folders are left as they are."""
    target = Path(path)
    missing = []
    path = target
    while not path.exists() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            # Another process made it between the check and here.
            continue
    return target


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing, and make it readable and writable by its owner only."""
    path = Path(path)
    try:
        # O_EXCL: an existing file is never opened here. Closing a second descriptor of an
        # SQLite database would drop the locks this process's connections hold on it.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    os.chmod(path, FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new file that only its owner can read."""
    path = Path(path)
    private_folder(path.parent)
    # The mode is given at creation, so no byte is ever readable by others.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(path, FILE_MODE)
    return path


def readable_by_others(path: Path) -> bool:
    """True when a group or other account may read or write ``path`` (always False on Windows)."""
    return os.name == "posix" and bool(Path(path).stat().st_mode & 0o077)
