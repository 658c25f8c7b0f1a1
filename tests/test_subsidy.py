"""Optimal subsidies: closed forms vs numeric maximisation, the chapter's propositions, validation."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize

from clustercode import REGIMES, Market, Policy, optimal_policy, symmetric_equilibrium
from clustercode import symbolic as S
from clustercode.subsidy import optimal_subsidies

from . import reference as ref
from .strategies import valid_points

M = Market(a=100.0, b=1.0, A=60.0)
a, b, A, n, beta, gamma, lam = (S.SYMBOLS[k] for k in ("a", "b", "A", "n", "beta", "gamma", "lambda"))
k = 1 + (n - 1) * beta


# ---------------------------------------------------------------- independent numeric check
def _reference_welfare(regime, nf, bt, g, s, sig, shadow):
    """Welfare from the naive solver: R&D by best responses / numerical cartel, Cournot by a linear solve."""
    spill = 1.0 if regime in ("sharing", "joint_venture") else bt
    solve = ref.competition if regime in ("competition", "sharing") else ref.coordination
    x = solve(nf, M.a, M.b, M.A, spill, g, s, sig)
    pi, q, price = ref.profits(x, M.a, M.b, M.A, spill, g, s, sig)
    cs = M.b * q.sum() ** 2 / 2
    outlay = s * q.sum() + sig * g * np.sum(x**2) / 2
    return cs + pi.sum() - (1 + shadow) * outlay


@pytest.mark.parametrize(
    "regime,instruments,shadow",
    [
        ("competition", ("rd",), 0.0),
        ("competition", ("output",), 0.3),
        ("competition", ("output", "rd"), 0.0),
        ("coordination", ("rd",), 0.3),
        ("coordination", ("output", "rd"), 0.2),
        ("sharing", ("output",), 0.0),
        ("joint_venture", ("rd",), 0.0),
    ],
)
def test_closed_form_optimum_matches_numeric_maximisation_of_the_naive_model(regime, instruments, shadow):
    nf, bt, g = 2, 0.4, 12.0
    opt = optimal_subsidies(M, nf, bt, g, regime, instruments, shadow)

    def negative_welfare(v):
        s = v[0] if "output" in instruments else 0.0
        sig = v[-1] if "rd" in instruments else 0.0
        return -_reference_welfare(regime, nf, bt, g, s, sig, shadow)

    if len(instruments) == 1:
        lo, hi = ((-20.0, 40.0) if instruments == ("output",) else (-0.5, 0.95))
        res = optimize.minimize_scalar(lambda v: negative_welfare([v]), bounds=(lo, hi), method="bounded",
                                       options={"xatol": 1e-9})
        found = [res.x]
    else:
        res = optimize.minimize(negative_welfare, [5.0, 0.2], method="Nelder-Mead",
                                options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 4000})
        found = list(res.x)
    expected = ([opt.output_subsidy] if "output" in instruments else []) + (
        [opt.rd_subsidy] if "rd" in instruments else [])
    np.testing.assert_allclose(found, expected, rtol=1e-4, atol=1e-5)
    assert -res.fun == pytest.approx(opt.welfare, rel=1e-9)


def test_optimal_policy_is_the_optimum_of_symmetric_equilibrium_welfare():
    """Perturbing the optimal Policy in any direction lowers welfare."""
    for regime in REGIMES:
        p = optimal_policy(M, 3, 0.6, 15.0, regime, ("output", "rd"), shadow_cost=0.1)
        w = symmetric_equilibrium(M, 3, 0.6, 15.0, regime, p).welfare
        for ds, dsig in ((0.05, 0), (-0.05, 0), (0, 0.005), (0, -0.005)):
            q = Policy(p.output_subsidy + ds, p.rd_subsidy + dsig, p.shadow_cost)
            assert symmetric_equilibrium(M, 3, 0.6, 15.0, regime, q).welfare < w


@settings(max_examples=60, deadline=None)
@given(point=valid_points(), regime=st.sampled_from(REGIMES),
       instruments=st.sampled_from([("rd",), ("output",), ("output", "rd")]),
       shadow=st.floats(0.0, 1.0), frac=st.floats(0.0, 0.9), sub=st.floats(-5.0, 20.0))
def test_optimum_beats_laissez_faire_and_any_other_policy(point, regime, instruments, shadow, frac, sub):
    m, nf, bt, g = point
    try:
        opt = optimal_subsidies(m, nf, bt, g, regime, instruments, shadow)
    except ValueError:
        assume(False)
    for policy in (Policy(shadow_cost=shadow),
                   Policy(sub if "output" in instruments else 0.0, frac if "rd" in instruments else 0.0, shadow)):
        try:
            w = symmetric_equilibrium(m, nf, bt, g, regime, policy).welfare
        except ValueError:
            continue
        assert w <= opt.welfare + 1e-9 * max(1.0, abs(opt.welfare))


def test_vectorised_equals_scalar_calls():
    betas = np.linspace(0, 1, 7)
    vec = optimal_subsidies(M, 3, betas, 20.0, "competition", ("output", "rd"))
    for i, bt in enumerate(betas):
        one = optimal_subsidies(M, 3, bt, 20.0, "competition", ("output", "rd"))
        assert vec.rd_subsidy[i] == pytest.approx(one.rd_subsidy, rel=1e-12)
        assert vec.welfare[i] == pytest.approx(one.welfare, rel=1e-12)


# ---------------------------------------------------------------- propositions (symbolic)
def _explicit(objective, instruments):
    return S.explicit(S.optimal_policy_closed_form(objective, instruments))


# prop-ch5-first-best
@pytest.mark.parametrize("objective", ["own", "joint"])
@pytest.mark.proposition("prop-ch5-first-best")
def test_both_instruments_without_shadow_cost_implement_the_first_best(objective):
    """s* = b q* (price = unit cost) and gamma x* = k q*, the planner's conditions."""
    opt = {key: v.subs(lam, 0) for key, v in _explicit(objective, ("output", "rd")).items()}
    q = (a - A + k * opt["x"] + opt["s"]) / (b * (n + 1))
    assert sp.simplify(opt["s"] - b * q) == 0
    assert sp.simplify(gamma * opt["x"] - k * q) == 0
    # and the first best itself: price = cost, marginal social value of R&D = its marginal cost
    Q = n * q
    assert sp.simplify((a - b * Q) - (A - k * opt["x"])) == 0


