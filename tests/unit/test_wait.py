"""The queue wait estimate."""

import pytest

from tutor_app.tutoring.wait import WaitEstimate


def test_no_estimate_before_any_answer() -> None:
    assert WaitEstimate().seconds(3) is None


@pytest.mark.parametrize(
    ("answers", "place", "expected"),
    [
        ([10.0], 1, 10.0),
        ([10.0], 3, 30.0),
        ([10.0, 20.0], 1, 13.0),
        ([10.0, 20.0, 20.0], 2, 2 * (13.0 + 0.3 * 7.0)),
    ],
)
def test_estimate_follows_recent_answers(answers, place, expected) -> None:
    estimate = WaitEstimate(weight=0.3)
    for seconds in answers:
        estimate.record(seconds)
    assert estimate.seconds(place) == pytest.approx(expected)
