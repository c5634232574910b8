"""The Check an answer page in AppTest, with the real checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[2] / "tutor_app" / "views" / "check.py")


def check(reference: str, answer: str, form: str = "") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.text_input(key="check_reference").set_value(reference)
    at.text_input(key="check_answer").set_value(answer)
    at.selectbox(key="check_form_req").set_value(form)
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    ("reference", "answer", "form", "box", "starts"),
    [
        ("2(x+1)", "2x+2", "", "success", "**Equivalent.**"),
        ("x = 2 or x = 3", "{3, 2}", "", "success", "**Equivalent.**"),
        ("x = 2", "x = -2", "", "error", "**Not equivalent.**"),
        ("(x+1)(x+2)", "x^2+3x+2", "factored", "warning", "**Equivalent, but not in the requested form.**"),
        ("x", "__import__('os')", "", "info", "**Could not decide.**"),
    ],
)
def test_verdicts(reference: str, answer: str, form: str, box: str, starts: str) -> None:
    at = check(reference, answer, form)
    shown = getattr(at, box)
    assert len(shown) == 1
    assert shown[0].value.startswith(starts)


def test_empty_answer_asks_for_both() -> None:
    at = check("x = 2", "  ")
    assert [w.value for w in at.warning] == ["Type both answers first."]


def test_form_labels_are_words() -> None:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert at.selectbox(key="check_form_req").options == [
        "any form", "factored", "expanded", "fully simplified (radicals too)", "fraction in lowest terms", "exact (no decimals)"
    ]


def test_the_wrong_form_is_said_once() -> None:
    at = check("(x+1)(x+2)", "x^2+3x+2", "factored")
    assert at.warning[0].value == ("**Equivalent, but not in the requested form.** "
                                   "Factor the answer completely: it should be a product of factors.")


@pytest.mark.parametrize(
    ("reference", "answer", "compared"),
    [
        ("(x-2)(x-3)", "x^2 - 5x + 6", "x² − 5x + 6"),
        ("x > 2", "x > 3", "x ∈ (3, ∞)"),
        ("12.5 m/s", "12.5 m/s", "12.5 m/s"),
    ],
)
def test_the_compared_forms_are_math_not_python(reference: str, answer: str, compared: str) -> None:
    at = check(reference, answer)
    caption = at.caption[-1].value
    assert compared in caption
    for python in ("**", "*", "Interval", "oo", "00000"):
        assert python not in caption, caption


def test_an_unreadable_answer_names_the_symbol_in_plain_words() -> None:
    at = check("10", "2 @ 3")
    assert at.info[0].value == ("**Could not decide.** Could not read your answer: "
                                "the “@” does not belong there.")


def test_in_chinese_the_reason_is_chinese() -> None:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = "zh"
    at.run()
    at.text_input(key="check_reference").set_value("x = 2 or x = 3")
    at.text_input(key="check_answer").set_value("x = 2")
    next(b for b in at.button if b.label == "检查").click().run()
    assert at.error[0].value == "**不等价。** 缺少的解：x = 3。"
