"""Precompute an interactive figure for the static website (no kernel).

The HTML site cannot run Python, so the book build asks every
:class:`~clustercode.widgets.InteractiveFigure` for what its sliders can show,
on a grid of slider values, and a small script on the page
(``web/live-figures.js``) draws it on a ``<canvas>``. Nothing of a figure is
written a second time: at each grid point the figure's own draw function draws
its own matplotlib axes, and what it drew is exported as drawing primitives:

* a **background** per distinct set of axes decorations (frames, ticks, tick
  labels, axis labels, titles), rendered once as a PNG at twice the CSS
  resolution and shared by every grid point with the same decorations;
* the **data artists** (lines, markers, collections, patches) as paths in
  display pixels, quantised to a quarter pixel and delta-encoded;
* **texts and legends** as raster sprites (deduplicated by their content and
  style, packed into one atlas PNG), and **images** (``imshow``) as sprites;
* for a combination the model rejects, the model's message (what the figure
  shows in Jupyter).

The book build sets ``CLUSTERCODE_LIVE_EXPORT=1`` (``_ext/live_figures.py``);
only then does :meth:`~clustercode.widgets.InteractiveFigure._repr_mimebundle_`
add :data:`LIVE_MIME` to its output, which travels in the notebook (and so in
the execution cache) to the Sphinx extension that writes the files.

Grid: :func:`slider_grid` -- the first slider (a figure's main parameter) gets
:data:`MAIN_POINTS` values, the others fewer, every combination included.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, IdentityTransform

from ._engine import _drawing

__all__ = ["LIVE_MIME", "ENV_VAR", "requested", "slider_grid", "export_live"]

#: Mime type of the exported figure in a notebook output.
LIVE_MIME = "application/vnd.clustercode.live+json"
#: Environment variable with which the book build asks for the export.
ENV_VAR = "CLUSTERCODE_LIVE_EXPORT"
#: Values of the first (main) slider; the others get fewer (see slider_grid).
MAIN_POINTS = 21
OTHER_POINTS = (4, 3)
#: Upper bound on grid points of one figure (build time and download size):
#: 21 x 3 x 3 for a figure of three sliders, 21 x 4 for two.
MAX_POINTS = 200

_CSS_DPI = 100.0   # one CSS pixel per figure pixel (the live figure's dpi)
_HI = 2            # backgrounds and sprites at twice that (sharp on HiDPI screens)
_Q = 4             # coordinates in quarter CSS pixels
_NONE = ("None", "", " ", None)   # what matplotlib takes for "no line style / marker"
_PAD = 96          # room (device pixels at _HI x) around a text drawn alone, for its box


def requested() -> bool:
    """Whether the book build asked for the live export (``CLUSTERCODE_LIVE_EXPORT=1``)."""
    return os.environ.get(ENV_VAR, "") == "1"


# ----------------------------------------------------------------------------- grid
def _axis_values(slider: Any, n: int) -> list[float | int]:
    lo, hi, step = float(slider.min), float(slider.max), float(slider.step)
    steps = int(math.floor((hi - lo) / step + 1e-9))
    if steps + 1 <= n:
        idx = np.arange(steps + 1)
    else:
        idx = np.unique(np.round(np.linspace(0, steps, n)).astype(int))
    values = [lo + k * step for k in idx]
    if hi - values[-1] > 1e-9 * max(1.0, abs(hi)):
        values.append(hi)       # the slider's end is reachable even off its step grid
    values.append(float(slider.value))
    digits = slider.decimals + 3
    out: list[float | int] = sorted({slider.clamp(round(v, digits)) for v in values})
    return out


def slider_grid(sliders: Sequence[Any], *, main: int | None = None,
                others: Sequence[int] | None = None,
                max_points: int | None = None) -> list[list[float | int]]:
    """Grid values of each slider: every combination is a grid point.

    The first slider gets ``main`` values (at most one per slider step), the
    second ``others[0]``, the third ``others[1]``...; a first slider of at
    most five values (a choice of a few cases) passes ``main`` on to the
    second. While the product exceeds ``max_points`` the coarsest-allowed
    slider loses values (the main slider last). Each slider's grid contains
    its ends and its initial value.
    """
    main = MAIN_POINTS if main is None else main
    others = tuple(OTHER_POINTS if others is None else others)
    if max_points is None:
        max_points = int(os.environ.get("CLUSTERCODE_LIVE_MAX_POINTS", MAX_POINTS))
    counts = [main] + [others[min(k, len(others) - 1)] for k in range(len(sliders) - 1)]
    grids = [_axis_values(s, c) for s, c in zip(sliders, counts)]
    if len(sliders) > 1 and len(grids[0]) <= 5 < main and len(grids[1]) < main:
        counts[1] = main
        grids[1] = _axis_values(sliders[1], main)
    while math.prod(len(g) for g in grids) > max_points:
        order = sorted(range(len(grids)), key=lambda k: (k == 0, -len(grids[k])))
        k = order[0]
        if counts[k] <= 2 and k != 0:
            k = 0
        if counts[k] <= 2:
            break
        counts[k] -= 1
        grids[k] = _axis_values(sliders[k], counts[k])
    return grids


# ----------------------------------------------------------------------------- colours, encoding
def _css(color: Any, alpha: float | None = None) -> str | None:
    r, g, b, a = to_rgba(color)
    if alpha is not None:
        a = alpha if a == 1.0 else a * alpha
    if a <= 0.0:
        return None
    return f"rgba({round(r * 255)},{round(g * 255)},{round(b * 255)},{round(a, 3)})"


def _png(rgba: np.ndarray, *, keep_alpha: bool) -> bytes:
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(rgba if keep_alpha else rgba[..., :3]))
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=6)   # 9: 3x the time for 3 % less
    return buf.getvalue()


def _polylines(path: Any, height: float, width: float) -> list[list[int]]:
    """Sub-paths of a display-space path as delta-encoded quarter-pixel ints, y down
    (repeated points dropped; each sub-path starts from an absolute point)."""
    polys = [poly for poly in path.to_polygons(closed_only=False, width=width, height=height)
             if len(poly)]
    if not polys:
        return []
    points = np.concatenate(polys) if len(polys) > 1 else polys[0]
    q = np.empty_like(points)
    q[:, 0] = np.round(points[:, 0] * _Q)
    q[:, 1] = np.round((height - points[:, 1]) * _Q)
    q = np.clip(q, -30000, 30000).astype(np.int64)
    lengths = np.array([len(poly) for poly in polys])
    starts = np.zeros(len(q), dtype=bool)
    starts[np.cumsum(lengths) - lengths] = True
    keep = starts.copy()
    keep[1:] |= np.any(q[1:] != q[:-1], axis=1)
    q, starts = q[keep], starts[keep]
    flat = q.copy()
    flat[1:] -= q[:-1]
    flat[starts] = q[starts]
    values = flat.ravel().tolist()
    bounds = [2 * int(k) for k in np.flatnonzero(starts)] + [len(values)]
    return [values[a:b] for a, b in zip(bounds, bounds[1:])]


# ----------------------------------------------------------------------------- one grid point
class _Point:
    """What the exporter keeps of one drawn state of the figure."""

    def __init__(self) -> None:
        self.ops: list[list[Any]] = []
        self.styles: dict[str, dict] = {}
        self.sprites: dict[str, Any] = {}    # key -> artist (rendered later)


def _style_key(point: _Point, style: dict) -> str:
    key = json.dumps(style, sort_keys=True)
    point.styles[key] = style
    return key


def _clip(artist: Any, height: float) -> list[int] | int:
    if not artist.get_clip_on():
        return 0
    box = artist.get_clip_box()
    if box is None:
        return 0
    x0, y0, x1, y1 = box.extents
    return [round(x0 * _Q), round((height - y1) * _Q), round((x1 - x0) * _Q), round((y1 - y0) * _Q)]


def _dashes(pattern: Any, scale: float) -> list[float] | None:
    if not pattern:
        return None
    _offset, seq = pattern
    if not seq:
        return None
    return [round(float(v) * scale, 2) for v in seq]


def _marker_points(line: Line2D, path: Any) -> np.ndarray:
    """Display positions of a line's markers (its ``markevery``, as matplotlib)."""
    every = line.get_markevery()
    if every is None:
        return path.vertices
    from matplotlib.lines import _mark_every_path  # what Line2D.draw uses

    trans = line.get_transform()
    tpath = trans.transform_path_non_affine(line.get_path())
    affine = trans.get_affine()
    return affine.transform_path(_mark_every_path(every, tpath, affine, line.axes)).vertices


