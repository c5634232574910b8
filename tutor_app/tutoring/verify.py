"""The trust layer applied to a reply: the final answer against the CAS, each step checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from tutor_app.errors import MathInputError
from tutor_app.mathcheck import (
    StepMark,
    StepReport,
    Verdict,
    check_answer,
    check_steps,
    compare_with_cas,
    extract_final_answer,
    extract_marked_final_answer,
    graph_with_cas,
    solve_with_cas,
)
from tutor_app.mathcheck.api import LOG_BASE
from tutor_app.mathcheck.normalize import fold_width
from tutor_app.mathtext import MATH_SPAN, is_prose, math_body, normalize_math
from tutor_app.pictures.graph import Graph
from tutor_app.tutoring.feedback import show_math
from tutor_app.tutoring.problem import AnswerCheck, Mode, Problem

# Asks the model for a second, independent answer-only solution (None when it gives none).
AskModel = Callable[[], str | None]

# Badges, strongest first: what was actually verified about a reply's final answer.
VERIFIED = "verified"
DISAGREES = "disagrees"
AGREES = "agrees"
DIFFERS = "differs"
NOT_CHECKABLE = "not_checkable"
# What a student's own answer was checked against.
ANSWER_KEY = "answer_key"
CAS = "cas"
SECOND_SOLUTION = "second_solution"
NOTHING = "nothing"

# The check_work prompt asks the model to copy a photographed working out under this line first.
_COPIED = re.compile(r"(?:Student's lines|学生的各行)\s*[:：]\s*\n(.+?)(?:\n\s*\n|\Z)", re.DOTALL)
_RELATION = re.compile(r"=|<|>|\\le|\\ge|\\neq|≤|≥")
# A bullet or a number needs a space after it: "-3 + 5 = 2" and "2.5 × 4 = 10" are working, not list items.
_LIST_MARKER = re.compile(r"^\s*(?:(?:[-*+]|\d{1,3}[.)])\s+|step\s*\d+\s*[:.)]\s*|第\s*\d+\s*步[:：]?\s*)", re.I)
# A word or typed arrow that only links a line to the one before ("so 2x = 4", "=> x = 2"), not part of its
# math; ⇒, ∴ and ∵ are split off by _IMPLIES wherever they stand.
_LEADING_LINK = re.compile(r"^\s*(?:(?:so|and|thus|hence|therefore)\b|==?>|--?>|→)[\s:,]*", re.I)
# Four or more letters in a row (outside LaTeX commands) mark a line as prose.
_WORD = re.compile(r"[A-Za-z]{2,}[,.]?")
_FUNCTIONS = {"sin", "cos", "tan", "ln", "log", "exp", "sqrt", "lim"}
_MAX_STEPS = 60
_IMPLIES = re.compile(r"\\(?:implies|Rightarrow|Longrightarrow|iff|Leftrightarrow|therefore|quad\\text\{or\}|quad|qquad)"
                      r"(?![A-Za-z])|⇒|⟹|⇔|∴|∵|\\text\{\s*(?:and|or|so|thus|hence|then)\s*\}|;")
# Words that make a formula a supposition or a case being tried rather than a claim.
_SUPPOSING = re.compile(
    r"\b(?:if|suppose|supposing|assume|assuming|assumed|let'?s\s+(?:check|test|try|see|verify)|try|trying|test|"
    r"testing|check|checking|verify|whether|when|whenever|case|cases|e\.g|for\s+example|for\s+instance|say|"
    r"such\s+as|plug\w*|substitut\w*|guess|either|options?|possible|possibly|could|would|might|contradiction|"
    r"not|isn'?t|aren'?t|don'?t|doesn'?t|cannot|can'?t|unless|otherwise|instead|or)\b|如果|假设|若|或",
    re.IGNORECASE)
_CASE_OF = re.compile(r"\b(?:for|with|at|taking|setting|set|numerator|denominator|critical)\s*$", re.IGNORECASE)
_NEW_CASE = re.compile(
    r"\b(?:case|cases|consider|suppose|assume|another|alternatively|otherwise|part|similarly|other|interval|range)\b"
    r"|(?:^|[.:;,]\s*)(?:for|when|if|in|on)\b|(?:^|[.:;,]\s*|\band\s+)(?:second(?:ly)?|third(?:ly)?|next|now)\b"
    r"|^\s*#|情况|第二|其次|另|当",
    re.IGNORECASE)
_REJECTING = re.compile(
    r"\b(?:remainder|not|isn'?t|is\s+extraneous|extraneous|rejected?|doesn'?t|does\s+not|cannot|can'?t|impossible|"
    r"invalid|false|wrong|incorrect|contradict\w*|fails?|would|if|or|gives?|giving|yields?|when)\b|✗|不|舍|或",
    re.IGNORECASE)

# "$209$ is a prime number", "$4! = 24$ is not divisible by $9$": a claim about a whole number in words.
_NUMBER = r"(?:\$\s*(?:[^$]*=\s*)?(\d{1,12})\s*\$|(\d{1,12}))"
_CLAIM = re.compile(
    rf"(?:(?<=[\s(])|^){_NUMBER}\s+is\s+(?:also\s+)?(not\s+)?(?:a\s+)?"
    rf"(?:prime(?:\s+number)?(?![\w-]|\s+(?:power|to|factor)\b)|(?:evenly\s+)?divisible\s+by\s+{_NUMBER}"
    r"(?!\d|\.\d|\s*(?:and|or|,)\s*\$?\d))", re.IGNORECASE)
# "The GCD of $116$ and $174$ is $2$": a greatest common divisor stated in words.
_GCD_CLAIM = re.compile(
    rf"\b(?:greatest\s+common\s+(?:divisor|factor)|highest\s+common\s+factor|GCD|GCF|HCF)(?:\s*\(\w+\))?\s+of\s+"
    rf"{_NUMBER}\s+and\s+{_NUMBER}\s*,?\s+is\s+(?:also\s+)?{_NUMBER}(?!\d|\.\d)", re.IGNORECASE)
# Where a chain ``a = b = c`` splits into its sides.
_SIDE = re.compile(r"<=|>=|=|<|>|\\(?:leq?|geq?|neq?|approx)(?![A-Za-z])|[≤≥≠≈]")
# Words that end on a part "of" ("one third of", "$10\%$ of"): the formula after them is not whole on its own.
_OF_BEFORE = re.compile(r"(?:^|\b(?:half|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?|percent|twice|"
                        r"double|triple|times))\s*of\s*$", re.IGNORECASE)
# ``\text{Total fruits} =``: a quantity named in words on the left of a line.
_NAMED = re.compile(r"\s*(\\text\{[^{}]+\})\s*=")
# Words that make a claim in the same sentence a supposition or a question, not a statement.
_HYPOTHETICAL = re.compile(r"\b(?:if|suppose|assume|assuming|whether|check|checking|test|testing|verify|try|"
                           r"contradiction|could|would|might|must)\b|如果|假设|若", re.IGNORECASE)
# Arithmetic written in the words of a sentence, outside any formula: "2/5 * 4000 = 800 gallons",
# "495 students * $15/student = $7455". An amount, then what it counts: one word, "/word" or "(word)".
_AMOUNT = r"(?:\\?\$\s?)?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?%?|(?:\\?\$)?\.\d+%?"
_OPERATOR_WORDS = (r"x|of|times|plus|minus|divided|multiplied|remainder|and|or|is|are|was|with|to|in|for|per|by|which|"
                   r"that|so|then|more|less|each|left|total|altogether|now")
_COUNTS = rf"(?:\s*/\s*[a-z]+|\s+(?!(?:{_OPERATOR_WORDS})\b)[a-z]{{2,}}(?:/[a-z]+)?)?(?:\s*\([a-z][a-z ]*\))?"
_TERM = rf"\(*\s*(?:{_AMOUNT}){_COUNTS}\s*\)*"
_OPERATOR = r"\s*(?:[-+*/×÷−·]|(?<=\s)x(?=\s)|\b(?:times|plus|minus|divided\s+by|multiplied\s+by|of)\b)\s*"
_EXPRESSION = rf"{_TERM}(?:{_OPERATOR}{_TERM})*"
_PLAIN_CHAIN = re.compile(rf"(?<![\w.,/*+^(\\-])(?:{_EXPRESSION})(?:\s*=\s*(?:{_EXPRESSION}))+")
_PART_BEFORE = re.compile(rf"(?:[-+*/×÷^\\]|\\[A-Za-z]+|\\\$?|\d\s+(?!(?:{_OPERATOR_WORDS})\b)[a-z]{{2,}}|"
                          r"\b(?:of|by|per|over|than|times|plus|minus))\s*$|[A-Za-z]$")
_PLAIN_WORDS = {"×": " \\times ", "x": " \\times ", "*": " \\times ", "·": " \\times ", "times": " \\times ",
                "multiplied by": " \\times ", "÷": " \\div ", "divided by": " \\div ", "−": " - ", "minus": " - ",
                "plus": " + ", "of": " \\text{ of } "}
# "706 ÷ 7 = 101 with a remainder of 1" claims 706 = 7 × 101 + 1.
_REMAINDER = re.compile(r"\s*,?\s*(?:with\s+|and\s+)?(?:a\s+)?(?:remainder|R)(?:\s+of)?\s+(\d+)\b", re.IGNORECASE)
_QUOTIENT = re.compile(r"^(\d+)\s*(?:÷|/|divided\s+by)\s*(\d+)\s*=\s*(\d+)$")


@dataclass(frozen=True)
class Verification:
    """What the checker made of a reply: the CAS badge and, for algebra, each step."""

    final_answer: str | None
    badge: str
    reason: str
    steps: StepReport | None = None


def verify_reply(problem: Problem, mode: Mode, text: str, *, student_work: str = "",
                 timeout: float | None = None, ask_model: AskModel | None = None) -> Verification:
    """Check a reply's final answer and its lines of working (the student's, in check-my-work).

    The final answer is checked by the CAS where it can solve the problem; otherwise, when
    ``ask_model`` is given, against a second, independent answer-only solution by the model.
    """
    # A follow-up explains; only an answer it marks as final is one.
    final = (extract_marked_final_answer if mode is Mode.FOLLOW_UP else extract_final_answer)(text)
    lines = work_lines(working(mode, text, student_work))
    report = check_work(problem, lines, timeout=timeout, reveal=mode is not Mode.HINT) if lines else None
    if final is None:
        return Verification(None, NOT_CHECKABLE, "No final answer was found in the reply.", report)
    try:
        verdict = compare_with_cas(cas_problem(problem), final, timeout=timeout)
    except MathInputError as exc:
        return Verification(final, NOT_CHECKABLE, str(exc), report)
    if verdict.equivalent is not None or ask_model is None:
        badge = {True: VERIFIED, False: DISAGREES, None: NOT_CHECKABLE}[verdict.equivalent]
        return Verification(final, badge, verdict.reason, report)
    second = second_answer(problem, ask_model)
    if second is None:
        return Verification(final, NOT_CHECKABLE, "The computer algebra system cannot solve this problem, "
                            "and a second solution gave no answer to compare with.", report)
    agreement = check_answer(second, final, timeout=timeout)
    if agreement.equivalent and report is not None and report.first_wrong is not None:
        return Verification(final, NOT_CHECKABLE, f"A second, independent solution gets the same answer, but "
                            f"line {report.first_wrong + 1} of the working is wrong.", report)
    if agreement.equivalent:
        checked = " The arithmetic in the working was checked by the computer algebra system." if report else ""
        return Verification(final, AGREES, f"A second, independent solution by the model gets the same answer "
                            f"({second}). The computer algebra system could not solve this problem, so this is "
                            f"agreement, not proof.{checked}", report)
    if agreement.equivalent is False:
        return Verification(final, DIFFERS, f"A second, independent solution by the model gets {second}: "
                            "one of the two is wrong, so check this answer.", report)
    return Verification(final, NOT_CHECKABLE, f"Could not compare with a second solution ({second}): "
                        f"{agreement.reason}", report)


def working(mode: Mode, text: str, student_work: str) -> str:
    """The lines to check: the student's (typed, or as the reply copied them from a photo), else the reply's."""
    if mode is not Mode.CHECK_WORK:
        return text
    if student_work.strip():
        return student_work
    copied = _COPIED.search(text)
    return copied.group(1) if copied else text


def second_answer(problem: Problem, ask_model: AskModel) -> str | None:
    """The model's answer from a separate answer-only request, asked once per problem."""
    if problem.second_answer is None:
        problem.second_answer = ask_model() or ""
    return problem.second_answer or None


