"""The grading engine on the real llama.cpp with the tiny model, and a SIGKILL mid-batch."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor_app.config import load_settings
from tutor_app.grading import job_results, run_job, start_job, student_detail

ROOT = Path(__file__).parents[2]
CLASS = ROOT / "sample_problems" / "class"
KEY = CLASS / "key.csv"
STUDENTS = ["ana", "ben", "chen", "dana", "eli", "fay"]

pytestmark = pytest.mark.slow


@pytest.fixture
def tiny_env(tiny_model_files, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    model, mmproj = tiny_model_files
    values = {
        "TUTOR_MODEL": str(model),
        "TUTOR_MMPROJ": str(mmproj),
        "TUTOR_BACKEND": "local",
        "TUTOR_MAX_TOKENS": "192",
        "TUTOR_N_CTX": "4096",
        "TUTOR_IMAGE_SHORT_SIDE": "128",
        "TUTOR_SEED": "7",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_tiny_model_grades_or_flags_everyone(tiny_env: dict[str, str]) -> None:
    settings = load_settings()
    job = start_job(settings, CLASS, key=KEY)
    summary = run_job(settings, job)
    # Each student in one state: graded or needing review (whatever the random model wrote), or unreadable.
    assert (summary.status, summary.students, summary.graded + summary.flagged, summary.errors) == ("done", 6, 5, 1)
    rows = job_results(settings, job)
    assert [(r["student"], r["question"]) for r in rows] == [
        (s, q) for s in STUDENTS for q in ("1", "2", "3")
    ]
    for row in rows:
        assert row["points"] in (0.0, row["max_points"])
        assert row["feedback"]
        if row["verdict"] is None:
            assert row["needs_review"] is True
    assert all(r["needs_review"] for r in rows if r["student"] == "eli")
    assert student_detail(settings, job, "ben")["status"] == "done"


def _completions(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COALESCE(SUM(completions), 0) FROM submissions").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_batch_then_resume(tiny_env: dict[str, str], data_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, **tiny_env}
    command = [sys.executable, "-m", "tutor_app.cli", "grade", str(CLASS), "--key", str(KEY),
               "--out", str(tmp_path / "out")]
    db = data_dir / "grading.sqlite3"
    first = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while _completions(db) < 2 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.communicate(timeout=30)
    killed_at = _completions(db)
    assert 2 <= killed_at < 6, "the first run should die mid-batch"

    second = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=240, check=False
    )
    assert second.returncode == 0, second.stderr
    assert "Resuming job 1." in second.stderr

    with sqlite3.connect(db) as conn:
        subs = conn.execute("SELECT student, status, completions FROM submissions ORDER BY position").fetchall()
        results = conn.execute("SELECT student, COUNT(*) FROM results GROUP BY student ORDER BY student").fetchall()
    assert [(s, c) for s, _, c in subs] == [(s, 1) for s in STUDENTS]
    assert {status for _, status, _ in subs} <= {"done", "error"}
    assert results == [(s, 3) for s in STUDENTS]
    with (tmp_path / "out" / "gradebook.csv").open(encoding="utf-8-sig") as handle:
        cells = [(r["student"], r["question"]) for r in csv.DictReader(handle)]
    assert cells == [(s, q) for s in STUDENTS for q in ("1", "2", "3")]


def test_a_long_pdf_is_graded_in_parts_and_the_class_goes_on(tiny_env: dict[str, str], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.unit.test_grading_pages import pdf

    # Six A4 pages at 768 px cost about 4,900 vision tokens: one request would overflow 2,048.
    monkeypatch.setenv("TUTOR_N_CTX", "2048")
    monkeypatch.delenv("TUTOR_IMAGE_SHORT_SIDE")
    (tmp_path / "ana_scan.pdf").write_bytes(pdf(*[(595, 842)] * 6))
    (tmp_path / "ben_page1.png").write_bytes((CLASS / "ben_page1.png").read_bytes())
    settings = load_settings()
    job = start_job(settings, tmp_path, key=KEY)
    summary = run_job(settings, job)
    assert (summary.status, summary.students, summary.graded + summary.flagged + summary.errors) == ("done", 2, 2)
    # Before, the one request overflowed the context and the run stopped at ana for good.
    assert student_detail(settings, job, "ana")["status"] == "done"
    assert student_detail(settings, job, "ben")["status"] in ("done", "error")
