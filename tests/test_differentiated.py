"""Differentiated goods, Cournot and Bertrand: an independent numeric solution, propositions, validation."""

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
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


# ---------------------------------------------------------------- both instruments
from clustercode.differentiated import optimal_subsidies_differentiated  # noqa: E402

#: The cases of the numeric checks of the optimal policies: every regime, both modes of
#: competition at two substitutions each, with and without a shadow cost.
POLICY_CASES = [(comp, regime, d, lam) for comp, d in (("cournot", 0.6), ("cournot", 1.0), ("bertrand", 0.5),
                                                       ("bertrand", 0.9))
                for regime in REGIMES for lam in (0.0, 0.3)]


def _welfare_loss(m, n, beta, gamma, regime, policy, comp):
    """Minus equilibrium welfare under ``policy``, or 1e9 where the equilibrium is refused (for scipy)."""
    try:
        return -symmetric_equilibrium(m, n, beta, gamma, regime, policy, comp).welfare
    except ValueError:
        return 1e9


@pytest.mark.parametrize("comp,regime,d,lam", POLICY_CASES)
def test_both_instruments_match_a_numeric_maximisation_of_welfare(comp, regime, d, lam):
    """scipy maximises equilibrium welfare over (s, sigma) with symmetric_equilibrium; the closed form agrees."""
    m = Market(M.a, M.b, M.A, substitution=d)
    n, beta, gamma = 3, 0.4, 25.0
    opt = optimal_subsidies_differentiated(m, n, beta, gamma, regime, comp, shadow_cost=lam)
    assert opt.rd_subsidy > 0 and opt.equilibrium is not None

    def loss(v):
        s, sig = v
        if not 0 <= sig < 0.99:
            return 1e9
        return _welfare_loss(m, n, beta, gamma, regime, Policy(s, sig, lam), comp)

    res = optimize.minimize(loss, [0.0, 0.0], method="Nelder-Mead",
                            options=dict(xatol=1e-10, fatol=1e-12, maxiter=20000, maxfev=20000))
    np.testing.assert_allclose(res.x, [opt.output_subsidy, opt.rd_subsidy], rtol=1e-5, atol=1e-6)
    assert -res.fun <= opt.welfare * (1 + 1e-12)
    np.testing.assert_allclose(opt.equilibrium.welfare, opt.welfare, rtol=1e-10)
    np.testing.assert_allclose(opt.equilibrium.rd, opt.rd, rtol=1e-10)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 12), beta=st.floats(0, 1), factor=st.floats(1.0, 30.0), lam=st.sampled_from([0.0, 0.2, 1.0]),
       regime=st.sampled_from(REGIMES))
def test_both_instruments_at_substitution_one_match_chapter_5(n, beta, factor, lam, regime):
    from clustercode.subsidy import optimal_subsidies

    gamma = factor * max(1.0, (1 + (n - 1) * beta) ** 2) * 1.05
    try:
        ref = optimal_subsidies(M, n, beta, gamma, regime, instruments=("output", "rd"), shadow_cost=lam)
    except ValueError:
        assume(False)
    new = optimal_subsidies_differentiated(M, n, beta, gamma, regime, shadow_cost=lam)
    for f in ("output_subsidy", "rd_subsidy", "rd", "welfare"):
        assert getattr(new, f) == pytest.approx(getattr(ref, f), rel=1e-9, abs=1e-9)


@st.composite
def both_points(draw, competition):
    """Any n, spillover, substitution; gamma from the smallest value at which the optimum exists, upward."""
    d = draw(st.floats(0.01, 1.0 if competition == "cournot" else 0.99))
    m = Market(a=draw(st.floats(61.0, 300.0)), b=draw(st.floats(0.1, 5.0)), A=60.0, substitution=d)
    n, beta = draw(st.integers(2, 20)), draw(st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)))
    regime = draw(st.sampled_from(REGIMES))
    k = 1 + (n - 1) * (1.0 if regime in ("sharing", "joint_venture") else beta)
    floor = k**2 / (m.b * (1 + (n - 1) * d))  # the optimum needs b gamma (1 + (n-1) delta) > k^2
    return m, n, beta, floor * draw(st.floats(1.0001, 50.0)), regime


