"""Checking worked solutions step by step."""

from __future__ import annotations

import pytest

from tutor_app.mathcheck import check_steps


# Correct working that is not a chain of equivalent rewrites: none of it may be called wrong.
CORRECT_WORK = [
    ("root list, one root a line", ["x^2-5x+6=0"], ["(x-2)(x-3)=0", "x = 2", "x = 3"]),
    ("roots given before the equation is solved", [], ["x = 1", "x = 3"]),
    ("roots from the formula, one a line", ["x^2 + 2x - 8 = 0"], ["x = \\frac{-2 + 6}{2} = 2",
                                                                   "x = \\frac{-2 - 6}{2} = -4"]),
    ("root list in one line", ["x^2-5x+6=0"], ["x = 2 or x = 3"]),
    ("plus-minus roots", ["x^2 = 9"], ["x = \\pm 3"]),
    ("system stated one equation a line", [], ["2x + y = 5", "x - y = 1", "3x = 6", "x = 2", "y = 1"]),
    ("system from the givens", ["2x + y = 5", "x - y = 1"], ["x = 2", "y = 5 - 2 \\cdot 2 = 1"]),
    ("substitution of a found value", ["2x+3=7"], ["x = 2", "2 \\cdot 2 + 3 = 7"]),
    ("substitution into a defined function", ["f(x) = x^2 - 4x + 1"], ["f(2) = 4 - 8 + 1 = -3"]),
    ("squaring both sides", ["\\sqrt{x} = x - 2"], ["x = (x-2)^2", "x^2 - 5x + 4 = 0", "x = 1 or x = 4"]),
    ("side computation", ["2x+3=7"], ["2 \\cdot 3 = 6", "18 - 6 = 12"]),
    ("a new fact with a new letter", ["2x+3=7"], ["y = 10", "A = \\pi r^2"]),
    ("e, i and j as letters", [], ["i = 3", "e = 5", "j = i + 1 = 4"]),
    ("a true identity", [], ["(x+1)^2 = x^2 + 2x + 1", "a^2 - b^2 = (a-b)(a+b)"]),
    ("rounded decimals", [], ["\\frac{1}{3} = 0.33", "\\pi \\approx 3.14", "\\sqrt{2} = 1.414"]),
    ("percent of", [], ["50\\% \\text{ of } 36 = 18"]),
    ("a chain ending in the value", [], ["x = \\frac{84}{14} = 6"]),
    ("units carried through", [], ["v = \\frac{180 km}{2.5 h} = 72 km/h"]),
    ("a letter reused after a while", [], ["x + 1 = 3", "x = 2", "a = 1", "b = 2", "c = 3", "d = 4", "e = 5",
                                                     "g = 6", "k = 7", "m = 8", "x = 5"]),
    ("numbers labelled with units", [], ["72 - 2 = 70 \\text{ inches}",
                                         "4 \\text{ pounds} + 4 \\text{ pounds} = 8 \\text{ pounds}"]),
    ("a change of unit", [], ["2 \\text{ hours} = 2 \\times 60 = 120 \\text{ minutes}",
                              "1.5 \\text{ hours} = 1.5 \\times 60 = 90", "3 \\text{ dozen} = 36"]),
    ("a sum of different units", [], ["2 \\text{ km} + 300 \\text{ m} = 2300 \\text{ m}"]),
    ("money", [], ["\\$5 \\times 3 = \\$15"]),
    ("roots of a trigonometric equation", [], ["\\sin \\theta = \\frac{\\sqrt{2}}{2}", "\\theta = \\frac{\\pi}{4}",
                                               "\\theta = \\frac{3\\pi}{4}"]),
    ("an angle in degrees", [], ["\\sin x = \\frac{1}{2}", "x = 30", "x = 150^\\circ"]),
    ("a rounded root of an exponential equation", [], ["e^x = 1000", "x = 6.91"]),
    ("thousands grouped with commas", [], ["52,500 + 11,250 = 63,750", "\\$2{,}000 \\times 0.25 = \\$500",
                                            "1,000 \\text{ m} = 1 \\text{ km}"]),
    ("a whole quotient with its remainder", [], ["706 = 7 \\times 100 + 6"]),
    ("a fact, then its value, in one chain", ["xy = \\frac{1}{2}"],
     ["x + y = 5xy = 5 \\cdot \\frac{1}{2} = \\frac{5}{2}"]),
    ("rewrites in a chain", [], ["A = (x+1)^2 = x^2 + 2x + 1", "S = \\frac{x^2 - 1}{x - 1} = x + 1",
                                 "2a + b = 2(3k + 1) + 4m = 6k + 4m + 2"]),
    ("rounded coefficients in a chain", [], ["V = 0.971P \\cdot 1.089 = 1.057P"]),
    ("a subscript with a sign is one name", [], ["T = a_{n-1} A + a_{n-1} B = (A + B) a_{n-1}"]),
    ("a rewrite through a function, which may have been defined for another case", ["f(x) = 2 - x"],
     ["g = f(x) + f(y) = x + y"]),
    ("true claims about whole numbers", [], ["31 \\text{ is prime}", "91 \\text{ is not prime}",
                                             "27 \\text{ is divisible by } 9", "10 \\text{ is not divisible by } 3"]),
    ("a logarithm without a base, to base 10 as school texts mean it, or natural", [],
     ["\\log 100 = 2", "log 1000 = 3", "lg 100 = 2", "\\lg(0.01) = -2", "\\log 20 \\approx 3.0", "\\ln e^2 = 2"]),
    ("units typed without formula marks", [], ["3 \\times 4 = 12 cm²", "120 ÷ 2 = 60 km/h", "9.8 × 2 = 19.6 m/s^2",
                                                 "5 kg + 3 kg = 8 kg", "1.5 × 60 = 90 min", "3 cm × 4 cm = 12 cm²"]),
    ("one letter after a number is an unknown, not a unit", [], ["3 \\times 4 = 2 m", "2 m + 3 = 7"]),
    ("both roots listed, then the one the problem's condition allows", ["x^2 = 9", "x > 0"],
     ["x = 3 or x = -3", "x = 3"]),
    ("a case the working opens itself, outside another case", ["|x| = 3"], ["x < 0", "x = -3", "x > 0", "x = 3"]),
    ("the end point of an inequality, from its equation", ["2x + 3 > 7"], ["2x + 3 = 7", "x = 2", "x > 2"]),
    ("a quantity named in words, then worked out", [], ["x = 5", "= 4x = 20 cm"]),
    ("an inequality solved step by step", [], ["3x - 7 > 5", "3x > 12", "x > 4", "x > 3"]),
    ("a compound inequality", [], ["-1 < 2x + 1 < 5", "-2 < 2x < 4", "-1 < x < 2"]),
    ("a quadratic inequality", [], ["x^2 - 5x + 6 < 0", "(x - 2)(x - 3) < 0", "2 < x < 3"]),
    ("the cases of an absolute value, one a line", [], ["|x| > 4", "x > 4", "x < -4"]),
    ("the cases of a problem's inequality, outside its solution", ["\\frac{1}{x - 5} > 0"],
     ["x - 5 > 0", "x > 5", "x - 5 < 0", "x < 5"]),
    ("a rejected case of a product", ["(x - 1)(x - 3) < 0"], ["x - 1 > 0", "x - 3 < 0", "x - 1 < 0", "x - 3 > 0"]),
    ("cases of an absolute value without it", ["|x - 2| > 3"], ["x - 2 > 3", "x - 2 < -3"]),
    ("cases of an inequality the checker cannot solve", [], ["\\lfloor x \\rfloor > 4", "x > 5", "x < -4"]),
    ("a fraction divided by a fraction, as a student writes it", [],
     ["3/4 ÷ 1/2 = 3/2", "6 \\div 2/3 = 9", "12/3 ÷ 2 = 2", "12 ÷ 4 ÷ 3 = 1"]),
    ("roots numbered x1, x2", ["x^2 - 5x + 6 = 0"], ["x1 = 2", "x2 = 3"]),
    ("mixed numbers with a fraction sign", [], ["3 ½ + 1 ½ = 5", "3½ × 2 = 7"]),
    ("trigonometry of a bare number, in degrees or radians", [],
     ["\\cos 60 = 0.5", "cos(60) = 1/2", "\\tan 45 = 1", "\\sin 2 = 0.909", "\\sin 30 + \\cos 60 = 1"]),
    ("binomials, sums, floors and logarithms that come to numbers", [],
     ["\\binom{5}{2} = \\frac{5!}{2!\\,3!} = 10", "{7 \\choose 3} = 35", "\\sum_{k=1}^{10} k = 55",
      "\\log_2 8 + \\log_{10} 1000 = 6", "\\left\\lfloor \\frac{100}{7} \\right\\rfloor = 14",
      "\\lceil \\sqrt{10} \\rceil = 4"]),
    ("complex arithmetic once i^2 or the square root of -1 is written", ["z = 3 + 4i"],
     ["i^2 = -1", "(3 + 4i)(3 - 4i) = 9 - 16i^2 = 25", "i(2 - i) = 2i + 1", "\\frac{1}{i} = -i"]),
    ("i without i^2 or the square root of -1 is a letter", [], ["i(i + 1) = 6", "2i + 1 = 7", "i = 3"]),
    ("a trigonometric equation solved through its function", ["2\\sin^2 x - \\sin x - 1 = 0"],
     ["(2\\sin x + 1)(\\sin x - 1) = 0", "\\sin x = 1", "\\sin x = -\\frac{1}{2}", "x = \\frac{\\pi}{2}"]),
    ("a root of the square of a cosine", ["\\cos^2 x = \\frac{1}{4}"], ["\\cos x = -\\frac{1}{2}"]),
    ("a complex root of a known equation", ["\\omega^3 = 1"], ["\\omega \\neq 1", "1 + \\omega + \\omega^2 = 0"]),
    ("angles in degrees that are powers or brackets", [],
     ["\\frac{1}{\\sin 2^4^\\circ} = \\frac{1}{2 \\sin 2^3^\\circ \\cos 2^3^\\circ}",
      "\\sin (90 - 30)^\\circ = \\cos 30^\\circ", "\\sin 2^{k}^\\circ = \\sin 2^k"]),
    ("a range restated in decimals", [], ["\\frac{1}{3} < k < \\frac{2}{3} \\approx 0.33 < k < 0.67"]),
]


