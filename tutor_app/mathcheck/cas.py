"""An independent solver for the problems SymPy can do on its own.

The problem text goes through the same allow-list reader as answers; only the
instruction words around the math ("Solve", "化简", ``\\frac{d}{dx}``) are
recognised here, and the set phrases ``wording`` reads ("the remainder when ...
is divided by ..."). Returns None when the problem is not one SymPy can handle.
"""

from __future__ import annotations

import math
import re

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.answers import Answer, read_answer
from tutor_app.mathcheck.build import symbol
from tutor_app.mathcheck.checker import check
from tutor_app.mathcheck.question import asks_for_lowest_terms
from tutor_app.mathcheck.tokens import CONSTANTS, FUNCTIONS, GREEK, WORDS_NOT_VARIABLES
from tutor_app.mathcheck.verdict import CasResult, Options, Verdict, undecided
from tutor_app.mathcheck.wording import Asked, answer_form, asked
from tutor_app.mathtext import MATH_SPAN, math_body

_TASK_WORDS = [
    ("factor", r"factori[sz]e|factor|因式分解|分解因式"),
    ("expand", r"expand|展开"),
    ("simplify", r"simplify|化简|简化"),
    ("derivative", r"differentiate|(?:find\s+)?(?:the\s+)?derivative(?:\s+of)?|求导数?|导数"),
    ("integral", r"integrate|(?:find\s+)?(?:the\s+)?integral\s+of|求积分|积分"),
    ("solve", r"solve|解方程组?|解不等式|求解|解"),
    ("minimum", r"(?:find\s+)?(?:the\s+)?(?:minimum|smallest|least)\s+value\s+of|(?:find\s+)?(?:the\s+)?minimum\s+of|最小值"),
    ("maximum", r"(?:find\s+)?(?:the\s+)?(?:maximum|largest|greatest)\s+value\s+of|(?:find\s+)?(?:the\s+)?maximum\s+of|最大值"),
    ("evaluate", r"evaluate|compute|calculate|find|what\s+is|计算|求值|求"),
]
_FILLER = re.compile(r"^\s*(?:the\s+(?:value\s+of|expression)\s*|:|：|\s)+", re.IGNORECASE)
_LEADING_FOR = re.compile(r"^\s*for\s+[a-z]\s*[:：,]\s*", re.IGNORECASE)
_MATH_NAMES = FUNCTIONS | CONSTANTS | GREEK | {"and", "lim"}
_FOR_VAR = re.compile(r"\s*(?:,\s*)?\bfor\s+([a-z])\s*$", re.IGNORECASE)
_DERIV = re.compile(r"\\frac\s*\{\s*d\s*\}\s*\{\s*d\s*([a-z])\s*\}|\bd\s*/\s*d\s*([a-z])\b")
_INTEGRAL = re.compile(r"\\int|∫")
_BOUNDS = re.compile(r"^\s*_\s*(\{[^{}]*\}|[^\s^{}])\s*\^\s*(\{[^{}]*\}|[^\s{}])")
_DIFFERENTIAL = re.compile(r"\\?[,;!]?\s*\\?(?:mathrm\{d\}|d)\s*([a-z])\s*$")
# Words a problem may say around its formulas and still be only "do this to that".
_INSTRUCTION_WORDS = set(
    "find evaluate compute calculate simplify expand factor factorise factorize solve differentiate integrate "
    "the a an value of for equation equations expression system definite indefinite integral derivative limit "
    "as and let what is minimum maximum smallest largest least greatest sum add fractions give answer your in "
    "lowest terms simplest form to approaches tends function fraction product difference quotient exact "
    "following real x y z".split())
_INSTRUCTION_PHRASES = ("解方程组", "解方程", "解不等式", "求解", "求导数", "求导", "求积分", "最小值", "最大值",
                        "函数", "计算", "化简", "简化", "展开", "因式分解", "分解因式", "的值", "求值", "求", "的",
                        "解", "值")
