"""Tests of clustercode.style: palette, regime styles, rcParams, CJK fallback."""

from __future__ import annotations

import logging
import warnings

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import is_color_like, to_hex
from matplotlib.figure import Figure

from clustercode import style
from clustercode.style import (
    CJK_FONT_CANDIDATES,
    CYCLE,
    PALETTE,
    REGIME_STYLE,
    book_rcparams,
    cjk_font,
    cjk_font_available,
    regime_style,
    use_book_style,
)

API_REGIMES = ("competition", "coordination", "sharing", "joint_venture")


@pytest.fixture(autouse=True)
def _restore_rcparams():
    """Every test leaves matplotlib's global state as it found it."""
    with mpl.rc_context():
        yield


def _render(fig: Figure) -> None:
    FigureCanvasAgg(fig).draw()


# -- palette -----------------------------------------------------------------


def test_palette_is_okabe_ito_and_distinct():
    assert len(PALETTE) >= 4
    assert all(is_color_like(c) for c in PALETTE.values())
    hexes = [to_hex(c) for c in PALETTE.values()]
    assert len(set(hexes)) == len(hexes)
    # Spot-check two Okabe-Ito values so a different palette fails.
    assert to_hex(PALETTE["blue"]) == "#0072b2"
    assert to_hex(PALETTE["vermillion"]) == "#d55e00"


def test_cycle_uses_palette_colours_once_and_puts_yellow_last():
    assert sorted(CYCLE) == sorted(PALETTE.values())
    assert CYCLE[-1] == PALETTE["yellow"]
    assert CYCLE[0] == PALETTE["blue"]


def test_palette_is_read_only():
    with pytest.raises(TypeError):
        PALETTE["blue"] = "#000000"  # type: ignore[index]
    with pytest.raises(TypeError):
        REGIME_STYLE["competition"] = REGIME_STYLE["sharing"]  # type: ignore[index]


# -- regime styles -----------------------------------------------------------


def test_regime_style_covers_exactly_the_four_api_names():
    assert tuple(REGIME_STYLE) == API_REGIMES


def test_regime_style_keys_match_package_regimes():
    import clustercode

    assert set(clustercode.REGIMES) == set(REGIME_STYLE)


@pytest.mark.parametrize("attribute", ["color", "linestyle", "marker", "label_en", "label_zh"])
def test_regime_styles_are_pairwise_distinct(attribute):
    values = [getattr(s, attribute) for s in REGIME_STYLE.values()]
    assert len(set(values)) == len(values), f"two regimes share a {attribute}"


def test_regime_colours_come_from_the_palette():
    assert {s.color for s in REGIME_STYLE.values()} <= set(PALETTE.values())


def test_regime_chinese_names():
    assert {k: s.label_zh for k, s in REGIME_STYLE.items()} == {
        "competition": "研发竞争",
        "coordination": "研发协调",
        "sharing": "技术共享",
        "joint_venture": "研发联合体",
    }


def test_regime_labels_are_the_regime_names():
    from clustercode import REGIME_NAMES

    for regime, (english, chinese) in REGIME_NAMES.items():
        s = REGIME_STYLE[regime]
        assert s.label_en.lower() == english.lower() and s.label_zh == chinese
        assert s.label_en[0].isupper()


def test_bilingual_and_english_labels():
    s = REGIME_STYLE["coordination"]
    assert s.label == "R&D coordination 研发协调"
    assert s.display_label(bilingual=False) == "R&D coordination"
    assert s.display_label(bilingual=True) == s.label
    assert s.display_label() == (s.label if cjk_font_available() else s.label_en)


def test_plot_kwargs_drive_a_line():
    fig = Figure()
    ax = fig.subplots()
    (line,) = ax.plot([0, 1], [0, 1], **REGIME_STYLE["sharing"].plot_kwargs(markers=True, bilingual=False))
    assert to_hex(line.get_color()) == to_hex(PALETTE["bluish_green"])
    assert line.get_linestyle() == "-."
    assert line.get_marker() == "^"
    assert line.get_label() == "Technology sharing"
    assert "marker" not in REGIME_STYLE["sharing"].plot_kwargs()


def test_regime_style_lookup_rejects_unknown_names():
    assert regime_style("joint_venture") is REGIME_STYLE["joint_venture"]
    with pytest.raises(ValueError, match="unknown regime 'cartel'.*competition"):
        regime_style("cartel")


# -- rcParams ----------------------------------------------------------------


def test_use_book_style_sets_the_documented_params():
    mpl.rcdefaults()
    use_book_style()
    rc = mpl.rcParams
    assert rc["axes.spines.top"] is False and rc["axes.spines.right"] is False
    assert rc["axes.grid"] is True
    assert rc["savefig.bbox"] == "tight"
    assert rc["pdf.fonttype"] == 42
    assert 90 <= rc["figure.dpi"] <= 150
    assert rc["font.size"] >= 10
    assert [to_hex(c) for c in rc["axes.prop_cycle"].by_key()["color"]] == [to_hex(c) for c in CYCLE]
    assert rc["font.family"][0] == style.LATIN_FONT


