r"""A cluster's history as a sequence of parameter changes (Chapter 6).

The case study of the original book (Lin et al. 2013, Chapter 6) tells the
history of the Beilun mould cluster in three phases: expansion and a first
decline of innovation; large firms and a revival; policy and a second
decline. Its data are not available to this edition. What can be done is to
restate each phase as a change in the parameters of the models of Chapters 4
and 5 and compute what the models predict. This module does that for a
*stated, illustrative* calibration (:class:`CaseCalibration`); its numbers
describe the model, not the cluster.

Each phase is a :class:`~clustercode.cluster.Cluster` (plus a policy), solved
with :func:`~clustercode.cluster.cluster_equilibrium` under R&D competition:

=============  ==============================================================
phase          what changes
=============  ==============================================================
``early``      a few identical small firms
``expansion``  many more identical small firms; denser ties raise the
               spillover (absorptive capacity) of every firm
``large``      a few of them become large: lower initial unit cost, cheaper
               R&D and higher absorptive capacity
``policy``     a policy lowers the barriers to entry and more small firms
               enter (one candidate mechanism for the second decline; see
               the chapter)
=============  ==============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np

from ._validate import InputTypeError, finite_scalar, instance, integer, optional_instance
from .calibrations import BOOK_MARKET, CASE
from .cluster import Cluster, ClusterEquilibrium, cluster_equilibrium
from .market import Market

__all__ = [
    "PHASES",
    "PHASE_NAMES",
    "CaseCalibration",
    "PhaseOutcome",
    "phase_clusters",
    "phase_outcomes",
    "phase_table",
]

#: The phases, in order.
PHASES = ("early", "expansion", "large", "policy")

#: English and Chinese names of the phases.
PHASE_NAMES = {
    "early": ("early cluster", "集群形成期"),
    "expansion": ("scale expansion", "规模扩张"),
    "large": ("large firms", "大企业兴起"),
    "policy": ("policy-driven entry", "政策引致进入"),
}


#: Largest firm count of a case calibration (the clusters are solved whole).
MAX_CASE_FIRMS = 10**6


@dataclass(frozen=True)
class CaseCalibration:
    """An illustrative calibration of the three phases (not estimated).

    Parameters
    ----------
    market : Market
        Demand and the small firms' initial unit cost ``A``.
    gamma : float
        R&D cost parameter of a small firm.
    firms_early : int
        Number of (identical, small) firms before the expansion.
    beta_early : float
        Spillover (absorptive capacity) before the expansion.
    firms_expanded : int
        Number of firms after the expansion (all small).
    beta_expanded : float
        Spillover after the expansion: denser ties inside the cluster.
    large_firms : int
        How many of the expanded cluster's firms become large.
    cost_advantage : float
        How much lower a large firm's initial unit cost is (``A - A_large``).
    rd_cost_ratio : float
        A large firm's R&D cost parameter as a share of a small firm's.
    beta_large : float
        A large firm's absorptive capacity.
    entrants : int
        Small firms that enter in the policy phase.

    Raises
    ------
    TypeError
        If ``market`` is not a :class:`~clustercode.market.Market`, ``gamma``, ``beta_early``,
        ``beta_expanded``, ``cost_advantage``, ``rd_cost_ratio`` or ``beta_large`` is not a real
        number, or ``firms_early``, ``firms_expanded``, ``large_firms`` or ``entrants`` is not an
        integer (a bool or a numeric string is not a number).
    ValueError
        If a count is not a positive integer (``entrants`` and
        ``large_firms`` may be zero; ``large_firms <= firms_expanded``), a
        spillover is outside ``[0, 1]``, ``gamma`` or ``rd_cost_ratio`` is not
        positive, or ``cost_advantage`` is negative or leaves a large firm
        with a non-positive cost.
    """

    # the defaults are the book's calibration, clustercode.calibrations.CASE
    market: Market = BOOK_MARKET
    gamma: float = CASE["gamma"]
    firms_early: int = CASE["firms_early"]
    beta_early: float = CASE["beta_early"]
    firms_expanded: int = CASE["firms_expanded"]
    beta_expanded: float = CASE["beta_expanded"]
    large_firms: int = CASE["large_firms"]
    cost_advantage: float = CASE["cost_advantage"]
    rd_cost_ratio: float = CASE["rd_cost_ratio"]
    beta_large: float = CASE["beta_large"]
    entrants: int = CASE["entrants"]

    def __post_init__(self) -> None:
        instance("market", self.market, Market)
        if not self.market.homogeneous:
            raise ValueError(f"CaseCalibration models a homogeneous good; got substitution = "
                             f"{self.market.substitution:g}")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "market":
                continue
            if f.name in ("firms_early", "firms_expanded", "large_firms", "entrants"):
                object.__setattr__(self, f.name, integer(f.name, value, maximum=MAX_CASE_FIRMS))
            else:
                object.__setattr__(self, f.name, finite_scalar(f.name, value))
        for name in ("firms_early", "firms_expanded"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0 <= self.large_firms <= self.firms_expanded:
            raise ValueError(
                f"large_firms must be between 0 and firms_expanded = {self.firms_expanded}, "
                f"got {self.large_firms}"
            )
        if self.entrants < 0:
            raise ValueError(f"entrants must be non-negative, got {self.entrants}")
        for name in ("beta_early", "beta_expanded", "beta_large"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {getattr(self, name)}")
        for name in ("gamma", "rd_cost_ratio"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if not 0.0 <= self.cost_advantage < self.market.A:
            raise ValueError(
                f"cost_advantage must lie in [0, A) = [0, {self.market.A:g}) so that a large "
                f"firm's cost stays positive, got {self.cost_advantage}"
            )


@dataclass(frozen=True)
class PhaseOutcome:
    """The equilibrium of one phase, and which of its firms are large.

    Attributes
    ----------
    phase : str
        One of :data:`PHASES`.
    equilibrium : ClusterEquilibrium
        R&D competition among the phase's firms.
    large : numpy.ndarray of bool
        Which firms are large (all ``False`` before the ``large`` phase).
    """

    phase: str
    equilibrium: ClusterEquilibrium
    large: np.ndarray

    @property
    def total_rd(self) -> float:
        """The cluster's total R&D."""
        return self.equilibrium.total_rd

    @property
    def producers(self) -> int:
        """Number of firms that produce."""
        return int(self.equilibrium.active.sum())

    def mean_rd(self, large: bool) -> float:
        """Mean R&D of the producing large (or small) firms; NaN if there are none."""
        group = self.equilibrium.active & (self.large == large)
        return float(self.equilibrium.rd[group].mean()) if group.any() else float("nan")


