"""Differentiated goods, Cournot and Bertrand: an independent numeric solution, propositions, validation."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize

from clustercode import REGIMES, Market, Policy, compare_regimes, min_gamma, symmetric_equilibrium
from clustercode.differentiated import coordination_threshold, optimal_rd_subsidy, venture_lead_expensive_rd

M = Market(a=100.0, b=1.0, A=60.0)


# ---------------------------------------------------------------- an independent reference
def _demand_matrix(n, b, d):
    return b * ((1 - d) * np.eye(n) + d * np.ones((n, n)))


def _stage_two(x, a, b, A, beta, d, s, competition):
    """Quantities, prices and operating profits from the primitives, by a numeric solve of the FOCs."""
    x = np.asarray(x, float)
    n = len(x)
    c = A - x - beta * (x.sum() - x)
    Mq = _demand_matrix(n, b, d)
    if competition == "cournot":
        # FOC_i: a - (Mq q)_i - b q_i - (c_i - s) = 0
        q = np.linalg.solve(Mq + b * np.eye(n), a - c + s)
        p = a - Mq @ q
    else:
        # direct demand q = inv (a - p); FOC_i: q_i - (p_i - c_i + s) inv_ii = 0, linear in p
        inv = np.linalg.inv(Mq)
        D = np.diag(np.diag(inv))
        p = np.linalg.solve(inv + D, inv @ np.full(n, a) + D @ (c - s))
        q = inv @ (a - p)
    return q, p, (p - c + s) * q


def _profits(x, a, b, A, beta, gamma, d, s, sigma, competition):
    q, p, op = _stage_two(x, a, b, A, beta, d, s, competition)
    return op - (1 - sigma) * gamma * np.asarray(x) ** 2 / 2, q, p


def _derivative(f, x, i, h=1e-3):
    up, dn = np.array(x, float), np.array(x, float)
    up[i] += h
    dn[i] -= h
    return (f(up) - f(dn)) / (2 * h)


def ref_competition(n, a, b, A, beta, gamma, d, s, sigma, competition):
    """Best-response iteration of the R&D stage (each reply the root of the firm's marginal profit)."""
    x = np.full(n, 0.5)
    for _ in range(200):
        old = x.copy()
        for i in range(n):
            def marginal(xi, i=i):
                z = x.copy()
                z[i] = xi
                return _derivative(lambda v: _profits(v, a, b, A, beta, gamma, d, s, sigma, competition)[0][i], z, i)
            hi = 1.0
            while marginal(hi) > 0:
                hi *= 2
            x[i] = optimize.brentq(marginal, 0.0, hi, xtol=1e-13) if marginal(0.0) > 0 else 0.0
        if np.max(np.abs(x - old)) < 1e-11:
            break
    return x


def ref_coordination(n, a, b, A, beta, gamma, d, s, sigma, competition):
    """Maximiser of joint profit over all n R&D levels: Newton's step on finite differences.

    Joint profit is a quadratic in the R&D vector, so central differences give its
    gradient and Hessian exactly (up to rounding) and one Newton step lands on the
    maximum; the Hessian is checked to be negative definite.
    """
    def joint(v):
        return _profits(v, a, b, A, beta, gamma, d, s, sigma, competition)[0].sum()

    def grad(v):
        return np.array([_derivative(joint, v, i, h=0.5) for i in range(n)])

    z = np.zeros(n)
    g0 = grad(z)
    H = np.column_stack([grad(np.eye(n)[j]) - g0 for j in range(n)])
    assert np.all(np.linalg.eigvalsh((H + H.T) / 2) < 0)
    return np.linalg.solve(H, -g0)


CASES = [
    (2, 0.3, 20.0, 0.5, Policy(), "cournot"),
    (3, 0.7, 10.0, 0.8, Policy(output_subsidy=4.0, rd_subsidy=0.2), "cournot"),
    (2, 0.2, 20.0, 0.5, Policy(), "bertrand"),
    (3, 0.6, 8.0, 0.7, Policy(output_subsidy=3.0, rd_subsidy=0.3, shadow_cost=0.4), "bertrand"),
    (4, 0.0, 6.0, 0.9, Policy(), "bertrand"),
]


@pytest.mark.parametrize("n,beta,gamma,d,policy,comp", CASES)
def test_closed_forms_agree_with_an_independent_numeric_solution(n, beta, gamma, d, policy, comp):
    m = Market(M.a, M.b, M.A, substitution=d)
    s, sig = policy.output_subsidy, policy.rd_subsidy
    for regime, spill, solver in (("competition", beta, ref_competition), ("sharing", 1.0, ref_competition),
                                  ("coordination", beta, ref_coordination), ("joint_venture", 1.0, ref_coordination)):
        x = solver(n, m.a, m.b, m.A, spill, gamma, d, s, sig, comp)
        e = symmetric_equilibrium(m, n, beta, gamma, regime, policy, competition=comp)
        np.testing.assert_allclose(x, e.rd, rtol=2e-6)
        pi, q, p = _profits(np.full(n, e.rd), m.a, m.b, m.A, spill, gamma, d, s, sig, comp)
        np.testing.assert_allclose([e.output, e.price, e.profit], [q[0], p[0], pi[0]], rtol=1e-8)
        cs = m.b / 2 * (q @ _demand_matrix(n, 1.0, d) @ q)
        outlay = s * q.sum() + sig * gamma * n * e.rd**2 / 2
        np.testing.assert_allclose(e.welfare, cs + pi.sum() - (1 + policy.shadow_cost) * outlay, rtol=1e-8)


def test_qiu_1997_duopoly_cournot_induces_more_rd_than_bertrand():
    """Qiu (1997): in a differentiated duopoly R&D is higher under Cournot, the price lower under Bertrand."""
    for d in (0.2, 0.5, 0.9):
        m = Market(M.a, M.b, M.A, substitution=d)
        for beta in (0.0, 0.4, 0.9):
            c = symmetric_equilibrium(m, 2, beta, 20.0, competition="cournot")
            b = symmetric_equilibrium(m, 2, beta, 20.0, competition="bertrand")
            assert c.rd > b.rd
            assert b.price < c.price and b.output > c.output


# ---------------------------------------------------------------- the baseline is untouched
@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 30), beta=st.floats(0, 1), factor=st.floats(1.001, 50), regime=st.sampled_from(REGIMES))
def test_homogeneous_cournot_is_bit_identical_to_the_book_model(n, beta, factor, regime):
    g = min_gamma(M, n, beta, regime) * factor
    base = symmetric_equilibrium(M, n, beta, g, regime)
    explicit = symmetric_equilibrium(Market(M.a, M.b, M.A, substitution=1.0), n, beta, g, regime,
                                     competition="cournot")
    for f in ("rd", "output", "price", "profit", "consumer_surplus", "welfare"):
        assert getattr(base, f) == getattr(explicit, f)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 20), beta=st.floats(0, 1), factor=st.floats(1.001, 50), regime=st.sampled_from(REGIMES))
