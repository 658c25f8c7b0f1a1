r"""Every instrument side by side on one cluster: a policy comparator (Chapter 7).

A government with a budget :math:`G` can spend it in several ways; firms can
also organise their R&D differently at no public cost. This module puts all of
them on the same symmetric cluster and reports, against laissez-faire R&D
competition, the change in the firms' R&D, in output and in welfare, and the
R&D gained per unit of public money.

Each budget instrument is given the level that costs exactly :math:`G`:

======================  ===========================================  =================================
instrument              lever                                        public cost
======================  ===========================================  =================================
``output_subsidy``      subsidy :math:`s` per unit of output         :math:`sQ = G`
``rd_subsidy``          share :math:`\sigma` of R&D cost paid         :math:`\sigma n\gamma x^2/2 = G`
``institute``           research :math:`x_0` of a public institute   :math:`\gamma_0 x_0^2/2 = G`
``allied_institute``    the same, allied with one firm               :math:`\gamma_0 x_0^2/2 = G`
======================  ===========================================  =================================

The cooperation regimes of Chapter 4 (``coordination``, ``sharing``,
``joint_venture``) cost nothing, and the welfare-maximising output and R&D
subsidies of Chapter 5 spend what they need. The economics of every row is
the book's model itself (:func:`clustercode.symmetric.symmetric_equilibrium`,
:func:`clustercode.public_lab.public_lab_equilibrium`,
:func:`clustercode.subsidy.optimal_policy`); this module only chooses the
lever and does the bookkeeping.

:func:`innovation_mode_grid` asks a related question of unequal firms: which
arrangement of R&D (:data:`clustercode.regimes.ARRANGEMENTS`) gives the
highest welfare, and which do the firms themselves choose.

Finding the lever
-----------------
*Output subsidy.* Every quantity of the symmetric equilibrium is proportional
to the subsidised margin :math:`m = a - A + s` when :math:`\gamma` is fixed
(R&D, and hence output, solve first-order conditions linear in :math:`m`; see
:func:`clustercode.symmetric.symmetric_equilibrium`). So total output is
:math:`Q(s) = Q_0 (m_0 + s)/m_0` with :math:`m_0 = a - A` and :math:`Q_0` the
laissez-faire output, and :math:`sQ(s) = G` is a quadratic with the root

.. math::

    s = \frac{2G/\kappa}{m_0 + \sqrt{m_0^2 + 4G/\kappa}}, \qquad \kappa = Q_0/m_0,

written in the form that does not lose digits to cancellation.

*Institute.* :math:`x_0 = \sqrt{2G/\gamma_0}`.

*R&D subsidy.* The outlay :math:`\sigma n\gamma x(\sigma)^2/2` rises with
:math:`\sigma` (a larger share paid means more R&D), from 0 up to the largest
share at which the equilibrium still exists (:func:`clustercode.symmetric.min_gamma`).
The share that spends :math:`G` is found by a bracketing root finder (the
Illinois variant of regula falsi, safeguarded by bisection) to a relative
accuracy of :math:`10^{-13}` in the outlay.

Examples
--------
>>> from clustercode import Market
>>> from clustercode.comparator import compare_instruments
>>> cmp = compare_instruments(Market(100, 1, 60), n=4, beta=0.4, gamma=10.0, budget=20.0)
>>> round(cmp["rd_subsidy"].public_cost, 9), round(cmp["output_subsidy"].public_cost, 9)
(20.0, 20.0)
>>> cmp["rd_subsidy"].d_rd > cmp["output_subsidy"].d_rd > 0
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from ._validate import InputTypeError, choice, finite_scalar, float_array
from .coalitions import arrangement_equilibria, duopoly, preferred_arrangement
from .market import Market
from .policy import Policy
from .public_lab import _lab_equilibrium
from .regimes import (
    ARRANGEMENTS,
    COMPETITION,
    COORDINATION,
    DEPRECATED_NAMES,
    JOINT_VENTURE,
    REGIME_NAMES,
    SHARING,
    RegimeDict,
    canonical,
)
from .subsidy import _optimal_policy
from .symmetric import SymmetricCluster

__all__ = [
    "INSTRUMENTS",
    "INSTRUMENT_NAMES",
    "INSTRUMENT_KINDS",
    "InstrumentResult",
    "PolicyComparison",
    "output_subsidy_for_budget",
    "rd_subsidy_for_budget",
    "max_rd_subsidy_budget",
    "lab_rd_for_budget",
    "BUDGET_RTOL",
    "compare_instruments",
    "MODE_CHOICES",
    "innovation_mode_grid",
]

#: The instruments compared, in the order the book shows them.
INSTRUMENTS = (
    COMPETITION,  # the baseline: R&D competition without policy (a deprecated name: see clustercode.regimes)
    "output_subsidy",
    "rd_subsidy",
    "institute",
    "allied_institute",
    COORDINATION,
    SHARING,
    JOINT_VENTURE,
    "optimal_output_subsidy",
    "optimal_rd_subsidy",
)

#: English and Chinese names of the instruments.
INSTRUMENT_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(RegimeDict({
    COMPETITION: ("laissez-faire competition", "自由竞争"),
    "output_subsidy": ("output subsidy", "产量补贴"),
    "rd_subsidy": ("R&D subsidy", "研发补贴"),
    "institute": ("public research institute", "公共研究机构"),
    "allied_institute": ("institute allied with one firm", "公共研究机构与企业联盟"),
    **{r: REGIME_NAMES[r] for r in (COORDINATION, SHARING, JOINT_VENTURE)},
    "optimal_output_subsidy": ("optimal output subsidy", "最优产量补贴"),
    "optimal_rd_subsidy": ("optimal R&D subsidy", "最优研发补贴"),
}))

#: What kind of instrument each is: the baseline, one that spends exactly the
#: budget, a way of organising R&D that costs nothing, or a welfare-maximising
#: subsidy (which spends what it needs).
INSTRUMENT_KINDS: Mapping[str, str] = MappingProxyType(RegimeDict({
    COMPETITION: "baseline",
    "output_subsidy": "budget",
    "rd_subsidy": "budget",
    "institute": "budget",
    "allied_institute": "budget",
    **dict.fromkeys((COORDINATION, SHARING, JOINT_VENTURE), "cooperation"),
    "optimal_output_subsidy": "optimal",
    "optimal_rd_subsidy": "optimal",
}))

def _instrument(name):
    """An instrument's name, with the deprecated ``"laissez_faire"`` translated (and warned about)."""
    if isinstance(name, str) and name in DEPRECATED_NAMES:
        return canonical(name, INSTRUMENTS, "instrument")
    return name