# "$\int_0^3 x^3 d x $": a space before the closing dollar that ends the problem or a sentence. MATH_SPAN
# refuses it (so prices stay prose); here it would leave the formula unread, or read as words.
_SPACED_CLOSE = re.compile(r"(?<![\\$])(\$(?!\s)[^$\n]*?\S)\s+\$(?=\s*(?:[.,;:!?)。，]|$))")
_DEFINED = re.compile(r"^\s*([A-Za-z])\s*\(\s*([a-z])\s*\)\s*=\s*(.+)$", re.DOTALL)
_ASKED = re.compile(r"\s*=\s*(?:\?|？|\\?_+|\\underline\{[^}]*\}|\\text\{\s*\?\s*\})\s*$")
_OF = re.compile(r"(\d|%|\)|\})\s*(?:\\text\{\s*of\s*\}|\bof\b)\s*", re.IGNORECASE)
_APPROACH = re.compile(r"\s*([a-z])\s*(?:\\to|->|→|\\rightarrow)\s*(.+?)\s*")
_DOTS = re.compile(r"\\[cl]?dots[bc]?|\.\.\.|…")
_SUM = re.compile(r"\\sum\s*_\s*\{\s*([a-z])\s*=\s*([^{}]+)\}\s*\^\s*(\{[^{}]+\}|\w)\s*")
CALCULUS = re.compile(r"\\int|∫|\\frac\s*\{\s*d\s*\}|\bd\s*/\s*d[a-z]|\\lim|\blim\b|\\sum")
_LIMIT = re.compile(r"\\lim\s*_\s*\{\s*([a-z])\s*(?:\\to|->|→|\\rightarrow)\s*([^}]*)\}|"
                    r"\blim\s*_?\s*\(?\s*([a-z])\s*(?:->|→)\s*([^\s)]+)\s*\)?")


def _strip_braces(text: str) -> str:
    text = text.strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _task(text: str) -> tuple[str | None, str]:
    """The instruction word at the front and the math after it."""
    for task, words in _TASK_WORDS:
        m = re.match(rf"\s*(?:{words})(?![A-Za-z])\s*[:：]?\s*", text, re.IGNORECASE)
        if m:
            return task, _FILLER.sub("", text[m.end():])
    return None, text


def read_expression(text: str) -> sympy.Expr:
    """One expression read through the allow-list reader, or MathInputError."""
    answer = read_answer(text)
    if answer.kind != "expr":
        raise MathInputError("expected an expression")
    return answer.value


def _main_var(expr: sympy.Expr, named: str | None) -> sympy.Symbol | None:
    if named:
        return symbol(named)
    symbols = sorted(expr.free_symbols, key=lambda s: (s.name != "x", s.name))
    return symbols[0] if symbols else None


def _plain(value: object) -> str:
    """Re-readable plain text for a SymPy value; SymPy's log is the natural one, so it is written ln."""
    text = sympy.sstr(value)
    text = re.sub(r"\blog\(", "ln(", text)
    text = re.sub(r"\bAbs\(", "abs(", text)
    text = re.sub(r"\bI\b", "i", text)
    return re.sub(r"\bE\b", "e", text)


def _latex(value: object) -> str:
    """A SymPy value as LaTeX, with \\ln for its natural log (a student reads \\log as base 10)."""
    return sympy.latex(value, ln_notation=True)


def _set_text(result: sympy.Set, var: str) -> str | None:
    if result is sympy.EmptySet:
        return "{}"
    if isinstance(result, sympy.FiniteSet):
        return " or ".join(f"{var} = {_plain(v)}" for v in result)
    if isinstance(result, sympy.Interval):
        left = "(" if result.left_open else "["
        right = ")" if result.right_open else "]"
        return f"{left}{_plain(result.start)}, {_plain(result.end)}{right}"
    if isinstance(result, sympy.Union):
        parts = [_set_text(a, var) for a in result.args]
        return None if None in parts else " ∪ ".join(parts)
    return None


def _solve(body: str, var_name: str | None) -> tuple[str, str] | None:
    """The solution as re-readable text and as LaTeX."""
    answer = read_answer(body)
    if answer.kind == "set":
        text = _set_text(answer.value, answer.var or "x")
        return (text, _latex(answer.value)) if text else None
    if answer.kind == "equation":
        f = answer.value[0] - answer.value[1]
        var = _main_var(f, var_name)
        if var is None or (len(f.free_symbols) > 1 and not var_name) or f.has(sympy.I):
            # With i in it, the answer is complex, but school "solve" means the real line.
            return None
        result = sympy.solveset(f, var, sympy.Reals)
        text = _set_text(result, var.name)
        return (text, _latex(result)) if text else None
    if answer.kind == "system":
        return _system(answer)
    return None


def _system(answer: Answer) -> tuple[str, str] | None:
    equations = [sympy.Eq(l, r) for l, r in answer.value]
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=lambda s: s.name)
    if not 1 <= len(symbols) <= 3:
        return None
    solved = sympy.solve(equations, symbols, dict=True)
    if len(solved) != 1 or set(solved[0]) != set(symbols):
        return None
    solution = solved[0]
    return (", ".join(f"{s.name} = {_plain(solution[s])}" for s in symbols),
            ", ".join(f"{s.name} = {_latex(solution[s])}" for s in symbols))


