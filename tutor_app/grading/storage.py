"""The grading database: jobs, files, submissions and per-question results in SQLite (WAL)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import GradingError
from tutor_app.private import private_file, private_folder

# Every schema change is a numbered migration, recorded when applied, so a database made
# by any earlier release opens in this one (as simonw/llm's migrations.py does). A new
# table or column is a new function at the end; an applied one is never edited.
MIGRATIONS_TABLE = "_tutor_migrations"
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(function: Migration) -> Migration:
    """Register ``function`` as the next migration, named after it."""
    MIGRATIONS.append((function.__name__, function))
    return function


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    """Jobs, their files, submissions and per-question results."""
    for statement in INITIAL_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


@migration
def m002_job_claims(conn: sqlite3.Connection) -> None:
    """A unique claim per folder, key, pattern and language: two `tutor grade` never make two jobs."""
    conn.execute("ALTER TABLE jobs ADD COLUMN claim TEXT")
    conn.execute("CREATE UNIQUE INDEX jobs_claim ON jobs(claim)")
    newest: dict[str, int] = {}
    for row in conn.execute("SELECT id, source, key_json, pattern, lang FROM jobs WHERE status!='cancelled'"):
        newest[job_claim(row[1], row[2], row[3], row[4])] = row[0]
    conn.executemany("UPDATE jobs SET claim=? WHERE id=?", list(newest.items()))


def job_claim(source: str, key_json: str | None, pattern: str, lang: str) -> str:
    """The identity a resumable job has: what is graded, against which key, how."""
    text = json.dumps([source, key_json, pattern, lang], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


INITIAL_TABLES = """
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


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the migrations this database has not had yet, each in its own transaction."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied REAL NOT NULL)")
    done = {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    if all(name in done for name, _ in MIGRATIONS):
        return
    # IMMEDIATE takes the write lock first, so two processes never apply one migration twice.
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
        for name, function in MIGRATIONS:
            if name not in done:
                function(conn)
                conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied) VALUES (?, ?)", (name, time.time()))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def database_path(settings: Settings) -> Path:
    """Where the grading database lives."""
    return Path(settings.data_dir) / "grading.sqlite3"


@contextmanager
def connect(settings: Settings) -> Iterator[sqlite3.Connection]:
    """An open connection to the grading database, closed on exit."""
    path = database_path(settings)
    try:
        private_folder(path.parent)
        # Student names and grades: readable by this account only, from the first byte.
        private_file(path)
        conn = sqlite3.connect(path, timeout=30)
    except (OSError, sqlite3.Error) as exc:
        raise GradingError(key="jobs.no_database", path=path, error=exc) from exc
    with closing(conn):
        conn.row_factory = sqlite3.Row
        # WAL lets the page read results while a batch writes them; NORMAL is durable
        # against process crashes, which is what "lose nothing" is about.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
        yield conn
