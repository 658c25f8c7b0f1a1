"""The policy comparator: budgets spent exactly, rows equal to the models, the propositions of Chapter 7."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clustercode import Market, Policy, min_gamma, symmetric_equilibrium
from clustercode.comparator import (
    INSTRUMENT_KINDS,
    INSTRUMENT_NAMES,
    INSTRUMENTS,
    compare_instruments,
    lab_rd_for_budget,
    max_rd_subsidy_budget,
    output_subsidy_for_budget,
    rd_subsidy_for_budget,
)
from clustercode.public_lab import public_lab_equilibrium
from clustercode.subsidy import optimal_policy

from .strategies import markets

M = Market(a=100.0, b=1.0, A=60.0)
BUDGET_ROWS = ("output_subsidy", "rd_subsidy", "institute", "allied_institute")
OUTCOMES = ("public_cost", "rd", "research", "output", "consumer_surplus", "profit", "welfare")


@st.composite
def clusters(draw, n=st.integers(2, 30)):
    """(market, n, beta, gamma) at which R&D competition has an equilibrium."""
    m = draw(markets)
    k = draw(n)
    beta = draw(st.floats(0.0, 1.0))
    gamma = float(min_gamma(m, k, beta)) * draw(st.floats(1.01, 50.0))
    return m, k, beta, gamma


def budget_within(m, n, beta, gamma, fraction):
    """A budget an R&D subsidy can spend: ``fraction`` of its largest."""
    return max_rd_subsidy_budget(m, n, beta, gamma) * fraction


def close(x, y, rtol=1e-12):
    return abs(x - y) <= rtol * max(1.0, abs(x), abs(y))


# ---------------------------------------------------------------- budgets are spent exactly
@settings(max_examples=200, deadline=None)
@given(clusters(), st.floats(1e-6, 0.999))
def test_each_budget_instrument_spends_exactly_the_budget(point, fraction):
    m, n, beta, gamma = point
    G = budget_within(m, n, beta, gamma, fraction)
    cmp = compare_instruments(m, n, beta, gamma, G)
    spent = [name for name in BUDGET_ROWS if name in cmp]
    assert "rd_subsidy" in spent  # the budget was chosen within its reach
    for name in spent:
        assert abs(cmp[name].public_cost - G) <= 1e-9 * max(1.0, G), name


@settings(max_examples=100, deadline=None)
@given(clusters(), st.floats(1e-6, 0.999))
def test_output_subsidy_matches_an_independent_bisection(point, fraction):
    """The closed form for s (homogeneity in the margin) against brute force on the model's outlay."""
    m, n, beta, gamma = point
    G = budget_within(m, n, beta, gamma, fraction)
    try:
        s = output_subsidy_for_budget(m, n, beta, gamma, G)
    except ValueError:
        assume(False)
    def outlay(v):  # beyond the model's range (unit cost < 0) the outlay exceeds any budget it admits
        try:
            return symmetric_equilibrium(m, n, beta, gamma, policy=Policy(output_subsidy=v)).outlay
        except ValueError:
            return math.inf

    lo, hi = 0.0, 1.0
    while outlay(hi) < G:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if outlay(mid) < G else (lo, mid)
    assert s == pytest.approx(0.5 * (lo + hi), rel=1e-9, abs=1e-12)


def test_zero_budget_reproduces_laissez_faire():
    for beta in (0.0, 0.3, 0.5, 1.0):
        cmp = compare_instruments(M, 4, beta, 10.0, 0.0)
        base = symmetric_equilibrium(M, 4, beta, 10.0)
        assert cmp.baseline.rd == base.total_rd and cmp.baseline.welfare == base.welfare
        for name in BUDGET_ROWS:
            r = cmp[name]
            assert r.public_cost == 0.0 and r.rd_per_public_money is None
            for field in ("d_rd", "d_research", "d_output", "d_welfare"):
                assert abs(getattr(r, field)) <= 1e-12 * max(1.0, base.welfare), (name, field)


@settings(max_examples=60, deadline=None)
@given(clusters(n=st.integers(2, 12)))
def test_zero_budget_reproduces_laissez_faire_everywhere(point):
    m, n, beta, gamma = point
    cmp = compare_instruments(m, n, beta, gamma, 0.0)
    for name in BUDGET_ROWS:
        if name in cmp:
            r = cmp[name]
            assert r.public_cost == 0.0
            for field in ("rd", "output", "welfare"):
                assert close(getattr(r, field), getattr(cmp.baseline, field), 1e-11), (name, field)


