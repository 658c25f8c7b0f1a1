"""The public research institute: closed forms vs a naive numeric solution, propositions, limits, validation."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize

from clustercode import Market, min_gamma, public_lab_equilibrium, symmetric_equilibrium
from clustercode import symbolic as S

from . import reference as ref
from .strategies import markets

M = Market(a=100.0, b=1.0, A=60.0)
b, n, beta, gamma, theta, phi = (S.SYMBOLS[k] for k in ("b", "n", "beta", "gamma", "theta", "phi"))


# ---------------------------------------------------------------- independent numeric check
def _naive(nf, bt, g, th, x0, allied, regime):
    """Firms' R&D and welfare (before the institute's cost) from the naive solver."""
    shares = np.full(nf, th)
    if allied:
        shares[0] = 1.0
    A = M.A - shares * x0  # each firm's cost before its own and rivals' R&D
    solve = ref.competition if regime == "competition" else ref.coordination
    x = solve(nf, M.a, M.b, A, bt, g)
    pi, q, price = ref.profits(x, M.a, M.b, A, bt, g)
    return x, q, pi, M.b * q.sum() ** 2 / 2 + pi.sum()


@pytest.mark.parametrize("configuration", ["independent", "allied"])
@pytest.mark.parametrize("regime", ["competition", "coordination"])
@pytest.mark.parametrize("nf,bt,th", [(2, 0.3, 0.4), (3, 0.7, 0.8)])
def test_closed_form_matches_best_responses_and_numeric_optimum(configuration, regime, nf, bt, th):
    g, g0, lam = 15.0, 25.0, 0.2
    allied = configuration == "allied"
    eq = public_lab_equilibrium(M, nf, bt, g, th, g0, configuration, regime, shadow_cost=lam)
    # firms' stage at the institute's optimum
    x, q, pi, _ = _naive(nf, bt, g, th, eq.lab_rd, allied, regime)
    np.testing.assert_allclose(x, eq.rd, rtol=1e-6)
    np.testing.assert_allclose(q, eq.output, rtol=1e-9)
    np.testing.assert_allclose(pi, eq.profit, rtol=1e-7)
    # the institute's stage: maximise welfare numerically over x0
    res = optimize.minimize_scalar(
        lambda x0: -(_naive(nf, bt, g, th, x0, allied, regime)[3] - (1 + lam) * g0 * x0**2 / 2),
        bounds=(0.0, 10.0), method="bounded", options={"xatol": 1e-8},
    )
    assert res.x == pytest.approx(eq.lab_rd, rel=1e-5)
    assert -res.fun == pytest.approx(eq.welfare, rel=1e-9)


# prop-ch5-crowd-in
@pytest.mark.parametrize("regime", ["competition", "coordination"])
@pytest.mark.parametrize("nf", [1, 2, 5])
@pytest.mark.proposition("prop-ch5-crowd-in")
def test_independent_institute_is_the_basic_model_with_a_lower_initial_cost(regime, nf):
    eq = public_lab_equilibrium(M, nf, 0.4, 20.0, 0.6, 30.0, "independent", regime, shadow_cost=0.1)
    base = symmetric_equilibrium(Market(M.a, M.b, M.A - 0.6 * eq.lab_rd), nf, 0.4, 20.0, regime)
    assert eq.partner_rd == pytest.approx(base.rd, rel=1e-12)
    assert eq.rival_rd == pytest.approx(base.rd, rel=1e-12)
    assert eq.partner_output == pytest.approx(base.output, rel=1e-12)
    assert eq.price == pytest.approx(base.price, rel=1e-12)
    assert eq.welfare == pytest.approx(base.welfare - 1.1 * 30.0 * eq.lab_rd**2 / 2, rel=1e-12)


# ---------------------------------------------------------------- limiting cases
@pytest.mark.parametrize("configuration", ["independent", "allied"])
@pytest.mark.parametrize("regime", ["competition", "coordination"])
def test_no_research_or_unusable_research_gives_the_basic_model(configuration, regime):
    base = symmetric_equilibrium(M, 3, 0.4, 20.0, regime)
    zero = public_lab_equilibrium(M, 3, 0.4, 20.0, 0.5, 30.0, configuration, regime, lab_rd=0.0)
    huge = public_lab_equilibrium(M, 3, 0.4, 20.0, 0.5, 1e12, configuration, regime)
    for eq, tol in ((zero, 1e-12), (huge, 1e-9)):
        assert eq.partner_rd == pytest.approx(base.rd, rel=tol)
        assert eq.rival_rd == pytest.approx(base.rd, rel=tol)
        assert eq.welfare == pytest.approx(base.welfare, rel=tol)
    unusable = public_lab_equilibrium(M, 3, 0.4, 20.0, 0.0, 30.0, "independent", regime)
    assert unusable.lab_rd == 0.0
    assert unusable.welfare == pytest.approx(base.welfare, rel=1e-12)


# ---------------------------------------------------------------- propositions
# prop-ch5-crowd-in
@pytest.mark.parametrize("objective", ["own", "joint"])
@pytest.mark.proposition("prop-ch5-crowd-in")
def test_independent_institute_crowds_firms_rd_in(objective):
    """Each firm's R&D rises with x0 at the rate theta * (its R&D per unit margin) > 0."""
    chain = S.lab_optimum(objective)
    slope = sp.factor(chain["rival_rd_slope"].subs(phi, theta))
    assert sp.simplify(chain["partner_rd_slope"].subs(phi, theta) - slope) == 0
    per_margin = sp.diff(S.rd_closed_form(objective).subs({S.SYMBOLS["sigma"]: 0}), S.SYMBOLS["a"])
    assert sp.simplify(slope - theta * per_margin) == 0


