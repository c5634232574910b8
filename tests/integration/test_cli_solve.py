"""`tutor solve` end to end, as a real process on the tiny model."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.support.cli import run_tutor

pytestmark = pytest.mark.slow


def run_solve(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return run_tutor("solve", *args, data_dir=data_dir)


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pictures") / "problem.png"
    Image.new("RGB", (400, 300), (255, 255, 255)).save(path)
    return path


def model_args(files: tuple[Path, Path]) -> list[str]:
    return ["-m", str(files[0]), "--mmproj", str(files[1])]


def test_image_question_prints_only_the_answer(
    tiny_model_files: tuple[Path, Path], picture: Path, data_dir: Path
) -> None:
    args = [str(picture), "-p", "Solve it.", "-n", "24", "--seed", "1", *model_args(tiny_model_files)]
    done = run_solve(*args, data_dir=data_dir)
    assert (done.returncode, done.stderr) == (0, "")
    answer = done.stdout.removesuffix("\n")
    assert "\n" not in answer
    assert answer and all(32 <= ord(c) < 127 for c in answer)
    assert "llama_model_loader" in (data_dir / "logs" / "llama.log").read_text()


def test_text_only_question_and_sampling_flags(tiny_model_files: tuple[Path, Path], data_dir: Path) -> None:
    args = ["-p", "What is 7 x 8?", "-n", "12", "--temp", "0", "--top-k", "1", "--top-p", "0.5"]
    args += ["--preset", "text", *model_args(tiny_model_files)]
    first = run_solve(*args, data_dir=data_dir)
    second = run_solve(*args, data_dir=data_dir)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout == second.stdout
    assert len(first.stdout) > 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing image", r"tutor: The image .*nope\.png does not exist\."),
        ("text as image", r"tutor: This file is text, not an image\."),
        ("missing model", r"tutor: The model file .*gone\.gguf does not exist\."),
        ("text as model", r"tutor: The model file .*notes\.gguf is not a GGUF model file"),
        ("truncated model", r"tutor: The model file .*cut\.gguf is cut short or damaged"),
        ("swapped files", r"tutor: The model file .* is a `clip` model, not `qwen3vl`\."),
        ("bad flag value", r"tutor: Invalid settings \(top_p: Input should be less than or equal to 1\)"),
    ],
)
def test_user_errors_exit_2_with_one_line(
    case: str,
    message: str,
    tiny_model_files: tuple[Path, Path],
    picture: Path,
    tmp_path: Path,
    data_dir: Path,
) -> None:
    model, mmproj = tiny_model_files
    notes = tmp_path / "notes.gguf"
    notes.write_text("my notes\n")
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(model.read_bytes()[:5000])
    args = {
        "missing image": [str(tmp_path / "nope.png"), *model_args(tiny_model_files)],
        "text as image": [str(notes), *model_args(tiny_model_files)],
        "missing model": [str(picture), "-m", str(tmp_path / "gone.gguf"), "--mmproj", str(mmproj)],
        "text as model": [str(picture), "-m", str(notes), "--mmproj", str(mmproj)],
        "truncated model": [str(picture), "-m", str(cut), "--mmproj", str(mmproj)],
        "swapped files": [str(picture), "-m", str(mmproj), "--mmproj", str(model)],
        "bad flag value": [str(picture), "--top-p", "3", *model_args(tiny_model_files)],
    }[case]
    done = run_solve(*args, "-p", "Hello", data_dir=data_dir)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert re.match(message, done.stderr)


def test_make_tiny_then_solve(tmp_path: Path, data_dir: Path) -> None:
    made = run_tutor("model", "make-tiny", str(tmp_path / "tiny"), data_dir=data_dir)
    assert (made.returncode, made.stderr) == (0, "")
    model, mmproj = made.stdout.splitlines()
    assert (Path(model).name, Path(mmproj).name) == ("tiny-qwen3vl.gguf", "mmproj-tiny-qwen3vl.gguf")
    done = run_solve("-p", "Hi", "-n", "4", "-m", model, "--mmproj", mmproj, data_dir=data_dir)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(done.stdout) > 1
