"""The book's single plotting style.

Every figure of the book, static or interactive, is drawn with the settings in
this module so that the same object always looks the same: one colour-blind-safe
palette (Okabe & Ito 2008), one set of font sizes that stays readable both on the
HTML site and in the PDF, and one fixed appearance for each of the four R&D
regimes.

Chinese text (chapter abstracts, bilingual regime labels) is rendered through
matplotlib's per-glyph font fallback (matplotlib >= 3.6): Latin glyphs come from
DejaVu Sans, which ships with matplotlib, and CJK glyphs from the first installed
font of :data:`CJK_FONT_CANDIDATES`. A CJK family is added to the fallback list
only if it is actually installed, so no ``findfont`` warnings appear on machines
without one; use :func:`cjk_font_available` to decide whether to print Chinese.

matplotlib caches its list of fonts on first use; a CJK font installed after
that (say by ``scripts/install-system-deps.sh``, after a test run drew a
figure) would stay invisible to it. When no CJK family is in the list,
:func:`cjk_font` therefore looks once for font files installed since and adds
them (and rewrites the cache), so an installed font is never hidden.

The images the book shows are checked, not trusted: :func:`text_fonts` finds,
for every character of every text of a drawn figure, the font file that draws
it, and :func:`figure_png` (the PNG of a static figure; the static image of an
interactive figure goes through :func:`stamp_png`) raises
:class:`MissingGlyphError` when a character has no glyph in any font -- a
Chinese label without a CJK font would otherwise be a row of boxes -- and
records the fonts in the PNG (``tEXt`` key :data:`FONTS_PNG_KEY`), which the
book's tests read back from the built site.

Examples
--------
>>> from clustercode.style import use_book_style, REGIME_STYLE
>>> use_book_style()
>>> REGIME_STYLE["competition"].color
'#0072B2'
"""

from __future__ import annotations

import io
import json
import os
import struct
import unicodedata
import warnings
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib import font_manager
from matplotlib.text import Text

from .regimes import COMPETITION, COORDINATION, JOINT_VENTURE, REGIME_NAMES, SHARING

__all__ = [
    "PALETTE",
    "CYCLE",
    "CJK_FONT_CANDIDATES",
    "LATIN_FONT",
    "RegimeStyle",
    "REGIME_STYLE",
    "regime_style",
    "cjk_font",
    "cjk_font_available",
    "cjk_required",
    "REQUIRE_CJK_ENV",
    "FONTS_PNG_KEY",
    "MissingGlyphError",
    "text_fonts",
    "figure_png",
    "stamp_png",
    "book_rcparams",
    "use_book_style",
]

#: The Okabe--Ito palette, safe for the common forms of colour-vision deficiency.
PALETTE: Mapping[str, str] = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }
)

#: Colour cycle for lines, in order of use. Yellow comes last: it has the lowest
#: contrast against a white background.
CYCLE: tuple[str, ...] = tuple(
    PALETTE[name]
    for name in (
        "blue",
        "vermillion",
        "bluish_green",
        "reddish_purple",
        "orange",
        "sky_blue",
        "black",
        "yellow",
    )
)

#: Latin font; bundled with matplotlib, hence always present.
LATIN_FONT = "DejaVu Sans"

#: CJK families tried in order; the first installed one is used for fallback.
CJK_FONT_CANDIDATES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)

# Colours used by the chrome of the figures (grid, spines, secondary text).
_GRID = "#E0E0E0"
_SPINE = "#555555"
_TEXT = "#222222"


def _installed_families() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


_FONT_LIST_REFRESHED = False


