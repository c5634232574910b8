"""The Solve page's logic in AppTest, with a scripted backend in place of the model."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import streamlit as st
from PIL import Image
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import AlertBase

from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from tests.support.pages import page_app
from tests.support.scripted_backend import ScriptedBackend
from tutor_app.errors import BackendError
from tutor_app.tutoring.wait import WaitEstimate
from tutor_app.ui import resources, solve_view

PAGE = Path(__file__).resolve().parents[2] / "tutor_app" / "views" / "solve.py"
SOLUTION = "1. Subtract 3: \\(2x = 4\\)\n2. Divide by 2: \\(x = 2\\)\n\\[\\boxed{x = 2}\\]"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch):
    """Install a scripted backend with the given replies; returns it."""

    def install(*replies: str, places: tuple[int, ...] = (), wait: float = 0.0) -> ScriptedBackend:
        backend = ScriptedBackend(list(replies), places=places, wait=wait)
        monkeypatch.setattr(resources, "backend", lambda: backend)
        return backend

    return install


def start() -> AppTest:
    at = page_app(PAGE)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def draft(at: AppTest):
    """The text box holding the reading of the images shown now."""
    (box,) = [a for a in at.text_area if a.key.startswith("solve_transcription_")]
    return box


def uploaded_and_read(at: AppTest) -> AppTest:
    at.radio(key="solve_source").set_value("upload").run()
    at.file_uploader(key="solve_upload").set_value(("problem.jpg", jpeg(), "image/jpeg")).run()
    button(at, "solve_read").click().run()
    assert not at.exception
    return at


def typed_problem(at: AppTest, text: str = "Solve 2x + 3 = 7") -> AppTest:
    at.radio(key="solve_source").set_value("type").run()
    at.text_area(key="solve_typed").set_value(text).run()
    button(at, "solve_use_typed").click().run()
    assert not at.exception
    return at


def test_the_page_starts_with_the_upload_choice() -> None:
    at = start()
    assert at.title[0].value == "Solve a problem"
    assert at.radio(key="solve_source").options == ["Upload images", "Take a photo", "Type it", "Try an example"]
    assert button(at, "solve_read").disabled


def test_upload_transcribe_correct_and_confirm(scripted) -> None:
    backend = scripted("3. 2x + 3 = 7")
    at = uploaded_and_read(start())
    assert len(at.get("image")) == 1
    assert draft(at).value == "3. 2x + 3 = 7"
    assert len(backend.requests[0].messages[1].images) == 1
    draft(at).set_value("2x + 3 = 7").run()
    button(at, "solve_confirm").click().run()
    assert not at.exception
    assert "2x + 3 = 7" in texts(at)
    assert button(at, "solve_mode_solve").label == "Show me the steps"
    opens = [b.label.split(" · ")[1] for b in at.sidebar.button if b.key.startswith("solve_open_")]
    assert opens == ["2x + 3 = 7"]


def test_two_pages_go_to_the_model_together(scripted) -> None:
    backend = scripted("a two-page problem")
    at = start()
    at.file_uploader(key="solve_upload").set_value(
        [("page1.jpg", jpeg(), "image/jpeg"), ("page2.png", jpeg(), "image/png")]).run()
    button(at, "solve_read").click().run()
    assert not at.exception
    assert len(backend.requests[0].messages[1].images) == 2


def test_camera_photo_is_read(scripted) -> None:
    backend = scripted("x + 1 = 2")
    at = start()
    at.radio(key="solve_source").set_value("camera").run()
    at.camera_input(key="solve_camera").set_value(("shot.jpg", jpeg(), "image/jpeg")).run()
    # The camera widget shows the photo itself; a second copy only once it is turned.
    assert len(at.get("image")) == 0
    assert any(c.value.startswith("Photo of the problem · As the model will see it") for c in at.caption)
    button(at, "solve_read").click().run()
    assert not at.exception
    assert draft(at).value == "x + 1 = 2"
    assert len(backend.requests) == 1
    button(at, f"solve_rotr_{solve_view.image_key(0, jpeg())}").click().run()
    assert len(at.get("image")) == 1


def test_read_aloud_plays_on_the_click_that_made_it(scripted) -> None:
    scripted("Subtract 3 from both sides.")
    at = typed_problem(start())
    button(at, "solve_mode_hint").click().run()
    speak = next(b for b in at.button if b.key.startswith("solve_speak_"))
    speak.click().run()
    assert not at.exception
    assert at.get("audio")[0].proto.autoplay
    at.run()
    assert not at.get("audio")[0].proto.autoplay


def test_rotate_turns_the_image_the_model_sees(scripted) -> None:
    at = start()
    at.file_uploader(key="solve_upload").set_value(("wide.jpg", jpeg(), "image/jpeg")).run()
    assert "120×80 px" in at.get("image")[0].captions[0]
    key = solve_view.image_key(0, jpeg())
    button(at, f"solve_rotr_{key}").click().run()
    assert "80×120 px" in at.get("image")[0].captions[0]
    at.slider(key=f"solve_crop_x_{key}").set_value((0, 50)).run()
    assert "40×120 px" in at.get("image")[0].captions[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.png", b"", "empty.png: The file is empty"),
        ("notes.pdf", b"%PDF-1.7\n1 0 obj", "notes.pdf: This file is a PDF"),
        ("broken.jpg", jpeg()[:60], "broken.jpg:"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_the_page_keeps_working(scripted, name, data, message) -> None:
    at = start()
    at.file_uploader(key="solve_upload").set_value(
        [(name, data, "application/octet-stream"), ("good.jpg", jpeg(), "image/jpeg")]).run()
    assert not at.exception
    assert at.error[0].value.startswith(message)
    assert len(at.get("image")) == 1
    assert not button(at, "solve_read").disabled


def test_typed_problem_needs_text() -> None:
    at = start()
    at.radio(key="solve_source").set_value("type").run()
    button(at, "solve_use_typed").click().run()
    assert at.warning[-1].value == "Take a photo, upload an image or type the problem first."


def test_confirming_an_empty_transcription_is_refused(scripted) -> None:
    scripted("something")
    at = uploaded_and_read(start())
    draft(at).set_value("   ").run()
    button(at, "solve_confirm").click().run()
    assert at.error[0].value == "The problem text is empty: type the problem before confirming."


def test_show_me_the_steps_streams_renders_and_verifies(scripted) -> None:
    backend = scripted(SOLUTION)
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    assert not at.exception
    assert "1. Subtract 3: $2x = 4$\n2. Divide by 2: $x = 2$\n\n$$\n\\boxed{x = 2}\n$$" in texts(at)
    assert at.success[0].value.startswith("**Verified by the computer algebra system.**")
    assert "Solve 2x + 3 = 7" in backend.user_text()


def test_a_wrong_solution_gets_the_cas_warning_and_step_marks(scripted) -> None:
    scripted("1. $2x = 10$\n2. $x = 5$\n\\boxed{x = 5}")
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    assert at.warning[0].value.startswith("**The computer algebra system gets a different answer: treat this "
                                          "answer with care.**")
    assert "✗ $2x = 10$: " in texts(at)


def test_the_hint_ladder(scripted) -> None:
    backend = scripted("Think about inverse operations.", "What do you subtract first?")
    at = typed_problem(start())
    button(at, "solve_mode_hint").click().run()
    assert button(at, "solve_mode_hint").label == "Next hint"
    button(at, "solve_mode_hint").click().run()
    assert "Give hint number 2." in backend.user_text()
    assert "1. Think about inverse operations." in backend.user_text()
    assert not at.success and not at.warning


def test_check_my_work_sends_the_working_and_marks_it(scripted) -> None:
    backend = scripted("Line 2 is wrong: 7 - 3 = 4. \\boxed{x = 2}")
    at = typed_problem(start())
    at.text_area(key="solve_work").set_value("2x + 3 = 7\n2x = 10\nx = 5").run()
    button(at, "solve_mode_check_work").click().run()
    assert not at.exception
    assert "2x = 10" in backend.user_text()
    assert at.error[0].value == ("**First line to look at:** Line 2: $2x = 10$  \n"
                                 "$2x = 10$ does not satisfy $2x + 3 = 7$.")
    # Shown before the tutor's reply, not folded away below it.
    reply = texts(at).index("Line 2 is wrong")
    assert texts(at).index("2x + 3 = 7  \n2x = 10  \nx = 5") < reply
    assert "✗ $2x = 10$: $2x = 10$ does not satisfy $2x + 3 = 7$." in texts(at)
    assert "The student's" not in texts(at)
    # Checking the student's own work must not hand over the final answer.
    badge = at.success[0].value
    assert badge.startswith("**Verified by the computer algebra system.**") and "Final answer" not in badge


def test_correct_working_with_a_root_list_is_not_flagged(scripted) -> None:
    scripted("All correct. \\boxed{x = 2 \\text{ or } x = 3}")
    at = typed_problem(start(), "Solve x^2 - 5x + 6 = 0")
    at.text_area(key="solve_work").set_value("x^2 - 5x + 6 = 0\n(x - 2)(x - 3) = 0\nx = 2\nx = 3").run()
    button(at, "solve_mode_check_work").click().run()
    assert not at.exception
    assert not at.error
    assert "✗" not in texts(at)


def test_a_wrong_line_in_the_model_reply_is_named_with_its_correction(scripted) -> None:
    scripted("1. $2x = 4$\n2. $x = 3$\n\\boxed{x = 3}")
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    assert at.error[0].value == ("**First line to look at:** Line 2: $x = 3$  \n"
                                 "$x = 3$ does not hold for x = 2 (from $2x = 4$).  \nIt should be: $x = 2$")


def test_a_word_problem_is_checked_against_a_second_solution(scripted) -> None:
    backend = scripted("The speed is distance over time: $180 / 2.5 = 72$. \\boxed{72 km/h}", "\\boxed{72 km/h}")
    at = typed_problem(start(), "A train travels 180 km in 2.5 hours. What is its average speed in km/h?")
    button(at, "solve_mode_solve").click().run()
    assert not at.exception
    assert at.info[0].value.startswith("**Two independent solutions agree (not verified by the computer algebra "
                                       "system).**")
    second = backend.requests[1]
    assert second.sampling.temperature == 0.2
    assert "reply with its final answer only" in second.messages[-1].text
    at.text_input(key="solve_answer").set_value("72 km/h").run()
    button(at, "solve_answer_check").click().run()
    assert at.success[-1].value.startswith("**Equivalent.**")
    assert any(c.value.startswith("Checked against a second, independent solution by the model.") for c in at.caption)
    assert len(backend.requests) == 2


def test_an_answer_with_a_log_without_a_base_is_told_why_it_was_not_decided(scripted) -> None:
    backend = scripted()
    at = typed_problem(start(), "Solve $e^x = 100$")
    at.text_input(key="solve_answer").set_value("x = log 100").run()
    button(at, "solve_answer_check").click().run()
    assert not at.exception
    assert at.info[-1].value == (
        "**Could not decide.** A logarithm written without a base is to base 10 in school books and to base e in "
        "university ones, and the verdict depends on which. Write ln, or log_10 (lg).")
    # Checked against the CAS, which solved it: no second solution is asked for.
    assert any(c.value.startswith("Checked against the computer algebra system") for c in at.caption)
    assert backend.requests == []
    at.text_input(key="solve_answer").set_value("x = ln 100").run()
    button(at, "solve_answer_check").click().run()
    assert at.success[-1].value.startswith("**Equivalent.**")


def test_check_my_work_without_working_says_what_to_do(scripted) -> None:
    scripted()
    at = typed_problem(start())
    button(at, "solve_mode_check_work").click().run()
    assert at.error[0].value == "Type your working, or add a photo of it, so it can be checked."


def test_explain_this_diagram_in_chinese(scripted) -> None:
    backend = scripted("Two resistors in series", "这是一个串联电路。")
    at = uploaded_and_read(start())
    button(at, "solve_confirm").click().run()
    at.selectbox(key="solve_explain_widget").set_value("zh").run()
    button(at, "solve_mode_diagram").click().run()
    assert "这是一个串联电路。" in texts(at)
    assert at.info[0].value.startswith("**Could not be checked.**")
    assert "Two resistors in series" in backend.user_text()


def test_a_typed_problem_without_a_picture_is_not_offered_a_diagram_explanation() -> None:
    at = typed_problem(start())
    assert [b.key for b in at.button if b.key.startswith("solve_mode_")] == [
        "solve_mode_solve", "solve_mode_hint", "solve_mode_guide", "solve_mode_check_work"]


def test_explain_in_is_kept_after_leaving_the_problem(scripted) -> None:
    at = typed_problem(start())
    at.selectbox(key="solve_explain_widget").set_value("zh").run()
    button(at, "solve_new").click().run()
    assert not any(s.key == "solve_explain_widget" for s in at.selectbox)
    next(b for b in at.sidebar.button if b.key.startswith("solve_open_")).click().run()
    assert at.selectbox(key="solve_explain_widget").value == "zh"


def test_the_place_in_line_is_shown_while_waiting(scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each move in line is drawn on the page as it happens (the box is gone once the answer arrives)."""
    shown: list[str] = []
    info = DeltaGenerator.info

    def recording_info(self, body, *args, **kwargs):
        shown.append(body)
        return info(self, body, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "info", recording_info)
    scripted("done", places=(2, 1))
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    assert not at.exception
    assert shown == [
        "The model is helping another student: you are number 2 in line.",
        "The model is helping another student: you are number 1 in line.",
    ]
    assert "done" in texts(at)