def _stroke_style(point: _Point, line: Line2D) -> str | None:
    """The style key of a line's stroke, or None where it draws none."""
    if line.get_linestyle() in ("None", "", " ", None) or line.get_linewidth() <= 0:
        return None
    px = _CSS_DPI / 72.0
    dash = getattr(line, "_dash_pattern", None)   # matplotlib's, scaled to the width
    style = {"k": "l", "s": _css(line.get_color(), line.get_alpha()),
             "w": round(line.get_linewidth() * px, 3),
             "d": _dashes(dash, px),
             "c": str(line.get_dash_capstyle() if line.is_dashed()
                      else line.get_solid_capstyle()).replace("projecting", "square"),
             "j": str(line.get_solid_joinstyle())}
    return None if style["s"] is None else _style_key(point, style)


def _export_line(point: _Point, line: Line2D, height: float, width: float) -> None:
    path = line.get_transform().transform_path(line.get_path())
    clip = _clip(line, height)
    alpha = line.get_alpha()
    key = _stroke_style(point, line)
    if key is not None:
        point.ops.append(["l", key, clip, _polylines(path, height, width)])
    marker = line.get_marker()
    if marker not in ("None", "", " ", None) and line.get_markersize() > 0:
        key = _marker_style(line, marker, alpha)
        point.styles.setdefault(key, _MARKER_STYLES[key])
        point.ops.append(["m", key, clip, _marker_deltas(_marker_points(line, path), height)])


def _marker_deltas(verts: np.ndarray, height: float) -> list[int]:
    """Marker positions (display pixels) as delta-encoded quarter-pixel ints, y down."""
    verts = verts[np.all(np.isfinite(verts), axis=1)]
    q = np.empty_like(verts)
    q[:, 0] = np.round(verts[:, 0] * _Q)
    q[:, 1] = np.round((height - verts[:, 1]) * _Q)
    q = q.astype(np.int64)
    flat = q.copy()
    flat[1:] -= q[:-1]
    return flat.ravel().tolist()


_MARKER_STYLES: dict[str, dict] = {}
_MARKER_KEYS: dict[tuple, str] = {}


