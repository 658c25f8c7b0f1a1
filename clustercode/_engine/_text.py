"""A canvas for the live figure that rasterises each glyph once, not on every draw.

Agg draws text glyph by glyph: for every text on every draw it lays the
string out with FreeType and renders every glyph's bitmap again. A live figure
draws the same tick labels, axis labels, titles and legends over and over, so
that is most of the cost of a full redraw. :class:`CachedTextCanvas` keeps

* the layout of each string (glyphs and their offsets), per font and size, and
* the height metrics of each font (which ``Text`` asks for on every draw), and
* the bitmap of each glyph, per font, size, rotation and *sub-pixel* position
  (FreeType's 1/64 pixel): moving a glyph by whole pixels moves its bitmap
  and changes nothing else, so the cached bitmap is exactly the one FreeType
  would render there,

and draws the cached bitmaps with Agg's own ``draw_text_image``: the pixels are
the same as :class:`~matplotlib.backends.backend_agg.FigureCanvasAgg`'s (a test
checks it). It relies on private helpers of matplotlib's Agg backend
(matplotlib 3.11's glyph-by-glyph text drawing); where they are missing,
:data:`SUPPORTED` is false and the live figure uses the plain canvas.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib import font_manager, ft2font
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

_RenderMode = getattr(backend_agg, "RenderMode", None)
_get_hinting_flag = getattr(backend_agg, "get_hinting_flag", None)

#: Whether this matplotlib draws text the way the cache replays it.
SUPPORTED = (
    _RenderMode is not None and _get_hinting_flag is not None
    and all(hasattr(RendererAgg, name) for name in
            ("_draw_text_glyphs_and_boxes", "_prepare_font", "draw_mathtext"))
    and all(hasattr(ft2font.FT2Font, name) for name in
            ("_layout", "_render_glyph", "_set_transform"))
    and hasattr(font_manager.fontManager, "_find_fonts_by_props")
)

#: Entries a cache may hold before it is emptied (bounds memory for texts
#: that move by fractions of a pixel on every draw).
MAX_ENTRIES = 50_000


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return value


def _font_key(prop: Any) -> tuple:
    """What of a FontProperties decides the font and size (as its ``__hash__`` does)."""
    return (tuple(prop.get_family()), prop.get_slant(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
            prop.get_math_fontfamily())


class CachedTextRenderer(RendererAgg):
    """:class:`~matplotlib.backends.backend_agg.RendererAgg` drawing text from a glyph cache."""

    _layouts: dict
    _glyphs: dict
    _matrices: dict
    _heights: dict

    @classmethod
    def adopt(cls, renderer: RendererAgg, caches: tuple[dict, ...]) -> CachedTextRenderer:
        """Turn the canvas's own new renderer into a caching one (the class of the same object:
        whatever matplotlib set up in ``RendererAgg.__init__`` stays as it is)."""
        renderer.__class__ = cls
        renderer._layouts, renderer._glyphs, renderer._matrices, renderer._heights = caches
        return renderer

    def _get_font_height_metrics(self, prop):
        """Ascent, descent and line gap of the font (px), as ``Text._get_layout`` computes them
        for every text on every draw when the renderer does not (the hook it asks first)."""
        key = (_font_key(prop), self.dpi)
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = _font_height_metrics(prop, self.dpi)
        return found

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        # docstring inherited
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = _get_hinting_flag()
        key = (s, _font_key(prop), self.dpi, flags, _hashable(features), _hashable(language))
        items = self._layouts.get(key)
        if items is None:
            font = self._prepare_font(prop)
            items = tuple((item.ft_object, item.glyph_index, item.x, item.y)
                          for item in font._layout(s, flags=flags, features=features,
                                                   language=language))
            if len(self._layouts) >= MAX_ENTRIES:
                self._layouts.clear()
            self._layouts[key] = items
        size = prop.get_size_in_points()
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle,
            ((font, size, glyph, 0, 1, dx, dy) for font, glyph, dx, dy in items), [])

    def _matrix(self, angle: float, slant: float, extend: float) -> tuple[np.ndarray, float, float]:
        key = (angle, slant, extend)
        found = self._matrices.get(key)
        if found is None:
            cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                      @ [[extend, extend * slant], [0, 1]]).round().astype(int)
            found = self._matrices[key] = (matrix, cos, sin)
        return found

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        # As RendererAgg's, with each glyph's bitmap rendered once per sub-pixel position.
        load_flags = _get_hinting_flag()
        antialiased = gc.get_antialiased()
        mode = _RenderMode.NORMAL if antialiased else _RenderMode.MONO
        height = self.height
        cache = self._glyphs
        draw_image = self._renderer.draw_text_image
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
            matrix, cos, sin = self._matrix(angle, slant, extend)
            # The glyph's origin in FreeType's 1/64 pixels (FreeType's y is upwards).
            px = round(0x40 * (x + dx * cos - dy * sin))
            py = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (font, size, self.dpi, glyph_index, angle, slant, extend, px & 0x3F, py & 0x3F,
                   load_flags, antialiased)
            found = cache.get(key)
            if found is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [px, py])
                bitmap = font._render_glyph(glyph_index, load_flags, mode)
                buffer = np.array(bitmap.buffer, dtype=np.uint8)  # FreeType reuses its own
                if not antialiased:
                    buffer *= 0xff
                found = (buffer, bitmap.left - (px >> 6), bitmap.top - (py >> 6))
                if len(cache) >= MAX_ENTRIES:
                    cache.clear()
                cache[key] = found
            buffer, left, top = found
            # draw_text_image's y is downwards & the bitmap bottom side.
            draw_image(buffer, left + (px >> 6), int(height) - (top + (py >> 6)) + buffer.shape[0],
                       0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)


def _font_height_metrics(prop, dpi: float) -> tuple:
    # The computation of matplotlib 3.11's Text._get_layout, unchanged.
    font = font_manager.get_font(font_manager.fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None


class CachedTextCanvas(FigureCanvasAgg):
    """:class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` whose renderer caches glyphs
    (see the module's docstring); the caches live as long as the canvas."""

    def __init__(self, figure=None) -> None:
        self._text_caches: tuple[dict, ...] = ({}, {}, {}, {})
        super().__init__(figure)

    def get_renderer(self):
        renderer = super().get_renderer()
        if not isinstance(renderer, CachedTextRenderer):  # the canvas made a new one
            self.renderer = CachedTextRenderer.adopt(renderer, self._text_caches)
        return self.renderer


def live_canvas(figure) -> FigureCanvasAgg:
    """The canvas for a live figure: glyph-caching where this matplotlib allows it."""
    return CachedTextCanvas(figure) if SUPPORTED else FigureCanvasAgg(figure)
