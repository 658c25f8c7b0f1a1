"""The book's calibrations, in one place: every number a chapter or figure uses as an example.

All of them are *illustrative*, chosen to show the models' mechanisms, not
estimated from data. Models take them as defaults; figures and chapters import
them from here, so that a model's tests never import the presentation layer
(:mod:`clustercode.figures`, :mod:`clustercode.widgets`).

>>> BOOK_MARKET.margin
40.0
>>> COMPARATOR_FIRMS, COMPARATOR_GAMMA, COMPARATOR_THETA
(4, 10.0, 0.5)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._validate import finite_scalar
from .cluster import Cluster
from .market import Market

__all__ = [
    "BOOK_MARKET",
    "COMPARATOR_FIRMS",
    "COMPARATOR_GAMMA",
    "COMPARATOR_THETA",
    "DIFFUSION_FIRMS",
    "CONTACT_RATE",
    "EXTERNAL_RATE",
    "CASE",
    "margin_cluster",
]

#: The market of the book's figures: demand intercept 100, slope 1, initial unit cost 60.
BOOK_MARKET = Market(a=100.0, b=1.0, A=60.0)

#: The policy comparator's cluster (Chapter 7): number of firms, their R&D cost
#: parameter, and the share of an institute's results each firm can use.
COMPARATOR_FIRMS = 4
#: See :data:`COMPARATOR_FIRMS`.
COMPARATOR_GAMMA = 10.0
#: See :data:`COMPARATOR_FIRMS`.
COMPARATOR_THETA = 0.5

#: The cluster of the diffusion model (Chapter 3): number of firms ...
DIFFUSION_FIRMS = 100
#: ... contact rate r (adoptions per adopting tie and year) ...
CONTACT_RATE = 0.04
#: ... and rate p of adoption prompted from outside the cluster (per year).
EXTERNAL_RATE = 0.03

#: The three phases of the case study (Chapter 6): the default fields of
#: :class:`~clustercode.phases.CaseCalibration` (its market is :data:`BOOK_MARKET`).
CASE: Mapping[str, float] = MappingProxyType({
    "gamma": 20.0,
    "firms_early": 5,
    "beta_early": 0.3,
    "firms_expanded": 25,
    "beta_expanded": 0.5,
    "large_firms": 3,
    "cost_advantage": 8.0,
    "rd_cost_ratio": 0.5,
    "beta_large": 0.7,
    "entrants": 15,
})


def margin_cluster(A2: float) -> Cluster:
    """Three firms; the second one's initial cost ``A2`` decides whether it produces, is held at
    the margin or stays out (Chapter 4, Part 2: ``A = (63, A2, 52)``, ``gamma = (5, 23, 21)``,
    ``beta = (0.8, 0, 0.6)``, ``a = 100``, ``b = 1``).

    Raises
    ------
    TypeError
        If ``A2`` is not a real number.
    ValueError
        If ``A2`` is not finite, or the cluster it gives is invalid (see
        :class:`~clustercode.cluster.Cluster`).
    """
    return Cluster(100.0, 1.0, [63.0, finite_scalar("A2", A2), 52.0], [5.0, 23.0, 21.0], [0.8, 0.0, 0.6])