def check_work(problem: Problem, lines: list[WorkLine], *, timeout: float | None = None,
               reveal: bool = True) -> StepReport:
    """Each line of working judged against the problem's givens and the lines before it.

    With ``reveal`` off (hint mode) no corrected line is given, so no line gives the answer away.
    """
    givens = step_lines(problem.transcription)
    report = check_steps([line.text for line in lines], timeout=timeout, givens=givens,
                         supposed={k for k, line in enumerate(lines) if line.supposed},
                         fresh={k for k, line in enumerate(lines) if line.fresh})
    marks = [_named(mark, lines[mark.index].name) for mark in report.steps]
    if not reveal:
        marks = [replace(mark, correction="") for mark in marks]
    return StepReport(marks, report.first_wrong)


def _named(mark: StepMark, name: str) -> StepMark:
    """The mark of a line whose quantity was named, with its name in front again."""
    if not name:
        return mark
    return replace(mark, text=f"{name} {mark.text}",
                   correction=f"{name} {mark.correction.lstrip()}" if mark.correction else "")


def check_student_answer(problem: Problem, answer: str, *, timeout: float | None = None,
                         ask_model: AskModel | None = None) -> AnswerCheck:
    """The checker's verdict on the student's final answer, and what it was checked against.

    The known answer first, then the CAS's own answer, then a second, independent solution.
    """
    answer = answer.strip()
    if not answer:
        raise MathInputError("Type your final answer first, for example x = 2.")
    if problem.reference_answer:
        return AnswerCheck(answer, check_answer(problem.reference_answer, answer, timeout=timeout), ANSWER_KEY)
    verdict = compare_with_cas(cas_problem(problem), answer, timeout=timeout)
    # Undecided for the base of a log written without one: the CAS has an answer, and the reason says why.
    by_cas = verdict.equivalent is not None or verdict.reason == LOG_BASE
    if by_cas or ask_model is None:
        return AnswerCheck(answer, verdict, CAS if by_cas else NOTHING)
    second = second_answer(problem, ask_model)
    if second is None:
        return AnswerCheck(answer, verdict, NOTHING)
    return AnswerCheck(answer, check_answer(second, answer, timeout=timeout), SECOND_SOLUTION)