def _planner_welfare(qv, xv, m, beta, gamma):
    """Total surplus of an allocation (q_i, x_i) from the primitives: utility minus production and R&D costs."""
    d, n = m.substitution, len(qv)
    c = m.A - xv - beta * (xv.sum() - xv)
    utility = m.a * qv.sum() - m.b / 2 * (qv @ ((1 - d) * np.eye(n) + d * np.ones((n, n))) @ qv)
    return utility - c @ qv - gamma * (xv**2).sum() / 2


@pytest.mark.proposition("prop-rob-first-best")
@settings(max_examples=200, deadline=None)
@given(comp=st.sampled_from(["cournot", "bertrand"]), data=st.data())
def test_proposition_both_instruments_reach_the_best_symmetric_allocation(comp, data):
    m, n, beta, gamma, regime = data.draw(both_points(comp))
    try:
        opt = optimal_subsidies_differentiated(m, n, beta, gamma, regime, comp)
    except ValueError as err:  # only the firms' stability bound or a negative unit cost may refuse
        assert "stability" in str(err) or "unit cost is negative" in str(err)
        return
    spill = 1.0 if regime in ("sharing", "joint_venture") else beta
    k, C, M_ = 1 + (n - 1) * spill, m.b * (1 + (n - 1) * m.substitution), m.a - m.A
    q_fb = M_ * gamma / (C * gamma - k**2)  # the planner's symmetric optimum, solved from the primitives
    assert opt.output == pytest.approx(q_fb, rel=1e-8)
    assert opt.rd == pytest.approx(k * q_fb / gamma, rel=1e-8)
    assert opt.price == pytest.approx(opt.unit_cost, rel=1e-9, abs=1e-9 * M_)
    # the first best over all allocations iff b gamma (1 - delta) >= (1 - beta)^2
    qv, xv = np.full(n, opt.output), np.full(n, opt.rd)
    w0 = _planner_welfare(qv, xv, m, spill, gamma)
    assert w0 == pytest.approx(opt.welfare, rel=1e-9)
    gap = m.b * gamma * (1 - m.substitution) - (1 - spill) ** 2
    hess_asym = np.array([[-m.b * (1 - m.substitution), 1 - spill], [1 - spill, -gamma]])
    lam_max, vec = np.linalg.eigh(hess_asym)
    if gap < -1e-9 * max(1.0, m.b * gamma):
        assert lam_max[-1] > 0
        dq, dx = vec[:, -1]
        e = np.zeros(n)
        e[0], e[1] = 1.0, -1.0
        t = 1e-3 * min(opt.output, opt.rd, opt.unit_cost / k if opt.unit_cost > 0 else 1.0) / max(abs(dq), abs(dx))
        if t > 0:
            assert _planner_welfare(qv + t * dq * e, xv + t * dx * e, m, spill, gamma) > w0
    elif gap > 1e-9 * max(1.0, m.b * gamma):
        assert lam_max[-1] < 0  # with the symmetric block (det > 0) the planner's problem is concave
        rng = np.random.default_rng(n)
        for _ in range(5):
            dq, dx = rng.normal(size=(2, n))
            assert _planner_welfare(qv + dq, xv + dx, m, spill, gamma) <= w0 * (1 + 1e-12)


@pytest.mark.proposition("prop-rob-first-best")
def test_with_a_homogeneous_good_the_symmetric_optimum_is_not_the_first_best():
    """delta = 1, beta < 1: moving output and R&D from one firm to another raises welfare."""
    opt = optimal_subsidies_differentiated(M, 3, 0.5, 20.0)
    qv, xv = np.full(3, opt.output), np.full(3, opt.rd)
    e = np.array([1.0, -1.0, 0.0])
    w0 = _planner_welfare(qv, xv, M, 0.5, 20.0)
    assert _planner_welfare(qv + 1.0 * e, xv, M, 0.5, 20.0) >= w0 - 1e-9  # flat along output with delta = 1
    assert _planner_welfare(qv + 1.0 * e, xv + (1 - 0.5) / 20.0 * e, M, 0.5, 20.0) > w0 + 1e-3
    # at the boundary b gamma (1 - delta) = (1 - beta)^2 the symmetric optimum is still a maximum
    m = Market(100.0, 1.0, 60.0, substitution=0.9)
    g = (1 - 0.2) ** 2 / (1 - 0.9)
    opt = optimal_subsidies_differentiated(m, 2, 0.2, g, competition="bertrand")
    qv, xv = np.full(2, opt.output), np.full(2, opt.rd)
    w0 = _planner_welfare(qv, xv, m, 0.2, g)
    for dq, dx in ((1.0, 0.1), (1.0, (1 - 0.2) / g), (-0.3, 0.2)):
        e = np.array([1.0, -1.0])
        assert _planner_welfare(qv + dq * e, xv + dx * e, m, 0.2, g) <= w0 + 1e-9 * abs(w0)


