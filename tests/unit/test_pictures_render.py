"""Charts drawn as images offline by vl-convert: PNG pixels, SVG text, no network, a clear error without it."""

from __future__ import annotations

import io
import re
import sys

import altair as alt
import pytest
from PIL import Image

from tutor_app.errors import PictureError
from tutor_app.pictures import chart_png, chart_svg

# Vega-Lite's default bar colour.
BAR = (0x4C, 0x78, 0xA8)


def bars() -> alt.Chart:
    data = alt.Data(values=[{"question": "问题 1", "students": 3}, {"question": "Q2", "students": 1}])
    return alt.Chart(data).mark_bar().encode(x="question:N", y="students:Q").properties(width=120, height=80)


def test_png_draws_the_bars_at_twice_the_chart_size() -> None:
    png = chart_png(bars())
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', chart_svg(bars())).groups())
    assert image.size == (round(2 * width), round(2 * height))
    assert BAR in {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def test_png_scale_sets_the_pixel_size() -> None:
    small = Image.open(io.BytesIO(chart_png(bars(), scale=1)))
    large = Image.open(io.BytesIO(chart_png(bars(), scale=3)))
    assert large.size == (3 * small.size[0], 3 * small.size[1])


def test_svg_carries_the_labels_in_both_scripts() -> None:
    svg = chart_svg(bars())
    assert svg.startswith("<svg")
    assert "问题 1" in svg and "Q2" in svg and "students" in svg


def test_a_chart_that_needs_the_network_is_refused_not_fetched() -> None:
    chart = alt.Chart(alt.Data(url="https://example.com/scores.csv")).mark_bar().encode(x="a:N")
    with pytest.raises(PictureError, match="External data url not allowed: https://example.com/scores.csv"):
        chart_png(chart)


def test_missing_renderer_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail as it does where the package is not installed.
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    with pytest.raises(PictureError) as caught:
        chart_svg(bars())
    assert "pip install vl-convert-python" in str(caught.value)
    assert "vl-convert-python" in caught.value.said("zh") and "离线渲染器" in caught.value.said("zh")
