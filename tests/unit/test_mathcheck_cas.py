"""The CAS solver: an independent reference answer, and whether it agrees with a model."""

from __future__ import annotations

import pytest

from tutor_app.mathcheck import cas, check_answer, compare_with_cas, solve_with_cas


@pytest.mark.parametrize(
    ("problem", "task", "expected"),
    [
        ("Solve 2x + 3 = 7", "solve", "x = 2"),
        ("Solve x^2 - 5x + 6 = 0", "solve", "x = 2 or x = 3"),
        ("\\frac{d}{dx} x^3 \\sin x", "derivative", "x^3 cos(x) + 3x^2 sin(x)"),
        ("\\int_0^1 x^2 dx", "integral", "1/3"),
        ("\\int x^2 \\, dx", "integral", "x^3/3 + C"),
        ("Simplify (x^2-1)/(x-1)", "simplify", "x+1"),
        ("Simplify: $2 \\sqrt{80 h j^{4} k}$", "simplify", "8 j^2 \\sqrt{5 h k}"),
        ("2x+y=5, x-y=1", "solve", "x=2, y=1"),
        ("Factor x^2+5x+6", "factor", "(x+2)(x+3)"),
        ("\\lim_{x\\to 0} \\sin(x)/x", "limit", "1"),
        ("Evaluate 3/4 + 1/6", "evaluate", "11/12"),
        ("Solve 2x - 3 > 5", "solve", "x > 4"),
        ("解方程 2x+3=7", "solve", "x = 2"),
        ("求导 x^2 + 3x", "derivative", "2x + 3"),
        ("化简 (x^2-1)/(x-1)", "simplify", "x+1"),
        ("因式分解 x^2-9", "factor", "(x-3)(x+3)"),
        ("Expand (x+1)^3", "expand", "x^3+3x^2+3x+1"),
        ("Find the derivative of e^{2x}", "derivative", "2e^(2x)"),
        ("Solve y = 2x + 1 for x", "solve", "x = (y-1)/2"),
        ("Solve x^2 < 4", "solve", "(-2, 2)"),
        ("Compute 2^10", "evaluate", "1024"),
        ("Solve x^2 = -1", "solve", "no real solution"),
        ("Solve e^x = 2", "solve", "x = \\ln 2"),
        ("\\int_1^2 \\frac{1}{x} \\, dx", "integral", "\\ln 2"),
    ],
)
def test_solve_with_cas(problem: str, task: str, expected: str) -> None:
    """The CAS works out the answer itself, and it reads back as the expected one."""
    result = solve_with_cas(problem)
    assert result is not None and result.task == task
    assert check_answer(expected, result.answer).kind == "equivalent", result


