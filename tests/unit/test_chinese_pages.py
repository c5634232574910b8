"""Every page walked in Chinese: any English left on screen, apart from math and proper names, fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe, Html, Json

from tests.support.access import sign_in
from tests.support.grading_class import CLASS, KEY, SampleClassBackend
from tests.support.pages import page_app
from tests.support.scripted_backend import ScriptedBackend
from tutor_app.config import load_settings
from tutor_app.errors import QueueFullError
from tutor_app.i18n import LANGUAGES
from tutor_app.speech import voices_for
from tutor_app.ui import grading_runs, resources
from tutor_app.ui.resources import ModelStatus

VIEWS = Path(__file__).resolve().parents[2] / "tutor_app" / "views"
# Math, code, file paths and names and the student's own words quoted back are not words to translate.
NOT_WORDS = re.compile(
    r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|“[^”]*”|\S*[/\\]\S*|[\w.-]*\.(?:gguf|csv|jpg|png|pdf|zip)\b", re.DOTALL
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
PROPER_NAMES = {"English", "Markdown", "HTML", "CSV", "Qwen", "GGUF", "PDF", "JPEG", "PNG", "HEIC", "CAS", "ZIP",
                "HTTPS", "CPU", "GPU", "RAM", "mmproj", "llama", "cpp", "Linux", "Windows", "Darwin", "Hugging", "Face"}


def shown_strings(at: AppTest) -> list[str]:
    """Every text on the page: bodies, labels, captions, options, placeholders, help and tables."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, (Html, Json)):
            return  # styles, and the model's raw transcription as data: never shown as words
        if isinstance(node, Dataframe):
            table = node.value
            found.extend(str(c) for c in table.columns)
            found.extend(v for v in table.to_numpy().ravel() if isinstance(v, str))
            return
        proto = getattr(node, "proto", None)
        for name in ("body", "label", "caption", "placeholder", "help", "value"):
            try:
                value = getattr(proto, name) if proto is not None and hasattr(proto, name) else None
            except (AttributeError, ValueError):
                value = None
            if isinstance(value, str):
                found.append(value)
        for name in ("options", "imgs"):
            for item in getattr(proto, name, None) or ():
                found.append(item if isinstance(item, str) else getattr(item, "caption", ""))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [s for s in found if s]


def english_left(at: AppTest, typed: tuple[str, ...] = ()) -> list[str]:
    """Each shown string that still has an English word in it (what the student ``typed`` aside)."""
    left = []
    for text in shown_strings(at):
        shown = NOT_WORDS.sub(" ", text)
        for own in typed:
            shown = shown.replace(own, " ")
        words = [w for w in ENGLISH_WORD.findall(shown) if w not in PROPER_NAMES]
        if words:
            left.append(f"{words}: {text}")
    return left


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch):
    """A page opened in Chinese, with a model that is ready and answers in Chinese."""
    backend = ScriptedBackend(["第一步：$2x - 6 = x + 4$\n第二步：$x = 10$\n\\[\\boxed{x = 10}\\]", "先去括号。",
                               "第二行错了。\\boxed{x = 10}"])
    monkeypatch.setattr(resources, "backend", lambda: backend)
    monkeypatch.setattr(resources, "model_status", lambda: ModelStatus("ready", ""))

    def open_page(name: str) -> AppTest:
        at = AppTest.from_file(str(VIEWS / f"{name}.py"), default_timeout=60)
        at.session_state["lang"] = "zh"
        at.run()
        assert not at.exception
        return at

    return open_page


def click(at: AppTest, key: str) -> AppTest:
    next(b for b in at.button if b.key == key).click().run()
    assert not at.exception
    return at


def test_the_solve_page_in_chinese_from_start_to_answer(chinese) -> None:
    at = chinese("solve")
    assert english_left(at) == []
    at.radio(key="solve_source").set_value("example").run()
    at.selectbox(key="solve_example").set_value("zh-linear-equation").run()
    assert english_left(at) == []
    for key in ("solve_confirm", "solve_mode_solve", "solve_mode_hint"):
        click(at, key)
        assert english_left(at) == [], key
    at.text_area(key="solve_work").set_value("2x - 6 = x + 4\nx = 2")
    click(at, "solve_mode_check_work")
    assert english_left(at) == []
    for answer in ("x = 7", "x = 10", "2 @ 3", "x +"):
        at.text_input(key="solve_answer").set_value(answer).run()
        click(at, "solve_answer_check")
        assert english_left(at, (answer,)) == [], answer
    click(at, "solve_show_answer")
    assert english_left(at) == []
    assert len(shown_strings(at)) > 60


