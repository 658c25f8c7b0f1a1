"""The closed forms: derived correctly, equal to the literature, and equal to the generated code."""


import pytest
import sympy as sp

from clustercode import symbolic as S

a, b, A, n, beta, gamma, s, sigma = (S.SYMBOLS[k] for k in ("a", "b", "A", "n", "beta", "gamma", "s", "sigma"))
NO_POLICY = {s: 0, sigma: 0}


def test_duopoly_reproduces_dAspremont_Jacquemin_1988():
    # Equations (7) and (10) of d'Aspremont & Jacquemin (1988).
    x_nc = (a - A) * (2 - beta) / (sp.Rational(9, 2) * b * gamma - (2 - beta) * (1 + beta))
    x_c = (a - A) * (1 + beta) / (sp.Rational(9, 2) * b * gamma - (1 + beta) ** 2)
    assert sp.simplify(S.rd_closed_form("own").subs(NO_POLICY).subs(n, 2) - x_nc) == 0
    assert sp.simplify(S.rd_closed_form("joint").subs(NO_POLICY).subs(n, 2) - x_c) == 0


@pytest.mark.proposition("prop-ch4-half")
def test_cooperation_raises_rd_iff_beta_above_one_half_for_any_n():
    """x_joint - x_own = (2 beta - 1) P / (D_own D_joint) with P, D_own, D_joint > 0.

    D_r = b (n+1)^2 ((1 - sigma) gamma - symmetric bound of r) is positive on the
    valid region, and P = 2 b gamma (n-1)(n+1)^2 (1-sigma)(a-A+s) > 0 for n >= 2.
    """
    own, joint = S.rd_closed_form("own"), S.rd_closed_form("joint")
    d_own, d_joint = (
        b * (n + 1) ** 2 * (gamma * (1 - sigma) - S.gamma_lower_bound(o)[0]) for o in ("own", "joint")
    )
    positive = 2 * b * gamma * (n - 1) * (n + 1) ** 2 * (1 - sigma) * (a - A + s)
    assert sp.simplify(joint - own - (2 * beta - 1) * positive / (d_own * d_joint)) == 0


@pytest.mark.parametrize("k", [2, 3, 4])
def test_closed_forms_match_an_explicit_k_firm_derivation(k):
    """Solve the game with k explicit firms (no deviant-firm device) and compare."""
    xs = sp.symbols(f"y0:{k}", real=True)
    qs = sp.symbols(f"z0:{k}", real=True)
    costs = [A - xs[i] - beta * sum(xs[j] for j in range(k) if j != i) for i in range(k)]
    Q = sum(qs)
    sol = sp.solve([a - b * Q - b * qs[i] - costs[i] for i in range(k)], qs, dict=True)[0]
    prof = [b * sol[qs[i]] ** 2 - gamma * xs[i] ** 2 / 2 for i in range(k)]
    sym = {v: S.x for v in xs}
    own_foc = sp.diff(prof[0], xs[0]).subs(sym)
    joint_foc = sp.diff(sum(prof), xs[0]).subs(sym)
    for foc, objective in ((own_foc, "own"), (joint_foc, "joint")):
        (root,) = sp.solve(foc, S.x)
        assert sp.simplify(root - S.rd_closed_form(objective).subs(NO_POLICY).subs(n, k)) == 0


@pytest.mark.parametrize("k", [2, 3])
def test_eigenvalues_match_the_explicit_hessians(k):
    xs = sp.symbols(f"y0:{k}", real=True)
    qs = sp.symbols(f"z0:{k}", real=True)
    costs = [A - xs[i] - beta * sum(xs[j] for j in range(k) if j != i) for i in range(k)]
    sol = sp.solve([a - b * sum(qs) - b * qs[i] - costs[i] for i in range(k)], qs, dict=True)[0]
    prof = [b * sol[qs[i]] ** 2 - gamma * xs[i] ** 2 / 2 for i in range(k)]
    jac = sp.Matrix(k, k, lambda i, j: sp.diff(prof[i], xs[i], xs[j]))
    hess = sp.hessian(sum(prof), xs)
    for matrix, objective in ((jac, "own"), (hess, "joint")):
        expected = {sp.simplify(e.subs(NO_POLICY).subs(n, k)) for e in S.concavity_eigenvalues(objective)}
        got = {sp.simplify(e) for e in matrix.eigenvals()}
        assert got == expected


def test_gamma_bounds_have_the_documented_form():
    th, k = n - (n - 1) * beta, 1 + (n - 1) * beta
    own_sym, own_asym = S.gamma_lower_bound("own")
    joint_sym, joint_asym = S.gamma_lower_bound("joint")
    assert sp.simplify(own_sym - 2 * th * k / (b * (n + 1) ** 2)) == 0
    assert sp.simplify(own_asym - 2 * th * (1 - beta) / (b * (n + 1))) == 0
    assert sp.simplify(joint_sym - 2 * k**2 / (b * (n + 1) ** 2)) == 0
    assert sp.simplify(joint_asym - 2 * (1 - beta) ** 2 / b) == 0


@pytest.mark.parametrize("objective", ["own", "joint"])
def test_unit_cost_is_zero_at_its_bound_and_the_bound_dominates_the_symmetric_one(objective):
    g = S.gamma_bound_unit_cost(objective)
    cost = S.outcomes(objective)["unit_cost"]
    assert sp.simplify(cost.subs(gamma, g / (1 - sigma))) == 0
    ratio = sp.simplify(g.subs(sigma, 0) / S.gamma_lower_bound(objective)[0])
    assert sp.simplify(ratio - (a + s) / A) == 0


def test_outcomes_satisfy_cournot_independently():
    out = S.outcomes("own")
    c = out["unit_cost"]
    q = out["output"]
    price = out["price"]
    # the Cournot first-order condition P - (c - s) - b q = 0 holds at the closed forms
    assert sp.simplify(price - (c - s) - b * q) == 0
    # operating profit (P - c + s) q equals b q^2 (used in the derivation)
    assert sp.simplify((price - c + s) * q - b * q**2) == 0


def test_derive_returns_every_step():
    d = S.derive("joint")
    assert d.rd == S.rd_closed_form("joint")
    assert len(d.eigenvalues) == 2 and len(d.gamma_bounds) == 2
    with pytest.raises(ValueError, match="objective"):
        S.derive("cartel")


@pytest.mark.proposition("prop-ch4-sharing")
def test_sharing_identity_behind_the_free_riding_proposition():
    """theta k - n = (n-1)^2 beta (1-beta): competition's multiplier exceeds sharing's."""
    theta, k = n - (n - 1) * beta, 1 + (n - 1) * beta
    assert sp.expand(theta * k - n - (n - 1) ** 2 * beta * (1 - beta)) == 0
    # and the cost reduction is increasing in that multiplier t: d/dt [t / (C - 2t)] = C / (C - 2t)^2 > 0
    t, C = sp.symbols("t C", positive=True)
    assert sp.simplify(sp.diff(t / (C - 2 * t), t) - C / (C - 2 * t) ** 2) == 0
    eff_own = S.outcomes("own")["effective_rd"].subs({s: 0, sigma: 0})
    expected = 2 * (a - A) * theta * k / (b * gamma * (n + 1) ** 2 - 2 * theta * k)
    assert sp.simplify(eff_own - expected) == 0
