"""Interactive figures that also work as static images.

One helper, :func:`interactive_figure`, serves every live figure of the book.
The chapter supplies a *draw function* ``draw(ax_or_axes, **values)`` and a list
of :class:`Slider` objects; the helper owns the matplotlib figure, the sliders
and the rendering:

* in a running Jupyter kernel (Binder, local Jupyter) the figure displays as an
  ``ipywidgets`` box: sliders plus an :class:`ipywidgets.Image` whose PNG is
  re-rendered in place after every slider change (no new output, no flicker,
  no dependency on ``ipympl``);
* on the static HTML site and in the PDF the same output carries an
  ``image/png`` of the initial state *with a drawn slider panel*, so the reader
  sees which parameter values the picture shows.

If the draw function raises :class:`ValueError` (the models' way of rejecting
parameters outside their assumptions), the figure shows the message in place of
the plot instead of a traceback. Any other exception propagates.

Drawing happens under the book's style (:func:`clustercode.style.book_rcparams`)
whatever the global rcParams are, so every interactive figure looks the same.

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
import re
import struct
import textwrap
import warnings
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import Bbox

from .style import PALETTE, book_rcparams, stamp_png

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

# Slider panel geometry (inches).
_PANEL_ROW_HEIGHT = 0.62
_PANEL_PAD = 0.12

# Chrome colours.
_TRACK = "#D5D5D5"
_MUTED = "#666666"
_ERROR_FACE = "#FFF4E8"

# Live layout (pixels at LIVE_DPI): re-run constrained layout when the
# decorations of an axes grow beyond the room it made for them (constrained
# layout pads by 3 pt, about 4 px), or shrink enough to leave a wasteful margin.
_GROW_TOL_PX = 4.0
_SHRINK_TOL_PX = 24.0

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def _encode_png(fig: Figure, *, compress_level: int, alt: str | None,
                draw: bool = True) -> bytes:
    """Return ``fig``'s Agg canvas as PNG bytes (drawn first if ``draw``).

    A minimal encoder (8-bit RGB, no row filter, zlib): for flat-coloured
    plots it is about twice as fast as Pillow's at a similar size, which
    matters for the live image. The PNG records the resolution and, as an
    ``iTXt`` "Description", the alt text.
    """
    canvas = fig.canvas
    if draw:
        canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    rows[:, 1:] = rgba[..., :3].reshape(height, 3 * width)  # opaque: drop alpha
    ppm = int(round(float(fig.dpi) / 0.0254))  # pixels per metre
    chunks = [
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _png_chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
        _png_chunk(b"tEXt", b"Software\0matplotlib " + mpl.__version__.encode("ascii")
                   + b" via clustercode.widgets"),
    ]
    if alt:
        chunks.append(_png_chunk(b"iTXt", b"Description\0\0\0\0\0" + alt.encode("utf-8")))
    chunks.append(_png_chunk(b"IDAT", zlib.compress(rows.tobytes(), compress_level)))
    chunks.append(_png_chunk(b"IEND", b""))
    return _PNG_SIGNATURE + b"".join(chunks)


def _axes_list(axes: Axes | np.ndarray) -> list[Axes]:
    return [axes] if isinstance(axes, Axes) else list(np.ravel(axes))


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
        clear: bool = True,
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
        if not isinstance(clear, bool):
            raise TypeError(f"clear must be True or False, got {clear!r}")
        self._clear = clear
        self._error: str | None = None
        self._rc = book_rcparams()
        self._engine = ConstrainedLayoutEngine()
        self._layout_margins: list | None = None
        self._pending_margins: list | None = None
        self._layout_count = 0  # how often the live layout ran (benchmark)
        self._background = None  # blitting of persistent figures, see _draw_persistent
        self._background_signature: tuple | None = None
        self._blit_count = 0  # draws that restored the background (tests, benchmark)
        self._positions: list[Bbox] | None = None
        self._layout_signature: list[tuple] | None = None
        self._pending_signature: list[tuple] | None = None
        self._png = b""
        self._widget = None
        self._image = None
        self._controls: dict[str, Any] = {}
        self._syncing = False

        with mpl.rc_context(self._rc):
            # Constrained layout runs on demand (see _needs_layout); the
            # placeholder engine left by "none" keeps constrained layout's
            # colorbar behaviour (no gridspec surgery) without running it on
            # every draw.
            fig = Figure(figsize=self._figsize, dpi=LIVE_DPI, layout="constrained")
            fig.set_layout_engine("none")
            FigureCanvasAgg(fig)
            self._axes = fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey, squeeze=True)
            if title:
                fig.suptitle(title)
        self._fig = fig
        self._axes_list = _axes_list(self._axes)
        self._render()

    # -- read-only state --------------------------------------------------

    @property
    def figure(self) -> Figure:
        """The live matplotlib figure."""
        return self._fig

    @property
    def axes(self) -> Axes | np.ndarray:
        """The Axes (or array of Axes) passed to the draw function."""
        return self._axes

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
        return self._error

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
        return self._png

    @property
    def draw_function(self) -> Callable[..., Any]:
        """The draw function, ``draw(ax_or_axes, **values)``."""
        return self._draw

    @property
    def subplot_kw(self) -> dict[str, Any]:
        """The grid arguments, as accepted by ``Figure.subplots``."""
        return {"nrows": self._nrows, "ncols": self._ncols,
                "sharex": self._sharex, "sharey": self._sharey}

    @property
    def figsize(self) -> tuple[float, float]:
        """Size of the plot area in inches (the static PNG adds the panel)."""
        return self._figsize

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

    # -- drawing ----------------------------------------------------------

    def _draw_on(self, parent: Figure | SubFigure, axes: Any, managed: list[Axes],
                 keep: Iterable[Any] = (), fresh: bool = True) -> str | None:
        """Reset ``managed`` axes (if ``fresh``), call the draw function; return error text."""
        if fresh:
            _reset(parent, managed, keep)
        try:
            self._draw(axes, **self._values)
        except ValueError as exc:
            message = str(exc).strip() or type(exc).__name__
            _reset(parent, managed, keep)
            _show_error(parent, managed, message)
            return message
        return None

    def _render(self) -> None:
        fig = self._fig
        keep = [fig._suptitle] if getattr(fig, "_suptitle", None) is not None else []
        with mpl.rc_context(self._rc):
            if self._positions is not None:
                for ax, pos in zip(self._axes_list, self._positions):
                    ax.set_position(pos)
                    ax.set_in_layout(True)  # set_position opts the axes out
            # Persistent figures (clear=False) keep their artists between
            # draws, except on the first draw and after an error message.
            fresh = self._clear or not self._png or self._error is not None
            self._error = self._draw_on(fig, self._axes, self._axes_list, keep, fresh)
            if self._error is None and self._needs_layout():
                # Lay out inside the draw, as matplotlib itself does.
                fig.set_layout_engine(self._engine)
                try:
                    fig.canvas.draw()
                finally:
                    fig.set_layout_engine("none")
                self._positions = [ax.get_position(original=True) for ax in self._axes_list]
                self._layout_margins = self._pending_margins
                self._layout_signature = self._pending_signature
                self._layout_count += 1
                self._background = None
            elif self._clear or self._error is not None:
                fig.canvas.draw()
                self._background = None
            else:
                self._draw_persistent()
            png = _encode_png(fig, compress_level=1, alt=self._alt, draw=False)
        self._png = png
        if self._image is not None:
            self._image.value = png

    # A persistent figure (clear=False) whose axes keep their limits, labels
    # and titles between two draws differs only in its data artists (lines,
    # images, collections, patches, texts and legends of the axes). The rest
    # (frames, ticks, tick labels, axis labels, titles, figure legends), whose
    # text is most of the cost of a draw, is drawn once into a background,
    # which later draws restore before drawing the data artists on top
    # (matplotlib's blitting). Any change of the signature draws afresh.

    def _blit_signature(self) -> tuple:
        fig = self._fig
        axes = tuple(
            (tuple(ax.get_position().bounds), ax.get_xlim(), ax.get_ylim(), ax.axison,
             ax.get_xlabel(), ax.get_ylabel(),
             tuple(ax.get_title(loc) for loc in ("left", "center", "right")),
             ax.get_xscale(), ax.get_yscale())
            for ax in fig.axes
        )
        legends = tuple(tuple(t.get_text() for t in lg.get_texts()) for lg in fig.legends)
        texts = tuple(t.get_text() for t in fig.texts)
        return axes, legends, texts, tuple(fig.bbox.bounds)

    def _data_artists(self) -> list[Any]:
        artists = []
        for ax in self._fig.axes:
            own = [*ax.lines, *ax.collections, *ax.images, *ax.patches, *ax.texts]
            own.sort(key=lambda a: a.get_zorder())
            artists.extend((ax, a) for a in own)
            if ax.get_legend() is not None:
                artists.append((ax, ax.get_legend()))
        return artists

    def _draw_persistent(self) -> None:
        fig = self._fig
        canvas = fig.canvas
        signature = self._blit_signature()
        artists = self._data_artists()
        if self._background is not None and signature == self._background_signature:
            canvas.restore_region(self._background)
            for ax, artist in artists:
                ax.draw_artist(artist)
            self._blit_count += 1
            return
        for _, artist in artists:
            artist.set_animated(True)
        try:
            canvas.draw()  # everything but the data artists
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._background_signature = signature
            for ax, artist in artists:
                ax.draw_artist(artist)
        finally:
            for _, artist in artists:
                artist.set_animated(False)

    # The live figure runs constrained layout only when needed: the layout is
    # frozen after it runs, and re-run when the decorations (tick labels, axis
    # labels, titles, legends) no longer fit the margins it left. Measuring
    # them needs tight bounding boxes, which cost a good part of a draw, so
    # they are measured only when a cheap signature of the decorations changes.

    def _needs_layout(self) -> bool:
        self._pending_margins = self._pending_signature = None
        if len(self._fig.axes) != len(self._axes_list):
            # The draw function added axes (twins, colorbars): they are only
            # placed right by a full layout, so run it on every draw (and
            # afresh once they are gone).
            return True
        signature = [_decor_signature(ax) for ax in self._axes_list]
        if self._layout_margins is not None and signature == self._layout_signature:
            return False
        margins = self._margins()
        self._pending_margins, self._pending_signature = margins, signature
        if self._layout_margins is None or _margins_stale(self._layout_margins, margins):
            return True
        self._layout_signature = signature  # still fits: no need to check again
        return False

    def _margins(self) -> list[tuple[float, float, float, float] | None]:
        """Room (px) the decorations of each axes take outside its frame:
        left, bottom, right, top; as constrained layout measures it."""
        renderer = self._fig.canvas.get_renderer()
        result = []
        for ax in self._axes_list:
            tight = ax.get_tightbbox(renderer, for_layout_only=True)
            if tight is None:
                result.append(None)
                continue
            frame = ax.get_position(original=True).transformed(self._fig.transFigure)
            result.append((frame.x0 - tight.x0, frame.y0 - tight.y0,
                           tight.x1 - frame.x1, tight.y1 - frame.y1))
        return result

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
        width, height = self._figsize
        n = len(self._sliders)
        cols = 1 if n <= 1 else 2
        rows = math.ceil(n / cols)
        panel_h = rows * _PANEL_ROW_HEIGHT + 2 * _PANEL_PAD if n else 0.0
        with mpl.rc_context(self._rc):
            fig = Figure(figsize=(width, height + panel_h), dpi=dpi, layout="constrained")
            FigureCanvasAgg(fig)
            if n:
                top, bottom = fig.subfigures(2, 1, height_ratios=[height, panel_h])
            else:
                top, bottom = fig, None
            axes = top.subplots(self._nrows, self._ncols, sharex=self._sharex,
                                sharey=self._sharey, squeeze=True)
            keep = []
            if self._title:
                keep.append(top.suptitle(self._title))
            self._draw_on(top, axes, _axes_list(axes), keep)
            if bottom is not None:
                _draw_panel(bottom, self._sliders, self._values, cols, rows)
            # The site's and the PDF's image: its fonts checked and recorded.
            return stamp_png(fig, _encode_png(fig, compress_level=6, alt=self._alt))

    # -- ipywidgets -------------------------------------------------------

    @property
    def widget(self):
        """The ipywidgets box: the live image above its sliders."""
        if self._widget is None:
            self._widget = self._build_widget()
        return self._widget

    def _build_widget(self):
        import ipywidgets as w

        width_px = int(round(self._figsize[0] * LIVE_DPI))
        # No Image.tooltip: in ipywidgets 8.1.9's front end a tooltip on a
        # widget without a description throws in updateTooltip, and the image
        # view is replaced by an error box. The alt text goes into a
        # visually hidden HTML widget just before the image instead, which
        # screen readers read as the figure's description.
        self._image = w.Image(
            value=self._png,
            format="png",
            layout=w.Layout(width=f"{width_px}px", max_width="100%", height="auto"),
        )
        children = [self._image]
        if self._alt:
            children.insert(0, w.HTML(value=_hidden_alt_html(self._alt),
                                      layout=w.Layout(height="0px", min_height="0px",
                                                      margin="0", overflow="hidden")))
        cols, desc_px = _slider_layout(self._sliders, width_px)
        controls = []
        for s in self._sliders:
            kwargs = dict(
                value=self._values[s.name], min=s.min, max=s.max, step=s.step,
                description=s.display_label, continuous_update=False, readout=True,
                style={"description_width": f"{desc_px}px"},
                layout=w.Layout(width="auto"),
            )
            if s.integer:
                control = w.IntSlider(**kwargs)
            else:
                control = w.FloatSlider(readout_format=f".{s.decimals}f", **kwargs)
            control.observe(partial(self._on_control, s.name), names="value")
            self._controls[s.name] = control
            controls.append(control)
        grid = w.GridBox(
            controls,
            layout=w.Layout(
                grid_template_columns=f"repeat({cols}, minmax(0, 1fr))",
                grid_gap=f"2px {_SLIDER_COL_GAP_PX}px",
                width=f"{width_px}px",
                max_width="100%",
            ),
        )
        children.append(grid)
        return w.VBox(children)

    def _on_control(self, name: str, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        self._values[name] = self._by_name[name].clamp(change["new"])
        self._render()

    def _sync_controls(self, values: Mapping[str, float | int]) -> None:
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
        if self._error:
            parts.append(f"(invalid parameters: {self._error})")
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


def _plain(label: str) -> str:
    """Rough visible text of a mathtext label (for sizing)."""
    out = label.replace("$", "")
    for token in ("\\mathrm", "\\mathit", "\\", "{", "}", "_", "^"):
        out = out.replace(token, "")
    return out


_DIGIT = re.compile(r"[0-9]")


# Widget slider geometry (CSS pixels, JupyterLab's 13 px widget font): a
# description column sized to the longest label (capped; longer labels are cut
# with an ellipsis and shown in full by MathJax on hover), the value readout
# and the track. Two columns only when each track keeps _MIN_TRACK_PX.
_SLIDER_FONT_PX = 13.0
_SLIDER_READOUT_PX = 76  # readout box plus the slider's own margins
_SLIDER_COL_GAP_PX = 24
_MIN_TRACK_PX = 180


def _slider_layout(sliders: tuple[Slider, ...], width_px: int) -> tuple[int, int]:
    """Columns and description width (px) that leave every track readable."""
    longest = max((len(_plain(s.display_label)) for s in sliders), default=0)
    desc_px = int(round(_SLIDER_FONT_PX * min(max(0.6 * longest + 1.0, 4.0), 14.0)))
    cols = 1
    if len(sliders) > 1:
        column = (width_px - _SLIDER_COL_GAP_PX) / 2
        if column - desc_px - _SLIDER_READOUT_PX >= _MIN_TRACK_PX:
            cols = 2
    # One column: the description may not squeeze the track below the minimum.
    room = width_px / cols - (_SLIDER_COL_GAP_PX if cols > 1 else 0)
    desc_px = max(0, min(desc_px, int(room - _SLIDER_READOUT_PX - _MIN_TRACK_PX)))
    return cols, desc_px


def _hidden_alt_html(alt: str) -> str:
    """The alt text as visually hidden HTML (read by screen readers only)."""
    import html

    style = ("position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
             "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0")
    return (f'<div role="note" aria-label="Figure description" style="{style}">'
            f"Figure: {html.escape(alt)}</div>")


def _margins_stale(old: list, new: list) -> bool:
    """Whether decorations outgrew the margins the layout left for them, or
    shrank enough to waste space."""
    for before, after in zip(old, new):
        if before is None or after is None:
            if before is not after:
                return True
            continue
        if any(a - b > _GROW_TOL_PX or b - a > _SHRINK_TOL_PX for a, b in zip(after, before)):
            return True
    return False


def _axis_signature(axis: Any) -> tuple:
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


def _decor_signature(ax: Axes) -> tuple:
    """Cheap fingerprint of everything around an axes that takes up space."""
    legend = ax.get_legend()
    legend_sig = (None if legend is None else
                  (tuple(t.get_text() for t in legend.get_texts()),
                   getattr(legend, "_loc", None),
                   getattr(getattr(legend, "_bbox_to_anchor", None), "bounds", None)))
    return (
        ax.axison,
        _axis_signature(ax.xaxis),
        _axis_signature(ax.yaxis),
        tuple(ax.get_title(loc) for loc in ("left", "center", "right")),
        legend_sig,
        tuple((t.get_text(), t.get_position(), t.get_clip_on()) for t in ax.texts),
        len(ax.child_axes),
        ax.get_aspect(),
    )


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


def _reset(parent: Figure | SubFigure, managed: list[Axes], keep: Iterable[Any]) -> None:
    """Clear the managed axes and remove anything a previous draw added."""
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
        ax.clear()
        ax.set_axis_on()


def _show_error(parent: Figure | SubFigure, managed: list[Axes], message: str) -> None:
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


def _draw_panel(parent: SubFigure, sliders: tuple[Slider, ...],
                values: Mapping[str, float | int], cols: int, rows: int) -> None:
    """Draw the slider panel (tracks, knobs, labels, values) into ``parent``."""
    ax = parent.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_in_layout(False)
    ax.set_xlim(0.0, 1.0)
    total = rows * _PANEL_ROW_HEIGHT + 2 * _PANEL_PAD
    ax.set_ylim(total, 0.0)  # y in inches from the top of the panel
    accent = PALETTE["blue"]
    small = mpl.rcParams["font.size"] * 0.8
    ax.axhline(0.02, 0.03, 0.97, color=_TRACK, linewidth=0.8)
    gutter = 0.06
    for k, s in enumerate(sliders):
        r, c = divmod(k, cols)
        x0 = 0.04 + c * (0.92 / cols) + (gutter / 2 if c else 0.0)
        x1 = 0.04 + (c + 1) * (0.92 / cols) - (gutter / 2 if c < cols - 1 else 0.0)
        y_text = _PANEL_PAD + r * _PANEL_ROW_HEIGHT + 0.17
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
    clear: bool = True,
) -> InteractiveFigure:
    """Make a figure whose parameters are controlled by sliders.

    Parameters
    ----------
    draw : callable
        ``draw(ax_or_axes, **values)`` draws the model for the given slider
        values. It receives a single Axes when ``nrows == ncols == 1``, else
        the array of Axes that :meth:`matplotlib.figure.Figure.subplots`
        returns. The axes are cleared before every call (unless ``clear`` is
        false); artists the function adds to the figure itself (twin axes,
        colorbars, figure texts) are removed before the next call. Raise
        :class:`ValueError` for parameter combinations the model rejects: the
        message is shown in the figure.
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
    clear : bool, default True
        Whether to clear the axes before each draw. With ``clear=False`` the
        draw function updates the artists it made on its previous call (for
        example with :func:`clustercode.plotting.line`, which finds a line by
        its ``gid`` and calls ``set_data``) and rescales the axes itself
        (:func:`clustercode.plotting.rescale`); the axes keep their ticks, and
        when no view limit, label or title changed, only the data artists are
        drawn over a saved background (blitting). The axes are still cleared
        before the first draw and after a draw that showed an error message.

    Returns
    -------
    InteractiveFigure
        Displaying it (as the last expression of a cell) shows the live widget
        in a kernel and the static PNG with its slider panel elsewhere.

    Raises
    ------
    TypeError
        If ``draw`` is not callable or cannot take the slider keywords.
    ValueError
        If slider names repeat or the grid or size is invalid.
    """
    return InteractiveFigure(
        draw, sliders, nrows=nrows, ncols=ncols, figsize=figsize, title=title,
        alt=alt, sharex=sharex, sharey=sharey, clear=clear,
    )