def _sigma_both(comp, regime, n, beta, d):
    """The displayed closed forms of the R&D subsidy with both instruments and no shadow cost."""
    if regime in ("sharing", "joint_venture"):
        beta = 1.0
    if regime in ("coordination", "joint_venture"):
        return d * (n - 1) / (2 + (n - 1) * d) if comp == "cournot" else d * (n - 1) / (2 + (n - 3) * d)
    k = 1 + (n - 1) * beta
    if comp == "cournot":
        return (n - 1) * (4 * beta + (n - 1) * beta * d * (2 - d) - d**2) / ((2 - d) * k * (2 + (n - 1) * d))
    num = (n - 1) * (beta * ((n - 1) * (2 * n - 5) * d**2 + 2 * (3 * n - 5) * d + 4) + d**2)
    return num / (k * (2 + (n - 3) * d) * (2 + (2 * n - 3) * d))


@pytest.mark.proposition("prop-rob-both-sign")
@settings(max_examples=200, deadline=None)
@given(comp=st.sampled_from(["cournot", "bertrand"]), data=st.data())
def test_proposition_sign_of_the_rd_subsidy_with_both_instruments(comp, data):
    m, n, beta, gamma, regime = data.draw(both_points(comp))
    from clustercode import _kernels_differentiated as kd
    from clustercode.symmetric import _regime

    objective, pooled = _regime(regime)
    spill = 1.0 if pooled else beta
    s, sig, x, curv, det = getattr(kd, f"optimal_both_{comp}_{objective}")(m.a, m.b, m.A, n, spill, gamma, 0.0,
                                                                          m.substitution)
    d = m.substitution
    assert sig == pytest.approx(_sigma_both(comp, regime, n, beta, d), rel=1e-9, abs=1e-12)
    assert s > 0  # the output subsidy is the second stage's markup
    threshold = d**2 / (4 + (n - 1) * d * (2 - d))
    if comp == "bertrand" or regime != "competition":
        assert sig > 0
    elif abs(beta - threshold) > 1e-9:
        assert (sig < 0) == (beta < threshold)
    try:
        opt = optimal_subsidies_differentiated(m, n, beta, gamma, regime, comp)
    except ValueError:
        return
    assert opt.rd_subsidy == pytest.approx(sig, rel=1e-12, abs=1e-15)
    assert (opt.equilibrium is None) == (opt.rd_subsidy < 0)


@pytest.mark.proposition("prop-rob-both-sign")
def test_cournot_competition_with_both_instruments_taxes_rd_below_the_threshold():
    m = Market(100.0, 1.0, 60.0, substitution=0.8)
    t = 0.8**2 / (4 + 4 * 0.8 * 1.2)   # n = 5
    below = optimal_subsidies_differentiated(m, 5, 0.5 * t, 20.0)
    assert below.rd_subsidy < 0 and below.equilibrium is None
    at = optimal_subsidies_differentiated(m, 5, t, 20.0)
    assert at.rd_subsidy == pytest.approx(0.0, abs=1e-12)
    assert optimal_subsidies_differentiated(m, 5, 0.5 * t, 20.0, competition="bertrand").rd_subsidy > 0


def test_both_instruments_validation():
    m = Market(100.0, 1.0, 60.0, substitution=0.5)
    with pytest.raises(ValueError, match="not strictly concave"):
        optimal_subsidies_differentiated(m, 3, 1.0, 1.0)
    with pytest.raises(ValueError, match="substitution < 1"):
        optimal_subsidies_differentiated(M, 3, 0.3, 20.0, competition="bertrand")
    with pytest.raises(ValueError, match="beta must lie"):
        optimal_subsidies_differentiated(m, 3, 1.3, 20.0)
    with pytest.raises(ValueError, match="shadow_cost"):
        optimal_subsidies_differentiated(m, 3, 0.3, 20.0, shadow_cost=-1.0)
    with pytest.raises(ValueError, match="market must be a Market"):
        optimal_subsidies_differentiated("m", 3, 0.3, 20.0)