# ---------------------------------------------------------------- each row is the model itself
@pytest.mark.parametrize("beta", [0.1, 0.4, 0.7, 0.95])
@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_each_row_equals_calling_the_model_directly(beta, lam):
    n, gamma, G, theta, gamma0 = 4, 10.0, 20.0, 0.6, 12.0
    cmp = compare_instruments(M, n, beta, gamma, G, shadow_cost=lam, theta=theta, gamma0=gamma0)
    s = output_subsidy_for_budget(M, n, beta, gamma, G)
    sigma = rd_subsidy_for_budget(M, n, beta, gamma, G)
    x0 = lab_rd_for_budget(G, gamma0)
    assert x0 == math.sqrt(2 * G / gamma0)
    direct = {
        "competition": symmetric_equilibrium(M, n, beta, gamma, policy=Policy(shadow_cost=lam)),
        "output_subsidy": symmetric_equilibrium(M, n, beta, gamma, policy=Policy(s, 0.0, lam)),
        "rd_subsidy": symmetric_equilibrium(M, n, beta, gamma, policy=Policy(0.0, sigma, lam)),
        "coordination": symmetric_equilibrium(M, n, beta, gamma, "coordination", Policy(shadow_cost=lam)),
        "sharing": symmetric_equilibrium(M, n, beta, gamma, "sharing", Policy(shadow_cost=lam)),
        "joint_venture": symmetric_equilibrium(M, n, beta, gamma, "joint_venture", Policy(shadow_cost=lam)),
    }
    for name, instruments in (("optimal_output_subsidy", ("output",)), ("optimal_rd_subsidy", ("rd",))):
        try:
            p = optimal_policy(M, n, beta, gamma, "competition", instruments, lam)
        except ValueError as err:
            assert name not in cmp and str(err) == dict(cmp.unavailable)[name]
            continue
        direct[name] = symmetric_equilibrium(M, n, beta, gamma, policy=p)
    for name, eq in direct.items():
        r = cmp[name]
        assert r.equilibrium == eq or (r.equilibrium.policy == eq.policy and r.equilibrium.rd == eq.rd)
        assert r.public_cost == eq.outlay and r.rd == eq.total_rd == r.research
        assert r.output == eq.total_output and r.welfare == eq.welfare
        assert r.consumer_surplus == eq.consumer_surplus and r.profit == eq.total_profit
        assert r.d_welfare == eq.welfare - direct["competition"].welfare
    for name, configuration in (("institute", "independent"), ("allied_institute", "allied")):
        eq = public_lab_equilibrium(M, n, beta, gamma, theta=theta, gamma0=gamma0,
                                    configuration=configuration, shadow_cost=lam, lab_rd=x0)
        r = cmp[name]
        assert r.public_cost == eq.lab_cost and r.welfare == eq.welfare
        assert r.rd == eq.total_rd and r.research == eq.total_rd + eq.lab_rd
        assert close(r.output, float(np.sum(eq.output)))
        assert close(r.profit, float(np.sum(eq.profit)))


def test_rows_follow_the_declared_order_and_names():
    cmp = compare_instruments(M, 4, 0.6, 10.0, 20.0)
    assert cmp.names == INSTRUMENTS and not cmp.unavailable
    assert set(INSTRUMENT_NAMES) == set(INSTRUMENTS) == set(INSTRUMENT_KINDS)
    for r in cmp.results:
        assert r.kind == INSTRUMENT_KINDS[r.name] and r.label == INSTRUMENT_NAMES[r.name][0]
        assert (r.public_cost == 0) == (r.kind in ("baseline", "cooperation"))
    assert "R&D subsidy" in cmp.table() and "研发补贴" == cmp["rd_subsidy"].label_zh


def test_an_unavailable_optimum_is_reported_with_the_models_reason():
    cmp = compare_instruments(M, 4, 0.0, 10.0, 20.0)  # no spillover: competing firms over-invest
    assert "optimal_rd_subsidy" not in cmp
    assert "tax" in dict(cmp.unavailable)["optimal_rd_subsidy"]
    with pytest.raises(KeyError, match="not available here"):
        cmp["optimal_rd_subsidy"]
    assert "not available" in cmp.table()


