"""Pictures: charts and graphs drawn with Altair (Vega-Lite), and their offline images."""

from tutor_app.pictures.render import chart_png, chart_svg

__all__ = ["chart_png", "chart_svg"]
