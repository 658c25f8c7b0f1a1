"""The propositions of Chapter 4, Part 2 (heterogeneous clusters), and clustercode.coalitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clustercode import Cluster, cluster_equilibrium
from clustercode.coalitions import (
    ARRANGEMENTS,
    arrangement_profits,
    preference_grid,
    preferred_arrangement,
    set_partitions,
    stability,
    stable_structures,
)

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def solve(cl, *args):
    try:
        return cluster_equilibrium(cl, *args)
    except ValueError:
        assume(False)


def sizes(n):
    return st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n)


# ---------------------------------------------------------------- prop-ch4h-cost


@settings(max_examples=80, **SETTINGS)
@given(n=st.integers(2, 8), data=st.data(), beta=st.floats(0.0, 1.0), gamma=st.floats(10.0, 60.0))
@pytest.mark.proposition("prop-ch4h-cost")
def test_rd_amplifies_cost_advantages(n, data, beta, gamma):
    """Common gamma and beta: lower initial cost => (weakly) more R&D, and R&D widens every cost gap."""
    A = 55.0 + 30.0 * np.array(data.draw(sizes(n)))
    eq = solve(Cluster(100, 1, A, gamma, beta))
    on = eq.active
    o = np.argsort(A[on])
    x, c, A_on = eq.rd[on][o], eq.unit_cost[on][o], A[on][o]
    assert np.all(np.diff(x) <= 1e-12 * max(1.0, x.max()))
    gap_after, gap_before = np.diff(c), np.diff(A_on)
    assert np.all(gap_after >= gap_before - 1e-9)
    if beta < 1 - 1e-9:  # strictly wider where the initial costs differ
        diff = gap_before > 1e-6
        assert np.all(gap_after[diff] > gap_before[diff])
    assert np.all(eq.rd[~on] == 0)


@pytest.mark.proposition("prop-ch4h-cost")
def test_cost_gap_with_a_firm_held_at_the_margin():
    """A = (55, 62, 71.65), gamma = 20, beta = 0: firm 3 is held at the margin. The formula with m = 2 producers
    (gap 7.5) does not hold; the gap (7.546) lies between the formula's values for m = 2 and m = 3."""
    eq = solve(Cluster(100, 1, [55.0, 62.0, 71.65], 20.0, 0.0))
    assert eq.marginal[2] and not eq.marginal[:2].any()

    def formula(m):
        d = m / (m + 1)
        return 7.0 / (1 - 2 * d / 20.0)

    gap = eq.unit_cost[1] - eq.unit_cost[0]
    assert formula(2) + 0.01 < gap < formula(3)
    assert eq.rd[0] > eq.rd[1]


# ---------------------------------------------------------------- prop-ch4h-rd


@settings(max_examples=80, **SETTINGS)
@given(n=st.integers(2, 8), data=st.data(), beta=st.one_of(st.just(1.0), st.floats(0.0, 1.0)))
@pytest.mark.proposition("prop-ch4h-rd")
def test_rd_efficiency_ranks_firms(n, data, beta):
    """Common A and beta: lower gamma => more R&D; for beta < 1 also lower unit cost, higher output; at beta = 1
    equal costs and outputs ('produces more' is false there)."""
    gamma = 10.0 + 50.0 * np.array(data.draw(sizes(n)))
    eq = solve(Cluster(100, 1, 60.0, gamma, beta))
    assert eq.active.all()
    o = np.argsort(gamma)
    tol = 1e-10
    assert np.all(np.diff(eq.rd[o]) <= tol)
    assert np.all(np.diff(eq.unit_cost[o]) >= -tol)
    assert np.all(np.diff(eq.output[o]) <= tol)
    distinct = np.diff(gamma[o]) > 1e-6 * gamma.max()
    if beta == 1.0:
        assert np.allclose(eq.output, eq.output[0], rtol=1e-9) and np.allclose(eq.unit_cost, eq.unit_cost[0])
    elif beta < 1 - 1e-6:
        assert np.all(np.diff(eq.rd[o])[distinct] < 0)
        assert np.all(np.diff(eq.output[o])[distinct] < 0)


# ---------------------------------------------------------------- prop-ch4h-absorb


