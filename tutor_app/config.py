"""One settings schema for the app, the CLI and the server.

Precedence, lowest first: defaults < config file (TOML) < environment
variables (``TUTOR_*``) < CLI flags. The field descriptions below are the
configuration reference; the README's table is generated from them.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any, ClassVar, Literal

import platformdirs
import tomli_w
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tutor_app.errors import ConfigError

APP_NAME = "tutor_app"
# vLLM and `llama-server --parallel 4` batch this many streams for little more than one.
DEFAULT_SERVER_CONCURRENCY = 4
# Past this a check is stuck, not slow; far larger limits also overflow the pipe's wait.
CAS_TIMEOUT_MAX = 600.0


def default_config_path() -> Path:
    """The config file used when ``TUTOR_CONFIG`` is not set."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def config_path() -> Path:
    """The config file in force: ``TUTOR_CONFIG`` or the per-user default."""
    env = os.environ.get("TUTOR_CONFIG")
    return Path(env).expanduser() if env else default_config_path()


class Settings(BaseSettings):
    """Every setting of tutor_app, with its description."""

    model_config = SettingsConfigDict(
        env_prefix="TUTOR_",
        extra="forbid",
        validate_assignment=True,
        # inf and nan are never a sensible timeout, tolerance or penalty.
        allow_inf_nan=False,
    )

    # Model files and backend
    model: Path | None = Field(
        None,
        description="Path to the language-model GGUF file. Empty: the catalogue "
        "entry `model_size`/`quant` is looked for in `model_dir`.",
    )
    mmproj: Path | None = Field(
        None,
        description="Path to the vision encoder (mmproj) GGUF file. Empty: looked for "
        "in `model_dir` beside the model.",
    )
    model_dir: Path | None = Field(
        None, description="Folder holding downloaded model files. Empty: `<data_dir>/models`."
    )
    model_size: Literal["2B", "4B", "8B"] = Field(
        "8B", description="Qwen3-VL-Instruct size to look for or download."
    )
    quant: Literal["Q4_K_M", "Q8_0", "F16"] = Field(
        "Q4_K_M", description="Quantisation of the language model to look for or download."
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)),
        description="Folder for grading jobs, logs, caches and (by default) models.",
    )
    backend: Literal["local", "openai"] = Field(
        "local",
        description="`local` runs the model inside the app with llama.cpp; `openai` "
        "talks to an OpenAI-compatible server (llama.cpp server, vLLM, Ollama).",
    )
    openai_url: str = Field(
        "http://127.0.0.1:8080/v1",
        description="Base URL of the OpenAI-compatible server, ending in `/v1`.",
    )
    openai_model: str = Field(
        "qwen3-vl", description="Model name sent to the OpenAI-compatible server."
    )
    openai_api_key: str = Field(
        "", description="API key for the OpenAI-compatible server, if it needs one."
    )
    request_timeout: float = Field(
        300.0, gt=0, le=3600, description="Seconds to wait for an OpenAI-compatible server."
    )

    # llama.cpp runtime
    n_ctx: int = Field(8192, ge=512, description="Context window in tokens.")
    n_threads: int | None = Field(
        None, ge=1, description="CPU threads for llama.cpp. Empty: physical cores."
    )
    n_gpu_layers: int = Field(
        -1,
        description="Layers offloaded to the GPU when llama.cpp was built with one "
        "(-1: all, 0: none).",
    )
    flash_attn: bool = Field(True, description="Use flash attention (faster, less memory).")
    prefix_cache_mb: int = Field(
        1024,
        ge=0,
        description="Memory for keeping each problem's evaluated prompt prefix (system text, "
        "photo, problem) between requests, so later answers skip re-reading it: about 150 MB "
        "per photo problem for the 8B model, so the default keeps the last six or so. "
        "0: keep nothing, every request is evaluated from the start.",
    )

    # Sampling
    preset: Literal["vision", "text"] = Field(
        "vision", description="Sampling preset from the Qwen3-VL model card."
    )
    temperature: float | None = Field(None, ge=0, description="Override the preset's temperature.")
    top_p: float | None = Field(None, gt=0, le=1, description="Override the preset's top_p.")
    top_k: int | None = Field(None, ge=0, description="Override the preset's top_k.")
    presence_penalty: float | None = Field(
        None, description="Override the preset's presence penalty."
    )
    repeat_penalty: float | None = Field(
        None, gt=0, description="Override the preset's repetition penalty."
    )
    max_tokens: int = Field(2048, ge=1, description="Most new tokens one answer may have.")
    transcribe_max_tokens: int = Field(
        512, ge=1, description="Most new tokens the reading of a problem may have (capped by max_tokens)."
    )
    seed: int | None = Field(None, description="Sampling seed, for repeatable answers.")

    # Images
    image_short_side: int = Field(
        768, ge=64, description="Images are downscaled so their short side is at most this."
    )
    image_max_tokens: int = Field(
        1024, ge=16, description="Most vision tokens one image may cost (one per 32x32 px)."
    )
    max_upload_mb: int = Field(20, ge=1, description="Largest accepted upload, in megabytes.")
    text_only_math: bool = Field(
        True,
        description="Once a photo's problem text is confirmed and it is pure math, tutor from "
        "the text alone without sending the photo again (saves its ~768 tokens per request). "
        "Diagram mode, figures and requests to look at the picture always send it.",
    )

    # Prompts
    prompts_dir: Path | None = Field(
        None,
        description="Folder of edited prompt templates (`en/`, `zh/` inside). "
        "Empty: the prompts shipped with tutor_app.",
    )

    # Math checking
    cas_timeout: float = Field(
        2.0, gt=0, le=CAS_TIMEOUT_MAX, description="Seconds one CAS check may take."
    )

    # Speech and language
    language: Literal["en", "zh"] = Field("en", description="Interface and explanation language.")
    tts_rate: int = Field(170, ge=60, le=400, description="Speaking rate, words per minute.")
    tts_voice_en: str = Field("", description="Voice id for English. Empty: chosen by language.")
    tts_voice_zh: str = Field("", description="Voice id for Chinese. Empty: chosen by language.")

    history_hours: float = Field(
        0, ge=0, description="Hours a student's problems are kept on the server after their last change, "
        "under a private key in the page address. 0: until midnight."
    )

    # Classroom
    teacher_passcode_hash: str = Field(
        "",
        description="Hash of the Teacher page passcode (set with `tutor passcode`). "
        "Empty: the Teacher page asks you to set one first.",
    )
    queue_limit: int = Field(30, ge=1, description="Most requests waiting for the model at once.")
    concurrency: int | None = Field(
        None,
        ge=1,
        le=64,
        description="Requests kept in flight to an OpenAI-compatible server at once (grading "
        "and classroom mode); match the server's parallel slots. Empty: 4 for `openai`. The "
        "`local` backend always answers one at a time.",
    )
    classroom: bool = Field(
        False,
        description="Classroom mode: `tutor app` listens on this computer's network address "
        "so students' phones on the same Wi-Fi can open it; Teacher and Settings need the passcode.",
    )
    classroom_https: bool = Field(
        True,
        description="In classroom mode, serve HTTPS with a self-signed certificate (phones "
        "allow the live camera only over HTTPS; photo upload works either way).",
    )
    requests_per_minute: int = Field(
        6, ge=1, description="Most questions one student session may send in a minute."
    )
    teacher_idle_minutes: int = Field(
        30,
        ge=1,
        le=24 * 60,
        description="Minutes without a page view after which the Teacher sign-in ends.",
    )

    @field_validator("model", "mmproj", "model_dir", "data_dir", "prompts_dir", mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        if value in ("", None):
            return None
        return Path(str(value)).expanduser()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        try:
            config_file = TomlConfigSettingsSource(settings_cls, toml_file=config_path())
        except (OSError, ValueError):
            # load_settings reports an unreadable file; the lenient reader goes on without it.
            if not getattr(settings_cls, "skip_unreadable_file", False):
                raise
            return (init_settings, env_settings)
        return (init_settings, env_settings, config_file)

    def voice_for(self, lang: str) -> str | None:
        """The configured voice id for ``lang``, or None to choose one by language."""
        return (self.tts_voice_zh if lang == "zh" else self.tts_voice_en) or None

    @property
    def parallel_requests(self) -> int:
        """How many requests the backend may have in flight at once."""
        if self.backend == "local":
            return 1
        return self.concurrency or DEFAULT_SERVER_CONCURRENCY

    @property
    def models_folder(self) -> Path:
        """Where model files are looked for and downloaded to."""
        return self.model_dir or self.data_dir / "models"


def load_settings(**overrides: Any) -> Settings:
    """Build settings from all sources; ``overrides`` are CLI flags (None = not given)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(
            f"Invalid settings ({problems}). Check {config_path()}, your TUTOR_* "
            "environment variables and the command-line flags."
        ) from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Could not read the config file {config_path()}: {exc}") from exc


def load_settings_leniently() -> tuple[Settings, ConfigError | None]:
    """The settings in force and None; when some are invalid, those at their defaults and the error naming them."""
    try:
        return load_settings(), None
    except ConfigError as problem:
        return _with_defaults_for_invalid(), problem


class _Lenient(Settings):
    """Settings that skip unknown keys and a config file that cannot be read."""

    model_config = SettingsConfigDict(extra="ignore")
    skip_unreadable_file: ClassVar[bool] = True


def _with_defaults_for_invalid() -> Settings:
    defaults: dict[str, Any] = {}
    for _ in Settings.model_fields:
        try:
            return Settings.model_construct(**dict(_Lenient(**defaults)))
        except ValidationError as exc:
            invalid = {str(err["loc"][0]) for err in exc.errors() if err["loc"]} - set(defaults)
            if not invalid:
                break
            for key in invalid:
                defaults[key] = Settings.model_fields[key].get_default(call_default_factory=True)
    return Settings.model_construct()


def save_settings(**changes: Any) -> Path:
    """Write ``changes`` into the config file (validated first, written atomically)."""
    path = config_path()
    try:
        current = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Could not read the config file {path}: {exc}") from exc
    unknown = sorted(set(changes) - set(Settings.model_fields))
    if unknown:
        raise ConfigError(f"Unknown setting(s): {', '.join(unknown)}.")
    for key, value in changes.items():
        if value is None:
            current.pop(key, None)
        else:
            current[key] = str(value) if isinstance(value, Path) else value
    try:
        Settings.model_validate(current)
    except ValidationError as exc:
        raise ConfigError(f"Not saved: {exc.errors()[0]['msg']}") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        tomli_w.dump(current, tmp)
    os.replace(tmp.name, path)
    return path
