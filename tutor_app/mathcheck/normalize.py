"""Text normalisation: a chain of small named transformations, each str -> str.

They turn what students and models type (Unicode, full-width characters,
Chinese connectives, LaTeX) into the plain ASCII notation the tokenizer reads.
"""

from __future__ import annotations

import re

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.tokens import FUNCTIONS, GREEK, tokenize

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
    "€": " ", "¥": " ", "£": " ", "∩": " ∩ ", "∖": " ∖ ", "⌊": " floor(", "⌋": ")",
    "⌈": " ceil(", "⌉": ")", "≈": "=", "∠": "\\angle ", "∣": "|", "~": " ", "⋯": " … ", "…": " … ",
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
    "vert": "|", "lvert": "|", "rvert": "|", "ldots": " … ", "cdots": " … ",
    "alpha": " alpha ", "beta": " beta ", "gamma": " gamma ", "theta": " theta ",
    "phi": " phi ", "varphi": " phi ", "omega": " omega ", "lambda": " lambda ",
    "mu": " mu ", "sigma": " sigma ", "rho": " rho ", "tau": " tau ", "delta": " delta ",
    "Delta": " Delta ", "zeta": " zeta ", "eta": " eta ", "kappa": " kappa ", "epsilon": " epsilon ",
    "varepsilon": " epsilon ", "vartheta": " theta ", "psi": " psi ", "chi": " chi ", "Gamma": " Gamma ",
    "Theta": " Theta ", "Lambda": " Lambda ", "Sigma": " Sigma ", "Phi": " Phi ", "Psi": " Psi ",
    "Omega": " Omega ", "$": " ", "cap": " ∩ ", "setminus": " ∖ ", "approx": "=", "dots": " … ",
    "colon": ":", "geqq": ">=", "leqq": "<=", "prime": "'",
    "lfloor": " floor(", "rfloor": ")", "lceil": " ceil(", "rceil": ")", "equiv": "=",
    "perp": " ⊥ ", "parallel": " ∥ ", "implies": " ⟹ ", "Rightarrow": " ⟹ ", "Longrightarrow": " ⟹ ",
    "nu": " ν ", "xi": " ξ ", "iota": " ι ", "upsilon": " υ ", "hbar": " ℏ ", "ell": " ℓ ", "Pi": " Π ",
    "Xi": " Ξ ", "Upsilon": " Υ ", "forall": " for all ",
}
_LATEX_FUNCS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "ln", "log", "exp", "arcsec", "arccsc", "arccot", "max", "min", "cosec", "gcd", "lcm",
}
# ``\sin^{-1} x`` is the inverse function, never 1/sin x.
_INVERSES = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sec": "arcsec", "csc": "arccsc",
             "cot": "arccot"}
_LATEX_TEXT = {"text", "mathrm", "textrm", "mathbf", "operatorname", "mathit", "textbf",
               "boxed", "vec", "overline", "mathbb", "bm", "boldsymbol", "textnormal", "hat", "bar",
               "tilde", "dot", "ddot", "widehat", "mathcal", "textit", "emph", "overrightarrow",
               "overleftrightarrow", "widetilde", "mathsf", "mathtt", "underline"}
_FRACS = {"frac", "dfrac", "tfrac", "cfrac"}
_BINOMS = {"binom", "dbinom", "tbinom", "choose"}
_MATRICES = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "array", "cases"}


class NotANumeral(MathInputError):
    """A numeral written in a base whose digits it does not use (``41121_3``): not a number at all."""


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


_MIXED_VULGAR = re.compile(r"(?<![\d.])(\d+)\s*([½⅓⅔¼¾⅕⅛])")


def fold_width(text: str) -> str:
    """Full-width ASCII (＝ （ ） ＋ － digits) becomes ordinary ASCII."""
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def replace_scripts(text: str) -> str:
    """Superscript runs become ``^(..)`` and subscript digits ``_..``."""
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+", lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)
    return re.sub(r"[₀₁₂₃₄₅₆₇₈₉]+", lambda m: "_" + m.group().translate(_SUBSCRIPTS), text)


