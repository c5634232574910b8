"""Handed-in files that try to exhaust memory: page bombs, huge files, 16-bit images."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from tutor_app.config import load_settings
from tutor_app.errors import ImageError
from tutor_app.grading.pages import MAX_PAGE_PIXELS, PDF_SCALE, load_pages, page_scale, render_pdf
from tutor_app.model.images import MAX_DECODE_BYTES, prepare_image


def pdf(*sizes: tuple[float, float]) -> bytes:
    """A PDF of blank pages of these sizes in points."""
    document = pypdfium2.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def pixels(png: bytes) -> int:
    with Image.open(io.BytesIO(png)) as img:
        return img.width * img.height


@pytest.mark.parametrize(
    ("size", "scale"),
    [
        ((595, 842), PDF_SCALE),  # A4 renders at 144 dpi as before
        ((7200, 7200), (MAX_PAGE_PIXELS / 7200**2) ** 0.5),  # a 100-inch page
        ((14400, 14400), (MAX_PAGE_PIXELS / 14400**2) ** 0.5),  # the largest page PDF allows
        ((1, 14400), PDF_SCALE),  # a thin strip is small in pixels
    ],
)
def test_page_scale_keeps_every_page_within_the_pixel_budget(size: tuple[int, int], scale: float) -> None:
    assert page_scale(*size) == pytest.approx(scale)
    assert size[0] * size[1] * page_scale(*size) ** 2 <= MAX_PAGE_PIXELS * 1.0001


@pytest.mark.parametrize("size", [(0, 842), (595, -1), (float("nan"), 842), (float("inf"), 1)])
def test_impossible_page_sizes_are_refused(size: tuple[float, float]) -> None:
    with pytest.raises(ImageError, match=r"homework.pdf has a page of impossible size"):
        page_scale(*size, name="homework.pdf")


def test_a_page_bomb_renders_within_the_budget() -> None:
    # 3000 pt square at 144 dpi would be 36 megapixels (144 MB of pixels) before this fix.
    pages = render_pdf(pdf((595, 842), (3000, 3000)), name="bomb.pdf")
    assert pixels(pages[0]) == 1190 * 1684
    assert MAX_PAGE_PIXELS * 0.99 <= pixels(pages[1]) <= MAX_PAGE_PIXELS * 1.001  # whole pixels round up


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "ana_page1.jpg"
    with huge.open("wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: 200 MB on paper, nothing on disk
    settings = load_settings(max_upload_mb=20)
    tracemalloc.start()
    try:
        with pytest.raises(ImageError) as err:
            load_pages(huge, settings)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(err.value) == "ana_page1.jpg is 200 MB; the limit is 20 MB."
    assert peak < 2**20


def test_a_16_bit_image_is_refused_by_the_memory_its_decoding_needs() -> None:
    buffer = io.BytesIO()
    Image.new("I;16", (8000, 8000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 2**20
    with pytest.raises(ImageError) as err:
        prepare_image(buffer.getvalue())
    assert str(err.value) == (
        "This 8000x8000 PNG image (I;16) would need 671.4 MB of memory to read; the limit is "
        f"{MAX_DECODE_BYTES // 2**20} MB. Save it as an 8-bit PNG or JPEG, or at a lower resolution."
    )


def test_an_8_bit_image_of_the_same_size_still_opens() -> None:
    buffer = io.BytesIO()
    Image.new("L", (8000, 8000), 255).save(buffer, "PNG")
    assert prepare_image(buffer.getvalue(), max_tokens=64).tokens <= 64
