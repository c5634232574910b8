"""Altair charts as PNG or SVG images, drawn offline by vl-convert (no browser, no network)."""

from __future__ import annotations

import importlib

import altair as alt

from tutor_app.errors import PictureError

# No base URL is allowed: a chart draws only the data it carries, so an image never waits on a network.
OFFLINE: list[str] = []


def _convert(chart: alt.TopLevelMixin, kind: str, **options: object) -> bytes | str:
    try:
        renderer = importlib.import_module("vl_convert")
    except ImportError as err:
        raise PictureError(key="pictures.no_renderer") from err
    # Outside the try: a chart Vega-Lite's schema rejects is a bug in the code that built it.
    spec = chart.to_dict()
    try:
        return getattr(renderer, f"vegalite_to_{kind}")(spec, allowed_base_urls=OFFLINE, **options)
    except ValueError as err:
        # vl-convert says "Vega-Lite to PNG conversion failed:" and then the JavaScript error and its stack.
        lines = str(err).splitlines()
        raise PictureError(key="pictures.failed", detail=lines[1 if len(lines) > 1 else 0].strip()) from err


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """``chart`` as PNG bytes at ``scale`` times its size in CSS pixels (2 stays sharp on phones and on paper)."""
    return _convert(chart, "png", scale=scale)


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """``chart`` as an SVG document."""
    return _convert(chart, "svg")
