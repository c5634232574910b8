"""The passcode gate, the classroom settings and the QR banner, driven with AppTest."""

from __future__ import annotations

import io
import itertools
import tomllib
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from streamlit.runtime.scriptrunner import ScriptRunner
from streamlit.testing.v1 import AppTest

from tests.support.access import listening_on, sign_in
from tutor_app.classroom.access import FREE_TRIES, URL_ENV
from tutor_app.grading.passcode import hash_passcode, verify_passcode
from tutor_app.i18n import t
from tutor_app.ui.access import SESSION

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_PAGE = str(ROOT / "tutor_app" / "views" / "settings.py")
PASSCODE = "green kettle"


def write_config(data_dir: Path, text: str) -> None:
    (data_dir / "config.toml").write_text(text, encoding="utf-8")


def gate_app() -> AppTest:
    """A one-line page behind require_teacher, as the Teacher page uses it (messages as app.py shows them)."""

    def page() -> None:
        import streamlit as st

        from tutor_app.ui.access import require_teacher
        from tutor_app.ui.boundary import showing_messages

        with showing_messages():
            if require_teacher("en"):
                st.success("teacher area")

    return AppTest.from_function(page, default_timeout=30).run()


def submit_passcode(at: AppTest, passcode: str) -> AppTest:
    at.text_input(key="teacher_passcode").input(passcode)
    return at.button[0].click().run()


