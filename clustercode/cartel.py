r"""The R&D cartel's true choice: the joint-profit maximum over all R&D profiles.

In the ``coordination`` regime of :mod:`clustercode.symmetric` the cluster
chooses every firm's R&D to maximise joint profit, and the book solves for the
best *symmetric* profile. With a spillover :math:`\beta < 1` the cartel may do
better by treating identical members unequally: concentrating R&D in a few
firms makes their rivals' costs higher than their own, and Cournot industry
profit rises with the dispersion of costs (Salant and Shaffer 1998, 1999).
This module finds the joint-profit maximum over *all* R&D profiles
:math:`x \in \mathbb{R}^n_{\ge 0}`, with the exact Cournot equilibrium of
stage 2, exit included.

Reduction to two groups
-----------------------
Write firm :math:`i`'s unit cost as
:math:`c_i = A - (1-\beta)x_i - \beta X` with :math:`X = \sum_j x_j`. Given the
set :math:`S` of producers, the Cournot price depends on R&D only through
:math:`X` and :math:`X_S = \sum_{j\in S}x_j`, and a producer's margin is
:math:`P - c_i + s = M + (1-\beta)x_i`, where :math:`M` depends only on
:math:`(X, X_S)`. With :math:`(X, X_S)` held fixed the cartel's objective is
therefore a sum :math:`\sum_{i\in S} f(x_i) - \tilde\gamma\sum_{j\notin S}x_j^2/2`
with :math:`f(x) = (M + (1-\beta)x)^2/b - \tilde\gamma x^2/2` and
:math:`\tilde\gamma = (1-\sigma)\gamma`:

* Firms out of the market share their R&D equally (a convex cost), and an
  outsider with R&D would have a lower cost than a producer doing none, so
  outsiders and R&D-less producers do not coexist.
* If :math:`b\tilde\gamma > 2(1-\beta)^2`, :math:`f` is strictly concave and the
  producers do equal R&D. Otherwise :math:`f` is convex, and the maximum over
  producers' R&D with the sum fixed is at a vertex: one producer does the
  rest of the R&D and the others sit at their lower bound (no R&D, or held at
  the margin of exit).

Every maximum therefore has *two groups*: :math:`k` firms at R&D :math:`x_H`
and :math:`n-k` at :math:`x_L` (the second group producing or out). For each
:math:`k` and each of the two active sets (everyone produces; only the first
group does) the payoff is a quadratic in :math:`(x_H, x_L)` on a polygon
(outputs non-negative, the outsiders' cost at least the price, R&D
non-negative, unit costs non-negative), and its maximum is found exactly by
enumerating the interior stationary point, the stationary point on each edge
and the vertices. The test suite checks the result against multi-start
optimisation over full R&D profiles (``tests/test_cartel.py``).

When the symmetric profile is the cartel's choice
--------------------------------------------------
The symmetric profile is a local maximum in every asymmetric direction iff
:math:`b\tilde\gamma > 2(1-\beta)^2` (:func:`asymmetry_bound`, derived in
:func:`clustercode.symbolic.gamma_lower_bound`). Above the bound it is also
the global choice, exit included. Among profiles in which every firm
produces, :math:`f` is strictly concave, so equal R&D is best. In a two-group
profile with exit (:math:`k` producers at :math:`x_H`, outsiders at
:math:`x_L`) the outsiders are out only if
:math:`(1-\beta)(x_H - x_L) \ge z/(k+1)`, where :math:`z = (k+1)bq_H`. Moving
R&D from producers to outsiders with :math:`X` fixed then raises joint profit
at the rate
:math:`k\bigl(\tilde\gamma(x_H - x_L) - 2z(1-\beta)/(b(k+1)^2)\bigr) \ge
kz\bigl(b\tilde\gamma(k+1) - 2(1-\beta)^2\bigr)/\bigl(b(k+1)^2(1-\beta)\bigr) > 0`
and narrows the outsiders' cost gap until they sit at the margin of exit, a
profile in which everyone produces. The identities are checked symbolically in
``tests/test_cartel.py``. Below the bound :func:`cartel_optimum` reports the
global choice, and ``symmetric`` says whether it treats every member alike.

References
----------
Salant, S. W. and Shaffer, G. (1998). Optimal asymmetric strategies in
research joint ventures. *International Journal of Industrial Organization*
16(2), 195-208.

Salant, S. W. and Shaffer, G. (1999). Unequal treatment of identical agents
in Cournot equilibrium. *American Economic Review*, 585-604 (volume not
checked here).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ._validate import finite_scalar, instance, integer, optional_instance
from .market import Market
from .policy import Policy
from .symmetric import MAX_FIRMS

__all__ = ["CartelOptimum", "cartel_optimum", "asymmetry_bound"]

#: Largest cluster :func:`cartel_optimum` accepts (it enumerates group sizes).
MAX_CARTEL_FIRMS = 10_000


def asymmetry_bound(market: Market, beta: float) -> float:
    r"""The bound :math:`2(1-\beta)^2/b` that :math:`(1-\sigma)\gamma` must exceed for the symmetric profile to be a local maximum of the cartel.

    Below it the cartel's symmetric profile is a saddle of joint profit:
    moving R&D from one member to another raises it. Above it the symmetric
    profile is a local maximum; whether it is the global one is answered by
    :func:`cartel_optimum`.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market` or ``beta`` is
        not a real number.
    ValueError
        If ``beta`` is not finite or lies outside ``[0, 1]``.

    Examples
    --------
    >>> asymmetry_bound(Market(100, 1, 60), beta=0.5)
    0.5
    """
    instance("market", market, Market)
    beta = finite_scalar("beta", beta)
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must lie in [0, 1], got {beta:g}")
    return 2.0 * (1.0 - beta) ** 2 / market.b


@dataclass(frozen=True)
class CartelOptimum:
    r"""The joint-profit maximum of an R&D cartel over all R&D profiles.

    Firms are listed with the high-R&D group first.

    Attributes
    ----------
    market : Market
    policy : Policy
    n : int
    beta, gamma : float
    rd : ndarray
        Each firm's R&D :math:`x_i`.
    output : ndarray
        Each firm's Cournot output (zero for a firm out of the market).
    profit : ndarray
        Each firm's profit, subsidies included, net of the R&D cost it pays:
        :math:`bq_i^2 - (1-\sigma)\gamma x_i^2/2`.
    joint_profit : float
        :math:`\sum_i \pi_i`, the cartel's objective.
    consumer_surplus : float
        :math:`bQ^2/2`.
    outlay : float
        Government outlay :math:`sQ + \sigma\gamma\sum_i x_i^2/2`.
    welfare : float
        Consumer surplus + joint profit - (1 + shadow cost) x outlay.
    symmetric : bool
        True when every firm does the same R&D (and so produces the same).
    producers : int
        Number of firms that produce.
    """

    market: Market
    policy: Policy
    n: int
    beta: float
    gamma: float
    rd: np.ndarray
    output: np.ndarray
    profit: np.ndarray
    joint_profit: float
    consumer_surplus: float
    outlay: float
    welfare: float
    symmetric: bool
    producers: int

    @property
    def total_rd(self) -> float:
        """R&D of the whole cluster."""
        return float(self.rd.sum())

    @property
    def unit_cost(self) -> np.ndarray:
        r"""Each firm's unit cost :math:`A - (1-\beta)x_i - \beta X`, before any subsidy."""
        return self.market.A - (1.0 - self.beta) * self.rd - self.beta * self.rd.sum()


def _affine_square(w: np.ndarray, w0: float):
    r"""``(Q, g, c)`` with :math:`(w\cdot z + w_0)^2 = z'Qz + g\cdot z + c`."""
    return np.outer(w, w), 2.0 * w0 * w, w0 * w0