def test_generated_kernels_reduce_to_the_homogeneous_model_at_substitution_one(n, beta, factor, regime):
    from clustercode import _kernels_differentiated as kd
    from clustercode.symmetric import _regime

    g = min_gamma(M, n, beta, regime) * factor
    objective, pooled = _regime(regime)
    spill = 1.0 if pooled else beta
    (x,) = getattr(kd, f"rd_cournot_{objective}")(M.a, M.b, M.A, n, spill, g, 0.0, 0.0, 1.0)
    assert x == pytest.approx(symmetric_equilibrium(M, n, beta, g, regime).rd, rel=1e-10)


# ---------------------------------------------------------------- strategies
@st.composite
def diff_points(draw, competition="cournot", regimes=REGIMES, n=st.integers(2, 20)):
    d_hi = 1.0 if competition == "cournot" else 0.999
    d = draw(st.floats(0.01, d_hi))
    m = Market(a=draw(st.floats(61.0, 300.0)), b=draw(st.floats(0.1, 5.0)), A=60.0, substitution=d)
    k, bt = draw(n), draw(st.floats(0.0, 1.0))
    floor = max(min_gamma(m, k, bt, r, competition=competition) for r in regimes)
    return m, k, bt, floor * draw(st.floats(1.001, 50.0))