def _marker_style(line: Line2D, marker: Any, alpha: float | None) -> str:
    """The style key of a line's markers (the shape, computed once per look:
    every tick line of a figure is a marker of one of a few looks)."""
    try:
        look = (marker, line.get_fillstyle(), line.get_markersize(),
                to_rgba(line.get_markerfacecolor()), to_rgba(line.get_markeredgecolor()),
                line.get_markeredgewidth(), alpha)
        hash(look)
    except TypeError:   # a marker given as an array or path
        look = None
    key = _MARKER_KEYS.get(look) if look is not None else None
    if key is not None:
        return key
    px = _CSS_DPI / 72.0
    ms = MarkerStyle(marker, line.get_fillstyle())
    size = line.get_markersize() * px
    trans = ms.get_transform() + Affine2D().scale(size, -size)
    shape = trans.transform_path(ms.get_path())
    filled = ms.is_filled() and ms.get_fillstyle() != "none"
    style = {"k": "m",
             "f": _css(line.get_markerfacecolor(), alpha) if filled else None,
             "s": _css(line.get_markeredgecolor(), alpha),
             "w": round(line.get_markeredgewidth() * px, 3),
             "p": [[round(float(x), 2) for x in xy]
                   for poly in shape.to_polygons(closed_only=False) for xy in [poly.ravel()]]}
    key = json.dumps(style, sort_keys=True)
    _MARKER_STYLES[key] = style
    if look is not None:
        _MARKER_KEYS[look] = key
    return key


def _merge_markers(ops: list[list[Any]]) -> list[list[Any]]:
    """Consecutive marker ops of one style and clip as one (the same picture:
    the script draws a marker op's points in order; each tick line is one)."""
    out: list[list[Any]] = []
    end = (0, 0)      # absolute position of the last point of out[-1], if a marker op
    for op in ops:
        pts = op[3] if op[0] == "m" else None
        if not pts:
            out.append(op)
            continue
        prev = out[-1] if out else None
        if prev is not None and prev[0] == "m" and prev[1] == op[1] and prev[2] == op[2] \
                and prev[3]:
            prev[3] = [*prev[3], pts[0] - end[0], pts[1] - end[1], *pts[2:]]
        else:
            out.append([op[0], op[1], op[2], list(pts)])
        end = (sum(pts[0::2]), sum(pts[1::2]))
    return out


def _export_collection(point: _Point, coll: Collection, height: float, width: float) -> None:
    px = _CSS_DPI / 72.0
    paths = coll.get_paths()
    if not paths:
        return
    master = coll.get_transform()
    trans = coll.get_transforms()
    offsets = np.asarray(coll.get_offsets())
    has_offsets = offsets.size > 0 and not (len(offsets) == 1 and np.all(offsets == 0))
    offset_trf = coll.get_offset_transform()
    faces = coll.get_facecolor()
    edges = coll.get_edgecolor()
    widths = coll.get_linewidth()
    dashes = coll.get_linestyle()
    n = max(len(paths), len(offsets) if has_offsets else 0)
    disp_offsets = offset_trf.transform(offsets) if has_offsets else None
    clip = _clip(coll, height)
    alpha = coll.get_alpha()
    for i in range(n):
        path = paths[i % len(paths)]
        t = Affine2D(trans[i % len(trans)]) if len(trans) else Affine2D()
        full = t + master
        if has_offsets:
            ox, oy = disp_offsets[i % len(disp_offsets)]
            full = full + Affine2D().translate(ox, oy)
        dpath = full.transform_path(path)
        face = _css(faces[i % len(faces)], alpha) if len(faces) else None
        edge = _css(edges[i % len(edges)], alpha) if len(edges) else None
        lw = float(widths[i % len(widths)]) * px if len(widths) else 0.0
        if lw <= 0:
            edge = None
        if face is None and edge is None:
            continue
        dash = dashes[i % len(dashes)] if len(dashes) else None
        style = {"k": "f", "f": face, "s": edge, "w": round(lw, 3),
                 "d": _dashes(dash, px), "c": "butt", "j": "round"}
        point.ops.append(["f", _style_key(point, style), clip,
                          _polylines(dpath, height, width)])


def _export_patch(point: _Point, patch: Patch, height: float, width: float) -> None:
    px = _CSS_DPI / 72.0
    path = patch.get_transform().transform_path(patch.get_path())
    face = _css(patch.get_facecolor()) if patch.get_fill() else None
    lw = patch.get_linewidth() * px
    edge = _css(patch.get_edgecolor()) if lw > 0 else None
    if face is None and edge is None:
        return
    dash = getattr(patch, "_dash_pattern", None)
    style = {"k": "f", "f": face, "s": edge, "w": round(lw, 3), "d": _dashes(dash, px),
             "c": str(patch.get_capstyle()).replace("projecting", "square"),
             "j": str(patch.get_joinstyle())}
    point.ops.append(["f", _style_key(point, style), _clip(patch, height),
                      _polylines(path, height, width)])


def _text_key(artist: Any, bbox: Any = None) -> str:
    """What decides how a text or legend looks (not where it is); ``bbox``: a
    legend's extent, if measured already."""
    def one(t: Text) -> tuple:
        box = t.get_bbox_patch()
        return (t.get_text(), hash(t.get_fontproperties()), str(to_rgba(t.get_color())),
                t.get_rotation(), t.get_ha(), t.get_va(), t.get_linespacing(),
                t.get_alpha(), None if box is None else
                (str(box.get_boxstyle()), str(box.get_facecolor()), str(box.get_edgecolor()),
                 box.get_linewidth()))
    if isinstance(artist, Legend):
        handles = []
        for h in artist.legend_handles:
            if h is None:
                continue
            props = []
            for getter in ("get_color", "get_linestyle", "get_linewidth", "get_marker",
                           "get_facecolor", "get_edgecolor", "get_alpha"):
                if hasattr(h, getter):
                    v = getattr(h, getter)()
                    props.append(repr(np.asarray(v).tolist() if isinstance(v, np.ndarray) else v))
            handles.append((type(h).__name__, tuple(props)))
        if bbox is None:
            bbox = artist.get_window_extent()
        return repr(("legend", tuple(one(t) for t in artist.get_texts()),
                     one(artist.get_title()), tuple(handles),
                     round(bbox.width, 1), round(bbox.height, 1)))
    return repr(("text", type(artist).__name__, one(artist)))


