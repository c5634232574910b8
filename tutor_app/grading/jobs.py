"""Grading jobs: record a class's files, grade a few students at once, resume after a stop."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import GradingError, ModelFileError, ModelNotFoundError, ServerUnavailableError, TutorError
from tutor_app.grading import lease
from tutor_app.grading.keys import KeyItem, load_key
from tutor_app.grading.pages import load_pages
from tutor_app.grading.pipeline import GradedWork, grade_work
from tutor_app.grading.roster import (
    DEFAULT_PATTERN,
    UNPACK_FACTOR,
    Submission,
    compile_pattern,
    find_submissions,
    unpack_zip,
)
from tutor_app.grading.storage import connect, job_claim
from tutor_app.grading.texts import text
from tutor_app.i18n import LANGUAGES, Text
from tutor_app.model.base import Backend
from tutor_app.model.queue import Cancelled



@dataclass(frozen=True)
class Progress:
    """Where a running job stands; ``eta_seconds`` is None until one file is done."""

    job_id: int
    files_done: int
    files_total: int
    students_done: int
    students_total: int
    current: str
    elapsed_seconds: float
    eta_seconds: float | None


@dataclass(frozen=True)
class JobSummary:
    """The state of a job after a run."""

    job_id: int
    status: str
    students: int
    graded: int
    flagged: int
    errors: int
    unmatched_files: int

    @property
    def complete(self) -> bool:
        """True when every student was graded or flagged."""
        return self.status == "done"


@dataclass(frozen=True)
class Preview:
    """What a job would grade: each student's pages, the files matching no student, the key's questions."""

    folder: Path
    submissions: tuple[Submission, ...]
    unmatched: tuple[Path, ...]
    key: tuple[KeyItem, ...] | None
    # Subfolders taken as one student whose files are named like several: likely a whole class one level down.
    nested_classes: tuple[str, ...]


def preview_job(
    settings: Settings, source: Path, *, key: Path | None = None, pattern: str = DEFAULT_PATTERN
) -> Preview:
    """Find the students, pages and key questions of a folder or ZIP without recording anything."""
    source = Path(source).expanduser().resolve()
    items = tuple(load_key(key)) if key else None
    folder = _source_folder(settings, source)
    roster = find_submissions(folder, pattern)
    regex = compile_pattern(pattern)
    nested = tuple(
        sub.student
        for sub in roster.submissions
        if all(f.parent != folder for f in sub.files)
        and len({m.group("student") for f in sub.files if (m := regex.fullmatch(f.name))}) > 1
    )
    return Preview(folder, roster.submissions, roster.unmatched, items, nested)


def start_job(
    settings: Settings,
    source: Path,
    *,
    key: Path | None = None,
    pattern: str = DEFAULT_PATTERN,
    lang: str = "en",
    out_dir: Path | None = None,
) -> int:
    """Record a new job for a folder or ZIP of homework; return its id."""
    return _record_job(settings, source, key, pattern, lang, out_dir, resume=False)[0]


def open_job(
    settings: Settings,
    source: Path,
    *,
    key: Path | None = None,
    pattern: str = DEFAULT_PATTERN,
    lang: str = "en",
    out_dir: Path | None = None,
) -> tuple[int, bool]:
    """The job for this folder, key, pattern and language: (id, True) if made now, (id, False) if resumed."""
    return _record_job(settings, source, key, pattern, lang, out_dir, resume=True)


def _record_job(settings, source, key, pattern, lang, out_dir, *, resume: bool) -> tuple[int, bool]:
    if lang not in LANGUAGES:
        raise GradingError(f"Unknown language {lang!r}; use one of {', '.join(LANGUAGES)}.")
    source = Path(source).expanduser().resolve()
    claim = job_claim(str(source), _key_json(load_key(key) if key else None), pattern, lang)
    if resume:
        with connect(settings) as conn:
            row = conn.execute("SELECT id FROM jobs WHERE claim=?", (claim,)).fetchone()
        if row is not None:
            return row["id"], False
    preview = preview_job(settings, source, key=key, pattern=pattern)
    with connect(settings) as conn:
        # One IMMEDIATE transaction from the look-up to the insert: two `tutor grade` started
        # at once on a new folder make one job, and the second resumes it.
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT id FROM jobs WHERE claim=?", (claim,)).fetchone()
            if resume and row is not None:
                conn.execute("ROLLBACK")
                return row["id"], False
            # A new job takes over the claim, so the newest job is the one that resumes.
            conn.execute("UPDATE jobs SET claim=NULL WHERE claim=?", (claim,))
            job_id = _insert_job(conn, source, preview, pattern, lang, out_dir, claim)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return job_id, True


def _insert_job(conn, source, preview, pattern, lang, out_dir, claim) -> int:
    job_id = conn.execute(
        "INSERT INTO jobs (created, source, key_json, pattern, lang, out_dir, claim) VALUES (?,?,?,?,?,?,?)",
        (
            time.time(),
            str(source),
            _key_json(preview.key),
            pattern,
            lang,
            str(Path(out_dir).expanduser().resolve()) if out_dir else None,
            claim,
        ),
    ).lastrowid
    for position, sub in enumerate(preview.submissions):
        conn.execute(
            "INSERT INTO submissions (job_id, student, position) VALUES (?,?,?)",
            (job_id, sub.student, position),
        )
        conn.executemany(
            "INSERT INTO files (job_id, path, student, position) VALUES (?,?,?,?)",
            [(job_id, str(p), sub.student, i) for i, p in enumerate(sub.files)],
        )
    conn.executemany(
        "INSERT INTO files (job_id, path, student, position, error) VALUES (?,?,NULL,0,?)",
        [
            (job_id, str(p), f"The name {p.name} does not match the pattern {pattern}.")
            for p in preview.unmatched
        ],
    )
    return job_id


def _key_json(items: tuple[KeyItem, ...] | list[KeyItem] | None) -> str | None:
    return json.dumps([i.to_dict() for i in items]) if items else None


def regrade_job(
    settings: Settings, job_id: int, *, students: list[str] | None = None, key: Path | None = None
) -> None:
    """Queue students (every one when None) to be graded again, with a corrected key if given.

    The teacher's own scores and feedback stay; run_job does the grading.
    """
    items = load_key(key) if key else None
    with connect(settings) as conn, conn:
        status = _job_row(conn, job_id)["status"]
        if status in ("running", "cancelled"):
            raise GradingError(key="jobs.running" if status == "running" else "jobs.cancelled", job=job_id)
        if items:
            conn.execute("UPDATE jobs SET key_json=? WHERE id=?", (_key_json(items), job_id))
        known = {r["student"] for r in conn.execute("SELECT student FROM submissions WHERE job_id=?", (job_id,))}
        chosen = known if students is None else set(students)
        unknown = sorted(chosen - known)
        if unknown:
            raise GradingError(key="jobs.no_student", job=job_id, student=repr(unknown[0]))
        conn.executemany(
            "UPDATE submissions SET status='pending', error=NULL WHERE job_id=? AND student=?",
            [(job_id, student) for student in sorted(chosen)],
        )
        conn.execute("UPDATE jobs SET status='pending' WHERE id=?", (job_id,))


def _source_folder(settings: Settings, source: Path) -> Path:
    if source.is_file() and source.suffix.lower() == ".zip":
        folder = unpack_zip(
            source,
            Path(settings.data_dir) / "grading" / "uploads",
            max_bytes=settings.max_upload_mb * 2**20 * UNPACK_FACTOR,
        )
        entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        # A ZIP made by compressing the class folder holds that one folder.
        return entries[0] if len(entries) == 1 and entries[0].is_dir() else folder
    if not source.exists():
        raise GradingError(key="jobs.no_source", source=source)
    return source


def job_info(settings: Settings, job_id: int) -> dict:
    """The stored fields of one job, with its key as a list of KeyItem."""
    with connect(settings) as conn:
        row = _job_row(conn, job_id)
    info = dict(row)
    info["key"] = [KeyItem(**d) for d in json.loads(row["key_json"])] if row["key_json"] else None
    return info


def uploads_root(settings: Settings) -> Path:
    """The folder holding one private sub-folder per batch uploaded on the Teacher page."""
    return Path(settings.data_dir) / "uploads"


def source_label(settings: Settings, source: str) -> str:
    """The homework as the teacher named it: the folder typed, or the ZIP or file names uploaded."""
    path = Path(source)
    root = uploads_root(settings).expanduser().resolve()
    if not path.is_relative_to(root):
        return source
    if not path.is_dir():
        return path.name
    names = sorted(p.name for p in path.iterdir())
    more = f" (+{len(names) - 3})" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more


# Without the model or its server no student can be graded (flagging each one would waste the class's
# work): the job stops, and resumes once it is back.
_STOPS_THE_JOB = (ModelNotFoundError, ModelFileError, ServerUnavailableError)


def _paused(exc: TutorError) -> TutorError:
    """What a job that had to stop raises: a server that went away is told as a pause that loses nothing."""
    if isinstance(exc, ServerUnavailableError):
        return GradingError(key="jobs.server_down", reason=Text(exc.key, **exc.values))
    return exc


def _job_row(conn: sqlite3.Connection, job_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
    if row is None:
        raise GradingError(key="jobs.no_job", job=job_id)
    return row


def list_jobs(settings: Settings) -> list[dict]:
    """Every job, newest first, with its counts."""
    with connect(settings) as conn:
        ids = [r["id"] for r in conn.execute("SELECT id FROM jobs ORDER BY id DESC")]
        jobs = []
        for job_id in ids:
            row = dict(_job_row(conn, job_id))
            summary = _summary(conn, job_id)
            row.update(
                students=summary.students,
                graded=summary.graded,
                flagged=summary.flagged,
                errors=summary.errors,
            )
            row.pop("key_json")
            jobs.append(row)
    return jobs


def job_summary(settings: Settings, job_id: int) -> JobSummary:
    """The counts and status of one job."""
    with connect(settings) as conn:
        return _summary(conn, job_id)


def _summary(conn: sqlite3.Connection, job_id: int) -> JobSummary:
    status = _job_row(conn, job_id)["status"]
    # Each student in exactly one state: unreadable, needs review (an item the teacher has not
    # settled), or graded.
    counts = conn.execute(
        "SELECT COUNT(*) AS students, SUM(s.status='done') AS done, SUM(s.status='error') AS errors, "
        "SUM(s.status='done' AND EXISTS (SELECT 1 FROM results r WHERE r.job_id=s.job_id "
        "AND r.student=s.student AND r.needs_review=1 AND r.edited IS NULL)) AS flagged "
        "FROM submissions s WHERE s.job_id=?",
        (job_id,),
    ).fetchone()
    unmatched = conn.execute(
        "SELECT COUNT(*) FROM files WHERE job_id=? AND student IS NULL", (job_id,)
    ).fetchone()[0]
    flagged = counts["flagged"] or 0
    return JobSummary(
        job_id, status, counts["students"], (counts["done"] or 0) - flagged, flagged, counts["errors"] or 0,
        unmatched,
    )


def pause_job(settings: Settings, job_id: int) -> None:
    """Ask a running job to stop after the file in hand; run_job resumes it."""
    _set_status(settings, job_id, "paused", unless=("done", "cancelled"))


def cancel_job(settings: Settings, job_id: int) -> None:
    """Stop a job for good; its finished results stay readable."""
    _set_status(settings, job_id, "cancelled", unless=("done",))


def _set_status(settings: Settings, job_id: int, status: str, *, unless: tuple[str, ...]) -> None:
    with connect(settings) as conn, conn:
        if _job_row(conn, job_id)["status"] not in unless:
            # A cancelled job gives up its claim: grading the folder again starts afresh.
            conn.execute(
                "UPDATE jobs SET status=?, claim=CASE WHEN ?='cancelled' THEN NULL ELSE claim END WHERE id=?",
                (status, status, job_id),
            )


def run_job(
    settings: Settings,
    job_id: int,
    *,
    backend: Backend | None = None,
    progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
) -> JobSummary:
    """Grade every unfinished student of a job, ``settings.parallel_requests`` at once, saving each as it completes."""
    with connect(settings) as conn:
        job = _job_row(conn, job_id)
        if job["status"] == "cancelled":
            raise GradingError(key="jobs.cancelled", job=job_id)
        if job["status"] == "done":
            return _summary(conn, job_id)
        if backend is None:
            from tutor_app.model.backends import get_backend

            backend = get_backend(settings)
        stop = stop or threading.Event()
        with lease.hold(settings, job_id, stop) as lost:
            with conn:
                conn.execute("UPDATE jobs SET status='running' WHERE id=?", (job_id,))
            _Runner(settings, conn, job_id, backend, progress, stop, lost).run()
        return _summary(conn, job_id)


class _Runner:
    def __init__(self, settings, conn, job_id, backend, progress, stop, lost) -> None:
        self.settings = settings
        self.conn = conn
        self.job_id = job_id
        self.backend = backend
        self.report = progress
        self.stop = stop
        # Set when the heartbeat failed: another process may own the job now, so nothing more is written.
        self.lost = lost
        info = dict(_job_row(conn, job_id))
        self.lang = info["lang"]
        self.key = [KeyItem(**d) for d in json.loads(info["key_json"])] if info["key_json"] else None
        self.started = time.perf_counter()
        self.files_this_run = 0

    def run(self) -> None:
        pending = deque(
            row["student"]
            for row in self.conn.execute(
                "SELECT student FROM submissions WHERE job_id=? AND status NOT IN ('done','error') "
                "ORDER BY position",
                (self.job_id,),
            )
        )
        failure: TutorError | None = None
        in_flight: dict[Future, str] = {}
        slots = self.settings.parallel_requests
        # One reader thread prepares the next students' pages while the model answers the current
        # ones, so decoding photos and rendering PDFs does not add to the wait.
        reader = ThreadPoolExecutor(1, thread_name_prefix=f"grading-{self.job_id}-read")
        reads: dict[str, Future] = {}
        with ThreadPoolExecutor(slots, thread_name_prefix=f"grading-{self.job_id}") as pool:
            while True:
                while pending and len(in_flight) < slots and failure is None and not self._should_stop():
                    student = pending.popleft()
                    read = reads.pop(student, None) or reader.submit(self._pages, self._paths(student))
                    self._begin(student)
                    in_flight[pool.submit(self._work, read)] = student
                for student in list(pending)[:slots]:
                    if student not in reads:
                        reads[student] = reader.submit(self._pages, self._paths(student))
                if not in_flight:
                    break
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                # The SQLite connection belongs to this thread: only it writes, one student at a time.
                for future in finished:
                    student = in_flight.pop(future)
                    if self.lost.is_set():
                        continue
                    try:
                        self._save(student, *future.result())
                    except Cancelled:
                        self._set_pending(student)
                    except _STOPS_THE_JOB as exc:
                        self._set_pending(student)
                        failure = failure or _paused(exc)
                        # The students still in flight stop too; they are graded again on resume.
                        self.stop.set()
        reader.shutdown(cancel_futures=True)
        if self.lost.is_set():
            raise GradingError(key="jobs.lease_lost", job=self.job_id)
        if failure is not None:
            self._set_job_status("paused")
            raise failure
        if self._status() == "running" and not self._unfinished():
            self._set_job_status("done")
            self._emit("")
        elif self._status() == "running":
            self._set_job_status("paused")

    def _unfinished(self) -> int:
        return self.conn.execute(
            "SELECT COUNT(*) FROM submissions WHERE job_id=? AND status NOT IN ('done','error')",
            (self.job_id,),
        ).fetchone()[0]

    def _should_stop(self) -> bool:
        return self.stop.is_set() or self._status() != "running"

    def _status(self) -> str:
        return _job_row(self.conn, self.job_id)["status"]

    def _set_job_status(self, status: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE jobs SET status=? WHERE id=?", (status, self.job_id))

    def _set_pending(self, student: str) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE submissions SET status='pending' WHERE job_id=? AND student=?",
                (self.job_id, student),
            )

    def _paths(self, student: str) -> list[Path]:
        files = self.conn.execute(
            "SELECT path FROM files WHERE job_id=? AND student=? ORDER BY position",
            (self.job_id, student),
        ).fetchall()
        return [Path(r["path"]) for r in files]

    def _begin(self, student: str) -> None:
        self._emit(student)
        with self.conn:
            self.conn.execute(
                "UPDATE submissions SET status='running', attempts=attempts+1 WHERE job_id=? AND student=?",
                (self.job_id, student),
            )

    def _work(self, read: Future) -> tuple[list[Path], dict[str, str], GradedWork | None, float]:
        # Runs in a worker thread: waits for the student's pages and asks the model, never touches the database.
        begun = time.perf_counter()
        paths, pages, errors = read.result()
        work = None
        if pages:
            try:
                work = grade_work(self.settings, self.backend, pages, self.key, self.lang, self.stop)
            except _STOPS_THE_JOB:
                raise
            except TutorError as exc:
                # Pages the model cannot take must not stop the class: this student is
                # flagged for the teacher and the job goes on to the next.
                errors["model"] = exc.said(self.lang)
        for result in work.results if work else []:
            result.review.extend(text(self.lang, "page_error", error=e) for e in errors.values())
        return paths, errors, work, time.perf_counter() - begun

    def _save(
        self, student: str, paths: list[Path], errors: dict[str, str], work: GradedWork | None, seconds: float
    ) -> None:
        if errors:
            with self.conn:
                self.conn.executemany(
                    "UPDATE files SET error=? WHERE job_id=? AND path=?",
                    [(message, self.job_id, path) for path, message in errors.items()],
                )
        if work is None:
            self._save_error(student, errors, seconds)
        else:
            self._save_work(student, work, seconds)
        self.files_this_run += len(paths)
        self._emit("")

    def _pages(self, paths: list[Path]) -> tuple[list[Path], list[bytes], dict[str, str]]:
        pages: list[bytes] = []
        errors: dict[str, str] = {}
        for path in paths:
            try:
                pages.extend(load_pages(path, self.settings))
            except TutorError as exc:
                errors[str(path)] = exc.said(self.lang)
        return paths, pages, errors

    def _save_error(self, student: str, errors: dict[str, str], seconds: float) -> None:
        message = " ".join(errors.values())
        with self.conn:
            for position, item in enumerate(self.key or []):
                self._insert_result(
                    student, position, item.question, "", item.answer, "key", item.points, 0.0,
                    None, message, "", [], None, text(self.lang, "held"), [text(self.lang, "unreadable"), message],
                )
            self._drop_other_questions(student, [item.question for item in self.key or []])
            self._finish(student, "error", message, None, 0.0, seconds)

    def _save_work(self, student: str, work: GradedWork, seconds: float) -> None:
        with self.conn:
            for position, r in enumerate(work.results):
                self._insert_result(
                    student, position, r.question, r.answer, r.reference, r.reference_source,
                    r.max_points, r.points, r.verdict, r.reason, r.normalized, r.steps,
                    r.first_wrong, r.feedback, r.review,
                )
            self._drop_other_questions(student, [r.question for r in work.results])
            self._finish(student, "done", None, json.dumps(work.transcript), work.model_seconds, seconds)

    def _insert_result(
        self, student, position, question, answer, reference, source, max_points, points,
        verdict, reason, normalized, steps, first_wrong, feedback, review,
    ) -> None:
        # Grading again (after a key fix) replaces the machine's part and keeps the teacher's scores;
        # an item only marked reviewed needs a new look.
        self.conn.execute(
            "INSERT INTO results (job_id, student, question, position, answer, reference, "
            "reference_source, max_points, points, verdict, reason, normalized, steps, first_wrong, "
            "feedback, needs_review, review_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (job_id, student, question) DO UPDATE SET position=excluded.position, "
            "answer=excluded.answer, reference=excluded.reference, "
            "reference_source=excluded.reference_source, max_points=excluded.max_points, "
            "points=excluded.points, verdict=excluded.verdict, reason=excluded.reason, "
            "normalized=excluded.normalized, steps=excluded.steps, first_wrong=excluded.first_wrong, "
            "feedback=excluded.feedback, needs_review=excluded.needs_review, "
            "review_reason=excluded.review_reason, "
            "teacher_points=MIN(teacher_points, excluded.max_points), "
            "edited=CASE WHEN teacher_points IS NULL AND teacher_feedback IS NULL THEN NULL ELSE edited END",
            (
                self.job_id, student, question, position, answer, reference, source, max_points,
                points, None if verdict is None else int(verdict), reason, normalized,
                json.dumps(steps, ensure_ascii=False), first_wrong, feedback, int(bool(review)),
                " ".join(review),
            ),
        )

    def _drop_other_questions(self, student: str, questions: list[str]) -> None:
        # Questions a corrected key no longer has, or a new reading no longer found.
        marks = ",".join("?" * len(questions))
        self.conn.execute(
            f"DELETE FROM results WHERE job_id=? AND student=? AND question NOT IN ({marks})",
            (self.job_id, student, *questions),
        )

    def _finish(self, student, status, error, transcript, model_seconds, seconds) -> None:
        self.conn.execute(
            "UPDATE submissions SET status=?, error=?, transcript=?, model_seconds=?, "
            "total_seconds=?, finished=?, completions=completions+1 WHERE job_id=? AND student=?",
            (status, error, transcript, model_seconds, seconds, time.time(), self.job_id, student),
        )

    def _emit(self, current: str) -> None:
        if self.report is None:
            return
        files = self.conn.execute(
            "SELECT COUNT(*) AS total, SUM(s.status IN ('done','error')) AS done FROM files f "
            "JOIN submissions s ON s.job_id=f.job_id AND s.student=f.student WHERE f.job_id=?",
            (self.job_id,),
        ).fetchone()
        students = self.conn.execute(
            "SELECT COUNT(*) AS total, SUM(status IN ('done','error')) AS done FROM submissions "
            "WHERE job_id=?",
            (self.job_id,),
        ).fetchone()
        elapsed = time.perf_counter() - self.started
        done, total = files["done"] or 0, files["total"]
        eta = None
        if self.files_this_run:
            eta = elapsed / self.files_this_run * (total - done)
        self.report(
            Progress(
                self.job_id, done, total, students["done"] or 0, students["total"], current, elapsed, eta
            )
        )
