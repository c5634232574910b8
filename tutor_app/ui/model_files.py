"""Settings widgets: model files already on disk, the saved `tutor bench` figures, the catalogue's choices."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tutor_app.config import Settings, save_settings
from tutor_app.errors import TutorError
from tutor_app.i18n import t
from tutor_app.mathtext import inert_markdown
from tutor_app.measure.speed import BenchResult, Speed, figure, rounded_seconds
from tutor_app.model.catalogue import CATALOGUE, CatalogueEntry, sensible_choices, usable_memory_gb
from tutor_app.model.hardware import Hardware
from tutor_app.model.locate import locate_model_files
from tutor_app.model.validate import ModelInfo, validate_model_files


def check_paths(settings: Settings, model: str, mmproj: str, lang: str) -> ModelInfo:
    """The model pair at these paths (mmproj found beside the model when empty), checked like any model."""
    chosen = settings.model_copy(
        update={
            "model": Path(model.strip()).expanduser(),
            "mmproj": Path(mmproj.strip()).expanduser() if mmproj.strip() else None,
        }
    )
    return validate_model_files(*locate_model_files(chosen, lang))


def path_section(settings: Settings, lang: str) -> None:
    """A field for model files already on disk, checked as soon as it is entered, and saved on request."""
    with st.expander(t("settings.own_files", lang), expanded=settings.model is not None):
        model = st.text_input(
            t("settings.model_path", lang), value=str(settings.model or ""), key="settings_model_path",
            placeholder="~/models/Qwen3VL-8B-Instruct-Q4_K_M.gguf",
        )
        mmproj = st.text_input(
            t("settings.mmproj_path", lang), value=str(settings.mmproj or ""), key="settings_mmproj_path",
            help=t("settings.mmproj_help", lang),
        )
        if not model.strip():
            return
        try:
            info = check_paths(settings, model, mmproj, lang)
        except TutorError as exc:
            st.error(inert_markdown(exc.said(lang)))
            return
        st.success(
            t("settings.files_ok", lang).format(
                name=info.name, model=_size(info.model_bytes), mmproj=_size(info.mmproj_bytes)
            )
        )
        if st.button(t("settings.use_files", lang), key="settings_use_files"):
            try:
                path = save_settings(model=str(info.model), mmproj=str(info.mmproj))
            except TutorError as exc:
                st.error(inert_markdown(exc.said(lang)))
            else:
                st.success(t("settings.saved", lang).format(path=path))


def _size(size: int) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 10**8 else f"{size / 1e6:.1f} MB"


def bench_rows(results: list[BenchResult], lang: str) -> list[dict[str, str]]:
    """The saved `tutor bench` figures as table rows, with a typical answer's wait in words."""
    rows = []
    for r in results:
        seconds = r.answer_seconds()
        streams = ", ".join(f"{n}: {v:g}" for n, v in sorted(r.concurrent_tokens_per_s.items()))
        rows.append(
            {
                t("bench.model", lang): r.model,
                t("bench.load", lang): figure(r.load_seconds),
                t("bench.photo", lang): figure(r.vision_seconds),
                t("bench.prompt", lang): figure(r.prompt_tokens_per_s),
                t("bench.generation", lang): figure(r.generation_tokens_per_s),
                t("bench.first_token", lang): figure(r.first_token_seconds),
                t("bench.memory", lang): figure(r.peak_rss_mb),
                t("bench.answer", lang): "—" if seconds is None
                else t("settings.wait", lang).format(seconds=rounded_seconds(seconds)),
                t("bench.streams", lang): streams or "—",
                t("bench.when", lang): r.measured_at,
            }
        )
    return rows


def catalogue_section(
    settings: Settings, hardware: Hardware, speed: Speed, advice: CatalogueEntry, lang: str
) -> None:
    """The few sensible choices in plain words, with this machine's wait; every entry behind an expander."""
    usable = usable_memory_gb(hardware)
    installed = {entry: all(p.is_file() for p in entry.paths(settings.models_folder)) for entry in CATALOGUE}
    for entry in sensible_choices(advice):
        marks = [t("settings.recommended_mark", lang)] if entry == advice else []
        marks += [] if entry.memory_gb <= usable else [t("settings.too_big", lang)]
        marks += [t("settings.installed", lang)] if installed[entry] else []
        line = t("settings.choice", lang).format(
            label=entry.label,
            note=t(f"settings.note.{entry.size}_{entry.quant}", lang),
            seconds=rounded_seconds(speed.answer_seconds(entry.model_gb)),
            download=entry.download_gb,
            memory=entry.memory_gb,
        )
        st.markdown(" ".join([line, *(f"**{mark}**" for mark in marks)]))
    with st.expander(t("settings.all_choices", lang)):
        rows = [
            {
                t("settings.col.choice", lang): entry.label,
                t("settings.col.download", lang): entry.download_gb,
                t("settings.col.memory", lang): entry.memory_gb,
                t("settings.col.answer", lang): rounded_seconds(speed.answer_seconds(entry.model_gb)),
                t("settings.col.installed", lang): installed[entry],
            }
            for entry in CATALOGUE
        ]
        st.dataframe(rows, hide_index=True, width="stretch")