def _positioned(artist: Any) -> bool:
    """A plain text: drawn relative to its position (no arrow, no legend)."""
    from matplotlib.text import Annotation

    return isinstance(artist, Text) and not isinstance(artist, Annotation)


def _anchor(artist: Any, renderer: Any, height: float) -> tuple[float, float]:
    """Where a sprite is placed from: a text's position, or the top-left corner
    of a legend's or annotation's extent; CSS pixels, y down."""
    if _positioned(artist):
        x, y = artist.get_transform().transform(artist.get_unitless_position())
        return float(x), height - float(y)
    if not isinstance(artist, (Text, Legend)):
        return 0.0, 0.0
    bb = artist.get_window_extent(renderer)
    return float(bb.x0), height - float(bb.y1)


def _export_sprite(point: _Point, artist: Any, renderer: Any, height: float) -> None:
    if _positioned(artist):
        key = _text_key(artist)
        ax, ay = _anchor(artist, renderer, height)
    else:   # a legend's or annotation's extent, measured once (it is most of the cost)
        bb = artist.get_window_extent(renderer)
        key = _text_key(artist, bb) + f"|{bb.width:.1f}x{bb.height:.1f}"
        ax, ay = float(bb.x0), height - float(bb.y1)
    point.sprites.setdefault(key, artist)
    point.ops.append(["s", key, round(ax * _Q), round(ay * _Q)])


def _export_image(point: _Point, image: AxesImage, renderer: Any, height: float) -> None:
    key = "image:" + str(id(image))
    point.sprites[key] = image
    point.ops.append(["i", key, 0, 0])   # position filled in when rendered


_DIGIT = str.maketrans("123456789", "000000000")


def _layout_signature(ax: Any) -> tuple:
    """What of an axes decides the room its decorations take (digits as 0:
    DejaVu Sans has digits of equal width), as the live figure's layout does."""
    def axis(a: Axis) -> tuple:
        if not a.get_visible():
            return ("hidden",)
        labels = [t.get_text().translate(_DIGIT) for t in _axis_parts(a)[2]]
        return (tuple(labels[:1]), tuple(labels[-1:]), frozenset(labels), a.get_label_text(),
                a.get_offset_text().get_text().translate(_DIGIT),
                a.get_ticks_position(), a.get_label_position())
    legend = ax.get_legend()
    return (ax.axison, axis(ax.xaxis), axis(ax.yaxis),
            tuple(ax.get_title(loc) for loc in ("left", "center", "right")),
            None if legend is None else tuple(t.get_text() for t in legend.get_texts()),
            ax.get_aspect(), len(ax.child_axes))


def _background_signature(figure: Figure) -> tuple:
    """What the background image shows: axes boxes and faces, titles, figure texts."""
    return (tuple((tuple(np.round(ax.get_position().bounds, 6)), ax.axison,
                   str(ax.get_facecolor()), ax.patch.get_visible(),
                   tuple(ax.get_title(loc) for loc in ("left", "center", "right")))
                  for ax in figure.axes),
            tuple(t.get_text() for t in figure.texts))


def _axis_parts(axis: Axis) -> tuple[list, list, list, list]:
    """The ticks an axis draws now: gridlines, tick lines, (visible) labels, ticks."""
    cache = getattr(axis, "_clustercode_live_parts", None)
    if cache is not None and cache[0] == _DRAW_COUNT[0]:
        return cache[1]
    grid, lines, labels = [], [], []
    # the ticks Axis.draw draws, brought up to date (major, then minor)
    ticks = axis._update_ticks()
    for tick in ticks:
        if tick.gridline.get_visible():
            grid.append(tick.gridline)
        for line in (tick.tick1line, tick.tick2line):
            if line.get_visible():
                lines.append(line)
        for label in (tick.label1, tick.label2):
            if label.get_visible() and label.get_text():
                labels.append(label)
    parts = (grid, lines, labels, ticks)
    axis._clustercode_live_parts = (_DRAW_COUNT[0], parts)
    return parts


_DRAW_COUNT = [0]


def _is_data(ax: Any, artist: Any) -> bool:
    """Whether an artist of ``ax`` is exported (not part of the background)."""
    if artist is ax.patch or artist in ax.child_axes:
        return False
    if isinstance(artist, Text) and artist not in ax.texts:
        return False   # titles
    return True


