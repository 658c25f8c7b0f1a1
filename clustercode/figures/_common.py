"""What the book's figures share: the illustrative calibration, and the two-panel
layout of the maps over an unequal duopoly (Chapters 4 and 7)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..calibrations import BOOK_MARKET  # the calibrations live in clustercode.calibrations

__all__ = ["BOOK_MARKET", "inequality_panels"]


def inequality_panels(cells: tuple[int, int], beta_max: float):
    """Figure, axes and grids of a two-panel map over an unequal duopoly.

    Left panel: firm 2's initial unit cost exceeds firm 1's by a gap in
    ``[0, 24]``; right panel: firm 2's R&D cost parameter is a multiple of
    firm 1's in ``[1, 4]``. Both panels share the spillover axis ``[0, beta_max]``.

    Returns
    -------
    fig, axes, beta, panels
        ``panels`` holds ``(kind, levels, xlabel)`` for each axes, ``kind``
        being the ``kind=`` argument of the grid functions (``"cost"`` or ``"rd"``).
    """
    beta = np.linspace(0.0, beta_max, cells[1])
    panels = (("cost", np.linspace(0.0, 24.0, cells[0]), "initial cost gap $A_2 - A_1$"),
              ("rd", np.linspace(1.0, 4.0, cells[0]), r"R&D cost ratio $\gamma_2/\gamma_1$"))
    fig = Figure(figsize=(9.0, 4.0), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    return fig, axes, beta, panels


def y_from_zero(ax) -> None:
    """Start ``ax``'s y axis at zero and let the top autoscale with its margin.

    The margin is taken on the span from zero to the data's top, as it would be
    with zero among the data: ``set_ybound(lower=0)`` alone keeps the margin
    of the data's own span, which for data far from zero leaves the highest
    markers on the frame. Autoscaling stays on (the in-place redraw keeps such
    views while the data fit them).
    """
    if np.isfinite(ax.dataLim.x0):
        ax.update_datalim([(ax.dataLim.x0, 0.0)], updatex=False)
        ax.autoscale_view(scalex=False)
    ax.set_ybound(lower=0.0)
