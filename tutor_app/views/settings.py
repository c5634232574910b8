"""Settings and model: hardware, model files, catalogue and download, sampling, preferences."""

import streamlit as st

from tutor_app.config import config_path, save_settings
from tutor_app.errors import TutorError
from tutor_app.grading.passcode import passcode_is_set
from tutor_app.i18n import LANGUAGES, t
from tutor_app.mathtext import inert_markdown
from tutor_app.model.base import PRESETS
from tutor_app.measure.speed import load_results, machine_speed, rounded_seconds
from tutor_app.model.catalogue import CATALOGUE, find_entry, recommend
from tutor_app.model.hardware import detect_hardware
from tutor_app.model.locate import locate_model_files
from tutor_app.speech import voices_for
from tutor_app.ui import downloads, model_files, resources, shell
from tutor_app.ui.access import page_needs_passcode, require_teacher
from tutor_app.ui.boundary import fragment

lang = shell.language()
settings = resources.settings()
if page_needs_passcode("settings"):
    require_teacher(lang)
st.title(t("nav.settings", lang))

st.header(t("settings.model", lang))
if settings.backend == "openai":
    st.info(t("settings.remote", lang).format(url=settings.openai_url))
else:
    try:
        model, mmproj = locate_model_files(settings, lang)
    except TutorError as exc:
        st.warning(inert_markdown(exc.said(lang)))
    else:
        st.success(t("settings.found", lang))
        st.code(f"{model}\n{mmproj}", language=None)
st.caption(t("settings.folder", lang).format(folder=settings.models_folder))

st.header(t("settings.hardware", lang))
hardware = detect_hardware()
st.write(hardware.describe(lang))
results = load_results(settings)
speed = machine_speed(hardware, results)
advice = recommend(hardware, speed, lang)
st.write(t("settings.recommended", lang).format(label=advice.label, reason=advice.reason))
st.info(
    t("settings.wait", lang).format(seconds=rounded_seconds(advice.answer_seconds))
    + " "
    + t("settings.wait_measured" if speed.measured else "settings.wait_estimated", lang)
)
model_files.path_section(settings, lang)

st.subheader(t("settings.measured", lang))
if results:
    st.dataframe(model_files.bench_rows(results, lang), hide_index=True, width="stretch", key="settings_bench")
else:
    st.caption(t("settings.not_measured", lang))

st.subheader(t("settings.catalogue", lang))
model_files.catalogue_section(settings, hardware, speed, advice, lang)
labels = {entry.label: entry for entry in CATALOGUE}
choice = st.selectbox(
    t("settings.download_choice", lang),
    list(labels),
    index=list(labels).index(find_entry(advice.size, advice.quant, advice.mmproj_quant).label),
    key="settings_download_choice",
)
download = downloads.current()
if st.button(t("settings.download", lang), key="settings_download", disabled=download.running):
    download.start(labels[choice], settings.models_folder, downloads.visitor())


@fragment(run_every=1.0)
def download_progress() -> None:
    """Progress of the background download, refreshed every second."""
    state = downloads.current()
    if state.running:
        fraction = state.done / state.total if state.total else 0.0
        st.progress(min(fraction, 1.0), text=f"{state.label}: {state.filename} {state.done / 1e9:.2f} GB")
        if st.button(t("settings.cancel", lang), key="settings_cancel_download"):
            state.cancel.set()
    elif state.error and state.owner == downloads.visitor():
        # Another visitor's failed click is no news to this one.
        st.error(state.error.said(lang))
    elif state.finished:
        st.success(t("settings.downloaded", lang).format(label=state.label))


download_progress()

st.header(t("settings.sampling", lang))
st.dataframe(
    [
        {
            t("settings.col.preset", lang): t(f"preset.{name}", lang),
            **{t(f"sampling.{option}", lang): value for option, value in values.items()},
        }
        for name, values in PRESETS.items()
    ],
    hide_index=True,
    width="stretch",
)

st.header(t("settings.preferences", lang))
try:
    voices = {code: {v["id"]: v["name"] for v in voices_for(code)} for code in LANGUAGES}
except TutorError as exc:
    voices = {code: {} for code in LANGUAGES}
    st.warning(inert_markdown(exc.said(lang)))
with st.form("settings_preferences"):
    language = st.selectbox(
        t("settings.default_language", lang), list(LANGUAGES), index=list(LANGUAGES).index(settings.language),
        format_func=LANGUAGES.__getitem__, key="settings_language",
    )
    preset = st.selectbox(
        t("settings.preset", lang), list(PRESETS), index=list(PRESETS).index(settings.preset),
        format_func=lambda name: t(f"preset.{name}", lang), key="settings_preset",
    )
    max_tokens = st.number_input(
        t("settings.max_tokens", lang), min_value=1, max_value=32768, value=settings.max_tokens,
        key="settings_max_tokens",
    )
    tts_rate = st.slider(
        t("settings.tts_rate", lang), min_value=60, max_value=400, value=settings.tts_rate,
        key="settings_tts_rate",
    )
    chosen_voices = {}
    for code, name in LANGUAGES.items():
        options = {"": t("settings.voice_auto", lang), **voices[code]}
        current = getattr(settings, f"tts_voice_{code}")
        chosen_voices[code] = st.selectbox(
            t("settings.voice", lang).format(language=name), list(options),
            index=list(options).index(current) if current in options else 0,
            format_func=lambda voice_id, options=options: options[voice_id] if not voice_id else f"{options[voice_id]} ({voice_id})",
            key=f"settings_voice_{code}",
        )
    if st.form_submit_button(t("settings.save", lang)):
        try:
            path = save_settings(
                language=language, preset=preset, max_tokens=int(max_tokens), tts_rate=tts_rate,
                tts_voice_en=chosen_voices["en"], tts_voice_zh=chosen_voices["zh"],
            )
        except TutorError as exc:
            st.error(inert_markdown(exc.said(lang)))
        else:
            st.success(t("settings.saved", lang).format(path=path))

st.header(t("settings.classroom", lang))
st.markdown(t("settings.classroom_explain", lang))
with st.form("settings_classroom_form"):
    classroom_on = st.toggle(t("settings.classroom_on", lang), value=settings.classroom, key="settings_classroom")
    https = st.toggle(
        t("settings.classroom_https", lang), value=settings.classroom_https, key="settings_classroom_https"
    )
    per_minute = st.number_input(
        t("settings.requests_per_minute", lang), min_value=1, max_value=120,
        value=settings.requests_per_minute, key="settings_requests_per_minute",
    )
    queue_limit = st.number_input(
        t("settings.queue_limit", lang), min_value=1, max_value=500, value=settings.queue_limit,
        key="settings_queue_limit",
    )
    upload_mb = st.number_input(
        t("settings.max_upload_mb", lang), min_value=1, max_value=200, value=settings.max_upload_mb,
        key="settings_max_upload_mb",
    )
    if st.form_submit_button(t("settings.save", lang)):
        if classroom_on and not passcode_is_set(settings):
            # Without a passcode, classroom mode would lock the teacher out of this page.
            st.error(t("settings.classroom_needs_passcode", lang))
        else:
            try:
                path = save_settings(
                    classroom=classroom_on, classroom_https=https, requests_per_minute=int(per_minute),
                    queue_limit=int(queue_limit), max_upload_mb=int(upload_mb),
                )
            except TutorError as exc:
                st.error(inert_markdown(exc.said(lang)))
            else:
                st.success(t("settings.classroom_saved", lang).format(path=path))
st.caption(t("settings.config_file", lang).format(path=config_path()))
