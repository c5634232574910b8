"""The Solve page's logic in AppTest, with a scripted backend in place of the model."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.support.scripted_backend import ScriptedBackend
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

    def install(*replies: str, places: tuple[int, ...] = ()) -> ScriptedBackend:
        backend = ScriptedBackend(list(replies), places=places)
        monkeypatch.setattr(resources, "backend", lambda: backend)
        return backend

    return install


def start() -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


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
    assert at.text_area(key="solve_transcription").value == "3. 2x + 3 = 7"
    assert len(backend.requests[0].messages[-1].images) == 1
    at.text_area(key="solve_transcription").set_value("2x + 3 = 7").run()
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
    assert len(backend.requests[0].messages[-1].images) == 2


def test_camera_photo_is_read(scripted) -> None:
    backend = scripted("x + 1 = 2")
    at = start()
    at.radio(key="solve_source").set_value("camera").run()
    at.camera_input(key="solve_camera").set_value(("shot.jpg", jpeg(), "image/jpeg")).run()
    button(at, "solve_read").click().run()
    assert not at.exception
    assert at.text_area(key="solve_transcription").value == "x + 1 = 2"
    assert len(backend.requests) == 1


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
    at.text_area(key="solve_transcription").set_value("   ").run()
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
    assert at.warning[0].value.startswith("**The CAS disagrees: treat this answer with care.**")
    assert any(m.value.startswith("✗ `2x = 10`") for m in at.markdown)


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
    assert any(m.value.startswith("✗ `2x = 10`") for m in at.markdown)


def test_check_my_work_without_working_says_what_to_do(scripted) -> None:
    scripted()
    at = typed_problem(start())
    button(at, "solve_mode_check_work").click().run()
    assert at.error[0].value == "Type your working, or add a photo of it, so it can be checked."


def test_explain_this_diagram_in_chinese(scripted) -> None:
    backend = scripted("这是一个串联电路。")
    at = typed_problem(start(), "Two resistors in series")
    at.selectbox(key="solve_explain_en").set_value("zh").run()
    button(at, "solve_mode_diagram").click().run()
    assert "这是一个串联电路。" in texts(at)
    assert at.info[0].value.startswith("**Not checkable.**")
    assert "Two resistors in series" in backend.user_text()


def test_the_place_in_line_is_shown_while_waiting(scripted) -> None:
    scripted("done", places=(2, 1))
    at = typed_problem(start())
    button(at, "solve_mode_solve").click().run()
    assert "done" in texts(at)
    assert not at.exception


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
    at.text_input(key="solve_answer").set_value(answer)
    at.button(key="FormSubmitter:solve_answer_form-Check my answer").click().run()
    assert not at.exception
    kind, start_text = shown
    assert getattr(at, kind)[0].value.startswith(start_text)


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


def test_try_an_example_keeps_its_known_answer(scripted) -> None:
    from tutor_app.samples import list_samples

    sample = next(s for s in list_samples() if s.cas_problem)
    scripted("gibberish the model read")
    at = start()
    at.radio(key="solve_source").set_value("example").run()
    at.selectbox(key="solve_example").set_value(sample.id).run()
    assert at.get("image")[0].captions[0].startswith(sample.title_in("en") + " · As the model will see it")
    button(at, "solve_read").click().run()
    button(at, "solve_confirm").click().run()
    at.text_input(key="solve_answer").set_value(sample.answer)
    at.button(key="FormSubmitter:solve_answer_form-Check my answer").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("**Equivalent.**")


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
    assert [e.value for e in at.error] == [
        "You sent 1 questions in the last minute, the most allowed. Wait 60 s and send it again."
    ]
    assert len(backend.requests) == 1


def test_without_a_model_the_page_says_what_to_do(data_dir: Path) -> None:
    st.cache_resource.clear()
    at = start()
    assert [w.value for w in at.warning] == [
        "Solving needs the model, and it is not ready. Ask your teacher, or: "
        f"No Qwen3-VL model files in {data_dir / 'models'}. Run `tutor model download --size 8B "
        "--quant Q4_K_M` (about 6.2 GB), or see `tutor model list` for the files to fetch by hand."
    ]
