"""Image preparation: any upload becomes an upright, flattened, token-budgeted image.

Qwen3-VL cuts an image into 16 px patches and merges them 2x2, so one vision
token covers 32x32 px. A phone photo would cost about 11,800 tokens; we
downscale it to a budget before the model sees it.

Output rule: an image with at most 256 distinct colours after preparation
(printed text, line art, diagrams, screenshots) is written as PNG, which is
lossless and smaller for flat colours; anything else (photos) as JPEG quality 90.
A JPEG or PNG that needs no change at all (already within budget, upright, no
transparency or metadata, such as our own output) is passed through as it is.
"""

from __future__ import annotations

import base64
import codecs
import io
import math
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from tutor_app.errors import ImageError

register_heif_opener()

PATCH_PX = 32
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Above any phone's default photo size (48 MP) and below Pillow's own bomb limit.
DEFAULT_MAX_PIXELS = 80_000_000
# Memory one image may take while it is decoded, turned and flattened.
MAX_DECODE_BYTES = 512 * 1024 * 1024
# Bytes per pixel held at the peak of decoding, turning and flattening, by decoded mode:
# a 16-bit PNG is converted through 32-bit copies, a transparent one through three RGBA ones.
_PEAK_BYTES_PER_PIXEL = {
    "1": 2, "L": 2, "P": 5, "RGB": 8, "CMYK": 8, "YCbCr": 8, "LAB": 8, "HSV": 8, "F": 8,
    "I": 13, "I;16": 11, "I;16L": 11, "I;16B": 11, "I;16N": 11,
}
_TRANSPARENT_BYTES_PER_PIXEL = 17
SUPPORTED = "JPEG, PNG, WebP, GIF, BMP, TIFF or HEIC"
_JPEG_QUALITY = 90
_PNG_MAX_COLOURS = 256
# A JPEG decoded at reduced scale up to 4% under the budget is kept as it is: a
# 4032x3024 photo decodes at 1/4 to 1008x756, the same 768 tokens as 1024x768,
# for a quarter of the decoding work and no resize.
_DRAFT_SLACK = 0.96
# warnings.catch_warnings swaps a process-wide filter list; the lock keeps two
# of our own uploads from restoring each other's filters out of order.
_open_lock = threading.Lock()
_CLOCKWISE = {
    1: Image.Transpose.ROTATE_270,
    2: Image.Transpose.ROTATE_180,
    3: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class PreparedImage:
    """An image ready for the model, with its size before and after preparation."""

    data: bytes
    mime: str
    width: int
    height: int
    tokens: int
    original_width: int
    original_height: int
    original_tokens: int
    source_format: str

    def data_uri(self) -> str:
        """The image as a ``data:`` URI, as llama.cpp and OpenAI-style servers take it."""
        return image_data_uri(self.data)


def image_mime(data: bytes) -> str:
    """The MIME type of prepared image bytes (PNG or JPEG), from their magic bytes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    raise ImageError(
        "An image sent to the model is neither PNG nor JPEG; prepare it with the "
        "app's image preparation first."
    )


def image_data_uri(data: bytes) -> str:
    """Prepared image bytes as a ``data:`` URI, for model requests and HTML pages."""
    return f"data:{image_mime(data)};base64,{base64.b64encode(data).decode('ascii')}"


def image_tokens(width: int, height: int) -> int:
    """Vision tokens Qwen3-VL spends on an image of this size (one per 32x32 px)."""
    if width < 1 or height < 1:
        raise ImageError(f"An image must be at least 1x1 pixel, not {width}x{height}.")
    return math.ceil(width / PATCH_PX) * math.ceil(height / PATCH_PX)


def prepare_image(
    data: bytes,
    *,
    short_side: int = 768,
    max_tokens: int = 1024,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> PreparedImage:
    """Decode an upload, turn it upright, flatten it on white and fit it to the token budget."""
    if short_side < 1 or max_tokens < 1:
        raise ImageError(
            f"The image budget must be positive (short side {short_side}, tokens {max_tokens})."
        )
    img, source_format = _open(data, max_bytes=max_bytes, max_pixels=max_pixels)
    stored_w, stored_h = img.size
    target = _fit(stored_w, stored_h, short_side, max_tokens)
    # MPO is how some phones store a JPEG with extra pictures (depth, portrait).
    if img.format in ("JPEG", "MPO") and target != (stored_w, stored_h):
        # Decoding at 1/2, 1/4 or 1/8 scale is what makes a 12 MP photo fast.
        img.draft(None, tuple(math.ceil(side * _DRAFT_SLACK) for side in target))
    img = _decode(img, source_format)
    swapped = _swaps_sides(img)
    original_w, original_h = (stored_h, stored_w) if swapped else (stored_w, stored_h)
    size = _fit(original_w, original_h, short_side, max_tokens)
    decoded = img.size[::-1] if swapped else img.size
    if all(want * _DRAFT_SLACK <= got <= want for got, want in zip(decoded, size)):
        size = decoded
    if (stored_w, stored_h) == size and _plain(img):
        # Re-encoding would only cost time and, for JPEG, quality.
        out, mime = bytes(data), Image.MIME[source_format]
    else:
        img = _flatten(_upright(img, source_format))
        if img.size != size:
            img = img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        out, mime = _encode(img, _JPEG_QUALITY)
    return PreparedImage(
        data=out,
        mime=mime,
        width=size[0],
        height=size[1],
        tokens=image_tokens(*size),
        original_width=original_w,
        original_height=original_h,
        original_tokens=image_tokens(original_w, original_h),
        source_format=source_format,
    )


def read_limited(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the file at ``path``, refused without reading it when it is over ``max_bytes``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            # Bounded too, for a file that grows between the stat and the read.
            data = handle.read(max_bytes + 1) if size <= max_bytes else b""
    except OSError as exc:
        raise ImageError(f"Could not read {path.name}: {exc.strerror or exc}.") from exc
    if size > max_bytes or len(data) > max_bytes:
        raise ImageError(
            f"{path.name} is {_round(max(size, len(data)) / 1_048_576)} MB; the limit is "
            f"{_round(max_bytes / 1_048_576)} MB."
        )
    return data


def rotate_image(
    data: bytes,
    quarter_turns: int,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> bytes:
    """Turn an image clockwise by ``quarter_turns`` x 90 degrees (negative: anticlockwise)."""
    img = _load_full(data, max_bytes, max_pixels)
    turns = quarter_turns % 4
    if turns:
        img = img.transpose(_CLOCKWISE[turns])
    return _encode(img, 95)[0]


def crop_image(
    data: bytes,
    box: tuple[float, float, float, float],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> bytes:
    """Cut out ``box`` = (left, top, right, bottom) given as fractions of width and height."""
    try:
        left, top, right, bottom = (float(v) for v in box)
    except (TypeError, ValueError) as exc:
        raise ImageError(
            f"A crop box is four numbers (left, top, right, bottom), not {box!r}."
        ) from exc
    if not (0 <= left < right <= 1 and 0 <= top < bottom <= 1):
        raise ImageError(
            f"The crop box {box!r} must hold fractions between 0 and 1 with "
            "left < right and top < bottom."
        )
    img = _load_full(data, max_bytes, max_pixels)
    w, h = img.size
    x0, y0 = min(round(left * w), w - 1), min(round(top * h), h - 1)
    x1, y1 = max(round(right * w), x0 + 1), max(round(bottom * h), y0 + 1)
    return _encode(img.crop((x0, y0, x1, y1)), 95)[0]


def _load_full(data: bytes, max_bytes: int, max_pixels: int) -> Image.Image:
    img, source_format = _open(data, max_bytes=max_bytes, max_pixels=max_pixels)
    return _flatten(_upright(_decode(img, source_format), source_format))


def _open(data: bytes, *, max_bytes: int, max_pixels: int) -> tuple[Image.Image, str]:
    """Read the header only: format, size and the limits, before any pixel is decoded."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImageError(f"Expected the bytes of an image file, got {type(data).__name__}.")
    if len(data) == 0:
        raise ImageError(key="image.empty")
    if len(data) > max_bytes:
        raise ImageError(
            key="image.file_too_big", size=_round(len(data) / 1_048_576), limit=_round(max_bytes / 1_048_576)
        )
    with _open_lock, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(bytes(data)))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(key="image.bomb", detail=exc) from exc
        except UnidentifiedImageError as exc:
            raise ImageError(_describe_unreadable(bytes(data[:1024]))) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise ImageError(key="image.damaged", detail=exc) from exc
    source_format = img.format or "unknown"
    w, h = img.size
    if w * h > max_pixels:
        raise ImageError(
            key="image.too_many_pixels", width=w, height=h, megapixels=_round(w * h / 1e6),
            limit=_round(max_pixels / 1e6),
        )
    return img, source_format


