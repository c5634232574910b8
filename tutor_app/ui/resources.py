"""Process-wide resources shared by every session: settings and the model."""

from __future__ import annotations

import streamlit as st

from tutor_app.config import Settings, config_path, load_settings


def _config_stamp() -> float:
    path = config_path()
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False)
def _settings_at(stamp: float) -> Settings:
    return load_settings()


def settings() -> Settings:
    """The settings in force, re-read when the config file changes."""
    return _settings_at(_config_stamp())
