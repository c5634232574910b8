"""Render the sample problems in sample_problems/ and write their index.json.

Run from the repository root: .venv/bin/python scripts/make_samples.py
Needs the DejaVu fonts and Noto Sans CJK (Debian: fonts-dejavu-core, fonts-noto-cjk).
Output is deterministic, so re-running it changes no committed file.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent.parent / "sample_problems"
FONTS = Path("/usr/share/fonts")
SANS = FONTS / "truetype/dejavu/DejaVuSans.ttf"
SERIF = FONTS / "truetype/dejavu/DejaVuSerif.ttf"
SERIF_ITALIC = FONTS / "truetype/dejavu/DejaVuSerif-Italic.ttf"
SANS_OBLIQUE = FONTS / "truetype/dejavu/DejaVuSans-Oblique.ttf"
CJK = FONTS / "opentype/noto/NotoSansCJK-Regular.ttc"
CJK_SC_INDEX = 2  # the .ttc holds JP, KR, SC, TC, HK in that order
LICENCE = "CC0, rendered by tutor_app"
INK = (20, 20, 20)
PAPER = (255, 255, 255)


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if path == CJK:
        return ImageFont.truetype(str(path), size, index=CJK_SC_INDEX)
    return ImageFont.truetype(str(path), size)


def page(width: int = 1000, height: int = 360) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (width, height), PAPER)
    return img, ImageDraw.Draw(img)


def text_lines(draw: ImageDraw.ImageDraw, lines: list[str], face: ImageFont.FreeTypeFont,
               x: int = 50, y: int = 50, gap: int = 18) -> int:
    """Write lines top to bottom; return the y below the last one."""
    for line in lines:
        draw.text((x, y), line, font=face, fill=INK)
        y += face.size + gap
    return y


def fraction(draw: ImageDraw.ImageDraw, x: int, y: int, top: str, bottom: str,
             face: ImageFont.FreeTypeFont) -> int:
    """A stacked fraction whose bar sits at height y; return the x after it."""
    width = max(draw.textlength(top, font=face), draw.textlength(bottom, font=face)) + 16
    draw.text((x + (width - draw.textlength(top, font=face)) / 2, y - face.size - 8), top,
              font=face, fill=INK)
    draw.line((x, y, x + width, y), fill=INK, width=3)
    draw.text((x + (width - draw.textlength(bottom, font=face)) / 2, y + 4), bottom,
              font=face, fill=INK)
    return int(x + width)


def arrow(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float],
          colour: tuple[int, int, int] = INK, width: int = 4) -> None:
    draw.line((*start, *end), fill=colour, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    head = [end] + [
        (end[0] - 18 * math.cos(angle + s * 0.4), end[1] - 18 * math.sin(angle + s * 0.4))
        for s in (-1, 1)
    ]
    draw.polygon(head, fill=colour)


def png(img: Image.Image) -> bytes:
    # Few grey levels keep line art small; the model sees the same picture.
    buf = io.BytesIO()
    img.convert("L").quantize(16).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def colour_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.quantize(32).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def linear() -> bytes:
    img, draw = page(height=260)
    text_lines(draw, ["1.  Solve for x:", "       3x + 5 = 20"], font(SERIF, 44))
    return png(img)


def quadratic() -> bytes:
    img, draw = page(height=260)
    text_lines(draw, ["2.  Solve the equation", "       x² − 5x + 6 = 0"], font(SERIF, 44))
    return png(img)


def system() -> bytes:
    img, draw = page(height=330)
    face = font(SERIF, 44)
    text_lines(draw, ["3.  Solve the system of equations"], face)
    draw.text((140, 118), "{", font=font(SERIF, 120), fill=INK)
    text_lines(draw, ["2x + y = 5", "x − y = 1"], face, x=200, y=130)
    return png(img)


def fractions() -> bytes:
    img, draw = page(height=300)
    face = font(SERIF, 44)
    text_lines(draw, ["4.  Add the fractions. Give the answer in lowest terms."], font(SERIF, 34))
    x = fraction(draw, 120, 200, "2", "3", face)
    draw.text((x + 20, 172), "+", font=face, fill=INK)
    x = fraction(draw, x + 70, 200, "3", "4", face)
    draw.text((x + 20, 172), "=  ?", font=face, fill=INK)
    return png(img)


def derivative() -> bytes:
    img, draw = page(height=260)
    text_lines(draw, ["5.  Let f(x) = x³ + 2x² − 5x.", "       Find the derivative f′(x)."],
               font(SERIF, 44))
    return png(img)


def integral() -> bytes:
    img, draw = page(height=320)
    face = font(SERIF, 44)
    text_lines(draw, ["6.  Evaluate the definite integral"], face)
    draw.text((150, 120), "∫", font=font(SERIF, 130), fill=INK)
    draw.text((215, 110), "2", font=font(SERIF, 30), fill=INK)
    draw.text((190, 255), "0", font=font(SERIF, 30), fill=INK)
    draw.text((250, 170), "(3x² + 1) dx", font=face, fill=INK)
    return png(img)


def word_problem() -> bytes:
    img, draw = page(height=300)
    text_lines(draw, [
        "7.  A train travels 180 km in 2.5 hours.",
        "     What is its average speed in km/h?",
    ], font(SERIF, 40))
    return png(img)


def geometry() -> bytes:
    img, draw = page(width=900, height=620)
    face, label = font(SERIF, 34), font(SERIF_ITALIC, 38)
    text_lines(draw, ["8.  In right triangle ABC, ∠C = 90°.", "     Find the length of side c."],
               face, y=30)
    a, b, c = (150, 540), (690, 540), (150, 180)
    draw.polygon([a, b, c], outline=INK, width=4)
    draw.rectangle((150, 505, 185, 540), outline=INK, width=3)
    for name, (x, y) in {"C": (110, 530), "B": (705, 530), "A": (110, 160)}.items():
        draw.text((x, y), name, font=label, fill=INK)
    draw.text((60, 340), "b = 8 cm", font=face, fill=INK)
    draw.text((360, 555), "a = 6 cm", font=face, fill=INK)
    draw.text((440, 300), "c = ?", font=label, fill=INK)
    return png(img)


def handwritten() -> bytes:
    """Homework photographed on a desk: slanted ink, uneven light, noise, a slight turn."""
    rng = np.random.default_rng(7)
    paper = Image.new("RGB", (1100, 760), (246, 242, 228))
    draw = ImageDraw.Draw(paper)
    for y in range(120, 760, 56):
        draw.line((0, y, 1100, y), fill=(170, 190, 225), width=2)
    draw.line((90, 0, 90, 760), fill=(225, 140, 140), width=2)
    ink = Image.new("L", paper.size, 0)
    pen = ImageDraw.Draw(ink)
    lines = [("Q3.  Solve:", 130), ("5x − 7 = 3x + 9", 250), ("5x − 3x = 9 + 7", 362)]
    for words, y in lines:
        x = 130
        for char in words:
            size = int(rng.integers(50, 60))
            face = font(SANS_OBLIQUE, size)
            pen.text((x, y + int(rng.integers(-5, 6))), char, font=face, fill=255)
            x += int(pen.textlength(char, font=face)) + int(rng.integers(-2, 4))
    ink = ink.transform(ink.size, Image.Transform.AFFINE, (1, 0.18, -60, 0, 1, 0),
                        Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(0.8))
    paper.paste((30, 45, 120), mask=ink)
    yy, xx = np.mgrid[0:paper.height, 0:paper.width].astype(np.float32)
    light = 1.05 - 0.45 * ((xx / paper.width - 0.15) ** 2 + (yy / paper.height - 0.1) ** 2)
    pixels = np.asarray(paper, dtype=np.float32) * light[..., None]
    pixels += rng.normal(0, 7, pixels.shape)
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    photo = photo.rotate(-3.5, Image.Resampling.BICUBIC, expand=False, fillcolor=(70, 62, 55))
    return jpeg(photo, 72)


def circuit() -> bytes:
    img, draw = page(width=1000, height=620)
    face = font(SANS, 30)
    text_lines(draw, ["9.  Find the current I in the circuit."], font(SERIF, 36), y=25)
    left, right, top, bottom = 150, 760, 170, 520
    draw.line((left, top, 380, top), fill=INK, width=4)
    draw.line((620, top, right, top), fill=INK, width=4)
    draw.line((right, top, right, 290), fill=INK, width=4)
    draw.line((right, 410, right, bottom), fill=INK, width=4)
    draw.line((left, bottom, right, bottom), fill=INK, width=4)
    draw.line((left, top, left, 300), fill=INK, width=4)
    draw.line((left, 380, left, bottom), fill=INK, width=4)
    # Battery: long plate positive, short plate negative.
    draw.line((100, 300, 200, 300), fill=INK, width=5)
    draw.line((125, 330, 175, 330), fill=INK, width=9)
    draw.line((100, 350, 200, 350), fill=INK, width=5)
    draw.line((125, 380, 175, 380), fill=INK, width=9)
    draw.text((215, 320), "12 V", font=face, fill=INK)
    draw.text((80, 270), "+", font=face, fill=INK)
    zigzag = [(380, top)] + [(400 + 40 * i, top + (-22 if i % 2 == 0 else 22)) for i in range(6)]
    draw.line(zigzag + [(620, top)], fill=INK, width=4, joint="curve")
    draw.text((430, 110), "R₁ = 4 Ω", font=face, fill=INK)
    vertical = [(right, 290)] + [(right + (-22 if i % 2 == 0 else 22), 300 + 20 * i)
                                 for i in range(5)]
    draw.line(vertical + [(right, 410)], fill=INK, width=4, joint="curve")
    draw.text((right + 40, 330), "R₂ = 2 Ω", font=face, fill=INK)
    arrow(draw, (650, bottom + 35), (470, bottom + 35), width=3)
    draw.text((540, bottom + 45), "I", font=font(SERIF_ITALIC, 34), fill=INK)
    return png(img)


def incline() -> bytes:
    img, draw = page(width=1000, height=680)
    face = font(SANS, 28)
    text_lines(draw, [
        "10.  A 5 kg block slides down a frictionless slope.",
        "       Find its acceleration. (g = 9.8 m/s²)",
    ], font(SERIF, 34), y=25)
    base_y, left, right = 620, 120, 880
    angle = math.radians(30)
    top = (left, base_y - (right - left) * math.tan(angle))
    draw.polygon([(left, base_y), (right, base_y), top], outline=INK, width=4)
    draw.arc((right - 160, base_y - 160, right + 160, base_y + 160), 180, 210, fill=INK, width=3)
    draw.text((right - 220, base_y - 60), "30°", font=face, fill=INK)
    # The block sits on the slope: its sides run along the slope and out of it.
    down = (math.cos(angle), math.sin(angle))
    out = (math.sin(angle), -math.cos(angle))
    cx, cy = left + 0.5 * (right - left), base_y - 0.5 * (right - left) * math.tan(angle)
    corners = [(cx + u * down[0] + v * out[0], cy + u * down[1] + v * out[1])
               for u, v in ((-60, 0), (60, 0), (60, 90), (-60, 90))]
    draw.polygon(corners, fill=(200, 200, 200), outline=INK, width=3)
    centre = (cx + 45 * out[0], cy + 45 * out[1])
    draw.text((centre[0] - 80, centre[1] - 30), "5 kg", font=face, fill=INK)
    arrow(draw, centre, (centre[0], centre[1] + 170), colour=(200, 30, 30))
    draw.text((centre[0] + 10, centre[1] + 140), "mg", font=font(SERIF_ITALIC, 32),
              fill=(200, 30, 30))
    tip = (centre[0] + 150 * out[0], centre[1] + 150 * out[1])
    arrow(draw, centre, tip, colour=(30, 30, 200))
    draw.text((tip[0] + 10, tip[1] - 30), "N", font=font(SERIF_ITALIC, 32), fill=(30, 30, 200))
    return colour_png(img)


def titration() -> bytes:
    img, draw = page(width=900, height=900)
    face = font(SANS, 26)
    text_lines(draw, [
        "11.  25.0 mL of HCl is titrated with 0.100 mol/L NaOH.",
        "       The end point is reached after 20.0 mL of NaOH.",
        "       Find the concentration of the HCl.",
    ], font(SERIF, 28), y=20, gap=10)
    # Stand and clamp.
    draw.rectangle((120, 840, 420, 860), fill=(90, 90, 90))
    draw.rectangle((150, 180, 162, 840), fill=(90, 90, 90))
    draw.rectangle((162, 330, 420, 342), fill=(90, 90, 90))
    # Burette with graduations and the NaOH inside.
    draw.rectangle((420, 170, 460, 590), outline=INK, width=3)
    draw.rectangle((423, 300, 457, 587), fill=(215, 230, 255))
    for i, y in enumerate(range(190, 580, 20)):
        draw.line((420, y, 435 if i % 5 else 445, y), fill=INK, width=2)
    draw.text((470, 180), "0 mL", font=face, fill=INK)
    draw.text((470, 570), "50 mL", font=face, fill=INK)
    draw.polygon([(420, 590), (460, 590), (446, 640), (434, 640)], outline=INK, width=3)
    draw.rectangle((416, 605, 464, 617), fill=(60, 60, 60))
    draw.line((440, 640, 440, 690), fill=INK, width=3)
    draw.text((560, 320), "NaOH(aq)", font=face, fill=INK)
    draw.text((560, 355), "0.100 mol/L", font=face, fill=INK)
    draw.text((560, 400), "volume used: 20.0 mL", font=face, fill=INK)
    arrow(draw, (555, 340), (470, 360), width=2)
    # Conical flask with the acid and indicator.
    flask = [(415, 700), (465, 700), (465, 740), (560, 840), (320, 840), (415, 740)]
    draw.polygon([(360, 800), (520, 800), (560, 840), (320, 840)], fill=(255, 215, 230))
    draw.line(flask + [flask[0]], fill=INK, width=3)
    draw.text((580, 760), "25.0 mL HCl(aq)", font=face, fill=INK)
    draw.text((580, 795), "+ phenolphthalein", font=face, fill=INK)
    return colour_png(img)


def zh_linear() -> bytes:
    img, draw = page(height=260)
    text_lines(draw, ["12. 解方程：", "      2(x − 3) = x + 4"], font(CJK, 44))
    return png(img)


def zh_word() -> bytes:
    img, draw = page(width=1100, height=300)
    text_lines(draw, [
        "13. 小明买了 3 支铅笔和 2 本笔记本，一共花了 16 元。",
        "      每本笔记本 5 元，每支铅笔多少元？",
    ], font(CJK, 38))
    return png(img)


def zh_quadratic_minimum() -> bytes:
    img, draw = page(width=1000, height=300)
    text_lines(draw, [
        "14. 求函数 f(x) = x² − 4x + 1 的最小值。",
    ], font(CJK, 40))
    return png(img)


# cas_problem stays None where the answer has units: the CAS works on plain numbers
# and would call a correct "72 km/h" a disagreement.
SAMPLES: list[dict] = [
    dict(id="linear-equation", render=linear, ext="png",
         title={"en": "Linear equation", "zh": "一元一次方程"}, subject="algebra",
         kind="math", language="en", transcription="Solve for $x$: $3x + 5 = 20$",
         answer="x = 5", cas_problem="Solve 3x + 5 = 20"),
    dict(id="quadratic-equation", render=quadratic, ext="png",
         title={"en": "Quadratic equation", "zh": "一元二次方程"}, subject="algebra",
         kind="math", language="en", transcription="Solve the equation $x^2 - 5x + 6 = 0$",
         answer="x = 2 or x = 3", cas_problem="Solve x^2 - 5x + 6 = 0"),
    dict(id="linear-system", render=system, ext="png",
         title={"en": "System of equations", "zh": "二元一次方程组"}, subject="algebra",
         kind="math", language="en",
         transcription="Solve the system of equations $\\begin{cases} 2x + y = 5 \\\\ x - y = 1 "
                       "\\end{cases}$",
         answer="(2, 1)", cas_problem="Solve 2x + y = 5, x - y = 1"),
    dict(id="fractions", render=fractions, ext="png",
         title={"en": "Adding fractions", "zh": "分数加法"}, subject="arithmetic", kind="math",
         language="en",
         transcription="Add the fractions. Give the answer in lowest terms. "
                       "$\\frac{2}{3} + \\frac{3}{4} = ?$",
         answer="17/12", cas_problem="Evaluate \\frac{2}{3} + \\frac{3}{4}"),
    dict(id="derivative", render=derivative, ext="png",
         title={"en": "Derivative of a polynomial", "zh": "多项式求导"}, subject="calculus",
         kind="math", language="en",
         transcription="Let $f(x) = x^3 + 2x^2 - 5x$. Find the derivative $f'(x)$.",
         answer="3x^2 + 4x - 5", cas_problem="\\frac{d}{dx} (x^3 + 2x^2 - 5x)"),
    dict(id="definite-integral", render=integral, ext="png",
         title={"en": "Definite integral", "zh": "定积分"}, subject="calculus", kind="math",
         language="en", transcription="Evaluate the definite integral $\\int_0^2 (3x^2 + 1)\\,dx$",
         answer="10", cas_problem="\\int_0^2 (3x^2 + 1) \\, dx"),
    dict(id="train-speed", render=word_problem, ext="png",
         title={"en": "Word problem: average speed", "zh": "应用题：平均速度"},
         subject="arithmetic", kind="math", language="en",
         transcription="A train travels 180 km in 2.5 hours. What is its average speed in km/h?",
         answer="72 km/h", cas_problem=None),
    dict(id="right-triangle", render=geometry, ext="png",
         title={"en": "Right triangle (Pythagoras)", "zh": "直角三角形（勾股定理）"},
         subject="geometry", kind="diagram", language="en",
         transcription="In right triangle $ABC$, $\\angle C = 90^\\circ$. Find the length of side "
                       "$c$. [figure: right triangle ABC with the right angle at C, "
                       "$a = 6$ cm, $b = 8$ cm, $c = ?$]",
         answer="10 cm", cas_problem=None),
    dict(id="handwritten-photo", render=handwritten, ext="jpg",
         title={"en": "Handwritten homework (photo)", "zh": "手写作业（照片）"},
         subject="algebra", kind="math", language="en",
         transcription="Solve: $5x - 7 = 3x + 9$",
         answer="x = 8", cas_problem="Solve 5x - 7 = 3x + 9"),
    dict(id="series-circuit", render=circuit, ext="png",
         title={"en": "Series circuit (Ohm's law)", "zh": "串联电路（欧姆定律）"},
         subject="physics", kind="diagram", language="en",
         transcription="Find the current $I$ in the circuit. [figure: a 12 V battery in series "
                       "with $R_1 = 4\\,\\Omega$ and $R_2 = 2\\,\\Omega$]",
         answer="2 A", cas_problem=None),
    dict(id="inclined-plane", render=incline, ext="png",
         title={"en": "Block on an inclined plane", "zh": "斜面上的木块"},
         subject="physics", kind="diagram", language="en",
         transcription="A 5 kg block slides down a frictionless slope. Find its acceleration. "
                       "($g = 9.8\\ \\mathrm{m/s^2}$) [figure: slope at $30^\\circ$, forces "
                       "$mg$ and $N$ on the block]",
         answer="4.9 m/s^2", cas_problem=None),
    dict(id="titration", render=titration, ext="png",
         title={"en": "Acid-base titration", "zh": "酸碱滴定"},
         subject="chemistry", kind="diagram", language="en",
         transcription="25.0 mL of HCl is titrated with 0.100 mol/L NaOH. The end point is "
                       "reached after 20.0 mL of NaOH. Find the concentration of the HCl. "
                       "[figure: burette of NaOH over a conical flask of HCl with "
                       "phenolphthalein]",
         answer="0.08 mol/L", cas_problem=None),
    dict(id="zh-linear-equation", render=zh_linear, ext="png",
         title={"en": "Linear equation (Chinese)", "zh": "解方程"}, subject="algebra",
         kind="math", language="zh", transcription="解方程：$2(x - 3) = x + 4$",
         answer="x = 10", cas_problem="Solve 2(x - 3) = x + 4"),
    dict(id="zh-pencils", render=zh_word, ext="png",
         title={"en": "Word problem: pencils (Chinese)", "zh": "应用题：买铅笔"},
         subject="arithmetic", kind="math", language="zh",
         transcription="小明买了 3 支铅笔和 2 本笔记本，一共花了 16 元。"
                       "每本笔记本 5 元，每支铅笔多少元？",
         answer="2", cas_problem="Solve 3x + 2*5 = 16"),
    dict(id="zh-quadratic-minimum", render=zh_quadratic_minimum, ext="png",
         title={"en": "Minimum of a quadratic (Chinese)", "zh": "二次函数的最小值"},
         subject="algebra", kind="math", language="zh",
         transcription="求函数 $f(x) = x^2 - 4x + 1$ 的最小值。",
         answer="-3", cas_problem=None),
]


def main() -> None:
    """Render every sample and write sample_problems/index.json."""
    OUT.mkdir(exist_ok=True)
    index = []
    for sample in SAMPLES:
        render: Callable[[], bytes] = sample["render"]
        name = f"{sample['id']}.{sample['ext']}"
        data = render()
        (OUT / name).write_bytes(data)
        entry = {k: v for k, v in sample.items() if k not in ("render", "ext")}
        index.append({"id": entry.pop("id"), "file": name, **entry, "licence": LICENCE})
        print(f"{name}: {len(data) / 1024:.0f} KB")
    (OUT / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
