"""`tutor serve`: server settings, and refusals before any model is loaded."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import run_tutor
from tutor_app.config import load_settings
from tutor_app.errors import ConfigError
from tutor_app.model.hardware import detect_hardware
from tutor_app.model.server import CHAT_FORMAT, check_port_free, server_settings


def run_serve(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """Run `tutor serve` in its own process and collect what it printed."""
    return run_tutor("serve", *args, data_dir=data_dir)


def test_server_settings_follow_our_settings(tiny_model_files):
    model, mmproj = tiny_model_files
    settings = load_settings(n_ctx=4096, n_threads=3, n_gpu_layers=0, flash_attn=False)
    server, llama = server_settings(settings, model, mmproj, "0.0.0.0", 9000)
    assert (server.host, server.port, server.api_key, server.interrupt_requests) == (
        "0.0.0.0",
        9000,
        None,
        False,
    )
    assert llama.model == str(model)
    assert llama.clip_model_path == str(mmproj)
    assert llama.chat_format == CHAT_FORMAT == "mtmd"
    assert llama.model_alias == "qwen3-vl"
    assert (llama.n_ctx, llama.n_threads, llama.n_threads_batch) == (4096, 3, 3)
    assert (llama.n_gpu_layers, llama.flash_attn, llama.verbose) == (0, False, False)


def test_server_settings_defaults(tiny_model_files):
    model, mmproj = tiny_model_files
    settings = load_settings(openai_api_key="k", openai_model="tutor")
    server, llama = server_settings(settings, model, mmproj, "127.0.0.1", 8080)
    cores = detect_hardware().physical_cores
    assert (server.api_key, llama.model_alias) == ("k", "tutor")
    assert (llama.n_ctx, llama.n_threads, llama.n_gpu_layers, llama.flash_attn) == (
        8192,
        cores,
        -1,
        True,
    )


def test_busy_port_is_refused():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ConfigError) as err:
            check_port_free("127.0.0.1", port)
    assert str(err.value) == (
        f"Cannot listen on 127.0.0.1:{port} (Address already in use). Another program may be "
        "using the port: choose another with --port."
    )


def test_unknown_host_is_refused():
    with pytest.raises(ConfigError) as err:
        check_port_free("no-such-host.invalid", 8080)
    assert str(err.value).startswith("Cannot listen on 'no-such-host.invalid': unknown address (")


def _broken_copies(folder: Path, model: Path, mmproj: Path) -> dict[str, tuple[Path, Path]]:
    truncated = folder / "truncated.gguf"
    truncated.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    not_gguf = folder / "notes.gguf"
    not_gguf.write_text("these are not model weights")
    return {
        "truncated model": (truncated, mmproj),
        "not a GGUF file": (not_gguf, mmproj),
        "mmproj as the model": (mmproj, mmproj),
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", ["truncated model", "not a GGUF file", "mmproj as the model"])
def test_bad_model_files_are_refused_before_loading(tiny_model_files, tmp_path, case):
    model, mmproj = _broken_copies(tmp_path, *tiny_model_files)[case]
    result = run_serve("-m", str(model), "--mmproj", str(mmproj), data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("tutor: ")
    assert str(model) in result.stderr
    assert "Traceback" not in result.stderr
    assert "serving" not in result.stderr


@pytest.mark.slow
def test_missing_model_says_how_to_get_one(tmp_path):
    result = run_serve(data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"tutor: No Qwen3-VL model files in {tmp_path / 'models'}. Run `tutor model download"
    )


@pytest.mark.slow
def test_busy_port_stops_serve_before_loading(tiny_model_files, tmp_path):
    model, mmproj = tiny_model_files
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_serve("--port", str(port), "-m", str(model), data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"tutor: Cannot listen on 127.0.0.1:{port} (Address already in use). Another program "
        "may be using the port: choose another with --port.\n"
    )