#: Relative accuracy to which a budget instrument spends the budget.
BUDGET_RTOL = 1e-13


@dataclass(frozen=True)
class InstrumentResult:
    r"""One instrument's outcome and its change against laissez-faire competition.

    Attributes
    ----------
    name : str
        Key in :data:`INSTRUMENTS`.
    kind : {"baseline", "budget", "cooperation", "optimal"}
        See :data:`INSTRUMENT_KINDS`.
    lever : str
        The instrument's setting in words, e.g. ``"s = 0.3712"``.
    public_cost : float
        Public money spent (before the shadow cost of funds): subsidy outlay, or
        the institute's cost :math:`\gamma_0 x_0^2/2`.
    rd : float
        R&D of the cluster's firms, :math:`\sum_i x_i`.
    research : float
        All research done for the cluster: the firms' R&D plus the institute's
        :math:`x_0` (equal to ``rd`` without an institute).
    output : float
        Total output :math:`Q`.
    consumer_surplus, profit : float
        Consumer surplus and the firms' total profit (subsidies included,
        net of the R&D cost they pay).
    welfare : float
        :math:`CS + \sum\pi - (1+\lambda)\times` public cost.
    d_rd, d_research, d_output, d_welfare : float
        Changes against laissez-faire competition.
    equilibrium : SymmetricEquilibrium or PublicLabEquilibrium
        The model's equilibrium behind the row.
    """

    name: str
    kind: str
    lever: str
    public_cost: float
    rd: float
    research: float
    output: float
    consumer_surplus: float
    profit: float
    welfare: float
    d_rd: float
    d_research: float
    d_output: float
    d_welfare: float
    equilibrium: Any

    @property
    def label(self) -> str:
        """English name of the instrument."""
        return INSTRUMENT_NAMES[self.name][0]

    @property
    def label_zh(self) -> str:
        """Chinese name of the instrument."""
        return INSTRUMENT_NAMES[self.name][1]

    def _per_money(self, change: float) -> float | None:
        return change / self.public_cost if self.public_cost > 0 else None

    @property
    def rd_per_public_money(self) -> float | None:
        r"""Firms' R&D gained per unit of public money, :math:`\Delta\sum x_i/G`; None when nothing is spent."""
        return self._per_money(self.d_rd)

    @property
    def research_per_public_money(self) -> float | None:
        r"""All research gained per unit of public money (institute included); None when nothing is spent."""
        return self._per_money(self.d_research)

    @property
    def welfare_per_public_money(self) -> float | None:
        r"""Welfare gained per unit of public money, :math:`\Delta W/G`; None when nothing is spent."""
        return self._per_money(self.d_welfare)


