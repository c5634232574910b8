"""The Settings page, driven with Streamlit's AppTest."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tutor_app.config import load_settings
from tutor_app.measure.speed import BenchResult, save_result

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
    assert at.success[0].value == "Model files found:"
    assert at.code[0].value == f"{model}\n{mmproj}"
    # The configured files fill the path field, checked like any other.
    assert at.text_input(key="settings_model_path").value == str(model)
    assert at.success[1].value.startswith("These files work: tiny-qwen3vl (")


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
    # The same failure, read on a page in Chinese: the visitor who asked, with the page's language switched.
    first.session_state["lang"] = "zh"
    first.run()
    (error,) = [e.value for e in first.error]
    assert error.startswith("无法下载 ")
    assert "：离线模式已打开（设置了 HF_HUB_OFFLINE）。\n手动安装模型：在能上网的电脑上下载\n  https://huggingface.co/" in error


def test_unmeasured_machine_gets_an_estimate_and_is_told_to_bench() -> None:
    at = run_page()
    assert "Estimated from the CPU cores and GPU; run `tutor bench` to measure it." in at.info[0].value
    assert at.info[0].value.startswith("About ")
    assert any("Not measured yet. Run `tutor bench`" in c.value for c in at.caption)


def test_saved_bench_figures_are_shown_and_drive_the_wait() -> None:
    save_result(
        load_settings(),
        BenchResult("Qwen3VL-8B-Instruct-Q4_K_M.gguf", "local", "m", "2026-01-01T00:00:00+00:00", model_gb=5.03,
                    load_seconds=3.5, vision_seconds=4.0, prompt_tokens_per_s=150.0, generation_tokens_per_s=12.0,
                    first_token_seconds=0.4, peak_rss_mb=7000.0),
    )
    at = run_page()
    assert "Measured on this computer by `tutor bench`." in at.info[0].value
    table = at.dataframe[0].value
    row = table.iloc[0].to_dict()
    assert row["model"] == "Qwen3VL-8B-Instruct-Q4_K_M.gguf"
    assert (row["load (s)"], row["answer (tokens/s)"]) == ("3.5", "12")
    # 4 s photo + 300 prompt tokens at 150/s + 400 answer tokens at 12/s = 39.3 s.
    assert row["typical answer"] == "About 40 s for a typical answer."


def test_catalogue_shows_the_sensible_choices_first_and_every_quant_behind_an_expander() -> None:
    at = run_page()
    choices = [m.value for m in at.markdown if m.value.startswith("**") and "per answer here" in m.value]
    assert 4 <= len(choices) <= 5
    assert sum("(recommended)" in c for c in choices) == 1
    assert choices[0].endswith("**(recommended)**") or "(recommended)" in choices[0]
    assert any(c.startswith("**2B Q4_K_M (mmproj F16)**: the quickest") for c in choices)
    expander = next(e for e in at.expander if e.label == "Every size and quantisation")
    assert len(expander.dataframe[0].value) == 18


def test_model_path_is_checked_on_the_spot_and_saved(tiny_model_files, tmp_path: Path) -> None:
    model, mmproj = tiny_model_files
    at = run_page()
    at.text_input(key="settings_model_path").set_value(str(tmp_path / "nope.gguf")).run()
    assert not at.exception
    assert any(f"The model file {tmp_path / 'nope.gguf'} does not exist" in e.value for e in at.error)
    at.text_input(key="settings_model_path").set_value(str(mmproj)).run()
    assert at.error, "an mmproj given as the model is refused by the GGUF checks"
    at.text_input(key="settings_model_path").set_value(str(model)).run()
    at.text_input(key="settings_mmproj_path").set_value(str(mmproj)).run()
    assert not at.error
    assert any(s.value.startswith("These files work: ") for s in at.success)
    at.button(key="settings_use_files").click().run()
    assert not at.exception
    assert (load_settings().model, load_settings().mmproj) == (model, mmproj)


def test_settings_in_chinese_show_the_wait_and_notes(monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_LANGUAGE", "zh")
    at = run_page()
    assert at.info[0].value.startswith("一般回答大约需要 ")
    assert any("最快；能读清晰的印刷题" in m.value for m in at.markdown)