@settings(max_examples=80, **SETTINGS)
@given(n=st.integers(2, 8), data=st.data(), gamma=st.floats(10.0, 60.0))
@pytest.mark.proposition("prop-ch4h-absorb")
def test_absorptive_capacity_ranks_firms(n, data, gamma):
    """Common A and gamma: higher beta_i => more R&D, lower unit cost, higher output and profit."""
    beta = np.array(data.draw(sizes(n)))
    eq = solve(Cluster(100, 1, 60.0, gamma, beta))
    assert eq.active.all()
    o = np.argsort(-beta)
    tol = 1e-10
    for field, sign in (("rd", 1), ("output", 1), ("profit", 1), ("unit_cost", -1)):
        v = sign * np.asarray(getattr(eq, field))[o]
        assert np.all(np.diff(v) <= tol * max(1.0, np.abs(v).max())), field


# ---------------------------------------------------------------- prop-ch4h-homogeneous


@settings(max_examples=40, **SETTINGS)
@given(n=st.integers(2, 6), beta=st.floats(0.0, 0.99), gamma=st.floats(10.0, 60.0))
@pytest.mark.proposition("prop-ch4h-claim")
def test_identical_firms_all_prefer_joint_venture(n, beta, gamma):
    cl = Cluster(100, 1, np.full(n, 60.0), gamma, beta)
    try:
        P = arrangement_profits(cl)
    except ValueError:
        assume(False)
    assert np.all(P["joint_venture"] > P["competition"]) and np.all(P["joint_venture"] > P["coordination"])
    assert preferred_arrangement(cl) == ["joint_venture"] * n


# ---------------------------------------------------------------- prop-ch4h-claim (cost gap)


@settings(max_examples=40, **SETTINGS)
@given(gap=st.floats(14.0, 18.0), beta=st.floats(0.3, 0.9))
@pytest.mark.proposition("prop-ch4h-claim")
def test_cost_gap_reverses_the_claim(gap, beta):
    """Unequal initial costs: the low-cost firm prefers the joint venture, the other going alone."""
    cl = Cluster(100, 1, [60.0, 60.0 + gap], 20.0, beta)
    try:
        pref = preferred_arrangement(cl)
    except ValueError:
        assume(False)
    assert pref == ["joint_venture", "competition"]


@settings(max_examples=30, **SETTINGS)
@given(gap=st.floats(0.0, 4.0), beta=st.floats(0.0, 0.9))
@pytest.mark.proposition("prop-ch4h-claim")
def test_small_cost_gap_keeps_joint_venture(gap, beta):
    pref = preferred_arrangement(Cluster(100, 1, [60.0, 60.0 + gap], 20.0, beta))
    assert pref == ["joint_venture", "joint_venture"]


# ---------------------------------------------------------------- prop-ch4h-claim (R&D efficiency)


@settings(max_examples=40, **SETTINGS)
@given(ratio=st.floats(2.5, 4.0), beta=st.floats(0.0, 0.95))
@pytest.mark.proposition("prop-ch4h-claim")
def test_rd_efficiency_confirms_the_claim(ratio, beta):
    """Unequal in R&D cost: the R&D-efficient firm prefers going alone, the other the joint venture."""
    pref = preferred_arrangement(Cluster(100, 1, 60.0, [20.0, 20.0 * ratio], beta))
    assert pref == ["competition", "joint_venture"]


def test_preference_grid_matches_pointwise():
    grid = preference_grid([0.0, 16.0], [0.5])
    assert grid[:, 0, 0].tolist() == [2, 2] and grid[:, 0, 1].tolist() == [2, 0]


# ---------------------------------------------------------------- prop-ch4h-stable


@settings(max_examples=15, **SETTINGS)
@given(beta=st.floats(0.0, 0.95), gamma=st.floats(10.0, 40.0))
@pytest.mark.proposition("prop-ch4h-stable")
def test_grand_joint_venture_is_the_stable_structure_of_identical_firms(beta, gamma):
    cl = Cluster(100, 1, np.full(3, 60.0), gamma, beta)
    stable = stable_structures(cl, sharing=True)
    assert [s.coalitions for s in stable] == [((0, 1, 2),)]


