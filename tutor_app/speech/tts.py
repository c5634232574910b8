"""Offline speech synthesis: pyttsx3 over the platform engine, in a worker process.

One worker process owns the engine (see ``worker.py``); requests reach it one
at a time behind a lock, and a worker that stops answering is killed and
replaced, so a stuck engine never hangs the app.
"""

from __future__ import annotations

import functools
import io
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tutor_app.errors import SpeechError
from tutor_app.i18n import LANGUAGE_NAMES
from tutor_app.speech.words import detect_language, math_to_words, split_sentences

STARTUP_TIMEOUT = 30.0
MIN_RATE, MAX_RATE = 60, 400
CHUNK_CHARS = 300

# Language tags looked for, best first; espeak-ng calls Mandarin `cmn`.
VOICE_TAGS = {"en": ("en-us", "en", "en-gb"), "zh": ("cmn", "zh", "zh-cn", "zh-hans", "zh-tw", "yue")}
VOICE_NAMES = {"en": ("english",), "zh": ("mandarin", "chinese")}

_lock = threading.Lock()
_worker: _Worker | None = None
_missing: str | None = None


def install_hint(missing: str, platform: str = sys.platform) -> str:
    """What to install when ``missing`` (``"pyttsx3"`` or ``"engine"``) is absent."""
    if missing == "pyttsx3":
        return (
            "Read aloud needs the Python package pyttsx3, which is not installed. "
            f"Install it with: {sys.executable} -m pip install pyttsx3"
        )
    if platform.startswith("win"):
        return (
            "Read aloud needs the Windows speech engine (SAPI5) through pywin32, which could "
            f"not be started. Install pywin32 with: {sys.executable} -m pip install pywin32"
        )
    if platform == "darwin":
        return (
            "Read aloud needs macOS speech (NSSpeechSynthesizer) through PyObjC, which could "
            f"not be started. Install it with: {sys.executable} -m pip install pyobjc"
        )
    return (
        "Read aloud needs the espeak-ng speech engine, which was not found. Install it with "
        "`sudo apt-get install espeak-ng` (Debian/Ubuntu), `sudo dnf install espeak-ng` "
        "(Fedora) or `sudo pacman -S espeak-ng` (Arch), then restart tutor."
    )


