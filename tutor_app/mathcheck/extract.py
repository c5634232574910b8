"""Finding the final answer in a written solution. Plain text work, no SymPy.

The order follows what writers do: boxed answers first, then an answer label
("The final answer is", "Answer:", "####", 答案是), then a closing list of values
under a heading, then the value the last sentences state (or the last quantity
stated in the closing prose), and finally an answer claimed before a proof
("We claim that the answer is 12"). A solution cut off mid-sentence or
mid-formula states no answer unless a label or claim gave one.
"""

from __future__ import annotations

import re

from tutor_app.mathcheck.tokens import FUNCTIONS
from tutor_app.mathtext import MATH_SPAN, math_body

_BOX = re.compile(r"\\(?:boxed|fbox)\s*(?=[{\w-])")
_LABEL = re.compile(
    r"(?:final\s+answers?|(?<![a-z])answers?)\s*(?:\(s\))?\s*(?:is|are|was|would\s+be|will\s+be|=)?\s*[:：]"
    r"|(?:the\s+)?(?:final\s+)?(?:answer|solution|result)s?\s+(?:is|are|would\s+be|will\s+be)\b\s*[:：]?"
    r"|^\s*#{2,}\s*(?=[-+$\d\\(])"
    r"|(?:最终答案|答案|结果|解)\s*(?:是|为)\s*[:：]?|(?:最终答案|答案|答)\s*[:：]|解得\s*[:：]?",
    re.IGNORECASE | re.MULTILINE,
)
# Only an answer stated as such is an answer far above the end: "the answer is", "答案是".
_CLAIM = re.compile(r"\b(?:the|our|my)\s+(?:final\s+)?answer\s+(?:is|would\s+be|will\s+be)\b\s*[:：]?"
                    r"|(?:最终)?答案(?:是|为)\s*[:：]?", re.IGNORECASE)
# The longest phrase an answer label may give as a written answer ("all odd positive integers").
_PHRASE_WORDS = 6
# Labels that name the answer itself; "your answer is correct" judges one.
_NAMING_LABEL = re.compile(r"(?:the\s+)?final|the\s+answer|answers?\s*(?:\(s\))?\s*[:：]|答", re.IGNORECASE)
_JUDGEMENTS = {"correct", "incorrect", "right", "wrong", "not correct", "not right"}
# The short name before one part's box: "The minimum is", "y =", "Maximum:", "- ", "(b)", "2.", "Part".
_PART_NAME = re.compile(r"(?:\b(?:is|are)|[=:：])[\s.,;]*$|^(?:[-*•]|\(?[a-z0-9]{1,2}\)|\d+\.|part\b)",
                        re.IGNORECASE)
_WEAK_LABEL = re.compile(r"(?:the\s+)?(?:final\s+)?(?:result|solution)", re.IGNORECASE)
_HEADING = re.compile(r"^[\s#*>-]*(?:final\s+answer|answer|答案|最终答案)[\s*:：]*$", re.IGNORECASE)
# Bold text is a span too (group 5), kept when it holds math: models write "**x = 2**" as an answer.
_MATH_SPAN = re.compile(rf"{MATH_SPAN.pattern}|\*\*(.+?)\*\*", re.DOTALL)
_CURRENCY_AMOUNT = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?![\d$])")
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.^/])(?:[-−]\s?)?(?:[$€¥£]\s?)?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?/\s?\d+)?(?:\s?%)?"
    r"(?![A-Za-z0-9_/])"
)
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")
_CLOSING = re.compile(r"\s*(?:I\s+hope\s+(?:it|this)\s+is\s+correct|Hope\s+this\s+helps|Let\s+me\s+know)\b.*$",
                      re.IGNORECASE | re.DOTALL)
_OPERAND = re.compile(r"\s*(?:[-+*/×÷=]|\\times|\\cdot|\\div)\s*[-\d($]")
# A number after one of these words describes a circumstance ("in 5 weeks"), not the result.
_CIRCUMSTANCE = {"in", "for", "after", "within", "during", "per", "every", "each", "over", "from",
                 "step", "steps", "equation", "by", "at", "to", "than", "with", "on"}
