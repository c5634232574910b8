"""Downloading model files: disk check, offline, and real transfers from a loopback hub."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tutor_app.cli import main
from tutor_app.errors import DownloadError
from tutor_app.model import download
from tutor_app.model.catalogue import CatalogueEntry, find_entry, manual_steps
from tutor_app.model.download import check_disk_space, download_model, part_path

GB = 1024**3
# A real entry's names with sizes small enough for a test transfer.
ENTRY = CatalogueEntry(
    size="2B", quant="Q4_K_M", mmproj_quant="F16", model_gb=1e-4, mmproj_gb=1e-4, memory_gb=1.0
)
MODEL_BYTES = bytes(range(256)) * 300
MMPROJ_BYTES = b"mmproj" * 5000


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Hub:
    """A loopback stand-in for the hub's `/{repo}/resolve/main/{file}` endpoint."""

    def __init__(self) -> None:
        self.files = {
            f"/{ENTRY.repo}/resolve/main/{ENTRY.model_file}": MODEL_BYTES,
            f"/{ENTRY.repo}/resolve/main/{ENTRY.mmproj_file}": MMPROJ_BYTES,
        }
        self.requests: list[tuple[str, str | None]] = []
        self.cut_after: int | None = None
        self.honour_range = True
        self.status: int | None = None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                hub.requests.append((self.path.rsplit("/", 1)[-1], self.headers.get("Range")))
                body = hub.files.get(self.path)
                if hub.status is not None or body is None:
                    self.send_error(hub.status or 404)
                    return
                start = 0
                if hub.honour_range and self.headers.get("Range"):
                    start = int(self.headers["Range"].removeprefix("bytes=").rstrip("-"))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                if hub.cut_after is not None:
                    # Drop the connection mid-file, once.
                    self.wfile.write(body[start : start + hub.cut_after])
                    hub.cut_after = None
                    self.close_connection = True
                    return
                self.wfile.write(body[start:])

        return Handler


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    """A running loopback hub that HF_ENDPOINT points at."""
    fake = Hub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(download, "_RETRY_PAUSE_S", 0.0)
    yield fake
    server.shutdown()
    server.server_close()
    thread.join()


def test_downloads_both_files_with_progress(hub, tmp_path):
    seen: list[tuple[str, int, int | None]] = []
    model, mmproj = download_model(ENTRY, tmp_path / "models", progress=lambda *a: seen.append(a))
    assert model.read_bytes() == MODEL_BYTES
    assert mmproj.read_bytes() == MMPROJ_BYTES
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == sorted(
        [ENTRY.model_file, ENTRY.mmproj_file]
    )
    assert hub.requests == [(ENTRY.model_file, None), (ENTRY.mmproj_file, None)]
    assert seen[-1] == (ENTRY.mmproj_file, len(MMPROJ_BYTES), len(MMPROJ_BYTES))
    model_progress = [done for name, done, _ in seen if name == ENTRY.model_file]
    assert model_progress[-1] == len(MODEL_BYTES)
    assert model_progress == sorted(model_progress)


def test_resumes_a_partial_file(hub, tmp_path):
    target = tmp_path / ENTRY.model_file
    part_path(target).write_bytes(MODEL_BYTES[:1000])
    download_model(ENTRY, tmp_path)
    assert target.read_bytes() == MODEL_BYTES
    assert not part_path(target).exists()
    assert hub.requests[0] == (ENTRY.model_file, "bytes=1000-")


def test_connection_dropped_mid_file_is_resumed(hub, tmp_path):
    hub.cut_after = 5000
    model, _ = download_model(ENTRY, tmp_path)
    assert model.read_bytes() == MODEL_BYTES
    assert hub.requests[:2] == [(ENTRY.model_file, None), (ENTRY.model_file, "bytes=5000-")]


def test_server_that_ignores_range_restarts_the_file(hub, tmp_path):
    hub.honour_range = False
    part_path(tmp_path / ENTRY.model_file).write_bytes(b"stale bytes")
    model, _ = download_model(ENTRY, tmp_path)
    assert model.read_bytes() == MODEL_BYTES