@dataclass(frozen=True)
class PolicyComparison:
    r"""The instruments compared on one cluster (see :func:`compare_instruments`).

    Attributes
    ----------
    market : Market
    n : int
    beta, gamma : float
    budget : float
        The public budget :math:`G` every budget instrument spends.
    shadow_cost : float
        Shadow cost :math:`\lambda` of public funds.
    theta, gamma0 : float
        The institute's parameters: the share of its research a firm can use
        and its R&D cost parameter.
    results : tuple of InstrumentResult
        One per instrument that exists at these parameters, in the order of
        :data:`INSTRUMENTS`.
    unavailable : tuple of (str, str)
        Instruments left out and why, e.g. an optimal R&D subsidy where the
        welfare-maximising instrument would be an R&D tax.
    """

    market: Market
    n: int
    beta: float
    gamma: float
    budget: float
    shadow_cost: float
    theta: float
    gamma0: float
    results: tuple
    unavailable: tuple = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The instruments compared, in order."""
        return tuple(r.name for r in self.results)

    def __getitem__(self, name: str) -> InstrumentResult:
        name = _instrument(name)
        for r in self.results:
            if r.name == name:
                return r
        why = dict(self.unavailable).get(name)
        if why is not None:
            raise KeyError(f"instrument {name!r} is not available here: {why}")
        raise KeyError(f"no instrument {name!r}; compared: {', '.join(self.names)}")

    def __contains__(self, name: object) -> bool:
        return _instrument(name) in self.names

    @property
    def baseline(self) -> InstrumentResult:
        """Laissez-faire R&D competition."""
        return self[COMPETITION]

    def table(self) -> str:
        """A plain-text table of the comparison, one row per instrument (84 characters wide).

        Columns: the instrument and its lever, the public money it spends, and its
        changes in the firms' R&D, output and welfare against laissez-faire
        competition, with the firms' R&D gained per unit of public money.
        """
        head = (f"{'instrument':30s}{'lever':>13s}{'cost':>8s}{'ΔR&D':>8s}{'Δoutput':>8s}"
                f"{'Δwelfare':>9s}{'ΔR&D/G':>8s}")
        rows = [head, "-" * len(head)]
        for r in self.results:
            ratio = r.rd_per_public_money
            lever = "" if r.kind in ("baseline", "cooperation") else r.lever
            rows.append(
                f"{r.label:30s}{lever:>13s}{r.public_cost:8.1f}{r.d_rd:8.3f}{r.d_output:8.3f}"
                f"{r.d_welfare:9.2f}{'' if ratio is None else f'{ratio:.4f}':>8s}"
            )
        for name, why in self.unavailable:
            reason = why.split(": ", 1)[-1]
            for stop in (" (", ";", ", "):
                reason = reason.split(stop)[0]
            rows.append(f"{INSTRUMENT_NAMES[name][0]:30s} not available: {reason[:52]}")
        return "\n".join(rows)


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------


def _check(market, n, beta, gamma, budget, shadow_cost, caller="compare_instruments"):
    """The loose arguments of one comparison, checked once: ``(cluster, budget, shadow_cost)``.

    Every function below takes the :class:`~clustercode.symmetric.SymmetricCluster`
    and solves the model at it without checking ``n``, ``beta`` and ``gamma`` again.
    """
    for name, v, kind in (("n", n, "integer"), ("beta", beta, "real number"), ("gamma", gamma, "real number")):
        if isinstance(v, (list, tuple)) or isinstance(v, np.ndarray) and v.ndim:
            raise InputTypeError(f"{name} must be a single {kind}, got {v!r} ({caller} solves one cluster, "
                                 "not a grid)")
    cl = SymmetricCluster(market, n, beta, gamma)
    if not market.homogeneous:
        raise ValueError(f"{caller} models a homogeneous good; got substitution = {market.substitution:g} "
                         "(differentiated goods: clustercode.differentiated)")
    cl._scalar(caller, min_firms=2)
    budget = finite_scalar("budget", budget, nonnegative=True)
    shadow_cost = finite_scalar("shadow_cost", shadow_cost, nonnegative=True)
    return cl, budget, shadow_cost


# ---------------------------------------------------------------------------
# levers that spend a budget
# ---------------------------------------------------------------------------


def output_subsidy_for_budget(market: Market, n: int, beta: float, gamma: float, budget: float,
                              regime: str = "competition") -> float:
    r"""The output subsidy :math:`s \ge 0` whose outlay :math:`sQ(s)` equals ``budget``.

    Uses the proportionality of the symmetric equilibrium to the margin
    :math:`a - A + s` (module docstring): with :math:`Q_0` the output without
    policy and :math:`m_0 = a - A`, :math:`s = 2G/\kappa\,/\,(m_0 + \sqrt{m_0^2 + 4G/\kappa})`,
    :math:`\kappa = Q_0/m_0`.

    Parameters
    ----------
    market : Market
    n : int
        Number of firms, ``n >= 2``.
    beta : float
        Spillover in [0, 1].
    gamma : float
        R&D cost parameter (valid for ``regime`` without policy).
    budget : float
        Public budget :math:`G \ge 0`.
    regime : str, default "competition"

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer, or
        ``beta``, ``gamma`` or ``budget`` is not a real number (a bool or a numeric string is not a
        number).
    ValueError
        For invalid parameters (as :func:`~clustercode.symmetric.symmetric_equilibrium`),
        a negative budget, or a budget so large that the subsidy it pays for
        leaves the model's assumptions (the unit cost would turn negative).
    """
    cl, budget, _ = _check(market, n, beta, gamma, budget, 0.0, "output_subsidy_for_budget")
    return _output_subsidy_for_budget(cl, budget, regime)


def _output_subsidy_for_budget(cl: SymmetricCluster, budget: float, regime: str) -> float:
    base = cl.equilibrium(regime)
    market = cl.market
    m0 = market.a - market.A
    kappa = base.total_output / m0
    r = budget / kappa
    s = 2.0 * r / (m0 + math.sqrt(m0 * m0 + 4.0 * r))
    try:
        cl.equilibrium(regime, Policy(output_subsidy=s))
    except ValueError as err:
        raise ValueError(
            f"an output subsidy that spends the budget {budget:g} would be s = {s:.6g}, at which the "
            f"model has no equilibrium: {err}"
        ) from None
    return s


def _rd_outlay(cl: SymmetricCluster, regime: str, sigma: float) -> float:
    return cl.equilibrium(regime, Policy(rd_subsidy=sigma)).outlay


def _rd_subsidy_cap(cl: SymmetricCluster, regime: str) -> float:
    """The largest R&D subsidy share at which the equilibrium exists (nudged inside)."""
    floor = float(cl.min_gamma(regime))
    sigma = 1.0 - floor / float(cl.gamma) * (1.0 + 1e-12)
    return max(sigma, 0.0)


def max_rd_subsidy_budget(market: Market, n: int, beta: float, gamma: float,
                          regime: str = "competition") -> float:
    r"""The largest outlay an R&D subsidy can reach while the equilibrium exists.

    The subsidy share :math:`\sigma` may rise until :math:`(1-\sigma)\gamma` reaches
    :func:`~clustercode.symmetric.min_gamma`; this returns the outlay
    :math:`\sigma n\gamma x^2/2` just inside that bound.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer, or
        ``beta`` or ``gamma`` is not a real number (a bool or a numeric string is not a number).
    ValueError
        For invalid parameters, as :func:`~clustercode.symmetric.symmetric_equilibrium`.
    """
    cl, _, _ = _check(market, n, beta, gamma, 0.0, 0.0, "max_rd_subsidy_budget")
    cl.equilibrium(regime)  # gamma must admit the regime's equilibrium
    return _rd_outlay(cl, regime, _rd_subsidy_cap(cl, regime))


def _increasing_root(f: Callable[[float], float], lo: float, hi: float, f_lo: float, f_hi: float,
                     tol: float) -> float:
    """Root of an increasing ``f`` on ``[lo, hi]`` with ``f(lo) <= 0 <= f(hi)`` (Illinois + bisection)."""
    side = 0
    for _ in range(200):
        if f_hi - f_lo <= 0:
            x = 0.5 * (lo + hi)
        else:
            x = lo - f_lo * (hi - lo) / (f_hi - f_lo)
            if not lo < x < hi:
                x = 0.5 * (lo + hi)
        fx = f(x)
        if abs(fx) <= tol or hi - lo <= 4 * math.ulp(hi):
            return x
        if fx < 0:
            lo, f_lo = x, fx
            if side == -1:
                f_hi *= 0.5
            side = -1
        else:
            hi, f_hi = x, fx
            if side == 1:
                f_lo *= 0.5
            side = 1
    return x  # pragma: no cover - Illinois converges long before 200 steps


def rd_subsidy_for_budget(market: Market, n: int, beta: float, gamma: float, budget: float,
                          regime: str = "competition") -> float:
    r"""The R&D subsidy share :math:`\sigma \in [0, 1)` whose outlay :math:`\sigma n\gamma x^2/2` equals ``budget``.

    Parameters are those of :func:`output_subsidy_for_budget`.

    Returns
    -------
    float
        :math:`\sigma`, with the outlay within a relative :data:`BUDGET_RTOL` of the budget.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer, or
        ``beta``, ``gamma`` or ``budget`` is not a real number (a bool or a numeric string is not a
        number).
    ValueError
        For invalid parameters, a negative budget, or a budget above
        :func:`max_rd_subsidy_budget` (the message gives that bound).
    """
    cl, budget, _ = _check(market, n, beta, gamma, budget, 0.0, "rd_subsidy_for_budget")
    return _rd_subsidy_for_budget(cl, budget, regime)


def _rd_subsidy_for_budget(cl: SymmetricCluster, budget: float, regime: str) -> float:
    cl.equilibrium(regime)  # gamma must admit the regime's equilibrium
    if budget == 0.0:
        return 0.0
    hi = _rd_subsidy_cap(cl, regime)
    top = _rd_outlay(cl, regime, hi)
    if budget > top:
        n, beta, gamma = cl._scalar("rd_subsidy_for_budget")
        raise ValueError(
            f"an R&D subsidy can spend at most {top:.6g} at these parameters (n = {n}, beta = {beta:g}, "
            f"gamma = {gamma:g}): a larger share than sigma = {hi:.6g} would push (1 - sigma) * gamma "
            f"below min_gamma = {float(cl.min_gamma(regime)):.6g}; got budget {budget:g}"
        )
    return _increasing_root(lambda sg: _rd_outlay(cl, regime, sg) - budget,
                            0.0, hi, -budget, top - budget, BUDGET_RTOL * budget)


# ---------------------------------------------------------------------------
# the comparator
# ---------------------------------------------------------------------------


def _totals(eq) -> dict[str, float]:
    """Cluster totals of an equilibrium: symmetric model or public institute."""
    if hasattr(eq, "lab_rd"):  # PublicLabEquilibrium: partner (firm 0) and n - 1 rivals
        k = float(eq.n) - 1.0
        rd = float(eq.total_rd)
        return dict(
            public_cost=float(eq.lab_cost), rd=rd, research=rd + float(eq.lab_rd),
            output=float(eq.partner_output) + k * float(eq.rival_output),
            consumer_surplus=float(eq.consumer_surplus),
            profit=float(eq.partner_profit) + k * float(eq.rival_profit), welfare=float(eq.welfare),
        )
    return dict(
        public_cost=float(eq.outlay), rd=float(eq.total_rd), research=float(eq.total_rd),
        output=float(eq.total_output), consumer_surplus=float(eq.consumer_surplus),
        profit=float(eq.total_profit), welfare=float(eq.welfare),
    )


def _row(name: str, lever: str, eq, base: dict | None) -> InstrumentResult:
    v = _totals(eq)
    ref = v if base is None else base
    return InstrumentResult(
        name=name, kind=INSTRUMENT_KINDS[name], lever=lever, **v,
        d_rd=v["rd"] - ref["rd"], d_research=v["research"] - ref["research"],
        d_output=v["output"] - ref["output"], d_welfare=v["welfare"] - ref["welfare"],
        equilibrium=eq,
    )


def lab_rd_for_budget(budget: float, gamma0: float) -> float:
    r"""The institute's research :math:`x_0 = \sqrt{2G/\gamma_0}` that costs exactly ``budget``.

    Raises
    ------
    TypeError
        If ``budget`` or ``gamma0`` is not a real number (a bool or a numeric string is not a number).
    ValueError
        If ``budget < 0`` or ``gamma0 <= 0``.
    """
    budget = finite_scalar("budget", budget, nonnegative=True)
    gamma0 = finite_scalar("gamma0", gamma0, positive=True)
    return math.sqrt(2.0 * budget / gamma0)


def compare_instruments(
    market: Market,
    n: int,
    beta: float,
    gamma: float,
    budget: float,
    shadow_cost: float = 0.0,
    theta: float = 0.5,
    gamma0: float | None = None,
) -> PolicyComparison:
    r"""Compare every instrument on one symmetric cluster against laissez-faire competition.

    Parameters
    ----------
    market : Market
        Demand and initial cost.
    n : int
        Number of firms, ``n >= 2``.
    beta : float
        Spillover :math:`\beta \in [0, 1]`.
    gamma : float
        R&D cost parameter, above :func:`~clustercode.symmetric.min_gamma` of R&D
        competition.
    budget : float
        Public budget :math:`G \ge 0` that each budget instrument spends exactly.
    shadow_cost : float, default 0
        Shadow cost :math:`\lambda \ge 0` of public funds: welfare counts each unit of
        public money as :math:`1+\lambda`.
    theta : float, default 0.5
        Share :math:`\theta \in [0, 1]` of the institute's research a firm can use
        (its partner in an alliance uses all of it).
    gamma0 : float, optional
        The institute's R&D cost parameter :math:`\gamma_0 > 0`; by default equal to
        ``gamma`` (the institute is as good at research as a firm).

    Returns
    -------
    PolicyComparison
        Rows in the order of :data:`INSTRUMENTS`, against R&D competition without
        policy:

        * ``output_subsidy``, ``rd_subsidy``: the subsidy that spends ``budget``
          (:func:`output_subsidy_for_budget`, :func:`rd_subsidy_for_budget`);
        * ``institute``, ``allied_institute``: a public research institute doing
          :math:`x_0 = \sqrt{2G/\gamma_0}` (:func:`lab_rd_for_budget`), independent or
          allied with one firm, firms competing in R&D
          (:func:`~clustercode.public_lab.public_lab_equilibrium` with ``lab_rd``);
        * ``coordination``, ``sharing``, ``joint_venture``: the regimes of
          :func:`~clustercode.symmetric.symmetric_equilibrium`, at no public cost;
        * ``optimal_output_subsidy``, ``optimal_rd_subsidy``: the welfare-maximising
          subsidy of R&D competition (:func:`~clustercode.subsidy.optimal_policy`),
          which spends what it needs, not ``budget``.

        An instrument without an equilibrium at these parameters (a budget larger
        than it can spend within the model's assumptions, a regime whose
        ``min_gamma`` exceeds ``gamma``, an optimum that would tax R&D) is left
        out of ``results`` and listed in ``unavailable`` with the model's reason.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``n`` is not an integer, or
        ``beta``, ``gamma``, ``budget``, ``shadow_cost`` or ``theta`` is not a real number (a bool or
        a numeric string is not a number).
    ValueError
        If a parameter is invalid or laissez-faire competition itself has no
        equilibrium (``gamma`` at or below its ``min_gamma``).

    Examples
    --------
    >>> from clustercode import Market
    >>> cmp = compare_instruments(Market(100, 1, 60), n=4, beta=0.4, gamma=10.0, budget=20.0)
    >>> round(cmp["institute"].public_cost, 9)
    20.0
    >>> cmp["joint_venture"].public_cost
    0.0
    """
    cl, budget, lam = _check(market, n, beta, gamma, budget, shadow_cost)
    n, beta, gamma = cl._scalar("compare_instruments")
    theta = finite_scalar("theta", theta)
    if not 0.0 <= theta <= 1.0:
        raise ValueError(f"theta must lie in [0, 1], got {theta:g}")
    gamma0 = gamma if gamma0 is None else finite_scalar("gamma0", gamma0, positive=True)

    base_eq = cl.equilibrium(policy=Policy(shadow_cost=lam))
    base = _totals(base_eq)
    rows = [_row(COMPETITION, "none", base_eq, None)]
    unavailable = []

    def attempt(name, solve):
        """Add the row ``solve()`` returns as (lever, equilibrium), or record why it cannot."""
        try:
            lever, eq = solve()
        except ValueError as err:
            unavailable.append((name, str(err)))
        else:
            rows.append(_row(name, lever, eq, base))

    def output_subsidy():
        s = _output_subsidy_for_budget(cl, budget, COMPETITION)
        policy = Policy(output_subsidy=s, shadow_cost=lam)
        return f"s = {s:.4g}", cl.equilibrium(policy=policy)

    def rd_subsidy():
        sigma = _rd_subsidy_for_budget(cl, budget, COMPETITION)
        policy = Policy(rd_subsidy=sigma, shadow_cost=lam)
        return f"σ = {sigma:.4g}", cl.equilibrium(policy=policy)

    x0 = lab_rd_for_budget(budget, gamma0)

    def institute(configuration):
        return f"x0 = {x0:.4g}", _lab_equilibrium(
            cl, theta=theta, gamma0=gamma0, configuration=configuration, shadow_cost=lam, lab_rd=x0)

    def regime(name):
        return "no public money", cl.equilibrium(name, Policy(shadow_cost=lam))

    def optimal(instruments, symbol):
        policy = _optimal_policy(cl, COMPETITION, instruments, lam)
        level = policy.output_subsidy if instruments == ("output",) else policy.rd_subsidy
        return f"{symbol} = {level:.4g}", cl.equilibrium(policy=policy)

    attempt("output_subsidy", output_subsidy)
    attempt("rd_subsidy", rd_subsidy)
    attempt("institute", lambda: institute("independent"))
    attempt("allied_institute", lambda: institute("allied"))
    for name in (COORDINATION, SHARING, JOINT_VENTURE):
        attempt(name, lambda name=name: regime(name))
    attempt("optimal_output_subsidy", lambda: optimal(("output",), "s*"))
    attempt("optimal_rd_subsidy", lambda: optimal(("rd",), "σ*"))

    return PolicyComparison(market=market, n=n, beta=beta, gamma=gamma, budget=budget,
                            shadow_cost=lam, theta=theta, gamma0=gamma0, results=tuple(rows),
                            unavailable=tuple(unavailable))


# ---------------------------------------------------------------------------
# which innovation mode a cluster of unequal firms should choose
# ---------------------------------------------------------------------------

#: Categories of :func:`innovation_mode_grid`: the arrangements of
#: :data:`clustercode.regimes.ARRANGEMENTS`, then "the firms disagree".
MODE_CHOICES = ARRANGEMENTS + ("disagree",)


def innovation_mode_grid(heterogeneity, beta, *, kind: str = "cost", a: float = 100.0, b: float = 1.0,
                         A: float = 60.0, gamma: float = 20.0) -> dict[str, np.ndarray]:
    r"""Which way of organising R&D a duopoly of unequal firms should choose, and which its firms choose.

    Firm 1 has initial unit cost ``A`` and R&D cost ``gamma``; firm 2 differs
    in one trait by ``heterogeneity``: its initial cost is ``A + heterogeneity``
    (``kind="cost"``) or its R&D cost parameter ``gamma * heterogeneity``
    (``kind="rd"``). Both absorb the spillover ``beta``. The arrangements are
    those of :mod:`clustercode.coalitions` (going alone, coordination, a joint
    venture), solved by :func:`~clustercode.cluster.cluster_equilibrium`.

    Parameters
    ----------
    heterogeneity : array of float
        Cost gaps :math:`A_2 - A_1 \ge 0` (``kind="cost"``) or R&D cost ratios
        :math:`\gamma_2/\gamma_1 > 0` (``kind="rd"``).
    beta : array of float
        Spillovers in [0, 1].
    kind : {"cost", "rd"}
    a, b, A, gamma : float
        Demand intercept and slope, firm 1's initial cost and R&D cost parameter.

    Returns
    -------
    dict
        ``"welfare"``: index into :data:`MODE_CHOICES` of the arrangement with
        the highest welfare (ties within a relative 1e-9 to the first listed);
        ``"firms"``: the arrangement both firms prefer by their own profit
        (:func:`~clustercode.coalitions.preferred_arrangement`), or ``"disagree"``.
        Arrays of shape ``(len(beta), len(heterogeneity))``; NaN where some
        arrangement has no equilibrium of the kind computed.

    Raises
    ------
    TypeError
        If ``heterogeneity`` or ``beta`` is not a real number or an array of them, ``kind`` is not a
        string, or ``a``, ``b``, ``A`` or ``gamma`` is not a real number (a bool or a numeric string
        is not a number).
    ValueError
        For an unknown ``kind``, a negative cost gap, a non-positive ratio, or
        ``beta`` outside [0, 1].
    """
    choice("kind", kind, ("cost", "rd"))
    a, b, A, gamma = (finite_scalar(k, v) for k, v in (("a", a), ("b", b), ("A", A), ("gamma", gamma)))
    levels = np.atleast_1d(float_array("heterogeneity", heterogeneity))
    betas = np.atleast_1d(float_array("beta", beta))
    if kind == "cost" and np.any(levels < 0):
        raise ValueError(f"a cost gap must be >= 0, got {levels.min():g}")
    if kind == "rd" and np.any(levels <= 0):
        raise ValueError(f"an R&D cost ratio must be > 0, got {levels.min():g}")
    if np.any((betas < 0) | (betas > 1)):
        raise ValueError(f"beta must lie in [0, 1], got {betas[(betas < 0) | (betas > 1)][0]:g}")
    welfare = np.full((betas.size, levels.size), np.nan)
    firms = np.full((betas.size, levels.size), np.nan)
    for i, bt in enumerate(betas):
        for j, level in enumerate(levels):
            cluster = duopoly(kind, float(level), float(bt), a=a, b=b, A=A, gamma=gamma)
            try:
                eqs = arrangement_equilibria(cluster)
            except ValueError:
                continue
            w = np.array([eqs[k].welfare for k in ARRANGEMENTS])
            pref = preferred_arrangement(cluster, profits={k: eq.profit for k, eq in eqs.items()})
            top = w.max()
            welfare[i, j] = int(np.argmax(w >= top - 1e-9 * max(1.0, abs(top))))
            firms[i, j] = ARRANGEMENTS.index(pref[0]) if len(set(pref)) == 1 else len(ARRANGEMENTS)
    return {"welfare": welfare, "firms": firms}
