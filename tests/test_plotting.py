"""Tests of clustercode.plotting: regime lines and maps drawn with plain matplotlib, and the deprecated in-place helpers."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from clustercode import Market, compare_regimes
from clustercode.plotting import (
    best_regime,
    best_regimes,
    figure_legend,
    line,
    plot_regime_map,
    plot_regimes,
    regime_table,
    rescale,
    vline,
)

MARKET = Market(a=100.0, b=1.0, A=60.0)
BETA = np.linspace(0.0, 1.0, 21)


def axes(n=1):
    fig = Figure()
    return fig.subplots(1, n)


def deprecated():
    return pytest.warns(DeprecationWarning, match="deprecated")


def test_line_draws_once_then_moves_and_is_deprecated():
    ax = axes()
    with deprecated():
        first = line(ax, "a", [0, 1], [0, 1], color="red")
    with deprecated():
        second = line(ax, "a", [0, 1], [2, 3], color="blue")
    assert second is first and len(ax.lines) == 1
    assert list(first.get_ydata()) == [2, 3]
    assert first.get_color() == "red"  # style is set when first drawn only
    with deprecated():
        line(ax, "b", [0, 1], [0, 0])
    assert len(ax.lines) == 2


def test_vline_is_a_styled_axvline():
    ax = axes()
    marker = vline(ax, 0.25)
    assert list(ax.lines) == [marker] and list(marker.get_xdata()) == [0.25, 0.25]
    assert marker.get_linestyle() == ":" and marker.get_gid() is None


def test_plot_regimes_draws_one_line_per_regime():
    ax = axes()
    eq = compare_regimes(MARKET, 2, BETA, 10.0)
    plot_regimes(ax, BETA, eq, "rd", xlabel="beta")
    assert len(ax.lines) == 4 and ax.get_legend() is not None
    for ln, regime in zip(ax.lines, eq):
        np.testing.assert_allclose(ln.get_ydata(), eq[regime].rd)
    top = max(float(np.max(eq[r].rd)) for r in eq)
    assert ax.get_ylim()[1] >= top
    assert ax.get_xlabel() == "beta" and "R&D" in ax.get_ylabel()


def test_rescale_with_a_pinned_bottom_can_still_shrink():
    ax = axes()
    (big,) = ax.plot([0, 1], [0, 10])
    with deprecated():
        rescale(ax, bottom=0.0)
    assert ax.get_ylim()[0] == 0.0 and ax.get_ylim()[1] >= 10
    big.set_data([0, 1], [0, 1])
    with deprecated():
        rescale(ax, bottom=0.0)
    assert ax.get_ylim()[0] == 0.0 and ax.get_ylim()[1] < 2


def test_figure_legend_goes_below_the_panels():
    ax0, ax1 = axes(2)
    eq = compare_regimes(MARKET, 2, BETA, 10.0)
    plot_regimes(ax0, BETA, eq, "rd", xlabel="beta", legend=False)
    legend = figure_legend(ax0)
    assert list(ax0.figure.legends) == [legend] and len(legend.get_texts()) == 4
    assert ax0.get_legend() is None


@pytest.mark.parametrize("even", [True, False])
def test_regime_map_image_and_mesh_agree(even):
    gamma = np.linspace(1.0, 30.0, 15) if even else np.geomspace(1.0, 30.0, 15)
    ax = axes()
    plot_regime_map(ax, MARKET, 3, BETA, gamma, "welfare")
    kind = AxesImage if even else QuadMesh
    (artist,) = [a for a in [*ax.images, *ax.collections] if isinstance(a, kind)]
    expected = best_regime(MARKET, 3, *np.meshgrid(BETA, gamma), "welfare") + 1
    np.testing.assert_array_equal(np.asarray(artist.get_array()).reshape(expected.shape), expected)


def test_regime_map_uses_precomputed_indices_and_lists_the_regimes_shown():
    ax = axes()
    gamma = np.linspace(0.5, 30.0, 20)
    best = best_regime(MARKET, 12, *np.meshgrid(BETA, gamma), "profit")
    plot_regime_map(ax, MARKET, 12, BETA, gamma, "profit", best=best)
    (image,) = ax.images
    np.testing.assert_array_equal(image.get_array(), best + 1)
    shown = len(set(np.unique(best).tolist()) - {-1}) + bool(np.any(best == -1))
    assert len(ax.get_legend().get_texts()) == shown


def test_best_regimes_match_one_field_at_a_time():
    B, G = np.meshgrid(BETA, np.linspace(0.5, 30.0, 12))
    three = ("competition", "coordination", "sharing")  # the chapter's map: no joint venture
    both = best_regimes(MARKET, 3, B, G, ("welfare", "profit"), three)
    for field in ("welfare", "profit"):
        np.testing.assert_array_equal(both[field], best_regime(MARKET, 3, B, G, field, three))
    assert not np.array_equal(both["welfare"], both["profit"])  # the maps differ (Chapter 4)


def test_best_regime_marks_undefined_points():
    gamma = np.array([0.01, 50.0])
    best = best_regime(MARKET, 2, np.array([0.3, 0.3]), gamma)
    assert best[0] == -1 and best[1] >= 0


def test_regime_table_lists_every_regime():
    eq = compare_regimes(MARKET, 2, 0.3, 10.0)
    table = regime_table(eq, ["rd", "welfare"])
    assert len(table.splitlines()) == 2 + 4
    assert f"{float(eq['joint_venture'].welfare):18.4f}" in table


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_rescale_is_sticky_while_the_data_fill_the_view():
    ax = axes()
    ln = line(ax, "a", [0, 1], [0, 10])
    rescale(ax)
    view = ax.get_ylim()
    ln.set_data([0, 1], [0, 9])  # still inside, still most of the view: keep it
    rescale(ax)
    assert ax.get_ylim() == view
    ln.set_data([0, 1], [0, 12])  # leaves the view: rescale
    rescale(ax)
    assert ax.get_ylim()[1] >= 12
    ln.set_data([0, 1], [0, 3])  # fills a quarter of it: shrink
    rescale(ax)
    assert ax.get_ylim()[1] < 4
    ln.set_data([0, 1], [0, 2.5])
    rescale(ax, sticky=False)  # not sticky: always fit
    assert ax.get_ylim()[1] < 2.8
