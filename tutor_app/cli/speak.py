"""`tutor speak`: read a text aloud offline, or write it as a WAV file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor_app.errors import SpeechError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `tutor speak`."""
    parser = subparsers.add_parser(
        "speak",
        help="Read a text (Markdown + LaTeX) aloud, offline.",
        description="Read a text aloud with the offline speech engine, math spoken as words.",
    )
    parser.add_argument("text", nargs="?", help="The text to read (or use --file).")
    parser.add_argument("--file", type=Path, help="Read the text from this file ('-': stdin).")
    parser.add_argument("--lang", choices=("en", "zh"), help="Language (default: detected).")
    parser.add_argument("--out", help="Write the WAV here instead of playing it ('-': stdout).")
    parser.add_argument(
        "--words", action="store_true", help="Print the words that would be spoken; no audio."
    )
    parser.add_argument("--voice", help="Voice id (see --voices). Default: from the settings.")
    parser.add_argument("--rate", type=int, help="Speaking rate in words per minute.")
    parser.add_argument("--voices", action="store_true", help="List the installed voices.")
    parser.set_defaults(func=speak)


def _read_text(args: argparse.Namespace) -> str:
    if args.file is not None and args.text is not None:
        raise SpeechError("Give the text or --file, not both.")
    if args.file is None:
        if args.text is None:
            raise SpeechError("Nothing to read aloud: give a TEXT or --file F.")
        return args.text
    if str(args.file) == "-":
        return sys.stdin.read()
    try:
        return args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpeechError(f"Could not read {args.file}: {exc}") from exc


def _print_voices() -> int:
    from tutor_app.speech import list_voices

    for voice in list_voices():
        print(f"{voice['id']}\t{', '.join(voice['languages'])}\t{voice['name']}")
    return 0


def _write(data: bytes, out: str) -> None:
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise SpeechError(f"Could not write {out}: {exc}") from exc


def speak(args: argparse.Namespace) -> int:
    """Print the words, write the WAV or play it, as asked."""
    from tutor_app.config import load_settings
    from tutor_app.speech import (
        detect_language,
        math_to_words,
        synthesize,
        synthesize_chunks,
    )

    if args.voices:
        return _print_voices()
    text = _read_text(args)
    lang = args.lang or detect_language(text)
    if args.words:
        print(math_to_words(text, lang))
        return 0
    settings = load_settings(tts_rate=args.rate)
    voice = args.voice or settings.voice_for(lang)
    if args.out:
        _write(synthesize(text, lang, rate=settings.tts_rate, voice=voice), args.out)
        return 0
    from tutor_app.speech.playback import play_wav

    for chunk in synthesize_chunks(text, lang, rate=settings.tts_rate, voice=voice):
        play_wav(chunk)
    return 0
