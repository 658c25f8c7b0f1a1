r"""How the symmetric model's conclusions move with differentiated goods and price competition.

The equilibria themselves are solved by
:func:`~clustercode.symmetric.symmetric_equilibrium` with a
:class:`~clustercode.market.Market` whose ``substitution`` is below 1 and,
for price competition, ``competition="bertrand"``. This module adds the two
results the book's conclusions turn on:

* :func:`coordination_threshold`, the spillover above which coordinating R&D
  raises it (one half in the book's homogeneous Cournot model);
* :func:`optimal_rd_subsidy`, the welfare-maximising R&D subsidy when it is
  the only instrument.

The closed forms are derived in :mod:`clustercode.symbolic_differentiated`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _kernels_differentiated as _kd
from ._validate import finite_scalar, float_array, integer_array, require
from .market import Market
from .policy import Policy
from .symmetric import MAX_FIRMS, _competition, _out, _regime, min_gamma, symmetric_equilibrium

__all__ = ["coordination_threshold", "OptimalRDSubsidy", "optimal_rd_subsidy"]

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
    """
    n = integer_array("n", n, minimum=2, maximum=MAX_FIRMS)
    d = float_array("substitution", substitution)
    require((d > 0) & (d <= 1), lambda d: f"substitution must lie in (0, 1], got {d:g}", d=d)
    if competition == "cournot":
        return _out(np.broadcast_to(d / 2, np.broadcast_shapes(n.shape, d.shape)) + 0.0)
    if competition != "bertrand":
        raise ValueError(f"unknown competition {competition!r}; choose 'cournot' or 'bertrand'")
    require(d < 1, lambda d: f"bertrand competition needs substitution < 1, got {d:g}", d=d)
    return _out(d * (1 + (n - 2) * d) / (2 + 2 * (n - 2) * d - (n - 1) * d**2))


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
    ValueError
        For invalid parameters, or if welfare has no interior maximum in R&D
        (its curvature is not negative), or if the induced equilibrium
        violates the regime's stability or second-order condition.
    """
    if not isinstance(market, Market):
        raise ValueError(f"market must be a Market, got {type(market).__name__}")
    objective, pooled = _regime(regime)
    competition = _competition(competition, market)
    n = int(integer_array("n", n, maximum=MAX_FIRMS))
    beta = finite_scalar("beta", beta)
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must lie in [0, 1], got {beta:g}")
    gamma = finite_scalar("gamma", gamma, positive=True)
    lam = finite_scalar("shadow_cost", shadow_cost, nonnegative=True)
    spill = 1.0 if pooled else beta
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
