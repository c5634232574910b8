"""One runner per grading job, and a dead or silent runner never blocks the job."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor_app.config import Settings, load_settings
from tutor_app.errors import GradingError
from tutor_app.grading import lease, run_job, start_job
from tutor_app.grading.storage import connect

CLASS = Path(__file__).parents[2] / "sample_problems" / "class"


@pytest.fixture
def job() -> tuple[Settings, int]:
    settings = load_settings()
    return settings, start_job(settings, CLASS, key=None, pattern="{student}_{anything}.{ext}", lang="en", out_dir=None)


def set_runner(settings: Settings, job_id: int, runner: str, beat: float) -> None:
    with connect(settings) as conn, conn:
        conn.execute("UPDATE jobs SET runner=?, heartbeat=? WHERE id=?", (runner, beat, job_id))


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_second_runner_is_refused_while_the_first_holds_the_job(job) -> None:
    settings, job_id = job
    assert not lease.is_held(settings, job_id)
    with lease.hold(settings, job_id):
        assert lease.is_held(settings, job_id)
        with pytest.raises(GradingError, match=rf"Job {job_id} is being graded right now by another program"):
            with lease.hold(settings, job_id):
                pass
    assert not lease.is_held(settings, job_id)
    with lease.hold(settings, job_id):
        pass


def test_a_killed_runner_on_this_computer_is_taken_over(job) -> None:
    settings, job_id = job
    set_runner(settings, job_id, f"{socket.gethostname()}:{dead_pid()}:abc", time.time())
    assert not lease.is_held(settings, job_id)
    with lease.hold(settings, job_id):
        assert lease.is_held(settings, job_id)


@pytest.mark.parametrize(("age", "held"), [(1.0, True), (lease.STALE_S + 1, False)])
def test_a_runner_elsewhere_holds_until_its_heartbeat_goes_stale(job, age: float, held: bool) -> None:
    settings, job_id = job
    set_runner(settings, job_id, "another-laptop:4242:abc", time.time() - age)
    assert lease.is_held(settings, job_id) is held


def test_run_job_refuses_a_job_another_runner_holds(job) -> None:
    settings, job_id = job
    with lease.hold(settings, job_id):
        with pytest.raises(GradingError, match="is being graded right now"):
            run_job(settings, job_id, backend=object())
    with connect(settings) as conn:
        assert [r["status"] for r in conn.execute("SELECT status FROM submissions WHERE job_id=?", (job_id,))] == [
            "pending"
        ] * 6
