"""Read aloud, offline: math as words (``words``) and speech synthesis (``tts``)."""

from tutor_app.speech.tts import (
    choose_voice,
    install_hint,
    list_voices,
    speech_status,
    synthesize,
    synthesize_chunks,
    voices_for,
    wav_seconds,
)
from tutor_app.speech.words import detect_language, math_to_words, split_sentences

__all__ = [
    "choose_voice",
    "detect_language",
    "install_hint",
    "list_voices",
    "math_to_words",
    "speech_status",
    "split_sentences",
    "synthesize",
    "synthesize_chunks",
    "voices_for",
    "wav_seconds",
]
