"""GGUF checks run before llama.cpp sees a file: every bad file gets its own message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gguf
import pytest

from tutor_app.errors import ModelFileError, ModelNotFoundError
from tutor_app.model.tiny import make_tiny_model
from tutor_app.model.validate import ModelInfo, validate_model_files


def rewrite(
    src: Path,
    dst: Path,
    *,
    drop_tensors: tuple[str, ...] = (),
    set_values: dict[str, tuple[Any, gguf.GGUFValueType]] | None = None,
    drop_values: tuple[str, ...] = (),
) -> Path:
    """Copy a GGUF file with some settings or tensors changed or left out."""
    reader = gguf.GGUFReader(src)
    arch = reader.fields["general.architecture"].contents()
    if "general.architecture" in (set_values or {}):
        arch = set_values["general.architecture"][0]
    writer = gguf.GGUFWriter(dst, arch)
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture" or key in drop_values:
            continue
        if key in (set_values or {}):
            continue
        sub_type = field.types[-1] if field.types[0] == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), field.types[0], sub_type=sub_type)
    for key, (value, vtype) in (set_values or {}).items():
        if isinstance(value, list):
            writer.add_key_value(key, value, gguf.GGUFValueType.ARRAY, sub_type=vtype)
        elif key != "general.architecture":
            writer.add_key_value(key, value, vtype)
    for tensor in reader.tensors:
        if tensor.name not in drop_tensors:
            writer.add_tensor(tensor.name, tensor.data.copy())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return dst


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_tiny_model(tmp_path_factory.mktemp("pair"))


def test_tiny_pair_is_described(pair: tuple[Path, Path]) -> None:
    model, mmproj = pair
    info = validate_model_files(model, mmproj)
    assert info == ModelInfo(
        model=model,
        mmproj=mmproj,
        architecture="qwen3vl",
        name="tiny-qwen3vl",
        n_embd=64,
        block_count=2,
        context_length=8192,
        n_head=4,
        n_deepstack_layers=1,
        n_vocab=270,
        model_bytes=model.stat().st_size,
        mmproj_bytes=mmproj.stat().st_size,
        vision_block_count=2,
        mmproj_width=128,
    )
    assert info.has_vision


def test_model_alone_is_accepted(pair: tuple[Path, Path]) -> None:
    info = validate_model_files(pair[0], None)
    assert (info.mmproj, info.mmproj_bytes, info.mmproj_width, info.has_vision) == (None, 0, 0, False)


def test_tiny_model_is_deterministic(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    again = make_tiny_model(tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in pair]


def test_missing_file(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    with pytest.raises(ModelNotFoundError, match=r"The model file .*nothing\.gguf does not exist"):
        validate_model_files(tmp_path / "nothing.gguf", pair[1])
    with pytest.raises(ModelNotFoundError, match=r"The mmproj file .*nothing\.gguf does not exist"):
        validate_model_files(pair[0], tmp_path / "nothing.gguf")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"is not a GGUF model file"),
        (b"hello, I am a text file\n" * 10, r"is not a GGUF model file"),
        (b"GGUF", r"is cut short or damaged"),
        (b"GGUF\x03\x00\x00\x00" + b"\xff" * 40, r"is cut short or damaged"),
    ],
)
def test_not_a_gguf(tmp_path: Path, pair: tuple[Path, Path], content: bytes, message: str) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(content)
    with pytest.raises(ModelFileError, match=r"The model file .*bad\.gguf " + message):
        validate_model_files(bad, pair[1])


def test_folder_is_refused(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    with pytest.raises(ModelFileError, match=r"is a folder, not a GGUF file"):
        validate_model_files(tmp_path, pair[1])


@pytest.mark.parametrize("keep", [0.01, 0.3, 0.5, 0.9, 0.999])
@pytest.mark.parametrize("which", [0, 1])
def test_truncated(tmp_path: Path, pair: tuple[Path, Path], keep: float, which: int) -> None:
    data = pair[which].read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(data[: int(len(data) * keep)])
    files = [pair[0], pair[1]]
    files[which] = cut
    role = ("model", "mmproj")[which]
    with pytest.raises(ModelFileError, match=rf"The {role} file .*cut\.gguf is cut short"):
        validate_model_files(*files)


def test_files_swapped(pair: tuple[Path, Path]) -> None:
    with pytest.raises(ModelFileError, match=r"is a `clip` model, not `qwen3vl`\. This is a vision encoder"):
        validate_model_files(pair[1], pair[0])
    swapped = r"is a `qwen3vl` file, not a vision encoder .* This is a language model"
    with pytest.raises(ModelFileError, match=swapped):
        validate_model_files(pair[0], pair[0])


S, U32, I32 = gguf.GGUFValueType.STRING, gguf.GGUFValueType.UINT32, gguf.GGUFValueType.INT32
MISSING = r"is missing tensors llama\.cpp needs: "


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"set_values": {"general.architecture": ("llama", S)}},
            r"is a `llama` model, not `qwen3vl`\. tutor_app runs Qwen3-VL-Instruct models only",
        ),
        ({"drop_values": ("qwen3vl.embedding_length",)}, r"lacks the setting `qwen3vl\.embedding_length`"),
        ({"drop_values": ("tokenizer.ggml.merges",)}, r"lacks the setting `tokenizer\.ggml\.merges`"),
        (
            {"set_values": {"qwen3vl.n_deepstack_layers": (2, U32)}},
            r"says 2 deepstack layers but has only 2 blocks",
        ),
        (
            {"set_values": {"qwen3vl.rope.dimension_sections": ([8, 4, 4, 4], I32)}},
            r"has rope sections \[8, 4, 4, 4\] that do not fit its head size 16",
        ),
        (
            {"set_values": {"qwen3vl.block_count": ("two", S)}},
            r"has `qwen3vl\.block_count` = 'two', not a whole number",
        ),
        ({"drop_tensors": ("blk.1.ffn_up.weight",)}, MISSING + r"blk\.1\.ffn_up\.weight\."),
        (
            {"drop_tensors": ("token_embd.weight", "blk.0.attn_q.weight")},
            MISSING + r"token_embd\.weight, blk\.0\.attn_q\.weight\.",
        ),
    ],
)
def test_bad_language_model(tmp_path: Path, pair: tuple[Path, Path], change: dict, message: str) -> None:
    bad = rewrite(pair[0], tmp_path / "bad.gguf", **change)
    with pytest.raises(ModelFileError, match=r"The model file .*bad\.gguf " + message):
        validate_model_files(bad, pair[1])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"set_values": {"clip.projector_type": ("qwen2.5vl_merger", S)}},
            r"is for `qwen2\.5vl_merger` models, not Qwen3-VL",
        ),
        ({"drop_values": ("clip.has_vision_encoder",)}, r"has no vision encoder in it"),
        ({"drop_values": ("clip.vision.image_mean",)}, r"lacks the setting `clip\.vision\.image_mean`"),
        (
            {"set_values": {"clip.vision.attention.head_count": (16, U32)}},
            r"has 16 heads for width 32; Qwen3-VL needs a head size that is a multiple of 4",
        ),
        ({"drop_tensors": ("v.patch_embd.weight.1",)}, MISSING + r"v\.patch_embd\.weight\.1\."),
        ({"drop_tensors": ("v.deepstack.0.fc2.bias",)}, MISSING + r"v\.deepstack\.0\.fc2\.bias\."),
        ({"drop_tensors": ("mm.2.weight",)}, MISSING + r"mm\.2\.weight\."),
    ],
)
def test_bad_mmproj(tmp_path: Path, pair: tuple[Path, Path], change: dict, message: str) -> None:
    bad = rewrite(pair[1], tmp_path / "bad.gguf", **change)
    with pytest.raises(ModelFileError, match=r"The mmproj file .*bad\.gguf " + message):
        validate_model_files(pair[0], bad)


def test_mmproj_of_the_wrong_width(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    _, narrow = make_tiny_model(tmp_path, out_width=48)
    with pytest.raises(
        ModelFileError,
        match=r"does not belong to the model .*: it makes 96-wide image features but the model takes 128\.",
    ):
        validate_model_files(pair[0], narrow)


def test_mmproj_without_deepstack_does_not_fit(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    names = [f"v.deepstack.0.{part}.{kind}" for part in ("norm", "fc1", "fc2") for kind in ("weight", "bias")]
    bad = rewrite(pair[1], tmp_path / "bad.gguf", drop_tensors=tuple(names))
    with pytest.raises(ModelFileError, match=r"makes 64-wide image features but the model takes 128"):
        validate_model_files(pair[0], bad)


def test_model_file_errors_are_said_in_chinese(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    """The Settings page in Chinese says what is wrong with a model file in Chinese, down to the hint."""
    with pytest.raises(ModelNotFoundError) as missing:
        validate_model_files(pair[0], tmp_path / "nothing.gguf")
    assert missing.value.said("zh") == (
        f"视觉编码器（mmproj）文件 {tmp_path / 'nothing.gguf'} 不存在。请检查路径，或运行 `tutor model download` 下载模型。"
    )
    bad = rewrite(pair[0], tmp_path / "bad.gguf",
                  set_values={"qwen3vl.attention.layer_norm_rms_epsilon": (-0.25, gguf.GGUFValueType.FLOAT32)})
    with pytest.raises(ModelFileError) as negative:
        validate_model_files(bad, pair[1])
    assert negative.value.said("zh") == (
        f"模型文件 {bad} 的 `qwen3vl.attention.layer_norm_rms_epsilon` = -0.25；它必须是大于零的数。"
        "请用 `tutor model download` 重新下载，或选择别的文件。"
    )
    assert str(negative.value) == (
        f"The model file {bad} has `qwen3vl.attention.layer_norm_rms_epsilon` = -0.25; it must be a number above "
        "zero. Download it again with `tutor model download`, or pick another file."
    )
