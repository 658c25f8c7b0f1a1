"""Re-using the legends of the last draw, for in-place live figures.

A legend (``ax.legend(...)``, or a figure legend ``fig.legend(...)`` as
:func:`clustercode.plotting.figure_legend` makes) is rebuilt by every draw, and
building one -- a proxy artist per entry, text boxes, packers -- costs about a
tenth of a slider step, although on most steps it shows the same entries as
before (and when only the data changed, the in-place redraw does not even draw
a figure legend again: it is part of the saved background).
:class:`LegendReuse` puts the legend the last draw made back into its figure or
axes when the draw function asks for the same legend: the same labels, the
same keyword arguments, and handles of the same kind with the same style
(everything a legend copies from its handles). Otherwise matplotlib builds a
new one. As for the axes' tick objects (:func:`._drawing._clear_keeping_ticks`),
properties a draw function sets on the returned legend persist, so it should
set them the same way on every call (the book's draw functions do).
"""

from __future__ import annotations

import functools
import numbers
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend, _parse_legend_args
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

_LINE_STYLE = ("get_color", "get_linestyle", "get_linewidth", "get_marker", "get_markersize",
               "get_markerfacecolor", "get_markerfacecoloralt", "get_markeredgecolor",
               "get_markeredgewidth", "get_fillstyle", "get_drawstyle", "get_dash_capstyle",
               "get_dash_joinstyle", "get_solid_capstyle", "get_solid_joinstyle", "get_gapcolor",
               "get_antialiased")
_PATCH_STYLE = ("get_facecolor", "get_edgecolor", "get_linewidth", "get_linestyle", "get_hatch",
                "get_hatch_linewidth", "get_fill", "get_joinstyle", "get_capstyle",
                "get_antialiased")
_ARTIST_STYLE = ("get_alpha", "get_visible", "get_label", "get_path_effects",
                 "get_sketch_params", "get_rasterized", "get_zorder")
_PRIVATE = ("_dash_pattern", "_unscaled_dash_pattern", "_hatch_color")


class _Unknown:
    """A value the key cannot compare: never equal, not even to itself."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def _plain(value: Any) -> Any:
    """``value`` as nested tuples of numbers and strings, or an :class:`_Unknown`."""
    if value is None or isinstance(value, (str, bool, numbers.Number)):
        return value
    if isinstance(value, np.ndarray):
        return ("array", value.shape, tuple(value.ravel().tolist()))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, *(_plain(v) for v in value))
    return _Unknown()


def _style(handle: Any) -> tuple:
    """What a legend takes from ``handle``: its type and style."""
    if isinstance(handle, Line2D):
        getters = _LINE_STYLE
    elif isinstance(handle, Patch):
        getters = _PATCH_STYLE
    else:  # containers, collections: not compared, always built afresh
        return (_Unknown(),)
    values = []
    for name in (*getters, *_ARTIST_STYLE):
        getter = getattr(handle, name, None)
        values.append(_plain(getter()) if getter is not None else None)
    values.extend(_plain(getattr(handle, name, None)) for name in _PRIVATE)
    marker = getattr(handle, "_marker", None)  # a MarkerStyle: compare what it draws
    if marker is not None:
        values.append((marker.get_marker() if isinstance(marker.get_marker(), str) else _Unknown(),
                       marker.get_fillstyle(), _plain(marker.get_transform().get_matrix()),
                       marker.get_joinstyle(), marker.get_capstyle()))
    return (type(handle), *values)


class LegendReuse:
    """Gives ``fig.legend(...)`` and ``ax.legend(...)`` (for ``axes``) the legend the previous
    draw made there when it would look the same.

    Call :meth:`begin` before each draw. Legends are matched by where and in
    which order the draw function makes them.
    """

    def __init__(self, fig: Figure, axes: list[Axes]) -> None:
        self._previous: dict[int, list[tuple[tuple, Legend]]] = {}
        self._current: dict[int, list[tuple[tuple, Legend]]] = {}
        self.count = 0  #: legends re-used (tests, benchmark)
        for parent in (fig, *axes):  # these objects only
            parent.legend = functools.partial(self._legend, parent)  # type: ignore[method-assign]

    def begin(self) -> None:
        """A new draw starts: what the last one made may be re-used."""
        self._previous.update(self._current)
        self._current = {}

    def _legend(self, parent: Figure | Axes, *args: Any, **kwargs: Any) -> Legend:
        """As :meth:`matplotlib.figure.Figure.legend` or :meth:`matplotlib.axes.Axes.legend`."""
        is_axes = isinstance(parent, Axes)
        handles, labels, kw = _parse_legend_args([parent] if is_axes else parent.axes,
                                                 *args, **kwargs)
        if not is_axes:
            kw.setdefault("bbox_transform", parent.transSubfigure)
        key = (tuple(labels), tuple(_style(h) for h in handles),
               tuple(sorted((k, v if k == "bbox_transform" else _plain(v))
                            for k, v in kw.items())))
        made = self._current.setdefault(id(parent), [])
        before = self._previous.get(id(parent), [])
        old = before[len(made)] if len(made) < len(before) else None
        if (old is not None and old[0] == key and old[1].get_figure(root=False) is None
                and getattr(old[1], "axes", None) is None):  # removed by the engine's reset
            legend = old[1]
            if is_axes:
                legend.axes = parent
            legend.set_figure(parent.get_figure(root=False) if is_axes else parent)
            self.count += 1
        else:
            legend = Legend(parent, handles, labels, **kw)
        if is_axes:
            parent.legend_ = legend
            legend._remove_method = parent._remove_legend
        else:
            parent.legends.append(legend)
            legend._remove_method = parent.legends.remove
        parent.stale = True
        made.append((key, legend))
        return legend
