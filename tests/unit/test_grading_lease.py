"""One runner per grading job, and a dead or silent runner never blocks the job."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor_app.config import Settings, load_settings
from tutor_app.errors import GradingError
from tutor_app.grading import lease, run_job, start_job
from tutor_app.grading.storage import connect
from tutor_app.model.base import ChatRequest

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
        with pytest.raises(GradingError, match=rf"Job {job_id} is being graded right now by another program") as err:
            with lease.hold(settings, job_id):
                pass
        assert err.value.said("zh") == f"任务 {job_id} 正由另一个程序（进程 {os.getpid()}）批改。请等它完成，或先在那里暂停。"
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


class TakeoverBackend:
    """While it reads the first student, another program takes the job (a stale heartbeat would allow it)."""

    name = "takeover"
    supports_vision = True
    supports_streaming = True

    def __init__(self, settings: Settings, job_id: int) -> None:
        self.settings, self.job_id, self.calls = settings, job_id, 0

    def stream(self, request: ChatRequest) -> Iterator[str]:
        self.calls += 1
        if self.calls == 1:
            set_runner(self.settings, self.job_id, "another-laptop:4242:abc", time.time())
            # The runner must notice at its next heartbeat and cancel this answer.
            request.cancel.wait(10)
        yield json.dumps({"readable": True, "questions": []})


def test_a_runner_whose_heartbeat_fails_stops_grading(job, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, job_id = job
    monkeypatch.setattr(lease, "HEARTBEAT_S", 0.05)
    backend = TakeoverBackend(settings, job_id)
    with pytest.raises(GradingError) as err:
        run_job(settings, job_id, backend=backend)
    assert str(err.value) == (
        f"Job {job_id} stopped: its progress could not be recorded in the grading database, so another "
        "program may have taken the job over. Run it again to resume."
    )
    assert err.value.said("zh") == (
        f"任务 {job_id} 已停止：批改进度无法写入批改数据库，可能已有另一个程序接手了这个任务。再次运行即可继续。"
    )
    assert backend.calls == 1
    with connect(settings) as conn:
        assert conn.execute("SELECT runner FROM jobs WHERE id=?", (job_id,)).fetchone()[0] == "another-laptop:4242:abc"
        assert {r["status"] for r in conn.execute("SELECT status FROM submissions WHERE job_id=?", (job_id,))} == {
            "running", "pending"
        }
        assert conn.execute("SELECT COUNT(*) FROM results WHERE job_id=?", (job_id,)).fetchone()[0] == 0


def test_a_database_error_in_the_heartbeat_stops_the_runner(job, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, job_id = job
    monkeypatch.setattr(lease, "HEARTBEAT_S", 0.05)
    stop = threading.Event()

    def broken(_settings: Settings) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with lease.hold(settings, job_id, stop) as lost:
        monkeypatch.setattr(lease, "connect", broken)
        assert lost.wait(5)
        assert stop.is_set()
        monkeypatch.undo()