def phase_clusters(cal: CaseCalibration | None = None) -> dict[str, tuple[Cluster, np.ndarray]]:
    """The cluster of each phase and its mask of large firms.

    Large firms are the first ``cal.large_firms`` firms from the ``large``
    phase on; entrants in the ``policy`` phase are small.

    Raises
    ------
    TypeError
        If ``cal`` is not a :class:`CaseCalibration` or None.
    """
    cal = optional_instance("cal", cal, CaseCalibration, CaseCalibration)
    m = cal.market

    def small(n: int, beta: float):
        return np.full(n, m.A), np.full(n, cal.gamma), np.full(n, beta)

    out = {}
    A, g, b = small(cal.firms_early, cal.beta_early)
    out["early"] = (Cluster(m.a, m.b, A, g, b), np.zeros(cal.firms_early, bool))
    A, g, b = small(cal.firms_expanded, cal.beta_expanded)
    out["expansion"] = (Cluster(m.a, m.b, A, g, b), np.zeros(cal.firms_expanded, bool))
    large = np.arange(cal.firms_expanded) < cal.large_firms
    A = np.where(large, m.A - cal.cost_advantage, m.A)
    g = np.where(large, cal.gamma * cal.rd_cost_ratio, cal.gamma)
    b = np.where(large, cal.beta_large, cal.beta_expanded)
    out["large"] = (Cluster(m.a, m.b, A, g, b), large)
    A2, g2, b2 = small(cal.entrants, cal.beta_expanded)
    out["policy"] = (
        Cluster(m.a, m.b, np.r_[A, A2], np.r_[g, g2], np.r_[b, b2]),
        np.r_[large, np.zeros(cal.entrants, bool)],
    )
    return out


def phase_outcomes(cal: CaseCalibration | None = None) -> dict[str, PhaseOutcome]:
    """Solve every phase under R&D competition.

    Raises
    ------
    ValueError
        The error of :func:`~clustercode.cluster.cluster_equilibrium`,
        prefixed with the phase, if a phase's parameters have no equilibrium
        of the kind it computes (e.g. R&D too cheap for the second-order
        condition).
    """
    out = {}
    for phase, (cluster, large) in phase_clusters(cal).items():
        try:
            eq = cluster_equilibrium(cluster)
        except ValueError as exc:
            raise ValueError(f"phase {phase!r}: {exc}") from None
        out[phase] = PhaseOutcome(phase, eq, large)
    return out


def phase_table(outcomes: dict[str, PhaseOutcome]) -> str:
    """A plain-text table of the phases: firms, producers, R&D, concentration, price, welfare.

    ``outcomes`` is what :func:`phase_outcomes` returns (a non-empty dict of
    :class:`PhaseOutcome` keyed by phase name).

    Raises
    ------
    TypeError
        If ``outcomes`` is not a dict of :class:`PhaseOutcome`.
    ValueError
        If it is empty or names an unknown phase.
    """
    if not isinstance(outcomes, Mapping) or not all(isinstance(o, PhaseOutcome) for o in outcomes.values()):
        raise InputTypeError(f"outcomes must be a dict of PhaseOutcome (phase_outcomes()), got {type(outcomes).__name__}")
    if not outcomes:
        raise ValueError("outcomes is empty: there is no phase to tabulate")
    unknown = [p for p in outcomes if p not in PHASE_NAMES]
    if unknown:
        raise ValueError(f"unknown phase {unknown[0]!r}; the phases are {tuple(PHASE_NAMES)}")
    head = (f"{'phase':22s}{'firms':>6s}{'producing':>10s}{'total R&D':>11s}"
            f"{'R&D large':>11s}{'R&D small':>11s}{'HHI':>7s}{'price':>8s}{'welfare':>10s}")
    rows = [head, "-" * len(head)]
    for phase, o in outcomes.items():
        eq = o.equilibrium

        def fmt(v: float) -> str:
            return f"{'–':>11s}" if np.isnan(v) else f"{v:11.3f}"

        rows.append(
            f"{PHASE_NAMES[phase][0]:22s}{eq.n:6d}{o.producers:10d}{o.total_rd:11.3f}"
            f"{fmt(o.mean_rd(True))}{fmt(o.mean_rd(False))}{eq.hhi:7.3f}{eq.price:8.2f}"
            f"{eq.welfare:10.1f}"
        )
    return "\n".join(rows)