def replace_symbols(text: str) -> str:
    """Unicode operators, constants and vulgar fractions become ASCII words; ``3½`` is the mixed number 3 + 1/2."""
    text = _MIXED_VULGAR.sub(lambda m: f"({m.group(1)}+{_SYMBOLS[m.group(2)]})", text)
    return "".join(_SYMBOLS.get(c, c) for c in text)


def numbered_names(text: str) -> str:
    """``x1 = 2, x2 = 3``: a letter and one digit given a value name a root, as ``x₁`` does (not ``x·1``)."""
    return re.sub(r"(?<![A-Za-z\d\\_^.])([A-Za-z])(\d)(?=\s*=)", r"\1_\2", text)


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
        raise MathInputError("could not read a '{': it is never closed")
    if text[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        return m.group(), i + len(m.group())
    return text[i], i + 1


def _matrix(body: str) -> str:
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    return "[" + ",".join("[" + ",".join(latex_to_plain(c) for c in r.split("&")) + "]" for r in rows) + "]"


def _repeating(out: list[str], digits: str) -> list[str] | None:
    """``0.1\\overline{6}``: the decimal written so far and its repeating digits as one exact fraction."""
    joined = "".join(out)
    m = re.search(r"(?<![\d.])(\d*)\.(\d*)\s*$", joined)
    if not m or not digits.isdigit():
        return None
    whole, fixed = m.group(1) or "0", m.group(2)
    numerator = int(whole + fixed + digits) - int(whole + fixed)
    denominator = (10 ** len(digits) - 1) * 10 ** len(fixed)
    return [joined[: m.start()], f"({numerator}/{denominator})"]


_GLUE = ("pi", "cdot", "times", "quad", "le", "ge", "leq", "geq", "theta", "alpha", "beta", "phi",
         "omega", "lambda")


def _glued(name: str) -> str | None:
    """``\\cosx``, ``\\lnx``, ``\\pik``: a known command with a short variable glued on (a lost space)."""
    for word in sorted((*_LATEX_FUNCS, *_GLUE), key=len, reverse=True):
        rest = name[len(word):]
        if name.startswith(word) and 0 < len(rest) <= 2:
            head = f" {word} " if word in _LATEX_FUNCS else _LATEX_WORDS[word]
            return f"{head} {rest} "
    return None


def _operand(text: str, i: int, stop: str) -> tuple[str, int]:
    """The body of a sum, limit or integral: up to ``stop`` (a regex) at bracket depth 0, or the end."""
    depth, j = 0, i
    while j < len(text):
        if text[j] in "({[":
            depth += 1
        elif text[j] in ")}]":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and j > i and re.match(stop, text[j:]):
            break
        j += 1
    return text[i:j], j


def _limits(text: str, i: int) -> tuple[str, str, int]:
    """The ``_{...}`` and ``^{...}`` after a big operator, in either order."""
    lower = upper = ""
    while i < len(text) and text[i] in " _^":
        if text[i] == " ":
            i += 1
            continue
        mark = text[i]
        body, i = _group(text, i + 1)
        lower, upper = (body, upper) if mark == "_" else (lower, body)
    return lower, upper, i


def _big_operator(name: str, text: str, i: int) -> tuple[str, int]:
    """``\\sum_{n=1}^{10} body``, ``\\int_a^b body\\,dx`` and ``\\lim_{x \\to a} body`` as calls the
    checker evaluates; an indefinite integral or a sum without bounds cannot be evaluated."""
    lower, upper, i = _limits(text, i)
    if name == "int":
        body, j = _operand(text, i, r"(?:\\[,;!]\s*)?d\s*[A-Za-z]\b")
        var = re.match(r"(?:\\[,;!]\s*)?d\s*([A-Za-z])", text[j:])
        if not (lower and upper and var):
            raise MathInputError("could not read the integral: give both limits and the variable (dx)")
        end = j + var.end()
        return (f" integral(({latex_to_plain(body)}), {var.group(1)}, ({latex_to_plain(lower)}), "
                f"({latex_to_plain(upper)})) "), end
    body, j = _operand(text, i, r"[-+,=]")
    if name == "sum":
        start = re.fullmatch(r"\s*([A-Za-z])\s*=(.+)", lower)
        if not (start and upper):
            raise MathInputError("could not read the sum: give the index with its first and last values")
        return (f" summation(({latex_to_plain(body)}), {start.group(1)}, ({latex_to_plain(start.group(2))}), "
                f"({latex_to_plain(upper)})) "), j
    approach = re.fullmatch(r"\s*([A-Za-z])\s*(?:\\to|\\rightarrow|->)(.+)", lower)
    if not approach:
        raise MathInputError("could not read the limit: write it as \\lim_{x \\to a}")
    return f" limit(({latex_to_plain(body)}), {approach.group(1)}, ({latex_to_plain(approach.group(2))})) ", j


# "lg 1000", "\lg x", "log10(1000)": the logarithm to base 10, as Chinese school texts and calculators write it.
_LG = re.compile(r"(\\?)(?<![A-Za-z])(?:lg|log10(?=\s*\(|\s+\w))(?![A-Za-z])")


def base_ten(text: str) -> str:
    """``lg`` and ``log10`` written as the logarithm to base 10 that the reader knows."""
    return _LG.sub(r"\1log_{10}", text)


# "\log_381": TeX takes one digit as the subscript, so this is log base 3 of 81. Only where nothing
# follows to be the argument: "\log_10 100" is written by people who mean base 10.
_LOG_DIGITS = re.compile(r"\\log_(\d)(\d+)(?=\s*(?:$|[^\w(\\{\s]))")


def latex_to_plain(text: str) -> str:
    """LaTeX commands become plain notation; unknown commands are kept for the tokenizer to refuse."""
    text = _LOG_DIGITS.sub(r"\\log_{\1} \2", text)
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
            elif c == "^" and re.fullmatch(r"(?:\s*\\prime)+\s*", body):
                # x^{\prime}: the prime of a derivative, written as an exponent.
                out.append("'" * body.count("\\prime"))
            elif c == "_" and body.strip() == "\\odot":
                # L_⊙, M_⊙: the Sun's luminosity and mass, one name each.
                out.append("_sun ")
            else:
                out.append(("^(" + latex_to_plain(body) + ")") if c == "^"
                           else "_" + "".join(latex_to_plain(body).split()) + " ")
            continue
        if c != "\\":
            out.append(c)
            i += 1
            continue
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        name = m.group(1)
        i += len(m.group())
        if name in _FRACS or name in _BINOMS:
            num, i = _group(text, i)
            den, i = _group(text, i)
            if name in _BINOMS:
                out.append(f" binomial(({latex_to_plain(num)}),({latex_to_plain(den)}))")
                continue
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
                end = text.find("]", i)
                if end < 0:
                    raise MathInputError("could not read a root: the '[' after \\sqrt is never closed")
                index, i = text[i + 1 : end], end + 1
            body, i = _group(text, i)
            inner = latex_to_plain(body)
            out.append(f" root(({inner}),({latex_to_plain(index)}))" if index else f" sqrt({inner})")
        elif name == "overline" and (repeating := _repeating(out, _group(text, i)[0].strip())):
            out = repeating
            i = _group(text, i)[1]
        elif name in ("sum", "int", "lim"):
            call, i = _big_operator(name, text, i)
            out.append(call)
        elif name == "mathbb" and _group(text, i)[0].strip() == "R":
            out.append(" (-oo, oo) ")
            i = _group(text, i)[1]
        elif name in _LATEX_TEXT:
            body, i = _group(text, i)
            out.append(" " + latex_to_plain(body) + " ")
        elif name == "begin":
            env, i = _group(text, i)
            end = text.find("\\end{" + env + "}", i)
            if env not in _MATRICES or end < 0:
                raise MathInputError(f"could not read the LaTeX environment '{env}'")
            body = text[i:end]
            if env == "array":
                body = re.sub(r"^\s*\{[^}]*\}", "", body)
            i = end + len("\\end{" + env + "}")
            # In a system written with cases, "&" only aligns the rows (x &= 1).
            out.append(_matrix(body) if env != "cases" else " and ".join(
                latex_to_plain(r.replace("&", "")) for r in re.split(r"\\\\", body) if r.strip()))
        elif name in ("pmod", "mod"):
            modulus, i = _group(text, i)
            out.append(f" (mod {latex_to_plain(modulus)}) ")
        elif name == "angle" and (vertex := re.match(r"\s*\{?\s*([A-Z]{1,3})(?![A-Za-z])\s*\}?", text[i:])):
            # "\angle BAC" names one angle, never the product B*A*C; read from either end it is the same one.
            out.append(f" angle_{min(vertex.group(1), vertex.group(1)[::-1])} ")
            i += vertex.end()
        elif name in _LATEX_FUNCS:
            inverse = re.match(r"\^\s*(?:\{\s*-\s*1\s*\}|-\s*1)", text[i:])
            if inverse and name in _INVERSES:
                out.append(" " + _INVERSES[name] + " ")
                i += inverse.end()
            else:
                out.append(" " + name + ("" if text[i : i + 1] == "_" else " "))
        elif name in _LATEX_WORDS:
            out.append(_LATEX_WORDS[name])
        elif name in "()[]|":
            out.append(name)
        else:
            out.append(_glued(name) or "\\" + name + " ")
    return "".join(out)


def math_delimiters(text: str) -> str:
    """``\\[ x = 3 \\]``, ``\\( 5 \\)``: the marks that open and close a formula are not brackets. Inside
    one, ``\\[0, 1\\]`` is still read as an interval, as Markdown's escaped brackets."""
    text = re.sub(r"^\s*\\[\[(]", " ", text)
    closer = re.search(r"\\([\])])\s*$", text)
    # A closing mark is the formula's own only when no bracket of its kind opened inside.
    if closer:
        opener = "\\" + {"]": "[", ")": "("}[closer.group(1)]
        if text.count(opener) < text.count("\\" + closer.group(1)):
            text = text[: closer.start()]
    return text


# dx/dt, \frac{dx}{dt}, \frac{d^2 x}{dt^2}: a derivative in Leibniz's notation.
_LEIBNIZ = re.compile(r"\\[dt]?frac\{\s*d\s*(?:\^\s*\{?\s*(?P<order>[23])\s*\}?)?\s*(?P<var>[A-Za-z](?:_\{?\w+\}?)?)"
                      r"\s*(?:\(\s*[A-Za-z]\s*\))?\s*\}"
                      r"\{\s*d\s*(?P<by>[A-Za-z])\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*\}"
                      r"|(?<![A-Za-z\\])d(?P<var2>[A-Za-z])\s*/\s*d(?P<by2>[A-Za-z])(?![A-Za-z])")


def leibniz(text: str) -> str:
    """``\\frac{dx}{dt}`` becomes ``x'`` (``x''`` for the second derivative), as a derivative is read; where
    an answer differentiates by t, t is its variable, and ``x(t)`` or ``v_i(t)`` is a function of it, not
    a product with t."""
    variables = set()

    def prime(m: re.Match[str]) -> str:
        variables.add(m.group("by") or m.group("by2"))
        name = re.sub(r"[{}]", "", m.group("var") or m.group("var2"))
        primes = "'" * int(m.group("order") or 1)
        return f" {name}{primes} "

    text = _LEIBNIZ.sub(prime, text)
    for by in variables:
        # "kx(t)" is k times x; inside a command ("\max(t)") the letter is not a function.
        text = re.sub(rf"(\\[A-Za-z]*)?([A-Za-z](?:_\{{?\w+\}}?)?'*)\s*\(\s*{by}\s*\)",
                      lambda m: m.group() if m.group(1) else m.group(2), text)
    return text


def escaped_currency(text: str) -> str:
    """``\\15``: a number whose dollar sign was lost after its escaping backslash is that number."""
    m = re.fullmatch(r"\s*\\(\d[\d,.]*)\s*", text)
    return m.group(1) if m else text


def conclusion(text: str) -> str:
    """``2x = 4 ⟹ x = 2``: what an implication arrow leads to is the answer, so the last part is kept."""
    parts = re.split(r"[⟹⇒]", text)
    if len(parts) == 1:
        return text
    last = parts[-1].strip(" ,;")
    return last if last else text


def choose(text: str) -> str:
    """``{n \\choose k}`` (TeX's infix form) becomes ``\\binom{n}{k}``."""
    text = re.sub(r"\{([^{}]*)\\choose\b([^{}]*)\}", r"\\binom{\1}{\2}", text)
    return re.sub(r"^([^{}]*)\\choose\b([^{}]*)$", r"\\binom{\1}{\2}", text)


def empty_groups(text: str) -> str:
    """An empty text group (``\\mathrm{}``, ``\\text{~}``) carries nothing, nor does the ``/`` or ``-`` that
    joins it to the rest: ``5.13\\mathrm{}/\\mathrm{}`` is 5.13."""
    return re.sub(r"\s*[-/]?\s*\\(?:mathrm|text|textrm|mathit|operatorname)\s*\{\s*(?:~|\\[ ,;])?\s*\}", "", text)


def thousands(text: str) -> str:
    """Digit groups written with LaTeX spacing (``10{,}000``, ``3,\\!110``, ``1\\,000``) become one number."""
    text = re.sub(r"(?<=\d)(?:\{,\}|,\\!|\\,|\\ |\{\\,\})(?=\d{3}(?!\d))", "", text)
    return re.sub(r"(?<=\d),\s?\\!\s*(?=\d{3}(?!\d))", "", text)


def spaced_thousands(text: str) -> str:
    """``1 000 000``: groups of three digits split by single spaces are one number."""
    return re.sub(r"(?<![\d.,/^])\d{1,3}(?: \d{3})+(?![\d./])", lambda m: m.group().replace(" ", ""), text)


def clock_and_ratio(text: str) -> str:
    """``4:30 p.m.`` becomes hours after midnight (16.5); a ratio ``1:2`` becomes the fraction 1/2, and
    ``1:2:3`` the proportions ``(1, 2/1, 3/1)``."""

    def clock(m: re.Match[str]) -> str:
        hours, minutes, half = int(m.group(1)), int(m.group(2)), m.group(3).lower()[0]
        hours = hours % 12 + (12 if half == "p" else 0)
        return f" ({hours}+{minutes}/60) "

    def ratio(m: re.Match[str]) -> str:
        first, *rest = re.split(r"\s*:\s*", m.group())
        if float(first) == 0:
            return m.group()
        return "(1, " + ", ".join(f"{part}/{first}" for part in rest) + ")"

    text = re.sub(r"(?<![\d:])(\d{1,2}):([0-5]\d)\s*([ap])\.?\s?m\b\.?", clock, text, flags=re.IGNORECASE)
    # Three or more parts: the parts in proportion, scaled so the first is 1 (2:4:6 is 1:2:3).
    text = re.sub(r"(?<![\w.:])\d+(?:\.\d+)?(?:\s*:\s*\d+(?:\.\d+)?){2,}(?![\w.:])", ratio, text)
    return re.sub(r"(?<![\w.:])(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)(?![\w.:])", r"(\1/\2)", text)


def union_letter(text: str) -> str:
    """A capital U between two brackets, ``(-oo, 1) U (2, oo)``, is the union sign."""
    return re.sub(r"(?<=[)\]}])\s*U\s*(?=[(\[{])", " ∪ ", text)


def set_builder(text: str) -> str:
    """``{x | -2 <= x <= 7}`` (set-builder notation) is the condition it states."""
    m = re.fullmatch(r"\s*\{\s*([A-Za-z])\s*(?:in\s*\(-oo,\s*oo\s*\)\s*)?(?:\||:)\s*(.+)\}\s*", text)
    return m.group(2) if m and m.group(1) in m.group(2) else text


_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                   "七": 7, "八": 8, "九": 9}
_CHINESE_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


