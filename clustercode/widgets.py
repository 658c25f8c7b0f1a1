"""Interactive figures that also work as static images.

One helper, :func:`interactive_figure`, serves every live figure of the book.
The chapter supplies a *draw function* ``draw(ax_or_axes, **values)`` -- plain
matplotlib, called on cleared axes for every slider value -- and a list of
:class:`Slider` objects; the helper owns the matplotlib figure, the sliders
and the rendering:

* in a running Jupyter kernel (Binder, local Jupyter) the figure displays as an
  ``ipywidgets`` box: sliders plus an :class:`ipywidgets.Image` whose PNG is
  re-rendered in place after every slider change (no new output, no flicker,
  no dependency on ``ipympl``); while the reader looks, the kernel draws the
  next step of the slider moved last, so that an arrow-key step shows at once
  (the same image a redraw gives; ``CLUSTERCODE_LOOKAHEAD=0`` in the kernel's
  environment turns this off);
* on the static HTML site and in the PDF the same output carries an
  ``image/png`` of the initial state *with a drawn slider panel*, so the reader
  sees which parameter values the picture shows.

If the draw function raises :class:`ValueError` (the models' way of rejecting
parameters outside their assumptions), the figure shows the message in place of
the plot instead of a traceback. Any other exception propagates.

Drawing happens under the book's style (:func:`clustercode.style.book_rcparams`)
whatever the global rcParams are, so every interactive figure looks the same.
The machinery (layout cache, in-place redraw, PNG encoding, the widget box)
is private, in ``clustercode._engine``; a draw function never sees it.

Examples
--------
>>> import numpy as np
>>> from clustercode.widgets import Slider, interactive_figure
>>> def draw(ax, slope):
...     x = np.linspace(0.0, 1.0, 50)
...     ax.plot(x, slope * x)
...     ax.set_xlabel("x")
>>> fig = interactive_figure(draw, [Slider("slope", 0.0, 2.0, 1.0, label="slope $s$")])
>>> fig.update(slope=5.0)          # clamped into [0, 2]
>>> fig.values
{'slope': 2.0}
"""

from __future__ import annotations

import base64
import inspect
import keyword
import math
import numbers
import struct
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._engine._ahead import IDLE, Lookahead, on_grid
from ._engine._jupyter import build_widget, image_value
from ._engine._live import LiveFigure
from ._engine._static import static_png as _static_png
from .style import book_rcparams

__all__ = [
    "Slider",
    "InteractiveFigure",
    "interactive_figure",
    "LIVE_DPI",
    "STATIC_DPI",
]

#: Resolution of the live image shown by the widget (speed matters here).
LIVE_DPI = 100
#: Resolution of :meth:`InteractiveFigure.static_png` (HTML site and PDF).
STATIC_DPI = 170

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


# ---------------------------------------------------------------------------
# Slider
# ---------------------------------------------------------------------------