# ----------------------------------------------------------------------------- the drawer
class _Drawer:
    """Draws the figure's state for given slider values on a figure of its own."""

    def __init__(self, fig: Any) -> None:
        from .style import book_rcparams

        self.fig = fig
        self.rc = book_rcparams()
        with mpl.rc_context(self.rc):
            self.figure = Figure(figsize=fig.figsize, dpi=_CSS_DPI, layout="constrained")
            self.figure.set_layout_engine("none")
            FigureCanvasAgg(self.figure)
            kw = dict(fig.subplot_kw)
            self.axes = self.figure.subplots(**kw, squeeze=True)
            self.managed = [self.axes] if not isinstance(self.axes, np.ndarray) else list(
                np.ravel(self.axes))
            if fig.title:
                self.figure.suptitle(fig.title)
        self.layouts: dict[tuple, list] = {}
        self.label_memo: dict[tuple, tuple] = {}

    def reset(self) -> None:
        """Clear what the last draw added, keeping the axes' tick objects.

        The engine's reset (:func:`clustercode._engine._drawing.reset` with
        ``keep_ticks``, the in-place redraw's): ``ax.clear()`` rebuilds every
        tick, which was most of the cost of a grid point.
        """
        f = self.figure
        keep = [t for t in f.texts if self.fig.title and t.get_text() == self.fig.title]
        _drawing.reset(f, self.managed, keep, keep_ticks=True)

    def draw(self, values: dict) -> str | None:
        """Draw; return the model's message when it rejects ``values``."""
        self.reset()
        _DRAW_COUNT[0] += 1
        try:
            self.fig.draw_function(self.axes, **values)
        except ValueError:
            return self._message(values)
        for ax in self.figure.axes:
            ax.get_xlim()
            ax.get_ylim()
        sig = tuple(_layout_signature(ax) for ax in self.figure.axes)
        if sig not in self.layouts:
            self.figure.set_layout_engine("constrained")
            self.figure.get_layout_engine().execute(self.figure)
            self.figure.set_layout_engine("none")
            self.layouts[sig] = [ax.get_position(original=True) for ax in self.figure.axes]
        else:
            for ax, pos in zip(self.figure.axes, self.layouts[sig]):
                ax.set_position(pos)
        _place_axis_labels(self.figure, self.figure.canvas.get_renderer(), self.label_memo)
        self.sig = _background_signature(self.figure)
        return None

    def _message(self, values: dict) -> str:
        """The message the figure itself shows (InteractiveFigure.error)."""
        before = self.fig.values
        self.fig.update(**values)
        message = self.fig.error
        self.fig.update(**before)
        return message or "invalid parameters"


def _render_hi(figure: Figure) -> np.ndarray:
    """Render the whole figure at _HI x; return its RGBA."""
    dpi = figure.dpi
    w, h = figure.get_size_inches()
    figure.set_dpi(dpi * _HI)
    try:
        renderer = RendererAgg(int(round(w * dpi * _HI)), int(round(h * dpi * _HI)), dpi * _HI)
        figure.draw(renderer)
        return np.asarray(renderer.buffer_rgba()).copy()
    finally:
        figure.set_dpi(dpi)


def _place_axis_labels(figure: Figure, renderer: Any, memo: dict | None = None) -> None:
    """Put axis labels and offset texts clear of the tick labels, as
    ``Axis.draw`` does (its steps, without computing the ticks again for
    ``get_tightbbox``); the offset text gets its text.

    ``memo``: where a label went for the same tick labels, axes position and
    tick settings (:func:`_label_key`); most grid points of a figure repeat
    a few, and measuring the tick labels' text is most of the placement.
    """
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.get_visible():
                continue
            offset = axis.major.formatter.get_offset()
            axis.offsetText.set_text(offset)
            key = _label_key(figure, axis, bool(offset)) if memo is not None else None
            is_x = axis.axis_name == "x"
            if key is not None and key in memo:
                (mx, my), off_y = memo[key]
                lx, ly = axis.label.get_position()
                axis.label.set_position((lx, my) if is_x else (mx, ly))
                if offset:
                    ox, _ = axis.offsetText.get_position()
                    axis.offsetText.set_position((ox, off_y))
                continue
            axis._update_label_position(renderer)
            if offset:
                ticks = _axis_parts(axis)[3]
                axis._update_offset_text_position(*axis._get_ticklabel_bboxes(ticks, renderer))
            if key is not None:
                memo[key] = (axis.label.get_position(),
                             axis.offsetText.get_position()[1] if offset else None)


def _label_key(figure: Figure, axis: Axis, offset: bool) -> tuple | None:
    """What decides where ``axis``'s label and offset text go across the axis
    (the union of its and its aligned siblings' tick-label extents and its
    spine's), or None where the label is placed by hand."""
    if not axis._autolabelpos:
        return None
    name = axis.axis_name
    group = figure._align_label_groups.get(name)
    siblings = group.get_siblings(axis.axes) if group is not None else [axis.axes]
    per = []
    for ax in siblings:
        a = ax._axis_map[name]
        labels = tuple((t.get_text(), t.get_rotation(), t.get_size(), t.get_visible(),
                        t.get_in_layout())
                       for tick in _axis_parts(a)[3] for t in (tick.label1, tick.label2))
        per.append((id(a), tuple(np.round(ax.get_position().bounds, 9)), labels,
                    repr(a._major_tick_kw), repr(a._minor_tick_kw)))
    spine = axis.axes.spines.get(axis.label_position)
    spine_state = None if spine is None else (
        spine.get_visible(), repr(spine.get_position()),
        tuple(axis.get_view_interval()) if "data" in repr(spine.get_position()) else None)
    return (id(axis), axis.label_position, axis.labelpad, figure.dpi, offset,
            tuple(per), spine_state)


def _background(drawer: _Drawer) -> bytes:
    hidden = []
    for ax in drawer.figure.axes:
        for artist in ax.get_children():
            if _is_data(ax, artist) and artist.get_visible():
                artist.set_visible(False)
                hidden.append(artist)
    try:
        rgba = _render_hi(drawer.figure)
    finally:
        for artist in hidden:
            artist.set_visible(True)
    return _png(rgba, keep_alpha=False)


