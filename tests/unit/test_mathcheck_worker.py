"""The sandboxed worker: hard time limits from any thread, replacement after a kill, no code run."""

from __future__ import annotations

import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import check_answer, worker


def test_stuck_task_is_killed_and_replaced() -> None:
    """A task past its limit raises TimedOut; its worker is killed, the others live, a new one answers."""
    worker.warm_up()
    before = worker.worker_pids()
    with pytest.raises(worker.TimedOut):
        worker.run("sleep", (30,), 0.2)
    after = worker.worker_pids()
    assert len(before - after) == 1 and len(after) == len(before) == worker.POOL_SIZE
    assert check_answer("x+x", "2x").kind == "equivalent"


def test_after_a_kill_the_next_check_goes_to_a_warm_worker() -> None:
    """The worker started to replace a killed one may still be loading SymPy: a warm one answers first."""
    worker.warm_up()
    before = worker.worker_pids()
    with pytest.raises(worker.TimedOut):
        worker.run("sleep", (30,), 0.2)
    assert check_answer("x+x", "2x").kind == "equivalent"
    # The worker that answered was given back last.
    assert worker._pool._idle[-1].process.pid in before


def test_a_busy_worker_does_not_hold_up_the_next_check() -> None:
    """Checks run side by side: one worker stuck on a slow task leaves the others answering."""
    worker.warm_up()
    with ThreadPoolExecutor(1) as pool:
        stuck = pool.submit(worker.run, "sleep", (8,), 30)
        assert check_answer("x^2-1", "(x-1)(x+1)").kind == "equivalent"
        assert not stuck.done()
        assert stuck.result() == 8


@pytest.mark.slow
def test_a_worker_whose_parent_dies_exits_quietly(tmp_path: Path) -> None:
    """No BrokenPipeError traceback when the app is killed while a check runs."""
    parent = (
        "import os, signal, sys, threading, time\n"
        "from tutor_app.mathcheck import worker\n"
        "worker.warm_up()\n"
        "print(' '.join(map(str, worker.worker_pids())), flush=True)\n"
        "threading.Thread(target=worker.run, args=('sleep', (1,), 30), daemon=True).start()\n"
        "time.sleep(0.3)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        run = subprocess.run([sys.executable, "-c", parent], stdout=subprocess.PIPE, stderr=stderr, timeout=300,
                             check=False)
    assert run.returncode == -signal.SIGKILL
    pids = [int(pid) for pid in run.stdout.split()]
    assert len(pids) == worker.POOL_SIZE
    gone, alive = psutil.wait_procs([psutil.Process(pid) for pid in pids if psutil.pid_exists(pid)], timeout=60)
    assert alive == []
    assert errors.read_text() == ""


# About 50 ms of SymPy work: far beyond a 1 ms limit on any machine.
SLOW = ("tan(x)^12*sec(x)^2", "sec(x)^2*tan(x)^12 + sin(2*x) - 2*sin(x)*cos(x)")


def test_slow_check_is_undecided_not_wrong() -> None:
    """A check that takes too long is "could not decide", never "wrong"."""
    verdict = check_answer(*SLOW, timeout=0.001)
    assert (verdict.equivalent, verdict.kind) == (None, "undecided")
    assert "took too long" in verdict.reason
    assert check_answer("1/2", "0.5").equivalent is True


def test_time_limit_works_from_threads() -> None:
    """Streamlit runs pages in threads: checks and timeouts work there too, side by side."""
    pairs = [("x^2-1", "(x-1)(x+1)"), ("1/3", "0.333"), ("x=1 or x=2", "{2,1}"), ("5 m", "500 cm")] * 3
    with ThreadPoolExecutor(4) as pool:
        kinds = list(pool.map(lambda p: check_answer(*p).kind, pairs))
        stuck = pool.submit(lambda: check_answer(*SLOW, timeout=0.001)).result()
    assert kinds == ["equivalent"] * 12
    assert stuck.kind == "undecided"


@pytest.mark.parametrize(
    "template",
    [
        "__import__('os').system('touch {path}')",
        "exec(\"open('{path}','w')\")",
        "().__class__.__base__.__subclasses__()[0]('{path}')",
        "lambda: open('{path}', 'w')",
    ],
)
def test_hostile_strings_run_no_code(template: str, tmp_path: Path) -> None:
    """Hostile strings are refused with a reason and nothing they ask for happens."""
    marker = tmp_path / "pwned"
    verdict = check_answer("1", template.format(path=marker))
    assert (verdict.equivalent, verdict.kind) == (None, "undecided")
    assert "could not read" in verdict.reason
    assert not marker.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"form": "pretty"}, "Unknown form 'pretty'"),
        ({"tolerance": -1}, "The tolerance must be a finite number, not negative."),
        ({"tolerance": float("inf")}, "The tolerance must be a finite number, not negative."),
        ({"tolerance": float("nan")}, "The tolerance must be a finite number, not negative."),
        ({"sig_figs": 0}, "at least 1"),
        ({"timeout": 0}, "above 0 and at most 600"),
        ({"timeout": float("inf")}, "above 0 and at most 600"),
        ({"timeout": float("nan")}, "above 0 and at most 600"),
        ({"timeout": 2147484.0}, "above 0 and at most 600"),
    ],
)
def test_bad_options_are_refused(kwargs: dict, message: str) -> None:
    """Options a teacher typed wrong get a clear message."""
    with pytest.raises(MathInputError, match=message):
        check_answer("1", "1", **kwargs)


def test_unknown_units_option_lists_known_units() -> None:
    """A unit the checker does not know is "could not decide", with the units it does know."""
    verdict = check_answer("5", "5 m", units="furlongs")
    assert verdict.kind == "undecided"
    assert verdict.reason.startswith("Unknown units 'furlongs'. Known units: A, cal, cm,")
