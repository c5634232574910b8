"""Teacher passcode: salted hash, constant-time check, saved hashed in the config file."""

from __future__ import annotations

import tomllib

import pytest

from tutor_app.config import config_path, load_settings
from tutor_app.errors import ConfigError
from tutor_app.grading.passcode import (
    hash_passcode,
    passcode_is_set,
    set_passcode,
    verify_passcode,
)


def test_hash_and_verify() -> None:
    stored = hash_passcode("maths-room-12")
    assert stored.startswith("scrypt$16384$8$1$")
    assert "maths-room-12" not in stored
    assert stored != hash_passcode("maths-room-12")  # fresh salt each time
    assert verify_passcode("maths-room-12", stored) is True
    assert verify_passcode("maths-room-13", stored) is False


@pytest.mark.parametrize("stored", ["", "garbage", "md5$1$2$3$abc$def", "scrypt$x$8$1$abc$def"])
def test_malformed_hashes_never_match(stored: str) -> None:
    assert verify_passcode("anything", stored) is False


@pytest.mark.parametrize("passcode", ["  1 ", "2468", "24680", " 2468 "])
def test_too_short(passcode: str) -> None:
    with pytest.raises(ConfigError) as err:
        hash_passcode(passcode)
    assert str(err.value) == (
        "The passcode must have at least 6 characters. A short phrase, such as four unrelated words, "
        "is easy to remember and hard to guess."
    )


def test_set_passcode_writes_only_the_hash() -> None:
    assert passcode_is_set(load_settings()) is False
    assert set_passcode("open sesame") == config_path()
    stored = tomllib.loads(config_path().read_text())["teacher_passcode_hash"]
    assert verify_passcode("open sesame", stored) is True
    assert "open sesame" not in config_path().read_text()
    assert passcode_is_set(load_settings()) is True
