"""Checking one line of working against what is known: the problem's givens and the lines before it.

A line is only called wrong when SymPy shows a contradiction: an arithmetic
identity in it is false, or it fails for every solution of what is known.
Lines that list roots, state a new fact or compute a side quantity are
consistent when they hold for a known solution, and otherwise not checked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import numeric
from tutor_app.mathcheck.answers import read_answer
from tutor_app.mathcheck.equivalence import same_expr
from tutor_app.mathcheck.normalize import numbered_names

MAX_SYSTEM_EQUATIONS = 6
MAX_SYSTEM_SYMBOLS = 3
MAX_DEGREE = 4
MAX_SOLUTIONS = 6
RECENT_LINES = 8

# Notation the reader would misread as plain arithmetic: elided terms, repeating
# decimals, congruences, products, angle and segment marks, subscripts
# with a sign in them (a_{n-1} is one name, not a_n - 1).
_UNREADABLE = re.compile(
    r"\\(?:[clv]?dots|cdots|ldots|overline|bar|hat|tilde|pmod|bmod|mod|equiv|prod|int|"
    r"lim|angle|triangle|perp|parallel|cong|sim|propto|vec|text\{\s*[a-zA-Z]{4,})"
    r"|\.\.\.|…|\bmod\b|[∑∏∫∠△]|_\{[^{}]*[-+*/][^{}]*\}|(?<![\^{])\\circ|[A-Za-z]'|\|\|"
    r"|[a-z]\s*\^\s*\{?\s*-\s*1\s*\}?\s*(?:\(|\\left)"
)
# Binomials, sums, floors and logarithms to a base are read only where they come to a number
# (\binom{5}{2}, \sum_{k=1}^{10} k, \log_2 8): with letters in them, what a rewrite claims is
# beyond a check that can be trusted.
_NUMERIC_ONLY = re.compile(r"\\(?:[dt]?binom|choose|sum|lfloor|rfloor|lceil|rceil)(?![A-Za-z])|\\log\s*_")
# ``d(6)``, ``f(2)``: a letter right before a bracket reads as function notation, never as a product.
_FUNCTION_CALL = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\(")
# "i^2" or "\\sqrt{-1}" in the working or the givens: i is the imaginary unit there, not a counter.
_IMAGINARY = re.compile(r"(?<![A-Za-z\\_])i\s*\^\s*\{?\s*2(?![\d.])|\\sqrt\s*\{\s*-\s*1\s*\}")
# ``i(2 - i)``: the imaginary unit times a bracket, where i is one.
_TIMES_I = re.compile(r"(?<![A-Za-z\\_])i\s*(?=\(|\\left\()")
_DEFINITION = re.compile(r"^\s*([A-Za-z])\s*\(\s*([a-z])\s*\)\s*$")
_SPLIT = re.compile(r"(<=|>=|!=|\\neq?\b|\\leq?\b|\\geq?\b|\\approx\b|≈|≤|≥|≠|=|<|>|\\lt\b|\\gt\b)")
_RELATION_NAMES = {"\\ne": "!=", "\\neq": "!=", "≠": "!=", "\\le": "<=", "\\leq": "<=", "≤": "<=",
                   "\\ge": ">=", "\\geq": ">=", "≥": ">=", "\\approx": "≈", "\\lt": "<", "\\gt": ">"}
_ORDER = {"<": sympy.Lt, ">": sympy.Gt, "<=": sympy.Le, ">=": sympy.Ge}
_LETTERS = {"e", "i", "j"}
_LETTER_E = re.compile(r"(?<![A-Za-z\\])e(?![A-Za-z^]|\s*\^)(?<!ln e)(?<!log e)")
_KNOWN_WORDS = re.compile(r"\\[A-Za-z]+|\b(?:sin|cos|tan|cot|sec|csc|ln|lg|log|exp|sqrt|pi)\b|e(?=\s*\^)|(?<=ln )e\b")
_DIVIDED = re.compile(r"\\div|÷")
_FRACTION_AFTER_DIVIDE = re.compile(r"((?:\\div|÷)\s*)(\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?)(?![\d.^])")
_SIZING = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])")
_TRIG = re.compile(r"sin|cos|tan|cot|sec|csc")
_TRIG_FUNCTIONS = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)
_DEGREES = re.compile(r"\^\s*\{?\s*\\circ\s*\}?|°")
# ``\sin 2^4^\circ`` is the sine of 16 degrees: the reader would put the degree mark on the exponent.
_POWER_DEGREES = re.compile(r"(\d+\s*\^\s*(?:\{\s*\d+\s*\}|\d))\s*\^\s*(?:\{\s*\\circ\s*\}|\\circ)")
# ``\sin (90 - 30)^\circ``, ``\sin 2^{k}^\circ``: a degree mark on a bracket or on any other power, which
# the reader would apply after the function or to the exponent.
_DEGREES_AFTER = re.compile(r"(?:\^\s*(?:\{[^{}]*\}|\w)|\))\s*\^\s*\{?\s*\\circ")
_DECIMAL = re.compile(r"\d*\.\d+")
_OF = re.compile(r"(\d\s*(?:\\?%|\\%)?|\})\s*(?:\\text\{\s*of\s*\}|\bof\b)\s*", re.IGNORECASE)
# "70 \text{ inches}", "2 \text{ pounds/book}": words naming what a number counts.
_LABEL = re.compile(r"(?<=[\d.})])\s*\\(?:text|mathrm|mbox)\{\s*([A-Za-z][A-Za-z /.-]*?)\s*\}")
# "13 cm²", "50 km/h", "9.8 m/s^2" typed without formula marks: units of two letters or more, or a rate.
# One letter alone ("2 m", "3 h") is left as an unknown: it may be a slope or a height.
_UNITS = r"(?:cm|mm|km|kg|mg|min|hr|kJ|kW|kPa|Hz|mL|ml|mol)"
_POWER = r"(?:²|³|\^\{?[23]\}?)?"
_PLAIN_UNIT = re.compile(
    rf"(?<=\d)\s*({_UNITS}{_POWER}(?:\s*/\s*(?:{_UNITS}|[mshgL]){_POWER})?|[mgL]\s*/\s*(?:{_UNITS}|[shL]){_POWER})"
    r"(?![A-Za-z(])")
# The money sign and the unit a side's number is written with, to write a corrected number the same way.
_MONEY_SIGN = re.compile(r"\\?\$|[€£¥]")
_UNIT_AT_END = re.compile(rf"(?:{_LABEL.pattern}|{_PLAIN_UNIT.pattern})\s*$")
# Words that are not labels: connectives, and multipliers that change the value ("3 dozen").
_NOT_LABELS = frozenset(
    "of and or so thus hence then if when where is are was were for to from with by times plus minus divided over "
    "hundred hundreds thousand thousands million millions billion billions dozen dozens score percent half third "
    "quarter".split())
# A claim about a whole number, as the working's reader writes it: "209 \text{ is prime}".
_NUMBER_CLAIM = re.compile(r"(\d+) \\text\{ is (not )?(?:prime\}|divisible by \} (\d+))")
_ADDITIVE = re.compile(r"(?<![eE(^{])[+-]")
# "456,976,000" and "52{,}500": commas that group thousands in one number ("(1,234)" is a point).
_THOUSANDS = re.compile(r"(?<![\d({\[]\s)(?<![\d({\[])(\d{1,3})((?:(?:\{,\}|,)\d{3})+)(?![\d,])")


@dataclass(frozen=True)
class Part:
    """One side of a relation chain: the text as written and its value (None when unreadable)."""

    text: str
    value: sympy.Expr | None
    decimals: int
    # Written with letters ("(1^2 - 1)x + b"), so a claim about unknowns even where they cancel.
    lettered: bool = False
    # The words that label its numbers ("inches" in "70 \text{ inches}").
    labels: frozenset[str] = frozenset()
    # "3/4 ÷ 1/2" as a student means it, (3/4) ÷ (1/2), when that differs from reading left to right.
    grouped: sympy.Expr | None = None


@dataclass(frozen=True)
class Line:
    """A line of working read as a chain ``a = b = c`` (or with <, >, ≈), plus the values it lists."""

    text: str
    parts: tuple[Part, ...]
    ops: tuple[str, ...]
    alternatives: tuple[sympy.Expr, ...] = ()
    var: sympy.Symbol | None = None
    # Read with i as the imaginary unit, so complex values are compared.
    imaginary: bool = False

    def equations(self) -> list[sympy.Expr]:
        """What the line claims about the unknowns, as ``left - right``: its two ends.

        The middle links of ``A = B(k) = B(0) = 1`` may substitute values for a moment, so
        only the ends are a claim.
        """
        if not self.parts or "=" not in self.ops or set(self.ops) - {"="}:
            return []
        # "= 4x = 20" after a word ("perimeter = 4x = 20"): the word named the quantity, the math starts after it.
        named = not self.parts[0].text and len(self.parts) > 2
        left, right = self.parts[1 if named else 0], self.parts[-1]
        if left.value is None or right.value is None:
            return []
        diff = left.value - right.value
        return [diff] if diff.free_symbols else []

    @property
    def assigned(self) -> sympy.Symbol | None:
        """The unknown this line gives a value to (``x = 3`` or ``x = 1 or x = 3``), if that is all it does."""
        if self.var is not None:
            return self.var
        if self.parts and set(self.ops) == {"="}:
            # "x = 3" or "x = (-2 + 6)/2 = 2": a root given one line at a time.
            left, right = self.parts[0], self.parts[-1]
            if isinstance(left.value, sympy.Symbol) and right.value is not None and not right.value.free_symbols:
                return left.value
        return None


def _unlabel(text: str) -> tuple[str, frozenset[str]]:
    """A side without the words that label its numbers, and those words (plurals as one).

    A sum of differently labelled numbers ("2 km + 300 m") keeps its words, so it is not read.
    """
    words = [m.group(1).lower() for m in _LABEL.finditer(text)]
    if any(w.split()[0] in _NOT_LABELS for w in words):
        return text, frozenset()
    units = {re.sub(r"[\s{}]", "", m.group(1)).replace("²", "^2").replace("³", "^3")
             for m in _PLAIN_UNIT.finditer(text)}
    labels = frozenset(w.removesuffix("s") for w in words) | units
    bare = _PLAIN_UNIT.sub(" ", _LABEL.sub(" ", text))
    if len(labels) > 1 and _ADDITIVE.search(bare):
        return text, frozenset()
    return bare, labels


def _labelled(value: str, side: Part) -> str:
    """``value`` written as ``side`` writes its number: with its money sign in front and its unit after."""
    sign = _MONEY_SIGN.match(side.text)
    unit = _UNIT_AT_END.search(side.text) if side.labels else None
    return f"{sign.group() if sign else ''}{value}{unit.group() if unit else ''}"


def _ungroup(text: str) -> str:
    """A side with the commas that group thousands taken out (``52,500`` is 52500)."""
    return _THOUSANDS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)


def _decimals(text: str) -> int:
    return max((len(m.group()) - m.group().index(".") - 1 for m in _DECIMAL.finditer(text)), default=0)


def _lettered(text: str, functions: dict, imaginary: bool = False) -> bool:
    """Whether a side is written with unknowns (defined functions, e^, ln e and the imaginary unit do not count)."""
    plain = _KNOWN_WORDS.sub(" ", _OF.sub(r"\1*", text))
    return bool(set(re.findall(r"[A-Za-z]", plain)) - set(functions) - ({"i"} if imaginary else set()))


def _read_expr(text: str, functions: dict[str, tuple[sympy.Symbol, sympy.Expr]],
               imaginary: bool = False) -> sympy.Expr | None:
    """An expression with defined functions applied, or None when it cannot be read safely."""
    text = _ungroup(_SIZING.sub("", text))
    if not text.strip() or _UNREADABLE.search(text):
        return None
    numeric_only = _NUMERIC_ONLY.search(text) is not None
    if not _TRIG.search(text):
        # Angles written in degrees on both sides of "60° + 2d = 220°" are plain numbers.
        text = _DEGREES.sub("", text)
    else:
        text = _POWER_DEGREES.sub(r"(\1 \\cdot \\frac{\\pi}{180})", text)
        if _DEGREES_AFTER.search(text):
            return None
    if text.strip() in _LETTERS:
        # "i = 3", "e = 5": alone on one side, these are counters and lengths, not constants.
        return sympy.Symbol(text.strip(), real=True)
    # "9 + e" is a fifth unknown after a, b, c, d; Euler's number comes with a power or a log.
    text = _LETTER_E.sub(" E_0 ", text)
    text = _OF.sub(r"\1*", text)
    if imaginary and "i" not in functions:
        text = _TIMES_I.sub("i*", text)
    placeholders: dict[sympy.Symbol, tuple[str, str]] = {}
    while (m := _FUNCTION_CALL.search(text)) is not None:
        name = m.group(1)
        if name not in functions:
            return None
        end = _closing(text, m.end() - 1)
        if end is None:
            return None
        key = f"Z_{len(placeholders) + 1}"
        placeholders[sympy.Symbol(key, real=True)] = (name, text[m.end():end])
        text = text[: m.start()] + f" {key} " + text[end + 1:]
    try:
        answer = read_answer(text)
    except (MathInputError, RecursionError, ValueError, TypeError, AttributeError):
        return None
    if answer.kind != "expr" or answer.notes.plus_minus:
        return None
    value = answer.value.subs(sympy.Symbol("E_0", real=True), sympy.Symbol("e", real=True))
    for placeholder, (name, arg_text) in placeholders.items():
        arg = _read_expr(arg_text, functions, imaginary)
        if arg is None:
            return None
        var, body = functions[name]
        value = value.subs(placeholder, body.subs(var, arg))
    if numeric_only and value.free_symbols:
        return None
    return value


def _closing(text: str, start: int) -> int | None:
    depth = 0
    for k in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return k
    return None


def _alternatives(text: str) -> tuple[sympy.Symbol, tuple[sympy.Expr, ...]] | None:
    """``x = 1 or x = 3`` / ``x = 2 ± 1``: the unknown and the values the line lists."""
    if _UNREADABLE.search(text):
        return None
    try:
        answer = read_answer(text)
    except (MathInputError, RecursionError, ValueError, TypeError, AttributeError):
        return None
    if answer.kind == "values" and answer.notes.names == {answer.var} and all(not v.free_symbols for v in answer.value):
        return sympy.Symbol(answer.var, real=True), tuple(answer.value)
    return None


def _unbox(text: str) -> str:
    """``\\boxed{x = 5}`` is the line ``x = 5``."""
    while (start := text.find("\\boxed{")) >= 0:
        depth = 0
        for k in range(start + 6, len(text)):
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            if depth == 0:
                text = text[:start] + text[start + 7:k] + text[k + 1:]
                break
        else:
            return text
    return text


@functools.lru_cache(maxsize=2048)
def read_line(text: str, functions: tuple = (), imaginary: bool = False) -> Line | None:
    """A line of working as a relation chain, or None when it states no relation.

    With ``imaginary``, i is the imaginary unit (``i(2 - i)`` is a product) and complex values are compared.
    """
    defined = {name: (var, body) for name, var, body in functions}
    text = _unbox(text)
    plain_list = not re.search(r"[<>≤≥]|\\[lg]e", text) and not _FUNCTION_CALL.search(_SIZING.sub("", text))
    listed = _alternatives(text) if plain_list else None
    if listed is not None:
        return Line(text, (), (), listed[1], listed[0])
    pieces = _relations(numbered_names(text))
    if len(pieces) < 3:
        return None
    sides, ops = pieces[::2], [_RELATION_NAMES.get(op, op) for op in pieces[1::2]]
    parts = []
    for side in sides:
        bare, labels = _unlabel(side)
        value = _read_expr(bare, defined, imaginary)
        # The letters of a sum that comes to a number (\sum_{k=1}^{10} k) are its counters, not unknowns.
        bound = value is not None and not value.free_symbols and _NUMERIC_ONLY.search(bare) is not None
        lettered = _lettered(bare, defined, imaginary) and not bound
        regrouped = _FRACTION_AFTER_DIVIDE.sub(r"\1(\2)", bare)
        grouped = _read_expr(regrouped, defined, imaginary) if regrouped != bare else None
        parts.append(Part(side.strip(), value, _decimals(side), lettered, labels, grouped))
    return Line(text, tuple(parts), tuple(ops), imaginary=imaginary)


def _relations(text: str) -> list[str]:
    """A chain split into sides and relations, as ``re.split`` would, but not inside braces (``\\sum_{k=1}``)."""
    pieces, start = [], 0
    for m in _SPLIT.finditer(text):
        if text.count("{", 0, m.start()) == text.count("}", 0, m.start()):
            pieces.extend([text[start:m.start()], m.group()])
            start = m.end()
    return [*pieces, text[start:]]


def definition(text: str, functions: tuple = ()) -> tuple[str, sympy.Symbol, sympy.Expr] | None:
    """``f(x) = x^2 - 4x + 1``: the function's name, its variable and its body."""
    left, sep, right = text.partition("=")
    m = _DEFINITION.match(left)
    if not sep or not m or "=" in right:
        return None
    var = sympy.Symbol(m.group(2), real=True)
    body = _read_expr(right, {name: (v, b) for name, v, b in functions})
    if body is None or not body.has(var):
        return None
    return m.group(1), var, body


