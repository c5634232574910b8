"""The one error boundary in app.py: our errors as messages, a bad config survived, anything else logged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "tutor_app" / "app.py")


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def check_page(at: AppTest, reference: str, answer: str) -> AppTest:
    at.switch_page("views/check.py").run()
    at.text_input(key="check_reference").set_value(reference)
    at.text_input(key="check_answer").set_value(answer)
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception
    return at


def test_a_bad_config_names_the_key_and_the_pages_still_work(data_dir: Path) -> None:
    """tts_rate = "fast" is named in a warning on every page; the rest of the settings still apply."""
    (data_dir / "config.toml").write_text('tts_rate = "fast"\nmax_tokens = 77\n', encoding="utf-8")
    at = app()
    warnings = [w.value for w in at.warning]
    assert any("tts_rate: Input should be a valid integer" in w and "use their defaults" in w for w in warnings)
    at = check_page(at, "2(x+1)", "2x+2")
    assert at.success[0].value.startswith("**Equivalent.**")
    from tutor_app.ui import resources

    assert (resources.settings().tts_rate, resources.settings().max_tokens) == (170, 77)


def test_the_check_page_is_rate_limited_in_classroom_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """A script cannot flood the CAS from the Check page: past the limit, a message and no check."""
    st.cache_resource.clear()
    monkeypatch.setenv("TUTOR_CLASSROOM", "1")
    monkeypatch.setenv("TUTOR_REQUESTS_PER_MINUTE", "1")
    at = app()
    for _ in range(5):
        at = check_page(at, "x", "x")
        assert at.success[0].value.startswith("**Equivalent.**")
    at = check_page(at, "x", "x")
    [refused] = [e.value for e in at.error]
    assert re.fullmatch(r"You sent 5 answer checks in the last minute, the most allowed\. "
                        r"Wait \d+ s and send it again\.", refused)
    assert not at.success


def test_a_tutor_error_shows_its_message() -> None:
    def page() -> None:
        from tutor_app.errors import GradingError
        from tutor_app.ui.boundary import error_boundary

        with error_boundary():
            raise GradingError("The answer key has no answer column.")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The answer key has no answer column."]


def test_anything_else_is_logged_with_a_reference_the_teacher_can_find(data_dir: Path) -> None:
    def page() -> None:
        from tutor_app.ui.boundary import error_boundary

        with error_boundary():
            {}["missing key from a bug"]

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    [message] = [e.value for e in at.error]
    reference = re.fullmatch(r"Something went wrong\. Tell the teacher the reference \*\*([0-9a-f]{6})\*\*: "
                             r"the details are in `(.+)`\.", message)
    assert reference is not None, message
    log = Path(reference.group(2)).read_text(encoding="utf-8")
    assert f" error {reference.group(1)}\n" in log
    assert "KeyError: 'missing key from a bug'" in log
    assert Path(reference.group(2)) == data_dir / "logs" / "app.log"


def test_a_fragment_has_the_boundary_inside_it(data_dir: Path) -> None:
    """A fragment's own reruns skip app.py, so the boundary must be inside the fragment too."""
    def page() -> None:
        import streamlit as st

        from tutor_app.errors import GradingError
        from tutor_app.ui import state
        from tutor_app.ui.boundary import fragment

        st.session_state[state.LANG] = "zh"

        @fragment()
        def ours() -> None:
            raise GradingError(key="key.no_questions", source="key.csv")

        @fragment()
        def a_bug() -> None:
            {}["missing key from a bug"]

        ours()
        a_bug()

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    ours, a_bug = (e.value for e in at.error)
    assert ours == "key.csv：没有找到题目；请在表头下面每道题写一行。"
    assert a_bug.startswith("出错了。请把编号 **")
    assert "KeyError: 'missing key from a bug'" in (data_dir / "logs" / "app.log").read_text(encoding="utf-8")


def test_every_fragment_is_inside_the_boundary() -> None:
    """No module makes a fragment with st.fragment itself, which would leave its reruns unguarded."""
    package = Path(APP).parent
    unguarded = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if "st.fragment(" in path.read_text(encoding="utf-8") and path.name != "boundary.py"]
    assert unguarded == []