# ---------------------------------------------------------------- propositions
@pytest.mark.proposition("prop-rob-threshold")
@settings(max_examples=200, deadline=None)
@given(comp=st.sampled_from(["cournot", "bertrand"]), data=st.data())
def test_proposition_coordination_threshold(comp, data):
    m, n, beta, gamma = data.draw(diff_points(comp, regimes=("competition", "coordination")))
    t = coordination_threshold(n, m.substitution, comp)
    assume(abs(beta - t) > 1e-6)
    eq = compare_regimes(m, n, beta, gamma, regimes=("competition", "coordination"), competition=comp)
    diff = eq["coordination"].rd - eq["competition"].rd
    assert (diff > 0) == (beta > t)
    assert (eq["coordination"].welfare > eq["competition"].welfare) == (beta > t)
    assert eq["coordination"].profit >= eq["competition"].profit * (1 - 1e-12)
    if comp == "bertrand":
        assert t > m.substitution / 2


@pytest.mark.proposition("prop-rob-threshold")
@pytest.mark.parametrize("comp,n,d", [("cournot", 3, 0.6), ("bertrand", 2, 0.5), ("bertrand", 5, 0.8)])
def test_at_the_threshold_the_two_regimes_coincide(comp, n, d):
    m = Market(M.a, M.b, M.A, substitution=d)
    t = coordination_threshold(n, d, comp)
    eq = compare_regimes(m, n, t, 20.0, regimes=("competition", "coordination"), competition=comp)
    assert eq["coordination"].rd == pytest.approx(eq["competition"].rd, rel=1e-12)


@pytest.mark.proposition("prop-rob-ranking")
@settings(max_examples=200, deadline=None)
@given(comp=st.sampled_from(["cournot", "bertrand"]), data=st.data())
def test_proposition_joint_venture_ranking(comp, data):
    """Cournot, any substitution: the RJV ranks first in everything; Bertrand: in profit."""
    m, n, beta, gamma = data.draw(diff_points(comp))
    eq = compare_regimes(m, n, beta, gamma, competition=comp)
    jv, tol = eq["joint_venture"], 1e-9
    for e in eq.values():
        assert jv.profit >= e.profit - tol * abs(e.profit)
        if comp == "cournot":
            assert jv.effective_rd >= e.effective_rd * (1 - tol)
            assert jv.consumer_surplus >= e.consumer_surplus * (1 - tol)
            assert jv.welfare >= e.welfare * (1 - tol)


@pytest.mark.proposition("prop-rob-ranking")
def test_under_bertrand_with_close_substitutes_competition_can_beat_the_joint_venture():
    m = Market(100.0, 1.0, 60.0, substitution=0.95)
    floor = max(min_gamma(m, 6, 0.3, r, competition="bertrand") for r in REGIMES)
    for factor in (1.05, 1.5, 3.0, 10.0, 100.0):
        eq = compare_regimes(m, 6, 0.3, factor * floor, competition="bertrand")
        jv, comp = eq["joint_venture"], eq["competition"]
        assert comp.effective_rd > jv.effective_rd
        assert comp.consumer_surplus > jv.consumer_surplus and comp.welfare > jv.welfare
        assert jv.profit > comp.profit


@pytest.mark.proposition("prop-rob-subsidy")
@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from([("bertrand", r) for r in REGIMES]
                             + [("cournot", "coordination"), ("cournot", "joint_venture")]), data=st.data())
def test_proposition_optimal_rd_subsidy_is_positive_under_bertrand_or_joint_profit(case, data):
    comp, regime = case
    m, n, beta, gamma = data.draw(diff_points(comp, regimes=(regime,)))
    try:
        opt = optimal_rd_subsidy(m, n, beta, gamma, regime, comp)
    except ValueError as err:  # only the stability bound at the optimum may refuse
        assert "stability" in str(err) or "interior maximum" in str(err)
        return
    assert opt.rd_subsidy > 0
    # it is a maximum: a nearby rate gives less welfare
    for step in (-0.01, 0.01):
        sig = opt.rd_subsidy + step
        if 0 <= sig < 1 and (1 - sig) * gamma > min_gamma(m, n, beta, regime, competition=comp):
            near = symmetric_equilibrium(m, n, beta, gamma, regime, Policy(rd_subsidy=sig), comp)
            assert near.welfare <= opt.equilibrium.welfare + 1e-9 * abs(opt.equilibrium.welfare)


