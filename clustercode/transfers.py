r"""Side payments inside a research joint venture: when can transfers make it individually rational?

Without transfers each member of a joint venture keeps its own operating
profit and pays its own R&D cost (:mod:`clustercode.coalitions`), so a firm
joins only if its own profit in the venture is at least its profit outside.
With side payments the members can redistribute the venture's joint profit
:math:`\Pi^{JV} = \sum_i \pi_i^{JV}` in any way. A venture with transfers is
*individually rational* exactly when the joint profit covers every member's
outside option,

.. math::

    \Pi^{JV} \ge \sum_i \bar\pi_i ,

because then the transfers :math:`t_i = \bar\pi_i - \pi_i^{JV} + (\Pi^{JV} - \sum_j\bar\pi_j)/n`
(each member gets its outside option and an equal share of the surplus) sum
to zero and leave nobody worse off; and if the inequality fails no transfers
that sum to zero can compensate everyone. Two outside options are offered:

* ``"alone"``: the profit of the firm when *every* firm does R&D alone (the
  cluster without cooperation, the benchmark of Chapter 7);
* ``"leave"``: the profit of the firm when it alone leaves, the others
  keeping their venture (the internal-stability test of
  :func:`~clustercode.coalitions.stability`); the same as ``"alone"`` for two
  firms.

The transfers move profit between firms; they change neither R&D nor output,
so the venture's welfare is what it is without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from ._validate import choice, finite_scalar, float_array, instance
from .cluster import Cluster, cluster_equilibrium
from .coalitions import duopoly
from .policy import Policy

__all__ = ["OUTSIDE_OPTIONS", "VentureTransfers", "venture_transfers", "transfer_grid"]

#: Outside options a member of the venture compares with (see the module docstring).
OUTSIDE_OPTIONS = ("alone", "leave")


@dataclass(frozen=True)
class VentureTransfers:
    """The grand joint venture of a cluster, its members' outside options and transfers that share its surplus.

    Attributes
    ----------
    profit : ndarray
        Each member's profit in the venture without transfers.
    outside : ndarray
        Each member's outside option.
    transfers : ndarray
        Transfers received (negative: paid) that give each member its outside
        option plus an equal share of the surplus; they sum to zero.
    welfare : float
        Welfare of the venture (transfers do not change it).
    outside_welfare : float or None
        Welfare when every firm does R&D alone (``outside="alone"``), else None.
    """

    profit: np.ndarray
    outside: np.ndarray
    transfers: np.ndarray
    welfare: float
    outside_welfare: float | None

    @property
    def joint_profit(self) -> float:
        """The venture's joint profit, :math:`\\sum_i \\pi_i^{JV}`."""
        return float(self.profit.sum())

    @property
    def surplus(self) -> float:
        """Joint profit minus the sum of outside options."""
        return float(self.profit.sum() - self.outside.sum())

    @property
    def rational(self) -> bool:
        """True when transfers can make every member at least as well off as outside."""
        return self.surplus >= -1e-9 * max(1.0, float(np.abs(self.outside).sum()))

    @property
    def rational_without_transfers(self) -> bool:
        """True when every member already does at least as well in the venture without transfers."""
        return bool(np.all(self.profit >= self.outside - 1e-9 * np.maximum(1.0, np.abs(self.outside))))


def venture_transfers(cluster: Cluster, policy: Policy | None = None, outside: str = "alone") -> VentureTransfers:
    """Whether the grand joint venture of ``cluster`` is individually rational with side payments.

    Parameters
    ----------
    cluster : Cluster
        At least two firms.
    policy : Policy, optional
    outside : {"alone", "leave"}
        The outside option (see :mod:`clustercode.transfers`).

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, ``policy`` not a
        :class:`~clustercode.policy.Policy` or None, or ``outside`` not a string.
    ValueError
        If ``outside`` is unknown, the cluster has one firm, or an arrangement
        has no equilibrium of the kind :func:`~clustercode.cluster.cluster_equilibrium`
        computes.
    """
    choice("outside", outside, OUTSIDE_OPTIONS)
    instance("cluster", cluster, Cluster)
    n = cluster.n
    if n < 2:
        raise ValueError(f"a joint venture needs at least two firms, got n = {n}")
    jv = cluster_equilibrium(cluster, "all", True, policy)
    profit = np.asarray(jv.profit, float)
    if outside == "alone":
        alone = cluster_equilibrium(cluster, None, False, policy)
        out, w_out = np.asarray(alone.profit, float), float(alone.welfare)
    else:
        out, w_out = np.empty(n), None
        for i in range(n):
            rest = [j for j in range(n) if j != i]
            out[i] = np.asarray(cluster_equilibrium(cluster, [rest, [i]], True, policy).profit)[i]
    share = (profit.sum() - out.sum()) / n
    return VentureTransfers(profit=profit, outside=out, transfers=out + share - profit,
                            welfare=float(jv.welfare), outside_welfare=w_out)


def transfer_grid(heterogeneity, beta, *, kind: str = "cost", a: float = 100.0, b: float = 1.0, A: float = 60.0,
                  gamma: float = 20.0) -> dict[str, np.ndarray]:
    """Where a duopoly's joint venture is individually rational, with and without transfers.

    The duopoly is that of :func:`~clustercode.coalitions.duopoly` (firm 2
    worse in production cost or in R&D cost by ``heterogeneity``), both firms
    absorbing ``beta``; the outside option is going alone.

    Returns
    -------
    dict
        Arrays of shape ``(len(beta), len(heterogeneity))``, NaN where an
        arrangement has no equilibrium of the kind computed: ``"with"`` (1.0
        where transfers make the venture individually rational),
        ``"without"`` (1.0 where both firms gain without transfers),
        ``"surplus"`` (joint profit in the venture minus joint profit alone)
        and ``"welfare_gain"`` (welfare of the venture minus welfare alone).

    Raises
    ------
    TypeError
        If ``heterogeneity`` or ``beta`` is not a real number or an array of them, ``kind``
        is not a string, or ``a``, ``b``, ``A`` or ``gamma`` is not a real number.
    ValueError
        If a value is NaN or infinite (naming its index), ``kind`` is not ``"cost"`` or
        ``"rd"``. A grid point without an equilibrium is NaN in the result, not an error.
    """
    choice("kind", kind, ("cost", "rd"))
    a, b, A, gamma = (finite_scalar(k, v) for k, v in (("a", a), ("b", b), ("A", A), ("gamma", gamma)))
    het = np.atleast_1d(float_array("heterogeneity", heterogeneity)).ravel()
    beta = np.atleast_1d(float_array("beta", beta)).ravel()
    out = {k: np.full((beta.size, het.size), np.nan) for k in ("with", "without", "surplus", "welfare_gain")}
    for (i, bt), (j, h) in product(enumerate(beta), enumerate(het)):
        try:
            v = venture_transfers(duopoly(kind, h, bt, a=a, b=b, A=A, gamma=gamma))
        except ValueError:
            continue
        out["with"][i, j] = float(v.rational)
        out["without"][i, j] = float(v.rational_without_transfers)
        out["surplus"][i, j] = v.surplus
        out["welfare_gain"][i, j] = v.welfare - v.outside_welfare
    return out
