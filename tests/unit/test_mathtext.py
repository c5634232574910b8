"""normalize_math: every LaTeX delimiter style becomes dollar math Streamlit renders."""

from __future__ import annotations

import pytest

from tutor_app.mathtext import formula_html, inert_markdown, inline_code, katex_formula, math_html, normalize_math

CASES = [
    # inline \( \)
    ("Solve \\(2x+3=7\\).", "Solve $2x+3=7$."),
    ("\\( x \\) and \\(y\\)", "$x$ and $y$"),
    # display \[ \] on its own lines
    ("Solve:\n\\[x=2\\]\nDone", "Solve:\n\n$$\nx=2\n$$\n\nDone"),
    ("\\[\n\\frac{a}{b}\n\\]", "$$\n\\frac{a}{b}\n$$"),
    ("a \\[x\\] b", "a \n$$\nx\n$$\n b"),
    # environments
    ("\\begin{equation}E=mc^2\\end{equation}", "$$\nE=mc^2\n$$"),
    ("\\begin{equation*}E=mc^2\\end{equation*}", "$$\nE=mc^2\n$$"),
    (
        "\\begin{align}a&=b\\\\c&=d\\end{align}",
        "$$\n\\begin{aligned}a&=b\\\\c&=d\\end{aligned}\n$$",
    ),
    ("\\begin{gather*}a\\\\b\\end{gather*}", "$$\n\\begin{gathered}a\\\\b\\end{gathered}\n$$"),
    # bare LaTeX lines
    ("x = \\frac{3}{2}", "$x = \\frac{3}{2}$"),
    ("\\boxed{x = 2}", "$\\boxed{x = 2}$"),
    ("x^{2} - 5x + 6 = 0", "$x^{2} - 5x + 6 = 0$"),
    ("1. \\frac{1}{2} + \\frac{1}{3}", "1. $\\frac{1}{2} + \\frac{1}{3}$"),
    ("- \\sqrt{16} = 4", "- $\\sqrt{16} = 4$"),
    ("2) \\int_0^1 x^2 \\, dx", "2) $\\int_0^1 x^2 \\, dx$"),
    ("v = 5 \\text{ meters per second}", "$v = 5 \\text{ meters per second}$"),
    # prose, plain math and existing dollars are left alone
    ("Subtract three from both sides \\frac{1}{2}", "Subtract three from both sides \\frac{1}{2}"),
    ("所以 \\frac{1}{2}", "所以 \\frac{1}{2}"),
    ("x = 2", "x = 2"),
    ("Step 1: add 3", "Step 1: add 3"),
    ("We get $\\frac{1}{2}$ here", "We get $\\frac{1}{2}$ here"),
    ("$$\nx^{2}\n$$", "$$\nx^{2}\n$$"),
    ("$$x^{2}$$", "$$x^{2}$$"),
    ("", ""),
    # a stream cut mid-formula waits for the closing half
    ("partial \\(x^2", "partial \\(x^2"),
    ("\\[\\frac{1}", "\\[\\frac{1}"),
    ("\\begin{align}a&=b", "\\begin{align}a&=b"),
    # code fences are never touched
    ("```\n\\(x\\)\n\\frac{1}{2}\n```", "```\n\\(x\\)\n\\frac{1}{2}\n```"),
    ("\\(a\\)\n```\n\\(x\\)\n```\n\\(b\\)", "$a$\n```\n\\(x\\)\n```\n$b$"),
    # line endings around blocks are kept
    ("\n\\(x\\)\n", "\n$x$\n"),
    ("a\n\n\n\\[x\\]\n\n\nb", "a\n\n$$\nx\n$$\n\nb"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_math(text: str, expected: str) -> None:
    assert normalize_math(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_math_is_idempotent(text: str, expected: str) -> None:
    assert normalize_math(normalize_math(text)) == normalize_math(text)


MATHML = 'xmlns="http://www.w3.org/1998/Math/MathML"'


@pytest.mark.parametrize(
    ("text", "formulas", "prose"),
    [
        ("Subtract 3: \\(2x = 8\\), so $x = 4$.", 2, ["Subtract 3: ", ", so ", "."]),
        ("\\[\\frac{1}{2}\\]", 1, []),
        ("No math at all <b>here</b>", 0, ["No math at all &lt;b&gt;here&lt;/b&gt;"]),
        ("x^{2} = 4", 1, []),
    ],
)
def test_math_html_renders_every_formula_as_mathml(text: str, formulas: int, prose: list[str]) -> None:
    html = math_html(text)
    assert html.count(f"<math {MATHML}") == formulas
    assert "$" not in html and "\\(" not in html
    assert all(part in html for part in prose)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("2(x+1)", '<mn>2</mn><mo stretchy="false">&#x00028;</mo><mi>x</mi><mo>&#x0002B;</mo><mn>1</mn>'),
        ("x = 7", "<mi>x</mi><mo>&#x0003D;</mo><mn>7</mn>"),
        ("\\frac{1}{2}", "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac>"),
        ("x = 2 or x = 3", '<mn>2</mn><mspace width="1em" /><mtext>or</mtext><mspace width="1em" /><mi>x</mi>'),
        ("a <b", "<mi>a</mi><mo>&#x0003C;</mo><mi>b</mi>"),
    ],
)
def test_formula_html_renders_a_short_answer(answer: str, expected: str) -> None:
    html = formula_html(answer)
    assert html.startswith(f'<math {MATHML} display="inline">')
    assert expected in html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("no answer here", "no answer here"),
        ("李明", "李明"),
        ("[unreadable]", "[unreadable]"),
        ("\\frac{1}{", "<code>\\frac{1}{</code>"),
        ("<script>", "&lt;script&gt;"),
        ("", ""),
    ],
)
def test_formula_html_keeps_prose_and_broken_latex_readable(text: str, html: str) -> None:
    assert formula_html(text) == html
