"""Static figures of the robustness section of Chapter 4 (what the literature adds).

* :func:`venture_transfer_map` -- where a duopoly's joint venture is individually
  rational without side payments, only with them, or not at all
  (:func:`clustercode.transfers.transfer_grid`). Static: each map needs some
  600 equilibria of the heterogeneous model.

The calibration is illustrative, not estimated: ``a = 100``, ``b = 1``,
``A_1 = 60``, ``gamma_1 = 20``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..style import PALETTE, use_book_style
from ..transfers import transfer_grid
from ._common import inequality_panels

__all__ = ["venture_transfer_map"]

_COLOURS = ("0.75", PALETTE["sky_blue"], PALETTE["bluish_green"])
_LABELS = ("not rational even with transfers", "rational only with transfers", "rational without transfers")


def venture_transfer_map(gamma: float = 20.0, cells: tuple[int, int] = (25, 20)) -> Figure:
    """Where side payments can hold an unequal duopoly's joint venture together (static).

    Left: firm 2's initial unit cost exceeds firm 1's by a gap; right: firm 2's
    R&D cost parameter is a multiple of firm 1's. Green: both firms gain from
    the venture without transfers; blue: only with transfers (joint profit in
    the venture exceeds joint profit alone); grey: not even with transfers. A
    cross marks a grey cell where the venture would still raise welfare.

    Parameters
    ----------
    gamma : float, default 20
        Firm 1's R&D cost parameter.
    cells : (int, int), default (25, 20)
        Grid points along heterogeneity and spillover.
    """
    use_book_style()
    fig, axes, beta, panels = inequality_panels(cells, beta_max=0.95)
    cmap = ListedColormap(list(_COLOURS))
    for ax, (kind, levels, xlabel) in zip(axes, panels):
        g = transfer_grid(levels, beta, kind=kind, gamma=gamma)
        code = g["with"] + g["without"]  # 0 not rational, 1 only with transfers, 2 without
        ax.pcolormesh(levels, beta, np.ma.masked_invalid(code), cmap=cmap, vmin=-0.5, vmax=2.5,
                      shading="nearest", rasterized=True)
        bi, li = np.nonzero((code == 0) & (g["welfare_gain"] > 0))
        ax.plot(levels[li], beta[bi], "x", color="0.2", markersize=3.5, markeredgewidth=0.8)
        ax.set_xlabel(xlabel)
    axes[0].set_ylabel(r"spillover $\beta$")
    axes[0].set_title("firms unequal in production cost", fontsize="medium")
    axes[1].set_title("firms unequal in R&D cost", fontsize="medium")
    handles = [Patch(color=c, label=lab) for c, lab in zip(_COLOURS, _LABELS)]
    handles.append(Line2D([], [], linestyle="none", marker="x", color="0.2",
                          label="venture would raise welfare"))
    fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize="small")
    return fig
