"""The allow-list tokenizer: the only gate between typed text and SymPy.

Everything that is not a number, a known function or constant, a short
variable name, an operator or a bracket is refused, naming what could not be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor_app.errors import MathInputError

FUNCTIONS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "asin", "acos",
    "atan", "sinh", "cosh", "tanh", "ln", "log", "exp", "sqrt", "cbrt", "root", "abs",
    "factorial", "floor", "ceil", "arcsec", "arccsc", "arccot", "cosec", "max", "binomial",
    "summation", "integral", "limit", "gcd", "lcm",
}
# Short English words that would otherwise be read as products of single-letter variables
# ("ten" is not t*e*n): they are refused by name instead.
WORDS_NOT_VARIABLES = {
    "the", "is", "are", "was", "its", "get", "set", "all", "any", "has", "had", "not", "yes", "no",
    "but", "for", "nor", "yet", "our", "you", "can", "may", "one", "two", "six", "ten", "pct",
    "per", "and", "or", "none", "odd", "sum", "lim", "int", "mod", "det", "how",
    "why", "who", "way", "too", "due", "let", "see", "use", "ans", "hrs", "yrs", "mph", "ft",
    "lb", "lbs", "oz", "sq", "non", "out", "off", "of",
}
CONSTANTS = {"pi", "oo", "e", "i", "j"}
GREEK = {"alpha", "beta", "gamma", "theta", "phi", "omega", "lambda", "mu", "sigma", "rho",
         "tau", "delta", "Delta", "zeta", "eta", "kappa", "epsilon", "psi", "chi", "Gamma", "Theta",
         "Lambda", "Sigma", "Phi", "Psi", "Omega"}
WORDS = {"or", "and", "in"}
UNIT_WORDS = {
    "cm", "mm", "km", "kg", "mg", "ms", "min", "mL", "ml", "kPa", "Pa", "Hz", "kJ", "kW", "kN",
    "mA", "mV", "kV", "mol", "rad", "deg", "µm", "µs", "µg", "nm", "ns", "hr", "MPa", "GPa",
    "cal", "kcal", "eV", "kWh", "Wh", "day", "days", "ohm", "Ω", "MJ", "MW",
}
MAX_NAME_SPLIT = 3

_PATTERN = re.compile(
    r"""
    (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+(?![A-Za-z]))?)
   |(?P<name>[A-Za-zµΩ\u0391-\u03c9ℏℓ]+(?:_(?:\d+|[A-Za-z]+\b))?'{0,3})
   |(?P<rel><=|>=|!=|==|=|<|>)
   |(?P<arrow>->)
   |(?P<op>\*\*|[-+*/^!%°±'∪∩∖|])
   |(?P<open>[(\[{])
   |(?P<close>[)\]}])
   |(?P<sep>[,;])
   |(?P<ellipsis>…)
   |(?P<space>\s+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One piece of an answer: ``kind`` is num, name, func, const, word, unit, rel, op, open, close, sep or
    ellipsis (``…``, terms left out)."""

    kind: str
    text: str
    pos: int


def _names(text: str, pos: int) -> list[Token]:
    """Classify a run of letters, splitting short unknown runs into single-letter variables."""
    bare = text.rstrip("'")
    if bare != text:
        # "y'" and "y''": a derivative is a variable of its own, named with its primes.
        head = _names(bare, pos)
        if head[-1].kind != "name":
            raise MathInputError(f"could not read the prime after '{head[-1].text}': it marks the derivative "
                                 "of a variable")
        return head[:-1] + [Token("name", head[-1].text + text[len(bare):], head[-1].pos)]
    base, _, sub = text.partition("_")
    if sub and base in FUNCTIONS:
        return [Token("func", text, pos)]
    if sub and (base in GREEK or base == "angle"):
        # "angle_ABC" is one angle: "∠ABC" is never the product B*A*C.
        return [Token("name", text, pos)]
    if sub:
        head = _names(base[:-1], pos) if len(base) > 1 else []
        return head + [Token("name", base[-1] + "_" + sub, pos + len(base) - 1)]
    if text in FUNCTIONS:
        return [Token("func", text, pos)]
    if text in CONSTANTS:
        return [Token("const", text, pos)]
    if text in WORDS:
        return [Token("word", text, pos)]
    if text in GREEK:
        return [Token("name", text, pos)]
    if text in UNIT_WORDS:
        return [Token("unit", text, pos)]
    for name in sorted(FUNCTIONS | GREEK, key=len, reverse=True):
        if text.startswith(name) and len(text) - len(name) <= MAX_NAME_SPLIT:
            return _names(name, pos) + _names(text[len(name):], pos + len(name))
    for name in sorted(FUNCTIONS, key=len, reverse=True):
        # "xsin" or "2xcos": a known function glued to short variable names.
        at = text.find(name)
        if at > 0 and at <= MAX_NAME_SPLIT and text[at:] in FUNCTIONS | GREEK:
            return _names(text[:at], pos) + _names(text[at:], pos + at)
    if len(text) > MAX_NAME_SPLIT or text.lower() in WORDS_NOT_VARIABLES:
        raise MathInputError(
            f"could not read the word '{text}': it is not a known function, constant or variable"
        )
    return [Token("const" if c in CONSTANTS else "name", c, pos + k) for k, c in enumerate(text)]


def _context(text: str, pos: int) -> str:
    """A few characters around ``pos``, so a reason can show where the problem is."""
    start, end = max(0, pos - 8), min(len(text), pos + 9)
    return f"'{'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''}'"


def tokenize(text: str) -> list[Token]:
    """Split normalised text into allow-listed tokens, or raise MathInputError naming what could not be read."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _PATTERN.match(text, pos)
        if not m:
            command = re.match(r"\\[A-Za-z]+", text[pos:])
            if command:
                raise MathInputError(f"could not read the LaTeX command '{command.group()}': it is not "
                                     "one the checker knows")
            raise MathInputError(f"could not read the symbol '{text[pos]}' in {_context(text, pos)}")
        kind = m.lastgroup
        value = m.group()
        if kind == "name":
            tokens.extend(_names(value, pos))
        elif kind == "op" and value == "**":
            tokens.append(Token("op", "^", pos))
        elif kind == "rel" and value == "==":
            tokens.append(Token("rel", "=", pos))
        elif kind != "space":
            tokens.append(Token(kind, value, pos))
        pos = m.end()
    if not tokens:
        raise MathInputError("could not read an empty answer")
    if any(t.kind == "name" for t in tokens):
        # "2\sqrt{80 h j^4 k}": beside other letters j is one more of them; the engineer's
        # imaginary unit comes in numbers alone ("3 + 4j").
        tokens = [Token("name", t.text, t.pos) if t.kind == "const" and t.text == "j" else t for t in tokens]
    return tokens