@pytest.mark.parametrize(
    ("problem", "task", "expected"),
    [
        ("Evaluate $\\int_0^3 x^3\\,dx$", "integral", "81/4"),
        ("$\\int_0^3 x^3 \\mathrm{d}x$", "integral", "81/4"),
        ("Find $\\int_0^3 x^3 dx$.", "integral", "81/4"),
        ("Compute the value of the integral: $\\int_{0}^{3} x^{3} d x $", "integral", "81/4"),
        ("Find the derivative of the function: $\\sin x \\cos x $", "derivative", "cos(x)^2 - sin(x)^2"),
        ("What is 50% of 1/3 of 36?", "evaluate", "6"),
        ("Compute $1+2+\\cdots+100$.", "evaluate", "5050"),
        ("What is $2 + 4 + 8 + \\cdots + 1024$?", "evaluate", "2046"),
        ("Find $\\sum_{k=1}^{10} k^2$.", "evaluate", "385"),
        ("Solve $x + y = 10$ and $x - y = 2$.", "solve", "x = 6, y = 4"),
        ("Solve the system of equations $\\begin{cases} 2x + y = 5 \\\\ x - y = 1 \\end{cases}$", "solve",
         "x = 2, y = 1"),
        ("Solve $2x - 3 > 5$.", "solve", "x > 4"),
        ("Let $f(x) = x^3 + 2x^2 - 5x$. Find the derivative $f'(x)$.", "derivative", "3x^2 + 4x - 5"),
        ("Find the derivative of $x^2 \\sin x$.", "derivative", "x^2 cos(x) + 2x sin(x)"),
        ("Find the limit of $\\frac{\\sin x}{x}$ as $x \\to 0$.", "limit", "1"),
        ("Find the value of $3^4 - 2^5$.", "evaluate", "49"),
        ("求函数 $f(x) = x^2 - 4x + 1$ 的最小值。", "minimum", "-3"),
        ("Find the maximum value of $-x^2 + 2x$.", "maximum", "1"),
        ("Solve for $x$: $3x + 5 = 20$", "solve", "x = 5"),
        ("解方程：$2(x - 3) = x + 4$", "solve", "x = 10"),
    ],
)
def test_the_problem_reader_takes_problems_as_students_and_books_write_them(problem: str, task: str,
                                                                            expected: str) -> None:
    result = solve_with_cas(problem)
    assert result is not None and result.task == task, result
    assert check_answer(expected, result.answer).kind == "equivalent", result


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        ("Find the greatest common divisor of 84 and 126.", "42"),
        ("What is the least common multiple of $12$, $15$, and $20$?", "60"),
        ("Compute the least common multiple of $5!$ and $3^4$.", "3240"),
        ("What is the remainder when $7^5$ is divided by 11?", "10"),
        ("Find the remainder of 1000 divided by 7.", "6"),
        ("Find the remainder when $x^3 + 2x + 5$ is divided by $x - 2$.", "17"),
        ("What is the average of the numbers 4, 7, 10, and 15?", "9"),
        ("What is the mean of $\\frac{1}{3}$ and $\\frac{1}{4}$? Express your answer as a common fraction.", "7/24"),
        ("How many positive divisors does 72 have?", "12"),
        ("What is the tens digit of $3^7$?", "8"),
        ("How many numbers are in the list $4, 7, 10, \\ldots, 97$?", "32"),
        ("What is $2 + 5 + 8 + \\cdots + 29 + 32$?", "187"),
        ("What is the value of the geometric series $3 + 6 + 12 + \\cdots + 384$?", "765"),
        ("Round 48351 to the nearest hundred.", "48400"),
        ("What is $\\frac{2}{7}$ to the nearest hundredth?", "0.29"),
        ("Express $\\frac{7}{8}$ as a decimal.", "0.875"),
        ("Convert $\\frac{29}{4}$ to a mixed number.", "7 1/4"),
        ("Express $0.\\overline{6}$ as a common fraction.", "2/3"),
        ("What is $\\frac{5}{6} - \\frac{1}{4}$? Express your answer as a common fraction.", "7/12"),
        ("Express $1011_2 + 12_3$ in base 10.", "16"),
        ("What is the base ten equivalent of $2012_3$?", "59"),
        ("Evaluate $\\log_28$.", "3"),
        ("What is the value of $x$ if $5x - 3 = 2x + 9$?", "4"),
        ("For what value of $y$ is the following equation true: $3(y - 2) = 12$?", "6"),
        ("Find $t$ such that $\\sqrt{2t + 1} = 5$.", "12"),
        ("If $a + b = 9$ and $a - b = 3$, what is the value of $ab$?", "18"),
        ("Given that $m + n = 5$ and $mn = 6$, evaluate $m^2 + n^2$.", "13"),
        ("If $p - q = 2$, what is $3p - 3q$?", "6"),
        ("Evaluate $x^2 - y$ when $x = 4$ and $y = 7$.", "9"),
        ("Given a = 2 and b = 3, find the value of the expression $a^b$.", "8"),
        ("If $(a, b) = (2, 5)$, what is $a^2 b$?", "20"),
        ("Let $u = 3v + 1$ and $v = w^2$. What is the value of $u$ when $w = 2$?", "13"),
        ("Let $f(x) = x^2$ and $g(x) = x + 1$. Find $f(g(2))$.", "9"),
        ("Let $f(x) = 2x$, $g(x) = x - 1$ and $h(x) = 1/g(x)$. What is $h(f(3))$?", "1/5"),
        ("If $p(t) = \\sqrt{t + 7}$, what is the value of $p(p(2))$?", "sqrt(10)"),
        ("Find the domain of the function $f(x) = \\sqrt{x - 3} + \\frac{1}{x - 5}$.", "[3, 5) ∪ (5, oo)"),
        ("What is the domain of $y = \\log(4 - x^2)$? Express your answer in interval notation.", "(-2, 2)"),
        ("Find the midpoint of the segment with endpoints $(2, -4)$ and $(6, 8)$. Express your answer as an ordered "
         "pair.", "(4, 2)"),
        ("What is the distance between the points $(1, 2)$ and $(4, 6)$?", "5"),
        ("What is the distance in the complex plane between $1+2i$ and $4-2i$?", "5"),
        ("Find the center of the hyperbola whose equation is $x^2 - 4y^2 + 2x + 16y = 19$.", "(-1, 2)"),
        ("Find the radius of the circle with equation $x^2 - 6x + y^2 + 4y = 12$.", "5"),
        ("What is the coefficient of $x^3y^2$ in the expansion of $(x + 2y)^5$?", "40"),
        ("Find the constant term in the expansion of $\\left(x^2 + \\frac{2}{x}\\right)^3$.", "12"),
        ("Find the coefficient of $x$ when $(2 + 3x) - 4(1 - x)$ is simplified.", "7"),
        ("求 84 和 126 的最大公约数。", "42"),
        ("12、15 和 20 的最小公倍数是多少？", "60"),
        ("求 $2^{10}$ 除以 7 的余数。", "2"),
        ("求 4，7，10 和 15 的平均数。", "9"),
        ("Find the sum of all the roots of $x^2 - 7x + 10 = 0$.", "7"),
        ("What is the product of the solutions of the equation $x^2 + x - 12 = 0$?", "-12"),
        ("Find all solutions to the inequality $\\frac{x-1}{x+2} \\ge 0$. Express your answer in interval notation.",
         "(-oo, -2) ∪ [1, oo)"),
        ("Solve $x^2 - 9 < 0$. Enter your answer using interval notation.", "(-3, 3)"),
        ("Find all real solutions to $x^3 = 4x$. Enter all the solutions, separated by commas.",
         "x = -2 or x = 0 or x = 2"),
    ],
)
def test_the_problem_reader_answers_problems_worded_in_set_phrases(problem: str, expected: str) -> None:
    """GCD, remainders, means, digits, rounding, forms, values under given equations: each as written."""
    result = solve_with_cas(problem)
    assert result is not None, problem
    assert result.answer == expected


