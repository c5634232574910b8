"""The QR code on the home page decodes back to the app's address."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from tutor_app.classroom.qr import qr_png, qr_svg

URLS = ["https://192.168.1.5:8501", "http://10.0.0.7:8501", "https://127.0.0.1:65535"]


@pytest.mark.parametrize("url", URLS)
def test_png_decodes_to_the_url(url: str) -> None:
    data = qr_png(url)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))
    assert [(code.format, code.text) for code in found] == [(zxingcpp.BarcodeFormat.QRCode, url)]


@pytest.mark.parametrize("url", URLS)
def test_svg_is_an_svg_document(url: str) -> None:
    data = qr_svg(url)
    assert data.startswith(b"<svg ")
    assert data.rstrip().endswith(b"</svg>")
