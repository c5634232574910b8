"""The sandboxed worker: hard time limits from any thread, replacement after a kill, no code run."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import check_answer, worker


def test_stuck_task_is_killed_and_replaced() -> None:
    """A task past its limit raises TimedOut; a new worker answers the next call."""
    worker.warm_up()
    before = worker.worker_pid()
    with pytest.raises(worker.TimedOut):
        worker.run("sleep", (30,), 0.2)
    assert worker.worker_pid() != before
    assert check_answer("x+x", "2x").kind == "equivalent"


def test_slow_check_is_undecided_not_wrong() -> None:
    """A check that takes too long is "could not decide", never "wrong"."""
    verdict = check_answer("(x+y+z)^150", "(x+y+z)^150", form="expanded", timeout=0.01)
    assert (verdict.equivalent, verdict.kind) == (None, "undecided")
    assert "took too long" in verdict.reason
    assert check_answer("1/2", "0.5").equivalent is True


def test_time_limit_works_from_threads() -> None:
    """Streamlit runs pages in threads: checks and timeouts work there too, one at a time."""
    pairs = [("x^2-1", "(x-1)(x+1)"), ("1/3", "0.333"), ("x=1 or x=2", "{2,1}"), ("5 m", "500 cm")] * 3
    with ThreadPoolExecutor(4) as pool:
        kinds = list(pool.map(lambda p: check_answer(*p).kind, pairs))
        stuck = pool.submit(lambda: check_answer("(x+y+z)^150", "(x+y+z)^150", form="expanded",
                                                 timeout=0.01)).result()
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
        ({"tolerance": -1}, "tolerance must not be negative"),
        ({"sig_figs": 0}, "at least 1"),
        ({"timeout": 0}, "positive number of seconds"),
    ],
)
def test_bad_options_are_refused(kwargs: dict, message: str) -> None:
    """Options a teacher typed wrong get a clear message."""
    with pytest.raises(MathInputError, match=message):
        check_answer("1", "1", **kwargs)


def test_default_time_limit_comes_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """TUTOR_CAS_TIMEOUT sets the default limit."""
    monkeypatch.setenv("TUTOR_CAS_TIMEOUT", "0.01")
    verdict = check_answer("(x+y+z)^150", "(x+y+z)^150", form="expanded")
    assert verdict.reason == "It took too long to check (over 0.01 s); try a simpler form."


def test_unknown_units_option_lists_known_units() -> None:
    """A unit the checker does not know is "could not decide", with the units it does know."""
    verdict = check_answer("5", "5 m", units="furlongs")
    assert verdict.kind == "undecided"
    assert verdict.reason.startswith("Unknown units 'furlongs'. Known units: A, cal, cm,")
