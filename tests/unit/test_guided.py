"""Guided mode and the answer kept out of hints: the core with the real checker, and the Solve page in AppTest."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from tests.support.scripted_backend import ScriptedBackend
from tests.unit.test_solve_page import button, scripted, start, texts, typed_problem  # noqa: F401 (fixture)
from tutor_app.config import Settings
from tutor_app.tutoring import Mode, Problem, Reply
from tutor_app.tutoring.guided import (
    SOLVED,
    STEP_RIGHT,
    STEP_UNCHECKED,
    STEP_WRONG,
    Guided,
    check_step,
    guide,
    guided_state,
    hides_answer,
    steps_so_far,
)
from tutor_app.tutoring.similar import SCHEMA, make_similar
from tutor_app.tutoring.withhold import HIDDEN, answer_test, hide_answer, withhold_answer

LINEAR = "Solve 2x + 3 = 7"
QUADRATIC = "Solve x^2 - 5x + 6 = 0"

HIDING = [
    # (problem, reply, what the student sees)
    (LINEAR, "Subtract 3 first: $2x = 4$. What next?", "Subtract 3 first: $2x = 4$. What next?"),
    (LINEAR, "So $x = 2$.", f"So {HIDDEN}."),
    (LINEAR, "So x = 2. Done", f"So {HIDDEN}. Done"),
    (LINEAR, "x = 8/4 = 2", HIDDEN),
    (LINEAR, "$x = \\frac{4}{2}$ it is", f"{HIDDEN} it is"),
    (LINEAR, "$$x=2$$", HIDDEN),
    (LINEAR, "The answer: \\boxed{x = 2}", f"The answer: {HIDDEN}"),
    (LINEAR, "Is it $\\boxed{5}$?", f"Is it {HIDDEN}?"),
    (LINEAR, "Try $x = 3$: does it work?", "Try $x = 3$: does it work?"),
    (LINEAR, "Divide both sides by 2.", "Divide both sides by 2."),
    # SymPy's answer is ln 2: a hint writing it as a log without a base still gives it away.
    ("Solve $e^x = 2$", "So $x = \\ln 2$.", f"So {HIDDEN}."),
    ("Solve $e^x = 2$", "So $x = \\log 2$.", f"So {HIDDEN}."),
    ("Solve $e^x = 2$", "Take logs: $x = \\log 3$?", "Take logs: $x = \\log 3$?"),
    # A price is not a formula; the formula after it still is.
    (LINEAR, "Pens cost $3 each and $x = 2$.", f"Pens cost $3 each and {HIDDEN}."),
    # One root of two is part of the answer.
    (QUADRATIC, "One root is $x = 3$; is $x = 5$ the other?", f"One root is {HIDDEN}; is $x = 5$ the other?"),
    (QUADRATIC, "Factor it: $(x - 2)(x - 3) = 0$.", "Factor it: $(x - 2)(x - 3) = 0$."),
    ("Evaluate 3 + 4*5", "Multiply first: $4 \\cdot 5 = 20$, so $3 + 20 = 23$.",
     f"Multiply first: $4 \\cdot 5 = 20$, so {HIDDEN}."),
]


@pytest.mark.parametrize(("problem", "reply", "shown"), HIDING)
def test_formulas_stating_the_answer_are_hidden(problem: str, reply: str, shown: str) -> None:
    assert hide_answer(reply, answer_test(Problem(problem))) == shown


def test_a_known_answer_is_hidden_where_the_cas_cannot_solve() -> None:
    problem = Problem("A train travels 180 km in 2.5 hours. Its speed?", reference_answer="72")
    assert hide_answer("Divide: $180 / 2.5 = 72$.", answer_test(problem)) == f"Divide: {HIDDEN}."


def test_a_streamed_reply_never_shows_the_answer_on_the_way() -> None:
    reveals = answer_test(Problem(LINEAR))
    words = ["Subtract ", "3: ", "$2x ", "= ", "4$. ", "Then ", "$x ", "= ", "2", "$", " and x", " = ", "2", " ok"]
    shown = ""
    for chunk in withhold_answer(iter(words), reveals):
        shown += chunk
        assert "x = 2" not in shown and "x = 2" not in shown.replace("$", "")
    assert shown == f"Subtract 3: $2x = 4$. Then {HIDDEN} and {HIDDEN} ok"


STEPS = [
    # (problem, steps done before, the new step, badge)
    (LINEAR, [], "2x = 4", STEP_RIGHT),
    (LINEAR, [], "2x = 10", STEP_WRONG),
    (LINEAR, [], "I subtract three", STEP_UNCHECKED),
    (LINEAR, ["2x = 4"], "x = 2", SOLVED),
    (LINEAR, [], "2x + 3 - 3 = 7 - 3\n2x = 4\nx = 2", SOLVED),
    (LINEAR, ["2x = 4"], "x = 3", STEP_WRONG),
    (QUADRATIC, [], "(x - 2)(x - 3) = 0", STEP_RIGHT),
    # One root of two is right, and not yet the whole answer.
    (QUADRATIC, ["(x - 2)(x - 3) = 0"], "x = 2", STEP_RIGHT),
    (QUADRATIC, ["(x - 2)(x - 3) = 0"], "x = 2 or x = 3", SOLVED),
]


def guided(problem: str, before: list[str]) -> Problem:
    """A problem in guided mode with the student's earlier steps marked as the checker marked them."""
    made = Problem(problem, replies=[Reply(Mode.GUIDE, "Start by undoing the + 3.", "en")])
    for step in before:
        made.replies.append(Reply(Mode.GUIDE, "Good.", "en", student_work=step, verification=check_step(made, step)))
    return made


