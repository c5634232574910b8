"""Model LaTeX turned into the math markdown Streamlit renders (``$...$``), or into HTML with MathML.

Models write ``\\( \\)``, ``\\[ \\]``, ``equation``/``align`` environments and
lines of bare LaTeX; Streamlit's markdown (KaTeX) only knows dollar
delimiters. Text inside code fences and existing dollar math is left alone,
and an unfinished delimiter (a stream cut mid-formula) stays as it is until
its closing half arrives. Printed pages (feedback sheets, worksheets) get the
same formulas as MathML, which every browser renders with no script or network.
"""

from __future__ import annotations

import re
from html import escape

from latex2mathml.converter import convert

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
_DISPLAY = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)
_ENVIRONMENT = re.compile(
    r"\\begin\{(equation|align|gather|multline)(\*?)\}(.+?)\\end\{\1\2\}", re.DOTALL
)
_LIST_MARKER = re.compile(r"^(\s*(?:[-*+]|\d{1,3}[.)])\s+)?(.*?)(\s*)$")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_TEXT_ARG = re.compile(r"\\(?:text|mathrm|operatorname|textbf|mbox)\{[^{}]*\}")
# Four or more letters in a row outside commands reads as prose, not a formula.
_PROSE_WORD = re.compile(r"[A-Za-z]{4,}|[\u4e00-\u9fff]")
_MATH_HINT = re.compile(r"\\[A-Za-z]+|\^\{|_\{")
_UNFINISHED = re.compile(r"\\[(\[]|\\begin\{")
_EXTRA_BLANKS = re.compile(r"\n{3,}")


def normalize_math(text: str) -> str:
    """Rewrite every LaTeX delimiter style in ``text`` into dollar math for Streamlit."""
    out: list[str] = []
    prose: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            if not in_fence:
                out.extend(_convert_block("\n".join(prose)).split("\n") if prose else [])
                prose = []
            else:
                out.append(line)
                in_fence = False
                continue
            in_fence = True
            out.append(line)
        elif in_fence:
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.extend(_convert_block("\n".join(prose)).split("\n"))
    return "\n".join(out)


def _convert_block(original: str) -> str:
    text = _ENVIRONMENT.sub(_environment, original)
    text = _DISPLAY.sub(lambda m: _display(m.group(1)), text)
    text = _INLINE.sub(lambda m: f"${m.group(1).strip()}$", text)
    text = _EXTRA_BLANKS.sub("\n\n", text)
    if not original.startswith("\n"):
        text = text.lstrip("\n")
    if not original.endswith("\n"):
        text = text.rstrip("\n")
    return "\n".join(_wrap_bare_line(line) for line in _split_keep_display(text))


def _environment(match: re.Match[str]) -> str:
    name, body = match.group(1), match.group(3).strip()
    if name in ("align", "gather", "multline"):
        # KaTeX only accepts these inside display math as the *ed/aligned forms.
        inner = "aligned" if name == "align" else "gathered"
        body = f"\\begin{{{inner}}}{body}\\end{{{inner}}}"
    return _display(body)


def _display(body: str) -> str:
    return f"\n$$\n{body.strip()}\n$$\n"


def _split_keep_display(text: str) -> list[str]:
    """The lines of ``text``, with each ``$$`` block joined into one item so it is never re-wrapped."""
    items: list[str] = []
    block: list[str] | None = None
    for line in text.split("\n"):
        if block is not None:
            block.append(line)
            if line.strip().endswith("$$"):
                items.append("\n".join(block))
                block = None
        elif line.strip().startswith("$$") and not _closes_on_same_line(line):
            block = [line]
        else:
            items.append(line)
    if block is not None:
        items.append("\n".join(block))
    return items