def _refresh_font_list() -> int:
    """Add font files installed since matplotlib cached its font list; return how many.

    matplotlib reads its font list from a cache (``fontlist-v*.json`` in
    :func:`matplotlib.get_cachedir`) and never looks again. Files the system
    has now (:func:`matplotlib.font_manager.findSystemFonts`) but the list
    lacks are added with :meth:`~matplotlib.font_manager.FontManager.addfont`,
    and the cache is rewritten so that later processes see them too. Runs at
    most once per process.
    """
    global _FONT_LIST_REFRESHED
    if _FONT_LIST_REFRESHED:
        return 0
    _FONT_LIST_REFRESHED = True
    manager = font_manager.fontManager
    known = {os.path.realpath(entry.fname) for entry in manager.ttflist}
    added = 0
    for path in sorted(set(font_manager.findSystemFonts())):
        if os.path.realpath(path) in known or Path(path).suffix.lower() == ".afm":
            continue
        try:
            manager.addfont(path)
        except Exception:  # noqa: BLE001 - an unreadable file is not a font we can use
            continue
        added += 1
    if added:
        cache = Path(mpl.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json")
        try:
            font_manager.json_dump(manager, cache)
        except OSError:
            pass  # a read-only cache: this process still sees the fonts
    return added


def cjk_font() -> str | None:
    """Return the name of the CJK font family used for fallback, if any.

    When matplotlib's font list has none of the candidates, font files
    installed since the list was cached are added first (once per process),
    so a stale cache never hides an installed CJK font.

    Returns
    -------
    str or None
        The first family of :data:`CJK_FONT_CANDIDATES` known to matplotlib's
        font manager, or ``None`` when none is installed.
    """
    for attempt in range(2):
        installed = _installed_families()
        for family in CJK_FONT_CANDIDATES:
            if family in installed:
                return family
        if attempt == 0 and not _refresh_font_list():
            break
    return None


#: Environment variable that makes Chinese labels obligatory (set by the book's
#: build, ``_ext/build_checks.py``, for the kernels that execute the chapters).
REQUIRE_CJK_ENV = "CLUSTERCODE_REQUIRE_CJK"


def cjk_required() -> bool:
    """Whether Chinese labels must be drawn (:data:`REQUIRE_CJK_ENV` is ``1``).

    Returns
    -------
    bool
        ``True`` while the book is built: automatic labels are then always
        bilingual, whether or not a CJK font is installed.
    """
    return os.environ.get(REQUIRE_CJK_ENV, "").strip() == "1"


def cjk_font_available() -> bool:
    """Whether a font able to render Chinese labels is installed.

    Returns
    -------
    bool
        ``True`` if :func:`cjk_font` finds a family.
    """
    return cjk_font() is not None


def book_rcparams() -> dict[str, Any]:
    """The rcParams of the book's style, as a dictionary.

    Useful with :func:`matplotlib.rc_context` to draw one figure in the book's
    style without changing the global state.

    Returns
    -------
    dict
        rcParam name to value. ``font.family`` lists DejaVu Sans and, when one
        is installed, a CJK family for per-glyph fallback.
    """
    families = [LATIN_FONT]
    cjk = cjk_font()
    if cjk is not None:
        families.append(cjk)
    sans = families + [
        f for f in mpl.rcParamsDefault["font.sans-serif"] if f not in families
    ]
    return {
        # Fonts: explicit family list so that matplotlib falls back per glyph.
        "font.family": families,
        "font.sans-serif": sans,
        "font.size": 11.0,
        "axes.titlesize": 12.0,
        "axes.labelsize": 11.0,
        "xtick.labelsize": 10.0,
        "ytick.labelsize": 10.0,
        "legend.fontsize": 10.0,
        "legend.title_fontsize": 10.0,
        "figure.titlesize": 13.0,
        "mathtext.fontset": "dejavusans",
        "axes.unicode_minus": True,
        "text.color": _TEXT,
        "axes.labelcolor": _TEXT,
        "xtick.color": _SPINE,
        "ytick.color": _SPINE,
        # Axes: no top/right spines, light grid behind the data.
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": _SPINE,
        "axes.linewidth": 0.8,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": _GRID,
        "grid.linewidth": 0.6,
        "grid.linestyle": "-",
        "axes.prop_cycle": cycler(color=list(CYCLE)),
        # Lines and legends.
        "lines.linewidth": 2.0,
        "lines.markersize": 6.0,
        "legend.frameon": False,
        "image.cmap": "cividis",
        # Figure and output.
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 100.0,
        "figure.facecolor": "white",
        "savefig.dpi": 200.0,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.05,
        "savefig.facecolor": "white",
        # Embed TrueType fonts (Type 42) so that CJK glyphs survive in PDF/PS.
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
    }


def use_book_style() -> None:
    """Apply the book's plotting style to matplotlib's global rcParams.

    Idempotent: calling it again leaves the rcParams exactly as after the first
    call. Emits no font warnings whether or not a CJK font is installed.

    Inside IPython it also lets a bare :class:`matplotlib.figure.Figure` (what
    the book's static figures return; they never use pyplot) display as a PNG
    image, as ``%matplotlib inline`` would; elsewhere nothing else happens.

    See Also
    --------
    book_rcparams : the settings applied.
    cjk_font_available : whether Chinese labels will render.
    """
    mpl.rcParams.update(book_rcparams())
    _display_figures_in_ipython()


#: ``tEXt`` keyword under which :func:`stamp_png` records the fonts of a figure's text.
FONTS_PNG_KEY = "Text fonts"

_INSTALL_HINT = ("Debian/Ubuntu: apt-get install fonts-noto-cjk, or run "
                 "scripts/install-system-deps.sh as root")


class MissingGlyphError(RuntimeError):
    """A figure's text has characters that no installed font can draw.

    Raised instead of drawing boxes ("tofu"), e.g. for a Chinese label on a
    machine without a CJK font.
    """


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph or CJK punctuation / full-width form."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK ", "IDEOGRAPHIC ", "FULLWIDTH ")) or "\u3000" <= char <= "\u303f"


