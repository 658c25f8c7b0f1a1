r"""The symmetric cluster: ``n`` identical firms under four R&D regimes.

Firms first choose R&D, then compete in quantities (Cournot). Firm ``i``'s
unit cost is :math:`c_i = A - x_i - \beta\sum_{j\ne i}x_j` and its R&D costs
:math:`\gamma x_i^2/2`. The four regimes follow the taxonomy of Kamien, Muller
and Zang (1992):

=================  ==========  ==========================  =================
regime             book term   R&D maximises               spillover
=================  ==========  ==========================  =================
``competition``    研发竞争    own profit                  :math:`\beta`
``coordination``   研发协调    the cluster's joint profit  :math:`\beta`
``sharing``        技术共享    own profit                  1 (results pooled)
``joint_venture``  研发联合体  joint profit                1
=================  ==========  ==========================  =================

With ``n = 2`` and no policy the model is d'Aspremont and Jacquemin (1988).
The closed forms are derived in :mod:`clustercode.symbolic`; the arithmetic
here is the code generated from them (``clustercode._kernels``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Union

import numpy as np

from . import _kernels, _kernels_differentiated
from ._vectorize import chunked
from ._validate import float_array, integer_array, require
from .market import Market
from .policy import Policy

__all__ = [
    "REGIMES",
    "REGIME_NAMES",
    "SymmetricEquilibrium",
    "symmetric_equilibrium",
    "compare_regimes",
    "min_gamma",
    "COMPETITION",
]

ArrayLike = Union[float, int, np.ndarray]

#: Largest number of firms accepted (far beyond any cluster; keeps the arithmetic finite).
MAX_FIRMS = 10**9

#: The four R&D regimes, in the order the book presents them.
REGIMES = ("competition", "coordination", "sharing", "joint_venture")

#: English and Chinese names of the regimes.
REGIME_NAMES = {
    "competition": ("R&D competition", "研发竞争"),
    "coordination": ("R&D coordination", "研发协调"),
    "sharing": ("technology sharing", "技术共享"),
    "joint_venture": ("research joint venture", "研发联合体"),
}

# regime -> (objective, results pooled)
_SPEC = {
    "competition": ("own", False),
    "coordination": ("joint", False),
    "sharing": ("own", True),
    "joint_venture": ("joint", True),
}
_RD = {"own": _kernels.rd_own, "joint": _kernels.rd_joint}
_BOUNDS = {"own": _kernels.gamma_bounds_own, "joint": _kernels.gamma_bounds_joint}

#: Kinds of second-stage competition: quantities or prices.
COMPETITION = ("cournot", "bertrand")

_KD = _kernels_differentiated


def _competition(competition, market: Market) -> str:
    """Check ``competition`` against the market; Bertrand needs differentiated goods."""
    if competition not in COMPETITION:
        raise ValueError(f"unknown competition {competition!r}; choose one of {COMPETITION}")
    if competition == "bertrand" and not market.substitution < 1.0:
        raise ValueError(
            "bertrand competition needs differentiated goods, substitution < 1 "
            f"(with perfect substitutes price competition leaves no margin), got substitution = "
            f"{market.substitution:g}"
        )
    return competition


def _classic(market: Market, competition: str) -> bool:
    """True for the book's baseline (homogeneous good, Cournot): the original kernels apply."""
    return competition == "cournot" and market.substitution == 1.0


def _kernel_bounds(market: Market, competition: str, objective: str):
    if _classic(market, competition):
        return _BOUNDS[objective]
    f, d = getattr(_KD, f"gamma_bounds_{competition}_{objective}"), market.substitution
    return lambda a, b, A, n, beta, s: f(a, b, A, n, beta, s, d)


def _kernel_rd(market: Market, competition: str, objective: str):
    if _classic(market, competition):
        return _RD[objective]
    f, d = getattr(_KD, f"rd_{competition}_{objective}"), market.substitution
    return lambda a, b, A, n, beta, gamma, s, sigma: f(a, b, A, n, beta, gamma, s, sigma, d)


def _regime(regime: str) -> tuple[str, bool]:
    try:
        return _SPEC[regime]
    except (KeyError, TypeError):
        raise ValueError(f"unknown regime {regime!r}; choose one of {REGIMES}") from None


def _out(v):
    """0-d results as Python floats, arrays unchanged."""
    return float(v) if np.ndim(v) == 0 else v


