r"""A public research institute in the symmetric cluster.

The game has three stages. First a public research institute chooses its
research :math:`x_0`, at cost :math:`\gamma_0 x_0^2/2` paid from public funds,
to maximise welfare, anticipating the firms' response. Then the ``n`` firms
choose R&D (competition: each for its own profit; coordination: for the
cluster's joint profit). Finally they compete in quantities (Cournot).

Every firm's own R&D lowers its cost one for one and its rivals' by the
spillover :math:`\beta`, as in the basic model. The institute's results lower
a firm's cost by :math:`\theta x_0`, :math:`\theta \in [0, 1]` the share of
public research a firm can use. Two configurations:

``"independent"``
    Every firm receives :math:`\theta x_0`.
``"allied"``
    The institute works with one firm, the *partner*, which receives
    :math:`x_0` in full; the other :math:`n-1` firms, the *rivals*, receive
    :math:`\theta x_0`. The alliance is one-way: the partner keeps its own
    R&D, which reaches rivals at the ordinary spillover rate :math:`\beta` and
    is not passed through the institute. This is the specification of a
    research joint venture restricted to the institute's results (full
    sharing of :math:`x_0` inside the alliance, as in the joint-venture regime
    of Kamien, Muller and Zang 1992), while outside the alliance knowledge
    flows as in d'Aspremont and Jacquemin (1988). The welfare-maximising
    public player that moves in R&D alongside profit-maximising firms is the
    device of the mixed-oligopoly R&D literature (e.g. Poyago-Theotoky 1998).

Welfare is consumer surplus plus profits minus :math:`(1+\lambda)` times the
institute's cost. Firms' R&D is linear in :math:`x_0` and welfare quadratic,
so everything has a closed form (:func:`clustercode.symbolic.lab_optimum`).

References
----------
d'Aspremont, C. and Jacquemin, A. (1988). Cooperative and noncooperative R&D
in duopoly with spillovers. *American Economic Review* 78(5), 1133-1137.

Kamien, M. I., Muller, E. and Zang, I. (1992). Research joint ventures and
R&D cartels. *American Economic Review* 82(5), 1293-1306.

Poyago-Theotoky, J. (1998). Mixed R&D duopoly under uncertainty and easy
imitation. *Journal of Comparative Economics* 26(3), 415-428.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import _kernels
from ._validate import choice, finite_scalar, float_array, instance, representable, require
from .market import Market
from .regimes import REGIMES, canonical
from .symmetric import SymmetricCluster

__all__ = ["CONFIGURATIONS", "LAB_REGIMES", "PublicLabEquilibrium", "public_lab_equilibrium"]

ArrayLike = float | int | np.ndarray

#: How the institute relates to the firms.
CONFIGURATIONS = ("independent", "allied")
#: How firms choose R&D in the presence of the institute.
LAB_REGIMES = ("competition", "coordination")
_OBJECTIVE = {"competition": "own", "coordination": "joint"}

_OUTCOMES = (
    "partner_unit_cost", "rival_unit_cost", "partner_output", "rival_output", "price",
    "partner_profit", "rival_profit", "consumer_surplus", "lab_cost", "welfare",
)


def _out(v):
    return float(v) if np.ndim(v) == 0 else v


@dataclass(frozen=True)
class PublicLabEquilibrium:
    r"""Equilibrium of the cluster with a public research institute.

    Firm 0 is the *partner* (in the independent configuration it is just one
    of ``n`` identical firms); firms 1, ..., n-1 are the *rivals*. Outcomes
    are floats for scalar inputs and arrays of the broadcast shape of the
    parameters otherwise.

    Attributes
    ----------
    configuration : {"independent", "allied"}
    regime : {"competition", "coordination"}
    market : Market
    n, beta, gamma, theta, gamma0 : float or ndarray
    shadow_cost : float
    lab_rd : float or ndarray
        The institute's research :math:`x_0`.
    partner_rd, rival_rd : float or ndarray
        R&D of the partner and of each rival.
    partner_unit_cost, rival_unit_cost, partner_output, rival_output,
    partner_profit, rival_profit : float or ndarray
        Unit cost, output and profit (net of own R&D cost) of the partner and
        of each rival.
    price, consumer_surplus, lab_cost, welfare : float or ndarray
        Market price, consumer surplus :math:`bQ^2/2`, the institute's cost
        :math:`\gamma_0 x_0^2/2`, and welfare
        :math:`CS + \sum_i\pi_i - (1+\lambda)\gamma_0 x_0^2/2`.
    """

    configuration: str
    regime: str
    market: Market
    n: ArrayLike
    beta: ArrayLike
    gamma: ArrayLike
    theta: ArrayLike
    gamma0: ArrayLike
    shadow_cost: float
    lab_rd: ArrayLike
    partner_rd: ArrayLike
    rival_rd: ArrayLike
    partner_unit_cost: ArrayLike
    rival_unit_cost: ArrayLike
    partner_output: ArrayLike
    rival_output: ArrayLike
    price: ArrayLike
    partner_profit: ArrayLike
    rival_profit: ArrayLike
    consumer_surplus: ArrayLike
    lab_cost: ArrayLike
    welfare: ArrayLike

    def _per_firm(self, partner, rival) -> np.ndarray:
        if np.ndim(partner) != 0 or np.ndim(self.n) != 0:
            raise ValueError("per-firm arrays need scalar parameters; use the partner_* and rival_* attributes")
        return np.array([partner] + [rival] * (int(self.n) - 1))

    @property
    def rd(self) -> np.ndarray:
        """R&D of each firm, partner first (scalar parameters only)."""
        return self._per_firm(self.partner_rd, self.rival_rd)

    @property
    def output(self) -> np.ndarray:
        """Output of each firm, partner first (scalar parameters only)."""
        return self._per_firm(self.partner_output, self.rival_output)

    @property
    def profit(self) -> np.ndarray:
        """Profit of each firm, partner first (scalar parameters only)."""
        return self._per_firm(self.partner_profit, self.rival_profit)

    @property
    def unit_cost(self) -> np.ndarray:
        """Unit cost of each firm, partner first (scalar parameters only)."""
        return self._per_firm(self.partner_unit_cost, self.rival_unit_cost)

    @cached_property
    def total_rd(self) -> ArrayLike:
        """R&D of all firms, :math:`x_1 + (n-1)x` (the institute's excluded)."""
        return self.partner_rd + (self.n - 1) * self.rival_rd


def public_lab_equilibrium(
    market: Market,
    n: ArrayLike = 2,
    beta: ArrayLike = 0.5,
    gamma: ArrayLike = 20.0,
    theta: ArrayLike = 0.5,
    gamma0: ArrayLike = 20.0,
    configuration: str = "independent",
    regime: str = "competition",
    shadow_cost: float = 0.0,
    lab_rd: ArrayLike | None = None,
) -> PublicLabEquilibrium:
    r"""Solve the cluster with a public research institute in closed form.

    Given the institute's research :math:`x_0`, firms' equilibrium R&D is
    linear in it, :math:`x_1 = u_1 + v_1 x_0` (partner) and :math:`x = u + v x_0`
    (each rival), with :math:`u_1 = u` the R&D of the cluster without an
    institute. Independent institute, competition:
    :math:`v_1 = v = 2\theta(n-(n-1)\beta)/(b\gamma(n+1)^2 - 2(n-(n-1)\beta)(1+(n-1)\beta))`.
    Welfare is then a quadratic in :math:`x_0`, maximised at

    .. math::

        x_0^* = \frac{W'(0)}{(1+\lambda)(\gamma_0 - \bar\gamma_0)},

    where :math:`W'(0)` is the marginal welfare of public research at
    :math:`x_0 = 0` and :math:`\bar\gamma_0` the curvature of consumer surplus
    plus profits in :math:`x_0` over :math:`1+\lambda`
    (:func:`clustercode.symbolic.lab_optimum`).

    Parameters
    ----------
    market : Market
    n : int or array of int
        Number of firms; ``n >= 2`` for an alliance, ``n >= 1`` otherwise.
    beta : float or array
        Spillover among firms, in ``[0, 1]``.
    gamma : float or array
        Firms' R&D cost parameter; must satisfy the stability (competition) or
        second-order (coordination) condition of the basic model, see
        :func:`~clustercode.symmetric.min_gamma`.
    theta : float or array
        Share of the institute's research a firm can use, in ``[0, 1]``
        (for the partner of an alliance the share is 1).
    gamma0 : float or array
        The institute's cost parameter, ``gamma0 > 0``, large enough for
        welfare to be strictly concave in :math:`x_0`.
    configuration : {"independent", "allied"}
    regime : {"competition", "coordination"}
    shadow_cost : float
        Shadow cost of public funds :math:`\lambda \ge 0`.
    lab_rd : float or array, optional
        Impose the institute's research instead of optimising it (to trace
        the firms' response); ``None`` (default) lets the institute maximise
        welfare.

    Returns
    -------
    PublicLabEquilibrium

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer or an
        array of integers, ``beta``, ``gamma``, ``theta`` or ``gamma0`` is not a real number or an
        array of them, ``configuration`` or ``regime`` is not a string, or ``shadow_cost`` is not a
        real number (a bool or a numeric string is not a number).
    ValueError
        For parameters outside their ranges; when ``gamma`` violates the
        firms' stability or second-order condition; when ``gamma0`` is too
        small for welfare to have an interior maximum in :math:`x_0` (the
        message gives the bound); or when the institute's research would push
        a firm's R&D or output below zero or a unit cost below zero, where the
        model's interior equilibrium does not exist.

    Examples
    --------
    >>> from clustercode import Market
    >>> eq = public_lab_equilibrium(Market(100, 1, 60), n=3, beta=0.3, gamma=20,
    ...                             theta=0.5, gamma0=20, configuration="allied")
    >>> eq.partner_rd > eq.rival_rd
    True
    """
    instance("market", market, Market)
    if not market.homogeneous:
        raise ValueError(f"public_lab_equilibrium models a homogeneous good; got substitution = {market.substitution:g} "
                         "(differentiated goods: clustercode.differentiated)")
    choice("configuration", configuration, CONFIGURATIONS)
    return _lab_equilibrium(SymmetricCluster(market, n, beta, gamma), theta, gamma0, configuration, regime,
                            shadow_cost, lab_rd)


def _lab_equilibrium(cl: SymmetricCluster, theta: ArrayLike = 0.5, gamma0: ArrayLike = 20.0,
                     configuration: str = "independent", regime: str = "competition", shadow_cost: float = 0.0,
                     lab_rd: ArrayLike | None = None) -> PublicLabEquilibrium:
    """:func:`public_lab_equilibrium` at a checked :class:`~clustercode.symmetric.SymmetricCluster`."""
    market, n, beta, gamma = cl.market, cl.n, cl.beta, cl.gamma
    choice("configuration", configuration, CONFIGURATIONS)
    if isinstance(regime, str) and regime in REGIMES and regime not in LAB_REGIMES:
        raise ValueError(f"regime must be one of {LAB_REGIMES} with a public institute, got {regime!r}")
    regime = canonical(regime, LAB_REGIMES)
    objective = _OBJECTIVE[regime]
    lam = finite_scalar("shadow_cost", shadow_cost, nonnegative=True)
    allied = configuration == "allied"
    if allied:
        require(n >= 2, lambda n: f"n must be an integer >= 2, got {n:g} (an alliance needs a partner and a rival)",
                n=n)
    theta = float_array("theta", theta)
    require((theta >= 0) & (theta <= 1), lambda theta: f"theta must lie in [0, 1], got {theta:g}", theta=theta)
    gamma0 = float_array("gamma0", gamma0)
    require(gamma0 > 0, lambda gamma0: f"gamma0 must be > 0, got {gamma0:g}", gamma0=gamma0)
    a, b, A = market.a, market.b, market.A
    phi = np.ones_like(theta) if allied else theta

    g_sym, g_asym, _ = getattr(_kernels, f"gamma_bounds_{objective}")(a, b, A, n, beta, 0.0)
    g_floor = np.maximum(g_sym, np.where(n >= 2, g_asym, 0.0))
    require(
        gamma > g_floor,
        lambda gamma, bound, n, beta: (
            f"{regime}: gamma = {gamma:g} is too small for the firms' R&D stage "
            f"({'stability' if objective == 'own' else 'second-order'} condition); it requires "
            f"gamma > {bound:.6g} (n = {n:g}, beta = {beta:g}, b = {b:g})"
        ),
        gamma=gamma, bound=g_floor, n=n, beta=beta,
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # overflow is refused below
        u1, v1, u, v, g0_bound, x0_opt = _kernels.__dict__[f"lab_optimum_{objective}"](
            a, b, A, n, beta, gamma, theta, phi, gamma0, lam
        )
    if lab_rd is None:
        require(
            gamma0 > g0_bound,
            lambda gamma0, bound, theta: (
                f"{configuration} institute: gamma0 = {gamma0:g} is too small: welfare is not strictly concave in "
                f"the institute's research, so it has no interior maximum; it requires gamma0 > {bound:.6g} "
                f"(theta = {theta:g}, shadow_cost = {lam:g})"
            ),
            gamma0=gamma0, bound=g0_bound, theta=theta,
        )
        x0 = x0_opt
    else:
        x0 = float_array("lab_rd", lab_rd)
        require(x0 >= 0, lambda x0: f"lab_rd must be >= 0, got {x0:g}", x0=x0)
    x1 = u1 + v1 * x0
    x = u + v * x0
    shape = np.broadcast_shapes(*(np.shape(z) for z in (n, beta, gamma, theta, gamma0, x0)))
    x0, x1, x = (np.broadcast_to(z, shape).astype(float) for z in (x0, x1, x))
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused below
        out = dict(zip(_OUTCOMES, (
            np.broadcast_to(z, shape).astype(float)
            for z in _kernels.lab_outcomes_given_rd(a, b, A, n, beta, gamma, theta, phi, gamma0, lam, x0, x1, x)
        )))
    representable(f"{configuration} institute", "the parameters are of too extreme a scale (b * gamma * n^2 "
                  "and b * gamma0 must stay well below 1e150); measure money or output in other units",
                  lab_rd=x0, partner_rd=x1, rival_rd=x, **out)
    if not allied:  # rivals are copies of the partner (and there are none when n = 1)
        x = x1
        for k in ("unit_cost", "output", "profit"):
            out[f"rival_{k}"] = out[f"partner_{k}"]
    ctx = dict(x0=x0, theta=theta, n=n)
    for ok, what in (
        ((x1 >= 0) & (x >= 0), "a firm's R&D"),
        ((out["partner_output"] > 0) & (out["rival_output"] > 0), "a firm's output"),
        ((out["partner_unit_cost"] >= 0) & (out["rival_unit_cost"] >= 0), "a unit cost"),
    ):
        require(
            ok,
            lambda x0, theta, n, what=what: (
                f"{configuration} institute: research x0 = {x0:g} would push {what} below zero "
                f"(theta = {theta:g}, n = {n:g}); the model's interior equilibrium does not exist there"
            ),
            **ctx,
        )
    return PublicLabEquilibrium(
        configuration=configuration, regime=regime, market=market, n=_out(n), beta=_out(beta),
        gamma=_out(gamma), theta=_out(theta), gamma0=_out(gamma0), shadow_cost=lam,
        lab_rd=_out(x0), partner_rd=_out(x1), rival_rd=_out(x),
        **{k: _out(v) for k, v in out.items()},
    )