def _solve2(M: np.ndarray, r: np.ndarray):
    """Solution of the 2 x 2 system M z = r by Cramer's rule, or None if M is (nearly) singular."""
    det = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    if not abs(det) > 1e-13 * max(1.0, float(np.abs(M).max())) ** 2:
        return None
    return np.array([r[0] * M[1, 1] - M[0, 1] * r[1], M[0, 0] * r[1] - r[0] * M[1, 0]]) / det


def _maximise_qp(Q: np.ndarray, g: np.ndarray, c: float, G: np.ndarray, h: np.ndarray, tol: float):
    r"""Maximum of :math:`z'Qz + g'z + c` over the polygon :math:`Gz \le h` in :math:`\mathbb{R}^2`.

    Exact enumeration: the maximum of a continuous function on a compact
    polygon is at an interior stationary point, a stationary point of an
    edge, or a vertex. Returns ``(value, z)`` or ``None`` if the polygon is
    empty.
    """
    cands = []
    H = 2.0 * Q
    z = _solve2(H, -g)
    if z is not None:
        cands.append(z)
    m = G.shape[0]
    for i in range(m):
        gi = G[i]
        nn = gi @ gi
        if nn == 0:
            continue
        z0 = gi * h[i] / nn
        d = np.array([-gi[1], gi[0]])
        curv = d @ Q @ d
        if abs(curv) > 1e-14 * max(1.0, np.abs(Q).max()) * nn:
            t = -(2.0 * z0 @ Q @ d + g @ d) / (2.0 * curv)
            cands.append(z0 + t * d)
    for i, j in combinations(range(m), 2):
        z = _solve2(G[[i, j]], h[[i, j]])
        if z is not None:
            cands.append(z)
    best = None
    for z in cands:
        if np.all(G @ z <= h + tol):
            v = z @ Q @ z + g @ z + c
            if best is None or v > best[0]:
                best = (v, z)
    return best


