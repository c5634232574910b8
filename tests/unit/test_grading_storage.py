"""The grading database has a schema version: an older database opens, and resumes, in this release."""

from __future__ import annotations

import json
import sqlite3
import threading

from tests.support.grading_class import CLASS, KEY
from tutor_app.config import load_settings
from tutor_app.grading import open_job
from tutor_app.grading.keys import load_key
from tutor_app.grading.roster import DEFAULT_PATTERN
from tutor_app.grading.storage import MIGRATIONS, connect, database_path

# The jobs table as the first release made it, before migrations were recorded.
FIRST_RELEASE_JOBS = """
CREATE TABLE jobs (
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
)
"""


def applied(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM _tutor_migrations ORDER BY rowid")]


def test_a_new_database_has_every_migration_once() -> None:
    settings = load_settings()
    with connect(settings) as conn:
        assert applied(conn) == ["m001_initial", "m002_job_claims"] == [name for name, _ in MIGRATIONS]
    with connect(settings) as conn:
        assert applied(conn) == ["m001_initial", "m002_job_claims"]


def test_a_first_release_database_is_migrated_and_its_job_resumes() -> None:
    settings = load_settings()
    path = database_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    key_json = json.dumps([item.to_dict() for item in load_key(KEY)])
    with sqlite3.connect(path) as old:
        old.execute(FIRST_RELEASE_JOBS)
        old.execute(
            "INSERT INTO jobs (id, created, source, key_json, pattern, lang, status) VALUES (7, 0, ?, ?, ?, 'en', 'paused')",
            (str(CLASS.resolve()), key_json, DEFAULT_PATTERN),
        )
        old.execute(
            "INSERT INTO jobs (id, created, source, key_json, pattern, lang, status) VALUES (8, 0, ?, ?, ?, 'en', 'cancelled')",
            (str(CLASS.resolve()), key_json, DEFAULT_PATTERN),
        )
    old.close()
    assert open_job(settings, CLASS, key=KEY) == (7, False)
    with connect(settings) as conn:
        assert applied(conn) == ["m001_initial", "m002_job_claims"]
        assert [tuple(r) for r in conn.execute("SELECT id, claim IS NOT NULL FROM jobs ORDER BY id")] == [(7, 1), (8, 0)]


def test_processes_opening_a_new_database_at_once_migrate_it_once() -> None:
    settings = load_settings()
    ready = threading.Barrier(4)
    failures: list[BaseException] = []

    def open_it() -> None:
        ready.wait()
        try:
            with connect(settings):
                pass
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with connect(settings) as conn:
        assert applied(conn) == ["m001_initial", "m002_job_claims"]
