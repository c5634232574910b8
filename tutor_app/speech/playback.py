"""Play WAV bytes on this computer's speakers, for `tutor speak`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from tutor_app.errors import SpeechError

# Command-line players, most common first; each plays one WAV file and exits.
PLAYERS = (
    ("afplay",),
    ("paplay",),
    ("pw-play",),
    ("aplay", "-q"),
    ("ffplay", "-nodisp", "-autoexit", "-loglevel", "error"),
)


def _play_windows(data: bytes) -> None:
    import winsound

    winsound.PlaySound(data, winsound.SND_MEMORY)


def play_wav(data: bytes) -> None:
    """Play WAV bytes and return when they have finished."""
    if sys.platform.startswith("win"):
        _play_windows(data)
        return
    player = next((p for p in PLAYERS if shutil.which(p[0])), None)
    if player is None:
        raise SpeechError(
            "No audio player was found (afplay, paplay, pw-play, aplay or ffplay). "
            "Write the audio to a file instead: tutor speak TEXT --out speech.wav"
        )
    with tempfile.TemporaryDirectory(prefix="tutor-play-") as folder:
        path = os.path.join(folder, "speech.wav")
        with open(path, "wb") as file:
            file.write(data)
        done = subprocess.run([*player, path], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise SpeechError(
            f"{player[0]} could not play the audio ({reason}). "
            "Write it to a file instead: tutor speak TEXT --out speech.wav"
        )