def _close(a: sympy.Expr, b: sympy.Expr, decimals: int, approximate: bool, imaginary: bool = False) -> bool | None:
    """Whether two numbers are equal, allowing the rounding their decimals show (complex only with ``imaginary``)."""
    va, vb = numeric.value(a, {}), numeric.value(b, {})
    if va is None or vb is None:
        return None
    if not imaginary and (abs(va.imag) > 1e-12 or abs(vb.imag) > 1e-12):
        return None
    gap = abs(va - vb)
    size = max(abs(va), abs(vb))
    if decimals or approximate:
        # "1/3 = 0.33", "π ≈ 3.14", "2.5 × 10^6": rounded or truncated values.
        allowed = max(10.0 ** -decimals if decimals else 0.0, 0.01 * size, 1e-9)
        return gap <= allowed * 1.000001
    return gap <= 1e-9 * max(size, 1e-12)


def _show(value: sympy.Expr) -> str:
    """A value as a student would write it: exact when short (``3/4``, ``sqrt(11)``), else a decimal."""
    if value.has(sympy.I):
        value = sympy.expand(value)
        if value.has(sympy.I):
            # "5 + 10i", as the working writes a complex number.
            return re.sub(r"\*?\bI\b", "i", sympy.sstr(value))
    exact = sympy.sstr(value)
    short = len(exact) <= 12 and not value.has(sympy.Float) and not value.atoms(sympy.Function)
    if value.is_Rational or not value.is_real or short:
        return exact
    return f"{float(value):.6g}"