# prop-ch5-alliance
@pytest.mark.proposition("prop-ch5-alliance")
def test_alliance_crowds_rivals_out_under_the_stated_condition():
    """Competition: d x_rival / d x0 has the sign of b gamma (n+1)(2 theta - 1) - 2 (theta - beta)(n - (n-1) beta)."""
    chain = S.lab_optimum("own")
    slope = chain["rival_rd_slope"].subs(phi, 1)
    condition = b * gamma * (n + 1) * (2 * theta - 1) - 2 * (theta - beta) * (n - (n - 1) * beta)
    # ratio is 2 (n - (n-1) beta) / (D_asym D_sym) with both D > 0 on the valid region
    d_sym = b * gamma * (n + 1) ** 2 - 2 * (n - (n - 1) * beta) * (1 + (n - 1) * beta)
    d_asym = b * gamma * (n + 1) - 2 * (n - (n - 1) * beta) * (1 - beta)
    assert sp.simplify(slope - 2 * (n - (n - 1) * beta) * condition / (d_sym * d_asym)) == 0
    # and the numbers: theta < 1/2 with costly R&D crowds rivals out, theta > 1/2 crowds them in
    lo = public_lab_equilibrium(M, 3, 0.3, 40.0, 0.2, 30.0, "allied", lab_rd=np.array([0.0, 1.0]))
    hi = public_lab_equilibrium(M, 3, 0.3, 40.0, 0.8, 30.0, "allied", lab_rd=np.array([0.0, 1.0]))
    assert lo.rival_rd[1] < lo.rival_rd[0] and hi.rival_rd[1] > hi.rival_rd[0]
    assert lo.partner_rd[1] > lo.partner_rd[0] and hi.partner_rd[1] > hi.partner_rd[0]


@st.composite
def lab_points(draw):
    m = draw(markets)
    nf = draw(st.integers(2, 20))
    bt = draw(st.floats(0.0, 1.0))
    regime = draw(st.sampled_from(["competition", "coordination"]))
    g = min_gamma(m, nf, bt, regime) * draw(st.floats(1.01, 30.0))
    return m, nf, bt, g, draw(st.floats(0.0, 1.0)), draw(st.floats(0.1, 100.0)), regime


# prop-ch5-alliance
@settings(max_examples=80, deadline=None)
@given(point=lab_points(), lam=st.floats(0.0, 1.0), th=st.floats(0.0, 0.99))
@pytest.mark.proposition("prop-ch5-alliance")
def test_alliance_versus_independent_institute(point, lam, th):
    """With theta < 1 (at theta = 1 the two configurations coincide). The rivals' profit is the subject of
    the tests below: it has no sign in general."""
    m, nf, bt, g, _, g0, regime = point
    try:
        ind = public_lab_equilibrium(m, nf, bt, g, th, g0, "independent", regime, shadow_cost=lam)
        al = public_lab_equilibrium(m, nf, bt, g, th, g0, "allied", regime, shadow_cost=lam)
    except ValueError:
        assume(False)
    assert al.lab_rd > ind.lab_rd
    assert al.partner_rd > ind.partner_rd and al.partner_profit > ind.partner_profit
    assert al.welfare > ind.welfare