@pytest.mark.parametrize("comp", ["cournot", "bertrand"])
@pytest.mark.parametrize("objective", ["own", "joint"])
def test_welfare_in_instruments_is_the_chain_welfare_with_the_implied_subsidy(comp, objective):
    """The assembled quadratic equals outcomes_given_rd's welfare with sigma from the first-order condition."""
    import sympy as sp

    from clustercode import symbolic_differentiated as sd
    from clustercode.symbolic import SYMBOLS

    sym = {k: SYMBOLS[k] for k in ("a", "b", "A", "n", "beta", "gamma", "lambda", "s", "x", "sigma")}
    R = sp.Rational
    for pt in ({"a": 107, "b": R(3, 2), "A": 60, "n": 4, "beta": R(3, 10), "gamma": 17, "lambda": R(1, 5),
                "s": R(5, 2), "x": R(13, 10)},
               {"a": 90, "b": R(1, 3), "A": 50, "n": 2, "beta": 0, "gamma": 40, "lambda": 0, "s": -3, "x": R(1, 7)}):
        for d in (R(7, 10), R(1, 4)):
            at = {sym[k]: v for k, v in pt.items()} | {sd.delta: d}
            chain = {k: sp.sympify(v).subs(at) for k, v in sd.outcomes_given_rd(comp).items()}
            values = {}
            for name, expr in chain.items():
                values[name] = expr.subs({sp.Symbol(k): v for k, v in values.items()})
            sig = sd.implied_rd_subsidy(comp, objective).subs(at)
            slow = sp.nsimplify(values["welfare"].subs(sym["sigma"], sig))
            fast = sd.welfare_in_instruments(comp, objective).subs(at)
            assert sp.simplify(slow - fast) == 0


# ---------------------------------------------------------------- the output subsidy alone
from clustercode.differentiated import optimal_output_subsidy  # noqa: E402


@pytest.mark.parametrize("comp,regime,d,lam", POLICY_CASES)
def test_output_subsidy_alone_matches_a_numeric_maximisation_of_welfare(comp, regime, d, lam):
    """scipy maximises equilibrium welfare over s with symmetric_equilibrium; the closed form agrees."""
    m = Market(M.a, M.b, M.A, substitution=d)
    n, beta, gamma = 3, 0.1, 25.0
    opt = optimal_output_subsidy(m, n, beta, gamma, regime, comp, shadow_cost=lam)

    def loss(s):
        return _welfare_loss(m, n, beta, gamma, regime, Policy(output_subsidy=s, shadow_cost=lam), comp)

    res = optimize.minimize_scalar(loss, bounds=(-(m.a - m.A) + 1e-6, 2 * (m.a - m.A)), method="bounded",
                                   options=dict(xatol=1e-10))
    assert res.x == pytest.approx(opt.output_subsidy, rel=1e-6, abs=1e-6)
    assert -res.fun <= opt.welfare * (1 + 1e-12)
    np.testing.assert_allclose(opt.equilibrium.welfare, opt.welfare, rtol=1e-10)
    np.testing.assert_allclose([opt.equilibrium.rd, opt.equilibrium.output, opt.equilibrium.price],
                               [opt.rd, opt.output, opt.price], rtol=1e-10)
    assert opt.equilibrium.policy.rd_subsidy == 0.0


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 12), beta=st.floats(0, 1), factor=st.floats(1.0, 30.0), lam=st.sampled_from([0.0, 0.2, 1.0]),
       regime=st.sampled_from(REGIMES))
