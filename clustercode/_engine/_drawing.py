"""Calling a draw function: clear its axes, call it, show a ValueError's message."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from ..style import PALETTE

_ERROR_FACE = "#FFF4E8"


def axes_list(axes: Axes | np.ndarray) -> list[Axes]:
    """The axes a draw function receives, as a flat list."""
    return [axes] if isinstance(axes, Axes) else list(np.ravel(axes))


def _clear_keeping_ticks(ax: Axes) -> None:
    """``ax.clear()``, but hand the axes its tick objects back afterwards.

    Clearing an axes throws its ticks away, and the next draw builds new ones
    (a Tick is two lines and two texts): for a figure redrawn on every slider
    step that is a good part of the redraw. The ticks are restyled by every
    draw (positions, labels, grid), so a draw function that styles its ticks
    the same way on every call draws the same picture with the old ones.
    """
    saved = [(axis, axis.majorTicks, axis.minorTicks) for axis in (ax.xaxis, ax.yaxis)]
    ax.clear()
    for axis, major, minor in saved:
        axis.majorTicks, axis.minorTicks = major, minor  # shadows matplotlib's lazy tick lists
        axis.set_clip_path(ax.patch)  # clear() made a new background patch


def reset(parent: Figure | SubFigure, managed: list[Axes], keep: Iterable[Any],
          keep_ticks: bool = False) -> None:
    """Clear the managed axes and remove anything a previous draw added to ``parent``.

    ``keep_ticks``: reuse the axes' tick objects (see :func:`_clear_keeping_ticks`).
    """
    keep_ids = {id(a) for a in keep}
    managed_ids = {id(ax) for ax in managed}
    for ax in list(parent.axes):
        if id(ax) in managed_ids:
            continue
        colorbar = getattr(ax, "_colorbar", None)
        if colorbar is not None:
            colorbar.remove()  # also gives the parent axes its space back
        else:
            ax.remove()  # twins and other axes added by the draw function
    for group in (parent.texts, parent.legends, parent.lines, parent.patches,
                  parent.images, parent.artists):
        for artist in list(group):
            if id(artist) not in keep_ids:
                artist.remove()
    for ax in managed:
        if keep_ticks:
            _clear_keeping_ticks(ax)
        else:
            ax.clear()
        ax.set_axis_on()


def show_error(parent: Figure | SubFigure, managed: list[Axes], message: str) -> None:
    """Blank the axes and write ``message`` in the middle of ``parent``."""
    for ax in managed:
        ax.set_axis_off()
    width_in = parent.bbox.width / parent.dpi
    fontsize = mpl.rcParams["font.size"]
    # Average glyph width is about 0.55 em; use 80 % of the width.
    chars = max(24, int(0.80 * width_in * 72.0 / (0.55 * fontsize)))
    lines = [
        textwrap.fill(paragraph, chars) if paragraph.strip() else ""
        for paragraph in message.splitlines()
    ]
    text = managed[0].text(
        0.5, 0.5, "Parameters outside the model's assumptions:\n\n" + "\n".join(lines),
        transform=parent.transSubfigure, ha="center", va="center",
        multialignment="left", fontsize=fontsize, color=mpl.rcParams["text.color"],
        parse_math=False, clip_on=False, zorder=10,
        bbox={"boxstyle": "round,pad=0.8", "facecolor": _ERROR_FACE,
              "edgecolor": PALETTE["vermillion"], "linewidth": 1.0},
    )
    text.set_in_layout(False)


def draw_on(draw: Callable[..., Any], values: Mapping[str, Any], parent: Figure | SubFigure,
            axes: Any, managed: list[Axes], keep: Iterable[Any] = (),
            keep_ticks: bool = False) -> str | None:
    """Clear ``managed``, call ``draw(axes, **values)``; return a ValueError's message or None.

    Any other exception propagates: it is a bug in the draw function, not a
    parameter the model rejects.
    """
    keep = list(keep)
    reset(parent, managed, keep, keep_ticks)
    try:
        draw(axes, **values)
    except ValueError as exc:
        message = str(exc).strip() or type(exc).__name__
        reset(parent, managed, keep)
        show_error(parent, managed, message)
        return message
    return None