def _crowding(m, nf, bt, g, th):
    """Left minus right side of eq-ch5-crowd-out: > 0 iff the alliance crowds the rivals' R&D in."""
    return m.b * g * (nf + 1) * (2 * th - 1) - 2 * (th - bt) * (nf - (nf - 1) * bt)


# prop-ch5-alliance
@pytest.mark.proposition("prop-ch5-alliance")
def test_competing_rivals_profit_is_a_positive_multiple_of_their_output_squared():
    """Competition: a firm's FOC is gamma x_i = 2 (n - (n-1) beta) q_i / (n + 1), for any costs, so its profit is
    kappa q_i^2 with kappa = b - 2 (n - (n-1) beta)^2 / (gamma (n+1)^2), and kappa > 0 wherever both eigenvalue
    conditions of the R&D stage hold."""
    a, A, x0, xp, xr, xd = sp.symbols("a A x_0 x_p x_r x_d")
    tk = n - (n - 1) * beta
    # Cournot with a partner, one deviating rival and n - 2 other rivals (any unit-cost shift theta x0)
    cp = A - xp - beta * ((n - 2) * xr + xd) - x0
    cd = A - xd - beta * (xp + (n - 2) * xr) - theta * x0
    cr = A - xr - beta * (xp + xd + (n - 3) * xr) - theta * x0
    total = cp + cd + (n - 2) * cr
    qd = (a - (n + 1) * cd + total) / (b * (n + 1))
    assert sp.simplify(sp.diff(qd, xd) - tk / (b * (n + 1))) == 0  # own output response to own R&D
    q = sp.Symbol("q", positive=True)
    x_foc = 2 * tk * q / (gamma * (n + 1))  # root of d(b q^2 - gamma x^2/2)/dx = 2 q tk/(n+1) - gamma x
    kappa = b - 2 * tk**2 / (gamma * (n + 1) ** 2)
    assert sp.simplify(b * q**2 - gamma * x_foc**2 / 2 - kappa * q**2) == 0
    d_sym = b * gamma * (n + 1) ** 2 - 2 * tk * (1 + (n - 1) * beta)
    d_asym = b * gamma * (n + 1) - 2 * tk * (1 - beta)
    scaled = sp.expand(sp.cancel(kappa * gamma * (n + 1) ** 2))
    # beta >= 1/2: kappa gamma (n+1)^2 = D_sym + 2 tk (n-1)(2 beta - 1) >= D_sym > 0
    assert sp.expand(scaled - d_sym - 2 * tk * (n - 1) * (2 * beta - 1)) == 0
    # beta <= 1/2: kappa gamma (n+1)^2 = (n+1) D_asym + 2 tk (1 - 2 beta) >= (n+1) D_asym > 0
    assert sp.expand(scaled - (n + 1) * d_asym - 2 * tk * (1 - 2 * beta)) == 0
    # and the package's equilibria obey the FOC and the profit identity
    for configuration in ("independent", "allied"):
        eq = public_lab_equilibrium(M, 3, 0.3, 20.0, 0.4, 30.0, configuration)
        tk3 = 3 - 2 * 0.3
        np.testing.assert_allclose(20.0 * eq.rd, 2 * tk3 * eq.output / 4, rtol=1e-12)
        np.testing.assert_allclose(eq.profit, (M.b - 2 * tk3**2 / (20.0 * 16)) * eq.output**2, rtol=1e-12)


@st.composite
def competition_lab_points(draw):
    """Competition, every theta in [0, 1), gamma from just above its bound (where rivals can be crowded in)."""
    m = draw(markets)
    nf = draw(st.integers(2, 20))
    bt = draw(st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)))
    th = draw(st.one_of(st.just(0.0), st.floats(0.0, 0.99)))
    g = min_gamma(m, nf, bt, "competition") * draw(st.one_of(st.floats(1.0001, 1.5), st.floats(1.5, 30.0)))
    return m, nf, bt, g, th, draw(st.floats(0.01, 100.0)), draw(st.floats(0.0, 1.0))


