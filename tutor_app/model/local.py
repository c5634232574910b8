"""The embedded backend: Qwen3-VL in this process through llama-cpp-python."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from tutor_app.config import Settings
from tutor_app.errors import BackendError, ImageError, ModelFileError, TutorError
from tutor_app.i18n import Text
from tutor_app.model.base import ChatRequest
from tutor_app.model.hardware import physical_cores
from tutor_app.model.llama_log import route_llama_logs
from tutor_app.model.openai import chat_payload
from tutor_app.model.prefix import PromptEvaluator, Usage
from tutor_app.model.probe import probe_model
from tutor_app.model.queue import Cancelled, FairQueue
from tutor_app.model.validate import ModelInfo, validate_model_files

if TYPE_CHECKING:
    from llama_cpp import Llama, LlamaGrammar
    from llama_cpp.llama_chat_format import MTMDChatHandler

State = Literal["idle", "loading", "ready", "error", "closed"]
Progress = Callable[[float, str], None]

_CONTEXT_HINTS = ("exceed context window", "exceeds n_ctx")


@dataclass(frozen=True)
class BackendStatus:
    """Where the model stands, for the app's header."""

    state: State
    message: str
    progress: float = 0.0
    # The message as a Text or TutorError, so each page says it in its own language.
    said: Text | TutorError | None = field(default=None, compare=False)