@dataclass(frozen=True)
class SymmetricEquilibrium:
    r"""The subgame-perfect symmetric equilibrium of one regime.

    Outcomes are per firm unless the name says otherwise; they are floats for
    scalar inputs and arrays of the broadcast shape of ``n``, ``beta`` and
    ``gamma`` otherwise. R&D is solved when the equilibrium is created; every
    other outcome follows from it (:func:`clustercode.symbolic.outcomes_given_rd`)
    and is computed on first access, then cached.

    Attributes
    ----------
    regime : str
        One of :data:`REGIMES`.
    market : Market
    policy : Policy
    n, beta, gamma : float or ndarray
        The parameters as given. ``beta`` does not enter ``sharing`` or
        ``joint_venture``, where results are pooled.
    spillover : float or ndarray
        The spillover in force: ``beta``, or 1 where results are pooled.
    rd : float or ndarray
        R&D per firm, :math:`x`.
    competition : {"cournot", "bertrand"}
        Second-stage competition. The formulas in the properties' summaries
        are those of the homogeneous good under Cournot; with differentiated
        goods (``market.substitution < 1``) or Bertrand the outcomes are those
        of :func:`clustercode.symbolic_differentiated.outcomes_given_rd`.
    """

    regime: str
    market: Market
    policy: Policy
    n: ArrayLike
    beta: ArrayLike
    gamma: ArrayLike
    spillover: ArrayLike
    rd: ArrayLike
    competition: str = "cournot"

    @cached_property
    def _outcomes(self) -> tuple:
        m, p = self.market, self.policy
        args = (m.a, m.b, m.A, np.asarray(self.n), np.asarray(self.spillover), np.asarray(self.gamma),
                p.output_subsidy, p.rd_subsidy, p.shadow_cost)
        if _classic(m, self.competition):
            kernel, args = _kernels.outcomes_given_rd, (*args, np.asarray(self.rd))
        else:
            kernel = getattr(_KD, f"outcomes_{self.competition}")
            args = (*args, m.substitution, np.asarray(self.rd))
        return tuple(_out(v) for v in chunked(kernel, args, (float,) * 8))

    @property
    def effective_rd(self) -> ArrayLike:
        r"""Cost reduction each firm enjoys, :math:`(1+(n-1)\beta)x`."""
        return self._outcomes[0]

    @property
    def unit_cost(self) -> ArrayLike:
        r"""Real unit cost :math:`c = A - (1+(n-1)\beta)x`, before any subsidy."""
        return self._outcomes[1]

    @property
    def output(self) -> ArrayLike:
        """Quantity per firm, :math:`q = (a - c + s)/(b(n+1))`."""
        return self._outcomes[2]

    @property
    def price(self) -> ArrayLike:
        """Market price, :math:`P = a - bnq`."""
        return self._outcomes[3]

    @property
    def profit(self) -> ArrayLike:
        r"""Profit per firm net of the R&D cost it pays, subsidies included: :math:`bq^2 - (1-\sigma)\gamma x^2/2`."""
        return self._outcomes[4]

    @property
    def consumer_surplus(self) -> ArrayLike:
        """Consumer surplus, :math:`b(nq)^2/2`."""
        return self._outcomes[5]

    @property
    def outlay(self) -> ArrayLike:
        r"""Government outlay on subsidies, :math:`n(sq + \sigma\gamma x^2/2)`."""
        return self._outcomes[6]

    @property
    def welfare(self) -> ArrayLike:
        r"""Consumer surplus + profits - (1 + shadow cost) x outlay."""
        return self._outcomes[7]

    @property
    def total_rd(self) -> ArrayLike:
        """R&D of the whole cluster, :math:`nx`."""
        return self.n * self.rd

    @property
    def total_output(self) -> ArrayLike:
        """Output of the whole cluster, :math:`Q = nq`."""
        return self.n * self.output

    @property
    def total_profit(self) -> ArrayLike:
        r"""Profit of the whole cluster, :math:`n\pi`."""
        return self.n * self.profit


def _check_beta(beta: np.ndarray) -> None:
    require((beta >= 0.0) & (beta <= 1.0), lambda beta: f"beta must lie in [0, 1], got {beta:g}", beta=beta)


def _bounds(market: Market, n, spill, objective: str, s: float, competition: str = "cournot"):
    """(symmetric, asymmetric, unit-cost) bounds on the effective gamma."""
    g_sym, g_asym, g_cost = _kernel_bounds(market, competition, objective)(market.a, market.b, market.A, n, spill, s)
    if np.ndim(n) == 0:
        g_asym = g_asym if n >= 2 else np.zeros_like(g_asym)
    else:
        g_asym = np.where(n >= 2, g_asym, 0.0)  # one firm has no asymmetric direction
    return g_sym, g_asym, g_cost