_CONNECTOR = re.compile(r"^[\s,;]*(?:,|and|or|或|和|及|以及)?[\s,;]*$", re.IGNORECASE)
# A sentence states a result when it concludes ("So ...") or says what something is, has or costs;
# "Think about subtracting 3 first" states nothing.
_STATES = re.compile(
    r"^\W*(?:(?:so|thus|therefore|hence|then|finally|altogether|overall|in\s+total|in\s+conclusion|"
    r"consequently)\b|所以|因此|故|即|综上)|\b(?:is|are|was|were|be|equals?|makes?|gives?|has|have|had|"
    r"needs?|will|would|costs?|paid|pays|gets?|got|takes?|took|spends?|spent|earns?|earned|"
    r"receives?|received|sold|bought|left|remains?|there's|there\s+are)\b|=|是|为|共|一共",
    re.IGNORECASE,
)
_IS = re.compile(r"\b(?:is|are|equals|will\s+be|would\s+be)\b(?:\s+(?:approximately|about|exactly|equal\s+to)\b)?",
                 re.IGNORECASE)
# What may stand between "is" and the value it states: "is therefore 42", "is given by $x = 2$".
_VALUE_NEXT = re.compile(
    r"(?:\s|,|:|\b(?:then|therefore|thus|now|still|also|clearly|just|simply|only|indeed|exactly|precisely|"
    r"approximately|about|roughly|around|given\s+by|equal\s+to|as\s+follows|the\s+following)\b)*"
    r"(?:[-−+$€¥£(\[{\d]|\\\S|\*\*)",
    re.IGNORECASE,
)
# "Let $x$ be the number of apples", "Suppose $n = 2$": a sentence that sets something up states no result.
_SUPPOSES = re.compile(r"^\W*(?:let|suppose|assume|define|denote|设|假设|令)\b", re.IGNORECASE)
# Chinese words take no \b: a Chinese sentence has no spaces for a word boundary.
_CONCLUDES = re.compile(r"^\W*(?:(?:so|thus|therefore|hence|finally|in\s+conclusion|consequently)\b"
                        r"|所以|因此|故|综上)", re.IGNORECASE)
_CONTINUES = re.compile(r"\s*(?:&|[=<>≤≥]|\\(?:implies|Rightarrow|Longrightarrow|iff|geq?|leq?|neq)\b)")
_COLON_BREAK = re.compile(r"[:：][ \t]*\n\s*(?=(?:\\\[|\$\$)[^\n]*(?:\\\]|\$\$)[\s.]*\Z)")
# A solution that stops on a word no sentence ends with ("... and the"), or on an operator, was cut
# off before it stated a result. "a" and "I" are left out: they may be a choice or a numeral.
_DANGLING = re.compile(
    r"(?:\b(?:(?:is|of|to|be|and|as|with|for|in)\s+a|the|an|of|to|that|which|whose|is|are|was|were|be|been|"
    r"we|you|it|and|or|but|if|for|with|by|as|in|on|at|from|into|than|then|since|because|when|where|while|"
    r"can|could|will|would|should|must|"
    r"may|has|have|had|this|these|those|its|their|our|such|therefore|thus|hence|however|so|let|gives?|"
    r"implies|get|obtain|equals)|[-+/=<>^_,&({\[]|\\\\|\\(?:cdot|times|leq?|geq?|neq|equiv|approx|implies|"
    r"Rightarrow|Longrightarrow|iff|to|sum|prod|int|frac|sqrt|left|pm|mp|in|subset|subseteq|cup|cap|div|mid))"
    r"\s*$",
    re.IGNORECASE,
)
# How far from the end the end-anchored patterns (cut-off words, end marks) look.
_TAIL = 80
_END_MARKS = re.compile(r"(?:\s*(?:\$?\s*\\(?:square|blacksquare|Box|qed)\s*\$?|∎|□|Q\.E\.D\.?"
                        r"|^[ \t]*[-*_=]{3,}[ \t]*))+\Z", re.MULTILINE)