class FullQueueBackend(ScriptedBackend):
    """A classroom's model with too many students already waiting for it."""

    def stream(self, request):
        raise QueueFullError(key="queue.full", waiting=8, limit=8)


def test_a_full_queue_is_explained_in_chinese_on_the_solve_page(chinese, monkeypatch) -> None:
    at = chinese("solve")
    monkeypatch.setattr(resources, "backend", lambda: FullQueueBackend([]))
    at.radio(key="solve_source").set_value("example").run()
    at.selectbox(key="solve_example").set_value("zh-linear-equation").run()
    click(at, "solve_confirm")
    click(at, "solve_mode_solve")
    assert [e.value for e in at.error] == ["已经有 8 个请求在等模型（上限是 8）。请过一分钟再试，或者在设置里调大 `queue_limit`。"]
    assert english_left(at) == []


def test_the_check_page_in_chinese(chinese) -> None:
    at = chinese("check")
    for reference, answer in [("x = 2 or x = 3", "x = 2"), ("5 m", "5"), ("(x+1)(x+2)", "x^2+3x+2"),
                              ("10", "elephant"), ("x > 2", "x >= 2"), ("(1, 2)", "(2, 1)")]:
        at.text_input(key="check_reference").set_value(reference)
        at.text_input(key="check_answer").set_value(answer)
        at.selectbox(key="check_form_req").set_value("factored" if "(x+1)" in reference else "")
        next(b for b in at.button if b.label == "检查").click().run()
        assert not at.exception
        assert english_left(at, (reference, answer)) == [], (reference, answer)


def language_page() -> None:
    import streamlit as st

    from tutor_app.ui import shell

    shell.header()
    st.title(shell.language())


def test_the_chosen_language_is_kept_in_the_address_across_a_reload() -> None:
    at = AppTest.from_function(language_page, default_timeout=30).run()
    assert "lang" not in at.query_params
    at.selectbox(key="lang").set_value("zh").run()
    assert at.query_params["lang"] in ("zh", ["zh"])
    fresh = AppTest.from_function(language_page, default_timeout=30)
    fresh.query_params["lang"] = "zh"
    fresh.run()
    assert fresh.title[0].value == "zh"
    assert fresh.selectbox(key="lang").value == "zh"


# The sample class's students, named by their files: names, not words to translate.
STUDENTS = ("ana", "ben", "chen", "dana", "eli", "fay")


@pytest.fixture
def signed_in_chinese():
    """A page as app.py runs it, in Chinese, signed in as the teacher."""

    def open_page(name: str) -> AppTest:
        at = page_app(VIEWS / f"{name}.py")
        at.session_state["lang"] = "zh"
        sign_in(at)
        at.run()
        assert not at.exception
        return at

    return open_page


def voice_names() -> tuple[str, ...]:
    """espeak-ng's own names for its voices, offered as they are: names, not words to translate."""
    return tuple(voice["name"] for code in LANGUAGES for voice in voices_for(code))


def test_the_settings_page_in_chinese_without_a_model(signed_in_chinese) -> None:
    at = signed_in_chinese("settings")
    assert english_left(at, voice_names()) == []


def test_the_settings_page_in_chinese_says_what_is_wrong_with_a_model_path(signed_in_chinese, tmp_path) -> None:
    at = signed_in_chinese("settings")
    not_a_model = tmp_path / "notes.txt"
    not_a_model.write_text("not a model")
    for path in ("/nowhere/model.gguf", str(not_a_model)):
        at.text_input(key="settings_model_path").input(path)
        at.text_input(key="settings_mmproj_path").input(str(not_a_model)).run()
        assert not at.exception
        assert at.error and english_left(at, voice_names()) == [], path


