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

GGUF_MAGIC = b"GGUF"
LANGUAGE_ARCH = "qwen3vl"
VISION_ARCH = "clip"
PROJECTOR = "qwen3vl_merger"
# Qwen3-VL merges 2x2 patches of the vision encoder into one image token.
MERGE = 2
DOWNLOAD_HINT = "Download it again with `tutor model download`, or pick another file."

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
        self.size = _check_file(path, role)
        try:
            reader = gguf.GGUFReader(path)
        # The reader parses untrusted bytes; any failure means a damaged file.
        except (ValueError, IndexError, KeyError, OverflowError, TypeError, UnicodeDecodeError) as exc:
            raise ModelFileError(
                f"The {role} file {path} is cut short or damaged ({exc}). {DOWNLOAD_HINT}"
            ) from exc
        self.fields = reader.fields
        self.tensors = {
            t.name: (t.data_offset, t.n_bytes, [int(n) for n in t.shape]) for t in reader.tensors
        }
        # Drop the memory map now: on Windows an open map locks the file.
        del reader
        for name, (offset, n_bytes, _shape) in self.tensors.items():
            if offset + n_bytes > self.size:
                raise ModelFileError(
                    f"The {role} file {path} is cut short: tensor {name} ends at byte "
                    f"{offset + n_bytes:,} but the file has {self.size:,} bytes. {DOWNLOAD_HINT}"
                )

    def value(self, key: str, *, required: bool = True) -> object:
        field = self.fields.get(key)
        if field is None:
            if required:
                raise ModelFileError(
                    f"The {self.role} file {self.path} lacks the setting `{key}`; it was not "
                    f"converted for Qwen3-VL. {DOWNLOAD_HINT}"
                )
            return None
        try:
            return field.contents()
        except (ValueError, IndexError, UnicodeDecodeError) as exc:
            raise ModelFileError(
                f"The {self.role} file {self.path} has an unreadable setting `{key}`. {DOWNLOAD_HINT}"
            ) from exc

    def require(self, *keys: str) -> None:
        for key in keys:
            self.value(key)

    def integer(self, key: str, *, required: bool = True, default: int = 0) -> int:
        value = self.value(key, required=required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise ModelFileError(
                f"The {self.role} file {self.path} has `{key}` = {value!r}, not a whole number. "
                f"{DOWNLOAD_HINT}"
            )
        return value

    def positive(self, key: str, *, required: bool = True) -> float | None:
        """A finite number above zero (llama.cpp asserts on the rest), or None if absent and optional."""
        value = self.value(key, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise ModelFileError(
                f"The {self.role} file {self.path} has `{key}` = {value!r}; it must be a number above "
                f"zero. {DOWNLOAD_HINT}"
            )
        return value

    def shape(self, name: str) -> list[int]:
        """The dimensions of tensor ``name``, innermost first."""
        return self.tensors[name][2]

    def require_tensors(self, names: list[str]) -> None:
        missing = [name for name in names if name not in self.tensors]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise ModelFileError(
                f"The {self.role} file {self.path} is missing tensors llama.cpp needs: {shown}. "
                f"{DOWNLOAD_HINT}"
            )


def _check_file(path: Path, role: str) -> int:
    if not path.exists():
        raise ModelNotFoundError(
            f"The {role} file {path} does not exist. Check the path, or run "
            "`tutor model download` to fetch the model."
        )
    if not path.is_file():
        raise ModelFileError(key=f"validate.folder.{role}", path=path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ModelFileError(f"Could not read the {role} file {path}: {exc.strerror}.") from exc
    if magic != GGUF_MAGIC:
        raise ModelFileError(key=f"validate.not_gguf.{role}", path=path)
    return path.stat().st_size


def _check_language_model(header: _Header) -> dict[str, Any]:
    """Check the language model; return the ModelInfo fields it gives."""
    arch = header.value("general.architecture")
    if arch != LANGUAGE_ARCH:
        hint = (
            " This is a vision encoder (mmproj): pass it as the mmproj, not the model."
            if arch == VISION_ARCH
            else " tutor_app runs Qwen3-VL-Instruct models only."
        )
        raise ModelFileError(
            f"The model file {header.path} is a `{arch}` model, not `{LANGUAGE_ARCH}`.{hint}"
        )
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
        raise ModelFileError(
            f"The model file {header.path} has impossible sizes (embedding {n_embd}, "
            f"{n_head} heads, {n_head_kv} key-value heads, feed-forward {n_ff}, {block_count} "
            f"blocks, context {context_length}). {DOWNLOAD_HINT}"
        )
    head_dim = header.integer(key + "attention.key_length", required=False, default=n_embd // n_head)
    sections = header.value(key + "rope.dimension_sections")
    if (
        not isinstance(sections, list)
        or len(sections) < 4
        or any(not isinstance(n, int) or n < 0 for n in sections)
        or not 0 < sum(sections[:4]) <= head_dim // 2
        or head_dim % 2
    ):
        raise ModelFileError(
            f"The model file {header.path} has rope sections {sections!r} that do not fit its "
            f"head size {head_dim}. {DOWNLOAD_HINT}"
        )
    if not 0 <= n_deepstack < block_count:
        raise ModelFileError(
            f"The model file {header.path} says {n_deepstack} deepstack layers but has only "
            f"{block_count} blocks. {DOWNLOAD_HINT}"
        )
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
        hint = (
            " This is a language model: pass it as the model, and the mmproj-*.gguf file as the mmproj."
            if arch == LANGUAGE_ARCH
            else ""
        )
        raise ModelFileError(
            f"The mmproj file {header.path} is a `{arch}` file, not a vision encoder (`clip`).{hint}"
        )
    if header.value("clip.has_vision_encoder", required=False) is not True:
        raise ModelFileError(f"The mmproj file {header.path} has no vision encoder in it.")
    projector = header.value("clip.projector_type")
    if projector != PROJECTOR:
        raise ModelFileError(
            f"The mmproj file {header.path} is for `{projector}` models, not Qwen3-VL "
            f"(`{PROJECTOR}`). Use the mmproj-Qwen3VL-*.gguf file from the model's repository."
        )
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
            raise ModelFileError(
                f"The mmproj file {header.path} needs three finite `{key}{name}` values"
                f"{' other than zero' if name == 'image_std' else ''}. {DOWNLOAD_HINT}"
            )
    if merge != MERGE:
        raise ModelFileError(
            f"The mmproj file {header.path} has `{key}spatial_merge_size` = {merge}; Qwen3-VL merges "
            f"{MERGE}x{MERGE} patches. {DOWNLOAD_HINT}"
        )
    if patch <= 0 or image_size <= 0 or image_size % (patch * merge):
        raise ModelFileError(
            f"The mmproj file {header.path} has images of {image_size} px in patches of {patch} px, "
            f"which do not tile in {merge}x{merge} groups. {DOWNLOAD_HINT}"
        )
    if n_head <= 0 or n_embd % n_head or (n_embd // n_head) % 4:
        raise ModelFileError(
            f"The mmproj file {header.path} has {n_head} heads for width {n_embd}; Qwen3-VL "
            f"needs a head size that is a multiple of 4. {DOWNLOAD_HINT}"
        )
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
        raise ModelFileError(
            f"The mmproj file {header.path} has {n_positions} position embeddings, not a square "
            f"grid. {DOWNLOAD_HINT}"
        )
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
            raise ModelFileError(
                f"The mmproj file {header.path} has tensor {name} of shape {shape}, which does not "
                f"match its settings (patch size {patch}, width {n_embd}). {DOWNLOAD_HINT}"
            )


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
            raise ModelFileError(
                f"The mmproj file {mmproj} does not belong to the model {model}: it makes "
                f"{width}-wide image features but the model takes {expected}. Use the "
                "mmproj file from the same model size (for example mmproj-Qwen3VL-8B-Instruct-F16.gguf "
                "with Qwen3VL-8B-Instruct-Q4_K_M.gguf)."
            )
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
