"""Turn a handed-in file into page images ready for the model."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pypdfium2

from tutor_app.config import Settings
from tutor_app.errors import ImageError
from tutor_app.model.images import prepare_image, read_limited

# Scanned pages are rendered at 144 dpi; image preparation downsizes them further.
PDF_SCALE = 2.0
MAX_PDF_PAGES = 20
# An A4 page at 144 dpi is 2.4 megapixels; a page that would render larger is rendered
# at a lower scale, because a few hundred bytes of PDF can declare a 5-metre page.
MAX_PAGE_PIXELS = 8_000_000


def page_scale(width_pt: float, height_pt: float, *, name: str = "PDF", max_pixels: int = MAX_PAGE_PIXELS) -> float:
    """The render scale for a page of this size in points: PDF_SCALE, or less to stay within ``max_pixels``."""
    if not (math.isfinite(width_pt) and math.isfinite(height_pt)) or width_pt <= 0 or height_pt <= 0:
        raise ImageError(key="pdf.impossible_size", name=name, width=width_pt, height=height_pt)
    return min(PDF_SCALE, math.sqrt(max_pixels / (width_pt * height_pt)))


def render_pdf(data: bytes, *, name: str = "PDF") -> list[bytes]:
    """Render every page of a PDF to PNG bytes."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ImageError(key="pdf.unreadable", name=name, detail=exc) from exc
    try:
        if len(document) == 0:
            raise ImageError(key="pdf.no_pages", name=name)
        if len(document) > MAX_PDF_PAGES:
            raise ImageError(key="pdf.too_many_pages", name=name, pages=len(document), limit=MAX_PDF_PAGES)
        pages = []
        for page in document:
            buffer = io.BytesIO()
            scale = page_scale(*page.get_size(), name=name)
            page.render(scale=scale).to_pil().save(buffer, format="PNG")
            pages.append(buffer.getvalue())
        return pages
    finally:
        document.close()


def load_pages(path: Path, settings: Settings) -> list[bytes]:
    """Read one file (photo or PDF) and return its pages prepared for the model."""
    path = Path(path)
    max_bytes = settings.max_upload_mb * 2**20
    data = read_limited(path, max_bytes)
    raw = render_pdf(data, name=path.name) if data[:5] == b"%PDF-" else [data]
    return [
        prepare_image(
            page,
            short_side=settings.image_short_side,
            max_tokens=settings.image_max_tokens,
            max_bytes=max_bytes,
        ).data
        for page in raw
    ]