# A formula opened and never closed: "\[", "\(", "$$", or a "$" before math ("$2x", but "$20" may be money).
_OPENED = re.compile(r"\\\[|\\\(|\$\$|(?<!\\)\$(?=[\\A-Za-z({|]|\d[\d.]*[\\A-Za-z^_({])|(?<=\s)\$\s*\Z")
# One item of a list: "- x", "* x", "1. x", "2) x".
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.*?)\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+(?=[A-Z\u4e00-\u9fff*])|(?<=\\\])\s+(?=[A-Z])|(?<=[。！？])")


def _braced(text: str, i: int) -> tuple[str, int] | None:
    """The content of the brace group opening at ``i`` and the index after it."""
    depth = 0
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1 : j], j + 1
    return None


def _boxes(text: str) -> list[tuple[int, int, str]]:
    """Every ``\\boxed{}`` and ``\\fbox{}`` with its span, braces balanced; empty boxes are skipped."""
    found = []
    for m in _BOX.finditer(text):
        if m.end() < len(text) and text[m.end()] == "{":
            group = _braced(text, m.end())
            if group is None:
                continue
            content, end = group
        else:
            word = re.match(r"[^\s$]+", text[m.end():])
            content, end = word.group(), m.end() + word.end()
        content = content.strip()
        if content and not content.startswith("\\phantom"):
            found.append((m.start(), end, content))
    return found


def _box_only(line: str) -> bool:
    """Whether a line holds nothing but boxed answers, display delimiters and punctuation."""
    return not re.sub(r"\\boxed\s*\{.*\}|\\\[|\\\]|\$\$|\\\(|\\\)|[\s.,;$]|and|or", "", line)


def _part_line(line: str) -> bool:
    """Whether a line gives one part of an answer: a box after a short name ("The minimum is",
    "- Maximum:", "(b)", "y ="), and nothing else."""
    if "\\boxed" not in line:
        return False
    name = re.sub(r"\\boxed\s*\{.*\}|\\\[|\\\]|\$\$|\\\(|\\\)|\$", " ", line).strip()
    # "Therefore the total is \boxed{6}" concludes: it is the whole answer, not one part.
    return (len(name.split()) <= _PHRASE_WORDS and bool(_PART_NAME.search(name))
            and not _CONCLUDES.search(name))


def _boxed(text: str) -> list[str]:
    """The boxes of the final statement: those on the last boxed line (after its answer label, if
    it has one) and on the box-only lines just above it."""
    boxes = _boxes(text)
    if not boxes:
        return []
    last_start = boxes[-1][0]
    line_start = text.rfind("\n", 0, last_start) + 1
    label_end = max((m.end() for m in _LABEL.finditer(text, line_start, last_start)), default=line_start)
    start = label_end
    if label_end == line_start:
        # Parts named on lines of their own ("The maximum is \boxed{5}." then "The minimum is \boxed{1}.")
        # belong together when the last line is such a part too.
        line_end = text.find("\n", last_start)
        parts = _part_line(text[line_start : line_end if line_end >= 0 else len(text)])
        while line_start > 0:
            above = text.rfind("\n", 0, line_start - 1) + 1
            line = text[above : line_start - 1]
            if not line.strip() or not (_box_only(line) or parts and _part_line(line)):
                break
            line_start = start = above
    chosen: list[str] = []
    for begin, _, content in boxes:
        if begin >= start and _squash(content) not in map(_squash, chosen):
            chosen.append(content)
    return chosen


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Math spans ($..$, \\(..\\), \\[..\\], **..**) with their positions, bold only when it holds math."""
    spans = []
    for m in _MATH_SPAN.finditer(text):
        content = math_body(m).strip()
        if m.group(5) is not None:
            content = content.strip("$").strip()
            if not content or not _is_math(content) or not re.search(r"[\d=\\^]", content):
                continue
        content = content.rstrip(".,;").strip()
        if content:
            spans.append((m.start(), m.end(), content))
    return spans


def _is_math(answer: str) -> bool:
    """Whether a phrase reads as math rather than prose (no long plain words, no Chinese)."""
    if re.search(r"[\u4e00-\u9fff]", answer):
        return False
    bare = re.sub(r"\\[A-Za-z]+", " ", answer)
    return all(word.lower() in FUNCTIONS or word.lower() in ("and", "or") for word in _WORD.findall(bare))


def _value_of(content: str) -> str:
    """A math span's answer: ``Total = 16 + 36 = 52`` states 52; ``x = 3`` and ``x^2 + 1 = 0`` stay whole."""
    items = _top_level_items(content)
    if len(items) > 1 and all("=" in item for item in items):
        # "\cos\pi = -1, \sin\pi = 0": each part states its own value.
        return ", ".join(_value_of(item.strip()) for item in items)
    parts = re.split(r"(?<![<>!\\])=(?!=)", content)
    if len(parts) == 1 or _is_simple_lhs(parts[0]):
        return content
    last = parts[-1].strip()
    # "Sum = 240" and "T(10) = 5" name a quantity, then state its value.
    named = re.fullmatch(r"\s*(?:[A-Z][a-z]{2,}(?:\s+[a-z]+)*|[A-Za-z](?:_\{?\w+\}?)?\(\s*-?\d+\s*\))\s*",
                         parts[0])
    wordy = not _is_math(parts[0]) or "\\text" in parts[0] or bool(named)
    worked = not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", "".join(parts)))
    if wordy or worked or (len(parts) > 2 and not re.search(r"[A-Za-z]", last)):
        return last
    return content


