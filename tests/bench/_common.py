"""Pieces the model benchmarks share: a photo-like test image and the bare llama-cpp-python baseline."""

from __future__ import annotations

from pathlib import Path

from tutor_app.config import Settings
from tutor_app.measure.bench import photo as noise_photo
from tutor_app.model.local import physical_cores


def photo(seed: int = 0) -> bytes:
    """A 640x480 photo-like JPEG, as these benchmarks have always used (`tutor bench` uses 1024x768)."""
    return noise_photo((640, 480), seed)


def bare_llama(model: Path, mmproj: Path, settings: Settings, n_ctx: int):
    """The same model opened straight through llama-cpp-python, as a script would, with the app's runtime settings."""
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import MTMDChatHandler

    threads = settings.n_threads or physical_cores()
    return Llama(
        model_path=str(model),
        chat_handler=MTMDChatHandler(clip_model_path=str(mmproj), verbose=False),
        n_ctx=n_ctx,
        n_threads=threads,
        n_threads_batch=threads,
        n_gpu_layers=settings.n_gpu_layers,
        flash_attn=settings.flash_attn,
        verbose=False,
    )
