"""The live figure's layout cache.

Constrained layout costs a good part of a draw. The live figure runs it only
when needed: its result (the axes' positions) is frozen, and it is re-run when
the decorations (tick labels, axis labels, titles, legends) no longer fit the
margins it left, or shrink enough to waste space. Measuring them needs tight
bounding boxes, which cost too, so they are measured only when a cheap
signature of the decorations changes.
"""

from __future__ import annotations

import re
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import Bbox

# Pixels at the live dpi: re-run the layout when the decorations of an axes grow
# beyond the room it made for them (constrained layout pads by 3 pt, about 4 px),
# or shrink enough to leave a wasteful margin.
GROW_TOL_PX = 4.0
SHRINK_TOL_PX = 24.0

_DIGIT = re.compile(r"[0-9]")


def margins_stale(old: list, new: list) -> bool:
    """Whether decorations outgrew the margins the layout left for them, or shrank a lot."""
    for before, after in zip(old, new):
        if before is None or after is None:
            if before is not after:
                return True
            continue
        if any(a - b > GROW_TOL_PX or b - a > SHRINK_TOL_PX for a, b in zip(after, before)):
            return True
    return False


def axis_signature(axis: Any) -> tuple:
    """What of an axis decides the room it needs: its tick labels and label.

    Tick labels enter with every digit replaced by 0: DejaVu Sans (like most
    fonts) has digits of equal width, so labels that differ only in their
    digits take the same room, and the layout need not be checked again.
    """
    if not axis.get_visible():
        return ("hidden",)
    lo, hi = sorted(axis.get_view_interval())
    slack = 1e-9 * (hi - lo)
    locs = [loc for loc in axis.get_majorticklocs() if lo - slack <= loc <= hi + slack]
    formatter = axis.get_major_formatter()
    labels = [_DIGIT.sub("0", label) for label in formatter.format_ticks(locs)] if locs else []
    offset = formatter.get_offset() if hasattr(formatter, "get_offset") else ""
    return (
        labels[0] if labels else None,   # overhang at the ends of the axis
        labels[-1] if labels else None,
        frozenset(labels),               # widest / tallest label
        _DIGIT.sub("0", offset),
        type(axis.get_minor_locator()).__name__,
        axis.get_label_text(),
        axis.get_label_position(),
        axis.get_ticks_position(),
    )


def _texts_outside(ax: Axes, renderer: Any) -> tuple:
    """The texts of ``ax`` that reach outside its frame (only those can need room around it).

    Texts clipped to the axes never do; the others are measured, which costs
    far less than measuring everything around the axes.
    """
    frame = ax.bbox
    outside = []
    for t in ax.texts:
        if not t.get_visible() or not t.get_in_layout():
            continue
        if t.get_clip_on() and (t.get_clip_box() is frame or t.get_clip_path() is not None):
            continue  # clipped to the axes (as matplotlib's ax.text with clip_on=True)
        box = t.get_window_extent(renderer)
        if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                and box.y1 <= frame.y1):
            outside.append((t.get_text(), t.get_position(), tuple(box.bounds)))
    return tuple(outside)


def decor_signature(ax: Axes, renderer: Any = None) -> tuple:
    """Cheap fingerprint of everything around an axes that takes up space.

    Titles enter with their digits replaced by 0, as tick labels do (see
    :func:`axis_signature`): a title that counts something takes the same room
    while the count keeps its number of digits. Texts enter only where they
    reach outside the frame (with a ``renderer`` to measure them; without one,
    every text enters).
    """
    legend = ax.get_legend()
    legend_sig = (None if legend is None else
                  (tuple(t.get_text() for t in legend.get_texts()),
                   getattr(legend, "_loc", None),
                   getattr(getattr(legend, "_bbox_to_anchor", None), "bounds", None)))
    texts = (_texts_outside(ax, renderer) if renderer is not None else
             tuple((t.get_text(), t.get_position(), t.get_clip_on()) for t in ax.texts))
    return (
        ax.axison,
        axis_signature(ax.xaxis),
        axis_signature(ax.yaxis),
        tuple(_DIGIT.sub("0", ax.get_title(loc)) for loc in ("left", "center", "right")),
        legend_sig,
        texts,
        len(ax.child_axes),
        ax.get_aspect(),
    )


class FrozenLayout:
    """Constrained layout for a live figure, run on demand and frozen in between.

    The figure is created with ``layout="constrained"`` and then given the
    ``"none"`` engine: matplotlib keeps constrained layout's colorbar behaviour
    (no gridspec surgery) without running it on every draw.
    """

    def __init__(self) -> None:
        self._engine = ConstrainedLayoutEngine()
        self._margins: list | None = None
        self._signature: list[tuple] | None = None
        self._pending_margins: list | None = None
        self._pending_signature: list[tuple] | None = None
        self._positions: list[Bbox] | None = None
        self.count = 0  #: how often the layout ran (tests, benchmark)

    def state(self) -> tuple:
        """What the next drawing's layout depends on: the frozen positions, the
        margins they were made for and the decorations last seen to fit."""
        return (self._positions, self._margins, self._signature)

    def set_state(self, state: tuple) -> None:
        """Put back a :meth:`state` (a look-ahead drawing may have run the layout)."""
        self._positions, self._margins, self._signature = state
        self._pending_margins = self._pending_signature = None

    def restore(self, axes: list[Axes]) -> None:
        """Put the axes back where the last layout placed them (``clear`` does not move them,
        but the draw function might)."""
        if self._positions is not None:
            for ax, pos in zip(axes, self._positions):
                ax.set_position(pos)
                ax.set_in_layout(True)  # set_position opts the axes out

    def needed(self, fig: Figure, axes: list[Axes]) -> bool:
        """Whether the decorations just drawn need a new layout."""
        self._pending_margins = self._pending_signature = None
        if len(fig.axes) != len(axes):
            # The draw function added axes (twins, colorbars): they are only
            # placed right by a full layout, so run it on every draw (and
            # afresh once they are gone).
            return True
        renderer = fig.canvas.get_renderer()
        signature = [decor_signature(ax, renderer) for ax in axes]
        if self._margins is not None and signature == self._signature:
            return False
        margins = _margins(fig, axes)
        self._pending_margins, self._pending_signature = margins, signature
        if self._margins is None or margins_stale(self._margins, margins):
            return True
        self._signature = signature  # still fits: no need to check again
        return False

    def run(self, fig: Figure, axes: list[Axes]) -> None:
        """Draw ``fig`` with constrained layout (inside the draw, as matplotlib does) and freeze it."""
        fig.set_layout_engine(self._engine)
        try:
            fig.canvas.draw()
        finally:
            fig.set_layout_engine("none")
        self._positions = [ax.get_position(original=True) for ax in axes]
        self._margins = self._pending_margins
        self._signature = self._pending_signature
        self.count += 1


def _margins(fig: Figure, axes: list[Axes]) -> list[tuple[float, float, float, float] | None]:
    """Room (px) the decorations of each axes take outside its frame:
    left, bottom, right, top; as constrained layout measures it."""
    renderer = fig.canvas.get_renderer()
    result = []
    for ax in axes:
        tight = ax.get_tightbbox(renderer, for_layout_only=True)
        if tight is None:
            result.append(None)
            continue
        frame = ax.get_position(original=True).transformed(fig.transFigure)
        result.append((frame.x0 - tight.x0, frame.y0 - tight.y0,
                       tight.x1 - frame.x1, tight.y1 - frame.y1))
    return result