def _about(value: sympy.Expr) -> str:
    return "about " if "." in _show(value) and not value.is_Float else ""


def _readings(left: Part, right: Part) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """Both sides as read, and as a school text may mean them: ``3/4 ÷ 1/2`` as (3/4) ÷ (1/2), ``log 100``
    to base 10, ``cos 60`` in degrees.

    The last reading is the likeliest meaning, used to say what a false line should have been: fractions
    after ÷ grouped, logs to base 10, and angles in degrees when each is larger than a turn in radians
    (``cos 60``, not ``sin 1``).
    """
    sides = [(left.value, right.value)]
    if left.grouped is not None or right.grouped is not None:
        sides.append((left.value if left.grouped is None else left.grouped,
                      right.value if right.grouped is None else right.grouped))
    readings = []
    for values in sides:
        both = sympy.Tuple(*values)
        tens = {f: sympy.log(f.args[0]) / sympy.log(10) for f in both.atoms(sympy.log)}
        angles = [f for f in both.atoms(*_TRIG_FUNCTIONS) if f.args[0].is_number and not f.args[0].has(sympy.pi)]
        degrees = {f: f.func(f.args[0] * sympy.pi / 180) for f in angles}
        variants = [both]
        for mapping in (tens, degrees):
            if mapping:
                variants += [variant.xreplace(mapping) for variant in variants]
        if degrees and not all(abs(f.args[0]) > 2 * sympy.pi for f in angles):
            variants.append(variants.pop(1 if tens else 0))
        readings += variants
    return [(reading[0], reading[1]) for reading in readings]


