"""Figures of the heterogeneous cluster (Chapter 4, Part 2).

Interactive figures redraw with a few dozen small equilibrium solves; the
preference maps and the large-cluster experiment are static (they take a
fraction of a second to compute) and return a matplotlib figure.
Calibrations are illustrative: demand ``a = 100, b = 1``, base unit cost 60,
base R&D cost 20.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..calibrations import margin_cluster
from ..cluster import Cluster, cluster_equilibrium
from ..coalitions import ARRANGEMENT_CALLS, ARRANGEMENTS, preference_grid
from ..large_cluster import large_cluster_experiment
from ..regimes import COMPETITION
from ..style import PALETTE, use_book_style
from ..widgets import InteractiveFigure, Slider, interactive_figure

__all__ = [
    "trait_spread",
    "unequal_duopoly",
    "preference_maps",
    "large_cluster_figure",
    "held_at_the_margin",
    "INTERACTIVE_FIGURES",
]

A0, GAMMA0, N_FIRMS = 60.0, 20.0, 5
_TRAITS = {
    0: ("initial unit cost spread", "A"),
    1: ("R&D cost spread", "gamma"),
    2: ("absorptive capacity spread", "beta"),
}
_ARR_LABEL = {COMPETITION: "alone 单干", "coordination": "coordination 研发协调",
              "joint_venture": "joint venture 研发联合体"}
_ORDER = ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")


def _colors(k):
    return [PALETTE[_ORDER[i % len(_ORDER)]] for i in range(k)]


def _note_gaps(ax, missing: np.ndarray, what: str) -> None:
    """Say in the axes' title how many points have no equilibrium (gaps in the lines)."""
    k = int(np.count_nonzero(missing))
    ax.set_title(
        f"gaps: {k} of {missing.size} {what} have no equilibrium of the kind computed" if k else "",
        fontsize="small", loc="left", color="0.35",
    )


def trait_cluster(trait: int, spread: float, beta: float, gamma: float) -> Cluster:
    """Five firms equal except in one trait, spread evenly (firm 0 best, firm 4 worst)."""
    t = np.linspace(0.0, 1.0, N_FIRMS)
    A, g, b = np.full(N_FIRMS, A0), np.full(N_FIRMS, gamma), np.full(N_FIRMS, beta)
    if trait == 0:
        A = A0 + spread * t  # spread in cost units
    elif trait == 1:
        g = gamma * (1.0 + spread * t)  # spread as a proportional rise of gamma
    else:
        b = beta * (1.0 - spread * t)  # spread as a proportional fall of beta
    return Cluster(100.0, 1.0, A, g, b)


def trait_spread() -> InteractiveFigure:
    """R&D of five firms under competition as one trait spreads out (Chapter 4, Part 2)."""
    spreads = {0: np.linspace(0, 20, 16), 1: np.linspace(0, 3, 16), 2: np.linspace(0, 1, 16)}
    xlabels = {0: "cost spread $A_5 - A_1$", 1: r"R&D cost spread $\gamma_5/\gamma_1 - 1$",
               2: r"absorptive capacity spread $1 - \beta_5/\beta_1$"}

    def draw(ax, trait, beta, gamma):
        trait = int(trait)
        xs = spreads[trait]
        rd = np.full((xs.size, N_FIRMS), np.nan)
        for k, sp in enumerate(xs):
            try:
                rd[k] = cluster_equilibrium(trait_cluster(trait, sp, beta, gamma)).rd
            except ValueError:
                continue
        for i, c in enumerate(_colors(N_FIRMS)):
            ax.plot(xs, rd[:, i], color=c, label=f"firm {i + 1}")
        ax.set_ylabel("R&D $x_i$")
        ax.set_xlabel(xlabels[trait])
        _note_gaps(ax, np.isnan(rd[:, 0]), "spreads")
        ax.legend(fontsize="small", frameon=True, ncol=2)

    return interactive_figure(
        draw,
        [Slider("trait", 0, 2, 0, integer=True, label=r"trait: 0 $A$, 1 $\gamma$, 2 $\beta$"),
         Slider("beta", 0.0, 1.0, 0.5, step=0.05, label=r"spillover $\beta$ (firm 1)"),
         Slider("gamma", 10.0, 40.0, 20.0, step=1.0, label=r"R&D cost $\gamma$ (firm 1)")],
        figsize=(6.5, 3.6), in_place=True,
        title="Five firms competing in R&D, unequal in one trait",
        alt="R&D of five firms against the spread of one trait (initial cost, R&D cost or "
            "absorptive capacity); firm 1 is the best firm and does the most R&D.",
    )