@pytest.mark.proposition("prop-rob-subsidy")
def test_cournot_competition_can_call_for_an_rd_tax_with_differentiated_goods():
    m = Market(M.a, M.b, M.A, substitution=0.8)
    opt = optimal_rd_subsidy(m, 5, 0.0, 20.0, "competition", "cournot")
    assert opt.rd_subsidy < 0 and opt.equilibrium is None
    assert optimal_rd_subsidy(m, 5, 0.0, 20.0, "competition", "bertrand").rd_subsidy > 0


@settings(max_examples=50, deadline=None)
@given(n=st.integers(2, 10), beta=st.floats(0, 1), gamma=st.floats(5, 100))
def test_optimal_rd_subsidy_matches_chapter_5_at_substitution_one(n, beta, gamma):
    from clustercode.subsidy import optimal_subsidies

    assume(gamma > 1.01 * max(min_gamma(M, n, beta, r) for r in ("competition", "coordination")))
    for regime in ("competition", "coordination"):
        try:
            ref = optimal_subsidies(M, n, beta, gamma, regime, instruments=("rd",))
        except ValueError:
            continue
        new = optimal_rd_subsidy(M, n, beta, gamma, regime)
        assert new.rd_subsidy == pytest.approx(ref.rd_subsidy, rel=1e-9, abs=1e-12)
        assert new.rd == pytest.approx(ref.rd, rel=1e-9)


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize("d", [0.0, -0.1, 1.0000001, float("nan")])
def test_substitution_outside_its_range_is_refused(d):
    with pytest.raises(ValueError, match="substitution"):
        Market(100.0, 1.0, 60.0, substitution=d)


def test_bertrand_with_a_homogeneous_good_is_refused():
    with pytest.raises(ValueError, match="substitution < 1"):
        symmetric_equilibrium(M, 2, 0.5, 20.0, competition="bertrand")
    with pytest.raises(ValueError, match="substitution < 1"):
        min_gamma(M, 2, 0.5, competition="bertrand")
    with pytest.raises(ValueError, match="unknown competition"):
        symmetric_equilibrium(M, 2, 0.5, 20.0, competition="stackelberg")


@pytest.mark.parametrize("comp", ["cournot", "bertrand"])
@pytest.mark.parametrize("regime", REGIMES)
def test_min_gamma_is_the_exact_boundary(comp, regime):
    m = Market(M.a, M.b, M.A, substitution=0.6)
    g = min_gamma(m, 3, 0.3, regime, competition=comp)
    symmetric_equilibrium(m, 3, 0.3, g * 1.0001, regime, competition=comp)
    with pytest.raises(ValueError, match="requires"):
        symmetric_equilibrium(m, 3, 0.3, g * 0.9999, regime, competition=comp)


def test_threshold_validation():
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        coordination_threshold(1, 0.5)
    with pytest.raises(ValueError, match="substitution < 1"):
        coordination_threshold(2, 1.0, "bertrand")
    assert coordination_threshold(7, 1.0) == 0.5


def test_models_of_a_homogeneous_good_refuse_a_differentiated_market():
    from clustercode import optimal_subsidies, public_lab_equilibrium
    from clustercode.comparator import compare_instruments
    from clustercode.phases import CaseCalibration

    m = Market(100.0, 1.0, 60.0, substitution=0.5)
    for call in (lambda: optimal_subsidies(m, 2, 0.5, 20.0),
                 lambda: public_lab_equilibrium(m, n=3, beta=0.3, gamma=20.0, theta=0.5, gamma0=20.0),
                 lambda: compare_instruments(m, n=4, beta=0.4, gamma=10.0, budget=20.0),
                 lambda: CaseCalibration(market=m)):
        with pytest.raises(ValueError, match="homogeneous good"):
            call()