@pytest.mark.parametrize(("case", "givens", "lines"), CORRECT_WORK, ids=[c[0] for c in CORRECT_WORK])
def test_correct_working_is_never_flagged(case: str, givens: list[str], lines: list[str]) -> None:
    report = check_steps(lines, givens=givens)
    assert report.first_wrong is None, [(m.text, m.reason) for m in report.steps]
    assert all(m.follows is not False for m in report.steps)


# Wrong lines: the first wrong line, its reason and, where the CAS can tell, the corrected line.
WRONG_WORK = [
    ("false arithmetic", [], ["2 \\cdot 3 = 7"], 0, "2 \\cdot 3 is 6, not 7.", "2 \\cdot 3 = 6"),
    ("false step in a chain", [], ["18 - 6 = 12 = 3 \\cdot 5"], 0, "3 \\cdot 5 is 15, not 12.", ""),
    ("a false last step", [], ["18 - 6 = 2 \\cdot 6 = 13"], 0, "2 \\cdot 6 is 12, not 13.", "18 - 6 = 2 \\cdot 6 = 12"),
    ("an irrational value", [], ["e^2 = 7"], 0, "e^2 is about 7.38906, not 7.", "e^2 = 7.38906"),
    ("a root that does not solve the equation", ["2x + 3 = 7"], ["2x = 4", "x = 4"], 1,
     "x = 4 does not hold for x = 2 (from 2x = 4).", "x = 2"),
    ("a wrong rewrite", ["2x + 3 = 7"], ["2x = 10"], 0, "2x = 10 does not hold for x = 2 (from 2x + 3 = 7).", ""),
    ("a wrong root in a list", ["x^2 - 5x + 6 = 0"], ["x = 2 or x = 4"], 0,
     "x = 4 does not hold for x = 2 or x = 3 (from x^2 - 5x + 6 = 0).", "x = 2 or x = 3"),
    ("a wrong value in a system", ["2x + y = 5", "x - y = 1"], ["x = 2", "y = 3"], 1,
     "y = 3 does not hold for y = 1 (from 2x + y = 5; x - y = 1).", "y = 1"),
    ("a wrong value of a function", ["f(x) = x^2 - 4x + 1"], ["f(2) = -2"], 0, "f(2) is -3, not -2.", "f(2) = -3"),
    ("a false inequality between numbers", [], ["5 > 7"], 0, "5 > 7 is false.", ""),
    ("the first of two errors", ["2x+3=7"], ["2x = 4", "3 + 4 = 8", "x = 3"], 1, "3 + 4 is 7, not 8.", "3 + 4 = 7"),
    ("a wrong difference with a unit", [], ["72 - 2 = 71 \\text{ inches}"], 0, "72 - 2 is 70, not 71 \\text{ inches}.",
     "72 - 2 = 70 \\text{ inches}"),
    ("a wrong amount of money", [], ["\\$5 \\times 3 = \\$16"], 0, "\\$5 \\times 3 is 15, not \\$16.",
     "\\$5 \\times 3 = \\$15"),
    ("a wrong percent of", [], ["50\\% \\text{ of } 36 = 19"], 0, "50\\% \\text{ of } 36 is 18, not 19.",
     "50\\% \\text{ of } 36 = 18"),
    ("a value that does not solve a trigonometric equation", [],
     ["\\sin \\theta = \\frac{\\sqrt{2}}{2}", "\\theta = \\frac{7\\pi}{4}"], 1,
     "\\theta = \\frac{7\\pi}{4} does not satisfy \\sin \\theta = \\frac{\\sqrt{2}}{2}.", ""),
    ("a value that does not solve an exponential equation", ["2^x = 8"], ["x = 4"], 0,
     "x = 4 does not satisfy 2^x = 8.", ""),
    ("a rounded value that does not solve an equation", [], ["e^x = 1000", "x = 6.5"], 1,
     "x = 6.5 does not satisfy e^x = 1000.", ""),
    ("a wrong number with thousands grouped", [], ["26^4 \\times 10^2 = 456,976,000"], 0,
     "26^4 \\times 10^2 is 45697600, not 456,976,000.", "26^4 \\times 10^2 = 45697600"),
    ("a wrong sum with thousands grouped", [], ["52,500 + 11,250 = 64,750"], 0,
     "52,500 + 11,250 is 63750, not 64,750.", "52,500 + 11,250 = 63750"),
    ("a wrong remainder", [], ["706 = 7 \\times 101 + 1"], 0, "7 \\times 101 + 1 is 708, not 706.", ""),
    ("a wrong simplification in a chain", [], ["2a + b = 38k + 8 + 19m + 2 - 18 = 38k + 19m + 2"], 0,
     "38k + 8 + 19m + 2 - 18 = 38k + 19m + 2 is not a correct rewrite: the two sides differ by -10.", ""),
    ("a wrong expansion in a chain", [], ["A = (x + 1)^2 = x^2 + x + 1"], 0,
     "(x + 1)^2 = x^2 + x + 1 is not a correct rewrite: the two sides differ by x.", ""),
    ("a wrong cancellation in a chain", [], ["B = \\frac{(m-1)(m+1)^2}{m+1} = (m-1)^2"], 0,
     "\\frac{(m-1)(m+1)^2}{m+1} = (m-1)^2 is not a correct rewrite: the two sides differ by 2*(m - 1).", ""),
    ("a composite number called prime", [], ["209 \\text{ is prime}"], 0, "209 is not prime: 209 = 11 \\cdot 19.", ""),
    ("one called prime", [], ["1 \\text{ is prime}"], 0, "1 is not prime: 1 < 2.", ""),
    ("a prime called composite", [], ["31 \\text{ is not prime}"], 0,
     "31 is prime: it has no divisor but 1 and itself.", ""),
    ("a false divisibility", [], ["24 \\text{ is divisible by } 9"], 0,
     "24 is not divisible by 9: 24 = 2 \\cdot 9 + 6.", ""),
    ("a divisor denied", [], ["10236 \\text{ is not divisible by } 3"], 0,
     "10236 is divisible by 3: 10236 = 3412 \\cdot 3.", ""),
    ("a quantity named in words, worked out wrongly", [], ["x = 5", "= 4x = 24 cm"], 1,
     "= 4x = 24 cm does not hold for x = 5 (from x = 5).", ""),
    ("a wrong product with a typed unit", [], ["3 \\times 4 = 13 cm²"], 0, "3 \\times 4 is 12, not 13 cm².",
     "3 \\times 4 = 12 cm²"),
    ("a wrong sum of typed masses", [], ["5 kg + 3 kg = 9 kg"], 0, "5 kg + 3 kg is 8, not 9 kg.", "5 kg + 3 kg = 8 kg"),
    ("a wrong speed", [], ["120 ÷ 2 = 50 km/h"], 0, "120 ÷ 2 is 60, not 50 km/h.", "120 ÷ 2 = 60 km/h"),
    ("an inequality not flipped when dividing by a negative number", [], ["-2x > 6", "x > -3"], 1,
     "x > -3 does not hold for x < -3 (from -2x > 6).", "x < -3"),
    ("the first line of working, not flipped from the problem's inequality", ["-2x > 6"], ["x > -3"], 0,
     "x > -3 does not hold for x < -3 (from -2x > 6).", "x < -3"),
    ("a sign not flipped in working where i is the imaginary unit", [], ["i^2 = -1", "-2x > 6", "x > -3"], 2,
     "x > -3 does not hold for x < -3 (from -2x > 6).", "x < -3"),
    ("a compound inequality not flipped", [], ["-6 < -2x \\le 4", "3 < x \\le -2"], 1,
     "3 < x \\le -2 does not hold for -2 ≤ x < 3 (from -6 < -2x \\le 4).", "-2 ≤ x < 3"),
    ("a fraction divided by a fraction, wrong either way", [], ["3/4 ÷ 1/2 = 3/4"], 0,
     "3/4 ÷ 1/2 is 3/2, not 3/4.", "3/4 ÷ 1/2 = 3/2"),
    ("a logarithm without a base, wrong in either base", [], ["\\log 100 = 3"], 0, "\\log 100 is 2, not 3.",
     "\\log 100 = 2"),
    ("a logarithm to base 10, wrong", [], ["lg 1000 = 2"], 0, "lg 1000 is 3, not 2.", "lg 1000 = 3"),
    ("a cosine of a bare angle, wrong in degrees and in radians", [], ["\\cos 60 = 0.8"], 0,
     "\\cos 60 is 1/2, not 0.8.", "\\cos 60 = 1/2"),
    ("a value with a function in it, shown as a number", [], ["\\sin 1 = 0.5"], 0,
     "\\sin 1 is about 0.841471, not 0.5.", "\\sin 1 = 0.841471"),
    ("a wrong binomial coefficient", [], ["\\binom{6}{3} = 15"], 0, "\\binom{6}{3} is 20, not 15.",
     "\\binom{6}{3} = 20"),
    ("a wrong sum with numeric bounds", [], ["\\sum_{k=1}^{10} k = 56"], 0, "\\sum_{k=1}^{10} k is 55, not 56.",
     "\\sum_{k=1}^{10} k = 55"),
    ("a wrong logarithm to a base", [], ["\\log_3 81 = 5"], 0, "\\log_3 81 is 4, not 5.", "\\log_3 81 = 4"),
    ("a wrong floor", [], ["\\lfloor \\sqrt[7]{2560} \\rfloor = 2"], 0,
     "\\lfloor \\sqrt[7]{2560} \\rfloor is 3, not 2.",
     "\\lfloor \\sqrt[7]{2560} \\rfloor = 3"),
    ("a wrong power with a logarithm in its exponent", [], ["2^{\\log_2 3 + 1} = 2^{\\log_2 3} \\cdot 2 = 7"], 0,
     "2^{\\log_2 3} \\cdot 2 is 6, not 7.", "2^{\\log_2 3 + 1} = 2^{\\log_2 3} \\cdot 2 = 6"),
    ("a wrong factorisation of an equation in the sine", ["\\sin^2 x + \\sin x - 2 = 0"],
     ["(\\sin x - 2)(\\sin x + 1) = 0"], 0,
     "(\\sin x - 2)(\\sin x + 1) = 0 does not hold for sin(x) = -2 or sin(x) = 1 (from \\sin^2 x + \\sin x - 2 = 0).",
     ""),
    ("a value of the cosine that does not solve the equation", [],
     ["\\cos^2 x = \\frac{1}{4}", "\\cos x = \\frac{1}{3}"], 1,
     "\\cos x = \\frac{1}{3} does not hold for cos(x) = -1/2 or cos(x) = 1/2 (from \\cos^2 x = \\frac{1}{4}).", ""),
    ("the sine of a power of 2 in degrees, taken as 1", [], ["\\frac{1}{2 \\sin 2^0^\\circ} = \\frac{1}{2}"], 0,
     "\\frac{1}{2 \\sin 2^0^\\circ} is about 28.6493, not \\frac{1}{2}.", "\\frac{1}{2 \\sin 2^0^\\circ} = 28.6493"),
    ("a value that is no root, real or complex", ["x^3 = 8"], ["x = 3"], 0,
     "x = 3 does not hold for x = 2 (from x^3 = 8).", "x = 2"),
    ("a wrong product of complex numbers", [], ["(3 - 2i)(3 + 2i) = 9 - 4i^2 = 5"], 0, "9 - 4i^2 is 13, not 5.",
     "(3 - 2i)(3 + 2i) = 9 - 4i^2 = 13"),
    ("a wrong expansion once i is the square root of -1", ["i = \\sqrt{-1}"],
     ["(2 - i)(1 + i) = 2 + 2i - i - i(i) = 1 + i"], 0, "2 + 2i - i - i(i) is 3 + i, not 1 + i.",
     "(2 - i)(1 + i) = 2 + 2i - i - i(i) = 3 + i"),
    ("a wrong quotient of complex numbers", [], ["i^2 = -1", "\\frac{5}{1 + 2i} = \\frac{5(1 - 2i)}{5} = 1 + 2i"], 1,
     "\\frac{5(1 - 2i)}{5} is 1 - 2i, not 1 + 2i.", "\\frac{5}{1 + 2i} = \\frac{5(1 - 2i)}{5} = 1 - 2i"),
]


