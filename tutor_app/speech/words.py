"""Markdown + LaTeX to speakable words, in English and Chinese.

The text goes through a chain of small steps: math segments are cut out,
Markdown markup is stripped from the rest, math is read by ``_MathReader``
(a tiny recursive reader over LaTeX tokens) and the pieces are put back.
"""

from __future__ import annotations

import re

from tutor_app.errors import SpeechError
from tutor_app.mathtext import MATH_SPAN, math_body

CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{CJK}]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")

_TOKEN = re.compile(
    r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|[A-Za-z]+|\s+|'+|<=|>=|!=|->|=>|.", re.DOTALL
)

# (English, Chinese) for each word-like command or symbol.
_SYMBOLS: dict[str, tuple[str, str]] = {
    "pi": ("pi", "派"), "alpha": ("alpha", "阿尔法"), "beta": ("beta", "贝塔"),
    "gamma": ("gamma", "伽马"), "delta": ("delta", "德尔塔"), "Delta": ("delta", "德尔塔"),
    "epsilon": ("epsilon", "艾普西隆"), "theta": ("theta", "西塔"),
    "lambda": ("lambda", "兰姆达"), "mu": ("mu", "缪"), "sigma": ("sigma", "西格玛"),
    "Sigma": ("sigma", "西格玛"), "phi": ("phi", "斐"), "omega": ("omega", "欧米伽"),
    "Omega": ("omega", "欧米伽"), "rho": ("rho", "柔"), "tau": ("tau", "套"),
    "infty": ("infinity", "无穷大"), "angle": ("angle", "角"), "triangle": ("triangle", "三角形"),
    "circ": ("degrees", "度"), "degree": ("degrees", "度"),
    "ldots": ("and so on", "等等"), "cdots": ("and so on", "等等"), "dots": ("and so on", "等等"),
    "π": ("pi", "派"), "∞": ("infinity", "无穷大"), "°": ("degrees", "度"),
    "θ": ("theta", "西塔"), "α": ("alpha", "阿尔法"), "β": ("beta", "贝塔"), "Δ": ("delta", "德尔塔"),
    "λ": ("lambda", "兰姆达"), "μ": ("mu", "缪"), "σ": ("sigma", "西格玛"), "ω": ("omega", "欧米伽"),
}
_OPERATORS: dict[str, tuple[str, str]] = {
    "+": ("plus", "加"), "-": ("minus", "减"), "=": ("equals", "等于"),
    "<": ("is less than", "小于"), ">": ("is greater than", "大于"),
    "*": ("times", "乘以"), "/": ("over", "除以"), ",": (",", "，"), ";": (";", "；"),
    "cdot": ("times", "乘以"), "times": ("times", "乘以"), "div": ("divided by", "除以"),
    "pm": ("plus or minus", "正负"), "mp": ("minus or plus", "负正"),
    "le": ("is less than or equal to", "小于或等于"), "leq": ("is less than or equal to", "小于或等于"),
    "leqslant": ("is less than or equal to", "小于或等于"), "<=": ("is less than or equal to", "小于或等于"),
    "ge": ("is greater than or equal to", "大于或等于"), "geq": ("is greater than or equal to", "大于或等于"),
    "geqslant": ("is greater than or equal to", "大于或等于"), ">=": ("is greater than or equal to", "大于或等于"),
    "ne": ("is not equal to", "不等于"), "neq": ("is not equal to", "不等于"), "!=": ("is not equal to", "不等于"),
    "lt": ("is less than", "小于"), "gt": ("is greater than", "大于"),
    "approx": ("is approximately equal to", "约等于"), "equiv": ("is equivalent to", "恒等于"),
    "to": ("approaches", "趋近于"), "rightarrow": ("approaches", "趋近于"), "->": ("approaches", "趋近于"),
    "Rightarrow": ("implies", "推出"), "implies": ("implies", "推出"), "=>": ("implies", "推出"),
    "iff": ("if and only if", "当且仅当"), "Leftrightarrow": ("if and only if", "当且仅当"),
    "in": ("is in", "属于"), "perp": ("is perpendicular to", "垂直于"),
    "parallel": ("is parallel to", "平行于"), "sim": ("is similar to", "相似于"),
    "cong": ("is congruent to", "全等于"), "cup": ("union", "并"), "cap": ("intersect", "交"),
    "therefore": ("therefore", "所以"), "because": ("because", "因为"),
    "≤": ("is less than or equal to", "小于或等于"), "≥": ("is greater than or equal to", "大于或等于"),
    "≠": ("is not equal to", "不等于"), "±": ("plus or minus", "正负"), "×": ("times", "乘以"),
    "·": ("times", "乘以"), "÷": ("divided by", "除以"), "≈": ("is approximately equal to", "约等于"),
    "→": ("approaches", "趋近于"), "∴": ("therefore", "所以"), "∵": ("because", "因为"),
}
_FUNCTIONS: dict[str, tuple[str, str]] = {
    "sin": ("sine", "正弦"), "cos": ("cosine", "余弦"), "tan": ("tangent", "正切"),
    "cot": ("cotangent", "余切"), "sec": ("secant", "正割"), "csc": ("cosecant", "余割"),
    "log": ("log", "对数"), "ln": ("natural log", "自然对数"), "exp": ("exponential", "指数"),
    "max": ("the maximum", "最大值"), "min": ("the minimum", "最小值"),
}
_CONTENT_COMMANDS = {"text", "textrm", "mathrm", "mathbf", "mathit", "textbf", "operatorname", "mbox"}
_APPLIED_LETTERS = set("fghFGH")
_WORD_OPERATORS = {en for en, _ in _OPERATORS.values()} | {zh for _, zh in _OPERATORS.values()}


