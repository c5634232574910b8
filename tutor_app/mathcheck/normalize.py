"""Text normalisation: a chain of small named transformations, each str -> str.

They turn what students and models type (Unicode, full-width characters,
Chinese connectives, LaTeX) into the plain ASCII notation the tokenizer reads.
"""

from __future__ import annotations

import re

from tutor_app.errors import MathInputError

MAX_CHARS = 2000
MAX_DEPTH = 60

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")

_SYMBOLS = {
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "÷": "/", "∕": "/",
    "−": "-", "–": "-", "—": "-", "√": " sqrt", "∛": " cbrt", "π": " pi ",
    "∞": " oo ", "≤": "<=", "≥": ">=", "≠": "!=", "⩽": "<=", "⩾": ">=",
    "±": "±", "∈": " in ", "∪": " ∪ ", "∅": "{}", "θ": " theta ", "α": " alpha ",
    "β": " beta ", "φ": " phi ", "ω": " omega ", "λ": " lambda ", "μ": "µ",
    "½": "(1/2)", "⅓": "(1/3)", "⅔": "(2/3)", "¼": "(1/4)", "¾": "(3/4)",
    "⅕": "(1/5)", "⅛": "(1/8)", "º": "°", "˚": "°", "′": "'",
    "ℝ": " R ", "、": ",", "。": " ", "\u3000": " ", "【": "[", "】": "]",
}

# Answer words and connectives a Chinese student or model writes around the math.
_CHINESE = [
    (re.compile(r"^\s*(答案|答|解得|解|所以|因此|故)\s*[:：]?\s*"), ""),
    (re.compile(r"或者?"), " or "),
    (re.compile(r"[且和]"), " and "),
    (re.compile(r"度"), "°"),
    (re.compile(r"无(?:实数)?解|空集"), "{}"),
]

_LATEX_WORDS = {
    "cdot": "*", "times": "*", "div": "/", "pi": " pi ", "infty": " oo ", "infin": " oo ",
    "le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
    "ne": "!=", "neq": "!=", "lt": "<", "gt": ">", "pm": "±", "in": " in ", "cup": " ∪ ",
    "lor": " or ", "land": " and ", "emptyset": "{}", "varnothing": "{}", "circ": "°",
    "%": "%", "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "langle": "(", "rangle": ")",
    ",": " ", ";": " ", "!": "", ":": " ", " ": " ", "quad": " ", "qquad": " ",
    "displaystyle": "", "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "",
    "Bigl": "", "Bigr": "", "limits": "", "to": " -> ", "rightarrow": " -> ", "mid": "|",
    "vert": "|", "lvert": "|", "rvert": "|", "ldots": "", "cdots": "",
    "alpha": " alpha ", "beta": " beta ", "gamma": " gamma ", "theta": " theta ",
    "phi": " phi ", "varphi": " phi ", "omega": " omega ", "lambda": " lambda ",
    "mu": " mu ", "sigma": " sigma ", "rho": " rho ", "tau": " tau ", "delta": " delta ",
    "Delta": " Delta ",
}
_LATEX_FUNCS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "ln", "log", "exp",
}
_LATEX_TEXT = {"text", "mathrm", "textrm", "mathbf", "operatorname", "mathit", "textbf",
               "boxed", "vec", "overline", "mathbb", "bm", "boldsymbol", "textnormal"}
_FRACS = {"frac", "dfrac", "tfrac", "cfrac"}
_MATRICES = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "array", "cases"}


def check_size(text: str) -> None:
    """Refuse input that is too long or nested too deeply to read safely."""
    if len(text) > MAX_CHARS:
        raise MathInputError(
            f"The answer is too long to check ({len(text)} characters; the limit is {MAX_CHARS})."
        )
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise MathInputError(
            f"The answer is nested too deeply to check ({deepest} levels of brackets; "
            f"the limit is {MAX_DEPTH})."
        )


def fold_width(text: str) -> str:
    """Full-width ASCII (＝ （ ） ＋ － digits) becomes ordinary ASCII."""
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def replace_scripts(text: str) -> str:
    """Superscript runs become ``^(..)`` and subscript digits ``_..``."""
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+", lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)
    return re.sub(r"[₀₁₂₃₄₅₆₇₈₉]+", lambda m: "_" + m.group().translate(_SUBSCRIPTS), text)


def replace_symbols(text: str) -> str:
    """Unicode operators, constants and vulgar fractions become ASCII words."""
    return "".join(_SYMBOLS.get(c, c) for c in text)


def replace_chinese(text: str) -> str:
    """Chinese answer words and connectives become plain connectives."""
    for pattern, repl in _CHINESE:
        text = pattern.sub(repl, text)
    return text