def test_lines_with_units_and_numbers_are_decided() -> None:
    """Labelled sums, a root put into 2^x = 8, a claim about a number, an exact quotient: decided; 49 ÷ 9 = 5 is not."""
    report = check_steps(["72 - 2 = 70 \\text{ inches}", "2^x = 8", "x = 3", "31 \\text{ is prime}",
                          "10248 \\div 2 = 5124", "49 \\div 9 = 5"])
    assert [m.follows for m in report.steps] == [True, None, True, True, True, None]


@pytest.mark.parametrize(("case", "givens", "lines", "first", "reason", "correction"), WRONG_WORK,
                         ids=[c[0] for c in WRONG_WORK])
def test_wrong_lines_are_flagged_with_a_reason(case: str, givens: list[str], lines: list[str], first: int,
                                               reason: str, correction: str) -> None:
    report = check_steps(lines, givens=givens)
    assert report.first_wrong == first
    mark = report.steps[first]
    assert (mark.follows, mark.reason, mark.correction) == (False, reason, correction)


@pytest.mark.parametrize(
    ("givens", "line", "condition"),
    [(["x^2 = 9", "x > 0"], "x = -3", "x > 0"),
     (["\\sin x = \\frac{1}{2}", "0 < x < \\pi"], "x = \\frac{13\\pi}{6}", "0 < x < \\pi"),
     (["3x^2 + 16x - 64 = 0", "x > 0"], "x = \\frac{-16 - 32}{6} = -8", "x > 0")],
)
def test_a_value_the_problems_condition_rules_out_is_not_said_to_hold(givens: list[str], line: str,
                                                                      condition: str) -> None:
    """Not "holds" (it is a root of the equation) and not wrong (working gives each root of a formula a line
    before it rejects one): not checked, saying it cannot be the answer."""
    [mark] = check_steps([line], givens=givens).steps
    assert mark.follows is None
    assert mark.reason == (f"Not checked: {line} does not satisfy {condition}, so it cannot be the answer "
                           "(reject it if it is a root found on the way).")