def test_wrong_passcode_is_refused_right_one_opens(data_dir: Path) -> None:
    write_config(data_dir, f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    at = gate_app()
    assert not at.exception
    assert [s.value for s in at.success] == []
    assert at.title[0].value == t("access.title")
    at = submit_passcode(at, "1357")
    assert [e.value for e in at.error] == [t("access.wrong")]
    assert [s.value for s in at.success] == []
    at = submit_passcode(at, PASSCODE)
    assert not at.exception
    assert [s.value for s in at.success] == ["teacher area"]


def test_a_new_browser_session_is_locked_out_too(data_dir: Path) -> None:
    write_config(data_dir, f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    first = gate_app()
    for _ in range(FREE_TRIES):
        first = submit_passcode(first, "wrong guess")
    # Reloading or opening a new session used to start the count again.
    second = submit_passcode(gate_app(), PASSCODE)
    # 30 s from the third wrong try, less the time this test took since.
    assert [e.value for e in second.error] in ([t("access.locked").format(seconds=s)] for s in (28, 29, 30))
    assert [s.value for s in second.success] == []


def test_sign_out_and_sign_in_again(data_dir: Path) -> None:
    write_config(data_dir, f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    at = submit_passcode(gate_app(), PASSCODE)
    assert [s.value for s in at.success] == ["teacher area"]
    at.sidebar.button(key="teacher_sign_out").click().run()
    assert [x.value for x in at.title] == [t("access.title")]
    assert [s.value for s in at.success] == []
    assert len(at.sidebar.button) == 0


def test_an_idle_sign_in_expires(data_dir: Path) -> None:
    write_config(data_dir, f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\nteacher_idle_minutes = 5\n')
    at = submit_passcode(gate_app(), PASSCODE)
    assert [s.value for s in at.success] == ["teacher area"]
    at.session_state[SESSION].last_seen -= 5 * 60 + 1
    at.run()
    assert [i.value for i in at.info] == [t("access.expired").format(minutes=5)]
    assert [s.value for s in at.success] == []


def test_unset_passcode_in_classroom_mode_stays_locked(data_dir: Path) -> None:
    write_config(data_dir, "classroom = true\n")
    at = gate_app()
    assert [w.value for w in at.warning] == [t("access.unset_classroom")]
    assert len(at.text_input) == 0


def test_unset_passcode_on_the_network_stays_locked(data_dir: Path) -> None:
    with listening_on("0.0.0.0"):
        at = gate_app()
    assert [w.value for w in at.warning] == [t("access.unset_classroom")]
    assert len(at.text_input) == 0


def test_unset_passcode_at_home_asks_to_set_one(data_dir: Path) -> None:
    with listening_on("127.0.0.1"):
        at = gate_app()
        assert [i.value for i in at.info] == [t("access.set_first")]
        at.text_input(key="teacher_new_passcode_1").input("blue whale")
        at.text_input(key="teacher_new_passcode_2").input("blue wale")
        at = at.button[0].click().run()
        assert [e.value for e in at.error] == [t("access.differ")]
        at.text_input(key="teacher_new_passcode_1").input("blue whale")
        at.text_input(key="teacher_new_passcode_2").input("blue whale")
        at = at.button[0].click().run()
    assert [s.value for s in at.success] == ["teacher area"]
    stored = tomllib.loads((data_dir / "config.toml").read_text())["teacher_passcode_hash"]
    assert verify_passcode("blue whale", stored)


def test_too_short_new_passcode_is_refused(data_dir: Path) -> None:
    with listening_on("127.0.0.1"):
        at = gate_app()
        at.text_input(key="teacher_new_passcode_1").input("2468a")
        at.text_input(key="teacher_new_passcode_2").input("2468a")
        at = at.button[0].click().run()
    assert [e.value for e in at.error] == [
        "The passcode must have at least 6 characters. A short phrase, such as four unrelated words, "
        "is easy to remember and hard to guess."
    ]
    assert not (data_dir / "config.toml").exists()


def test_settings_page_needs_the_passcode_in_classroom_mode(data_dir: Path) -> None:
    write_config(data_dir, f'classroom = true\nteacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    at = AppTest.from_file(SETTINGS_PAGE, default_timeout=30).run()
    assert not at.exception
    assert [x.value for x in at.title] == [t("access.title")]
    assert len(at.dataframe) == 0
    at = submit_passcode(at, PASSCODE)
    assert not at.exception
    assert [x.value for x in at.title] == [t("nav.settings")]


def test_settings_page_needs_the_passcode_when_the_app_is_on_the_network(data_dir: Path) -> None:
    write_config(data_dir, f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    with listening_on("0.0.0.0"):
        at = AppTest.from_file(SETTINGS_PAGE, default_timeout=30).run()
        assert [x.value for x in at.title] == [t("access.title")]
        at = submit_passcode(at, PASSCODE)
    assert [x.value for x in at.title] == [t("nav.settings")]
    with listening_on("127.0.0.1"):
        at = AppTest.from_file(SETTINGS_PAGE, default_timeout=30).run()
    assert [x.value for x in at.title] == [t("nav.settings")]


def test_classroom_switch_needs_a_passcode_first(data_dir: Path) -> None:
    at = AppTest.from_file(SETTINGS_PAGE, default_timeout=30).run()
    at.toggle(key="settings_classroom").set_value(True)
    at = at.button(key="FormSubmitter:settings_classroom_form-Save").click().run()
    assert t("settings.classroom_needs_passcode") in [e.value for e in at.error]
    assert not (data_dir / "config.toml").exists()


def test_classroom_settings_are_saved(data_dir: Path) -> None:
    write_config(data_dir, f'teacher_passcode_hash = "{hash_passcode(PASSCODE)}"\n')
    at = AppTest.from_file(SETTINGS_PAGE, default_timeout=30).run()
    at.toggle(key="settings_classroom").set_value(True)
    at.toggle(key="settings_classroom_https").set_value(False)
    at.number_input(key="settings_requests_per_minute").set_value(3)
    at.number_input(key="settings_queue_limit").set_value(12)
    at.number_input(key="settings_max_upload_mb").set_value(8)
    at = at.button(key="FormSubmitter:settings_classroom_form-Save").click().run()
    assert not at.exception
    path = data_dir / "config.toml"
    assert t("settings.classroom_saved").format(path=path) in [s.value for s in at.success]
    saved = tomllib.loads(path.read_text())
    assert {k: saved[k] for k in ("classroom", "classroom_https", "requests_per_minute", "queue_limit",
                                  "max_upload_mb")} == {
        "classroom": True, "classroom_https": False, "requests_per_minute": 3, "queue_limit": 12,
        "max_upload_mb": 8,
    }


def banner_app(teacher: bool = True) -> AppTest:
    def page() -> None:
        from tutor_app.ui import classroom

        classroom.banner("en")

    at = AppTest.from_function(page, default_timeout=30)
    if teacher:
        sign_in(at)
    return at.run()


@pytest.mark.parametrize(
    ("url", "caption"),
    [("https://192.168.1.5:8501", "classroom.certificate"), ("http://192.168.1.5:8501", "classroom.no_https")],
)
def test_banner_shows_address_and_qr(data_dir: Path, monkeypatch, url: str, caption: str) -> None:
    write_config(data_dir, "classroom = true\n")
    monkeypatch.setenv(URL_ENV, url)
    at = banner_app()
    assert not at.exception
    assert [m.value for m in at.sidebar.markdown] == [t("classroom.join").format(url=url)]
    assert [c.value for c in at.sidebar.caption] == [t(caption)]
    assert [s.value for s in at.sidebar.subheader] == [t("classroom.title")]


def test_banner_asks_for_a_restart_without_an_address(data_dir: Path, monkeypatch) -> None:
    write_config(data_dir, "classroom = true\n")
    monkeypatch.delenv(URL_ENV, raising=False)
    at = banner_app()
    assert [i.value for i in at.sidebar.info] == [t("classroom.restart")]


def test_students_see_no_banner(data_dir: Path, monkeypatch) -> None:
    write_config(data_dir, "classroom = true\n")
    monkeypatch.setenv(URL_ENV, "https://192.168.1.5:8501")
    at = banner_app(teacher=False)
    assert not at.exception
    assert len(at.sidebar.markdown) == 0 and len(at.sidebar.subheader) == 0 and len(at.get("image")) == 0


def projector_app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tutor_app" / "views" / "projector.py"), default_timeout=30)
    sign_in(at)
    at.session_state["lang"] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_projector_shows_the_address_and_a_large_qr(data_dir: Path, monkeypatch, lang: str) -> None:
    write_config(data_dir, "classroom = true\n")
    monkeypatch.setenv(URL_ENV, "https://192.168.1.5:8501")
    at = projector_app(lang)
    assert not at.exception
    markdown = [m.value for m in at.markdown]
    assert f"<h1 style='text-align:center'>{t('projector.join', lang)}</h1>" in markdown
    assert "<p class='projector-url'>https://192.168.1.5:8501</p>" in markdown
    assert len(at.get("image")) == 1


def test_projector_outside_classroom_mode_says_how_to_turn_it_on(monkeypatch) -> None:
    at = projector_app("en")
    assert [i.value for i in at.info] == [t("projector.off")]


def test_no_banner_outside_classroom_mode(monkeypatch) -> None:
    monkeypatch.setenv(URL_ENV, "https://192.168.1.5:8501")
    at = banner_app()
    assert len(at.sidebar.markdown) == 0 and len(at.sidebar.subheader) == 0


def test_banner_qr_decodes_to_the_address() -> None:
    from tutor_app.ui.classroom import _qr

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(_qr("https://10.0.0.7:8501"))))
    assert [code.text for code in found] == ["https://10.0.0.7:8501"]


@pytest.mark.parametrize(("classroom", "errors"), [(True, 1), (False, 0)])
def test_admit_request_limits_students_in_classroom_mode(data_dir: Path, classroom: bool, errors: int) -> None:
    write_config(data_dir, f"classroom = {str(classroom).lower()}\nrequests_per_minute = 2\n")

    def page() -> None:
        import streamlit as st

        from tutor_app.errors import RateLimitError
        from tutor_app.ui.classroom import admit_request

        for _ in range(3):
            try:
                admit_request()
            except RateLimitError as exc:
                st.error(str(exc))

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "You sent 2 questions in the last minute, the most allowed. Wait 60 s and send it again."
    ] * errors


def test_a_new_browser_session_does_not_reset_the_question_limit(data_dir: Path, monkeypatch) -> None:
    write_config(data_dir, "classroom = true\nrequests_per_minute = 2\n")
    # AppTest gives every run the same session id; a browser reload or a new tab gets a new one.
    runs = itertools.count()
    start = ScriptRunner.__init__
    monkeypatch.setattr(
        ScriptRunner, "__init__", lambda self, *a, session_id, **k: start(self, *a, session_id=f"s{next(runs)}", **k)
    )

    def page() -> None:
        import streamlit as st

        from tutor_app.errors import RateLimitError
        from tutor_app.ui.classroom import admit_request

        try:
            admit_request()
        except RateLimitError as exc:
            st.error(str(exc))

    first = AppTest.from_function(page, default_timeout=30).run()
    first.run()
    assert not first.error
    second = AppTest.from_function(page, default_timeout=30).run()
    # 60 s from the first question, less the time this test took since.
    assert [e.value for e in second.error] in (
        [f"You sent 2 questions in the last minute, the most allowed. Wait {s} s and send it again."]
        for s in (58, 59, 60)
    )
