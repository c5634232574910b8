"""Reading what real solutions write: left-out terms, LaTeX commands, written answers, lettered choices."""

from __future__ import annotations

import pytest
import sympy

from tests.bench.real_outputs import damaged
from tutor_app.errors import MathInputError
from tutor_app.mathcheck.answers import describe, read_answer
from tutor_app.mathcheck.build import ELLIPSIS, fill_list
from tutor_app.mathcheck.checker import check
from tutor_app.mathcheck.normalize import NotANumeral, normalize
from tutor_app.mathcheck.question import asks_for_choices
from tutor_app.mathcheck.tokens import tokenize
from tutor_app.mathcheck.verdict import Options

R = sympy.Rational


@pytest.mark.parametrize(
    ("values", "filled"),
    [
        ([1, 2, ELLIPSIS, 5], [1, 2, 3, 4, 5]),
        ([1, 3, ELLIPSIS, 9, 11], [1, 3, 5, 7, 9, 11]),
        ([3, 6, 12, ELLIPSIS, 48], [3, 6, 12, 24, 48]),
        ([1, R(1, 2), ELLIPSIS, R(1, 4)], [1, R(1, 2), R(1, 3), R(1, 4)]),
        ([10, 8, ELLIPSIS, 2], [10, 8, 6, 4, 2]),
        ([1, 2, ELLIPSIS, 8], [1, 2, 3, 4, 5, 6, 7, 8]),  # counting, though doubling would reach 8 too
    ],
)
def test_left_out_terms_of_a_clear_progression_are_filled_in(values: list, filled: list) -> None:
    """Arithmetic, geometric and reciprocal progressions are written out in full."""
    assert fill_list([sympy.sympify(v) for v in values]) == [sympy.sympify(v) for v in filled]


@pytest.mark.parametrize(
    "values",
    [
        [1, ELLIPSIS, 5],  # one term before the dots names no step
        [1, 2, 4, ELLIPSIS, 10],  # the written terms follow no one progression
        [R(1, 3), R(1, 9), ELLIPSIS, R(1, 81)],  # thirds, or reciprocals of 3, 9, 15, ...: two fit
        [1, 2, ELLIPSIS, R(5, 2)],  # the step does not reach the last term
        [sympy.Symbol("a"), sympy.Symbol("b"), ELLIPSIS, 3],  # no numbers to follow
    ],
)
def test_left_out_terms_without_one_clear_progression_stay_unknown(values: list) -> None:
    """Where the pattern is not certain, the dots stay as they are: unknown terms, never a guess."""
    values = [sympy.sympify(v) for v in values]
    assert fill_list(values) == values


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1 + 2 + \\cdots + 100", "5050"),
        ("1 + 2 + \\cdots + 10^6", "500000500000"),
        ("1 + 3 + 9 + \\ldots + 3^{10}", "88573"),
        ("1 + \\frac12 + \\ldots + \\frac14", "25/12"),
        ("a_1 + a_2 + \\cdots + a_n", "a_1 + a_2 + a_n + …"),
        ("(1, 2, ..., 4)", "(1, 2, 3, 4)"),
        ("\\{2, 4, \\ldots, 8\\}", "{2, 4, 6, 8}"),
    ],
)
def test_sums_and_lists_with_left_out_terms_are_read(text: str, shown: str) -> None:
    """A sum with a clear progression is worked out (even a million terms, by its closed form)."""
    assert describe(read_answer(text)) == shown


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("\\[ x = 3 \\]", "x = 3"),
        ("\\( 5 \\)", "5"),
        ("\\cos \\angle BAC", "cos angle_BAC"),
        ("∠CBA", "angle_ABC"),
        ("a \\equiv 5 \\pmod{37}", "a = 5 (mod 37)"),
        ("2x = 4 \\implies x = 2", "x = 2"),
        ("p \\Rightarrow q \\Rightarrow r", "r"),
        ("\\15", "15"),
        ("101_b", "(1*b^2+1*b^0)"),
        ("AB \\perp CD", "AB ⊥ CD"),
        ("\\hbar \\nu", "ℏ ν"),
        ("nosolution", "{}"),
        ("3 m/sec", "3 m/s"),
        ("\\sec x / \\sec y", "sec x / sec y"),
        ("np.arcsin(0.5)", "arcsin(0.5)"),
        ("\\text{All } n \\geq 2", "n >= 2"),
        ("L_{\\odot}", "L_sun"),
        ("236adult,342child", "236, 342"),
        ("2x, 3y", "2x, 3y"),
        ("x^{\\prime} + y^{\\prime\\prime}", "x' + y''"),
        ("\\frac{dx}{dt} = kx(t) - a", "x' = kx - a"),
        ("\\frac{d^2 y}{dx^2} + y(x)", "y'' + y"),
        ("dy/dx = \\max(x, 1)", "y' = max (x, 1)"),
        ("x(t+1)", "x(t+1)"),
    ],
)
def test_normalize_reads_more_notation(raw: str, plain: str) -> None:
    """Math delimiters, angles, congruences, implications and lost escapes become plain notation."""
    assert normalize(raw) == plain