def _group(text: str, i: int) -> tuple[str, int]:
    """The brace group (or single token) starting at ``i``, and the index after it."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] == "{":
        depth = 0
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return text[i + 1 : j], j + 1
        raise MathInputError(f"could not read '{{' at position {i}: it is never closed")
    if text[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        return m.group(), i + len(m.group())
    return text[i], i + 1


def _matrix(body: str) -> str:
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    return "[" + ",".join("[" + ",".join(latex_to_plain(c) for c in r.split("&")) + "]" for r in rows) + "]"


def latex_to_plain(text: str) -> str:
    """LaTeX commands become plain notation; unknown commands are kept for the tokenizer to refuse."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "$":
            i += 1
            continue
        if c in "^_" and i + 1 < len(text) and text[i + 1] in "{\\":
            body, i = _group(text, i + 1)
            if body == "\\circ":
                out.append("°")
            else:
                out.append(("^(" + latex_to_plain(body) + ")") if c == "^" else "_" + latex_to_plain(body))
            continue
        if c != "\\":
            out.append(c)
            i += 1
            continue
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        name = m.group(1)
        i += len(m.group())
        if name in _FRACS:
            num, i = _group(text, i)
            den, i = _group(text, i)
            frac = f"(({latex_to_plain(num)})/({latex_to_plain(den)}))"
            joined = "".join(out)
            whole = re.search(r"(?<![\w.^])\d+\s*$", joined)
            if whole and num.strip().isdigit() and den.strip().isdigit():
                out = [joined[: whole.start()], f"({whole.group().strip()}+{frac})"]
                continue
            out.append(frac)
        elif name == "sqrt":
            index = None
            if i < len(text) and text[i] == "[":
                end = text.index("]", i)
                index, i = text[i + 1 : end], end + 1
            body, i = _group(text, i)
            inner = latex_to_plain(body)
            out.append(f" root(({inner}),({latex_to_plain(index)}))" if index else f" sqrt({inner})")
        elif name in _LATEX_TEXT:
            body, i = _group(text, i)
            out.append(" " + latex_to_plain(body) + " ")
        elif name == "begin":
            env, i = _group(text, i)
            end = text.find("\\end{" + env + "}", i)
            if env not in _MATRICES or end < 0:
                raise MathInputError(f"could not read '\\begin{{{env}}}' at position {i}")
            body = text[i:end]
            if env == "array":
                body = re.sub(r"^\s*\{[^}]*\}", "", body)
            i = end + len("\\end{" + env + "}")
            out.append(_matrix(body) if env != "cases" else " and ".join(
                latex_to_plain(r) for r in re.split(r"\\\\", body) if r.strip()))
        elif name in _LATEX_FUNCS:
            out.append(" " + name + " ")
        elif name in _LATEX_WORDS:
            out.append(_LATEX_WORDS[name])
        elif name in "()[]|":
            out.append(name)
        else:
            out.append("\\" + name + " ")
    return "".join(out)


def replace_words(text: str) -> str:
    """Spelled-out connectives and symbols become the tokenizer's words."""
    text = re.sub(r"\b(infinity|inf|∞)\b", " oo ", text, flags=re.IGNORECASE)
    text = re.sub(r"\bplus or minus\b", "±", text, flags=re.IGNORECASE)
    text = re.sub(r"\+-|\+/-", "±", text)
    text = re.sub(r"\s*\bper\s*cent\b|\s*\bpercent\b", "%", text, flags=re.IGNORECASE)
    text = re.sub(r"\bno\s+(?:real\s+)?solutions?\b|\bthe\s+empty\s+set\b", "{}", text, flags=re.IGNORECASE)
    return re.sub(r"\b(OR|Or)\b", "or", re.sub(r"\b(AND|And)\b", "and", text))


def mixed_numbers(text: str) -> str:
    """``2 1/2`` (a whole number, a space, a proper fraction) becomes ``(2+1/2)``."""

    def repl(m: re.Match[str]) -> str:
        whole, num, den = m.groups()
        if int(num) >= int(den):
            return m.group()
        return f"({whole}+{num}/{den})"

    return re.sub(r"(?<![\w.)^*/])(\d+)\s+(\d+)/(\d+)(?![\w.(^])", repl, text)


CHAIN = (fold_width, replace_scripts, replace_symbols, replace_chinese, latex_to_plain,
         replace_words, mixed_numbers)


def normalize(text: str) -> str:
    """Run the whole chain on an answer, after the size limits."""
    check_size(text)
    for step in CHAIN:
        text = step(text)
    return " ".join(text.split())
