"""Who is who: file-name patterns, subfolders, page order, ZIPs (safe unpacking)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from tutor_app.errors import GradingError
from tutor_app.grading.roster import (
    Submission,
    compile_pattern,
    find_submissions,
    unpack_zip,
)

CLASS = Path(__file__).parents[2] / "sample_problems" / "class"


@pytest.mark.parametrize(
    ("pattern", "name", "student"),
    [
        ("{student}_{anything}.{ext}", "ana_homework.jpg", "ana"),
        ("{student}_{anything}.{ext}", "mary_jane_p1.png", "mary"),
        ("{student}_{anything}.{ext}", "ana.jpg", None),
        ("{anything}-{student}.{ext}", "hw3-li.wei.png", "li.wei"),
        ("{student}.{ext}", "张伟.heic", "张伟"),
        ("hw (1) {student}.{ext}", "hw (1) bo.jpg", "bo"),
        ("hw (1) {student}.{ext}", "hwx(1) bo.jpg", None),
    ],
)
def test_patterns(pattern: str, name: str, student: str | None) -> None:
    match = compile_pattern(pattern).fullmatch(name)
    assert (match.group("student") if match else None) == student


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{name}_{anything}.{ext}", (
            "Unknown placeholder {name} in the file-name pattern "
            "'{name}_{anything}.{ext}'; use {student}, {anything} and {ext}."
        )),
        ("{anything}.{ext}", "The file-name pattern '{anything}.{ext}' must contain {student}."),
        ("{student.{ext}", "Unbalanced brace in the file-name pattern '{student.{ext}'."),
    ],
)
def test_bad_patterns(pattern: str, message: str) -> None:
    with pytest.raises(GradingError) as err:
        compile_pattern(pattern)
    assert str(err.value) == message


def test_sample_class() -> None:
    roster = find_submissions(CLASS)
    assert roster.unmatched == ()
    assert roster.submissions == (
        Submission("ana", (CLASS / "ana_homework.jpg",)),
        Submission("ben", (CLASS / "ben_page1.png", CLASS / "ben_page2.png")),
        Submission("chen", (CLASS / "chen_scan.pdf",)),
        Submission("dana", (CLASS / "dana_homework.jpg",)),
        Submission("eli", (CLASS / "eli_homework.jpg",)),
        Submission("fay", (CLASS / "fay_homework.jpg",)),
    )


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")


def test_subfolders_page_order_and_unmatched(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "bo/page10.jpg", "bo/page2.jpg", "bo/notes.txt", "bo/.hidden.jpg",
        "al_p2.png", "al_p1.png", "stray.jpg", "README.md", ".DS_Store", "__MACOSX/al_p1.png",
    )
    roster = find_submissions(tmp_path)
    assert roster.submissions == (
        Submission("al", (tmp_path / "al_p1.png", tmp_path / "al_p2.png")),
        Submission("bo", (tmp_path / "bo/page2.jpg", tmp_path / "bo/page10.jpg")),
    )
    assert roster.unmatched == (tmp_path / "stray.jpg",)


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    _touch(tmp_path, "key.csv")
    with pytest.raises(GradingError, match=r"No homework files in .*named like \{student\}_"):
        find_submissions(tmp_path)
    with pytest.raises(GradingError, match="is not a folder; give the folder holding the homework"):
        find_submissions(tmp_path / "nope")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_unpack_zip(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "class.zip", {"class/ana_1.jpg": b"a", "class/ben_1.jpg": b"b"})
    folder = unpack_zip(archive, tmp_path / "out", max_bytes=1000)
    assert sorted(p.name for p in (folder / "class").iterdir()) == ["ana_1.jpg", "ben_1.jpg"]
    assert unpack_zip(archive, tmp_path / "out", max_bytes=1000) == folder


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil.jpg": b"x"}, "class.zip contains the unsafe path '../evil.jpg'"),
        ({"big.jpg": b"0" * 5000}, "class.zip unpacks to 0 MB, more than the 0 MB allowed"),
    ],
)
def test_unsafe_zips(tmp_path: Path, members: dict[str, bytes], message: str) -> None:
    archive = _zip(tmp_path / "class.zip", members)
    with pytest.raises(GradingError) as err:
        unpack_zip(archive, tmp_path / "out", max_bytes=1000)
    assert str(err.value).startswith(message)
    assert not (tmp_path / "evil.jpg").exists()


def test_not_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "class.zip"
    archive.write_bytes(b"not a zip at all")
    with pytest.raises(GradingError, match="class.zip is not a readable ZIP file"):
        unpack_zip(archive, tmp_path / "out", max_bytes=1000)


@pytest.mark.parametrize("name", ["/x.jpg", "C:x.jpg", "C:/x.jpg", "\\x.jpg", "..\\x.jpg", "class\\..\\..\\x.jpg"])
def test_names_that_escape_on_any_system_are_refused(tmp_path: Path, name: str) -> None:
    archive = _zip(tmp_path / "class.zip", {"ana_1.jpg": b"a", name: b"x"})
    with pytest.raises(GradingError) as err:
        unpack_zip(archive, tmp_path / "out", max_bytes=1000)
    assert str(err.value) == (
        f"class.zip contains the unsafe path {name!r}; re-create the ZIP from the homework folder."
    )
    # Nothing half-unpacked stays behind to be mistaken for the class, or to fill the disk.
    assert list((tmp_path / "out").iterdir()) == []


def test_backslash_folders_unpack_as_folders(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "class.zip", {"class\\ana_1.jpg": b"a"})
    folder = unpack_zip(archive, tmp_path / "out", max_bytes=1000)
    assert (folder / "class" / "ana_1.jpg").read_bytes() == b"a"


def test_too_many_entries_are_refused_before_unpacking(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "class.zip", {f"empty_{i}.jpg": b"" for i in range(30)})
    with pytest.raises(GradingError) as err:
        unpack_zip(archive, tmp_path / "out", max_bytes=1000, max_entries=20)
    assert str(err.value) == (
        "class.zip holds 30 entries, more than the 20 allowed; a class's homework needs far fewer. "
        "Split it into smaller ZIPs."
    )
    assert not (tmp_path / "out").exists()


def test_the_archive_is_hashed_in_blocks_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _zip(tmp_path / "class.zip", {"ana_1.jpg": b"a"})
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self.name} was read whole into memory")

    monkeypatch.setattr(Path, "read_bytes", whole)
    folder = unpack_zip(archive, tmp_path / "out", max_bytes=1000)
    assert folder.name == digest


def test_names_differing_by_a_leading_tab_or_cr_are_different_students(tmp_path: Path) -> None:
    for name in ("ana_1.jpg", "\tana_1.jpg", "\rana_1.jpg", " ana_2.jpg"):
        (tmp_path / name).write_bytes(b"x")
    roster = find_submissions(tmp_path)
    assert sorted(s.student for s in roster.submissions) == ["\tana", "\rana", "ana"]
    assert [len(s.files) for s in sorted(roster.submissions, key=lambda s: s.student)] == [1, 1, 2]