def _is_latin(token: str) -> bool:
    return token.isascii() and token.isalpha()


class _MathReader:
    """Reads a list of LaTeX tokens aloud, one construct at a time."""

    def __init__(self, tokens: list[str], lang: str) -> None:
        self.tokens = [t for t in tokens if not t.isspace()]
        self.zh = lang == "zh"
        self.pos = 0
        self.out: list[str] = []
        self.last = "start"
        self.applying = False

    def say(self, en: str, zh: str) -> str:
        return zh if self.zh else en

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def until(self, close: str) -> list[str]:
        """The tokens up to the bracket matching ``close``, which is consumed."""
        opening = {"}": "{", ")": "(", "]": "["}[close]
        depth, body = 0, []
        while self.peek() is not None:
            token = self.take()
            if token == close and depth == 0:
                return body
            depth += (token == opening) - (token == close)
            body.append(token)
        return body

    def argument(self) -> list[str]:
        """The next argument: a braced group, or else one token (one digit of a number)."""
        token = self.peek()
        if token is None:
            return []
        self.take()
        if token == "{":
            return self.until("}")
        if token.isdigit() and len(token) > 1:
            self.tokens[self.pos - 1 : self.pos] = [token[0], token[1:]]
        return [token[0]] if token.isdigit() else [token]

    def words(self, tokens: list[str]) -> str:
        return read_math(tokens, "zh" if self.zh else "en")

    def operand(self, text: str) -> None:
        if self.applying and not self.zh:
            self.out.append("of")
        self.applying = False
        self.out.append(text)
        self.last = "operand"

    def operator(self, text: str) -> None:
        self.out.append(text)
        self.last = "operator"

    def read(self) -> str:
        while self.peek() is not None:
            self.step(self.take())
        return _join(self.out, self.zh)

    def step(self, token: str) -> None:  # noqa: C901 - one dispatch table in code form
        name = token[1:] if token.startswith("\\") else token
        if len(token) == 2 and token[0] == "\\" and not token[1].isalpha() and token != "\\%":
            return  # spacing (\, \;) and escaped braces are not spoken
        if token == "{":
            self.operand(self.words(self.until("}")))
        elif token == "(" or token == "[":
            self.group(self.until(")" if token == "(" else "]"))
        elif token == "^":
            self.power(self.argument())
        elif token in ("²", "³"):
            self.power(["2" if token == "²" else "3"])
        elif token == "_":
            self.operator(self.say("sub", "下标"))
            self.operand(self.words(self.argument()))
        elif token.startswith("'"):
            self.prime(len(token))
        elif token == "-" and self.last in ("start", "operator"):
            self.operator(self.say("negative", "负"))
        elif token in ("%", "\\%"):
            self.percent()
        elif token == "!":
            self.out.append(self.say("factorial", "的阶乘"))
        elif name in ("frac", "dfrac", "tfrac"):
            self.fraction(self.argument(), self.argument())
        elif name == "sqrt" or token == "√":
            index = self.until("]") if self.peek() == "[" and self.take() else []
            self.root(index, self.argument())
        elif name in ("int", "sum", "prod", "lim"):
            self.big_operator(name)
        elif name in _CONTENT_COMMANDS and self.peek() == "{":
            self.take()
            self.operand("".join(self.until("}")).strip())
        elif (token.startswith("\\") or token.isalpha()) and name in _FUNCTIONS:
            self.function(name)
        elif name in _OPERATORS and (token.startswith("\\") or not _is_latin(token)):
            self.operator(self.say(*_OPERATORS[name]))
        elif name in _SYMBOLS and (token.startswith("\\") or not _is_latin(token)):
            self.operand(self.say(*_SYMBOLS[name]))
        elif token.startswith("\\") or token in ")]}|&":
            return  # unknown commands and stray brackets are not spoken
        elif token.isalpha() and token.isascii():
            for letter in token:
                self.operand(letter)
                self.applying = letter in _APPLIED_LETTERS and self.peek() == "("
        else:
            self.operand(token)

    def group(self, body: list[str]) -> None:
        inner = self.words(body)
        if not self.applying:
            if self.last == "operand":
                self.operator(self.say("times", "乘以"))
            compound = any(w in _WORD_OPERATORS for w in inner.split()) or any(
                tok.lstrip("\\") in _OPERATORS for tok in body if tok.strip() not in (",", ";"))
            if compound:
                # Without the brackets said aloud, 2(x-3) would be heard as 2·x - 3.
                inner = self.say(f"the quantity {inner}", f"左括号{inner}右括号")
        self.operand(inner)

    def power(self, exponent: list[str]) -> None:
        exponent = [t for t in exponent if not t.isspace()]
        if exponent in (["\\circ"], ["°"]):
            self.out.append(self.say("degrees", "度"))
        elif exponent == ["2"]:
            self.out.append(self.say("squared", "的平方"))
        elif exponent == ["3"]:
            self.out.append(self.say("cubed", "的立方"))
        elif exponent and exponent[0].startswith("'") or exponent == ["\\prime"]:
            self.prime(len(exponent[0]) if exponent[0].startswith("'") else 1)
        else:
            words = self.words(exponent)
            self.out.append(self.say(f"to the power {words}", f"的{words}次方"))

    def prime(self, count: int) -> None:
        en = {1: "prime", 2: "double prime", 3: "triple prime"}.get(count, f"{count} prime")
        self.out.append(self.say(en, "撇" * count))
        self.applying = self.peek() == "("

    def percent(self) -> None:
        if self.zh and self.out and self.last == "operand":
            self.out[-1] = f"百分之{self.out[-1]}"
        else:
            self.out.append(self.say("percent", "百分之"))

    def fraction(self, top: list[str], bottom: list[str]) -> None:
        nested = any(t in ("\\frac", "\\dfrac", "\\tfrac") for t in top + bottom)
        compound = any(t in "+-=" for t in top + bottom)
        a, b = self.words(top), self.words(bottom)
        if nested or compound:
            self.operand(self.say(f"the fraction with numerator {a} and denominator {b}",
                                  f"分子为{a}、分母为{b}的分数"))
        else:
            self.operand(self.say(f"{a} over {b}", f"{b}分之{a}"))

    def root(self, index: list[str], radicand: list[str]) -> None:
        x = self.words(radicand)
        simple = len([t for t in radicand if not t.isspace()]) <= 1
        n = self.words(index)
        if n in ("", "2"):
            en = f"the square root of {x}"
            zh = f"根号{x}" if simple else f"根号下{x}"
        elif n == "3":
            en, zh = f"the cube root of {x}", f"{x}的立方根"
        else:
            en, zh = f"the {n}th root of {x}", f"{x}的{n}次方根"
        self.operand(self.say(en, zh))

    def limits(self) -> tuple[str, str]:
        """The ``_lower`` and ``^upper`` after a big operator, in either order."""
        lower = upper = ""
        while self.peek() in ("_", "^"):
            which = self.take()
            words = self.words(self.argument())
            lower, upper = (words, upper) if which == "_" else (lower, words)
        return lower, upper

    def big_operator(self, name: str) -> None:
        lower, upper = self.limits()
        if name == "lim":
            en = f"the limit as {lower} of" if lower else "the limit of"
            zh = f"{lower}时的极限" if lower else "极限"
        else:
            en_noun, zh_noun = {"int": ("integral", "积分"), "sum": ("sum", "求和"),
                                "prod": ("product", "求积")}[name]
            if lower and upper:
                en = f"the {en_noun} from {lower} to {upper} of"
                zh = f"从{lower}到{upper}的{zh_noun}"
            else:
                en, zh = f"the {en_noun} of", zh_noun
        self.operator(self.say(en, zh))

    def function(self, name: str) -> None:
        self.operand(self.say(*_FUNCTIONS[name]))
        if name == "log" and self.peek() == "_":
            self.take()
            base = self.words(self.argument())
            self.out[-1] = self.say(f"log base {base}", f"以{base}为底的对数")
        self.last = "operator"
        self.applying = True


