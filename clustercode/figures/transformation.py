"""Interactive figures of Chapter 7 (transformation): the policy comparator and the innovation-mode map.

* :func:`policy_comparator` -- every instrument on one cluster, side by side:
  change in R&D and in welfare against laissez-faire competition, with the R&D
  gained per unit of public money (:func:`clustercode.comparator.compare_instruments`);
* :func:`innovation_mode_map` -- which way of organising R&D the firms of an
  unequal duopoly choose, and where that differs from the welfare-best
  (:func:`clustercode.comparator.innovation_mode_grid`). Static: each map needs
  some 1,600 equilibria of the heterogeneous model, too many for a live slider.

The calibration is illustrative, not estimated: the book's market
(:data:`~clustercode.calibrations.BOOK_MARKET`: ``a = 100``, ``b = 1``, ``A = 60``),
:data:`~clustercode.calibrations.COMPARATOR_FIRMS` firms with R&D cost :data:`~clustercode.calibrations.COMPARATOR_GAMMA`, and a
public institute as good at research as a firm (``gamma0 = gamma``) whose
results each firm can use at the share :data:`~clustercode.calibrations.COMPARATOR_THETA`. Every slider
position is valid for the baseline; an instrument without an equilibrium at
some position is marked "not available" in its row.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..calibrations import COMPARATOR_FIRMS, COMPARATOR_GAMMA, COMPARATOR_THETA
from ..comparator import (
    INSTRUMENT_KINDS,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    MODE_CHOICES,
    compare_instruments,
    innovation_mode_grid,
)
from ..regimes import COMPETITION
from ..style import PALETTE, use_book_style
from ..widgets import InteractiveFigure, Slider, interactive_figure
from ._common import BOOK_MARKET, inequality_panels

__all__ = [
    "policy_comparator",
    "innovation_mode_map",
    "draw_comparator",
    "INTERACTIVE_FIGURES",
]


_KIND_COLOUR = {
    "baseline": "0.55",
    "budget": PALETTE["blue"],
    "cooperation": PALETTE["bluish_green"],
    "optimal": PALETTE["orange"],
}
_INSTITUTE_COLOUR = PALETTE["sky_blue"]
_INSTITUTES = ("institute", "allied_institute")
#: Rows of the figure (the baseline, laissez-faire competition, is the zero line) and their labels.
_ROWS = tuple(k for k in INSTRUMENTS if k != COMPETITION)  # every instrument but the baseline
_SHORT = {"allied_institute": "allied institute", "institute": "public institute",
          "joint_venture": "joint venture"}


def _nice(x: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is at least ``x > 0``."""
    power = 10.0 ** np.floor(np.log10(x))
    for m in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * power >= x * (1 - 1e-12):
            return m * power
    return 10.0 * power  # pragma: no cover


def _limits(values) -> tuple[float, float]:
    """Axis limits on a coarse grid (so ticks and layout change only now and then), with room
    on the right for the notes."""
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    return (0.0 if lo >= 0 else -_nice(-lo + 0.03 * span)), _nice(hi + 0.45 * span)


def _setup_rows(ax, labels: bool) -> None:
    ys = np.arange(len(_ROWS))
    if labels:
        ax.set_yticks(ys, [_SHORT.get(k, INSTRUMENT_NAMES[k][0]) for k in _ROWS], fontsize="small")
    ax.set_ylim(len(_ROWS) - 0.4, -0.6)  # first instrument on top
    ax.axvline(0.0, color="0.3", linewidth=0.8)
    ax.grid(axis="y", visible=False)


def draw_comparator(axes, budget, beta, shadow_cost):
    """One bar per instrument: change in firms' R&D (left) and in welfare (right) against competition."""
    cmp = compare_instruments(BOOK_MARKET, COMPARATOR_FIRMS, beta, COMPARATOR_GAMMA, budget,
                              shadow_cost=shadow_cost, theta=COMPARATOR_THETA)
    found = {r.name: r for r in cmp.results}
    results = [found.get(name) for name in _ROWS]  # None: no equilibrium for this instrument
    ys = np.arange(len(_ROWS))
    colours = [_KIND_COLOUR[INSTRUMENT_KINDS[name]] for name in _ROWS]
    d_rd = np.array([r.d_rd if r else 0.0 for r in results])
    d_w = np.array([r.d_welfare if r else 0.0 for r in results])
    # The institutes' own research, hatched, after the firms' change in R&D.
    lab = np.array([(r.d_research - r.d_rd) if r and name in _INSTITUTES else 0.0
                    for name, r in zip(_ROWS, results)])
    left, right = axes
    _setup_rows(left, labels=True)
    _setup_rows(right, labels=False)
    left.barh(ys, d_rd, height=0.62, color=colours)
    institutes = np.isin(_ROWS, _INSTITUTES)
    left.barh(ys[institutes], lab[institutes], left=d_rd[institutes], height=0.62, facecolor="white",
              edgecolor=_INSTITUTE_COLOUR, hatch="////", linewidth=0.8)
    right.barh(ys, d_w, height=0.62, color=colours)
    ends = np.maximum(np.maximum(0.0, d_rd), d_rd + lab)  # where a row's bars end
    for y, name, r, end, w in zip(ys, _ROWS, results, ends, d_w):
        if r is None:
            note = " n/a"
        elif r.public_cost > 0:
            note = f" {r.rd_per_public_money:.3f}/unit"
        else:
            note = ""
        left.text(end, y, note, va="center", fontsize="x-small", color="0.25")
        if INSTRUMENT_KINDS[name] == "optimal":
            right.text(max(0.0, w), y, " n/a" if r is None else f" cost {r.public_cost:.0f}",
                       va="center", fontsize="x-small", color="0.25")
    left.set_xlim(*_limits([*ends, *d_rd]))
    right.set_xlim(*_limits(d_w))
    left.set_xlabel("Δ firms' R&D (hatched: institute's research)")
    right.set_xlabel("Δ welfare")