def _texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text()
            and (t.axes is None or t.axes.get_visible())]


def text_fonts(fig) -> dict[str, Any]:
    """The font file that draws each character of a drawn figure's text.

    Call it after the figure was drawn (tick labels are set at draw time).
    For each visible text artist, the characters are looked up, in order, in
    the fonts of matplotlib's fallback list for its font properties (the
    fonts Agg draws from); a character found in none of them has no glyph.
    Text with mathtext (``$...$``) is drawn by the mathtext fonts, which have
    no CJK glyphs: CJK characters in it count as missing.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    dict
        ``{"fonts": {file name: {"family": str, "chars": int, "cjk": int}},
        "cjk": int, "missing": str}``: file names only (no directories),
        the number of CJK characters drawn, and the characters without a glyph.
    """
    manager = font_manager.fontManager
    fonts: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    cjk = 0
    chains: dict[Any, list] = {}
    for text in _texts(fig):
        string, math = text._preprocess_math(text.get_text())
        if math:
            bad = [c for c in string if is_cjk(c)]
            missing.extend(bad)
            continue
        prop = text.get_fontproperties()
        key = hash(prop)
        if key not in chains:
            chain = []
            for path in manager._find_fonts_by_props(prop):
                font = font_manager.get_font([path])
                chain.append((font, Path(font.fname).name, font.family_name))
            chains[key] = chain
        for char in string:
            if char.isspace() or unicodedata.category(char) == "Cc":
                continue
            for font, name, family in chains[key]:
                if font.get_char_index(ord(char)):
                    entry = fonts.setdefault(name, {"family": family, "chars": 0, "cjk": 0})
                    entry["chars"] += 1
                    if is_cjk(char):
                        entry["cjk"] += 1
                        cjk += 1
                    break
            else:
                missing.append(char)
    return {"fonts": fonts, "cjk": cjk, "missing": "".join(dict.fromkeys(missing))}


def _png_text_chunk(key: str, value: str) -> bytes:
    data = key.encode("latin-1") + b"\0" + value.encode("ascii", "backslashreplace")
    return (struct.pack(">I", len(data)) + b"tEXt" + data
            + struct.pack(">I", zlib.crc32(b"tEXt" + data) & 0xFFFFFFFF))


def stamp_png(fig, png: bytes) -> bytes:
    """Check the fonts of a drawn figure and record them in its PNG.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure ``png`` was drawn from (already drawn).
    png : bytes
        Its PNG.

    Returns
    -------
    bytes
        ``png`` with a ``tEXt`` chunk :data:`FONTS_PNG_KEY` holding
        :func:`text_fonts` as JSON, after the header chunk.

    Raises
    ------
    MissingGlyphError
        If a character of the figure's text has no glyph in any font.
    """
    record = text_fonts(fig)
    if record["missing"]:
        families = ", ".join(dict.fromkeys(mpl.rcParams["font.family"])) or "?"
        raise MissingGlyphError(
            f"figure text has characters no installed font can draw: {record['missing']!r} "
            f"(font.family: {families}; CJK font found: {cjk_font() or 'none'}). "
            f"Chinese labels need a CJK font: {_INSTALL_HINT}. "
            "Text with $...$ maths cannot hold Chinese characters.")
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("stamp_png expects PNG bytes")
    header_end = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4  # signature + IHDR chunk
    chunk = _png_text_chunk(FONTS_PNG_KEY, json.dumps(record, sort_keys=True))
    return png[:header_end] + chunk + png[header_end:]


