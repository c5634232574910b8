"""A tiny random-weight Qwen3-VL GGUF pair, so tests run the real llama.cpp in a blink."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import gguf
import numpy as np

MODEL_NAME = "tiny-qwen3vl.gguf"
MMPROJ_NAME = "mmproj-tiny-qwen3vl.gguf"

# Language model
N_EMBD = 64
N_HEAD = 4
N_HEAD_KV = 2
HEAD_DIM = N_EMBD // N_HEAD
N_FF = 128
N_LAYER = 2
N_DEEPSTACK = 1
CONTEXT_LENGTH = 8192

# Vision encoder
V_PATCH = 16
V_IMAGE = 64
MERGE = 2  # Qwen3-VL merges 2x2 patches into one image token


@dataclass(frozen=True)
class VisionSize:
    """The vision encoder's width and depth."""

    embd: int = 32
    heads: int = 2
    ff: int = 64
    layers: int = 2


TINY_VISION = VisionSize()
# Wide and deep enough that encoding a 640x480 photo takes about a second on a
# laptop core, so a benchmark can tell an encoded photo from a reused one.
HEAVY_VISION = VisionSize(embd=384, heads=6, ff=1536, layers=6)

CONTROL_TOKENS = (
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|image_pad|>",
    "<|video_pad|>",
)
MERGES = (("Ġ", "t"), ("h", "e"), ("i", "n"), ("Ġ", "a"), ("e", "r"), ("Ġt", "he"), ("o", "n"))

# The handler renders with trim_blocks, so newlines come from expressions.
CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{{- '<|im_start|>' + message['role'] + '\\n' -}}"
    "{%- if message['content'] is string -%}"
    "{{- message['content'] -}}"
    "{%- else -%}"
    "{%- for part in message['content'] -%}"
    "{%- if part['type'] == 'text' -%}{{- part['text'] -}}{%- endif -%}"
    "{%- endfor -%}"
    "{%- endif -%}"
    "{{- '<|im_end|>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}"
)


def _byte_tokens() -> list[str]:
    """GPT-2's byte-to-unicode table: the 256 byte tokens of a byte-level BPE vocabulary."""
    printable = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    codes = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    table = dict(zip(printable, codes))
    return [chr(table[byte]) for byte in range(256)]


def _vocabulary() -> tuple[list[str], list[int], list[bool]]:
    """Tokens, their GGUF token types, and whether each may be generated."""
    tokens = _byte_tokens()
    # Only printable ASCII bytes (and the merges built from them) are allowed out,
    # so the random model writes visible text instead of broken UTF-8.
    wanted = [32 <= byte < 127 for byte in range(256)]
    for left, right in MERGES:
        tokens.append(left + right)
        wanted.append(True)
    types = [gguf.TokenType.NORMAL] * len(tokens)
    for token in CONTROL_TOKENS:
        tokens.append(token)
        types.append(gguf.TokenType.CONTROL)
        wanted.append(False)
    return tokens, [int(t) for t in types], wanted


def _weights(rng: np.random.Generator, *shape: int, scale: float = 0.02) -> np.ndarray:
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def _ones(n: int) -> np.ndarray:
    return np.ones(n, dtype=np.float32)


def _write_language_model(path: Path, rng: np.random.Generator) -> None:
    tokens, types, wanted = _vocabulary()
    writer = gguf.GGUFWriter(path, "qwen3vl")
    writer.add_name("tiny-qwen3vl")
    writer.add_context_length(CONTEXT_LENGTH)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_rope_freq_base(5_000_000.0)
    # The four sections must not add up to more than head_dim.
    writer.add_rope_dimension_sections([4, 2, 2, 0])
    writer.add_num_deepstack_layers(N_DEEPSTACK)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges([f"{left} {right}" for left, right in MERGES])
    writer.add_bos_token_id(tokens.index("<|endoftext|>"))
    writer.add_eos_token_id(tokens.index("<|im_end|>"))
    writer.add_pad_token_id(tokens.index("<|endoftext|>"))
    writer.add_add_bos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)

    n_vocab = len(tokens)
    # Every hidden state carries a large constant in dimension 0 (the layers are
    # small next to it), so the output rows' first weight decides which tokens can
    # win: control tokens (end of turn included) never do, and answers run to
    # max_tokens with printable text.
    embeddings = _weights(rng, n_vocab, N_EMBD, scale=0.1)
    embeddings[:, 0] = 4.0
    output = _weights(rng, n_vocab, N_EMBD, scale=1.0)
    output[:, 0] = np.where(wanted, 0.5, -3.0)
    writer.add_tensor("token_embd.weight", embeddings)
    writer.add_tensor("output_norm.weight", _ones(N_EMBD))
    writer.add_tensor("output.weight", output)
    kv = N_HEAD_KV * HEAD_DIM
    for i in range(N_LAYER):
        blk = f"blk.{i}"
        writer.add_tensor(f"{blk}.attn_norm.weight", _ones(N_EMBD))
        writer.add_tensor(f"{blk}.attn_q.weight", _weights(rng, N_EMBD, N_EMBD))
        writer.add_tensor(f"{blk}.attn_k.weight", _weights(rng, kv, N_EMBD))
        writer.add_tensor(f"{blk}.attn_v.weight", _weights(rng, kv, N_EMBD))
        writer.add_tensor(f"{blk}.attn_output.weight", _weights(rng, N_EMBD, N_EMBD))
        writer.add_tensor(f"{blk}.attn_q_norm.weight", _ones(HEAD_DIM))
        writer.add_tensor(f"{blk}.attn_k_norm.weight", _ones(HEAD_DIM))
        writer.add_tensor(f"{blk}.ffn_norm.weight", _ones(N_EMBD))
        writer.add_tensor(f"{blk}.ffn_gate.weight", _weights(rng, N_FF, N_EMBD))
        writer.add_tensor(f"{blk}.ffn_up.weight", _weights(rng, N_FF, N_EMBD))
        writer.add_tensor(f"{blk}.ffn_down.weight", _weights(rng, N_EMBD, N_FF))
    _finish(writer)