def _english_number(words: list[str]) -> int:
    total = current = 0
    for word in words:
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return total + current


def _chinese_number(text: str) -> int:
    total = section = digit = 0
    for char in text:
        if char in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[char]
        elif _CHINESE_SCALES[char] >= 10**4:
            total += (section + digit) * _CHINESE_SCALES[char]
            section = digit = 0
        else:
            section += max(digit, 1) * _CHINESE_SCALES[char]
            digit = 0
    return total + section + digit


def number_words(text: str) -> str:
    """Numbers written in words, English (``twenty-five``) or Chinese (``二十五``), become digits."""
    names = "|".join(sorted([*_NUMBER_WORDS, *_SCALES], key=len, reverse=True))
    text = re.sub(rf"\b(?:{names})(?:[\s-]+(?:and\s+)?(?:{names}))*\b",
                  lambda m: str(_english_number(re.findall(names, m.group().lower()))), text,
                  flags=re.IGNORECASE)
    chinese = "".join([*_CHINESE_DIGITS, *_CHINESE_SCALES])
    return re.sub(f"[{chinese}]+", lambda m: str(_chinese_number(m.group())), text)


def replace_words(text: str) -> str:
    """Spelled-out connectives and symbols become the tokenizer's words."""
    text = re.sub(r"\b(infinity|inf|∞)\b", " oo ", text, flags=re.IGNORECASE)
    text = re.sub(r"\bplus or minus\b", "±", text, flags=re.IGNORECASE)
    text = re.sub(r"\+-|\+/-", "±", text)
    # Three dots leave terms out (``1, 2, ..., 10``); after a digit they would be a decimal trailing off.
    text = re.sub(r"(?<![\d.])\.{3,}", " … ", text)
    text = re.sub(r"\s*\bper\s*cent\b|\s*\bpercent\b|\s*\bpct\b", "%", text, flags=re.IGNORECASE)
    text = re.sub(r"\bno\s*(?:real\s*)?solutions?\b|\bthe\s+empty\s+set\b", "{}", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[\d%)])\s+of\s+(?=[\d(])", " * ", text)
    text = re.sub(r"(?<=[A-Za-z])\s+_(?=\w)", "_", text)
    # "m/sec", "cm/secs": after a unit and a slash, "sec" is seconds, never the secant.
    text = re.sub(r"(?<=[A-Za-z]/)\s*sec(?:s|onds?)?\b(?!\s*[(\w])", "s", text)
    # "np.arcsin(x)", "math.sqrt(2)": a library's name before a function adds nothing.
    text = re.sub(r"\b(?:np|numpy|math|sympy|sp)\.(?=[a-z]+\s*\()", "", text)
    # "All n >= 2", "any x in (0, 1)": the quantifier before a condition on one unknown.
    text = re.sub(r"^\s*(?:all|any|every|for\s+all)\s+(?=[A-Za-z](?:_\w+)?\s*(?:[<>]=?|!=|\bin\b))", "", text,
                  flags=re.IGNORECASE)
    return re.sub(r"\b(OR|Or)\b", "or", re.sub(r"\b(AND|And)\b", "and", text))


def _readable(words: str) -> bool:
    try:
        tokenize(words)
    except MathInputError:
        return False
    return True


def labels(text: str) -> str:
    """Words that name a value are not part of it: ``4 (minimum), 9 (maximum)`` and
    ``Minimum: 1, Maximum: 3`` state the values 4, 9 and 1, 3, and so does a list of counts
    ``236 adults, 342 children``. Words the tokenizer reads as math (``3 (ab)``, ``lambda: 1``,
    ``2x, 3y``) and a modulus (``(mod 7)``) are left alone."""
    text = re.sub(r"(?<=[\d)\]}])\s*\((?!\s*mod\s)([A-Za-z\s]+)\)",
                  lambda m: m.group() if _readable(m.group(1)) else "", text)
    counted = r"\s*[-+]?\d[\d.]*\s*([A-Za-z]+(?:\s+[A-Za-z]+)*)\s*"
    if re.fullmatch(rf"{counted}(?:,{counted})+", text):
        items = [re.fullmatch(counted, item) for item in text.split(",")]
        words = [w for item in items for w in item.group(1).split()]
        # Words of three letters or more that name no function or Greek letter: "child" is not chi*l*d.
        if all(len(w) >= 3 and w not in FUNCTIONS | GREEK for w in words):
            text = ", ".join(item.group()[: item.start(1)].strip() for item in items)
    return re.sub(r"(?:^|(?<=,))\s*([A-Za-z][A-Za-z ]*)\s*:\s*(?=[-+\d(])",
                  lambda m: m.group() if _readable(m.group(1)) else " ", text)


def mixed_numbers(text: str) -> str:
    """``2 1/2`` (a whole number, a space, a proper fraction) becomes ``(2+1/2)``."""

    def repl(m: re.Match[str]) -> str:
        whole, num, den = m.groups()
        if int(num) >= int(den):
            return m.group()
        return f"({whole}+{num}/{den})"

    return re.sub(r"(?<![\w.)^*/])(\d+)\s+(\d+)/(\d+)(?![\w.(^])", repl, text)


def number_bases(text: str) -> str:
    """``41121_3`` and ``1161_{10}``: a numeral with a base subscript becomes its decimal value; with a
    letter for the base (``1011_b``) it is the polynomial in that base, 1*b^3 + 0*b^2 + 1*b + 1."""

    def lettered(m: re.Match[str]) -> str:
        digits, base = m.group(1), m.group(2)
        terms = [f"{d}*{base}^{k}" for k, d in enumerate(reversed(digits)) if d != "0"]
        return "(" + ("+".join(reversed(terms)) or "0") + ")"

    def repl(m: re.Match[str]) -> str:
        digits, base = m.group(1), int(m.group(2))
        if not 2 <= base <= 36:
            raise MathInputError(f"could not read the number {digits} in base {base}: bases go from 2 to 36")
        try:
            return str(int(digits, base))
        except ValueError:
            raise NotANumeral(f"{digits} is not a number in base {base}: its digits must be below {base}") from None

    text = re.sub(r"(?<![\w.])(\d+)_\(?([a-z])\)?(?![\w(])", lettered, text)
    return re.sub(r"(?<![\w.])(\d[0-9A-Z]*)_\(?(\d{1,2})\)?(?![\w(])", repl, text)


CHAIN = (math_delimiters, escaped_currency, leibniz, fold_width, numbered_names, replace_scripts, replace_symbols,
         replace_chinese, base_ten, choose, empty_groups,
         thousands, latex_to_plain, conclusion,
         number_words, replace_words, labels, spaced_thousands, clock_and_ratio, mixed_numbers, number_bases,
         union_letter, set_builder)


def normalize(text: str) -> str:
    """Run the whole chain on an answer, after the size limits."""
    check_size(text)
    for step in CHAIN:
        text = step(text)
    return " ".join(text.split())