@pytest.mark.parametrize("comp", ["cournot", "bertrand"])
def test_operating_profit_is_the_profit_coefficient_times_output_squared(comp):
    import sympy as sp

    from clustercode import symbolic_differentiated as sd

    st_ = sd.second_stage(comp)
    B = sd.profit_coefficient(comp)
    for k in ("1", "2", "o"):
        assert sp.simplify(st_["op" + k] - B * st_["q" + k] ** 2) == 0


@pytest.mark.proposition("prop-rob-ranking")
@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 30), beta=st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)),
       delta=st.floats(0.05, 0.99), a_minus_A=st.floats(5.0, 100.0), b=st.floats(0.2, 5.0))
def test_venture_lead_with_expensive_rd_matches_the_equilibria(n, beta, delta, a_minus_A, b):
    """Bertrand: b^2 gamma (W_JV - W_comp)/M^2 tends to venture_lead_expensive_rd as gamma grows (error O(1/gamma)),
    so for expensive R&D the venture beats R&D competition exactly where the closed form is positive."""
    m = Market(60.0 + a_minus_A, b, 60.0, substitution=delta)
    floor = max(min_gamma(m, n, beta, r, competition="bertrand") for r in REGIMES)
    lead = venture_lead_expensive_rd(n, beta, delta)
    scaled = []
    for factor in (1e4, 1e5):
        g = factor * floor
        eq = compare_regimes(m, n, beta, g, competition="bertrand")
        scaled.append(b**2 * g * (eq["joint_venture"].welfare - eq["competition"].welfare) / a_minus_A**2)
        assert eq["joint_venture"].welfare >= eq["coordination"].welfare * (1 - 1e-12)
    # the error shrinks like 1/gamma: ten times the cost, a tenth of the error (up to rounding)
    err_lo, err_hi = abs(scaled[0] - lead), abs(scaled[1] - lead)
    assert err_hi <= 0.2 * err_lo + 1e-7 * max(1.0, abs(lead))
    if abs(lead) > 1e-6:
        assert np.sign(scaled[1]) == np.sign(lead)


@pytest.mark.proposition("prop-rob-ranking")
def test_venture_lead_signs_and_validation():
    """The closed form reproduces the counterexample (negative at delta = 0.95, n = 6, beta = 0.3) and the
    venture's lead with distant substitutes; refuses a homogeneous good and bad inputs."""
    assert venture_lead_expensive_rd(6, 0.3, 0.95) < 0 < venture_lead_expensive_rd(2, 0.3, 0.5)
    assert venture_lead_expensive_rd(6, 0.25, 0.9) > 0 > venture_lead_expensive_rd(6, 0.5, 0.9)  # not monotone in beta
    np.testing.assert_allclose(venture_lead_expensive_rd(np.array([2, 6]), 0.3, 0.95),
                               [venture_lead_expensive_rd(2, 0.3, 0.95), venture_lead_expensive_rd(6, 0.3, 0.95)])
    for kwargs, match in ((dict(substitution=1.0), "substitution must lie in"), (dict(beta=1.5), "beta must lie"),
                          (dict(n=1), "n must be")):
        args = dict(n=3, beta=0.3, substitution=0.5) | kwargs
        with pytest.raises(ValueError, match=match):
            venture_lead_expensive_rd(**args)


@pytest.mark.proposition("prop-rob-ranking")
def test_for_expensive_rd_the_venture_leads_at_every_spillover_below_delta_0_89():
    """The chapter's reading of the closed form: n = 2..50, beta on a grid, delta <= 0.88: L > 0; at 0.99 mostly < 0."""
    betas = np.linspace(0.0, 1.0, 401)
    for n in range(2, 51):
        for d in np.linspace(0.01, 0.88, 60):
            assert np.all(venture_lead_expensive_rd(n, betas, d) > 0)
        assert np.mean(venture_lead_expensive_rd(n, betas, 0.99) < 0) > 0.9
