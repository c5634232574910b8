"""Student names, photos and grades are readable by this computer account only."""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.grading_class import CLASS, KEY, SampleClassBackend
from tutor_app.classroom import tls
from tutor_app.config import load_settings
from tutor_app.grading import export_job, run_job, start_job
from tutor_app.grading.roster import unpack_zip
from tutor_app.grading.storage import connect, database_path
from tutor_app.ui.batches import prepare_batch, start_batch

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def shared_umask() -> Iterator[None]:
    # The usual umask, under which new files are readable by every account.
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def fresh_data(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = data_dir / "new" / "tutor_app"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(folder))
    return folder


def test_data_folder_and_grading_database(fresh_data: Path) -> None:
    settings = load_settings()
    with connect(settings):
        pass
    assert (mode(fresh_data.parent), mode(fresh_data), mode(database_path(settings))) == (0o700, 0o700, 0o600)


def test_an_existing_database_is_made_private(fresh_data: Path) -> None:
    fresh_data.mkdir(parents=True)
    database = database_path(load_settings())
    database.write_bytes(b"")
    database.chmod(0o644)
    with connect(load_settings()):
        pass
    assert mode(database) == 0o600


def test_exports(fresh_data: Path, tmp_path: Path) -> None:
    settings = load_settings()
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=SampleClassBackend(settings))
    paths = export_job(settings, job)
    folder = fresh_data / "exports" / f"job-{job}"
    assert {mode(folder), mode(folder / "feedback")} == {0o700}
    assert {mode(path) for path in paths.values()} == {0o600}


def test_uploads(fresh_data: Path) -> None:
    settings = load_settings()
    photo = (CLASS / "ana_homework.jpg").read_bytes()
    batch = prepare_batch(
        settings, [("ana_homework.jpg", photo)], key=("key.csv", KEY.read_bytes()), pattern="{student}_{anything}.{ext}"
    )
    start_batch(settings, batch, lang="en")
    uploads = fresh_data / "uploads"
    files = [p for p in uploads.rglob("*") if p.is_file()]
    folders = [uploads, *(p for p in uploads.rglob("*") if p.is_dir())]
    assert sorted(p.name for p in files) == ["ana_homework.jpg", "key.csv"]
    assert {mode(p) for p in files} == {0o600}
    assert {mode(p) for p in folders} == {0o700}


def test_unpacked_zip(tmp_path: Path) -> None:
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("class/ana/page1.jpg", b"a")
    folder = unpack_zip(archive, tmp_path / "out" / "uploads", max_bytes=1000)
    assert [mode(p) for p in (folder.parent, folder, folder / "class", folder / "class" / "ana")] == [0o700] * 4
    assert mode(folder / "class" / "ana" / "page1.jpg") == 0o600


def test_a_tls_key_others_could_read_is_replaced_not_reused(tmp_path: Path) -> None:
    first = tls.ensure_certificate(tmp_path / "tls", ["192.168.1.5"])
    assert mode(tmp_path / "tls") == 0o700
    first.key_path.chmod(0o644)
    second = tls.ensure_certificate(tmp_path / "tls", ["192.168.1.5"])
    assert second.created is True
    assert second.fingerprint != first.fingerprint
    assert mode(second.key_path) == 0o600
    assert tls.ensure_certificate(tmp_path / "tls", ["192.168.1.5"]).created is False
