"""`tutor grade` and `tutor passcode`: arguments, messages, exit codes (the full run is the crash test)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.support.cli import run_tutor
from tests.support.grading_class import CLASS
from tutor_app.cli import main
from tutor_app.cli.grade import _show_progress
from tutor_app.grading.texts import duration
from tutor_app.config import config_path
from tutor_app.grading import Progress
from tutor_app.grading.passcode import verify_passcode


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grade"], "tutor: Give the homework FOLDER (or ZIP) to grade, or --list.\n"),
        (["grade", "/no/such/class"], "tutor: /no/such/class does not exist; give the homework folder or a ZIP of it.\n"),
        (["grade", ".", "--pattern", "{name}.{ext}"], (
            "tutor: Unknown placeholder {name} in the file-name pattern '{name}.{ext}'; "
            "use {student}, {anything} and {ext}.\n"
        )),
    ],
)
def test_grade_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == message


def test_list_without_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--list"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("progress", "line"),
    [
        (Progress(1, 0, 7, 0, 6, "ana", 0.0, None), "[..............................] 0/7 files ETA -- ana"),
        (Progress(1, 3, 7, 2, 6, "", 10.0, 13.4), "[############..................] 3/7 files ETA 0:13"),
        (Progress(1, 7, 7, 6, 6, "", 10.0, 3725.0), "[##############################] 7/7 files ETA 1:02:05"),
    ],
)
def test_progress_line(progress: Progress, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    _show_progress(progress)
    assert capsys.readouterr().err == "\r" + line.ljust(100)


def test_duration() -> None:
    assert [duration(s) for s in (0, 59.6, 61, 3600)] == ["0:00", "1:00", "1:01", "1:00:00"]


def test_passcode_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["blue whale", "blue whale"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["passcode"]) == 0
    assert capsys.readouterr().out == f"Passcode saved (hashed) in {config_path()}.\n"
    stored = tomllib.loads(Path(config_path()).read_text())["teacher_passcode_hash"]
    assert verify_passcode("blue whale", stored)


def test_passcode_mismatch(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["blue whale", "blue wale"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["passcode"]) == 2
    assert capsys.readouterr().err == "tutor: The two passcodes differ; nothing was saved.\n"
    assert not Path(config_path()).exists()


def test_passcode_with_input_ended(data_dir: Path) -> None:
    done = run_tutor("passcode", data_dir=data_dir, stdin="")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.endswith(
        "tutor: No passcode was typed (the input ended); nothing was saved. Run `tutor passcode` in a "
        "terminal and type the new passcode twice.\n"
    )
    assert "Traceback" not in done.stderr
    assert not (data_dir / "config.toml").exists()


def test_grade_dry_run_lists_the_roster_and_grades_nothing(data_dir: Path) -> None:
    done = run_tutor("grade", str(CLASS.parent), "--dry-run", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"1 student(s) in {CLASS.parent}:"
    assert lines[1].startswith("  class: class/ana_homework.jpg, class/ben_page1.png, ")
    assert lines[2].startswith("Warning: the subfolder class is taken as one student")
    assert lines[3] == "15 file(s) match no student and would not be graded:"
    assert lines[-1] == "No answer key: the model would solve each question it finds."
    done = run_tutor("grade", str(CLASS), "--key", str(CLASS / "key.csv"), "--dry-run", data_dir=data_dir)
    assert done.stdout.splitlines()[-1] == "Answer key questions (points): 1 (2), 2 (2), 3 (3)"
    assert "  ben: ben_page1.png, ben_page2.png" in done.stdout.splitlines()
    assert not (data_dir / "grading.sqlite3").exists() or run_tutor(
        "grade", "--list", data_dir=data_dir
    ).stdout == ""