def test_present_files_are_not_fetched_again(hub, tmp_path):
    (tmp_path / ENTRY.model_file).write_bytes(b"already here")
    download_model(ENTRY, tmp_path)
    assert (tmp_path / ENTRY.model_file).read_bytes() == b"already here"
    assert hub.requests == [(ENTRY.mmproj_file, None)]


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (
            404,
            f"Qwen/Qwen3-VL-2B-Instruct-GGUF has no file {ENTRY.model_file} "
            "(the catalogue may be out of date)",
        ),
        (401, "the hub refused access (the repository may be gated: log in with `hf auth login`)"),
        (503, "the hub answered HTTP 503"),
    ],
)
def test_hub_errors(hub, tmp_path, status, why):
    hub.status = status
    with pytest.raises(DownloadError) as err:
        download_model(ENTRY, tmp_path)
    assert str(err.value) == (
        f"Cannot download {ENTRY.model_file}: {why}.\n" + manual_steps(ENTRY, tmp_path).said("en")
    )


def test_cancel_keeps_the_part_file(hub, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadError) as err:
        download_model(ENTRY, tmp_path, cancel=cancel)
    assert str(err.value) == (
        f"Download of {ENTRY.model_file} cancelled; 0.00 GB kept, run the download again to resume."
    )
    assert part_path(tmp_path / ENTRY.model_file).exists()
    assert not (tmp_path / ENTRY.model_file).exists()