def read_math(tokens: list[str] | str, lang: str = "en") -> str:
    """Words for one LaTeX math expression (a string or its tokens)."""
    if isinstance(tokens, str):
        tokens = _TOKEN.findall(tokens)
    return _MathReader(tokens, lang).read()


def _join(pieces: list[str], zh: bool) -> str:
    """English pieces take spaces; Chinese ones only where two Latin words would touch."""
    if not zh:
        text = " ".join(p for p in pieces if p)
    else:
        text = ""
        for piece in filter(None, pieces):
            if text and text[-1].isascii() and text[-1].isalnum() and piece[0].isascii() and (
                piece[0].isalnum()
            ):
                text += " "
            text += piece
    return re.sub(r"\s+([,;.])", r"\1", text).strip()


_MARKDOWN_STEPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[ \t]*```.*$", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*\|?([ \t]*:?-+:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$", re.MULTILINE), ""),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE), ""),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"(\*\*|__|~~)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"\1"),
    (re.compile(r"`+([^`]*)`+"), r"\1"),
    (re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE), r"\1"),
    (re.compile(r"[ \t]*\|[ \t]*"), ", "),
]
_MATHY = re.compile(
    r"[=<>^_\\√²³±×÷·≤≥≠π°∞≈→%θαβΔλμσω]|^[A-Za-z]'+|^[A-Za-z]'*\([^()]*\)$|\d[+\-*/]|[+\-*/]\d|^[+\-*/]$"
)
_PLAIN_RUN = re.compile(f"[^\\s{CJK}]+")
_PLAIN_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


