"""Tests of clustercode.cluster: the heterogeneous cluster with coalitions and exit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clustercode import REGIMES, Cluster, Market, Policy, cluster_equilibrium, min_gamma, symmetric_equilibrium
from clustercode.calibrations import margin_cluster
from clustercode.cluster import active_set, coalition_labels

from . import reference_cluster as ref
from .strategies import policies, valid_points

FIELDS = ("rd", "output", "price", "unit_cost", "profit", "consumer_surplus", "outlay", "welfare")


def regime_case(market, n, beta, gamma, regime):
    """The heterogeneous-model call that is the symmetric regime with identical firms."""
    if regime == "competition":
        return Cluster.identical(market, n, beta, gamma), None, False
    if regime == "coordination":
        return Cluster.identical(market, n, beta, gamma), "all", False
    if regime == "sharing":
        return Cluster.identical(market, n, 1.0, gamma), None, False
    return Cluster.identical(market, n, beta, gamma), "all", True


def assert_matches_symmetric(market, n, beta, gamma, regime, policy, rtol=1e-10):
    sym = symmetric_equilibrium(market, n, beta, gamma, regime, policy=policy)
    cl, coal, sharing = regime_case(market, n, beta, gamma, regime)
    eq = cluster_equilibrium(cl, coal, sharing, policy)
    assert eq.active.all()
    for f in FIELDS:
        got, want = getattr(eq, f), getattr(sym, f)
        # absolute floor: costs are differences of O(a) terms, and the price is a - bQ, so a price
        # far below a carries the rounding of a (hypothesis found price 5.8 at a = 140 off by 5e-12 a)
        floor = market.a if f in ("price", "unit_cost") else 1e-4 * market.a
        scale = max(abs(want), floor)
        assert np.max(np.abs(np.asarray(got) - want)) <= rtol * scale, (f, got, want)


# ---------------------------------------------------------------- identical firms


@pytest.mark.parametrize("regime", REGIMES)
@settings(max_examples=60, deadline=None)
@given(point=valid_points(), policy=policies)
def test_identical_firms_reproduce_symmetric(regime, point, policy):
    market, n, beta, gamma = point
    floor_ok = True
    try:
        symmetric_equilibrium(market, n, beta, gamma, regime, policy=policy)
    except ValueError:
        floor_ok = False  # the policy moved the bound; that case is tested below
    assume(floor_ok)
    # Near the bound the asymmetric directions are ill-conditioned (condition number
    # kappa = g / (g - bound)); eliminating them costs about eps * kappa**2 relative accuracy.
    g = (1 - policy.rd_subsidy) * gamma
    bound = (1 - policy.rd_subsidy) * min_gamma(market, n, beta, regime, policy)
    kappa = g / (g - bound) if g > bound else 1.0  # equality: the unit-cost bound, not conditioning
    assert_matches_symmetric(market, n, beta, gamma, regime, policy, rtol=max(1e-10, 1e-14 * kappa**2))


@pytest.mark.parametrize("regime", REGIMES)
def test_identical_firms_large_cluster(regime):
    """Precision at n = 100 000: the price carries the rounding of every unit cost."""
    m = Market(100, 1, 60)
    n, beta = 100_000, 0.4
    gamma = 3.0 * n  # R&D per firm must stay finite as n grows
    assert_matches_symmetric(m, n, beta, gamma, regime, None, rtol=1e-9)


def test_identical_firms_reject_what_symmetric_rejects():
    m = Market(100, 1, 60)
    with pytest.raises(ValueError):
        symmetric_equilibrium(m, 3, 0.2, 0.5, "competition")
    with pytest.raises(ValueError, match="gamma"):
        cluster_equilibrium(Cluster.identical(m, 3, 0.2, 0.5))


# ---------------------------------------------------------------- heterogeneous firms


@st.composite
def clusters(draw, n_max=8):
    n = draw(st.integers(2, n_max))
    a = 100.0
    A = draw(st.lists(st.floats(50.0, 90.0), min_size=n, max_size=n))
    gamma = draw(st.lists(st.floats(8.0, 60.0), min_size=n, max_size=n))
    beta = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    labels = np.array(draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n)))
    sharing = draw(st.booleans())
    return Cluster(a, 1.0, A, gamma, beta), labels, sharing


def solve_or_skip(cl, labels, sharing, policy=None):
    try:
        return cluster_equilibrium(cl, labels, sharing, policy)
    except ValueError as err:  # outside the model's assumptions (tested separately)
        assert "coalition" in str(err) or "gamma" in str(err) or "unit cost" in str(err), err
        assume(False)


def random_cluster(rng, n, gamma=(8, 60)):
    return Cluster(100, 1, rng.uniform(50, 90, n), rng.uniform(*gamma, n), rng.uniform(0, 1, n))


def test_random_clusters_solve():
    """The property tests below are not vacuous: every draw of this family has an equilibrium,
    including those in which a firm is held exactly at zero output."""
    rng = np.random.default_rng(0)
    marginal = 0
    for _ in range(400):
        n = int(rng.integers(2, 9))
        eq = cluster_equilibrium(random_cluster(rng, n), rng.integers(0, n, n), bool(rng.integers(2)))
        marginal += eq.marginal.any()
    assert marginal >= 2


def coalition_gradients(eq, h=1e-4):
    """Each firm's marginal coalition profit d(sum_{j in K(i)} pi_j)/dx_i from the right and the left.

    Second-order one-sided differences: exact (to rounding) on a quadratic piece of
    the payoff, so they give both one-sided derivatives at a kink.
    """
    cl = eq.cluster
    s, sigma = eq.policy.output_subsidy, eq.policy.rd_subsidy
    labels = np.asarray(eq.coalition)
    x = np.array(eq.rd)

    def joint(y, K):
        return ref.profits(y, cl.a, cl.b, cl.A, cl.gamma, cl.beta, labels, eq.sharing, s, sigma)[0][K].sum()

    right, left = np.empty(cl.n), np.empty(cl.n)
    for i in range(cl.n):
        K = labels == labels[i]

        def f(dx):
            y = x.copy()
            y[i] += dx  # the payoff is defined (and smooth) for x_i < 0 too
            return joint(y, K)

        f0 = f(0.0)
        right[i] = (-3 * f0 + 4 * f(h) - f(2 * h)) / (2 * h)
        left[i] = (3 * f0 - 4 * f(-h) + f(-2 * h)) / (2 * h)
    return right, left


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=clusters(), policy=policies)
def test_equilibrium_conditions_hold(case, policy):
    cl, labels, sharing = case
    assume(cl.a - cl.A.min() + policy.output_subsidy > 0)
    eq = solve_or_skip(cl, labels, sharing, policy)
    s = policy.output_subsidy
    e = eq.unit_cost - s
    b = cl.b
    # stage 2: Cournot conditions of producers, no profitable entry at zero output
    assert np.all(eq.output[eq.active] > 0)
    assert np.allclose(b * eq.output[eq.active], eq.price - e[eq.active], rtol=0, atol=1e-9 * cl.a)
    assert np.all(eq.output[~eq.active] == 0)
    assert np.all(eq.price <= e[~eq.active] + 1e-9 * cl.a)
    assert np.allclose(e[eq.marginal], eq.price, rtol=0, atol=1e-9 * cl.a)  # held at the margin
    assert not np.any(eq.marginal & eq.active)
    assert eq.price == pytest.approx(cl.a - b * eq.total_output, rel=1e-12)
    # unit costs are the model's
    W = ref.spill_matrix(cl.beta, np.asarray(eq.coalition), sharing)
    assert np.allclose(eq.unit_cost, cl.A - W @ eq.rd, rtol=0, atol=1e-10 * cl.a)
    # stage 1: KKT conditions of every coalition's joint profit; where a firm is held at the
    # margin the payoffs have a kink, and R&D is optimal on both sides of it
    right, left = coalition_gradients(eq)
    tol = 1e-6 * max(1.0, np.max(np.abs(eq.profit)))
    assert np.all(eq.rd >= 0)
    assert np.all(right <= tol), right
    assert np.all(left[eq.rd > 0] >= -tol), left
    if not eq.marginal.any():
        assert np.all(np.abs(right - left) <= tol)  # no kink: the first-order conditions hold
    # a firm alone that does not produce does no R&D
    alone = np.bincount(eq.coalition)[eq.coalition] == 1
    assert np.all(eq.rd[alone & ~eq.active] == 0)
    # accounting
    sigma = policy.rd_subsidy
    assert np.allclose(eq.profit, b * eq.output**2 - (1 - sigma) * cl.gamma * eq.rd**2 / 2)
    assert eq.welfare == pytest.approx(
        eq.consumer_surplus + eq.profit.sum() - (1 + policy.shadow_cost) * eq.outlay, rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=clusters(n_max=5))
def test_each_coalition_problem_is_concave(case):
    """Second-order conditions: each coalition's Hessian in its members' R&D is negative definite."""
    cl, labels, sharing = case
    eq = solve_or_skip(cl, labels, sharing)
    lab = np.asarray(eq.coalition)
    h = 1e-3
    for k in np.unique(lab):
        K = np.flatnonzero(lab == k)
        x0 = np.array(eq.rd) + 0.01  # interior point of the same piece: the payoff is quadratic there

        def joint(y):
            return ref.profits(y, cl.a, cl.b, cl.A, cl.gamma, cl.beta, lab, sharing)[0][K].sum()

        H = np.empty((K.size, K.size))
        for r, i in enumerate(K):
            for c, j in enumerate(K):
                def f(di, dj):
                    y = x0.copy()
                    y[i] += di
                    y[j] += dj
                    return joint(y)
                H[r, c] = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
        _, _, S0 = ref.cournot(cl.a, cl.b, cl.A - ref.spill_matrix(cl.beta, lab, sharing) @ x0)
        assume(np.array_equal(S0, eq.active))  # same active set, so the same quadratic piece
        assert np.all(np.linalg.eigvalsh((H + H.T) / 2) < 1e-6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=clusters(n_max=12), policy=policies)
def test_agrees_with_dense_solve(case, policy):
    cl, labels, sharing = case
    assume(cl.a - cl.A.min() + policy.output_subsidy > 0)
    eq = solve_or_skip(cl, labels, sharing, policy)
    assume(not eq.marginal.any())  # the dense reference knows only firms strictly in or out
    args = (cl.a, cl.b, cl.A, cl.gamma, cl.beta, np.asarray(eq.coalition), sharing,
            policy.output_subsidy, policy.rd_subsidy)
    try:
        x = ref.dense_equilibrium(*args)
    except RuntimeError:  # its active set cycles from zero R&D: check the package's answer instead
        x = ref.dense_equilibrium(*args, x0=eq.rd)
    assert np.allclose(eq.rd, x, rtol=1e-9, atol=1e-9 * max(1.0, x.max()))


@pytest.mark.parametrize(
    "A, gamma, beta, coalitions, sharing",
    [
        ([60, 62, 70], [20, 25, 30], [0.3, 0.5, 0.4], None, False),
        ([55, 70, 80, 85], [10, 20, 15, 30], [0.9, 0.2, 0.6, 0.1], None, False),  # exit
        ([60, 62, 70], [20, 25, 30], [0.3, 0.5, 0.4], [[0, 2], [1]], False),
        ([60, 61, 83], [38, 22, 28], [0.0, 0.0, 0.8], [[0, 1, 2]], False),  # clamped member
        ([65, 50, 83], [13, 17, 36], [0.5, 0.8, 0.6], [[0, 2], [1]], True),  # pooled, one exits
        ([62, 56, 61], [3.9, 2.0, 3.2], [0.9, 0.0, 0.7], [[0, 1, 2]], False),  # h_1 = 0: kept explicit
    ],
)
def test_agrees_with_best_response_iteration(A, gamma, beta, coalitions, sharing):
    cl = Cluster(100, 1, A, gamma, beta)
    eq = cluster_equilibrium(cl, coalitions, sharing)
    x = ref.best_response(cl.a, cl.b, cl.A, cl.gamma, cl.beta, np.asarray(eq.coalition), sharing,
                          x0=np.zeros(cl.n), tol=1e-11)
    assert np.allclose(eq.rd, x, rtol=1e-5, atol=1e-6)


def test_the_cases_above_exercise_exit_and_clamping():
    eq = cluster_equilibrium(Cluster(100, 1, [55, 70, 80, 85], [10, 20, 15, 30], [0.9, 0.2, 0.6, 0.1]))
    assert not eq.active.all() and np.all(eq.rd[~eq.active] == 0)
    eq = cluster_equilibrium(Cluster(100, 1, [60, 61, 83], [38, 22, 28], [0.0, 0.0, 0.8]), "all")
    assert eq.rd[2] == 0 and not eq.active[2]  # clamped: its R&D would only lower the price
    cl = Cluster(100, 1, [65, 50, 83], [13, 17, 36], [0.5, 0.8, 0.6])
    eq = cluster_equilibrium(cl, [[0, 2], [1]], True)
    assert not eq.active[2] and eq.rd[2] > 0  # an exiting member still does R&D for its partner


def test_active_set_matches_sorting_rule():
    rng = np.random.default_rng(3)
    for _ in range(50):
        e = rng.uniform(0, 100, int(rng.integers(1, 400)))
        a = float(rng.uniform(e.min() + 1e-6, 200))
        S = active_set(a, e)
        q, P, S_ref = ref.cournot(a, 1.0, e) if e.size <= 60 else (None, None, None)
        order = np.sort(e)
        m = int(S.sum())
        P = (a + order[:m].sum()) / (m + 1)
        assert np.all(e[S] < P) and np.all(e[~S] >= P)
        if S_ref is not None:
            assert np.array_equal(S, S_ref)


def test_large_cluster_exit_and_speed_sanity():
    rng = np.random.default_rng(0)
    n = 200_000
    cl = Cluster(100, 1, rng.uniform(60, 61, n), rng.uniform(0.5, 2, n) * n, rng.uniform(0, 1, n))
    eq = cluster_equilibrium(cl)
    assert 0 < eq.active.sum() < n
    assert np.all(eq.rd[~eq.active] == 0)
    e = eq.unit_cost
    assert np.all(e[eq.active] < eq.price) and np.all(e[~eq.active] >= eq.price)


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(A=[60, 61], gamma=[20, 20, 20], beta=0.5), "equal lengths"),
        (dict(A=[60, np.nan], gamma=20, beta=0.5), "finite"),
        (dict(A=[60, 61], gamma=[20, -1], beta=0.5), "gamma of firm 1 must be > 0"),
        (dict(A=[60, 61], gamma=20, beta=[0.5, 1.2]), r"beta of firm 1 must be in \[0, 1\]"),
        (dict(A=[60, 0], gamma=20, beta=0.5), "A of firm 1 must be > 0"),
        (dict(A=[100, 120], gamma=20, beta=0.5), "a > min"),
        (dict(A=[[60, 61]], gamma=20, beta=0.5), "one-dimensional"),
        (dict(A=[], gamma=20, beta=0.5), "at least one firm"),
        (dict(A=[60, 61], gamma=20, beta=0.5, b=0), "b must be > 0"),
    ],
)
def test_cluster_validation(kwargs, match):
    args = dict(a=100, b=1) | kwargs
    with pytest.raises(ValueError, match=match):
        Cluster(**args)


def test_cluster_is_frozen_and_read_only():
    c = Cluster(100, 1, [60, 61, 62], 20, 0.5)
    assert c.n == 3 and c.gamma.tolist() == [20, 20, 20]
    with pytest.raises(ValueError):
        c.A[0] = 1.0
    eq = cluster_equilibrium(c)
    with pytest.raises(ValueError):
        eq.rd[0] = 1.0


@pytest.mark.parametrize(
    "coalitions, match",
    [
        ([[0, 1], [1, 2]], "more than one coalition"),
        ([[0, 1]], "firm 2 is in no coalition"),
        ([[0, 1, 2, 3]], "outside 0..2"),
        ([[0, 1, 2], []], "empty"),
        ([[0, 0, 1, 2]], "more than one coalition"),
        ([[0.5, 1, 2]], "integer"),
        ("some", "partition"),
        (np.array([0, 1]), "one entry per firm"),
    ],
)
def test_coalitions_must_partition(coalitions, match):
    with pytest.raises(ValueError, match=match):
        cluster_equilibrium(Cluster(100, 1, [60, 61, 62], 20, 0.5), coalitions)


def test_coalition_label_forms_agree():
    assert coalition_labels([[2, 0], [1]], 3).tolist() == [0, 1, 0]
    assert coalition_labels(np.array([7, 3, 7]), 3).tolist() == [1, 0, 1]
    eq = cluster_equilibrium(Cluster(100, 1, [60, 61, 62], 20, 0.5), [[2, 0], [1]])
    assert eq.coalitions == [[0, 2], [1]]


def test_firm_concavity_error_names_firm_and_bound():
    with pytest.raises(ValueError, match=r"firm 1: gamma = 0.4 .* gamma_1 must exceed") as err:
        cluster_equilibrium(Cluster(100, 1, [60, 60], [20, 0.4], 0.1))
    bound = float(str(err.value).rsplit("exceed ", 1)[1])
    # just above the bound the second-order/stability conditions hold (unit costs may still bind)
    d = (2 - 0.2 + 0.1) / 3
    assert bound == pytest.approx(max(2 * d**2, 2 * d * 0.9), rel=1e-5)


def test_coalition_concavity_errors():
    gamma = np.array([20, 0.5, 20.0])
    with pytest.raises(ValueError, match="coalition 0: .*multiplied by more than") as err:
        cluster_equilibrium(Cluster(100, 1, [60, 60, 60], gamma, 0.1), [[0, 1], [2]])
    mu = float(str(err.value).rsplit("more than ", 1)[1])
    scaled = gamma * np.array([mu, mu, 1.0])
    # the reported factor is the exact bound: a little above it the coalition's problem is concave
    # (here the game as a whole is then still unstable, a separate condition checked after it)
    with pytest.raises(ValueError, match="unstable for the cluster as a whole"):
        cluster_equilibrium(Cluster(100, 1, [60, 60, 60], scaled * 1.001, 0.1), [[0, 1], [2]])
    cluster_equilibrium(Cluster(100, 1, [60, 60, 60], scaled * 1.2, 0.1), [[0, 1], [2]])
    with pytest.raises(ValueError, match="coalition 0"):
        cluster_equilibrium(Cluster(100, 1, [60, 60, 60], scaled * 0.999, 0.1), [[0, 1], [2]])
    with pytest.raises(ValueError, match="coalition 1: .*pooled"):
        cluster_equilibrium(Cluster(100, 1, [60, 60, 60], [20, 0.3, 0.3], 0.1), [[0], [1, 2]], True)


def test_negative_unit_cost_rejected():
    with pytest.raises(ValueError, match="firm 0: R&D is so cheap that its unit cost would be negative"):
        cluster_equilibrium(Cluster(100, 1, [10, 60], [1.2, 50], 0.0))


def test_margin_and_policy_type_checked():

    with pytest.raises(ValueError, match="subsidised margin"):
        cluster_equilibrium(Cluster(100, 1, [60, 70], 20, 0.5), policy=Policy(output_subsidy=-50))
    with pytest.raises(ValueError, match="policy must be a Policy"):
        cluster_equilibrium(Cluster(100, 1, [60, 70], 20, 0.5), policy=3)
    with pytest.raises(ValueError, match="cluster must be a Cluster"):
        cluster_equilibrium(Market())
    with pytest.raises(ValueError, match="sharing must be"):
        cluster_equilibrium(Cluster(100, 1, [60, 70], 20, 0.5), sharing="yes")


# ---------------------------------------------------------------- prop-ch4h-margin: firms held at the margin


MARGINAL = margin_cluster(70.0)  # the example of prop-ch4h-margin in Chapter 4, Part 2


@pytest.mark.proposition("prop-ch4h-margin")
def test_firm_held_at_the_margin():
    """prop-ch4h-margin, part 1. Firm 1 exits when counted as producing and would enter when counted out: the equilibrium
    holds it at zero output with the price equal to its cost."""
    eq = cluster_equilibrium(MARGINAL)
    assert eq.marginal.tolist() == [False, True, False]
    assert eq.output[1] == 0 and eq.rd[1] == 0 and not eq.active[1]
    assert eq.price == pytest.approx(eq.unit_cost[1], abs=1e-9)
    # neither regular candidate is an equilibrium: with firm 1 in, its output would be
    # negative; with it out, it could enter at a profit
    right, left = coalition_gradients(eq)
    assert right[0] < -1e-3 and left[0] > 1e-3  # a strict kink, not a smooth optimum
    assert right[2] < -1e-3 and left[2] > 1e-3


def no_coalition_gains(eq, starts=3, seed=0):
    """Largest gain any coalition gets by re-choosing its members' R&D, others fixed.

    Found numerically: Nelder-Mead (which does not need derivatives at kinks)
    from the equilibrium and from random starts, polished by L-BFGS-B; stage 2
    by the brute-force Cournot reference.
    """
    from scipy import optimize

    cl = eq.cluster
    s, sigma = eq.policy.output_subsidy, eq.policy.rd_subsidy
    lab, x = np.asarray(eq.coalition), np.array(eq.rd)
    rng = np.random.default_rng(seed)
    worst = 0.0
    for k in np.unique(lab):
        K = np.flatnonzero(lab == k)

        def neg(z):
            y = x.copy()
            y[K] = np.maximum(z, 0.0)
            return -ref.profits(y, cl.a, cl.b, cl.A, cl.gamma, cl.beta, lab, eq.sharing, s, sigma)[0][K].sum()

        base = -neg(x[K])
        for z0 in [x[K] * 1.05 + 0.01] + [rng.uniform(0, 2 * x.max() + 1, K.size) for _ in range(starts)]:
            r = optimize.minimize(neg, z0, method="Nelder-Mead",
                                  options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000})
            r = optimize.minimize(neg, np.maximum(r.x, 0), method="L-BFGS-B", bounds=[(0, None)] * K.size)
            worst = max(worst, (-r.fun - base) / max(1.0, abs(base)))
    return worst


def marginal_cases(count, seed=3):
    """Random clusters (competition, one coalition, random partitions, pooling, policy) whose
    equilibrium holds a firm at the margin."""
    rng = np.random.default_rng(seed)
    while count:
        n = int(rng.integers(2, 7))
        cl = random_cluster(rng, n, gamma=(5, 40))
        coal = [None, "all", rng.integers(0, n, n)][rng.integers(3)]
        policy = Policy(rng.uniform(0, 5), rng.uniform(0, 0.3)) if rng.integers(2) else None
        try:
            eq = cluster_equilibrium(cl, coal, bool(rng.integers(2)), policy)
        except ValueError:
            continue
        if eq.marginal.any():
            count -= 1
            yield eq


@pytest.mark.parametrize("eq", list(marginal_cases(8)), ids=lambda eq: f"n{eq.n}")
@pytest.mark.proposition("prop-ch4h-margin")
def test_no_coalition_gains_by_deviating_at_the_margin(eq):
    """prop-ch4h-margin, part 2. An independent check of the equilibrium at a kink: no coalition can raise its joint
    profit by any change of its members' R&D (not only small ones)."""
    assert no_coalition_gains(eq) <= 1e-9


