"""What a problem asks for when it is worded in a textbook's set phrases. Plain text work, no SymPy.

"Find the remainder when $2^{10}$ is divided by 7", "What is the value of $x$ if $3x + 1 = 7$?",
"Express your answer as a common fraction": which computation is asked, on which formulas, and in
what form. The words are those of ``cas._split_math``, each formula replaced by ``§``. A phrase that
adds anything (a condition, "positive", "in terms of") matches nothing, so the computer algebra
system stays silent rather than answer a different question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACE = (r"(?:ten|hundred|thousand|ten\s+thousand|hundred\s+thousand|million|whole\s+number|integer|"
          r"tenth|hundredth|thousandth|ten-thousandth)")
# The form an answer is asked in; "simplest radical form" keeps roots, which the CAS does anyway.
_FORM = (r"(?:an?\s+)?(?P<form>(?:common\s+|improper\s+)?fraction|mixed\s+number|(?:terminating\s+)?decimal|"
         r"simplest\s+(?:radical\s+)?form|lowest\s+terms|interval\s+notation|base\s+(?:10|ten)|ordered\s+pair)"
         r"(?:\s+in\s+(?:simplest\s+form|lowest\s+terms))?"
         rf"(?:\s*,?\s*(?:rounded\s+)?to\s+the\s+nearest\s+(?P<place>{_PLACE}))?")
# "Express your answer as a common fraction." at the end; "(Give your answer in interval notation.)";
# "Express your answer as an ordered pair, $(x,y)$." (the last formula, so the others keep their places).
_FORM_SENTENCE = re.compile(
    rf"\s*\(?\s*(?:express|give|enter|write|leave)\s+(?:your|the|each)\s+(?:answer|result|solution)s?\s+"
    rf"(?:as|in|using)\s+{_FORM}(?:\s*,?\s*§)?\s*\.?\s*\)?\s*$", re.IGNORECASE)
# "Solve for $w$ and express as a common fraction: ...": the same, inside the instruction.
_FORM_CLAUSE = re.compile(rf"\s+and\s+express\s+(?:it\s+|the\s+answer\s+|your\s+answer\s+)?as\s+{_FORM}(?=\s*:)",
                          re.IGNORECASE)
_SOLUTIONS_LIST = re.compile(r"\s*enter\s+all\s+the\s+solutions,?\s+separated\s+by\s+commas\s*\.?\s*$", re.IGNORECASE)

# "$a \circ b = ...$" defines an operation; the reader takes a bare \circ for degrees.
_OPERATION = re.compile(r"(?<![\^{\s])\s*\\circ")
_F = r"§\d+"
_OPERAND = rf"(?:{_F}|-?\d{{1,3}}(?:,\d{{3}})+(?!\d)|-?\d+(?:\.\d+)?)"
_LIST = rf"{_OPERAND}(?:\s*,?\s*(?:and\s+)?{_OPERAND})+"
# The same in Chinese: "84 和 126", "12、15 和 20".
_LIST_ZH = rf"{_OPERAND}(?:\s*(?:[,，、和与及])\s*{_OPERAND})+"
_ASK_ZH = r"(?:求\s*|计算\s*)?"
_WHAT_ZH = r"(?:是多少|是什么|为多少)?"
# A condition: a formula, or a value given in words ("x = 3").
_CONDITION = rf"(?:{_F}|[a-z]\s*=\s*-?\d+(?:\.\d+)?)"
_CONDITIONS = rf"{_CONDITION}(?:\s*,?\s*(?:and\s+)?{_CONDITION})*"
_ASK = r"(?:(?:find|compute|calculate|determine|evaluate|what\s+is|what's)\s+)?"
_DO = r"(?:what\s+is|find|evaluate|compute|calculate|determine)"
_SATISFY = r"(?:of|to|that\s+satisfy|which\s+satisfy|satisfying|such\s+that|for\s+which)"

_PHRASES: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(pattern)) for kind, pattern in [
    ("gcd", rf"{_ASK}the\s+(?:greatest\s+common\s+(?:divisor|factor)|gcd)\s+of\s+(?P<list>{_LIST})"),
    ("lcm", rf"{_ASK}the\s+(?:least\s+common\s+multiple|lcm)\s+of\s+(?P<list>{_LIST})"),
    ("remainder", rf"{_ASK}the\s+remainder\s+(?:when|if)\s+(?P<a>{_OPERAND})\s+is\s+divided\s+by\s+(?P<b>{_OPERAND})"),
    ("remainder", rf"{_ASK}the\s+remainder\s+of\s+(?P<a>{_OPERAND})\s+(?:when\s+(?:it\s+is\s+)?)?divided\s+by\s+"
                  rf"(?P<b>{_OPERAND})"),
    ("mean", rf"{_ASK}the\s+(?:arithmetic\s+)?(?:average|mean)(?:\s+\(mean\))?\s+of\s+"
             rf"(?:the\s+(?:numbers|integers|values|fractions)\s+)?(?P<list>{_LIST})"),
    ("divisors", rf"how\s+many\s+positive\s+(?:integer\s+)?(?:divisors|factors)\s+does\s+(?P<a>{_OPERAND})\s+have"),
    ("divisors", rf"{_ASK}the\s+number\s+of\s+positive\s+(?:integer\s+)?(?:divisors|factors)\s+of\s+(?P<a>{_OPERAND})"),
    ("digit", rf"{_ASK}the\s+(?P<place>units|ones|tens|hundreds|thousands)\s+digit\s+of\s+(?P<a>{_OPERAND})"),
    ("count", rf"how\s+many\s+(?:numbers|integers|terms)\s+are\s+(?:there\s+)?in\s+the\s+(?:list|sequence)\s+"
              rf"(?P<a>{_F})"),
    ("evaluate", rf"{_ASK}the\s+(?:value|sum)\s+of\s+the\s+(?:arithmetic\s+|geometric\s+)?series\s+(?P<a>{_F})"),
    ("evaluate", rf"{_ASK}the\s+base\s+(?:10|ten)\s+(?:equivalent|value)\s+of\s+(?P<a>{_F})"),
    ("round", rf"round\s+(?P<a>{_OPERAND})\s+to\s+the\s+nearest\s+(?P<place>{_PLACE})"),
    ("round", rf"(?:what\s+is\s+)?(?P<a>{_F})\s+(?:rounded\s+)?to\s+the\s+nearest\s+(?P<place>{_PLACE})"),
    ("convert", rf"(?:express|write|convert|rewrite)\s+(?P<a>{_F})\s+(?:as|to|in)\s+{_FORM}"),
    ("convert", rf"what\s+is\s+(?P<a>{_F})\s+(?:expressed\s+)?(?:as|in)\s+{_FORM}"),
    ("convert", rf"express\s+the\s+following\s+as\s+{_FORM}\s*:?\s*(?P<a>{_F})"),
    ("midpoint", rf"{_ASK}the\s+midpoint\s+of\s+the\s+(?:line\s+)?segment\s+(?:between|joining|connecting|"
                 rf"with\s+endpoints(?:\s+at)?)\s+(?:the\s+points\s+)?(?P<a>{_F})\s+and\s+(?P<b>{_F})"),
    ("distance", rf"{_ASK}the\s+distance\s+(?:in\s+the\s+complex\s+plane\s+)?between\s+(?:the\s+points\s+)?"
                 rf"(?P<a>{_F})\s+and\s+(?P<b>{_F})"),
    ("conic", rf"{_ASK}the\s+(?P<place>center|radius)\s+of\s+the\s+(?:circle|ellipse|hyperbola)\s+"
              rf"(?:with|whose|given\s+by\s+the)\s+equation(?:\s+is)?\s+(?P<a>{_F})"),
    ("coefficient", rf"{_ASK}the\s+(?:coefficient\s+of\s+(?P<b>{_F})|constant\s+term)\s+(?:in\s+the\s+expansion\s+of|"
                    rf"in|of|when)\s+(?P<a>{_F})(?:\s+is\s+(?:simplified|expanded|multiplied\s+out))?"),
    ("gcd", rf"{_ASK_ZH}(?P<list>{_LIST_ZH})\s*的\s*最大公(?:约数|因数){_WHAT_ZH}"),
    ("lcm", rf"{_ASK_ZH}(?P<list>{_LIST_ZH})\s*的\s*最小公倍数{_WHAT_ZH}"),
    ("remainder", rf"{_ASK_ZH}(?P<a>{_OPERAND})\s*除以\s*(?P<b>{_OPERAND})\s*的\s*余数{_WHAT_ZH}"),
    ("mean", rf"{_ASK_ZH}(?P<list>{_LIST_ZH})\s*的\s*平均数{_WHAT_ZH}"),
    ("domain", rf"{_ASK}the\s+domain\s+of\s+(?:the\s+(?:real-valued\s+)?function\s+)?(?P<a>{_F})"),
    ("given", rf"(?:if|given\s+that|given|suppose\s+that|suppose|let)\s+(?P<conds>{_CONDITIONS})\s*[,.]?\s+(?:then\s+)?"
              rf"{_DO}\s+(?:the\s+value\s+of\s+)?(?:the\s+expression\s+)?(?P<a>{_F})"
              rf"(?:\s+(?:when|where|if)\s+(?P<more>{_CONDITIONS}))?"),
    ("given", rf"{_ASK}(?:the\s+value\s+of\s+)?(?:the\s+expression\s+)?(?P<a>{_F})\s*,?\s+"
              rf"(?:when|where|if|given\s+that|given)\s+(?P<conds>{_CONDITIONS})"),
    ("given", rf"(?:what\s+is|find|determine|compute)\s+the\s+value\s+of\s+(?P<a>{_F})\s+"
              rf"(?:that\s+satisfies|which\s+satisfies|such\s+that|for\s+which|if)\s+(?:the\s+equation\s+)?"
              rf"(?P<conds>{_CONDITIONS})"),
    ("given", rf"for\s+what\s+value\s+of\s+(?P<a>{_F})\s+is\s+(?:the\s+following\s+equation\s+true\s*:?\s*)?"
              rf"(?P<conds>{_F})(?:\s+true)?"),
    ("given", rf"(?:find|determine)\s+(?P<a>{_F})\s*(?:such\s+that|if|:)?\s+(?P<conds>{_CONDITIONS})"),
    ("given", rf"solve\s+(?:the\s+following\s+equation\s+)?for\s+(?P<a>{_F})\s*:?\s+(?P<conds>{_F})"),
    ("roots", rf"{_ASK}the\s+(?P<place>sum|product)\s+of\s+(?:all\s+)?(?:the\s+)?"
              rf"(?:(?:real\s+)?(?:roots|solutions)|(?:possible\s+)?values\s+of\s+{_F})\s+{_SATISFY}\s+"
              rf"(?:the\s+equation\s+)?(?P<a>{_F})"),
    ("solve", rf"(?:find\s+all\s+(?:real\s+)?(?:solutions|values\s+of\s+{_F}|{_F})\s+{_SATISFY}|solve|"
              rf"for\s+what\s+(?:real\s+)?values\s+of\s+{_F}\s+is)(?:\s+the\s+(?:inequality|equation))?\s*:?\s*"
              rf"(?P<a>{_F})(?:\s+satisfied)?"),
]]


@dataclass(frozen=True)
class Asked:
    """A computation a problem asks for: its kind, the math it applies to and any conditions.

    ``place``: the digit or rounding place, or "sum"/"product" for roots; ``form``: the form the
    answer is asked in (fraction, mixed number, decimal, ...) and ``nearest``: its rounding place."""

    kind: str
    parts: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    place: str = ""
    form: str = ""
    nearest: str = ""


def answer_form(words: str) -> tuple[str, str, str]:
    """The words without a sentence that asks for the answer's form, that form and its rounding place."""
    for pattern in (_FORM_SENTENCE, _FORM_CLAUSE):
        m = pattern.search(words)
        if m:
            return words[: m.start()] + words[m.end():], _form_name(m.group("form")), _place(m.group("place"))
    m = _SOLUTIONS_LIST.search(words)
    if m:
        return words[: m.start()], "", ""
    return words, "", ""


