"""Checking worked solutions step by step, and extracting a model's final answer."""

from __future__ import annotations

import pytest

from tutor_app.mathcheck import check_steps, extract_final_answer


@pytest.mark.parametrize(
    ("steps", "follows", "first_wrong"),
    [
        (["2x+3=7", "2x=4", "x=2"], [True, True, True], None),
        (["2x+3=7", "2x=4", "x=3"], [True, True, False], 2),
        (["2x+3=7", "2x=10", "x=5"], [True, False, True], 1),
        (["(x+1)^2", "x^2+2x+1", "x(x+2)+1"], [True, True, True], None),
        (["(x+1)^2", "x^2+1", "x^2+1"], [True, False, True], 1),
        (["x^2-5x+6=0", "(x-2)(x-3)=0", "x=2 or x=3"], [True, True, True], None),
        (["x^2-5x+6=0", "(x-2)(x-3)=0", "x=2"], [True, True, False], 2),
        (["sqrt(x)=x-2", "x=(x-2)^2", "x^2-5x+4=0", "x=1 or x=4"], [True, True, True, True], None),
        (["x^2=4", "x=2"], [True, False], 1),
        (["\\frac{6}{8}", "\\frac{3}{4}", "0.75"], [True, True, True], None),
        (["2x+3=7", "x+y"], [True, None], None),
        (["2x+3=7", "2x=4#"], [True, None], None),
    ],
)
def test_check_steps(steps: list[str], follows: list, first_wrong: int | None) -> None:
    """Each step is marked; the first step that does not follow is named."""
    report = check_steps(steps)
    assert [m.follows for m in report.steps] == follows
    assert [m.index for m in report.steps] == list(range(len(steps)))
    assert report.first_wrong == first_wrong


def test_step_reasons() -> None:
    """Reasons say why a step does not follow, and warn about squaring."""
    report = check_steps(["2x+3=7", "2x=4", "x=3"])
    assert report.steps[2].reason == "This step is not equivalent to the previous one: The solutions are different."
    squared = check_steps(["sqrt(x)=x-2", "x=(x-2)^2"])
    assert squared.steps[1].reason == "Follows, but this step can add extra solutions (check them at the end)."


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("We add them.\n\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"),
        ("First \\boxed{3}, then correct it: \\boxed{x = 4}.", "x = 4"),
        ("Work...\nFinal answer: x = 3", "x = 3"),
        ("**Final Answer:** $\\frac{3}{4}$", "\\frac{3}{4}"),
        ("So the answer is 42.", "42"),
        ("解：移项得 2x=4\n答：x=2", "x=2"),
        ("计算过程……\n答案：3/4", "3/4"),
        ("移项得 2x=4\n解得 x=2。", "x=2"),
        ("Subtract 3 from both sides.\nDivide by 2:\nx = 2.", "x = 2"),
        ("I am not sure how to solve this.", None),
        ("", None),
        ("\\boxed{\\sqrt{\\frac{1}{2}}}", "\\sqrt{\\frac{1}{2}}"),
        ("The answer is $x = \\frac{5}{2}$.", "x = \\frac{5}{2}"),
        ("Final Answer: The final answer is $12$. I hope it is correct.", "12"),
        ("Therefore, **x = 4**", "x = 4"),
        ("Hence $x = 7$.", "x = 7"),
        ("所以方程的解为 x=2", "x=2"),
        ("答案是 3/4", "3/4"),
        ("x = 2 and then we are done", None),
    ],
)
def test_extract_final_answer(text: str, answer: str | None) -> None:
    """The last boxed answer, an answer line, or a trailing assignment."""
    assert extract_final_answer(text) == answer
