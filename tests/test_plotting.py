"""Tests of clustercode.plotting: regime lines and maps, drawn afresh and redrawn in place."""

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


def test_line_draws_once_then_moves():
    ax = axes()
    first = line(ax, "a", [0, 1], [0, 1], color="red")
    second = line(ax, "a", [0, 1], [2, 3], color="blue")
    assert second is first and len(ax.lines) == 1
    assert list(first.get_ydata()) == [2, 3]
    assert first.get_color() == "red"  # style is set when first drawn only
    line(ax, "b", [0, 1], [0, 0])
    assert len(ax.lines) == 2


def test_vline_is_idempotent():
    ax = axes()
    for x in (0.5, 0.25):
        marker = vline(ax, x, gid="m")
    assert len(ax.lines) == 1 and list(marker.get_xdata()) == [0.25, 0.25]


def test_plot_regimes_redraws_in_place_and_rescales():
    ax = axes()
    eq = compare_regimes(MARKET, 2, BETA, 10.0)
    plot_regimes(ax, BETA, eq, "rd", xlabel="beta")
    lines = list(ax.lines)
    assert len(lines) == 4 and ax.get_legend() is not None
    legend = ax.get_legend()
    eq5 = compare_regimes(MARKET, 2, BETA, 5.0)  # cheaper R&D: more of it
    plot_regimes(ax, BETA, eq5, "rd", xlabel="beta")
    assert list(ax.lines) == lines and ax.get_legend() is legend
    top = max(float(np.max(eq5[r].rd)) for r in eq5)
    assert ax.get_ylim()[1] >= top
    np.testing.assert_allclose(lines[0].get_ydata(), eq5["competition"].rd)


def test_rescale_with_a_pinned_bottom_can_still_shrink():
    ax = axes()
    big = line(ax, "a", [0, 1], [0, 10])
    rescale(ax, bottom=0.0)
    assert ax.get_ylim()[0] == 0.0 and ax.get_ylim()[1] >= 10
    big.set_data([0, 1], [0, 1])
    rescale(ax, bottom=0.0)
    assert ax.get_ylim()[0] == 0.0 and ax.get_ylim()[1] < 2


def test_figure_legend_is_added_once_below_the_panels():
    ax0, ax1 = axes(2)
    eq = compare_regimes(MARKET, 2, BETA, 10.0)
    plot_regimes(ax0, BETA, eq, "rd", xlabel="beta", legend=False)
    first = figure_legend(ax0)
    assert figure_legend(ax0) is first
    assert len(ax0.figure.legends) == 1 and len(first.get_texts()) == 4


@pytest.mark.parametrize("even", [True, False])
def test_regime_map_image_and_mesh_agree(even):
    gamma = np.linspace(1.0, 30.0, 15) if even else np.geomspace(1.0, 30.0, 15)
    ax = axes()
    plot_regime_map(ax, MARKET, 3, BETA, gamma, "welfare")
    kind = AxesImage if even else QuadMesh
    (artist,) = [a for a in [*ax.images, *ax.collections] if isinstance(a, kind)]
    expected = best_regime(MARKET, 3, *np.meshgrid(BETA, gamma), "welfare") + 1
    np.testing.assert_array_equal(np.asarray(artist.get_array()).reshape(expected.shape), expected)


def test_regime_map_recolours_in_place():
    ax = axes()
    gamma = np.linspace(0.5, 30.0, 20)
    plot_regime_map(ax, MARKET, 2, BETA, gamma, "profit")
    (image,) = ax.images
    plot_regime_map(ax, MARKET, 12, BETA, gamma, "profit")
    assert list(ax.images) == [image]
    expected = best_regime(MARKET, 12, *np.meshgrid(BETA, gamma), "profit") + 1
    np.testing.assert_array_equal(image.get_array(), expected)


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
