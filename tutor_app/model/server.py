"""Serve the model to other laptops: llama.cpp's `llama-server` when installed, else llama-cpp-python's server."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tutor_app.config import Settings
from tutor_app.errors import BackendError, ConfigError
from tutor_app.model.hardware import physical_cores
from tutor_app.model.locate import locate_model_files
from tutor_app.model.validate import validate_model_files

if TYPE_CHECKING:
    from llama_cpp.server.settings import ModelSettings, ServerSettings

# llama_cpp.server builds an MTMDChatHandler from `clip_model_path` for this
# format; the handler reads Qwen3-VL's chat template from the GGUF itself.
CHAT_FORMAT = "mtmd"
LLAMA_SERVER = "llama-server"
ENGINES = ("auto", "llama-server", "python")
# llama-server's way of saying "every layer"; it reads -1 differently across versions.
_ALL_LAYERS = 999


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
    threads = settings.n_threads or physical_cores()
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


def llama_server_command(
    settings: Settings, exe: str, model: Path, mmproj: Path, host: str, port: int, parallel: int
) -> list[str]:
    """The `llama-server` command line that serves ``model`` + ``mmproj`` with ``parallel`` slots."""
    threads = settings.n_threads or physical_cores()
    layers = _ALL_LAYERS if settings.n_gpu_layers < 0 else settings.n_gpu_layers
    command = [
        exe,
        "--model", str(model),
        "--mmproj", str(mmproj),
        "--host", host,
        "--port", str(port),
        "--alias", settings.openai_model,
        "--parallel", str(parallel),
        # The context is shared by the slots: each student keeps the window a laptop would give.
        "--ctx-size", str(settings.n_ctx * parallel),
        "--threads", str(threads),
        "--n-gpu-layers", str(layers),
    ]
    if settings.openai_api_key:
        command += ["--api-key", settings.openai_api_key]
    return command


def find_llama_server(engine: str) -> str | None:
    """The `llama-server` executable to use for ``engine``, or None for llama-cpp-python's server."""
    if engine not in ENGINES:
        raise ConfigError(f"Unknown server engine {engine!r}; use one of {', '.join(ENGINES)}.")
    if engine == "python":
        return None
    exe = shutil.which(LLAMA_SERVER)
    if exe is None and engine == LLAMA_SERVER:
        raise ConfigError(
            f"`{LLAMA_SERVER}` is not on PATH. Build llama.cpp (it makes bin/{LLAMA_SERVER}) and add "
            "its folder to PATH, or use --engine python."
        )
    return exe


def run_server(
    settings: Settings,
    host: str,
    port: int,
    announce: Callable[[str, int], None] | None = None,
    *,
    engine: str = "auto",
    parallel: int = 1,
) -> int:
    """Validate the model files, then serve them until interrupted; ``announce`` hears when, and how many slots."""
    exe = find_llama_server(engine)
    model, mmproj = locate_model_files(settings)
    validate_model_files(model, mmproj)
    check_port_free(host, port)
    if exe is not None:
        if announce is not None:
            announce(f"serving {model.name} + {mmproj.name} with {exe} on http://{host}:{port}/v1", parallel)
        process = subprocess.Popen(llama_server_command(settings, exe, model, mmproj, host, port, parallel))
        try:
            return process.wait()
        finally:
            # Ctrl+C reaches llama-server too; this covers every other way out.
            if process.poll() is None:
                process.terminate()
                process.wait()
    uvicorn, create_app, _, _ = _server_modules()
    server, model_settings = server_settings(settings, model, mmproj, host, port)
    app = create_app(server_settings=server, model_settings=[model_settings])
    if announce is not None:
        # llama-cpp-python's server answers one request at a time, whatever --parallel says.
        announce(
            f"serving {model.name} + {mmproj.name} on http://{host}:{port}/v1 with llama-cpp-python, "
            f"one request at a time (put llama.cpp's `{LLAMA_SERVER}` on PATH for parallel slots)",
            1,
        )
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