def _top_level_items(content: str) -> list[str]:
    """The parts of a formula between commas outside any brackets."""
    items, depth, start = [], 0, 0
    for i, char in enumerate(content):
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            items.append(content[start:i])
            start = i + 1
    return [*items, content[start:]]


def _is_simple_lhs(lhs: str) -> bool:
    """A left side that names what is solved for: ``x``, ``a_1``, ``(b, c)``, ``\\theta``, ``f(x)``."""
    lhs = lhs.strip()
    return bool(re.fullmatch(r"[A-Za-z](?:_\{?\w+\}?)?(?:\([A-Za-z]\))?|\\[A-Za-z]+|\([A-Za-z\s,]+\)"
                             r"|[A-Za-z](?:\s*,\s*[A-Za-z])+", lhs))


def _joined(spans: list[tuple[int, int, str]], text: str, last: bool = True) -> list[str]:
    """The last (or first) run of spans that only connectives ("and", "or", commas) separate."""
    ordered = spans[::-1] if last else spans
    run = [ordered[0]]
    for span in ordered[1:]:
        gap = text[span[1] : run[0][0]] if last else text[run[-1][1] : span[0]]
        if not _CONNECTOR.match(gap):
            break
        if last:
            run.insert(0, span)
        else:
            run.append(span)
    return [_value_of(s[2]) for s in run]


def _quantity(sentence: str, first: bool = False) -> str | None:
    """The last (or ``first``) stated quantity of a prose sentence ("Mark will need 30 days" -> 30,
    "so x = 2" -> x = 2)."""
    candidates = []
    for m in _NUMBER.finditer(sentence):
        before = re.findall(r"[A-Za-z]+", sentence[: m.start()])
        # "in 5 weeks" is a circumstance; in "8.6 + 2 = 10.2" only the result is stated.
        circumstance = (bool(before) and before[-1].lower() in _CIRCUMSTANCE
                        or bool(_OPERAND.match(sentence, m.end())))
        named = re.search(r"(?<![\w.])([A-Za-z](?:_\w+)?)\s*=\s*$", sentence[: m.start()])
        candidates.append((circumstance, (named.group(1) + " = " if named else "") + m.group()))
    if not candidates:
        return None
    stated = [c for c in candidates if not c[0]] or candidates
    value = stated[0 if first else -1][1]
    return re.sub(r"[$€¥£]|−|(?<=\d)\s+(?=[%/\d])", lambda m: "-" if m.group() == "−" else "", value)


def _from_sentence(sentence: str) -> str | None:
    """The value a sentence states: what follows the first "is" / "are" / "equals" that a value
    follows, else the number in its subject when it has such a verb; without one, its last run of
    math spans or, failing that, its last quantity."""
    sentence = _CLOSING.sub("", sentence)
    verbs = list(_IS.finditer(_mask_spans(sentence)))
    for verb in verbs:
        rest = sentence[verb.end():]
        found = _after_label(rest) if _VALUE_NEXT.match(rest) else None
        if found:
            return found
    if verbs:
        # "20 workers are needed to ...": the subject states the value; "This estimate is based on $C$"
        # states none.
        return _subject_value(sentence[: verbs[0].start()])
    spans = _spans(sentence)
    tail = sentence[spans[-1][1]:] if spans else sentence
    number = _quantity(_mask_spans(tail)) if spans else None
    if spans and number is None:
        return ", ".join(_joined(spans, sentence))
    plain = _mask_spans(sentence)
    if not spans:
        stripped = _strip(_CONCLUDES.sub("", sentence).lstrip(" ,，、"))
        if stripped and _is_math(stripped) and re.search(r"[\d=]", stripped):
            return _value_of(stripped)
    return number or _quantity(plain)


