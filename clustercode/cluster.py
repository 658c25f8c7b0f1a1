r"""Heterogeneous clusters: unequal firms, R&D coalitions and exit, at any scale.

Firm :math:`i` has initial unit cost :math:`A_i` (manufacturing efficiency),
R&D cost :math:`\gamma_i x_i^2/2` (R&D efficiency) and absorptive capacity
:math:`\beta_i \in [0, 1]`, the share of other firms' R&D it can use
(Cohen and Levinthal 1989). Before any policy its unit cost is

.. math::

    c_i = A_i - x_i - \beta_i \sum_{j \ne i} x_j ,

and, when the firm belongs to an R&D coalition :math:`K` that pools (shares)
its results,

.. math::

    c_i = A_i - \sum_{j \in K} x_j - \beta_i \sum_{j \notin K} x_j .

Stage 1: R&D. A *coalition* (a block of a partition of the firms) chooses its
members' R&D to maximise their joint profit; a firm alone is a coalition of
one. Stage 2: Cournot competition in quantities with inverse demand
:math:`P = a - bQ`. With identical firms the model is
:mod:`clustercode.symmetric`: competition = no coalitions, coordination = one
coalition of all firms, sharing = every :math:`\beta_i = 1`, joint venture =
one coalition with ``sharing=True``.

Policy (:class:`~clustercode.policy.Policy`) is the same as in the symmetric
model: an output subsidy :math:`s` lowers every effective marginal cost to
:math:`e_i = c_i - s`; an R&D subsidy pays the share :math:`\sigma` of R&D
cost, so firms face :math:`(1-\sigma)\gamma_i x_i^2/2`.

The equilibrium concept
-----------------------
Stage 2 with active set :math:`S` (:math:`m = |S|` firms producing) has
:math:`P = (a + \sum_{j\in S} e_j)/(m+1)` and :math:`q_i = (P - e_i)/b` for
:math:`i \in S`, zero otherwise; :math:`S` is the unique set with
:math:`e_i < P` exactly for its members (the threshold rule on sorted costs).

Given :math:`S`, quantities are linear in R&D, so every stage-1 first-order
condition is linear. We compute a *local* subgame-perfect equilibrium: R&D
satisfies every coalition's Karush-Kuhn-Tucker conditions (:math:`x_i \ge 0`)
for the stage-2 active set that this R&D itself induces, each coalition's
problem is strictly concave on that set, and no firm outside :math:`S` could
produce profitably (:math:`P \le e_i`). Firms whose deviation would change the
active set are not considered (the stage-1 payoffs have kinks there). A firm
that exits does no R&D unless it belongs to a coalition whose producing
members gain from it.

Firms held at the margin
------------------------
Sometimes no equilibrium has every firm strictly in or out: firm :math:`j`
would exit if counted as a producer and enter if counted out. The
equilibrium then holds it *at the margin*: the others' R&D keeps the price
exactly at its cost, :math:`P = e_j`, so it produces nothing and could not
enter at a profit (``ClusterEquilibrium.marginal``). Each coalition's payoff
has a kink there: R&D that pushes the price below :math:`e_j` is valued with
:math:`j` out of the market, R&D that lifts it above with :math:`j` in. The
Cournot price is a concave function of costs, and its supergradients at the
kink count :math:`j` with a weight :math:`t_j \in [0, 1]` in the price's
response, :math:`P = (a + \sum_i w_i e_i)/(1 + \sum_i w_i)` with :math:`w_i = 1`
for producers and :math:`w_j = t_j`. A coalition's R&D is optimal at the kink
iff its first-order conditions hold for *some* such weights. The kink is
always concave: near it, coalition :math:`K`'s payoff is its payoff with
:math:`j` out minus :math:`2 Q_K \max(N_j, 0)/((m+1)(m+2))`, where
:math:`N_j = a + \sum_{i \in S} e_i - (m+1) e_j` is :math:`(m+1)` times
:math:`j`'s entry margin and :math:`Q_K` the coalition's output. The
second-order conditions on both sides complete the check.

These conditions leave a continuum of equilibria (one equation
:math:`P = e_j` for :math:`j`, one free weight per coalition). The solver
returns the one in which every coalition uses the *same* weight :math:`t_j`:
a square system (R&D plus one weight per marginal firm, or per group of
identical marginal firms) whose solution moves continuously into the
equilibria with :math:`j` producing (:math:`t_j = 1`) or out (:math:`t_j = 0`)
as parameters change.

Algorithm
---------
The stage-1 system is diagonal plus low rank: two cluster-wide sums (total
R&D :math:`X` and the price-relevant sum :math:`T`) and two sums per coalition
(one for a pooling coalition). Every firm's R&D is affine in these unknowns, so
the system reduces to a bordered system of size :math:`2 + 2L` for :math:`L`
coalitions of two or more firms: solved densely when :math:`L \le 200`, and
otherwise by eliminating each coalition's unknowns first (a Schur complement).
Either way a pass costs :math:`O(n)` plus at most :math:`O(L^3)` for few
coalitions, and never forms an :math:`n\times n` matrix; only producers and
members of coalitions with a producer enter it. An outer loop updates the
active set of stage 2 (Newton's method on the price, :func:`active_set`) and
the set of coalition members whose R&D is clamped at zero until neither
changes. If the loop revisits a state, the firms whose status changes along
the cycle are assigned producing, out or at the margin, in order of their
costs (cheapest produce, then one group at the margin, the rest out), and the
first consistent assignment is kept. If none is, a bisection looks for a
split of a group of equal firms (some produce, the rest wait at the margin).
The weights :math:`t_j` are found by a bracketing secant method (one group)
or Newton's method (several), each step one linear solve, so such states
cost a few dozen solves (``benchmarks/bench_cluster.py`` times them). If no
assignment is consistent the solver raises a ``ValueError``.

Numerics: margins :math:`P - e_i` are formed from deviations around the mean
cost of the producers, never as differences of large sums, so a cluster of
:math:`10^6` firms keeps full relative precision in quantities.

References
----------
Cohen, W. M. and Levinthal, D. A. (1989). Innovation and learning: the two
faces of R&D. *Economic Journal* 99(397), 569-596.

d'Aspremont, C. and Jacquemin, A. (1988). Cooperative and noncooperative R&D
in duopoly with spillovers. *American Economic Review* 78(5), 1133-1137.

Kamien, M. I., Muller, E. and Zang, I. (1992). Research joint ventures and
R&D cartels. *American Economic Review* 82(5), 1293-1306.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import numpy as np

from ._validate import InputTypeError, finite_scalar, flag, float_array, instance, integer, optional_instance
from .market import Market
from .policy import Policy

__all__ = ["Cluster", "ClusterEquilibrium", "cluster_equilibrium", "coalition_labels", "active_set"]

#: Largest cluster :meth:`Cluster.identical` builds (the solver is linear in n; 10^6 firms take seconds).
MAX_FIRMS = 10**8

#: How close (relatively) a lone firm's gamma may come to its stability bound: nearer, the
#: solution loses more than ~1e-7 of relative accuracy and the solver refuses it.
NEAR_BOUND_RTOL = 1e-8

#: Outer iterations allowed before the active-set loop is declared cycling.
MAX_ITER = 1000


def _readonly(arr, copy: bool = True) -> np.ndarray:
    """A read-only array (a float copy of ``arr`` unless ``copy=False``)."""
    arr = np.array(arr, dtype=float) if copy else arr
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, eq=False)
class Cluster:
    r"""A cluster of firms that differ in cost, R&D efficiency and absorptive capacity.

    Parameters
    ----------
    a : float
        Demand intercept of :math:`P = a - bQ`.
    b : float
        Slope of inverse demand, :math:`b > 0`.
    A : float or array
        Initial unit costs :math:`A_i > 0` (manufacturing efficiency).
    gamma : float or array
        R&D cost parameters :math:`\gamma_i > 0` (R&D efficiency: lower is
        more efficient).
    beta : float or array
        Absorptive capacities :math:`\beta_i \in [0, 1]`.

    Scalars are broadcast to the length of the arrays; arrays must have equal
    lengths. Stored as read-only float arrays.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not a real number, or ``A``, ``gamma`` or ``beta`` is not a real number
        or an array of them (a bool or a numeric string is not a number).
    ValueError
        If lengths differ, a value is not finite, ``b <= 0``, some
        ``A_i <= 0``, ``gamma_i <= 0``, ``beta_i`` outside ``[0, 1]``, or
        ``a <= min(A)`` (no firm could produce). Messages name the first
        offending firm.

    Examples
    --------
    >>> c = Cluster(a=100, b=1, A=[60, 62, 70], gamma=[20, 25, 30], beta=[0.3, 0.5, 0.4])
    >>> c.n
    3
    """

    a: float
    b: float
    A: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray

    def __post_init__(self) -> None:
        a = finite_scalar("a", self.a)
        b = finite_scalar("b", self.b, positive=True)
        arrays = {k: float_array(k, getattr(self, k)) for k in ("A", "gamma", "beta")}
        for k, v in arrays.items():
            if v.ndim > 1:
                raise ValueError(f"{k} must be a scalar or a one-dimensional array, got shape {v.shape}")
        lengths = {k: v.size for k, v in arrays.items() if v.ndim == 1}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"A, gamma and beta must have equal lengths, got {lengths}")
        n = next(iter(lengths.values()), 1)
        if n < 1:
            raise ValueError("a cluster needs at least one firm, got empty arrays")
        A, gamma, beta = (np.broadcast_to(arrays[k], (n,)) for k in ("A", "gamma", "beta"))
        for name, arr, ok, cond in (
            ("A", A, A > 0, "> 0"),
            ("gamma", gamma, gamma > 0, "> 0"),
            ("beta", beta, (beta >= 0) & (beta <= 1), "in [0, 1]"),
        ):
            if not ok.all():
                i = int(np.argmin(ok))
                raise ValueError(f"{name} of firm {i} must be {cond}, got {arr[i]:g}")
        if not a > A.min():
            raise ValueError(
                f"the demand intercept must exceed the lowest initial unit cost (a > min(A)) "
                f"for any firm to produce, got a = {a:g}, min(A) = {A.min():g}"
            )
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        for k, v in (("A", A), ("gamma", gamma), ("beta", beta)):
            object.__setattr__(self, k, _readonly(v))

    @property
    def n(self) -> int:
        """Number of firms."""
        return int(self.A.size)

    @classmethod
    def identical(cls, market: Market, n: int, beta: float, gamma: float) -> Cluster:
        """``n`` identical firms: the symmetric model of :mod:`clustercode.symmetric`.

        Raises
        ------
        TypeError
            If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer, or
            ``beta`` or ``gamma`` is not a real number (a bool or a numeric string is not a number).
        ValueError
            If ``n`` is not a positive integer or the firms are not a valid :class:`Cluster`.
        """
        instance("market", market, Market)
        n = integer("n", n, minimum=1, maximum=MAX_FIRMS)
        return cls(market.a, market.b, np.full(n, market.A), finite_scalar("gamma", gamma),
                   finite_scalar("beta", beta))

    def __repr__(self) -> str:
        return f"Cluster(a={self.a:g}, b={self.b:g}, n={self.n})"


@dataclass(frozen=True, eq=False)
class ClusterEquilibrium:
    r"""Equilibrium of a heterogeneous cluster (see :func:`cluster_equilibrium`).

    Per-firm arrays: ``rd`` (:math:`x_i`), ``output`` (:math:`q_i`),
    ``unit_cost`` (real :math:`c_i`, before any subsidy), ``profit`` (net of
    the R&D cost the firm pays, subsidies included), ``active``
    (:math:`q_i > 0`), ``coalition`` (label of each firm's coalition),
    ``marginal`` (firms held exactly at zero output: the price equals their
    cost, so they neither produce nor could enter at a profit).
    Scalars: ``price``, ``total_output``, ``consumer_surplus``
    (:math:`bQ^2/2`), ``outlay`` (:math:`\sum_i (s q_i + \sigma\gamma_i x_i^2/2)`),
    ``welfare`` (:math:`CS + \sum_i\pi_i - (1+\lambda)\,\text{outlay}`),
    ``total_rd``, ``iterations`` (outer active-set passes).
    """

    cluster: Cluster
    policy: Policy
    sharing: bool
    coalition: np.ndarray
    rd: np.ndarray
    output: np.ndarray
    unit_cost: np.ndarray
    profit: np.ndarray
    active: np.ndarray
    price: float
    consumer_surplus: float
    outlay: float
    welfare: float
    marginal: np.ndarray
    iterations: int = field(default=0)

    @property
    def n(self) -> int:
        return self.cluster.n

    @property
    def total_rd(self) -> float:
        return float(self.rd.sum())

    @property
    def total_output(self) -> float:
        return float(self.output.sum())

    @property
    def total_profit(self) -> float:
        return float(self.profit.sum())

    @property
    def coalitions(self) -> list[list[int]]:
        """The coalition structure as a list of sorted lists of firm indices."""
        order = np.argsort(self.coalition, kind="stable")
        labels = self.coalition[order]
        cuts = np.flatnonzero(np.diff(labels)) + 1
        return [part.tolist() for part in np.split(order, cuts)]

    @property
    def market_shares(self) -> np.ndarray:
        Q = self.total_output
        return self.output / Q if Q > 0 else np.zeros_like(self.output)

    @property
    def hhi(self) -> float:
        """Herfindahl-Hirschman index of output shares (0 to 1)."""
        return float(np.sum(self.market_shares**2))


def coalition_labels(coalitions, n: int) -> np.ndarray:
    """Coalition label (0, 1, ...) of each firm from a partition of ``range(n)``.

    ``coalitions`` is ``None`` (every firm alone), the string ``"all"`` (one
    coalition of every firm), a sequence of sequences of firm indices that
    partitions ``range(n)``, or a 1-D integer array of length ``n`` giving each
    firm's coalition label.

    Raises
    ------
    TypeError
        If ``n`` is not an integer (a bool or a numeric string is not a number).
    ValueError
        If the sequences are not a partition of ``range(n)`` (an index out of
        range, repeated, or missing) or labels are not integers.
    """
    n = integer("n", n, minimum=1)
    if coalitions is None:
        return np.arange(n)
    if isinstance(coalitions, str):
        if coalitions == "all":
            return np.zeros(n, dtype=np.intp)
        raise ValueError(f"coalitions must be None, 'all' or a partition of the firms, got {coalitions!r}")
    if isinstance(coalitions, np.ndarray) and coalitions.ndim == 1 and coalitions.dtype.kind in "iu":
        if coalitions.size != n:
            raise ValueError(f"coalition labels must have one entry per firm ({n}), got {coalitions.size}")
        _, labels = np.unique(coalitions, return_inverse=True)
        return labels.astype(np.intp)
    labels = np.full(n, -1, dtype=np.intp)
    try:
        parts = [np.asarray(list(p)) for p in coalitions]
    except TypeError:
        raise ValueError(
            f"coalitions must be a sequence of sequences of firm indices, got {coalitions!r}"
        ) from None
    for k, p in enumerate(parts):
        if p.size == 0:
            raise ValueError(f"coalition {k} is empty; a partition has no empty blocks")
        if p.dtype.kind == "b" or p.dtype.kind not in "iuf":
            raise InputTypeError(f"coalition {k} must list integer firm indices, got {p.tolist()!r}")
        if p.dtype.kind not in "iu":
            raise ValueError(f"coalition {k} must list integer firm indices, got {p.tolist()!r}")
        bad = (p < 0) | (p >= n)
        if bad.any():
            raise ValueError(f"coalition {k} names firm {int(p[bad][0])}, outside 0..{n - 1}")
        dup = labels[p] >= 0
        if dup.any() or np.unique(p).size != p.size:
            f = int(p[dup][0]) if dup.any() else int(p[np.diff(np.sort(p), prepend=-1) == 0][0])
            raise ValueError(f"firm {f} appears in more than one coalition; coalitions must be a partition")
        labels[p] = k
    missing = labels < 0
    if missing.any():
        raise ValueError(
            f"firm {int(np.flatnonzero(missing)[0])} is in no coalition; coalitions must partition "
            f"all {n} firms (list a firm alone as a coalition of one)"
        )
    return labels


def active_set(a: float, e: np.ndarray) -> np.ndarray:
    r"""Firms that produce in the Cournot equilibrium with effective marginal costs ``e``.

    The equilibrium price is the root of the convex, increasing, piecewise
    linear :math:`\phi(P) = P - a + \sum_i (P - e_i)^+`; a firm produces iff
    :math:`e_i < P`. Newton's method from :math:`P = a` is the iteration
    "price of the firms that would produce at the current price"; it falls
    monotonically and stops after finitely many steps. Each step only looks
    at the firms still below the price, so the total cost is :math:`O(n)` in
    practice. Sums are of deviations
    :math:`P - e_i`, which keeps large clusters precise. After 200 steps it
    falls back to sorting.

    Raises
    ------
    TypeError
        If ``a`` is not a real number, or ``e`` is not a real number or an array of them (a bool or a
        numeric string is not a number).
    ValueError
        If ``a`` or an entry of ``e`` is not finite, or ``e`` is not one-dimensional.
    """
    a = finite_scalar("a", a)
    e = float_array("e", e)
    if e.ndim != 1:
        raise ValueError(f"e must be a one-dimensional array of costs, got shape {e.shape}")
    return _active_set(a, e)


def _active_set(a: float, e: np.ndarray) -> np.ndarray:
    """:func:`active_set` without the checks (the solver passes inf for firms held out)."""
    P = float(a)
    cand = e[e < P]  # P only falls, so only these firms can produce
    for _ in range(200):
        P = P - (P - a + float(np.sum(P - cand))) / (1.0 + cand.size)
        keep = cand < P
        if keep.all():
            return e < P
        cand = cand[keep]
    order = np.argsort(e, kind="stable")  # pragma: no cover - pathological spacing of costs
    f = e[order] - e[order[0]]
    k = np.arange(1, e.size + 1, dtype=float)
    ok = (k + 1.0) * f - np.cumsum(f) < a - e[order[0]]
    m = e.size if ok.all() else int(np.argmin(ok))
    S = np.zeros(e.size, dtype=bool)
    S[order[:m]] = True
    return S


def _cournot_margins(a: float, e: np.ndarray, S: np.ndarray) -> np.ndarray:
    r""":math:`P - e_i` for every firm given the active set, from deviations around the mean cost.

    ``S`` is a boolean mask of producers or a float array of weights :math:`w_j`
    (:math:`P = (a + \sum_j w_j e_j)/(1 + \sum_j w_j)`).
    """
    m = float(S.sum())
    if m == 0:
        return a - e  # nobody produces: the price is the demand intercept
    ebar = float(np.mean(e[S])) if S.dtype == bool else float(S @ e) / m
    return (a - e + m * (ebar - e)) / (m + 1.0)


class _Structure:
    """Coalition bookkeeping: labels, sizes, and which firms use which formula."""

    def __init__(self, labels: np.ndarray, sharing: bool):
        self.labels = labels
        self.K = int(labels.max()) + 1
        size = np.bincount(labels, minlength=self.K)
        self.size = size
        multi = size[labels] > 1
        self.single = ~multi
        self.coop = multi & (not sharing)
        self.share = multi & sharing

    def subset(self, idx: np.ndarray) -> _Structure:
        """The structure restricted to firms ``idx`` (coalitions relabelled 0, 1, ...)."""
        sub = object.__new__(_Structure)
        _, sub.labels = np.unique(self.labels[idx], return_inverse=True)
        sub.labels = sub.labels.astype(np.intp)
        sub.K = int(sub.labels.max()) + 1 if idx.size else 0
        sub.size = self.size[self.labels[idx]][np.unique(sub.labels, return_index=True)[1]]
        sub.single, sub.coop, sub.share = self.single[idx], self.coop[idx], self.share[idx]
        return sub

    def sums(self, w: np.ndarray) -> np.ndarray:
        """Per-coalition sums of ``w`` (shape (n,) or (n, k))."""
        if w.ndim == 1:
            return np.bincount(self.labels, weights=w, minlength=self.K)
        return np.stack([np.bincount(self.labels, weights=w[:, j], minlength=self.K)
                         for j in range(w.shape[1])], axis=1)


#: Up to this many coalitions of two or more firms, their unknowns join the
#: cluster-wide ones in one dense bordered system; beyond it they are
#: eliminated coalition by coalition (a Schur complement, O(n) in total).
DENSE_COALITIONS = 200


class _Stage2:
    r"""Stage-2 (Cournot) quantities the first-order conditions need, for one active set.

    With producers :math:`S` (``Sf``: 1 for a producer) and price weights
    :math:`w_j` (``Wf``; the producers unless a firm is held at the margin),
    :math:`m = \sum_j w_j` and :math:`B_S = \sum_j w_j\beta_j`:

    * ``bq0``: :math:`bq^0_i = P^0 - e^0_i`, each producer's margin at zero R&D;
    * ``u``: :math:`u_i = (B_S + (1-\beta_i)w_i)/(m+1)`, the response of the
      price to firm :math:`i`'s R&D (for a pool member,
      :math:`u_K = (B_S + C_K)/(m+1)` with :math:`C_K = \sum_{j\in K} (1-\beta_j)w_j`);
      so :math:`P = P^0 - T` with :math:`T = u^\top x`;
    * ``CK``, ``CKw``: :math:`C_K` counted over the pool's producers (their
      outputs) and over its weights (the price), ``None`` without pools.
    """

    def __init__(self, cl, st: _Structure, s: float, S: np.ndarray, w: np.ndarray | None):
        beta = cl.beta
        self.Sf = Sf = S.astype(float)  # producers: their outputs and profits
        self.Wf = Wf = Sf if w is None else w  # weights in the price
        self.m = m = float(Wf.sum())
        self.BS = BS = float(beta @ Wf)
        self.bq0 = _cournot_margins(cl.a, cl.A - s, S if w is None else Wf) * Sf  # b q_i at zero R&D, producers
        self.om = om = 1.0 - beta
        self.CK = self.CKw = None
        if st.share.any():
            self.CK = st.sums(om * Sf)  # pooled R&D's effect on the pool's producers
            self.CKw = self.CK if w is None else st.sums(om * Wf)  # ... and on the price
        u = (BS + om * Wf) / (m + 1.0)
        if self.CK is not None:
            u = np.where(st.share, (BS + self.CKw[st.labels]) / (m + 1.0), u)
        self.u = u


class _AffineRD:
    r"""Each firm's R&D as an affine function of the system's unknowns.

    :math:`x_i = x^c_i + x^X_i X + x^T_i T + l^q_i Q_K + l^r_i R_K` (``xc``,
    ``xX``, ``xT``, ``lq``, ``lr``), with :math:`X` total R&D, :math:`T = u^\top x`,
    and :math:`Q_K`, :math:`R_K` the sums of firm :math:`i`'s coalition.
    Firms kept as unknowns of the system themselves have zero coefficients here.
    """

    def __init__(self, n: int):
        self.xc, self.xX, self.xT = np.zeros(n), np.zeros(n), np.zeros(n)
        self.lq, self.lr = np.zeros(n), np.zeros(n)

    def add_own_cost(self, k: np.ndarray, cl, p2: _Stage2) -> None:
        r""":math:`x_i \mathrel{+}= k_i c_i` with :math:`c_i = bq^0_i + \beta_i X - T`."""
        self.xc += k * p2.bq0
        self.xX += k * cl.beta
        self.xT -= k

    def at(self, X, T, Qm, Rm, labels) -> np.ndarray:
        return self.xc + X * self.xX + T * self.xT + self.lq * Qm[labels] + self.lr * Rm[labels]


def _firms_alone(cl, st: _Structure, g, S, p2: _Stage2, aff: _AffineRD, diag: dict):
    r"""Eliminate the producers alone: :math:`x_i = 2 d_i c_i / (b h_i)`.

    Firm :math:`i`'s first-order condition is :math:`g_i x_i = 2 d_i q_i` with
    :math:`d_i = 1 - u_i` (its R&D lowers its own cost one for one and the
    price by :math:`u_i`) and :math:`bq_i = c_i + (1-\beta_i)x_i`, so
    :math:`h_i x_i = 2 d_i c_i / b` with :math:`h_i = g_i - 2 d_i(1-\beta_i)/b`.
    A lone producer (:math:`m = 1`) has no stability condition, so its
    :math:`h_i` may be small or negative: it stays an unknown of the system
    (returned as ``lone``, with ``d`` and ``h1``) instead of being divided out.
    """
    b, om = cl.b, p2.om
    d = 1.0 - p2.u
    h1 = g - 2.0 * d * om / b
    i1 = st.single & S
    diag["single"] = (i1, d, h1)
    lone = int(np.flatnonzero(i1)[0]) if (p2.Sf.sum() == 1 and i1.any()) else None
    if lone is not None and h1[lone] > 0.1 * g[lone]:
        lone = None  # well conditioned: eliminate it like the others
    elim = i1.copy()
    if lone is not None:
        elim[lone] = False
    with np.errstate(divide="ignore", invalid="ignore"):
        k1 = np.where(elim, 2.0 * d / (b * h1), 0.0)
    aff.add_own_cost(k1, cl, p2)
    return lone, d, h1


def _coalition_members(cl, st: _Structure, g, S, free, p2: _Stage2, aff: _AffineRD, diag: dict):
    r"""Eliminate the members of coalitions that do not pool, and the pools' members.

    A member :math:`i` of coalition :math:`K` (no pooling) maximises the
    coalition's profit: :math:`g_i x_i = (2/b)(R_K - u_i Q_K + (1-\beta_i)bq_i)`,
    :math:`Q_K = \sum_{j\in K\cap S} bq_j`, :math:`R_K = \sum_{j\in K\cap S}\beta_j bq_j`.
    Dividing by :math:`h_i = g_i - 2(1-\beta_i)^2 s_i/b` gives
    :math:`x_i = p_i(R_K - u_i Q_K + (1-\beta_i)c_i)`, :math:`p_i = 2/(b h_i)`;
    a free member with :math:`h_i \le 0.1 g_i` stays an unknown (``explicit``).
    A pool's member does :math:`x_i = 2(1-u_K)Q_K/(b g_i)`.
    Returns ``(explicit, h)`` (``h`` is ``None`` without such coalitions).
    """
    b, om, Sf = cl.b, p2.om, p2.Sf
    explicit = np.zeros(cl.n, dtype=bool)  # coalition members kept as unknowns (h_i small or <= 0)
    h = None
    if st.coop.any():  # x_i = p_i (R_K - u_i Q_K + (1 - beta_i) c_i)
        h = g - 2.0 * om**2 * Sf / b
        diag["coop"] = h
        explicit = st.coop & free & S & (h <= 0.1 * g)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(st.coop & free & ~explicit, 2.0 / (b * h), 0.0)
        aff.add_own_cost(p * om * Sf, cl, p2)
        aff.lq -= p * p2.u
        aff.lr += p
    if st.share.any():  # x_i = 2 (1 - u_K) Q_K / (b g_i)
        aff.lq += np.where(st.share, 2.0 / b * (1.0 - p2.u) / g, 0.0)
    diag["explicit"] = explicit
    return explicit, h


def _coalition_rows(cl, st: _Structure, p2: _Stage2, aff: _AffineRD, multi: np.ndarray):
    r"""The equations defining each coalition's unknowns, in terms of :math:`X`, :math:`T`, :math:`Q_K`, :math:`R_K`.

    Row 0 of coalition :math:`K` is :math:`Q_K = \sum_{j\in K\cap S} bq_j`,
    row 1 :math:`R_K = \sum_{j\in K\cap S}\beta_j bq_j`, with
    :math:`bq_j = c_j + (1-\beta_j)x_j` and :math:`x_j` from ``aff``. For a
    pool, whose members all gain the pooled R&D :math:`Z_K = \sum_{i\in K}x_i`, row 0 is
    :math:`Q_K = \sum_{j\in K\cap S}(bq^0_j + \beta_j X - T) + C_K Z_K`, and row 1 is
    :math:`R_K = 0` (unused).
    Returns ``(cX, cT, cQ, cR, rh)``, each of shape ``(len(multi), 2)``:
    coefficients on :math:`X`, :math:`T`, :math:`Q_K`, :math:`R_K` and the right-hand side.
    """
    beta, n, om = cl.beta, cl.n, p2.om
    bq0, CK = p2.bq0, p2.CK
    mask = p2.Sf * ~st.single
    cX = np.zeros((st.K, 2))
    cT, cQ, cR, rh = (np.zeros((st.K, 2)) for _ in range(4))
    for r, wt in enumerate((np.ones(n), beta)):
        wc = mask * wt * st.coop
        cX[:, r] = -st.sums(wc * (beta + om * aff.xX))
        cT[:, r] = -st.sums(wc * (-1.0 + om * aff.xT))
        cQ[:, r] = (r == 0) - st.sums(wc * om * aff.lq)
        cR[:, r] = (r == 1) - st.sums(wc * om * aff.lr)
        rh[:, r] = st.sums(wc * (bq0 + om * aff.xc))
    if st.share.any():
        sh = st.share
        ws = mask * sh
        tot = lambda v: st.sums(np.where(sh, v, 0.0))  # noqa: E731
        pool = st.sums(sh.astype(float)) > 0
        cX[pool, 0] = (-st.sums(ws * beta) - CK * tot(aff.xX))[pool]
        cT[pool, 0] = (st.sums(ws) - CK * tot(aff.xT))[pool]
        cQ[pool, 0] = (1.0 - CK * tot(aff.lq))[pool]
        cR[pool, 0] = 0.0
        rh[pool, 0] = (st.sums(ws * bq0) + CK * tot(aff.xc))[pool]
        cX[pool, 1] = cT[pool, 1] = cQ[pool, 1] = rh[pool, 1] = 0.0
        cR[pool, 1] = 1.0  # R_K is not used by a pool: R_K = 0
    return cX[multi], cT[multi], cQ[multi], cR[multi], rh[multi]


def _solve_bordered(cl, st: _Structure, p2: _Stage2, aff: _AffineRD, rows, multi, explicit, h, lone, d, h1,
                    diag: dict):
    r"""Solve the bordered system densely: unknowns :math:`X`, :math:`T`, every :math:`Q_K`, :math:`R_K`, then
    the members kept explicit and the lone producer.

    The first two rows define :math:`X = \sum_i x_i` and :math:`T = u^\top x`;
    then two rows per coalition (:func:`_coalition_rows`); then, for each
    explicit member, its first-order condition
    :math:`h_i x_i - (2/b)(R_K - u_i Q_K + (1-\beta_i)(bq^0_i + \beta_i X - T)) = 0`;
    and for the lone producer :math:`h_i x_i - (2d_i/b)(bq^0_i + \beta_i X - T) = 0`.
    Returns ``(X, T, Qm, Rm, z)``; ``z`` is the solution vector (NaN if singular).
    """
    b, beta, n, om, u, bq0 = cl.b, cl.beta, cl.n, p2.om, p2.u, p2.bq0
    L = multi.size
    ex = np.flatnonzero(explicit)
    E = ex.size
    size = 2 + 2 * L + E + (lone is not None)
    M = np.zeros((size, size))
    rhs = np.zeros(size)
    for r, wt in enumerate((np.ones(n), u)):
        M[r, 0] = (r == 0) - wt @ aff.xX
        M[r, 1] = (r == 1) - wt @ aff.xT
        rhs[r] = wt @ aff.xc
        if L:
            M[r, 2:2 + L] = -st.sums(wt * aff.lq)[multi]
            M[r, 2 + L:2 + 2 * L] = -st.sums(wt * aff.lr)[multi]
    if L:
        cX, cT, cQ, cR, rh = rows
        for r in range(2):
            idx = 2 + r * L + np.arange(L)
            M[idx, 0] = cX[:, r]
            M[idx, 1] = cT[:, r]
            M[idx, 2 + np.arange(L)] = cQ[:, r]
            M[idx, 2 + L + np.arange(L)] = cR[:, r]
            rhs[idx] = rh[:, r]
    if E:  # h_i x_i - (2/b)(R_K - u_i Q_K + (1 - beta_i)(bq0_i + beta_i X - T)) = 0
        pos = np.full(st.K, -1)
        pos[multi] = np.arange(L)
        cols = 2 + 2 * L + np.arange(E)
        k = pos[st.labels[ex]]
        M[0, cols], M[1, cols] = -1.0, -u[ex]
        M[2 + k, cols] = -om[ex]
        M[2 + L + k, cols] = -beta[ex] * om[ex]
        r = 2.0 / b
        M[cols, 0] = -r * om[ex] * beta[ex]
        M[cols, 1] = r * om[ex]
        M[cols, 2 + k] = r * u[ex]
        M[cols, 2 + L + k] = -r
        M[cols, cols] = h[ex]
        rhs[cols] = r * om[ex] * bq0[ex]
    if lone is not None:
        rr = 2.0 * d[lone] / b
        M[0, -1], M[1, -1] = -1.0, -u[lone]
        M[-1, 0], M[-1, 1], M[-1, -1] = -rr * beta[lone], rr, h1[lone]
        rhs[-1] = rr * bq0[lone]
    sign, logdet = np.linalg.slogdet(M)
    diag["global_det"] = sign
    if sign != 0 and np.isfinite(logdet):
        z = np.linalg.solve(M, rhs)
    else:
        z = np.full(size, np.nan)
    Qm, Rm = np.zeros(st.K), np.zeros(st.K)
    if L:
        Qm[multi], Rm[multi] = z[2:2 + L], z[2 + L:2 + 2 * L]
    return z[0], z[1], Qm, Rm, z


def _solve_by_elimination(st: _Structure, p2: _Stage2, aff: _AffineRD, rows, multi, diag: dict):
    r"""Solve with many coalitions: eliminate each coalition's :math:`(Q_K, R_K)` first (a Schur complement).

    Each coalition's two rows give :math:`(Q_K, R_K)` as affine functions of
    :math:`(X, T)` (a 2 x 2 solve per coalition, vectorised); substituted into
    ``aff`` they leave a 2 x 2 system in :math:`X` and :math:`T`. O(n) in all.
    Returns ``(X, T, Qm, Rm)``.
    """
    u = p2.u
    cX, cT, cQ, cR, rh = rows
    det = cQ[:, 0] * cR[:, 1] - cR[:, 0] * cQ[:, 1]
    diag["coop_det"] = det

    def solve2(r0, r1):
        return (cR[:, 1] * r0 - cR[:, 0] * r1) / det, (cQ[:, 0] * r1 - cQ[:, 1] * r0) / det

    with np.errstate(divide="ignore", invalid="ignore"):
        Qc, Rc = solve2(rh[:, 0], rh[:, 1])
        QX, RX = solve2(-cX[:, 0], -cX[:, 1])
        QT, RT = solve2(-cT[:, 0], -cT[:, 1])
    lab = st.labels
    full = np.zeros(st.K)
    parts = []
    for qv, rv in ((Qc, Rc), (QX, RX), (QT, RT)):
        Qf, Rf = full.copy(), full.copy()
        Qf[multi], Rf[multi] = qv, rv
        parts.append(aff.lq * Qf[lab] + aff.lr * Rf[lab])
    xc2, xX2, xT2 = aff.xc + parts[0], aff.xX + parts[1], aff.xT + parts[2]
    M = np.array([[1.0 - xX2.sum(), -xT2.sum()], [-(u @ xX2), 1.0 - u @ xT2]])
    dg = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    diag["global_det"] = np.sign(dg) * np.prod(np.sign(det))
    if dg != 0 and np.isfinite(dg) and np.all(np.isfinite(det)):
        X, T = np.linalg.solve(M, [xc2.sum(), u @ xc2])
    else:
        X = T = np.nan
    Qm, Rm = np.zeros(st.K), np.zeros(st.K)
    Qm[multi] = Qc + QX * X + QT * T
    Rm[multi] = Rc + RX * X + RT * T
    return X, T, Qm, Rm


def _solve_given_sets(cl, st: _Structure, g: np.ndarray, s: float, S: np.ndarray, free: np.ndarray,
                      w: np.ndarray | None = None):
    r"""R&D solving every first-order condition for active set ``S``; clamped firms have ``x = 0``.

    Every firm's R&D is affine in the cluster-wide unknowns, total R&D
    :math:`X` and :math:`T = u^\top x` (the R&D-driven part of the price), and
    in its coalition's unknowns: :math:`Q_K = \sum_{j\in K\cap S} b q_j` and
    :math:`R_K = \sum_{j\in K\cap S}\beta_j b q_j` (without pooling) or
    :math:`Q_K` alone (pooling). Producing firms have
    :math:`b q_i = c_i + (1-\beta_i) Z_i`, :math:`c_i = bq^0_i + \beta_i X - T`,
    with :math:`Z_i` the firm's own (or its pool's) R&D. The resulting small
    bordered system is solved densely, or by eliminating each coalition's
    unknowns first when there are many coalitions.

    The steps: the stage-2 response (:class:`_Stage2`); the firms alone
    (:func:`_firms_alone`) and the coalition members (:func:`_coalition_members`)
    written as affine functions of the unknowns (:class:`_AffineRD`); the
    coalitions' equations (:func:`_coalition_rows`); the system solved
    (:func:`_solve_bordered` or :func:`_solve_by_elimination`); R&D recovered.

    ``w`` (default: ``S``) weights each firm in the price's response to R&D,
    :math:`P = (a + \sum_j w_j e_j)/(1 + \sum_j w_j)`: a firm held exactly at
    zero output has a weight in :math:`[0, 1]` (see :func:`cluster_equilibrium`)
    while its own output and profit stay zero.

    Returns ``(x, grad, diag, u)``: ``grad`` is each non-pooling coalition
    member's marginal joint profit at its current R&D without its own term
    (times b/2), for the KKT check, and ``diag`` what the concavity check needs.
    """
    p2 = _Stage2(cl, st, s, S, w)
    aff = _AffineRD(cl.n)
    diag = {}
    lone, d, h1 = _firms_alone(cl, st, g, S, p2, aff, diag)
    explicit, h = _coalition_members(cl, st, g, S, free, p2, aff, diag)

    multi = np.flatnonzero(st.size > 1)
    L = multi.size
    rows = _coalition_rows(cl, st, p2, aff, multi) if L else []
    E = int(explicit.sum())
    if L == 0 or L <= DENSE_COALITIONS or lone is not None or E:
        X, T, Qm, Rm, z = _solve_bordered(cl, st, p2, aff, rows, multi, explicit, h, lone, d, h1, diag)
    else:
        X, T, Qm, Rm = _solve_by_elimination(st, p2, aff, rows, multi, diag)
    lab = st.labels
    x = aff.at(X, T, Qm, Rm, lab)
    if E:
        x[np.flatnonzero(explicit)] = z[2 + 2 * L:2 + 2 * L + E]
    if lone is not None:
        x[lone] = z[-1]
    grad = None
    om, u = p2.om, p2.u
    if st.coop.any():  # R_K - u_i Q_K + (1 - beta_i) c_i at the solution, x_i's own term excluded
        grad = np.where(st.coop, Rm[lab] - u * Qm[lab] + om * p2.Sf * (p2.bq0 + cl.beta * X - T), 0.0)
    if st.share.any():
        GK = st.sums(np.where(st.share, 1.0 / g, 0.0))
        diag["share"] = (GK, (p2.BS + p2.CKw) / (p2.m + 1.0))
    return x, grad, diag, u


def _costs(cl: Cluster, st: _Structure, x: np.ndarray):
    """Real unit costs :math:`c_i` given R&D (pooled inside the coalitions that share)."""
    X = x.sum()
    own = np.where(st.share, st.sums(x)[st.labels], x) if st.share.any() else x
    return cl.A - own - cl.beta * (X - own)


def _check_concavity(cl, st, g, sigma, S, free, diag, u, idx, labels):
    """Raise ValueError naming the first firm or coalition whose R&D problem fails."""
    b, beta = cl.b, cl.beta

    def coalition(k):  # label, in the caller's numbering, of the sub-problem's coalition k
        return int(labels[idx[np.flatnonzero(st.labels == k)[0]]])
    scale = "(1 - rd_subsidy) * gamma" if sigma else "gamma"
    i1, d, h1 = diag["single"]
    om = 1.0 - beta
    soc = 2.0 * d**2 / b
    # stability across firms (h_i > 0): the asymmetric directions, which need two producers
    stab = 2.0 * d * om / b if S.sum() >= 2 else np.zeros_like(d)
    bound = np.maximum(soc, stab)
    bad = i1 & ~(g > bound)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        f = int(idx[i])
        which = "second-order" if soc[i] >= stab[i] else "stability"
        raise ValueError(
            f"firm {f}: {scale} = {g[i]:g} is too small for the {which} condition of its R&D problem; "
            f"it requires {scale} > {bound[i]:.6g} (beta = {beta[i]:g}, b = {b:g}); "
            f"gamma_{f} must exceed {bound[i] / (1.0 - sigma):.6g}"
        )
    # Just above the stability bound the solver divides by h_i = g_i - 2 d_i (1 - beta_i) / b,
    # which carries a rounding error of about 1e-16 g_i: the answer's relative error grows as
    # 1e-16 g_i / h_i (16 % at h_i / g_i = 1e-12 for identical firms). Refuse rather than drift.
    near = i1 & (stab > soc) & (g > bound) & (g - stab <= NEAR_BOUND_RTOL * g)
    if near.any():
        i = int(np.flatnonzero(near)[0])
        f = int(idx[i])
        raise ValueError(
            f"firm {f}: {scale} = {g[i]:.10g} lies within a relative {NEAR_BOUND_RTOL:g} of the bound "
            f"{stab[i]:.10g} of the stability condition of its R&D problem, where the equilibrium "
            f"cannot be computed to better than {1e-16 * g[i] / max(g[i] - stab[i], 1e-300):.1g} relative "
            f"accuracy; gamma_{f} must exceed {stab[i] / (1.0 - sigma):.6g} by a relative {NEAR_BOUND_RTOL:g} "
            f"(beta = {beta[i]:g}, b = {b:g})"
        )
    if st.coop.any():
        h = diag["coop"]
        Sf = S.astype(float) * st.coop
        # coalitions with a member whose own-cost channel is nearly or fully convex (h_i small)
        # are checked densely; the others through a 4 x 4 matrix each
        weak = st.coop & (h <= 0.1 * g)
        dense_k = np.unique(st.labels[weak])
        for k in dense_k:
            K = np.flatnonzero(st.labels == k)
            if K.size > 500:
                i = int(K[np.argmax(weak[K])])
                raise ValueError(
                    f"coalition {coalition(k)}, firm {int(idx[i])}: {scale} = {g[i]:g} is too small "
                    f"for this solver, which needs {scale} > {2.0 * om[i] ** 2 / (0.9 * b):.6g} for the "
                    f"members of a coalition of more than 500 firms"
                )
            rows = K[S[K]]
            Mk = (om[rows, None] * (rows[:, None] == K[None, :]) + beta[rows, None] - u[None, K])
            ginv = 1.0 / np.sqrt(g[K])
            R = (2.0 / b) * (Mk.T @ Mk) * ginv[:, None] * ginv[None, :]
            mu = float(np.linalg.eigvalsh(R)[-1]) if rows.size else 0.0
            if not mu < 1.0:
                raise ValueError(
                    f"coalition {coalition(k)}: {scale} is too small for the second-order condition of "
                    f"the coalition's joint R&D problem; its members' gamma must all be multiplied by "
                    f"more than {mu:.6g}"
                )
        # exact concavity of each other coalition: G - (2/b) M^T M > 0 on its members,
        # M^T M = D'^2 + U C U^T with U = [1, u, (1-b)b s', (1-b) s'] (s' = active).
        cols = np.stack([np.ones_like(u), u, om * beta * Sf, om * Sf], axis=1)
        hinv = np.divide(1.0, h, out=np.zeros_like(h), where=st.coop & ~weak)
        gram = np.zeros((st.K, 4, 4))
        for r in range(4):
            for t in range(r, 4):
                v = st.sums(cols[:, r] * cols[:, t] * hinv)
                gram[:, r, t] = gram[:, t, r] = v
        C = np.zeros((st.K, 4, 4))
        C[:, 0, 0] = st.sums(beta**2 * Sf)
        C[:, 0, 1] = C[:, 1, 0] = -st.sums(beta * Sf)
        C[:, 1, 1] = st.sums(Sf)
        C[:, 0, 2] = C[:, 2, 0] = 1.0
        C[:, 1, 3] = C[:, 3, 1] = -1.0
        ks = np.setdiff1d(np.flatnonzero(st.size > 1), dense_k)
        if st.share.any():
            ks = ks[~np.isin(ks, np.unique(st.labels[st.share]))]
        mu = np.max(np.linalg.eigvals(2.0 / b * C[ks] @ gram[ks]).real, axis=1) if ks.size else np.zeros(0)
        bad = ~(mu < 1.0)
        if bad.any():
            k = int(ks[np.flatnonzero(bad)[0]])
            raise ValueError(
                f"coalition {coalition(k)}: {scale} is too small for the second-order condition of the "
                f"coalition's joint R&D problem (largest eigenvalue ratio "
                f"{mu[np.flatnonzero(bad)[0]]:.6g}, must be < 1); raise its members' gamma"
            )
    if st.share.any():
        GK, uK = diag["share"]
        mK = st.sums(S.astype(float) * st.share)
        need = 2.0 * mK * (1.0 - uK) ** 2 / b
        ks = np.flatnonzero((st.size > 1) & ~(1.0 / np.where(GK > 0, GK, np.inf) > need))
        if ks.size:
            k = int(ks[0])
            raise ValueError(
                f"coalition {coalition(k)}: {scale} is too small for the second-order condition of the "
                f"pooled R&D problem; the members' combined {scale}, 1 / sum(1 / gamma_i) = "
                f"{1.0 / GK[k]:g}, must exceed {need[k]:.6g}"
            )
    # sign of the determinant of the whole stage-1 Jacobian (positive factors divided out)
    sign = diag["global_det"]
    if not sign > 0:
        raise ValueError(
            "the R&D stage is unstable for the cluster as a whole (the determinant of the "
            "first-order system is not positive): R&D is too cheap; raise gamma"
        )


#: Most firms whose status may be enumerated when the active-set loop cycles
#: (each is a producer, out, or held at the margin: 3**k candidate states).
MAX_FLIPPING = 5


def _state_key(S, B):
    return np.packbits(S).tobytes(), np.packbits(B).tobytes()


def _flipping(cycle):
    """Firms whose status changes along a cycle of ``(S, B, e)`` states, and those producing throughout."""
    Ss, Bs = [h[0] for h in cycle], [h[1] for h in cycle]
    always = np.logical_and.reduce(Ss)
    flip = (np.logical_or.reduce(Ss) & ~always) | np.logical_or.reduce(Bs)
    return np.flatnonzero(flip), always & ~flip


def _assign(base, prod, marg):
    """The state in which firms ``base`` and ``prod`` produce and ``marg`` are at the margin."""
    S, B = base.copy(), np.zeros_like(base)
    S[prod] = True
    B[marg] = True
    return S, B


def _candidate_states(cycle, F, tol):
    """States to try after the active-set loop revisits one, as ``(producing, marginal)`` firm lists.

    ``cycle`` lists ``(S, B, e)``: producers, marginal firms and the effective
    costs each state led to; ``F`` are the firms whose status changes along it
    (:func:`_flipping`). They are grouped by cost (equal costs, e.g. identical
    firms, form one group) and ranked. Producers have the lowest costs,
    marginal firms a cost equal to the price and firms out higher ones, so the
    candidates are: the cheapest groups produce, then one group (or two) is
    held at the margin and the rest are out. With at most
    :data:`MAX_FLIPPING` flipping firms every assignment of the three states
    is tried after these.
    """
    for _, _, e in cycle:
        if e is None:
            continue
        order = F[np.argsort(e[F], kind="stable")]
        ends = np.r_[0, np.flatnonzero(np.diff(e[order]) > tol) + 1, order.size]  # group boundaries
        for p in range(ends.size):
            yield order[:ends[p]], []
        for width in (1, 2):
            for p in range(ends.size - width):
                yield order[:ends[p]], order[ends[p]:ends[p + width]]
    if 0 < F.size <= MAX_FLIPPING:
        for code in itertools.product((0, 1, 2), repeat=F.size):  # 0 out, 1 producing, 2 marginal
            code = np.array(code)
            yield F[code == 1], F[code == 2]


def _split_candidates(cycle, F, base, tol, probe):
    """More states to try when those of :func:`_candidate_states` fail: equal firms that split.

    Some of a group of identical firms may produce while the others stay out
    or wait at the margin. A bisection over ``p`` finds the fewest of the
    flipping firms ``F`` (in cost order, ties by index) that can produce
    without leaving an outsider a positive margin; ``probe(S, B)`` returns the
    margins :math:`P - e_i` of a state, or ``None`` if it cannot be solved.
    Yields ``(producing, marginal)`` firm lists.
    """
    if F.size < 2:
        return
    e = next((h[2] for h in cycle if h[2] is not None), None)
    order = F[np.lexsort((F, e[F]))] if e is not None else F

    def outsiders_margin(p):  # largest margin among flipping firms left out
        mg = probe(*_assign(base, order[:p], []))
        return np.inf if mg is None else (float(np.max(mg[order[p:]])) if p < F.size else -np.inf)

    lo, hi = 0, F.size  # outsiders_margin(hi) <= tol
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if outsiders_margin(mid) <= tol else (mid, hi)
    for p in (hi, hi - 1, hi + 1):
        if 0 <= p <= F.size:
            yield order[:p], []
    for p in (hi - 1, hi - 2, hi):  # the rest of a group of equal firms at the margin
        if 0 <= p < F.size:
            yield order[:p], (order[p:][e[order[p:]] - e[order[p]] <= tol] if e is not None else order[p:p + 1])
    for p in (hi - 1, hi - 2, hi):  # or one firm
        if 0 <= p < F.size:
            yield order[:p], order[p:p + 1]


def _solve_state(cluster, st, labels, g, s, sigma, S, B, free, multi, tol):
    """R&D for producers ``S``, firms ``B`` held at the margin and clamps ``free``, checked for concavity.

    Returns ``(x, w, xs, grad, idx)``: R&D of every firm, the price weights,
    and R&D and KKT gradients of the firms ``idx`` that do R&D.
    """
    n = cluster.n
    # only producers, marginal firms and members of coalitions with a producer do R&D
    rel = S | B | (multi & (np.bincount(labels, weights=S, minlength=st.K) > 0)[labels])
    if rel.all():
        idx, sub = np.arange(n), st
        part = SimpleNamespace(a=cluster.a, b=cluster.b, A=cluster.A, beta=cluster.beta, n=n)
    else:
        idx = np.flatnonzero(rel)
        sub = st.subset(idx)
        part = SimpleNamespace(a=cluster.a, b=cluster.b, A=cluster.A[idx], beta=cluster.beta[idx], n=idx.size)
    gi, Si, Bi, fi = g[idx], S[idx], B[idx], free[idx]

    def solve(w=None, producers=Si):
        with np.errstate(all="ignore"):  # a singular or non-concave problem is reported below
            return _solve_given_sets(part, sub, gi, s, producers, fi, w)

    def check(res, producers=Si):
        _check_concavity(part, sub, gi, sigma, producers, fi, res[2], res[3], idx, labels)
        if not np.all(np.isfinite(res[0])):
            raise ValueError("the R&D system is singular at these parameters; raise gamma")

    if not Bi.any():
        res = solve()
        check(res)
        w = S.astype(float)
    else:
        # Each coalition's payoff has a kink where a marginal firm j enters: the price's
        # response to R&D counts j with weight 0 on one side and 1 on the other. The
        # equilibrium gives j one weight t_j in [0, 1] for every coalition (a supergradient
        # of the concave Cournot price) such that the price equals j's cost.
        # Marginal firms alone with equal (A_i, beta_i) are interchangeable: one weight each group.
        w = S.astype(float)
        wi = Si.astype(float)
        marg = np.flatnonzero(Bi)
        lone = sub.single[marg]
        keys = np.stack([part.A[marg], part.beta[marg], np.where(lone, -1, marg)], axis=1)
        _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        group = group.ravel()

        def margins(t):
            wi[marg] = t[group]
            r = solve(wi)
            e = _costs(part, sub, r[0]) - s
            return _cournot_margins(cluster.a, e, wi)[marg[first]], r

        def F(t):
            v, r = margins(t)
            return v, bool(r[2]["global_det"] > 0) and bool(np.all(np.isfinite(v)))

        t = _root_in_box(F, first.size, tol, np.bincount(group).max())
        _, res = margins(t)
        w[idx[marg]] = t[group]
        # second-order conditions on both sides of the kink
        check(solve(None, Si), Si)
        check(solve(None, Si | Bi), Si | Bi)
    xs, grad = res[0], res[1]
    x = np.zeros(n)
    x[idx] = xs
    return x, w, xs, grad, idx


def _settle_clamps(cluster, st, labels, g, s, sigma, S, B, free, multi, tol):
    """R&D for producers ``S`` and marginal firms ``B``, with the coalition members whose R&D is
    clamped at zero (``~free``) updated until they satisfy the KKT conditions.

    Returns ``(x, w, free)``.
    """
    seen = set()
    while True:
        x, w, xs, grad, idx = _solve_state(cluster, st, labels, g, s, sigma, S, B, free, multi, tol)
        if not st.coop[idx].any():
            return x, w, free
        ftol = 1e-12 * max(1.0, float(np.max(np.abs(xs))))
        fr = free[idx]
        nf = ~st.coop[idx] | (fr & (xs >= -ftol)) | (~fr & (grad > ftol))
        x[idx] = np.where(nf, xs, 0.0)
        if np.array_equal(nf, fr):
            return x, w, free
        seen.add(np.packbits(free).tobytes())
        free = free.copy()
        free[idx] = nf
        if np.packbits(free).tobytes() in seen:
            raise ValueError(
                "no equilibrium found: the set of coalition members whose R&D is zero cycles; "
                "the coalitions' R&D problems may have several local optima here"
            )


def _root_in_box(F, k, tol, size=1, max_iter=100):
    """A root of ``F`` in ``[0, 1]^k``, or the best point found (the caller checks ``|F| <= tol``).

    ``F(t)`` returns ``(values, ok)``; ``ok`` is false where the linear system
    behind ``F`` is singular or unstable (its determinant is not positive), so
    ``F`` may have a pole there. One unknown: ``F`` is sampled on a grid (finer
    near 0 for a group of ``size`` equal firms, whose total weight is ``size * t``)
    and the first bracket whose ends are both ``ok`` is refined by a bracketing
    secant (Illinois) method, exact to rounding. Several unknowns: Newton's method with
    a forward-difference Jacobian, projected on the box, with backtracking.
    """
    if k == 1:
        return _root_on_segment(F, tol, size, max_iter)
    return _root_newton(F, k, tol, max_iter)


def _root_on_segment(F, tol, size, max_iter):
    """:func:`_root_in_box` for one unknown: a grid scan to the first bracket, then Illinois."""
    def f(t):
        v, ok = F(np.array([t]))
        return float(v[0]), ok

    fine = 2.0 ** -np.arange(1, int(np.ceil(np.log2(max(size, 1)))) + 4)
    grid = np.unique(np.concatenate([np.linspace(0.0, 1.0, 9), fine / 8.0, fine]))
    vals = []  # scanned from t = 0 up to the first bracket
    for i, t in enumerate(grid):
        vals.append(f(t))
        if vals[i][1] and abs(vals[i][0]) <= tol:
            return np.array([t])
        if i and vals[i][1] and vals[i - 1][1] and vals[i][0] * vals[i - 1][0] < 0:
            break
    else:
        best = min(range(grid.size), key=lambda i: abs(vals[i][0]) if np.isfinite(vals[i][0]) else np.inf)
        return np.array([grid[best]])
    lo, hi, flo, fhi = grid[i - 1], grid[i], vals[i - 1][0], vals[i][0]
    side = 0
    for _ in range(max_iter):
        if abs(flo) <= 1e-3 * tol:
            return np.array([lo])
        if abs(fhi) <= 1e-3 * tol:
            return np.array([hi])
        t = (lo * fhi - hi * flo) / (fhi - flo)
        if not lo < t < hi:
            t = 0.5 * (lo + hi)
        ft = f(t)[0]
        if ft * flo > 0:
            lo, flo = t, ft
            if side == -1:
                fhi /= 2.0
            side = -1
        else:
            hi, fhi = t, ft
            if side == 1:
                flo /= 2.0
            side = 1
        if hi - lo <= 4e-16:
            break
    return np.array([lo if abs(flo) <= abs(fhi) else hi])


def _root_newton(F, k, tol, max_iter):
    """:func:`_root_in_box` for several unknowns: projected Newton with backtracking."""
    def fv(t):
        return np.asarray(F(t)[0], float)

    t = np.full(k, 0.5)
    f = fv(t)
    for _ in range(max_iter):
        if np.max(np.abs(f)) <= tol:
            break
        h = 1e-7
        J = np.empty((k, k))
        for j in range(k):
            tj = t.copy()
            tj[j] += h if t[j] + h <= 1.0 else -h
            J[:, j] = (fv(tj) - f) / (tj[j] - t[j])
        try:
            step = np.linalg.solve(J, -f)
        except np.linalg.LinAlgError:
            break
        lam = 1.0
        norm = np.linalg.norm(f)
        while lam > 1e-6:
            tn = np.clip(t + lam * step, 0.0, 1.0)
            fn = fv(tn)
            if np.linalg.norm(fn) < norm:
                break
            lam /= 2.0
        else:
            break
        t, f = tn, fn
    return t


def cluster_equilibrium(
    cluster: Cluster,
    coalitions=None,
    sharing: bool = False,
    policy: Policy | None = None,
) -> ClusterEquilibrium:
    r"""Solve the two-stage R&D-then-Cournot game of a heterogeneous cluster.

    Parameters
    ----------
    cluster : Cluster
    coalitions : None, "all", sequence of sequences of int, or int array
        R&D coalitions: a partition of the firm indices (see
        :func:`coalition_labels`). ``None``: every firm alone (R&D
        competition); ``"all"``: one coalition (coordination).
    sharing : bool
        Pool R&D fully inside each coalition of two or more firms.
    policy : Policy, optional

    Returns
    -------
    ClusterEquilibrium

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, ``sharing`` is not ``True`` or
        ``False``, or ``policy`` is not a :class:`~clustercode.policy.Policy` or None.
    ValueError
        For an invalid coalition structure, a firm or coalition whose problem
        is not concave or stable (naming it and the bound on its ``gamma``), a
        negative unit cost, a subsidised margin ``a - min(A) + s <= 0``, or a
        set of producers that cycles with no consistent assignment of the
        firms involved (not observed in the tests' random clusters).

    Notes
    -----
    For a firm alone, the first-order condition is
    :math:`(1-\sigma)\gamma_i x_i = 2 d_i q_i` with
    :math:`d_i = b\,\partial q_i/\partial x_i = (m - \sum_{j\in S}\beta_j + \beta_i)/(m+1)`.
    The solver requires, for each such producing firm, the second-order
    condition :math:`(1-\sigma)\gamma_i > 2d_i^2/b` and the stability condition
    :math:`(1-\sigma)\gamma_i > 2d_i(1-\beta_i)/b` (at identical firms the
    bound of :func:`clustercode.symmetric.min_gamma` in asymmetric directions).
    For a coalition :math:`K` the condition is that
    :math:`\mathrm{diag}((1-\sigma)\gamma) - (2/b) M^\top M` is positive
    definite, :math:`M_{ji} = b\,\partial q_j/\partial x_i` (:math:`j \in K\cap S`,
    :math:`i \in K`), checked exactly: through a 4 x 4 matrix per coalition, or
    densely for a coalition with a member whose own-cost channel is weak
    (:math:`h_i = \tilde\gamma_i - 2(1-\beta_i)^2/b \le 0.1\tilde\gamma_i`);
    the error then gives the factor by which the members' :math:`\gamma` must
    be scaled. For pooled coalitions the
    condition reduces to
    :math:`1/\sum_{i\in K}1/\tilde\gamma_i > 2|K\cap S|(1-u_K)^2/b`. Finally the
    determinant of the whole stage-1 system must be positive (the game's
    stability in the cluster-wide direction), and real unit costs must stay
    non-negative.

    When a firm would exit if counted as producing and enter if counted out,
    the equilibrium holds it at the margin: rivals' R&D keeps the price equal
    to its cost, it produces nothing, and ``marginal`` marks it. Such games
    have a continuum of equilibria; the one returned gives the marginal firm
    the same weight in every coalition's first-order conditions (see the
    module docstring), which joins continuously the equilibria on either side.

    Examples
    --------
    >>> c = Cluster(a=100, b=1, A=[60, 62, 70], gamma=[20, 25, 30], beta=[0.3, 0.5, 0.4])
    >>> eq = cluster_equilibrium(c)
    >>> eq.active.tolist()
    [True, True, True]
    """
    instance("cluster", cluster, Cluster)
    policy = optional_instance("policy", policy, Policy, Policy)
    flag("sharing", sharing)
    return _equilibrium(cluster, coalitions, sharing, policy)


class _NegativeUnitCost(ValueError):
    """A negative unit cost; the message names the factor on gamma that avoids it.

    The factor is found by bisection (a few dozen solves), so it is computed
    only when the message is read: callers that catch the error and try
    something else never pay for it.
    """

    def __init__(self, firm, cost, args):
        super().__init__(firm, cost)
        self.firm, self.cost, self.call, self._text = firm, cost, args, None

    def __str__(self) -> str:
        if self._text is None:
            cluster, coalitions, sharing, policy = self.call
            text = (f"firm {self.firm}: R&D is so cheap that its unit cost would be negative "
                    f"({self.cost:.6g}); a non-negative unit cost is an assumption of the model")
            t = _cost_factor(*self.call)
            if t is not None:
                g0 = float(cluster.gamma[self.firm])
                text += (f"; it requires every gamma to be multiplied by at least {t:.6g} "
                         f"(gamma_{self.firm} >= {t * g0:.6g})")
            self._text = text
        return self._text


def _cost_factor(cluster, coalitions, sharing, policy):
    """Smallest factor on every gamma that keeps the unit costs non-negative (None if not found)."""
    def ok(t):
        try:
            _equilibrium(replace(cluster, gamma=cluster.gamma * t), coalitions, sharing, policy)
        except _NegativeUnitCost:
            return False
        return True

    lo, hi = 1.0, 2.0
    try:
        while not ok(hi):
            lo, hi = hi, 2.0 * hi
            if hi > 1e12:
                return None
        for _ in range(60):  # bisection to a relative 1e-12 or so
            mid = 0.5 * (lo + hi)
            lo, hi = (lo, mid) if ok(mid) else (mid, hi)
            if hi - lo <= 1e-13 * hi:
                break
    except ValueError:  # another condition fails on the way: no clean factor to report
        return None
    return hi


class _ActiveSetSearch:
    """The active-set iteration's memory: the states visited, and the candidates to try once it cycles.

    A state is ``(S, B)``: producers and firms held at the margin. When the
    iteration revisits a state, the firms whose status changed along the cycle
    are assigned in turn by :func:`_candidate_states`, then by
    :func:`_split_candidates` (equal firms that split); ``probe(S, B)`` gives
    the margins of a state for the latter.
    """

    def __init__(self, probe, tol):
        self.probe, self.tol = probe, tol
        self.seen: dict = {}  # state key -> its index in history
        self.history: list = []  # (S, B, e) per state visited; e the effective costs it led to
        self.queue = None  # candidate states, once the loop has cycled
        self.split = None  # the cycle whose split candidates are still to try

    @property
    def cycled(self) -> bool:
        return self.queue is not None

    def visit(self, S, B, key) -> None:
        self.history.append((S.copy(), B.copy(), None))
        self.seen[key] = len(self.history) - 1

    def led_to(self, S, B, e) -> None:
        """Record the effective costs the state just visited led to."""
        self.history[-1] = (S, B, e)

    def candidate(self, key):
        """The next untried state after the loop returned to state ``key``; raise if none is left."""
        seen = self.seen
        queue = [c for c in (self.queue or []) if _state_key(*c) not in seen]
        if not queue and self.split is not None:  # equal firms that split, as a last resort
            cycle, flipping, base = self.split
            queue = [_assign(base, *c) for c in _split_candidates(cycle, flipping, base, self.tol, self.probe)]
            queue, self.split = [c for c in queue if _state_key(*c) not in seen], None
        if not queue:  # candidates from this cycle
            cycle = self.history[seen[key]:]
            flipping, base = _flipping(cycle)
            self.split = (cycle, flipping, base)
            queue = [_assign(base, *c) for c in _candidate_states(cycle, flipping, self.tol)]
            queue = [c for c in queue if _state_key(*c) not in seen]
        self.queue = queue
        if not queue:
            firms = flipping[:5].tolist()
            raise ValueError(
                f"no equilibrium found: the set of producers cycles through firm(s) {firms}, and no "
                f"assignment of them to producing, out, or held exactly at zero output (price equal "
                f"to cost) is consistent"
                + (f" (at most {MAX_FLIPPING} such firms are tried)" if flipping.size > MAX_FLIPPING
                   else "")
                + "; the coalitions' R&D problems may have several local optima here"
            )
        return queue.pop(0)


def _iterate_active_set(cluster, st, labels, g, s, sigma, tol):
    """R&D consistent with the active set it induces: ``(x, c, S, B, iterations)``.

    Start from the producers at zero R&D; solve stage 1 for the current state
    (:func:`_settle_clamps`); recompute the active set from the unit costs that
    R&D gives (firms at the margin stay there while their weight keeps the
    price at their cost); stop at a fixed point. If a state recurs, try the
    candidates of :class:`_ActiveSetSearch` instead.
    """
    n = cluster.n
    multi = ~st.single

    def probe(S, B):
        try:
            x, _, _ = _settle_clamps(cluster, st, labels, g, s, sigma, S, B, np.ones(n, dtype=bool), multi, tol)
        except ValueError:
            return None
        return _cournot_margins(cluster.a, _costs(cluster, st, x) - s, S)

    search = _ActiveSetSearch(probe, tol)
    S = _active_set(cluster.a, cluster.A - s)
    B = np.zeros(n, dtype=bool)  # firms held exactly at zero output (price = their cost)
    free = np.ones(n, dtype=bool)
    for it in range(1, MAX_ITER + 1):  # noqa: B007 - the count is returned
        key = _state_key(S, B)
        if key in search.seen:
            S, B = search.candidate(key)
            free = np.ones(n, dtype=bool)  # clamps are settled afresh for a candidate
            key = _state_key(S, B)
        search.visit(S, B, key)
        try:
            x, w, free = _settle_clamps(cluster, st, labels, g, s, sigma, S, B, free, multi, tol)
        except ValueError:
            if not search.cycled:
                raise
            continue  # a candidate state that is not concave is not an equilibrium: try the next
        c = _costs(cluster, st, x)
        e = c - s
        search.led_to(S, B, e)
        newB = B.copy()
        if B.any():  # keep the firms whose weight in [0, 1] put the price at their cost
            newB = B & (np.abs(_cournot_margins(cluster.a, e, w)) <= tol)
        newS = _active_set(cluster.a, np.where(newB, np.inf, e))
        if np.array_equal(newS, S) and np.array_equal(newB, B):
            break
        S, B = newS, newB
    else:  # pragma: no cover - seen-set detects cycles first
        raise ValueError("the active-set iteration did not converge")
    return x, c, S, B, it


def _equilibrium(cluster, coalitions, sharing, policy):
    """:func:`cluster_equilibrium` for checked arguments: iterate on the active set, then the outcomes."""
    s, sigma = policy.output_subsidy, policy.rd_subsidy
    margin = cluster.a - cluster.A.min() + s
    if not margin > 0:
        raise ValueError(
            f"the subsidised margin a - min(A) + output_subsidy must be > 0 for any firm to produce, "
            f"got {margin:g}"
        )
    labels = coalition_labels(coalitions, cluster.n)
    st = _Structure(labels, bool(sharing))
    g = (1.0 - sigma) * cluster.gamma
    tol = 1e-11 * (cluster.a - cluster.A.min() + abs(s) + cluster.a)  # margins count as zero below it
    x, c, S, B, it = _iterate_active_set(cluster, st, labels, g, s, sigma, tol)
    x = np.maximum(x, 0.0)
    if np.any(c < -1e-12 * float(cluster.A.max())):  # rounding at the boundary is allowed
        i = int(np.argmin(c))
        raise _NegativeUnitCost(i, float(c[i]), (cluster, coalitions, sharing, policy))
    return _outcomes(cluster, policy, st, labels, bool(sharing), x, c, S, B, it, tol)


def _outcomes(cluster, policy, st, labels, sharing, x, c, S, B, it, tol) -> ClusterEquilibrium:
    r"""Stage 2 at the equilibrium R&D: outputs :math:`q_i = (P - e_i)/b`, price, profits, welfare."""
    s, sigma = policy.output_subsidy, policy.rd_subsidy
    e = c - s
    all_margins = _cournot_margins(cluster.a, e, S)
    if B.any():  # every firm at zero margin is at the margin (firms equal to a marginal one too)
        B = np.abs(all_margins) <= tol
        if (S & B).any():  # producers of output below rounding: held at the margin instead
            S = S & ~B
            x = np.where(B & st.single, 0.0, x)
            c = _costs(cluster, st, x)
            e = c - s
            all_margins = _cournot_margins(cluster.a, e, S)
    margins = np.where(S, all_margins, 0.0)
    q = margins / cluster.b
    Q = float(q.sum())
    price = float(cluster.a - cluster.b * Q)
    if price < -1e-14 * (cluster.a + cluster.b * Q):  # rounding of a - bQ only
        raise ValueError(
            f"output_subsidy = {s:g} drives the market price below zero (P = {price:.6g}); the linear "
            f"demand P = a - bQ holds only for P >= 0: lower the output subsidy"
        )
    rd_cost = cluster.gamma * x**2 / 2.0
    profit = cluster.b * q**2 - (1.0 - sigma) * rd_cost
    cs = cluster.b * Q**2 / 2.0
    outlay = float(s * Q + sigma * rd_cost.sum())
    welfare = float(cs + profit.sum() - (1.0 + policy.shadow_cost) * outlay)
    return ClusterEquilibrium(
        cluster=cluster, policy=policy, sharing=sharing, coalition=_readonly(labels.copy(), copy=False),
        rd=_readonly(x, copy=False), output=_readonly(q, copy=False),
        unit_cost=_readonly(c, copy=False), profit=_readonly(profit, copy=False),
        active=_readonly(S.copy(), copy=False), price=price, consumer_surplus=float(cs),
        outlay=outlay, welfare=welfare,
        iterations=it, marginal=_readonly(B.copy(), copy=False),
    )