def _write_mmproj(path: Path, rng: np.random.Generator, out_width: int, size: VisionSize) -> None:
    writer = gguf.GGUFWriter(path, "clip")
    writer.add_name("tiny-qwen3vl-mmproj")
    writer.add_bool("clip.has_vision_encoder", True)
    writer.add_string("clip.projector_type", "qwen3vl_merger")
    writer.add_uint32("clip.vision.image_size", V_IMAGE)
    writer.add_uint32("clip.vision.patch_size", V_PATCH)
    writer.add_uint32("clip.vision.embedding_length", size.embd)
    writer.add_uint32("clip.vision.feed_forward_length", size.ff)
    writer.add_uint32("clip.vision.block_count", size.layers)
    writer.add_uint32("clip.vision.projection_dim", out_width)
    writer.add_uint32("clip.vision.attention.head_count", size.heads)
    writer.add_float32("clip.vision.attention.layer_norm_epsilon", 1e-6)
    writer.add_uint32("clip.vision.spatial_merge_size", MERGE)
    writer.add_array("clip.vision.image_mean", [0.5, 0.5, 0.5])
    writer.add_array("clip.vision.image_std", [0.5, 0.5, 0.5])
    writer.add_bool("clip.use_gelu", True)

    d, ff = size.embd, size.ff
    merged = d * MERGE * MERGE
    n_positions = (V_IMAGE // V_PATCH) ** 2
    # The temporal patch convolution is stored as two 2-D kernels.
    writer.add_tensor("v.patch_embd.weight", _weights(rng, d, 3, V_PATCH, V_PATCH))
    writer.add_tensor("v.patch_embd.weight.1", _weights(rng, d, 3, V_PATCH, V_PATCH))
    writer.add_tensor("v.patch_embd.bias", _weights(rng, d))
    writer.add_tensor("v.position_embd.weight", _weights(rng, n_positions, d))
    for i in range(size.layers):
        blk = f"v.blk.{i}"
        writer.add_tensor(f"{blk}.ln1.weight", _ones(d))
        writer.add_tensor(f"{blk}.ln1.bias", _weights(rng, d))
        writer.add_tensor(f"{blk}.attn_qkv.weight", _weights(rng, 3 * d, d))
        writer.add_tensor(f"{blk}.attn_qkv.bias", _weights(rng, 3 * d))
        writer.add_tensor(f"{blk}.attn_out.weight", _weights(rng, d, d))
        writer.add_tensor(f"{blk}.attn_out.bias", _weights(rng, d))
        writer.add_tensor(f"{blk}.ln2.weight", _ones(d))
        writer.add_tensor(f"{blk}.ln2.bias", _weights(rng, d))
        writer.add_tensor(f"{blk}.ffn_up.weight", _weights(rng, ff, d))
        writer.add_tensor(f"{blk}.ffn_up.bias", _weights(rng, ff))
        writer.add_tensor(f"{blk}.ffn_down.weight", _weights(rng, d, ff))
        writer.add_tensor(f"{blk}.ffn_down.bias", _weights(rng, d))
    for i in range(N_DEEPSTACK):
        ds = f"v.deepstack.{i}"
        writer.add_tensor(f"{ds}.norm.weight", _ones(merged))
        writer.add_tensor(f"{ds}.norm.bias", _weights(rng, merged))
        writer.add_tensor(f"{ds}.fc1.weight", _weights(rng, merged, merged))
        writer.add_tensor(f"{ds}.fc1.bias", _weights(rng, merged))
        writer.add_tensor(f"{ds}.fc2.weight", _weights(rng, out_width, merged))
        writer.add_tensor(f"{ds}.fc2.bias", _weights(rng, out_width))
    writer.add_tensor("mm.0.weight", _weights(rng, merged, merged))
    writer.add_tensor("mm.0.bias", _weights(rng, merged))
    writer.add_tensor("mm.2.weight", _weights(rng, out_width, merged))
    writer.add_tensor("mm.2.bias", _weights(rng, out_width))
    _finish(writer)


def _finish(writer: gguf.GGUFWriter) -> None:
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def make_tiny_model(
    folder: Path, *, out_width: int = N_EMBD, vision: VisionSize = TINY_VISION
) -> tuple[Path, Path]:
    """Write the tiny (model, mmproj) pair into ``folder``; another ``out_width`` makes a misfit mmproj."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    model, mmproj = folder / MODEL_NAME, folder / MMPROJ_NAME
    _write_language_model(model, rng)
    _write_mmproj(mmproj, rng, out_width, vision)
    return model, mmproj
