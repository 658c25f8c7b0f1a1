"""The live figure: a matplotlib figure redrawn for each slider value, and its PNG."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure

from ._drawing import axes_list, draw_on
from ._inplace import Blitter, keep_views, views
from ._layout import FrozenLayout
from ._legend import LegendReuse
from ._png import encode_png
from ._text import live_canvas


class LiveFigure:
    """The figure behind the widget's image, drawn at ``dpi`` under the rcParams ``rc``.

    Every :meth:`render` clears the axes and calls the draw function. The
    constrained layout is cached (:class:`~._layout.FrozenLayout`). With
    ``in_place`` the axes keep their tick objects across the clear, the
    autoscaled views are kept while the data fit and, when nothing around the
    data changed, only the data are redrawn (:mod:`._inplace`), and legends
    like the last draw's are re-used (:mod:`._legend`).
    """

    def __init__(self, *, figsize: tuple[float, float], dpi: float, rc: Mapping[str, Any],
                 subplot_kw: Mapping[str, Any], title: str | None, alt: str | None,
                 in_place: bool) -> None:
        self.rc = dict(rc)
        self.alt = alt
        self.in_place = in_place
        self.layout = FrozenLayout()
        self.blitter = Blitter()
        self.png = b""
        self.error: str | None = None
        # True when the artists were last drawn for other values than png's
        # (a look-ahead drawing, see ._ahead): render() before reading them.
        self.stale = False
        self._views = None
        with mpl.rc_context(self.rc):
            fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
            fig.set_layout_engine("none")  # see FrozenLayout
            live_canvas(fig)  # text drawn from a glyph cache
            self.axes = fig.subplots(squeeze=True, **subplot_kw)
            self._keep = [fig.suptitle(title)] if title else []
        self.figure = fig
        self.axes_list = axes_list(self.axes)
        self.legends = LegendReuse(fig, self.axes_list) if in_place else None

    def render(self, draw: Callable[..., Any], values: Mapping[str, Any]) -> bytes:
        """Redraw for ``values``; set :attr:`error` and :attr:`png`, and return the PNG."""
        fig, axes = self.figure, self.axes_list
        with mpl.rc_context(self.rc):
            self.layout.restore(axes)
            if self.legends is not None:
                self.legends.begin()
            self.error = draw_on(draw, values, fig, self.axes, axes, self._keep,
                                 keep_ticks=self.in_place)
            if self.in_place and self.error is None:
                keep_views(axes, self._views)
            if self.error is None and self.layout.needed(fig, axes):
                self.layout.run(fig, axes)
                self.blitter.invalidate()
            elif self.in_place and self.error is None:
                self.blitter.draw(fig)
            else:
                fig.canvas.draw()
                self.blitter.invalidate()
            self._views = views(axes) if self.in_place and self.error is None else None
            self.png = encode_png(fig, compress_level=1, alt=self.alt, draw=False)
        self.stale = False
        return self.png

    def snapshot(self) -> tuple:
        """What a later drawing depends on and what it shows: (png, error, kept
        views, frozen layout). The layout is part of it because a drawing may run
        it again (a label grew), and the next drawing starts from where it left
        the axes: a look-ahead drawing that ran it must not move them for the
        reader's next step."""
        return (self.png, self.error, self._views, self.layout.state())

    def restore(self, state: tuple) -> None:
        """Put back a :meth:`snapshot` (the artists are not redrawn: see :attr:`stale`)."""
        self.png, self.error, self._views, layout = state
        self.layout.set_state(layout)
        self.stale = True

    def render_state(self, draw: Callable[..., Any], values: Mapping[str, Any]) -> tuple:
        """:meth:`render` ``values`` and return the resulting :meth:`snapshot`."""
        self.render(draw, values)
        return self.snapshot()
