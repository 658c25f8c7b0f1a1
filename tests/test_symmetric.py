"""The symmetric model: literature values, an independent numeric solution, propositions, validation."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clustercode import REGIMES, Market, Policy, compare_regimes, min_gamma, symmetric_equilibrium

from . import reference as ref
from .strategies import markets, policies, valid_points

M = Market(a=100.0, b=1.0, A=60.0)
FIELDS = ("rd", "effective_rd", "unit_cost", "output", "price", "profit",
          "consumer_surplus", "outlay", "welfare", "total_rd")


# ---------------------------------------------------------------- literature
@pytest.mark.parametrize("beta", [0.0, 0.3, 0.5, 0.8, 1.0])
@pytest.mark.parametrize("gamma", [5.0, 20.0])
def test_duopoly_values_of_dAspremont_Jacquemin_1988(beta, gamma):
    m = M.a - M.A
    x_nc = m * (2 - beta) / (4.5 * M.b * gamma - (2 - beta) * (1 + beta))
    x_c = m * (1 + beta) / (4.5 * M.b * gamma - (1 + beta) ** 2)
    assert symmetric_equilibrium(M, 2, beta, gamma, "competition").rd == pytest.approx(x_nc, rel=1e-13)
    assert symmetric_equilibrium(M, 2, beta, gamma, "coordination").rd == pytest.approx(x_c, rel=1e-13)
    # Cournot output and price with the induced cost, from first principles
    e = symmetric_equilibrium(M, 2, beta, gamma, "competition")
    c = M.A - (1 + beta) * x_nc
    assert e.output == pytest.approx((M.a - c) / (3 * M.b), rel=1e-12)
    assert e.price == pytest.approx(M.a - 2 * M.b * e.output, rel=1e-12)
    assert e.profit == pytest.approx(M.b * e.output**2 - gamma * x_nc**2 / 2, rel=1e-12)


def test_worked_example_in_the_docs():
    e = symmetric_equilibrium(M, n=2, beta=0.3, gamma=20.0)
    assert e.rd == pytest.approx(68 / 87.79, rel=1e-12)
    assert e.total_rd == pytest.approx(2 * 68 / 87.79, rel=1e-12)


# ---------------------------------------------------------------- independent numeric check
@pytest.mark.parametrize(
    "n,beta,gamma,policy",
    [
        (2, 0.3, 20.0, Policy()),
        (3, 0.7, 10.0, Policy()),
        (4, 0.1, 8.0, Policy(output_subsidy=5.0, rd_subsidy=0.3)),
        (5, 0.9, 6.0, Policy(rd_subsidy=0.5)),
        (1, 0.4, 3.0, Policy()),
    ],
)
def test_closed_forms_agree_with_best_response_iteration_and_numerical_cartel(n, beta, gamma, policy):
    s, sig = policy.output_subsidy, policy.rd_subsidy
    for regime, spill in (("competition", beta), ("sharing", 1.0)):
        x = ref.competition(n, M.a, M.b, M.A, spill, gamma, s, sig)
        np.testing.assert_allclose(x, symmetric_equilibrium(M, n, beta, gamma, regime, policy).rd, rtol=1e-7)
    for regime, spill in (("coordination", beta), ("joint_venture", 1.0)):
        x = ref.coordination(n, M.a, M.b, M.A, spill, gamma, s, sig)
        np.testing.assert_allclose(x, symmetric_equilibrium(M, n, beta, gamma, regime, policy).rd, rtol=1e-6)
    # outcomes from the reference's own primitives
    e = symmetric_equilibrium(M, n, beta, gamma, "competition", policy)
    x = np.full(n, e.rd)
    pi, q, price = ref.profits(x, M.a, M.b, M.A, beta, gamma, s, sig)
    np.testing.assert_allclose([e.output, e.price, e.profit], [q[0], price, pi[0]], rtol=1e-10)
    cs = M.b * q.sum() ** 2 / 2
    outlay = s * q.sum() + sig * gamma * (x**2).sum() / 2
    np.testing.assert_allclose(e.welfare, cs + pi.sum() - (1 + policy.shadow_cost) * outlay, rtol=1e-10)


def test_unstable_region_is_rejected_where_best_responses_diverge():
    # Henriques (1990): with beta = 0 and gamma just above the SOC but below the
    # stability bound, the duopoly equilibrium exists but is unstable.
    g = 1.2  # SOC needs gamma > 8/9, stability gamma > 4/3 (b = 1)
    with pytest.raises(ValueError, match="asymmetric directions"):
        symmetric_equilibrium(M, 2, 0.0, g)
    assert min_gamma(M, 2, 0.0) == pytest.approx(4 / 3)


# ---------------------------------------------------------------- propositions (hypothesis)
@settings(max_examples=300, deadline=None)
@given(valid_points(regimes=("competition", "coordination"), n=st.integers(2, 30)))
@pytest.mark.proposition("prop-ch4-half")
def test_proposition_cooperation_raises_rd_output_and_welfare_iff_spillover_exceeds_one_half(p):
    m, n, beta, gamma = p
    eq = compare_regimes(m, n, beta, gamma, regimes=("competition", "coordination"))
    diff = eq["coordination"].rd - eq["competition"].rd
    scale = eq["competition"].rd
    if abs(beta - 0.5) < 1e-9:
        assert abs(diff) <= 1e-9 * scale
    elif beta > 0.5:
        assert diff > 0
        assert eq["coordination"].output > eq["competition"].output
        assert eq["coordination"].welfare > eq["competition"].welfare
    else:
        assert diff < 0
        assert eq["coordination"].output < eq["competition"].output
        assert eq["coordination"].welfare < eq["competition"].welfare


@settings(max_examples=300, deadline=None)
@given(valid_points(n=st.integers(2, 30)))
@pytest.mark.proposition("prop-ch4-rjv")
def test_proposition_joint_venture_ranks_first(p):
    """Kamien, Muller & Zang (1992): the RJV cartel gives the most cost reduction, profit and welfare."""
    m, n, beta, gamma = p
    eq = compare_regimes(m, n, beta, gamma)
    jv = eq["joint_venture"]
    tol = 1e-9
    for r in REGIMES:
        e = eq[r]
        assert jv.effective_rd >= e.effective_rd * (1 - tol)
        assert jv.profit >= e.profit - tol * abs(e.profit)
        assert jv.consumer_surplus >= e.consumer_surplus * (1 - tol)
        assert jv.welfare >= e.welfare * (1 - tol)
    assert eq["coordination"].profit >= eq["competition"].profit - tol * eq["competition"].profit


@settings(max_examples=300, deadline=None)
@given(valid_points(regimes=("competition", "sharing"), n=st.integers(2, 30)))
@pytest.mark.proposition("prop-ch4-sharing")
def test_proposition_sharing_without_coordination_lowers_cost_reduction(p):
    m, n, beta, gamma = p
    eq = compare_regimes(m, n, beta, gamma, regimes=("competition", "sharing"))
    gap = eq["competition"].effective_rd - eq["sharing"].effective_rd
    assert gap >= -1e-9 * eq["sharing"].effective_rd
    if 1e-6 < beta < 1 - 1e-6:
        assert gap > 0


@settings(max_examples=200, deadline=None)
@given(valid_points(regimes=REGIMES, n=st.just(40)))
@pytest.mark.proposition("prop-ch4-size")
def test_proposition_cluster_size(p):
    """As n grows: competition dilutes incentives; a joint venture pools them."""
    m, _, beta, gamma = p
    ns = np.arange(1, 41)
    assume(all(np.all(gamma > min_gamma(m, ns, beta, r)) for r in REGIMES))
    comp = symmetric_equilibrium(m, ns, beta, gamma, "competition")
    jv = symmetric_equilibrium(m, ns, beta, gamma, "joint_venture")
    rtol = 1e-12
    assert np.all(np.diff(comp.rd) < rtol * comp.rd[1:])
    assert np.all(np.diff(comp.profit) < 0)
    assert np.all(np.diff(comp.total_output) > 0)
    assert np.all(np.diff(comp.price) < 0)
    if abs(beta - 0.5) > 1e-3:  # strictly falling away from beta = 1/2 ...
        assert np.all(np.diff(comp.effective_rd) < 0)
    else:  # ... and constant, (a - A)/(2 b gamma - 1), at it
        assert np.all(np.diff(comp.effective_rd) <= rtol * comp.effective_rd[1:])
    assert np.all(np.diff(jv.effective_rd) > 0)
    assert np.all(np.diff(jv.welfare) > 0)


@settings(max_examples=200, deadline=None)
@given(valid_points(n=st.just(1)))
def test_a_single_firm_is_a_monopolist_in_every_regime(p):
    m, n, beta, gamma = p
    eq = compare_regimes(m, 1, beta, gamma)
    x = 2 * m.margin / (4 * m.b * gamma - 2)
    for e in eq.values():
        assert e.rd == pytest.approx(x, rel=1e-10)


# ---------------------------------------------------------------- vectorisation
def test_arrays_broadcast_and_match_scalar_calls():
    betas = np.linspace(0, 1, 7)
    gammas = np.array([[5.0], [12.0], [40.0]])
    for regime in REGIMES:
        grid = symmetric_equilibrium(M, 3, betas, gammas, regime)
        assert grid.rd.shape == (3, 7) and grid.welfare.shape == (3, 7)
        for i, g in enumerate(gammas[:, 0]):
            for j, bt in enumerate(betas):
                one = symmetric_equilibrium(M, 3, bt, g, regime)
                for f in FIELDS:
                    assert getattr(grid, f)[i, j] == pytest.approx(getattr(one, f), rel=1e-12)


def test_large_arrays_use_blocks_and_agree_with_small_ones():
    rng = np.random.default_rng(0)
    beta = rng.random(50_000)
    gamma = 5 + 40 * rng.random(50_000)
    big = symmetric_equilibrium(M, 4, beta, gamma, "coordination")
    small = symmetric_equilibrium(M, 4, beta[:100], gamma[:100], "coordination")
    np.testing.assert_array_equal(big.rd[:100], small.rd)
    np.testing.assert_array_equal(big.welfare[:100], small.welfare)


@settings(max_examples=300, deadline=None)
@given(
    m=markets,
    n=st.one_of(st.integers(-3, 50), st.floats(allow_nan=True, allow_infinity=True)),
    beta=st.floats(allow_nan=True, allow_infinity=True),
    gamma=st.floats(allow_nan=True, allow_infinity=True),
    regime=st.sampled_from(REGIMES),
    policy=policies,
)
def test_never_nan_either_finite_or_a_clear_error(m, n, beta, gamma, regime, policy):
    try:
        e = symmetric_equilibrium(m, n, beta, gamma, regime, policy)
    except ValueError as err:
        assert str(err)
        return
    for f in FIELDS:
        assert math.isfinite(getattr(e, f)), f
    assert e.rd >= 0 and e.unit_cost >= 0 and e.output > 0


@settings(max_examples=200, deadline=None)
@given(valid_points(n=st.integers(1, 20)), st.sampled_from(REGIMES), st.floats(0.5, 0.999))
def test_min_gamma_is_the_exact_boundary(p, regime, shrink):
    m, n, beta, _ = p
    g = min_gamma(m, n, beta, regime)
    symmetric_equilibrium(m, n, beta, g * (1 + 1e-9), regime)
    with pytest.raises(ValueError, match="gamma"):
        symmetric_equilibrium(m, n, beta, g * shrink, regime)


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(beta=-0.1), r"beta must lie in \[0, 1\], got -0.1"),
        (dict(beta=1.5), r"beta must lie in \[0, 1\]"),
        (dict(beta=float("nan")), "beta must be finite"),
        (dict(n=2.5), "n must be a positive integer, got 2.5"),
        (dict(n=0), "n must be an integer >= 1"),
        (dict(n=True), "n must be a positive integer"),
        (dict(gamma=0.0), "gamma must be > 0"),
        (dict(gamma=float("inf")), "gamma must be finite"),
        (dict(gamma="x"), "gamma must be a real number"),
        (dict(regime="cartel"), "unknown regime 'cartel'"),
        (dict(gamma=0.3), "second-order condition"),
        (dict(regime="coordination", beta=0.0, gamma=1.5), r"asymmetric directions; it requires gamma > 2"),
        (dict(gamma=1.0, beta=0.9), "unit cost would be negative"),
        (dict(policy=Policy(output_subsidy=-50.0)), "subsidised margin"),
        (dict(policy="none"), "policy must be a Policy"),
        (dict(market=(100, 1, 60)), "market must be a Market"),
    ],
)
def test_invalid_input_raises_a_clear_error(kwargs, match):
    args = dict(market=M, n=2, beta=0.3, gamma=20.0, regime="coordination")
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        symmetric_equilibrium(**args)


def test_error_names_the_first_failing_grid_point():
    with pytest.raises(ValueError, match=r"index \(2,\)"):
        symmetric_equilibrium(M, 2, [0.3, 0.3, 0.3], [20.0, 20.0, 0.2])


def test_rd_subsidy_relaxes_nothing_it_should_not():
    # a subsidy makes R&D cheaper for the firm, so the bound on gamma rises by 1/(1 - sigma)
    p = Policy(rd_subsidy=0.5)
    assert min_gamma(M, 2, 0.3, policy=p) == pytest.approx(2 * min_gamma(M, 2, 0.3))
    with pytest.raises(ValueError, match=r"\(1 - rd_subsidy\) \* gamma"):
        symmetric_equilibrium(M, 2, 0.3, 1.0, policy=p)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(a=50.0), r"a > A"),
        (dict(b=0.0), "b must be > 0"),
        (dict(A=float("nan")), "A must be finite"),
        (dict(A=-1.0), "A must be > 0"),
        (dict(a="100"), "a must be a real number"),
    ],
)
def test_market_validation(kwargs, match):
    args = dict(a=100.0, b=1.0, A=60.0) | kwargs
    with pytest.raises(ValueError, match=match):
        Market(**args)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(rd_subsidy=1.0), r"rd_subsidy must lie in \[0, 1\)"),
        (dict(rd_subsidy=-0.1), r"rd_subsidy must lie in \[0, 1\)"),
        (dict(shadow_cost=-0.5), "shadow_cost must be >= 0"),
        (dict(output_subsidy=float("inf")), "output_subsidy must be finite"),
    ],
)
def test_policy_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Policy(**kwargs)


def test_parameters_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        M.a = 3.0  # type: ignore[misc]
    assert Policy().is_laissez_faire and not Policy(rd_subsidy=0.1).is_laissez_faire


@pytest.mark.proposition("prop-ch4-size")
def test_cost_reduction_under_competition_is_constant_in_n_at_one_half():
    """k x = 2 m u/(b gamma - 2 u), u = beta(1 - beta) + n(1 - 2 beta)^2/(n + 1)^2: constant in n iff beta = 1/2."""
    import sympy as sp

    n, beta, b, g, m = sp.symbols("n beta b gamma m", positive=True)
    k = 1 + (n - 1) * beta
    x = 2 * m * (n - (n - 1) * beta) / (b * g * (n + 1) ** 2 - 2 * (n - (n - 1) * beta) * k)
    u = beta * (1 - beta) + n * (1 - 2 * beta) ** 2 / (n + 1) ** 2
    assert sp.simplify(k * x - 2 * m * u / (b * g - 2 * u)) == 0
    assert sp.simplify((k * x).subs(beta, sp.Rational(1, 2)) - m / (2 * b * g - 1)) == 0
    assert sp.simplify(sp.diff(n / (n + 1) ** 2, n) + (n - 1) / (n + 1) ** 3) == 0  # n/(n+1)^2 falls for n > 1
    eq = symmetric_equilibrium(Market(100, 1, 60), np.arange(1, 30), 0.5, 20.0, "competition")
    assert np.allclose(eq.effective_rd, 40 / 39, rtol=1e-12)


# ---------------------------------------------------------------- the parameter object
from clustercode.symmetric import SymmetricCluster  # noqa: E402


def test_symmetric_cluster_solves_as_the_functions_do():
    cl = SymmetricCluster(M, n=[2, 3, 5], beta=0.3, gamma=20.0)
    assert cl.shape == (3,)
    policy = Policy(output_subsidy=2.0, rd_subsidy=0.1)
    for regime in REGIMES:
        eq = cl.equilibrium(regime, policy)
        ref = symmetric_equilibrium(M, [2, 3, 5], 0.3, 20.0, regime, policy)
        assert np.array_equal(eq.rd, ref.rd) and np.array_equal(eq.welfare, ref.welfare)
        assert np.array_equal(cl.min_gamma(regime, policy), min_gamma(M, [2, 3, 5], 0.3, regime, policy))
    both = cl.compare(policy)
    assert list(both) == list(REGIMES)
    assert all(np.array_equal(both[r].rd, cl.equilibrium(r, policy).rd) for r in REGIMES)


def test_symmetric_cluster_is_checked_once_and_frozen():
    beta = np.array([0.2, 0.4])
    cl = SymmetricCluster(M, 2, beta, 20.0)
    beta[0] = 5.0  # the caller's array may change later; the cluster kept a copy
    assert cl.beta.tolist() == [0.2, 0.4]
    with pytest.raises(ValueError):
        cl.beta[0] = 0.9  # read-only
    with pytest.raises(AttributeError):
        cl.n = 3  # frozen
    assert "n=2" in repr(cl) and "array of shape (2,)" in repr(cl)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        (dict(market="market"), TypeError, "market must be a Market"),
        (dict(n=2.5), ValueError, "counts are never rounded"),
        (dict(n=True), TypeError, "n must be"),
        (dict(beta=[0.2, 1.5]), ValueError, r"beta must lie in \[0, 1\], got 1.5.*index \(1,\)"),
        (dict(gamma="20"), TypeError, "gamma must be"),
        (dict(gamma=-1.0), ValueError, "gamma must be > 0"),
    ],
)
def test_symmetric_cluster_refuses_bad_parameters(kwargs, exc, match):
    args = dict(market=M, n=2, beta=0.5, gamma=20.0) | kwargs
    with pytest.raises(exc, match=match):
        SymmetricCluster(**args)


def test_the_margin_is_checked_with_the_policy():
    cl = SymmetricCluster(M, 2, 0.5, 20.0)
    with pytest.raises(ValueError, match="subsidised margin"):
        cl.equilibrium(policy=Policy(output_subsidy=-(M.a - M.A)))