# prop-ch5-first-best
@pytest.mark.proposition("prop-ch5-first-best")
def test_first_best_rd_subsidies_have_the_stated_form():
    comp = _explicit("own", ("output", "rd"))["sigma"].subs(lam, 0)
    coop = _explicit("joint", ("output", "rd"))["sigma"].subs(lam, 0)
    assert sp.simplify(comp - (n - 1) * ((n + 3) * beta - 1) / ((n + 1) * k)) == 0
    assert sp.simplify(coop - (n - 1) / (n + 1)) == 0
    # competition's first-best subsidy exceeds coordination's exactly when beta > 1/2 (cf. Leahy & Neary 1997)
    assert sp.simplify(comp - coop - 2 * (n - 1) * (2 * beta - 1) / ((n + 1) * k)) == 0


# prop-ch5-rd-alone
@pytest.mark.proposition("prop-ch5-rd-alone")
def test_rd_subsidy_alone_has_the_stated_form():
    comp = _explicit("own", ("rd",))["sigma"].subs(lam, 0)
    coop = _explicit("joint", ("rd",))["sigma"].subs(lam, 0)
    assert sp.simplify(comp - ((n - 1) * (n + 4) * beta - (n - 2)) / ((n + 2) * k)) == 0
    assert sp.simplify(coop - n / (n + 2)) == 0


# prop-ch5-rd-alone
@pytest.mark.parametrize("instruments", [("output", "rd"), ("rd",)])
@pytest.mark.proposition("prop-ch5-rd-alone")
def test_competition_rd_subsidy_rises_with_the_spillover(instruments):
    sig = _explicit("own", instruments)["sigma"].subs(lam, 0)
    d = sp.factor(sp.diff(sig, beta))
    # the derivative is a positive multiple of (n - 1)
    expected = {("output", "rd"): 2 * (n - 1) / k**2,
                ("rd",): 2 * (n - 1) * (n + 1) / ((n + 2) * k**2)}[instruments]
    assert sp.simplify(d - expected) == 0


# prop-ch5-equivalence
@pytest.mark.proposition("prop-ch5-equivalence")
def test_with_an_optimal_rd_subsidy_coordination_adds_nothing():
    """Without a shadow cost, welfare depends on R&D only, so the induced R&D is the same in both regimes."""
    for instruments in (("rd",), ("output", "rd")):
        own = _explicit("own", instruments)
        joint = _explicit("joint", instruments)
        assert sp.simplify((own["x"] - joint["x"]).subs(lam, 0)) == 0
        assert sp.simplify((own["s"] - joint["s"]).subs(lam, 0)) == 0


