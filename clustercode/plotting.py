"""Figures of the symmetric model, drawn onto matplotlib axes.

Each function draws one kind of figure onto axes it is given, so the same
drawing serves a static figure, a small-multiple grid and an interactive
figure (:mod:`clustercode.figures`). The economics comes from
:mod:`clustercode.symmetric`; the look from :mod:`clustercode.style`.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from matplotlib.figure import Figure

from .market import Market
from .style import REGIME_STYLE, use_book_style
from .symmetric import REGIMES, SymmetricEquilibrium, compare_regimes, min_gamma

__all__ = [
    "FIELD_LABELS",
    "regime_label",
    "plot_regimes",
    "best_regime",
    "plot_regime_map",
    "regime_small_multiples",
    "regime_table",
]

#: Axis labels of the outcomes of :class:`~clustercode.symmetric.SymmetricEquilibrium`.
FIELD_LABELS: Mapping[str, str] = {
    "rd": "R&D per firm $x$",
    "effective_rd": "cost reduction per firm",
    "total_rd": "total R&D $nx$",
    "unit_cost": "unit cost $c$",
    "output": "output per firm $q$",
    "total_output": "total output $Q$",
    "price": "price $P$",
    "profit": r"profit per firm $\pi$",
    "total_profit": "profit of the cluster",
    "consumer_surplus": "consumer surplus",
    "welfare": "welfare $W$",
}


def regime_label(regime: str, chinese: bool = True) -> str:
    """The regime's name for legends, with its Chinese name when ``chinese`` and a CJK font is installed."""
    return REGIME_STYLE[regime].display_label(None if chinese else False)


def plot_regimes(
    ax,
    x: np.ndarray,
    equilibria: Mapping[str, SymmetricEquilibrium],
    field: str,
    *,
    xlabel: str,
    legend: bool = True,
    chinese: bool = True,
    markevery: int | None = None,
):
    """One line per regime: ``field`` of each equilibrium against ``x``.

    ``equilibria`` maps regime names to equilibria solved over the array
    ``x`` (e.g. :func:`~clustercode.symmetric.compare_regimes` over a grid of
    spillovers or cluster sizes).
    """
    for regime, eq in equilibria.items():
        st = REGIME_STYLE[regime]
        ax.plot(
            x, np.broadcast_to(getattr(eq, field), np.shape(x)),
            color=st.color, linestyle=st.linestyle, marker=st.marker,
            markevery=markevery or max(1, len(x) // 8), markersize=4,
            label=regime_label(regime, chinese),
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(FIELD_LABELS.get(field, field))
    if legend:
        ax.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none")
    return ax


def best_regime(
    market: Market,
    n: int,
    beta: np.ndarray,
    gamma: np.ndarray,
    field: str = "welfare",
    regimes: Iterable[str] = REGIMES,
) -> np.ndarray:
    """Index (into ``regimes``) of the regime with the largest ``field`` at each point.

    Points where some regime is not defined (``gamma`` at or below its
    :func:`~clustercode.symmetric.min_gamma`) are marked ``-1``. Ties within a
    relative 1e-12 go to the regime listed first.
    """
    regimes = tuple(regimes)
    beta, gamma = np.broadcast_arrays(np.asarray(beta, float), np.asarray(gamma, float))
    floor = np.max([np.broadcast_to(min_gamma(market, n, beta, r), beta.shape) for r in regimes], axis=0)
    valid = gamma > floor * (1 + 1e-9)
    safe_gamma = np.where(valid, gamma, floor * 2 + 1.0)
    eq = compare_regimes(market, n, beta, safe_gamma, regimes=regimes)
    values = np.stack([np.broadcast_to(getattr(eq[r], field), beta.shape) for r in regimes])
    top = values.max(axis=0)
    # first regime within tolerance of the best
    best = np.argmax(values >= top - 1e-12 * np.abs(top), axis=0)
    return np.where(valid, best, -1)


def plot_regime_map(ax, market: Market, n: int, beta: np.ndarray, gamma: np.ndarray,
                    field: str = "welfare", regimes: Iterable[str] = REGIMES, legend: bool = True):
    """Colour each (beta, gamma) point by the regime that maximises ``field``."""
    regimes = tuple(regimes)
    B, G = np.meshgrid(beta, gamma)
    best = best_regime(market, n, B, G, field, regimes)
    colours = ["#d9d9d9"] + [REGIME_STYLE[r].color for r in regimes]
    ax.pcolormesh(B, G, best + 1, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(regimes) + 0.5,
                  shading="nearest", rasterized=True)
    ax.set_xlabel(r"spillover $\beta$")
    ax.set_ylabel(r"R&D cost $\gamma$")
    if legend:
        present = sorted(set(np.unique(best)) - {-1})
        handles = [Patch(color=REGIME_STYLE[regimes[i]].color, label=regime_label(regimes[i])) for i in present]
        if np.any(best == -1):
            handles.append(Patch(color="#d9d9d9", label="not defined (γ too small)"))
        ax.legend(handles=handles, loc="upper left", fontsize="small", frameon=True, framealpha=0.9, edgecolor="0.7")
    return ax


def regime_small_multiples(
    market: Market,
    field: str,
    ns: Iterable[int],
    gammas: Iterable[float],
    *,
    beta: np.ndarray | None = None,
    regimes: Iterable[str] = REGIMES,
    panel_size: tuple[float, float] = (2.6, 2.1),
) -> Figure:
    """A static grid: ``field`` against the spillover, one panel per (n, gamma).

    Rows are cluster sizes ``ns``, columns R&D cost parameters ``gammas``; the
    y axis is shared along each row so panels compare at a glance.
    """
    use_book_style()
    ns, gammas = list(ns), list(gammas)
    beta = np.linspace(0.0, 1.0, 101) if beta is None else np.asarray(beta, float)
    fig = Figure(figsize=(panel_size[0] * len(gammas), panel_size[1] * len(ns)), layout="constrained")
    axes = fig.subplots(len(ns), len(gammas), sharex=True, sharey="row", squeeze=False)
    for i, n in enumerate(ns):
        for j, gamma in enumerate(gammas):
            ax = axes[i, j]
            eq = compare_regimes(market, n, beta, gamma, regimes=tuple(regimes))
            plot_regimes(ax, beta, eq, field, xlabel=r"$\beta$" if i == len(ns) - 1 else "", legend=False)
            ax.axvline(0.5, color="0.6", linewidth=0.8, linestyle=":")
            ax.set_title(f"n = {n}, γ = {gamma:g}", fontsize="small")
            if j:
                ax.set_ylabel("")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 2), frameon=False, fontsize="small")
    return fig


def regime_table(equilibria: Mapping[str, SymmetricEquilibrium], fields: Iterable[str]) -> str:
    """A plain-text table: one row per regime, one column per outcome (scalar equilibria)."""
    fields = list(fields)
    width = max(len(REGIME_STYLE[r].label_en) for r in equilibria) + 2
    head = "regime".ljust(width) + "".join(f.rjust(18) for f in fields)
    rows = [head, "-" * len(head)]
    for regime, eq in equilibria.items():
        rows.append(REGIME_STYLE[regime].label_en.ljust(width)
                    + "".join(f"{float(getattr(eq, f)):18.4f}" for f in fields))
    return "\n".join(rows)