def _arithmetic(line: Line) -> tuple[bool, str, str] | None:
    """The first false number identity in a line (``2·3 = 7``), or all true, or None when none is numeric."""
    checked = False
    units = frozenset().union(*(p.labels for p in line.parts))
    for k, (left, op, right) in enumerate(zip(line.parts, line.ops, line.parts[1:])):
        if left.value is None or right.value is None or left.value.free_symbols or right.value.free_symbols:
            continue
        if left.lettered or right.lettered or (op == "=" and _is_number(left.text) and _is_number(right.text)):
            # "0 = -44" states a contradiction that was reached; it computes nothing.
            continue
        if left.labels != right.labels and (right.labels and (left.labels or len(units) > 1) or _is_number(left.text)):
            # "2 \text{ hours} = 2 \times 60 = 120 \text{ minutes}": a change of unit, not a computation.
            continue
        if op in ("=", "≈") and {line.ops[k - 1] if k else "",
                                  line.ops[k + 1] if k + 1 < len(line.ops) else ""} <= set(_ORDER):
            # "1/3 < k < 2/3 ≈ 0.33 < k < 0.67": a range restated in decimals, not 2/3 ≈ 0.33.
            continue
        if (_DIVIDED.search(left.text) and right.value.is_Integer and not left.value.is_Integer
                and sympy.floor(left.value) == right.value):
            # "49 ÷ 9 = 5" with a remainder: a whole-number quotient.
            continue
        if op in ("=", "≈"):
            decimals = max(left.decimals, right.decimals)
            verdicts = []
            for lvalue, rvalue in _readings(left, right):
                same = _close(lvalue, rvalue, decimals, op == "≈", line.imaginary)
                if same is False and ("%" in left.text) != ("%" in right.text):
                    # "0.2 × 100 = 20%": the percent sign names the unit, not a division by 100.
                    scale = 100 if "%" in right.text else sympy.Rational(1, 100)
                    same = _close(lvalue, rvalue * scale, decimals, op == "≈", line.imaginary)
                verdicts.append(same)
            if True not in verdicts and None in verdicts:
                continue
            checked = True
            if True not in verdicts:
                if _is_number(left.text) and not _is_number(right.text):
                    return False, f"{right.text} is {_about(rvalue)}{_show(rvalue)}, not {left.text}.", ""
                correct = _show(lvalue)
                fixed = " = ".join([*(p.text for p in line.parts[: k + 1]), _labelled(correct, right)])
                return False, f"{left.text} is {_about(lvalue)}{correct}, not {right.text}.", fixed
        elif op in ("<", ">", "<=", ">=", "!="):
            relation = {**_ORDER, "!=": sympy.Ne}[op]
            truth = relation(left.value, right.value)
            if truth not in (sympy.true, sympy.false):
                continue
            checked = True
            if truth is sympy.false:
                return False, f"{left.text} {op} {right.text} is false.", ""
    return (True, "The arithmetic is right.", "") if checked else None


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", _ungroup(_unlabel(text)[0])) is not None


