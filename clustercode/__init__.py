"""clustercode: models of R&D with technology spillovers in industrial clusters.

The package behind the book *Technology Externality and Cluster Innovation*
(技术外部性与产业集群转型创新). The symmetric model (``n`` identical firms, four
R&D regimes) is solved in closed form; see :func:`symmetric_equilibrium`.

>>> from clustercode import Market, symmetric_equilibrium
>>> eq = symmetric_equilibrium(Market(a=100, b=1, A=60), n=2, beta=0.3, gamma=20)
>>> round(eq.rd, 4), round(eq.price, 4)
(0.7746, 72.662)
"""

from .market import Market
from .policy import Policy
from .public_lab import PublicLabEquilibrium, public_lab_equilibrium
from .subsidy import OptimalSubsidies, optimal_policy, optimal_subsidies
from .symmetric import (
    REGIME_NAMES,
    REGIMES,
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
    "optimal_policy",
    "optimal_subsidies",
    "OptimalSubsidies",
    "public_lab_equilibrium",
    "PublicLabEquilibrium",
]
