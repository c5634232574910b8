"""Turn a handed-in file into page images ready for the model."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2

from tutor_app.config import Settings
from tutor_app.errors import ImageError
from tutor_app.model.images import prepare_image

# Scanned pages are rendered at 144 dpi; image preparation downsizes them further.
PDF_SCALE = 2.0
MAX_PDF_PAGES = 20


def render_pdf(data: bytes, *, name: str = "PDF") -> list[bytes]:
    """Render every page of a PDF to PNG bytes."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ImageError(f"{name} is not a readable PDF ({exc}); scan or export it again.") from exc
    try:
        if len(document) == 0:
            raise ImageError(f"{name} has no pages.")
        if len(document) > MAX_PDF_PAGES:
            raise ImageError(
                f"{name} has {len(document)} pages; at most {MAX_PDF_PAGES} per student are graded."
            )
        pages = []
        for page in document:
            buffer = io.BytesIO()
            page.render(scale=PDF_SCALE).to_pil().save(buffer, format="PNG")
            pages.append(buffer.getvalue())
        return pages
    finally:
        document.close()


def load_pages(path: Path, settings: Settings) -> list[bytes]:
    """Read one file (photo or PDF) and return its pages prepared for the model."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageError(f"Could not read {path.name}: {exc.strerror or exc}.") from exc
    max_bytes = settings.max_upload_mb * 2**20
    if len(data) > max_bytes:
        raise ImageError(
            f"{path.name} is {len(data) // 2**20} MB, more than the {settings.max_upload_mb} MB limit."
        )
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