def _identity(line: Line) -> bool:
    """Whether every readable ``=`` link with unknowns is true for all values (a rewrite)."""
    links = [(a.value, b.value) for a, op, b in zip(line.parts, line.ops, line.parts[1:])
             if op == "=" and a.value is not None and b.value is not None
             and (a.value.free_symbols or b.value.free_symbols)]
    return bool(links) and all(same_expr(a, b) is True for a, b in links)


def _false_rewrite(line: Line) -> tuple[bool, str, str] | None:
    """A link after the first in ``A = B = C`` that rewrites B as C, in the same unknowns, and is not equal to it.

    The first link may state a fact about the unknowns (``x + y = 5xy = 5/2``); the links after it
    rewrite. Only fractions of polynomials with exact coefficients are compared: rounding, roots,
    powers with letters and functions (f may have been defined for another case) are left to other rules.
    """
    for left, op, right in list(zip(line.parts, line.ops, line.parts[1:]))[1:]:
        if op != "=" or left.value is None or right.value is None or _FUNCTION_CALL.search(left.text + right.text):
            continue
        symbols = left.value.free_symbols
        if not symbols or symbols != right.value.free_symbols or left.decimals or right.decimals:
            continue
        difference = left.value - right.value
        if not difference.is_rational_function(*symbols) or same_expr(left.value, right.value) is not False:
            continue
        gap = sympy.factor(sympy.together(difference))
        shown = f" by {sympy.sstr(gap)}" if len(sympy.sstr(gap)) <= 24 else ""
        return False, f"{left.text} = {right.text} is not a correct rewrite: the two sides differ{shown}.", ""
    return None


def _polynomial_enough(equation: sympy.Expr, symbols: list[sympy.Symbol]) -> bool:
    """Whether SymPy solves this quickly: a polynomial (after clearing fractions) of low degree."""
    try:
        numerator = sympy.together(equation).as_numer_denom()[0]
        poly = sympy.Poly(numerator, *symbols)
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, ValueError, TypeError):
        # One unknown under square roots (before squaring both sides) is still quick to solve.
        return len(symbols) == 1 and equation.is_algebraic_expr(symbols[0]) and equation.count(sympy.Pow) <= 4
    if not all(c.is_number for c in poly.coeffs()):
        return False
    return poly.total_degree() <= (MAX_DEGREE if len(symbols) == 1 else 2)


@functools.lru_cache(maxsize=1024)
def _solutions(equations: tuple[sympy.Expr, ...]) -> tuple[dict, ...] | None:
    """The real solutions of a small system, or None when it has none that pin every unknown."""
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=lambda s: s.name)
    if not symbols or len(symbols) > MAX_SYSTEM_SYMBOLS or len(equations) > MAX_SYSTEM_EQUATIONS:
        return None
    if len(equations) < len(symbols):
        return None
    if not all(_polynomial_enough(e, symbols) for e in equations):
        return None
    try:
        found = sympy.solve(list(equations), symbols, dict=True)
    except (NotImplementedError, ValueError, TypeError, AttributeError, sympy.PolynomialError):
        return None
    real = []
    for solution in found:
        if set(solution) != set(symbols) or any(v.free_symbols for v in solution.values()):
            return None
        values = {s: numeric.value(v, {}) for s, v in solution.items()}
        if any(v is None for v in values.values()):
            return None
        if all(abs(v.imag) < 1e-9 for v in values.values()):
            real.append(solution)
    if not real or len(real) > MAX_SOLUTIONS:
        return None
    return tuple(real)


@functools.lru_cache(maxsize=256)
def _complex_solutions(equation: sympy.Expr) -> tuple[dict, ...]:
    """The solutions of a polynomial equation in one unknown, complex ones too (ω^3 = 1 has three)."""
    (var,) = equation.free_symbols
    plain = sympy.Symbol(var.name)
    try:
        roots = sympy.Poly(sympy.together(equation.xreplace({var: plain})).as_numer_denom()[0], plain).all_roots()
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
        return ()
    return tuple({var: root} for root in roots[:MAX_SOLUTIONS])


def _holds(expr: sympy.Expr, solution: dict, decimals: int) -> bool | None:
    value = numeric.value(expr.subs(solution), {})
    if value is None:
        return None
    scale = max(1.0, *(abs(complex(numeric.value(v, {}) or 0)) for v in solution.values()))
    allowed = max(10.0 ** -decimals * scale if decimals else 0.0, 1e-9 * scale)
    return abs(value) <= allowed


def _satisfies(equation: sympy.Expr, var: sympy.Symbol, claim: sympy.Expr, decimals: int) -> bool | None:
    """Whether the value ``var = var - claim`` solves ``equation = 0``; a rounded value need only bracket a root.

    A whole number in a trigonometric equation may be in degrees (sin x = 1/2, x = 30), so both readings count.
    """
    value = sympy.expand(var - claim)
    if value.free_symbols:
        return None
    values = [value]
    if value.is_Rational and equation.atoms(sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc):
        values.append(value * sympy.pi / 180)
    verdicts = []
    for candidate in values:
        if decimals or candidate.has(sympy.Float):
            step = 10.0 ** -max(decimals, 1)
            low, high = (numeric.value(equation.subs(var, candidate + d), {}) for d in (-step, step))
            if low is None or high is None or abs(low.imag) > 1e-9 or abs(high.imag) > 1e-9:
                return None
            verdicts.append(low.real * high.real <= 0)
            continue
        residual = numeric.value(equation.subs(var, candidate), {})
        if residual is None:
            return None
        scale = max(1.0, abs(complex(numeric.value(candidate, {}) or 0)))
        verdicts.append(abs(residual) <= 1e-9 * scale)
    return any(verdicts)