# prop-ch5-equivalence
@settings(max_examples=40, deadline=None)
@given(point=valid_points(regimes=("competition", "coordination")))
@pytest.mark.proposition("prop-ch5-equivalence")
def test_regime_equivalence_numerically(point):
    m, nf, bt, g = point
    try:
        c = optimal_subsidies(m, nf, bt, g, "competition", ("rd",))
        j = optimal_subsidies(m, nf, bt, g, "coordination", ("rd",))
    except ValueError:
        assume(False)
    assert c.welfare == pytest.approx(j.welfare, rel=1e-9)
    assert c.rd == pytest.approx(j.rd, rel=1e-9)


# prop-ch5-first-best
@pytest.mark.proposition("prop-ch5-first-best")
def test_rd_tax_region_with_both_instruments():
    """Under competition the first-best R&D instrument is a tax exactly when beta < 1/(n + 3)."""
    for nf in (2, 3, 6):
        edge = 1 / (nf + 3)
        below = optimal_subsidies(M, nf, edge - 0.02, 30.0, "competition", ("output", "rd"))
        above = optimal_subsidies(M, nf, edge + 0.02, 30.0, "competition", ("output", "rd"))
        assert below.rd_subsidy < 0 < above.rd_subsidy
        with pytest.raises(ValueError, match="tax"):
            optimal_policy(M, nf, edge - 0.02, 30.0, "competition", ("output", "rd"))


# prop-ch5-shadow
@settings(max_examples=60, deadline=None)
@given(point=valid_points(), regime=st.sampled_from(REGIMES),
       instrument=st.sampled_from(["rd", "output"]), lam0=st.floats(0.0, 1.0), dl=st.floats(0.05, 1.0))
@pytest.mark.proposition("prop-ch5-shadow")
def test_a_shadow_cost_lowers_each_optimal_subsidy_used_alone(point, regime, instrument, lam0, dl):
    m, nf, bt, g = point
    try:
        lo = optimal_subsidies(m, nf, bt, g, regime, (instrument,), lam0)
        hi = optimal_subsidies(m, nf, bt, g, regime, (instrument,), lam0 + dl)
    except ValueError:
        assume(False)
    field = "rd_subsidy" if instrument == "rd" else "output_subsidy"
    assert getattr(hi, field) < getattr(lo, field)


# prop-ch5-effects
@settings(max_examples=80, deadline=None)
@given(point=valid_points(), regime=st.sampled_from(REGIMES), ds=st.floats(0.01, 10.0))
@pytest.mark.proposition("prop-ch5-effects")
def test_output_subsidy_raises_rd_output_and_profit(point, regime, ds):
    m, nf, bt, g = point
    e0 = symmetric_equilibrium(m, nf, bt, g, regime)
    try:  # a subsidy can make R&D so attractive that the unit cost would turn negative
        e1 = symmetric_equilibrium(m, nf, bt, g, regime, Policy(output_subsidy=ds))
    except ValueError:
        assume(False)
    assert e1.rd > e0.rd and e1.output > e0.output and e1.profit > e0.profit


# prop-ch5-effects
@settings(max_examples=80, deadline=None)
@given(point=valid_points(), regime=st.sampled_from(REGIMES), sig=st.floats(0.01, 0.9))
@pytest.mark.proposition("prop-ch5-effects")
def test_rd_subsidy_raises_rd_and_output_and_joint_profit_under_joint_regimes(point, regime, sig):
    m, nf, bt, g = point
    e0 = symmetric_equilibrium(m, nf, bt, g, regime)
    try:
        e1 = symmetric_equilibrium(m, nf, bt, g, regime, Policy(rd_subsidy=sig))
    except ValueError:
        assume(False)
    assert e1.rd > e0.rd and e1.output > e0.output
    if regime in ("coordination", "joint_venture"):  # envelope theorem: profit rises by gamma x^2 / 2 at least
        assert e1.profit > e0.profit


