"""`tutor eval` end to end: problem files in, per-problem and overall reports out, runs compared."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from tests.support.cli import run_tutor
from tests.support.slot_server import slot_server
from tutor_app.errors import ConfigError
from tutor_app.measure.evaluate import EvalRun, load_problems
from tutor_app.samples import list_samples, samples_folder
from tutor_app.tutoring import Mode

ROOT = Path(__file__).parents[2]


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("id,image,text,answer,language\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_sample_index_is_read_with_images_and_modes() -> None:
    problems = load_problems(samples_folder())
    samples = list_samples()
    assert [p.id for p in problems] == [s.id for s in samples]
    assert all(p.image is not None and p.image.is_file() for p in problems)
    assert {p.id for p in problems if p.mode is Mode.DIAGRAM} == {s.id for s in samples if s.kind == "diagram"}
    assert next(p for p in problems if p.id == "zh-pencils").language == "zh"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["a,,,x = 1,en"], "line 2: each problem needs an answer and an image or a text"),
        (["a,,Solve x + 1 = 2,,en"], "line 2: each problem needs an answer and an image or a text"),
        (["a,missing.png,,1,en"], "line 2: the image"),
        ([], "holds no problems"),
    ],
)
def test_bad_csv_rows_are_refused_with_the_line(tmp_path: Path, rows: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_problems(write_csv(tmp_path / "problems.csv", rows))


def test_a_folder_without_problems_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="has no index.json and no CSV files"):
        load_problems(tmp_path)


def test_eval_against_a_server_checks_each_answer_and_compares_runs(tmp_path: Path) -> None:
    problems = write_csv(
        tmp_path / "problems.csv",
        [
            "right,,Solve 3x + 5 = 20,x = 5,en",
            "wrong,,Solve 3x + 6 = 20,x = 14/3,en",
            f"photo,{ROOT / 'sample_problems' / 'linear-equation.png'},,x = 5,en",
        ],
    )
    with slot_server(1, 0.0) as server:
        env = {**os.environ, "TUTOR_BACKEND": "openai", "TUTOR_OPENAI_URL": server.url}
        first = run_tutor("eval", str(problems), "--out", str(tmp_path / "a"), env=env)
        second = run_tutor("eval", str(tmp_path), "--out", str(tmp_path / "b"), env=env)
        requests = server.requests
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert requests == 2 * 4  # the photo is transcribed first; text problems are solved at once
    run = EvalRun.from_json(tmp_path / "a" / "eval.json")
    assert [(r.id, r.final_answer, r.correct) for r in run.results] == [
        ("right", "x = 5", True),
        ("wrong", "x = 5", False),
        ("photo", "x = 5", True),
    ]
    assert run.results[2].transcription.startswith("Subtract 5 from both sides")
    assert all(r.prompt_tokens == 100 * (2 if r.id == "photo" else 1) for r in run.results)
    assert all(r.completion_tokens > 0 and r.seconds >= 0 for r in run.results)
    with (tmp_path / "a" / "eval.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["correct"]) for r in rows] == [("right", "True"), ("wrong", "False"), ("photo", "True")]
    markdown = (tmp_path / "a" / "eval.md").read_text(encoding="utf-8")
    assert "| right | x = 5 | x = 5 | ✓ " in markdown
    assert "**2 of 3 correct (67%)**" in markdown
    assert first.stdout == markdown

    compared = run_tutor("eval", "--compare", str(tmp_path / "a" / "eval.json"), str(tmp_path / "b" / "eval.json"))
    assert compared.returncode == 0, compared.stderr
    assert "| wrong | ✗ x = 5 | ✗ x = 5 |" in compared.stdout
    assert "0 problem(s) changed between the two runs." in compared.stdout
    assert compared.stdout.count("2/3 correct (67%)") == 2


def test_compare_refuses_a_file_that_is_not_a_run(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({"hello": 1}), encoding="utf-8")
    result = run_tutor("eval", "--compare", str(tmp_path / "x.json"), str(tmp_path / "x.json"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"tutor: {tmp_path / 'x.json'} is not an eval.json written by `tutor eval`")


def test_eval_defaults_to_the_shipped_samples(data_dir: Path) -> None:
    with slot_server(4, 0.0) as server:
        env = {**os.environ, "TUTOR_BACKEND": "openai", "TUTOR_OPENAI_URL": server.url}
        result = run_tutor("eval", env=env)
    assert result.returncode == 0, result.stderr
    (out,) = (data_dir / "eval").iterdir()
    assert out.name.endswith("-qwen3-vl")
    run = EvalRun.from_json(out / "eval.json")
    assert run.source == str(samples_folder())
    assert [r.id for r in run.results] == [s.id for s in list_samples()]
    # The server always answers x = 5: right only for the problem whose answer that is.
    assert {r.id for r in run.results if r.correct} == {"linear-equation"}
    assert f"**1 of {len(run.results)} correct" in result.stdout


@pytest.mark.slow
def test_eval_runs_the_tiny_model_end_to_end(tiny_model_files, tmp_path: Path) -> None:
    model, mmproj = tiny_model_files
    problems = write_csv(
        tmp_path / "problems.csv",
        [f"photo,{ROOT / 'sample_problems' / 'fractions.png'},,17/12,en", "typed,,Solve 3x + 5 = 20,x = 5,en"],
    )
    result = run_tutor("eval", str(problems), "-m", str(model), "--mmproj", str(mmproj), "--max-tokens", "16",
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    run = EvalRun.from_json(tmp_path / "out" / "eval.json")
    assert [r.id for r in run.results] == ["photo", "typed"]
    assert run.model == model.name and run.backend == "local"
    # Random weights answer nonsense, but every problem is read, answered, counted and timed.
    photo, typed = run.results
    assert photo.transcription and typed.transcription == "Solve 3x + 5 = 20"
    assert all(r.completion_tokens > 0 and r.prompt_tokens > 0 and r.seconds > 0 for r in run.results)
    # The photo costs its vision tokens twice (reading, then solving) on top of the text.
    assert photo.prompt_tokens > typed.prompt_tokens
    assert "of 2 correct" in result.stdout
