r"""The symmetric cluster: ``n`` identical firms under four R&D regimes.

Firms first choose R&D, then compete in quantities (Cournot). Firm ``i``'s
unit cost is :math:`c_i = A - x_i - \beta\sum_{j\ne i}x_j` and its R&D costs
:math:`\gamma x_i^2/2`. The four regimes (``competition``, ``coordination``,
``sharing``, ``joint_venture``: what R&D maximises and whether results are
pooled) follow the taxonomy of Kamien, Muller and Zang (1992); their table and
names are in :mod:`clustercode.regimes`.

:class:`SymmetricCluster` holds the parameters, checked once; the functions
below take loose arguments, build one and solve at it.

With ``n = 2`` and no policy the model is d'Aspremont and Jacquemin (1988).
The closed forms are derived in :mod:`clustercode.symbolic`; the arithmetic
here is the code generated from them (``clustercode._kernels``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import _kernels, _kernels_differentiated
from ._validate import InputTypeError, float_array, instance, integer_array, optional_instance, require
from ._vectorize import chunked
from .market import Market
from .policy import Policy
from .regimes import OBJECTIVES, POOLED, REGIMES, canonical
from .regimes import REGIME_NAMES as REGIME_NAMES  # re-exported

__all__ = [  # REGIMES and REGIME_NAMES are clustercode.regimes' (still importable from here)
    "SymmetricCluster",
    "SymmetricEquilibrium",
    "symmetric_equilibrium",
    "compare_regimes",
    "min_gamma",
    "COMPETITION",
]

ArrayLike = float | int | np.ndarray

#: Largest number of firms accepted (far beyond any cluster; keeps the arithmetic finite).
MAX_FIRMS = 10**9

# The regimes and their names live in clustercode.regimes (re-exported here).
# regime -> (objective, results pooled)
_SPEC = {r: (OBJECTIVES[r], POOLED[r]) for r in REGIMES}
_RD = {"own": _kernels.rd_own, "joint": _kernels.rd_joint}
_BOUNDS = {"own": _kernels.gamma_bounds_own, "joint": _kernels.gamma_bounds_joint}

#: Kinds of second-stage competition: quantities or prices.
COMPETITION = ("cournot", "bertrand")

_KD = _kernels_differentiated


def _regime_list(regimes) -> list[str]:
    """``regimes`` as a list of canonical names: a sequence of strings, not a string or a number."""
    if isinstance(regimes, str) or not isinstance(regimes, (list, tuple)):
        raise InputTypeError(f"regimes must be a list or tuple of regime names, got {regimes!r}")
    if not regimes:
        raise ValueError("regimes must name at least one regime")
    return [canonical(r) for r in regimes]


def _competition(competition, market: Market) -> str:
    """Check ``competition`` against the market; Bertrand needs differentiated goods."""
    if not isinstance(competition, str):
        raise InputTypeError(f"competition must be a string, one of {COMPETITION}, got {competition!r}")
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
    return _SPEC[canonical(regime)]


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
        One of :data:`~clustercode.regimes.REGIMES`.
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
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            values = chunked(kernel, args, (float,) * 8)
        _check_representable(values, self)
        return tuple(_out(v) for v in values)

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


_OUTCOME_NAMES = ("effective_rd", "unit_cost", "output", "price", "profit", "consumer_surplus", "outlay", "welfare")


def _check_representable(values, eq) -> None:
    """Refuse outcomes that overflow a float (a market of extreme scale) instead of returning inf or NaN."""
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(values[7])):  # fast path: welfare combines every other outcome
            return
    for name, v in zip(_OUTCOME_NAMES, values):
        bad = ~np.isfinite(np.asarray(v))
        if bad.any():
            idx = np.unravel_index(int(np.argmax(bad)), bad.shape) if bad.ndim else ()
            where = f" at index {tuple(int(i) for i in idx)}" if bad.ndim else ""
            m = eq.market
            raise ValueError(
                f"{eq.regime}: the {name.replace('_', ' ')} overflows the range of a float{where} "
                f"(a = {m.a:g}, b = {m.b:g}, A = {m.A:g}); measure money or output in larger units so that "
                f"(a - A)^2 / b and gamma stay well below 1e300"
            )


def _check_price(eq: SymmetricEquilibrium) -> SymmetricEquilibrium:
    """Refuse an output subsidy so large that the price would be negative (demand P = a - bQ needs P >= 0).

    R&D is proportional to the subsidised margin m = a - A + s, x = r m, so the
    price P = (a + n(A - kx) - ns)/(n + 1) is linear in s and vanishes at
    s* = (a + nA - nkr(a - A)) / (n(1 + kr)), the bound the message names.
    """
    s = eq.policy.output_subsidy
    if s <= 0:  # without a subsidy the unit-cost bound keeps P > 0
        return eq
    m = eq.market
    if not _classic(m, eq.competition):  # differentiated goods: the price from the kernels
        require(
            np.asarray(eq.price) >= -1e-14 * (m.a + m.A + s),
            lambda price: (
                f"{eq.regime}: output_subsidy = {s:g} drives the market price below zero (P = {price:.6g}); "
                "the linear demand holds only for P >= 0: lower the output subsidy"
            ),
            price=np.asarray(eq.price),
        )
        return eq
    n, k, x = np.asarray(eq.n, float), 1.0 + (np.asarray(eq.n, float) - 1.0) * np.asarray(eq.spillover), \
        np.asarray(eq.rd)
    price = (m.a + n * (m.A - k * x) - n * s) / (n + 1.0)
    r = x / (m.a - m.A + s)
    s_max = (m.a + n * m.A - n * k * r * (m.a - m.A)) / (n * (1.0 + k * r))
    require(
        price >= -1e-14 * (m.a + n * (m.A + s)) / (n + 1.0),  # rounding of the sum only
        lambda price, s_max, n: (
            f"{eq.regime}: output_subsidy = {s:g} drives the market price below zero (P = {price:.6g}); "
            f"the linear demand P = a - bQ holds only for P >= 0, which requires output_subsidy <= "
            f"{s_max:.6g} here (n = {n:g})"
        ),
        price=price, s_max=s_max, n=n,
    )
    return eq


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

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``policy``
        not a :class:`~clustercode.policy.Policy`, a parameter not a real
        number or array of them, or ``regime`` not a string.
    ValueError
        If the regime or the competition is unknown, ``n`` is not a positive
        integer or ``beta`` lies outside ``[0, 1]``.

    Examples
    --------
    >>> round(min_gamma(Market(a=100, b=1, A=60), n=2, beta=0.0), 4)
    1.3333
    """
    regime = canonical(regime)
    instance("market", market, Market)
    competition = _competition(competition, market)
    policy = _policy(policy)
    n = integer_array("n", n, maximum=MAX_FIRMS)
    beta = float_array("beta", beta)
    _check_beta(beta)
    return _min_gamma(market, n, beta, regime, policy, competition)


