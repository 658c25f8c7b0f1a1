"""clustercode: models of R&D with technology spillovers in industrial clusters.

The package behind the book *Technology Externality and Cluster Innovation*
(技术外部性与产业集群转型创新). The symmetric model (``n`` identical firms, four
R&D regimes) is solved in closed form; see :func:`~clustercode.symmetric.symmetric_equilibrium`.
Clusters of unequal firms, with R&D coalitions and exit, are solved
numerically in linear time; see :func:`~clustercode.cluster.cluster_equilibrium` and
:mod:`clustercode.coalitions`.
The diffusion of an innovation through a cluster's network of ties (Chapter 3)
is in :mod:`clustercode.diffusion`.

The layers
----------
The modules form three layers; each imports only from the layers above it
(``tests/test_layers.py`` checks that the economics and the calibrations
never import the presentation layer, and that the model tests import only
the economics).

*Economics* (no plotting library):

- primitives and vocabulary: :mod:`clustercode.market`, :mod:`clustercode.policy`,
  :mod:`clustercode.regimes` (the one set of regime names);
- the symmetric family, one validated parameter object
  (:class:`~clustercode.symmetric.SymmetricCluster`) passed down:
  :mod:`clustercode.symmetric`, :mod:`clustercode.subsidy`,
  :mod:`clustercode.public_lab`, :mod:`clustercode.cartel`,
  :mod:`clustercode.differentiated`, :mod:`clustercode.entry`;
- unequal firms, one validated :class:`~clustercode.cluster.Cluster`:
  :mod:`clustercode.cluster`, :mod:`clustercode.coalitions`,
  :mod:`clustercode.transfers`, :mod:`clustercode.large_cluster`,
  :mod:`clustercode.phases`;
- across models: :mod:`clustercode.comparator` (every instrument side by
  side) and :mod:`clustercode.diffusion`;
- the algebra: :mod:`clustercode.symbolic` and
  :mod:`clustercode.symbolic_differentiated` derive the closed forms with
  SymPy; the generator ``clustercode.codegen`` writes them out as the NumPy
  kernels ``clustercode._kernels`` and ``clustercode._kernels_differentiated``,
  which the models call (importing the package does not import SymPy);
- support: ``clustercode._validate`` (the input boundary) and
  ``clustercode._vectorize``.

*Calibrations*: :mod:`clustercode.calibrations`, every number the book uses
as an example (illustrative, not estimated).

*Presentation* (matplotlib, ipywidgets): :mod:`clustercode.style`,
:mod:`clustercode.plotting`, :mod:`clustercode.widgets` and the figures of
:mod:`clustercode.figures`, one module per part of the book. Behind
:mod:`clustercode.widgets` sits the private figure engine,
``clustercode._engine`` (Jupyter display, static image, in-place redraw), and
``clustercode._live_export`` writes an interactive figure's precomputed grid
for the static site's live sliders.

Besides these, :mod:`clustercode.literature` holds the bibliography as data
(Chapter 2) and ``clustercode._notebook_refs`` serves the chapters opened as
notebooks.

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
    SymmetricCluster,
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
    "SymmetricCluster",
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