def _closes_on_same_line(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 2 and stripped.endswith("$$") and stripped != "$$"


def _wrap_bare_line(line: str) -> str:
    """Put a line of bare LaTeX (no dollars, no prose) inside ``$...$``."""
    if "$" in line or "\n" in line or _UNFINISHED.search(line) or not _MATH_HINT.search(line):
        return line
    marker, body, tail = _LIST_MARKER.match(line).groups()
    if not body or is_prose(body):
        return line
    return f"{marker or ''}${body}${tail}"


_CONNECTIVE = re.compile(r"\s+(or|and)\s+")


def math_html(text: str) -> str:
    """``text`` as HTML: prose escaped, every formula (any LaTeX delimiter) as MathML."""
    normalized = normalize_math(text)
    parts: list[str] = []
    last = 0
    for match in MATH_SPAN.finditer(normalized):
        parts.append(_prose_html(normalized[last:match.start()]))
        parts.append(latex_mathml(math_body(match), display=match.group(1) is not None))
        last = match.end()
    parts.append(_prose_html(normalized[last:]))
    return "".join(parts)


def formula_html(text: str) -> str:
    """One short answer such as ``2(x+1)`` or ``x = 7`` as MathML; prose or delimited text via math_html."""
    if "$" in text or "\\(" in text or "\\[" in text or is_prose(text):
        return math_html(text)
    # "x = 2 or x = 3": the words between formulas stay words.
    return latex_mathml(_CONNECTIVE.sub(r"\\quad\\text{\1}\\quad ", text))


def latex_mathml(latex: str, *, display: bool = False) -> str:
    """A MathML element for ``latex``; the escaped source when it is not LaTeX the converter knows."""
    # katex_formula's dollar sign, which the converter would show as its name.
    source = latex.strip().replace("\\text{\\textdollar}", "\\$")
    if not source:
        return ""
    try:
        return convert(source, display="block" if display else "inline")
    # The converter raises many kinds of error on malformed input; a model's typo must not lose the sheet.
    except Exception:  # noqa: BLE001
        return f"<code>{escape(source)}</code>"


def _prose_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def keep_line_breaks(markdown: str) -> str:
    """Markdown in which each line stays its own line (Markdown joins single line breaks into one paragraph)."""
    items = _split_keep_display(markdown)
    return "\n".join(
        item.rstrip() + "  " if "\n" not in item and item.strip() and following.strip() else item
        for item, following in zip(items, [*items[1:], ""], strict=True))


_TYPED_RELATIONS = [(">=", r"\ge "), ("<=", r"\le "), ("!=", r"\ne "), ("*", r"\cdot "), ("±", r"\pm ")]
_TYPED_NAMES = {"pi": r"\pi ", "oo": r"\infty ", "inf": r"\infty ", "infinity": r"\infty ",
                "sin": r"\sin ", "cos": r"\cos ", "tan": r"\tan ", "ln": r"\ln ", "log": r"\log ", "exp": r"\exp "}
_TYPED_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}|[\u4e00-\u9fff]+")


def typed_to_latex(typed: str) -> str:
    """A typed answer (``x^2 >= sqrt(2) or x = pi``) as LaTeX for a preview; LaTeX input is kept as it is."""
    text = typed.strip()
    if "\\" in text:
        return text
    text = re.sub(r"([{}%$#&])", r"\\\1", text)
    text = _sqrt_to_latex(text)
    text = re.sub(r"\^\(([^()]*)\)", r"^{\1}", text)
    text = re.sub(r"\^(\d{2,})", r"^{\1}", text)
    for plain, latex in _TYPED_RELATIONS:
        text = text.replace(plain, latex)
    return _TYPED_WORD.sub(lambda m: _TYPED_NAMES.get(m.group().lower(), rf"\text{{ {m.group()} }}"), text)


def _sqrt_to_latex(text: str) -> str:
    while (start := text.find("sqrt(")) >= 0:
        depth, end = 0, None
        for i in range(start + 4, len(text)):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                end = i
                break
        if end is None:
            return text
        text = f"{text[:start]}\\sqrt{{{text[start + 5:end]}}}{text[end + 1:]}"
    return text


def is_prose(text: str) -> bool:
    """Whether ``text`` reads as words, not a formula: Chinese, or four letters in a row outside LaTeX commands."""
    return bool(_PROSE_WORD.search(_COMMAND.sub(" ", _TEXT_ARG.sub(" ", text))))