# prop-ch5-alliance
@settings(max_examples=150, deadline=None)
@given(point=competition_lab_points())
@pytest.mark.proposition("prop-ch5-alliance")
def test_rivals_crowded_out_by_an_alliance_earn_less(point):
    """Competition: where eq-ch5-crowd-out fails (the rivals' R&D does not rise with x0), each rival earns less
    with an allied than with an independent institute; equal only when theta = 0 and the rivals' R&D slope is 0."""
    m, nf, bt, g, th, g0, lam = point
    try:
        ind = public_lab_equilibrium(m, nf, bt, g, th, g0, "independent", shadow_cost=lam)
        al = public_lab_equilibrium(m, nf, bt, g, th, g0, "allied", shadow_cost=lam)
    except ValueError:
        assume(False)
    delta = _crowding(m, nf, bt, g, th)
    scale = m.b * g * (nf + 1)
    assume(delta <= 1e-9 * scale)
    tol = 1e-9 * abs(ind.rival_profit)
    if th == 0.0 and abs(delta) <= 1e-9 * scale:
        assert al.rival_profit == pytest.approx(ind.rival_profit, rel=1e-6)
    else:
        assert al.rival_profit < ind.rival_profit + tol
        assert al.rival_output <= ind.rival_output * (1 + 1e-12)


# prop-ch5-alliance
@pytest.mark.proposition("prop-ch5-alliance")
@pytest.mark.parametrize("theta, gamma, rival_allied, rival_independent", [
    (0.4, 0.8, 197.978, 184.692),  # theta < 1/2: the old claim "rivals earn less when theta < 1/2" is false
    (0.0, 0.6, 494.332, 416.327),  # theta = 0, beta = 1: the old "profit unchanged" exception is false
])
def test_rivals_crowded_in_can_gain_from_an_alliance_even_with_theta_below_one_half(
        theta, gamma, rival_allied, rival_independent):
    """Market (120, 1, 100), n = 2, beta = 1, gamma0 = 10: eq-ch5-crowd-out holds (cheap R&D, full spillover)
    and each rival earns more with the allied institute. Checked against numeric best responses and a numeric
    maximisation of welfare over x0 (_naive_competition)."""
    m = Market(a=120.0, b=1.0, A=100.0)
    assert _crowding(m, 2, 1.0, gamma, theta) > 0
    al = public_lab_equilibrium(m, 2, 1.0, gamma, theta, 10.0, "allied")
    ind = public_lab_equilibrium(m, 2, 1.0, gamma, theta, 10.0, "independent")
    assert (al.rival_profit, ind.rival_profit) == (pytest.approx(rival_allied, abs=1e-3),
                                                   pytest.approx(rival_independent, abs=1e-3))
    for eq, allied in ((al, True), (ind, False)):
        x0, profit = _naive_competition(m, 2, 1.0, gamma, theta, 10.0, allied)
        assert x0 == pytest.approx(eq.lab_rd, rel=1e-4, abs=1e-6)
        np.testing.assert_allclose(profit, eq.profit, rtol=1e-5)


def _naive_competition(m, nf, bt, g, th, g0, allied):
    """The institute's research and firms' profits from numeric FOCs (a root finder, not the closed form) and
    a bounded scalar maximisation of welfare over x0. Best-response iteration does not converge this close to
    the stability bound, so the firms' stage solves the numeric first-order conditions."""
    def firms(x0):
        shares = np.full(nf, th)
        if allied:
            shares[0] = 1.0
        A = m.A - shares * x0

        def foc(x):
            return np.array([ref._derivative(lambda z, i=i: ref.profits(z, m.a, m.b, A, bt, g)[0][i], x, i)
                             for i in range(nf)])
        sol = optimize.root(foc, np.full(nf, 10.0), method="lm")
        assert np.max(np.abs(foc(sol.x))) < 1e-6
        pi, q, _ = ref.profits(sol.x, m.a, m.b, A, bt, g)
        return pi, m.b * q.sum() ** 2 / 2 + pi.sum()

    res = optimize.minimize_scalar(lambda x0: -(firms(x0)[1] - g0 * x0**2 / 2), bounds=(0.0, 100.0),
                                   method="bounded", options={"xatol": 1e-10})
    return res.x, firms(res.x)[0]


