"""Serve the model to other laptops with llama-cpp-python's OpenAI-compatible server."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tutor_app.config import Settings
from tutor_app.errors import BackendError, ConfigError
from tutor_app.model.hardware import detect_hardware
from tutor_app.model.locate import locate_model_files
from tutor_app.model.validate import validate_model_files

if TYPE_CHECKING:
    from llama_cpp.server.settings import ModelSettings, ServerSettings

# llama_cpp.server builds an MTMDChatHandler from `clip_model_path` for this
# format; the handler reads Qwen3-VL's chat template from the GGUF itself.
CHAT_FORMAT = "mtmd"


def _server_modules():
    try:
        import uvicorn
        from llama_cpp.server.app import create_app
        from llama_cpp.server.settings import ModelSettings, ServerSettings
    except ImportError as exc:
        raise BackendError(
            f"`tutor serve` needs llama-cpp-python's server extra ({exc.name} is missing). "
            "Install it with: pip install 'llama-cpp-python[server]'"
        ) from exc
    return uvicorn, create_app, ModelSettings, ServerSettings


def server_settings(
    settings: Settings, model: Path, mmproj: Path, host: str, port: int
) -> tuple[ServerSettings, ModelSettings]:
    """llama_cpp.server's settings for serving ``model`` + ``mmproj`` as our Settings say."""
    _, _, model_settings_cls, server_settings_cls = _server_modules()
    threads = settings.n_threads or detect_hardware().physical_cores
    model_settings = model_settings_cls(
        model=str(model),
        model_alias=settings.openai_model,
        clip_model_path=str(mmproj),
        chat_format=CHAT_FORMAT,
        n_ctx=settings.n_ctx,
        n_threads=threads,
        n_threads_batch=threads,
        n_gpu_layers=settings.n_gpu_layers,
        flash_attn=settings.flash_attn,
        verbose=False,
    )
    server = server_settings_cls(
        host=host,
        port=port,
        api_key=settings.openai_api_key or None,
        # Its default lets every new request cut off the answer being streamed;
        # in a classroom each student must get a whole answer, in turn.
        interrupt_requests=False,
    )
    return server, model_settings


def check_port_free(host: str, port: int) -> None:
    """Refuse a host/port this machine cannot listen on, before the model loads."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(f"Cannot listen on {host!r}: unknown address ({exc}).") from exc
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(
                f"Cannot listen on {host}:{port} ({exc.strerror}). Another program may be "
                "using the port: choose another with --port."
            ) from exc


def run_server(
    settings: Settings, host: str, port: int, announce: Callable[[str], None] | None = None
) -> None:
    """Validate the model files, then serve them until interrupted; ``announce`` hears when."""
    model, mmproj = locate_model_files(settings)
    validate_model_files(model, mmproj)
    check_port_free(host, port)
    uvicorn, create_app, _, _ = _server_modules()
    server, model_settings = server_settings(settings, model, mmproj, host, port)
    app = create_app(server_settings=server, model_settings=[model_settings])
    if announce is not None:
        announce(f"serving {model.name} + {mmproj.name} on http://{host}:{port}/v1")
    uvicorn.run(app, host=host, port=port, log_level="warning")