def decode_bytes(width: int, height: int, mode: str, transparent: bool = False) -> int:
    """The memory an image of this size and mode takes at the peak of its preparation."""
    per_pixel = _TRANSPARENT_BYTES_PER_PIXEL if transparent else _PEAK_BYTES_PER_PIXEL.get(mode)
    return width * height * (per_pixel or _TRANSPARENT_BYTES_PER_PIXEL)


def _decode(img: Image.Image, source_format: str) -> Image.Image:
    """Decode the pixels of the first frame, turning damage into a clear message."""
    # Checked after a JPEG's draft scale is set, so a big photo decoded small passes.
    needed = decode_bytes(*img.size, img.mode, "transparency" in img.info)
    if needed > MAX_DECODE_BYTES:
        raise ImageError(
            key="image.too_much_memory", width=img.size[0], height=img.size[1], format=source_format,
            mode=img.mode, needed=_round(needed / 1_048_576), limit=_round(MAX_DECODE_BYTES / 1_048_576),
        )
    try:
        img.seek(0)
        img.load()
    except Image.DecompressionBombError as exc:
        raise ImageError(key="image.format_bomb", format=source_format, detail=exc) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(key="image.cut_off", format=source_format, detail=exc) from exc
    return img


def _plain(img: Image.Image) -> bool:
    """A JPEG or PNG with nothing to flatten, turn or strip, such as our own output."""
    return (
        img.format in ("JPEG", "PNG")
        and img.mode in ("L", "RGB")
        and not any(key in img.info for key in ("exif", "icc_profile", "transparency"))
    )