def unequal_duopoly() -> InteractiveFigure:
    """Each firm's gain from coordination and from a joint venture over going alone, against the spillover."""
    betas = np.linspace(0.0, 0.95, 11)

    def draw(ax, gap, ratio):
        P = np.full((len(ARRANGEMENTS), betas.size, 2), np.nan)
        for k, bt in enumerate(betas):
            cl = Cluster(100.0, 1.0, [A0, A0 + gap], [GAMMA0, GAMMA0 * ratio], bt)
            for r, arrangement in enumerate(ARRANGEMENTS):
                try:
                    P[r, k] = cluster_equilibrium(cl, *ARRANGEMENT_CALLS[arrangement]).profit
                except ValueError:
                    pass
        cols = _colors(3)
        for r in (1, 2):
            for i, ls in ((0, "-"), (1, "--")):
                ax.plot(betas, P[r, :, i] - P[0, :, i], color=cols[r], linestyle=ls,
                        label=f"firm {i + 1}: {_ARR_LABEL[ARRANGEMENTS[r]]}")
        ax.axhline(0.0, color="0.5", linewidth=0.8)
        ax.set_xlabel(r"spillover $\beta$")
        ax.set_ylabel("profit gain over going alone")
        _note_gaps(ax, np.isnan(P[:, :, 0]).any(axis=0), "spillovers")
        ax.legend(fontsize="small", frameon=True)

    return interactive_figure(
        draw,
        [Slider("gap", 0.0, 18.0, 12.0, step=1.0, label="cost gap $A_2 - A_1$"),
         Slider("ratio", 1.0, 4.0, 1.0, step=0.25, label=r"R&D cost ratio $\gamma_2/\gamma_1$")],
        figsize=(6.5, 3.8), in_place=True,
        title="Two unequal firms: what cooperation is worth to each",
        alt="Each firm's profit gain from R&D coordination and from a research joint venture over "
            "going alone, against the spillover; above zero the firm prefers to cooperate.",
    )


def _pref_panel(ax, grid, x, y, xlabel, title, legend):
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    cols = _colors(3)
    ax.pcolormesh(x, y, grid, cmap=ListedColormap(cols), vmin=-0.5, vmax=2.5, shading="nearest")
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if legend:
        ax.legend(handles=[Patch(color=c, label=_ARR_LABEL[a]) for c, a in zip(cols, ARRANGEMENTS)]
                  + [Patch(facecolor="white", edgecolor="0.5", label="no equilibrium computed")],
                  fontsize="small", loc="lower left", frameon=True)