def test_supposed_lines_are_not_claims_but_their_arithmetic_is_checked() -> None:
    """``if x = 3`` is not judged against x = 2; ``2·3 + 3 = 10`` inside it still is."""
    report = check_steps(["x = 3", "2 \\cdot 3 + 3 = 9", "2 \\cdot 3 + 3 = 10"], givens=["2x + 3 = 7"],
                         supposed={0, 1, 2})
    assert [m.follows for m in report.steps] == [None, None, False]
    assert report.first_wrong == 2


def test_an_extra_root_from_squaring_is_a_warning_not_an_error() -> None:
    report = check_steps(["x = (x-2)^2", "x^2 - 5x + 4 = 0", "x = 1 or x = 4"], givens=["\\sqrt{x} = x - 2"])
    assert report.first_wrong is None
    assert report.steps[2].reason == ("x = 1 does not satisfy \\sqrt{x} = x - 2: an extra root (perhaps from "
                                      "squaring). Check each root in the original equation and reject it.")


def test_lines_after_a_wrong_line_follow_from_it() -> None:
    """Only the first error is flagged: later lines are judged against the working as written."""
    report = check_steps(["2x = 10", "x = 5"], givens=["2x + 3 = 7"])
    assert [m.follows for m in report.steps] == [False, True]
    report = check_steps(["-2x > 6", "x > -3", "x \\ge -2"])
    assert [m.follows for m in report.steps] == [None, False, None]


