"""In-place redraw, for the live figures that opt in (``in_place=True``).

The draw function stays ordinary matplotlib: the engine clears its axes and
calls it as for any figure. Two steps then make most slider moves cheap:

1. **Views that hold still.** An axis the draw function left to autoscale
   keeps its previous view as long as the new data lie inside it, at least
   half their autoscale margin away from its edges, and fill at least
   :data:`KEEP_FILL` of it, so the axes do not jump on every step and
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
3. **Axes redrawn alone.** When only some axes of a figure of several changed
   around their data (say, one panel's view), and the boxes their backgrounds
   cover lie apart from everything else, only those axes are redrawn over the
   saved background (:meth:`Blitter._redraw_alone`): what a full draw gives
   there, at the cost of one panel instead of all.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator
from matplotlib.transforms import Bbox

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
            n0, n1 = min(now), max(now)
            lo, hi = min(was), max(was)
            # The old view must hold the data with at least half of the margins
            # autoscaling gives them (no marker on the frame), except on a side
            # where the autoscaled edge is the old one (a bound such as zero).
            fits_lo = n0 == lo or d0 >= lo + (d0 - n0) / 2
            fits_hi = n1 == hi or d1 <= hi - (n1 - d1) / 2
            if fits_lo and fits_hi and n1 - n0 >= KEEP_FILL * (hi - lo):
                getattr(ax, f"set_{name}lim")(*was, auto=None)
            elif getattr(ax, f"get_{name}scale")() == "linear":
                below, above = d0 < lo, d1 > hi
                if not (below or above):  # the data fit, too close to an edge
                    below, above = not fits_lo, not fits_hi
                _grow(ax, name, now, below, above)


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
    # A legend object (the same one while its entries look the same, see ._legend) and its texts.
    legends = tuple((lg, tuple(t.get_text() for t in lg.get_texts())) for lg in fig.legends)
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


#: Pixels added around each measured box when checking that axes are apart
#: (antialiasing, line caps and the round-off of text and tick extents).
APART_PX = 2
#: Pixels an axes redrawn alone may grow by beyond the box its old background covered.
ROOM_PX = 10


def _grow_apart(box: Bbox, obstacles: list[Bbox]) -> Bbox | None:
    """``box`` grown on each side by up to :data:`ROOM_PX` as far as it stays apart from
    the ``obstacles``; None if ``box`` itself touches one."""
    if any(box.overlaps(o) for o in obstacles):
        return None
    extents = list(box.extents)  # x0, y0, x1, y1
    for side, sign in ((0, -1), (1, -1), (2, 1), (3, 1)):
        for room in (ROOM_PX, ROOM_PX / 2, 2.0):
            trial = list(extents)
            trial[side] += sign * room
            if not any(Bbox.from_extents(*trial).overlaps(o) for o in obstacles):
                extents = trial
                break
    return Bbox.from_extents(*extents)


def _inside(box: Bbox, region: Bbox) -> bool:
    return (region.x0 <= box.x0 and box.x1 <= region.x1 and region.y0 <= box.y0
            and box.y1 <= region.y1)


def _axis_extent(axis: Any, renderer: Any, drawn: bool) -> Bbox | None:
    """Tick labels, label and offset text of ``axis``. ``drawn``: the axis was just drawn as
    it is now, so its label and offset text are in place and need not be placed again."""
    if not drawn:
        return axis.get_tightbbox(renderer)
    ticks = axis._update_ticks()
    below, above = axis._get_ticklabel_bboxes(ticks, renderer)
    boxes = [b for b in (*below, *above) if b.width or b.height]
    for text in (axis.label, axis.offsetText):
        if text.get_visible() and text.get_text():
            boxes.append(text.get_window_extent(renderer))
    return Bbox.union(boxes) if boxes else None


def _reach(ax: Axes) -> dict[str, float] | None:
    """How far spines and ticks reach out of the frame on each side, in points (None: a spine
    that is not on the frame)."""
    reach = dict.fromkeys(("left", "right", "bottom", "top"), 0.0)
    for side, spine in ax.spines.items():
        if spine.get_visible():
            if spine.get_position() != ("outward", 0.0) or side not in reach:
                return None
            reach[side] = spine.get_linewidth()
    for axis, sides in ((ax.xaxis, ("bottom", "top")), (ax.yaxis, ("left", "right"))):
        if not axis.get_visible():
            continue
        for ticks in (axis.majorTicks, axis.minorTicks):
            if not ticks:
                continue
            tick = ticks[0]  # ticks of a kind share their style
            out = 0.0 if getattr(tick, "_tickdir", "out") == "in" else tick.get_tick_padding()
            for side, line in zip(sides, (tick.tick1line, tick.tick2line)):
                if line.get_visible():
                    reach[side] = max(reach[side], out + tick._width)
    return reach


def _extent(ax: Axes, renderer: Any, drawn: bool = False) -> Bbox | None:
    """The box (display pixels) an axes' background part covers: frame and spines, ticks,
    tick labels, axis labels and titles; None where it is not a plain rectangular axes.
    ``drawn``: the axes was just drawn as it is now (measured faster)."""
    if ax.name != "rectilinear" or not ax.get_visible():
        return None
    frame = ax.bbox.frozen()
    boxes = [frame]
    if ax.axison:
        reach = _reach(ax)
        if reach is None:
            return None
        for axis in (ax.xaxis, ax.yaxis):
            box = _axis_extent(axis, renderer, drawn) if axis.get_visible() else None
            if box is not None:
                boxes.append(box)
        px = ax.figure.dpi / 72.0
        boxes[0] = Bbox.from_extents(frame.x0 - reach["left"] * px, frame.y0 - reach["bottom"] * px,
                                     frame.x1 + reach["right"] * px, frame.y1 + reach["top"] * px)
    if not drawn:
        ax._update_title_position(renderer)
    for title in (ax.title, ax._left_title, ax._right_title):
        if title.get_visible() and title.get_text():
            boxes.append(title.get_window_extent(renderer))
    box = Bbox.union(boxes)
    if not all(map(math.isfinite, box.extents)):
        return None
    return box.padded(APART_PX)


def _fig_extents(fig: Figure, renderer: Any) -> list[Bbox] | None:
    """Boxes of what the figure itself draws over its patch (texts, legends)."""
    boxes = []
    for artist in (*fig.texts, *fig.legends):
        if not artist.get_visible():
            continue
        box = artist.get_window_extent(renderer)
        if not all(map(math.isfinite, box.extents)):
            return None
        boxes.append(box.padded(APART_PX))
    return boxes


def _alone_ok(fig: Figure) -> bool:
    """Whether an axes of ``fig`` can be redrawn alone: an opaque figure patch, nothing
    else drawn by the figure but texts and legends, and axes with no inset axes, tables or
    other artists on their background (which their measured box would miss), no aligned
    labels."""
    patch = fig.patch
    face = patch.get_facecolor()
    if not (patch.get_visible() and face[3] == 1.0 and patch.get_alpha() in (None, 1.0)):
        return False
    if fig.subfigs or fig.images or fig.lines or fig.patches or fig.artists:
        return False
    groups = getattr(fig, "_align_label_groups", {})
    return not any(ax.child_axes or ax.tables or ax.artists
                   or any(len(g.get_siblings(ax)) > 1 for g in groups.values())
                   for ax in fig.axes)


class Blitter:
    """Draws a figure, reusing the saved background when only the data changed.

    When the decorations of some axes changed (a new view, new ticks) but
    not the others', and the boxes those axes' backgrounds cover lie apart
    from everything else on the background, only those axes are redrawn over
    the saved background: their box is painted with the figure's face colour
    and the axes drawn on it, which gives the pixels a full draw gives there
    (nothing else draws there), at the cost of one axes instead of all.
    """

    def __init__(self) -> None:
        self._background = None
        self._signature: tuple | None = None
        self._extents: list[Bbox | None] | None = None  # per axes, of the background
        self._fig_extents: list[Bbox] | None = None
        self.count = 0  #: draws that restored the background (tests, benchmark)
        self.partial = 0  #: draws that redrew only some axes' backgrounds (tests, benchmark)

    def invalidate(self) -> None:
        """Forget the background (the figure was drawn some other way)."""
        self._background = self._signature = None
        self._extents = self._fig_extents = None

    def _changed(self, signature: tuple) -> list[int] | None:
        """Indices of the axes whose decorations changed, if only some of them did."""
        old = self._signature
        if old is None or old[1:] != signature[1:] or len(old[0]) != len(signature[0]):
            return None
        if any(a[0] != b[0] for a, b in zip(old[0], signature[0])):
            return None  # an axes moved
        changed = [i for i, (a, b) in enumerate(zip(old[0], signature[0])) if a != b]
        return changed if 0 < len(changed) < len(signature[0]) else None

    def _redraw_alone(self, fig: Figure, changed: list[int]) -> bool:
        """Redraw the backgrounds of the ``changed`` axes over the saved one, if that is safe.

        Each is painted over in the box its old background covered, grown by
        :data:`ROOM_PX` where that keeps it apart from everything else, and
        drawn there. If what it drew then reaches outside that box (or near
        anything else), False: the caller draws the whole figure afresh, which
        paints over every pixel.
        """
        if self._extents is None or self._fig_extents is None or not _alone_ok(fig):
            return False
        others = [box for j, box in enumerate(self._extents) if j not in changed]
        if any(box is None for box in others) or any(self._extents[i] is None for i in changed):
            return False
        obstacles = [*others, *self._fig_extents]
        regions = {}
        for i in changed:
            region = _grow_apart(self._extents[i], obstacles)
            if region is None:
                return False
            x0, y0 = math.floor(region.x0), math.floor(region.y0)
            regions[i] = Bbox([[x0, y0], [math.ceil(region.x1), math.ceil(region.y1)]])
        if any(regions[i].overlaps(regions[k]) for i in regions for k in regions if i < k):
            return False
        canvas, renderer, patch = fig.canvas, fig.canvas.get_renderer(), fig.patch
        canvas.restore_region(self._background)
        axes = fig.axes
        for i, region in regions.items():
            patch.set_clip_box(region)
            try:
                patch.draw(renderer)  # the face colour, opaque: as before any axes was drawn
            finally:
                patch.set_clip_box(None)
            axes[i].draw(renderer)
            new = _extent(axes[i], renderer, drawn=True)
            if (new is None or not _inside(new, region)
                    or any(new.overlaps(o) for o in obstacles)):
                return False
            self._extents[i] = new
        self.partial += 1
        return True

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
        changed = self._changed(signature) if self._background is not None else None
        for _, artist in artists:
            artist.set_animated(True)
        try:
            if changed is None or not self._redraw_alone(fig, changed):
                canvas.draw()  # everything but the data artists
                self._measure(fig)
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._signature = signature
            for ax, artist in artists:
                ax.draw_artist(artist)
        finally:
            for _, artist in artists:
                artist.set_animated(False)

    def _measure(self, fig: Figure) -> None:
        """The boxes of the background just drawn (for figures of several axes)."""
        self._extents = self._fig_extents = None
        if len(fig.axes) > 1 and _alone_ok(fig):
            renderer = fig.canvas.get_renderer()
            self._extents = [_extent(ax, renderer, drawn=True) for ax in fig.axes]
            self._fig_extents = _fig_extents(fig, renderer)
