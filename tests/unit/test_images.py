"""Image preparation on every supported format and on bad, huge and non-image input."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw
from pillow_heif import from_pillow

from tutor_app.errors import ImageError
from tutor_app.model.images import crop_image, image_tokens, prepare_image, rotate_image


def encode(img: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def quadrants(width: int = 400, height: int = 300) -> Image.Image:
    """Red top-left, green top-right, blue bottom-left, white bottom-right: shows orientation."""
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width // 2 - 1, height // 2 - 1), fill=(255, 0, 0))
    draw.rectangle((width // 2, 0, width - 1, height // 2 - 1), fill=(0, 255, 0))
    draw.rectangle((0, height // 2, width // 2 - 1, height - 1), fill=(0, 0, 255))
    return img


def decoded(prepared_or_bytes) -> Image.Image:
    data = getattr(prepared_or_bytes, "data", prepared_or_bytes)
    img = Image.open(io.BytesIO(data))
    img.load()
    return img.convert("RGB")


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def heic_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    from_pillow(img).save(buf, format="HEIF", quality=90)
    return buf.getvalue()


def gif_two_frames() -> bytes:
    first = quadrants().convert("P", palette=Image.Palette.ADAPTIVE)
    second = Image.new("RGB", (400, 300), (0, 0, 0)).convert("P")
    buf = io.BytesIO()
    first.save(buf, "GIF", save_all=True, append_images=[second], duration=100)
    return buf.getvalue()


def mpo_two_pictures() -> bytes:
    """A phone JPEG carrying a second picture (depth map, portrait) after the first."""
    black = Image.new("RGB", (400, 300), (0, 0, 0))
    return encode(quadrants(), "MPO", quality=95, save_all=True, append_images=[black])


FORMATS = [
    ("JPEG", lambda: encode(quadrants(), "JPEG", quality=95)),
    ("MPO", mpo_two_pictures),
    ("PNG", lambda: encode(quadrants(), "PNG")),
    ("WEBP", lambda: encode(quadrants(), "WEBP", quality=95)),
    ("GIF", gif_two_frames),
    ("BMP", lambda: encode(quadrants(), "BMP")),
    ("TIFF", lambda: encode(quadrants(), "TIFF")),
    ("HEIF", lambda: heic_bytes(quadrants())),
]


@pytest.mark.parametrize(("fmt", "make"), FORMATS, ids=[f for f, _ in FORMATS])
def test_every_format_is_prepared_with_its_content(fmt, make):
    prepared = prepare_image(make())
    assert prepared.source_format == fmt
    assert (prepared.width, prepared.height) == (400, 300)
    assert (prepared.original_width, prepared.original_height) == (400, 300)
    assert prepared.tokens == prepared.original_tokens == 13 * 10
    img = decoded(prepared)
    assert img.size == (400, 300)
    # The first GIF frame, not the black second one.
    assert near(img.getpixel((100, 75)), (255, 0, 0))
    assert near(img.getpixel((300, 75)), (0, 255, 0))
    assert near(img.getpixel((100, 225)), (0, 0, 255))
    assert near(img.getpixel((300, 225)), (255, 255, 255))


def test_output_rule_png_for_few_colours_jpeg_for_photos():
    assert prepare_image(encode(quadrants(), "PNG")).mime == "image/png"
    noise = Image.merge("RGB", [Image.effect_noise((1200, 900), 60) for _ in range(3)])
    photo = prepare_image(encode(noise, "PNG"))
    assert (photo.mime, photo.width, photo.height) == ("image/jpeg", 1024, 768)
    assert photo.data[:2] == b"\xff\xd8"
    small = encode(noise.resize((300, 200)), "PNG")
    assert prepare_image(small).data == small


def exif_rotated_jpeg(orientation: int) -> bytes:
    """The quadrant picture stored turned, with the EXIF tag saying how to turn it back."""
    stored = {6: quadrants().transpose(Image.Transpose.ROTATE_90), 3: quadrants().rotate(180),
              8: quadrants().transpose(Image.Transpose.ROTATE_270)}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(stored, "JPEG", quality=95, exif=exif.tobytes())


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(orientation):
    data = exif_rotated_jpeg(orientation)
    stored = Image.open(io.BytesIO(data)).size
    assert stored == ((300, 400) if orientation in (6, 8) else (400, 300))
    prepared = prepare_image(data)
    assert (prepared.width, prepared.height) == (400, 300)
    assert (prepared.original_width, prepared.original_height) == (400, 300)
    img = decoded(prepared)
    assert near(img.getpixel((100, 75)), (255, 0, 0))
    assert near(img.getpixel((300, 75)), (0, 255, 0))
    assert near(img.getpixel((100, 225)), (0, 0, 255))
    assert near(img.getpixel((300, 225)), (255, 255, 255))


def test_exif_rotated_phone_photo_is_upright_after_draft_decoding():
    stored = quadrants(4032, 3024).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    prepared = prepare_image(encode(stored, "JPEG", quality=90, exif=exif.tobytes()))
    assert (prepared.original_width, prepared.original_height) == (4032, 3024)
    assert (prepared.width, prepared.height) == (1008, 756)
    img = decoded(prepared)
    assert img.size == (1008, 756)
    assert near(img.getpixel((100, 100)), (255, 0, 0))


TRANSPARENT = [
    ("RGBA", lambda: Image.new("RGBA", (64, 64), (255, 0, 0, 0))),
    ("LA", lambda: Image.new("LA", (64, 64), (0, 0))),
    ("P", lambda: Image.new("P", (64, 64), 0)),
]


@pytest.mark.parametrize(("mode", "make"), TRANSPARENT, ids=[m for m, _ in TRANSPARENT])
def test_transparency_is_flattened_on_white(mode, make):
    img = make()
    draw = ImageDraw.Draw(img)
    ink = {"RGBA": (0, 0, 0, 255), "LA": (0, 255), "P": 1}[mode]
    draw.rectangle((0, 0, 31, 63), fill=ink)
    params = {"transparency": 0} if mode == "P" else {}
    if mode == "P":
        img.putpalette([255, 0, 0, 0, 0, 0] + [0] * 762)
    prepared = prepare_image(encode(img, "PNG", **params))
    out = decoded(prepared)
    assert out.getpixel((48, 32)) == (255, 255, 255)
    assert out.getpixel((8, 32)) == (0, 0, 0)


TOKEN_TABLE = [
    # (width, height) -> tokens
    ((32, 32), 1),
    ((33, 32), 2),
    ((1, 1), 1),
    ((768, 1024), 768),
    ((1024, 768), 768),
    ((4032, 3024), 11970),
    ((3024, 4032), 11970),
]


@pytest.mark.parametrize(("size", "tokens"), TOKEN_TABLE)
def test_image_tokens(size, tokens):
    assert image_tokens(*size) == tokens


BUDGET_TABLE = [
    # (width, height, short_side, max_tokens) -> (out size, tokens before, tokens after);
    # JPEGs, so a 1/4-scale decode within 4% of the budget is kept as it is.
    ((4032, 3024), 768, 1024, (1008, 756), 11970, 768),
    ((3024, 4032), 768, 1024, (756, 1008), 11970, 768),
    ((1200, 900), 768, 1024, (1024, 768), 1102, 768),
    ((640, 480), 768, 1024, (640, 480), 300, 300),
    ((4000, 1000), 768, 1024, (2000, 500), 4000, 1008),
    ((1600, 1200), 768, 256, (567, 425), 1900, 252),
    ((500, 400), 2000, 64, (280, 224), 208, 63),
]


@pytest.mark.parametrize(
    ("size", "short_side", "max_tokens", "out", "before", "after"), BUDGET_TABLE
)
def test_downscaled_to_budget(size, short_side, max_tokens, out, before, after):
    prepared = prepare_image(
        encode(quadrants(*size), "JPEG"), short_side=short_side, max_tokens=max_tokens
    )
    assert (prepared.width, prepared.height) == out
    assert decoded(prepared).size == out
    assert prepared.original_tokens == before
    assert prepared.tokens == after
    assert prepared.tokens <= max_tokens
    assert min(out) <= short_side


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    noise = Image.merge("RGB", [Image.effect_noise((800, 600), 50) for _ in range(3)])
    data = encode(noise, "JPEG", quality=90)
    return data[: len(data) // 2]


BAD_INPUT = [
    ("empty", b"", {}, "The file is empty (0 bytes)"),
    ("pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n", {},
     "This file is a PDF, not a photo"),
    ("text", "Solve 2x + 3 = 7 for x. 解方程".encode(), {},
     "This file is text, not an image"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 40, {}, "This file is a ZIP archive"),
    ("svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', {}, "SVG drawing"),
    ("binary", bytes(range(256)) * 4, {}, "This file is not an image we can read"),
    ("truncated jpeg", truncated_jpeg(), {}, "This JPEG file is cut off or damaged"),
    ("broken png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, {}, "This PNG file is damaged"),
    ("bomb 200k x 200k", png_claiming(200_000, 200_000), {}, "far too large to open safely"),
    ("81 megapixels", png_claiming(9_000, 9_000), {},
     "(81 megapixels); the limit is 80 megapixels"),
    ("over max_pixels", encode(quadrants(400, 300), "PNG"), {"max_pixels": 100_000},
     "This image is 400x300 pixels (0.1 megapixels); the limit is 0.1 megapixels."),
    ("over max_bytes", encode(quadrants(), "BMP"), {"max_bytes": 200_000},
     "The file is 0.3 MB; the limit is 0.2 MB."),
]


@pytest.mark.parametrize(
    ("data", "limits", "message"), [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_refused_with_a_clear_message(data, limits, message):
    with pytest.raises(ImageError) as err:
        prepare_image(data, **limits)
    assert message in str(err.value)


def test_bomb_limit_leaves_pillow_global_alone():
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(ImageError):
        prepare_image(png_claiming(10_000, 10_000))
    with pytest.raises(ImageError):
        prepare_image(png_claiming(9_000, 9_000))
    assert Image.MAX_IMAGE_PIXELS == before


def test_over_size_message_names_both_sizes():
    with pytest.raises(ImageError) as err:
        prepare_image(b"\xff\xd8" + b"\x00" * (3 * 1_048_576), max_bytes=2 * 1_048_576)
    assert str(err.value) == (
        "The file is 3 MB; the limit is 2 MB. Use a smaller photo or crop it first."
    )


ROTATIONS = [
    # quarter turns clockwise -> (size, colour now at the top-left)
    (0, (400, 300), (255, 0, 0)),
    (1, (300, 400), (0, 0, 255)),
    (2, (400, 300), (255, 255, 255)),
    (3, (300, 400), (0, 255, 0)),
    (-1, (300, 400), (0, 255, 0)),
    (5, (300, 400), (0, 0, 255)),
]


@pytest.mark.parametrize(("turns", "size", "top_left"), ROTATIONS)
def test_rotate_image(turns, size, top_left):
    img = decoded(rotate_image(encode(quadrants(), "PNG"), turns))
    assert img.size == size
    assert img.getpixel((20, 20)) == top_left


CROPS = [
    ((0.0, 0.0, 0.5, 0.5), (200, 150), (255, 0, 0)),
    ((0.5, 0.0, 1.0, 0.5), (200, 150), (0, 255, 0)),
    ((0.0, 0.5, 0.5, 1.0), (200, 150), (0, 0, 255)),
    ((0.25, 0.25, 0.75, 0.75), (200, 150), (255, 0, 0)),
    ((0.0, 0.0, 1.0, 1.0), (400, 300), (255, 0, 0)),
]


@pytest.mark.parametrize(("box", "size", "top_left"), CROPS)
def test_crop_image(box, size, top_left):
    img = decoded(crop_image(encode(quadrants(), "PNG"), box))
    assert img.size == size
    assert img.getpixel((5, 5)) == top_left


def test_crop_applies_exif_orientation_first():
    img = decoded(crop_image(exif_rotated_jpeg(6), (0.0, 0.0, 0.5, 0.5)))
    assert img.size == (200, 150)
    assert near(img.getpixel((100, 75)), (255, 0, 0))


@pytest.mark.parametrize(
    "box", [(0.5, 0.0, 0.4, 1.0), (0.0, 0.0, 1.2, 1.0), (-0.1, 0.0, 0.5, 0.5), (0, 0, 0, 0)]
)
def test_bad_crop_box_is_refused(box):
    with pytest.raises(ImageError) as err:
        crop_image(encode(quadrants(), "PNG"), box)
    assert str(err.value) == (
        f"The crop box {box!r} must hold fractions between 0 and 1 with "
        "left < right and top < bottom."
    )


def test_rotate_refuses_non_images():
    with pytest.raises(ImageError, match="This file is a PDF"):
        rotate_image(b"%PDF-1.4", 1)


def test_data_uri():
    prepared = prepare_image(encode(quadrants(64, 32), "PNG"))
    assert prepared.data_uri().startswith("data:image/png;base64,iVBORw0KGgo")


def grey16_png() -> bytes:
    row = [0] * 32 + [40000] * 32
    return encode(Image.frombytes("I;16", (64, 64), struct.pack("<4096H", *(row * 64))), "PNG")


def one_bit_png() -> bytes:
    img = Image.new("1", (64, 64), 1)
    img.paste(0, (0, 0, 32, 64))
    return encode(img, "PNG")


OTHER_MODES = [
    # (name, bytes, left pixel, right pixel)
    ("16-bit grey", grey16_png, (0, 0, 0), (156, 156, 156)),
    ("1-bit", lambda: one_bit_png(), (0, 0, 0), (255, 255, 255)),
    ("CMYK JPEG", lambda: encode(Image.new("CMYK", (64, 64)), "JPEG"),
     (255, 255, 255), (255, 255, 255)),
]


@pytest.mark.parametrize(
    ("data", "left", "right"), [c[1:] for c in OTHER_MODES], ids=[c[0] for c in OTHER_MODES]
)
def test_other_colour_modes(data, left, right):
    img = decoded(prepare_image(data()))
    assert near(img.getpixel((8, 32)), left, 2)
    assert near(img.getpixel((56, 32)), right, 2)


@pytest.mark.parametrize(
    "data",
    [
        encode(quadrants(), "PNG"),
        encode(Image.effect_noise((1600, 1200), 40).convert("RGB"), "JPEG"),
    ],
    ids=["png", "jpeg photo"],
)
def test_preparing_twice_keeps_the_bytes(data):
    once = prepare_image(data)
    twice = prepare_image(once.data)
    assert (twice.data, twice.mime, twice.width, twice.height) == (
        once.data, once.mime, once.width, once.height
    )


def test_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make; GPS tags travel the same way
    prepared = prepare_image(encode(quadrants(), "JPEG", exif=exif.tobytes()))
    assert b"PhoneMaker" not in prepared.data
    assert "exif" not in Image.open(io.BytesIO(prepared.data)).info


def test_rotate_and_crop_read_heic():
    turned = decoded(rotate_image(heic_bytes(quadrants()), 1))
    assert turned.size == (300, 400)
    assert near(turned.getpixel((20, 20)), (0, 0, 255))
    cut = decoded(crop_image(heic_bytes(quadrants()), (0.5, 0.0, 1.0, 0.5)))
    assert cut.size == (200, 150)
    assert near(cut.getpixel((100, 75)), (0, 255, 0))