@pytest.mark.proposition("prop-ch5-alliance")
@pytest.mark.parametrize("regime", ["competition", "coordination"])
def test_a_spillover_below_one_half_does_not_protect_the_rivals(regime):
    """The statement 'rivals earn less when theta < 1/2 or beta < 1/2' was false: with beta = 0.441 < 1/2 and
    theta = 0.859 the rival earns more with an allied institute (486.54 against 479.67 under competition)."""
    args = dict(market=M, n=2, beta=0.441, gamma=6.21, theta=0.859, gamma0=2.019, regime=regime)
    al = public_lab_equilibrium(configuration="allied", **args)
    ind = public_lab_equilibrium(configuration="independent", **args)
    assert al.rival_profit > ind.rival_profit
    if regime == "competition":
        assert (al.rival_profit, ind.rival_profit) == (pytest.approx(486.5375, abs=1e-3), pytest.approx(479.6729, abs=1e-3))


# prop-ch5-alliance
@pytest.mark.proposition("prop-ch5-alliance")
def test_rivals_can_gain_from_an_alliance_when_spillover_and_theta_are_high():
    """theta = 3/4, beta = 1: the partner's extra R&D reaches the rivals in full."""
    m = Market(a=2.0, b=1.0, A=1.0)
    args = dict(n=2, beta=1.0, gamma=4 / 3, theta=0.75, gamma0=4.0, shadow_cost=1.0)
    al = public_lab_equilibrium(m, configuration="allied", **args)
    ind = public_lab_equilibrium(m, configuration="independent", **args)
    assert al.rival_profit > ind.rival_profit


@settings(max_examples=80, deadline=None)
@given(point=lab_points(), configuration=st.sampled_from(["independent", "allied"]))
def test_an_optimising_institute_never_lowers_welfare(point, configuration):
    m, nf, bt, g, th, g0, regime = point
    try:
        eq = public_lab_equilibrium(m, nf, bt, g, th, g0, configuration, regime)
    except ValueError:
        assume(False)
    base = symmetric_equilibrium(m, nf, bt, g, regime)
    assert eq.welfare >= base.welfare - 1e-9 * abs(base.welfare)
    assert eq.lab_rd >= 0


def test_vectorised_over_theta_equals_scalar_calls():
    thetas = np.linspace(0, 1, 5)
    vec = public_lab_equilibrium(M, 3, 0.3, 20.0, thetas, 30.0, "allied")
    for i, th in enumerate(thetas):
        one = public_lab_equilibrium(M, 3, 0.3, 20.0, th, 30.0, "allied")
        assert vec.rival_rd[i] == pytest.approx(one.rival_rd, rel=1e-12)
        assert vec.welfare[i] == pytest.approx(one.welfare, rel=1e-12)
    with pytest.raises(ValueError, match="per-firm arrays need scalar"):
        vec.rd


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(theta=1.2), "theta must lie in"),
        (dict(theta=-0.1), "theta must lie in"),
        (dict(gamma0=0.0), "gamma0 must be > 0"),
        (dict(gamma0=0.05), "gamma0 = 0.05 is too small.*no interior maximum.*gamma0 >"),
        (dict(gamma=0.5), "too small for the firms' R&D stage"),
        (dict(configuration="merged"), "configuration must be one of"),
        (dict(regime="sharing"), "regime must be one of"),
        (dict(n=1, configuration="allied"), "n must be an integer >= 2"),
        (dict(shadow_cost=-1.0), "shadow_cost must be >= 0"),
        (dict(lab_rd=-1.0), "lab_rd must be >= 0"),
        (dict(lab_rd=200.0, theta=0.0, configuration="allied"), "below zero"),
        (dict(market="M"), "market must be a Market"),
    ],
)
def test_validation(kwargs, match):
    args = dict(market=M, n=3, beta=0.3, gamma=20.0, theta=0.5, gamma0=30.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        public_lab_equilibrium(**args)


# prop-ch5-alliance
@settings(max_examples=60, deadline=None)
@given(point=lab_points(), dx=st.floats(0.01, 1.0))
@pytest.mark.proposition("prop-ch5-alliance")
def test_alliance_raises_the_partners_rd_and_rivals_follow_the_stated_condition(point, dx):
    m, nf, bt, g, th, g0, regime = point
    assume(regime == "competition")
    try:
        eq = public_lab_equilibrium(m, nf, bt, g, th, g0, "allied", lab_rd=np.array([0.0, dx]))
    except ValueError:
        assume(False)
    assert eq.partner_rd[1] > eq.partner_rd[0]
    delta = m.b * g * (nf + 1) * (2 * th - 1) - 2 * (th - bt) * (nf - (nf - 1) * bt)
    assume(abs(delta) > 1e-9 * m.b * g * (nf + 1))
    assert (eq.rival_rd[1] > eq.rival_rd[0]) == (delta > 0)


# ---------------------------------------------------------------- the alliance under coordination
@st.composite
def coordination_lab_points(draw):
    """Coordination, the whole valid region: gamma from just above its bound, gamma0 from just above the larger
    of the two configurations' concavity bounds, theta in [0, 1/2] with both ends."""
    from clustercode import _kernels

    m = draw(markets)
    nf = draw(st.integers(2, 40))
    bt = draw(st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0)))
    th = draw(st.one_of(st.just(0.0), st.just(0.5), st.floats(0.0, 0.5)))
    g = min_gamma(m, nf, bt, "coordination") * (1 + draw(st.one_of(st.floats(1e-6, 1e-2), st.floats(1e-2, 50.0))))
    lam = draw(st.one_of(st.just(0.0), st.floats(0.0, 2.0)))
    bound = max(float(_kernels.lab_optimum_joint(m.a, m.b, m.A, nf, bt, g, th, phi, 1.0, lam)[4]) for phi in (1.0, th))
    g0 = max(bound, 1e-6) * (1 + draw(st.one_of(st.floats(1e-6, 1e-2), st.floats(1e-2, 1e3))))
    return m, nf, bt, g, th, g0, lam


