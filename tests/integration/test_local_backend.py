"""The local backend on the tiny model with the real llama.cpp."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from tutor_app.config import load_settings
from tutor_app.errors import (
    BackendError,
    ModelFileError,
    ModelNotFoundError,
    QueueFullError,
)
from tutor_app.model.ask import ask
from tutor_app.model.backends import close_backend, get_backend
from tutor_app.model.base import ChatRequest, Message, Sampling
from tutor_app.model.local import BackendStatus, LocalBackend
from tutor_app.model.openai import OpenAIBackend
from tutor_app.model.tiny import make_tiny_model

SCHEMA = {"type": "object", "properties": {"answer": {"type": "integer"}}, "required": ["answer"]}


def sampling(max_tokens: int = 16, **extra: object) -> Sampling:
    return Sampling.from_preset("vision", max_tokens=max_tokens, seed=7, **extra)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.005)


@pytest.fixture(scope="module")
def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def backend(tiny_model_files: tuple[Path, Path], data_dir: Path) -> Iterator[LocalBackend]:
    model, mmproj = tiny_model_files
    local = LocalBackend(load_settings(), model, mmproj)
    yield local
    local.close()


def printable(text: str) -> bool:
    return bool(text) and all(32 <= ord(c) < 127 for c in text)


def test_image_and_text_chat_streams_text(backend: LocalBackend, photo: bytes) -> None:
    chunks = list(ask(backend, "What colour is this?", [photo], sampling=sampling()))
    assert len(chunks) > 1
    assert printable("".join(chunks))
    assert backend.status() == BackendStatus("ready", "tiny-qwen3vl is ready.", 1.0)


def test_text_only_chat_with_system_prompt(backend: LocalBackend) -> None:
    answer = "".join(ask(backend, "What is 2 + 2?", system="Be brief.", sampling=sampling()))
    assert printable(answer)


def test_json_schema_answer_parses(backend: LocalBackend, photo: bytes) -> None:
    answer = "".join(ask(backend, "Answer in JSON.", [photo], sampling=sampling(96, json_schema=SCHEMA)))
    parsed = json.loads(answer)
    assert list(parsed) == ["answer"]
    assert isinstance(parsed["answer"], int)


def test_same_seed_same_answer(backend: LocalBackend, photo: bytes) -> None:
    first = "".join(ask(backend, "Describe it.", [photo], sampling=sampling(24)))
    second = "".join(ask(backend, "Describe it.", [photo], sampling=sampling(24)))
    assert first == second


def test_cancel_stops_the_answer(backend: LocalBackend, photo: bytes) -> None:
    cancel = threading.Event()
    chunks = []
    for chunk in ask(backend, "Talk at length.", [photo], sampling=sampling(500), cancel=cancel):
        chunks.append(chunk)
        cancel.set()
    assert len(chunks) == 1
    assert printable("".join(ask(backend, "Again.", sampling=sampling())))


def test_cancel_while_waiting_gives_nothing(backend: LocalBackend) -> None:
    first = ask(backend, "Hold the line.", sampling=sampling(200))
    next(first)
    cancel = threading.Event()
    result: list[list[str]] = []
    waiter = threading.Thread(
        target=lambda: result.append(list(ask(backend, "Me next.", sampling=sampling(), cancel=cancel)))
    )
    waiter.start()
    wait_until(lambda: len(backend.queue) == 2)
    cancel.set()
    waiter.join(30)
    first.close()
    assert result == [[]]
    assert len(backend.queue) == 0


def test_queue_serves_in_order_and_reports_places(backend: LocalBackend) -> None:
    served: list[str] = []
    places: dict[str, list[int]] = {name: [] for name in "ABC"}
    release = {name: threading.Event() for name in "ABC"}
    answered: dict[str, str] = {}

    def student(name: str) -> None:
        stream = ask(backend, f"Question {name}", sampling=sampling(8), on_wait=places[name].append)
        first = next(stream)
        served.append(name)
        release[name].wait(30)
        answered[name] = first + "".join(stream)

    holder = ask(backend, "Teacher first.", sampling=sampling(200))
    next(holder)
    threads = []
    for n, name in enumerate("ABC", start=1):
        threads.append(threading.Thread(target=student, args=(name,)))
        threads[-1].start()
        wait_until(lambda n=n: len(backend.queue) == n + 1)
    wait_until(lambda: places["C"] == [3])
    holder.close()
    wait_until(lambda: served == ["A"] and places["C"] == [3, 2])
    release["A"].set()
    wait_until(lambda: served == ["A", "B"] and places["C"] == [3, 2, 1])
    release["B"].set()
    wait_until(lambda: served == ["A", "B", "C"])
    release["C"].set()
    for thread in threads:
        thread.join(30)
    assert places == {"A": [1, 0], "B": [2, 1, 0], "C": [3, 2, 1, 0]}
    assert all(printable(answered[name]) for name in "ABC")
    assert backend.loads == 1


def test_full_queue_is_refused(tiny_model_files: tuple[Path, Path]) -> None:
    local = LocalBackend(load_settings(queue_limit=1), *tiny_model_files)
    try:
        holder = ask(local, "First.", sampling=sampling(200))
        next(holder)
        waiter = threading.Thread(target=lambda: list(ask(local, "Second.", sampling=sampling())))
        waiter.start()
        wait_until(lambda: len(local.queue) == 2)
        with pytest.raises(QueueFullError, match=r"^1 requests are already waiting for the model"):
            list(ask(local, "Third.", sampling=sampling()))
        holder.close()
        waiter.join(30)
    finally:
        local.close()


def test_one_load_for_many_requests_from_many_threads(backend: LocalBackend, photo: bytes) -> None:
    answers: list[str] = []
    lock = threading.Lock()

    def session() -> None:
        for i in range(4):
            images = [photo] if i % 2 else []
            text = "".join(ask(backend, f"Question {i}", images, sampling=sampling(8)))
            with lock:
                answers.append(text)

    threads = [threading.Thread(target=session) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == 12
    assert all(printable(a) for a in answers)
    assert backend.loads == 1


def test_background_load_reports_progress(backend: LocalBackend) -> None:
    assert backend.status() == BackendStatus("idle", "The model loads with the first question.")
    steps: list[tuple[float, str]] = []
    loader = threading.Thread(target=backend.load, kwargs={"progress": lambda f, m: steps.append((f, m))})
    loader.start()
    answer = "".join(ask(backend, "Hello", sampling=sampling()))
    loader.join(30)
    assert printable(answer)
    assert steps == [
        (0.0, "Checking the model files"),
        (0.05, "Trying the model in a separate process"),
        (0.1, "Loading tiny-qwen3vl.gguf"),
        (0.7, "Loading mmproj-tiny-qwen3vl.gguf"),
        (1.0, "tiny-qwen3vl is ready."),
    ]
    assert backend.loads == 1
    assert backend.info is not None and backend.info.n_embd == 64


def test_llama_output_goes_to_the_log_not_the_terminal(
    backend: LocalBackend, photo: bytes, data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    answer = "".join(ask(backend, "Quiet please.", [photo], sampling=sampling()))
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")
    assert printable(answer)
    log = (data_dir / "logs" / "llama.log").read_text()
    assert "llama_model_loader: loaded meta data" in log
    assert "clip_model_loader" in log


def test_context_overflow_gets_advice(tiny_model_files: tuple[Path, Path]) -> None:
    local = LocalBackend(load_settings(n_ctx=512), *tiny_model_files)
    try:
        with pytest.raises(BackendError, match=r"do not fit in the model's context window \(512 tokens\)") as err:
            list(ask(local, "x " * 600, sampling=sampling()))
        assert err.value.said("zh").startswith("问题和图片放不进模型的上下文窗口（512 个词元）。")
        assert printable("".join(ask(local, "Short one.", sampling=sampling())))
    finally:
        local.close()


def test_images_need_the_mmproj(tiny_model_files: tuple[Path, Path], photo: bytes) -> None:
    local = LocalBackend(load_settings(), tiny_model_files[0], None)
    try:
        assert printable("".join(ask(local, "Text is fine.", sampling=sampling())))
        with pytest.raises(BackendError, match=r"loaded without its vision encoder \(mmproj\)") as err:
            list(ask(local, "What is this?", [photo], sampling=sampling()))
        assert err.value.said("zh").startswith("这个模型加载时没有视觉编码器（mmproj）")
    finally:
        local.close()


def test_closed_backend_refuses(backend: LocalBackend) -> None:
    backend.close()
    assert backend.status().state == "closed"
    request = ChatRequest((Message("user", "Hello"),), sampling=sampling())
    with pytest.raises(BackendError, match=r"This model was unloaded"):
        list(backend.stream(request))


def _truncated(folder: Path, model: Path, mmproj: Path) -> tuple[Path, Path]:
    cut = folder / "cut.gguf"
    cut.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    return cut, mmproj


def _text_file(folder: Path, model: Path, mmproj: Path) -> tuple[Path, Path]:
    fake = folder / "notes.gguf"
    fake.write_text("These are my notes, not a model.\n")
    return fake, mmproj


def _narrow_mmproj(folder: Path, model: Path, mmproj: Path) -> tuple[Path, Path]:
    return model, make_tiny_model(folder, out_width=48)[1]


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (_truncated, ModelFileError, r"The model file .*cut\.gguf is cut short or damaged"),
        (lambda f, m, p: (p, p), ModelFileError, r"is a `clip` model, not `qwen3vl`"),
        (lambda f, m, p: (m, m), ModelFileError, r"The mmproj file .* is a `qwen3vl` file"),
        (_narrow_mmproj, ModelFileError, r"makes 96-wide image features but the model takes 128"),
        (_text_file, ModelFileError, r"notes\.gguf is not a GGUF model file"),
        (lambda f, m, p: (f / "gone.gguf", p), ModelNotFoundError, r"gone\.gguf does not exist"),
    ],
)
def test_bad_files_are_refused_and_the_process_lives_on(
    tmp_path: Path,
    tiny_model_files: tuple[Path, Path],
    make: Callable[[Path, Path, Path], tuple[Path, Path]],
    error: type[Exception],
    message: str,
) -> None:
    model, mmproj = make(tmp_path, *tiny_model_files)
    bad = LocalBackend(load_settings(), model, mmproj)
    with pytest.raises(error, match=message):
        list(ask(bad, "Hello", sampling=sampling()))
    assert bad.status().state == "error"
    assert bad.loads == 0
    good = LocalBackend(load_settings(), *tiny_model_files)
    try:
        assert printable("".join(ask(good, "Still here?", sampling=sampling())))
    finally:
        good.close()
        bad.close()


def test_get_backend_is_shared_and_switching_files_closes_the_old(
    tmp_path: Path, tiny_model_files: tuple[Path, Path]
) -> None:
    model, mmproj = tiny_model_files
    try:
        first = get_backend(load_settings(model=model, mmproj=mmproj))
        assert get_backend(load_settings(model=model, mmproj=mmproj)) is first
        assert printable("".join(ask(first, "Hi", sampling=sampling())))
        other_model, other_mmproj = make_tiny_model(tmp_path)
        second = get_backend(load_settings(model=other_model, mmproj=other_mmproj))
        assert second is not first
        assert isinstance(second, LocalBackend)
        assert first.status().state == "closed"
        assert printable("".join(ask(second, "Hi", sampling=sampling())))
        remote = get_backend(load_settings(backend="openai", openai_url="http://127.0.0.1:9/v1"))
        assert isinstance(remote, OpenAIBackend)
        assert second.status().state == "closed"
    finally:
        close_backend()


def test_settings_that_need_no_reload_keep_the_loaded_model(
    tmp_path: Path, tiny_model_files: tuple[Path, Path]
) -> None:
    """The queue limit and the data folder change in place; only runtime parameters reload the model."""
    model, mmproj = tiny_model_files
    try:
        first = get_backend(load_settings(model=model, mmproj=mmproj))
        first.load()
        same = get_backend(load_settings(model=model, mmproj=mmproj, queue_limit=3, data_dir=tmp_path))
        assert same is first
        assert (first.queue.limit, first.loads, first.status().state) == (3, 1, "ready")
        reloaded = get_backend(load_settings(model=model, mmproj=mmproj, n_ctx=1024))
        assert reloaded is not first
        assert first.status().state == "closed"
    finally:
        close_backend()


def test_get_backend_without_model_files_says_what_to_do() -> None:
    with pytest.raises(ModelNotFoundError, match=r"No Qwen3-VL model files in .*tutor model download"):
        get_backend(load_settings())
