"""Damaged model files are refused with a message: never a signal death of the process using them."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import gguf
import pytest

from tests.support.cli import run_tutor
from tests.unit.test_validate import rewrite
from tutor_app.config import load_settings
from tutor_app.errors import ModelFileError
from tutor_app.model import probe
from tutor_app.model.local import LocalBackend

F32, U32, I32 = gguf.GGUFValueType.FLOAT32, gguf.GGUFValueType.UINT32, gguf.GGUFValueType.INT32
LM, VISION = 0, 1
POSITIVE = "; it must be a number above zero."

pytestmark = pytest.mark.slow

# (file, {setting: (value, type)}, what the message says): the values llama.cpp asserts on.
EDITS = [
    (LM, {"qwen3vl.attention.layer_norm_rms_epsilon": (-0.25, F32)}, "`qwen3vl.attention.layer_norm_rms_epsilon` = -0.25" + POSITIVE),
    (LM, {"qwen3vl.attention.layer_norm_rms_epsilon": (math.nan, F32)}, "`qwen3vl.attention.layer_norm_rms_epsilon` = nan" + POSITIVE),
    (LM, {"qwen3vl.attention.layer_norm_rms_epsilon": (0.0, F32)}, "`qwen3vl.attention.layer_norm_rms_epsilon` = 0.0" + POSITIVE),
    (LM, {"qwen3vl.rope.freq_base": (math.inf, F32)}, "`qwen3vl.rope.freq_base` = inf" + POSITIVE),
    (LM, {"qwen3vl.rope.dimension_sections": ([0, 0, 0, 0], I32)}, "has rope sections [0, 0, 0, 0] that do not fit its head size 16"),
    (LM, {"qwen3vl.rope.dimension_sections": ([8, 4, 4, 0], I32)}, "has rope sections [8, 4, 4, 0] that do not fit its head size 16"),
    (LM, {"qwen3vl.attention.head_count_kv": (3, U32)}, "has impossible sizes (embedding 64, 4 heads, 3 key-value heads"),
    (LM, {"qwen3vl.attention.head_count_kv": (0, U32)}, "has impossible sizes (embedding 64, 4 heads, 0 key-value heads"),
    (LM, {"qwen3vl.feed_forward_length": (0, U32)}, "feed-forward 0"),
    (LM, {"qwen3vl.context_length": (0, U32)}, "context 0)"),
    (LM, {"qwen3vl.attention.head_count": (0, U32)}, "0 heads"),
    (VISION, {"clip.vision.patch_size": (7, U32)}, "has images of 64 px in patches of 7 px, which do not tile in 2x2 groups"),
    (VISION, {"clip.vision.patch_size": (8, U32)}, "has tensor v.patch_embd.weight of shape [16, 16, 3, 32], which does not match its settings (patch size 8, width 32)"),
    (VISION, {"clip.vision.spatial_merge_size": (3, U32)}, "has `clip.vision.spatial_merge_size` = 3; Qwen3-VL merges 2x2 patches"),
    (VISION, {"clip.vision.embedding_length": (64, U32)}, "has tensor v.patch_embd.weight of shape [16, 16, 3, 32], which does not match its settings (patch size 16, width 64)"),
    (VISION, {"clip.vision.image_size": (0, U32)}, "has images of 0 px in patches of 16 px"),
    (VISION, {"clip.vision.attention.layer_norm_epsilon": (-1.0, F32)}, "`clip.vision.attention.layer_norm_epsilon` = -1.0" + POSITIVE),
    (VISION, {"clip.vision.attention.layer_norm_epsilon": (math.nan, F32)}, "`clip.vision.attention.layer_norm_epsilon` = nan" + POSITIVE),
    (VISION, {"clip.vision.image_std": ([0.0, 0.0, 0.0], F32)}, "needs three finite `clip.vision.image_std` values other than zero"),
    (VISION, {"clip.vision.image_mean": ([math.nan, 0.5, 0.5], F32)}, "needs three finite `clip.vision.image_mean` values"),
]


@pytest.mark.parametrize(("which", "values", "message"), EDITS, ids=[f"{list(e[1])[0]}={list(e[1].values())[0][0]}" for e in EDITS])
def test_each_value_llama_cpp_asserts_on_is_refused(
    tiny_model_files: tuple[Path, Path], tmp_path: Path, which: int, values: dict, message: str
) -> None:
    files = list(tiny_model_files)
    files[which] = rewrite(files[which], tmp_path / "edited.gguf", set_values=values)
    result = run_tutor("solve", "-p", "Hi", "-m", str(files[0]), "--mmproj", str(files[1]), "-n", "1",
                       str(Path(__file__).parents[2] / "sample_problems" / "class" / "ben_page1.png"),
                       data_dir=tmp_path / "data")
    assert result.returncode == 2, result.stderr  # a signal death would be negative (SIGABRT: -6)
    assert result.stdout == ""
    role = ("model", "mmproj")[which]
    assert result.stderr.startswith(f"tutor: The {role} file {files[which]} ")
    assert message in result.stderr


def test_a_pair_that_loads_and_answers_is_probed_once(tiny_model_files: tuple[Path, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    model, mmproj = tiny_model_files
    probe.probe_model(settings, model, mmproj)

    def no_second_probe(*args: object, **kwargs: object) -> None:
        raise AssertionError("the probe ran again for an unchanged pair")

    monkeypatch.setattr(probe.subprocess, "run", no_second_probe)
    probe.probe_model(settings, model, mmproj)
    # Another size or modification time is another file, tried again.
    monkeypatch.setattr(probe, "_stamp", lambda path: [str(path), 0, 0] if path else [None])
    with pytest.raises(AssertionError, match="the probe ran again"):
        probe.probe_model(settings, model, mmproj)


def test_a_crash_while_trying_the_model_is_a_message_and_this_process_stays_up(
    tiny_model_files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pair that passes every header check but makes llama.cpp abort: stood in for by a child that loads a
    file with a negative epsilon in llama.cpp itself, past our checks, and dies of llama.cpp's own assertion."""
    model, mmproj = tiny_model_files
    damaged = rewrite(model, tmp_path / "damaged.gguf",
                      set_values={"qwen3vl.attention.layer_norm_rms_epsilon": (-0.25, F32)})
    crash = ("import sys; from llama_cpp import Llama; "
             "Llama(model_path=sys.argv[1], n_ctx=256, verbose=False).create_completion('Hi', max_tokens=1)")
    monkeypatch.setattr(probe, "_command", lambda *args: [sys.executable, "-c", crash, str(damaged)])
    backend = LocalBackend(load_settings(), model, mmproj)
    with pytest.raises(ModelFileError) as err:
        backend.load()
    # llama.cpp follows the assertion with a debugger's backtrace attempt; the message keeps the assertion.
    assert str(err.value) == (
        f"This model file is damaged: {model} (with the vision encoder {mmproj}) passed the header checks, "
        "but llama.cpp crashed (SIGABRT) while loading it and answering a test question "
        "(GGML_ASSERT(eps >= 0.0f) failed). Download it again with `tutor model download`, or pick another file."
    )
    assert (backend.status().state, backend.status().message) == ("error", str(err.value))
    assert err.value.said("zh") == (
        f"这个模型文件已损坏：{model}（及视觉编码器 {mmproj}） 通过了文件头检查，但在加载并回答测试问题时 "
        "llama.cpp 崩溃了（SIGABRT）（GGML_ASSERT(eps >= 0.0f) failed）。请用 `tutor model download` 重新下载，或选择别的文件。"
    )
