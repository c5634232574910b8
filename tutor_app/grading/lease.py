"""Which process grades a job: one at a time, so no student is graded twice.

The page and `tutor grade` can both be pointed at the same job. The runner
claims the job in the database and refreshes a heartbeat while it works; a
claim whose process has died (on this computer) or whose heartbeat is stale
can be taken over, so a killed run never blocks the job.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psutil

from tutor_app.config import Settings
from tutor_app.errors import GradingError
from tutor_app.grading.storage import connect

HEARTBEAT_S = 5.0
STALE_S = 30.0


def _alive(runner: str) -> bool:
    host, pid, _ = runner.split(":", 2)
    if host != socket.gethostname():
        return True
    return psutil.pid_exists(int(pid))


def _taken(runner: str | None, beat: float | None) -> bool:
    return bool(runner) and _alive(runner) and time.time() - (beat or 0.0) < STALE_S


def is_held(settings: Settings, job_id: int) -> bool:
    """Whether a live runner (any process, this one included) is grading the job now."""
    with connect(settings) as conn:
        row = conn.execute("SELECT runner, heartbeat FROM jobs WHERE id=?", (job_id,)).fetchone()
    return row is not None and _taken(row["runner"], row["heartbeat"])


def _claim(settings: Settings, job_id: int, me: str) -> None:
    with connect(settings) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT runner, heartbeat FROM jobs WHERE id=?", (job_id,)).fetchone()
            runner = row["runner"]
            if _taken(runner, row["heartbeat"]):
                pid = runner.split(":", 2)[1]
                raise GradingError(key="jobs.held", job=job_id, pid=pid)
            conn.execute("UPDATE jobs SET runner=?, heartbeat=? WHERE id=?", (me, time.time(), job_id))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _beat(settings: Settings, job_id: int, me: str, done: threading.Event, lost: list[threading.Event]) -> None:
    while not done.wait(HEARTBEAT_S):
        try:
            with connect(settings) as conn, conn:
                kept = conn.execute(
                    "UPDATE jobs SET heartbeat=? WHERE id=? AND runner=?", (time.time(), job_id, me)
                ).rowcount
        except (sqlite3.Error, GradingError):
            kept = 0
        if not kept:
            # Without a fresh heartbeat the claim goes stale and another process may take the
            # job: this runner must stop rather than grade students a second time.
            for event in lost:
                event.set()
            return


@contextmanager
def hold(settings: Settings, job_id: int, stop: threading.Event | None = None) -> Iterator[threading.Event]:
    """Run the body as the job's only runner; yields an event set (with ``stop``) if the heartbeat fails."""
    me = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
    _claim(settings, job_id, me)
    done, lost = threading.Event(), threading.Event()
    signals = [lost] if stop is None else [lost, stop]
    beater = threading.Thread(target=_beat, args=(settings, job_id, me, done, signals), daemon=True)
    beater.start()
    try:
        yield lost
    finally:
        done.set()
        beater.join()
        if not lost.is_set():
            with connect(settings) as conn, conn:
                conn.execute("UPDATE jobs SET runner=NULL, heartbeat=NULL WHERE id=? AND runner=?", (job_id, me))
