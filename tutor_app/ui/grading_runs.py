"""Background grading runs, one registry per process, so they outlive reruns and closed tabs."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

from tutor_app.config import Settings
from tutor_app.errors import GradingError, TutorError
from tutor_app.grading import JobSummary, Progress, cancel_job, pause_job, run_job
from tutor_app.model.base import Backend


@dataclass
class Run:
    """One job being graded in a background thread, with its latest progress."""

    job_id: int
    progress: Progress | None = None
    summary: JobSummary | None = None
    # Kept whole, so the Teacher page says it in its own language.
    error: TutorError | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """True while the thread is grading."""
        return self.thread is not None and self.thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it has."""
        if self.thread is not None:
            self.thread.join(timeout)
        return not self.running

    def _report(self, progress: Progress) -> None:
        self.progress = progress

    def _work(self, settings: Settings, backend: Backend) -> None:
        try:
            self.summary = run_job(
                settings, self.job_id, backend=backend, progress=self._report, stop=self.stop
            )
        except TutorError as exc:
            self.error = exc


class Runs:
    """Every grading run started in this process, by job id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[int, Run] = {}

    def get(self, job_id: int) -> Run | None:
        """The latest run of ``job_id`` in this process, if any."""
        return self._runs.get(job_id)

    def busy(self) -> int | None:
        """The job being graded now, if any."""
        # A copy: another session may be adding a run meanwhile.
        return next((run.job_id for run in list(self._runs.values()) if run.running), None)

    def ensure_idle(self, job_id: int | None = None) -> None:
        """Raise GradingError when a job other than ``job_id`` is being graded."""
        current = self.busy()
        if current is not None and current != job_id:
            # One model answers one request at a time: a second batch would only queue.
            raise GradingError(key="jobs.busy", job=current)

    def start(self, settings: Settings, job_id: int, backend: Backend) -> Run:
        """Grade ``job_id`` in the background; a job already running is left as it is."""
        with self._lock:
            self.ensure_idle(job_id)
            if self.busy() == job_id:
                return self._runs[job_id]
            run = Run(job_id)
            run.thread = threading.Thread(
                target=run._work, args=(settings, backend), daemon=True, name=f"grading-{job_id}"
            )
            self._runs[job_id] = run
            run.thread.start()
            return run

    def pause(self, settings: Settings, job_id: int) -> None:
        """Pause ``job_id``; the student in hand is graded again on resume."""
        pause_job(settings, job_id)
        self._interrupt(job_id)

    def cancel(self, settings: Settings, job_id: int) -> None:
        """Cancel ``job_id`` for good; finished results stay."""
        cancel_job(settings, job_id)
        self._interrupt(job_id)

    def _interrupt(self, job_id: int) -> None:
        run = self._runs.get(job_id)
        if run is not None:
            run.stop.set()


@st.cache_resource(show_spinner=False)
def registry() -> Runs:
    """The process-wide registry of grading runs."""
    return Runs()