def test_use_book_style_is_idempotent():
    mpl.rcdefaults()
    use_book_style()
    first = dict(mpl.rcParams)
    use_book_style()
    assert dict(mpl.rcParams) == first
    # ...and it did change something, so the comparison is not vacuous.
    assert first["axes.spines.top"] != mpl.rcParamsDefault["axes.spines.top"]


def test_cjk_font_detection_matches_font_manager():
    installed = {f.name for f in mpl.font_manager.fontManager.ttflist}
    expected = next((f for f in CJK_FONT_CANDIDATES if f in installed), None)
    assert cjk_font() == expected
    assert cjk_font_available() is (expected is not None)
    assert (expected in book_rcparams()["font.family"]) if expected else True


def test_without_cjk_font_no_cjk_family_and_no_findfont_warnings(monkeypatch, caplog):
    # Simulate a machine without any CJK font (outside a book build).
    monkeypatch.setattr(style, "_installed_families", lambda: {"DejaVu Sans"})
    monkeypatch.delenv(style.REQUIRE_CJK_ENV, raising=False)
    assert cjk_font() is None and not cjk_font_available()
    assert book_rcparams()["font.family"] == [style.LATIN_FONT]
    use_book_style()
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [1, 0], label=REGIME_STYLE["competition"].display_label())
    ax.set_title("R&D per firm")
    ax.legend()
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _render(fig)
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert not [w for w in caught if "font" in str(w.message).lower()]
    # The automatic label stays English when no CJK font can draw Chinese.
    assert ax.get_legend().get_texts()[0].get_text() == "R&D competition"


def _glyph_warnings(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _render(fig)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def _chinese_figure() -> Figure:
    fig = Figure()
    ax = fig.subplots()
    for name, s in REGIME_STYLE.items():
        ax.plot([0, 1], [0, len(name)], **s.plot_kwargs(bilingual=True))
    ax.set_title("技术外部性与产业集群 (technology externality)")
    ax.set_xlabel("溢出率 spillover")
    ax.legend()
    return fig


def _require_cjk_font() -> None:
    """The book needs a CJK font: without one these tests fail (never skip), with the fix."""
    assert cjk_font_available(), (
        f"no CJK font ({', '.join(CJK_FONT_CANDIDATES[:2])}, ...) is installed: "
        "run `make test` (it installs the system packages first) or, as root, "
        "`bash scripts/install-system-deps.sh book`")


def test_chinese_labels_render_without_missing_glyphs():
    _require_cjk_font()
    use_book_style()
    assert _glyph_warnings(_chinese_figure()) == []


def test_missing_glyph_check_detects_a_latin_only_font():
    # The same figure with DejaVu Sans alone does warn: the check above can fail.
    _require_cjk_font()
    use_book_style()
    mpl.rcParams["font.family"] = [style.LATIN_FONT]
    assert _glyph_warnings(_chinese_figure())


def test_book_style_lets_ipython_show_a_bare_figure():
    """Static figures return a plain Figure (no pyplot); in a kernel it must display as PNG."""
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure

    shell = InteractiveShell.instance()
    try:
        fig = Figure()
        fig.subplots().plot([0, 1], [0, 1])
        use_book_style()
        data, _ = shell.display_formatter.format(fig)
        assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        InteractiveShell.clear_instance()


# -- a stale font cache never hides an installed CJK font ---------------------


def test_stale_font_cache_is_refreshed(tmp_path):
    """A fresh machine: matplotlib cached its font list before the CJK fonts were
    installed. The book's style still finds them and rewrites the cache."""
    import json
    import os
    import subprocess
    import sys

    _require_cjk_font()
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path))
    stale = subprocess.run([sys.executable, "-c", """
import matplotlib as mpl
from pathlib import Path
from matplotlib import font_manager as fm
m = fm.fontManager
m.ttflist = [f for f in m.ttflist if 'CJK' not in f.name]
fm.json_dump(m, Path(mpl.get_cachedir(), f"fontlist-v{fm.FontManager.__version__}.json"))
"""], env=env, capture_output=True, text=True, timeout=300)
    assert stale.returncode == 0, stale.stderr
    cache = next(tmp_path.glob("fontlist-v*.json"))
    assert "CJK" not in cache.read_text(), "the simulated stale cache still lists a CJK font"
    fresh = subprocess.run([sys.executable, "-c", """
from matplotlib import font_manager as fm
before = any('CJK' in f.name for f in fm.fontManager.ttflist)
from clustercode.style import cjk_font
print(before, cjk_font())
"""], env=env, capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout.split(None, 1) == ["False", cjk_font() + "\n"], fresh.stdout
    assert "CJK" in cache.read_text(), "the refreshed font list was not written back"
    names = {f["name"] for f in json.loads(cache.read_text())["ttflist"]}
    assert cjk_font() in names


def test_refresh_adds_nothing_when_the_list_is_current(monkeypatch):
    monkeypatch.setattr(style, "_FONT_LIST_REFRESHED", False)
    before = len(mpl.font_manager.fontManager.ttflist)
    assert style._refresh_font_list() == 0
    assert len(mpl.font_manager.fontManager.ttflist) == before
    assert style._refresh_font_list() == 0  # once per process


# -- the fonts of a drawn figure: checked and recorded -------------------------


def _png_text(png: bytes) -> dict:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png)).text