def known_answer(problem: Problem, *, timeout: float | None = None) -> str | None:
    """The correct answer as Markdown math: the sample's own, else the CAS's; None when neither is known."""
    if problem.reference_answer:
        return show_math(problem.reference_answer)
    result = solve_with_cas(cas_problem(problem), timeout=timeout)
    return f"${result.latex}$" if result else None


def problem_graph(problem: Problem, *, timeout: float | None = None) -> Graph | None:
    """The CAS's graph of a problem, or None when it cannot read the problem as something to draw."""
    return graph_with_cas(cas_problem(problem), timeout=timeout)


def cas_problem(problem: Problem) -> str:
    """The problem as the CAS should read it: a sample's own phrasing, else the transcription."""
    return problem.cas_problem or problem.transcription


@dataclass(frozen=True)
class WorkLine:
    """One relation in a piece of working, and whether it is only supposed ("if x = 3, ...")."""

    text: str
    supposed: bool = False
    # Words before it open a new case or part ("Second, ...", "Consider the case ..."): what the
    # lines before it found no longer applies.
    fresh: bool = False
    # The words that name the quantity a line starts from ("Area" in "Area = 3 × 4 = 12"): shown
    # with the line, not checked (the line is checked as "= 3 × 4 = 12").
    name: str = ""


