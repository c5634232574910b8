"""Reading answers: the normalisation chain, the allow-list tokenizer and the kinds of answer."""

from __future__ import annotations

import pytest

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.answers import describe, read_answer
from tutor_app.mathcheck.normalize import normalize
from tutor_app.mathcheck.tokens import tokenize


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("x²+y³", "x^(2)+y^(3)"),
        ("x₁ + x₂", "x_1 + x_2"),
        ("（１＋２）＝３", "(1+2)=3"),
        ("2×3÷4", "2*3/4"),
        ("a−b", "a-b"),
        ("√2", "sqrt2"),
        ("π", "pi"),
        ("x ≤ 3", "x <= 3"),
        ("x ≠ 1", "x != 1"),
        ("½", "(1/2)"),
        ("x=1或x=2", "x=1 or x=2"),
        ("x>1且x<3", "x>1 and x<3"),
        ("答：x=3", "x=3"),
        ("解得 x=2", "x=2"),
        ("\\frac{1}{2}", "((1)/(2))"),
        ("\\dfrac{a}{b}", "((a)/(b))"),
        ("\\sqrt[3]{x}", "root((x),(3))"),
        ("\\left(x\\right)", "(x)"),
        ("x^{10}", "x^(10)"),
        ("\\text{m}", "m"),
        ("90^\\circ", "90°"),
        ("50\\%", "50%"),
        ("\\pm 2", "± 2"),
        ("\\boxed{5}", "5"),
        ("$x+1$", "x+1"),
        ("2 1/2", "(2+1/2)"),
        ("2\\frac{1}{2}", "(2+((1)/(2)))"),
        ("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "[[1,2],[3,4]]"),
        ("x \\in [0, \\infty)", "x in [0, oo )"),
    ],
)
def test_normalize(raw: str, plain: str) -> None:
    """Each habit becomes the plain notation the tokenizer reads."""
    assert normalize(raw) == plain


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "could not read the symbol '_' in '__import_…'"),
        ("().__class__", "could not read the symbol '.' in '().__class_…'"),
        ("x + system", "could not read the word 'system'"),
        ("lambda: 1", "could not read the symbol ':' in 'lambda: 1'"),
        ("x @ y", "could not read the symbol '@' in 'x @ y'"),
        ("\\nabla f", "could not read the LaTeX command '\\nabla'"),
        ("ten pct of", "could not read the word 'of'"),
        ("", "empty answer"),
    ],
)
def test_tokenizer_refuses_naming_what(text: str, message: str) -> None:
    """Anything outside the allow-list is refused, naming what could not be read and where, in words."""
    with pytest.raises(MathInputError) as err:
        tokenize(normalize(text))
    assert message in str(err.value)
    assert "position" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("2x", [("num", "2"), ("name", "x")]),
        ("xy", [("name", "x"), ("name", "y")]),
        ("sinx", [("func", "sin"), ("name", "x")]),
        ("3.2e-4", [("num", "3.2e-4")]),
        ("2e", [("num", "2"), ("const", "e")]),
        ("x**2", [("name", "x"), ("op", "^"), ("num", "2")]),
        ("log_2 8", [("func", "log_2"), ("num", "8")]),
        ("x_1", [("name", "x_1")]),
        ("km", [("unit", "km")]),
    ],
)
def test_tokens(text: str, kinds: list[tuple[str, str]]) -> None:
    """Numbers, names, functions and units are told apart."""
    assert [(t.kind, t.text) for t in tokenize(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("x^2+2x+1", "expr", "x**2 + 2*x + 1"),
        ("3(x+1)", "expr", "3*x + 3"),
        ("3.2×10^-4", "expr", "0.00032"),
        ("50%", "expr", "1/2"),
        ("2 1/2", "expr", "5/2"),
        ("x = 2", "equation", "x = 2"),
        ("x = 1 or x = 2", "values", "x ∈ {1, 2}"),
        ("x₁=1, x₂=2", "values", "x ∈ {1, 2}"),
        ("x = ±2", "values", "x ∈ {2, -2}"),
        ("{1, 2}", "values", "{1, 2}"),
        ("x=1, y=2", "assign", "x = 1, y = 2"),
        ("2x+y=5, x-y=1", "system", "2*x + y = 5, x - y = 1"),
        ("(1, 3]", "set", "Interval.Lopen(1, 3)"),
        ("x ∈ [0, ∞)", "set", "x ∈ Interval(0, oo)"),
        ("1 < x <= 3", "set", "x ∈ Interval.Lopen(1, 3)"),
        ("x<-1 or x>3", "set", "x ∈ Union(Interval.open(-oo, -1), Interval.open(3, oo))"),
        ("(1, 2)", "tuple", "(1, 2)"),
        ("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "matrix", "[[1, 2], [3, 4]]"),
        ("9.8 m/s^2", "quantity", "9.8 m/s^2"),
        ("500 cm", "quantity", "500 cm"),
        ("90°", "expr", "pi/2"),
        ("e^{i\\pi}", "expr", "-1"),
        ("|x-1|", "expr", "Abs(x - 1)"),
        ("log_x(8)", "expr", "log(8)/log(x)"),
    ],
)
def test_read_answer(text: str, kind: str, shown: str) -> None:
    """Each structure is read as the right kind of answer."""
    answer = read_answer(text)
    assert (answer.kind, describe(answer)) == (kind, shown)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9**9**9**9", "too large"),
        ("factorial(10**9)", "too large"),
        ("x^1000000000", "too large"),
        ("(" * 100 + "x" + ")" * 100, "nested too deeply"),
        ("-" * 1500 + "1", "nested too deeply"),
        ("x" * 3000, "too long"),
        ("1/0", "divides by zero"),
        ("x = 1 < 2", "mixes '='"),
        ("(1, 2", "never closed"),
        # Python's own errors ("substring not found", "invalid literal for int()") once showed here.
        ("\\sqrt[3", "could not read a root: the '[' after \\sqrt is never closed"),
    ],
)
def test_read_answer_refuses(text: str, message: str) -> None:
    """Input that would be too costly or is malformed is refused with a reason."""
    with pytest.raises(MathInputError) as err:
        read_answer(text)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("+".join(["1"] * 999), "999"), ("*".join(["x"] * 150), "x**150"), ("2-" * 600 + "1", "-1197")],
)
def test_long_flat_chains_are_read(text: str, shown: str) -> None:
    """A long sum or product is not nesting: it is read without exhausting the stack."""
    assert describe(read_answer(text)) == shown