def _real(value: Any, what: str) -> float:
    """Return ``value`` as a finite float or raise a clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{what} must be finite, got {value!r}")
    return result


def _decimals(x: float, limit: int = 6) -> int:
    """Fewest decimals (up to ``limit``) that represent ``x`` exactly enough."""
    for d in range(limit + 1):
        if abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)):
            return d
    return limit


def _check_label(label: str, name: str) -> None:
    """Reject labels whose mathtext (``$...$``) matplotlib cannot parse."""
    from matplotlib import cbook
    from matplotlib.mathtext import MathTextParser

    if not cbook.is_math_text(label):
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            MathTextParser("path").parse(label)
    except ValueError as exc:
        first = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
        raise ValueError(
            f"slider {name!r}: label {label!r} is not valid mathtext. {first}".rstrip()
        ) from None


@dataclass(frozen=True)
class Slider:
    """One model parameter controlled by a slider.

    Parameters
    ----------
    name : str
        Keyword under which the value is passed to the draw function; must be
        a valid Python identifier.
    min, max : float
        Range of the slider, ``min < max``.
    value : float
        Initial value, ``min <= value <= max``.
    step : float, optional
        Slider increment, ``0 < step <= max - min``. Defaults to
        ``(max - min) / 100``, or 1 for integer sliders.
    label : str, optional
        Text shown next to the slider; may contain mathtext such as
        ``r"spillover $\\beta$"`` (typeset by MathJax in the widget and by
        matplotlib in the static panel). Defaults to ``name``. Do not mix
        Chinese characters with ``$...$`` in one label: matplotlib renders the
        whole of such a string with its math fonts, which lack CJK glyphs.
    integer : bool, default False
        Integer-valued slider; ``min``, ``max``, ``value`` and ``step`` must
        then be integers.

    Raises
    ------
    ValueError
        If a bound is not finite, ``min >= max``, ``value`` lies outside
        ``[min, max]``, ``step`` is not positive or exceeds the range, an
        integer slider has non-integer settings, the name is not an identifier
        or the label is not valid mathtext.
    TypeError
        If a numeric field is not a real number.

    Notes
    -----
    After construction ``step`` holds the resolved step (never ``None``); for
    integer sliders ``min``, ``max``, ``value`` and ``step`` are ``int``.
    """

    name: str
    min: float
    max: float
    value: float
    step: float | None = None
    label: str | None = None
    integer: bool = False

    def __post_init__(self) -> None:
        name = self.name
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(
                f"slider name {name!r} is not a valid Python identifier "
                "(it is passed to the draw function as a keyword argument)"
            )
        if not isinstance(self.integer, (bool, np.bool_)):
            raise TypeError(f"slider {name!r}: integer must be True or False")
        lo = _real(self.min, f"slider {name!r}: min")
        hi = _real(self.max, f"slider {name!r}: max")
        val = _real(self.value, f"slider {name!r}: value")
        if not lo < hi:
            raise ValueError(f"slider {name!r}: min ({lo:g}) must be less than max ({hi:g})")
        if not lo <= val <= hi:
            raise ValueError(
                f"slider {name!r}: value ({val:g}) must lie in [min, max] = [{lo:g}, {hi:g}]"
            )
        if self.step is None:
            step = 1.0 if self.integer else (hi - lo) / 100.0
        else:
            step = _real(self.step, f"slider {name!r}: step")
            if step <= 0.0:
                raise ValueError(f"slider {name!r}: step ({step:g}) must be positive")
            if step > hi - lo:
                raise ValueError(
                    f"slider {name!r}: step ({step:g}) must not exceed max - min ({hi - lo:g})"
                )
        if self.label is not None:
            if not isinstance(self.label, str) or not self.label.strip():
                raise ValueError(f"slider {name!r}: label must be a non-empty string or None")
            _check_label(self.label, name)
        if self.integer:
            for field, x in (("min", lo), ("max", hi), ("value", val), ("step", step)):
                if x != int(x):
                    raise ValueError(
                        f"slider {name!r}: {field} ({x:g}) must be an integer "
                        "for an integer slider"
                    )
            lo, hi, val, step = int(lo), int(hi), int(val), int(step)
        object.__setattr__(self, "min", lo)
        object.__setattr__(self, "max", hi)
        object.__setattr__(self, "value", val)
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "integer", bool(self.integer))

    @property
    def display_label(self) -> str:
        """The label, or the name when no label was given."""
        return self.label if self.label is not None else self.name

    @property
    def decimals(self) -> int:
        """Number of decimals used to display values (0 for integer sliders)."""
        if self.integer:
            return 0
        return max(_decimals(float(self.step)), _decimals(float(self.min)))

    def format_value(self, value: float) -> str:
        """Format a value of this slider for display."""
        if self.integer:
            return str(int(value))
        return f"{value:.{self.decimals}f}"

    def clamp(self, value: float) -> float | int:
        """Clamp ``value`` into ``[min, max]`` (rounded for integer sliders).

        Raises
        ------
        TypeError
            If ``value`` is not a real number.
        ValueError
            If ``value`` is not finite.
        """
        x = _real(value, f"value for slider {self.name!r}")
        x = min(max(x, float(self.min)), float(self.max))
        if self.integer:
            return int(math.floor(x + 0.5))
        return x


# ---------------------------------------------------------------------------
# InteractiveFigure
# ---------------------------------------------------------------------------


def _check_signature(draw: Callable[..., Any], names: list[str]) -> None:
    """Fail early if ``draw`` cannot accept the slider keywords."""
    try:
        signature = inspect.signature(draw)
    except (TypeError, ValueError):  # builtins, some C callables
        return
    try:
        signature.bind(object(), **{name: 0.0 for name in names})
    except TypeError as exc:
        raise TypeError(
            f"draw function cannot be called as draw(axes, {', '.join(f'{n}=...' for n in names)}): {exc}"
        ) from None


def _resolve_in_place(in_place: bool, clear: bool | None) -> bool:
    """``in_place``, with the deprecated ``clear=False`` read as ``in_place=True``."""
    if not isinstance(in_place, bool):
        raise TypeError(f"in_place must be True or False, got {in_place!r}")
    if clear is None:
        return in_place
    if not isinstance(clear, bool):
        raise TypeError(f"clear must be True or False, got {clear!r}")
    warnings.warn(
        "interactive_figure(clear=...) is deprecated: the axes are now cleared before "
        "every draw; pass in_place=True instead of clear=False",
        DeprecationWarning, stacklevel=4,
    )
    return in_place or not clear


class InteractiveFigure:
    """A matplotlib figure driven by sliders; see :func:`interactive_figure`.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The live figure (not registered with pyplot, so never shown twice).
    axes : Axes or numpy.ndarray of Axes
        What the draw function receives.
    sliders : tuple of Slider
    title, alt : str or None
    """

    def __init__(
        self,
        draw: Callable[..., Any],
        sliders: Iterable[Slider],
        *,
        nrows: int = 1,
        ncols: int = 1,
        figsize: tuple[float, float] = (7.0, 4.0),
        title: str | None = None,
        alt: str | None = None,
        sharex: bool | str = False,
        sharey: bool | str = False,
        in_place: bool = False,
        clear: bool | None = None,
    ) -> None:
        if not callable(draw):
            raise TypeError(f"draw must be callable, got {draw!r}")
        sliders = tuple(sliders)
        for s in sliders:
            if not isinstance(s, Slider):
                raise TypeError(f"sliders must be Slider instances, got {s!r}")
        names = [s.name for s in sliders]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate slider name(s): {', '.join(duplicates)}")
        for what, n in (("nrows", nrows), ("ncols", ncols)):
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
                raise ValueError(f"{what} must be a positive integer, got {n!r}")
        try:
            width, height = (float(v) for v in figsize)
        except (TypeError, ValueError):
            raise ValueError(f"figsize must be a pair of numbers, got {figsize!r}") from None
        if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
            raise ValueError(f"figsize must be two positive finite numbers, got {figsize!r}")
        for what, text in (("title", title), ("alt", alt)):
            if text is not None and not isinstance(text, str):
                raise TypeError(f"{what} must be a string or None, got {text!r}")
        in_place = _resolve_in_place(in_place, clear)
        _check_signature(draw, names)

        self._draw = draw
        self._sliders = sliders
        self._by_name: dict[str, Slider] = {s.name: s for s in sliders}
        self._values: dict[str, float | int] = {s.name: s.value for s in sliders}
        self._nrows, self._ncols = int(nrows), int(ncols)
        self._figsize = (width, height)
        self._title = title
        self._alt = alt
        self._sharex, self._sharey = sharex, sharey
        self._rc = book_rcparams()
        self._widget = None
        self._image = None
        self._controls: dict[str, Any] = {}
        self._syncing = False
        self._live = LiveFigure(figsize=self._figsize, dpi=LIVE_DPI, rc=self._rc,
                                subplot_kw=self.subplot_kw, title=title, alt=alt,
                                in_place=in_place)
        self._ahead = Lookahead(self._live, draw, sliders)
        self._render()

    # -- read-only state --------------------------------------------------

    @property
    def figure(self) -> Figure:
        """The live matplotlib figure."""
        self._fresh()
        return self._live.figure

    @property
    def axes(self) -> Axes | np.ndarray:
        """The Axes (or array of Axes) passed to the draw function."""
        self._fresh()
        return self._live.axes

    @property
    def sliders(self) -> tuple[Slider, ...]:
        """The sliders, in display order."""
        return self._sliders

    @property
    def values(self) -> dict[str, float | int]:
        """Current slider values (a copy)."""
        return dict(self._values)

    @property
    def error(self) -> str | None:
        """Message of the ValueError raised by the last draw, or None."""
        return self._live.error

    @property
    def title(self) -> str | None:
        """The figure title, if any."""
        return self._title

    @property
    def alt(self) -> str | None:
        """Alternative text describing the figure."""
        return self._alt

    @property
    def png(self) -> bytes:
        """PNG bytes of the live image (the current state, no slider panel)."""
        return self._live.png

    @property
    def draw_function(self) -> Callable[..., Any]:
        """The draw function, ``draw(ax_or_axes, **values)``."""
        return self._draw

    @property
    def in_place(self) -> bool:
        """Whether the live image is redrawn in place (see :func:`interactive_figure`)."""
        return self._live.in_place

    @property
    def subplot_kw(self) -> dict[str, Any]:
        """The grid arguments, as accepted by ``Figure.subplots``."""
        return {"nrows": self._nrows, "ncols": self._ncols,
                "sharex": self._sharex, "sharey": self._sharey}

    @property
    def figsize(self) -> tuple[float, float]:
        """Size of the plot area in inches (the static PNG adds the panel)."""
        return self._figsize

    @property
    def _layout_count(self) -> int:  # how often the live layout ran (tests, benchmark)
        return self._live.layout.count

    @property
    def _blit_count(self) -> int:  # draws that restored the background (tests, benchmark)
        return self._live.blitter.count

    # -- changing state ---------------------------------------------------

    def update(self, **values: float) -> None:
        """Set some sliders and redraw synchronously.

        Values are clamped into the slider's range; integer sliders round to
        the nearest integer. The ipywidgets sliders, if created, follow.

        Raises
        ------
        ValueError
            If a name is not a slider of this figure, or a value is not finite.
        TypeError
            If a value is not a real number.
        """
        unknown = [name for name in values if name not in self._by_name]
        if unknown:
            raise ValueError(
                f"unknown slider(s) {', '.join(map(repr, unknown))}; "
                f"this figure has: {', '.join(self._by_name) or 'no sliders'}"
            )
        clamped = {name: self._by_name[name].clamp(v) for name, v in values.items()}
        self._values.update(clamped)
        self._sync_controls(clamped)
        self._render()

    def close(self) -> None:
        """Close the ipywidgets models (frees their comms in a live kernel)."""
        if self._widget is not None:
            for control in self._controls.values():
                control.close()
            for child in self._widget.children:
                child.close()
            self._widget.close()
        self._widget = self._image = None
        self._controls = {}
        IDLE.closed(self._ahead)

    def _render(self) -> None:
        png = self._ahead.take(self._values)
        if png is None:
            png = self._live.render(self._draw, self._values)
        if self._image is not None:
            self._image.value = image_value(png)

    def _fresh(self) -> None:
        """Redraw the current values if a look-ahead drawing left the artists elsewhere."""
        if self._live.stale:
            self._live.render(self._draw, self._values)

    # -- static image with slider panel -----------------------------------

    def static_png(self, dpi: float = STATIC_DPI) -> bytes:
        """PNG of the current state with a drawn slider panel below the plot.

        The panel shows each slider as a track with a knob at its value, its
        label and its current value, so the image stands on its own in static
        HTML and in the PDF.

        Parameters
        ----------
        dpi : float, default :data:`STATIC_DPI`
        """
        dpi = _real(dpi, "dpi")
        if dpi <= 0:
            raise ValueError(f"dpi must be positive, got {dpi:g}")
        return _static_png(self._draw, self._sliders, self._values, figsize=self._figsize,
                           subplot_kw=self.subplot_kw, title=self._title, alt=self._alt,
                           rc=self._rc, dpi=dpi)

    # -- ipywidgets -------------------------------------------------------

    @property
    def widget(self):
        """The ipywidgets box: the live image above its sliders."""
        if self._widget is None:
            width_px = int(round(self._figsize[0] * LIVE_DPI))
            self._widget, self._image, self._controls = build_widget(
                self.png, self._alt, self._sliders, self._values, width_px, self._on_control)
            IDLE.shown(self._ahead)  # in a running kernel: draw the sliders' next steps when idle
        return self._widget

    def _on_control(self, name: str, value: float) -> None:
        if self._syncing:
            return
        s = self._by_name[name]
        # The front end's keyboard step carries float noise (0.35000000000000003):
        # the model gets the grid value the slider shows.
        new = s.clamp(value)
        if not s.integer:
            new = s.clamp(on_grid(new, float(s.min), float(s.step)))
        old = self._values[name]
        self._values[name] = new
        self._render()
        # In a running kernel, draw this slider's next steps while the reader looks.
        if new != old:
            IDLE.moved(self._ahead, name)
            self._ahead.plan(self._values, name, 1 if new > old else -1)

    def _sync_controls(self, values: dict[str, float | int]) -> None:
        if not self._controls:
            return
        self._syncing = True
        try:
            for name, v in values.items():
                self._controls[name].value = v
        finally:
            self._syncing = False

    # -- display ----------------------------------------------------------

    def describe(self) -> str:
        """Short plain-text description: title, slider values and alt text."""
        parts = [f"Interactive figure: {self._title}" if self._title else "Interactive figure"]
        if self._sliders:
            parts.append(", ".join(
                f"{s.name} = {s.format_value(self._values[s.name])}" for s in self._sliders
            ))
        if self.error:
            parts.append(f"(invalid parameters: {self.error})")
        if self._alt:
            parts.append(f"Alt text: {self._alt}")
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<InteractiveFigure title={self._title!r} values={self._values!r}>"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """Widget view for live kernels, PNG for static HTML/PDF, and text."""

        def wanted(mime: str) -> bool:
            return (include is None or mime in include) and (exclude is None or mime not in exclude)

        data: dict[str, Any] = {}
        metadata: dict[str, Any] = {}
        if wanted(_WIDGET_MIME):
            bundle = self.widget._repr_mimebundle_(**kwargs)
            if isinstance(bundle, tuple):
                bundle = bundle[0]
            if bundle and _WIDGET_MIME in bundle:
                data[_WIDGET_MIME] = bundle[_WIDGET_MIME]
        if wanted("image/png"):
            png = self.static_png()
            data["image/png"] = base64.b64encode(png).decode("ascii")
            px_w, px_h = struct.unpack(">II", png[16:24])  # from the IHDR chunk
            # Display at LIVE_DPI-equivalent size (sharp on high-density screens).
            scale = LIVE_DPI / STATIC_DPI
            meta = {"width": int(round(px_w * scale)), "height": int(round(px_h * scale))}
            if self._alt:
                meta["alt"] = self._alt
            metadata["image/png"] = meta
        if wanted("text/plain"):
            data["text/plain"] = self.describe()
        # The book build only (CLUSTERCODE_LIVE_EXPORT=1): the figure precomputed
        # for the site's live sliders (clustercode._live_export, _ext/live_figures.py).
        from . import _live_export

        if _live_export.requested() and wanted(_live_export.LIVE_MIME):
            data[_live_export.LIVE_MIME] = _live_export.export_live(self)
        return data, metadata


def interactive_figure(
    draw: Callable[..., Any],
    sliders: Iterable[Slider],
    *,
    nrows: int = 1,
    ncols: int = 1,
    figsize: tuple[float, float] = (7.0, 4.0),
    title: str | None = None,
    alt: str | None = None,
    sharex: bool | str = False,
    sharey: bool | str = False,
    in_place: bool = False,
    clear: bool | None = None,
) -> InteractiveFigure:
    """Make a figure whose parameters are controlled by sliders.

    Parameters
    ----------
    draw : callable
        ``draw(ax_or_axes, **values)`` draws the model for the given slider
        values with ordinary matplotlib calls (``ax.plot``, ``ax.set_xlabel``,
        ...). It receives a single Axes when ``nrows == ncols == 1``, else the
        array of Axes that :meth:`matplotlib.figure.Figure.subplots` returns.
        The axes are cleared before every call, and artists the function adds
        to the figure itself (twin axes, colorbars, figure legends and texts)
        are removed, so the function draws as if on a fresh figure and can be
        called on any axes outside this helper. Raise :class:`ValueError` for
        parameter combinations the model rejects: the message is shown in the
        figure.
    sliders : iterable of Slider
        One per keyword argument of ``draw``; names must be distinct.
    nrows, ncols : int, default 1
        Grid of axes.
    figsize : (float, float), default (7.0, 4.0)
        Size of the plot area in inches.
    title : str, optional
        Figure title (suptitle).
    alt : str, optional
        Alternative text: stored in the PNG metadata, the display metadata,
        a visually hidden description next to the widget's image (for screen
        readers) and the plain-text representation.
    sharex, sharey : bool or {"row", "col", "all", "none"}, default False
        As for :meth:`matplotlib.figure.Figure.subplots`.
    in_place : bool, default False
        Redraw the live image in place, for figures whose redraw would
        otherwise be too slow for a slider: an axis the draw function leaves
        to autoscale keeps its view while the new data lie inside it and fill
        most of it (data that outgrow it on one side get some room to grow
        there in the new view), and when nothing around the data changed (limits, ticks,
        labels, titles, legends' texts) only the data are drawn over a saved
        background (blitting). The axes are then reset by the engine rather
        than by ``Axes.clear`` (they keep their tick objects), so a draw
        function should set the same properties on every call, as the book's
        do. The static image is never drawn in place.
    clear : bool, optional
        Deprecated. ``clear=False`` means ``in_place=True`` (the axes are
        cleared before every draw in either case); ``clear=True`` changes
        nothing. Passing it at all warns that it is deprecated.

    Returns
    -------
    InteractiveFigure
        Displaying it (as the last expression of a cell) shows the live widget
        in a kernel and the static PNG with its slider panel elsewhere.

    Raises
    ------
    TypeError
        If ``draw`` is not callable or cannot take the slider keywords, or
        ``in_place`` or ``clear`` is not a bool.
    ValueError
        If slider names repeat or the grid or size is invalid.
    """
    return InteractiveFigure(
        draw, sliders, nrows=nrows, ncols=ncols, figsize=figsize, title=title,
        alt=alt, sharex=sharex, sharey=sharey, in_place=in_place, clear=clear,
    )