def _calculus(text: str) -> tuple[str, str, object, str | None] | None:
    m = _DERIV.search(text)
    if m:
        body = _strip_braces(text[m.end():])
        expr = read_expression(body)
        var = symbol(m.group(1) or m.group(2))
        result = sympy.diff(expr, var)
        return "derivative", _plain(result), result, None
    m = _INTEGRAL.search(text)
    if m:
        rest = text[m.end():]
        bounds = _BOUNDS.match(rest)
        if bounds:
            rest = rest[bounds.end():]
        d = _DIFFERENTIAL.search(rest)
        var_name = d.group(1) if d else None
        body = rest[: d.start()] if d else rest
        expr = read_expression(body)
        var = _main_var(expr, var_name) or symbol("x")
        if bounds:
            lo, hi = (read_expression(_strip_braces(b)) for b in bounds.groups())
            result = sympy.integrate(expr, (var, lo, hi))
            return ("integral", _plain(result), result, None) if not result.has(sympy.Integral) else None
        result = sympy.integrate(expr, var)
        if result.has(sympy.Integral):
            return None
        return "integral", _plain(result) + " + C", result + symbol("C"), None
    m = _LIMIT.search(text)
    if m:
        var_name = m.group(1) or m.group(3)
        point = read_expression(m.group(2) or m.group(4))
        expr = read_expression(text[m.end():])
        result = sympy.limit(expr, symbol(var_name), point)
        return "limit", _plain(result), result, None
    return None


def _split_math(problem: str) -> tuple[str, list[str]]:
    """The words of a problem (each formula replaced by ``§``) and its formulas."""
    formulas: list[str] = []

    def keep(m: re.Match[str]) -> str:
        formulas.append(math_body(m).strip())
        return " § "

    return MATH_SPAN.sub(keep, _SPACED_CLOSE.sub(r"\1$", problem)), formulas


def _only_instructions(words: str) -> bool:
    """Whether the words around the formulas only say what to do: anything else may change the question."""
    english = re.sub(r"[^A-Za-z']+", " ", words).lower()
    if set(english.split()) - _INSTRUCTION_WORDS:
        return False
    chinese = "".join(re.findall(r"[\u4e00-\u9fff]+", words))
    for phrase in _INSTRUCTION_PHRASES:
        chinese = chinese.replace(phrase, "")
    return not chinese


def _from_formulas(words: str, formulas: list[str]) -> str | None:
    """One plain problem line (instruction words, then the math) from a problem written with $...$."""
    if not _only_instructions(words):
        return None
    functions = {m.group(1): m.group(3) for m in map(_DEFINED.match, formulas) if m}
    task, _ = _task_anywhere(words)
    named = re.search(r"\bfor\s+§", words)
    math = [f for f in formulas if not _DEFINED.match(f)]
    if any(re.search(r"[A-Za-z]'\s*\(", f) for f in math):
        task = "derivative"
    approach = [m for m in map(_APPROACH.fullmatch, math) if m]
    if len(approach) == 1 and len(math) == 2:
        body = next(f for f in math if not _APPROACH.fullmatch(f))
        return f"\\lim_{{{approach[0].group(1)} \\to {approach[0].group(2)}}} {body}"
    variable = next((f for f in math if re.fullmatch(r"[a-z]", f)), None)
    math = [f for f in math if not re.fullmatch(r"[A-Za-z]'*(?:\([a-z]\))?", f)]
    if functions and len(functions) == 1:
        body = next(iter(functions.values()))
        if task in ("derivative", "minimum", "maximum") or (not math and task in (None, "evaluate")):
            return f"{_WORDS_FOR[task or 'evaluate']} {body}"
    if functions:
        return None
    if any(CALCULUS.search(f) for f in math):
        return math[0] if len(math) == 1 else None
    if not math:
        return None
    relations = [f for f in math if re.search(r"[=<>]|\\[lg]eq?\b|\\begin\{cases\}", _ASKED.sub("", f))]
    if len(math) > 1 and len(relations) != len(math):
        return None
    body = ", ".join(_ASKED.sub("", f) for f in math)
    suffix = f" for {variable}" if variable and named else ""
    return f"{_WORDS_FOR[task or ('solve' if relations else 'evaluate')]} {body}{suffix}"


_WORDS_FOR = {"factor": "Factor", "expand": "Expand", "simplify": "Simplify", "derivative": "Differentiate",
              "integral": "Integrate", "solve": "Solve", "minimum": "Minimum of", "maximum": "Maximum of",
              "evaluate": "Evaluate", "limit": "Evaluate"}


def _task_anywhere(words: str) -> tuple[str | None, int]:
    """The first instruction named anywhere in a problem's words, and where it is."""
    for task, pattern in _TASK_WORDS:
        m = re.search(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])", words, re.IGNORECASE)
        if m:
            return task, m.start()
    return None, -1