def step_lines(text: str) -> list[str]:
    """The math of each relation in a piece of working (``2x = 4``), in order."""
    return [line.text for line in work_lines(text)]


def work_lines(text: str) -> list[WorkLine]:
    """Every relation stated in a piece of working, in order, each marked when it is only supposed."""
    lines: list[WorkLine] = []
    context = ""
    # The last relation of the display just before, as written and as checked, when nothing but space lies between.
    previous: tuple[str, str] | None = None
    # Working typed with a Chinese keyboard: ＝ （ ） ＋ － are = ( ) + -.
    for block in _split_display(normalize_math(fold_width(text))):
        if block.startswith("$$"):
            supposed, fresh = _is_supposed(context, ""), bool(_NEW_CASE.search(context))
            steps = _display_steps(block.strip("$"), None if fresh else previous)
            lines.extend(WorkLine(checked, supposed, fresh and k == 0) for k, (_, checked) in enumerate(steps))
            context = ""
            previous = steps[-1] if steps else None
            continue
        previous = None
        for line in block.split("\n"):
            line = _LEADING_LINK.sub("", line)
            found = _line_steps(line)
            written = found[-1].text if found else ""
            if found and previous is not None and line.lstrip().startswith("="):
                found[0] = replace(found[0], text=_continued(previous, found[0].text))
            lines.extend(found)
            lines.extend(_number_claims(line))
            previous = (written, found[-1].text) if found else None
        context = ([line for line in block.split("\n") if line.strip()] or [""])[-1]
    return lines[:_MAX_STEPS]