def test_a_numeral_with_digits_beyond_its_base_is_not_a_number() -> None:
    """41121_3 cannot be read, and an answer written so is wrong rather than undecided."""
    with pytest.raises(NotANumeral, match="digits must be below 3"):
        normalize("41121_3")
    assert check("1121", "41121_3", Options()).equivalent is False
    assert check("41121_3", "1121", Options()).equivalent is None


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("x \\equiv 2 \\pmod{5}", "congruence", "x ≡ 2 (mod 5)"),
        ("\\gcd(12, 18)", "expr", "6"),
        ("\\gcd(a, b)", "expr", "gcd(a, b)"),
        ("NK \\perp ML", "text", "ML ⊥ NK"),
        ("Sum = 240", "expr", "240"),
        ("\\mathrm{P}-value = 0.5", "expr", "0.5"),
        ("Yes. Take x = 1", "text", "yes Take x = 1"),
        ("\\frac{1}{2}\\left[x + 1\\right]", "expr", "x/2 + 1/2"),
        ("y'' + 2y' = 0", "equation", "2*y' + y'' = 0"),
        ("f'(x) = 3x^2", "expr", "3*x**2"),
        ("\\sqrt{2t + 1} = 5", "equation", "sqrt(2*t + 1) = 5"),
        ("\\sqrt{16} = 4", "expr", "4"),
        ("\\log_28", "expr", "3"),
        ("\\log_{10} 1000", "expr", "3"),
        ("f(n) = \\begin{cases} n^2 & \\text{if } n \\text{ is even}, \\\\ 0 & \\text{otherwise} \\end{cases}",
         "cases", "n**2 if n is even; 0 otherwise"),
    ],
)
def test_read_answer_kinds_for_new_notation(text: str, kind: str, shown: str) -> None:
    """Congruences, gcd, claims about lines, named values and explained verdicts each get a meaning."""
    answer = read_answer(text)
    assert (answer.kind, describe(answer)) == (kind, shown)


def test_gcd_needs_two_numbers() -> None:
    """A gcd of one number is refused with a reason."""
    with pytest.raises(MathInputError, match="at least two numbers"):
        read_answer("\\gcd(12)")


@pytest.mark.parametrize(
    ("reference", "answer", "same"),
    [
        ("x = 2 \\text{ or } x = 3", "x1 = 2, x2 = 3", True),
        ("x = 2 \\text{ or } x = 3", "x1 = 2, x2 = 4", False),
        ("\\frac{7}{2}", "3½", True),
        ("\\frac{7}{2}", "3 ½", True),
        ("\\frac{3}{2}", "3½", False),
        ("12 m^2", "12 m^2", True),
        ("8 j^2 \\sqrt{5hk}", "8\\sqrt{5hk}", False),
        ("3 + 4j", "4j + 3", True),
        ("(1 + j)^2", "2j", True),
    ],
)
def test_typed_roots_and_mixed_numbers(reference: str, answer: str, same: bool) -> None:
    """``x1 = 2`` names a root as ``x₁`` does (not x·1 = 2); ``3½`` is three and a half, not 3 × ½; j beside
    other letters is a letter too (j^2 is not -1 there), alone in numbers the imaginary unit."""
    assert check(reference, answer, Options()).equivalent is same


