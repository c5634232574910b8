"""Evaluate a chat prompt in llama.cpp, reusing a problem's shared prefix from earlier requests.

Every request about one problem starts with the same messages (``ChatRequest.shared``:
system text, photo, confirmed problem). The first request evaluates them once and
saves llama.cpp's state for that prefix under the request's ``cache_key`` (session
and problem); later requests restore it and evaluate only what follows, so the photo
is not encoded again. The states live in a least-recently-used cache with a byte limit.
"""

from __future__ import annotations

import ctypes
import hashlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from tutor_app.model.base import ChatRequest

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import MTMDChatHandler

# llama.cpp's own name for the one sequence this app decodes.
_SEQ = 0


@dataclass(frozen=True)
class Piece:
    """One unit of a tokenized prompt: a text token, or an image's tokens as a whole."""

    key: int | str
    n_pos: int = 1
    # The mtmd image chunk to evaluate; text pieces have none.
    chunk: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class SavedPrefix:
    """llama.cpp's state after a problem's shared prefix, and what the prefix was."""

    keys: tuple[int | str, ...]
    input_ids: np.ndarray
    data: bytes

    @property
    def n_pos(self) -> int:
        """Positions the prefix takes in the context."""
        return len(self.input_ids)


@dataclass(frozen=True)
class Usage:
    """What a prompt cost: pieces reused from a kept state, and what was evaluated."""

    prompt_pieces: int
    prompt_images: int
    reused_pieces: int
    # Text tokens evaluated, and images encoded (each one a run of the vision encoder).
    evaluated_tokens: int
    images_encoded: int
    # Tokens llama.cpp itself counted as decoded (its perf counters), image tokens included.
    decoded: int
    restored: bool