# ---------------------------------------------------------------- shadow cost is bookkeeping
@settings(max_examples=100, deadline=None)
@given(clusters(n=st.integers(2, 15)), st.floats(0.01, 0.9), st.floats(0.0, 2.0))
def test_shadow_cost_charges_each_unit_of_public_money(point, fraction, lam):
    m, n, beta, gamma = point
    G = budget_within(m, n, beta, gamma, fraction)
    a, b = compare_instruments(m, n, beta, gamma, G), compare_instruments(m, n, beta, gamma, G, lam)
    for name in set(BUDGET_ROWS) & set(a.names) & set(b.names):
        assert close(b[name].d_welfare, a[name].d_welfare - lam * G, 1e-9), name
        assert b[name].d_rd == a[name].d_rd


# ---------------------------------------------------------------- proposition prop-ch7-subsidies
@pytest.mark.proposition("prop-ch7-subsidies")
def test_cost_ratio_of_the_two_subsidies_symbolically():
    """To raise R&D per firm to X, an R&D subsidy costs 2 theta^2 / (b gamma (n+1)^3) times an output subsidy."""
    a, b, A, n, beta, gamma, X, s, g = sp.symbols("a b A n beta gamma X s g", positive=True)
    m0 = a - A
    k = 1 + (n - 1) * beta
    theta = n - (n - 1) * beta
    rd = lambda margin, g_eff: 2 * margin * theta / (b * g_eff * (n + 1) ** 2 - 2 * theta * k)  # noqa: E731
    # R&D subsidy: choose the effective gamma g = (1 - sigma) gamma that gives R&D X
    g_x = sp.solve(sp.Eq(rd(m0, g), X), g)[0]
    sigma = 1 - g_x / gamma
    cost_rd = sigma * n * gamma * X**2 / 2
    # output subsidy: choose s that gives R&D X at the undistorted gamma
    s_x = sp.solve(sp.Eq(rd(m0 + s, gamma), X), s)[0]
    q = (m0 + s_x + k * X) / (b * (n + 1))
    cost_out = s_x * n * q
    assert sp.simplify(cost_rd / cost_out - 2 * theta**2 / (b * gamma * (n + 1) ** 3)) == 0


@settings(max_examples=300, deadline=None)
@given(clusters(), st.floats(1e-6, 0.999))
@pytest.mark.proposition("prop-ch7-subsidies")
def test_prop_rd_subsidy_buys_more_rd_than_output_subsidy(point, fraction):
    """prop-ch7-subsidies (i): with equal budgets, the R&D subsidy raises firms' R&D more."""
    m, n, beta, gamma = point
    G = budget_within(m, n, beta, gamma, fraction)
    cmp = compare_instruments(m, n, beta, gamma, G)
    assume("output_subsidy" in cmp)
    assert cmp["rd_subsidy"].d_rd > cmp["output_subsidy"].d_rd > 0


@settings(max_examples=300, deadline=None)
@given(clusters(), st.floats(0.0, 0.95))
@pytest.mark.proposition("prop-ch7-subsidies")
def test_prop_cost_ratio_numerically(point, sigma_share):
    """prop-ch7-subsidies (i): the cost ratio 2 theta^2/(b gamma (n+1)^3) < 1 at every R&D target."""
    m, n, beta, gamma = point
    cap = 1.0 - float(min_gamma(m, n, beta)) / gamma
    sigma = sigma_share * cap
    assume(sigma > 1e-6)
    base = symmetric_equilibrium(m, n, beta, gamma)
    rd_eq = symmetric_equilibrium(m, n, beta, gamma, policy=Policy(rd_subsidy=sigma))
    s = (m.a - m.A) * (rd_eq.rd / base.rd - 1.0)  # R&D is proportional to the margin a - A + s
    try:
        out_eq = symmetric_equilibrium(m, n, beta, gamma, policy=Policy(output_subsidy=s))
    except ValueError:
        assume(False)
    assert out_eq.rd == pytest.approx(rd_eq.rd, rel=1e-9)
    theta = n - (n - 1) * beta
    ratio = 2 * theta**2 / (m.b * gamma * (n + 1) ** 3)
    assert ratio < 1
    assert rd_eq.outlay / out_eq.outlay == pytest.approx(ratio, rel=1e-7)