# prop-ch5-effects
@pytest.mark.proposition("prop-ch5-effects")
def test_rd_subsidy_can_lower_profit_under_competition():
    """The counterexample behind the proposition's restriction to the joint regimes."""
    e0 = symmetric_equilibrium(M, 16, 0.312, 2.474, "competition")
    e1 = symmetric_equilibrium(M, 16, 0.312, 2.474, "competition", Policy(rd_subsidy=0.416))
    assert e1.profit < e0.profit


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(instruments=("tax",)), "instruments must be one of"),
        (dict(instruments=()), "instruments must be one of"),
        (dict(regime="cartel"), "unknown regime"),
        (dict(shadow_cost=-0.1), "shadow_cost must be >= 0"),
        (dict(beta=1.5), "beta must lie in"),
        (dict(gamma=0.0), "gamma must be > 0"),
        (dict(n=0), "n must be an integer >= 1"),
        (dict(gamma=1.0, instruments=("rd",)), "no interior optimum.*not strictly concave"),
        (dict(gamma=1.0, instruments=("output",)), "no interior optimum.*not strictly concave"),
        (dict(gamma=1.5, instruments=("rd",)), "unit cost is negative"),
    ],
)
def test_validation(kwargs, match):
    args = dict(market=M, n=2, beta=0.5, gamma=20.0, regime="competition", instruments=("rd",), shadow_cost=0.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        optimal_subsidies(**args)


def test_optimal_policy_rejects_arrays_and_wrong_market():
    with pytest.raises(ValueError, match="scalar beta"):
        optimal_policy(M, 2, np.array([0.2, 0.4]), 20.0)
    with pytest.raises(ValueError, match="market must be a Market"):
        optimal_policy("market", 2, 0.3, 20.0)


def test_instruments_order_and_string_are_accepted():
    one = optimal_policy(M, 2, 0.5, 20.0, instruments=("rd", "output"))
    two = optimal_policy(M, 2, 0.5, 20.0, instruments=("output", "rd"))
    assert one == two
    assert optimal_policy(M, 2, 0.5, 20.0, instruments="output").rd_subsidy == 0.0


# ---------------------------------------------------------------- the cartel's true choice under the optimal policy
@pytest.mark.proposition("prop-ch5-equivalence")
@pytest.mark.proposition("prop-ch5-first-best")
@settings(max_examples=40, deadline=None)
@given(nf=st.integers(2, 10), bt=st.floats(0.0, 0.95),
       r=st.sampled_from([0.3, 0.8, 0.999, 1.001, 1.2, 3.0]),
       instruments=st.sampled_from([("rd",), ("output", "rd")]))
def test_coordination_optimum_stands_iff_the_cartel_keeps_its_members_alike(nf, bt, r, instruments):
    """lambda = 0: the symmetric optimum of coordination is the cartel's true choice iff
    b gamma > (n + 2)(1 - beta)^2 (R&D subsidy alone) or b gamma > (n + 1)(1 - beta)^2 (both instruments);
    otherwise optimal_subsidies refuses, and the cartel facing that policy would treat its members unequally."""
    from clustercode import _kernels, cartel_optimum

    bound = (nf + 2 if instruments == ("rd",) else nf + 1) * (1 - bt) ** 2 / M.b
    g = r * bound
    if r < 1:
        with pytest.raises(ValueError) as exc:
            optimal_subsidies(M, nf, bt, g, "coordination", instruments)
        # welfare may also fail to be concave (a refusal checked first); otherwise the cartel's asymmetry is named
        assume("would not treat its members alike" in str(exc.value))
        kernel = getattr(_kernels, "optimal_joint_" + "_".join(instruments))
        s, sig = kernel(M.a, M.b, M.A, nf, bt, g, 0.0)[:2]
        assert not cartel_optimum(M, nf, bt, g, Policy(output_subsidy=s, rd_subsidy=sig)).symmetric
        return
    try:
        opt = optimal_subsidies(M, nf, bt, g, "coordination", instruments)
    except ValueError as exc:  # other limits (a negative unit cost) may bind; never the cartel's asymmetry
        assert "alike" not in str(exc)
        assume(False)
    cartel = cartel_optimum(M, nf, bt, g, Policy(output_subsidy=opt.output_subsidy, rd_subsidy=opt.rd_subsidy))
    assert cartel.symmetric
    assert cartel.rd == pytest.approx(np.full(nf, opt.rd), rel=1e-7)
    assert cartel.welfare == pytest.approx(opt.welfare, rel=1e-9)


def test_issue_example_the_cartel_under_the_symmetric_optimal_subsidy():
    """n = 4, beta = 0, gamma = 5: the subsidy n/(n+2) would make the cartel put all R&D in one firm (welfare
    158.68), far below the optimum under competition (806.72, with an R&D tax)."""
    from clustercode import cartel_optimum

    with pytest.raises(ValueError, match="alike"):
        optimal_policy(M, 4, 0.0, 5.0, "coordination", ("rd",))
    assert cartel_optimum(M, 4, 0.0, 5.0, Policy(rd_subsidy=4 / 6)).welfare == pytest.approx(158.678, abs=1e-3)
    assert optimal_subsidies(M, 4, 0.0, 5.0, "competition", ("rd",)).welfare == pytest.approx(806.723, abs=1e-3)
