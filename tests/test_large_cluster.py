"""Tests of clustercode.large_cluster: the large-cluster experiment of Chapter 4, Part 2."""

from __future__ import annotations

import numpy as np

from clustercode import Cluster, cluster_equilibrium
from clustercode.large_cluster import large_cluster_experiment, overtaken_firms, rd_determinants


def test_large_cluster_experiment_as_reported():
    cl, eqs = large_cluster_experiment()
    base, comp, jv = eqs["no R&D"], eqs["competition"], eqs["joint_venture"]
    assert cl.n == 5000
    # R&D competition shakes out firms and raises concentration; the joint venture lets more survive
    assert comp.active.sum() < base.active.sum() < jv.active.sum()
    assert comp.hhi > base.hhi > jv.hhi
    assert jv.price < comp.price < base.price
    # survival is not decided by initial cost alone: R&D efficiency and absorption reorder firms
    assert cl.A[comp.active].max() > cl.A[~comp.active].min()
    assert cl.A[comp.active].mean() < cl.A[~comp.active].mean()
    # among survivors, R&D falls with initial cost and R&D cost and rises with absorption
    c = rd_determinants(cl, comp)
    assert c["A"] < 0 and c["log_gamma"] < 0 and c["beta"] > 0
    assert overtaken_firms(cl, comp) > 0


def test_rd_determinants_recover_an_exact_log_linear_rule():
    """On data that obey the fitted form exactly, the fit returns its coefficients."""
    rng = np.random.default_rng(0)
    n = 50
    cl = Cluster(200.0, 1.0, rng.uniform(60, 70, n), 20.0 * np.exp(rng.normal(size=n)), rng.uniform(0, 1, n))
    fake = type("Eq", (), {})()
    fake.active = np.ones(n, bool)
    fake.rd = np.exp(1.0 - 0.5 * cl.A + 2.0 * np.log(cl.gamma) + 3.0 * cl.beta)
    c = rd_determinants(cl, fake)
    assert np.allclose([c["intercept"], c["A"], c["log_gamma"], c["beta"]], [1.0, -0.5, 2.0, 3.0])


def test_overtaken_firms_counts_exits_cheaper_than_some_producer():
    cl = Cluster(100.0, 1.0, [60.0, 65.0, 70.0, 75.0], 20.0, 0.3)
    fake = type("Eq", (), {})()
    fake.active = np.array([True, False, True, False])
    assert overtaken_firms(cl, fake) == 1  # firm 1 (65) exits while firm 2 (70) produces
    fake.active = np.zeros(4, bool)
    assert overtaken_firms(cl, fake) == 0
    same = Cluster(100.0, 1.0, [60.0, 60.0], 20.0, 0.3)
    assert overtaken_firms(same, cluster_equilibrium(same)) == 0
