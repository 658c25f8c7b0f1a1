"""clustercode: models of R&D with technology spillovers in industrial clusters.

The package behind the book *Technology Externality and Cluster Innovation*
(技术外部性与产业集群转型创新). The symmetric model (``n`` identical firms, four
R&D regimes) is solved in closed form; see :func:`~clustercode.symmetric.symmetric_equilibrium`.
Clusters of unequal firms, with R&D coalitions and exit, are solved
numerically in linear time; see :func:`~clustercode.cluster.cluster_equilibrium` and
:mod:`clustercode.coalitions`.
The diffusion of an innovation through a cluster's network of ties (Chapter 3)
is in :mod:`clustercode.diffusion`.

>>> from clustercode import Market, symmetric_equilibrium
>>> eq = symmetric_equilibrium(Market(a=100, b=1, A=60), n=2, beta=0.3, gamma=20)
>>> round(eq.rd, 4), round(eq.price, 4)
(0.7746, 72.662)
"""

from .cartel import CartelOptimum, cartel_optimum
from .cluster import Cluster, ClusterEquilibrium, cluster_equilibrium
from .diffusion import (
    ClusterNetwork,
    adoption_share,
    bass_share,
    mean_adoption_time,
    simulate_adoption,
    time_to_share,
)
from .market import Market
from .policy import Policy
from .public_lab import PublicLabEquilibrium, public_lab_equilibrium
from .regimes import REGIME_NAMES, REGIMES
from .subsidy import OptimalSubsidies, optimal_policy, optimal_subsidies
from .symmetric import (
    SymmetricEquilibrium,
    compare_regimes,
    min_gamma,
    symmetric_equilibrium,
)

__version__ = "0.1.0"

__all__ = [
    "Market",
    "Policy",
    "REGIMES",
    "REGIME_NAMES",
    "SymmetricEquilibrium",
    "symmetric_equilibrium",
    "compare_regimes",
    "min_gamma",
    # diffusion of an innovation through a cluster (Chapter 3)
    "ClusterNetwork",
    "bass_share",
    "adoption_share",
    "time_to_share",
    "mean_adoption_time",
    "simulate_adoption",
    # heterogeneous clusters (Chapter 4, Part 2)
    "Cluster",
    "ClusterEquilibrium",
    "cluster_equilibrium",
    "optimal_policy",
    # the R&D cartel over all R&D profiles (Salant and Shaffer)
    "cartel_optimum",
    "CartelOptimum",
    "optimal_subsidies",
    "OptimalSubsidies",
    "public_lab_equilibrium",
    "PublicLabEquilibrium",
]
