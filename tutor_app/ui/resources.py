"""Process-wide resources shared by every session: settings and the model."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import streamlit as st

from tutor_app.config import Settings, config_path, load_settings_leniently
from tutor_app.errors import ConfigError, TutorError
from tutor_app.i18n import Text
from tutor_app.mathcheck import warm_up
from tutor_app.model.backends import get_backend
from tutor_app.model.base import Backend
from tutor_app.tutoring.wait import WaitEstimate


@dataclass(frozen=True)
class ModelStatus:
    """What the header shows: missing, loading, ready, error or remote, with a message."""

    state: str
    message: str
    progress: float = 0.0
    # The message as a Text or TutorError, to be said in the page's language.
    said: Text | TutorError | None = None


def _config_stamp() -> float:
    path = config_path()
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False)
def _settings_at(stamp: float) -> tuple[Settings, ConfigError | None]:
    return load_settings_leniently()


def settings() -> Settings:
    """The settings in force, re-read when the config file changes; invalid ones at their defaults."""
    return _settings_at(_config_stamp())[0]


def settings_problem() -> str | None:
    """Which settings are invalid (and so at their defaults), or None."""
    problem = _settings_at(_config_stamp())[1]
    return str(problem) if problem else None


def backend() -> Backend:
    """The process-wide model backend for the settings in force (raises TutorError)."""
    return get_backend(settings())


@st.cache_resource(show_spinner=False)
def _loader(backend_id: int, _backend: Backend) -> threading.Thread:
    thread = threading.Thread(target=_load_quietly, args=(_backend,), daemon=True, name="model-load")
    thread.start()
    return thread


def _load_quietly(backend: Backend) -> None:
    try:
        backend.load()
    except TutorError:
        # The backend keeps the message in its status; the header shows it.
        pass


def model_status() -> ModelStatus:
    """Where the model stands; starts loading a local model in the background once."""
    current = settings()
    if current.backend == "openai":
        return ModelStatus("remote", current.openai_url)
    try:
        model = backend()
    except TutorError as exc:
        return ModelStatus("missing", str(exc), said=exc)
    if not hasattr(model, "load"):
        # A backend without a load step (not the local one) is ready as soon as it exists.
        return ModelStatus("ready", "")
    _loader(id(model), model)
    status = model.status()
    state = {"idle": "loading", "closed": "loading"}.get(status.state, status.state)
    return ModelStatus(state, status.message, status.progress, status.said)


@st.cache_resource(show_spinner=False)
def warm_up_checker() -> threading.Thread:
    """Start the CAS workers in the background, once per process, so the first check is quick."""
    thread = threading.Thread(target=_warm_up_quietly, daemon=True, name="cas-warm-up")
    thread.start()
    return thread


def _warm_up_quietly() -> None:
    try:
        warm_up()
    except RuntimeError:
        # A worker that cannot start is reported by the first check that needs it.
        pass


@st.cache_resource(show_spinner=False)
def wait_estimate() -> WaitEstimate:
    """How long answers take lately, shared by every session of this process."""
    return WaitEstimate()