def test_output_subsidy_alone_at_substitution_one_matches_chapter_5(n, beta, factor, lam, regime):
    from clustercode.subsidy import optimal_subsidies

    gamma = factor * max(1.0, (1 + (n - 1) * beta) ** 2) * 1.05
    try:
        ref = optimal_subsidies(M, n, beta, gamma, regime, instruments=("output",), shadow_cost=lam)
    except ValueError:
        assume(False)
    try:
        new = optimal_output_subsidy(M, n, beta, gamma, regime, shadow_cost=lam)
    except ValueError as err:  # Chapter 5's closed form does not check the price; the equilibrium does
        assert "below zero" in str(err)
        with pytest.raises(ValueError, match="below zero"):
            symmetric_equilibrium(M, n, beta, gamma, regime, Policy(output_subsidy=ref.output_subsidy))
        return
    for f in ("output_subsidy", "rd", "welfare"):
        assert getattr(new, f) == pytest.approx(getattr(ref, f), rel=1e-9, abs=1e-9)


@st.composite
def output_points(draw, competition):
    """Any n <= 40, spillover, substitution; gamma from just above the larger of its two bounds, upward.

    The bounds: the firms' (min_gamma without a subsidy) and the concavity of welfare in s,
    G < 2(1 + lambda)E, where E and G are linear in gamma (read off the kernel at two values).
    """
    from clustercode import _kernels_differentiated as kd
    from clustercode.symmetric import _regime

    d = draw(st.one_of(st.just(1.0), st.floats(0.01, 1.0)) if competition == "cournot" else st.floats(0.01, 0.999))
    m = Market(a=draw(st.floats(61.0, 300.0)), b=draw(st.floats(0.1, 5.0)), A=60.0, substitution=d)
    n, beta = draw(st.integers(1, 40)), draw(st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)))
    regime, lam = draw(st.sampled_from(REGIMES)), draw(st.one_of(st.just(0.0), st.floats(1e-3, 2.0)))
    objective, pooled = _regime(regime)
    spill = 1.0 if pooled else beta
    f = getattr(kd, f"optimal_output_{competition}_{objective}")
    with np.errstate(all="ignore"):  # only E and G are read; s may divide by zero at these gammas
        (E1, G1), (E2, G2) = (f(*np.float64([m.a, m.b, m.A, n, spill, g, lam, d]))[3:] for g in (1.0, 2.0))
    slope = (G2 - G1) - 2 * (1 + lam) * (E2 - E1)  # G - 2(1 + lambda)E = slope * gamma + level
    g_concave = -(G1 - 2 * (1 + lam) * E1 - slope) / slope if slope < 0 else 0.0
    floor = max(float(min_gamma(m, n, beta, regime, competition=competition)), g_concave)
    factor = draw(st.one_of(st.floats(1.0 + 1e-9, 1.01), st.floats(1.0, 50.0)))
    return m, n, beta, floor * factor, regime, lam


def _refused_for_a_named_reason(err):
    return any(k in str(err) for k in ("stability", "interior maximum", "unit cost is negative", "below zero"))


@pytest.mark.proposition("prop-rob-output-alone")
@settings(max_examples=300, deadline=None)
@given(comp=st.sampled_from(["cournot", "bertrand"]), data=st.data())
def test_proposition_output_subsidy_alone_is_positive_and_falls_with_the_shadow_cost(comp, data):
    m, n, beta, gamma, regime, lam = data.draw(output_points(comp))
    try:
        opt0 = optimal_output_subsidy(m, n, beta, gamma, regime, comp)
        opt = optimal_output_subsidy(m, n, beta, gamma, regime, comp, shadow_cost=lam)
    except ValueError as err:
        assert _refused_for_a_named_reason(err), err
        event("refused")
        return
    event("solved")
    d, M_ = m.substitution, m.a - m.A
    assert opt0.output_subsidy > 0
    # at lambda = 0 price exceeds unit cost exactly when firms' R&D incentive exceeds the planner's
    spill = 1.0 if regime in ("sharing", "joint_venture") else beta
    threshold = d**2 / (4 + (n - 1) * d * (2 - d))
    gap = opt0.price - opt0.unit_cost
    if n >= 2 and comp == "cournot" and regime == "competition" and abs(spill - threshold) > 1e-9:
        assert (gap > 0) == (spill < threshold)
    elif n >= 2 and regime != "competition" or comp == "bertrand" and n >= 2:
        assert gap < 0
    else:  # one firm, or exactly at the threshold: own and social R&D incentives coincide
        assert gap == pytest.approx(0.0, abs=1e-6 * M_)
    # a higher shadow cost lowers it; it is a tax exactly above lambda = G/E - 1
    from clustercode import _kernels_differentiated as kd
    from clustercode.symmetric import _regime

    objective = _regime(regime)[0]
    s, x, curv, E, G = kd.__dict__[f"optimal_output_{comp}_{objective}"](m.a, m.b, m.A, n, spill, gamma, lam, d)
    assert s == pytest.approx(opt.output_subsidy, rel=1e-12, abs=1e-12)
    assert E > 0 and G > E
    if abs(lam - (G / E - 1)) > 1e-9:
        assert (opt.output_subsidy < 0) == (lam > G / E - 1)
    if lam > 0:
        assert opt.output_subsidy < opt0.output_subsidy
    try:
        higher = optimal_output_subsidy(m, n, beta, gamma, regime, comp, shadow_cost=lam + 0.1)
    except ValueError as err:  # a larger shadow cost never breaks concavity; the firms' bound may bind
        assert "stability" in str(err) or "unit cost" in str(err), err
        return
    assert higher.output_subsidy < opt.output_subsidy


