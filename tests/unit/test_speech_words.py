"""Math-to-words in English and Chinese, sentence splitting and language detection."""

from __future__ import annotations

import pytest

from tutor_app.errors import SpeechError
from tutor_app.speech import detect_language, math_to_words, split_sentences

ENGLISH = [
    ('$x^2$', 'x squared'),
    ('$x^3$', 'x cubed'),
    ('$x^n$', 'x to the power n'),
    ('$x^{n+1}$', 'x to the power n plus 1'),
    ('$x^{-1}$', 'x to the power negative 1'),
    ('$\\frac{a}{b}$', 'a over b'),
    ('$\\frac{1}{2}$', '1 over 2'),
    ('$\\frac12$', '1 over 2'),
    ('$\\dfrac{x+1}{x-1}$', 'the fraction with numerator x plus 1 and denominator x minus 1'),
    ('$\\frac{\\frac{1}{2}}{3}$', 'the fraction with numerator 1 over 2 and denominator 3'),
    ('$\\frac{1}{1+\\frac{1}{x}}$', 'the fraction with numerator 1 and denominator 1 plus 1 over x'),
    ('$\\sqrt{x}$', 'the square root of x'),
    ('$\\sqrt{x+1}$', 'the square root of x plus 1'),
    ('$\\sqrt[3]{8}$', 'the cube root of 8'),
    ('$\\sqrt[n]{x}$', 'the nth root of x'),
    ('$\\sqrt{\\frac{a}{b}}$', 'the square root of a over b'),
    ('$x = 5$', 'x equals 5'),
    ('$x \\le 5$', 'x is less than or equal to 5'),
    ('$x \\leq 5$', 'x is less than or equal to 5'),
    ('$x \\ge 5$', 'x is greater than or equal to 5'),
    ('$x < 3$', 'x is less than 3'),
    ('$x > 3$', 'x is greater than 3'),
    ('$a \\neq b$', 'a is not equal to b'),
    ('$x \\approx 3.14$', 'x is approximately equal to 3.14'),
    ('$x = \\pm 2$', 'x equals plus or minus 2'),
    ('$\\pi r^2$', 'pi r squared'),
    ('$3 \\cdot 4$', '3 times 4'),
    ('$3 \\times 4$', '3 times 4'),
    ('$6 \\div 2$', '6 divided by 2'),
    ("$f'(x)$", 'f prime of x'),
    ("$f''(x) = 6x$", 'f double prime of x equals 6 x'),
    ('$\\int_a^b f(x)\\,dx$', 'the integral from a to b of f of x d x'),
    ('$\\int_0^1 x^2 dx$', 'the integral from 0 to 1 of x squared d x'),
    ('$90^\\circ$', '90 degrees'),
    ('$45^{\\circ}$', '45 degrees'),
    ('$50\\%$', '50 percent'),
    ('$-3 + -2$', 'negative 3 plus negative 2'),
    ('$2(x+1)$', '2 times the quantity x plus 1'),
    ('$(x+1)^2$', 'the quantity x plus 1 squared'),
    ('$\\sin^2 x + \\cos^2 x = 1$', 'sine squared of x plus cosine squared of x equals 1'),
    ('$\\lim_{x \\to 0} \\frac{\\sin x}{x}$', 'the limit as x approaches 0 of sine of x over x'),
    ('$\\sum_{i=1}^{n} i$', 'the sum from i equals 1 to n of i'),
    ('$\\log_2 8$', 'log base 2 of 8'),
    ('$\\ln x$', 'natural log of x'),
    ('$e^{i\\pi} + 1 = 0$', 'e to the power i pi plus 1 equals 0'),
    ('$\\boxed{42}$', '42'),
    ('$\\unknowncmd{y}$', 'y'),
    ('$\\mathbf{v}$', 'v'),
    ('$\\text{area} = \\pi r^2$', 'area equals pi r squared'),
    ('$x_1 + x_2$', 'x sub 1 plus x sub 2'),
    ('$5!$', '5 factorial'),
    ('$\\{1, 2\\}$', '1, 2'),
    ('\\[ a^2 + b^2 = c^2 \\]', 'a squared plus b squared equals c squared'),
    ('\\(y = mx + b\\)', 'y equals m x plus b'),
    ('$$\\frac{x}{2} = 3$$', 'x over 2 equals 3'),
    ('x^2 = 4', 'x squared equals 4'),
    ('f(x) = x^2 - 1', 'f of x equals x squared minus 1'),
    ('3/4 of the pie', '3 over 4 of the pie'),
    ('50% done', '50 percent done'),
    ('Use x ≤ 5 and y ≥ 2', 'Use x is less than or equal to 5 and y is greater than or equal to 2'),
    ('θ = 30°', 'theta equals 30 degrees'),
    ('**Step 1:** Solve $x^2 = 4$.', 'Step 1: Solve x squared equals 4.'),
    ('# Answer\nThe answer is $x = 2$.', 'Answer. The answer is x equals 2.'),
    ('- first\n- second', 'first. second'),
    ('1. Add $2$\n2. Divide by $3$', '1. Add 2. 2. Divide by 3'),
    ('The *area* is _big_', 'The area is big'),
    ('[the answer](http://example.com)', 'the answer'),
    ('Type `x = 3` here', 'Type x equals 3 here'),
    ('| a | b |\n|---|---|\n| 1 | 2 |', 'a, b. 1, 2'),
    ('```\ncode x\n```', 'code x'),
    ('The price is $5 and $10.', 'The price is $5 and $10.'),
    ('<b>bold</b> text', 'bold text'),
    ('---', ''),
    ('$\\alpha + \\beta = \\theta$', 'alpha plus beta equals theta'),
    ('$\\infty$', 'infinity'),
    ('$\\sqrt{2} \\approx 1.414$', 'the square root of 2 is approximately equal to 1.414'),
]