def _min_gamma(market: Market, n: np.ndarray, beta: np.ndarray, regime: str, policy: Policy,
               competition: str) -> ArrayLike:
    objective, pooled = _regime(regime)
    spill = np.ones_like(beta) if pooled else beta
    g_sym, g_asym, g_cost = _bounds(market, n, spill, objective, policy.output_subsidy, competition)
    return _out(np.maximum(np.maximum(g_sym, g_asym), g_cost) / (1.0 - policy.rd_subsidy))


def _policy(policy) -> Policy:
    return optional_instance("policy", policy, Policy, Policy)


def _check_margin(market: Market, policy: Policy) -> None:
    margin = market.a - market.A + policy.output_subsidy
    if not margin > 0:
        raise ValueError(
            f"the subsidised margin a - A + output_subsidy must be > 0 for firms to produce, got {margin:g}"
        )


@dataclass(frozen=True, eq=False)
class SymmetricCluster:
    r"""``n`` identical firms in one market: the parameters of the symmetric model, checked once.

    The symmetric family's counterpart of :class:`~clustercode.cluster.Cluster`.
    The constructor validates the parameters; the methods then solve the model
    at them without checking them again, so a caller that solves many regimes
    or policies at one cluster (the policy comparator, a root search over a
    subsidy) pays for validation once. The module's functions
    (:func:`symmetric_equilibrium`, :func:`compare_regimes`, ...) build one
    from their loose arguments and call these methods.

    Parameters
    ----------
    market : Market
        Demand and initial cost.
    n : int or array of int
        Number of firms, ``1 <= n <= 10**9`` (never rounded).
    beta : float or array
        Spillover :math:`\beta \in [0, 1]`.
    gamma : float or array
        R&D cost parameter :math:`\gamma > 0`.

    ``n``, ``beta`` and ``gamma`` broadcast against each other. They are stored
    as read-only float arrays (0-d for a scalar).

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market` or a
        parameter is not a real number or array of them (a bool, a string).
    ValueError
        If ``n`` is not a positive integer, ``beta`` lies outside ``[0, 1]``,
        ``gamma`` is not positive, or a value is NaN or infinite; the message
        names the parameter and, for arrays, the index.

    Examples
    --------
    >>> cl = SymmetricCluster(Market(a=100, b=1, A=60), n=2, beta=0.3, gamma=20)
    >>> round(cl.equilibrium("competition").rd, 6)
    0.774576
    >>> round(cl.min_gamma("coordination"), 4)
    0.98
    """

    market: Market
    n: ArrayLike = 2
    beta: ArrayLike = 0.5
    gamma: ArrayLike = 20.0

    def __post_init__(self) -> None:
        instance("market", self.market, Market)
        n = integer_array("n", self.n, maximum=MAX_FIRMS)
        beta = float_array("beta", self.beta)
        _check_beta(beta)
        gamma = float_array("gamma", self.gamma)
        require(gamma > 0, lambda gamma: f"gamma must be > 0, got {gamma:g}", gamma=gamma)
        for name, v in (("n", n), ("beta", beta), ("gamma", gamma)):
            v = np.array(v, dtype=float)  # a copy: the caller's array may change later
            v.flags.writeable = False
            object.__setattr__(self, name, v)

    @property
    def shape(self) -> tuple[int, ...]:
        """The broadcast shape of ``n``, ``beta`` and ``gamma`` (``()`` for scalars)."""
        return np.broadcast_shapes(self.n.shape, self.beta.shape, self.gamma.shape)

    def _scalar(self, caller: str, min_firms: int = 1) -> tuple[int, float, float]:
        """``(n, beta, gamma)`` as Python numbers, for the functions of one cluster (not a grid)."""
        for name, kind in (("n", "integer"), ("beta", "real number"), ("gamma", "real number")):
            if getattr(self, name).ndim:
                raise InputTypeError(f"{name} must be a single {kind}, got an array of shape "
                                     f"{getattr(self, name).shape} ({caller} solves one cluster, not a grid)")
        n = int(self.n)
        if n < min_firms:
            raise ValueError(f"n must be an integer >= {min_firms}, got {n}")
        return n, float(self.beta), float(self.gamma)

    def equilibrium(self, regime: str = "competition", policy: Policy | None = None,
                    competition: str = "cournot") -> SymmetricEquilibrium:
        """The equilibrium of one regime: :func:`symmetric_equilibrium` at these parameters."""
        regime = canonical(regime)
        policy = _policy(policy)
        _check_margin(self.market, policy)
        competition = _competition(competition, self.market)
        return _check_price(_solve(self, regime, policy, competition))

    def compare(self, policy: Policy | None = None, regimes=REGIMES,
                competition: str = "cournot") -> dict[str, SymmetricEquilibrium]:
        """Several regimes at these parameters: :func:`compare_regimes`."""
        regimes = _regime_list(regimes)
        policy = _policy(policy)
        _check_margin(self.market, policy)
        competition = _competition(competition, self.market)
        return {r: _check_price(_solve(self, r, policy, competition)) for r in regimes}

    def min_gamma(self, regime: str = "competition", policy: Policy | None = None,
                  competition: str = "cournot") -> ArrayLike:
        """The smallest ``gamma`` the regime admits at this ``n`` and ``beta``: :func:`min_gamma`."""
        return _min_gamma(self.market, self.n, self.beta, regime, _policy(policy),
                          _competition(competition, self.market))

    def __repr__(self) -> str:
        def show(v):
            return f"{float(v):g}" if v.ndim == 0 else f"array of shape {v.shape}"
        return f"SymmetricCluster({self.market!r}, n={show(self.n)}, beta={show(self.beta)}, gamma={show(self.gamma)})"