@pytest.mark.proposition("prop-rob-output-alone")
@pytest.mark.parametrize("comp", ["cournot", "bertrand"])
@pytest.mark.parametrize("objective", ["own", "joint"])
def test_output_subsidy_alone_signs_symbolic(comp, objective):
    """The identities behind the proof: C + 2B - D = B, the derivative in lambda, the price gap, m and k."""
    import sympy as sp

    from clustercode import symbolic_differentiated as sd
    from clustercode.symbolic import A, a, beta, gamma, lam, n

    chain = sd.optimal_output_subsidy_closed_form(comp, objective)
    B, m, k, D, C = (chain[name] for name in ("profit_coef", "rd_value", "effective", "output_den", "surplus_coef"))
    assert sp.simplify(C + 2 * B - D - B) == 0
    # E > 0 is the symmetric stability condition: the symmetric eigenvalue of the R&D stage is -E/D
    from clustercode.symbolic import sigma, x1

    assert sp.simplify(sd.eigenvalues(comp, objective)[0].subs(sigma, 0) * D + (D * gamma - m * k)) == 0
    if objective == "own":  # the firm's second-order condition is 2 B gamma > m^2
        d2 = sp.diff(sd.stage_one_profits(comp)["own"], x1, 2).subs(sigma, 0)
        assert sp.simplify(d2 - (m**2 / (2 * B) - gamma)) == 0
    else:  # the cluster's marginal value of R&D: m = 2 B k / D
        assert sp.simplify(m - 2 * B * k / D) == 0
    E, G = sp.symbols("E G", positive=True)
    s = chain["s"].subs({sp.Symbol("rd_den"): E, sp.Symbol("surplus_gain"): G})
    M_ = a - A
    assert sp.simplify(sp.diff(s, lam) + M_ * E * G / (G - 2 * (1 + lam) * E) ** 2) == 0
    assert sp.simplify(M_ + s - M_ * (1 + lam) * E / (2 * (1 + lam) * E - G)) == 0
    # at lambda = 0: s* - B q* = c* - p* = -M m (m - k) / (2E - G), with q = gamma (M + s) / E
    Bs, ms, ks = sp.symbols("B m k")
    s0 = s.subs(lam, 0)
    q0 = gamma * (M_ + s0) / E
    gap = (s0 - Bs * q0).subs(G, Bs * gamma - ms * (ms - ks) + E)  # G - E = B gamma - m (m - k)
    assert sp.simplify(gap + M_ * ms * (ms - ks) / (2 * E - (Bs * gamma - ms * (ms - ks) + E))) == 0
    # signs of m, m - k and m - 2k at n >= 2, beta in [0, 1] (its ends included), delta in (0, 1]
    t, nn, bb = sp.symbols("t nn bb", positive=True)
    sub = {sd.delta: t, n: nn + 2, beta: bb}
    rng = np.random.default_rng(0)
    for _ in range(200):
        pt = {t: rng.uniform(1e-6, 1), nn: int(rng.integers(0, 39)), bb: rng.choice([0.0, 1.0, rng.uniform()])}
        mv, kv = float(m.subs(sub).subs(pt)), float(k.subs(sub).subs(pt))
        assert mv > 0 and mv < 2 * kv
        if objective == "joint" or comp == "bertrand":
            assert mv < kv