def _series(text: str) -> sympy.Expr | None:
    """``1 + 2 + \\cdots + 100`` and ``\\sum_{k=1}^{n} f(k)``: the value of the sum, else None."""
    m = _SUM.search(text)
    if m:
        var = symbol(m.group(1))
        low, high = read_expression(m.group(2)), read_expression(_strip_braces(m.group(3)))
        body = read_expression(_strip_braces(text[m.end():]))
        return sympy.summation(body, (var, low, high))
    found = _progression(text, "+")
    if found is None:
        return None
    first, step, count, geometric = found
    if geometric:
        return first * (step ** count - 1) / (step - 1)
    return count * (2 * first + (count - 1) * step) / 2


def _progression(text: str, separator: str) -> tuple[sympy.Expr, sympy.Expr, sympy.Integer, bool] | None:
    """Terms written with dots between them (``1, 3, 5, \\ldots, 99`` or ``2 + 4 + \\cdots + 1024``):
    the first term, the common difference or ratio, how many terms, and whether it is geometric.
    None unless every written term fits one arithmetic or geometric progression of rational numbers."""
    pieces = _DOTS.split(text)
    if len(pieces) != 2:
        return None
    head, tail = ([read_expression(t) for t in piece.split(separator) if t.strip()] for piece in pieces)
    if len(head) < 2 or not tail or not all(t.is_Rational for t in [*head, *tail]):
        return None
    written = len(head) + len(tail)
    step = head[1] - head[0]
    if step != 0 and all(b - a == step for part in (head, tail) for a, b in zip(part, part[1:])):
        count = (tail[-1] - head[0]) / step + 1
        if count.is_Integer and count >= written:
            return head[0], step, count, False
    if 0 in (head[0], head[1]):
        return None
    ratio = head[1] / head[0]
    if ratio in (1, -1) or not all(b == a * ratio for part in (head, tail) for a, b in zip(part, part[1:])):
        return None
    quotient = tail[-1] / head[0]
    power = sympy.log(quotient, ratio) if quotient > 0 and ratio > 0 else None
    if power is not None and power.is_Integer and power + 1 >= written:
        return head[0], ratio, power + 1, True
    return None


def _extreme(task: str, body: str) -> tuple[str, str] | None:
    expr = read_expression(body)
    if len(expr.free_symbols) != 1:
        return None
    var = next(iter(expr.free_symbols))
    find = sympy.calculus.util.minimum if task == "minimum" else sympy.calculus.util.maximum
    value = find(expr, var, sympy.Reals)
    if not value.is_finite:
        return None
    return _plain(value), _latex(value)


def problem_text(problem: str) -> str | None:
    """One plain line of instruction and math for a problem, or None when its words change the question."""
    words, formulas = _split_math(problem.strip())
    words = answer_form(words)[0]
    text = _from_formulas(words, formulas) if formulas else words
    if text is None:
        return None
    text = _OF.sub(r"\1*", text.strip().rstrip(".?。？!"))
    return _ASKED.sub("", text)


def _only_math(body: str) -> bool:
    """Whether the part of a plain problem line after its instruction is math and nothing else.

    Words there ("where x is negative", "for x > 0", "(take the positive root)") may change the
    question, and the reader, made for answers, would skip them (so would it Chinese words). Allowed:
    a leading "for x:", the reader's function and constant names, "lim", "and" between equations, and
    names of up to two letters that are not English words (``xy``, ``dx``).
    """
    body = _LEADING_FOR.sub("", body)
    if re.search(r"[\u4e00-\u9fff]", body):
        return False
    for word in re.findall(r"(?<![\\A-Za-z])[A-Za-z]+", body):
        if word in _MATH_NAMES or (len(word) <= 2 and word.lower() not in WORDS_NOT_VARIABLES):
            continue
        return False
    return True


def instruction(text: str) -> tuple[str | None, str, str | None]:
    """The task a plain problem line asks for, the math it applies to and the variable named by "for x"."""
    task, body = _task(text)
    named = _FOR_VAR.search(body)
    if named:
        return task, body[: named.start()], named.group(1)
    return task, body, None


def solve(problem: str) -> CasResult | None:
    """The CAS's own answer to a problem, or None when SymPy cannot handle the text (worker side)."""
    words, formulas = _split_math(problem.strip())
    _, shape, nearest = answer_form(words)
    lowest = "lowest_terms" if asks_for_lowest_terms(problem) else None
    answered = _solve_line(problem, shape, nearest, lowest, plain=not formulas)
    if answered is not None:
        return answered
    found = asked(words, formulas)
    try:
        return _answer_asked(found, lowest) if found else None
    except (MathInputError, NotImplementedError, ValueError, TypeError, AttributeError, ZeroDivisionError):
        return None