INERT = [
    # (untrusted text, Markdown that shows it as typed)
    ("![x](http://host/img.png)", "!\\[x\\](http\u2060://host/img.png)"),
    ("[click](http://host/)", "\\[click\\](http\u2060://host/)"),
    ("<img src=http://host/a.png>", "\\<img src=http\u2060://host/a.png\\>"),
    ("see https://host/x or www.host.org", "see https\u2060://host/x or www\u2060.host.org"),
    ("mail me@host.org", "mail me\u2060@host.org"),
    ("a \\ b", "a \\\\ b"),
    # math is kept as math, and LaTeX delimiters still become dollars
    ("so $x^2 = [0, 1)$ holds", "so $x^2 = [0, 1)$ holds"),
    ("\\(\\frac{1}{2}\\) and \\[x < 2\\]", "$\\frac{1}{2}$ and \n$$\nx < 2\n$$"),
    # ...but not link syntax dressed up as math
    ("$[a](http://host/)$", "$\\[a\\](http\u2060://host/)$"),
    # bold, lists and code stay
    ("**Step 1.** add `3`", "**Step 1.** add `3`"),
    # a price: in prose \$ is Markdown's literal dollar; in a formula made ready by katex_formula it stays math
    ("it costs \\$5, so $x = 5$", "it costs \\$5, so $x = 5$"),
    # ...and so is a bare dollar before a number outside a formula, so two prices do not make one
    ("a pen costs $5 and a book $7", "a pen costs \\$5 and a book \\$7"),
    ("$5 × 3 = $16", "\\$5 × 3 = \\$16"),
    ("it costs $5, so $x = 5$", "it costs \\$5, so $x = 5$"),
    ("$2x = 4$ and $5$", "$2x = 4$ and $5$"),
    ("$3 \\times \\text{\\textdollar}15 = \\text{\\textdollar}45$ \u2014 correct",
     "$3 \\times \\text{\\textdollar}15 = \\text{\\textdollar}45$ \u2014 correct"),
    # a percent sign in a formula is a percent sign, not the start of a KaTeX comment
    ("$5% of 200 = 11$ and $50\\% = 0.5$", "$5\\% of 200 = 11$ and $50\\% = 0.5$"),
]


@pytest.mark.parametrize(("text", "expected"), INERT)
def test_inert_markdown(text: str, expected: str) -> None:
    assert inert_markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("x = 2", "`x = 2`"), ("a`b", "``a`b``"), ("`x`", "`` `x` ``"), ("x`` ![i](u)", "```x`` ![i](u)```")],
)
def test_inline_code_cannot_be_closed_from_inside(text: str, expected: str) -> None:
    assert inline_code(text) == expected


def test_a_price_in_a_checked_line_is_drawn_as_a_dollar_sign() -> None:
    """Streamlit's Markdown would end ``$3 \\times \\$15$`` at the dollar of ``\\$``."""
    assert katex_formula("3 \\times \\$15 = \\$45") == "3 \\times \\text{\\textdollar}15 = \\text{\\textdollar}45"
    assert katex_formula("2x = 4") == "2x = 4"
    assert katex_formula("log 100 = 2") == "\\log 100 = 2"
    assert katex_formula("sin(x) = 1") == "\\sin(x) = 1"
    assert katex_formula("\\text{12 cm} + sin") == "\\text{12 cm} + sin"
    assert katex_formula("3 × 4 = 12 cm^2") == "3 × 4 = 12\\,\\mathrm{cm}^2"
    assert katex_formula("t = 2 min, m = 5x") == "t = 2\\,\\mathrm{min}, m = 5x"
    # The name a line starts from is a word; two letters may be a segment (AB).
    assert katex_formula("Area = 3 × 4") == "\\text{Area} = 3 × 4"
    assert katex_formula("AB = 5") == "AB = 5"