def _solve(cl: SymmetricCluster, regime: str, policy: Policy, competition: str = "cournot") -> SymmetricEquilibrium:
    """Solve one regime at validated parameters; raise naming the binding condition where none exists."""
    market, n, beta, gamma = cl.market, cl.n, cl.beta, cl.gamma
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
    """Raise the ValueError naming the binding condition (the one whose bound is ``min_gamma``'s).

    Where ``g`` fails some condition it also fails the one with the largest
    bound, so the message names that one: raising ``gamma`` past the bound it
    states satisfies every condition.
    """
    condition = "stability" if objective == "own" else "second-order"
    who = "each firm's R&D problem" if objective == "own" else "the cluster's joint R&D problem"
    scale = "(1 - rd_subsidy) * gamma" if sigma else "gamma"
    g, n, spill, g_sym, g_asym, g_cost = np.broadcast_arrays(g, n, spill, g_sym, g_asym, g_cost)
    bad = ~((g > g_sym) & (g > g_asym) & (g >= g_cost))
    if not bad.any():
        return
    idx = np.unravel_index(int(np.argmax(bad)), bad.shape) if bad.ndim else ()
    where = f" (first failing point at index {tuple(int(i) for i in idx)})" if bad.ndim else ""
    gi, ni, bi = float(g[idx]), float(n[idx]), float(spill[idx])
    bounds = (float(g_sym[idx]), float(g_asym[idx]), float(g_cost[idx]))
    k = int(np.argmax(bounds))
    if k == 2:
        raise ValueError(
            f"{regime}: {scale} = {gi:g} makes R&D so cheap that the unit cost would be negative; "
            f"a non-negative unit cost requires {scale} >= {bounds[2]:.6g} "
            f"(n = {ni:g}, spillover = {bi:g}, a = {market.a:g}, A = {market.A:g}){where}"
        )
    text = f"the {condition} condition of {who}" + (" in asymmetric directions" if k == 1 else "")
    raise ValueError(
        f"{regime}: {scale} = {gi:g} is too small for {text}; it requires {scale} > {bounds[k]:.6g} "
        f"(n = {ni:g}, spillover = {bi:g}, b = {market.b:g}){where}"
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
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``policy``
        not a :class:`~clustercode.policy.Policy`, ``regime`` or
        ``competition`` not a string, or ``n``, ``beta`` or ``gamma`` not a
        real number or array of them (a bool or a numeric string is not a number).
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
    regime = canonical(regime)
    return SymmetricCluster(market, n, beta, gamma).equilibrium(regime, policy, competition)


def compare_regimes(
    market: Market,
    n: ArrayLike = 2,
    beta: ArrayLike = 0.5,
    gamma: ArrayLike = 20.0,
    policy: Policy | None = None,
    regimes=REGIMES,
    competition: str = "cournot",
) -> dict[str, SymmetricEquilibrium]:
    """Solve several regimes at the same parameters: ``{regime: equilibrium}``.

    The parameters are those of :func:`symmetric_equilibrium`, checked once
    (:class:`SymmetricCluster`) for all the regimes.

    Raises
    ------
    TypeError
        As :func:`symmetric_equilibrium`.
    ValueError
        As :func:`symmetric_equilibrium`, for the first regime without an equilibrium.
    """
    regimes = _regime_list(regimes)
    return SymmetricCluster(market, n, beta, gamma).compare(policy, regimes, competition)