def _describe(solution: dict) -> str:
    return ", ".join(f"{s.name} = {_show(v)}" for s, v in sorted(solution.items(), key=lambda i: i[0].name))


@dataclass(frozen=True)
class _Source:
    """A set of known equations that pins down some unknowns, and where it came from."""

    where: str
    solutions: tuple[dict, ...]
    # Under a root, in an absolute value or a denominator: squaring or clearing it adds roots.
    can_gain_roots: bool = False
    # An equation in one unknown that SymPy does not solve quickly (sin θ = √2/2): values are put into it.
    equation: sympy.Expr | None = None
    # Solved from one polynomial equation in one unknown: a line that holds for one of its complex
    # roots (1 + ω + ω^2 = 0 after ω^3 = 1) is not wrong.
    polynomial: sympy.Expr | None = None


def _can_gain_roots(equation: sympy.Expr) -> bool:
    radical = any(not p.exp.is_Integer and p.base.free_symbols for p in equation.atoms(sympy.Pow))
    return radical or equation.has(sympy.Abs) or bool(sympy.together(equation).as_numer_denom()[1].free_symbols)


def _sources(known: tuple[Line, ...], symbols: set[sympy.Symbol], skip: sympy.Symbol | None) -> list[_Source]:
    """Known lines, alone or together, whose solutions give every unknown in ``symbols`` a value."""
    sources: list[_Source] = []
    usable = [k for k in known if not (skip is not None and k.assigned == skip)]
    for line in reversed(usable):
        if line.alternatives:
            if {line.var} >= symbols:
                sources.append(_Source(line.text, tuple({line.var: v} for v in line.alternatives)))
            continue
        equations = tuple(line.equations())
        if equations and symbols <= set().union(*(e.free_symbols for e in equations)):
            solved = _solutions(equations)
            if solved:
                single = len(equations) == 1 and len(equations[0].free_symbols) == 1
                sources.append(_Source(line.text, solved, any(map(_can_gain_roots, equations)),
                                       polynomial=equations[0] if single else None))
            elif len(symbols) == 1 and equations[0].free_symbols == symbols and not _DEGREES.search(line.text):
                sources.append(_Source(line.text, (), _can_gain_roots(equations[0]), equations[0]))
    # Together: the equations linked to these unknowns, one value per assigned unknown.
    chosen: list[sympy.Expr] = []
    texts: list[str] = []
    reach = set(symbols)
    assigned: set[sympy.Symbol] = set()
    for line in reversed(usable):
        if line.alternatives or line.assigned in assigned:
            continue
        equations = [e for e in line.equations() if e.free_symbols & reach]
        if not equations:
            continue
        if line.assigned is not None:
            assigned.add(line.assigned)
        chosen.extend(equations)
        texts.append(line.text)
        reach |= set().union(*(e.free_symbols for e in equations))
        if len(chosen) >= MAX_SYSTEM_EQUATIONS:
            break
    if len(texts) > 1:
        solved = _solutions(tuple(chosen))
        if solved:
            sources.append(_Source("; ".join(reversed(texts)), tuple(
                {s: v for s, v in sol.items() if s in symbols} for sol in solved), any(map(_can_gain_roots, chosen))))
    return sources


def _against_known(line: Line, known: tuple[Line, ...]) -> tuple[bool | None, str, str]:
    """A line with unknowns: does it hold for some solution of what is known?"""
    if line.alternatives:
        claims = [(line.var - v, f"{line.var} = {_show(v)}") for v in line.alternatives]
        symbols = {line.var}
    else:
        equations = line.equations()
        if not equations:
            return None, "Not checked: a condition on the unknowns.", ""
        claims = [(e, line.text) for e in equations]
        symbols = set().union(*(e.free_symbols for e in equations))
    found = _sources(known, symbols, line.assigned)
    sources = found
    if line.assigned is None or _DEGREES.search(line.text):
        # Only a value given to the unknown can be put into an equation that was not solved.
        sources = [s for s in found if s.equation is None]
    if not sources:
        unsolved = [s for s in found if s.equation is not None and not _DEGREES.search(line.text + s.where)]
        return _through_atom(claims, unsolved, max((p.decimals for p in line.parts), default=0)) or (
            None, "Not checked: a new fact that nothing known decides.", "")
    decimals = max((p.decimals for p in line.parts), default=0)
    failed: list[tuple[str, _Source]] = []
    for claim, shown in claims:
        verdicts = [[_satisfies(source.equation, line.assigned, claim, decimals)] if source.equation is not None
                    else [_holds(claim, s, decimals) for s in source.solutions] for source in sources]
        held = any(True in v for v in verdicts) or any(
            _holds(claim, root, decimals) for s in sources if s.polynomial is not None and claim.free_symbols
            <= s.polynomial.free_symbols for root in _complex_solutions(s.polynomial))
        if not held and any(None in v for v in verdicts):
            return None, "Not checked: could not evaluate this line at the known values.", ""
        # Squaring or clearing a denominator adds roots: a root may hold for the new equation only.
        source = next((s for s, v in zip(sources, verdicts) if True not in v and (s.can_gain_roots or not held)),
                      None)
        if source is not None:
            failed.append((shown, source))
    if not failed:
        return True, "Holds for the known values.", ""
    shown, source = failed[0]
    if source.can_gain_roots and (len(failed) < len(claims) or len(sources) > 1):
        return True, (f"{shown} does not satisfy {source.where}: an extra root (perhaps from squaring). "
                      "Check each root in the original equation and reject it."), ""
    if source.equation is not None:
        return False, f"{shown} does not satisfy {source.where}.", ""
    values = " or ".join(_describe(s) for s in source.solutions)
    fixed = ""
    if line.assigned is not None:
        fixed = " or ".join(f"{line.assigned} = {_show(s[line.assigned])}" for s in source.solutions
                            if line.assigned in s)
    return False, f"{shown} does not hold for {values} (from {source.where}).", fixed