def _subject_value(subject: str) -> str | None:
    """The number a sentence's subject holds ("Therefore, 20 workers"), if any."""
    subject = _CONCLUDES.sub("", subject)
    numeric = [content for _, _, content in _spans(subject) if not re.search(r"[A-Za-z]", content)]
    return numeric[-1] if numeric else _quantity(_mask_spans(subject))


def _mask_spans(text: str) -> str:
    """Text with currency amounts kept and other math spans blanked out."""
    return _MATH_SPAN.sub(lambda m: " " * len(m.group()), _CURRENCY_AMOUNT.sub(
        lambda m: m.group().replace("$", "＄"), text)).replace("＄", "$")


def _strip(answer: str) -> str:
    """An answer phrase without markdown, closing words and a full stop."""
    previous = None
    answer = _CLOSING.sub("", answer)
    while previous != answer:
        previous = answer
        answer = answer.strip().strip("*").strip().rstrip("。.,;").strip("$").strip(":：").strip()
    return answer


def _after_label(rest: str, words: bool = False) -> str | None:
    """The answer that follows a label such as "The final answer is"; with ``words``, a short phrase
    too ("The answer is Friday", "the answer is all odd integers")."""
    rest = _CLOSING.sub("", rest).strip()
    first = _SENTENCE_END.split(rest, maxsplit=1)[0] if rest else ""
    spans = _spans(first)
    if spans:
        return ", ".join(_joined(spans, first, last=False))
    stripped = _strip(first)
    if stripped and _is_math(stripped):
        return stripped
    # Right after a label the value comes first: "The answer is 5 when y is 3".
    found = _quantity(first, first=True) if first else None
    if (found is None and words and stripped and len(stripped.split()) <= _PHRASE_WORDS
            and stripped.lower() not in _JUDGEMENTS):
        return stripped
    return found


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _labelled(paragraphs: list[str]) -> str | None:
    """The answer after the last answer label of the closing paragraphs."""
    for k in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        lines = paragraphs[k].splitlines()
        for n in range(len(lines) - 1, -1, -1):
            line = lines[n]
            if _HEADING.match(line):
                following = "\n".join(lines[n + 1 :]) or "\n".join(paragraphs[k + 1 : k + 2])
                found = _after_label(following, words=True) if following.strip() else None
                if found:
                    return found
                continue
            # "The result is" also names a step's result: above the last paragraph only "answer" labels count.
            matches = [m for m in _LABEL.finditer(line)
                       if k == len(paragraphs) - 1 or not _WEAK_LABEL.match(m.group())]
            for m in reversed(matches):
                found = _after_label(line[m.end():], words=bool(_NAMING_LABEL.match(m.group())))
                if found:
                    return found
    return None


def _claimed(paragraphs: list[str]) -> str | None:
    """The answer the solution claims anywhere ("We claim that the answer is 12"), the last claim first."""
    for paragraph in reversed(paragraphs):
        for claim in reversed(list(_CLAIM.finditer(paragraph))):
            found = _after_label(paragraph[claim.end():], words=True)
            if found:
                return found
    return None


def _listed(paragraphs: list[str]) -> str | None:
    """The values of a closing list under a heading ("Summary:" then "- d(6) = 1/3", "- d(16) = 1"),
    in order, when each item is one formula and nothing else."""
    lines = paragraphs[-1].splitlines()
    items: list[str] = []
    while lines and (item := _ITEM.match(lines[-1])):
        items.insert(0, item.group(1))
        lines.pop()
    heading = lines[-1] if lines else paragraphs[-2].splitlines()[-1] if len(paragraphs) > 1 else ""
    if len(items) < 2 or not heading.rstrip().endswith((":", "：")):
        return None
    values = []
    for item in items:
        spans = _spans(item)
        if len(spans) == 1 and not re.search(r"\w", _mask_spans(item)):
            values.append(_value_of(spans[0][2]))
        elif not spans and _is_math(_strip(item)) and re.search(r"\d", item):
            values.append(_value_of(_strip(item)))
        else:
            return None
    return ", ".join(values)