@pytest.mark.proposition("prop-ch4h-stable")
def test_cost_heterogeneity_can_destroy_stability():
    """Three firms, costs 60, 64, 68, spillover 0.8: no structure of pooled coalitions is stable."""
    cl = Cluster(100, 1, [60.0, 64.0, 68.0], 20.0, 0.8)
    assert stable_structures(cl, sharing=True) == []
    s = stability(cl, [[0, 1, 2]], sharing=True)
    assert not s.internal and 2 in [i for i, _ in s.leavers]


def test_set_partitions_are_bell_numbers_and_distinct():
    for n, bell in zip(range(1, 7), (1, 2, 5, 15, 52, 203)):
        parts = list(set_partitions(n))
        assert len(parts) == bell
        assert len({tuple(map(tuple, p)) for p in parts}) == bell
        for p in parts:
            assert sorted(i for b in p for i in b) == list(range(n))


def test_stable_structures_rejects_large_clusters():
    with pytest.raises(ValueError, match="max_firms"):
        stable_structures(Cluster(100, 1, np.full(7, 60.0), 20.0, 0.5))


def test_arrangements_named():
    assert ARRANGEMENTS == ("competition", "coordination", "joint_venture")


# ---------------------------------------------------------------- membership rules
from clustercode.coalitions import MEMBERSHIP  # noqa: E402


@pytest.mark.proposition("prop-rob-membership")
@settings(max_examples=25, deadline=None)
@given(beta=st.floats(0.0, 0.95), gamma=st.floats(10.0, 40.0), gap=st.floats(0.0, 8.0))
def test_proposition_exclusive_membership_keeps_every_open_stable_structure(beta, gamma, gap):
    cl = Cluster(100.0, 1.0, [60.0, 60.0 + gap, 60.0 + 2 * gap], gamma, beta)
    open_ = {s.coalitions for s in stable_structures(cl, membership="open")}
    excl = {s.coalitions for s in stable_structures(cl, membership="exclusive")}
    assert open_ <= excl


@pytest.mark.proposition("prop-rob-membership")
@settings(max_examples=25, deadline=None)
@given(beta=st.floats(0.0, 0.95), gamma=st.floats(10.0, 40.0))
def test_proposition_identical_firms_exclusive_membership_supports_pairs_iff_beta_below_half(beta, gamma):
    from hypothesis import assume

    assume(abs(beta - 0.5) > 1e-3)
    cl = Cluster(100.0, 1.0, [60.0] * 3, gamma, beta)
    excl = {s.coalitions for s in stable_structures(cl, membership="exclusive")}
    pairs = {((0, 1), (2,)), ((0, 2), (1,)), ((0,), (1, 2))}
    assert ((0, 1, 2),) in excl
    assert excl == ({((0, 1, 2),)} | pairs if beta < 0.5 else {((0, 1, 2),)})


@pytest.mark.proposition("prop-rob-membership")
def test_exclusive_membership_stabilises_the_unequal_cluster():
    cl = Cluster(100.0, 1.0, [60.0, 64.0, 68.0], 20.0, 0.8)
    assert stable_structures(cl, membership="open") == []
    (st_,) = stable_structures(cl, membership="exclusive")
    assert st_.coalitions == ((0, 1), (2,)) and st_.membership == "exclusive"
    # under open membership either partner would move in with the high-cost firm, who loses by it
    opened = stability(cl, [[0, 1], [2]], membership="open")
    assert [(i, t) for i, t, _ in opened.joiners] == [(0, 1), (1, 1)]


def test_membership_is_validated():
    cl = Cluster(100.0, 1.0, [60.0] * 2, 20.0, 0.5)
    assert MEMBERSHIP == ("open", "exclusive")
    with pytest.raises(ValueError, match="membership must be one of"):
        stable_structures(cl, membership="closed")
    with pytest.raises(ValueError, match="membership must be one of"):
        stability(cl, [[0, 1]], membership=None)


@pytest.mark.proposition("prop-rob-membership")
@pytest.mark.parametrize("gamma", [10.0, 40.0])
def test_identical_firms_at_beta_one_half_only_the_grand_venture_is_stable_under_exclusive(gamma):
    cl = Cluster(100.0, 1.0, [60.0] * 3, gamma, 0.5)
    assert [s.coalitions for s in stable_structures(cl, membership="exclusive")] == [((0, 1, 2),)]