def policy_comparator() -> InteractiveFigure:
    """Every instrument on one illustrative cluster: change in R&D and welfare (Chapter 7).

    Sliders: the public budget :math:`G`, the spillover :math:`\\beta` and the shadow
    cost of public funds :math:`\\lambda`. Left panel: change in the firms' R&D
    (for the institutes, the hatched extension is the institute's own research);
    the label gives the firms' R&D gained per unit of public money. Right panel:
    change in welfare; the welfare-maximising subsidies are labelled with what
    they cost.
    """
    return interactive_figure(
        draw_comparator,
        [
            Slider("budget", 0.0, 50.0, 20.0, step=1.0, label="public budget $G$"),
            Slider("beta", 0.0, 1.0, 0.4, step=0.01, label=r"spillover $\beta$"),
            Slider("shadow_cost", 0.0, 1.0, 0.0, step=0.05, label=r"shadow cost $\lambda$"),
        ],
        nrows=1, ncols=2, figsize=(8.6, 3.9), sharey=True,
        title=(f"Change against laissez-faire competition ({COMPARATOR_FIRMS} firms, "
               f"γ = {COMPARATOR_GAMMA:g}, θ = {COMPARATOR_THETA:g}; illustrative)"),
        in_place=True,  # limits on a coarse grid: most steps redraw only the bars
        alt="Two horizontal bar charts, one row per instrument (output subsidy, R&D subsidy, independent and allied public research institute, R&D "
            "coordination, technology sharing, research joint venture, optimal output and R&D "
            "subsidies): the change in firms' R&D, labelled with the R&D gained per unit of public "
            "money, and the change in welfare, against laissez-faire competition.",
    )


_MODE_COLOUR = {COMPETITION: PALETTE["blue"], "coordination": PALETTE["orange"],
                "joint_venture": PALETTE["bluish_green"], "disagree": "#D9D9D9"}
_MODE_LABEL = {COMPETITION: "both go alone", "coordination": "both choose coordination",
               "joint_venture": "both choose a joint venture", "disagree": "firms disagree"}


def innovation_mode_map(gamma: float = 20.0, cells: tuple[int, int] = (13, 21)) -> Figure:
    """Which R&D arrangement the firms of an unequal duopoly choose, against the welfare-best (static).

    Left: firm 2's initial unit cost exceeds firm 1's by a gap; right: firm 2's
    R&D cost parameter is a multiple of firm 1's. Colour: the arrangement both
    firms prefer by their own profit, or grey where they disagree. A cross marks
    a cell where the arrangement with the highest welfare is not the one the
    firms choose. Illustrative calibration: ``a = 100``, ``b = 1``, ``A_1 = 60``,
    ``gamma_1 = gamma``.

    Parameters
    ----------
    gamma : float, default 20
        Firm 1's R&D cost parameter.
    cells : (int, int), default (13, 21)
        Grid points along heterogeneity and spillover.
    """
    use_book_style()
    fig, axes, beta, panels = inequality_panels(cells, beta_max=1.0)
    cmap = ListedColormap([_MODE_COLOUR[k] for k in MODE_CHOICES])
    present, missing = {len(MODE_CHOICES) - 1}, False
    for ax, (kind, levels, xlabel) in zip(axes, panels):
        grid = innovation_mode_grid(levels, beta, kind=kind, gamma=gamma)
        present |= {int(v) for v in grid["firms"][np.isfinite(grid["firms"])].ravel()}
        missing |= bool(np.isnan(grid["firms"]).any())
        ax.pcolormesh(levels, beta, np.ma.masked_invalid(grid["firms"]), cmap=cmap, vmin=-0.5,
                      vmax=len(MODE_CHOICES) - 0.5, shading="nearest", rasterized=True)
        differs = np.isfinite(grid["firms"]) & (grid["welfare"] != grid["firms"])
        bi, li = np.nonzero(differs)
        ax.plot(levels[li], beta[bi], "x", color="0.2", markersize=3.5, markeredgewidth=0.8)
        ax.set_xlabel(xlabel)
    axes[0].set_ylabel(r"spillover $\beta$")
    axes[0].set_title("firms unequal in production cost", fontsize="medium")
    axes[1].set_title("firms unequal in R&D cost", fontsize="medium")
    handles = [Patch(color=_MODE_COLOUR[k], label=_MODE_LABEL[k])
               for i, k in enumerate(MODE_CHOICES) if i in present]
    if missing:
        handles.append(Patch(facecolor="white", edgecolor="0.5", label="no equilibrium computed"))
    handles.append(Line2D([], [], linestyle="none", marker="x", color="0.2",
                          label="welfare-best arrangement not chosen"))
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize="small")
    return fig


#: Every interactive figure of Chapter 7: name -> factory.
INTERACTIVE_FIGURES = {
    "policy_comparator": policy_comparator,
}
