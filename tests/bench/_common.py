"""Pieces the model benchmarks share: a photo-like test image and the bare llama-cpp-python baseline."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from tutor_app.config import Settings
from tutor_app.model.local import physical_cores


def photo(seed: int = 0) -> bytes:
    """A 640x480 photo-like JPEG: the size a phone photo of a problem has after preparation."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (480, 640, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


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
