"""An independent solver for the problems SymPy can do on its own.

The problem text goes through the same allow-list reader as answers; only the
instruction words around the math ("Solve", "化简", ``\\frac{d}{dx}``) are
recognised here. Returns None when the problem is not one SymPy can handle.
"""

from __future__ import annotations

import re

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.answers import Answer, read_answer
from tutor_app.mathcheck.build import symbol
from tutor_app.mathcheck.checker import check
from tutor_app.mathcheck.verdict import CasResult, Options, Verdict, undecided

_TASK_WORDS = [
    ("factor", r"factori[sz]e|factor|因式分解|分解因式"),
    ("expand", r"expand|展开"),
    ("simplify", r"simplify|化简|简化"),
    ("derivative", r"differentiate|(?:find\s+)?(?:the\s+)?derivative\s+of|求导数?|导数"),
    ("integral", r"integrate|(?:find\s+)?(?:the\s+)?integral\s+of|求积分|积分"),
    ("solve", r"solve|解方程组?|解不等式|求解|解"),
    ("evaluate", r"evaluate|compute|calculate|find|what\s+is|计算|求值|求"),
]
_FILLER = re.compile(r"^\s*(?:the\s+(?:value\s+of|expression)\s*|:|：|\s)+", re.IGNORECASE)
_FOR_VAR = re.compile(r"\s*(?:,\s*)?\bfor\s+([a-z])\s*$", re.IGNORECASE)
_DERIV = re.compile(r"\\frac\s*\{\s*d\s*\}\s*\{\s*d\s*([a-z])\s*\}|\bd\s*/\s*d\s*([a-z])\b")
_INTEGRAL = re.compile(r"\\int|∫")
_BOUNDS = re.compile(r"^\s*_\s*(\{[^{}]*\}|[^\s^{}])\s*\^\s*(\{[^{}]*\}|[^\s{}])")
_DIFFERENTIAL = re.compile(r"\\?[,;!]?\s*\\?(?:mathrm\{d\}|d)\s*([a-z])\s*$")
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


def _expr(text: str) -> sympy.Expr:
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
    """Re-readable plain text for a SymPy value."""
    text = sympy.sstr(value)
    text = re.sub(r"\bAbs\(", "abs(", text)
    text = re.sub(r"\bI\b", "i", text)
    return re.sub(r"\bE\b", "e", text)


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
        return (text, sympy.latex(answer.value)) if text else None
    if answer.kind == "equation":
        f = answer.value[0] - answer.value[1]
        var = _main_var(f, var_name)
        if var is None or (len(f.free_symbols) > 1 and not var_name):
            return None
        result = sympy.solveset(f, var, sympy.Reals)
        text = _set_text(result, var.name)
        return (text, sympy.latex(result)) if text else None
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
            ", ".join(f"{s.name} = {sympy.latex(solution[s])}" for s in symbols))


def _calculus(text: str) -> tuple[str, str, object, str | None] | None:
    m = _DERIV.search(text)
    if m:
        body = _strip_braces(text[m.end():])
        expr = _expr(body)
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
        expr = _expr(body)
        var = _main_var(expr, var_name) or symbol("x")
        if bounds:
            lo, hi = (_expr(_strip_braces(b)) for b in bounds.groups())
            result = sympy.integrate(expr, (var, lo, hi))
            return ("integral", _plain(result), result, None) if not result.has(sympy.Integral) else None
        result = sympy.integrate(expr, var)
        if result.has(sympy.Integral):
            return None
        return "integral", _plain(result) + " + C", result + symbol("C"), None
    m = _LIMIT.search(text)
    if m:
        var_name = m.group(1) or m.group(3)
        point = _expr(m.group(2) or m.group(4))
        expr = _expr(text[m.end():])
        result = sympy.limit(expr, symbol(var_name), point)
        return "limit", _plain(result), result, None
    return None


def solve(problem: str) -> CasResult | None:
    """The CAS's own answer to a problem, or None when SymPy cannot handle the text (worker side)."""
    text = problem.strip().rstrip(".?。？!")
    try:
        calculus = _calculus(text)
        if calculus:
            task, answer, value, form = calculus
            return CasResult(task, answer, sympy.latex(value), form)
        task, body = _task(text)
        named = _FOR_VAR.search(body)
        if named:
            body = body[: named.start()]
        if task == "solve" or (task in (None, "evaluate") and re.search(r"[=<>≤≥]", body)):
            solved = _solve(body, named.group(1) if named else None)
            if solved is None:
                return None
            return CasResult("solve", *solved)
        if task in ("derivative", "integral"):
            return solve(("\\frac{d}{dx} " if task == "derivative" else "\\int ") + body)
        expr = _expr(body)
        operation = {"factor": sympy.factor, "expand": sympy.expand, "simplify": sympy.simplify}
        result = operation.get(task or "evaluate", sympy.simplify)(expr)
        form = {"factor": "factored", "expand": "expanded"}.get(task or "")
        return CasResult(task or "evaluate", _plain(result), sympy.latex(result), form)
    except (MathInputError, NotImplementedError, ValueError, TypeError, AttributeError):
        return None


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