def test_marginal_equilibrium_is_a_best_response_fixed_point():
    """Best-response iteration started at the equilibrium stays there. (Started from zero it
    stops at another point of the same kink: with a firm held at the margin the game has a
    continuum of equilibria, and the solver returns the one described in cluster_equilibrium.)"""
    eq = cluster_equilibrium(MARGINAL)
    cl = MARGINAL
    x = ref.best_response(cl.a, cl.b, cl.A, cl.gamma, cl.beta, x0=eq.rd, tol=1e-12)
    assert np.allclose(x, eq.rd, rtol=1e-9, atol=1e-9)
    other = ref.best_response(cl.a, cl.b, cl.A, cl.gamma, cl.beta, x0=np.zeros(3), tol=1e-12)
    assert not np.allclose(other, eq.rd, atol=1e-4)  # a different equilibrium ...
    eq_other = ref.cournot(cl.a, cl.b, cl.A - ref.spill_matrix(cl.beta, np.arange(3), False) @ other)
    assert eq_other[1] == pytest.approx(eq.price, abs=1e-6)  # ... with the same price at firm 1's cost


def _state(eq, j):
    return "marginal" if eq.marginal[j] else "active" if eq.active[j] else "out"


def _sweep(A, gamma, beta, coalitions, j, grid):
    """Equilibria as firm j's initial cost runs over ``grid``."""
    def solve(Aj):
        A2 = np.array(A, float)
        A2[j] = Aj
        return cluster_equilibrium(Cluster(100, 1, A2, gamma, beta), coalitions)
    return solve, [solve(Aj) for Aj in grid]


