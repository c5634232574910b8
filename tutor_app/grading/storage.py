"""The grading database: jobs, files, submissions and per-question results in SQLite (WAL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import GradingError

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    source TEXT NOT NULL,
    key_json TEXT,
    pattern TEXT NOT NULL,
    lang TEXT NOT NULL,
    out_dir TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    runner TEXT,
    heartbeat REAL
);
CREATE TABLE IF NOT EXISTS submissions (
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    student TEXT NOT NULL,
    position INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    error TEXT,
    transcript TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    completions INTEGER NOT NULL DEFAULT 0,
    model_seconds REAL,
    total_seconds REAL,
    finished REAL,
    PRIMARY KEY (job_id, student)
);
CREATE TABLE IF NOT EXISTS files (
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    path TEXT NOT NULL,
    student TEXT,
    position INTEGER NOT NULL,
    error TEXT,
    PRIMARY KEY (job_id, path)
);
CREATE TABLE IF NOT EXISTS results (
    job_id INTEGER NOT NULL,
    student TEXT NOT NULL,
    question TEXT NOT NULL,
    position INTEGER NOT NULL,
    answer TEXT NOT NULL,
    reference TEXT NOT NULL,
    reference_source TEXT NOT NULL,
    max_points REAL NOT NULL,
    points REAL NOT NULL,
    verdict INTEGER,
    reason TEXT NOT NULL,
    normalized TEXT NOT NULL,
    steps TEXT NOT NULL,
    first_wrong INTEGER,
    feedback TEXT NOT NULL,
    needs_review INTEGER NOT NULL,
    review_reason TEXT NOT NULL,
    teacher_points REAL,
    teacher_feedback TEXT,
    edited REAL,
    PRIMARY KEY (job_id, student, question),
    FOREIGN KEY (job_id, student) REFERENCES submissions(job_id, student)
);
CREATE TABLE IF NOT EXISTS releases (
    job_id INTEGER PRIMARY KEY REFERENCES jobs(id),
    released REAL NOT NULL
);
"""


def database_path(settings: Settings) -> Path:
    """Where the grading database lives."""
    return Path(settings.data_dir) / "grading.sqlite3"


@contextmanager
def connect(settings: Settings) -> Iterator[sqlite3.Connection]:
    """An open connection to the grading database, closed on exit."""
    path = database_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30)
    except (OSError, sqlite3.Error) as exc:
        raise GradingError(
            f"Could not open the grading database {path}: {exc}. Check that the data "
            "folder exists and is writable."
        ) from exc
    with closing(conn):
        conn.row_factory = sqlite3.Row
        # WAL lets the page read results while a batch writes them; NORMAL is durable
        # against process crashes, which is what "lose nothing" is about.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(SCHEMA)
        yield conn
