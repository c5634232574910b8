"""Verdicts said to a student: what is wrong without the correct answer, in English and Chinese."""

from __future__ import annotations

import re

import pytest

from tutor_app.mathcheck import check_answer, compare_with_cas
from tutor_app.mathcheck.verdict import Verdict
from tutor_app.mathtext import math_html
from tutor_app.tutoring.feedback import explain, explain_reason, show_math

# (correct answer, wrong answer, what a student is told, and what must never be in it)
WRONG = [
    ("x = 2 or x = 3", "x = 2", "A solution is missing", ["3"]),
    ("x = 2 or x = 3", "x = 2 or x = 3 or x = 5", "One of your values is not a solution", ["2", "3"]),
    ("2x", "-2x", "Sign error", ["2x"]),
    ("6", "12", "Off by a factor of 2.", ["6"]),
    ("x + 7", "x + 4", "Off by a constant", ["7", "3"]),
    ("(1, 2)", "(1, 5)", "Part 2 is wrong.", ["2)"]),
    ("x > 2", "x > 3", "The set is different.", ["2"]),
    ("5 m", "5", "Add the units (m).", []),
]


@pytest.mark.parametrize(("reference", "answer", "told", "secret"), WRONG)
def test_a_wrong_answer_is_told_what_is_wrong_without_the_answer(reference, answer, told, secret) -> None:
    verdict = check_answer(reference, answer)
    assert verdict.equivalent is False
    said = explain(verdict, "en", reveal=False)
    assert said.startswith(told), said
    for part in secret:
        assert part not in said, (part, said)
    assert verdict.normalized_reference not in said


@pytest.mark.parametrize(("reference", "answer", "told", "secret"), WRONG)
def test_the_same_in_chinese_has_no_english_words(reference, answer, told, secret) -> None:
    said = explain(check_answer(reference, answer), "zh", reveal=False)
    assert not re.search(r"[A-Za-z]{3,}", said), said
    assert re.search(r"[\u4e00-\u9fff]", said), said


def test_revealing_quotes_the_missing_solution() -> None:
    verdict = check_answer("x = 2 or x = 3", "x = 2")
    assert explain(verdict, "en", reveal=True) == "Missing solution: x = 3."
    assert explain(verdict, "zh", reveal=True) == "缺少的解：x = 3。"


def test_the_computer_algebra_systems_answer_stays_hidden() -> None:
    verdict = compare_with_cas("Solve x^2 - 5x + 6 = 0", "x = 2")
    said = explain(verdict, "en", reveal=False)
    assert said == ("The computer algebra system gets a different answer. "
                    "A solution is missing: look for another value that works.")
    assert "3" not in said


def test_a_wrong_form_is_said_once() -> None:
    verdict = check_answer("x^2 - 1", "x^2 - 1", form="factored")
    assert verdict.kind == "wrong_form"
    assert explain(verdict, "en", reveal=False) == "Factor the answer completely: it should be a product of factors."
    assert explain(verdict, "zh", reveal=False) == "完全因式分解：答案应是几个因式的乘积。"


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("2 @ 3", "Could not read your answer: the “@” does not belong there."),
        ("\\foo", "Could not read your answer: the command \\foo is not one I know."),
        ("x +", "Could not read your answer: it stops too early: something is missing at the end."),
        ("(x + 1", "Could not read your answer: a “(” is opened but never closed."),
        ("elephant", "Could not read your answer: the word “elephant” is not one I know."),
        ("{", "Could not read your answer: it stops too early: something is missing at the end."),
        ("1/0", "Could not read your answer: it divides by zero."),
        ("x^99999999", "Could not read your answer: it is too large to check."),
    ],
)
def test_an_unreadable_answer_names_the_symbol_in_the_students_words(answer, said) -> None:
    verdict = check_answer("10", answer)
    assert verdict.equivalent is None
    assert explain(verdict, "en", reveal=False) == said
    assert not re.search(r"[A-Za-z]{3,}", explain(verdict, "zh", reveal=False).replace(answer, ""))


def test_an_unreadable_answer_whose_detail_nobody_matched_still_says_which_was_unreadable() -> None:
    verdict = Verdict(None, "Could not read the answer: a brand-new parser message", "undecided")
    assert explain(verdict, "zh", reveal=False) == "无法读懂你的答案：请检查书写。"