def _split_display(text: str) -> list[str]:
    parts: list[str] = []
    last = 0
    # Working has been through normalize_math, so every display formula is $$...$$ (MATH_SPAN's group 1).
    for match in (m for m in MATH_SPAN.finditer(text) if m.group(1) is not None):
        parts.append(text[last:match.start()])
        parts.append(match.group(0))
        last = match.end()
    parts.append(text[last:])
    return [p for p in parts if p.strip()]


def _implications(math: str) -> list[str]:
    """``a = b \\implies c = d`` and ``x = 2, y = 3``: each stated relation on its own."""
    pieces = (p.strip().rstrip(".,;") for p in _IMPLIES.split(math))
    return [s for p in pieces if p and _RELATION.search(p) for s in _statements(p)]


def _statements(math: str) -> list[str]:
    """A formula split at its top-level commas when every piece states a relation."""
    pieces, depth, start = [], 0, 0
    for k, char in enumerate(math):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            pieces.append(math[start:k])
            start = k + 1
    pieces.append(math[start:])
    pieces = [p.strip() for p in pieces]
    return pieces if len(pieces) > 1 and all(_RELATION.search(p) for p in pieces) else [math]


def _display_steps(body: str, previous: tuple[str, str] | None) -> list[tuple[str, str]]:
    """The relations of a display as written and as checked: a line that goes on from the one before is joined to it."""
    body = re.sub(r"\\(?:begin|end)\{(?:aligned|align\*?|gathered|array|split|eqnarray\*?)\}(\{[^}]*\})?", "", body)
    lines = (line.replace("&", "").strip() for line in re.split(r"\\\\|\n", body))
    steps: list[tuple[str, str]] = []
    for step in (step for line in lines for step in _implications(line)):
        steps.append((step, _continued(previous, step) if previous is not None else step))
        previous = steps[-1]
    return steps


