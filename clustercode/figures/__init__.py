"""The book's interactive figures, one factory each, in one module per part of the book.

Chapters display a figure by calling its factory, e.g.
``from clustercode.figures import regime_comparison; regime_comparison()``.
Every factory pairs a *draw function* -- plain matplotlib, ``draw(ax_or_axes,
**values)``, called on cleared axes -- with its sliders in
:func:`clustercode.widgets.interactive_figure`, so each figure has the same
slider panel, updates its image in Jupyter, and shows its initial state as a
static image on the HTML site and in the PDF. The draw functions work on any
axes (``draw_rd_vs_spillover(ax, gamma=10, n=2)`` in
``clustercode.figures.homogeneous``, for instance).

Each submodule defines ``INTERACTIVE_FIGURES`` (name -> factory) for its own
figures; :data:`INTERACTIVE_FIGURES` here merges them (the latency benchmark
and the tests walk it).

The calibrations the figures use (``BOOK_MARKET`` and the others) are in
:mod:`clustercode.calibrations`; they are illustrative, not estimated.
``BOOK_MARKET`` and ``margin_cluster`` are still importable from here.
"""

from __future__ import annotations

from . import case, heterogeneous, homogeneous, narrative, policy, transformation
from ._common import BOOK_MARKET as BOOK_MARKET  # re-exported: clustercode.calibrations'
from .case import cluster_phases
from .heterogeneous import (
    held_at_the_margin,
    large_cluster_figure,
    preference_maps,
    trait_spread,
    unequal_duopoly,
)
from .heterogeneous import (
    margin_cluster as margin_cluster,  # re-exported: clustercode.calibrations'
)
from .homogeneous import (
    cluster_size,
    cluster_size_payoffs,
    intro_rd_vs_spillover,
    regime_comparison,
    regime_comparison_payoffs,
    regime_map,
)
from .narrative import cluster_diffusion, literature_timeline
from .policy import optimal_subsidy_figure, public_lab_figure, subsidy_effects
from .transformation import policy_comparator

__all__ = [  # BOOK_MARKET and margin_cluster: see clustercode.calibrations
    "intro_rd_vs_spillover",
    "regime_comparison",
    "regime_comparison_payoffs",
    "cluster_size",
    "cluster_size_payoffs",
    "regime_map",
    "literature_timeline",
    "cluster_diffusion",
    "trait_spread",
    "unequal_duopoly",
    "preference_maps",
    "large_cluster_figure",
    "held_at_the_margin",
    "cluster_phases",
    "subsidy_effects",
    "optimal_subsidy_figure",
    "public_lab_figure",
    "policy_comparator",
    "INTERACTIVE_FIGURES",
]

#: Every interactive figure of the book: name -> factory.
INTERACTIVE_FIGURES = {
    **homogeneous.INTERACTIVE_FIGURES,
    **narrative.INTERACTIVE_FIGURES,
    **heterogeneous.INTERACTIVE_FIGURES,
    **case.INTERACTIVE_FIGURES,
    **policy.INTERACTIVE_FIGURES,
    **transformation.INTERACTIVE_FIGURES,
}