def _form_name(form: str) -> str:
    form = " ".join(form.lower().split())
    for name in ("fraction", "mixed", "decimal", "radical", "interval", "base", "pair"):
        if name in form:
            return name
    return "fraction" if form in ("lowest terms", "simplest form") else form


def _place(place: str | None) -> str:
    return " ".join((place or "").lower().split()).replace("-", " ")


def _formula(text: str) -> str:
    """A formula as the reader takes it: the sentence's own punctuation left outside."""
    return re.sub(r"[\s,.;:?]+$", "", text)


def _operand(token: str, formulas: list[str]) -> str:
    token = token.strip()
    if token.startswith("§"):
        return _formula(formulas[int(token[1:])])
    return token.replace(",", "")


def asked(words: str, formulas: list[str]) -> Asked | None:
    """The computation a problem's words ask for on its formulas, or None when they say anything else."""
    if any(_OPERATION.search(f) for f in formulas):
        return None
    words, form, nearest = answer_form(words)
    count = iter(range(len(formulas)))
    text = re.sub(r"§", lambda _: f"§{next(count)}", words)
    text = re.sub(r"\s+", " ", text.lower()).strip()
    text = re.sub(r"[\s.?!:。？！：]+$", "", text)
    for kind, pattern in _PHRASES:
        m = pattern.fullmatch(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("list"):
            parts = tuple(_operand(t, formulas) for t in re.findall(_OPERAND, groups["list"]))
        else:
            parts = tuple(_operand(groups[g], formulas) for g in ("a", "b") if groups.get(g))
        stated = " ".join(groups.get(g) or "" for g in ("conds", "more"))
        conditions = tuple(_operand(t, formulas) for t in re.findall(_CONDITION, stated))
        form = _form_name(groups["form"]) if groups.get("form") else form
        if kind in ("digit", "roots", "conic"):
            return Asked(kind, parts, conditions, groups["place"], form, nearest)
        if groups.get("place"):
            nearest = _place(groups["place"])
        return Asked(kind, parts, conditions, "", form, nearest)
    return None
