r"""Cooperation among unequal firms: who gains from which R&D arrangement, and which coalitions last.

Three arrangements of a cluster's R&D (every firm always competes in output):

=================  ==============================================  =========================
name               R&D chosen to maximise                          :func:`~clustercode.cluster.cluster_equilibrium`
=================  ==============================================  =========================
``competition``    each firm's own profit                          ``coalitions=None``
``coordination``   the cluster's joint profit, results not pooled   ``coalitions="all"``
``joint_venture``  the cluster's joint profit, results pooled       ``"all", sharing=True``
=================  ==============================================  =========================

There are no side payments: each firm keeps its own operating profit and pays
its own R&D cost, so a firm compares its own profit across arrangements. In a
pooled coalition the R&D that minimises the coalition's cost of a given total
sets :math:`x_i \propto 1/\gamma_i`, so members share the R&D bill in
proportion to their R&D efficiency, not their size.

Coalition structures (partitions of the firms) are judged by two conditions
in the spirit of d'Aspremont et al.'s cartel stability: *internal* stability,
no member gains by leaving its coalition to do R&D alone, and *external*
stability, no firm gains by moving into another existing coalition. Everyone
else keeps its coalition in either deviation. Two membership rules are
offered: under *open* membership (the default) a coalition cannot
refuse a newcomer; under *exclusive* membership a firm may join a coalition
only if none of its members loses by the move (the members' consent is
required; a move that hurts a member is blocked, not a deviation).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from ._validate import choice, finite_scalar, flag, float_array, instance, integer
from .cluster import Cluster, cluster_equilibrium
from .policy import Policy
from .regimes import ARRANGEMENT_CALLS, ARRANGEMENTS, RegimeDict

__all__ = [  # ARRANGEMENTS and ARRANGEMENT_CALLS are clustercode.regimes' (still importable from here)
    "arrangement_equilibria",
    "arrangement_profits",
    "preferred_arrangement",
    "set_partitions",
    "MEMBERSHIP",
    "Stability",
    "stability",
    "stable_structures",
    "duopoly",
    "preference_grid",
]

#: Membership rules for coalition structures (see :func:`stability`).
MEMBERSHIP = ("open", "exclusive")


def arrangement_equilibria(cluster: Cluster, policy: Policy | None = None) -> dict:
    """The cluster's equilibrium under each arrangement: ``{arrangement: ClusterEquilibrium}``.

    Raises the ValueError of :func:`~clustercode.cluster.cluster_equilibrium` if an arrangement has
    no equilibrium of the kind computed at these parameters.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, or ``policy`` is not a
        :class:`~clustercode.policy.Policy` or None.
    """
    return RegimeDict((k, cluster_equilibrium(cluster, c, s, policy)) for k, (c, s) in ARRANGEMENT_CALLS.items())


def arrangement_profits(cluster: Cluster, policy: Policy | None = None) -> dict[str, np.ndarray]:
    """Each firm's profit under each arrangement: ``{arrangement: profit array}``.

    Raises the ValueError of :func:`~clustercode.cluster.cluster_equilibrium` if an arrangement has
    no equilibrium of the kind computed at these parameters.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster` or ``policy`` not a
        :class:`~clustercode.policy.Policy` or None.
    ValueError
        If an arrangement has no equilibrium (see
        :func:`~clustercode.cluster.cluster_equilibrium`).
    """
    return RegimeDict((k, np.asarray(eq.profit)) for k, eq in arrangement_equilibria(cluster, policy).items())


def preferred_arrangement(cluster: Cluster, policy: Policy | None = None, rtol: float = 1e-9,
                          profits: dict | None = None) -> list[str]:
    """The arrangement giving each firm its highest profit.

    Ties within ``rtol`` (e.g. coordination and a joint venture coincide when
    every spillover is 1) go to the first of :data:`~clustercode.regimes.ARRANGEMENTS`. ``profits``
    (as from :func:`arrangement_profits`) saves solving the arrangements again.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, or ``policy`` is not a
        :class:`~clustercode.policy.Policy` or None.
    """
    profits = arrangement_profits(cluster, policy) if profits is None else profits
    P = np.stack([profits[k] for k in ARRANGEMENTS])
    best = P.max(axis=0)
    near = P >= best - rtol * np.maximum(np.abs(best), 1.0)
    return [ARRANGEMENTS[int(np.argmax(near[:, i]))] for i in range(cluster.n)]


def duopoly(kind: str, level: float, beta: float, *, a: float = 100.0, b: float = 1.0, A: float = 60.0,
            gamma: float = 20.0) -> Cluster:
    """Two firms unequal in one trait, both absorbing ``beta``.

    Firm 2's initial cost is ``A + level`` (``kind="cost"``) or its R&D cost
    parameter ``gamma * level`` (``kind="rd"``); firm 1 has ``A`` and ``gamma``.

    Raises
    ------
    TypeError
        If ``kind`` is not a string, or ``level`` or ``beta`` is not a real number (a bool or a
        numeric string is not a number).
    """
    choice("kind", kind, ("cost", "rd"))
    level, beta, A, gamma = (finite_scalar(k, v) for k, v in (("level", level), ("beta", beta), ("A", A),
                                                              ("gamma", gamma)))
    if kind == "cost":
        return Cluster(a, b, [A, A + level], gamma, beta)
    if kind == "rd":
        return Cluster(a, b, A, [gamma, gamma * level], beta)
    raise ValueError(f"kind must be 'cost' or 'rd', got {kind!r}")


def preference_grid(gap, beta, *, kind="cost", a=100.0, b=1.0, A=60.0, gamma=20.0, policy=None):
    """Preferences of two unequal firms (see :func:`duopoly`) over (heterogeneity, spillover).

    ``gap`` holds the cost gaps (``kind="cost"``: firm 0 has unit cost ``A``,
    firm 1 ``A + gap``) or the R&D cost ratios (``kind="rd"``). Returns an
    array of shape ``(2, len(beta), len(gap))`` holding the index in
    :data:`~clustercode.regimes.ARRANGEMENTS` of each firm's preferred arrangement (firm 0 first),
    NaN where some arrangement has no equilibrium of the kind computed.

    Raises
    ------
    TypeError
        If ``gap`` or ``beta`` is not a real number or an array of them (a bool or a numeric string is
        not a number).
    """
    choice("kind", kind, ("cost", "rd"))
    gap, beta = np.atleast_1d(float_array("gap", gap)), np.atleast_1d(float_array("beta", beta))
    for name, v in (("gap", gap), ("beta", beta)):
        if v.ndim != 1:
            raise ValueError(f"{name} must be a scalar or a one-dimensional array, got shape {v.shape}")
    out = np.full((2, beta.size, gap.size), np.nan)
    for (i, bt), (j, g) in product(enumerate(beta), enumerate(gap)):
        try:
            pref = preferred_arrangement(duopoly(kind, g, bt, a=a, b=b, A=A, gamma=gamma), policy)
        except ValueError:
            continue
        out[:, i, j] = [ARRANGEMENTS.index(p) for p in pref]
    return out


def set_partitions(n: int):
    """Every partition of ``range(n)`` (as lists of sorted lists), in a fixed order.

    There are Bell(n) of them: 1, 2, 5, 15, 52, 203 for n = 1..6.

    Raises
    ------
    TypeError
        If ``n`` is not an integer (a bool or a numeric string is not a number).
    ValueError
        If ``n`` is not an integer in ``[0, 64]`` (Bell(64) is about 1e65: no
        enumeration beyond it could finish).
    """
    return _set_partitions(integer("n", n, minimum=0, maximum=64))


def _set_partitions(n: int):
    if n == 0:
        yield []
        return
    for part in _set_partitions(n - 1):
        for k in range(len(part)):
            yield [blk + [n - 1] if i == k else list(blk) for i, blk in enumerate(part)]
        yield [list(blk) for blk in part] + [[n - 1]]


def _canonical(partition) -> tuple:
    return tuple(sorted(tuple(sorted(int(i) for i in blk)) for blk in partition if len(blk)))


@dataclass(frozen=True)
class Stability:
    """Stability of a coalition structure.

    Attributes
    ----------
    coalitions : tuple of tuples
    profit : ndarray
        Each firm's profit in the structure.
    leavers : tuple of (firm, gain)
        Members who gain by leaving their coalition to stand alone.
    joiners : tuple of (firm, coalition index, gain)
        Firms that gain by moving into another existing coalition (and, under
        exclusive membership, whose move no member of that coalition opposes).
    membership : {"open", "exclusive"}
        The membership rule the structure was checked under.
    """

    coalitions: tuple
    profit: np.ndarray
    leavers: tuple
    joiners: tuple
    membership: str = "open"

    @property
    def internal(self) -> bool:
        return not self.leavers

    @property
    def external(self) -> bool:
        return not self.joiners

    @property
    def stable(self) -> bool:
        return self.internal and self.external


def _profit(cluster, partition, sharing, policy):
    return np.asarray(cluster_equilibrium(cluster, [list(b) for b in partition], sharing, policy).profit)


def _membership(membership) -> str:
    if membership not in MEMBERSHIP:
        raise ValueError(f"membership must be one of {MEMBERSHIP}, got {membership!r}")
    return membership


def stability(cluster: Cluster, coalitions, sharing: bool = True, policy: Policy | None = None,
              rtol: float = 1e-9, membership: str = "open") -> Stability:
    """Check internal and external stability of a coalition structure.

    A deviation counts only if it raises the deviator's profit by more than
    ``rtol`` (relative) and the structure it leads to has an equilibrium of
    the kind :func:`~clustercode.cluster.cluster_equilibrium` computes. Under
    ``membership="exclusive"`` a move into another coalition counts only if
    no member of that coalition loses more than ``rtol`` by it; leaving to
    stand alone needs nobody's consent under either rule.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, or ``sharing`` is not ``True``
        or ``False``.
    """
    membership = _membership(membership)
    instance("cluster", cluster, Cluster)
    flag("sharing", sharing)
    part = _canonical(coalitions)
    base = _profit(cluster, part, sharing, policy)
    tol = rtol * max(1.0, float(np.max(np.abs(base))))
    leavers, joiners = [], []
    for k, blk in enumerate(part):
        for i in blk:
            if len(blk) > 1:  # leave to stand alone
                new = [tuple(j for j in b if j != i) for b in part] + [(i,)]
                try:
                    gain = _profit(cluster, _canonical(new), sharing, policy)[i] - base[i]
                except ValueError:
                    gain = -np.inf
                if gain > tol:
                    leavers.append((i, float(gain)))
            for t, other in enumerate(part):  # move into another coalition
                if t == k:
                    continue
                new = [tuple(j for j in b if j != i) + ((i,) if bi == t else ()) for bi, b in enumerate(part)]
                try:
                    after = _profit(cluster, _canonical(new), sharing, policy)
                    gain = after[i] - base[i]
                except ValueError:
                    gain = -np.inf
                if gain > tol and membership == "exclusive":
                    if any(after[j] < base[j] - tol for j in other):
                        continue  # a member of the coalition vetoes the newcomer
                if gain > tol:
                    joiners.append((i, t, float(gain)))
    return Stability(coalitions=part, profit=base, leavers=tuple(leavers), joiners=tuple(joiners),
                     membership=membership)


def stable_structures(cluster: Cluster, sharing: bool = True, policy: Policy | None = None,
                      max_firms: int = 6, membership: str = "open") -> list[Stability]:
    """Every coalition structure of a small cluster that is internally and externally stable.

    Structures without an equilibrium of the kind computed are skipped.
    ``membership`` is the rule of :func:`stability`: ``"open"`` (the default)
    or ``"exclusive"``.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, ``sharing`` is not ``True`` or
        ``False``, or ``max_firms`` is not an integer (a bool or a numeric string is not a number).
    ValueError
        If the cluster has more than ``max_firms`` firms (the number of
        structures grows as the Bell numbers).
    """
    membership = _membership(membership)
    instance("cluster", cluster, Cluster)
    flag("sharing", sharing)
    max_firms = integer("max_firms", max_firms, minimum=1)
    if cluster.n > max_firms:
        raise ValueError(f"stable_structures enumerates every partition; n = {cluster.n} exceeds "
                         f"max_firms = {max_firms}")
    out = []
    for part in set_partitions(cluster.n):
        try:
            st = stability(cluster, part, sharing, policy, membership=membership)
        except ValueError:
            continue
        if st.stable:
            out.append(st)
    return out
