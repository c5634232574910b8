"""`tutor serve`: server settings, and refusals before any model is loaded."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run_tutor
from tutor_app.config import load_settings
from tutor_app.errors import ConfigError
from tutor_app.model.server import CHAT_FORMAT, check_port_free, llama_server_command, server_settings


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
    # Counted from the kernel's CPU topology, not with the code under test: one thread per core.
    topology = list(Path("/sys/devices/system/cpu").glob("cpu[0-9]*/topology"))
    cores = len({((t / "physical_package_id").read_text(), (t / "core_id").read_text()) for t in topology})
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


def _stub_llama_server(folder: Path) -> Path:
    """A `llama-server` on PATH that records its arguments and exits, standing in for llama.cpp's."""
    folder.mkdir()
    stub = folder / "llama-server"
    stub.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(folder / 'argv.json')!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    stub.chmod(0o755)
    return stub


@pytest.mark.slow
def test_llama_server_on_path_is_used_with_parallel_slots(tiny_model_files, tmp_path):
    model, mmproj = tiny_model_files
    stub = _stub_llama_server(tmp_path / "bin")
    env = {**os.environ, "PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}", "TUTOR_N_THREADS": "2"}
    result = run_tutor("serve", "--parallel", "3", "-m", str(model), "--mmproj", str(mmproj), "--port", "0",
                       data_dir=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads((stub.parent / "argv.json").read_text()) == [
        "--model", str(model), "--mmproj", str(mmproj), "--host", "127.0.0.1", "--port", "0",
        "--alias", "qwen3-vl", "--parallel", "3", "--ctx-size", str(8192 * 3), "--threads", "2",
        "--n-gpu-layers", "999",
    ]
    assert f"tutor: serving {model.name} + {mmproj.name} with {stub} on http://127.0.0.1:0/v1" in result.stderr
    assert "and TUTOR_CONCURRENCY=3" in result.stderr


def test_llama_server_engine_without_it_on_path_says_how_to_get_it(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}
    result = run_tutor("serve", "--engine", "llama-server", data_dir=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr == (
        "tutor: `llama-server` is not on PATH. Build llama.cpp (it makes bin/llama-server) and add "
        "its folder to PATH, or use --engine python.\n"
    )


def test_llama_server_command_passes_the_api_key_and_gpu_layers(tiny_model_files):
    model, mmproj = tiny_model_files
    settings = load_settings(openai_api_key="secret", n_gpu_layers=20, n_threads=4, n_ctx=4096)
    command = llama_server_command(settings, "llama-server", model, mmproj, "0.0.0.0", 8080, 8)
    assert command[-6:] == ["--threads", "4", "--n-gpu-layers", "20", "--api-key", "secret"]
    assert command[command.index("--ctx-size") + 1] == str(4096 * 8)
