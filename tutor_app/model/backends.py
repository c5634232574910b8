"""The one backend this process uses, chosen by the settings."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Hashable

from tutor_app.config import Settings
from tutor_app.model.base import Backend
from tutor_app.model.locate import locate_model_files

_lock = threading.Lock()
_current: dict[str, object] = {"key": None, "backend": None}


def _key(settings: Settings) -> Hashable:
    """What, when it changes, needs a new backend (for local: new model files or runtime).

    Nothing else belongs here: a new key closes the model and reads it from disk again.
    """
    if settings.backend == "openai":
        return (
            "openai",
            settings.openai_url,
            settings.openai_model,
            settings.openai_api_key,
            settings.request_timeout,
            settings.parallel_requests,
        )
    model, mmproj = locate_model_files(settings)
    return (
        "local",
        model.resolve(),
        mmproj.resolve(),
        settings.n_ctx,
        settings.n_threads,
        settings.n_gpu_layers,
        settings.flash_attn,
        settings.prefix_cache_mb,
    )


def _build(settings: Settings, key: Hashable) -> Backend:
    if settings.backend == "openai":
        from tutor_app.model.openai import OpenAIBackend

        return OpenAIBackend(settings)
    from tutor_app.model.local import LocalBackend

    _, model, mmproj, *_ = key
    return LocalBackend(settings, model, mmproj)


def get_backend(settings: Settings) -> Backend:
    """The process-wide backend for ``settings``; other model files replace (and close) the old one."""
    key = _key(settings)
    with _lock:
        if _current["key"] == key:
            backend = _current["backend"]
            adopt = getattr(backend, "adopt", None)
            if adopt is not None:
                adopt(settings)
            return backend
        old = _current["backend"]
        backend = _build(settings, key)
        _current.update(key=key, backend=backend)
    # Outside the lock: closing waits for the answer in progress to finish.
    _close(old)
    return backend


def close_backend() -> None:
    """Close and forget the process-wide backend (at exit, and between tests)."""
    with _lock:
        old = _current["backend"]
        _current.update(key=None, backend=None)
    _close(old)


def _close(backend: object) -> None:
    close = getattr(backend, "close", None)
    if close is not None:
        close()


# llama.cpp prints errors if the interpreter tears the model down by itself.
atexit.register(close_backend)
