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

Examples
--------
>>> from clustercode.style import use_book_style, REGIME_STYLE
>>> use_book_style()
>>> REGIME_STYLE["competition"].color
'#0072B2'
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib import font_manager

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


def cjk_font() -> str | None:
    """Return the name of the CJK font family used for fallback, if any.

    Returns
    -------
    str or None
        The first family of :data:`CJK_FONT_CANDIDATES` known to matplotlib's
        font manager, or ``None`` when none is installed.
    """
    installed = _installed_families()
    for family in CJK_FONT_CANDIDATES:
        if family in installed:
            return family
    return None


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


def _figure_png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


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
            ``None`` chooses bilingual exactly when a CJK font is installed.
        """
        if bilingual is None:
            bilingual = cjk_font_available()
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