def _through_atom(claims: list[tuple[sympy.Expr, str]], sources: list[_Source],
                  decimals: int) -> tuple[bool, str, str] | None:
    """Claims about one unknown that, like an equation known about it, hold it only inside one function.

    ``\\sin^2 x + \\sin x - 1 = 0`` pins down ``\\sin x`` though not x: a claim written in ``\\sin x`` alone
    is checked against those values. None when no known equation is of that kind.
    """
    for source in sources:
        (var,) = source.equation.free_symbols
        for atom in source.equation.atoms(sympy.Function, sympy.Pow):
            if atom == var or var not in atom.free_symbols:
                continue
            value = sympy.Symbol(sympy.sstr(atom), real=True)
            equation = source.equation.xreplace({atom: value})
            written = [(claim.xreplace({atom: value}), shown) for claim, shown in claims]
            if equation.free_symbols != {value} or any(c.free_symbols != {value} for c, _ in written):
                continue
            solved = _solutions((equation,))
            if solved is None or _can_gain_roots(equation):
                continue
            if len(solved) == 1 and all(len(_solutions((c,)) or ()) == 1 for c, _ in written):
                # "sin x = 1", then "sin x = -1/2": roots listed one a line, not one root tested by another.
                continue
            verdicts = [[_holds(claim, solution, decimals) for solution in solved] for claim, _ in written]
            if any(None in v for v in verdicts):
                return None
            wrong = next((shown for (_, shown), v in zip(written, verdicts) if True not in v), None)
            if wrong is None:
                return True, "Holds for the known values.", ""
            values = " or ".join(_describe(solution) for solution in solved)
            return False, f"{wrong} does not hold for {values} (from {source.where}).", ""
    return None


@functools.lru_cache(maxsize=1024)
def _inequality_set(line: Line) -> tuple[sympy.Symbol, sympy.Set] | None:
    """The real values of the one unknown that satisfy an inequality chain (``-1 < 2x + 1 < 5``), or None."""
    if not line.ops or set(line.ops) - set(_ORDER) or any(p.value is None for p in line.parts):
        return None
    symbols = _symbols(line)
    if len(symbols) != 1:
        return None
    var = symbols.pop()
    found = sympy.S.Reals
    for left, op, right in zip(line.parts, line.ops, line.parts[1:]):
        difference = left.value - right.value
        if not _polynomial_enough(difference.replace(sympy.Abs, lambda inside: inside), [var]):
            return None
        try:
            solved = sympy.solveset(_ORDER[op](difference, 0), var, sympy.S.Reals)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if isinstance(solved, sympy.ConditionSet):
            return None
        found = found.intersect(solved)
    return var, found


def _symbols(line: Line) -> set[sympy.Symbol]:
    return set().union(*(p.value.free_symbols for p in line.parts if p.value is not None))


def _other_case(line: Line, known: Line) -> bool:
    """Whether a line states the same two sides as a known one with the opposite order (``<`` after ``>=``)."""
    if len(line.parts) != 2 or len(known.parts) != 2:
        return False
    up = {line.ops[0] in (">", ">="), known.ops[0] in (">", ">=")}
    return len(up) == 2 and all(sympy.expand(a.value - b.value) == 0 for a, b in zip(line.parts, known.parts))


def _describe_set(var: sympy.Symbol, values: sympy.Set) -> str:
    """``x < -3``, ``-1 ≤ x < 2`` or ``x < 0 or x > 4``: a set of real values as a student writes it."""
    if isinstance(values, sympy.Union):
        return " or ".join(_describe_set(var, part) for part in values.args)
    if isinstance(values, sympy.Interval):
        low = f"{_show(values.start)} {'<' if values.left_open else '≤'} "
        high = f" {'<' if values.right_open else '≤'} {_show(values.end)}"
        if values.end == sympy.oo:
            return f"{var} {'>' if values.left_open else '≥'} {_show(values.start)}"
        return f"{var}{high}" if values.start == -sympy.oo else f"{low}{var}{high}"
    if isinstance(values, sympy.FiniteSet):
        return " or ".join(f"{var} = {_show(v)}" for v in values)
    return f"no {var}" if values is sympy.S.EmptySet else sympy.sstr(values)


def _against_inequalities(line: Line, known: tuple[Line, ...],
                          previous: Line | None) -> tuple[bool | None, str, str]:
    """An inequality in one unknown against the known ones in it: wrong only when no value satisfies both.

    It holds when every value of the latest known inequality satisfies it. It is wrong only when it
    rewrites the line just before (an inequality in the same unknown) and shares no value with it nor
    with the first known one: a case of ``|x| > 4`` (``x < -4`` after ``x > 4``) keeps values of the
    first, a case opened afresh has no line before it, and a line after a wrong one goes on from it.
    The other case of a known line (the same sides, the opposite order) is not a claim.
    """
    claim = _inequality_set(line)
    if claim is None:
        return None, "", ""
    var, claimed = claim
    relations = [k for k in known if set(k.ops) & set(_ORDER)
                 and (var in _symbols(k) or any(p.value is None for p in k.parts))]
    sources = [(k, found[1]) for k in relations if (found := _inequality_set(k)) is not None and found[0] == var]
    if not sources or len(sources) < len(relations):
        # An inequality in this unknown that cannot be solved may be the one the others are cases of.
        return None, "", ""
    (first, first_set), (last, last_set) = sources[0], sources[-1]
    if last_set is not sympy.S.EmptySet and last_set.is_subset(claimed):
        return True, "Holds for the known values.", ""
    if any(_other_case(line, k) for k, _ in sources):
        # "x - 5 > 0", then "x - 5 < 0": the second case, which may be rejected, not a claim.
        return None, "", ""
    if (last == previous and claimed.intersect(last_set) is sympy.S.EmptySet
            and claimed.intersect(first_set) is sympy.S.EmptySet):
        shown = _describe_set(var, last_set)
        return False, f"{line.text} does not hold for {shown} (from {last.text}).", shown
    return None, "", ""