class LocalBackend:
    """Qwen3-VL loaded once per process, lazily, and shared fairly between requests."""

    name: ClassVar[str] = "local"
    supports_vision: ClassVar[bool] = True
    supports_streaming: ClassVar[bool] = True

    def __init__(self, settings: Settings, model: Path, mmproj: Path | None, *, probe: bool = True) -> None:
        self.settings = settings
        # Off only inside the probe's own child process.
        self.probe = probe
        self.model_path = Path(model)
        self.mmproj_path = Path(mmproj) if mmproj is not None else None
        self.log_path = settings.data_dir / "logs" / "llama.log"
        self.queue = FairQueue(settings.queue_limit)
        self.info: ModelInfo | None = None
        # How many times the model was read from disk; the benchmark checks it stays 1.
        self.loads = 0
        self._llm: Llama | None = None
        self._prompts: PromptEvaluator | None = None
        # Held while loading, generating and closing: llama.cpp is not thread-safe.
        self._lock = threading.Lock()
        self._status = BackendStatus("idle", "The model loads with the first question.")

    def status(self) -> BackendStatus:
        """Loading, ready or failed, with a message a person can read."""
        return self._status

    def adopt(self, settings: Settings) -> None:
        """Take on changed settings that need no reload: the queue limit."""
        self.queue.limit = settings.queue_limit

    def load(self, progress: Progress | None = None) -> ModelInfo:
        """Check and load the model files (once); safe to call from a background thread."""
        with self._lock:
            return self._load(progress)

    def close(self) -> None:
        """Free the model after the answer in progress; later requests are refused."""
        with self._lock:
            if self._llm is not None:
                self._prompts.forget()
                self._llm.close()
                self._llm = None
            self._status = BackendStatus("closed", "The model was unloaded.")

    def stream(self, request: ChatRequest) -> Iterator[str]:
        """Yield the answer in chunks; stop early when ``request.cancel`` is set."""
        try:
            with self.queue.turn(cancel=request.cancel, on_wait=request.on_wait):
                with self._lock:
                    self._load(None)
                    if request.cancel is not None and request.cancel.is_set():
                        return
                    yield from self._generate(request)
        except Cancelled:
            return

    def kept_prefixes(self) -> tuple[int, int]:
        """Problems whose prompt prefix is kept, and the bytes of model state they hold."""
        with self._lock:
            if self._prompts is None:
                return 0, 0
            return len(self._prompts.cache), self._prompts.cache.size

    def last_prompt(self) -> Usage | None:
        """What evaluating the last request's prompt cost (None before the first)."""
        with self._lock:
            return None if self._prompts is None else self._prompts.usage

    def _report(self, progress: Progress | None, fraction: float, text: Text) -> None:
        message = text.said("en")
        self._status = BackendStatus("loading", message, fraction, text)
        if progress is not None:
            progress(fraction, message)

    def _load(self, progress: Progress | None) -> ModelInfo:
        if self._status.state == "closed":
            raise BackendError(key="backend.unloaded")
        if self._llm is not None:
            return self.info
        try:
            self._llm, handler = self._open_model(progress)
        except TutorError as exc:
            self._status = BackendStatus("error", str(exc), said=exc)
            raise
        self._prompts = PromptEvaluator(self._llm, handler, self.settings.prefix_cache_mb)
        self.loads += 1
        ready = Text("model.is_ready", name=self.info.name)
        self._status = BackendStatus("ready", ready.said("en"), 1.0, ready)
        if progress is not None:
            progress(1.0, self._status.message)
        return self.info

    def _open_model(self, progress: Progress | None) -> tuple[Llama, MTMDChatHandler | None]:
        self._report(progress, 0.0, Text("model.checking"))
        self.info = validate_model_files(self.model_path, self.mmproj_path)
        if self.probe:
            self._report(progress, 0.05, Text("model.trying"))
            probe_model(self.settings, self.model_path, self.mmproj_path)
        try:
            from llama_cpp import Llama
            from llama_cpp.llama_chat_format import MTMDChatHandler
        except ImportError as exc:
            raise BackendError(key="backend.no_llama_cpp") from exc
        route_llama_logs(self.log_path)
        threads = self.settings.n_threads or physical_cores()
        self._report(progress, 0.1, Text("model.loading_file", name=self.model_path.name))
        handler = (
            MTMDChatHandler(clip_model_path=str(self.mmproj_path), verbose=False)
            if self.mmproj_path is not None
            else None
        )
        try:
            llm = Llama(
                model_path=str(self.model_path),
                chat_handler=handler,
                n_ctx=min(self.settings.n_ctx, self.info.context_length),
                n_threads=threads,
                n_threads_batch=threads,
                n_gpu_layers=self.settings.n_gpu_layers,
                flash_attn=self.settings.flash_attn,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelFileError(key="backend.load_failed", path=self.model_path, error=exc,
                                 log=self.log_path) from exc
        if handler is not None:
            self._report(progress, 0.7, Text("model.loading_file", name=self.mmproj_path.name))
            try:
                # The handler loads the vision encoder on the first image; doing it now
                # keeps that wait out of the first student's answer.
                handler._init_mtmd_context(llm)
            except (ValueError, RuntimeError) as exc:
                llm.close()
                raise ModelFileError(key="backend.vision_failed", path=self.mmproj_path, error=exc,
                                     log=self.log_path) from exc
        return llm, handler

    def _generate(self, request: ChatRequest) -> Iterator[str]:
        assert self._llm is not None
        if self.mmproj_path is None and any(m.images for m in request.messages):
            raise BackendError(key="backend.no_vision")
        # The sampling fields of the OpenAI-style request a server would get.
        options: dict[str, Any] = chat_payload(replace(request, messages=()), "")
        for name in ("model", "messages", "stream_options"):
            options.pop(name, None)
        response_format = options.pop("response_format", None)
        try:
            self._prompts.evaluate(request)
            prompt_tokens = self._llm.n_tokens
            chunks = self._llm.create_completion(
                # The context already holds the prompt; llama-cpp-python samples right after it.
                prompt=self._llm.input_ids[: self._llm.n_tokens].tolist(),
                grammar=self._grammar(response_format),
                **options,
            )
            try:
                for chunk in chunks:
                    if request.cancel is not None and request.cancel.is_set():
                        return
                    text = chunk["choices"][0]["text"]
                    if text:
                        yield text
            finally:
                chunks.close()
            if request.on_usage is not None:
                # Every sampled token but the last was evaluated into the context after the prompt.
                generated = self._llm.n_tokens - prompt_tokens + 1
                request.on_usage({"prompt_tokens": prompt_tokens, "completion_tokens": generated})
        except (ValueError, RuntimeError) as exc:
            raise self._advice(exc) from exc

    @staticmethod
    def _grammar(response_format: dict | None) -> LlamaGrammar | None:
        if response_format is None:
            return None
        from llama_cpp import LlamaGrammar

        return LlamaGrammar.from_json_schema(json.dumps(response_format["schema"]), verbose=False)

    def _advice(self, exc: Exception) -> Exception:
        message = str(exc)
        if any(hint in message for hint in _CONTEXT_HINTS):
            return BackendError(key="backend.context_full", n_ctx=self._llm.n_ctx())
        if "bitmap" in message:
            return ImageError(key="backend.bad_image")
        return BackendError(key="backend.failed", error=message, log=self.log_path)
