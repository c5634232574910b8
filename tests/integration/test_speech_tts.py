"""Offline speech with the real espeak-ng through pyttsx3, and `tutor speak` as a process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest

from tests.support.cli import run_tutor
from tutor_app.errors import SpeechError
from tutor_app.speech import (
    choose_voice,
    install_hint,
    list_voices,
    speech_status,
    synthesize,
    synthesize_chunks,
    tts,
    wav_seconds,
)

pytestmark = pytest.mark.slow

SENTENCE = "The derivative of $x^2$ is $2x$, so the slope at $x = 3$ is $6$. "
CHINESE = "因为$x^2=4$，所以$x=\\pm 2$。"

# Makes the espeak-ng library impossible to load, as on a computer without it.
NO_ESPEAK = """
import ctypes
_load = ctypes.cdll.LoadLibrary
def _refuse(name, *args, **kwargs):
    if "espeak" in str(name):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return _load(name, *args, **kwargs)
ctypes.cdll.LoadLibrary = _refuse
"""
# Makes pyttsx3 impossible to import, as in an environment without it.
NO_PYTTSX3 = """
import sys
class _Refuse:
    def find_spec(self, name, path=None, target=None):
        if name == "pyttsx3" or name.startswith("pyttsx3."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, _Refuse())
"""


def _wav(data: bytes) -> wave.Wave_read:
    return wave.open(io.BytesIO(data))


def _tutor(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    return run_tutor(*args, env=env, stdin=stdin.encode() if stdin is not None else None, text=False)


def test_engine_is_available() -> None:
    assert speech_status() is None


def test_wav_header() -> None:
    data = synthesize(SENTENCE, "en")
    assert data[:4] == b"RIFF" and data[8:16] == b"WAVEfmt "
    with _wav(data) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert wav.getnframes() > 22050


def test_duration_is_in_proportion_to_the_text() -> None:
    one, two, four = (wav_seconds(synthesize(SENTENCE * n, "en")) for n in (1, 2, 4))
    assert 1.8 <= two / one <= 2.2
    assert 1.8 <= four / two <= 2.2


def test_slower_rate_gives_longer_audio() -> None:
    fast = wav_seconds(synthesize(SENTENCE, "en", rate=300))
    slow = wav_seconds(synthesize(SENTENCE, "en", rate=100))
    assert slow > 2 * fast


def test_voices_are_chosen_by_language_tag() -> None:
    assert choose_voice("zh") == "sit/cmn"
    assert choose_voice("en") == "gmw/en-us"
    ids = {voice["id"] for voice in list_voices()}
    assert {"sit/cmn", "gmw/en-us", "gmw/en"} <= ids


def _close(a: float, b: float) -> bool:
    """Equal within 3%: espeak-ng's output varies by a few samples from call to call."""
    return abs(a - b) <= 0.03 * max(a, b)


def test_mandarin_voice_reads_chinese_text(tmp_path: Path) -> None:
    detected = wav_seconds(synthesize(CHINESE))
    assert _close(detected, wav_seconds(synthesize(CHINESE, "zh", voice="sit/cmn")))
    assert not _close(detected, wav_seconds(synthesize(CHINESE, "zh", voice="gmw/en-us")))
    request = {"op": "save", "text": "你好", "voice": choose_voice("zh"), "rate": 170,
               "path": str(tmp_path / "a.wav")}
    assert tts._ask(request, 30)["voice"] == "sit/cmn"


def test_second_call_is_served_from_the_cache() -> None:
    assert synthesize("Cache me, $x^3$.", "en") is synthesize("Cache me, $x^3$.", "en")


def test_two_threads_at_once_both_succeed() -> None:
    texts = [f"Thread {t} call {i}: $x^{i}$ plus {t}." for t in (1, 2) for i in range(2, 7)]
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []

    def work(mine: list[str]) -> None:
        try:
            for text in mine:
                results[text] = synthesize(text, "en")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(texts[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and sorted(results) == sorted(texts)
    tts._render.cache_clear()
    assert all(_close(wav_seconds(synthesize(t, "en")), wav_seconds(results[t])) for t in texts)


def test_chunks_start_with_the_first_sentence() -> None:
    steps = " ".join(f"Step {i}: multiply both sides by ${i}$." for i in range(1, 11))
    chunks = list(synthesize_chunks(steps, "en"))
    assert chunks[0] == synthesize("Step 1: multiply both sides by $1$.", "en")
    assert len(chunks) == 3
    assert all(_wav(chunk).getnframes() > 0 for chunk in chunks)


@pytest.mark.parametrize("restart", range(5))
def test_a_stopped_worker_is_replaced_and_its_first_call_works(restart: int) -> None:
    synthesize("warm up", "en")
    assert tts._worker is not None
    tts._worker.stop()
    assert wav_seconds(synthesize(f"After restart {restart}, $x = 1$.", "en")) > 0.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": ""}, "Nothing to read aloud: the text has no words."),
        ({"text": "$\\quad$ ..."}, "Nothing to read aloud: the text has no words."),
        ({"text": "hi", "rate": 10}, "Speaking rate 10 is out of range; use 60 to 400 words per minute."),
        ({"text": "hi", "voice": "nope"}, "Unknown voice 'nope'. List the installed voices with `tutor speak --voices`."),
        ({"text": "hi", "lang": "fr"}, "Unknown language 'fr' for read aloud; use 'en' or 'zh'."),
    ],
)
def test_bad_requests_get_clear_messages(kwargs: dict, message: str) -> None:
    with pytest.raises(SpeechError) as caught:
        synthesize(**kwargs)
    assert str(caught.value) == message


