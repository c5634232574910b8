"""The QR code students scan to open the app."""

from __future__ import annotations

import io

import segno

# Level M survives a glare spot on a projected screen and keeps the code small.
ERROR_LEVEL = "m"


def _code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """PNG bytes of a QR code that opens ``url``."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    """SVG bytes of a QR code that opens ``url``."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=False)
    return buffer.getvalue()
