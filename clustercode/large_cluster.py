"""A large cluster drawn from a stated distribution (Chapter 4, Part 2).

Who survives when thousands of unequal firms compete in R&D, and what
explains how much R&D each survivor does. The distribution is illustrative,
not estimated, and seeded so that the chapter's numbers are reproducible.
"""

from __future__ import annotations

import numpy as np

from ._validate import InputTypeError, instance, integer
from .cluster import MAX_FIRMS, Cluster, ClusterEquilibrium, cluster_equilibrium
from .regimes import COMPETITION, JOINT_VENTURE

__all__ = ["large_cluster_experiment", "rd_determinants", "overtaken_firms"]


def large_cluster_experiment(n: int = 5000, seed: int = 2013):
    """A large cluster drawn from a stated distribution, solved under competition and as one joint venture.

    Firms (illustrative, seeded): ``A_i ~ U(60, 70)``, ``gamma_i = 100 exp(0.5 z_i)``
    with ``z_i`` standard normal (a log-normal spread of R&D efficiency),
    ``beta_i ~ U(0.1, 0.6)``; demand ``a = 100, b = 1``. Returns
    ``(cluster, {"no R&D": ..., "competition": ..., "joint_venture": ...})`` where
    "no R&D" is the Cournot equilibrium with R&D prohibitively expensive.

    Raises
    ------
    TypeError
        If ``n`` or ``seed`` is not an integer (a bool or a numeric string is not a number).
    """
    n = integer("n", n, minimum=1, maximum=MAX_FIRMS)
    seed = integer("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    A = rng.uniform(60.0, 70.0, n)
    gamma = 100.0 * np.exp(0.5 * rng.standard_normal(n))
    beta = rng.uniform(0.1, 0.6, n)
    cl = Cluster(100.0, 1.0, A, gamma, beta)
    out = {
        "no R&D": cluster_equilibrium(Cluster(100.0, 1.0, A, gamma * 1e12, beta)),
        COMPETITION: cluster_equilibrium(cl),
        JOINT_VENTURE: cluster_equilibrium(cl, "all", sharing=True),
    }
    return cl, out


def _check_pair(cluster, eq, fields=("active",)) -> None:
    """``cluster`` is a Cluster and ``eq`` carries per-firm ``fields`` of its length (a ClusterEquilibrium)."""
    instance("cluster", cluster, Cluster)
    for name in fields:
        value = getattr(eq, name, None)
        if value is None:
            raise InputTypeError(f"eq must be a ClusterEquilibrium (with .{name}), got {type(eq).__name__}")
        if np.shape(value) != (cluster.n,):
            raise ValueError(f"eq.{name} has shape {np.shape(value)}, not one entry per firm of the "
                             f"cluster ({cluster.n})")


def rd_determinants(cluster: Cluster, eq: ClusterEquilibrium) -> dict[str, float]:
    r"""Least-squares fit of the producers' log R&D on their traits.

    .. math::

        \ln x_i = c_0 + c_A A_i + c_\gamma \ln\gamma_i + c_\beta \beta_i + e_i ,
        \qquad i \text{ producing with } x_i > 0 .

    Returns ``{"intercept": c_0, "A": c_A, "log_gamma": c_gamma, "beta": c_beta}``.
    A description of the equilibrium, not a causal estimate.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, or ``eq`` is not a
        :class:`~clustercode.cluster.ClusterEquilibrium`.
    """
    _check_pair(cluster, eq, ("active", "rd"))
    on = eq.active & (eq.rd > 0)
    X = np.column_stack([np.ones(on.sum()), cluster.A[on], np.log(cluster.gamma[on]), cluster.beta[on]])
    coef = np.linalg.lstsq(X, np.log(eq.rd[on]), rcond=None)[0]
    return dict(zip(("intercept", "A", "log_gamma", "beta"), map(float, coef)))


def overtaken_firms(cluster: Cluster, eq: ClusterEquilibrium) -> int:
    """Firms that exit although their initial unit cost is below that of some producer.

    Raises
    ------
    TypeError
        If ``cluster`` is not a :class:`~clustercode.cluster.Cluster`, or ``eq`` is not a
        :class:`~clustercode.cluster.ClusterEquilibrium`.
    """
    _check_pair(cluster, eq)
    if not eq.active.any():
        return 0
    return int(np.sum(~eq.active & (cluster.A < cluster.A[eq.active].max())))