@settings(max_examples=200, deadline=None)
@given(point=coordination_lab_points())
@pytest.mark.proposition("prop-ch5-alliance-coordination")
def test_coordinating_rivals_lose_from_an_alliance_when_theta_is_at_most_one_half(point):
    m, nf, bt, g, th, g0, lam = point
    try:
        ind = public_lab_equilibrium(m, nf, bt, g, th, g0, "independent", "coordination", lam)
        al = public_lab_equilibrium(m, nf, bt, g, th, g0, "allied", "coordination", lam)
    except ValueError as err:  # only an equilibrium outside the interior may refuse
        assert "below zero" in str(err) or "too small" in str(err)
        assume(False)
    assert al.rival_profit < ind.rival_profit
    assert al.partner_profit > ind.partner_profit


@pytest.mark.proposition("prop-ch5-alliance-coordination")
@pytest.mark.parametrize("th, g0, rival_allied, rival_independent", [
    (0.70, 1.5, 369.851, 375.829),  # rivals lose
    (0.75, 1.5, 441.599, 429.185),  # rivals gain: theta above 1/2 and cheap public research
    (0.75, 2.0, 322.402, 334.268),  # rivals lose again when public research is dearer
])
def test_coordinating_rivals_can_gain_from_an_alliance_when_theta_exceeds_one_half(th, g0, rival_allied,
                                                                                   rival_independent):
    """n = 2, beta = 0.4, gamma = 16 (illustrative): the sign of the rivals' gain depends on theta and gamma0.
    Checked against the naive solver (joint-profit maximisation over both firms' R&D) and a numeric maximisation
    of welfare over x0."""
    for configuration, expected in (("allied", rival_allied), ("independent", rival_independent)):
        eq = public_lab_equilibrium(M, 2, 0.4, 16.0, th, g0, configuration, "coordination")
        assert eq.rival_profit == pytest.approx(expected, abs=1e-3)
        allied = configuration == "allied"
        res = optimize.minimize_scalar(
            lambda x0: -(_naive(2, 0.4, 16.0, th, x0, allied, "coordination")[3] - g0 * x0**2 / 2),
            bounds=(0.0, 200.0), method="bounded", options={"xatol": 1e-9},
        )
        assert res.x == pytest.approx(eq.lab_rd, rel=1e-5)
        _, _, pi, _ = _naive(2, 0.4, 16.0, th, res.x, allied, "coordination")
        assert pi[1] == pytest.approx(expected, rel=1e-5)