def _continued(previous: tuple[str, str], step: str) -> str:
    """``= 5`` after ``x = 2 + 3``, or ``\\text{Total} = 178`` after ``\\text{Total} = 52 + 116``: ``2 + 3 = 5``."""
    written, checked = previous
    last = _SIDE.split(checked)[-1].strip()
    if not last:
        return step
    if step.startswith("="):
        return f"{last} {step}"
    named, before = _NAMED.match(step), _NAMED.match(written)
    # Not a second case worked out in full ("\text{Area} = 3 \cdot 4 = 12" after "\text{Area} = 2 \cdot 5 = 10").
    if (named and before and named.group(1) == before.group(1) and len(_SIDE.findall(step)) == 1
            and not re.fullmatch(r"-?\d+(?:\.\d+)?", last)):
        return f"{last} {step[named.end() - 1:]}"
    return step


def _line_steps(line: str) -> list[WorkLine]:
    found = list(MATH_SPAN.finditer(line))
    if found:
        steps = []
        last = 0
        for before, m in zip([None, *found], found):
            supposed = _is_supposed(line[:m.start()], line[m.end():])
            relations = _implications(math_body(m))
            words = line[before.end() if before else 0:m.start()]
            if relations and (before is not None or words.strip() != "of") and _OF_BEFORE.search(words):
                # "$10\%$ of $\$1.50 = 0.15$": the formula's first side goes on from the words before it.
                relations[0] = _after_of(relations[0], before if re.fullmatch(r"\s*of\s*", words) else None)
                relations = [r for r in relations if r]
            if relations:
                # The words since the last relation, including formulas that state none ("the next value of $m$").
                fresh = bool(_NEW_CASE.search(line[last:m.start()]))
                steps.extend(WorkLine(step, supposed, fresh and k == 0) for k, step in enumerate(relations))
                last = m.end()
        return steps
    body = _LIST_MARKER.sub("", line).strip()
    if "$" in body or not _RELATION.search(body):
        return _plain_arithmetic(body)
    if not is_prose(body):
        return [WorkLine(step) for step in _implications(body)]
    # "Subtract 3: 2x = 4" or "Solve 2x + 3 = 7": the math after the words.
    words = re.split(r"[:：]", body)[-1].split()
    for start in range(len(words)):
        tail = " ".join(words[start:])
        if _WORD.fullmatch(words[start]) and words[start] not in _FUNCTIONS:
            continue
        if not is_prose(tail) and (relations := _implications(tail)):
            before = body[: len(body) - len(tail)]
            fresh = bool(_NEW_CASE.search(before))
            # "Area = 3 × 4 = 12": the word before the "=" names the quantity.
            named = start and tail.startswith("=") and _WORD.fullmatch(words[start - 1])
            name = words[start - 1].rstrip(",.") if named else ""
            return _plain_arithmetic(before) + [WorkLine(step, _is_supposed(before, ""), fresh and k == 0,
                                                         name if k == 0 else "")
                                                for k, step in enumerate(relations)]
    return _plain_arithmetic(body)