@settings(max_examples=200, deadline=None)
@given(clusters(), st.floats(1e-4, 0.99), st.floats(0.05, 0.95))
@pytest.mark.proposition("prop-ch7-subsidies")
def test_prop_diminishing_returns_to_public_money(point, f1, shrink):
    """prop-ch7-subsidies (ii): R&D gained per unit of money falls as the budget grows."""
    m, n, beta, gamma = point
    G2 = budget_within(m, n, beta, gamma, f1)
    G1 = G2 * shrink
    small, large = compare_instruments(m, n, beta, gamma, G1), compare_instruments(m, n, beta, gamma, G2)
    for name in ("output_subsidy", "rd_subsidy"):
        assume(name in small and name in large)
        a, b = small[name].rd_per_public_money, large[name].rd_per_public_money
        # the change in R&D is a difference of two equilibria: allow for its rounding
        rounding = 1e-12 * small.baseline.rd / small[name].d_rd
        assert a > b * (1 - rounding), name


# ---------------------------------------------------------------- cooperation rows agree with Chapter 4
@settings(max_examples=100, deadline=None)
@given(clusters(n=st.integers(2, 20)))
@pytest.mark.proposition("prop-ch4-half", "prop-ch4-sharing")
def test_cooperation_rows_agree_with_chapter_4(point):
    m, n, beta, gamma = point
    cmp = compare_instruments(m, n, beta, gamma, 0.0)
    assume(all(r in cmp for r in ("coordination", "sharing", "joint_venture")))
    assume(abs(beta - 0.5) > 1e-6 and 1e-6 < beta < 1 - 1e-6)
    assert (cmp["coordination"].d_rd > 0) == (beta > 0.5)                   # prop-ch4-half
    assert cmp["joint_venture"].welfare >= max(cmp[r].welfare for r in
                                               ("competition", "coordination", "sharing")) * (1 - 1e-12)
    assert cmp["sharing"].d_rd < 0                                           # prop-ch4-sharing


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(budget=-1.0), "budget must be >= 0"),
        (dict(budget=float("nan")), "budget must be finite"),
        (dict(n=1), "n must be an integer >= 2"),
        (dict(n=2.5), "n must be a positive integer"),
        (dict(n=[2, 3]), "n must be a single integer"),
        (dict(beta=1.5), r"beta must lie in \[0, 1\]"),
        (dict(gamma=0.0), "gamma must be > 0"),
        # the binding bound (min_gamma's): the unit cost, not the lower stability bound
        (dict(gamma=0.5), r"unit cost would be negative; a non-negative unit cost requires gamma >= 0\.821333"),
        (dict(shadow_cost=-0.1), "shadow_cost must be >= 0"),
        (dict(theta=1.2), r"theta must lie in \[0, 1\]"),
        (dict(gamma0=0.0), "gamma0 must be > 0"),
    ],
)
def test_invalid_parameters_are_rejected(kwargs, match):
    args = dict(market=M, n=4, beta=0.4, gamma=10.0, budget=20.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        compare_instruments(**args)


def test_market_must_be_a_market():
    with pytest.raises(ValueError, match="market must be a Market"):
        compare_instruments((100, 1, 60), 4, 0.4, 10.0, 20.0)


def test_a_budget_beyond_the_r_and_d_subsidys_reach_names_the_bound():
    top = max_rd_subsidy_budget(M, 4, 0.1, 10.0)
    assert rd_subsidy_for_budget(M, 4, 0.1, 10.0, top) < 1.0
    with pytest.raises(ValueError, match="can spend at most"):
        rd_subsidy_for_budget(M, 4, 0.1, 10.0, top * 1.01)
    cmp = compare_instruments(M, 4, 0.1, 10.0, top * 1.01)
    assert "rd_subsidy" not in cmp and "can spend at most" in dict(cmp.unavailable)["rd_subsidy"]


def test_an_output_subsidy_beyond_the_models_reach_is_explained():
    with pytest.raises(ValueError, match="output subsidy that spends the budget"):
        output_subsidy_for_budget(M, 2, 0.5, 2.0, 1e7)


# ---------------------------------------------------------------- innovation-mode map
from clustercode.cluster import Cluster, cluster_equilibrium  # noqa: E402
from clustercode.coalitions import ARRANGEMENT_CALLS, ARRANGEMENTS, preferred_arrangement  # noqa: E402
from clustercode.comparator import MODE_CHOICES, innovation_mode_grid  # noqa: E402


@pytest.mark.proposition("prop-ch4-rjv")
def test_mode_grid_of_identical_firms_is_the_joint_venture():
    """Identical firms, beta < 1: the joint venture is best for welfare and for each firm (prop-ch4-rjv)."""
    beta = np.linspace(0.0, 0.95, 8)
    for kind, same in (("cost", 0.0), ("rd", 1.0)):
        g = innovation_mode_grid([same], beta, kind=kind)
        jv = MODE_CHOICES.index("joint_venture")
        assert np.all(g["welfare"] == jv) and np.all(g["firms"] == jv)


@settings(max_examples=25, deadline=None)
@given(st.floats(0.0, 24.0), st.floats(0.0, 1.0), st.sampled_from(["cost", "rd"]), st.floats(10.0, 40.0))
def test_mode_grid_equals_the_heterogeneous_model(level, beta, kind, gamma):
    if kind == "rd":
        level = 1.0 + level / 8.0
    g = innovation_mode_grid([level], [beta], kind=kind, gamma=gamma)
    cl = (Cluster(100.0, 1.0, [60.0, 60.0 + level], gamma, beta) if kind == "cost"
          else Cluster(100.0, 1.0, 60.0, [gamma, gamma * level], beta))
    try:
        w = [cluster_equilibrium(cl, *ARRANGEMENT_CALLS[k]).welfare for k in ARRANGEMENTS]
        pref = preferred_arrangement(cl)
    except ValueError:
        assert np.isnan(g["welfare"][0, 0]) and np.isnan(g["firms"][0, 0])
        return
    best = max(w)
    assert w[int(g["welfare"][0, 0])] >= best - 1e-9 * max(1.0, abs(best))
    expected = ARRANGEMENTS.index(pref[0]) if pref[0] == pref[1] else MODE_CHOICES.index("disagree")
    assert g["firms"][0, 0] == expected


def test_unequal_costs_make_the_firms_disagree():
    """Chapter 7: with a wide cost gap the firms no longer agree on the welfare-best joint venture."""
    g = innovation_mode_grid([16.0], [0.5])
    assert MODE_CHOICES[int(g["firms"][0, 0])] == "disagree"
    assert MODE_CHOICES[int(g["welfare"][0, 0])] == "joint_venture"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(kind="size"), "kind must be"),
        (dict(heterogeneity=[-1.0]), "cost gap must be >= 0"),
        (dict(heterogeneity=[0.0], kind="rd"), "ratio must be > 0"),
        (dict(beta=[1.2]), r"beta must lie in \[0, 1\]"),
        (dict(beta=[float("nan")]), "beta must be finite"),
    ],
)
def test_mode_grid_rejects_bad_input(kwargs, match):
    args = dict(heterogeneity=[0.0, 4.0], beta=[0.2])
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        innovation_mode_grid(**args)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["cost", "rd"]), st.floats(0.0, 1.0), st.floats(0.0, 0.95))
@pytest.mark.proposition("prop-ch7-modes")
def test_prop_ch7_modes_unequal_firms_refuse_the_welfare_best_joint_venture(kind, u, beta):
    """prop-ch7-modes, parts 2 and 3, at random points of their regions."""
    level = 14.0 + 10.0 * u if kind == "cost" else 2.0 + 2.0 * u
    g = innovation_mode_grid([level], [beta], kind=kind, gamma=20.0)
    assume(np.isfinite(g["firms"][0, 0]))  # every arrangement has an equilibrium of the kind computed
    assert MODE_CHOICES[int(g["welfare"][0, 0])] == "joint_venture"
    choice = MODE_CHOICES[int(g["firms"][0, 0])]
    if choice == "competition" and kind == "cost":  # the thin band of part 2: firm 2 gains nothing anywhere
        cl = Cluster(100.0, 1.0, [60.0, 60.0 + level], 20.0, beta)
        assert not cluster_equilibrium(cl).active[1]
        assert cluster_equilibrium(cl, "all", True).profit[1] < 0
        assert 19.0 < level < 20.0 and beta < 0.3
    else:
        assert choice == "disagree"