def _number_claim(number: int, negated: bool, divisor: int | None) -> tuple[bool, str, str]:
    """Whether "n is (not) prime" or "n is (not) divisible by d" is true, and the fact that shows it."""
    if divisor is None:
        if sympy.isprime(number):
            return not negated, f"{number} is prime: it has no divisor but 1 and itself.", ""
        if number < 2:
            return negated, f"{number} is not prime: {number} < 2.", ""
        smallest = min(sympy.factorint(number))
        return negated, f"{number} is not prime: {number} = {smallest} \\cdot {number // smallest}.", ""
    quotient, remainder = divmod(number, divisor)
    if remainder:
        fact = f"{number} = {quotient} \\cdot {divisor} + {remainder}"
        return negated, f"{number} is not divisible by {divisor}: {fact}.", ""
    return not negated, f"{number} is divisible by {divisor}: {number} = {quotient} \\cdot {divisor}.", ""


def _is_bound(line: Line) -> bool:
    """A condition that bounds an unknown itself (``x > 0``, ``0 < x < \\pi``), not an inequality to solve
    (``2x + 3 > 7``, whose working may solve ``2x + 3 = 7`` for its end point)."""
    if _inequality_set(line) is None:
        return False
    return all(not part.value.free_symbols or isinstance(part.value, sympy.Symbol) for part in line.parts)


def _outside_conditions(line: Line, conditions: list[Line]) -> tuple[None, str, str] | None:
    """A value given to an unknown (``x = -3``) that a condition of the problem (``x > 0``) rules out.

    Not wrong: working gives each root of a formula a line before it rejects one (``x = -8``, then
    "since x > 0, x = 8/3"). Not "holds" either: it is not checked, with the reason it cannot be the
    answer. Only the problem's own conditions: working tries cases of its own (``x < 0``, then
    ``x > 0``). A root list (``x = 3 or x = -3``) is not a claim that each root is the answer.
    """
    var = line.assigned
    if var is None or line.alternatives:
        return None
    value = line.parts[-1].value
    if value is None or not value.is_real:
        return None
    for condition in conditions:
        found = _inequality_set(condition)
        if found is not None and found[0] == var and found[1].contains(value) is sympy.false:
            return None, (f"Not checked: {line.text} does not satisfy {condition.text}, so it cannot be the answer "
                          "(reject it if it is a root found on the way)."), ""
    return None


def judge_step(givens: tuple[str, ...], before: tuple[str, ...], text: str,
               first: bool = False) -> tuple[bool | None, str, str]:
    """Whether a line of working is consistent, wrong or not checked, why, and the corrected line (worker side).

    Function definitions are collected from every line; the facts a line is judged against are the
    givens and only the most recent lines, because working reuses letters for new things. ``first``:
    the line opens the working, so it rewrites the last given (not a case opened afresh).
    """
    functions: tuple = ()
    known: list[Line] = []
    conditions: list[Line] = []
    imaginary = any(_IMAGINARY.search(item) for item in (*givens, *before, text))
    for position, item in enumerate((*givens, *before)):
        defined = definition(item, functions)
        if defined is not None:
            functions = tuple(f for f in functions if f[0] != defined[0]) + (defined,)
            continue
        recent = position < len(givens) or position >= len(givens) + len(before) - RECENT_LINES
        line = read_line(item, functions, imaginary) if recent else None
        if line is not None:
            known.append(line)
            if position < len(givens) and _is_bound(line):
                conditions.append(line)
    claim = _NUMBER_CLAIM.fullmatch(text)
    if claim is not None and claim.group(3) != "0":
        return _number_claim(int(claim.group(1)), bool(claim.group(2)), claim.group(3) and int(claim.group(3)))
    if definition(text, functions) is not None:
        return None, "Not checked: a definition.", ""
    line = read_line(text, functions, imaginary)
    if line is None:
        return None, "Not checked: no relation to check.", ""
    arithmetic = _arithmetic(line) if not line.alternatives else None
    if arithmetic is not None and arithmetic[0] is False:
        return arithmetic
    rewrite = _false_rewrite(line) if not line.alternatives else None
    if rewrite is not None:
        return rewrite
    if not line.alternatives and _identity(line):
        return True, "A true identity (a correct rewrite).", ""
    outside = _outside_conditions(line, conditions)
    if outside is not None:
        return outside
    last = before[-1] if before else givens[-1] if first and givens else None
    previous = read_line(last, functions, imaginary) if last is not None else None
    inequality = _against_inequalities(line, tuple(known), previous) if not line.alternatives else (None, "", "")
    if inequality[0] is not None:
        return inequality
    has_unknowns = line.alternatives or any(p.value is not None and p.value.free_symbols for p in line.parts)
    if has_unknowns:
        verdict = _against_known(line, tuple(known))
        if verdict[0] is not None or arithmetic is None:
            return verdict
    if arithmetic is not None:
        return arithmetic
    return None, "Not checked: could not read this line.", ""