@pytest.mark.parametrize(("problem", "before", "step", "badge"), STEPS)
def test_each_step_is_marked_against_the_problem_and_the_steps_before(problem, before, step, badge) -> None:
    check = check_step(guided(problem, before), step)
    assert check.badge == badge, check


def test_a_wrong_steps_reason_does_not_quote_the_answer() -> None:
    from tutor_app.tutoring.guided import verdict_text

    check = check_step(guided(LINEAR, []), "2x = 10")
    for lang, said in (("en", "Not quite: $2x = 10$ does not satisfy $2x + 3 = 7$."),
                       ("zh", "还不对：$2x = 10$ 不满足 $2x + 3 = 7$。")):
        assert verdict_text(check, lang) == said
    assert "x = 2" in check.reason  # the checker's own reason knows it; the student never reads it


def test_a_wrong_step_is_not_built_on() -> None:
    problem = guided(LINEAR, ["2x = 10", "2x = 4"])
    assert steps_so_far(problem) == ["2x = 4"]


def test_the_loop_states() -> None:
    problem = Problem(LINEAR)
    assert guided_state(problem) is Guided.OFF
    problem.replies.append(Reply(Mode.HINT, "A hint.", "en"))
    assert guided_state(problem) is Guided.OFF
    problem.replies.append(Reply(Mode.GUIDE, "Undo the + 3.", "en"))
    assert guided_state(problem) is Guided.WAITING
    for step in ("2x = 4", "x = 2"):
        problem.replies.append(Reply(Mode.GUIDE, "…", "en", student_work=step, verification=check_step(problem, step)))
    assert guided_state(problem) is Guided.SOLVED
    # Starting again opens a new session, which builds on none of the old steps.
    problem.replies.append(Reply(Mode.GUIDE, "Undo the + 3.", "en"))
    assert guided_state(problem) is Guided.WAITING
    assert steps_so_far(problem) == []


def test_the_guided_request_carries_the_step_and_the_verdict_and_hides_the_answer() -> None:
    problem = guided(LINEAR, ["2x = 4"])
    backend = ScriptedBackend(["Right! So $x = 2$. Next?"])
    check = check_step(problem, "x = 3")
    text = "".join(guide(backend, problem, settings=Settings(), lang="en", step="x = 3", check=check))
    assert text == f"Right! So {HIDDEN}. Next?"
    # The session so far goes first as a conversation (the builder of follow-up questions), then the new step.
    messages = backend.requests[0].messages
    assert [m.role for m in messages] == ["system", "user", "user", "user", "assistant", "user", "assistant", "user"]
    assert (messages[3].text, messages[4].text) == ("Tell me the first step to take, and let me do it.",
                                                    "Start by undoing the + 3.")
    assert messages[5].text == ("The student's new step:\n2x = 4\n\n"
                                "The checker's verdict on it: Right: Consistent with what is known.")
    assert messages[-1].text.startswith("The student's new step:\nx = 3\n\nThe checker's verdict on it: Not quite:")
    assert "x = 2" not in messages[-1].text