def test_offline_fails_fast_with_the_manual_steps(tmp_path, monkeypatch):
    port = _closed_port()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    entry = find_entry("2B", "Q4_K_M")
    monkeypatch.setattr(
        shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(100 * GB, 0, 100 * GB)
    )
    with pytest.raises(DownloadError) as err:
        download_model(entry, tmp_path)
    message = str(err.value)
    assert message.startswith(
        f"Cannot download 2B Q4_K_M (mmproj F16): no connection to http://127.0.0.1:{port} ("
    )
    assert message.endswith("this computer seems to be offline.\n" + manual_steps(entry, tmp_path).said("en"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("variable", ["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"])
def test_offline_mode_is_respected(tmp_path, monkeypatch, variable):
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv(variable, "1")
    with pytest.raises(DownloadError) as err:
        download_model(ENTRY, tmp_path)
    assert str(err.value) == (
        "Cannot download 2B Q4_K_M (mmproj F16): offline mode is on (HF_HUB_OFFLINE is set).\n"
        + manual_steps(ENTRY, tmp_path).said("en")
    )


def _free(monkeypatch: pytest.MonkeyPatch, free_gb: float) -> None:
    usage = shutil._ntuple_diskusage(500 * GB, 500 * GB - int(free_gb * GB), int(free_gb * GB))
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage)


def test_not_enough_disk_is_refused_before_any_request(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    _free(monkeypatch, 5.0)
    with pytest.raises(DownloadError) as err:
        download_model(find_entry("8B", "Q4_K_M"), tmp_path)
    assert str(err.value) == (
        f"Not enough free disk space in {tmp_path}: 8B Q4_K_M (mmproj F16) needs about "
        "7.3 GB and 5.0 GB is free. Free some space, or set TUTOR_MODEL_DIR to a folder "
        "on a larger disk."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("free_gb", "present", "partial_gb", "fits"),
    [
        (7.4, [], 0, True),
        (7.2, [], 0, False),
        # Only the missing mmproj counts once the model is there.
        (2.0, ["model"], 0, True),
        (1.5, ["model"], 0, False),
        # A partial download needs only its rest.
        (4.0, [], 3.5, True),
        (0.0, ["model", "mmproj"], 0, True),
    ],
)
def test_disk_check_counts_only_what_is_missing(
    tmp_path, monkeypatch, free_gb, present, partial_gb, fits
):
    entry = find_entry("8B", "Q4_K_M")
    model, mmproj = entry.paths(tmp_path)
    for name in present:
        {"model": model, "mmproj": mmproj}[name].write_bytes(b"x")
    if partial_gb:
        with part_path(model).open("wb") as part:
            part.truncate(int(partial_gb * GB))
    _free(monkeypatch, free_gb)
    if fits:
        check_disk_space(entry, tmp_path)
    else:
        with pytest.raises(DownloadError):
            check_disk_space(entry, tmp_path)


# `tutor model` end to end, in-process so the disk check can be steered.


def test_cli_download_fetches_and_checks_the_pair(
    hub, tiny_model_files, tmp_path, monkeypatch, capsys
):
    model, mmproj = tiny_model_files
    hub.files = {
        f"/{ENTRY.repo}/resolve/main/{ENTRY.model_file}": model.read_bytes(),
        f"/{ENTRY.repo}/resolve/main/{ENTRY.mmproj_file}": mmproj.read_bytes(),
    }
    monkeypatch.setenv("TUTOR_MODEL_DIR", str(tmp_path))
    _free(monkeypatch, 100)
    assert main(["model", "download", "--size", "2B"]) == 0
    out, err = capsys.readouterr()
    assert out == f"{tmp_path / ENTRY.model_file}\n{tmp_path / ENTRY.mmproj_file}\n"
    assert err.startswith(
        f"tutor: downloading 2B Q4_K_M (mmproj F16) (about 1.9 GB) into {tmp_path}\n"
    )
    assert (tmp_path / ENTRY.model_file).read_bytes() == model.read_bytes()


def test_cli_ensure_offline_exits_2_with_the_manual_steps(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("TUTOR_MODEL_SIZE", "4B")
    monkeypatch.setenv("TUTOR_MODEL_DIR", str(tmp_path))
    _free(monkeypatch, 100)
    assert main(["model", "ensure"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "this computer seems to be offline.\n" in err
    assert err.endswith(manual_steps(find_entry("4B", "Q4_K_M"), tmp_path).said("en") + "\n")


def test_cli_ensure_with_files_present(tiny_model_files, monkeypatch, capsys):
    model, mmproj = tiny_model_files
    monkeypatch.setenv("TUTOR_MODEL", str(model))
    assert main(["model", "ensure"]) == 0
    assert capsys.readouterr().err == f"tutor: model files present: {model} and {mmproj}\n"


def test_cli_check(tiny_model_files, capsys):
    model, mmproj = tiny_model_files
    assert main(["model", "check", "-m", str(model), "--mmproj", str(mmproj)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (out[0], out[2], out[-1]) == (
        f"model:  {model}",
        f"mmproj: {mmproj}",
        "OK: both files are whole, belong together, and llama.cpp loads them and answers.",
    )


def test_cli_check_refuses_a_mismatched_pair(tiny_model_files, capsys):
    model, _ = tiny_model_files
    assert main(["model", "check", "-m", str(model), "--mmproj", str(model)]) == 2
    assert capsys.readouterr().err.startswith("tutor: ")


def test_cli_list(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_MODEL_DIR", str(tmp_path))
    (tmp_path / "Qwen3VL-4B-Instruct-Q8_0.gguf").write_bytes(b"GGUF")
    part_path(tmp_path / "Qwen3VL-2B-Instruct-F16.gguf").write_bytes(b"GG")
    assert main(["model", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Models folder: {tmp_path}"
    rows = {line[2:28].strip(): line[50:] for line in lines[5:23]}
    assert len(rows) == 18
    assert rows["4B Q8_0 (mmproj F16)"] == "model only"
    assert rows["2B F16 (mmproj Q8_0)"] == "partly downloaded"
    assert rows["8B F16 (mmproj F16)"] == "no"
    assert sum(line.startswith("* ") for line in lines) == 1
    assert lines[-6].startswith(
        "In use: none yet. Get the recommended files with: tutor model download"
    )
    assert lines[-5] == "To install the model by hand: on a machine with internet, download"


def test_download_errors_are_said_in_the_page_language(tmp_path, monkeypatch):
    """A Settings page in Chinese says why a download failed, and how to install by hand, in Chinese."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(DownloadError) as err:
        download_model(ENTRY, tmp_path)
    assert err.value.said("zh") == (
        "无法下载 2B Q4_K_M (mmproj F16)：离线模式已打开（设置了 HF_HUB_OFFLINE）。\n"
        "手动安装模型：在能上网的电脑上下载\n"
        f"  https://huggingface.co/Qwen/Qwen3-VL-2B-Instruct-GGUF/resolve/main/{ENTRY.model_file}\n"
        f"  https://huggingface.co/Qwen/Qwen3-VL-2B-Instruct-GGUF/resolve/main/{ENTRY.mmproj_file}\n"
        f"再把这两个文件复制到 {tmp_path}\n（或把 TUTOR_MODEL 和 TUTOR_MMPROJ 设为它们所在的位置）。"
    )