def test_figure_png_records_the_fonts_that_draw_chinese():
    import json

    _require_cjk_font()
    use_book_style()
    png = style.figure_png(_chinese_figure())
    record = json.loads(_png_text(png)[style.FONTS_PNG_KEY])
    assert record["missing"] == ""
    cjk_fonts = {name: e for name, e in record["fonts"].items() if e["cjk"]}
    assert cjk_fonts and all(e["family"] == cjk_font() for e in cjk_fonts.values())
    # every Chinese character of the figure: title 10, xlabel 3, four labels 4+4+4+5
    assert record["cjk"] == 10 + 3 + 17
    assert record["fonts"]["DejaVuSans.ttf"]["cjk"] == 0
    assert "/" not in "".join(record["fonts"]), "font file names only, no paths"


def test_chinese_without_a_cjk_font_is_an_error_not_tofu():
    use_book_style()
    mpl.rcParams["font.family"] = [style.LATIN_FONT]
    with pytest.raises(style.MissingGlyphError, match="技术外部性.*fonts-noto-cjk"):
        style.figure_png(_chinese_figure())


def test_chinese_in_mathtext_is_an_error():
    use_book_style()
    fig = Figure()
    fig.subplots().set_xlabel(r"溢出率 $\beta$")
    with pytest.raises(style.MissingGlyphError, match="溢出率"):
        style.figure_png(fig)


def test_latin_figure_records_dejavu_only():
    import json

    use_book_style()
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], label="R&D per firm")
    ax.set_xlabel(r"spillover $\beta$")
    ax.legend()
    record = json.loads(_png_text(style.figure_png(fig))[style.FONTS_PNG_KEY])
    assert record["cjk"] == 0 and record["missing"] == ""
    assert set(record["fonts"]) == {"DejaVuSans.ttf"}


def test_stamp_png_rejects_other_bytes():
    fig = Figure()
    FigureCanvasAgg(fig).draw()
    with pytest.raises(ValueError, match="PNG"):
        style.stamp_png(fig, b"GIF89a")


def test_interactive_figure_static_image_is_stamped():
    import json

    from clustercode.widgets import Slider, interactive_figure

    _require_cjk_font()

    def draw(ax, beta):
        ax.plot([0, 1], [0, beta], label=REGIME_STYLE["sharing"].display_label(True))
        ax.set_title("技术共享")
        ax.legend()

    fig = interactive_figure(draw, [Slider("beta", 0.0, 1.0, 0.5)], alt="a line")
    record = json.loads(_png_text(fig.static_png())[style.FONTS_PNG_KEY])
    assert record["missing"] == "" and record["cjk"] >= 8


def test_book_build_never_drops_the_chinese(monkeypatch):
    """While the book is built (CLUSTERCODE_REQUIRE_CJK=1), labels stay bilingual
    without a CJK font, and drawing them is an error with the fix."""
    monkeypatch.setattr(style, "_installed_families", lambda: {"DejaVu Sans"})
    monkeypatch.setattr(style, "_FONT_LIST_REFRESHED", True)
    s = REGIME_STYLE["competition"]
    monkeypatch.delenv(style.REQUIRE_CJK_ENV, raising=False)
    assert not style.cjk_required() and s.display_label() == s.label_en
    monkeypatch.setenv(style.REQUIRE_CJK_ENV, "1")
    assert style.cjk_required() and s.display_label() == s.label
    use_book_style()
    fig = Figure()
    fig.subplots().plot([0, 1], [0, 1], **s.plot_kwargs())
    fig.axes[0].legend()
    with pytest.raises(style.MissingGlyphError, match="研发竞争.*CJK font found: none.*fonts-noto-cjk"):
        style.figure_png(fig)


def test_regime_styles_follow_the_one_vocabulary():
    from clustercode.regimes import REGIMES

    assert tuple(style.REGIME_STYLE) == REGIMES
