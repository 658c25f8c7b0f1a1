"""Interactive figures of industrial policy (Chapter 5).

With :data:`~clustercode.calibrations.BOOK_MARKET` every slider position is valid:

* :func:`subsidy_effects`: with :math:`\\gamma = 10` and :math:`\\sigma \\le 0.6` the
  subsidised cost :math:`(1-\\sigma)\\gamma \\ge 4` exceeds every regime's bound
  (at most :math:`2(a+s)/A < 4` for :math:`s \\le 20`);
* :func:`optimal_subsidy_figure`: for :math:`\\gamma \\ge 20`, ``n`` in 2..10 and
  :math:`\\lambda \\le 1` every optimum is interior (checked on a grid by the tests);
* :func:`public_lab_figure`: for :math:`\\gamma = 10` and :math:`\\gamma_0 \\ge 4`
  the institute's problem is concave and every firm stays active.
"""

from __future__ import annotations

import numpy as np

from ..plotting import figure_legend, plot_regimes
from ..policy import Policy
from ..public_lab import public_lab_equilibrium
from ..style import PALETTE, REGIME_STYLE
from ..subsidy import optimal_subsidies
from ..symmetric import compare_regimes, symmetric_equilibrium
from ..widgets import InteractiveFigure, Slider, interactive_figure
from ._common import BOOK_MARKET

__all__ = ["subsidy_effects", "optimal_subsidy_figure", "public_lab_figure", "INTERACTIVE_FIGURES"]

_BETA = np.linspace(0.0, 1.0, 101)
_THETA = np.linspace(0.0, 1.0, 101)


def subsidy_effects() -> InteractiveFigure:
    """R&D per firm and welfare against the spillover under a chosen output and R&D subsidy."""
    gamma = 10.0

    def draw(axes, s, sigma, n):
        eq = compare_regimes(BOOK_MARKET, n, _BETA, gamma, policy=Policy(output_subsidy=s, rd_subsidy=sigma))
        free = symmetric_equilibrium(BOOK_MARKET, n, _BETA, gamma, "competition")
        for i, field in enumerate(("rd", "welfare")):
            ax = axes[i]
            ax.plot(_BETA, getattr(free, field), color="0.55", linewidth=1.0,
                    linestyle=(0, (1, 1)), label="competition, no subsidy")
            plot_regimes(ax, _BETA, eq, field, xlabel=r"spillover $\beta$", legend=False)
        figure_legend(axes[0], ncol=3)

    return interactive_figure(
        draw,
        [Slider("s", 0.0, 20.0, 0.0, step=1.0, label="output subsidy $s$"),
         Slider("sigma", 0.0, 0.6, 0.3, step=0.05, label=r"R&D subsidy $\sigma$"),
         Slider("n", 2, 10, 3, integer=True, label="firms $n$")],
        ncols=2, figsize=(9.0, 4.4), sharex=True, in_place=True,
        title=r"Subsidies and the four regimes ($\gamma = 10$)",
        alt="Two panels against the spillover beta: R&D per firm and welfare under the four R&D regimes "
            "with the chosen output and R&D subsidies, and a dotted grey line for R&D competition "
            "without subsidies.",
    )


def optimal_subsidy_figure() -> InteractiveFigure:
    """Optimal R&D and output subsidies against the spillover, competition vs coordination."""

    def draw(axes, n, gamma, shadow_cost):
        for regime in ("competition", "coordination"):
            style = REGIME_STYLE[regime]
            opt = {ins: optimal_subsidies(BOOK_MARKET, n, _BETA, gamma, regime, ins, shadow_cost)
                   for ins in (("rd",), ("output",), ("output", "rd"))}  # each optimum solved once
            for instruments, ls, tag in ((("rd",), "-", "alone"), (("output", "rd"), ":", "with the other")):
                axes[0].plot(_BETA, opt[instruments].rd_subsidy, color=style.color, linestyle=ls,
                             label=f"{style.label_en}, {tag}")
            for instruments, ls in ((("output",), "-"), (("output", "rd"), ":")):
                axes[1].plot(_BETA, opt[instruments].output_subsidy, color=style.color, linestyle=ls)
        for ax in axes:
            ax.axhline(0.0, color="0.3", linewidth=0.8)
            ax.set_xlabel(r"spillover $\beta$")
        axes[0].set_ylabel(r"optimal R&D subsidy $\sigma^*$")
        axes[1].set_ylabel("optimal output subsidy $s^*$")
        figure_legend(axes[0], ncol=3)

    return interactive_figure(
        draw,
        [Slider("n", 2, 10, 3, integer=True, label="firms $n$"),
         Slider("gamma", 20.0, 60.0, 20.0, step=1.0, label=r"R&D cost $\gamma$"),
         Slider("shadow_cost", 0.0, 1.0, 0.0, step=0.05, label=r"shadow cost $\lambda$")],
        ncols=2, figsize=(9.0, 4.4), sharex=True, in_place=True,
        title="Optimal subsidies",
        alt="Two panels against the spillover beta. Left: the optimal R&D subsidy under R&D competition "
            "and R&D coordination, used alone (solid) or together with an output subsidy (dotted); "
            "negative values are R&D taxes. Right: the optimal output subsidy, alone (solid) or together "
            "with an R&D subsidy (dotted).",
    )


def public_lab_figure() -> InteractiveFigure:
    """Firms' R&D and profit against the usable share of public research, independent vs allied institute."""
    gamma = 10.0
    lines = (
        ("independent", "partner", PALETTE["blue"], "-", "independent: each firm"),
        ("allied", "partner", PALETTE["vermillion"], "--", "allied: partner"),
        ("allied", "rival", PALETTE["bluish_green"], "-.", "allied: each rival"),
    )

    def draw(axes, gamma0, n, beta):
        base = symmetric_equilibrium(BOOK_MARKET, n, beta, gamma)
        eqs = {c: public_lab_equilibrium(BOOK_MARKET, n, beta, gamma, _THETA, gamma0, c) for c in
               ("independent", "allied")}
        for ax, field, label in ((axes[0], "rd", "R&D per firm"), (axes[1], "profit", "profit per firm")):
            ax.plot(_THETA[[0, -1]], [getattr(base, field)] * 2, color="0.55",
                    linewidth=1.0, linestyle=(0, (1, 1)), label="no institute")
            for configuration, who, color, ls, text in lines:
                ax.plot(_THETA, getattr(eqs[configuration], f"{who}_{field}"), color=color,
                        linestyle=ls, label=text)
            ax.set_xlabel(r"usable share of public research $\theta$")
            ax.set_ylabel(label)
        figure_legend(axes[0], ncol=3)

    return interactive_figure(
        draw,
        [Slider("gamma0", 4.0, 60.0, 10.0, step=1.0, label=r"institute's cost $\gamma_0$"),
         Slider("n", 2, 10, 3, integer=True, label="firms $n$"),
         Slider("beta", 0.0, 1.0, 0.3, step=0.05, label=r"spillover $\beta$")],
        ncols=2, figsize=(9.0, 4.4), sharex=True, in_place=True,
        title=r"A public research institute (R&D competition, $\gamma = 10$)",
        alt="Two panels against theta, the share of the institute's research a firm can use: R&D per firm "
            "and profit per firm with an independent institute, and for the partner and the rivals of an "
            "institute allied with one firm; a dotted grey line marks the cluster without an institute.",
    )


#: The figures of this module: name -> factory.
INTERACTIVE_FIGURES = {
    "subsidy_effects": subsidy_effects,
    "optimal_subsidy_figure": optimal_subsidy_figure,
    "public_lab_figure": public_lab_figure,
}
