"""The Settings page, driven with Streamlit's AppTest."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tutor_app.config import load_settings

PAGE = str(Path(__file__).resolve().parents[2] / "tutor_app" / "views" / "settings.py")



def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    return at


def test_without_model_says_how_to_get_one(data_dir: Path) -> None:
    at = run_page()
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert "tutor model download --size 8B --quant Q4_K_M" in warnings[0]
    assert str(data_dir / "models") in warnings[0]
    assert len(at.dataframe) == 2


def test_with_model_files_lists_them(monkeypatch, tiny_model_files) -> None:
    model, mmproj = tiny_model_files
    monkeypatch.setenv("TUTOR_MODEL", str(model))
    monkeypatch.setenv("TUTOR_MMPROJ", str(mmproj))
    at = run_page()
    assert [s.value for s in at.success] == ["Model files found:"]
    assert at.code[0].value == f"{model}\n{mmproj}"


def test_remote_backend_names_server(monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_BACKEND", "openai")
    monkeypatch.setenv("TUTOR_OPENAI_URL", "http://127.0.0.1:9/v1")
    at = run_page()
    assert "http://127.0.0.1:9/v1" in at.info[0].value


def test_save_preferences_writes_config() -> None:
    at = run_page()
    at.selectbox(key="settings_language").set_value("zh")
    at.slider(key="settings_tts_rate").set_value(140)
    submit = next(b for b in at.button if b.label == "Save")
    submit.click().run()
    assert not at.exception
    settings = load_settings()
    assert (settings.language, settings.tts_rate) == ("zh", 140)
    assert (settings.tts_voice_en, settings.tts_voice_zh) == ("", "")


def test_voices_offered_by_language_and_saved() -> None:
    at = run_page()
    en = at.selectbox(key="settings_voice_en")
    zh = at.selectbox(key="settings_voice_zh")
    assert en.options[0] == "Chosen by language"
    assert "English (America) (gmw/en-us)" in en.options
    assert "Chinese (Mandarin, latin as English) (sit/cmn)" in zh.options
    assert not any("cmn" in option for option in en.options)
    zh.set_value("sit/cmn")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception
    assert load_settings().voice_for("zh") == "sit/cmn"
    assert load_settings().voice_for("en") is None


def test_a_failed_download_is_told_only_to_the_visitor_who_asked(monkeypatch) -> None:
    from tutor_app.ui import downloads

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    first = run_page()
    first.button(key="settings_download").click().run()
    state = downloads.current()
    deadline = time.monotonic() + 30
    while state.running and time.monotonic() < deadline:
        time.sleep(0.05)
    first.run()
    (error,) = [e.value for e in first.error]
    assert "offline mode is on (HF_HUB_OFFLINE is set)" in error
    later = run_page()
    assert [e.value for e in later.error] == []