def _env_with_site(tmp_path: Path, code: str) -> dict[str, str]:
    (tmp_path / "sitecustomize.py").write_text(code, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(Path.cwd())])
    return env


PROBE = """
from tutor_app.errors import SpeechError
from tutor_app.speech import math_to_words, speech_status, synthesize
print(speech_status())
try:
    synthesize("x squared")
except SpeechError as exc:
    print(exc)
print(math_to_words("$x^2$"))
"""


@pytest.mark.parametrize(("site", "missing"), [(NO_ESPEAK, "engine"), (NO_PYTTSX3, "pyttsx3")])
def test_missing_engine_gives_the_install_hint(tmp_path: Path, site: str, missing: str) -> None:
    env = _env_with_site(tmp_path, site)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    hint = install_hint(missing)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.splitlines() == [hint, hint, "x squared"]


def test_missing_engine_hint_names_the_package() -> None:
    assert "sudo apt-get install espeak-ng" in install_hint("engine", "linux")
    assert "pywin32" in install_hint("engine", "win32")
    assert "pyobjc" in install_hint("engine", "darwin")


def test_cli_without_engine_says_what_to_install(tmp_path: Path) -> None:
    env = _env_with_site(tmp_path, NO_ESPEAK)
    done = _tutor("speak", "$x^2$", "--out", str(tmp_path / "a.wav"), env=env)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == f"tutor: {install_hint('engine')}\n"
    words = _tutor("speak", "--words", "$x^2$", env=env)
    assert (words.returncode, words.stdout) == (0, b"x squared\n")


def test_cli_writes_a_wav_file(tmp_path: Path) -> None:
    out = tmp_path / "speech.wav"
    done = _tutor("speak", SENTENCE, "--out", str(out))
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    assert _close(wav_seconds(out.read_bytes()), wav_seconds(synthesize(SENTENCE, "en")))


def test_cli_stdout_holds_only_the_wav() -> None:
    done = _tutor("speak", "--file", "-", "--lang", "zh", "--out", "-", stdin=CHINESE)
    assert done.returncode == 0
    assert _close(wav_seconds(done.stdout), wav_seconds(synthesize(CHINESE, "zh")))


@pytest.mark.parametrize(
    ("args", "stdout"),
    [
        (["--words", "$\\frac{1}{2}$"], "1 over 2\n"),
        (["--words", "--lang", "zh", "$\\frac{1}{2}$"], "2分之1\n"),
        (["--words", "答案是$\\sqrt{2}$"], "答案是根号2\n"),
    ],
)
def test_cli_prints_the_words(args: list[str], stdout: str) -> None:
    done = _tutor("speak", *args)
    assert (done.returncode, done.stdout.decode(), done.stderr) == (0, stdout, b"")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Nothing to read aloud: give a TEXT or --file F."),
        (["hi", "--file", "x.txt"], "Give the text or --file, not both."),
        (["--file", "/no/such/file.txt"], "Could not read /no/such/file.txt: [Errno 2] No such file or directory: '/no/such/file.txt'"),
        (["hi", "--voice", "nope", "--out", "-"], "Unknown voice 'nope'. List the installed voices with `tutor speak --voices`."),
    ],
)
def test_cli_bad_input(args: list[str], message: str) -> None:
    done = _tutor("speak", *args)
    assert (done.returncode, done.stdout, done.stderr.decode()) == (2, b"", f"tutor: {message}\n")


def test_cli_lists_voices() -> None:
    done = _tutor("speak", "--voices")
    assert done.returncode == 0
    assert "sit/cmn\tcmn\tChinese (Mandarin, latin as English)" in done.stdout.decode().splitlines()