def min_gamma(
    market: Market,
    n: ArrayLike,
    beta: ArrayLike,
    regime: str = "competition",
    policy: Policy | None = None,
    competition: str = "cournot",
) -> ArrayLike:
    r"""The smallest R&D cost parameter :math:`\gamma` a regime admits.

    :func:`symmetric_equilibrium` requires :math:`(1-\sigma)\gamma` to exceed
    both eigenvalue bounds of :func:`clustercode.symbolic.gamma_lower_bound`
    (the second-order and stability conditions) and to be at least the bound
    that keeps the unit cost non-negative
    (:func:`clustercode.symbolic.gamma_bound_unit_cost`). This returns the
    largest of them divided by :math:`1-\sigma`. Valid values are
    ``gamma > min_gamma(...)``. With differentiated goods or Bertrand
    competition the bounds are those of
    :func:`clustercode.symbolic_differentiated.gamma_bounds`.

    Examples
    --------
    >>> round(min_gamma(Market(a=100, b=1, A=60), n=2, beta=0.0), 4)
    1.3333
    """
    objective, pooled = _regime(regime)
    if not isinstance(market, Market):
        raise ValueError(f"market must be a Market, got {type(market).__name__}")
    competition = _competition(competition, market)
    policy = _policy(policy)
    n = integer_array("n", n, maximum=MAX_FIRMS)
    beta = float_array("beta", beta)
    _check_beta(beta)
    spill = np.ones_like(beta) if pooled else beta
    g_sym, g_asym, g_cost = _bounds(market, n, spill, objective, policy.output_subsidy, competition)
    return _out(np.maximum(np.maximum(g_sym, g_asym), g_cost) / (1.0 - policy.rd_subsidy))


def _policy(policy) -> Policy:
    if policy is None:
        return Policy()
    if not isinstance(policy, Policy):
        raise ValueError(f"policy must be a Policy or None, got {type(policy).__name__}")
    return policy


def _validated(market, n, beta, gamma, policy):
    """Check the inputs shared by every regime; return them as arrays."""
    if not isinstance(market, Market):
        raise ValueError(f"market must be a Market, got {type(market).__name__}")
    policy = _policy(policy)
    n = integer_array("n", n, maximum=MAX_FIRMS)
    beta = float_array("beta", beta)
    _check_beta(beta)
    gamma = float_array("gamma", gamma)
    require(gamma > 0, lambda gamma: f"gamma must be > 0, got {gamma:g}", gamma=gamma)
    margin = market.a - market.A + policy.output_subsidy
    if not margin > 0:
        raise ValueError(
            f"the subsidised margin a - A + output_subsidy must be > 0 for firms to produce, got {margin:g}"
        )
    return n, beta, gamma, policy


def _solve(market: Market, n, beta, gamma, regime: str, policy: Policy,
           competition: str = "cournot") -> SymmetricEquilibrium:
    objective, pooled = _regime(regime)
    s, sigma = policy.output_subsidy, policy.rd_subsidy
    spill = 1.0 if pooled else beta
    a, b, A = market.a, market.b, market.A
    bounds, rd_kernel = _kernel_bounds(market, competition, objective), _kernel_rd(market, competition, objective)
    asym = (n >= 2).astype(float)  # one firm has no asymmetric direction

    def kernel(n, spill, gamma, asym):
        # With a positive margin the unit-cost bound exceeds the symmetric
        # bound (it is that bound times (a + s)/A > 1): two comparisons decide.
        _, g_asym, g_cost = bounds(a, b, A, n, spill, s)
        g = (1.0 - sigma) * gamma
        ok = (g > g_asym * asym) & (g >= g_cost)
        return ok, rd_kernel(a, b, A, n, spill, gamma, s, sigma)[0]

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # invalid points raise below
        ok, rd = chunked(kernel, (n, spill, gamma, asym), (bool, float))
    if not np.all(ok):
        g_sym, g_asym, g_cost = _bounds(market, n, np.asarray(spill), objective, s, competition)
        _explain(regime, objective, market, n, spill, (1.0 - sigma) * gamma, sigma, g_sym, g_asym, g_cost)
    shape = np.broadcast_shapes(np.shape(n), np.shape(beta), np.shape(gamma))
    if np.shape(rd) != shape:  # pooled regimes ignore beta, but the result has its shape
        rd = np.broadcast_to(rd, shape).copy()
    return SymmetricEquilibrium(
        regime=regime, market=market, policy=policy, n=_out(n), beta=_out(beta),
        gamma=_out(gamma), spillover=_out(np.broadcast_to(spill, np.shape(beta))),
        rd=_out(rd), competition=competition,
    )