def _solve_line(problem: str, shape: str, nearest: str, lowest: str | None, *, plain: bool) -> CasResult | None:
    """The answer to a problem whose words only say what to do ("Solve", "化简", "Evaluate").

    ``plain``: the problem has no $...$ formulas, so its words and math are not told apart by their marks.
    """
    text = problem_text(problem)
    if text is None:
        return None
    task, body, named = instruction(text)
    if plain and not _only_math(body):
        return None
    try:
        calculus = _calculus(text)
        if calculus:
            found, answer, value, form = calculus
            return None if nearest else CasResult(found, answer, _latex(value), form)
        if task in (None, "evaluate") and (_SUM.search(body) or _DOTS.search(body)):
            series = _series(body)
            return _result("evaluate", series, shape, nearest, lowest) if series is not None else None
        if task in ("minimum", "maximum"):
            extreme = _extreme(task, body)
            return CasResult(task, *extreme) if extreme and not nearest else None
        if task == "solve" or (task in (None, "evaluate") and re.search(r"[=<>≤≥]", body)):
            solved = _solve(body, named)
            if solved is None or nearest:
                return None
            return CasResult("solve", *solved)
        if task in ("derivative", "integral"):
            return solve(("\\frac{d}{dx} " if task == "derivative" else "\\int ") + body)
        expr = read_expression(body)
        operation = {"factor": sympy.factor, "expand": sympy.expand, "simplify": sympy.simplify}
        result = operation.get(task or "evaluate", sympy.simplify)(expr)
        if result.has(sympy.Piecewise):
            # Case splits ("0 if n = 0, else ...") are SymPy hedging, not an answer a student would give.
            return None
        if task in ("factor", "expand"):
            return CasResult(task, _plain(result), _latex(result), "factored" if task == "factor" else "expanded")
        return _result(task or "evaluate", result, shape, nearest, lowest)
    except (MathInputError, NotImplementedError, ValueError, TypeError, AttributeError, ZeroDivisionError):
        return None


def _result(task: str, value: sympy.Expr, shape: str, nearest: str, form: str | None) -> CasResult | None:
    """A value as the answer, in the form the problem asks for, or None when it cannot be given that way."""
    shown = _shaped(value, shape, nearest)
    return CasResult(task, *shown, form) if shown else None


def _shaped(value: sympy.Expr, shape: str, nearest: str) -> tuple[str, str] | None:
    """A value as re-readable text and LaTeX in the asked form: a fraction, mixed number, decimal or rounded."""
    if nearest:
        rounded = _rounded(value, nearest)
        return (rounded, rounded) if rounded else None
    if shape in ("fraction", "mixed", "decimal") and not value.is_Rational:
        return None
    if shape == "decimal":
        text = _decimal(value)
        return (text, text) if text else None
    if shape == "mixed" and not value.is_Integer and abs(value) > 1:
        whole = sympy.Integer(int(value))
        part = abs(value - whole)
        return f"{whole} {part}", f"{whole}\\frac{{{part.p}}}{{{part.q}}}"
    return _plain(value), _latex(value)


