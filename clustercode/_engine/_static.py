"""The static image: the figure at print resolution with a drawn slider panel below it.

This is what the HTML site and the PDF show: each slider as a track with a
knob at its value, its label and its value, so the picture says which
parameters it shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure

from ..style import PALETTE, stamp_png
from ._drawing import axes_list, draw_on
from ._png import encode_png

# Slider panel geometry (inches).
PANEL_ROW_HEIGHT = 0.62
PANEL_PAD = 0.12

_TRACK = "#D5D5D5"
_MUTED = "#666666"


def static_png(draw: Callable[..., Any], sliders: Sequence[Any], values: Mapping[str, Any], *,
               figsize: tuple[float, float], subplot_kw: Mapping[str, Any], title: str | None,
               alt: str | None, rc: Mapping[str, Any], dpi: float) -> bytes:
    """Draw a fresh figure with its slider panel and return its PNG (fonts checked and recorded)."""
    width, height = figsize
    n = len(sliders)
    cols = 1 if n <= 1 else 2
    rows = math.ceil(n / cols)
    panel_h = rows * PANEL_ROW_HEIGHT + 2 * PANEL_PAD if n else 0.0
    with mpl.rc_context(rc):
        fig = Figure(figsize=(width, height + panel_h), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        if n:
            top, bottom = fig.subfigures(2, 1, height_ratios=[height, panel_h])
        else:
            top, bottom = fig, None
        axes = top.subplots(squeeze=True, **subplot_kw)
        keep = [top.suptitle(title)] if title else []
        draw_on(draw, values, top, axes, axes_list(axes), keep)
        if bottom is not None:
            draw_panel(bottom, sliders, values, cols, rows)
        return stamp_png(fig, encode_png(fig, compress_level=6, alt=alt))


def draw_panel(parent: SubFigure, sliders: Sequence[Any], values: Mapping[str, Any],
               cols: int, rows: int) -> None:
    """Draw the slider panel (tracks, knobs, labels, values) into ``parent``."""
    ax = parent.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_in_layout(False)
    ax.set_xlim(0.0, 1.0)
    total = rows * PANEL_ROW_HEIGHT + 2 * PANEL_PAD
    ax.set_ylim(total, 0.0)  # y in inches from the top of the panel
    accent = PALETTE["blue"]
    small = mpl.rcParams["font.size"] * 0.8
    ax.axhline(0.02, 0.03, 0.97, color=_TRACK, linewidth=0.8)
    gutter = 0.06
    for k, s in enumerate(sliders):
        r, c = divmod(k, cols)
        x0 = 0.04 + c * (0.92 / cols) + (gutter / 2 if c else 0.0)
        x1 = 0.04 + (c + 1) * (0.92 / cols) - (gutter / 2 if c < cols - 1 else 0.0)
        y_text = PANEL_PAD + r * PANEL_ROW_HEIGHT + 0.17
        y_track = y_text + 0.16
        v = values[s.name]
        frac = (float(v) - float(s.min)) / (float(s.max) - float(s.min))
        xk = x0 + frac * (x1 - x0)
        ax.text(x0, y_text, s.display_label, ha="left", va="baseline")
        ax.text(x1, y_text, s.format_value(v), ha="right", va="baseline",
                fontweight="bold", color=accent)
        ax.plot([x0, x1], [y_track, y_track], color=_TRACK, linewidth=3,
                solid_capstyle="round")
        ax.plot([x0, xk], [y_track, y_track], color=accent, linewidth=3,
                solid_capstyle="round")
        if s.integer and (s.max - s.min) / s.step <= 20:
            ticks = np.arange(s.min, s.max + s.step / 2, s.step)
            tx = x0 + (ticks - s.min) / (s.max - s.min) * (x1 - x0)
            ax.plot(tx, np.full_like(tx, y_track, dtype=float), "|",
                    color=_MUTED, markersize=7, markeredgewidth=0.8, zorder=3)
        ax.plot([xk], [y_track], "o", markersize=9, markerfacecolor="white",
                markeredgecolor=accent, markeredgewidth=2, zorder=5)
        ax.text(x0, y_track + 0.09, s.format_value(s.min), ha="left", va="top",
                fontsize=small, color=_MUTED)
        ax.text(x1, y_track + 0.09, s.format_value(s.max), ha="right", va="top",
                fontsize=small, color=_MUTED)
