"""Calling a draw function: clear its axes, call it, show a ValueError's message."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import AutoLocator, AutoMinorLocator, NullFormatter, NullLocator, ScalarFormatter

from ..style import PALETTE

_ERROR_FACE = "#FFF4E8"


def axes_list(axes: Axes | np.ndarray) -> list[Axes]:
    """The axes a draw function receives, as a flat list."""
    return [axes] if isinstance(axes, Axes) else list(np.ravel(axes))


def _clear_keeping_ticks(ax: Axes) -> None:
    """Take away what the last draw added to ``ax`` and reset what it set, without ``ax.clear()``.

    Clearing an axes rebuilds its axis machinery and throws its ticks away
    (the next draw builds new ones, each two lines and two texts): for a
    figure redrawn on every slider step that is most of a redraw that is
    otherwise blitted. This removes the artists and legend, and resets the
    colour cycle, labels and titles, data limits and autoscaling, locators and
    formatters, scales, grid, margins and aspect as ``clear()`` would; the
    axes keep their tick objects, which every draw restyles. Properties the
    draw function sets on the labels' and titles' text objects persist, so an
    in-place draw function should set them the same way on every call (the
    book's do).
    """
    rc = mpl.rcParams
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images,
                   *ax.tables, *ax.artists, *ax.child_axes]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_prop_cycle(None)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
        if scale != "linear":
            axis._set_axes_scale("linear")
        axis.set_major_locator(AutoLocator())
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_locator(AutoMinorLocator() if rc[f"{axis.axis_name}tick.minor.visible"]
                               else NullLocator())
        axis.set_minor_formatter(NullFormatter())
        axis.isDefault_majloc = axis.isDefault_majfmt = True
        axis.isDefault_minloc = axis.isDefault_minfmt = True
    _reset_grid(ax, rc)
    ax.set_aspect("auto")
    ax.margins(x=rc["axes.xmargin"], y=rc["axes.ymargin"])
    ax.relim()  # no artists: empty data limits, ignored by the next autoscale
    ax.set_autoscale_on(True)


def _grid_targets(rc: Mapping[str, Any]) -> dict[tuple[str, str], bool]:
    """The grid state ``ax.grid(False)`` then ``ax.grid(rc["axes.grid"], which=..., axis=...)``
    leave, as ``{(axis name, "major" | "minor"): gridOn}`` (only the entries they set)."""
    on, which, along = rc["axes.grid"], rc["axes.grid.which"].lower(), rc["axes.grid.axis"]
    targets = {}
    for name in ("x", "y"):
        applies = along in (name, "both")
        targets[name, "major"] = on if applies and which in ("major", "both") else False
        if applies and which in ("minor", "both"):
            targets[name, "minor"] = on
    return targets


def _reset_grid(ax: Axes, rc: Mapping[str, Any]) -> None:
    """Give ``ax`` the grid ``ax.grid(False)`` then ``ax.grid(rc...)`` give it, as ``clear()`` does.

    Those calls restyle every tick, which costs about half a reset; this sets
    only the ticks whose grid state differs (a draw function may have changed
    it, e.g. ``ax.grid(axis="y", visible=False)``), in the same way
    (``set_tick_params(gridOn=...)``, which is all ``grid`` does without
    line properties), so the result is the same.
    """
    axes = {"x": ax.xaxis, "y": ax.yaxis}
    for (name, which), on in _grid_targets(rc).items():
        axis = axes[name]
        stored = getattr(axis, f"_{which}_tick_kw", None)
        ticks = axis.majorTicks if which == "major" else axis.minorTicks
        if (stored is not None and "gridOn" in stored and stored["gridOn"] == on
                and all(tick.gridline.get_visible() == on for tick in ticks)):
            continue  # already as the two grid calls would leave it
        axis.set_tick_params(which=which, gridOn=on)
        axis.stale = True


def reset(parent: Figure | SubFigure, managed: list[Axes], keep: Iterable[Any],
          keep_ticks: bool = False) -> None:
    """Clear the managed axes and remove anything a previous draw added to ``parent``.

    ``keep_ticks``: keep the axes' tick objects (see :func:`_clear_keeping_ticks`).
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
