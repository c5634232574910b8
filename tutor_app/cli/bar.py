"""A one-line progress bar on stderr, redrawn in place, for the long-running commands."""

from __future__ import annotations

import sys

BAR_WIDTH = 30
LINE_WIDTH = 100


def show_bar(fraction: float, text: str) -> None:
    """Draw ``[####....] text`` for ``fraction`` (0..1) over the previous bar."""
    filled = int(BAR_WIDTH * min(max(fraction, 0.0), 1.0))
    line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {text}"
    # A carriage return redraws the bar in place; padding wipes a longer previous line.
    print("\r" + line.ljust(LINE_WIDTH)[:LINE_WIDTH], end="", file=sys.stderr, flush=True)
