"""The checker's verdicts in a student's words and language, with the correct answer kept back.

The checker explains itself in English sentences that may quote the expected
answer ("Missing solution: x = 3", "it gets x = 2"). Each known sentence is
matched here and said again from the interface's strings; with ``reveal`` off
the parts that quote the answer are left out. A sentence nobody matched is
shown in English only when it does not quote the answer; otherwise, and in
Chinese, a plain sentence for the verdict's kind stands in for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor_app.i18n import t
from tutor_app.mathcheck.verdict import Verdict
from tutor_app.mathtext import katex_formula


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    key: str
    # The key used when the answer may be shown; None: the same sentence either way.
    revealed: str | None = None
    # The key used when the ``inner`` reason is one nobody matched.
    alone: str | None = None


def _rule(pattern: str, key: str, revealed: str | None = None, *, alone: str | None = None) -> _Rule:
    return _Rule(re.compile(pattern + r"\Z", re.DOTALL), key, revealed, alone)


# Groups named ``inner`` are reasons themselves and are translated in turn;
# ``value``/``values`` are math the checker printed and are shown as math.
_RULES = [
    _rule(r"Equivalent, but not in the requested form: (?P<inner>.+)", "why.form"),
    _rule(r"The computer algebra system agrees \((?P<value>.+)\)\.", "why.cas_agrees"),
    _rule(r"The computer algebra system agrees on the value \((?P<value>.+?)\), but the answer is not in "
          r"the requested form: (?P<inner>.+)", "why.cas_form"),
    _rule(r"The computer algebra system disagrees: it gets (?P<value>.+?)\. (?P<inner>.+)",
          "why.cas_disagrees", "why.cas_disagrees_shown"),
    _rule(r"Could not compare with the computer algebra system's answer \((?P<value>.+?)\): (?P<inner>.+)",
          "why.cas_uncompared"),
    _rule(r"The computer algebra system cannot solve this problem on its own\.", "why.cas_cannot"),
    _rule(r"Missing solutions?: (?P<values>.+)\.", "why.missing", "why.missing_shown"),
    _rule(r"Extra solutions?: (?P<values>.+)\.", "why.extra", "why.extra_shown"),
    _rule(r"The set is different: expected (?P<value>.+)\.", "why.set", "why.set_shown"),
    _rule(r"Component (?P<n>\d+) is wrong: expected (?P<value>.+)\.", "why.component", "why.component_shown"),
    _rule(r"Expected (?P<n>\d+) components, got (?P<m>\d+)\.", "why.components"),
    _rule(r"The components are in the wrong order\.", "why.order"),
    _rule(r"Expected a (?P<n>\d+)×(?P<m>\d+) matrix\.", "why.matrix"),
    _rule(r"Check the sign: .*", "why.sign"),
    _rule(r"This is the reciprocal of the expected (?:value|answer) \(upside down\)\.", "why.reciprocal"),
    _rule(r"This looks like degrees; .*", "why.degrees"),
    _rule(r"This looks like radians; .*", "why.radians"),
    _rule(r"Off by a factor of (?P<k>-?[\d.e+-]+): check the decimal point or the powers of ten\.", "why.power_ten"),
    _rule(r"Off by a factor of -1\.", "why.sign"),
    _rule(r"Off by a factor of (?P<k>-?[\d.e+-]+)\.", "why.factor"),
    _rule(r"Off by a constant \((?P<value>.+)\)\.", "why.constant", "why.constant_shown"),
    _rule(r"Close, but not accurate enough .*", "why.close"),
    _rule(r"Close, but rounded too much: give at least (?P<n>\d+) significant figures\.", "why.rounded"),
    _rule(r"The value does not match to (?P<n>\d+) significant figures\.", "why.sig_figs"),
    _rule(r"The value is outside the allowed tolerance.*", "why.tolerance"),
    _rule(r"The answer uses (?P<symbols>.+), which the expected answer does not\.", "why.extra_symbols"),
    _rule(r"Add the constant of integration \(\+ C\)\.", "why.add_c"),
    _rule(r"This antiderivative does not differentiate back to the integrand\.", "why.antiderivative"),
    _rule(r"Check the endpoints: .*", "why.endpoints"),
    _rule(r"Expected (?P<a>an? [a-z ]+), but the answer is (?P<b>an? [a-z ]+)\.", "why.kind"),
    _rule(r"Expected (?P<a>an? [a-z ]+), but the answer is the word '.+'\.", "why.kind_word"),
    _rule(r"Expected (?:the answer )?'(?P<value>.+)'\.", "why.different", "why.expected_shown"),
    _rule(r"One value is infinite and the other is not\.", "why.infinite"),
    _rule(r"The constant of integration must be added on .*", "why.add_c_outside"),
    _rule(r"Give the answer to exactly (?P<n>\d+) significant figures\.", "why.exact_sig_figs"),
    _rule(r"Missing (?P<n>\d+) of the (?P<m>\d+) expected tuples\.", "why.missing_tuples"),
    _rule(r"(?P<n>\d+) tuple\(s\) more than expected\.", "why.extra_tuples"),
    _rule(r"The answer is an equation, but an expression is expected\.", "why.not_equation"),
    _rule(r"Add the units \((?P<symbols>.+)\)\.", "why.add_units"),
    _rule(r"The answer has units, but the expected answer is (?:not )?a plain number\.", "why.no_units"),
    _rule(r"Wrong units: .*", "why.units"),
    _rule(r"The same quantity \((?P<a>.+) converted to (?P<b>.+)\)\.", "why.converted"),
    _rule(r"Correct, rounded to (?P<n>\d+) significant figures\.", "why.rounded_ok"),
    _rule(r"(?:The values are equal|Both are the same value|The expressions are equivalent|The same solutions"
          r"|The same set|Every component matches|The equations have the same solutions"
          r"|The value is within the allowed tolerance)\.", "why.same"),
    _rule(r"The values agree to (?P<n>\d+) significant figures\.", "why.same"),
    _rule(r"Equivalent up to the constant of integration\.", "why.same_up_to_c"),
    _rule(r"The equations are equivalent \(one is a multiple of the other\)\.", "why.same"),
    _rule(r"(?:The values are different|The value is different|The solutions are different"
          r"|The expressions are not equivalent|The equations describe different relations"
          r"|The tuples are different)\.", "why.different"),
    _rule(r"Give an exact answer .*", "why.form_exact"),
    _rule(r"Reduce the fraction (?P<value>\S+) to lowest terms\.", "why.form_lowest"),
    _rule(r"Cancel the common factor of the numerator and denominator\.", "why.form_cancel"),
    _rule(r"Simplify the root: .*", "why.form_root"),
    _rule(r"Rationalise the denominator .*", "why.form_rationalise"),
    _rule(r"Simplify your answer further\.", "why.form_simplify"),
    _rule(r"Expand the brackets: .*", "why.form_expand"),
    _rule(r"Factor the answer completely: .*", "why.form_factor"),
    _rule(r"Could not read the (?P<role>expected answer|answer|step|problem): (?P<inner>.+)", "why.unreadable",
          alone="why.unreadable_alone"),
    _rule(r"could not read the LaTeX command '(?P<symbol>.+?)'.*", "why.unknown_command"),
    _rule(r"could not read (?:the answer: )?an? '(?P<symbol>.+?)':? (?:it )?is never closed", "why.unclosed"),
    _rule(r"the word '(?P<symbol>.+?)' is not one the checker knows\.?", "why.unknown_word"),
    _rule(r"could not read the unit '(?P<symbol>.+?)'.*", "why.unknown_unit"),
    _rule(r"could not read (?:the symbol )?'(?P<symbol>.+?)'(?: in | after | at ).*", "why.unknown_symbol"),
    _rule(r"could not read the answer: it ends too early", "why.ends_early"),
    _rule(r"could not read an empty answer", "why.empty"),
    _rule(r"could not read the answer: it mixes '=' with '<' or '>'", "why.mixes"),
    _rule(r"The answer divides by zero\.", "why.divides_zero"),
    _rule(r"The (?:exponent|factorial|binomial coefficient) .+ is too large to check.*"
          r"|The answer contains a number too large to check.*", "why.too_big"),
    _rule(r"The answer is (?:too long|nested too deeply) to check.*", "why.too_big"),
    _rule(r"It took too long to check .*", "why.too_slow"),
    _rule(r"No final answer .*", "why.no_final"),
    _rule(r"The starting point\.", "why.start"),
    _rule(r"Follows from the previous step\.", "why.follows"),
    _rule(r"Follows, but this step can add extra solutions.*", "why.follows_extra"),
    _rule(r"This step is not (?:equal to|equivalent to) the previous one: (?P<inner>.+)", "why.step"),
    _rule(r"Not checked: (?P<a>.+?) does not satisfy (?P<b>.+?), so it cannot be the answer \(reject it if it is a "
          r"root found on the way\)\.", "why.outside_condition"),
    _rule(r"(?P<a>.+?) does not hold for (?P<values>.+) \(from (?P<b>.+)\)\.", "why.line_fails",
          "why.line_fails_shown"),
    _rule(r"(?P<a>.+?) does not satisfy (?P<b>.+?): an extra root \(perhaps from squaring\)\..*", "why.extra_root"),
    _rule(r"(?P<a>.+?) does not satisfy (?P<b>.+)\.", "why.line_fails"),
    _rule(r"(?P<a>\d+) is prime: it has no divisor but 1 and itself\.", "why.is_prime"),
    _rule(r"(?P<a>\d+) is not prime: (?P<fact>.+)\.", "why.not_prime"),
    _rule(r"(?P<a>\d+) is divisible by (?P<b>\d+): (?P<fact>.+)\.", "why.divisible"),
    _rule(r"(?P<a>\d+) is not divisible by (?P<b>\d+): (?P<fact>.+)\.", "why.not_divisible"),
    _rule(r"(?P<a>.+?) is (?:about )?(?P<value>\S+), not (?P<b>.+)\.", "why.arithmetic", "why.arithmetic_shown"),
    _rule(r"(?P<a>.+?) (?P<op><=|>=|!=|<|>) (?P<b>.+) is false\.", "why.false_relation"),
    _rule(r"Holds for the known values\.", "why.consistent"),
    _rule(r"The arithmetic is right\.", "why.arithmetic_ok"),
    _rule(r"A true identity \(a correct rewrite\)\.", "why.identity"),
    _rule(r"Not checked: a supposition.*", "why.supposed"),
    _rule(r"Not checked: .*", "why.not_checked"),
    _rule(r"Could not decide: a logarithm written without a base .*", "why.log_base"),
    _rule(r"Could not (?:decide|solve|compare|evaluate|check).*", "why.undecided"),
]

_ROLES = {"expected answer": "why.role.reference", "answer": "why.role.answer", "step": "why.role.step",
          "problem": "why.role.problem"}
_KINDS = {"an expression": "expr", "a list of solutions": "values", "an equation": "equation",
          "a system of equations": "system", "an interval or inequality": "set", "an ordered tuple": "tuple",
          "values for several unknowns": "assign", "a matrix": "matrix", "a quantity with units": "quantity"}

_INTERVALS = [
    (re.compile(r"Interval\.open\(([^()]*), ([^()]*)\)"), r"(\1, \2)"),
    (re.compile(r"Interval\.Lopen\(([^()]*), ([^()]*)\)"), r"(\1, \2]"),
    (re.compile(r"Interval\.Ropen\(([^()]*), ([^()]*)\)"), r"[\1, \2)"),
    (re.compile(r"Interval\(([^()]*), ([^()]*)\)"), r"[\1, \2]"),
]
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def show_math(text: str) -> str:
    """The checker's Python-style form (``x**2 - 5*x``, ``Interval.open(2, oo)``) as readable math."""
    text = re.sub(r"\bsqrt\((\w+)\)", r"√\1", text)
    text = re.sub(r"\bsqrt\(", "√(", text)
    for pattern, replacement in _INTERVALS:
        text = pattern.sub(replacement, text)
    text = _union(text)
    text = re.sub(r"\bEmptySet\b", "∅", text)
    text = re.sub(r"\bReals\b", "ℝ", text)
    text = re.sub(r"\boo\b", "∞", text)
    text = re.sub(r"\bpi\b", "π", text)
    text = re.sub(r"\blog\(", "ln(", text)
    # 12.5000000000000 -> 12.5, 3.00000000000000 -> 3
    text = re.sub(r"(\d+\.\d*?)0{3,}\d?\b", lambda m: m.group(1).rstrip("."), text)
    text = re.sub(r"\*\*(-?\d+)\b", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = text.replace("**", "^")
    text = re.sub(r"(\d)\*(?=[A-Za-z(])", r"\1", text)
    text = text.replace("*", "·")
    return text.replace(" - ", " − ")


def _union(text: str) -> str:
    """``Union(A, B)`` as ``A ∪ B``; the parts are intervals by now, so brackets are counted."""
    while (start := text.find("Union(")) >= 0:
        depth, parts, part = 0, [], ""
        for i in range(start + 5, len(text)):
            char = text[i]
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
            if depth == 1 and char == ",":
                parts.append(part.strip())
                part = ""
            elif depth == 0:
                parts.append(part.strip())
                break
            elif i > start + 5:
                part += char
        else:
            return text
        text = text[:start] + " ∪ ".join(parts) + text[i + 1:]
    return text


def verdict_title(verdict: Verdict, lang: str) -> str:
    """The verdict's headline: equivalent, not equivalent, wrong form or could not decide."""
    return t(f"verdict.{verdict.kind}", lang)


def headline(text: str, lang: str) -> str:
    """A verdict's or badge's words in bold, with the full stop of ``lang``."""
    return f"**{text}{t('punct.stop', lang)}**"


def explain(verdict: Verdict, lang: str, *, reveal: bool) -> str:
    """Why the verdict is what it is, in ``lang``; without the correct answer unless ``reveal``."""
    return explain_reason(verdict.reason, verdict.kind, lang, reveal=reveal,
                          reference=verdict.normalized_reference)


def explain_reason(reason: str, kind: str, lang: str, *, reveal: bool, reference: str = "") -> str:
    """A checker's ``reason`` for a verdict of ``kind`` said again in ``lang`` (see ``explain``)."""
    said = _say(reason, lang, reveal)
    if said is not None:
        return said
    if lang == "en" and (reveal or not _quotes_answer(reason, reference)):
        return reason
    return t(f"why.kind.{kind}", lang)


def _quotes_answer(reason: str, reference: str) -> bool:
    reference = reference.strip()
    return bool(reference) and reference in reason or any(
        word in reason.lower() for word in ("expected", "it gets", "solution:"))


def _say(reason: str, lang: str, reveal: bool) -> str | None:
    reason = reason.strip()
    for rule in _RULES:
        match = rule.pattern.match(reason)
        if match is None:
            continue
        fields = {name: value for name, value in match.groupdict().items() if value is not None}
        key = rule.revealed if reveal and rule.revealed else rule.key
        if "inner" in fields:
            inner = _say(fields["inner"], lang, reveal)
            if inner is None and rule.alone is None:
                return None
            if inner is None:
                key = rule.alone
            fields["inner"] = inner
        for name in ("value", "values"):
            if name in fields:
                fields[name] = show_math(fields[name])
        if "role" in fields:
            fields["role"] = t(_ROLES[fields["role"]], lang)
        for name in ("a", "b"):
            if name in fields and fields[name] in _KINDS:
                fields[name] = t(f"why.kind_name.{_KINDS[fields[name]]}", lang)
            elif name in fields:
                # A line quoted as math: a price in it (\$16) must not end the formula, a unit is set upright.
                fields[name] = katex_formula(fields[name])
        return t(key, lang).format(**fields)
    return None