# Where math is in text, for every reader of it: $$...$$, \[...\], \(...\) and $...$
# (not a price: no space just inside the dollars). Groups: display, bracket, paren, inline.
MATH_SPAN = re.compile(
    r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$(?!\s)([^$\n]+?)(?<![\s\\])\$",
    re.DOTALL,
)


def math_body(match: re.Match[str]) -> str:
    """The formula inside a ``MATH_SPAN`` match, whichever delimiters it has."""
    return next(group for group in match.groups() if group is not None)


# Link syntax that must not hide inside what looks like math: []( and ]: and bare addresses.
_LINKISH = re.compile(r"\]\s*[(:]|://|www\.", re.IGNORECASE)
# Backslashes, brackets (links, images) and angle brackets (autolinks, HTML) in prose; \$ is left
# as written, Markdown's own way to show a dollar sign (a price) that opens no formula.
_MARKDOWN_ACTIVE = re.compile(r"\\(?!\$)|[\[\]<>]")
# A dollar before a number outside any formula is a price ("costs $5 and $7", "$5 × 3 = $16"): left bare,
# Streamlit's Markdown would draw the words between two prices as a formula.
_PRICE = re.compile(r"(?<!\\)\$(?=\d)")
# What GitHub-flavoured Markdown turns into a link on its own: scheme://, www. and e-mail addresses.
# It finds them in the text after escapes are undone, so an invisible word joiner breaks them up.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<=\bwww)(\.)|(?<=[\w.+-])(@)(?=[\w-]+\.)", re.IGNORECASE)


_TYPED_FUNCTION = re.compile(r"(?<![\\A-Za-z])(sin|cos|tan|cot|sec|csc|log|ln|lg|exp)(?![A-Za-z])")
_TYPED_UNIT = re.compile(r"(?<=\d)\s*(cm|mm|km|kg|mg|min|hr|kJ|kW|kPa|Hz|mL|ml|mol)(?![A-Za-z])")
# "Area = 3 × 4": a word naming the quantity a line starts from (two letters, "AB", may be a segment).
_TYPED_NAME = re.compile(r"^([A-Za-z]{3,})(?=\s*=)")


def katex_formula(latex: str) -> str:
    """``latex`` ready to go between dollars in Streamlit's Markdown: a price in it (``\\$15``) is drawn
    by KaTeX as a dollar sign, since Streamlit's Markdown would end the formula at that dollar. In a
    typed line (no LaTeX command in it) function names, units and the name of the quantity
    (``log 100``, ``12 cm^2``, ``Area = …``) are set upright, not as a product of letters."""
    if "\\" not in latex:
        latex = _TYPED_UNIT.sub(r"\\,\\mathrm{\1}", _TYPED_FUNCTION.sub(r"\\\1", latex))
        latex = _TYPED_NAME.sub(r"\\text{\1}", latex)
    return latex.replace("\\$", "\\text{\\textdollar}")


def inert_markdown(text: str) -> str:
    """Untrusted text as Markdown that shows links, images and HTML as typed, with its math rendered."""
    converted = normalize_math(text)
    out: list[str] = []
    last = 0
    for match in MATH_SPAN.finditer(converted):
        if _LINKISH.search(match.group(0)):
            continue
        out.append(_inert_prose(converted[last : match.start()]))
        # A bare % would start a KaTeX comment and hide the rest of the formula ("$5% of 200 = 10$").
        out.append(re.sub(r"(?<!\\)%", r"\\%", match.group(0)))
        last = match.end()
    out.append(_inert_prose(converted[last:]))
    return "".join(out)


def _inert_prose(text: str) -> str:
    text = _MARKDOWN_ACTIVE.sub(lambda m: "\\" + m.group(0), text)
    text = _PRICE.sub(r"\\$", text)
    return _AUTOLINK.sub(lambda m: "\u2060" + m.group(0), text)


def inline_code(text: str) -> str:
    """``text`` as a Markdown code span that nothing in it can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space keeps a leading or trailing backtick from joining the fence.
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"
