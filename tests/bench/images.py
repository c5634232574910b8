"""Image preparation time for a 4032x3024 phone-sized JPEG, and its tokens before and after.

Run: .venv/bin/python -m tests.bench.images
"""

from __future__ import annotations

import io
import statistics
import time

import numpy as np
from PIL import Image, ImageDraw

from tutor_app.model.images import prepare_image

RUNS = 15
TARGET_MS = 150.0


def phone_photo(width: int = 4032, height: int = 3024) -> bytes:
    """A photo-like JPEG (q=90): smooth light falloff, sensor noise and some shapes."""
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 200 - 60 * ((xx / width - 0.3) ** 2 + (yy / height - 0.4) ** 2)
    pixels = light[..., None] + rng.normal(0, 12, (height, width, 3)).astype(np.float32)
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for i in range(40):
        x, y = int(rng.integers(0, width - 400)), int(rng.integers(0, height - 400))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        if i % 2:
            draw.ellipse((x, y, x + 300, y + 200), outline=colour, width=8)
        else:
            draw.line((x, y, x + 380, y + 120), fill=colour, width=10)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def naive_prepare(data: bytes) -> bytes:
    """The baseline: full-size decode, one LANCZOS resize, JPEG q=90."""
    img = Image.open(io.BytesIO(data)).convert("RGB")
    img = img.resize((1024, 768), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def median_ms(func, data: bytes) -> tuple[float, float, float]:
    """Median, min and max wall time of ``func(data)`` in milliseconds, after one warm-up."""
    func(data)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    """Print the median preparation time against a naive baseline, and the token counts."""
    data = phone_photo()
    prepared = prepare_image(data)
    ours = median_ms(prepare_image, data)
    naive = median_ms(naive_prepare, data)
    print(f"input: 4032x3024 JPEG q=90, {len(data) / 1_048_576:.1f} MB, {RUNS} runs each")
    print(f"prepare_image: median {ours[0]:.1f} ms (min {ours[1]:.1f}, max {ours[2]:.1f})")
    print(
        f"naive full decode + resize: median {naive[0]:.1f} ms "
        f"(min {naive[1]:.1f}, max {naive[2]:.1f})"
    )
    print(f"ratio prepare_image / naive: {ours[0] / naive[0]:.2f}")
    print(f"target: <= {TARGET_MS:.0f} ms -> {'met' if ours[0] <= TARGET_MS else 'NOT met'}")
    print(
        f"tokens: {prepared.original_tokens} before "
        f"({prepared.original_width}x{prepared.original_height}), "
        f"{prepared.tokens} after ({prepared.width}x{prepared.height}, {prepared.mime}, "
        f"{len(prepared.data) / 1024:.0f} KB)"
    )


if __name__ == "__main__":
    main()