def test_once_the_student_solved_it_the_tutor_may_say_the_answer() -> None:
    problem = guided(LINEAR, ["2x = 4"])
    check = check_step(problem, "x = 2")
    backend = ScriptedBackend(["Yes, $x = 2$ is right."])
    assert "".join(guide(backend, problem, settings=Settings(), lang="en", step="x = 2", check=check)) == (
        "Yes, $x = 2$ is right.")


def test_what_keeps_the_answer_back() -> None:
    problem = Problem(LINEAR)
    assert hides_answer(problem, Mode.HINT)
    assert not any(hides_answer(problem, mode) for mode in (Mode.SOLVE, Mode.FOLLOW_UP, Mode.CHECK_WORK))
    problem.replies.append(Reply(Mode.GUIDE, "Undo the + 3.", "en"))
    assert hides_answer(problem, Mode.FOLLOW_UP) and not hides_answer(problem, Mode.SOLVE)


def test_after_show_the_answer_a_hint_is_not_hidden() -> None:
    from tutor_app.tutoring.withhold import guarded

    problem = Problem(LINEAR)
    assert "".join(guarded(iter(["So $x = 2$."]), problem)) == f"So {HIDDEN}."
    problem.revealed_at = datetime.now()
    assert "".join(guarded(iter(["So $x = 2$."]), problem)) == "So $x = 2$."


# The Solve page, with the real checker and a scripted model.

def guided_page(*replies: str, scripted):  # noqa: F811
    backend = scripted(*replies)
    at = typed_problem(start())
    button(at, "solve_mode_guide").click().run()
    assert not at.exception
    return at, backend


def send_step(at, step: str):
    at.text_area(key="solve_guided_step").set_value(step).run()
    button(at, "solve_guided_check").click().run()
    assert not at.exception
    return at


def test_guided_mode_on_the_page_from_first_step_to_solved(scripted) -> None:  # noqa: F811
    at, backend = guided_page("What could you do to both sides to undo the + 3?", "Not quite. Try again?",
                              "Good. Now what?", "Well done!", scripted=scripted)
    assert "Tell me the first step to take, and let me do it." in backend.user_text()
    assert "What could you do to both sides to undo the + 3?" in texts(at)
    # Waiting for the student's step: the box is there and the start button is not.
    assert not any(b.key == "solve_mode_guide" for b in at.button)
    assert at.text_area(key="solve_guided_step").value == ""

    send_step(at, "2x = 10")
    assert at.error[0].value == "Not quite: $2x = 10$ does not satisfy $2x + 3 = 7$."
    assert at.text_area(key="solve_guided_step").value == ""
    send_step(at, "2x = 4")
    assert at.success[0].value == "Right: Consistent with what is known."
    send_step(at, "x = 2")
    # Each earlier step travels with its mark, the wrong one too.
    assert "The student's new step:\n2x = 10\n\nThe checker's verdict on it: Not quite:" in backend.user_text()
    assert at.success[1].value == "That is the answer, and it checks out."
    assert at.success[2].value == "You solved it yourself. Try a similar problem to practise?"
    assert not any(a.key == "solve_guided_step" for a in at.text_area)
    assert any(b.key == "solve_mode_guide" for b in at.button)
    assert len(backend.requests) == 4


def test_an_empty_step_is_asked_for_and_nothing_is_sent(scripted) -> None:  # noqa: F811
    at, backend = guided_page("Undo the + 3 first.", scripted=scripted)
    button(at, "solve_guided_check").click().run()
    assert at.error[0].value == "Type your step first, for example 2x = 4."
    assert len(backend.requests) == 1


def test_a_hint_during_guided_mode_builds_on_the_steps_done(scripted) -> None:  # noqa: F811
    at, backend = guided_page("Undo the + 3 first.", "Good.", "Divide by the number in front of x.",
                              scripted=scripted)
    send_step(at, "2x = 4")
    button(at, "solve_mode_hint").click().run()
    assert "The student's work so far (may be empty):\n2x = 4" in backend.user_text()


