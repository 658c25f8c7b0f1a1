"""In-place redraw, for the live figures that opt in (``in_place=True``).

The draw function stays ordinary matplotlib: the engine clears its axes and
calls it as for any figure. Two steps then make most slider moves cheap:

1. **Views that hold still.** An axis the draw function left to autoscale
   keeps its previous view as long as the new data lie inside it and fill at
   least :data:`KEEP_FILL` of it, so the axes do not jump on every step and
   their ticks stay the same. When the data outgrow the view on one side, the
   new view leaves them room to grow there (:data:`GROW_FILL`): a slider
   dragged one way changes the view every few steps, not on every step.
2. **Blitting.** When nothing drawn around the data changed (positions,
   limits, scales, ticks, grid, labels, titles, figure texts and legends), the frame,
   ticks and labels -- whose text is most of the cost of a draw -- are restored
   from a saved background and only the data artists (lines, collections,
   images, patches, texts and legends of the axes) are drawn on top, as
   matplotlib's blitting does. Any change draws the whole figure afresh and
   saves a new background.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator

#: An autoscaled axis keeps its view while the data fill at least this share of it.
KEEP_FILL = 0.6
#: When the data grow out of a kept view on one side, the new view leaves them room to
#: grow on that side: the autoscaled span fills this share of it.
GROW_FILL = 0.8

View = tuple[tuple[float, float] | None, tuple[float, float] | None]


def views(axes: list[Axes]) -> list[View]:
    """The x and y view of each axes, or None for an axis the draw function fixed itself."""
    return [(ax.get_xlim() if ax.get_autoscalex_on() else None,
             ax.get_ylim() if ax.get_autoscaley_on() else None) for ax in axes]


def keep_views(axes: list[Axes], previous: list[View] | None) -> None:
    """Give autoscaled axes their ``previous`` view back where the new data fit it well;
    where the data outgrew it, widen the new view on that side (see :data:`GROW_FILL`)."""
    if previous is None:
        return
    for ax, old in zip(axes, previous):
        for name, was in zip("xy", old):
            if was is None or not getattr(ax, f"get_autoscale{name}_on")():
                continue
            now = getattr(ax, f"get_{name}lim")()  # the autoscaled view of the new data
            d0, d1 = getattr(ax.dataLim, f"interval{name}")
            lo, hi = min(was), max(was)
            if lo <= d0 and d1 <= hi and abs(now[1] - now[0]) >= KEEP_FILL * (hi - lo):
                getattr(ax, f"set_{name}lim")(*was, auto=None)
            elif getattr(ax, f"get_{name}scale")() == "linear":
                _grow(ax, name, now, d0 < lo, d1 > hi)


def _grow(ax: Axes, name: str, now: tuple[float, float], below: bool, above: bool) -> None:
    """Widen the autoscaled view ``now`` on the sides where the data left the previous view,
    so that the autoscaled span fills :data:`GROW_FILL` of the new one."""
    if below == above:  # both sides or neither (the view shrank): as autoscaled
        return
    v0, v1 = min(now), max(now)
    extra = (v1 - v0) * (1.0 / GROW_FILL - 1.0)
    if not (extra > 0.0 and math.isfinite(extra)):
        return
    v0, v1 = (v0 - extra, v1) if below else (v0, v1 + extra)
    getattr(ax, f"set_{name}lim")(*((v1, v0) if now[0] > now[1] else (v0, v1)), auto=None)


def _ticks(axis: Any) -> tuple:
    def one(locator: Any, formatter: Any) -> tuple:
        return (type(locator).__name__,
                tuple(locator.locs) if isinstance(locator, FixedLocator) else None,
                type(formatter).__name__,
                tuple(formatter.seq) if isinstance(formatter, FixedFormatter) else None)

    return (one(axis.get_major_locator(), axis.get_major_formatter()),
            one(axis.get_minor_locator(), axis.get_minor_formatter()), _grid(axis))


def _grid(axis: Any) -> tuple:
    """Whether an axis draws its major and minor grid lines (part of the background).

    The tick keywords an axis keeps are what ``grid`` sets and what its new
    ticks are made with (the number of ticks grows as the axis draws, so their
    own states would not compare across draws)."""
    return axis._major_tick_kw.get("gridOn"), axis._minor_tick_kw.get("gridOn")


def _signature(fig: Figure) -> tuple:
    """Everything drawn around the data that a draw may change."""
    axes = tuple(
        (tuple(ax.get_position().bounds), ax.get_xlim(), ax.get_ylim(), ax.axison,
         ax.get_xlabel(), ax.get_ylabel(),
         tuple(ax.get_title(loc) for loc in ("left", "center", "right")),
         ax.get_xscale(), ax.get_yscale(), _ticks(ax.xaxis), _ticks(ax.yaxis))
        for ax in fig.axes
    )
    legends = tuple(tuple(t.get_text() for t in lg.get_texts()) for lg in fig.legends)
    texts = tuple(t.get_text() for t in fig.texts)
    return axes, legends, texts, tuple(fig.bbox.bounds)


def _data_artists(fig: Figure) -> list[tuple[Axes, Any]]:
    artists = []
    for ax in fig.axes:
        own = [*ax.lines, *ax.collections, *ax.images, *ax.patches, *ax.texts]
        own.sort(key=lambda a: a.get_zorder())
        artists.extend((ax, a) for a in own)
        if ax.get_legend() is not None:
            artists.append((ax, ax.get_legend()))
    return artists


class Blitter:
    """Draws a figure, reusing the saved background when only the data changed."""

    def __init__(self) -> None:
        self._background = None
        self._signature: tuple | None = None
        self.count = 0  #: draws that restored the background (tests, benchmark)

    def invalidate(self) -> None:
        """Forget the background (the figure was drawn some other way)."""
        self._background = self._signature = None

    def draw(self, fig: Figure) -> None:
        canvas = fig.canvas
        signature = _signature(fig)
        artists = _data_artists(fig)
        if self._background is not None and signature == self._signature:
            canvas.restore_region(self._background)
            for ax, artist in artists:
                ax.draw_artist(artist)
            self.count += 1
            return
        for _, artist in artists:
            artist.set_animated(True)
        try:
            canvas.draw()  # everything but the data artists
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._signature = signature
            for ax, artist in artists:
                ax.draw_artist(artist)
        finally:
            for _, artist in artists:
                artist.set_animated(False)