class _Worker:
    """The child process that owns the engine, and the thread reading its answers."""

    def __init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tutor_app.speech.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            encoding="utf-8",
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        self.replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True, name="speech-worker-reader").start()
        self.hello = self.reply(STARTUP_TIMEOUT)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.replies.put(json.loads(line))
        self.replies.put(None)

    def reply(self, timeout: float) -> dict[str, Any]:
        try:
            answer = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise SpeechError(
                f"The speech engine did not answer within {timeout:.0f} s and was restarted; "
                "try again, or read a shorter text."
            ) from None
        if answer is None:
            raise SpeechError("The speech engine stopped unexpectedly; try again.")
        return answer

    def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            self.stop()
            raise SpeechError("The speech engine stopped unexpectedly; try again.") from None
        answer = self.reply(timeout)
        if "error" in answer:
            raise SpeechError(f"The speech engine failed: {answer['error']}")
        return answer

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def _ask(request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Send one request to the worker, starting it first if needed."""
    global _worker, _missing
    with _lock:
        if _missing:
            raise SpeechError(_missing)
        if _worker is None or not _worker.alive():
            _worker = _Worker()
            if "missing" in _worker.hello:
                _missing = install_hint(_worker.hello["missing"])
                raise SpeechError(_missing)
        return _worker.ask(request, timeout)


def speech_status() -> str | None:
    """None when an engine is available, else the message saying what to install."""
    try:
        _voices()
    except SpeechError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=1)
def _voices() -> tuple[dict[str, Any], ...]:
    return tuple(_ask({"op": "voices"}, STARTUP_TIMEOUT)["voices"])


def list_voices() -> list[dict[str, Any]]:
    """The installed voices: ``id``, ``name`` and ``languages`` of each."""
    return [dict(v) for v in _voices()]


def _tags(voice: dict[str, Any]) -> list[str]:
    return [tag.lower().replace("_", "-") for tag in voice["languages"]]


def _speaks(voice: dict[str, Any], lang: str) -> bool:
    """By language tag (espeak-ng); by name only for voices that carry no tag at all."""
    tags = _tags(voice)
    if tags:
        return any(t == p or t.startswith(f"{p}-") for t in tags for p in VOICE_TAGS[lang])
    return any(word in voice["name"].lower() for word in VOICE_NAMES[lang])


def voices_for(lang: str) -> list[dict[str, Any]]:
    """The installed voices that speak ``lang`` ("en" or "zh"), for a voice picker."""
    return [voice for voice in list_voices() if _speaks(voice, lang)]


def choose_voice(lang: str, voice: str | None = None) -> str:
    """The voice id for ``lang``: ``voice`` when given (checked), else one picked by language tag."""
    voices = list_voices()
    if voice:
        if any(voice == v["id"] for v in voices):
            return voice
        raise SpeechError(
            f"Unknown voice {voice!r}. List the installed voices with `tutor speak --voices`."
        )
    for tag in VOICE_TAGS[lang]:
        for candidate in voices:
            if tag in _tags(candidate):
                return candidate["id"]
    for tag in VOICE_TAGS[lang]:
        for candidate in voices:
            if any(t.startswith(f"{tag}-") for t in _tags(candidate)):
                return candidate["id"]
    for word in VOICE_NAMES[lang]:
        for candidate in voices:
            if word in candidate["name"].lower():
                return candidate["id"]
    raise SpeechError(
        f"No {LANGUAGE_NAMES[lang]} voice is installed. Add one to your system's speech "
        "settings, or pick another with `tutor speak --voices` and the Settings page."
    )


@functools.lru_cache(maxsize=64)
def _render(words: str, voice: str, rate: int) -> bytes:
    """WAV bytes for words already in spoken form; cached so pressing the button twice is free."""
    with tempfile.TemporaryDirectory(prefix="tutor-speech-") as folder:
        path = os.path.join(folder, "speech.wav")
        request = {"op": "save", "text": words, "voice": voice, "rate": rate, "path": path}
        _ask(request, timeout=10.0 + len(words) / 100)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise SpeechError(f"The speech engine wrote no audio: {exc}") from exc
    if wav_seconds(data) == 0:
        raise SpeechError("The speech engine returned silence; try again.")
    return data


def _prepare(text: str, lang: str | None, rate: int, voice: str | None) -> tuple[str, str]:
    """Checked spoken words and voice id for a synthesis request."""
    if not MIN_RATE <= rate <= MAX_RATE:
        raise SpeechError(
            f"Speaking rate {rate} is out of range; use {MIN_RATE} to {MAX_RATE} words per minute."
        )
    lang = lang or detect_language(text)
    words = math_to_words(text, lang)
    if not any(ch.isalnum() for ch in words):
        raise SpeechError("Nothing to read aloud: the text has no words.")
    return words, choose_voice(lang, voice)


def synthesize(text: str, lang: str | None = None, *, rate: int = 170, voice: str | None = None) -> bytes:
    """WAV bytes of ``text`` (Markdown + LaTeX) read aloud; ``lang`` None: detected."""
    words, voice_id = _prepare(text, lang, rate, voice)
    return _render(words, voice_id, rate)


def _sentence_groups(sentences: list[str]) -> Iterator[str]:
    """The first sentence alone (so audio starts soon), then groups of about CHUNK_CHARS."""
    group, limit = "", 0
    for sentence in sentences:
        if group and len(group) + len(sentence) > limit:
            yield group
            group, limit = "", CHUNK_CHARS
        group = f"{group} {sentence}".strip() if group else sentence
    if group:
        yield group


def synthesize_chunks(
    text: str, lang: str | None = None, *, rate: int = 170, voice: str | None = None
) -> Iterator[bytes]:
    """One WAV per sentence group, in order, so the first audio is ready quickly."""
    words, voice_id = _prepare(text, lang, rate, voice)
    groups = [g for g in _sentence_groups(split_sentences(words)) if any(c.isalnum() for c in g)]
    return (_render(group, voice_id, rate) for group in groups)


def wav_seconds(data: bytes) -> float:
    """The duration of WAV bytes, in seconds."""
    try:
        with wave.open(io.BytesIO(data)) as wav:
            return wav.getnframes() / wav.getframerate()
    except (wave.Error, EOFError) as exc:
        raise SpeechError(f"Not a WAV file: {exc}") from exc
