"""The tutoring core: prompts sent, streams relayed, replies verified, worksheets written."""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from tests.support.scripted_backend import ScriptedBackend
from tutor_app.config import load_settings
from tutor_app.errors import BackendError, ImageError, MathInputError
from tutor_app.mathcheck import StepMark, StepReport, Verdict
from tutor_app.tutoring import (
    AGREES,
    DIFFERS,
    DISAGREES,
    NOT_CHECKABLE,
    VERIFIED,
    AnswerCheck,
    Chunk,
    Idle,
    Mode,
    Problem,
    Reply,
    Verification,
    Waiting,
    check_student_answer,
    relay,
    respond,
    second_solution,
    step_lines,
    transcribe,
    verify_reply,
    worksheet_html,
    worksheet_markdown,
)
from tutor_app.tutoring.verify import work_lines
from tutor_app.tutoring.worksheet import step_line


def png(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def settings():
    return load_settings()


# --- relay -------------------------------------------------------------------------


def test_relay_passes_chunks_and_places_in_order() -> None:
    def make(cancel, on_wait):
        on_wait(2)
        on_wait(1)
        yield "a"
        yield ""
        yield "b"

    assert list(relay(make)) == [Waiting(2), Waiting(1), Chunk("a"), Chunk("b")]


def test_relay_reraises_the_stream_error_on_the_page_thread() -> None:
    def make(cancel, on_wait):
        yield "partial"
        raise BackendError("The model server stopped answering.")

    events = relay(make)
    assert next(events) == Chunk("partial")
    with pytest.raises(BackendError, match="stopped answering"):
        next(events)


def test_relay_beats_while_the_stream_is_silent() -> None:
    release = threading.Event()

    def make(cancel, on_wait):
        release.wait(5)
        yield "late"

    events = relay(make, heartbeat=0.01)
    assert next(events) == Idle()
    release.set()
    assert [e for e in events if not isinstance(e, Idle)] == [Chunk("late")]


def test_closing_the_relay_cancels_the_stream() -> None:
    seen: list[threading.Event] = []
    finished = threading.Event()

    def make(cancel, on_wait):
        seen.append(cancel)
        try:
            while not cancel.is_set():
                yield "x"
                time.sleep(0.001)
        finally:
            finished.set()

    events = relay(make)
    assert next(events) == Chunk("x")
    events.close()
    assert seen[0].is_set()
    assert finished.wait(5)


# --- prompts sent to the model ------------------------------------------------------


def test_transcribe_sends_every_image_prepared(settings) -> None:
    backend = ScriptedBackend(["2x + 3 = 7"])
    text = "".join(transcribe(backend, [png(), png(40, 40)], settings=settings, lang="en"))
    assert text == "2x + 3 = 7"
    (request,) = backend.requests
    assert [m.role for m in request.messages] == ["system", "user", "user"]
    assert len(request.messages[1].images) == 2
    assert request.messages[1].text == ""
    assert request.shared == 2
    # A reading has its own short limit, so a confused model cannot ramble for a whole answer's budget.
    assert request.sampling.max_tokens == settings.transcribe_max_tokens == 512


def test_the_reading_limit_never_exceeds_the_answer_limit() -> None:
    backend = ScriptedBackend(["x"])
    list(transcribe(backend, [png()], settings=load_settings(max_tokens=100), lang="en"))
    assert backend.requests[0].sampling.max_tokens == 100


def test_transcribe_without_images_says_what_to_do(settings) -> None:
    with pytest.raises(ImageError, match="Take a photo or upload an image"):
        transcribe(ScriptedBackend([]), [], settings=settings, lang="en")


def test_transcribe_refuses_a_corrupt_image_before_queueing(settings) -> None:
    backend = ScriptedBackend(["never"])
    with pytest.raises(ImageError):
        transcribe(backend, [b"\x89PNG\r\n\x1a\n broken"], settings=settings, lang="en")
    assert backend.requests == []


@pytest.mark.parametrize("mode", [m for m in Mode if m is not Mode.FOLLOW_UP])
def test_respond_puts_the_confirmed_problem_in_every_mode(settings, mode: Mode) -> None:
    backend = ScriptedBackend(["ok"])
    problem = Problem(transcription="Solve $2x + 3 = 7$")
    work = "2x = 4" if mode is Mode.CHECK_WORK else ""
    assert "".join(respond(backend, problem, mode, settings=settings, lang="en", student_work=work)) == "ok"
    assert "Solve $2x + 3 = 7$" in backend.requests[0].messages[1].text
    if mode is Mode.CHECK_WORK:
        assert "2x = 4" in backend.user_text()


def test_the_hint_ladder_counts_and_repeats_the_hints_given(settings) -> None:
    problem = Problem(transcription="Solve x^2 = 9")
    problem.replies += [Reply(Mode.HINT, "Take square roots.", "en"), Reply(Mode.SOLVE, "x = 3", "en"),
                        Reply(Mode.HINT, "Remember both signs.", "en")]
    backend = ScriptedBackend(["hint"])
    list(respond(backend, problem, Mode.HINT, settings=settings, lang="en"))
    assert "Give hint number 3." in backend.user_text()
    assert "1. Take square roots.\n\n2. Remember both signs." in backend.user_text()


def test_respond_uses_the_chinese_templates(settings) -> None:
    backend = ScriptedBackend(["好"])
    list(respond(backend, Problem(transcription="解方程 2x+3=7"), Mode.SOLVE, settings=settings, lang="zh"))
    assert "解方程 2x+3=7" in backend.requests[0].messages[1].text
    assert "简体中文" in backend.requests[0].messages[0].text or "中文" in backend.requests[0].messages[0].text


def test_respond_sends_problem_and_work_images(settings) -> None:
    backend = ScriptedBackend(["ok"])
    problem = Problem(transcription="", images=(png(),))
    list(respond(backend, problem, Mode.CHECK_WORK, settings=settings, lang="en", work_images=(png(),)))
    shared, own = backend.requests[0].messages[1:]
    assert (len(shared.images), len(own.images)) == (1, 1)


def ask_every_way(settings, problem: Problem, session: str | None = "s1") -> list:
    """The requests for reading the problem's photo, then steps, a hint, checking work and the diagram."""
    backend = ScriptedBackend(["read", "steps", "hint", "check", "diagram"])
    list(transcribe(backend, problem.images, settings=settings, lang="en", session=session))
    for mode in (Mode.SOLVE, Mode.HINT, Mode.CHECK_WORK, Mode.DIAGRAM):
        list(respond(backend, problem, mode, settings=settings, lang="en", student_work="2x = 4", session=session))
    return backend.requests


def test_every_request_about_a_problem_starts_with_the_same_bytes() -> None:
    settings = load_settings(text_only_math=False)
    problem = Problem(transcription="Solve $2x + 3 = 7$", images=(png(),))
    read, *tutoring = ask_every_way(settings, problem)
    system, photo = read.messages[:2]
    assert photo.images == problem.images
    for request in tutoring:
        assert request.shared == 2
        assert request.messages[0] == system
        assert request.messages[1] == tutoring[0].messages[1]
        assert request.messages[1].images == problem.images
        assert "Solve $2x + 3 = 7$" in request.messages[1].text
    assert len({r.messages[2].text for r in tutoring}) == 4


def test_the_second_solution_starts_like_the_other_requests_and_sees_no_reply() -> None:
    settings = load_settings(text_only_math=False)
    problem = Problem(transcription="A train travels 180 km in 2.5 hours. Its speed?", images=(png(),))
    backend = ScriptedBackend(["1. $180 / 2.5 = 72$", "$\\boxed{72 km/h}$"])
    list(respond(backend, problem, Mode.SOLVE, settings=settings, lang="en", session="s1"))
    problem.replies.append(Reply(Mode.SOLVE, "1. $180 / 2.5 = 72$", "en"))
    assert second_solution(backend, problem, settings=settings, lang="en", session="s1") == "72 km/h"
    tutored, second = backend.requests
    assert second.messages[:2] == tutored.messages[:2]
    assert second.cache_key == tutored.cache_key
    assert "180 / 2.5" not in backend.user_text()


def test_requests_about_one_problem_share_a_key_per_session() -> None:
    settings = load_settings()
    problem = Problem(transcription="Solve $2x + 3 = 7$", images=(png(),))
    keys = {r.cache_key for r in ask_every_way(settings, problem, "s1")}
    other = {r.cache_key for r in ask_every_way(settings, problem, "s2")}
    assert len(keys) == 1 and len(other) == 1 and keys != other
    assert {r.cache_key for r in ask_every_way(settings, problem, None)} == {None}
    another_photo = Problem(transcription="Solve $2x + 3 = 7$", images=(png(40, 40),))
    assert {r.cache_key for r in ask_every_way(settings, another_photo, "s1")} != keys


def test_a_typed_problem_is_keyed_by_its_id() -> None:
    backend = ScriptedBackend(["a", "b"])
    first, second = Problem(transcription="x + 1 = 2"), Problem(transcription="x + 1 = 2")
    for problem in (first, second):
        list(respond(backend, problem, Mode.SOLVE, settings=load_settings(), lang="en", session="s1"))
    assert [r.cache_key for r in backend.requests] == [f"s1/{first.id}", f"s1/{second.id}"]


PHOTO_CASES = [
    # (transcription, mode, what the student typed, whether the photo is sent)
    ("Solve $2x + 3 = 7$", Mode.SOLVE, "", False),
    ("Solve $2x + 3 = 7$", Mode.HINT, "2x = 4", False),
    ("Solve $2x + 3 = 7$", Mode.CHECK_WORK, "2x = 4\nx = 2", False),
    ("解方程 $2x + 3 = 7$", Mode.SOLVE, "", False),
    ("Solve $2x + 3 = 7$", Mode.DIAGRAM, "", True),
    ("Find $BC$. [figure: right triangle ABC, AB = 5 cm]", Mode.SOLVE, "", True),
    ("如图，求 $BC$ 的长。", Mode.SOLVE, "", True),
    ("Find the current in the circuit shown.", Mode.HINT, "", True),
    ("Use the graph to find the gradient.", Mode.SOLVE, "", True),
    ("Solve $2x + [unreadable] = 7$", Mode.SOLVE, "", True),
    ("Solve $2x + 3 = 7$", Mode.CHECK_WORK, "Look at the picture, the 3 might be an 8", True),
    ("Solve $2x + 3 = 7$", Mode.CHECK_WORK, "照片里的是 8 吗", True),
]


@pytest.mark.parametrize(("text", "mode", "typed", "sent"), PHOTO_CASES)
def test_the_photo_is_sent_only_when_the_text_does_not_say_it_all(text, mode, typed, sent) -> None:
    backend = ScriptedBackend(["ok"])
    problem = Problem(transcription=text, images=(png(),))
    list(respond(backend, problem, mode, settings=load_settings(), lang="en", student_work=typed))
    assert backend.requests[0].messages[1].images == (problem.images if sent else ())
    assert text in backend.requests[0].messages[1].text


def test_with_the_setting_off_the_photo_is_always_sent() -> None:
    backend = ScriptedBackend(["ok"])
    problem = Problem(transcription="Solve $2x + 3 = 7$", images=(png(),))
    list(respond(backend, problem, Mode.SOLVE, settings=load_settings(text_only_math=False), lang="en"))
    assert backend.requests[0].messages[1].images == problem.images


@pytest.mark.parametrize(
    ("problem", "mode", "work", "message"),
    [
        (Problem(transcription="  "), Mode.SOLVE, "", "There is no problem yet"),
        (Problem(transcription="x" * 4001), Mode.SOLVE, "", "The problem is 4001 characters long"),
        (Problem(transcription="Solve x = 1"), Mode.CHECK_WORK, "", "Type your working"),
        (Problem(transcription="Solve x = 1"), Mode.CHECK_WORK, "y" * 4001, "The working is 4001"),
    ],
)
def test_respond_refuses_bad_input(settings, problem, mode, work, message) -> None:
    with pytest.raises(MathInputError, match=message):
        respond(ScriptedBackend(["never"]), problem, mode, settings=settings, lang="en", student_work=work)


def test_a_text_too_long_is_refused_in_the_pages_language(settings) -> None:
    with pytest.raises(MathInputError) as err:
        respond(ScriptedBackend(["never"]), Problem(transcription="Solve x = 1"), Mode.CHECK_WORK,
                settings=settings, lang="zh", student_work="y" * 4001)
    assert err.value.said("zh") == "解题过程有 4001 个字符；请控制在 4000 个以内（把很长的作业拆成几道题）。"
    assert err.value.said("en") == (
        "The working is 4001 characters long; keep it under 4000 (split a long worksheet into separate problems)."
    )


# --- verification -------------------------------------------------------------------

STEP_CASES = [
    ("1. Subtract 3: $2x = 4$\n2. Divide by 2: $x = 2$", ["2x = 4", "x = 2"]),
    ("Subtract 3: \\(2x = 4\\)\nso \\(x = 2\\)", ["2x = 4", "x = 2"]),
    ("2x + 3 = 7\n2x = 4\nx = 2", ["2x + 3 = 7", "2x = 4", "x = 2"]),
    ("Step 1: 2x = 4", ["2x = 4"]),
    ("Solve 2x + 3 = 7", ["2x + 3 = 7"]),
    ("解方程 2x+3=7", ["2x+3=7"]),
    ("The current is I = V/R", ["I = V/R"]),
    ("Subtract three from both sides: 2x = 4", ["2x = 4"]),
    ("\\[\\begin{aligned}2x &= 4\\\\x &= 2\\end{aligned}\\]", ["2x = 4", "x = 2"]),
    ("We know $a$ and $b$ are positive.", []),
    ("The resistance equals the voltage over the current.", []),
    ("$$\\boxed{x = 2}$$", ["\\boxed{x = 2}"]),
    # Claims about whole numbers in words; questions, suppositions and claims about two divisors at once are not.
    ("Since \\(209\\) is a prime number, so is its double.", ["209 \\text{ is prime}"]),
    ("so 91 is not prime.", ["91 \\text{ is not prime}"]),
    ("$3! = 6$ is not divisible by $9$, but $4! = 24$ is divisible by $9$.",
     ["3! = 6", "4! = 24", "6 \\text{ is not divisible by } 9", "24 \\text{ is divisible by } 9"]),
    ("Check if 32 is prime.", []),
    ("Suppose, for contradiction, that 15 is prime.", []),
    ("Then 35 is not divisible by 3 and 6.", []),
    ("8 is a prime power and 2.5 is not divisible by 2.", []),
    ("The greatest common divisor (GCD) of $116$ and $174$ is $2$, and 31 is prime.",
     ["\\gcd(116, 174) = 2", "31 \\text{ is prime}"]),
    ("We divide by the GCD of 12 and 18, which is 6. Check if the GCD of 12 and 18 is 3.", []),
    # A line that goes on from the one before is joined to it; words in between break the chain.
    ("$$\\begin{aligned} x &= 2 + 3 \\\\ &= 5 \\end{aligned}$$", ["x = 2 + 3", "2 + 3 = 5"]),
    ("\\[ \\text{Total} = 52 + 24 \\]\n\\[ \\text{Total} = 76 \\]", ["\\text{Total} = 52 + 24", "52 + 24 = 76"]),
    ("2x = 4 + 6\n= 10", ["2x = 4 + 6", "4 + 6 = 10"]),
    ("\\[ x = 5 \\] Now the second case. \\[ = 7 \\]", ["x = 5", "= 7"]),
    ("\\[ \\text{Area} = 2 \\cdot 5 = 10 \\]\n\\[ \\text{Area} = 3 \\cdot 4 = 12 \\]",
     ["\\text{Area} = 2 \\cdot 5 = 10", "\\text{Area} = 3 \\cdot 4 = 12"]),
    # Arithmetic in a sentence without formula marks, with what its numbers count; a remainder as a product.
    ("Amount of milk = 2/5 * 4000 = 800 gallons.", ["2/5 \\times 4000 = 800 \\text{ gallons}"]),
    ("In a week = 495 students * $15/student = $7455.",
     ["495 \\text{ students} \\times \\$15 \\text{ per student} = \\$7455"]),
    ("She paid 20% of 120 = 24 dollars (discount) and 3 x 4 = 12 more.",
     ["20\\% \\text{ of } 120 = 24 \\text{ dollars} \\text{ discount}", "3 \\times 4 = 12"]),
    ("Divide 706 by 7: 706 ÷ 7 = 100 with a remainder of 6, so it is 20 / 3 = 6 R 2 there.",
     ["706 = 7 \\times 100 + 6", "20 = 3 \\times 6 + 2"]),
    # Numbers that are part of something larger are not arithmetic on their own.
    # (a formula may not hold a dollar sign: the cut-off pieces around \$1.50 are no line at all)
    ("Increase: $10\\%$ of $\\$1.50 = 0.10 \\times \\$1.50 = \\$0.15$", []),
    ("One third of $27 = 3 \\cdot 3 = 9$, half of $8 = 4$, and the sum of $a + b = 5$.",
     ["3 \\cdot 3 = 9", "a + b = 5"]),
    ("One third of 27 = 9, and 3x + 2 = 11 gives x.", []),
    ("It took 1 hour 30 minutes = 90 minutes, and n-1 = 12/7x there.", []),
    ("The cost is 3 \\times \\$1.50 = \\$4.50 each.", []),
]


@pytest.mark.parametrize(("text", "expected"), STEP_CASES)
def test_step_lines(text: str, expected: list[str]) -> None:
    assert step_lines(text) == expected


VERIFY_CASES = [
    ("Solve 2x + 3 = 7", "1. $2x = 4$\n2. $x = 2$\n\\boxed{x = 2}", VERIFIED, "x = 2"),
    ("Solve 2x + 3 = 7", "1. $2x = 10$\n2. $x = 5$\n\\boxed{x = 5}", DISAGREES, "x = 5"),
    ("Solve 2x + 3 = 7", "Think about subtracting 3 first.", NOT_CHECKABLE, None),
    ("A circuit with two resistors in series", "The current is the same. \\boxed{2 A}", NOT_CHECKABLE, "2 A"),
]


@pytest.mark.parametrize(("transcription", "reply", "badge", "final"), VERIFY_CASES)
def test_verify_reply_badges(transcription: str, reply: str, badge: str, final: str | None) -> None:
    verification = verify_reply(Problem(transcription=transcription), Mode.SOLVE, reply, timeout=10)
    assert (verification.badge, verification.final_answer) == (badge, final)


def test_verify_reply_marks_the_first_wrong_step() -> None:
    reply = "1. $2x = 10$\n2. $x = 5$\n\\boxed{x = 5}"
    report = verify_reply(Problem(transcription="Solve $2x + 3 = 7$"), Mode.SOLVE, reply, timeout=10).steps
    assert [m.text for m in report.steps] == ["2x = 10", "x = 5", "\\boxed{x = 5}"]
    assert [m.follows for m in report.steps] == [False, True, True]
    assert report.first_wrong == 0
    assert report.steps[0].reason == "2x = 10 does not hold for x = 2 (from 2x + 3 = 7)."


def test_a_false_claim_about_a_number_is_the_first_wrong_line() -> None:
    reply = "We have $15! - 13! = 13!(210 - 1) = 13! \\cdot 209$. Since $209$ is a prime number, \\boxed{209}"
    report = verify_reply(Problem(transcription="Compute the largest prime divisor of $15! - 13!$."), Mode.SOLVE,
                          reply, timeout=10).steps
    assert report.steps[report.first_wrong].text == "209 \\text{ is prime}"
    assert report.steps[report.first_wrong].reason == "209 is not prime: 209 = 11 \\cdot 19."


def test_a_wrong_gcd_in_words_is_flagged() -> None:
    reply = "The GCD of $116$ and $174$ is $2$, so $-\\frac{116}{174} = -\\frac{58}{87}$."
    report = verify_reply(Problem(transcription="Simplify -116/174."), Mode.SOLVE, reply, timeout=10).steps
    assert report.steps[report.first_wrong].reason == "\\gcd(116, 174) is 58, not 2."


def test_a_wrong_total_on_the_next_line_is_flagged() -> None:
    reply = "\\[ \\text{Total fruits} = 52 + 24 + 44 + 48 \\]\n\\[ \\text{Total fruits} = 178 \\]\n\\boxed{178}"
    report = verify_reply(Problem(transcription="How many fruits in all?"), Mode.SOLVE, reply, timeout=10).steps
    assert report.first_wrong == 1
    assert report.steps[1].reason == "52 + 24 + 44 + 48 is 168, not 178."


def test_arithmetic_in_a_sentence_is_checked() -> None:
    """Working written without formula marks: a wrong product and a wrong remainder are flagged, right ones are not."""
    reply = ("A week has 495 students * $15/student = $7425 in fees. 706 ÷ 7 = 100 with a remainder of 6, "
             "so 3 x 4 = 12 and 2/5 of 4000 = 800 gallons.")
    report = verify_reply(Problem(transcription="How much?"), Mode.SOLVE, reply, timeout=10).steps
    # The remainder is said in words after the formula, so only its arithmetic is checked.
    assert [m.follows for m in report.steps] == [True, None, True, False]
    assert report.steps[3].reason == "2/5 \\text{ of } 4000 is 1600, not 800 \\text{ gallons}."
    reply = "Divide: 706 ÷ 7 = 101 with a remainder of 1."
    report = verify_reply(Problem(transcription="How many weeks?"), Mode.SOLVE, reply, timeout=10).steps
    assert report.steps[report.first_wrong].reason == "7 \\times 101 + 1 is 708, not 706."


# Words that open a new case or part make the lines before them no longer known; an ordinal inside a
# sentence ("the second equation") does not.
FRESH_CASES = [
    ("Second, $x = 5$", [True]),
    ("First, $x^3 = 0$ and Second, $x^2 - x - 72 = 0$", [False, True]),
    ("First, for $m = 19$: $4n = 192$", [True, False]),
    ("Substituting the first equation into the second equation: $3B + 6 = 28$", [False]),
    ("Multiply the second equation by 2: $18a + 2b = 28$", [False]),
]


@pytest.mark.parametrize(("text", "fresh"), FRESH_CASES)
def test_new_cases_start_afresh(text: str, fresh: list[bool]) -> None:
    assert [line.fresh for line in work_lines(text)] == fresh


def test_the_second_equation_is_not_a_new_case() -> None:
    reply = ("We have $S = 2B$ and $(S + 2) + (B + 2) = 28$.\n"
             "Putting the first equation into the second equation, we get $3B + 6 = 28$.")
    report = verify_reply(Problem(transcription="How old is Seth?"), Mode.SOLVE, reply, timeout=10).steps
    assert report.steps[report.first_wrong].reason == ("3B + 6 = 28 does not hold for B = 8 "
                                                       "(from S = 2B; (S + 2) + (B + 2) = 28).")


def test_check_my_work_checks_the_students_steps() -> None:
    work = "2x + 3 = 7\n2x = 10\nx = 5"
    verification = verify_reply(Problem(transcription="Solve 2x + 3 = 7"), Mode.CHECK_WORK,
                                "Line 2 is wrong. \\boxed{x = 2}", student_work=work, timeout=10)
    assert verification.badge == VERIFIED
    assert verification.steps.first_wrong == 1
    assert verification.steps.steps[1].reason == "2x = 10 does not hold for x = 2 (from 2x + 3 = 7)."


@pytest.mark.parametrize(("work", "lines"), [
    ("-3 + 5 = 2\n2.5 \\times 4 = 10", ["-3 + 5 = 2", "2.5 \\times 4 = 10"]),
    ("1. 3 + 4 = 7\n- 2 \\cdot 6 = 12\nStep 3: 12 + 7 = 19", ["3 + 4 = 7", "2 \\cdot 6 = 12", "12 + 7 = 19"]),
    ("2x + 3 = 7\nso 2x = 4\n=> x = 2\nand 3x = 6", ["2x + 3 = 7", "2x = 4", "x = 2", "3x = 6"]),
    ("３＋４＝７\n∵ 2x = 4 ∴ x = 2", ["3+4=7", "2x = 4", "x = 2"]),
])
def test_typed_lines_are_read_as_the_student_means_them(work: str, lines: list[str]) -> None:
    """A list marker needs a space after it (a leading minus or decimal is part of the number); a linking word
    ("so", "=>", "∵") is not part of the math; a Chinese keyboard's ＝ and ＋ are = and +."""
    verification = verify_reply(Problem(transcription="Add them up."), Mode.CHECK_WORK, "Your work is right.",
                                student_work=work, timeout=10)
    assert [m.text for m in verification.steps.steps] == lines
    assert verification.steps.first_wrong is None


def test_a_line_that_names_its_quantity_is_shown_with_the_name() -> None:
    """"Area = 3 × 4 = 13 cm^2" is checked from the "=" on, and shown (and corrected) with "Area" in front."""
    problem = Problem(transcription="A rectangle is 3 cm by 4 cm. Find its area.")
    work = "Area = 3 × 4 = 13 cm^2\nThe perimeter = 2(3 + 4) = 14"
    report = verify_reply(problem, Mode.CHECK_WORK, "", student_work=work, timeout=10).steps
    assert [(m.text, m.follows) for m in report.steps] == [("Area = 3 × 4 = 13 cm^2", False),
                                                          ("perimeter = 2(3 + 4) = 14", True)]
    assert report.steps[0].reason == "3 × 4 is 12, not 13 cm^2."
    assert report.steps[0].correction == "Area = 3 × 4 = 12 cm^2"
    hint = verify_reply(problem, Mode.HINT, "Area = 3 × 4 = 13", timeout=10).steps
    assert (hint.steps[0].text, hint.steps[0].correction) == ("Area = 3 × 4 = 13", "")


def test_a_correct_root_list_is_not_flagged_and_a_wrong_root_is() -> None:
    problem = Problem(transcription="Solve $x^2 - 5x + 6 = 0$")
    right = verify_reply(problem, Mode.CHECK_WORK, "\\boxed{x = 2 or x = 3}",
                         student_work="(x-2)(x-3) = 0\nx = 2\nx = 3", timeout=10)
    assert right.steps.first_wrong is None
    wrong = verify_reply(problem, Mode.CHECK_WORK, "\\boxed{x = 2 or x = 3}",
                         student_work="(x-2)(x-3) = 0\nx = 2\nx = 4", timeout=10)
    assert wrong.steps.first_wrong == 2
    assert wrong.steps.steps[2].correction == "x = 2 or x = 3"


def test_check_my_work_checks_the_lines_read_from_a_photo() -> None:
    """With only a photo, the lines the reply copied from it are checked, not the reply's own working."""
    reply = ("Student's lines:\n$2x + 3 = 7$\n$2x = 10$\n$x = 5$\n\nFirst wrong step: 2\n"
             "Corrected step: $2x = 4$\n1. $x = 2$\nFinal answer: $\\boxed{x = 2}$")
    verification = verify_reply(Problem(transcription="Solve 2x + 3 = 7"), Mode.CHECK_WORK, reply, timeout=10)
    assert [m.text for m in verification.steps.steps] == ["2x + 3 = 7", "2x = 10", "x = 5"]
    assert verification.steps.first_wrong == 1


def test_hint_mode_gives_no_corrected_line() -> None:
    """A hint must not give the answer away, so a wrong line gets its reason but no correction."""
    problem = Problem(transcription="Solve 2x + 3 = 7")
    report = verify_reply(problem, Mode.HINT, "1. $x = 4$", timeout=10).steps
    assert report.first_wrong == 0
    assert report.steps[0].correction == ""
    assert verify_reply(problem, Mode.SOLVE, "1. $x = 4$", timeout=10).steps.steps[0].correction == "x = 2"


@pytest.mark.parametrize(
    ("reply", "second", "badge", "reason"),
    [
        ("\\boxed{72 km/h}", "72 km/h", AGREES, "A second, independent solution by the model gets the same"),
        ("\\boxed{70 km/h}", "72 km/h", DIFFERS, "A second, independent solution by the model gets 72 km/h"),
        ("1. $180 / 2.5 = 70$\n\\boxed{70 km/h}", "70 km/h", NOT_CHECKABLE, "line 1 of the working is wrong"),
        ("\\boxed{72 km/h}", None, NOT_CHECKABLE, "a second solution gave no answer"),
    ],
)
def test_a_second_solution_checks_what_the_cas_cannot(reply: str, second: str | None, badge: str,
                                                      reason: str) -> None:
    problem = Problem(transcription="A train travels 180 km in 2.5 hours. What is its average speed in km/h?")
    asked: list[int] = []

    def ask_model() -> str | None:
        asked.append(1)
        return second

    verification = verify_reply(problem, Mode.SOLVE, reply, timeout=10, ask_model=ask_model)
    assert verification.badge == badge
    assert reason in verification.reason
    verify_reply(problem, Mode.SOLVE, reply, timeout=10, ask_model=ask_model)
    assert len(asked) == 1


def test_the_students_answer_is_checked_against_the_second_solution() -> None:
    problem = Problem(transcription="A circle has radius 3 cm. What is its area?")
    checked = check_student_answer(problem, "9\\pi cm^2", timeout=10, ask_model=lambda: "9\\pi\\ \\mathrm{cm^2}")
    assert (checked.verdict.equivalent, checked.against) == (True, "second_solution")
    unchecked = check_student_answer(Problem(transcription="A circle has radius 3 cm. What is its area?"), "28 cm^2",
                                     timeout=10)
    assert (unchecked.verdict.equivalent, unchecked.against) == (None, "nothing")


def test_a_samples_cas_phrasing_is_used_over_the_transcription() -> None:
    problem = Problem(transcription="[unreadable] 2x+3", cas_problem="Solve 2x + 3 = 7")
    assert verify_reply(problem, Mode.SOLVE, "\\boxed{x = 2}", timeout=10).badge == VERIFIED


@pytest.mark.parametrize(
    ("problem", "answer", "equivalent", "kind"),
    [
        (Problem(transcription="Solve 2x + 3 = 7"), "x = 2", True, "equivalent"),
        (Problem(transcription="Solve 2x + 3 = 7"), "x = -2", False, "not_equivalent"),
        (Problem(transcription="Solve x^2 = 9", reference_answer="x = 3 or x = -3"), "x = 3", False,
         "not_equivalent"),
        (Problem(transcription="Solve x^2 = 9", reference_answer="x = 3 or x = -3"), "x = ±3", True, "equivalent"),
    ],
)
def test_check_student_answer(problem: Problem, answer: str, equivalent: bool | None, kind: str) -> None:
    checked = check_student_answer(problem, answer, timeout=10)
    assert (checked.verdict.equivalent, checked.verdict.kind) == (equivalent, kind)
    assert checked.against == ("answer_key" if problem.reference_answer else "cas")


def test_check_student_answer_needs_an_answer() -> None:
    with pytest.raises(MathInputError, match="Type your final answer first"):
        check_student_answer(Problem(transcription="Solve x = 1"), "   ")


# --- problems and worksheets --------------------------------------------------------


def test_modes_that_end_in_a_checked_answer() -> None:
    assert {m for m in Mode if m.verifies} == {Mode.SOLVE, Mode.CHECK_WORK, Mode.DIAGRAM, Mode.FOLLOW_UP}


@pytest.mark.parametrize(
    ("problem", "label"),
    [
        (Problem(transcription="Solve\n 2x + 3 = 7"), "Solve 2x + 3 = 7"),
        (Problem(transcription="x" * 80), "x" * 57 + "…"),
        (Problem(transcription="2x = 4", title="Linear equation"), "Linear equation"),
    ],
)
def test_problem_label(problem: Problem, label: str) -> None:
    assert problem.label == label


def worked_problem() -> Problem:
    problem = Problem(transcription="Solve \\(2x + 3 = 7\\)", title="Linear <equation>")
    problem.replies.append(Reply(
        Mode.SOLVE, "1. $2x = 4$\n\\boxed{x = 2}", "en",
        verification=Verification("x = 2", VERIFIED, "The computer algebra system agrees (x = 2).")))
    problem.replies.append(Reply(Mode.HINT, "Subtract 3.", "en", stopped=True))
    problem.answer_checks.append(AnswerCheck("x = 2", Verdict(True, "Same value.", "equivalent", "x = 2", "x = 2")))
    return problem


def test_worksheet_markdown_is_exact() -> None:
    assert worksheet_markdown([worked_problem()], "en") == (
        "# Worksheet\n\n"
        "## Problem 1: Linear <equation>\n\n"
        "**This is what I read**\n\nSolve $2x + 3 = 7$\n\n"
        "### Show me the steps\n\n1. $2x = 4$\n$\\boxed{x = 2}$\n\n"
        "> Verified by the computer algebra system: The computer algebra system gets the same answer.  \n"
        "> Final answer: $x = 2$\n\n"
        "### Give me a hint\n\nSubtract 3.\n\n*Stopped before the end.*\n\n"
        "### Is my answer right?\n\n- $x = 2$: **Equivalent.** Same value.\n"
    )


def checked_work() -> Problem:
    problem = Problem(transcription="Solve $x^2 - 5x + 6 = 0$")
    steps = StepReport([StepMark(0, "x^2 - 5x + 6 = 0", True, "The starting point."),
                        StepMark(1, "(x-2)(x-3) = 0", True, "Follows from the previous step."),
                        StepMark(2, "x = 2", None, "Could not decide.")])
    problem.replies.append(Reply(
        Mode.CHECK_WORK, "Good start: $(x-2)(x-3) = 0$.", "en", student_work="(x-2)(x-3) = 0\nx = 2",
        verification=Verification("x = 2", DISAGREES,
                                  "The computer algebra system disagrees: it gets x = 2 or x = 3. "
                                  "Missing solution: x = 3.", steps)))
    problem.answer_checks.append(AnswerCheck("x = 2", Verdict(False, "Missing solution: x = 3.", "not_equivalent",
                                                              "x ∈ {2, 3}", "x = 2")))
    return problem


def test_worksheet_markdown_keeps_line_breaks_and_the_answer_back() -> None:
    markdown = worksheet_markdown([checked_work()], "en")
    assert "*Your working*\n\n(x-2)(x-3) = 0  \nx = 2\n\n*The tutor's reply*\n\n" in markdown
    assert ("> ✓ $x^2 - 5x + 6 = 0$: The starting point.  \n"
            "> ✓ $(x-2)(x-3) = 0$: Follows from the line before.  \n> ? $x = 2$") in markdown
    assert "x = 3" not in markdown and "Final answer" not in markdown
    assert "- $x = 2$: **Not equivalent.** A solution is missing: look for another value that works." in markdown


def test_a_checked_line_and_its_reason_are_joined_by_a_colon_in_each_language() -> None:
    # A dash after a formula would read as a minus sign.
    mark = StepMark(1, "x = 4", False, "Could not decide.")
    assert step_line(mark, "en").startswith("✗ $x = 4$: ")
    assert step_line(mark, "zh").startswith("✗ $x = 4$：")


def test_a_checked_line_with_prices_stays_one_formula_on_the_page_and_in_the_worksheet() -> None:
    mark = StepMark(0, "\\$5 \\times 3 = \\$16", False, "\\$5 \\times 3 is 15, not \\$16.")
    assert step_line(mark, "en").startswith("✗ $\\text{\\textdollar}5 \\times 3 = \\text{\\textdollar}16$: ")
    problem = Problem(transcription="A pen costs $5. What do 3 pens cost?")
    problem.replies.append(Reply(Mode.CHECK_WORK, "Look again.", "en", student_work="$5 × 3 = $16",
                                 verification=Verification("", NOT_CHECKABLE, "No final answer.",
                                                           StepReport([mark], 0))))
    html = worksheet_html([problem], "en")
    assert "<mi>&#x00024;</mi><mn>16</mn>" in html and "textdollar" not in html


def test_worksheet_records_when_the_answer_was_shown() -> None:
    problem = checked_work()
    problem.revealed, problem.revealed_at = "x = 2, 3", datetime(2026, 3, 2, 10, 32)
    assert "**The answer:** x = 2, 3 (shown at 10:32, when you asked for it)" in worksheet_markdown([problem], "en")
    assert "查看" in worksheet_html([problem], "zh") and "10:32" in worksheet_html([problem], "zh")


def test_worksheet_html_shows_math_as_mathml_and_the_working_apart_from_the_reply() -> None:
    page = worksheet_html([checked_work()], "en")
    assert "$" not in page and "\\(" not in page
    assert page.count("<math") >= 5
    work = page.index('<div class="work">')
    reply = page.index('<div class="reply">')
    assert work < page.index("The tutor&#x27;s reply") < reply
    assert "(x-2)(x-3) = 0<br>x = 2" in page[work:reply]
    assert ".work {" in page and ".reply {" in page


def test_worksheet_embeds_the_problem_images() -> None:
    problem = Problem(transcription="2x = 4", images=(png(),))
    markdown = worksheet_markdown([problem], "zh")
    assert markdown.startswith("# 练习单\n\n## 题目 1: 2x = 4\n\n![题目 1, 1](data:image/png;base64,iVBORw0KGgo")
    assert '<img src="data:image/png;base64,iVBORw0KGgo' in worksheet_html([problem], "zh")


def test_worksheet_html_is_escaped_and_printable(tmp_path: Path) -> None:
    page = worksheet_html([worked_problem()], "en")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "Linear &lt;equation&gt;" in page and "<equation>" not in page
    assert "@media print" in page
    assert '<span class="badge">Equivalent.</span> Same value.</li>' in page
    # Nothing to fetch: MathML names its namespace by URL, but nothing is loaded from one.
    assert not re.search(r"(src|href)=\"https?:", page)


@pytest.mark.slow
def test_the_tiny_real_model_transcribes_and_tutors(tiny_model_files) -> None:
    from tutor_app.model.backends import close_backend, get_backend

    model, mmproj = tiny_model_files
    settings = load_settings(model=model, mmproj=mmproj, max_tokens=8, seed=1)
    try:
        backend = get_backend(settings)
        read = "".join(transcribe(backend, [png()], settings=settings, lang="en"))
        problem = Problem(transcription=read or "Solve 2x + 3 = 7", images=(png(),))
        events = list(relay(lambda cancel, on_wait: respond(
            backend, problem, Mode.SOLVE, settings=settings, lang="en", cancel=cancel, on_wait=on_wait)))
    finally:
        close_backend()
    assert read
    assert [e for e in events if isinstance(e, Chunk)]