def _explain(regime, objective, market, n, spill, g, sigma, g_sym, g_asym, g_cost) -> None:
    """Raise the ValueError naming the first condition that fails."""
    condition = "stability" if objective == "own" else "second-order"
    who = "each firm's R&D problem" if objective == "own" else "the cluster's joint R&D problem"
    scale = "(1 - rd_subsidy) * gamma" if sigma else "gamma"
    ctx = dict(g=g, n=n, beta=spill)
    for bad, bound, text in (
        (g <= g_sym, g_sym, f"the {condition} condition of {who}"),
        (g <= g_asym, g_asym, f"the {condition} condition of {who} in asymmetric directions"),
    ):
        require(
            ~bad,
            lambda g, bound, n, beta, text=text: (
                f"{regime}: {scale} = {g:g} is too small for {text}; it requires {scale} > {bound:.6g} "
                f"(n = {n:g}, spillover = {beta:g}, b = {market.b:g})"
            ),
            bound=bound, **ctx,
        )
    require(
        g >= g_cost,
        lambda g, bound, n, beta: (
            f"{regime}: {scale} = {g:g} makes R&D so cheap that the unit cost would be negative; "
            f"a non-negative unit cost requires {scale} >= {bound:.6g} "
            f"(n = {n:g}, spillover = {beta:g}, a = {market.a:g}, A = {market.A:g})"
        ),
        bound=g_cost, **ctx,
    )


def symmetric_equilibrium(
    market: Market,
    n: ArrayLike = 2,
    beta: ArrayLike = 0.5,
    gamma: ArrayLike = 20.0,
    regime: str = "competition",
    policy: Policy | None = None,
    competition: str = "cournot",
) -> SymmetricEquilibrium:
    r"""Solve the symmetric two-stage R&D-then-Cournot (or Bertrand) game in closed form.

    Equilibrium R&D per firm is, with :math:`\tilde\gamma = (1-\sigma)\gamma`,
    :math:`m = a - A + s` and :math:`k = 1 + (n-1)\beta`,

    .. math::

        x^{\text{competition}} = \frac{2m\,(n-(n-1)\beta)}{b\tilde\gamma(n+1)^2 - 2(n-(n-1)\beta)k},
        \qquad
        x^{\text{coordination}} = \frac{2mk}{b\tilde\gamma(n+1)^2 - 2k^2},

    and ``sharing`` / ``joint_venture`` are these with :math:`\beta = 1`. For
    ``n = 2`` and no policy they are d'Aspremont and Jacquemin (1988):
    :math:`x = (a-A)(2-\beta)/(4.5b\gamma - (2-\beta)(1+\beta))` and
    :math:`x = (a-A)(1+\beta)/(4.5b\gamma - (1+\beta)^2)`.

    Parameters
    ----------
    market : Market
        Demand and initial cost.
    n : int or array of int
        Number of firms, ``n >= 1``.
    beta : float or array
        Spillover :math:`\beta \in [0, 1]`.
    gamma : float or array
        R&D cost parameter :math:`\gamma > 0`.
    regime : {"competition", "coordination", "sharing", "joint_venture"}
    policy : Policy, optional
        Subsidies and the shadow cost of public funds (none by default).
    competition : {"cournot", "bertrand"}
        Second-stage competition in quantities (the default, the book's
        model) or in prices. Bertrand needs differentiated goods,
        ``market.substitution < 1``. With ``market.substitution < 1`` or
        Bertrand the closed forms are those of
        :func:`clustercode.symbolic_differentiated.rd_closed_form`; with the
        defaults the results are exactly the formulas above.

    ``n``, ``beta`` and ``gamma`` broadcast against each other, so a regime
    map over a grid is one call.

    Returns
    -------
    SymmetricEquilibrium

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer, ``beta`` lies outside ``[0, 1]``,
        ``gamma`` is not positive and finite, the regime or the competition
        is unknown, Bertrand is asked for with a homogeneous good, the
        subsidised margin :math:`a - A + s` is not positive, or
        :math:`(1-\sigma)\gamma` violates the regime's second-order or
        stability condition or would drive the unit cost below zero (see
        :func:`min_gamma`). The message names the condition and its bound.

    Examples
    --------
    >>> eq = symmetric_equilibrium(Market(a=100, b=1, A=60), n=2, beta=0.3, gamma=20)
    >>> round(eq.rd, 6)
    0.774576
    """
    _regime(regime)
    n, beta, gamma, policy = _validated(market, n, beta, gamma, policy)
    competition = _competition(competition, market)
    return _solve(market, n, beta, gamma, regime, policy, competition)


def compare_regimes(
    market: Market,
    n: ArrayLike = 2,
    beta: ArrayLike = 0.5,
    gamma: ArrayLike = 20.0,
    policy: Policy | None = None,
    regimes=REGIMES,
    competition: str = "cournot",
) -> dict[str, SymmetricEquilibrium]:
    """Solve several regimes at the same parameters: ``{regime: equilibrium}``."""
    for r in regimes:
        _regime(r)
    n, beta, gamma, policy = _validated(market, n, beta, gamma, policy)
    competition = _competition(competition, market)
    return {r: _solve(market, n, beta, gamma, r, policy, competition) for r in regimes}
