"""The speech worker: a child process that owns the one pyttsx3 engine.

Run as ``python -m tutor_app.speech.worker``. It answers one JSON line on
stdout per JSON request line on stdin. pyttsx3 engines are per-process
singletons that are not thread-safe and print while saving, so the engine
lives here, alone, with its prints sent to the null device.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO


def _open_channel() -> TextIO:
    """Keep the real stdout for answers and point fd 1 (and print) at the null device."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    return channel


def _start_engine() -> tuple[Any, dict[str, Any]]:
    try:
        import pyttsx3
    except ImportError as exc:
        return None, {"missing": "pyttsx3", "detail": str(exc)}
    try:
        return pyttsx3.init(), {"ready": True}
    except Exception as exc:  # noqa: BLE001 - drivers fail with RuntimeError, OSError, COM errors...
        return None, {"missing": "engine", "detail": f"{type(exc).__name__}: {exc}"}


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [
        {"id": str(v.id), "name": str(v.name), "languages": [str(x) for x in v.languages or []]}
        for v in engine.getProperty("voices")
    ]


def _settle(engine: Any) -> None:
    """Wait until espeak-ng has done all it was asked.

    espeak-ng voice and rate changes and synthesis run on its own thread and
    pyttsx3 does not wait for them: without this a third of the calls here used
    the previous rate, and a fresh engine's first runAndWait returned before
    its WAV file was written.
    """
    if engine.driver_name == "espeak":
        from pyttsx3.drivers import _espeak

        _espeak.dll.espeak_Synchronize()


def _set_voice_and_rate(engine: Any, voice: str | None, rate: int) -> None:
    """Apply the voice and rate before the next synthesis starts.

    pyttsx3 queues property changes and hands them to the driver only inside
    runAndWait, in the same breath as the text; with espeak-ng the first
    synthesis of a fresh engine could then still run at the default rate. The
    espeak driver's setters are static, so they are called at once here and
    espeak-ng is waited for.
    """
    if engine.driver_name != "espeak":
        if voice:
            engine.setProperty("voice", voice)
        engine.setProperty("rate", rate)
        return
    from pyttsx3.drivers.espeak import EspeakDriver

    if voice:
        EspeakDriver.setProperty("voice", voice)
    EspeakDriver.setProperty("rate", rate)
    _settle(engine)


def _save(engine: Any, request: dict[str, Any]) -> dict[str, Any]:
    _set_voice_and_rate(engine, request["voice"], request["rate"])
    engine.save_to_file(request["text"], request["path"])
    engine.runAndWait()
    _settle(engine)
    return {"path": request["path"], "voice": engine.getProperty("voice")}


def serve() -> None:
    """Answer requests until stdin closes."""
    channel = _open_channel()
    sys.stdin.reconfigure(encoding="utf-8")
    engine, hello = _start_engine()
    print(json.dumps(hello), file=channel)
    if engine is None:
        return
    for line in sys.stdin:
        request = json.loads(line)
        try:
            reply = {"voices": _voices(engine)} if request["op"] == "voices" else _save(engine, request)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises SpeechError
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), file=channel)


if __name__ == "__main__":
    serve()