def assert_continuous_across_states(solve, grid, eqs, j):
    """Bisect every change of firm j's state to width 1e-10: R&D agrees on the two sides."""
    states = [_state(eq, j) for eq in eqs]
    changes = [i for i in range(grid.size - 1) if states[i] != states[i + 1]]
    for i in changes:
        lo, hi = grid[i], grid[i + 1]
        while hi - lo > 1e-10:
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if _state(solve(mid), j) == states[i] else (lo, mid)
        assert np.allclose(solve(lo).rd, solve(hi).rd, rtol=0, atol=1e-8)
    return states


@pytest.mark.proposition("prop-ch4h-margin")
def test_equilibrium_is_continuous_across_the_margin():
    """prop-ch4h-margin on the chapter's example. As firm 1's cost falls it passes from out, through held at the margin (where the price
    equals its cost), to producing; R&D has no jump where the state changes: the selection in
    cluster_equilibrium joins the regular equilibria on either side."""
    grid = np.linspace(66.0, 74.0, 41)
    solve, eqs = _sweep(MARGINAL.A, MARGINAL.gamma, MARGINAL.beta, None, 1, grid)
    states = assert_continuous_across_states(solve, grid, eqs, 1)
    assert states[0] == "active" and states[-1] == "out" and "marginal" in states
    assert sum(a != b for a, b in zip(states, states[1:])) == 2
    held = [eq for eq, state in zip(eqs, states) if state == "marginal"]
    for eq in held:  # the price rises one for one with the marginal firm's cost
        assert eq.price == pytest.approx(eq.cluster.A[1], abs=1e-9)  # beta_1 = 0: c_1 = A_1
    rd = np.array([eq.rd for eq in held])
    assert np.all(np.diff(rd[:, [0, 2]], axis=0) < 0)  # the others need less R&D to keep it out


