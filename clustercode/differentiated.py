r"""How the symmetric model's conclusions move with differentiated goods and price competition.

The equilibria themselves are solved by
:func:`~clustercode.symmetric.symmetric_equilibrium` with a
:class:`~clustercode.market.Market` whose ``substitution`` is below 1 and,
for price competition, ``competition="bertrand"``. This module adds the two
results the book's conclusions turn on:

* :func:`coordination_threshold`, the spillover above which coordinating R&D
  raises it (one half in the book's homogeneous Cournot model);
* :func:`optimal_rd_subsidy`, the welfare-maximising R&D subsidy when it is
  the only instrument;
* :func:`optimal_output_subsidy`, the welfare-maximising output subsidy when
  it is the only instrument;
* :func:`optimal_subsidies_differentiated`, the welfare-maximising output and
  R&D subsidies used together;
* :func:`venture_lead_expensive_rd`, the welfare lead of the joint venture over
  R&D competition under price competition when R&D is expensive.

The closed forms are derived in :mod:`clustercode.symbolic_differentiated`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _kernels_differentiated as _kd
from ._validate import choice, finite_scalar, float_array, instance, integer, integer_array, require
from .market import Market
from .policy import Policy
from .symmetric import MAX_FIRMS, _competition, _out, _regime, min_gamma, symmetric_equilibrium

__all__ = ["coordination_threshold", "OptimalRDSubsidy", "optimal_rd_subsidy", "OptimalOutputSubsidy",
           "optimal_output_subsidy", "OptimalSubsidiesDifferentiated", "optimal_subsidies_differentiated",
           "venture_lead_expensive_rd"]

ArrayLike = float | int | np.ndarray


def coordination_threshold(n: ArrayLike, substitution: ArrayLike, competition: str = "cournot") -> ArrayLike:
    r"""The spillover :math:`\beta^*` above which R&D coordination raises R&D per firm.

    Coordination internalises the effect of a firm's R&D on its rivals'
    profits, which at symmetry has the sign of :math:`\partial q_j/\partial x_i`.
    That derivative is zero at

    .. math::

        \beta^*_{\text{Cournot}} = \frac{\delta}{2}, \qquad
        \beta^*_{\text{Bertrand}} = \frac{\delta\,(1 + (n-2)\delta)}{2 + 2(n-2)\delta - (n-1)\delta^2},

    (derived in :func:`clustercode.symbolic_differentiated.second_stage`). With a
    homogeneous good under Cournot, :math:`\delta = 1`, this is the book's one half.
    The Bertrand threshold exceeds the Cournot one for every :math:`n \ge 2`
    and :math:`0 < \delta < 1`, and tends to 1 as :math:`\delta \to 1`.

    Parameters
    ----------
    n : int or array of int
        Number of firms, ``n >= 2``.
    substitution : float or array
        :math:`\delta \in (0, 1]`; Bertrand needs :math:`\delta < 1`.
    competition : {"cournot", "bertrand"}

    Raises
    ------
    TypeError
        If ``n`` or ``substitution`` is not a real number or an array of them, or
        ``competition`` is not a string.
    ValueError
        If ``n`` is not an integer ``>= 2``, ``substitution`` lies outside ``(0, 1]``
        (``(0, 1)`` for Bertrand), a value is not finite, or ``competition`` is unknown.
    """
    choice("competition", competition, ("cournot", "bertrand"))
    n = integer_array("n", n, minimum=2, maximum=MAX_FIRMS)
    d = float_array("substitution", substitution)
    require((d > 0) & (d <= 1), lambda d: f"substitution must lie in (0, 1], got {d:g}", d=d)
    if competition == "cournot":
        return _out(np.broadcast_to(d / 2, np.broadcast_shapes(n.shape, d.shape)) + 0.0)
    require(d < 1, lambda d: f"bertrand competition needs substitution < 1, got {d:g}", d=d)
    return _out(d * (1 + (n - 2) * d) / (2 + 2 * (n - 2) * d - (n - 1) * d**2))


def venture_lead_expensive_rd(n: ArrayLike, beta: ArrayLike, substitution: ArrayLike) -> ArrayLike:
    r"""Bertrand: the welfare lead of the joint venture over R&D competition, to first order in :math:`1/\gamma`.

    As R&D becomes expensive, R&D per firm is :math:`x = \mu M/\gamma + O(\gamma^{-2})`
    in each regime (:math:`M = a - A`), and welfare exceeds its value without R&D by
    :math:`h M^2/(b^2\gamma) + O(\gamma^{-2})`. This returns the limit

    .. math::

        L = \lim_{\gamma\to\infty} \frac{b^2\gamma}{M^2}\,(W_{JV} - W_{comp})
          = \frac{2n(n-1)\,(1+(n-2)\delta)^2\,\Phi(n,\beta,\delta)}
                 {(2+(n-3)\delta)^4\,(1+(n-1)\delta)^2\,(2+(2n-3)\delta)^2},

    where :math:`\Phi = c_2\beta^2 + c_1\beta + c_0` is a quadratic in the spillover,
    :math:`c_2 = 2\delta(n-1)(1+(n-2)\delta)\big(3 + 4(n-2)\delta + (n^2-5n+5)\delta^2\big)`
    and :math:`c_1, c_0` the polynomials in :math:`(n, \delta)` written out in the
    code. The denominator is positive, so for expensive R&D the joint venture
    gives more welfare than R&D competition exactly when :math:`\Phi > 0`.
    Derived with SymPy from :func:`clustercode.symbolic_differentiated.rd_closed_form`
    and :func:`clustercode.symbolic_differentiated.outcomes_given_rd`; the tests
    check it against :func:`~clustercode.symmetric.compare_regimes` at large
    :math:`\gamma`. Away from that limit the sign is a numerical matter; it rarely
    differs (see the book's Chapter 4, part 3).

    Parameters
    ----------
    n : int or array of int
        Number of firms, ``n >= 2``.
    beta : float or array
        Spillover under R&D competition, in ``[0, 1]``.
    substitution : float or array
        :math:`\delta \in (0, 1)`.

    Raises
    ------
    TypeError
        If a parameter is not a real number or an array of them.
    ValueError
        If ``n`` is not an integer ``>= 2``, ``beta`` lies outside ``[0, 1]``,
        ``substitution`` outside ``(0, 1)``, or a value is not finite.
    """
    n = integer_array("n", n, minimum=2, maximum=MAX_FIRMS).astype(float)
    bt = float_array("beta", beta)
    require((bt >= 0) & (bt <= 1), lambda bt: f"beta must lie in [0, 1], got {bt:g}", bt=bt)
    d = float_array("substitution", substitution)
    require((d > 0) & (d < 1), lambda d: f"substitution must lie in (0, 1) for bertrand competition, got {d:g}", d=d)
    c2 = 2 * d * (n - 1) * (1 + (n - 2) * d) * (d**2 * n**2 - 5 * d**2 * n + 5 * d**2 + 4 * d * n - 8 * d + 3)
    c1 = (-2 * d**4 * n**4 + 21 * d**4 * n**3 - 78 * d**4 * n**2 + 119 * d**4 * n - 64 * d**4
          - 14 * d**3 * n**3 + 104 * d**3 * n**2 - 237 * d**3 * n + 169 * d**3
          - 34 * d**2 * n**2 + 155 * d**2 * n - 165 * d**2 - 34 * d * n + 72 * d - 12)
    c0 = (-4 * d**4 * n**4 + 19 * d**4 * n**3 - 15 * d**4 * n**2 - 30 * d**4 * n + 35 * d**4
          + 4 * d**3 * n**4 - 36 * d**3 * n**3 + 61 * d**3 * n**2 + 40 * d**3 * n - 97 * d**3
          + 16 * d**2 * n**3 - 64 * d**2 * n**2 + 5 * d**2 * n + 100 * d**2 + 20 * d * n**2 - 24 * d * n
          - 46 * d + 8 * n + 8)
    phi = (c2 * bt + c1) * bt + c0
    den = (2 + (n - 3) * d) ** 4 * (1 + (n - 1) * d) ** 2 * (2 + (2 * n - 3) * d) ** 2
    return _out(2 * n * (n - 1) * (1 + (n - 2) * d) ** 2 * phi / den)


def _policy_inputs(market, n, beta, gamma, regime, competition, shadow_cost):
    """The checked inputs of an optimal-policy call: ``(objective, competition, n, beta, gamma, lam, spillover)``."""
    instance("market", market, Market)
    objective, pooled = _regime(regime)
    competition = _competition(competition, market)
    n = integer("n", n, minimum=1, maximum=MAX_FIRMS)
    beta = finite_scalar("beta", beta)
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must lie in [0, 1], got {beta:g}")
    gamma = finite_scalar("gamma", gamma, positive=True)
    lam = finite_scalar("shadow_cost", shadow_cost, nonnegative=True)
    spill = 1.0 if pooled else beta
    return objective, competition, n, beta, gamma, lam, spill


@dataclass(frozen=True)
class OptimalRDSubsidy:
    """The welfare-maximising R&D subsidy used alone, and the equilibrium it induces.

    Attributes
    ----------
    rd_subsidy : float
        The optimal share :math:`\\sigma^*` of R&D cost paid by the government;
        negative values are an R&D tax.
    rd : float
        The R&D per firm it induces.
    equilibrium : SymmetricEquilibrium or None
        The equilibrium under :math:`\\sigma^*`, when :math:`\\sigma^* \\ge 0` (a
        :class:`~clustercode.policy.Policy` accepts only subsidies); ``None``
        for a tax.
    """

    rd_subsidy: float
    rd: float
    equilibrium: object


def optimal_rd_subsidy(market: Market, n: int, beta: float, gamma: float, regime: str = "competition",
                       competition: str = "cournot", shadow_cost: float = 0.0) -> OptimalRDSubsidy:
    r"""The R&D subsidy rate that maximises welfare when it is the only instrument.

    Welfare, with the subsidy rate replaced by the R&D it induces, is a
    quadratic in R&D per firm (``clustercode.symbolic_differentiated.optimal_rd_subsidy_closed_form``);
    its maximiser and the rate that induces it are returned.

    Parameters
    ----------
    market : Market
        Any ``substitution``; Bertrand needs ``substitution < 1``.
    n : int
    beta : float
        Spillover in ``[0, 1]`` (ignored in the pooled regimes, where it is 1).
    gamma : float
        R&D cost parameter, above the regime's :func:`~clustercode.symmetric.min_gamma`
        at the optimal rate (checked when the optimal rate is a subsidy).
    regime : {"competition", "coordination", "sharing", "joint_venture"}
    competition : {"cournot", "bertrand"}
    shadow_cost : float
        :math:`\lambda \ge 0`.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``regime`` or
        ``competition`` is not a string, or a number is not a real number.
    ValueError
        For invalid parameters, or if welfare has no interior maximum in R&D
        (its curvature is not negative), or if the induced equilibrium
        violates the regime's stability or second-order condition.
    """
    objective, competition, n, beta, gamma, lam, spill = _policy_inputs(
        market, n, beta, gamma, regime, competition, shadow_cost)
    f = getattr(_kd, f"optimal_rd_{competition}_{objective}")
    with np.errstate(all="ignore"):
        x, sig, curv = (float(v) for v in f(market.a, market.b, market.A, n, spill, gamma, lam,
                                               market.substitution))
    if not (np.isfinite(curv) and curv < 0 and np.isfinite(sig)):
        raise ValueError(
            f"{regime}: welfare has no interior maximum in R&D at gamma = {gamma:g} (curvature {curv:.6g} must be "
            f"< 0); R&D is so cheap that the planner would push it without bound"
        )
    if sig >= 1.0:
        raise ValueError(f"{regime}: the optimal R&D subsidy {sig:.6g} is not below 1")
    bound = float(min_gamma(market, n, beta, regime, None, competition))
    if not (1.0 - sig) * gamma > bound:
        raise ValueError(
            f"{regime}: at the optimal subsidy {sig:.6g} the equilibrium violates the regime's stability "
            f"or second-order condition; it requires (1 - rd_subsidy) * gamma > {bound:.6g}"
        )
    eq = (symmetric_equilibrium(market, n, beta, gamma, regime, Policy(rd_subsidy=sig, shadow_cost=lam),
                                competition) if sig >= 0 else None)
    return OptimalRDSubsidy(rd_subsidy=sig, rd=x, equilibrium=eq)


@dataclass(frozen=True)
class OptimalOutputSubsidy:
    """The welfare-maximising output subsidy used alone, and the outcome it induces.

    Attributes
    ----------
    output_subsidy : float
        Optimal :math:`s^*` per unit of output (negative is a tax).
    rd, output, unit_cost, price, welfare : float
        R&D and output per firm, real unit cost, price and welfare under the optimum.
    equilibrium : SymmetricEquilibrium
        The equilibrium under :math:`s^*` (a :class:`~clustercode.policy.Policy`
        represents an output tax as a negative ``output_subsidy``).
    """

    output_subsidy: float
    rd: float
    output: float
    unit_cost: float
    price: float
    welfare: float
    equilibrium: object


def optimal_output_subsidy(market: Market, n: int, beta: float, gamma: float, regime: str = "competition",
                           competition: str = "cournot", shadow_cost: float = 0.0) -> OptimalOutputSubsidy:
    r"""The output subsidy that maximises welfare when it is the only instrument, any substitution, Cournot or Bertrand.

    Without an R&D subsidy the firms' first-order condition for R&D is
    :math:`\gamma x = mq` (:func:`clustercode.symbolic_differentiated.rd_marginal_value`)
    with :math:`q = (a - A + s + kx)/D`, :math:`k = 1 + (n-1)\beta`, so R&D and
    output are linear in the subsidy and welfare is a quadratic in it. Its maximiser
    (:func:`clustercode.symbolic_differentiated.optimal_output_subsidy_closed_form`) is

    .. math::

        s^* = (a - A)\,\frac{(1+\lambda)E - G}{G - 2(1+\lambda)E},
        \qquad E = D\gamma - mk, \qquad G = (C + 2B)\gamma - m^2,

    where :math:`B` is the second stage's profit coefficient (:math:`b` under
    Cournot), :math:`C = b(1+(n-1)\delta)` and :math:`D` the denominator of
    symmetric output. It is an interior maximum when :math:`G < 2(1+\lambda)E`.
    At :math:`\delta = 1` under Cournot this is
    :func:`clustercode.subsidy.optimal_subsidies` with ``instruments=("output",)``.

    Parameters
    ----------
    market : Market
        Any ``substitution``; Bertrand needs ``substitution < 1``.
    n : int
    beta : float
        Spillover in ``[0, 1]`` (ignored in the pooled regimes, where it is 1).
    gamma : float
        R&D cost parameter, ``gamma > 0``, above the regime's
        :func:`~clustercode.symmetric.min_gamma` at the optimal subsidy.
    regime : {"competition", "coordination", "sharing", "joint_venture"}
    competition : {"cournot", "bertrand"}
    shadow_cost : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    OptimalOutputSubsidy
        An optimal output tax is a negative ``output_subsidy``.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``regime`` or
        ``competition`` is not a string, or a number is not a real number.
    ValueError
        For invalid parameters, or where welfare has no interior maximum in the
        output subsidy: it is not strictly concave in it (R&D is so cheap that
        welfare keeps rising with the subsidy), or the optimum would leave no
        margin (:math:`a - A + s^* \le 0`), violate the stability or
        second-order condition of the firms' R&D stage
        (``gamma`` must exceed :func:`~clustercode.symmetric.min_gamma` under
        the output subsidy :math:`s^*`), or make the unit cost or the price
        negative. The message names the condition.

    Examples
    --------
    >>> from clustercode import Market
    >>> m = Market(100, 1, 60, substitution=0.5)
    >>> opt = optimal_output_subsidy(m, 3, 0.3, 20, competition="bertrand")
    >>> opt.output_subsidy > 0
    True
    >>> taxed = optimal_output_subsidy(m, 3, 0.3, 20, competition="bertrand", shadow_cost=0.3)
    >>> taxed.output_subsidy < opt.output_subsidy   # public funds that cost more buy less subsidy
    True
    """
    objective, competition, n, beta, gamma, lam, spill = _policy_inputs(
        market, n, beta, gamma, regime, competition, shadow_cost)
    a, b, A, d = market.a, market.b, market.A, market.substitution
    f = getattr(_kd, f"optimal_output_{competition}_{objective}")
    with np.errstate(all="ignore"):  # NumPy scalars: a zero denominator gives inf or nan, refused below
        s, x, curv = (float(v) for v in f(*np.float64([a, b, A, n, spill, gamma, lam, d]))[:3])
    where = f"(n = {n}, spillover = {spill:g}, gamma = {gamma:g}, substitution = {d:g}, {competition})"
    if not (np.isfinite(curv) and curv < 0 and np.isfinite(s)):
        raise ValueError(
            f"{regime}: welfare has no interior maximum in the output subsidy (curvature {curv:.6g} must be < 0): "
            f"R&D is so cheap that welfare keeps rising with the subsidy; a larger gamma or shadow_cost restores "
            f"an interior optimum {where}"
        )
    if not a - A + s > 0:
        raise ValueError(f"{regime}: the optimal output tax {-s:g} leaves no margin (a - A + s <= 0) {where}")
    bound = float(min_gamma(market, n, beta, regime, Policy(output_subsidy=s), competition))
    if not gamma > bound:
        raise ValueError(
            f"{regime}: at the optimal output subsidy {s:.6g} the equilibrium violates the stability or "
            f"second-order condition of the firms' R&D stage; it requires gamma > {bound:.6g} {where}"
        )
    with np.errstate(all="ignore"):
        out = getattr(_kd, f"outcomes_{competition}")(a, b, A, n, spill, gamma, s, 0.0, lam, d, x)
    cost = float(out[1])
    if not cost >= 0:
        raise ValueError(
            f"{regime}: the optimal output subsidy would induce so much R&D that the unit cost is negative "
            f"({cost:g}); no interior optimum with a non-negative unit cost exists {where}"
        )
    price = float(out[3])
    if not price >= 0:
        raise ValueError(
            f"{regime}: the optimal output subsidy {s:.6g} would drive the price below zero ({price:g}); the "
            f"linear demand holds only for a non-negative price, so no interior optimum exists {where}"
        )
    eq = symmetric_equilibrium(market, n, beta, gamma, regime, Policy(output_subsidy=s, shadow_cost=lam),
                               competition)
    return OptimalOutputSubsidy(output_subsidy=s, rd=x, output=float(out[2]), unit_cost=cost, price=price,
                                welfare=float(out[7]), equilibrium=eq)


@dataclass(frozen=True)
class OptimalSubsidiesDifferentiated:
    """The welfare-maximising output and R&D subsidies used together, and the outcome they induce.

    Attributes
    ----------
    output_subsidy : float
        Optimal :math:`s^*` per unit of output (negative is a tax).
    rd_subsidy : float
        Optimal share :math:`\\sigma^*` of R&D cost paid by the government
        (negative is an R&D tax).
    rd, output, unit_cost, price, welfare : float
        R&D and output per firm, real unit cost, price and welfare under the optimum.
    equilibrium : SymmetricEquilibrium or None
        The equilibrium under the optimal policy when :math:`\\sigma^* \\ge 0`
        (a :class:`~clustercode.policy.Policy` accepts only R&D subsidies);
        ``None`` for an R&D tax.
    """

    output_subsidy: float
    rd_subsidy: float
    rd: float
    output: float
    unit_cost: float
    price: float
    welfare: float
    equilibrium: object


def optimal_subsidies_differentiated(market: Market, n: int, beta: float, gamma: float,
                                     regime: str = "competition", competition: str = "cournot",
                                     shadow_cost: float = 0.0) -> OptimalSubsidiesDifferentiated:
    r"""The output and R&D subsidies that maximise welfare when both are used, any substitution, Cournot or Bertrand.

    Welfare, with the R&D subsidy replaced by the R&D it induces, is a
    quadratic in the output subsidy :math:`s` and R&D per firm :math:`x`
    (:func:`clustercode.symbolic_differentiated.welfare_in_instruments`); its
    maximiser is :func:`clustercode.symbolic_differentiated.optimal_subsidies_closed_form`.
    With :math:`\lambda = 0` the optimum is the best symmetric allocation: price
    equals unit cost, so :math:`s^* = Bq^*` (the margin of the second stage,
    :math:`B = b` under Cournot), and :math:`\gamma x^* = (1+(n-1)\beta)q^*`.
    The R&D subsidy that implements it is, under R&D competition,

    .. math::

        \sigma^*_{\text{Cournot}} = \frac{(n-1)\big(4\beta + (n-1)\beta\delta(2-\delta) - \delta^2\big)}
                                      {(2-\delta)(1+(n-1)\beta)(2+(n-1)\delta)},

        \sigma^*_{\text{Bertrand}} = \frac{(n-1)\big(\beta\,[(n-1)(2n-5)\delta^2 + 2(3n-5)\delta + 4] + \delta^2\big)}
                                      {(1+(n-1)\beta)(2+(n-3)\delta)(2+(2n-3)\delta)},

    and under coordination :math:`\delta(n-1)/(2+(n-1)\delta)` (Cournot) or
    :math:`\delta(n-1)/(2+(n-3)\delta)` (Bertrand); the pooled regimes are these
    at :math:`\beta = 1`. At :math:`\delta = 1` under Cournot this is
    :func:`clustercode.subsidy.optimal_subsidies` with both instruments.

    Parameters
    ----------
    market : Market
        Any ``substitution``; Bertrand needs ``substitution < 1``.
    n : int
    beta : float
        Spillover in ``[0, 1]`` (ignored in the pooled regimes, where it is 1).
    gamma : float
        R&D cost parameter, ``gamma > 0``.
    regime : {"competition", "coordination", "sharing", "joint_venture"}
    competition : {"cournot", "bertrand"}
    shadow_cost : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    OptimalSubsidiesDifferentiated
        An optimal R&D tax is reported as a negative ``rd_subsidy`` (with
        ``equilibrium=None``), as :func:`clustercode.subsidy.optimal_subsidies` does.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``regime`` or
        ``competition`` is not a string, or a number is not a real number.
    ValueError
        For invalid parameters, or where welfare has no interior maximum in the
        two instruments: it is not strictly concave in them, or the optimum
        would need an R&D subsidy of 100 % or more, leave no margin
        (:math:`a - A + s \le 0`), violate the stability or second-order
        condition of the firms' R&D stage (:func:`~clustercode.symmetric.min_gamma`
        at the subsidised cost :math:`(1-\sigma^*)\gamma`), or make the unit
        cost negative. The message names the condition.

    Examples
    --------
    >>> from clustercode import Market
    >>> opt = optimal_subsidies_differentiated(Market(100, 1, 60, substitution=0.5), 3, 0.3, 20,
    ...                                        competition="bertrand")
    >>> abs(opt.price - opt.unit_cost) < 1e-9   # lambda = 0: price equals unit cost
    True
    >>> opt.rd_subsidy > 0
    True
    """
    objective, competition, n, beta, gamma, lam, spill = _policy_inputs(
        market, n, beta, gamma, regime, competition, shadow_cost)
    a, b, A, d = market.a, market.b, market.A, market.substitution
    f = getattr(_kd, f"optimal_both_{competition}_{objective}")
    with np.errstate(all="ignore"):
        s, sig, x, curv, det = (float(v) for v in f(a, b, A, n, spill, gamma, lam, d))
    where = f"(n = {n}, spillover = {spill:g}, gamma = {gamma:g}, substitution = {d:g}, {competition})"
    if not (np.isfinite(curv) and np.isfinite(det) and curv < 0 and det > 0):
        raise ValueError(
            f"{regime}: no interior optimum for both instruments: welfare is not strictly concave in them "
            f"(curvature {curv:.6g} must be < 0 and determinant {det:.6g} > 0), so it keeps rising with the "
            f"subsidies; a larger gamma or shadow_cost restores an interior optimum {where}"
        )
    if not a - A + s > 0:
        raise ValueError(f"{regime}: the optimal output tax {-s:g} leaves no margin (a - A + s <= 0) {where}")
    if not (np.isfinite(sig) and sig < 1.0 and x > 0):
        raise ValueError(
            f"{regime}: no interior optimum: the welfare-maximising R&D subsidy {sig:.6g} is not below 1 "
            f"(the government would pay all of R&D) {where}"
        )
    bound = float(min_gamma(market, n, beta, regime, Policy(output_subsidy=s), competition))
    if not (1.0 - sig) * gamma > bound:
        raise ValueError(
            f"{regime}: at the optimum the equilibrium violates the stability or second-order condition of "
            f"the firms' R&D stage; it requires (1 - rd_subsidy) * gamma > {bound:.6g}, got "
            f"{(1.0 - sig) * gamma:.6g} {where}"
        )
    with np.errstate(all="ignore"):
        out = getattr(_kd, f"outcomes_{competition}")(a, b, A, n, spill, gamma, s, sig, lam, d, x)
    cost = float(out[1])
    if not cost >= 0:
        raise ValueError(
            f"{regime}: the optimal policy would induce so much R&D that the unit cost is negative ({cost:g}); "
            f"no interior optimum with a non-negative unit cost exists {where}"
        )
    eq = (symmetric_equilibrium(market, n, beta, gamma, regime,
                                Policy(output_subsidy=s, rd_subsidy=sig, shadow_cost=lam), competition)
          if sig >= 0 else None)
    return OptimalSubsidiesDifferentiated(output_subsidy=s, rd_subsidy=sig, rd=x, output=float(out[2]),
                                          unit_cost=cost, price=float(out[3]), welfare=float(out[7]),
                                          equilibrium=eq)
