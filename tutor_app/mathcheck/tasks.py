"""The tasks the worker process can run, by name. Imported only inside the worker."""

from __future__ import annotations

from tutor_app.mathcheck.cas import compare, solve
from tutor_app.mathcheck.checker import check
from tutor_app.mathcheck.steps import judge_step
from tutor_app.pictures.analysis import analyse


def _sleep(seconds: float) -> float:
    """Hold the worker busy; lets tests prove that a stuck check is killed."""
    import time

    time.sleep(seconds)
    return seconds


def prime() -> None:
    """Run one check of each common kind so SymPy's lazy imports and caches are loaded before the first real call."""
    from tutor_app.mathcheck.verdict import Options

    for reference, answer in (("x^2+2x+1", "(x+1)^2"), ("1/3", "0.333"), ("x=1 or x=2", "{1, 2}"),
                              ("x^2 < 4", "-2 < x < 2"), ("5 m", "500 cm"), ("sin(x)^2", "1-cos(x)^2")):
        check(reference, answer, Options())


TASKS = {"check": check, "step": judge_step, "solve": solve, "compare_cas": compare, "graph": analyse,
         "sleep": _sleep}