def _crop(rgba: np.ndarray, window: tuple[int, int, int, int] | None
          ) -> tuple[np.ndarray, int, int] | None:
    """The drawn (non-transparent) part of ``rgba`` within ``window`` (x0, y0,
    x1, y1; None: all of it), a copy, and its top-left corner."""
    if window is not None:
        x0, y0, x1, y1 = window
        rgba = rgba[y0:y1, x0:x1]
    else:
        x0 = y0 = 0
    alpha = rgba[..., 3]
    rows = np.flatnonzero(alpha.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(alpha.any(axis=0))
    r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    return rgba[r0:r1, c0:c1].copy(), x0 + int(c0), y0 + int(r0)


def _sprites(figure: Figure, artists: Sequence[Any]) -> list[tuple[np.ndarray, float, float]]:
    """RGBA crop of each artist alone at _HI x and its offset from its anchor (CSS px).

    One renderer for all of them. A plain text is drawn away from the
    figure's layout, near the canvas's corner (how it looks does not depend on
    where it is, and its offset from its position is the same anywhere): its
    position need not be brought up to date at _HI x (axis labels sit in
    device pixels, placed from the tick labels' extents). Legends, annotations
    and images are drawn where they are, and placed where _HI x puts them
    (offset from their extent at 1x: a legend's text is a little narrower at
    _HI x, and it keeps to its corner).
    """
    if not artists:
        return []
    dpi = figure.dpi
    w, h = figure.get_size_inches()
    width, height = int(round(w * dpi * _HI)), int(round(h * dpi * _HI))
    renderer0 = figure.canvas.get_renderer()
    anchors = [_anchor(a, renderer0, figure.bbox.height) for a in artists]
    out = []
    figure.set_dpi(dpi * _HI)
    try:
        renderer = _RENDERERS.get((width, height, dpi * _HI))
        if renderer is None:
            renderer = _RENDERERS[width, height, dpi * _HI] = RendererAgg(
                width, height, dpi * _HI)
        buffer = np.asarray(renderer.buffer_rgba())
        renderer.clear()
        for artist, anchor0 in zip(artists, anchors):
            if _positioned(artist):
                position, transform = artist.get_position(), artist.get_transform()
                try:
                    artist.set_transform(IdentityTransform())
                    artist.set_position((0.0, 0.0))
                    bb = artist.get_window_extent(renderer)
                    # its extent _PAD px clear of the corner (room for a box), at
                    # the fraction of a pixel where it is (the same antialiasing)
                    fx, fy = (anchor0[0] * _HI) % 1.0, (-anchor0[1] * _HI) % 1.0
                    px = math.floor(_PAD - bb.x0) + fx
                    py = math.floor(_PAD - bb.y0) + fy
                    artist.set_position((px, py))
                    artist.draw(renderer)
                    window = (0, max(0, height - int(math.ceil(bb.height)) - 2 * _PAD),
                              min(width, int(math.ceil(bb.width)) + 2 * _PAD), height)
                finally:
                    artist.set_position(position)
                    artist.set_transform(transform)
                anchor = (px, height - py)
            else:
                artist.draw(renderer)
                window = None
                anchor = (anchor0[0] * _HI, anchor0[1] * _HI)
            found = _crop(buffer, window)
            if window is None:
                renderer.clear()
            else:   # what clear() fills (transparent white), where the text went
                x0, y0, x1, y1 = window
                buffer[y0:y1, x0:x1] = (255, 255, 255, 0)
            if found is None:
                out.append((np.zeros((1, 1, 4), np.uint8), 0.0, 0.0))
                continue
            crop, x0, y0 = found
            out.append((_unpremultiply(crop), (x0 - anchor[0]) / _HI, (y0 - anchor[1]) / _HI))
    finally:
        figure.set_dpi(dpi)
    return out


_RENDERERS: dict[tuple, RendererAgg] = {}   # _sprites' canvas, one per size


def _unpremultiply(rgba: np.ndarray) -> np.ndarray:
    """Agg's buffer is premultiplied; PNG and canvas drawImage want straight alpha."""
    out = rgba.astype(np.float64)
    a = out[..., 3:4]
    with np.errstate(invalid="ignore", divide="ignore"):
        out[..., :3] = np.where(a > 0, out[..., :3] * 255.0 / a, 0.0)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _export_axis(point: _Point, axis: Axis, renderer: Any, height: float, width: float) -> None:
    if not axis.get_visible():
        return
    grid, lines, labels, _ = _axis_parts(axis)
    _export_grid_lines(point, grid, height, width, axis.axes.name == "rectilinear")
    _export_tick_marks(point, lines, height, width)
    for text in labels + [axis.get_offset_text(), axis.label]:
        if text.get_visible() and text.get_text():
            _export_sprite(point, text, renderer, height)


def _export_in_runs(point: _Point, lines: list[Line2D], look: Any, export_run: Any,
                    height: float, width: float) -> None:
    """Export ``lines`` in order: each run of consecutive lines of one
    ``look(line)`` by ``export_run(point, run, height, width)``, a line whose
    look is None by :func:`_export_line`."""
    run: list[Line2D] = []
    run_look: tuple | None = None
    for line in lines:
        key = look(line)
        if run and (key is None or key != run_look):
            export_run(point, run, height, width)
            run = []
        run_look = key
        if key is None:
            _export_line(point, line, height, width)
        else:
            run.append(line)
    if run:
        export_run(point, run, height, width)


def _placement(line: Line2D) -> tuple:
    return (id(line.get_transform()), line.get_alpha(), line.get_clip_on(),
            id(line.get_clip_box()), id(line.get_clip_path()))


def _export_grid_lines(point: _Point, lines: list[Line2D], height: float, width: float,
                       straight: bool = True) -> None:
    """Grid lines: as :func:`_export_line`, a run of straight, marker-less
    lines of one style as one op (parallel lines, so one stroke of them all
    is the same picture), transformed at once. ``straight``: the axes draw
    straight grid lines (rectilinear)."""
    def look(line: Line2D) -> tuple | None:
        if not (straight and line.get_marker() in _NONE and len(line.get_xydata()) == 2):
            return None
        return (_placement(line), line.get_linestyle(), str(line.get_color()),
                line.get_linewidth(), repr(getattr(line, "_dash_pattern", None)),
                line.get_dash_capstyle(), line.get_solid_capstyle(), line.get_solid_joinstyle())

    def export_run(point: _Point, run: list[Line2D], height: float, width: float) -> None:
        key = _stroke_style(point, run[0])
        if key is None:
            return
        xys = [ln.get_xydata() for ln in run]
        verts = run[0].get_transform().transform(np.vstack(xys))
        codes = np.full(len(verts), Path.LINETO, dtype=Path.code_type)
        codes[np.cumsum([0] + [len(xy) for xy in xys[:-1]])] = Path.MOVETO
        point.ops.append(["l", key, _clip(run[0], height),
                          _polylines(Path(verts, codes), height, width)])

    _export_in_runs(point, lines, look, export_run, height, width)


def _export_tick_marks(point: _Point, lines: list[Line2D], height: float, width: float) -> None:
    """Tick lines (each a one-point line with a marker): as :func:`_export_line`,
    with the points of a run of ticks of one look transformed at once."""
    def look(line: Line2D) -> tuple | None:
        if not (line.get_linestyle() in _NONE and line.get_markevery() is None
                and line.get_marker() not in _NONE and line.get_markersize() > 0):
            return None
        return (_placement(line), line.get_marker(), line.get_fillstyle(),
                line.get_markersize(), str(line.get_markerfacecolor()),
                str(line.get_markeredgecolor()), line.get_markeredgewidth())

    def export_run(point: _Point, run: list[Line2D], height: float, width: float) -> None:
        first = run[0]
        key = _marker_style(first, first.get_marker(), first.get_alpha())
        point.styles.setdefault(key, _MARKER_STYLES[key])
        verts = first.get_transform().transform(np.vstack([ln.get_xydata() for ln in run]))
        point.ops.append(["m", key, _clip(first, height), _marker_deltas(verts, height)])

    _export_in_runs(point, lines, look, export_run, height, width)


def _capture(drawer: _Drawer, point: _Point) -> None:
    figure = drawer.figure
    height, width = figure.bbox.height, figure.bbox.width
    renderer = figure.canvas.get_renderer()
    axes = sorted(figure.axes, key=lambda a: a.get_zorder())
    for ax in axes:
        if not ax.get_visible():
            continue
        children = [c for c in ax.get_children() if _is_data(ax, c) and c.get_visible()]
        if not ax.axison:
            children = [c for c in children if not isinstance(c, (Axis, Spine))]
        children.sort(key=lambda c: c.get_zorder())
        for c in children:
            if isinstance(c, Axis):
                _export_axis(point, c, renderer, height, width)
            elif isinstance(c, Line2D):
                _export_line(point, c, height, width)
            elif isinstance(c, Collection):
                _export_collection(point, c, height, width)
            elif isinstance(c, Patch):
                if isinstance(c, Spine):
                    c._adjust_location()   # its bounds, as Spine.draw sets them
                _export_patch(point, c, height, width)
            elif isinstance(c, AxesImage):
                _export_image(point, c, renderer, height)
            elif isinstance(c, (Text, Legend)):
                if isinstance(c, Text) and not c.get_text():
                    continue
                _export_sprite(point, c, renderer, height)
            else:   # anything else: a sprite of its own
                key = "artist:" + str(id(c))
                point.sprites[key] = c
                point.ops.append(["i", key, 0, 0])
    point.ops = _merge_markers(point.ops)


# ----------------------------------------------------------------------------- the export
def _atlas(crops: list[np.ndarray], width: int = 2048) -> tuple[np.ndarray, list[list[int]]]:
    """Shelf-pack RGBA crops into one image; return it and [x, y, w, h] of each."""
    order = sorted(range(len(crops)), key=lambda k: -crops[k].shape[0])
    width = max(width, max((c.shape[1] for c in crops), default=1))
    places: list[list[int]] = [[0, 0, 0, 0] for _ in crops]
    x = y = shelf = 0
    for k in order:
        h, w = crops[k].shape[:2]
        if x + w > width:
            x, y, shelf = 0, y + shelf + 1, 0
        places[k] = [x, y, w, h]
        x += w + 1
        shelf = max(shelf, h)
    total = max(1, y + shelf)
    atlas = np.zeros((total, width, 4), np.uint8)
    for k, (x0, y0, w, h) in enumerate(places):
        atlas[y0:y0 + h, x0:x0 + w] = crops[k]
    return atlas, places


def _work(fig: Any, grids: list, combos: list[tuple]) -> dict:
    """Draw and capture the grid points ``combos``; symbolic keys, new pixels."""
    import warnings

    sliders = fig.sliders
    drawer = _Drawer(fig)
    initial = fig.values
    out: dict[str, Any] = {"frames": [], "styles": {}, "sprites": {}, "backgrounds": {},
                           "warnings": []}
    with warnings.catch_warnings(record=True) as caught, mpl.rc_context(drawer.rc):
        warnings.simplefilter("always")
        for combo in combos:
            values = dict(initial)
            values.update({s.name: g[i] for s, g, i in zip(sliders, grids, combo)})
            message = drawer.draw(values)
            if message is not None:
                out["frames"].append({"e": message})
                continue
            point = _Point()
            _capture(drawer, point)
            bg = repr(drawer.sig)
            if bg not in out["backgrounds"]:
                out["backgrounds"][bg] = _background(drawer)
            # sprites to render: images and other artists (keyed by their
            # pixels) and texts and legends not seen before, in one pass
            todo = list(dict.fromkeys(
                op[1] for op in point.ops
                if op[0] == "i" or (op[0] == "s" and op[1] not in out["sprites"])))
            rendered = dict(zip(todo, _sprites(drawer.figure,
                                               [point.sprites[k] for k in todo])))
            ops = []
            for op in point.ops:
                kind, key = op[0], op[1]
                if kind in ("l", "f", "m"):
                    out["styles"].setdefault(key, point.styles[key])
                    ops.append(op)
                    continue
                if kind == "i":
                    crop, dx, dy = rendered[key]
                    key = "px:" + hashlib.sha1(crop.tobytes() + repr(crop.shape).encode()
                                               ).hexdigest() + f":{dx:.2f}:{dy:.2f}"
                    out["sprites"].setdefault(key, (crop, dx, dy))
                    ops.append(["s", key, 0, 0])
                    continue
                if key not in out["sprites"]:
                    out["sprites"][key] = rendered[key]
                ops.append(["s", key, op[2], op[3]])
            out["frames"].append({"b": bg, "o": ops})
    out["warnings"] = [(str(w.message), w.category) for w in caught]
    return out


_FORKED: dict[str, Any] = {}


def _forked_work(args: tuple) -> dict:
    import sys

    sys.stdout = sys.stderr = open(os.devnull, "w")   # never the kernel's streams
    grids, combos = args
    return _work(_FORKED["fig"], grids, combos)


def _workers(n_points: int) -> int:
    env = os.environ.get("CLUSTERCODE_LIVE_WORKERS")
    if env is not None:
        return max(1, int(env))
    return max(1, min(len(os.sched_getaffinity(0)), 2, n_points // 20 or 1))


def export_live(fig: Any, grids: list[list[float | int]] | None = None) -> dict:
    """Everything the site's script needs to redraw ``fig`` on its slider grid.

    Parameters
    ----------
    fig : clustercode.widgets.InteractiveFigure
    grids : list of lists, optional
        Values of each slider (default :func:`slider_grid`).

    Returns
    -------
    dict
        JSON-serialisable: ``sliders`` (with their grids), ``frames`` (one per
        grid point, the last slider varying fastest), shared ``styles``,
        ``backgrounds`` and a sprite ``atlas`` (base64 PNG), ``errors``.
    """
    import warnings

    sliders = fig.sliders
    grids = slider_grid(sliders) if grids is None else grids
    combos = list(np.ndindex(*[len(g) for g in grids]))
    n = _workers(len(combos))
    if n > 1:
        import multiprocessing

        chunks = [combos[k::n] for k in range(n)]
        _FORKED["fig"] = fig
        try:
            with multiprocessing.get_context("fork").Pool(n) as pool:
                parts = pool.map(_forked_work, [(grids, c) for c in chunks])
        finally:
            _FORKED.clear()
        order = [(k, j) for k in range(n) for j in range(len(chunks[k]))]
        position = {combo: kj for kj, combo in zip(order, [c for ch in chunks for c in ch])}
        results = [parts[position[c][0]]["frames"][position[c][1]] for c in combos]
    else:
        parts = [_work(fig, grids, combos)]
        results = parts[0]["frames"]
    for part in parts:
        for message, category in part["warnings"]:
            warnings.warn(message, category, stacklevel=2)
    styles: dict[str, int] = {}
    style_list: list[dict] = []
    bg_index: dict[str, int] = {}
    bg_list: list[str] = []
    sprite_index: dict[str, int] = {}
    crops: list[np.ndarray] = []
    offsets: list[tuple[float, float]] = []
    errors: dict[str, int] = {}
    all_styles = {k: v for part in parts for k, v in part["styles"].items()}
    all_sprites = {k: v for part in parts for k, v in part["sprites"].items()}
    all_bgs = {k: v for part in parts for k, v in part["backgrounds"].items()}
    frames: list[Any] = []
    for result in results:
        if "e" in result:
            frames.append({"e": errors.setdefault(result["e"], len(errors))})
            continue
        if result["b"] not in bg_index:
            bg_index[result["b"]] = len(bg_list)
            bg_list.append(base64.b64encode(all_bgs[result["b"]]).decode("ascii"))
        ops = []
        for op in result["o"]:
            kind, key = op[0], op[1]
            if kind == "s":
                if key not in sprite_index:
                    crop, dx, dy = all_sprites[key]
                    sprite_index[key] = len(crops)
                    crops.append(crop)
                    offsets.append((dx, dy))
                ops.append(["s", sprite_index[key], op[2], op[3]])
            else:
                if key not in styles:
                    styles[key] = len(style_list)
                    style_list.append(all_styles[key])
                ops.append([kind, styles[key], *op[2:]])
        frames.append({"b": bg_index[result["b"]], "o": ops})
    atlas, places = _atlas(crops) if crops else (np.zeros((1, 1, 4), np.uint8), [])
    sprites = [[*place, round(dx * _Q), round(dy * _Q)]
               for place, (dx, dy) in zip(places, offsets)]
    initial = fig.values
    return {
        "version": 1,
        "width": int(round(fig.figsize[0] * _CSS_DPI)),
        "height": int(round(fig.figsize[1] * _CSS_DPI)),
        "q": _Q,
        "hi": _HI,
        "title": fig.title,
        "alt": fig.alt,
        "sliders": [
            {"name": s.name, "label": s.display_label, "min": s.min, "max": s.max,
             "step": s.step, "integer": s.integer, "decimals": s.decimals,
             "value": initial[s.name], "grid": g,
             "readouts": [s.format_value(v) for v in g]}
            for s, g in zip(sliders, grids)
        ],
        "styles": style_list,
        "backgrounds": bg_list,
        "atlas": base64.b64encode(_png(atlas, keep_alpha=True)).decode("ascii"),
        "sprites": sprites,
        "errors": list(errors),
        "frames": frames,
    }