CHINESE = [
    ('$x^2$', 'x的平方'),
    ('$x^3$', 'x的立方'),
    ('$x^n$', 'x的n次方'),
    ('$x^{-1}$', 'x的负1次方'),
    ('$\\frac{a}{b}$', 'b分之a'),
    ('$\\frac{1}{2}$', '2分之1'),
    ('$\\frac{x+1}{2}$', '分子为x加1、分母为2的分数'),
    ('$\\frac{\\frac{1}{2}}{3}$', '分子为2分之1、分母为3的分数'),
    ('$\\sqrt{x}$', '根号x'),
    ('$\\sqrt{x+1}$', '根号下x加1'),
    ('$\\sqrt[3]{8}$', '8的立方根'),
    ('$\\sqrt[n]{x}$', 'x的n次方根'),
    ('$x = 5$', 'x等于5'),
    ('$x \\le 5$', 'x小于或等于5'),
    ('$x \\ge 5$', 'x大于或等于5'),
    ('$x < 3$', 'x小于3'),
    ('$x > 3$', 'x大于3'),
    ('$a \\neq b$', 'a不等于b'),
    ('$x \\approx 3.14$', 'x约等于3.14'),
    ('$x = \\pm 2$', 'x等于正负2'),
    ('$\\pi r^2$', '派r的平方'),
    ('$3 \\cdot 4$', '3乘以4'),
    ('$3 \\times 4$', '3乘以4'),
    ('$6 \\div 2$', '6除以2'),
    ("$f'(x)$", 'f撇x'),
    ('$\\int_a^b f(x)\\,dx$', '从a到b的积分f x d x'),
    ('$\\int x\\,dx$', '积分x d x'),
    ('$90^\\circ$', '90度'),
    ('$50\\%$', '百分之50'),
    ('$-3$', '负3'),
    ('$(x+1)^2$', '左括号x加1右括号的平方'),
    ('$2(x+1)$', '2乘以左括号x加1右括号'),
    ('$2(x-3)$', '2乘以左括号x减3右括号'),
    ('$\\sum_{i=1}^{n} i$', '从i等于1到n的求和i'),
    ('$\\lim_{x \\to 0} x$', 'x趋近于0时的极限x'),
    ('$\\log_2 8$', '以2为底的对数8'),
    ('$\\sin x$', '正弦x'),
    ('$\\unknowncmd{y}$', 'y'),
    ('$5!$', '5的阶乘'),
    ('因为$x^2=4$，所以$x=\\pm 2$。', '因为x的平方等于4，所以x等于正负2。'),
    ('所以 x^2 = 4，x = ±2', '所以x的平方等于4，x等于正负2'),
    ('# 第一步\n**化简**：$\\frac{2}{4} = \\frac{1}{2}$', '第一步。化简：4分之2等于2分之1'),
    ('解：$x + 1 = 3$，得 $x = 2$', '解：x加1等于3，得x等于2'),
    ('三角形内角和是$180^\\circ$', '三角形内角和是180度'),
    ('面积是 $\\pi r^2$ 平方厘米', '面积是派r的平方平方厘米'),
    ('答案是$\\sqrt{2}$', '答案是根号2'),
    ('- 第一步\n- 第二步', '第一步。第二步'),
    ('3/4 的人', '4分之3的人'),
    ('正确率 50%', '正确率百分之50'),
    ('根据 $a \\ge b$ 可知', '根据a大于或等于b可知'),
    ('当 $x \\to 0$ 时', '当x趋近于0时'),
    ("$f'(x) = 2x$ 是导数", 'f撇x等于2 x是导数'),
    ('$\\alpha + \\beta$', '阿尔法加贝塔'),
    ('$x \\to \\infty$', 'x趋近于无穷大'),
]


@pytest.mark.parametrize(("text", "words"), ENGLISH)
def test_english_words(text: str, words: str) -> None:
    assert math_to_words(text) == words


@pytest.mark.parametrize(("text", "words"), CHINESE)
def test_chinese_words(text: str, words: str) -> None:
    assert math_to_words(text, "zh") == words


def test_tables_are_large_enough() -> None:
    assert len(ENGLISH) >= 40 and len(CHINESE) >= 40


@pytest.mark.parametrize("text", [r"$\foo$", r"$\weird{x} + \alsoweird$", r"\[ \notacommand \]"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_unknown_commands_are_never_read_as_backslash(text: str, lang: str) -> None:
    words = math_to_words(text, lang)
    assert "\\" not in words and "backslash" not in words and "foo" not in words


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(SpeechError, match=r"^Unknown language 'fr' for read aloud; use 'en' or 'zh'\.$"):
        math_to_words("x", "fr")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hello world", "en"),
        ("", "en"),
        ("$x^2 + 1$", "en"),
        ("因为 $x^2 + 2x + 1 = (x+1)^2$，所以 $x = -1$", "zh"),
        ("The answer is 答案", "en"),
        ("你好 world", "zh"),
        ("解 solve for x", "en"),
        ("这是一个关于 area 的问题", "zh"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Pi is 3.14 here. Next", ["Pi is 3.14 here.", "Next"]),
        ("Solve $x = 1. y$ now. Then stop.", ["Solve $x = 1. y$ now.", "Then stop."]),
        ("第一步。第二步！第三步？", ["第一步。", "第二步！", "第三步？"]),
        ("Para one\n\nPara two", ["Para one", "Para two"]),
        ("", []),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
