"""Who handed in what: files grouped per student, from names, subfolders or a ZIP."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from tutor_app.errors import GradingError
from tutor_app.private import FILE_MODE, private_folder

DEFAULT_PATTERN = "{student}_{anything}.{ext}"
EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff", "heic", "heif", "pdf"}
)
PLACEHOLDERS = {
    "student": r"(?P<student>.+?)",
    "anything": r".*",
    "ext": r"(?P<ext>[A-Za-z0-9]+)",
}
# A ZIP may hold at most this many times the upload limit once unpacked (zip bombs).
UNPACK_FACTOR = 10
# 40 students x 20 pages is 800 files; a ZIP with far more entries is a mistake or an attack.
MAX_ZIP_ENTRIES = 5000


@dataclass(frozen=True)
class Submission:
    """One student's pages, in reading order."""

    student: str
    files: tuple[Path, ...]


@dataclass(frozen=True)
class Roster:
    """The submissions found in a source, plus the files no student could be matched to."""

    submissions: tuple[Submission, ...]
    unmatched: tuple[Path, ...] = field(default=())


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Turn a file-name pattern such as ``{student}_{anything}.{ext}`` into a regex."""
    parts = re.split(r"(\{[^{}]*\})", pattern)
    regex = []
    for part in parts:
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            if name not in PLACEHOLDERS:
                raise GradingError(key="roster.placeholder", part=part, pattern=repr(pattern))
            regex.append(PLACEHOLDERS[name])
        elif "{" in part or "}" in part:
            raise GradingError(key="roster.brace", pattern=repr(pattern))
        else:
            regex.append(re.escape(part))
    if "{student}" not in pattern:
        raise GradingError(key="roster.no_student", pattern=repr(pattern))
    try:
        return re.compile("".join(regex))
    except re.error as exc:
        raise GradingError(key="roster.invalid", pattern=repr(pattern), detail=exc) from exc


def natural_key(name: str) -> list:
    """Sort key that puts ``page2`` before ``page10``."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def find_submissions(folder: Path, pattern: str = DEFAULT_PATTERN) -> Roster:
    """Group a folder's pages by student: top-level files by name, subfolders by folder name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GradingError(key="roster.not_folder", folder=folder)
    regex = compile_pattern(pattern)
    pages: dict[str, list[Path]] = {}
    unmatched: list[Path] = []
    for entry in sorted(folder.iterdir(), key=lambda p: natural_key(p.name)):
        if entry.name.startswith((".", "__MACOSX")):
            continue
        if entry.is_dir():
            files = _candidates(entry)
            if files:
                pages.setdefault(entry.name, []).extend(files)
        elif _is_candidate(entry):
            match = regex.fullmatch(entry.name)
            # Only spaces are trimmed: a name that differs by a tab or CR is another student.
            student = match.group("student").strip(" ") if match else ""
            if student.strip():
                pages.setdefault(student, []).append(entry)
            else:
                unmatched.append(entry)
    submissions = tuple(
        Submission(student, tuple(files))
        for student, files in sorted(pages.items(), key=lambda kv: natural_key(kv[0]))
    )
    if not submissions and not unmatched:
        raise GradingError(
            key="roster.no_files", folder=folder, extensions=", ".join(sorted(EXTENSIONS)), pattern=pattern
        )
    return Roster(submissions, tuple(unmatched))


def _candidates(folder: Path) -> list[Path]:
    found = [p for p in folder.rglob("*") if _is_candidate(p) and not _hidden(p, folder)]
    return sorted(found, key=lambda p: natural_key(str(p.relative_to(folder))))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in path.relative_to(root).parts)


def _is_candidate(path: Path) -> bool:
    return path.is_file() and path.suffix.lower().lstrip(".") in EXTENSIONS


def unpack_zip(archive: Path, into: Path, *, max_bytes: int, max_entries: int = MAX_ZIP_ENTRIES) -> Path:
    """Safely unpack a ZIP of homework into ``into/<digest>``; return that folder."""
    archive = Path(archive)
    try:
        digest = _digest(archive)
        with zipfile.ZipFile(archive) as zf:
            entries = zf.infolist()
            if len(entries) > max_entries:
                raise GradingError(
                    key="roster.zip_entries", name=archive.name, entries=len(entries), limit=max_entries
                )
            members = [m for m in entries if not m.is_dir()]
            total = sum(m.file_size for m in members)
            if total > max_bytes:
                raise GradingError(
                    key="roster.zip_size", name=archive.name, size=total // 2**20, limit=max_bytes // 2**20
                )
            target = Path(into) / digest
            if target.is_dir():
                return target
            staging = Path(into) / f".{digest}.partial"
            shutil.rmtree(staging, ignore_errors=True)
            private_folder(staging)
            try:
                for member in members:
                    _extract(zf, member, staging, archive.name)
                staging.replace(target)
            except BaseException:
                # A half-unpacked class must not be mistaken for a whole one, nor fill the disk.
                shutil.rmtree(staging, ignore_errors=True)
                raise
            return target
    except zipfile.BadZipFile as exc:
        raise GradingError(key="roster.not_zip", name=archive.name, detail=exc) from exc
    except OSError as exc:
        raise GradingError(f"Could not unpack {archive.name}: {exc.strerror or exc}.") from exc


def _digest(archive: Path) -> str:
    digest = hashlib.sha256()
    with archive.open("rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _extract(zf: zipfile.ZipFile, member: zipfile.ZipInfo, staging: Path, name: str) -> None:
    destination = _destination(staging, member.filename, name)
    private_folder(destination.parent)
    with zf.open(member) as src, os.fdopen(
        os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb"
    ) as dst:
        shutil.copyfileobj(src, dst)


def _destination(staging: Path, member: str, name: str) -> Path:
    """Where ``member`` lands, refused unless it stays inside ``staging`` on any system."""
    # `/x.jpg`, `C:x.jpg` and `..\x.jpg` are relative on one system and escape on another.
    windows, posix = PureWindowsPath(member), PurePosixPath(member)
    unsafe = (
        not member
        or windows.drive
        or windows.root
        or posix.is_absolute()
        or ".." in windows.parts
        or ".." in posix.parts
    )
    destination = (staging / PurePosixPath(*windows.parts)).resolve() if not unsafe else None
    if destination is None or not destination.is_relative_to(staging.resolve()):
        raise GradingError(key="roster.unsafe_path", name=name, member=repr(member))
    return destination