def _plain_arithmetic(text: str) -> list[WorkLine]:
    """Number chains written in a sentence without formula marks, as formulas (``16 - 5 = 11 minutes``)."""
    steps = []
    for m in _PLAIN_CHAIN.finditer(text):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        end = m.start() + len(m.group(0).rstrip())
        before, after = text[:start], text[end:]
        # Part of something larger: a formula with letters ("3x + 2 = 11", "= 12/7x"), broken LaTeX
        # ("\\times \\$1.50 = \\$4.50"), "one third of 27 = 9", "1 hour 30 minutes = 90 minutes".
        if _PART_BEFORE.search(before) or re.match(r"[\w(^]|\s*[-+*/×÷^=]", after):
            continue
        chain = m.group(0).strip()
        remainder = _REMAINDER.match(after)
        if remainder:
            quotient = _QUOTIENT.match(chain)
            if quotient is None:
                continue
            number, divisor, whole = quotient.groups()
            chain = f"{number} = {divisor} × {whole} + {remainder.group(1)}"
        steps.append(WorkLine(_as_formula(chain), _is_supposed(before, after)))
    return steps


def _as_formula(chain: str) -> str:
    """A chain from a sentence in the notation the checker reads: words for operations and counts as LaTeX."""
    chain = re.sub(r"(?<!\\)\$", r"\\$", chain).replace("%", "\\%")
    chain = re.sub(r"\s*/\s*([a-z]+)", r" \\text{ per \1}", chain)
    chain = re.sub(r"\s*\(([a-z][a-z ]*)\)", r" \\text{ \1}", chain)
    chain = re.sub(r"(?<=[\d%])\s+(?!(?:times|plus|minus|divided|multiplied|of|x)\b)([a-z]{2,})\b",
                   r" \\text{ \1}", chain)
    chain = re.sub(r"×|÷|−|·|\*|(?<=\s)x(?=\s)|\b(?:times|plus|minus|divided\s+by|multiplied\s+by|of)\b",
                   lambda m: _PLAIN_WORDS[re.sub(r"\s+", " ", m.group(0))], chain)
    return re.sub(r"\s+", " ", chain)


def _after_of(relation: str, quantity: re.Match[str] | None) -> str:
    """A relation whose first side follows "of": joined to the formula before (10% of 1.50 = 0.15), else cut off."""
    if quantity is not None and not _RELATION.search(math_body(quantity)):
        return f"{math_body(quantity)} \\text{{ of }} {relation}"
    return _SIDE.split(relation, maxsplit=1)[-1].strip() if len(_SIDE.findall(relation)) > 1 else ""


def _number_claims(line: str) -> list[WorkLine]:
    """Claims in words about whole numbers (prime, divisible by another, the GCD of two), as lines to check."""
    claims = []
    for m in (m for m in _CLAIM.finditer(line) if _stated(line, m)):
        number, negated, divisor = m.group(1) or m.group(2), "not " if m.group(3) else "", m.group(4) or m.group(5)
        if divisor:
            claims.append((m.start(), f"{number} \\text{{ is {negated}divisible by }} {divisor}"))
        else:
            claims.append((m.start(), f"{number} \\text{{ is {negated}prime}}"))
    for m in (m for m in _GCD_CLAIM.finditer(line) if _stated(line, m)):
        first, second, divisor = (m.group(k) or m.group(k + 1) for k in (1, 3, 5))
        claims.append((m.start(), f"\\gcd({first}, {second}) = {divisor}"))
    return [WorkLine(text) for _, text in sorted(claims)]


def _stated(line: str, claim: re.Match[str]) -> bool:
    """Whether a claim in words is stated, not asked, supposed or tried."""
    sentence = re.split(r"[.!?。]\s", line[:claim.start()])[-1]
    return not (_HYPOTHETICAL.search(sentence)
                or _is_supposed(re.split(r"[,;:]", sentence)[-1], line[claim.end():]))


def _is_supposed(before: str, after: str) -> bool:
    """Whether the words around a formula make it a supposition, a case or a rejected value."""
    sentence = re.split(r"[.!?。；;]\s|\n", before)[-1]
    following = re.split(r"[.!?。；;](?:\s|$)|\$", after)[0]
    return bool(_SUPPOSING.search(sentence) or _CASE_OF.search(sentence) or _REJECTING.search(following))

