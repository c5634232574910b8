"""The Teacher page passcode: stored as a salted scrypt hash, checked in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from tutor_app.config import Settings, save_settings
from tutor_app.errors import ConfigError

SCHEME = "scrypt"
# 2**14 x 8 x 1 costs ~16 MB and ~50 ms: slow for guessing, quick for one login.
N, R, P = 2**14, 8, 1
# Six characters at the least; the lockout, not the length, is what stops guessing.
MIN_LENGTH = 6


def _derive(passcode: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passcode.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_passcode(passcode: str) -> str:
    """A storable hash of ``passcode``: ``scrypt$n$r$p$salt$digest``."""
    if len(passcode.strip()) < MIN_LENGTH:
        raise ConfigError(
            f"The passcode must have at least {MIN_LENGTH} characters. A short phrase, such as "
            "four unrelated words, is easy to remember and hard to guess."
        )
    salt = secrets.token_bytes(16)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(_derive(passcode, salt, N, R, P))}"


def verify_passcode(passcode: str, stored: str) -> bool:
    """True when ``passcode`` matches the stored hash; False for anything malformed."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        candidate = _derive(passcode, _unb64(salt), int(n), int(r), int(p))
        return hmac.compare_digest(candidate, _unb64(digest))
    except (ValueError, MemoryError):
        return False


def passcode_is_set(settings: Settings) -> bool:
    """True when a Teacher page passcode is configured."""
    return bool(settings.teacher_passcode_hash)


def set_passcode(passcode: str) -> Path:
    """Hash ``passcode`` into the config file; return the file's path."""
    return save_settings(teacher_passcode_hash=hash_passcode(passcode))
