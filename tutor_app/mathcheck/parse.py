"""A small Pratt parser from allow-listed tokens to a tuple syntax tree.

The tree keeps what was written (``6/8`` stays a division, ``sqrt(8)`` stays a
root) so form requirements can be checked before SymPy simplifies anything.
"""

from __future__ import annotations

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.tokens import Token

MAX_RECURSION = 150
_ATOM_START = {"num", "name", "const", "func", "open", "unit", "ellipsis"}
_CLOSE = {"(": ")", "[": "]", "{": "}"}
_SET_OPS = {"∪": "union", "U": "union", "∩": "inter", "∖": "minus"}
# ``sin^-1 x`` is arcsin x, never 1/sin x.
_INVERSES = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sec": "arcsec", "csc": "arccsc",
             "cot": "arccot", "cosec": "arccsc"}


class Parser:
    """Recursive descent over tokens; every method returns a syntax-tree tuple."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> Token | None:
        """The token ``offset`` ahead, or None at the end."""
        k = self.i + offset
        return self.tokens[k] if k < len(self.tokens) else None

    def take(self) -> Token:
        """Consume and return the next token."""
        tok = self.peek()
        if tok is None:
            raise MathInputError("could not read the answer: it ends too early")
        self.i += 1
        return tok

    def fail(self, tok: Token | None, why: str = "") -> MathInputError:
        """An error naming the token and what comes before it."""
        if tok is None:
            return MathInputError("could not read the answer: it ends too early")
        k = self.tokens.index(tok)
        before = " ".join(t.text for t in self.tokens[max(0, k - 3) : k])
        where = f" after '{before}'" if before else " at the start"
        return MathInputError(f"could not read '{tok.text}'{where}{why}")

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_RECURSION:
            raise MathInputError("The answer is nested too deeply to check.")

    def sequence(self) -> tuple:
        """Top level: items separated by commas, semicolons, ``or`` and ``and``."""
        items, seps = [self.relation()], []
        while (tok := self.peek()) is not None:
            if tok.kind == "sep" or (tok.kind == "word" and tok.text in ("or", "and")):
                self.take()
                seps.append(tok.text)
                items.append(self.relation())
            else:
                raise self.fail(tok)
        return ("seq", items, seps)

    def relation(self) -> tuple:
        """An expression, a chain of relations, or ``x in SET``."""
        first = self.union()
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text == "in":
            self.take()
            return ("in", first, self.union())
        exprs, ops = [first], []
        while (tok := self.peek()) is not None and tok.kind == "rel":
            ops.append(self.take().text)
            exprs.append(self.union())
        return ("rel", exprs, ops) if ops else first

    def union(self) -> tuple:
        """Sets joined with the union, intersection and difference signs."""
        node = self.sum()
        while (tok := self.peek()) is not None and tok.text in _SET_OPS and tok.kind == "op":
            self.take()
            node = (_SET_OPS[tok.text], node, self.sum())
        return node

    def sum(self) -> tuple:
        """Terms joined by ``+``, ``-`` and ``±``."""
        self._enter()
        node = self.term()
        while (tok := self.peek()) is not None and tok.text in "+-±" and tok.kind == "op":
            self.take()
            kind = {"+": "add", "-": "sub", "±": "pm"}[tok.text]
            node = (kind, node, self.term())
        self.depth -= 1
        return node

    def term(self) -> tuple:
        """Factors joined by ``*``, ``/`` or written side by side."""
        node = self.unary()
        while (tok := self.peek()) is not None:
            if tok.kind == "op" and tok.text in "*/":
                self.take()
                node = ("mul" if tok.text == "*" else "div", node, self.unary())
            elif tok.kind in _ATOM_START:
                prev = self.tokens[self.i - 1]
                if tok.kind == "num" and prev.kind == "num":
                    raise self.fail(tok, ": two numbers in a row")
                node = ("mul", node, self.power())
            else:
                break
        return node

    def unary(self) -> tuple:
        """A signed factor."""
        tok = self.peek()
        if tok is not None and tok.kind == "op" and tok.text in "+-±":
            self.take()
            self._enter()
            inner = self.unary()
            self.depth -= 1
            return {"+": inner, "-": ("neg", inner), "±": ("upm", inner)}[tok.text]
        return self.power()

    def power(self) -> tuple:
        """A postfix atom, raised to a power (right-associative)."""
        base = self.postfix()
        tok = self.peek()
        if tok is not None and tok.kind == "op" and tok.text == "^":
            self.take()
            self._enter()
            exponent = self.unary()
            self.depth -= 1
            return self._postfix(("pow", base, exponent))
        return base

    def postfix(self) -> tuple:
        """An atom followed by ``!``, ``%`` or ``°``."""
        return self._postfix(self.atom())

    def _postfix(self, node: tuple) -> tuple:
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text in "!%°":
            self.take()
            node = ({"!": "fact", "%": "pct", "°": "deg"}[tok.text], node)
        return node

    def atom(self) -> tuple:
        """A number, name, constant, function call, bracket group, ``|x|`` or ``…``."""
        tok = self.take()
        if tok.kind == "unit" and tok.text == "min" and (nxt := self.peek()) is not None and nxt.text in "({":
            return self.call(Token("func", "min", tok.pos))
        if tok.kind in ("num", "name", "const", "unit"):
            return (tok.kind, tok.text)
        if tok.kind == "ellipsis":
            return ("ellipsis",)
        if tok.kind == "func":
            return self.call(tok)
        if tok.kind == "open":
            return self.group(tok)
        if tok.kind == "op" and tok.text == "|":
            inner = self.sum()
            close = self.take()
            if close.text != "|":
                raise self.fail(close, ": expected '|' to close the absolute value")
            return ("call", "abs", [inner])
        raise self.fail(tok)

    def call(self, func: Token) -> tuple:
        """``f(args)``, ``f^2 x`` or ``f x`` (the argument runs to the next operator)."""
        exponent = None
        tok = self.peek()
        if tok is not None and tok.kind == "op" and tok.text == "^":
            self.take()
            exponent = self.unary() if (nxt := self.peek()) is not None and nxt.text == "-" else self.postfix()
            if exponent in (("neg", ("num", "1")),) and func.text in _INVERSES:
                func, exponent = Token("func", _INVERSES[func.text], func.pos), None
        tok = self.peek()
        if tok is not None and tok.kind == "open" and tok.text in "({":
            self.take()
            args = [self.sum()]
            while (sep := self.take()).kind == "sep":
                args.append(self.sum())
            if sep.text != _CLOSE[tok.text]:
                raise self.fail(sep, f": expected '{_CLOSE[tok.text]}' to close {func.text}{tok.text}")
        elif tok is not None and (tok.kind in _ATOM_START and tok.kind != "func" or tok.text == "|"):
            arg = self.power()
            while (nxt := self.peek()) is not None and nxt.kind in ("num", "name", "const"):
                arg = ("mul", arg, self.power())
            args = [arg]
        else:
            raise self.fail(tok, f": {func.text} needs an argument") if tok else self.fail(None)
        node = ("call", func.text, args)
        return ("pow", node, exponent) if exponent is not None else node

    def group(self, opener: Token) -> tuple:
        """A bracketed expression, tuple, interval, set or matrix row."""
        self._enter()
        tok = self.peek()
        if tok is not None and tok.kind == "close":
            self.take()
            self.depth -= 1
            return ("group", opener.text, tok.text, [])
        items = [self.relation()]
        while (tok := self.peek()) is not None and tok.kind == "sep":
            self.take()
            items.append(self.relation())
        if tok is None:
            raise MathInputError(f"could not read the answer: a '{opener.text}' is never closed")
        self.take()
        if tok.kind != "close":
            raise self.fail(tok, f": expected a closing bracket for '{opener.text}'")
        self.depth -= 1
        if len(items) == 1 and _CLOSE[opener.text] == tok.text and opener.text != "{":
            return items[0] if opener.text == "(" else ("group", opener.text, tok.text, items)
        return ("group", opener.text, tok.text, items)


def parse_tokens(tokens: list[Token]) -> tuple:
    """The syntax tree of a whole answer."""
    return Parser(tokens).sequence()


def parse_expression(tokens: list[Token]) -> tuple:
    """The syntax tree of tokens that must form one expression."""
    parser = Parser(tokens)
    node = parser.sum()
    if parser.peek() is not None:
        raise parser.fail(parser.peek())
    return node