def _swaps_sides(img: Image.Image) -> bool:
    # EXIF orientations 5-8 are the quarter-turn ones.
    return img.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def _upright(img: Image.Image, source_format: str) -> Image.Image:
    try:
        return ImageOps.exif_transpose(img)
    except (OSError, SyntaxError, ValueError, TypeError) as exc:
        raise ImageError(
            f"This {source_format} file has damaged orientation data ({exc})."
        ) from exc


def _flatten(img: Image.Image) -> Image.Image:
    """Put transparent pixels on white and reduce every mode to L or RGB."""
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if img.mode in ("L", "RGB"):
        return img
    if img.mode == "1":
        return img.convert("L")
    if img.mode.startswith("I"):
        # 16-bit greyscale: a plain convert would clip everything above 255 to white.
        return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    try:
        return img.convert("RGB")
    except ValueError as exc:
        raise ImageError(
            f"This image uses a colour mode we cannot read ({img.mode}). Save it as PNG or JPEG."
        ) from exc


def _fit(width: int, height: int, short_side: int, max_tokens: int) -> tuple[int, int]:
    """The largest size of this aspect ratio within the short side and the token budget."""
    scale = min(
        1.0,
        short_side / min(width, height),
        math.sqrt(max_tokens * PATCH_PX * PATCH_PX / (width * height)),
    )
    while True:
        size = (max(1, math.floor(width * scale)), max(1, math.floor(height * scale)))
        if image_tokens(*size) <= max_tokens or size == (1, 1):
            return size
        scale *= 0.98


def _encode(img: Image.Image, quality: int) -> tuple[bytes, str]:
    buf = io.BytesIO()
    if img.getcolors(_PNG_MAX_COLOURS) is not None:
        img.save(buf, "PNG", optimize=False, compress_level=6)
        return buf.getvalue(), "image/png"
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue(), "image/jpeg"


def _round(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _describe_unreadable(head: bytes) -> str:
    """Name what a non-image upload actually is, so the person knows what to do."""
    kinds = (
        (b"%PDF", "a PDF", "Take a screenshot or photo of the page and upload that"),
        (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or PowerPoint document)",
         "Export the page as a picture or take a photo of it"),
        (b"\x1f\x8b", "a compressed (gzip) archive", "Unpack it and upload the photo inside"),
        (b"Rar!", "a RAR archive", "Unpack it and upload the photo inside"),
        (b"7z\xbc\xaf", "a 7-Zip archive", "Unpack it and upload the photo inside"),
    )
    for magic, what, advice in kinds:
        if head.startswith(magic):
            return f"This file is {what}, not a photo. {advice} ({SUPPORTED})."
    lowered = head.lstrip().lower()
    if lowered.startswith(b"<svg") or (lowered.startswith(b"<?xml") and b"<svg" in lowered):
        return f"This file is an SVG drawing, which we cannot read. Export it as PNG ({SUPPORTED})."
    if lowered.startswith((b"<!doctype html", b"<html")):
        return f"This file is a web page, not a photo. Save the picture itself ({SUPPORTED})."
    if head.startswith(b"\xff\xd8"):
        return "This JPEG file is damaged and cannot be read. Upload it again or take a new photo."
    if head.startswith(b"\x89PNG"):
        return "This PNG file is damaged and cannot be read. Upload it again or take a new photo."
    if b"\x00" not in head and _is_utf8(head):
        return (
            "This file is text, not an image. Type the problem into the text box, "
            f"or upload a photo of it ({SUPPORTED})."
        )
    return f"This file is not an image we can read. Upload a {SUPPORTED} photo."


def _is_utf8(head: bytes) -> bool:
    # Incremental, so a character cut at the end of the sniffed bytes still counts as text.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True