@pytest.mark.parametrize(
    "problem",
    ["What is the value of $x$ if $x^2 = 16$?", "If $x + y = 10$, what is the value of $x$?",
     "What is the remainder when $2.5$ is divided by 2?", "Find the greatest common divisor of $x$ and 6.",
     "How many divisors does 12 have?", "What is the value of $x$ if $x + 2 = 5$ and $x$ is even?",
     "What is the sum of the roots of $x^2 - 2x + 5 = 0$?", "What is the sum of the roots of $(x - 1)^2(x + 2) = 0$?",
     "Express $\\frac{1}{3}$ as a decimal.", "Express $\\sqrt{2}$ as a common fraction.",
     "What is the sum of the roots of $x^3 - 1 = 0$?", "Find $x$ such that $x \\circ 3 = 12$.",
     "What is $\\frac{1}{x}$ when $x = 0$?",
     "Express $123_{10}$ in base 5.", "What is the value of $x$ if $\\sqrt{x} = -2$?",
     "What is the positive value of $x$ if $x^2 = 9$?", "Solve $x^2 = 2$. Express your answer to the nearest tenth.",
     "Find the remainder when $2^{10}$ is divided by 0.", "If $f(x) = x^2$, what is $f(y)$?",
     "Let $f(x) = 1/x$. Find $f(0)$.", "Let $f(x) = 3x$ and $f(1) = 5$. What is $f(2)$?",
     "Find the domain of $h(x) = \\lfloor x \\rfloor + \\sqrt{x}$.", "Find the domain of $g(x) = \\tan x$.",
     "Find the domain of $f(x) = \\sqrt{t - 1}$.",
     "Find the radius of the circle with equation $x^2 + y^2 + 2x + 5 = 0$.",
     "Find the radius of the circle with equation $2x^2 + y^2 = 8$.",
     "Find the radius of the circle with equation $x^2 + y^2 - 2x + 1 = 0$.",
     "Find the center of the ellipse whose equation is $y = x^2 + 2$.",
     "What is the distance between $(1, 2)$ and $(1, 2, 3)$?",
     "What is the coefficient of $x^2$ in the expansion of $(x + a)^3$?",
     "What is the coefficient of $x$ in $\\sin(x) + 3x$?",
     "What is the coefficient of $2x$ in $(x + 1)^2$?"],
)
def test_the_problem_reader_declines_set_phrases_it_cannot_answer_exactly(problem: str) -> None:
    """Two values where one is asked, a condition it does not read, or a form it cannot give: no answer."""
    assert solve_with_cas(problem) is None


@pytest.mark.parametrize(
    "problem",
    ["Find the center of the ellipse whose equation is $y = x^2 + 2$.",
     "Find the center of the hyperbola whose equation is $(x - y)^2 = 4$."],
)
def test_a_conic_without_one_center_has_no_answer_rather_than_an_error(problem: str) -> None:
    """In the worker's own process: no center (a parabola) or a line of them (two parallel lines) gives None."""
    assert cas.solve(problem) is None


