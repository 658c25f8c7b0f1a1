"""Interactive figures of the symmetric model (Chapter 1 and Chapter 4, Part 1).

With :data:`~clustercode.figures.BOOK_MARKET` every slider position is valid:
the largest ``min_gamma`` over all regimes, spillovers and cluster sizes is
``2a/(Ab) = 3.33``, below the ``gamma`` sliders' minimum of 4.
"""

from __future__ import annotations

import numpy as np

from ..plotting import plot_regime_map, plot_regimes
from ..symmetric import compare_regimes
from ..widgets import InteractiveFigure, Slider, interactive_figure
from ._common import BOOK_MARKET

__all__ = [
    "intro_rd_vs_spillover",
    "regime_comparison",
    "cluster_size",
    "regime_map",
    "INTERACTIVE_FIGURES",
]

_BETA = np.linspace(0.0, 1.0, 101)
_GAMMA = Slider("gamma", 4.0, 40.0, 10.0, step=0.5, label=r"R&D cost $\gamma$")


def _mark_half(ax) -> None:
    ax.axvline(0.5, color="0.6", linewidth=0.8, linestyle=":")


def intro_rd_vs_spillover() -> InteractiveFigure:
    """R&D per firm under competition and coordination as the spillover varies (Chapter 1)."""

    def draw(ax, gamma, n):
        eq = compare_regimes(BOOK_MARKET, n, _BETA, gamma, regimes=("competition", "coordination"))
        plot_regimes(ax, _BETA, eq, "rd", xlabel="spillover β 溢出率")
        _mark_half(ax)

    return interactive_figure(
        draw,
        [_GAMMA, Slider("n", 2, 10, 2, integer=True, label="firms $n$")],
        figsize=(6.5, 3.6),
        title="R&D per firm: competition vs coordination",
        alt="Line chart of R&D per firm against the spillover rate beta from 0 to 1 for R&D "
            "competition and R&D coordination; the lines cross at beta = 1/2.",
    )


def regime_comparison() -> InteractiveFigure:
    """The four regimes against the spillover: R&D, output, profit, welfare (Chapter 4)."""
    fields = ("rd", "output", "profit", "welfare")

    def draw(axes, gamma, n):
        eq = compare_regimes(BOOK_MARKET, n, _BETA, gamma)
        for i, (ax, field) in enumerate(zip(axes.flat, fields)):
            plot_regimes(ax, _BETA, eq, field, xlabel=r"spillover $\beta$", legend=(i == 0))
            _mark_half(ax)

    return interactive_figure(
        draw,
        [_GAMMA, Slider("n", 2, 20, 2, integer=True, label="firms $n$")],
        nrows=2, ncols=2, figsize=(8.0, 6.0), sharex=True,
        title="Four R&D regimes",
        alt="Four panels against the spillover beta: R&D per firm, output per firm, profit per "
            "firm and welfare under competition, coordination, sharing and a joint venture.",
    )


def cluster_size() -> InteractiveFigure:
    """Per-firm and cluster outcomes as the number of firms grows (Chapter 4)."""
    ns = np.arange(1, 31)
    fields = ("rd", "total_rd", "profit", "welfare")

    def draw(axes, beta, gamma):
        eq = compare_regimes(BOOK_MARKET, ns, beta, gamma)
        for i, (ax, field) in enumerate(zip(axes.flat, fields)):
            plot_regimes(ax, ns, eq, field, xlabel="number of firms $n$", legend=(i == 0))

    return interactive_figure(
        draw,
        [Slider("beta", 0.0, 1.0, 0.3, step=0.01, label=r"spillover $\beta$"), _GAMMA],
        nrows=2, ncols=2, figsize=(8.0, 6.0), sharex=True,
        title="Cluster size",
        alt="Four panels against the number of firms from 1 to 30: R&D per firm, total R&D, "
            "profit per firm and welfare under the four R&D regimes.",
    )


def regime_map() -> InteractiveFigure:
    """Which regime maximises welfare, and which firms prefer, without a joint venture (Chapter 4)."""
    beta = np.linspace(0.0, 1.0, 121)
    gamma = np.linspace(0.5, 40.0, 100)
    regimes = ("competition", "coordination", "sharing")

    def draw(axes, n):
        plot_regime_map(axes[0], BOOK_MARKET, n, beta, gamma, "welfare", regimes)
        axes[0].set_title("highest welfare")
        plot_regime_map(axes[1], BOOK_MARKET, n, beta, gamma, "profit", regimes, legend=False)
        axes[1].set_title("highest profit")

    return interactive_figure(
        draw,
        [Slider("n", 2, 20, 2, integer=True, label="firms $n$")],
        nrows=1, ncols=2, figsize=(9.0, 3.8), sharey=True,
        title="Regime maps when a joint venture is not available",
        alt="Two maps over spillover beta and R&D cost gamma coloured by the regime, among "
            "competition, coordination and sharing, with the highest welfare and the highest profit.",
    )


#: Every interactive figure of the book: name -> factory.
INTERACTIVE_FIGURES = {
    "intro_rd_vs_spillover": intro_rd_vs_spillover,
    "regime_comparison": regime_comparison,
    "cluster_size": cluster_size,
    "regime_map": regime_map,
}

