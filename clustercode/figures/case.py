"""Interactive figures of the case study (Chapter 6).

The calibration is :class:`clustercode.phases.CaseCalibration`'s default,
which is illustrative: it describes the model, not the Beilun cluster.
"""

from __future__ import annotations

import numpy as np

from ..phases import PHASE_NAMES, PHASES, CaseCalibration, phase_outcomes
from ..plotting import line, rescale
from ..style import PALETTE
from ..widgets import InteractiveFigure, Slider, interactive_figure

__all__ = ["cluster_phases", "INTERACTIVE_FIGURES"]

_X = np.arange(len(PHASES))


def _phase_axis(ax) -> None:
    ax.set_xticks(_X)
    ax.set_xticklabels([PHASE_NAMES[p][0].replace(" ", "\n", 1) for p in PHASES])
    ax.set_xlim(-0.3, len(PHASES) - 0.7)


def cluster_phases() -> InteractiveFigure:
    """The cluster's total R&D and the R&D of large and small firms, phase by phase."""
    default = CaseCalibration()

    def draw(axes, firms_expanded, cost_advantage, entrants):
        cal = CaseCalibration(firms_expanded=firms_expanded, cost_advantage=cost_advantage,
                              entrants=entrants)
        out = phase_outcomes(cal)
        left, right = axes
        line(left, "total", _X, [out[p].total_rd for p in PHASES], color=PALETTE["blue"],
             marker="o", label="total R&D of the cluster")
        rescale(left, bottom=0.0)
        left.set_ylabel("total R&D")
        line(right, "large", _X, [out[p].mean_rd(True) for p in PHASES],
             color=PALETTE["vermillion"], marker="s", label="large firms")
        line(right, "small", _X, [out[p].mean_rd(False) for p in PHASES],
             color=PALETTE["bluish_green"], marker="o", linestyle="--", label="small firms")
        rescale(right, bottom=0.0)
        right.set_ylabel("R&D per producing firm")
        if right.get_legend() is None:
            _phase_axis(left)
            _phase_axis(right)
            right.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none")

    return interactive_figure(
        draw,
        [
            Slider("firms_expanded", 10, 40, default.firms_expanded, integer=True,
                   label="firms after the expansion"),
            Slider("cost_advantage", 0.0, 12.0, default.cost_advantage, step=0.5,
                   label="large firms' cost advantage"),
            Slider("entrants", 0, 30, default.entrants, integer=True,
                   label="entrants in the policy phase"),
        ],
        nrows=1, ncols=2, figsize=(9.0, 3.8), clear=False,
        title="Four phases of a cluster (illustrative calibration)",
        alt="Two panels over four phases (early cluster, scale expansion, large firms, "
            "policy-driven entry): the cluster's total R&D, and R&D per firm of large and of "
            "small firms under R&D competition.",
    )


#: Interactive figures of Chapter 6: name -> factory.
INTERACTIVE_FIGURES = {"cluster_phases": cluster_phases}
