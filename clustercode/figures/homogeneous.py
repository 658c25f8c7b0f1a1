"""Interactive figures of the symmetric model (Chapter 1 and Chapter 4, Part 1).

With :data:`~clustercode.calibrations.BOOK_MARKET` every slider position is valid:
the largest ``min_gamma`` over all regimes, spillovers and cluster sizes is
``2a/(Ab) = 3.33``, below the ``gamma`` sliders' minimum of 4.
"""

from __future__ import annotations

import numpy as np

from ..plotting import best_regimes, figure_legend, plot_regime_map, plot_regimes
from ..symmetric import compare_regimes
from ..widgets import InteractiveFigure, Slider, interactive_figure
from ._common import BOOK_MARKET

__all__ = [
    "intro_rd_vs_spillover",
    "regime_comparison",
    "regime_comparison_payoffs",
    "cluster_size",
    "cluster_size_payoffs",
    "regime_map",
    "draw_rd_vs_spillover",
    "draw_regime_panels",
    "draw_regime_maps",
    "INTERACTIVE_FIGURES",
]

_BETA = np.linspace(0.0, 1.0, 101)
_GAMMA = Slider("gamma", 4.0, 40.0, 10.0, step=0.5, label=r"R&D cost $\gamma$")


def _mark_half(ax) -> None:
    ax.axvline(0.5, color="0.6", linewidth=0.8, linestyle=":")


def draw_rd_vs_spillover(ax, gamma, n):
    """Draw R&D per firm against the spillover, competition vs coordination, on ``ax``."""
    eq = compare_regimes(BOOK_MARKET, n, _BETA, gamma, regimes=("competition", "coordination"))
    plot_regimes(ax, _BETA, eq, "rd", xlabel="spillover β 溢出率")
    _mark_half(ax)


def intro_rd_vs_spillover() -> InteractiveFigure:
    """R&D per firm under competition and coordination as the spillover varies (Chapter 1)."""
    return interactive_figure(
        draw_rd_vs_spillover,
        [_GAMMA, Slider("n", 2, 10, 2, integer=True, label="firms $n$")],
        figsize=(6.5, 3.6),
        title="R&D per firm: competition vs coordination",
        in_place=True,  # text is most of a redraw; the views mostly hold still
        alt="Line chart of R&D per firm against the spillover rate beta from 0 to 1 for R&D "
            "competition and R&D coordination; the lines cross at beta = 1/2.",
    )


#: What each outcome is called in a figure's alt text.
_ALT_NAMES = {
    "rd": "R&D per firm", "output": "output per firm", "profit": "profit per firm",
    "welfare": "welfare", "total_rd": "total R&D", "consumer_surplus": "consumer surplus",
    "total_output": "total output", "price": "price", "unit_cost": "unit cost",
}


def _check_fields(fields) -> tuple[str, ...]:
    fields = tuple(fields)
    unknown = [f for f in fields if f not in _ALT_NAMES]
    if not 1 <= len(fields) <= 2 or unknown:
        raise ValueError(
            f"fields must be one or two of {sorted(_ALT_NAMES)}, got {fields!r}"
        )
    return fields


def draw_regime_panels(axes, x, equilibria, fields, *, xlabel, mark_half=False):
    """One panel per outcome in ``fields``, one line per regime against ``x``, one legend below."""
    axes = np.atleast_1d(axes)
    for ax, field in zip(axes, fields):
        plot_regimes(ax, x, equilibria, field, xlabel=xlabel, legend=False)
        if mark_half:
            _mark_half(ax)
    figure_legend(axes[0], ncol=2)


def _regime_panels(x, solve, fields, sliders, *, xlabel, title, alt_x, mark_half=False):
    """An interactive :func:`draw_regime_panels` of the equilibria ``solve(**values)``."""

    def draw(axes, **values):
        draw_regime_panels(axes, x, solve(**values), fields, xlabel=xlabel, mark_half=mark_half)

    names = " and ".join(_ALT_NAMES[f] for f in fields)
    return interactive_figure(
        draw, sliders, nrows=1, ncols=len(fields),
        figsize=(4.0 * len(fields) + 0.5, 4.1), sharex=True,
        title=title, in_place=True,
        alt=f"{'Two panels' if len(fields) == 2 else 'A panel'} against {alt_x}: {names} under "
            "R&D competition, R&D coordination, technology sharing and a research joint venture.",
    )