def _decimal(value: sympy.Rational) -> str | None:
    """A fraction written out as a terminating decimal, or None when its decimal repeats."""
    q = value.q
    twos, fives = sympy.multiplicity(2, q), sympy.multiplicity(5, q)
    if q != 2 ** twos * 5 ** fives:
        return None
    places = max(twos, fives)
    digits = str(abs(value.p) * 10 ** places // q).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return sign + (f"{digits[:-places]}.{digits[-places:]}" if places else digits)


_PLACES = {"ten": 1, "hundred": 2, "thousand": 3, "ten thousand": 4, "hundred thousand": 5, "million": 6,
           "whole number": 0, "integer": 0, "tenth": -1, "hundredth": -2, "thousandth": -3, "ten thousandth": -4}


def _rounded(value: sympy.Expr, nearest: str) -> str | None:
    """A real number rounded to the nearest ten, whole number, tenth..., halves away from zero."""
    if not (value.is_number and value.is_real):
        return None
    power = _PLACES[nearest]
    unit = sympy.Integer(10) ** power
    rounded = sympy.sign(value) * sympy.floor(abs(value) / unit + sympy.Rational(1, 2)) * unit
    return str(rounded) if power >= 0 else _decimal(sympy.Rational(rounded))


def _answer_asked(found: Asked, form: str | None) -> CasResult | None:
    """The answer to a problem worded in a set phrase ("the remainder when ... is divided by ...")."""
    if found.kind == "solve":
        solved = _solve(found.parts[0], None)
        return CasResult("solve", *solved) if solved and not found.nearest else None
    if found.kind == "midpoint" or found.kind == "conic" and found.place == "center":
        point = (_midpoint if found.kind == "midpoint" else _conic)(found)
        if not point or any(v.has(sympy.I) for v in point) or found.form not in ("", "pair"):
            return None
        return CasResult("evaluate", f"({', '.join(map(_plain, point))})",
                         f"\\left({', '.join(map(sympy.latex, point))}\\right)")
    if found.kind == "domain":
        domain = _domain(found)
        text = _set_text(domain, "x") if isinstance(domain, sympy.Set) else None
        return CasResult("domain", text, _latex(domain)) if text and "=" not in text else None
    value = _ASKED_VALUES[found.kind](found)
    if value is None or not isinstance(value, sympy.Expr) or value.has(sympy.I, sympy.zoo, sympy.nan):
        return None
    return _result("evaluate", value, found.form, found.nearest, form)


def _value(text: str) -> sympy.Expr:
    """One expression, or the value of a sum written with dots."""
    if _DOTS.search(text):
        series = _series(text)
        if series is None:
            raise MathInputError("could not read the sum")
        return series
    return read_expression(text)


def _numbers(parts: tuple[str, ...]) -> list[sympy.Expr]:
    """The numbers a list of formulas and written numbers states (a formula may hold several)."""
    values: list[sympy.Expr] = []
    for part in parts:
        answer = read_answer(part)
        if answer.kind not in ("expr", "values"):
            raise MathInputError("expected numbers")
        values.extend(answer.value if answer.kind == "values" else [answer.value])
    if not all(v.is_number for v in values):
        raise MathInputError("expected numbers")
    return values


def _whole_numbers(parts: tuple[str, ...]) -> list[int] | None:
    values = _numbers(parts)
    return [int(v) for v in values] if all(v.is_Integer and v != 0 for v in values) else None


def _gcd(found: Asked) -> sympy.Expr | None:
    values = _whole_numbers(found.parts)
    return sympy.Integer(math.gcd(*values)) if values else None


def _lcm(found: Asked) -> sympy.Expr | None:
    values = _whole_numbers(found.parts)
    return sympy.Integer(math.lcm(*map(abs, values))) if values else None


def _remainder(found: Asked) -> sympy.Expr | None:
    """Of whole numbers (always 0 to the divisor less 1), or of polynomials in one variable."""
    dividend, divisor = (_value(p) for p in found.parts)
    if dividend.is_Integer and divisor.is_Integer:
        return dividend % divisor if divisor > 0 else None
    variables = dividend.free_symbols | divisor.free_symbols
    if len(variables) != 1 or not divisor.free_symbols:
        return None
    var = next(iter(variables))
    if not (dividend.is_polynomial(var) and divisor.is_polynomial(var)):
        return None
    return sympy.rem(sympy.expand(dividend), sympy.expand(divisor), var)


def _mean(found: Asked) -> sympy.Expr:
    values = _numbers(found.parts)
    return sympy.Add(*values) / len(values)


def _divisors(found: Asked) -> sympy.Expr | None:
    value = _value(found.parts[0])
    return sympy.Integer(sympy.divisor_count(value)) if value.is_Integer and value > 0 else None


def _digit(found: Asked) -> sympy.Expr | None:
    value = _value(found.parts[0])
    if not (value.is_Integer and value >= 0):
        return None
    place = {"units": 0, "ones": 0, "tens": 1, "hundreds": 2, "thousands": 3}[found.place]
    return value // 10 ** place % 10


def _count(found: Asked) -> sympy.Expr | None:
    found_terms = _progression(found.parts[0], ",")
    return found_terms[2] if found_terms else None


def _evaluate(found: Asked) -> sympy.Expr:
    return sympy.simplify(_value(found.parts[0]))


def _conditions(texts: tuple[str, ...]) -> list[sympy.Expr]:
    """Each condition as an expression equal to 0: equations, a system, or ``(x, y) = (3, 9)``."""
    zeros: list[sympy.Expr] = []
    for text in texts:
        pair = _PAIR_GIVEN.fullmatch(text)
        if pair:
            names = [n.strip() for n in pair.group(1).split(",")]
            values = [read_expression(v) for v in pair.group(2).split(",")]
            if len(names) != len(values):
                raise MathInputError("the values do not match the names")
            zeros.extend(symbol(n) - v for n, v in zip(names, values))
            continue
        answer = read_answer(text)
        if answer.kind == "equation":
            zeros.append(answer.value[0] - answer.value[1])
        elif answer.kind == "system":
            zeros.extend(left - right for left, right in answer.value)
        else:
            raise MathInputError("a condition is not an equation")
    return zeros


def _given(found: Asked) -> sympy.Expr | None:
    """The value of an expression under the given equations, when every real solution gives the same value."""
    defined = [m for m in map(_DEFINED.match, found.conditions) if m]
    if defined:
        # "Let f(x) = 5x + 3 and g(x) = x^2 - 2. What is g(f(-1))?": the functions' values, nothing to solve.
        if len(defined) != len(found.conditions):
            return None
        value = _calls_evaluated(found.parts[0], {m.group(1): (m.group(2), m.group(3)) for m in defined})
        return None if value.free_symbols else value
    zeros = _conditions(found.conditions)
    target = read_expression(found.parts[0])
    unknowns = set().union(*(z.free_symbols for z in zeros))
    if not target.free_symbols or not target.free_symbols <= unknowns or any(z.has(sympy.I) for z in zeros):
        return None
    if len(unknowns) == 1:
        var = next(iter(unknowns))
        roots = sympy.Intersection(*(sympy.solveset(z, var, sympy.Reals) for z in zeros))
        if not isinstance(roots, sympy.FiniteSet):
            return None
        solutions = [{var: root} for root in roots]
    else:
        # Only for polynomial systems is SymPy's list of solutions complete.
        tops = [sympy.fraction(sympy.together(z))[0] for z in zeros]
        if not all(t.is_polynomial(*unknowns) for t in tops):
            return None
        solutions = [s for s in sympy.solve(zeros, sorted(unknowns, key=str), dict=True) if _real(s)]
    values = [sympy.simplify(target.subs(s)) for s in solutions]
    if not values or any(v.free_symbols for v in values):
        return None
    first = values[0]
    return first if all(sympy.simplify(v - first) == 0 for v in values[1:]) else None


def _calls_evaluated(text: str, functions: dict[str, tuple[str, str]]) -> sympy.Expr:
    """An expression with each call of a defined function (``g(f(-1))``) worked out, innermost first."""
    call = re.compile(rf"(?<![A-Za-z\\])([{''.join(functions)}])\s*\(((?:[^()]|\([^()]*\))*)\)")
    for _ in range(MAX_CALLS):
        m = call.search(text)
        if not m:
            return read_expression(text)
        var, body = functions[m.group(1)]
        # A body may call the other functions (g(x) = 1/f(x)): those are worked out with x left free.
        inner = {name: rule for name, rule in functions.items() if name != m.group(1)}
        rule = _calls_evaluated(body, inner) if inner else read_expression(body)
        value = rule.subs(symbol(var), _calls_evaluated(m.group(2), functions))
        text = f"{text[: m.start()]}({_plain(value)}){text[m.end():]}"
    raise MathInputError("too many function calls")


def _domain(found: Asked) -> sympy.Set | None:
    """Where a real function of one variable is defined (SymPy refuses floor, factorials and the like,
    defined where they are not continuous)."""
    m = _DEFINED.match(found.parts[0]) or re.match(r"^\s*()()y\s*=\s*(.+)$", found.parts[0])
    expr = read_expression(m.group(3) if m else found.parts[0])
    if len(expr.free_symbols) != 1 or m and m.group(2) and {symbol(m.group(2))} != expr.free_symbols:
        return None
    return sympy.calculus.util.continuous_domain(expr, next(iter(expr.free_symbols)), sympy.Reals)


def _points(found: Asked) -> list[list[sympy.Expr]]:
    """Two points written as coordinates, in the same number of dimensions."""
    points = [read_answer(part) for part in found.parts]
    if any(p.kind != "tuple" for p in points) or len(points[0].value) != len(points[1].value):
        raise MathInputError("expected two points")
    return [p.value for p in points]


def _midpoint(found: Asked) -> list[sympy.Expr]:
    first, second = _points(found)
    return [(a + b) / 2 for a, b in zip(first, second)]


def _distance(found: Asked) -> sympy.Expr:
    """Between two points, or two complex numbers ("in the complex plane")."""
    if all(read_answer(part).kind == "expr" for part in found.parts):
        first, second = (read_expression(part) for part in found.parts)
        return sympy.Abs(first - second)
    first, second = _points(found)
    return sympy.sqrt(sum((a - b) ** 2 for a, b in zip(first, second)))


def _conic(found: Asked) -> list[sympy.Expr] | sympy.Expr | None:
    """The center of a circle, ellipse or hyperbola given by its equation in x and y, or a circle's radius."""
    zero = _conditions(found.parts)[0]
    x, y = symbol("x"), symbol("y")
    if zero.free_symbols != {x, y} or sympy.Poly(zero, x, y).total_degree() != 2:
        return None
    center = sympy.solve([sympy.diff(zero, x), sympy.diff(zero, y)], [x, y], dict=True)
    if len(center) != 1 or set(center[0]) != {x, y}:
        return None
    if found.place == "center":
        return [center[0][x], center[0][y]]
    squares = sympy.Poly(zero, x, y)
    # A circle: x^2 and y^2 with the same coefficient and no xy term.
    if squares.coeff_monomial(x ** 2) != squares.coeff_monomial(y ** 2) or squares.coeff_monomial(x * y) != 0:
        return None
    radius_squared = -zero.subs(center[0]) / squares.coeff_monomial(x ** 2)
    return sympy.sqrt(radius_squared) if radius_squared.is_positive else None


def _coefficient(found: Asked) -> sympy.Expr | None:
    """The coefficient of a monomial (``x^2 y``), or the constant term, once an expression is multiplied out."""
    expanded = sympy.expand(read_expression(found.parts[0]))
    monomial = read_expression(found.parts[1]) if len(found.parts) > 1 else sympy.Integer(1)
    variables = expanded.free_symbols | monomial.free_symbols
    terms = [term.as_coeff_Mul() for term in sympy.Add.make_args(expanded)]
    # A letter the monomial leaves out could be a constant (the x^2 term of (x + a)^3 is 3a x^2), and
    # only a sum of numbers times powers of the variables has one coefficient for each monomial.
    if len(variables) > max(len(monomial.free_symbols), 1) or not all(
            m.as_powers_dict().keys() <= variables | {sympy.S.One} for m in [*(m for _, m in terms), monomial]):
        return None
    return sympy.Add(*(c for c, m in terms if m == monomial))


def _real(solution: dict) -> bool:
    """Whether a solution is real: a value left in terms of another unknown counts as real."""
    return all(v.free_symbols or abs(sympy.im(sympy.N(v, 30))) < 1e-20 for v in solution.values())


def _roots(found: Asked) -> sympy.Expr | None:
    """The sum or product of the solutions of one equation in one unknown, when they are all real and simple."""
    zeros = _conditions(found.parts)
    if len(zeros) != 1 or len(zeros[0].free_symbols) != 1:
        return None
    zero = zeros[0]
    var = next(iter(zero.free_symbols))
    real, every = (sympy.solveset(zero, var, domain) for domain in (sympy.Reals, sympy.Complexes))
    top = sympy.fraction(sympy.together(zero))[0]
    # "The sum of the roots" could count a double root twice, or complex ones: only simple real roots are clear.
    if not isinstance(real, sympy.FiniteSet) or real != every or not real or not top.is_polynomial(var):
        return None
    if sympy.degree(sympy.sqf_part(top), var) != sympy.degree(top, var):
        return None
    return sympy.Add(*real) if found.place == "sum" else sympy.Mul(*real)


# Nested calls in one expression, more than any problem writes: g(f(h(2))) is three.
MAX_CALLS = 20
_PAIR_GIVEN = re.compile(r"\(\s*([a-z](?:\s*,\s*[a-z])+)\s*\)\s*=\s*\(([^()]*)\)")
_ASKED_VALUES = {"gcd": _gcd, "lcm": _lcm, "remainder": _remainder, "mean": _mean, "divisors": _divisors,
                 "digit": _digit, "count": _count, "evaluate": _evaluate, "round": _evaluate,
                 "convert": _evaluate, "given": _given, "roots": _roots, "distance": _distance,
                 "conic": _conic, "coefficient": _coefficient}


def compare(problem: str, model_answer: str) -> Verdict:
    """Whether the CAS agrees with a model's answer (worker side)."""
    result = solve(problem)
    if result is None:
        return undecided("The computer algebra system cannot solve this problem on its own.")
    verdict = check(result.answer, model_answer, Options(), form=result.form)
    if verdict.equivalent:
        return Verdict(True, f"The computer algebra system agrees ({result.answer}).", "equivalent",
                       verdict.normalized_reference, verdict.normalized_answer)
    if verdict.kind == "wrong_form":
        return Verdict(False, f"The computer algebra system agrees on the value ({result.answer}), "
                       f"but the answer is not in the requested form: {verdict.reason.split(': ', 1)[-1]}",
                       "wrong_form", verdict.normalized_reference, verdict.normalized_answer)
    if verdict.equivalent is False:
        return Verdict(False, f"The computer algebra system disagrees: it gets {result.answer}. "
                       f"{verdict.reason}", verdict.kind, verdict.normalized_reference,
                       verdict.normalized_answer)
    return undecided(f"Could not compare with the computer algebra system's answer "
                     f"({result.answer}): {verdict.reason}", verdict.normalized_reference,
                     verdict.normalized_answer)
