"""Which installed voices the Settings page offers for each language."""

from __future__ import annotations

import pytest

from tutor_app.speech import tts, voices_for

VOICES = [
    {"id": "gmw/en-us", "name": "English (America)", "languages": ["en-us"]},
    {"id": "sit/cmn", "name": "Chinese (Mandarin, latin as English)", "languages": ["cmn"]},
    {"id": "sit/hak", "name": "Chinese (Hakka)", "languages": ["hak"]},
    # SAPI5 and NSSpeechSynthesizer voices may carry no language tag, only a name.
    {"id": "zira", "name": "Microsoft Zira Desktop - English (United States)", "languages": []},
    {"id": "huihui", "name": "Microsoft Huihui Desktop - Chinese (Simplified)", "languages": []},
]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", ["gmw/en-us", "zira"]), ("zh", ["sit/cmn", "huihui"])],
)
def test_voices_by_tag_or_by_name_when_untagged(monkeypatch: pytest.MonkeyPatch, lang: str, expected: list[str]) -> None:
    monkeypatch.setattr(tts, "list_voices", lambda: [dict(v) for v in VOICES])
    assert [v["id"] for v in voices_for(lang)] == expected