def preference_maps(kind: str = "cost"):
    """Each firm's preferred arrangement over (heterogeneity, spillover) in a duopoly (static figure).

    ``kind="cost"``: firm 2's initial unit cost exceeds firm 1's by the gap on
    the horizontal axis. ``kind="rd"``: firm 2's R&D cost parameter is the
    ratio on the horizontal axis times firm 1's.
    """
    use_book_style()
    beta = np.linspace(0.0, 1.0, 21)
    if kind == "cost":
        x = np.linspace(0.0, 24.0, 17)
        xlabel = "cost gap $A_2 - A_1$"
    elif kind == "rd":
        x = np.linspace(1.0, 4.0, 17)
        xlabel = r"R&D cost ratio $\gamma_2/\gamma_1$"
    else:
        raise ValueError(f"kind must be 'cost' or 'rd', got {kind!r}")
    grid = preference_grid(x, beta, kind=kind, A=A0, gamma=GAMMA0)
    fig = Figure(figsize=(9.0, 3.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    _pref_panel(axes[0], grid[0], x, beta, xlabel, "firm 1 prefers", True)
    _pref_panel(axes[1], grid[1], x, beta, xlabel, "firm 2 prefers", False)
    axes[0].set_ylabel(r"spillover $\beta$")
    return fig


def large_cluster_figure(n: int = 5000, seed: int = 2013):
    """R&D against initial cost for the survivors of the large-cluster experiment (static figure)."""
    use_book_style()
    cl, eqs = large_cluster_experiment(n, seed)
    fig = Figure(figsize=(9.0, 3.6), layout="constrained")
    axes = fig.subplots(1, 2)
    cols = _colors(3)
    for (name, eq), c in zip([(k, eqs[k]) for k in ("competition", "joint_venture")], cols):
        on = eq.active
        label = name.replace("_", " ")
        axes[0].scatter(cl.A[on], eq.rd[on], s=5, color=c, label=f"{label} ({on.sum()} producers)")
        order = np.sort(eq.output[on])[::-1]
        axes[1].plot(np.arange(1, order.size + 1), np.cumsum(order) / order.sum(), color=c,
                     label=f"{label}: HHI = {eq.hhi:.4f}")
    base = eqs["no R&D"]
    order = np.sort(base.output[base.active])[::-1]
    axes[1].plot(np.arange(1, order.size + 1), np.cumsum(order) / order.sum(), color="0.5",
                 linestyle=":", label=f"no R&D: HHI = {base.hhi:.4f}")
    axes[0].set_xlabel("initial unit cost $A_i$ (producers)")
    axes[0].set_ylabel("R&D $x_i$")
    axes[0].set_yscale("log")
    axes[1].set_xlabel("producers, largest first")
    axes[1].set_ylabel("cumulative output share")
    axes[1].set_xscale("log")
    for ax in axes:
        ax.legend(fontsize="small", frameon=True)
    return fig


def held_at_the_margin(costs=None):
    """R&D, price and the second firm's cost as its initial cost rises through the margin (static figure).

    The interval in which the firm is held at the margin (price equal to its
    cost, no output) is shaded.
    """
    use_book_style()
    costs = np.linspace(68.0, 72.0, 201) if costs is None else np.asarray(costs, float)
    eqs = [cluster_equilibrium(margin_cluster(A2)) for A2 in costs]
    rd = np.array([eq.rd for eq in eqs])
    held = np.array([eq.marginal[1] for eq in eqs])
    fig = Figure(figsize=(9.0, 3.6), layout="constrained")
    axes = fig.subplots(1, 2)
    cols = _colors(3)
    for i in range(3):
        axes[0].plot(costs, rd[:, i], color=cols[i], label=f"R&D of firm {i + 1}")
    axes[1].plot(costs, [eq.price for eq in eqs], color="0.2", label="price $P$")
    axes[1].plot(costs, [eq.unit_cost[1] for eq in eqs], color=cols[1], linestyle="--",
                 label="unit cost of firm 2, $c_2$")
    if held.any():
        lo, hi = costs[held].min(), costs[held].max()
        for ax in axes:
            ax.axvspan(lo, hi, color="0.88", zorder=0)
        axes[1].annotate("firm 2 held at the margin", xy=(0.5 * (lo + hi), 0.12),
                         xycoords=("data", "axes fraction"), xytext=(0.97, 0.12),
                         textcoords="axes fraction", ha="right", va="center", fontsize="small",
                         color="0.3", arrowprops={"arrowstyle": "->", "color": "0.5"})
    axes[0].set_ylabel("R&D $x_i$")
    axes[1].set_ylabel("price and cost")
    for ax in axes:
        ax.set_xlabel("initial unit cost of firm 2, $A_2$")
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    fig.legend(handles, [h.get_label() for h in handles], loc="outside lower center", ncol=5,
               fontsize="small")
    return fig


#: Interactive figures of this part: name -> factory.
INTERACTIVE_FIGURES = {
    "trait_spread": trait_spread,
    "unequal_duopoly": unequal_duopoly,
}
