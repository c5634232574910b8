"""A new grading batch from the Teacher page: a folder on this computer, or uploads saved privately, previewed first."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import GradingError, TutorError
from tutor_app.grading import start_job
from tutor_app.grading.jobs import Preview, preview_job, uploads_root
from tutor_app.grading.keys import parse_key
from tutor_app.private import private_folder, write_private

Upload = tuple[str, bytes]


def check_key(key: Upload) -> None:
    """Raise GradingError naming the problem when an uploaded answer key cannot be used."""
    name, data = key
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GradingError(key="batch.key_not_utf8", name=name) from None
    parse_key(text, source=name)


@dataclass(frozen=True)
class Batch:
    """A checked batch waiting for the teacher's Start: its homework, key, and what grading would find."""

    homework: Path
    key: Path | None
    pattern: str
    preview: Preview
    # The private folder holding its uploads (and key), if any.
    folder: Path | None


def prepare_batch(settings: Settings, source: str | list[Upload], *, key: Upload | None, pattern: str) -> Batch:
    """Check a folder path or uploaded files (photos, PDFs or one ZIP) and preview them; record no job."""
    if isinstance(source, str) and not source.strip():
        raise GradingError(key="batch.no_folder")
    if isinstance(source, list):
        _check_uploads(source)
    if key is not None:
        check_key(key)
    uploading = isinstance(source, list)
    folder = _private_folder(settings) if uploading or key is not None else None
    try:
        homework = _save_uploads(folder, source) if uploading else Path(source.strip()).expanduser()
        key_path = _write(folder / "key.csv", key[1]) if key is not None else None
        preview = preview_job(settings, homework, key=key_path, pattern=pattern)
        _check_names(preview, pattern)
    except TutorError:
        # A batch that could not be read leaves nothing behind; the teacher tries again.
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return Batch(homework, key_path, pattern, preview, folder)


def start_batch(settings: Settings, batch: Batch, *, lang: str) -> int:
    """Record the job of a previewed batch; return its id."""
    return start_job(settings, batch.homework, key=batch.key, pattern=batch.pattern, lang=lang)


def discard_batch(batch: Batch) -> None:
    """Delete the uploads of a batch that was previewed but never started."""
    if batch.folder is not None:
        shutil.rmtree(batch.folder, ignore_errors=True)


def save_key(settings: Settings, key: Upload) -> Path:
    """Check an uploaded answer key and keep it in a private folder; return its path."""
    check_key(key)
    folder = _private_folder(settings)
    return _write(folder / "key.csv", key[1])


def _check_names(preview: Preview, pattern: str) -> None:
    # A job in which no file names a student would grade nothing: say so before recording it.
    if not preview.submissions:
        names = ", ".join(p.name for p in preview.unmatched[:3])
        raise GradingError(key="batch.no_match", folder=preview.folder, pattern=pattern, names=names)


def _check_uploads(files: list[Upload]) -> None:
    if not files:
        raise GradingError(key="batch.no_uploads")
    names = [_safe_name(name) for name, _ in files]
    zips = [n for n in names if n.lower().endswith(".zip")]
    if zips and len(files) > 1:
        raise GradingError(key="batch.zip_alone")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise GradingError(key="batch.same_name", name=twice[0])


def _safe_name(name: str) -> str:
    # Browsers send a bare name, but a crafted request could send a path.
    cleaned = Path(name.replace("\\", "/")).name
    if cleaned in ("", ".", ".."):
        raise GradingError(key="batch.bad_name", name=repr(name))
    return cleaned


def _private_folder(settings: Settings) -> Path:
    root = uploads_root(settings)
    try:
        private_folder(root)
        # mkdtemp gives each batch its own folder, readable only by this user.
        return Path(tempfile.mkdtemp(prefix="batch-", dir=root))
    except OSError as exc:
        raise GradingError(
            f"Could not create a folder for the uploads in {root}: {exc.strerror or exc}."
        ) from exc


def _save_uploads(folder: Path, files: list[Upload]) -> Path:
    if len(files) == 1 and files[0][0].lower().endswith(".zip"):
        return _write(folder / _safe_name(files[0][0]), files[0][1])
    for name, data in files:
        _write(folder / "homework" / _safe_name(name), data)
    return folder / "homework"


def _write(path: Path, data: bytes) -> Path:
    try:
        write_private(path, data)
    except OSError as exc:
        raise GradingError(f"Could not save the upload {path.name}: {exc.strerror or exc}.") from exc
    return path
