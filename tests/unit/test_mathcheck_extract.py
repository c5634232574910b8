"""Finding the final answer in a written solution: boxes, answer labels, the closing sentence."""

from __future__ import annotations

import pytest

from tutor_app.mathcheck import extract_final_answer
from tutor_app.mathcheck.extract import extract_final_answers


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("We add them.\n\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"),
        ("First \\boxed{3}.\n\nThen correct it: \\boxed{x = 4}.", "x = 4"),
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
        ("Therefore, **x = 4**", "x = 4"),
        ("Hence $x = 7$.", "x = 7"),
        ("所以方程的解为 x=2", "x=2"),
        ("答案是 3/4", "3/4"),
        ("x = 2 and then we are done", "x = 2"),
        # \fbox is a box too, and a box may hold nested braces.
        ("So \\fbox{$\\frac{1}{4}$}.", "$\\frac{1}{4}$"),
        # Labels anywhere in the last paragraph, not only at the start of a line.
        ("Adding the two parts, the final answer is $17$.", "17"),
        ("Final Answer: The final answer is $12$. I hope it is correct.", "12"),
        ("Altogether she has 42 apples.\n#### 42", "42"),
        ("We simplify. Answer: $-3$", "-3"),
        ("综上所述，答案是 5。", "5"),
        # Chinese prose around the value is cut like English words.
        ("答：小明有5个苹果。", "5"),
        ("所以小明一共有12个苹果。", "12"),
        ("综上所述，最小值为 3。", "3"),
        ("因此，x=3。", "x=3"),
        # A closing sentence that states a value.
        ("Each week is 7 days.\nSo Mark will need 30 days.", "30"),
        ("Therefore, the customer paid $37.", "37"),
        ("So there's a 10% chance.", "10%"),
        ("So, Lucy spends $43.00 on cleaning in 5 weeks.", "43.00"),
        # The sentence goes on to the result: the last math span, not the first.
        ("So the value of $b$ that makes $x^2 + bx + 9$ a square is $b = 6$.", "b = 6"),
        ("Therefore the solutions of $x^2 = 4$ are $x = 2$ and $x = -2$.", "x = 2, x = -2"),
        # A worked line states its last value; "x = 3" stays whole.
        ("The total is $16 + 36 = 52$ marbles.", "52"),
        ("Thus $x = 3$.", "x = 3"),
        ("Therefore \\[ \\text{Total} = 52 \\]", "52"),
        # A concluding sentence states what follows its "is", not a later aside.
        ("Thus, the largest value of $f$ is **13**, reached when $y$ is smallest.", "13"),
        ("Therefore the function is: \\[f(x) = 1 - x.\\] It is one-to-one since its slope is $-1$.",
         "f(x) = 1 - x"),
        # A hint states no result, whatever numbers it mentions.
        ("Think about subtracting 3 first.", None),
        ("Try dividing both sides by $2$.", None),
        # Trailing words are cut: units, closing phrases, a full stop.
        ("The answer is 1,200 dollars. I hope it is correct.", "1,200"),
        # A sentence that ends with a colon goes on to the display below it.
        ("Thus, the equation of the circle is:\n\\[ x^2 + y^2 = 25 \\]", "x^2 + y^2 = 25"),
        ("So the area is:\n\n$$12$$", "12"),
        ("Therefore the side is $3$.\nThus the area is:\n\\[ 9 \\]", "9"),
        # A solution cut off mid-formula states no answer; neither does a line of working that
        # goes on from the one above it.
        ("We expand.\n\nSo the total is $\\frac{a_1a_2+a_1", None),
        ("Then we get\n\nHence $(x-2)(x+3", None),
        ("Thus\n$$&= \\sum_{i=1}^n a_i$$", None),
        ("So $x = 4$.\n\nThen $f(x) = \\frac{x - ", None),
        ("Therefore $\\implies x > 4$", None),
        # A cut-off closing sentence does not hide a labelled answer above it.
        ("Answer: 12\n\nTherefore $\\frac{1}{2", "12"),
        # A solution that stops mid-sentence or inside a display never stated its result, whatever
        # values its working reached; an end-of-proof mark is no cut.
        ("So the sum is 12.\n\nNext we check the case where", None),
        ("The count so far is 7, and we add the", None),
        ("We checked it and this is a", None),
        ("Hence we get \\[ 2^{k} = 5^c + 1", None),
        ("Then $|a_{n+1} - a", None),
        ("So $n = 4$.\n\nThen $2n\\", None),
        ("So $x = 4$.\n\nNow we add $", None),
        # A sentence that sets something up ("Let $y$ be ...") states no result.
        ("We found $x = 4$.\n\nLet $y$ be the number of boxes.", "x = 4"),
        ("So the change is $20 - 5 = 15$.\n\nShe keeps $15", "15"),
        # A line that opens with a relation goes on from the one above: working, not a result.
        ("So $a \\ge 1$.\n\n$\\ge |a_1 - a_2| + |a_3 - a_4|$", None),
        ("So $a = 2$.\n\n$= |a_1 - a_2| + 4$", None),
        # "The result is" names the result of a step; above the last paragraph it is no answer label.
        ("The result is the decimal $0.\\overline{36}$.\n\nThe 5th digit is therefore **6**.", "6"),
        ("We add the parts.\n\nThe result is $12$.", "12"),
        ("So $x = 3$. $\\square", "x = 3"),
        ("So Mark needs 30 days.\n\n---", "30"),
        ("Thus $x = 4$.\n\n***\n", "x = 4"),
        # The last paragraph's statement comes before a concluding sentence of the one above it.
        ("- Thus, the largest value is $f = 9$.\n\n"
         "The range of $f$ is therefore $[1, 9]$. This covers each case.", "[1, 9]"),
        # The value a verb states is the one right after it, not a formula further on ...
        ("Therefore, the values of $k$ for which the lines meet on the axis are $k = 2$ and $k = 7$.",
         "k = 2, k = 7"),
        ("The total is therefore 42.", "42"),
        # After the verb, the value it states comes first; words after it are cut, and the operands
        # of a worked sum are not the value.
        ("The value of x is 5 when y is 3.", "5"),
        ("Thus, the number of students who passed is 24 out of 30.", "24"),
        ("So the total cost is $4.50 per box.", "4.50"),
        ("Therefore, Jean is 8.6 + 2 = 10.2 years old.", "10.2"),
        # The concluding word is no part of the answer it introduces.
        ("So x = 2 or x = -3.", "x = 2 or x = -3"),
        # ... or, when the verb goes on to words, the number in the sentence's subject.
        ("So 12 buses are needed to carry $\\frac{600}{N}$ people in 3 trips.", "12"),
        # A remark after the answer ("This estimate is based on $A$") states no value.
        ("The chance is about \\(1/4\\). This estimate is based on how \\(A\\) and \\(B\\) are spread.", "1/4"),
        # A named quantity states its value: "Total = 42", "g(3) = 11".
        ("Adding up:\nTotal = 12 + 30\nTotal = 42", "42"),
        ("So $g(3) = 11$.", "11"),
        # An answer label may give a written answer, in a few words; "the solution is" may not.
        ("The final answer is Friday.", "Friday"),
        ("Answer: all even numbers", "all even numbers"),
        ("Final Answer:\nWednesday", "Wednesday"),
        ("We simplify.\n\nThe solution is to divide both sides by two.", None),
        # A judgement of an answer is no answer.
        ("Your answer is right.", None),
        ("Yes, the answer is correct.", None),
        ("So the answer is that the two claims agree because each reduces to the same residue.", None),
        # A box of several named values states each one.
        ("Hence\n\\[\\boxed{\\cos \\pi = -1, \\sin \\pi = 0}\\]", "-1, 0"),
        ("So \\boxed{T(1) = 4, T(2) = 7}.", "4, 7"),
        # An answer claimed before the proof stands when the proof is cut off or states no value.
        ("We claim that the answer is $12$.\n\nFirst, twelve moves suffice.\n\nLet $a_1$ be the first move."
         "\n\nThen $a_2$ follows it.\n\nSuppose that", "12"),
        ("The answer is 7.\n\nProof.\n\nEach move keeps the parity.\n\nNo move undoes another.\n\n"
         "This completes the proof.", "7"),
        # Only "the answer is" claims: "a common answer is 3m" far above a cut-off end is working.
        ("Pairs with a common answer is $3m$.\n\nWe stop.\n\nNext.\n\nThen we see that the", None),
        # A closing list of formulas under a heading gives every value, in order.
        ("Results:\n- \\( g(1) = 4 \\)\n- \\( g(2) = 9 \\)", "4, 9"),
        ("We are done.\n\nRoots:\n1. x = 1\n2. x = 5", "x = 1, x = 5"),
    ],
)
def test_extract_final_answer(text: str, answer: str | None) -> None:
    """The boxed answer, an answer label, or the value the last sentence states."""
    assert extract_final_answer(text) == answer


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # One box per part, in order: a maximum and a minimum.
        ("The maximum is \\(\\boxed{2}\\) and the minimum is \\(\\boxed{1}\\).", ["2", "1"]),
        ("The pairs are \\(\\boxed{(1, 2)}\\) and \\(\\boxed{(3, 4)}\\).", ["(1, 2)", "(3, 4)"]),
        # Box-only display lines just above the last one belong to the same statement.
        ("Hence\n\\[ \\boxed{a = 1} \\]\n\\[ \\boxed{b = 2} \\]", ["a = 1", "b = 2"]),
        # Parts named on lines of their own, one box each, in order.
        ("The maximum is \\(\\boxed{5}\\).\nThe minimum is \\(\\boxed{1}\\).", ["5", "1"]),
        ("Work.\n\n(a) \\boxed{3}\n(b) \\boxed{7}", ["3", "7"]),
        ("Thus:\n- Maximum: \\(\\boxed{5}\\)\n- Minimum: \\(\\boxed{1}\\)", ["5", "1"]),
        # A box the working tried, or one a conclusion replaces, is no part.
        ("We try \\boxed{4}.\nSo \\boxed{5}.", ["5"]),
        ("The first guess is \\boxed{4}.\nTherefore the total is \\boxed{6}.", ["6"]),
        # A box repeated in the closing line counts once.
        ("So $\\boxed{5}$.\nThe answer is $\\boxed{5}$.", ["5"]),
        # Boxes of earlier parts of the working are not part of the final answer.
        ("Part 1: \\boxed{4}.\n\nPart 2 gives, finally, \\boxed{9}.", ["9"]),
        # After an answer label on the boxed line, only the boxes that follow it.
        ("We try \\boxed{4 - 4} = 0, so the answer is \\boxed{-4}.", ["-4"]),
        ("No boxes here. Final answer: 8", ["8"]),
        ("Nothing to see.", []),
    ],
)
def test_extract_final_answers(text: str, parts: list[str]) -> None:
    """Every box of the final statement, in order; a repeated box once."""
    assert extract_final_answers(text) == parts


def test_several_boxes_join_into_one_answer() -> None:
    """The joined answer is a list the checker reads as several values."""
    assert extract_final_answer("Max \\(\\boxed{2}\\), min \\(\\boxed{1}\\).") == "2, 1"
