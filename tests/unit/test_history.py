"""A student's problems kept on the server: round trip, privacy of the key, expiry, damaged files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tutor_app.mathcheck.verdict import StepMark, StepReport, Verdict
from tutor_app.tutoring import AnswerCheck, Mode, Problem, Reply, Verification
from tutor_app.tutoring.history import HistoryStore, expiry, new_key, valid_key

NOON = datetime(2026, 3, 2, 12, 0)


def problem() -> Problem:
    reply = Reply(Mode.CHECK_WORK, "Line 2 is wrong.", "zh", stopped=True, student_work="2x = 4\nx = 3",
                  verification=Verification("x = 3", "disagrees", "The values are different.",
                                            StepReport([StepMark(0, "2x = 4", True, "The starting point."),
                                                        StepMark(1, "x = 3", False, "wrong")], 1)))
    return Problem("Solve $2x = 4$", images=(b"\x89PNG fake",), title="Linear", cas_problem="Solve 2x = 4",
                   reference_answer="x = 2", replies=[reply],
                   answer_checks=[AnswerCheck("x = 3", Verdict(False, "The values are different.",
                                                               "not_equivalent", "2", "3"))],
                   revealed="x = 2", revealed_at=NOON, created=NOON, id="p1")


def test_problems_come_back_exactly(tmp_path: Path) -> None:
    store, key = HistoryStore(tmp_path, 0), new_key()
    store.save(key, [problem()], now=NOON)
    assert store.load(key, now=NOON) == [problem()]


def test_another_key_sees_nothing_and_the_key_is_not_the_file_name(tmp_path: Path) -> None:
    store, key = HistoryStore(tmp_path, 0), new_key()
    store.save(key, [problem()], now=NOON)
    assert store.load(new_key(), now=NOON) == []
    assert [p.name for p in tmp_path.iterdir() if key in p.name] == []


@pytest.mark.parametrize("key", ["", "short", "../../etc/passwd" + "a" * 20, None, 12, "a" * 65])
def test_keys_that_are_not_ours_are_refused(key) -> None:
    assert not valid_key(key)
    with pytest.raises(ValueError):
        HistoryStore(Path("/nonexistent"), 0).load(key)


def test_problems_expire_at_midnight_by_default(tmp_path: Path) -> None:
    store, key = HistoryStore(tmp_path, 0), new_key()
    store.save(key, [problem()], now=NOON)
    assert store.load(key, now=datetime(2026, 3, 2, 23, 59)) == [problem()]
    assert store.load(key, now=datetime(2026, 3, 3, 0, 0)) == []
    assert list(tmp_path.iterdir()) == []


def test_a_configured_lifetime_counts_from_the_last_change(tmp_path: Path) -> None:
    assert expiry(NOON, 2) == datetime(2026, 3, 2, 14, 0)
    store, key = HistoryStore(tmp_path, 2), new_key()
    store.save(key, [problem()], now=NOON)
    assert store.load(key, now=datetime(2026, 3, 2, 13, 59)) == [problem()]
    assert store.load(key, now=datetime(2026, 3, 2, 14, 1)) == []


def test_expired_histories_of_other_browsers_are_purged(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path, 1)
    store.save(new_key(), [problem()], now=NOON)
    store.load(new_key(), now=datetime(2026, 3, 2, 13, 30))
    assert list(tmp_path.iterdir()) == []


def test_forget_deletes_the_file(tmp_path: Path) -> None:
    store, key = HistoryStore(tmp_path, 0), new_key()
    store.save(key, [problem()], now=NOON)
    store.forget(key)
    assert store.load(key, now=NOON) == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content", ["", "{not json", '{"expires": "2026-03-02T23:00:00", "problems": [{}]}'])
def test_a_damaged_file_starts_afresh(tmp_path: Path, content: str) -> None:
    store, key = HistoryStore(tmp_path, 0), new_key()
    store.save(key, [problem()], now=NOON)
    next(tmp_path.iterdir()).write_text(content, encoding="utf-8")
    assert store.load(key, now=NOON) == []
