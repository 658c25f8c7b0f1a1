"""The R&D cartel's joint-profit maximum over all R&D profiles (clustercode.cartel)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from clustercode import Market, Policy, cartel_optimum, symmetric_equilibrium
from clustercode._kernels import gamma_bounds_joint
from clustercode.cartel import _outcome, asymmetry_bound
from clustercode.symmetric import min_gamma

M = Market(100.0, 1.0, 60.0)


def _joint_profit(market, n, beta, gamma, policy, x):
    return _outcome(market, policy, n, beta, gamma, np.maximum(x, 0.0)).joint_profit


def _brute_force(market, n, beta, gamma, policy=Policy(), starts=40, seed=0):
    """Best joint profit found by multi-start optimisation over full R&D profiles (no group structure assumed)."""
    rng = np.random.default_rng(seed)
    g = (1 - policy.rd_subsidy) * gamma
    xmax = market.A  # a unit cost of zero at the latest
    cons = [{"type": "ineq", "fun": (lambda x, i=i: market.A - (1 - beta) * x[i] - beta * x.sum())} for i in range(n)]
    best = -np.inf
    for _ in range(starts):
        x0 = rng.uniform(0, min(xmax, 3 * market.margin / max(g, 1e-9)), n) * (rng.uniform(size=n) < 0.7)
        res = minimize(lambda x: -_joint_profit(market, n, beta, gamma, policy, x), x0, method="SLSQP",
                       bounds=[(0, xmax)] * n, constraints=cons, options={"maxiter": 300, "ftol": 1e-12})
        best = max(best, -res.fun, _joint_profit(market, n, beta, gamma, policy, x0))
    return best


@pytest.mark.parametrize("n, beta, gamma", [(2, 0.0, 1.0), (2, 0.3, 1.5), (3, 0.0, 1.2), (3, 0.2, 2.0),
                                            (3, 0.6, 0.9), (4, 0.0, 5 / 3), (2, 0.5, 20.0), (4, 0.1, 3.0)])
def test_agrees_with_multi_start_optimisation_over_full_profiles(n, beta, gamma):
    opt = cartel_optimum(M, n, beta, gamma)
    brute = _brute_force(M, n, beta, gamma)
    assert opt.joint_profit >= brute - 1e-6 * abs(brute)  # nothing beats the two-group optimum
    assert opt.joint_profit <= brute + 1e-3 * abs(brute)  # and the search finds it (it is attainable)


def test_two_firm_grid():
    """n = 2: the maximum over a fine grid of (x1, x2) is the cartel optimum, to grid resolution."""
    for beta, gamma in ((0.0, 1.5), (0.4, 1.0), (0.2, 3.0)):
        opt = cartel_optimum(M, 2, beta, gamma)
        xs = np.linspace(0, 60, 241)
        best = max(_joint_profit(M, 2, beta, gamma, Policy(), np.array([u, v])) for u in xs for v in xs[::3]
                   if M.A - (1 - beta) * max(u, v) - beta * (u + v) >= 0)
        assert best <= opt.joint_profit + 1e-9
        assert best >= opt.joint_profit - 0.02 * abs(opt.joint_profit)


@pytest.mark.proposition("prop-ch5-equivalence")
@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 8), beta=st.floats(0, 0.95), r=st.sampled_from([0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 2.0, 5.0]),
       sigma=st.sampled_from([0.0, 0.3, 0.7]), s=st.sampled_from([0.0, 10.0]))
def test_symmetric_iff_the_asymmetry_bound_holds(n, beta, r, sigma, s):
    """The cartel's global choice is symmetric iff (1 - sigma) b gamma >= 2 (1 - beta)^2, wherever the symmetric
    coordination solution exists; then it is that solution."""
    pol = Policy(output_subsidy=s, rd_subsidy=sigma)
    g_eff = r * asymmetry_bound(M, beta)
    gamma = g_eff / (1 - sigma)
    # where the symmetric stationary point is a maximum in the symmetric direction and has a non-negative unit
    # cost (the bounds of min_gamma other than the asymmetric one, which is the subject of the test)
    g_sym, _, g_cost = gamma_bounds_joint(M.a, M.b, M.A, n, beta, s)
    assume(g_eff > max(g_sym, g_cost))
    opt = cartel_optimum(M, n, beta, gamma, pol)
    if r < 1:
        assert not opt.symmetric
        # and unequal treatment pays strictly, against the best symmetric profile with a non-negative cost
        k = 1 + (n - 1) * beta
        sym_best = max(_joint_profit(M, n, beta, gamma, pol, np.full(n, x)) for x in np.linspace(0, M.A / k, 601))
        assert opt.joint_profit > sym_best
        return
    assert opt.symmetric
    assume(g_eff > min_gamma(M, n, beta, "coordination", Policy(output_subsidy=s)))  # r = 1.0 sits on the bound
    eq = symmetric_equilibrium(M, n, beta, gamma, "coordination", pol)
    assert opt.rd == pytest.approx(np.full(n, eq.rd), rel=1e-7)
    assert opt.welfare == pytest.approx(eq.welfare, rel=1e-9)


def test_the_asymmetric_branch_is_reached():
    """The region r < 1 of the property above is not empty (its assume does not reject it all)."""
    g_sym, g_asym, g_cost = gamma_bounds_joint(M.a, M.b, M.A, 4, 0.0, 0.0)
    assert max(g_sym, g_cost) < 0.3 * g_asym
    assert not cartel_optimum(M, 4, 0.0, 0.3 * g_asym).symmetric


def test_joint_venture_is_always_symmetric():
    for n in (2, 3, 5):
        for gamma in (0.5, 1.0, 4.0):
            assert cartel_optimum(M, n, 1.0, gamma).symmetric


def test_issue_example_four_firms_no_spillover():
    """n = 4, beta = 0, gamma = 5 at the 'optimal' subsidy n/(n+2): one firm does all R&D; welfare 158.68."""
    opt = cartel_optimum(M, 4, 0.0, 5.0, Policy(rd_subsidy=4 / 6))
    assert not opt.symmetric and opt.producers == 4
    assert np.count_nonzero(opt.rd) == 1
    assert opt.welfare == pytest.approx(158.6777, abs=1e-3)


def test_totals_are_consistent():
    pol = Policy(output_subsidy=5.0, rd_subsidy=0.2, shadow_cost=0.3)
    opt = cartel_optimum(M, 3, 0.1, 1.0, pol)
    assert opt.joint_profit == pytest.approx(opt.profit.sum())
    Q = opt.output.sum()
    assert opt.consumer_surplus == pytest.approx(Q**2 / 2)
    assert opt.welfare == pytest.approx(opt.consumer_surplus + opt.joint_profit - 1.3 * opt.outlay)
    assert np.all(np.diff(opt.rd) <= 0)  # high-R&D firms first
    with pytest.raises(ValueError):
        opt.rd[0] = 1.0


@pytest.mark.parametrize("kwargs, match", [
    (dict(n=0), "n must be an integer"), (dict(n=2.5), "n must be a positive integer"), (dict(n=True), "n must be"),
    (dict(beta=1.5), "beta must lie"), (dict(gamma=0.0), "gamma must be > 0"), (dict(gamma=np.nan), "finite"),
    (dict(policy="x"), "policy must be"), (dict(policy=Policy(output_subsidy=-50)), "subsidised margin"),
])
def test_validation(kwargs, match):
    args = dict(market=M, n=2, beta=0.2, gamma=2.0) | kwargs
    with pytest.raises(ValueError, match=match):
        cartel_optimum(**args)
    with pytest.raises(ValueError, match="market must be"):
        cartel_optimum("m", 2, 0.2, 2.0)


@pytest.mark.proposition("prop-ch5-first-best", "prop-ch5-equivalence")
def test_above_the_bound_exit_never_pays_symbolic():
    """The proof that no profile with exit beats the symmetric cartel when b g > 2 (1 - beta)^2, g = (1-sigma) gamma.

    By the two-group reduction an exit profile has k producers at x_H and n - k outsiders at x_L, with the
    outsiders out: P <= e_L. Moving R&D from the producers to the outsiders with the total X fixed
    (dx_H = -1, dx_L = k/(n-k)) changes joint profit at the rate -dPi/dx_H, where
    dPi/dx_H = k (2 z (1-beta)/(b (k+1)^2) - g (x_H - x_L)) and z = (k+1) b q_H. Being out means
    (1-beta)(x_H - x_L) >= z/(k+1), so dPi/dx_H <= k z (2 (1-beta)^2 - b g (k+1)) / (b (k+1)^2 (1-beta)) < 0:
    the move raises joint profit at every exit profile, and it lowers e_L - P until the outsiders reach the
    margin of exit (q_L = 0), a profile in which everyone produces; there equal R&D is best (f concave)."""
    a, b, A, s, beta, g, n, k, xH, xL = sp.symbols("a b A s beta g n k x_H x_L", positive=True)
    X = k * xH + (n - k) * xL
    eH = A - s - (1 - beta) * xH - beta * X  # effective unit costs
    eL = A - s - (1 - beta) * xL - beta * X
    P = (a + k * eH) / (k + 1)  # Cournot price with the k producers only
    z = (k + 1) * (P - eH)  # = (k+1) b q_H
    assert sp.simplify(z - (a - A + s + beta * X + (1 - beta) * xH)) == 0  # z > 0: the margin is positive
    Pi = k * (P - eH) ** 2 / b - g * (k * xH**2 + (n - k) * xL**2) / 2
    t = sp.Symbol("t")
    along = {xH: xH + t, xL: xL - k * t / (n - k)}  # t > 0: R&D moves from outsiders to producers, X fixed
    assert sp.simplify(X.subs(along, simultaneous=True) - X) == 0
    rate = sp.diff(Pi.subs(along, simultaneous=True), t).subs(t, 0)
    assert sp.simplify(rate - k * (2 * z * (1 - beta) / (b * (k + 1) ** 2) - g * (xH - xL))) == 0
    # the outsiders' gap e_L - P = (1-beta)(x_H - x_L) - z/(k+1) rises with t: moving the other way closes it
    gap = eL - P
    assert sp.simplify(gap - ((1 - beta) * (xH - xL) - z / (k + 1))) == 0
    assert sp.simplify(sp.diff(gap.subs(along, simultaneous=True), t) - (1 - beta) * (n / (n - k) - 1 / (k + 1))) == 0
    # at an exit profile the gap D = x_H - x_L is at least z/((k+1)(1-beta)); the rate falls with D (slope -k g),
    # so it is at most its value there, k z (2 (1-beta)^2 - b g (k+1)) / (b (k+1)^2 (1-beta)) < 0 above the bound
    zs, D = sp.symbols("z D", positive=True)
    rate_zD = k * (2 * zs * (1 - beta) / (b * (k + 1) ** 2) - g * D)
    assert sp.diff(rate_zD, D) == -k * g
    bound = k * zs * (2 * (1 - beta) ** 2 - b * g * (k + 1)) / (b * (k + 1) ** 2 * (1 - beta))
    assert sp.simplify(rate_zD.subs(D, zs / ((k + 1) * (1 - beta))) - bound) == 0
    # everyone producing: each margin is M(X) + (1-beta) x_i with M depending on X only (two groups shown)
    Pall = (a + k * eH + (n - k) * eL) / (n + 1)
    M_H = sp.simplify(Pall - eH - (1 - beta) * xH)
    M_L = sp.simplify(Pall - eL - (1 - beta) * xL)
    assert sp.simplify(M_H - M_L) == 0
    assert sp.simplify(M_H.subs({xH: xH + t, xL: xL - k * t / (n - k)}, simultaneous=True) - M_H) == 0
    # f(x) = (M + (1-beta) x)^2 / b - g x^2 / 2 is strictly concave iff b g > 2 (1-beta)^2
    x = sp.Symbol("x")
    f = (sp.Symbol("M") + (1 - beta) * x) ** 2 / b - g * x**2 / 2
    assert sp.simplify(sp.diff(f, x, 2) - (2 * (1 - beta) ** 2 - b * g) / b) == 0