def _group_problem(market, n, k, beta, g, s, everyone):
    """Quadratic joint profit and polygon for k firms at z[0], n - k at z[1]."""
    a, b, A = market.a, market.b, market.A
    L = n - k
    # costs c = A - (1-beta) x_own - beta X as affine maps of z = (xH, xL)
    X = np.array([k, L], dtype=float)
    cH = (np.array([-(1.0 - beta), 0.0]) - beta * X, A)
    cL = (np.array([0.0, -(1.0 - beta)]) - beta * X, A)
    eH = (cH[0], cH[1] - s)
    eL = (cL[0], cL[1] - s)
    if everyone:
        m = n
        Pw = (k * eH[0] + L * eL[0]) / (m + 1.0)
        P0 = (a + k * eH[1] + L * eL[1]) / (m + 1.0)
    else:
        m = k
        Pw = k * eH[0] / (m + 1.0)
        P0 = (a + k * eH[1]) / (m + 1.0)
    mH = (Pw - eH[0], P0 - eH[1])  # b q_H
    mL = (Pw - eL[0], P0 - eL[1])  # b q_L if producing; P - e_L if out
    Q = np.zeros((2, 2))
    lin = np.zeros(2)
    const = 0.0
    for count, marg, prod in ((k, mH, True), (L, mL, everyone)):
        if count and prod:
            q2, l2, c2 = _affine_square(*marg)
            Q += count * q2 / b
            lin += count * l2 / b
            const += count * c2 / b
    Q -= 0.5 * g * np.diag([k, L])
    rows, rhs = [], []

    def le(w, w0):  # w.z + w0 <= 0
        rows.append(np.asarray(w, dtype=float))
        rhs.append(-float(w0))

    le(-mH[0], -mH[1])  # q_H >= 0
    if L:
        if everyone:
            le(-mL[0], -mL[1])  # q_L >= 0
        else:
            le(mL[0], mL[1])  # P <= e_L: the second group stays out
        le([0.0, -1.0], 0.0)  # x_L >= 0
        le(-cL[0], -cL[1])  # c_L >= 0
    else:
        le([0.0, 1.0], 0.0)  # no second group: x_L = 0
        le([0.0, -1.0], 0.0)
    le([-1.0, 0.0], 0.0)  # x_H >= 0
    le(-cH[0], -cH[1])  # c_H >= 0
    return Q, lin, const, np.array(rows), np.array(rhs)