@pytest.mark.parametrize(
    ("reference", "answer", "same"),
    [
        ("undefined", "\\text{The limit does not exist.}", True),
        ("\\text{not a rational number}", "\\text{irrational}", True),
        ("\\text{irrational}", "\\text{rational}", False),
        ("\\text{The matrix is invertible}", "\\text{The matrix is not invertible}", False),
        ("\\text{nonsingular}", "\\text{invertible}", True),
        ("\\text{divergent}", "\\text{the series converges}", False),
    ],
)
def test_written_answers_that_state_the_same_thing(reference: str, answer: str, same: bool) -> None:
    """Written answers are compared by what they state, the longest known ending deciding."""
    assert check(reference, answer, Options()).equivalent is same


def test_a_written_answer_that_goes_on_is_not_read_by_its_ending() -> None:
    """A long sentence that merely ends with a known phrase is not taken to state only that."""
    long = "\\text{for every prime p greater than seven the value is undefined}"
    assert check("undefined", long, Options()).equivalent is None


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which round to 40? A. 43 B. 23 C. 38", True),
        ("Pick all that apply: (A) 5 (B) 6", True),
        ("A) x  B) y", True),
        ("Point A. Then draw the line to C.", False),
        ("Solve x + 1 = 2.", False),
    ],
)
def test_asks_for_choices(question: str, asks: bool) -> None:
    """Lettered choices, A and B at least, are recognised in a question's wording."""
    assert asks_for_choices(question) is asks


def test_choice_letters_compare_as_sets_only_for_a_question_with_choices() -> None:
    """"ACF" and "F, C, A" name the same choices; without choices in the question they are not letters."""
    assert check("\\text{ACF}", "F, C, A", Options(choices=True)).equivalent is True
    assert check("\\text{ACF}", "BCEF", Options(choices=True)).equivalent is False
    assert check("\\text{ACF}", "F, C, A", Options()).kind != "equivalent"


@pytest.mark.parametrize(
    ("gold", "broken"),
    [
        ("\\frac{}{3b}", True),
        ("e^{-}+1", True),
        ("\\frac{1}{3}\\sin+\\cos2", True),
        ("\\2\\sqrt{6}", True),
        ("-3b^{4}+13b^{3}-", True),
        ("Solutionis:[w=15,15,20,10]", True),
        ("Itisthehyperplanegiventheequationx-2y=0", True),
        ("n-\\lfloor/2\\rfloor", True),
        ("\\Delta65/16,=2", True),
        ("\\sqrt{3};1:(45,20),:(-45,-20)", True),
        ("y^{2}=\\quady", True),
        ("S=(5,0,-1).Wehave", True),
        ("(x+1)\\ln(x), \\quad x > 0", False),
        ("10{,}000", False),
        ("\\{\\}", False),
        ("\\text{undefined}", False),
        ("\\frac{a}{3b}", False),
        ("\\begin{pmatrix}1\\\\2\\end{pmatrix}", False),
    ],
)
def test_bench_tells_a_gold_damaged_in_the_source(gold: str, broken: bool) -> None:
    """The benchmark lists golds whose letters were stripped or whose words were run together."""
    assert damaged(gold) is broken


def test_a_prime_marks_only_a_variable() -> None:
    """A prime after a number or a function name is refused, naming what it follows."""
    with pytest.raises(MathInputError, match="prime after 'sin'"):
        tokenize("2 + sin'")