@pytest.mark.proposition("prop-ch7-modes")
def test_prop_ch7_modes_the_band_where_both_firms_go_alone():
    """prop-ch7-modes, part 2: the exception exists (it is not an artefact of the test's sampling)."""
    g = innovation_mode_grid([19.45], [0.0], kind="cost", gamma=20.0)
    assert MODE_CHOICES[int(g["firms"][0, 0])] == "competition"
    assert MODE_CHOICES[int(g["welfare"][0, 0])] == "joint_venture"
    # the band comes from tie-breaking: each firm earns the same alone as under coordination
    from clustercode.coalitions import arrangement_profits

    prof = arrangement_profits(Cluster(a=100.0, b=1.0, A=[60.0, 79.45], gamma=[20.0, 20.0], beta=[0.0, 0.0]))
    assert np.allclose(prof["competition"], prof["coordination"], rtol=1e-9, atol=1e-9)
    assert np.all(prof["joint_venture"] < prof["competition"])


@pytest.mark.proposition("prop-ch7-modes")
def test_side_payments_cannot_make_every_welfare_best_venture_individually_rational():
    """A_2 - A_1 = 16, beta = 0: the venture has the highest welfare but a lower joint profit than going alone, so
    no transfer between the members gives each at least its profit alone."""
    from clustercode.coalitions import arrangement_equilibria

    eqs = arrangement_equilibria(Cluster(a=100.0, b=1.0, A=[60.0, 76.0], gamma=[20.0, 20.0], beta=[0.0, 0.0]))
    welfare = {k: e.welfare for k, e in eqs.items()}
    assert max(welfare, key=welfare.get) == "joint_venture"
    assert eqs["joint_venture"].profit.sum() < eqs["competition"].profit.sum() - 1.0