LEAKS = ["So $x = 2$.", "It is \\boxed{x = 2}.", "so x = 2 and we are done", "$$x = \\frac{4}{2}$$"]


def visible(at) -> str:
    """Everything the page shows the student in its main area."""
    parts = [m.value for m in at.markdown] + [a.value for a in at.success] + [a.value for a in at.info]
    return "\n".join(parts + [a.value for a in at.error] + [c.value for c in at.caption])


@pytest.mark.parametrize("leak", LEAKS)
def test_no_hint_or_guided_reply_shows_the_answer_before_show_the_answer(scripted, leak: str) -> None:  # noqa: F811
    at, _ = guided_page(f"Start here. {leak}", f"Right. {leak}", f"Hint: {leak}", f"You asked: {leak}",
                        f"Hint: {leak}", scripted=scripted)
    send_step(at, "2x = 4")
    button(at, "solve_mode_hint").click().run()
    # A follow-up question asked while being guided is held to the same rule.
    at.chat_input(key="solve_follow_up").set_value("So what is x?").run()
    assert not at.exception
    shown = visible(at).replace(" ", "")
    assert "x=2" not in shown and "\\frac{4}{2}" not in shown and "boxed" not in shown
    assert visible(at).count(HIDDEN) == 4
    button(at, "solve_show_answer").click().run()
    button(at, "solve_mode_hint").click().run()
    # Asked for: from now on a hint is shown as the tutor wrote it.
    assert visible(at).count(HIDDEN) == 4
    assert "Hint: " + leak.split()[0] in visible(at)


# Try a similar problem: offered only when the CAS agrees with the model's answer.

def similar(problem: str, answer: str) -> str:
    return json.dumps({"problem": problem, "answer": answer})


def test_a_similar_problem_the_cas_agrees_with_opens_with_its_checked_answer(scripted) -> None:  # noqa: F811
    backend = scripted(similar("Solve 3x - 4 = 11", "x = 6"), similar("Solve 5x + 1 = 16", "x = 3"))
    at = typed_problem(start())
    button(at, "solve_similar").click().run()
    assert not at.exception
    assert '"problem": "<the new problem>"' in backend.user_text(0)
    assert backend.requests[0].sampling.json_schema == SCHEMA
    # The first answer is wrong (x = 5): never offered; the second is offered.
    assert "Solve 5x + 1 = 16" in texts(at) and "Solve 3x - 4 = 11" not in texts(at)
    assert at.info[0].value.startswith("A similar problem to try. Its answer was checked by the computer algebra")
    opens = [b.label.split(" · ")[1] for b in at.sidebar.button if b.key.startswith("solve_open_")]
    assert opens == ["Solve 5x + 1 = 16", "Solve 2x + 3 = 7"]
    # "Is my answer right?" uses the checked answer and does not give it away.
    at.text_input(key="solve_answer").set_value("x = 4").run()
    button(at, "solve_answer_check").click().run()
    assert at.error[-1].value.startswith("**Not equivalent.**")
    assert "x=3" not in visible(at).replace(" ", "").replace("$", "")
    at.text_input(key="solve_answer").set_value("x = 3").run()
    button(at, "solve_answer_check").click().run()
    assert at.success[-1].value.startswith("**Equivalent.**")
    assert any(c.value == "Checked against the known answer." for c in at.caption)
    assert len(backend.requests) == 2


