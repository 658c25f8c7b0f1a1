r"""Optimal output and R&D subsidies for the symmetric cluster.

The government moves first: it announces an output subsidy :math:`s` per unit
and/or an R&D subsidy paying the share :math:`\sigma` of R&D cost; firms then
play the two-stage R&D-then-Cournot game of :mod:`clustercode.symmetric`
under one of the four regimes. The government maximises

.. math::

    W = CS + n\pi - (1+\lambda)\,n\Bigl(sq + \sigma\gamma x^2/2\Bigr),

consumer surplus plus profits (subsidies included) minus the subsidy bill
weighted by one plus the shadow cost of public funds :math:`\lambda`.

Because equilibrium R&D is a one-to-one function of :math:`\sigma`, the
government can be thought of as choosing the R&D it induces; welfare is then a
quadratic in ``(s, x)`` and the optimum has a closed form
(:func:`clustercode.symbolic.optimal_policy_closed_form`). The arithmetic here
is the code generated from it (``clustercode._kernels``).

References
----------
Spencer, B. J. and Brander, J. A. (1983). International R&D rivalry and
industrial strategy. *Review of Economic Studies*.

Hinloopen, J. (1997). Subsidizing cooperative and noncooperative R&D in
duopoly with spillovers. *Journal of Economics* 66(2), 151-175.

Leahy, D. and Neary, J. P. (1997). Public policy towards R&D in oligopolistic
industries. *American Economic Review* 87(4), 642-662.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _kernels
from ._validate import InputTypeError, finite_scalar, instance, require
from .market import Market
from .policy import Policy
from .regimes import canonical
from .symmetric import _SPEC, SymmetricCluster

__all__ = ["INSTRUMENT_SETS", "OptimalSubsidies", "optimal_subsidies", "optimal_policy"]

ArrayLike = float | int | np.ndarray

#: The instrument sets :func:`optimal_policy` accepts.
INSTRUMENT_SETS = (("rd",), ("output",), ("output", "rd"))

_KERNELS = {
    (objective, key): getattr(_kernels, f"optimal_{objective}_{'_'.join(key)}")
    for objective in ("own", "joint")
    for key in INSTRUMENT_SETS
}


def _out(v):
    return float(v) if np.ndim(v) == 0 else v


def _instruments(instruments) -> tuple:
    if isinstance(instruments, str):
        instruments = (instruments,)
    try:
        key = tuple(sorted(instruments))
    except TypeError:
        key = None
    if key not in INSTRUMENT_SETS:
        raise ValueError(f"instruments must be one of {INSTRUMENT_SETS}, got {instruments!r}")
    return key


@dataclass(frozen=True)
class OptimalSubsidies:
    r"""The welfare-maximising subsidies of one regime and the outcome they induce.

    Attributes are floats for scalar inputs and arrays of the broadcast shape
    of ``n``, ``beta`` and ``gamma`` otherwise.

    Attributes
    ----------
    regime : str
    instruments : tuple of str
    market : Market
    n, beta, gamma : float or ndarray
    shadow_cost : float
    output_subsidy : float or ndarray
        Optimal :math:`s` (0 when not an instrument; negative is a tax).
    rd_subsidy : float or ndarray
        Optimal :math:`\sigma` (0 when not an instrument; negative is an R&D tax).
    rd : float or ndarray
        R&D per firm under the optimal policy.
    welfare : float or ndarray
        Welfare under the optimal policy.
    """

    regime: str
    instruments: tuple
    market: Market
    n: ArrayLike
    beta: ArrayLike
    gamma: ArrayLike
    shadow_cost: float
    output_subsidy: ArrayLike
    rd_subsidy: ArrayLike
    rd: ArrayLike
    welfare: ArrayLike



def _policy_inputs(caller: str, market, regime, instruments, shadow_cost):
    """The checked regime, instrument key and shadow cost of a policy call (homogeneous good only)."""
    regime = canonical(regime)
    instance("market", market, Market)
    if not market.homogeneous:
        raise ValueError(f"{caller} models a homogeneous good; got substitution = {market.substitution:g} "
                         "(differentiated goods: clustercode.differentiated)")
    return regime, _instruments(instruments), finite_scalar("shadow_cost", shadow_cost, nonnegative=True)

def optimal_subsidies(
    market: Market,
    n: ArrayLike = 2,
    beta: ArrayLike = 0.5,
    gamma: ArrayLike = 20.0,
    regime: str = "competition",
    instruments=("rd",),
    shadow_cost: float = 0.0,
) -> OptimalSubsidies:
    r"""Welfare-maximising subsidies, vectorised over ``n``, ``beta`` and ``gamma``.

    Unlike :func:`optimal_policy` this reports an optimal R&D *tax* as a
    negative ``rd_subsidy`` instead of rejecting it, so that a figure can
    show where taxing R&D is optimal.

    With both instruments and no shadow cost the optimum is the first best:
    the output subsidy equals the Cournot markup, :math:`s^* = bq^*`, so that
    price equals unit cost, and R&D satisfies :math:`\gamma x^* = (1+(n-1)\beta)q^*`.
    The R&D subsidy that implements it is

    .. math::

        \sigma^*_{\text{competition}} = \frac{(n-1)\bigl((n+3)\beta - 1\bigr)}{(n+1)(1+(n-1)\beta)},
        \qquad
        \sigma^*_{\text{coordination}} = \frac{n-1}{n+1}.

    Parameters
    ----------
    market : Market
    n : int or array of int
        Number of firms, ``n >= 1``.
    beta : float or array
        Spillover in ``[0, 1]`` (ignored by ``sharing`` and ``joint_venture``).
    gamma : float or array
        R&D cost parameter, ``gamma > 0``.
    regime : {"competition", "coordination", "sharing", "joint_venture"}
    instruments : ("rd",), ("output",) or ("output", "rd")
    shadow_cost : float
        Shadow cost of public funds :math:`\lambda \ge 0`.

    Returns
    -------
    OptimalSubsidies

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer or an
        array of integers, ``beta`` or ``gamma`` is not a real number or an array of them, ``regime``
        is not a string, or ``shadow_cost`` is not a real number (a bool or a numeric string is not a
        number).
    ValueError
        For invalid parameters, or where welfare has no interior maximum in
        the instruments: welfare is not strictly concave (it keeps rising with
        the subsidy until R&D would drive unit cost to zero), or the optimum
        would need an R&D subsidy of 100 % or more, violate the stability or
        second-order condition of the firms' R&D stage, make the unit cost
        negative, or leave a non-positive margin. Under ``coordination`` it
        also refuses where the symmetric optimum has
        :math:`(1-\sigma^*)b\gamma \le 2(1-\beta)^2`: there the cartel's
        joint-profit maximum over all R&D profiles is asymmetric
        (:func:`~clustercode.cartel.cartel_optimum`), so the symmetric optimum is
        not what the policy would induce. With :math:`\lambda = 0` this is
        :math:`b\gamma \le (n+2)(1-\beta)^2` for the R&D subsidy alone and
        :math:`b\gamma \le (n+1)(1-\beta)^2` with both instruments. The message
        names the condition and the point where it fails.

    Examples
    --------
    >>> from clustercode import Market
    >>> opt = optimal_subsidies(Market(100, 1, 60), n=2, beta=0.5, gamma=20,
    ...                         regime="coordination", instruments=("output", "rd"))
    >>> round(opt.rd_subsidy, 6)   # (n - 1)/(n + 1)
    0.333333
    """
    regime, key, lam = _policy_inputs("optimal_subsidies", market, regime, instruments, shadow_cost)
    return _optimal_subsidies(SymmetricCluster(market, n, beta, gamma), regime, key, lam)


def _optimal_subsidies(cl: SymmetricCluster, regime: str, key: tuple, lam: float) -> OptimalSubsidies:
    """:func:`optimal_subsidies` at checked parameters (``regime`` canonical, ``key`` of :data:`INSTRUMENT_SETS`)."""
    market, n, beta, gamma = cl.market, cl.n, cl.beta, cl.gamma
    objective, pooled = _SPEC[regime]
    spill = np.ones_like(beta) if pooled else beta
    a, b, A = market.a, market.b, market.A

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # invalid points raise below
        s, sigma, x, curvature, det = (
            np.broadcast_to(v, np.broadcast_shapes(n.shape, spill.shape, gamma.shape)).astype(float)
            for v in _KERNELS[objective, key](a, b, A, n, spill, gamma, lam)
        )
        g_sym, g_asym, g_cost = getattr(_kernels, f"gamma_bounds_{objective}")(a, b, A, n, spill, s)
    ctx = dict(n=n, beta=spill, gamma=gamma)
    where = "(n = {n:g}, spillover = {beta:g}, gamma = {gamma:g})"
    require(
        (curvature < 0) & (det > 0),
        lambda n, beta, gamma: (
            f"{regime}: no interior optimum for instruments {key}: welfare is not strictly concave in them, "
            "so it keeps rising with the subsidy until R&D would drive the unit cost to zero; "
            f"a larger gamma or shadow_cost restores an interior optimum " + where.format(n=n, beta=beta, gamma=gamma)
        ),
        **ctx,
    )
    margin = a - A + s
    require(
        margin > 0,
        lambda s, **kw: (
            f"{regime}: the optimal output tax {-s:g} leaves no margin (a - A + s <= 0) " + where.format(**kw)
        ),
        s=s, **ctx,
    )
    require(
        (sigma < 1) & (x > 0),
        lambda sigma, **kw: (
            f"{regime}: no interior optimum: the welfare-maximising R&D subsidy {sigma:g} is not below 1 "
            "(the government would pay all of R&D) " + where.format(**kw)
        ),
        sigma=sigma, **ctx,
    )
    g = (1.0 - sigma) * gamma
    asym = np.where(n >= 2, g_asym, 0.0)
    if objective == "joint":
        # The cartel maximises joint profit over all R&D profiles (clustercode.cartel): below this bound
        # its choice is not the symmetric profile the closed form assumes, so that optimum is not induced.
        require(
            (g > asym) | (g <= g_sym) | (g < g_cost),  # the other two are refused below, with their own reasons
            lambda g, bound, **kw: (
                f"{regime}: at the symmetric optimum (1 - rd_subsidy) * gamma = {g:g} is not above "
                f"2(1 - beta)^2/b = {bound:.6g}, so the cartel would not treat its members alike: its "
                "joint-profit maximum puts more R&D in some members (see clustercode.cartel.cartel_optimum), "
                "and the symmetric optimal policy would not induce the outcome it was computed for "
                + where.format(**kw)
            ),
            g=g, bound=asym, **ctx,
        )
    require(
        (g > g_sym) & (g > asym),
        lambda g, bound, **kw: (
            f"{regime}: at the optimum (1 - rd_subsidy) * gamma = {g:g} violates the stability/second-order "
            f"condition of the firms' R&D stage, which requires it to exceed {bound:.6g}; "
            "no interior optimum exists " + where.format(**kw)
        ),
        g=g, bound=np.maximum(g_sym, asym), **ctx,
    )
    cost = A - (1.0 + (n - 1.0) * spill) * x
    require(
        cost >= 0,
        lambda cost, **kw: (
            f"{regime}: the optimal policy would induce so much R&D that the unit cost is negative ({cost:g}); "
            "no interior optimum with a non-negative unit cost exists " + where.format(**kw)
        ),
        cost=cost, **ctx,
    )
    welfare = _kernels.outcomes_given_rd(a, b, A, n, spill, gamma, s, sigma, lam, x)[7]
    return OptimalSubsidies(
        regime=regime, instruments=key, market=market, n=_out(n), beta=_out(beta), gamma=_out(gamma),
        shadow_cost=lam, output_subsidy=_out(s), rd_subsidy=_out(sigma), rd=_out(x), welfare=_out(welfare),
    )


def optimal_policy(
    market: Market,
    n: int,
    beta: float,
    gamma: float,
    regime: str = "competition",
    instruments=("rd",),
    shadow_cost: float = 0.0,
) -> Policy:
    r"""The welfare-maximising :class:`~clustercode.policy.Policy` for one symmetric cluster.

    ``instruments`` is ``("rd",)``, ``("output",)`` or ``("output", "rd")``;
    the instrument not used is zero. The optimum is the closed form of
    :func:`clustercode.symbolic.optimal_policy_closed_form` (see
    :func:`optimal_subsidies` for the formulas and the conditions checked).
    Passing the result to :func:`~clustercode.symmetric.symmetric_equilibrium` gives the
    optimal outcome.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer, ``beta``,
        ``gamma`` or ``shadow_cost`` is not a real number, or ``regime`` is not a string (a bool or a
        numeric string is not a number).
    ValueError
        Everything :func:`optimal_subsidies` rejects; arrays (use
        :func:`optimal_subsidies`); and an optimum that taxes R&D
        (:math:`\sigma^* < 0`), which :class:`~clustercode.policy.Policy` does not
        represent.

    Examples
    --------
    >>> from clustercode import Market, symmetric_equilibrium
    >>> m = Market(100, 1, 60)
    >>> p = optimal_policy(m, n=3, beta=0.5, gamma=20, instruments=("output", "rd"))
    >>> eq = symmetric_equilibrium(m, 3, 0.5, 20, policy=p)
    >>> abs(eq.price - eq.unit_cost) < 1e-9   # first best: price equals unit cost
    True
    """
    for name, v in (("n", n), ("beta", beta), ("gamma", gamma)):
        if isinstance(v, (list, tuple, np.ndarray)) and np.ndim(v) != 0:
            raise InputTypeError(f"optimal_policy takes scalar {name}; use optimal_subsidies for arrays")
    regime, key, lam = _policy_inputs("optimal_policy", market, regime, instruments, shadow_cost)
    return _optimal_policy(SymmetricCluster(market, n, beta, gamma), regime, key, lam)


def _optimal_policy(cl: SymmetricCluster, regime: str, instruments, lam: float) -> Policy:
    """:func:`optimal_policy` at checked parameters (a single cluster, not a grid)."""
    opt = _optimal_subsidies(cl, canonical(regime), _instruments(instruments), lam)
    if opt.rd_subsidy < 0:
        raise ValueError(
            f"{regime}: the welfare-maximising R&D instrument is a tax (rd_subsidy = {opt.rd_subsidy:.6g} < 0), "
            "which Policy does not represent; optimal_subsidies reports it, and instruments=('output',) "
            "gives the best policy without an R&D tax"
        )
    return Policy(output_subsidy=opt.output_subsidy, rd_subsidy=opt.rd_subsidy, shadow_cost=opt.shadow_cost)