def figure_png(fig, **savefig_kwargs) -> bytes:
    """PNG bytes of a static figure, its fonts checked and recorded (:func:`stamp_png`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    **savefig_kwargs
        Passed to :meth:`~matplotlib.figure.Figure.savefig` (``bbox_inches``
        defaults to ``"tight"``).
    """
    buffer = io.BytesIO()
    savefig_kwargs.setdefault("bbox_inches", "tight")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="png", **savefig_kwargs)
    glyphs = []
    for w in caught:  # matplotlib's own missing-glyph warnings become the error below
        if "missing from font" in str(w.message):
            glyphs.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    png = stamp_png(fig, buffer.getvalue())
    if glyphs:  # matplotlib found a gap the check above did not: still an error
        raise MissingGlyphError(f"{glyphs[0]} ({len(glyphs)} such); {_INSTALL_HINT}")
    return png


def _figure_png(fig) -> bytes:
    return figure_png(fig)


def _display_figures_in_ipython() -> None:
    """Register a PNG formatter for Figure in the running IPython shell, if any and if none is set."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    png = shell.display_formatter.formatters["image/png"]
    try:
        png.lookup_by_type(Figure)
    except KeyError:
        png.for_type(Figure, _figure_png)


@dataclass(frozen=True)
class RegimeStyle:
    """How one R&D regime is drawn in every figure of the book.

    Parameters
    ----------
    color : str
        Hex colour from :data:`PALETTE`.
    linestyle : str
        Matplotlib line style.
    marker : str
        Matplotlib marker, for discrete points.
    label_en, label_zh : str
        English and Chinese names of the regime.
    """

    color: str
    linestyle: str
    marker: str
    label_en: str
    label_zh: str

    @property
    def label(self) -> str:
        """Bilingual label, e.g. ``'R&D competition 研发竞争'``."""
        return f"{self.label_en} {self.label_zh}"

    def display_label(self, bilingual: bool | None = None) -> str:
        """Label for a legend.

        Parameters
        ----------
        bilingual : bool or None, default None
            ``True`` for English and Chinese, ``False`` for English only;
            ``None`` chooses bilingual exactly when a CJK font is installed,
            or always while the book is built (:data:`REQUIRE_CJK_ENV` set):
            the book's figures are bilingual, and a build without a CJK font
            fails (:class:`MissingGlyphError`) instead of quietly dropping
            the Chinese.
        """
        if bilingual is None:
            bilingual = cjk_required() or cjk_font_available()
        return self.label if bilingual else self.label_en

    def plot_kwargs(
        self, *, markers: bool = False, bilingual: bool | None = None
    ) -> dict[str, Any]:
        """Keyword arguments for :meth:`matplotlib.axes.Axes.plot`.

        Parameters
        ----------
        markers : bool, default False
            Include the regime's marker (for few, discrete points).
        bilingual : bool or None, default None
            Passed to :meth:`display_label`.
        """
        kwargs: dict[str, Any] = {
            "color": self.color,
            "linestyle": self.linestyle,
            "label": self.display_label(bilingual),
        }
        if markers:
            kwargs["marker"] = self.marker
        return kwargs


def _regime(regime: str, color: str, linestyle: str, marker: str) -> RegimeStyle:
    english, chinese = REGIME_NAMES[regime]  # the names live in one place
    return RegimeStyle(color, linestyle, marker, english[:1].upper() + english[1:], chinese)


#: Fixed appearance of the four R&D regimes (keys are the API names); the
#: labels are :data:`clustercode.regimes.REGIME_NAMES`, capitalised.
REGIME_STYLE: Mapping[str, RegimeStyle] = MappingProxyType(
    {
        COMPETITION: _regime(COMPETITION, PALETTE["blue"], "-", "o"),
        COORDINATION: _regime(COORDINATION, PALETTE["vermillion"], "--", "s"),
        SHARING: _regime(SHARING, PALETTE["bluish_green"], "-.", "^"),
        JOINT_VENTURE: _regime(JOINT_VENTURE, PALETTE["reddish_purple"], ":", "D"),
    }
)


def regime_style(regime: str) -> RegimeStyle:
    """Look up the style of a regime by its API name.

    Raises
    ------
    ValueError
        If ``regime`` is not one of the four API names.
    """
    try:
        return REGIME_STYLE[regime]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown regime {regime!r}; expected one of {', '.join(REGIME_STYLE)}"
        ) from None