class PrefixCache:
    """Saved prefixes by key, the least recently used dropped first to stay within ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._states: OrderedDict[str, SavedPrefix] = OrderedDict()

    def __len__(self) -> int:
        return len(self._states)

    @property
    def size(self) -> int:
        """Bytes of llama.cpp state held."""
        return sum(len(s.data) for s in self._states.values())

    def get(self, key: str) -> SavedPrefix | None:
        """The prefix saved under ``key`` (now the most recently used), if any."""
        saved = self._states.get(key)
        if saved is not None:
            self._states.move_to_end(key)
        return saved

    def put(self, key: str, saved: SavedPrefix) -> None:
        """Keep ``saved`` under ``key``, replacing what was there; a state over the limit is not kept."""
        self._states.pop(key, None)
        if len(saved.data) > self.limit:
            return
        self._states[key] = saved
        while self.size > self.limit:
            self._states.popitem(last=False)

    def clear(self) -> None:
        """Drop every saved state."""
        self._states.clear()


def common_length(a: Sequence[int | str], b: Sequence[int | str]) -> int:
    """How many leading items ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class PromptEvaluator:
    """Puts a request's prompt into the model's context, reusing what it holds for the request's key."""

    def __init__(self, llm: Llama, handler: MTMDChatHandler | None, limit_mb: int) -> None:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.llm = llm
        self.handler = handler
        self.cache = PrefixCache(limit_mb * 1024 * 1024)
        self.usage: Usage | None = None
        template = llm.metadata.get("tokenizer.chat_template") or ""
        eos = llm.detokenize([llm.token_eos()]).decode("utf-8", errors="ignore")
        bos = llm.detokenize([llm.token_bos()]).decode("utf-8", errors="ignore")
        self._formats = {
            end: Jinja2ChatFormatter(template, eos, bos, add_generation_prompt=end)
            for end in (False, True)
        }
        # The key and pieces whose state is in the context now.
        self._live_key: str | None = None
        self._live: list[int | str] = []

    def evaluate(self, request: ChatRequest) -> None:
        """Evaluate the prompt so the model can sample the answer's first token next."""
        if not self._formats[True].template:
            raise ValueError("the model file has no chat template (tokenizer.chat_template)")
        marker = self._marker()
        messages = [self._template_message(m, marker) for m in request.messages]
        full = self._formats[True](messages=messages).prompt
        head = self._formats[False](messages=messages[: request.shared]).prompt if request.shared else ""
        if not full.startswith(head):
            # A template that renders a turn differently once more turns follow.
            head = ""
        images = [image for m in request.messages for image in m.images]
        n_head = head.count(marker) if marker else 0
        with (
            self._tokenized(head, images[:n_head], first=True) as shared,
            self._tokenized(full[len(head) :], images[n_head:], first=not head) as rest,
        ):
            self._evaluate(request.cache_key, shared + rest, len(shared))

    def forget(self) -> None:
        """Drop every kept state (the model is closing)."""
        self.cache.clear()
        self._live_key, self._live = None, []

    def _evaluate(self, key: str | None, pieces: list[Piece], boundary: int) -> None:
        keys = [p.key for p in pieces]
        keeping = key is not None and self.cache.limit > 0
        reuse = common_length(self._live, keys) if keeping and self._live_key == key else 0
        # Unknown until this prompt is evaluated: a failure half-way leaves nothing to reuse.
        self._live_key, self._live = None, []
        restored = False
        if keeping:
            saved = self.cache.get(key)
            if saved is not None and common_length(saved.keys, keys) > reuse:
                self._restore(saved)
                reuse, restored = common_length(saved.keys, keys), True
            if boundary and (saved is None or list(saved.keys) != keys[:boundary]):
                # This prefix is new: evaluate up to its end, then save it.
                reuse = min(reuse, boundary)
        else:
            boundary = 0
        # The last token is always evaluated again: sampling needs its fresh logits.
        reuse = min(reuse, len(pieces) - 1)
        before = self._decoded()
        self._trim(sum(p.n_pos for p in pieces[:reuse]))
        evaluated, encoded = self._eval(pieces[reuse:boundary])
        if boundary > reuse:
            self.cache.put(key, self._save(keys[:boundary]))
        more, more_images = self._eval(pieces[max(reuse, boundary) :])
        self._live_key, self._live = (key, keys) if keeping else (None, [])
        self.usage = Usage(
            prompt_pieces=len(pieces),
            prompt_images=sum(p.chunk is not None for p in pieces),
            reused_pieces=reuse,
            evaluated_tokens=evaluated + more,
            images_encoded=encoded + more_images,
            decoded=self._decoded() - before,
            restored=restored,
        )

    def _decoded(self) -> int:
        import llama_cpp

        # llama.cpp counts decoded tokens when it next waits for the decoding to finish.
        llama_cpp.llama_synchronize(self.llm._ctx.ctx)
        perf = llama_cpp.llama_perf_context(self.llm._ctx.ctx)
        return perf.n_p_eval + perf.n_eval

    def _trim(self, n_pos: int) -> None:
        llm = self.llm
        if n_pos == 0:
            llm._ctx.kv_cache_clear()
        else:
            llm._ctx.kv_cache_seq_rm(_SEQ, n_pos, -1)
        llm.n_tokens = n_pos

    def _eval(self, pieces: Sequence[Piece]) -> tuple[int, int]:
        """Evaluate ``pieces`` after what the context holds; return (text tokens, images) evaluated."""
        llm = self.llm
        tokens: list[int] = []
        n_tokens = n_images = 0
        for piece in [*pieces, None]:
            if piece is not None and piece.chunk is None:
                tokens.append(piece.key)
                continue
            if tokens:
                self._check_room(len(tokens))
                llm.eval(tokens)
                n_tokens += len(tokens)
                tokens = []
            if piece is not None:
                self._eval_image(piece)
                n_images += 1
        return n_tokens, n_images

    def _eval_image(self, piece: Piece) -> None:
        import llama_cpp
        import llama_cpp.mtmd_cpp as mtmd

        llm = self.llm
        self._check_room(mtmd.mtmd_input_chunk_get_n_tokens(piece.chunk))
        new_n_past = llama_cpp.llama_pos(0)
        result = mtmd.mtmd_helper_eval_chunk_single(
            self.handler.mtmd_ctx,
            llm._ctx.ctx,
            piece.chunk,
            llama_cpp.llama_pos(llm.n_tokens),
            llama_cpp.llama_seq_id(_SEQ),
            llm.n_batch,
            False,
            ctypes.byref(new_n_past),
        )
        if result != 0:
            raise ValueError(f"Failed to evaluate an image: error code {result}")
        llm.n_tokens = new_n_past.value

    def _check_room(self, n: int) -> None:
        # The same wording llama-cpp-python uses, which the backend turns into advice.
        if self.llm.n_tokens + n > self.llm.n_ctx():
            raise ValueError(f"Prompt exceeds n_ctx: {self.llm.n_tokens + n} > {self.llm.n_ctx()}")

    def _save(self, keys: list[int | str]) -> SavedPrefix:
        import llama_cpp

        ctx = self.llm._ctx.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, _SEQ)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, _SEQ)
        return SavedPrefix(
            keys=tuple(keys),
            input_ids=self.llm.input_ids[: self.llm.n_tokens].copy(),
            data=ctypes.string_at(buffer, written),
        )

    def _restore(self, saved: SavedPrefix) -> None:
        import llama_cpp

        llm = self.llm
        llm._ctx.kv_cache_clear()
        buffer = (ctypes.c_uint8 * len(saved.data)).from_buffer_copy(saved.data)
        if llama_cpp.llama_state_seq_set_data(llm._ctx.ctx, buffer, len(saved.data), _SEQ) == 0:
            raise RuntimeError("llama.cpp could not restore a saved prompt state")
        llm.input_ids[: saved.n_pos] = saved.input_ids
        llm.n_tokens = saved.n_pos

    def _marker(self) -> str:
        if self.handler is None:
            return ""
        import llama_cpp.mtmd_cpp as mtmd

        return mtmd.mtmd_default_marker().decode("utf-8")

    @staticmethod
    def _template_message(message: Any, marker: str) -> dict[str, str]:
        return {"role": message.role, "content": marker * len(message.images) + message.text}

    @contextmanager
    def _tokenized(self, text: str, images: Sequence[bytes], *, first: bool) -> Iterator[list[Piece]]:
        """``text`` (with a marker per image) as pieces, valid until the block ends."""
        if not text:
            yield []
            return
        if self.handler is None:
            yield [Piece(t) for t in self.llm.tokenize(text.encode("utf-8"), add_bos=first, special=True)]
            return
        import llama_cpp.mtmd_cpp as mtmd

        bitmaps = []
        chunks = None
        try:
            for image in images:
                bitmaps.append(self.handler._create_bitmap_from_bytes(image))
                # mtmd passes a bitmap's id on to its chunks: it names the image in the pieces.
                mtmd.mtmd_bitmap_set_id(bitmaps[-1], hashlib.sha256(image).hexdigest().encode("ascii"))
            encoded = text.encode("utf-8")
            input_text = mtmd.mtmd_input_text()
            input_text.text = encoded
            input_text.text_len = len(encoded)
            input_text.add_special = first
            input_text.parse_special = True
            chunks = mtmd.mtmd_input_chunks_init()
            array = (mtmd.mtmd_bitmap_p_ctypes * len(bitmaps))(*bitmaps)
            result = mtmd.mtmd_tokenize(
                self.handler.mtmd_ctx, chunks, ctypes.byref(input_text), array, len(bitmaps)
            )
            if result != 0:
                raise ValueError(f"Failed to tokenize the prompt and its images: error code {result}")
            yield list(self._pieces(chunks))
        finally:
            if chunks is not None:
                mtmd.mtmd_input_chunks_free(chunks)
            for bitmap in bitmaps:
                mtmd.mtmd_bitmap_free(bitmap)

    @staticmethod
    def _pieces(chunks: Any) -> Iterator[Piece]:
        import llama_cpp.mtmd_cpp as mtmd

        for i in range(mtmd.mtmd_input_chunks_size(chunks)):
            chunk = mtmd.mtmd_input_chunks_get(chunks, i)
            if mtmd.mtmd_input_chunk_get_type(chunk) == mtmd.MTMD_INPUT_CHUNK_TYPE_TEXT:
                count = ctypes.c_size_t()
                tokens = mtmd.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(count))
                yield from (Piece(tokens[j]) for j in range(count.value))
            else:
                image = mtmd.mtmd_input_chunk_get_id(chunk).decode("ascii")
                n_tokens = mtmd.mtmd_input_chunk_get_n_tokens(chunk)
                yield Piece(f"{image}:{n_tokens}", mtmd.mtmd_input_chunk_get_n_pos(chunk), chunk)
