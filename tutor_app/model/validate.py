"""Check a Qwen3-VL GGUF pair before llama.cpp sees it.

llama.cpp aborts the whole process (GGML_ASSERT, segfault) on some bad files, so
everything it would trip over is read here first with the ``gguf`` package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf

from tutor_app.errors import ModelFileError, ModelNotFoundError
from tutor_app.i18n import Text

GGUF_MAGIC = b"GGUF"
LANGUAGE_ARCH = "qwen3vl"
VISION_ARCH = "clip"
PROJECTOR = "qwen3vl_merger"
# Qwen3-VL merges 2x2 patches of the vision encoder into one image token.
MERGE = 2
# Ends most messages: what to do about a damaged or unsuitable file.
HINT = Text("validate.hint")

MODEL_BLOCK_TENSORS = (
    "attn_norm",
    "attn_q",
    "attn_k",
    "attn_v",
    "attn_output",
    "attn_q_norm",
    "attn_k_norm",
    "ffn_norm",
    "ffn_gate",
    "ffn_up",
    "ffn_down",
)
VISION_BLOCK_TENSORS = ("ln1", "attn_qkv", "attn_out", "ln2", "ffn_up", "ffn_down")
VISION_TENSORS = (
    "v.patch_embd.weight",
    "v.patch_embd.weight.1",
    "v.patch_embd.bias",
    "v.position_embd.weight",
    "mm.0.weight",
    "mm.0.bias",
    "mm.2.weight",
    "mm.2.bias",
)


@dataclass(frozen=True)
class ModelInfo:
    """What the header of a checked model pair says."""

    model: Path
    mmproj: Path | None
    architecture: str
    name: str
    n_embd: int
    block_count: int
    context_length: int
    n_head: int
    n_deepstack_layers: int
    n_vocab: int
    model_bytes: int
    mmproj_bytes: int
    vision_block_count: int
    mmproj_width: int

    @property
    def has_vision(self) -> bool:
        """Whether an mmproj was checked with the model."""
        return self.mmproj is not None


class _Header:
    """The metadata and tensor list of one GGUF file."""

    def __init__(self, path: Path, role: str) -> None:
        self.path = path
        self.role = role
        # "model" or "mmproj" in the message's language.
        self.named = _named(role)
        self.size = _check_file(path, role)
        try:
            reader = gguf.GGUFReader(path)
        # The reader parses untrusted bytes; any failure means a damaged file.
        except (ValueError, IndexError, KeyError, OverflowError, TypeError, UnicodeDecodeError) as exc:
            raise ModelFileError(key="validate.damaged", role=self.named, path=path, error=exc, hint=HINT) from exc
        self.fields = reader.fields
        self.tensors = {
            t.name: (t.data_offset, t.n_bytes, [int(n) for n in t.shape]) for t in reader.tensors
        }
        # Drop the memory map now: on Windows an open map locks the file.
        del reader
        for name, (offset, n_bytes, _shape) in self.tensors.items():
            if offset + n_bytes > self.size:
                raise ModelFileError(key="validate.cut_short", role=self.named, path=path, name=name,
                                     end=f"{offset + n_bytes:,}", size=f"{self.size:,}", hint=HINT)

    def value(self, key: str, *, required: bool = True) -> object:
        field = self.fields.get(key)
        if field is None:
            if required:
                raise ModelFileError(key="validate.lacks", role=self.named, path=self.path, key_name=key, hint=HINT)
            return None
        try:
            return field.contents()
        except (ValueError, IndexError, UnicodeDecodeError) as exc:
            raise ModelFileError(key="validate.unreadable", role=self.named, path=self.path, key_name=key,
                                 hint=HINT) from exc

    def require(self, *keys: str) -> None:
        for key in keys:
            self.value(key)

    def integer(self, key: str, *, required: bool = True, default: int = 0) -> int:
        value = self.value(key, required=required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise ModelFileError(key="validate.not_whole", role=self.named, path=self.path, key_name=key,
                                 value=repr(value), hint=HINT)
        return value

    def positive(self, key: str, *, required: bool = True) -> float | None:
        """A finite number above zero (llama.cpp asserts on the rest), or None if absent and optional."""
        value = self.value(key, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise ModelFileError(key="validate.not_positive", role=self.named, path=self.path, key_name=key,
                                 value=repr(value), hint=HINT)
        return value

    def shape(self, name: str) -> list[int]:
        """The dimensions of tensor ``name``, innermost first."""
        return self.tensors[name][2]

    def require_tensors(self, names: list[str]) -> None:
        missing = [name for name in names if name not in self.tensors]
        if missing:
            shown = ", ".join(missing[:5]) + (f", … (+{len(missing) - 5})" if len(missing) > 5 else "")
            raise ModelFileError(key="validate.missing_tensors", role=self.named, path=self.path, shown=shown,
                                 hint=HINT)


def _named(role: str) -> Text:
    return Text(f"validate.role.{role}")


def _check_file(path: Path, role: str) -> int:
    if not path.exists():
        raise ModelNotFoundError(key="validate.no_file", role=_named(role), path=path)
    if not path.is_file():
        raise ModelFileError(key=f"validate.folder.{role}", path=path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ModelFileError(key="validate.cannot_read", role=_named(role), path=path, reason=exc.strerror) from exc
    if magic != GGUF_MAGIC:
        raise ModelFileError(key=f"validate.not_gguf.{role}", path=path)
    return path.stat().st_size


def _check_language_model(header: _Header) -> dict[str, Any]:
    """Check the language model; return the ModelInfo fields it gives."""
    arch = header.value("general.architecture")
    if arch != LANGUAGE_ARCH:
        why = Text("validate.why.is_mmproj" if arch == VISION_ARCH else "validate.why.qwen_only")
        raise ModelFileError(key="validate.arch_model", path=header.path, arch=arch, expected=LANGUAGE_ARCH, why=why)
    key = LANGUAGE_ARCH + "."
    n_embd = header.integer(key + "embedding_length")
    block_count = header.integer(key + "block_count")
    n_head = header.integer(key + "attention.head_count")
    context_length = header.integer(key + "context_length")
    n_head_kv = header.integer(key + "attention.head_count_kv")
    n_ff = header.integer(key + "feed_forward_length")
    header.positive(key + "attention.layer_norm_rms_epsilon")
    header.positive(key + "rope.freq_base", required=False)
    header.require("tokenizer.ggml.merges")
    n_deepstack = header.integer(key + "n_deepstack_layers", required=False)
    if (
        min(n_head, n_embd, block_count, n_head_kv, n_ff, context_length) <= 0
        or n_embd % n_head
        or n_head % n_head_kv
    ):
        raise ModelFileError(key="validate.sizes", path=header.path, n_embd=n_embd, n_head=n_head,
                             n_head_kv=n_head_kv, n_ff=n_ff, blocks=block_count, context=context_length, hint=HINT)
    head_dim = header.integer(key + "attention.key_length", required=False, default=n_embd // n_head)
    sections = header.value(key + "rope.dimension_sections")
    if (
        not isinstance(sections, list)
        or len(sections) < 4
        or any(not isinstance(n, int) or n < 0 for n in sections)
        or not 0 < sum(sections[:4]) <= head_dim // 2
        or head_dim % 2
    ):
        raise ModelFileError(key="validate.rope", path=header.path, sections=repr(sections), head_dim=head_dim,
                             hint=HINT)
    if not 0 <= n_deepstack < block_count:
        raise ModelFileError(key="validate.deepstack", path=header.path, n=n_deepstack, blocks=block_count,
                             hint=HINT)
    tokens = header.value("tokenizer.ggml.tokens")
    names = ["token_embd.weight", "output_norm.weight"]
    names += [f"blk.{i}.{part}.weight" for i in range(block_count) for part in MODEL_BLOCK_TENSORS]
    header.require_tensors(names)
    return {
        "name": str(header.value("general.name", required=False) or header.path.stem),
        "n_embd": n_embd,
        "block_count": block_count,
        "n_head": n_head,
        "context_length": context_length,
        "n_deepstack_layers": n_deepstack,
        "n_vocab": len(tokens) if isinstance(tokens, list) else 0,
    }


def _check_mmproj(header: _Header) -> tuple[int, int]:
    """Check the vision encoder; return its block count and output width."""
    arch = header.value("general.architecture")
    if arch != VISION_ARCH:
        raise ModelFileError(key="validate.arch_mmproj_lm" if arch == LANGUAGE_ARCH else "validate.arch_mmproj",
                             path=header.path, arch=arch)
    if header.value("clip.has_vision_encoder", required=False) is not True:
        raise ModelFileError(key="validate.no_vision", path=header.path)
    projector = header.value("clip.projector_type")
    if projector != PROJECTOR:
        raise ModelFileError(key="validate.projector", path=header.path, projector=projector, expected=PROJECTOR)
    key = "clip.vision."
    for name in ("feed_forward_length", "projection_dim"):
        header.integer(key + name)
    image_size = header.integer(key + "image_size")
    patch = header.integer(key + "patch_size")
    merge = header.integer(key + "spatial_merge_size", required=False, default=MERGE)
    n_embd = header.integer(key + "embedding_length")
    n_head = header.integer(key + "attention.head_count")
    blocks = header.integer(key + "block_count")
    header.positive(key + "attention.layer_norm_epsilon")
    for name in ("image_mean", "image_std"):
        values = header.value(key + name)
        if (
            not isinstance(values, list)
            or len(values) < 3
            or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)
            or (name == "image_std" and 0 in values)
        ):
            raise ModelFileError(key="validate.image_std" if name == "image_std" else "validate.image_mean",
                                 path=header.path, key_name=key + name, hint=HINT)
    if merge != MERGE:
        raise ModelFileError(key="validate.merge", path=header.path, key_name=key + "spatial_merge_size", merge=merge,
                             expected=MERGE, hint=HINT)
    if patch <= 0 or image_size <= 0 or image_size % (patch * merge):
        raise ModelFileError(key="validate.tiling", path=header.path, size=image_size, patch=patch, merge=merge,
                             hint=HINT)
    if n_head <= 0 or n_embd % n_head or (n_embd // n_head) % 4:
        raise ModelFileError(key="validate.vision_heads", path=header.path, n_head=n_head, n_embd=n_embd, hint=HINT)
    names = list(VISION_TENSORS)
    names += [
        f"v.blk.{i}.{part}.{kind}"
        for i in range(blocks)
        for part in VISION_BLOCK_TENSORS
        for kind in ("weight", "bias")
    ]
    deepstack = sorted(
        {
            int(parts[2])
            for parts in (name.split(".") for name in header.tensors)
            if parts[:2] == ["v", "deepstack"] and len(parts) > 2 and parts[2].isdigit()
        }
    )
    names += [
        f"v.deepstack.{i}.{part}.{kind}"
        for i in deepstack
        for part in ("norm", "fc1", "fc2")
        for kind in ("weight", "bias")
    ]
    header.require_tensors(names)
    _check_vision_shapes(header, patch, n_embd, merge)
    positions = header.shape("v.position_embd.weight")
    n_positions = positions[1] if len(positions) > 1 else 0
    if n_positions <= 0 or math.isqrt(n_positions) ** 2 != n_positions:
        raise ModelFileError(key="validate.positions", path=header.path, n=n_positions, hint=HINT)
    out_width = header.tensors["mm.2.bias"][2][0]
    return blocks, out_width * (1 + len(deepstack))


def _check_vision_shapes(header: _Header, patch: int, n_embd: int, merge: int) -> None:
    """The tensors must have the sizes the settings say: llama.cpp trusts the settings."""
    expected = {
        "v.patch_embd.weight": [patch, patch, 3, n_embd],
        "v.position_embd.weight": [n_embd],
        "v.blk.0.attn_qkv.weight": [n_embd, 3 * n_embd],
        "mm.0.weight": [n_embd * merge * merge],
    }
    for name, dims in expected.items():
        shape = header.shape(name)
        if shape[: len(dims)] != dims:
            raise ModelFileError(key="validate.shape", path=header.path, name=name, shape=shape, patch=patch,
                                 n_embd=n_embd, hint=HINT)


def validate_model_files(model: Path, mmproj: Path | None) -> ModelInfo:
    """Check the language model (and mmproj, if given) and describe them; raise ModelFileError."""
    lm = _Header(Path(model), "model")
    facts = _check_language_model(lm)
    vision_blocks = width = mmproj_bytes = 0
    if mmproj is not None:
        vision = _Header(Path(mmproj), "mmproj")
        vision_blocks, width = _check_mmproj(vision)
        mmproj_bytes = vision.size
        expected = facts["n_embd"] * (1 + facts["n_deepstack_layers"])
        if width != expected:
            raise ModelFileError(key="validate.mismatch", mmproj=mmproj, model=model, width=width, expected=expected)
    return ModelInfo(
        model=Path(model),
        mmproj=Path(mmproj) if mmproj is not None else None,
        architecture=LANGUAGE_ARCH,
        model_bytes=lm.size,
        mmproj_bytes=mmproj_bytes,
        vision_block_count=vision_blocks,
        mmproj_width=width,
        **facts,
    )
