"""Follow-up questions: the conversation sent to the model (images, turns, trimming) and the page around it."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.unit.test_solve_page import (  # noqa: F401 - scripted is a fixture
    SOLUTION,
    button,
    jpeg,
    scripted,
    start,
    typed_problem,
    uploaded_and_read,
)
from tutor_app.config import load_settings
from tutor_app.i18n import t
from tutor_app.prompts import load_prompt, load_tutor_prompt
from tutor_app.tutoring import (
    Mode,
    Problem,
    Reply,
    Turn,
    build_conversation,
    follow_up_conversation,
    problem_turns,
    worksheet_html,
    worksheet_markdown,
)
from tutor_app.tutoring.conversation import estimate_tokens
from tutor_app.tutoring.history import HistoryStore
from tutor_app.ui import solve_view

QUESTION = "Why did you divide by 2?"
ANSWER = "Because $2x$ is two times $x$: dividing both sides by 2 leaves $x$ alone."


def follow_up(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="solve_follow_up").set_value(question).run()
    assert not at.exception
    return at


def chat_texts(at: AppTest) -> list[str]:
    """What the chat messages on the page say, in order: (name, text) flattened to 'name: text'."""
    return [f"{m.name}: {m.markdown[0].value}" for m in at.chat_message]


def roles(request) -> list[str]:
    return [m.role for m in request.messages]


def test_a_follow_up_carries_the_problem_and_the_conversation_and_streams_into_the_chat(scripted) -> None:
    backend = scripted(SOLUTION, ANSWER)
    at = typed_problem(start(), "Solve 2x + 3 = 7")
    button(at, "solve_mode_solve").click().run()
    follow_up(at, QUESTION)
    request = backend.requests[-1]
    assert roles(request) == ["system", "user", "user", "user", "assistant", "user"]
    system, problem, rules, asked, replied, question = (m.text for m in request.messages)
    assert problem.endswith("Solve 2x + 3 = 7")
    assert rules == load_prompt("follow_up", "en", question="").system
    assert (asked, replied) == ("Show me the steps", SOLUTION)
    assert question == f"The student's follow-up question:\n{QUESTION}"
    # The problem's prefix is the same as the steps request's, so a backend reuses it.
    assert request.messages[:2] == backend.requests[0].messages[:2]
    assert request.shared == 2 and request.cache_key == backend.requests[0].cache_key
    assert chat_texts(at) == [f"user: {QUESTION}", f"assistant: {ANSWER}"]
    # The same CAS badge and read-aloud as every reply: this one states no final answer.
    (problem,) = at.session_state[solve_view.HISTORY]
    assert problem.replies[1].verification.badge == "not_checkable"
    assert f"**{t('solve.badge.not_checkable')}.** {t('why.no_final')}" in [a.value for a in at.info]
    assert button(at, f"solve_speak_{problem.id}_1").label == t("solve.read_aloud")


def test_each_follow_up_sees_the_ones_before_it(scripted) -> None:
    backend = scripted("Subtract 3 first.", ANSWER, "Yes: $x = 2$ checks out.")
    at = typed_problem(start())
    button(at, "solve_mode_hint").click().run()
    follow_up(at, QUESTION)
    follow_up(at, "So is x = 2?")
    request = backend.requests[-1]
    texts = [m.text for m in request.messages]
    assert texts[3:8] == [
        "Give me a hint", "Subtract 3 first.",
        f"The student's follow-up question:\n{QUESTION}", ANSWER,
        "The student's follow-up question:\nSo is x = 2?",
    ]
    # Each request starts with the whole request before it: a model that still holds it evaluates only the new part.
    assert request.messages[: len(backend.requests[1].messages)] == backend.requests[1].messages
    assert not any("shortened" in c.value for c in at.caption)


def test_the_photo_goes_with_a_follow_up_about_it(scripted) -> None:
    backend = scripted("Find the angle $x$ in the figure.", ANSWER)
    at = uploaded_and_read(start())
    button(at, "solve_confirm").click().run()
    follow_up(at, "Which angle is x?")
    assert len(backend.requests[-1].messages[1].images) == 1


def test_with_text_only_math_off_every_follow_up_carries_the_photo() -> None:
    problem = Problem("Solve $2x + 3 = 7$", images=(jpeg(),))
    text_only = follow_up_conversation(problem, QUESTION, settings=load_settings(), lang="en")
    with_photo = follow_up_conversation(problem, QUESTION, settings=load_settings(text_only_math=False), lang="en")
    assert text_only.messages[1].images == ()
    assert len(with_photo.messages[1].images) == 1


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (768, 1024), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def long_problem(turns: int) -> Problem:
    problem = Problem("Solve $2x + 3 = 7$")
    for number in range(turns):
        problem.replies.append(Reply(Mode.FOLLOW_UP, f"Answer {number}. " + "word " * 300 + f"\\boxed{{{number}}}",
                                     "en", question=f"Question {number}?"))
    return problem


def test_a_long_conversation_keeps_the_newest_turns_and_summarises_the_oldest() -> None:
    settings = load_settings(n_ctx=4096, max_tokens=512)
    conversation = follow_up_conversation(long_problem(12), "And now?", settings=settings, lang="en")
    assert conversation.trimmed and conversation.summarised and not conversation.dropped
    texts = [m.text for m in conversation.messages]
    kept = 12 - conversation.summarised
    # The newest turns whole and in order, the new question last.
    assert texts[-3:] == [f"The student's follow-up question:\nQuestion 11?", long_problem(12).replies[11].text,
                          "The student's follow-up question:\nAnd now?"]
    assert len(texts) == 3 + 1 + 2 * kept + 1
    summary = texts[3].splitlines()
    assert summary[0] == load_prompt("earlier_turns", "en", student="", tutor="").system
    assert summary[1].startswith("- The student: The student's follow-up question: Question 0? — the tutor: Answer 0.")
    # A summarised turn keeps its final answer.
    assert summary[1].endswith("$\\boxed{0}$")
    assert sum(estimate_tokens(text) for text in texts) <= settings.n_ctx - settings.max_tokens


def test_turns_that_do_not_fit_even_as_a_summary_are_left_out() -> None:
    settings = load_settings(n_ctx=2048, max_tokens=256)
    conversation = follow_up_conversation(long_problem(30), "And now?", settings=settings, lang="en")
    assert conversation.dropped and conversation.summarised
    kept = (len(conversation.messages) - 5) // 2
    assert kept >= 1 and conversation.summarised + conversation.dropped + kept == 30
    summary = conversation.messages[3].text.splitlines()
    assert len(summary) == conversation.summarised + 1
    # The newest of the old turns are summarised, the oldest left out.
    assert summary[-1].startswith(f"- The student: The student's follow-up question: Question {29 - kept}?")


def test_a_short_conversation_is_sent_whole() -> None:
    conversation = follow_up_conversation(long_problem(2), "And now?", settings=load_settings(), lang="en")
    assert not conversation.trimmed
    assert len(conversation.messages) == 3 + 4 + 1


def test_the_photo_counts_against_the_context_window() -> None:
    settings = load_settings(n_ctx=2048, max_tokens=256, text_only_math=False)
    problem = long_problem(4)
    without = follow_up_conversation(problem, "And now?", settings=settings, lang="en")
    problem.images = (photo(),)
    with_photo = follow_up_conversation(problem, "And now?", settings=settings, lang="en")
    assert with_photo.summarised + with_photo.dropped > without.summarised + without.dropped


def test_the_builder_takes_any_task_and_list_of_turns() -> None:
    prompt = load_tutor_prompt("hint", "en", problem="Solve $x + 1 = 2$", student_work="", hint_number=1,
                               previous_hints="")
    conversation = build_conversation(prompt, [jpeg()], [Turn("I subtract 1.", "Right. What is left?")],
                                      settings=load_settings(), lang="en", work_images=[jpeg()])
    assert roles(conversation) == ["system", "user", "user", "user", "assistant", "user"]
    assert [len(m.images) for m in conversation.messages] == [0, 1, 0, 0, 0, 1]
    assert conversation.messages[2].text == prompt.rules and conversation.messages[-1].text == prompt.request


def test_the_replies_become_turns_with_what_the_student_asked() -> None:
    problem = Problem("Solve $2x + 3 = 7$")
    problem.replies += [Reply(Mode.SOLVE, "steps", "en"), Reply(Mode.HINT, "", "en", stopped=True),
                        Reply(Mode.CHECK_WORK, "line 2 is wrong", "zh", student_work="2x = 10"),
                        Reply(Mode.FOLLOW_UP, "because", "zh", question="为什么？")]
    assert problem_turns(problem) == [
        Turn("Show me the steps", "steps"),
        Turn(f"{t('solve.mode.check_work', 'zh')}:\n2x = 10", "line 2 is wrong"),
        Turn("学生的追问：\n为什么？", "because"),
    ]


def test_a_long_conversation_says_on_the_page_that_it_was_shortened(scripted, monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_N_CTX", "2048")
    monkeypatch.setenv("TUTOR_MAX_TOKENS", "256")
    long_reply = "Step " + "word " * 400
    backend = scripted(long_reply, long_reply, ANSWER)
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    follow_up(at, QUESTION)
    follow_up(at, "And the last step?")
    shortened = [c.value for c in at.caption if "shortened" in c.value]
    assert shortened == [t("follow.trimmed").format(summarised=1, dropped=0)]
    assert backend.requests[-1].messages[3].text.startswith(load_prompt("earlier_turns", "en", student="",
                                                                           tutor="").system)


def test_a_follow_up_in_chinese(scripted) -> None:
    backend = scripted(SOLUTION, "因为 $2x$ 是 $x$ 的两倍。")
    at = typed_problem(start())
    at.selectbox(key="solve_explain_widget").set_value("zh").run()
    button(at, "solve_mode_solve").click().run()
    follow_up(at, "为什么要除以 2？")
    texts = [m.text for m in backend.requests[-1].messages]
    assert "请用Simplified Chinese (简体中文)讲解。" in texts[0]
    assert texts[2] == load_prompt("follow_up", "zh", question="").system
    assert texts[3] == "给我看步骤"
    assert texts[-1] == "学生的追问：\n为什么要除以 2？"


def test_follow_ups_are_kept_in_the_history_and_the_worksheets(scripted, data_dir) -> None:
    scripted(SOLUTION, ANSWER)
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    follow_up(at, QUESTION)
    problems = at.session_state[solve_view.HISTORY]
    store = HistoryStore(data_dir / "student_history", 0)
    (saved,) = store.load(at.session_state[solve_view.BROWSER_KEY])
    assert [(r.mode, r.question, r.text) for r in saved.replies][1] == (Mode.FOLLOW_UP, QUESTION, ANSWER)
    markdown = worksheet_markdown(problems, "en")
    assert f"### Follow-up question\n\n*Your question*\n\n{QUESTION}\n\n*The tutor's reply*\n\n" in markdown
    assert "dividing both sides by 2" in markdown
    html = worksheet_html(problems, "zh")
    assert "<h3>追问</h3>" in html and "你的问题" in html and "Why did you divide by 2?" in html


def test_stop_keeps_the_question_with_what_arrived(scripted) -> None:
    at = typed_problem(start())
    (problem,) = at.session_state[solve_view.HISTORY]
    at.session_state[solve_view.PENDING] = {
        "problem": problem.id, "mode": Mode.FOLLOW_UP, "lang": "en", "work": "", "text": "Because",
        "fields": {"question": QUESTION, "summarised": 0, "dropped": 0}}
    at.run()
    assert chat_texts(at) == [f"user: {QUESTION}", "assistant: Because"]
    assert t("solve.stopped") in [c.value for c in at.caption]


def test_a_question_that_is_too_long_is_refused_and_nothing_is_lost(scripted) -> None:
    backend = scripted(SOLUTION)
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    follow_up(at, "why " * 1200)
    assert len(backend.requests) == 1
    assert "keep it under 4000" in at.error[0].value
    assert len(at.session_state[solve_view.HISTORY][0].replies) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chat_box_is_under_the_replies_in_the_pages_language(lang: str) -> None:
    at = start()
    at.session_state["lang"] = lang
    typed_problem(at)
    (box,) = at.chat_input
    assert box.placeholder == t("follow.placeholder", lang)