def strip_markdown(text: str) -> str:
    """Text without Markdown markup (headings, emphasis, links, lists, tables, code fences)."""
    for pattern, replacement in _MARKDOWN_STEPS:
        text = pattern.sub(replacement, text)
    return text


def _read_plain_token(token: str, lang: str) -> str:
    """A whitespace-free run of plain text, read as math when it looks like math."""
    core = token.rstrip(".,;:!?")
    if not core or not _MATHY.search(core):
        return token
    if core in "+-*/":
        return _OPERATORS[core][lang == "zh"] + token[len(core):]
    core = _PLAIN_FRACTION.sub(r"\\frac{\1}{\2}", core)
    return read_math(core, lang) + token[len(core):]


def _end_lines(text: str, lang: str) -> str:
    """Join lines, ending each unpunctuated one so the voice pauses there."""
    stop = "。" if lang == "zh" else "."
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    ended = [
        line if i == len(lines) - 1 or line[-1] in ".,;:!?。，；：！？" else line + stop
        for i, line in enumerate(lines)
    ]
    return ("" if lang == "zh" else " ").join(ended)


def math_to_words(text: str, lang: str = "en") -> str:
    """Markdown + LaTeX as the words a voice should say, in English or Chinese."""
    if lang not in ("en", "zh"):
        raise SpeechError(f"Unknown language {lang!r} for read aloud; use 'en' or 'zh'.")
    spoken: list[str] = []

    def cut(match: re.Match[str]) -> str:
        spoken.append(read_math(math_body(match), lang))
        return f"\x00{len(spoken) - 1}\x00"

    plain = strip_markdown(MATH_SPAN.sub(cut, text))
    plain = _PLAIN_RUN.sub(lambda m: _read_plain_token(m.group(), lang), plain)
    plain = _PLACEHOLDER.sub(lambda m: spoken[int(m.group(1))], plain)
    plain = _end_lines(plain, lang)
    plain = re.sub(r"[ \t]+", " ", plain)
    if lang == "zh":
        plain = re.sub(f"(?<=[{CJK}]) | (?=[{CJK}])", "", plain)
    return re.sub(r" ([,;.!?])", r"\1", plain).strip()


def detect_language(text: str) -> str:
    """``"zh"`` when the text (math left out) has more CJK characters than Latin words."""
    prose = MATH_SPAN.sub(" ", text)
    cjk = len(_CJK_CHAR.findall(prose))
    return "zh" if cjk and cjk >= len(_LATIN_WORD.findall(prose)) else "en"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；])|\n\s*\n")


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, never splitting inside a math segment."""
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\x00{len(kept) - 1}\x00"

    masked = MATH_SPAN.sub(hide, text)
    parts = (p.strip() for p in _SENTENCE_END.split(masked))
    return [_PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], p) for p in parts if p]