def test_a_similar_problem_is_written_under_a_stop_button_and_the_place_in_line(
        scripted, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """While the model writes, the student sees Stop and where they are in line, not a frozen page."""
    shown: list[str] = []
    info, draw_button = DeltaGenerator.info, st.button

    def record_info(self, body, *args, **kwargs):
        shown.append(body)
        return info(self, body, *args, **kwargs)

    def record_button(label, *args, **kwargs):
        shown.append(f"button {kwargs.get('key')}")
        return draw_button(label, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "info", record_info)
    monkeypatch.setattr(st, "button", record_button)
    scripted(similar("Solve 5x + 1 = 16", "x = 3"), places=(1, 0), wait=0.8)
    at = typed_problem(start())
    shown.clear()
    button(at, "solve_similar").click().run()
    assert not at.exception
    in_line = "The model is helping another student: you are number 1 in line."
    making = "Writing a similar problem and checking its answer (attempt 1 of 3)…"
    assert "button similar_stop" in shown
    statuses = [body for body in shown if body in (in_line, making)]
    assert [body for n, body in enumerate(statuses) if n == 0 or body != statuses[n - 1]] == [making, in_line, making]
    assert statuses.count(in_line) >= 2
    assert "Solve 5x + 1 = 16" in texts(at)
    # The new problem is open: the Stop button is gone with the run that drew it.
    assert not any(b.key == "similar_stop" for b in at.button)


def test_similar_problems_the_cas_disagrees_with_are_never_offered(scripted) -> None:  # noqa: F811
    backend = scripted(similar("Solve 3x - 4 = 11", "x = 7"), "not json at all",
                       similar("Solve 4x = 12", "x = 4"), "never asked")
    at = typed_problem(start())
    button(at, "solve_similar").click().run()
    assert not at.exception
    assert at.warning[0].value == ("Could not make a similar problem whose answer the computer algebra system "
                                   "confirms (3 attempts). Try again, or keep practising with this one.")
    assert len(backend.requests) == 3
    assert "3x - 4" not in visible(at) and "4x = 12" not in visible(at)
    assert len([b for b in at.sidebar.button if b.key.startswith("solve_open_")]) == 1


def test_a_kind_the_cas_cannot_solve_is_offered_as_unchecked(scripted) -> None:  # noqa: F811
    backend = scripted(similar("A car travels 150 km in 3 hours. What is its average speed in km/h?", "50 km/h"))
    at = typed_problem(start(), "A train travels 180 km in 2.5 hours. What is its average speed in km/h?")
    button(at, "solve_similar").click().run()
    assert at.info[0].value.startswith("A similar problem to try. The computer algebra system cannot solve this "
                                       "kind of problem, so its answer is unchecked")
    at.text_input(key="solve_answer").set_value("50 km/h").run()
    button(at, "solve_answer_check").click().run()
    assert at.success[-1].value.startswith("**Equivalent.**")
    # Checked against the model's answer, said as such, and no second request was needed.
    assert any(c.value.startswith("Checked against a second, independent solution by the model.") for c in at.caption)
    assert len(backend.requests) == 1


def test_a_similar_problem_in_the_chinese_interface_is_asked_for_in_chinese(scripted) -> None:  # noqa: F811
    backend = scripted(similar("解方程 $5x + 1 = 16$", "x = 3"))
    at = typed_problem(start())
    at.session_state["lang"] = "zh"
    at.run()
    button(at, "solve_similar").click().run()
    assert not at.exception
    assert "请出一道类似的题并给出答案" in backend.user_text()
    assert "用Simplified Chinese (简体中文)书写" in backend.user_text()
    assert "解方程 $5x + 1 = 16$" in texts(at)
    assert at.info[0].value.startswith("一道类似的练习题。它的答案已由计算机代数系统验证")


def test_make_similar_tries_three_times_at_most() -> None:
    backend = ScriptedBackend([similar("Solve x + 1 = 2", "x = 5")] * 4)
    made = make_similar(backend, Problem(LINEAR), settings=Settings(seed=7), lang="en")
    assert made.problem is None and not made.checked
    assert [a.cas_answer for a in made.attempts] == ["x = 1"] * 3
    # A fixed seed would write the same problem each time.
    assert [r.sampling.seed for r in backend.requests] == [8, 9, 10]


def test_a_guided_session_survives_a_reload(tmp_path) -> None:
    from tutor_app.tutoring.history import HistoryStore, new_key

    problem = guided(LINEAR, ["2x = 10", "2x = 4"])
    store, key = HistoryStore(tmp_path, 1), new_key()
    store.save(key, [problem])
    (back,) = store.load(key)
    assert guided_state(back) is Guided.WAITING
    assert steps_so_far(back) == ["2x = 4"]
    back.replies.append(Reply(Mode.GUIDE, "…", "en", student_work="x = 2", verification=check_step(back, "x = 2")))
    store.save(key, [back])
    assert guided_state(store.load(key)[0]) is Guided.SOLVED
