"""Interactive figures of the case study (Chapter 6).

The calibration is :class:`clustercode.phases.CaseCalibration`'s default,
which is illustrative: it describes the model, not the Beilun cluster.
"""

from __future__ import annotations

import numpy as np

from ..phases import PHASE_NAMES, PHASES, CaseCalibration, phase_outcomes
from ..style import PALETTE
from ..widgets import InteractiveFigure, Slider, interactive_figure
from ._common import y_from_zero

__all__ = ["cluster_phases", "draw_phases", "INTERACTIVE_FIGURES"]

_X = np.arange(len(PHASES))


def _phase_axis(ax) -> None:
    ax.set_xticks(_X)
    ax.set_xticklabels([PHASE_NAMES[p][0].replace(" ", "\n", 1) for p in PHASES])
    ax.set_xlim(-0.3, len(PHASES) - 0.7)


def draw_phases(axes, firms_expanded, cost_advantage, entrants):
    """Left: the cluster's total R&D in each phase. Right: R&D per large and per small firm."""
    cal = CaseCalibration(firms_expanded=firms_expanded, cost_advantage=cost_advantage,
                          entrants=entrants)
    out = phase_outcomes(cal)
    left, right = axes
    left.plot(_X, [out[p].total_rd for p in PHASES], color=PALETTE["blue"], marker="o",
              label="total R&D of the cluster")
    y_from_zero(left)
    left.set_ylabel("total R&D")
    right.plot(_X, [out[p].mean_rd(True) for p in PHASES], color=PALETTE["vermillion"],
               marker="s", label="large firms")
    right.plot(_X, [out[p].mean_rd(False) for p in PHASES], color=PALETTE["bluish_green"],
               marker="o", linestyle="--", label="small firms")
    y_from_zero(right)
    right.set_ylabel("R&D per producing firm")
    right.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none")
    for ax in axes:
        _phase_axis(ax)


def cluster_phases() -> InteractiveFigure:
    """The cluster's total R&D and the R&D of large and small firms, phase by phase."""
    default = CaseCalibration()
    return interactive_figure(
        draw_phases,
        [
            Slider("firms_expanded", 10, 40, default.firms_expanded, integer=True,
                   label="firms after the expansion"),
            Slider("cost_advantage", 0.0, 12.0, default.cost_advantage, step=0.5,
                   label="large firms' cost advantage"),
            Slider("entrants", 0, 30, default.entrants, integer=True,
                   label="entrants in the policy phase"),
        ],
        nrows=1, ncols=2, figsize=(9.0, 3.8),
        in_place=True,  # fixed phase axis: most steps redraw only the lines
        title="Four phases of a cluster (illustrative calibration)",
        alt="Two panels over four phases (early cluster, scale expansion, large firms, "
            "policy-driven entry): the cluster's total R&D, and R&D per firm of large and of "
            "small firms under R&D competition.",
    )


#: Interactive figures of Chapter 6: name -> factory.
INTERACTIVE_FIGURES = {"cluster_phases": cluster_phases}
