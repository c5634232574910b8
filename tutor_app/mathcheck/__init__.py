"""The trust layer: answer checking, step checking and an independent CAS solver, with reasons.

Importing this package is cheap: SymPy is only loaded inside the worker process.
"""

from tutor_app.mathcheck.api import (
    check_answer,
    check_steps,
    compare_with_cas,
    graph_with_cas,
    solve_with_cas,
    warm_up,
)
from tutor_app.mathcheck.extract import extract_final_answer, extract_marked_final_answer
from tutor_app.mathcheck.verdict import CasResult, StepMark, StepReport, Verdict

__all__ = [
    "CasResult", "StepMark", "StepReport", "Verdict", "check_answer", "check_steps",
    "compare_with_cas", "extract_final_answer", "extract_marked_final_answer", "graph_with_cas", "solve_with_cas",
    "warm_up",
]