def test_the_settings_page_in_chinese_with_a_model(signed_in_chinese, monkeypatch, tiny_model_files) -> None:
    model, mmproj = tiny_model_files
    monkeypatch.setenv("TUTOR_MODEL", str(model))
    monkeypatch.setenv("TUTOR_MMPROJ", str(mmproj))
    at = signed_in_chinese("settings")
    assert english_left(at, (*voice_names(), "tiny-qwen3vl")) == []


def grade_the_sample_class(at: AppTest) -> int:
    """Start grading the sample class with its key on the open Teacher page; the job's id once it is done."""
    at.text_input(key="teacher_folder").input(str(CLASS))
    at.file_uploader(key="teacher_key").set_value((KEY.name, KEY.read_bytes(), "text/csv"))
    click(at, "teacher_preview")
    assert english_left(at, STUDENTS) == []
    click(at, "teacher_start")
    job = at.selectbox(key="teacher_job").value
    assert grading_runs.registry().get(job).wait(120)
    at.run()
    assert not at.exception
    return job


@pytest.fixture
def sample_class_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model reads the sample class's pages from canned transcriptions."""
    scripted = SampleClassBackend(load_settings())
    monkeypatch.setattr(resources, "backend", lambda: scripted)


def test_the_teacher_page_in_chinese_before_and_after_grading(signed_in_chinese, sample_class_backend) -> None:
    at = signed_in_chinese("teacher")
    assert english_left(at, STUDENTS) == []
    click(at, "teacher_preview")
    assert at.error and english_left(at, STUDENTS) == []
    at.text_input(key="teacher_folder").input("/nowhere/homework")
    click(at, "teacher_preview")
    assert at.error and english_left(at, STUDENTS) == []
    at.text_input(key="teacher_folder").input(str(CLASS))
    for bad_key in (b"question,answer\n1,\n", b"question,answer,weight\n1,2,3\n", b"question,answer,points\n1,2,x\n"):
        at.file_uploader(key="teacher_key").set_value(("key.csv", bad_key, "text/csv"))
        click(at, "teacher_preview")
        assert at.error and english_left(at, (*STUDENTS, "weight")) == [], bad_key
    at.file_uploader(key="teacher_key").set_value((KEY.name, KEY.read_bytes(), "text/csv"))
    for pattern in ("{name}_{anything}.{ext}", "{anything}.{ext}"):
        at.text_input(key="teacher_pattern").input(pattern)
        click(at, "teacher_preview")
        assert at.error and english_left(at, (*STUDENTS, pattern, "{name}")) == [], pattern
    at.text_input(key="teacher_pattern").input("{student}_{anything}.{ext}")
    job = grade_the_sample_class(at)
    assert english_left(at, STUDENTS) == []
    for student in ("chen", "fay"):
        at.selectbox(key=f"teacher_student_{job}").set_value(student).run()
        assert english_left(at, STUDENTS) == [], student


def test_a_damaged_photo_is_explained_in_chinese_on_the_teacher_page(signed_in_chinese, sample_class_backend) -> None:
    at = signed_in_chinese("teacher")
    job = grade_the_sample_class(at)
    at.selectbox(key=f"teacher_student_{job}").set_value("eli").run()
    assert english_left(at, STUDENTS) == []


def test_a_model_that_cannot_load_is_explained_in_chinese_in_the_sidebar(monkeypatch, tiny_model_files, tmp_path) -> None:
    """The sidebar says in Chinese why the model failed, though one backend serves pages in both languages."""
    from tutor_app.model.local import LocalBackend

    model, _ = tiny_model_files
    broken = LocalBackend(load_settings(), model, tmp_path / "nothing.gguf")
    monkeypatch.setattr(resources, "backend", lambda: broken)
    resources._loader(id(broken), broken).join(30)
    # The sidebar's model line is drawn by app.py, around every page.
    at = AppTest.from_file(str(VIEWS.parent / "app.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert [e.value for e in at.sidebar.error] == [
        f"模型出错: 视觉编码器（mmproj）文件 {tmp_path / 'nothing.gguf'} 不存在。请检查路径，或运行 `tutor model download` 下载模型。"
    ]
