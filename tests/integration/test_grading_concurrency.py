"""Grading against a server with N parallel slots: N students in flight, each saved once, resume after a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.grading_class import KEY, completions, make_batch
from tests.support.slot_server import slot_server
from tests.support.servers import free_port
from tutor_app.config import load_settings
from tutor_app.grading import job_summary, run_job, start_job
from tutor_app.grading.review import job_results
from tutor_app.grading.storage import connect
from tutor_app.mathcheck import warm_up

STUDENTS = 8
# Long enough that preparing a student's pages (slow on a loaded test machine) cannot keep
# four workers from overlapping at the server.
HOLD = 1.5


def _grade(tmp_path: Path, slots: int, concurrency: int) -> tuple[float, int, int]:
    """Wall time, the most requests the server saw at once, and how many it got."""
    batch = tmp_path / f"class-{concurrency}"
    make_batch(batch, STUDENTS)
    with slot_server(slots, HOLD) as server:
        settings = load_settings(backend="openai", openai_url=server.url, concurrency=concurrency)
        job = start_job(settings, batch, key=KEY)
        started = time.perf_counter()
        summary = run_job(settings, job)
        wall = time.perf_counter() - started
    assert summary.status == "done"
    assert (summary.graded, summary.errors) == (STUDENTS, 0)
    with connect(settings) as conn:
        rows = conn.execute(
            "SELECT student, completions, attempts FROM submissions WHERE job_id=? ORDER BY position", (job,)
        ).fetchall()
        points = conn.execute("SELECT SUM(points), COUNT(*) FROM results WHERE job_id=?", (job,)).fetchone()
    roster = [f"s{i:03d}" for i in range(STUDENTS)]
    assert [r["student"] for r in rows] == roster
    # Saved in the order they finished, shown in roster order.
    assert [r["student"] for r in job_results(settings, job)] == [s for s in roster for _ in range(3)]
    assert {(r["completions"], r["attempts"]) for r in rows} == {(1, 1)}
    # Every page gets the same correct transcription: full marks (2 + 2 + 3) for everyone.
    assert tuple(points) == (7.0 * STUDENTS, 3 * STUDENTS)
    return wall, server.max_in_flight, server.requests


@pytest.mark.slow
def test_four_at_once_keep_four_in_flight_and_take_well_under_half_the_sequential_time(tmp_path: Path) -> None:
    warm_up()
    sequential, most_alone, requests = _grade(tmp_path, 4, 1)
    parallel, most, _ = _grade(tmp_path, 4, 4)
    assert (most_alone, most) == (1, 4)
    assert requests == 2 * STUDENTS  # a transcription and a feedback request per student
    # About 1/4 in theory; the bound is generous for a loaded test machine.
    assert parallel < 0.5 * sequential, (parallel, sequential)


@pytest.mark.slow
def test_more_concurrency_than_slots_waits_at_the_server(tmp_path: Path) -> None:
    warm_up()
    _, most, _ = _grade(tmp_path, 2, 4)
    assert most == 4  # the client keeps 4 in flight; the server serves 2 and holds 2


@pytest.mark.slow
def test_a_kill_with_four_in_flight_grades_nobody_twice(tmp_path: Path, data_dir: Path) -> None:
    batch = tmp_path / "class"
    make_batch(batch, 12)
    with slot_server(4, 1.0) as server:
        env = {**os.environ, "TUTOR_BACKEND": "openai", "TUTOR_OPENAI_URL": server.url}
        command = [sys.executable, "-m", "tutor_app.cli", "grade", str(batch), "--key", str(KEY),
                   "--concurrency", "4", "--out", str(tmp_path / "out")]
        first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        db = data_dir / "grading.sqlite3"
        deadline = time.monotonic() + 120
        while not (completions(db) >= 2 and server.in_flight == 4):
            assert first.poll() is None, first.stderr.read().decode()
            assert time.monotonic() < deadline, "grading never had four requests in flight"
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait()
        with sqlite3.connect(db) as conn:
            in_flight = conn.execute("SELECT COUNT(*) FROM submissions WHERE status='running'").fetchone()[0]
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "Resuming job 1." in second.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT completions, attempts, status FROM submissions").fetchall()
        results = conn.execute("SELECT COUNT(*), COUNT(DISTINCT student || '/' || question) FROM results").fetchone()
    assert len(rows) == 12
    assert {(c, s) for c, _, s in rows} == {(1, "done")}
    assert results == (36, 36)
    # Exactly the four students in flight at the kill were asked again; the finished ones were not.
    assert in_flight == 4
    assert sorted(attempts for _, attempts, _ in rows) == [1] * 8 + [2] * 4
    assert job_summary(load_settings(), 1).status == "done"


@pytest.mark.slow
def test_a_server_that_goes_down_pauses_the_job_and_flags_nobody(tmp_path: Path, data_dir: Path) -> None:
    batch = tmp_path / "class"
    make_batch(batch, 8)
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    env = {**os.environ, "TUTOR_BACKEND": "openai", "TUTOR_OPENAI_URL": url}
    command = [sys.executable, "-m", "tutor_app.cli", "grade", str(batch), "--key", str(KEY),
               "--concurrency", "2", "--out", str(tmp_path / "out")]
    db = data_dir / "grading.sqlite3"
    with slot_server(2, 0.5, port=port):
        first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while completions(db) < 2:
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "no student was graded"
            time.sleep(0.01)
    # The server is gone: the students still to come cannot be asked.
    _, said = first.communicate(timeout=120)
    assert first.returncode == 2, said
    # Refused for the students still to come, or cut off for one asked as the server went down.
    assert "Grading paused: " in said and f"the model server at {url}" in said
    with sqlite3.connect(db) as conn:
        statuses = [s for (s,) in conn.execute("SELECT status FROM submissions")]
    assert "error" not in statuses and "pending" in statuses
    assert job_summary(load_settings(), 1).status == "paused"
    with slot_server(2, 0.1, port=port):
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT completions, status FROM submissions").fetchall()
    assert sorted(rows) == [(1, "done")] * 8
    summary = job_summary(load_settings(), 1)
    assert (summary.status, summary.graded, summary.errors) == ("done", 8, 0)