def test_an_unknown_reason_that_quotes_the_answer_is_replaced() -> None:
    verdict = Verdict(False, "Nope, it should be 42.", "not_equivalent", "42", "41")
    assert explain(verdict, "en", reveal=False) == "This is not the right answer yet."
    assert explain(verdict, "en", reveal=True) == "Nope, it should be 42."
    assert explain(verdict, "zh", reveal=True) == "这个答案还不对。"


@pytest.mark.parametrize(
    ("python", "math"),
    [
        ("x**2 - 5*x + 6", "x² − 5x + 6"),
        ("Interval.open(2, oo)", "(2, ∞)"),
        ("12.5000000000000 m/s", "12.5 m/s"),
        ("3.00000000000000", "3"),
        ("sqrt(2)*pi/4", "√2·π/4"),
        ("Union(Interval.open(-oo, 1), Interval.open(2, oo))", "(-∞, 1) ∪ (2, ∞)"),
        ("x**(1/2)", "x^(1/2)"),
    ],
)
def test_python_notation_is_shown_as_math(python, math) -> None:
    assert show_math(python) == math


@pytest.mark.parametrize(
    ("reason", "said", "secret"),
    [
        ("Expected the answer 'Friday'.", "This is not the right answer yet.", "Friday"),
        ("Expected '(C)'.", "This is not the right answer yet.", "(C)"),
        ("Component 3 is wrong: expected 7/2.", "Part 3 is wrong.", "7/2"),
        ("Missing 1 of the 2 expected tuples.", "1 of the 2 expected answers are missing.", None),
        ("The computer algebra system disagrees: it gets 42. The value is different.",
         "The computer algebra system gets a different answer. This is not the right answer yet.", "42"),
    ],
)
def test_reasons_that_quote_the_answer_keep_it_back(reason: str, said: str, secret: str | None) -> None:
    verdict = Verdict(False, reason, "not_equivalent")
    assert explain(verdict, "en", reveal=False) == said
    assert secret is None or secret not in explain(verdict, "zh", reveal=False)
    assert secret is None or secret in explain(verdict, "en", reveal=True)


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("209 is not prime: 209 = 11 \\cdot 19.", "$209$ 不是质数：$209 = 11 \\cdot 19$。"),
        ("31 is prime: it has no divisor but 1 and itself.",
         "$31$ 是质数：除了 1 和它本身没有别的因数。"),
        ("24 is not divisible by 9: 24 = 2 \\cdot 9 + 6.", "$24$ 不能被 $9$ 整除：$24 = 2 \\cdot 9 + 6$。"),
        ("12 is divisible by 3: 12 = 4 \\cdot 3.", "$12$ 能被 $3$ 整除：$12 = 4 \\cdot 3$。"),
        ("x = 4 does not satisfy 2^x = 8.", "$x = 4$ 不满足 $2^x = 8$。"),
        ("Not checked: x = -3 does not satisfy x > 0, so it cannot be the answer (reject it if it is a root found "
         "on the way).", "未检查：$x = -3$ 不满足 $x > 0$，所以不能是答案（如果它是求解中得到的根，请舍去）。"),
    ],
)
def test_step_reasons_about_numbers_and_roots_are_said_in_chinese(reason: str, said: str) -> None:
    assert explain_reason(reason, "not_equivalent", "zh", reveal=False) == said


def test_a_log_without_a_base_says_why_it_was_not_decided_in_both_languages() -> None:
    verdict = check_answer("\\log 100", "2")
    # After the headline "Could not decide.", the reason does not say it again.
    assert explain_reason(verdict.reason, verdict.kind, "en", reveal=False).startswith(
        "A logarithm written without a base is to base 10 in school books")
    assert explain_reason(verdict.reason, verdict.kind, "zh", reveal=False).startswith(
        "不写底数的对数在中学课本里是以 10 为底")


def test_a_line_with_prices_is_quoted_as_whole_formulas_on_the_page_and_in_the_worksheet() -> None:
    reason = explain_reason("\\$5 \\times 3 is 15, not \\$16.", "not_equivalent", "en", reveal=False)
    # Left as \$, Streamlit's Markdown would end each formula at the price's dollar sign.
    assert reason == "$\\text{\\textdollar}5 \\times 3$ is not $\\text{\\textdollar}16$: check the arithmetic."
    html = math_html(reason)
    assert "<mi>&#x00024;</mi><mn>5</mn>" in html and "<mi>&#x00024;</mi><mn>16</mn>" in html
    assert "textdollar" not in html