def test_the_place_in_line_stays_until_the_turn_comes(scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    """The heartbeats while waiting draw the place again, not "Thinking…"; the turn brings "Thinking…" back."""
    shown: list[str] = []
    info, caption = DeltaGenerator.info, DeltaGenerator.caption

    def recording(draw):
        def record(self, body, *args, **kwargs):
            shown.append(body)
            return draw(self, body, *args, **kwargs)
        return record

    monkeypatch.setattr(DeltaGenerator, "info", recording(info))
    monkeypatch.setattr(DeltaGenerator, "caption", recording(caption))
    # Each place is held for a few heartbeats (one every 0.25 s).
    scripted("done", places=(1, 0), wait=0.8)
    at = typed_problem(start())
    shown.clear()
    button(at, "solve_mode_solve").click().run()
    assert not at.exception
    in_line = "The model is helping another student: you are number 1 in line."
    statuses = [body for body in shown if body in (in_line, "Thinking…")]
    assert [body for n, body in enumerate(statuses) if n == 0 or body != statuses[n - 1]] == [
        "Thinking…", in_line, "Thinking…"
    ]
    assert statuses.count(in_line) >= 2
    assert "done" in texts(at)


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("x = 2", ("success", "**Equivalent.**")),
        ("x = -2", ("error", "**Not equivalent.**")),
        ("", ("error", "Type your final answer first, for example x = 2.")),
    ],
)
def test_is_my_answer_right(answer: str, shown: tuple[str, str]) -> None:
    at = typed_problem(start())
    at.text_input(key="solve_answer").set_value(answer).run()
    button(at, "solve_answer_check").click().run()
    assert not at.exception
    kind, start_text = shown
    assert getattr(at, kind)[0].value.startswith(start_text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_answer_is_not_told_the_right_one(lang: str) -> None:
    at = start()
    at.session_state["lang"] = lang
    at = typed_problem(at, "Solve x^2 - 5x + 6 = 0")
    at.text_input(key="solve_answer").set_value("x = 2").run()
    button(at, "solve_answer_check").click().run()
    verdict = at.error[0].value
    assert "3" not in verdict, verdict
    assert verdict.endswith({"en": "A solution is missing: look for another value that works.",
                             "zh": "少了解：再找找还有没有别的值也满足题目。"}[lang])


def test_the_answer_is_shown_only_when_asked_and_that_is_recorded() -> None:
    at = typed_problem(start(), "Solve x^2 - 5x + 6 = 0")
    assert "x = 3" not in texts(at) and not at.info
    button(at, "solve_show_answer").click().run()
    assert not at.exception
    shown = at.info[0].value
    assert shown.startswith("**The answer:** $") and "3" in shown and "when you asked for it" in shown
    assert not any(b.key == "solve_show_answer" for b in at.button)
    markdown = solve_view.worksheet_markdown(at.session_state[solve_view.HISTORY], "en")
    assert "**The answer:**" in markdown and "when you asked for it" in markdown


def test_the_answer_box_previews_the_typed_math() -> None:
    at = typed_problem(start())
    at.text_input(key="solve_answer").set_value("x^2 >= sqrt(2)").run()
    assert "Reads as: $x^2 \\ge  \\sqrt{2}$" in [c.value for c in at.caption]


def test_history_reopens_and_exports(scripted) -> None:
    scripted(SOLUTION)
    at = typed_problem(start(), "Solve 2x + 3 = 7")
    button(at, "solve_mode_solve").click().run()
    button(at, "solve_new").click().run()
    typed_problem(at, "Solve x - 1 = 0")
    opens = [b for b in at.sidebar.button if b.key.startswith("solve_open_")]
    assert [b.label.split(" · ")[1] for b in opens] == ["Solve x - 1 = 0", "Solve 2x + 3 = 7"]
    opens[1].click().run()
    assert "Show me the steps" in texts(at)
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == [
        "Download worksheet (Markdown)", "Download worksheet (printable HTML)"]


def example(at: AppTest, sample_id: str) -> AppTest:
    at.radio(key="solve_source").set_value("example").run()
    at.selectbox(key="solve_example").set_value(sample_id).run()
    assert not at.exception
    return at


def answered(at: AppTest, answer: str) -> str:
    """The verdict box of checking ``answer`` (the newest, so the first in the page's order)."""
    at.text_input(key="solve_answer").set_value(answer).run()
    button(at, "solve_answer_check").click().run()
    assert not at.exception
    boxes = []

    def walk(node) -> None:
        if isinstance(node, AlertBase) and node.value.startswith("**"):
            boxes.append(node.value)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return next(box for box in boxes if "answer:**" not in box)


def test_an_example_works_without_a_model_and_keeps_its_known_answer() -> None:
    from tutor_app.samples import list_samples

    sample = next(s for s in list_samples() if s.id == "fractions")
    at = example(start(), sample.id)
    assert at.get("image")[0].captions[0].startswith(sample.title_in("en") + " · As the model will see it")
    assert draft(at).value == sample.transcription
    assert not any(b.key == "solve_read" for b in at.button)
    button(at, "solve_confirm").click().run()
    assert answered(at, "17/12").startswith("**Equivalent.**")


def test_an_edited_example_drops_the_examples_answer() -> None:
    at = example(start(), "fractions")
    draft(at).set_value("Solve 2x = 10").run()
    button(at, "solve_confirm").click().run()
    assert answered(at, "x = 5").startswith("**Equivalent.**")
    assert answered(at, "17/12").startswith("**Not equivalent.**")


def test_an_example_confirmed_unchanged_but_for_spaces_keeps_its_answer() -> None:
    at = example(start(), "fractions")
    text = draft(at).value
    draft(at).set_value("  " + text.replace(" ", "  ") + "\n").run()
    button(at, "solve_confirm").click().run()
    assert answered(at, "17/12").startswith("**Equivalent.**")


def test_place_in_line_names_the_expected_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    estimate = WaitEstimate()
    monkeypatch.setattr(resources, "wait_estimate", lambda: estimate)
    assert solve_view.place_in_line(2, "en") == (
        "The model is helping another student: you are number 2 in line."
    )
    estimate.record(4.6)
    assert solve_view.place_in_line(2, "en") == (
        "The model is helping another student: you are number 2 in line. About 9 s to wait."
    )


def test_classroom_rate_limit_refuses_the_extra_question(scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_resource.clear()
    monkeypatch.setenv("TUTOR_CLASSROOM", "1")
    monkeypatch.setenv("TUTOR_REQUESTS_PER_MINUTE", "1")
    backend = scripted("first answer", "second answer")
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    button(at, "solve_mode_solve").click().run()
    assert not at.exception
    # The wait counts down from 60 s while the test runs, so a slow machine may see 59 s.
    [error] = [e.value for e in at.error]
    assert re.fullmatch(
        r"You sent 1 questions in the last minute, the most allowed\. Wait (60|5\d) s and send it again\.", error
    )
    assert len(backend.requests) == 1


def test_without_a_model_the_page_says_what_to_do(data_dir: Path) -> None:
    st.cache_resource.clear()
    at = start()
    assert [w.value for w in at.warning] == [
        "Solving needs the model, and it is not ready. Ask your teacher, or: "
        f"No Qwen3-VL model files in {data_dir / 'models'}. Run `tutor model download --size 8B "
        "--quant Q4_K_M` (about 6.2 GB), or see `tutor model list` for the files to fetch by hand."
    ]


class Interrupted(ScriptedBackend):
    """Streams the first words of its reply, then the page run is stopped as a click would stop it."""

    def stream(self, request):
        yield from super().stream(request)
        raise StopException()


def test_the_answer_box_is_disabled_with_a_reason_while_an_answer_streams(monkeypatch) -> None:
    at = typed_problem(start())
    monkeypatch.setattr(resources, "backend", lambda: Interrupted(["Subtract 3 first."]))
    button(at, "solve_mode_solve").click().run()
    assert at.text_input(key="solve_answer").disabled
    assert button(at, "solve_answer_check").disabled
    assert "Wait for the answer above to finish (or press Stop), then check yours." in [c.value for c in at.caption]
    at.run()
    assert not at.text_input(key="solve_answer").disabled
    assert "Stopped before the end." in [c.value for c in at.caption]


class Failing(ScriptedBackend):
    def stream(self, request):
        raise BackendError("The model server stopped answering.")
        yield ""


@pytest.mark.parametrize("where", ["read", "solve"])
def test_a_model_error_leaves_no_stop_button_or_thinking_behind(monkeypatch, where: str) -> None:
    monkeypatch.setattr(resources, "backend", lambda: Failing([]))
    at = start()
    if where == "read":
        at.file_uploader(key="solve_upload").set_value(("problem.jpg", jpeg(), "image/jpeg")).run()
        button(at, "solve_read").click().run()
    else:
        typed_problem(at)
        button(at, "solve_mode_solve").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The model server stopped answering."]
    assert not any(b.key == "solve_stop" for b in at.button)
    assert "Thinking…" not in [c.value for c in at.caption]


def test_the_working_keeps_its_line_breaks_on_the_page_and_in_the_worksheet(scripted) -> None:
    scripted("Well done.")
    at = typed_problem(start())
    at.text_area(key="solve_work").set_value("2x + 3 = 7\n2x = 4\nx = 2").run()
    button(at, "solve_mode_check_work").click().run()
    assert "2x + 3 = 7  \n2x = 4  \nx = 2" in texts(at)
    markdown = solve_view.worksheet_markdown(at.session_state[solve_view.HISTORY], "en")
    assert "*Your working*\n\n2x + 3 = 7  \n2x = 4  \nx = 2" in markdown


def reload(at: AppTest) -> AppTest:
    """A new browser session opened at the same address (the key in the address, nothing else)."""
    fresh = page_app(PAGE)
    for name, value in at.query_params.items():
        fresh.query_params[name] = value
    fresh.run()
    assert not fresh.exception
    return fresh


def test_problems_come_back_after_a_reload_and_only_at_that_address() -> None:
    at = typed_problem(start(), "Solve 2x + 3 = 7")
    at.text_input(key="solve_answer").set_value("x = 2").run()
    button(at, "solve_answer_check").click().run()
    key = at.query_params[solve_view.KEY_PARAM]
    assert len(key[0] if isinstance(key, list) else key) >= 22
    again = reload(at)
    opens = [b.label.split(" · ")[1] for b in again.sidebar.button if b.key.startswith("solve_open_")]
    assert opens == ["Solve 2x + 3 = 7"]
    assert again.success[0].value.startswith("**Equivalent.**")
    stranger = start()
    assert not any(b.key.startswith("solve_open_") for b in stranger.sidebar.button)


def test_forget_my_problems_deletes_them_on_the_server(data_dir: Path) -> None:
    at = typed_problem(start())
    assert list((data_dir / "student_history").iterdir())
    button(at, "solve_forget").click().run()
    assert not any(b.key.startswith("solve_open_") for b in at.sidebar.button)
    assert list((data_dir / "student_history").iterdir()) == []
    assert not any(b.key.startswith("solve_open_") for b in reload(at).sidebar.button)


def test_new_problem_and_the_language_are_in_the_main_column() -> None:
    at = typed_problem(start())
    assert not any(b.key == "solve_new_main" for b in at.sidebar.button)
    at.selectbox(key="lang_main").set_value("zh").run()
    assert at.title[0].value == "解题"
    assert at.session_state["lang"] == "zh"
    button(at, "solve_new_main").click().run()
    assert at.radio(key="solve_source").options[0] == "上传图片"