@pytest.mark.proposition("prop-ch7-subsidies")
def test_prop_the_rd_subsidy_caps_rd():
    """n = 2, beta = 0, gamma = 2: the R&D subsidy cannot raise R&D per firm to 20 ('any level' was false);
    an output subsidy reaches 30 with a non-negative unit cost."""
    from clustercode.comparator import max_rd_subsidy_budget, rd_subsidy_for_budget

    top = max_rd_subsidy_budget(M, 2, 0.0, 2.0)
    sig = rd_subsidy_for_budget(M, 2, 0.0, 2.0, top * (1 - 1e-6))
    x = symmetric_equilibrium(M, 2, 0.0, 2.0, policy=Policy(rd_subsidy=sig)).rd
    assert 19.99 < x < 20.0
    with pytest.raises(ValueError, match="can spend at most"):
        rd_subsidy_for_budget(M, 2, 0.0, 2.0, top * 1.01)
    x0 = symmetric_equilibrium(M, 2, 0.0, 2.0).rd
    eq = symmetric_equilibrium(M, 2, 0.0, 2.0, policy=Policy(output_subsidy=M.margin * (30.0 / x0 - 1)))
    assert eq.rd == pytest.approx(30.0) and eq.unit_cost >= 0


# ---------------------------------------------------------------- parameters checked once
def _count_validations(monkeypatch):
    """Patch the validators in every economics module; return a Counter of the parameter names checked.

    Only the outermost call counts (``integer`` calling ``finite_scalar`` is one check).
    """
    import collections
    import importlib
    import pkgutil

    import clustercode
    from clustercode import _validate

    names = ("integer", "integer_array", "float_array", "finite_scalar", "instance")
    original = {fn: getattr(_validate, fn) for fn in names}
    counts, depth = collections.Counter(), [0]

    def wrap(fn):
        def counted(name, *args, **kwargs):
            if depth[0] == 0:
                counts[name] += 1
            depth[0] += 1
            try:
                return original[fn](name, *args, **kwargs)
            finally:
                depth[0] -= 1
        return counted

    wrapped = {fn: wrap(fn) for fn in names}
    for info in pkgutil.iter_modules(clustercode.__path__):
        if info.name in ("widgets", "plotting", "style", "figures", "codegen"):
            continue
        module = importlib.import_module(f"clustercode.{info.name}")
        for fn in names:
            if getattr(module, fn, None) is original[fn]:
                monkeypatch.setattr(module, fn, wrapped[fn])
    return counts


def test_one_comparison_validates_the_cluster_once(monkeypatch):
    """compare_instruments checks market, n, beta and gamma once and passes a SymmetricCluster down
    (before it, one call checked n 38 times: the R&D-subsidy root search re-entered the public functions)."""
    counts = _count_validations(monkeypatch)
    cmp = compare_instruments(M, n=4, beta=0.4, gamma=10.0, budget=20.0)
    assert len(cmp.results) + len(cmp.unavailable) == len(INSTRUMENTS)
    assert "rd_subsidy" in cmp and "allied_institute" in cmp  # the root search and the institute ran
    assert {k: counts[k] for k in ("market", "n", "beta", "gamma")} == dict(market=1, n=1, beta=1, gamma=1)


def test_budget_matching_validates_the_cluster_once(monkeypatch):
    counts = _count_validations(monkeypatch)
    rd_subsidy_for_budget(M, 4, 0.4, 10.0, 20.0)
    assert counts["n"] == 1 and counts["gamma"] == 1
