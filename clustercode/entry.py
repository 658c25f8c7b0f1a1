r"""Free entry into a symmetric cluster: how many firms come, and how many society would want.

Firms pay an entry cost :math:`F` and then play the two-stage R&D game of
:func:`~clustercode.symmetric.symmetric_equilibrium` in the chosen regime. The
free-entry number of firms is the largest :math:`n` at which an entrant's
profit covers :math:`F`,

.. math::

    n^e = \max\{n \ge 1 : \pi(n) \ge F\},

and the welfare-optimal number maximises welfare net of entry costs,
:math:`W(n) - nF` (the planner chooses the number of firms, the firms still
choose R&D and output). The comparison is that of Mankiw and Whinston (1986)
for a homogeneous Cournot market; here R&D and its spillovers respond to
:math:`n`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import finite_scalar, instance, integer
from .market import Market
from .policy import Policy
from .symmetric import _competition, _policy, _regime, min_gamma, symmetric_equilibrium

__all__ = ["FreeEntry", "free_entry"]


@dataclass(frozen=True)
class FreeEntry:
    """The free-entry cluster and the welfare-optimal one.

    Attributes
    ----------
    n : int
        Free-entry number of firms (0 if not even a monopolist covers the entry cost).
    equilibrium : SymmetricEquilibrium or None
        The equilibrium with ``n`` firms (``None`` when ``n == 0``).
    welfare_optimal_n : int
        The number of firms that maximises welfare net of entry costs (0 if no
        cluster beats none).
    optimal_equilibrium : SymmetricEquilibrium or None
        The equilibrium with ``welfare_optimal_n`` firms.
    entry_cost : float
    net_welfare : float
        Welfare net of entry costs at ``n``.
    optimal_net_welfare : float
        Welfare net of entry costs at ``welfare_optimal_n``.
    """

    n: int
    equilibrium: object
    welfare_optimal_n: int
    optimal_equilibrium: object
    entry_cost: float
    net_welfare: float
    optimal_net_welfare: float

    @property
    def excess_entry(self) -> int:
        """``n - welfare_optimal_n``: positive when the cluster is too crowded, negative when too thin."""
        return self.n - self.welfare_optimal_n


def free_entry(market: Market, beta: float, gamma: float, regime: str = "competition", entry_cost: float = 100.0,
               policy: Policy | None = None, competition: str = "cournot", max_firms: int = 500) -> FreeEntry:
    r"""Free-entry and welfare-optimal numbers of firms in a symmetric cluster.

    Parameters
    ----------
    market : Market
    beta : float
        Spillover in ``[0, 1]``.
    gamma : float
        R&D cost parameter. Cluster sizes at which the regime has no
        symmetric equilibrium of the kind computed (``gamma`` at or below
        :func:`~clustercode.symmetric.min_gamma`) are not candidates.
    regime : {"competition", "coordination", "sharing", "joint_venture"}
    entry_cost : float
        :math:`F > 0`, paid by each firm that enters.
    policy : Policy, optional
    competition : {"cournot", "bertrand"}
    max_firms : int
        Largest cluster considered.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``policy`` not a
        :class:`~clustercode.policy.Policy` or None, ``regime`` or ``competition`` not a
        string, or a number not a real number (a bool or a numeric string is not a number).
    ValueError
        For invalid parameters; if no cluster size up to ``max_firms`` has an
        equilibrium; or if an entrant still covers the entry cost at
        ``max_firms`` (the free-entry cluster is larger than the search).
    """
    instance("market", market, Market)
    _regime(regime)
    competition = _competition(competition, market)
    policy = _policy(policy)
    beta = finite_scalar("beta", beta)
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must lie in [0, 1], got {beta:g}")
    gamma = finite_scalar("gamma", gamma, positive=True)
    F = finite_scalar("entry_cost", entry_cost, positive=True)
    max_firms = integer("max_firms", max_firms, minimum=1)
    ns = np.arange(1, int(max_firms) + 1, dtype=float)
    valid = gamma > min_gamma(market, ns, beta, regime, policy, competition)
    if not np.any(valid):
        raise ValueError(f"{regime}: gamma = {gamma:g} admits no symmetric equilibrium for any n <= {max_firms}")
    nv = ns[valid]
    eq = symmetric_equilibrium(market, nv, beta, gamma, regime, policy, competition)
    profit, net = np.atleast_1d(eq.profit), np.atleast_1d(eq.welfare) - nv * F
    covers = profit >= F
    if covers[-1] and nv[-1] == max_firms:
        raise ValueError(
            f"entry_cost = {F:g} is so small that an entrant still covers it with {max_firms} firms; "
            f"raise max_firms or the entry cost"
        )
    n_e = int(nv[covers].max()) if covers.any() else 0
    best = int(np.argmax(net))
    n_opt, w_opt = (int(nv[best]), float(net[best])) if net[best] > 0 else (0, 0.0)

    def at(k):
        return None if k == 0 else symmetric_equilibrium(market, k, beta, gamma, regime, policy, competition)

    e_eq = at(n_e)
    return FreeEntry(
        n=n_e, equilibrium=e_eq, welfare_optimal_n=n_opt, optimal_equilibrium=at(n_opt), entry_cost=F,
        net_welfare=0.0 if e_eq is None else float(e_eq.welfare - n_e * F), optimal_net_welfare=w_opt,
    )
