"""The tasks the worker process can run, by name. Imported only inside the worker."""

from __future__ import annotations

from tutor_app.mathcheck.cas import compare, solve
from tutor_app.mathcheck.checker import check
from tutor_app.mathcheck.steps import compare_steps


def _sleep(seconds: float) -> float:
    """Hold the worker busy; lets tests prove that a stuck check is killed."""
    import time

    time.sleep(seconds)
    return seconds


TASKS = {"check": check, "step": compare_steps, "solve": solve, "compare_cas": compare, "sleep": _sleep}