def test_a_case_opened_afresh_is_not_a_rewrite_of_the_problem() -> None:
    """"Case 2: x - 5 < 0" of 1/(x - 5) > 0 lies outside the solution; as the first line it would not be a case."""
    givens = ["\\frac{1}{x - 5} > 0"]
    assert check_steps(["x - 5 < 0"], givens=givens, fresh={0}).first_wrong is None
    assert check_steps(["x - 5 < 0"], givens=givens).first_wrong == 0


def test_unreadable_lines_are_not_checked() -> None:
    """A point such as (1,234) is no number with its thousands grouped; binomials, sums and logarithms to a base
    with letters in them are not read at all."""
    report = check_steps(["x + y", "2x=4#", "1 + 2 + \\cdots + 100 = 5050", "0.\\overline{3} = \\frac{1}{3}",
                          "(1,234) = 1234", "\\binom{n}{2} = \\frac{n(n-1)}{2}",
                          "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}",
                          "\\log_x 8 = \\frac{3}{\\log_2 x}"])
    assert [m.follows for m in report.steps] == [None] * 8


def test_a_logarithm_to_a_base_with_letters_is_no_known_fact() -> None:
    """``\\log _{2x} 48`` (a space before the base) is not read, so no value of x is judged against it."""
    report = check_steps(["x = 4"], givens=["\\log _{2 x}(48) = \\log _{3 x}(162)"])
    assert [m.follows for m in report.steps] == [None]
