"""Free entry: definition checked by brute force, the excess-entry proposition, validation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustercode import Market, min_gamma, symmetric_equilibrium
from clustercode.entry import free_entry

M = Market(100.0, 1.0, 60.0)


def brute(market, beta, gamma, regime, F, max_firms=500):
    """Free-entry and optimal n by looping over every cluster size, one call at a time."""
    n_e, n_opt, w_opt = 0, 0, 0.0
    for n in range(1, max_firms + 1):
        try:
            e = symmetric_equilibrium(market, n, beta, gamma, regime)
        except ValueError:
            continue
        if e.profit >= F:
            n_e = n
        if e.welfare - n * F > w_opt:
            n_opt, w_opt = n, e.welfare - n * F
    return n_e, n_opt


@pytest.mark.parametrize("regime", ["competition", "coordination", "sharing", "joint_venture"])
@pytest.mark.parametrize("beta,gamma,F", [(0.3, 20.0, 50.0), (0.8, 6.0, 20.0), (0.0, 40.0, 300.0)])
def test_free_entry_matches_a_brute_force_search(regime, beta, gamma, F):
    fe = free_entry(M, beta, gamma, regime, F, max_firms=200)
    assert (fe.n, fe.welfare_optimal_n) == brute(M, beta, gamma, regime, F, 200)
    if fe.n:
        assert fe.equilibrium.n == fe.n and fe.equilibrium.profit >= F
        assert fe.net_welfare == pytest.approx(fe.equilibrium.welfare - fe.n * F)


def test_no_entrant_when_even_a_monopolist_loses():
    fe = free_entry(M, 0.5, 20.0, "competition", 1e4)
    assert fe.n == 0 and fe.equilibrium is None and fe.welfare_optimal_n == 0


@pytest.mark.proposition("prop-rob-entry")
@settings(max_examples=150, deadline=None)
@given(factor=st.floats(1.001, 30), F=st.floats(1.0, 500.0), margin=st.floats(10.0, 100.0))
def test_proposition_without_spillovers_competition_is_never_more_than_one_firm_short(factor, F, margin):
    m = Market(60.0 + margin, 1.0, 60.0)
    gamma = factor * float(np.max(min_gamma(m, np.arange(1, 301), 0.0, "competition")))
    try:
        fe = free_entry(m, 0.0, gamma, "competition", F, max_firms=300)
    except ValueError as err:
        assert "still covers" in str(err)
        return
    assert fe.n >= fe.welfare_optimal_n - 1


@pytest.mark.proposition("prop-rob-entry")
def test_with_spillovers_even_competition_can_leave_the_cluster_short():
    m = Market(70.0, 1.0, 60.0)
    gamma = 1.5 * float(np.max(min_gamma(m, np.arange(1, 301), 0.5, "competition")))
    fe = free_entry(m, 0.5, gamma, "competition", 1.0, max_firms=300)
    assert fe.welfare_optimal_n - fe.n >= 2


@pytest.mark.proposition("prop-rob-entry")
def test_free_entry_can_crowd_the_cluster():
    fe = free_entry(M, 0.0, 20.0, "competition", 20.0)
    assert fe.n > fe.welfare_optimal_n


@pytest.mark.proposition("prop-rob-entry")
def test_a_joint_venture_can_leave_the_cluster_far_too_thin():
    fe = free_entry(M, 0.45, 5.3, "joint_venture", 32.0)
    assert fe.welfare_optimal_n - fe.n >= 3
    comp = free_entry(M, 0.45, 5.3, "competition", 32.0)
    assert comp.n >= comp.welfare_optimal_n - 1


@pytest.mark.parametrize("kwargs,match", [
    (dict(entry_cost=0.0), "entry_cost must be > 0"),
    (dict(entry_cost=float("inf")), "entry_cost must be finite"),
    (dict(beta=1.5), r"beta must lie in \[0, 1\]"),
    (dict(gamma=-1.0), "gamma must be > 0"),
    (dict(regime="cartel"), "unknown regime"),
    (dict(max_firms=0), "max_firms must be an integer >= 1"),
    (dict(entry_cost=1e-6, max_firms=20), "still covers"),
    (dict(gamma=0.5, max_firms=5), "admits no symmetric equilibrium"),
])
def test_invalid_input_is_refused(kwargs, match):
    args = dict(beta=0.5, gamma=20.0, regime="competition", entry_cost=100.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        free_entry(M, **args)


def test_free_entry_with_differentiated_goods_and_bertrand():
    m = Market(100.0, 1.0, 60.0, substitution=0.6)
    for comp in ("cournot", "bertrand"):
        fe = free_entry(m, 0.3, 20.0, "competition", 50.0, competition=comp, max_firms=200)
        n_e, n_opt = 0, 0
        best = 0.0
        for n in range(1, 201):
            e = symmetric_equilibrium(m, n, 0.3, 20.0, competition=comp)
            if e.profit >= 50.0:
                n_e = n
            if e.welfare - 50.0 * n > best:
                n_opt, best = n, e.welfare - 50.0 * n
        assert (fe.n, fe.welfare_optimal_n) == (n_e, n_opt)
        assert fe.equilibrium.competition == comp
    with pytest.raises(ValueError, match="substitution < 1"):
        free_entry(M, 0.3, 20.0, "competition", 50.0, competition="bertrand")