def cartel_optimum(market: Market, n: int, beta: float, gamma: float, policy: Policy | None = None) -> CartelOptimum:
    r"""The R&D profile that maximises the cartel's joint profit, over all profiles, with exit.

    The cartel of all ``n`` firms (the ``coordination`` regime, spillover
    :math:`\beta`) chooses :math:`x \in \mathbb{R}^n_{\ge 0}` to maximise
    :math:`\sum_i \bigl(bq_i^2 - (1-\sigma)\gamma x_i^2/2\bigr)`, where the
    outputs :math:`q_i` are the Cournot equilibrium of stage 2 given the unit
    costs :math:`c_i = A - (1-\beta)x_i - \beta\sum_j x_j`, firms whose cost
    is at least the price producing nothing, and unit costs are kept
    non-negative. The maximum has two groups of firms (see the module
    docstring) and is found exactly for each group size. Salant and Shaffer
    (1998, 1999) show that such unequal treatment of identical firms can pay.

    Parameters
    ----------
    market : Market
    n : int
        Number of firms, ``1 <= n <= 10000``.
    beta : float
        Spillover in ``[0, 1]``. With ``beta = 1`` (a joint venture) every
        member has the same cost and the optimum is symmetric.
    gamma : float
        R&D cost parameter, ``gamma > 0``.
    policy : Policy, optional
        Output and R&D subsidies and the shadow cost of public funds.

    Returns
    -------
    CartelOptimum
        Ties between a symmetric and an asymmetric profile (equal joint profit
        to 1e-12 relative) are resolved in favour of the symmetric one.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``policy`` not a
        :class:`~clustercode.policy.Policy` or None, or ``n``, ``beta`` or ``gamma``
        not a real number (a bool or a numeric string is not a number).
    ValueError
        If ``n`` is not an integer in ``[1, 10000]``, ``beta`` lies outside
        ``[0, 1]``, ``gamma`` is not positive and finite, or the subsidised
        margin :math:`a - A + s` is not positive.

    Examples
    --------
    >>> m = Market(100, 1, 60)
    >>> opt = cartel_optimum(m, n=2, beta=0.5, gamma=20)
    >>> opt.symmetric, round(float(opt.rd[0]), 4)
    (True, 0.6838)
    >>> cartel_optimum(m, n=4, beta=0.0, gamma=1.5).symmetric
    False
    """
    instance("market", market, Market)
    policy = optional_instance("policy", policy, Policy, Policy)
    n = integer("n", n, minimum=1, maximum=min(MAX_CARTEL_FIRMS, MAX_FIRMS))
    beta = finite_scalar("beta", beta)
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must lie in [0, 1], got {beta:g}")
    gamma = finite_scalar("gamma", gamma, positive=True)
    s, sigma = policy.output_subsidy, policy.rd_subsidy
    if not market.a - market.A + s > 0:
        raise ValueError(
            f"the subsidised margin a - A + output_subsidy must be > 0 for firms to produce, "
            f"got {market.a - market.A + s:g}"
        )
    g = (1.0 - sigma) * gamma
    tol = 1e-10 * max(1.0, market.A, market.a)
    best = None  # (value, k, everyone, z)
    for k in range(n, 0, -1):  # k = n first: the symmetric profile wins ties
        for everyone in (True, False) if k < n else (True,):
            res = _maximise_qp(*_group_problem(market, n, k, beta, g, s, everyone), tol)
            if res is None:
                continue
            v, z = res
            if best is None or v > best[0] + 1e-12 * max(1.0, abs(best[0])):
                best = (v, k, everyone, np.maximum(z, 0.0))
    _, k, everyone, (xh, xl) = best
    rd = np.concatenate([np.full(k, xh), np.full(n - k, xl)])
    rd = rd[np.argsort(-rd, kind="stable")]  # the high-R&D group first
    if n > k and abs(xh - xl) <= 1e-9 * max(1.0, abs(xh)) and everyone:
        rd[:] = xh  # the two groups coincide: a symmetric profile
    return _outcome(market, policy, n, beta, gamma, rd)


def _outcome(market: Market, policy: Policy, n: int, beta: float, gamma: float, rd: np.ndarray) -> CartelOptimum:
    """Stage-2 Cournot outcome (with exit) and payoffs of an R&D profile."""
    from .cluster import _cournot_margins, active_set

    a, b, A = market.a, market.b, market.A
    s, sigma = policy.output_subsidy, policy.rd_subsidy
    lam = policy.shadow_cost
    rd = np.asarray(rd, dtype=float)
    c = A - (1.0 - beta) * rd - beta * rd.sum()
    e = c - s
    S = active_set(a, e)
    margins = np.where(S, _cournot_margins(a, e, S), 0.0)
    q = np.maximum(margins, 0.0) / b
    profit = b * q**2 - 0.5 * (1.0 - sigma) * gamma * rd**2
    Q = float(q.sum())
    cs = 0.5 * b * Q**2
    outlay = s * Q + 0.5 * sigma * gamma * float(np.sum(rd**2))
    jp = float(profit.sum())
    for arr in (rd, q, profit):
        arr.flags.writeable = False
    return CartelOptimum(
        market=market, policy=policy, n=n, beta=beta, gamma=gamma, rd=rd, output=q, profit=profit,
        joint_profit=jp, consumer_surplus=cs, outlay=outlay, welfare=cs + jp - (1.0 + lam) * outlay,
        symmetric=bool(np.ptp(rd) <= 1e-9 * max(1.0, float(np.abs(rd).max()))), producers=int(S.sum()),
    )
