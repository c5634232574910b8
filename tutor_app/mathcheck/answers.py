"""Reading a whole answer: text -> tokens -> tree -> a typed ``Answer``.

An answer is an expression, a solution set, an equation or system, an
inequality or interval, an ordered tuple or a list of them, a matrix, a
number with units, or a word ("Friday", "yes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

import sympy

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.build import Builder, Notes, fill_list
from tutor_app.mathcheck.normalize import normalize
from tutor_app.mathcheck.parse import parse_expression, parse_tokens
from tutor_app.mathcheck.tokens import FUNCTIONS, Token, tokenize
from tutor_app.mathcheck.units import UNITS, is_unit_token, read_units

_RELATIONS = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge, "!=": sympy.Ne}
_PREFIX_OPS = set("+-*/^()")
# Unit words people write in full, and the unit each one means.
_UNIT_WORDS = {
    "second": "s", "seconds": "s", "sec": "s", "secs": "s", "minute": "min", "minutes": "min",
    "mins": "min", "hour": "h", "hours": "h", "hrs": "h", "day": "day", "days": "day",
    "meter": "m", "meters": "m", "metre": "m", "metres": "m", "centimeter": "cm",
    "centimeters": "cm", "kilometer": "km", "kilometers": "km", "millimeter": "mm",
    "millimeters": "mm", "gram": "g", "grams": "g", "kilogram": "kg", "kilograms": "kg",
    "liter": "L", "liters": "L", "litre": "L", "litres": "L", "milliliter": "mL",
    "milliliters": "mL", "newton": "N", "newtons": "N", "joule": "J", "joules": "J",
    "watt": "W", "watts": "W", "volt": "V", "volts": "V", "pascal": "Pa", "pascals": "Pa",
}
# Answers that are words: the same word in any case, with or without \text{}.
_TEXT = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff\s'’.,!()-]*")
_LABEL = re.compile(r"^(?P<number>.*?[\d)])\s*(?P<label>[A-Za-z][A-Za-z\s./^\d-]*?)\s*\.?$")
_FUNCTION_LHS = re.compile(r"^\s*([A-Za-z]'{0,3})\s*\(\s*([A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\)\s*=(?!=)")
_QUALIFIER = re.compile(r"[\s,;]+(?:where|for\s+(?:all|any|every|some|each)|for|if|when|with)\s+[A-Za-z]",
                        re.IGNORECASE)
_CALL_LHS = re.compile(r"^\s*([A-Za-z]+)'{0,3}\s*\(([^()=]*)\)\s*=(?!=)")
_FUNCTIONS_LIST = re.compile(r"\s*(?:,|\bor\b|\band\b)\s*(?=[A-Za-z]\s*\([A-Za-z\s,]*\)\s*=)")
# "a = 5 (mod 37)", as "a \equiv 5 \pmod{37}" is read.
_CONGRUENCE = re.compile(r"^(?P<lhs>[^=]+)=(?P<rhs>[^=]+?)\(\s*mod\s+(?P<mod>[^()]+)\)\s*$")
# "ML ⊥ NK", "AB ∥ CD": a claim about two lines, the same whichever is named first.
_CLAIM = re.compile(r"^\s*([A-Z]{1,3}(?:_\w+)?)\s*([⊥∥])\s*([A-Z]{1,3}(?:_\w+)?)\s*$")
# "Sum = 240", "P-value = 0.527": words naming the value that follows.
_NAMED = re.compile(r"^\s*(?P<name>[A-Za-z][A-Za-z\s'-]*?)\s*=(?!=)(?P<value>.+)$")
# "Yes. F(x, y) = xy^2 + x^3": a yes or no, then the reasons for it.
_VERDICT_FIRST = re.compile(r"^\s*(?P<word>yes|no)\s*[.,:;!]\s*(?P<rest>\S.*)$", re.IGNORECASE)
# Sets named in words: "all real numbers", "all positive integers".
_NAMED_SETS = {
    "all real numbers": sympy.Reals, "all reals": sympy.Reals, "all integers": sympy.Integers,
    "all positive integers": sympy.Naturals, "all natural numbers": sympy.Naturals,
    "all nonnegative integers": sympy.Naturals0, "all non-negative integers": sympy.Naturals0,
}
# "f(n) = \begin{cases} n^2 & \text{if } n \text{ is even} \\ ... \end{cases}": a value in each case.
_CASES = re.compile(r"^\s*(?:[A-Za-z]'{0,3}\s*(?:\([^()=]*\))?\s*=\s*)?(?:\\left\\?\{\s*)?\\begin\{cases\}(?P<body>.*)"
                    r"\\end\{cases\}\s*(?:\\right\.)?\s*\.?\s*$", re.DOTALL)
# Words that introduce a case ("if n is odd", "for x < 0"), left out when two cases are compared.
_CASE_WORDS = re.compile(r"^\s*(?:if|for|when|where)\s+|[\s,.;]+$", re.IGNORECASE)
# Words that are whole answers: a checker can say such an answer is wrong rather than unreadable.
ANSWER_WORDS = {"yes", "no", "true", "false", "none", "even", "odd", "neither", "both", "always",
                "never", "converges", "diverges", "undefined", "impossible", "possible"}


@dataclass
class Answer:
    """A read answer. ``kind``: expr, values, equation, system, set, relation (an inequality between
    several variables), congruence (``a ≡ b (mod m)`` as (a, b, m)), cases (a value in each case, as
    (value, condition) pairs), tuple, tuples, assign, matrix,
    quantity (``dim`` None: a unit written as a word the checker does not convert) or text.
    ``labelled``: the units are words after the number ("162 minutes"), which a reference does
    not require of an answer, unlike unit symbols ("9.8 m/s^2")."""

    kind: str
    value: Any
    text: str
    notes: Notes
    tree: tuple | None = None
    var: str | None = None
    brackets: str = ""
    unit_text: str = ""
    dim: tuple | None = None
    params: tuple[str, ...] = ()
    labelled: bool = False


def _split_quantity(tokens: list[Token]) -> int | None:
    """Index where a trailing unit expression starts after a plain number, if there is one."""
    for k, tok in enumerate(tokens):
        if tok.kind in ("name", "unit"):
            break
        if tok.kind not in ("num", "open", "close") and not (tok.kind == "op" and tok.text in _PREFIX_OPS):
            return None
    else:
        return None
    if k == 0 or not any(t.kind == "num" for t in tokens[:k]) or tokens[k].text not in UNITS:
        return None
    number = tokens[:k]
    if number[-1].kind == "op" or sum(t.kind == "open" for t in number) != sum(t.kind == "close" for t in number):
        # "1/A" and "(1)/(A)": a letter inside the expression is one of its variables, not its unit.
        return None
    return k if all(is_unit_token(t) for t in tokens[k:]) else None


def read_answer(text: str) -> Answer:
    """Read one answer, or raise MathInputError saying what could not be read."""
    pieces = _piecewise(text)
    if pieces:
        return Answer("cases", pieces, text, Notes())
    plain = _unwrapped(normalize(text))
    try:
        return _read_plain(plain)
    except MathInputError:
        words = _text_answer(plain)
        if words in _NAMED_SETS:
            return Answer("set", _NAMED_SETS[words], plain, Notes())
        if words is not None:
            return Answer("text", words, plain, Notes())
        claim = _CLAIM.match(plain)
        if claim:
            first, second = sorted((claim.group(1), claim.group(3)))
            return Answer("text", f"{first} {claim.group(2)} {second}", plain, Notes())
        lead = _VERDICT_FIRST.match(plain)
        if lead:
            return Answer("text", f"{lead.group('word').lower()} {lead.group('rest')}", plain, Notes())
        named = _NAMED.match(plain)
        if named and not _is_math(named.group("name")):
            return read_answer(named.group("value"))
        qualified = _QUALIFIER.search(plain)
        if qualified and qualified.start() > 0:
            # "f(x) = ax where a >= 0": the answer is what comes before the condition on it.
            return read_answer(plain[: qualified.start()])
        raise


def _piecewise(text: str) -> list[tuple[sympy.Expr, str]] | None:
    """The (value, condition) of each case of a ``cases`` environment whose rows read ``value & condition``;
    None for anything else (``\\begin{cases} x &= 1 \\\\ y &= 2 \\end{cases}`` is a system)."""
    m = _CASES.match(text)
    if not m:
        return None
    rows = [row for row in re.split(r"\\\\", m.group("body")) if row.strip()]
    parts = [row.split("&", 1) for row in rows]
    if not parts or any(len(p) != 2 or not p[1].strip() or p[1].lstrip().startswith("=") for p in parts):
        return None
    pieces = []
    for value, condition in parts:
        read = read_answer(value)
        if read.kind != "expr":
            return None
        pieces.append((read.value, _CASE_WORDS.sub("", normalize(condition).lower())))
    return pieces


def _unwrapped(plain: str) -> str:
    """``(x = 1, y = 2)``: brackets around a whole list of equations only hold it together."""
    if not (plain.startswith("(") and plain.endswith(")")) or "=" not in plain:
        return plain
    depth = 0
    for k, char in enumerate(plain):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and k < len(plain) - 1:
            return plain
    inner = plain[1:-1]
    first = next((k for k, char in enumerate(inner)
                  if char == "," and inner[:k].count("(") == inner[:k].count(")")), None)
    return inner if first is not None and "=" in inner[:first] else plain


def _top_level_comma(text: str) -> bool:
    """Whether ``text`` has a comma outside brackets: ``a + min(x, y)`` has none."""
    depth = 0
    for char in text:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            return True
    return False


def _is_math(text: str) -> bool:
    """Whether the tokenizer reads ``text`` (a variable, ``f(x)``), rather than refusing its words."""
    try:
        tokenize(text)
    except MathInputError:
        return False
    return True


def _text_answer(plain: str) -> str | None:
    """A written-out answer ("Friday", "Yes", "converges absolutely"), lower case, or None."""
    if not _TEXT.fullmatch(plain):
        return None
    return " ".join(re.sub(r"[.,!()'’]", " ", plain).lower().split()) or None


def _read_plain(plain: str) -> Answer:
    congruence = _CONGRUENCE.match(plain)
    if congruence:
        builder = Builder()
        lhs, rhs, modulus = (builder.one(parse_expression(tokenize(congruence.group(part))))
                             for part in ("lhs", "rhs", "mod"))
        if modulus.is_zero:
            raise MathInputError("could not read the congruence: its modulus is 0")
        return Answer("congruence", (lhs, rhs, modulus), plain, builder.notes)
    function = _FUNCTION_LHS.match(plain)
    parts = _FUNCTIONS_LIST.split(plain) if function else []
    if len(parts) > 1:
        # "f(x) = x or f(x) = 2 - x": several functions that solve the problem.
        read = [_read_plain(part) for part in parts]
        if all(a.kind == "expr" and a.params == read[0].params for a in read):
            names = [a.var for a in read]
            if len(set(names)) == len(names):
                # "f(n) = n, g(n) = 1": one function each, named.
                return Answer("assign", dict(zip(names, (a.value for a in read))), plain, read[0].notes,
                              None, params=read[0].params)
            return Answer("values", [a.value for a in read], plain, read[0].notes, None,
                          var=read[0].var, params=read[0].params)
    call = None if function else _CALL_LHS.match(plain)
    if call and call.group(1) in FUNCTIONS and re.search(r"[A-Za-z]", call.group(2)):
        # "sqrt(19 + 3y) = 7" is an equation in y; "gcd(12, 18) = 6" states a value.
        call = None
    if call:
        # "I(6, 3) = 0" states the value of an expression written with a function name.
        return _read_plain(plain[call.end():])
    if function and not _top_level_comma(plain[function.end():]):
        answer = _read_plain(plain[function.end():])
        answer.var = function.group(1)
        answer.params = tuple(p.strip() for p in function.group(2).split(","))
        return answer
    tokens = _tokenize_with_labels(plain)
    builder = Builder()
    if isinstance(tokens, Answer):
        return tokens
    split = _split_quantity(tokens)
    if split is not None:
        number_tree = parse_expression(tokens[:split])
        number = builder.one(number_tree)
        factor, dim = read_units(tokens[split:])
        unit_text = plain[tokens[split].pos :].strip()
        return Answer("quantity", (number, factor), plain, builder.notes, number_tree,
                      unit_text=unit_text, dim=dim)
    tree = parse_tokens(tokens)
    return _interpret(tree, plain, builder)


def _tokenize_with_labels(plain: str) -> list[Token] | Answer:
    """The tokens of an answer, or a quantity when a number is followed by unit words ("53 minutes")."""
    try:
        return tokenize(plain)
    except MathInputError as exc:
        m = _LABEL.match(plain)
        words = re.findall(r"[A-Za-z]+", m.group("label")) if m else []
        if not m or not words or any(w in FUNCTIONS for w in words):
            raise
        try:
            builder = Builder()
            number_tree = parse_expression(tokenize(m.group("number")))
            number = builder.one(number_tree)
        except MathInputError:
            raise exc from None
    label = m.group("label").strip()
    known = [_UNIT_WORDS.get(w.lower(), w) for w in words]
    if len(words) == 1 and known[0] in UNITS:
        factor, dim = read_units(tokenize(known[0]))
        return Answer("quantity", (number, factor), plain, builder.notes, number_tree,
                      unit_text=label, dim=dim, labelled=True)
    return Answer("quantity", (number, sympy.Integer(1)), plain, builder.notes, number_tree,
                  unit_text=label, dim=None, labelled=True)


def _interpret(tree: tuple, plain: str, builder: Builder) -> Answer:
    items = [_item(node, builder) for node in tree[1]]
    if len(items) > 1:
        # "\cos\pi = -1, \sin\pi = 0": each part states a value, worked out and shown equal.
        items = [("expr", item[2]) if item[0] == "eq" and _shown_equal(item[1], item[2]) else item
                 for item in items]
    seps = tree[2]
    notes = builder.notes
    if len(items) == 1:
        tag, *rest = items[0]
        if tag == "expr":
            values = rest[0]
            if len(values) > 1:
                return Answer("values", values, plain, notes, tree)
            if isinstance(values[0], sympy.MatrixBase):
                return Answer("matrix", values[0], plain, notes, tree)
            return Answer("expr", values[0], plain, notes, tree[1][0])
        if tag == "eq":
            lhs, rhs = rest
            if all(isinstance(side[0], sympy.MatrixBase) for side in (lhs, rhs)):
                # "[M]^{-1} = [N]" states the matrix N, when the two sides agree.
                if lhs[0].shape == rhs[0].shape and (lhs[0] - rhs[0]).is_zero_matrix:
                    return Answer("matrix", rhs[0], plain, notes, tree)
                raise MathInputError("could not read the answer: the matrices on the two sides of '=' differ")
            if (len(lhs) == 1 and len(rhs) == 1 and not (lhs[0].free_symbols or rhs[0].free_symbols)
                    and sympy.simplify(lhs[0] - rhs[0]) == 0):
                # "28/4 = 7" states a value.
                return Answer("expr", rhs[0], plain, notes, tree[1][0][1][-1])
            if isinstance(lhs[0], sympy.Symbol) and len(lhs) == 1 and len(rhs) > 1:
                return Answer("values", rhs, plain, notes, tree, var=lhs[0].name)
            if len(lhs) > 1 or len(rhs) > 1:
                raise MathInputError("± is only allowed on the right of 'x = ...'.")
            var = lhs[0].name if isinstance(lhs[0], sympy.Symbol) and not rhs[0].has(lhs[0]) else None
            return Answer("equation", (lhs[0], rhs[0]), plain, notes, tree[1][0], var=var)
        if tag == "set":
            return Answer("set", rest[0], plain, notes, tree, var=rest[1])
        if tag == "values":
            return Answer("values", rest[0], plain, notes, tree)
        if tag == "tuple":
            return Answer("tuple", rest[0], plain, notes, tree, brackets=rest[1])
        if tag == "tuples":
            return Answer("tuples", rest[0], plain, notes, tree)
        if tag == "matrix":
            return Answer("matrix", rest[0], plain, notes, tree)
        if tag == "relation":
            return Answer("relation", tuple(rest), plain, notes, tree)
    tags = {item[0] for item in items}
    if tags <= {"tuple", "tuples"}:
        found = [t for item in items for t in (item[1] if item[0] == "tuples" else [item[1]])]
        return Answer("tuples", found, plain, notes, tree)
    if tags == {"expr"}:
        return Answer("values", fill_list([v for item in items for v in item[1]]), plain, notes, tree)
    if tags == {"values"}:
        return Answer("values", [v for item in items for v in item[1]], plain, notes, tree)
    if tags == {"eq", "expr"} and items[0][0] == "eq" and len(items[0][1]) == 1 and isinstance(
            items[0][1][0], sympy.Symbol):
        # "θ = π/6, π/4, 3π/4": several values of one unknown, named once.
        values = list(items[0][2]) + [v for item in items[1:] for v in item[1]]
        return Answer("values", values, plain, notes, tree, var=items[0][1][0].name)
    if tags == {"set"}:
        sets = [item[1] for item in items]
        joined = sympy.Union(*sets) if "or" in seps else sympy.Intersection(*sets)
        return Answer("set", joined, plain, notes, tree, var=items[0][2])
    if tags == {"eq"}:
        return _equations(items, plain, notes, tree)
    raise MathInputError("could not tell what kind of answer this is: it mixes different kinds "
                         "of parts (for example an equation and a list)")


def _shown_equal(lhs: list, rhs: list) -> bool:
    """Whether ``lhs = rhs`` is a true statement between two numbers (``28/4 = 7``)."""
    return (len(lhs) == len(rhs) == 1 and lhs[0].is_number and rhs[0].is_number
            and sympy.simplify(lhs[0] - rhs[0]) == 0)


def _base_name(sym: Any) -> str | None:
    return sym.name.split("_")[0] if isinstance(sym, sympy.Symbol) else None


def _equations(items: list[tuple], plain: str, notes: Notes, tree: tuple) -> Answer:
    lhs = [item[1] for item in items]
    if all(len(l) == 1 and isinstance(l[0], sympy.Symbol) for l in lhs):
        names = [l[0].name for l in lhs]
        bases = {_base_name(l[0]) for l in lhs}
        values = [v for item in items for v in item[2]]
        if len(bases) == 1 and (len(set(names)) == 1 or all("_" in n for n in names)):
            return Answer("values", values, plain, notes, tree, var=bases.pop())
        if len(set(names)) == len(names) and all(len(item[2]) == 1 for item in items):
            return Answer("assign", {n: item[2][0] for n, item in zip(names, items)}, plain, notes, tree)
    for item in items:
        if len(item[1]) > 1 or len(item[2]) > 1:
            raise MathInputError("± is only allowed on the right of 'x = ...'.")
    return Answer("system", [(item[1][0], item[2][0]) for item in items], plain, notes, tree)


def _item(node: tuple, builder: Builder) -> tuple:
    kind = node[0]
    if kind == "rel" and node[2] == ["="] and all(e[0] == "group" for e in node[1]):
        names, values = (_group(e, builder) for e in node[1])
        if names[0] == values[0] == "tuple" and len(names[1]) == len(values[1]):
            # "(b, c) = (6, 5)" names the parts of an ordered pair.
            return ("tuple", values[1], values[2])
    if kind == "rel":
        return _relation(node, builder)
    if kind == "in":
        var = builder.one(node[1])
        if not isinstance(var, sympy.Symbol):
            raise MathInputError("could not read the answer: write 'x ∈ [a, b]' with a variable on the left")
        return ("set", _as_set(node[2], builder), var.name)
    if kind in ("union", "inter", "minus"):
        return ("set", _as_set(node, builder), None)
    if kind == "group":
        return _group(node, builder)
    return ("expr", builder.all(node))


def _relation(node: tuple, builder: Builder) -> tuple:
    exprs, ops = node[1], node[2]
    if all(op == "=" for op in ops):
        sides = [builder.all(e) for e in exprs]
        return ("eq", sides[0], sides[-1])
    if "=" in ops:
        raise MathInputError("could not read the answer: it mixes '=' with '<' or '>'")
    values = [builder.one(e) for e in exprs]
    conditions = [_RELATIONS[op](a, b) for op, a, b in zip(ops, values, values[1:])]
    symbols = set().union(*(v.free_symbols for v in values))
    if len(symbols) > 1 and len(ops) == 1 and ops[0] != "!=":
        # "a > b", "a^b > 3^n/n": a claim between several variables, not a set on the line.
        return ("relation", values[0], ops[0], values[1])
    if len(symbols) != 1:
        raise MathInputError("could not read the inequality: it needs exactly one variable")
    var = symbols.pop()
    simple = [_ray(c, var) for c in conditions]
    if all(r is not None for r in simple):
        return ("set", sympy.Intersection(*simple), var.name)
    try:
        result = sympy.And(*conditions).as_set()
    except (NotImplementedError, TypeError, ValueError) as exc:
        raise MathInputError(f"could not solve the inequality {node}: {exc}") from exc
    return ("set", result, var.name)


def _ray(condition: sympy.Basic, var: sympy.Symbol) -> sympy.Set | None:
    """``x < 3``-style conditions as intervals directly; solving them is much slower."""
    if not isinstance(condition, sympy.core.relational.Relational) or isinstance(condition, sympy.Ne):
        return None
    lhs, rhs, op = condition.lhs, condition.rhs, condition.rel_op
    if rhs == var and lhs.is_number:
        lhs, rhs, op = rhs, lhs, {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
    if lhs != var or not rhs.is_number or not rhs.is_real:
        return None
    if op in ("<", "<="):
        return sympy.Interval(-sympy.oo, rhs, right_open=op == "<")
    return sympy.Interval(rhs, sympy.oo, left_open=op == ">")


def _as_set(node: tuple, builder: Builder) -> sympy.Set:
    if node[0] == "union":
        # Unevaluated: SymPy's union of intervals with surd ends is slow, and comparing sets merges them.
        return sympy.Union(_as_set(node[1], builder), _as_set(node[2], builder), evaluate=False)
    if node[0] in ("inter", "minus"):
        combine = sympy.Intersection if node[0] == "inter" else sympy.Complement
        return combine(_as_set(node[1], builder), _as_set(node[2], builder))
    if node[0] == "group":
        tag, *rest = _group(node, builder)
        if tag == "tuple" and len(rest[0]) == 2:
            return interval(rest[0], rest[1])
        if tag == "set":
            return rest[0]
        if tag == "values":
            return sympy.FiniteSet(*rest[0])
    if node[0] == "name" and node[1] == "R":
        return sympy.Reals
    raise MathInputError("could not read the set: write an interval like [0, oo) or a list like {1, 2}")


def interval(ends: list[sympy.Expr], brackets: str) -> sympy.Set:
    """The interval that ``(a, b]``-style brackets and two ends describe."""
    lo, hi = ends
    return sympy.Interval(lo, hi, left_open=brackets[0] == "(" or lo == -sympy.oo,
                          right_open=brackets[1] == ")" or hi == sympy.oo)


def _is_matrix(node: tuple) -> bool:
    return (node[0] == "group" and node[1] == "[" and len(node[3]) > 1
            and all(item[0] == "group" and item[1] == "[" for item in node[3]))


def _group(node: tuple, builder: Builder) -> tuple:
    opener, closer, items = node[1], node[2], node[3]
    if opener + closer == "[]" and len(items) == 1 and _is_matrix(items[0]):
        # "\left[\begin{array}...\end{array}\right]": brackets around a matrix are the matrix's own.
        return _group(items[0], builder)
    if opener in "{[" and len(items) > 1 and all(i[0] == "group" and i[1] == "(" for i in items):
        return ("tuples", [_group(i, builder)[1] for i in items])
    if opener == "{":
        values: list[sympy.Expr] = []
        for item in items:
            if item[0] == "rel" and item[2] == ["="]:
                values.extend(builder.all(item[1][1]))
            else:
                values.extend(builder.all(item))
        return ("values", fill_list(values))
    if items and all(i[0] == "group" and i[1] == "[" for i in items) and opener == "[":
        rows = [[builder.one(c) for c in row[3]] for row in items]
        if len({len(r) for r in rows}) != 1:
            raise MathInputError("could not read the matrix: its rows have different lengths")
        return ("matrix", sympy.Matrix(rows))
    ends = fill_list([builder.one(i) for i in items])
    if opener + closer in ("(]", "[)"):
        if len(ends) != 2:
            raise MathInputError(f"could not read the interval {opener}...{closer}: it needs two ends")
        return ("set", interval(ends, opener + closer), None)
    return ("tuple", ends, opener + closer)


def _shown(value: Any, decimals: bool) -> str:
    """A value as text; a number written as a decimal is shown as one (0.00032, not 1/3125)."""
    if decimals and isinstance(value, sympy.Rational) and not value.is_Integer:
        rest = value.q
        for prime in (2, 5):
            while rest % prime == 0:
                rest //= prime
        if rest == 1:
            with localcontext() as context:
                context.prec = len(str(value.p)) + len(str(value.q)) + 2
                return format((Decimal(value.p) / Decimal(value.q)).normalize(), "f")
    return sympy.sstr(value)


def describe(answer: Answer) -> str:
    """A short normalized form of an answer, shown beside the verdict."""
    value = answer.value
    decimals = answer.notes.decimals
    if answer.kind == "expr":
        return _shown(value, decimals)
    if answer.kind == "values":
        prefix = f"{answer.var} ∈ " if answer.var else ""
        return prefix + "{" + ", ".join(_shown(v, decimals) for v in value) + "}"
    if answer.kind == "equation":
        return f"{sympy.sstr(value[0])} = {_shown(value[1], decimals)}"
    if answer.kind == "system":
        return ", ".join(f"{sympy.sstr(l)} = {sympy.sstr(r)}" for l, r in value)
    if answer.kind == "assign":
        return ", ".join(f"{k} = {_shown(v, decimals)}" for k, v in sorted(value.items()))
    if answer.kind == "set":
        return (f"{answer.var} ∈ " if answer.var else "") + sympy.sstr(value)
    if answer.kind == "tuple":
        return "(" + ", ".join(_shown(v, decimals) for v in value) + ")"
    if answer.kind == "tuples":
        return ", ".join("(" + ", ".join(_shown(v, decimals) for v in t) + ")" for t in value)
    if answer.kind == "text":
        return value
    if answer.kind == "matrix":
        return sympy.sstr(value.tolist())
    if answer.kind == "relation":
        return f"{sympy.sstr(value[0])} {value[1]} {sympy.sstr(value[2])}"
    if answer.kind == "cases":
        return "; ".join(f"{sympy.sstr(v)} if {c}" if c != "otherwise" else f"{sympy.sstr(v)} otherwise"
                         for v, c in value)
    if answer.kind == "congruence":
        return f"{sympy.sstr(value[0])} ≡ {sympy.sstr(value[1])} (mod {sympy.sstr(value[2])})"
    return f"{_shown(value[0], decimals)} {answer.unit_text}"