def margin_sweeps(count, seed=5):
    """Random clusters (competition or one coalition) in which raising the last firm's cost
    takes it through the margin."""
    rng = np.random.default_rng(seed)
    grid = np.linspace(50.0, 99.0, 50)
    while count:
        n = int(rng.integers(2, 6))
        A, gamma, beta = rng.uniform(50, 80, n), rng.uniform(5, 40, n), rng.uniform(0, 1, n)
        coalitions = [None, "all"][rng.integers(2)]
        try:
            solve, eqs = _sweep(A, gamma, beta, coalitions, n - 1, grid)
        except ValueError:
            continue
        if any(eq.marginal[-1] for eq in eqs):
            count -= 1
            yield solve, grid, eqs


@pytest.mark.parametrize("sweep", list(margin_sweeps(6)), ids=lambda s: f"n{s[2][0].n}")
@pytest.mark.proposition("prop-ch4h-margin")
def test_random_sweeps_are_continuous_across_the_margin(sweep):
    """prop-ch4h-margin, part 3, on random clusters."""
    solve, grid, eqs = sweep
    states = assert_continuous_across_states(solve, grid, eqs, eqs[0].n - 1)
    assert "marginal" in states


def test_elimination_path_agrees_with_bordered_solve(monkeypatch):
    """Many coalitions are eliminated one by one; the result equals the dense bordered solve."""
    import clustercode.cluster as cc

    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(60):
        n = int(rng.integers(3, 12))
        cl = Cluster(100, 1, rng.uniform(50, 90, n), rng.uniform(8, 60, n), rng.uniform(0, 1, n))
        labels, sharing = rng.integers(0, max(1, n // 2), n), bool(rng.integers(2))
        try:
            bordered = cluster_equilibrium(cl, labels, sharing)
        except ValueError:
            continue
        monkeypatch.setattr(cc, "DENSE_COALITIONS", 0)
        eliminated = cluster_equilibrium(cl, labels, sharing)
        monkeypatch.setattr(cc, "DENSE_COALITIONS", 200)
        assert np.allclose(eliminated.rd, bordered.rd, rtol=1e-9, atol=1e-12)
        checked += 1
    assert checked >= 40


def test_many_coalitions_against_dense_reference(monkeypatch):
    import clustercode.cluster as cc

    monkeypatch.setattr(cc, "DENSE_COALITIONS", 10)  # 40 coalitions of two: eliminated
    rng = np.random.default_rng(5)
    n = 80
    cl = Cluster(100, 1, rng.uniform(60, 75, n), n * rng.uniform(5, 20, n), rng.uniform(0, 1, n))
    labels = np.arange(n) // 2
    eq = cluster_equilibrium(cl, labels)
    assert 0 < eq.active.sum() < n
    x = ref.dense_equilibrium(cl.a, cl.b, cl.A, cl.gamma, cl.beta, labels)
    assert np.allclose(eq.rd, x, rtol=1e-8, atol=1e-12 * x.max())


def test_member_with_convex_own_channel_is_solved():
    """gamma_1 = 2(1 - beta_1)^2 / b: the member's own-cost channel alone is not concave, the coalition is."""
    cl = Cluster(100, 1, [62, 56, 61], [3.9, 2.0, 3.2], [0.9, 0.0, 0.7])
    eq = cluster_equilibrium(cl, "all")
    x = ref.dense_equilibrium(cl.a, cl.b, cl.A, cl.gamma, cl.beta, np.zeros(3, int))
    assert np.allclose(eq.rd, x, rtol=1e-10)


def test_identical_entrants_held_at_the_margin():
    """Four large firms and identical small ones that absorb no spillovers: the large firms' R&D
    holds the price at the small firms' cost, and every small firm waits at the margin (only the
    small firms' total weight matters, so none is singled out)."""
    k, n = 4, 12
    cl = Cluster(100, 1, np.r_[np.full(k, 59.0), np.full(n - k, 60.0)],
                 np.r_[np.full(k, 5.0), np.full(n - k, 10.0)], np.r_[np.ones(k), np.zeros(n - k)])
    eq = cluster_equilibrium(cl)
    assert eq.active.tolist() == [True] * k + [False] * (n - k)
    assert eq.marginal.tolist() == [False] * k + [True] * (n - k)
    assert eq.price == pytest.approx(60.0, abs=1e-9)
    assert np.all(eq.rd[k:] == 0) and np.ptp(eq.rd[:k]) < 1e-12
    assert no_coalition_gains(eq, starts=1) <= 1e-9
    # the same at a larger scale, where the small firms' weight is found by the root search
    big = Cluster(100, 1, np.r_[np.full(k, 59.0), np.full(10_000, 60.0)],
                  np.r_[np.full(k, 5.0), np.full(10_000, 10.0)], np.r_[np.ones(k), np.zeros(10_000)])
    eq_big = cluster_equilibrium(big)
    assert eq_big.marginal.sum() == 10_000 and eq_big.price == pytest.approx(60.0, abs=1e-9)
    assert np.allclose(eq_big.rd[:k], eq.rd[:k], rtol=1e-9)


def test_two_unequal_firms_held_at_the_margin():
    """Two marginal firms with different (A, beta) under coordination: their weights are found
    together (Newton's method in two unknowns), and both costs equal the price."""
    cl = Cluster(100, 1, [79.033, 72.628, 74.13, 54.489, 62.747], [15.865, 33.45, 5.169, 28.324, 34.855],
                 [0.97, 0.517, 0.775, 0.583, 0.844])
    eq = cluster_equilibrium(cl, "all")
    assert eq.marginal.tolist() == [False, True, True, False, False]
    assert np.allclose(eq.unit_cost[[1, 2]], eq.price, rtol=0, atol=1e-9)
    right, left = coalition_gradients(eq)
    tol = 1e-6 * np.max(np.abs(eq.profit))
    assert np.all(right <= tol) and np.all(left[eq.rd > 0] >= -tol)
    assert no_coalition_gains(eq, starts=2) <= 1e-9