@pytest.mark.parametrize(
    "problem",
    ["Write a poem about triangles", "Solve x + y = 3", "A train travels 180 km in 2.5 hours. How fast is it?",
     "Compute $1 + 2 + \\cdots$",
     "How many integers satisfy the equation $3n^3 - 12n = 0$?", "Find the smallest integer with $(x-5)(x+5) < 0$.",
     "The smallest angle measures $60^{\\circ}$. What is the largest angle?", "Solve $2 - 3iz = 3 + 2iz$ for $z$.", "__import__('os')", "", "Prove that √2 is irrational"],
)
def test_solve_with_cas_declines(problem: str) -> None:
    """Problems SymPy cannot take on its own give None."""
    assert solve_with_cas(problem) is None


@pytest.mark.parametrize(
    "problem",
    ["Solve for x: 2x + 3 = 7, where x is negative.", "Solve x^2 = 9 for x > 0.",
     "Solve: x^2 - 4 = 0 (take the positive root)", "Solve x^2 = 4 in the interval [0, 5].",
     "Simplify (x^2 - 1)/(x - 1) if x is not 1"],
)
def test_a_typed_problem_with_words_after_its_math_is_not_answered(problem: str) -> None:
    """Without $...$ the words are not marked off from the math; they may add a condition, so no answer
    rather than the answer to another question (x = 2 when x must be negative)."""
    assert solve_with_cas(problem) is None


@pytest.mark.parametrize(
    ("problem", "expected"),
    [("Solve for x: 2x + 3 = 7", "x = 2"), ("Solve x + y = 5 and x - y = 1", "x = 3, y = 2"),
     ("lim x->0 sin(x)/x", "1"), ("Integrate x^2 dx", "x^3/3 + C"), ("Solve 2x + 3 = 7 for x", "x = 2")],
)
def test_a_typed_problem_of_math_alone_is_answered(problem: str, expected: str) -> None:
    result = solve_with_cas(problem)
    assert result is not None and check_answer(expected, result.answer).kind == "equivalent", result


@pytest.mark.parametrize(
    ("problem", "model_answer", "equivalent", "reason"),
    [
        ("Solve x^2 - 5x + 6 = 0", "x = 3 or x = 2", True, "agrees (x = 2 or x = 3)"),
        ("Solve x^2 - 5x + 6 = 0", "x = 2", False, "Missing solution: x = 3."),
        ("\\int_0^1 x^2 dx", "\\frac{1}{3}", True, "agrees"),
        ("\\int_0^1 x^2 dx", "\\frac{1}{2}", False, "disagrees: it gets 1/3"),
        ("Factor x^2+5x+6", "x^2+5x+6", False, "not in the requested form"),
        ("Factor x^2+5x+6", "(x+3)(x+2)", True, "agrees"),
        ("解方程 2x+3=7", "x=2", True, "agrees"),
        ("Write a poem", "x=2", None, "cannot solve this problem"),
        ("Solve 2x+3=7", "x = ?", None, "Could not compare"),
        # A log without a base: decided only where base 10 and base e give the same verdict.
        ("Solve $e^x = 100$", "x = \\ln 100", True, "agrees"),
        ("Solve $e^x = 100$", "x = \\log 100", None, "a logarithm written without a base"),
        ("Solve $\\log x = 2$", "x = 100", None, "a logarithm written without a base"),
        ("Solve $\\log x = 2$", "x = e^2", None, "a logarithm written without a base"),
        ("Solve $\\lg x = 2$", "x = 100", True, "agrees"),
        ("What is the domain of $y = \\log(4 - x^2)$?", "(-2, 2)", True, "agrees"),
    ],
)
def test_compare_with_cas(problem: str, model_answer: str, equivalent: bool | None, reason: str) -> None:
    """The app can say the computer algebra system agrees, disagrees, or cannot check."""
    verdict = compare_with_cas(problem, model_answer)
    assert verdict.equivalent is equivalent
    assert reason in verdict.reason


def test_a_natural_log_is_written_ln_so_no_reader_takes_it_for_base_10() -> None:
    """SymPy writes log for ln; a student reads log as base 10, and the answer checker asks which it is."""
    result = solve_with_cas("Solve $2^x = 5$")
    assert result.answer == "x = ln(5)/ln(2)"
    assert "\\ln" in result.latex and "\\log" not in result.latex
    assert check_answer(result.answer, "x = \\log_2 5").equivalent is True


@pytest.mark.parametrize("problem", ["Solve $\\log x = 2$", "Evaluate $\\log 1000$", "Simplify $\\log 8 - \\log 2$"])
def test_a_problem_with_a_log_without_a_base_is_answered_only_where_the_base_does_not_matter(problem: str) -> None:
    """x = 100 in a school book, e^2 at university: the CAS does not pick one (the domain of log(4 - x^2), the
    same either way, is answered above)."""
    assert solve_with_cas(problem) is None