def _stated(paragraphs: list[str]) -> str | None:
    """The value the closing sentences state, looking back over at most the last two paragraphs, the
    last one first: a concluding sentence ("Therefore ...") first, else the last sentence that states
    something."""
    # A line that ends with a colon ("the equation is:") goes on to the display that closes the paragraph.
    closings = [[sentence for line in _COLON_BREAK.sub(": ", paragraph).splitlines()[-3:]
                 for sentence in _SENTENCE_END.split(line)[-3:] if sentence.strip()]
                for paragraph in paragraphs[-2:]]
    if closings[-1] and _fragment(closings[-1][-1]):
        # The solution was cut off mid-formula before it stated a result.
        return None
    for closing in reversed(closings):
        for wanted in (_CONCLUDES.search, lambda s: _STATES.search(s) or _is_math(_strip(s))):
            for sentence in reversed(closing[-4:]):
                stating = wanted(sentence) and not _SUPPOSES.match(sentence)
                found = _from_sentence(sentence) if stating else None
                if found:
                    return found
    return None


def _cut_off(text: str) -> bool:
    """Whether a solution stops mid-sentence or mid-formula, so that it never stated its result."""
    last = text[text.rfind("\n\n") + 1 :]
    unclosed = MATH_SPAN.sub(" ", last)
    begun = re.findall(r"\\begin\{(\w+\*?)\}", last)
    return (bool(_DANGLING.search(text[-_TAIL:]) or _OPENED.search(unclosed))
            or any(f"\\end{{{name}}}" not in last for name in begun))


def _fragment(answer: str) -> bool:
    """Whether a found answer is a piece of working rather than a result: its brackets do not
    close (the solution was cut off mid-formula), it is bare punctuation, or it goes on from a
    line above (``&= ...``, ``\\implies ...``)."""
    bare = re.sub(r"\\[{}()\[\]]|\\left.|\\right.", "", answer)
    # An interval may close with the other kind of bracket, so ( and [ are counted together.
    unbalanced = (bare.count("{") != bare.count("}")
                  or bare.count("(") + bare.count("[") != bare.count(")") + bare.count("]"))
    return unbalanced or not re.search(r"\w", answer) or bool(_CONTINUES.match(answer))


def extract_final_answers(text: str) -> list[str]:
    """Every part of the final answer of a solution, in order (several boxes: one per part)."""
    if not text or not text.strip():
        return []
    text = text.rstrip()
    # End marks say nothing: an end-of-proof sign, a rule line ("---"). End-anchored patterns only look
    # at the tail: searched over a whole solution they are slow.
    text = text[:-_TAIL] + _END_MARKS.sub("", text[-_TAIL:])
    boxed = _boxed(text)
    if boxed:
        return [_value_of(b) for b in boxed]
    paragraphs = _paragraphs(text)
    # A solution cut off before its end may still have labelled an answer, but its last sentences are
    # working. An answer claimed before a proof ("We claim the answer is 12") stands when nothing after it does.
    for find in (_labelled, _claimed) if _cut_off(text) else (_labelled, _listed, _stated, _claimed):
        found = find(paragraphs)
        if found and not _fragment(found):
            return [found]
    return []


def extract_final_answer(text: str) -> str | None:
    """The final answer of a solution, its parts joined by commas, or None when it states none."""
    parts = extract_final_answers(text)
    return ", ".join(parts) if parts else None


def extract_marked_final_answer(text: str) -> str | None:
    """The final answer only where the text marks one (a box or an answer label), else None.

    For replies that explain rather than solve, where the last value a sentence states is no answer.
    """
    if not text or not text.strip():
        return None
    boxed = _boxed(text)
    return ", ".join(_value_of(b) for b in boxed) if boxed else _labelled(_paragraphs(text))