def regime_comparison(fields=("rd", "output")) -> InteractiveFigure:
    """The four regimes against the spillover, one panel per outcome in ``fields`` (Chapter 4).

    Parameters
    ----------
    fields : one or two outcome names, default ("rd", "output")
        Fields of :class:`~clustercode.symmetric.SymmetricEquilibrium`; the
        chapter shows ``("rd", "output")`` and ``("profit", "welfare")``. Two
        panels per figure keep a slider's redraw well under 100 ms.
    """
    fields = _check_fields(fields)
    return _regime_panels(
        _BETA, lambda gamma, n: compare_regimes(BOOK_MARKET, n, _BETA, gamma), fields,
        [_GAMMA, Slider("n", 2, 20, 2, integer=True, label="firms $n$")],
        xlabel=r"spillover $\beta$", title="Four R&D regimes", alt_x="the spillover beta",
        mark_half=True,
    )


def regime_comparison_payoffs() -> InteractiveFigure:
    """:func:`regime_comparison` for profit per firm and welfare."""
    return regime_comparison(("profit", "welfare"))


_NS = np.arange(1, 31)


def cluster_size(fields=("rd", "total_rd")) -> InteractiveFigure:
    """Outcomes of the four regimes as the number of firms grows from 1 to 30 (Chapter 4).

    Parameters
    ----------
    fields : one or two outcome names, default ("rd", "total_rd")
        The chapter shows ``("rd", "total_rd")`` and ``("profit", "welfare")``.
    """
    fields = _check_fields(fields)
    return _regime_panels(
        _NS, lambda beta, gamma: compare_regimes(BOOK_MARKET, _NS, beta, gamma), fields,
        [Slider("beta", 0.0, 1.0, 0.3, step=0.01, label=r"spillover $\beta$"), _GAMMA],
        xlabel="number of firms $n$", title="Cluster size",
        alt_x="the number of firms from 1 to 30",
    )


def cluster_size_payoffs() -> InteractiveFigure:
    """:func:`cluster_size` for profit per firm and welfare."""
    return cluster_size(("profit", "welfare"))


_MAP_BETA = np.linspace(0.0, 1.0, 121)
_MAP_GAMMA = np.linspace(0.5, 40.0, 100)
_MAP_REGIMES = ("competition", "coordination", "sharing")


def draw_regime_maps(axes, n):
    """Two maps over (beta, gamma): the regime with the highest welfare, and with the highest profit."""
    best = best_regimes(BOOK_MARKET, n, *np.meshgrid(_MAP_BETA, _MAP_GAMMA), ("welfare", "profit"),
                        _MAP_REGIMES)  # the regimes solved once for both maps
    plot_regime_map(axes[0], BOOK_MARKET, n, _MAP_BETA, _MAP_GAMMA, "welfare", _MAP_REGIMES,
                    best=best["welfare"])
    axes[0].set_title("highest welfare")
    plot_regime_map(axes[1], BOOK_MARKET, n, _MAP_BETA, _MAP_GAMMA, "profit", _MAP_REGIMES,
                    legend=False, best=best["profit"])
    axes[1].set_title("highest profit")


def regime_map() -> InteractiveFigure:
    """Which regime maximises welfare, and which firms prefer, without a joint venture (Chapter 4)."""
    return interactive_figure(
        draw_regime_maps,
        [Slider("n", 2, 20, 2, integer=True, label="firms $n$")],
        nrows=1, ncols=2, figsize=(9.0, 3.8), sharey=True,
        title="Regime maps when a joint venture is not available",
        in_place=True,  # fixed axes: only the images and the legend change
        alt="Two maps over spillover beta and R&D cost gamma coloured by the regime, among "
            "competition, coordination and sharing, with the highest welfare and the highest profit.",
    )


#: Every interactive figure of the book: name -> factory.
INTERACTIVE_FIGURES = {
    "intro_rd_vs_spillover": intro_rd_vs_spillover,
    "regime_comparison": regime_comparison,
    "regime_comparison_payoffs": regime_comparison_payoffs,
    "cluster_size": cluster_size,
    "cluster_size_payoffs": cluster_size_payoffs,
    "regime_map": regime_map,
}

