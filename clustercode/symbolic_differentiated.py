r"""Closed forms of the symmetric cluster with differentiated goods, Cournot or Bertrand.

The model of :mod:`clustercode.symbolic` with one change in the second stage.
Firm ``i`` sells its own variety at the inverse demand

.. math::

    p_i = a - b\Big(q_i + \delta \sum_{j \ne i} q_j\Big), \qquad 0 < \delta \le 1,

the linear demand of a representative consumer with quadratic utility
(Singh and Vives 1984 for two goods; :math:`\delta = 1` is the homogeneous
good of the rest of the book). In the second stage firms choose quantities
(``"cournot"``) or prices (``"bertrand"``, which needs :math:`\delta < 1`: with
perfect substitutes a price war leaves no margin to pay for R&D). Unit costs,
spillovers, R&D costs, subsidies and the four regimes are as in
:mod:`clustercode.symbolic`.

As there, the derivation keeps ``n`` symbolic with the two-deviant device:
firms 1 and 2 choose :math:`x_1, x_2`, the other :math:`n-2` a common ``x``;
the symmetric equilibrium sets :math:`x_1 = x_2 = x`, and the eigenvalues of
the (exchangeable) second-stage Jacobian or Hessian give the stability and
second-order bounds in every direction.

In both kinds of competition a firm's operating profit is a multiple of its
output squared, :math:`B q_i^2`, with :math:`B = b` under Cournot and
:math:`B = b(1-\delta)(1+(n-1)\delta)/(1+(n-2)\delta)` under Bertrand (the
first-order condition for the price makes the margin :math:`p_i - c_i + s = B q_i`).

The numeric code is generated from these expressions into
``clustercode._kernels_differentiated`` (run
``python -m clustercode.symbolic_differentiated``); the test suite checks that
the file is up to date.

References
----------
Singh, N. and Vives, X. (1984). Price and quantity competition in a
differentiated duopoly. *RAND Journal of Economics* 15(4).

Qiu, L. D. (1997). On the dynamic efficiency of Bertrand and Cournot
equilibria. *Journal of Economic Theory* 75(1), 213-229.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from .symbolic import A, a, b, beta, gamma, lam, n, s, sigma, x, x1, x2

__all__ = [
    "COMPETITION",
    "delta",
    "second_stage",
    "profit_coefficient",
    "stage_one_profits",
    "first_order_condition",
    "rd_closed_form",
    "eigenvalues",
    "gamma_bounds",
    "OUTCOME_NAMES",
    "outcomes_given_rd",
    "implied_rd_subsidy",
    "optimal_rd_subsidy_closed_form",
    "rd_marginal_value",
    "welfare_in_instruments",
    "optimal_subsidies_closed_form",
    "optimal_output_subsidy_closed_form",
    "kernel_source",
    "write_kernels",
]

#: Kinds of second-stage competition.
COMPETITION = ("cournot", "bertrand")

#: The substitution parameter between varieties.
delta = sp.Symbol("delta", positive=True)

_OBJECTIVES = ("own", "joint")


def _check(competition: str, objective: str | None = None) -> None:
    if competition not in COMPETITION:
        raise ValueError(f"competition must be one of {COMPETITION}, got {competition!r}")
    if objective is not None and objective not in _OBJECTIVES:
        raise ValueError(f"objective must be one of {_OBJECTIVES}, got {objective!r}")


def _costs():
    c1 = A - x1 - beta * (x2 + (n - 2) * x)
    c2 = A - x2 - beta * (x1 + (n - 2) * x)
    co = A - x - beta * (x1 + x2 + (n - 3) * x)
    return c1, c2, co


@cache
def second_stage(competition: str = "cournot") -> dict[str, sp.Expr]:
    r"""Second-stage quantities and operating profits of firms 1, 2 and a representative other.

    Returns
    -------
    dict
        ``q1``, ``q2``, ``qo`` (quantities) and ``op1``, ``op2``, ``opo``
        (operating profits :math:`(p_i - c_i + s) q_i`, subsidy included) as
        functions of the R&D levels :math:`x_1, x_2, x`.

    Notes
    -----
    Cournot: the first-order conditions :math:`a - b(2q_i + \delta\sum_{j\ne i}
    q_j) - (c_i - s) = 0`. Bertrand: direct demand is the inverse of the
    inverse demand system; the first-order condition for the price is
    :math:`q_i + (p_i - c_i + s)\,\partial q_i/\partial p_i = 0`.
    """
    _check(competition)
    c1, c2, co = _costs()
    if competition == "cournot":
        q1, q2, qo = sp.symbols("q_1 q_2 q_o")

        def foc(q, others, c):
            return a - b * (2 * q + delta * others) - (c - s)

        sol = sp.solve(
            [foc(q1, q2 + (n - 2) * qo, c1), foc(q2, q1 + (n - 2) * qo, c2), foc(qo, q1 + q2 + (n - 3) * qo, co)],
            [q1, q2, qo], dict=True,
        )[0]
        Q = {k: sp.factor(sol[v]) for k, v in (("q1", q1), ("q2", q2), ("qo", qo))}
        return {**Q, "op1": b * Q["q1"] ** 2, "op2": b * Q["q2"] ** 2, "opo": b * Q["qo"] ** 2}
    p1, p2, po = sp.symbols("p_1 p_2 p_o")
    h = 1 / (b * (1 - delta) * (1 + (n - 1) * delta))
    own = 1 + (n - 2) * delta

    def demand(p, others):  # others: sum over j != i of (a - p_j)
        return h * (own * (a - p) - delta * others)

    d1 = demand(p1, (a - p2) + (n - 2) * (a - po))
    d2 = demand(p2, (a - p1) + (n - 2) * (a - po))
    do = demand(po, (a - p1) + (a - p2) + (n - 3) * (a - po))
    slope = -h * own
    sol = sp.solve(
        [d1 + (p1 - c1 + s) * slope, d2 + (p2 - c2 + s) * slope, do + (po - co + s) * slope],
        [p1, p2, po], dict=True,
    )[0]
    out = {}
    for k, d, p, c in (("1", d1, p1, c1), ("2", d2, p2, c2), ("o", do, po, co)):
        q = sp.factor(d.subs(sol))
        out["q" + k] = q
        out["op" + k] = sp.factor((sol[p] - c + s) * q)
    return out


def profit_coefficient(competition: str = "cournot") -> sp.Expr:
    r"""The :math:`B` with operating profit :math:`B q_i^2` in the second-stage equilibrium."""
    _check(competition)
    if competition == "cournot":
        return b
    return b * (1 - delta) * (1 + (n - 1) * delta) / (1 + (n - 2) * delta)


@cache
def stage_one_profits(competition: str = "cournot") -> dict[str, sp.Expr]:
    """Profits net of the firm's share of R&D cost: ``{"own": pi_1, "joint": sum of all n}``."""
    st = second_stage(competition)
    keep = (1 - sigma) * gamma / 2
    p1 = st["op1"] - keep * x1**2
    p2 = st["op2"] - keep * x2**2
    po = st["opo"] - keep * x**2
    return {"own": p1, "joint": p1 + p2 + (n - 2) * po}


@cache
def first_order_condition(competition: str = "cournot", objective: str = "own") -> sp.Expr:
    """Marginal profit of firm 1's R&D at the symmetric point, an expression in ``x``."""
    _check(competition, objective)
    pi = stage_one_profits(competition)[objective]
    return sp.factor(sp.diff(pi, x1).subs({x1: x, x2: x}))


@cache
def rd_closed_form(competition: str = "cournot", objective: str = "own") -> sp.Expr:
    """Symmetric equilibrium R&D per firm; objective ``own`` (competition, sharing) or ``joint``."""
    (sol,) = sp.solve(first_order_condition(competition, objective), x)
    return sp.factor(sol)


@cache
def eigenvalues(competition: str = "cournot", objective: str = "own") -> tuple[sp.Expr, sp.Expr]:
    """(symmetric, asymmetric) eigenvalues of the Jacobian of marginal profits (own) or the Hessian (joint)."""
    _check(competition, objective)
    pi = stage_one_profits(competition)
    if objective == "own":
        g = sp.diff(pi["own"], x1)
        d, e = sp.diff(g, x1), sp.diff(g, x2)
    else:
        d, e = sp.diff(pi["joint"], x1, 2), sp.diff(pi["joint"], x1, x2)
    return sp.factor(sp.simplify(d + (n - 1) * e)), sp.factor(sp.simplify(d - e))


@cache
def gamma_bounds(competition: str = "cournot", objective: str = "own") -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    r"""Lower bounds on :math:`(1-\sigma)\gamma`: symmetric eigenvalue, asymmetric eigenvalue, unit cost >= 0.

    The first two make both eigenvalues of :func:`eigenvalues` negative; the
    third keeps the real unit cost :math:`A - (1+(n-1)\beta)x` non-negative.
    """
    out = []
    for eig in eigenvalues(competition, objective):
        (g,) = sp.solve(sp.Eq(eig.subs(sigma, 0), 0), gamma)
        out.append(sp.factor(g))
    xs = rd_closed_form(competition, objective)
    g = sp.Symbol("g", positive=True)
    cost = (A - (1 + (n - 1) * beta) * xs).subs(gamma, g / (1 - sigma))
    (root,) = sp.solve(sp.Eq(sp.numer(sp.together(cost)), 0), g)
    out.append(sp.factor(root))
    return tuple(out)


#: Names of the outcomes of :func:`outcomes_given_rd`, in computation order.
OUTCOME_NAMES = (
    "effective_rd", "unit_cost", "output", "price",
    "profit", "consumer_surplus", "outlay", "welfare",
)


@cache
def outcomes_given_rd(competition: str = "cournot") -> dict[str, sp.Expr]:
    r"""Every symmetric outcome as a function of R&D per firm ``x`` (a chain, as in :mod:`clustercode.symbolic`).

    Consumer surplus is that of the quadratic-utility consumer,
    :math:`\tfrac b2\big(\sum_i q_i^2 + \delta\sum_{i\ne j} q_iq_j\big)`, which is
    :math:`\tfrac b2 nq^2(1 + (n-1)\delta)` at symmetry.
    """
    st = second_stage(competition)
    at = {x1: x, x2: x}
    eff, c, q, price, profit, cs, outlay = (sp.Symbol(k) for k in OUTCOME_NAMES[:-1])
    q_sym = sp.factor(st["q1"].subs(at))
    # q_sym is (a - A + s + k x) / D: rewrite it through the unit cost c.
    D = sp.factor((a - A + s + (1 + (n - 1) * beta) * x) / q_sym)
    assert sp.simplify(sp.diff(D, x)) == 0 and sp.simplify(sp.diff(D, a)) == 0
    return {
        "effective_rd": (1 + (n - 1) * beta) * x,
        "unit_cost": A - eff,
        "output": (a - c + s) / D,
        "price": a - b * q * (1 + (n - 1) * delta),
        "profit": (price - c + s) * q - (1 - sigma) * gamma * x**2 / 2,
        "consumer_surplus": b * n * q**2 * (1 + (n - 1) * delta) / 2,
        "outlay": n * (s * q + sigma * gamma * x**2 / 2),
        "welfare": cs + n * profit - (1 + lam) * outlay,
    }


def _explicit(chain: dict) -> dict:
    out: dict[str, sp.Expr] = {}
    for name, expr in chain.items():
        out[name] = sp.sympify(expr).subs({sp.Symbol(k): v for k, v in out.items()})
    return out


@cache
def implied_rd_subsidy(competition: str = "cournot", objective: str = "own") -> sp.Expr:
    """The R&D subsidy under which ``x`` is the symmetric equilibrium R&D (solving the FOC for sigma)."""
    (sol,) = sp.solve(first_order_condition(competition, objective), sigma)
    return sp.factor(sol)


@cache
def optimal_rd_subsidy_closed_form(competition: str = "cournot", objective: str = "own") -> dict[str, sp.Expr]:
    r"""The welfare-maximising R&D subsidy (no output subsidy) in closed form.

    Welfare is a quadratic in the induced R&D ``x`` once :math:`\sigma` is
    replaced by :func:`implied_rd_subsidy`. Returns ``x`` (the optimal R&D),
    ``sigma`` (the subsidy rate that induces it; negative is a tax) and
    ``curvature`` (the second derivative of welfare in ``x``; the optimum is a
    maximum when it is negative).
    """
    W = _explicit(outcomes_given_rd(competition))["welfare"].subs(s, 0)
    W = sp.expand(sp.cancel(W.subs(sigma, implied_rd_subsidy(competition, objective).subs(s, 0))))
    curv = sp.factor(sp.diff(W, x, 2))
    (xs,) = sp.solve(sp.diff(W, x), x)
    xs = sp.factor(xs)
    sig = sp.factor(implied_rd_subsidy(competition, objective).subs({s: 0}).subs(x, xs))
    return {"x": xs, "sigma": sig, "curvature": curv}


@cache
def rd_marginal_value(competition: str = "cournot", objective: str = "own") -> sp.Expr:
    r"""The :math:`m` with :math:`(1-\sigma)\gamma x = m\,q` at the symmetric equilibrium.

    The first-order condition for R&D at a symmetric point sets the firm's
    share of the marginal R&D cost equal to the marginal operating profit of
    firm 1's R&D (its own, or the cluster's under the ``joint`` objective),
    which is output times a constant: :math:`2Bq\,\partial q_1/\partial x_1`
    for ``own``. This returns that constant; it depends on
    :math:`(b, n, \beta, \delta)` only.
    """
    _check(competition, objective)
    st, at = second_stage(competition), {x1: x, x2: x}
    q = sp.factor(st["q1"].subs(at))
    ops = st["op1"] if objective == "own" else st["op1"] + st["op2"] + (n - 2) * st["opo"]
    m = sp.factor(sp.diff(ops, x1).subs(at) / q)
    assert not m.free_symbols & {a, A, s, x, gamma, sigma}, m
    return m


#: Names of the coefficients of :func:`welfare_in_instruments`, in chain order.
_WELFARE_COEFFICIENTS = ("profit_coef", "rd_value", "effective", "output_den", "surplus_coef")


def _welfare_coefficients(competition: str, objective: str) -> dict[str, sp.Expr]:
    """The constants of the symmetric outcome: ``q = (a - A + s + effective x)/output_den`` and the rest."""
    q = sp.factor(second_stage(competition)["q1"].subs({x1: x, x2: x}))
    k = 1 + (n - 1) * beta
    den = sp.factor((a - A + s + k * x) / q)
    assert not den.free_symbols & {a, A, s, x}, den
    return dict(zip(_WELFARE_COEFFICIENTS, (profit_coefficient(competition), rd_marginal_value(competition, objective),
                                             k, den, b * (1 + (n - 1) * delta))))


def welfare_in_instruments(competition: str = "cournot", objective: str = "own", symbolic_coefficients: bool = False):
    r"""Welfare as a polynomial of degree two in the output subsidy ``s`` and the induced R&D ``x``.

    With :math:`q = (a - A + s + kx)/D`, :math:`k = 1+(n-1)\beta`, operating
    profit :math:`Bq^2` (:func:`profit_coefficient`), consumer surplus
    :math:`\tfrac12 Cnq^2` with :math:`C = b(1+(n-1)\delta)`, and the R&D
    subsidy eliminated through :math:`(1-\sigma)\gamma x = mq`
    (:func:`rd_marginal_value`), so that the subsidy bill
    :math:`\sigma\gamma x^2/2 = \gamma x^2/2 - mqx/2`:

    .. math::

        W = n\Big[\big(\tfrac C2 + B\big)q^2 - \tfrac12 mqx
            - (1+\lambda)\big(sq + \tfrac12\gamma x^2 - \tfrac12 mqx\big)\Big].

    This is :func:`outcomes_given_rd`'s welfare with :math:`\sigma` replaced by
    :func:`implied_rd_subsidy`, assembled from its parts instead of simplified
    whole (which takes minutes); ``tests/test_differentiated.py``
    checks the two agree. With ``symbolic_coefficients=True`` the constants
    ``B, m, k, D, C`` stay symbols (named as in the chain of
    :func:`optimal_subsidies_closed_form`); otherwise they are substituted.
    """
    _check(competition, objective)
    coef = _welfare_coefficients(competition, objective)
    B, m, k, D, C = (sp.Symbol(name) for name in _WELFARE_COEFFICIENTS)
    q = (a - A + s + k * x) / D
    W = n * ((C / 2 + B) * q**2 - m * q * x / 2 - (1 + lam) * (s * q + gamma * x**2 / 2 - m * q * x / 2))
    if not symbolic_coefficients:
        W = W.subs({sp.Symbol(name): v for name, v in coef.items()})
    return sp.expand(W)


@cache
def optimal_subsidies_closed_form(competition: str = "cournot", objective: str = "own") -> dict[str, sp.Expr]:
    r"""The welfare-maximising output and R&D subsidies used together, in closed form.

    Welfare is a quadratic in ``(s, x)`` (:func:`welfare_in_instruments`), so
    its stationary point solves a linear system. Returns a chain (an entry may
    use the symbols named by the entries before it; the generated kernel
    evaluates it in order): the constants ``profit_coef`` :math:`B`,
    ``rd_value`` :math:`m`, ``effective`` :math:`k`, ``output_den`` :math:`D`,
    ``surplus_coef`` :math:`C`; then ``s`` and ``x`` (the optimum), ``sigma``
    (the R&D subsidy that induces ``x`` given ``s``, :math:`1 - mq/(\gamma x)`;
    negative is a tax), ``curvature`` (:math:`\partial^2W/\partial s^2`) and
    ``det`` (the determinant of the Hessian in ``(s, x)``). The stationary
    point is the maximum exactly when ``curvature < 0`` and ``det > 0``.

    With :math:`\lambda = 0` the optimum is the best symmetric allocation:
    price equals unit cost and :math:`\gamma x = (1+(n-1)\beta)q`.
    """
    coef = _welfare_coefficients(competition, objective)
    W = welfare_in_instruments(competition, objective, symbolic_coefficients=True)
    sol = sp.solve([sp.diff(W, s), sp.diff(W, x)], [s, x], dict=True)[0]
    hess = sp.hessian(W, (s, x))
    B, m, k, D, C = (sp.Symbol(name) for name in _WELFARE_COEFFICIENTS)
    xs, ss = sp.Symbol("x"), sp.Symbol("s")
    return {
        **coef,
        "s": sp.factor(sol[s]),
        "x": sp.factor(sol[x]),
        "sigma": 1 - m * (a - A + ss + k * xs) / (D * gamma * xs),
        "curvature": sp.factor(hess[0, 0]),
        "det": sp.factor(hess.det()),
    }


@cache
def optimal_output_subsidy_closed_form(competition: str = "cournot", objective: str = "own") -> dict[str, sp.Expr]:
    r"""The welfare-maximising output subsidy used alone (no R&D subsidy), in closed form.

    With :math:`\sigma = 0` the firms' first-order condition is :math:`\gamma x = mq`
    (:func:`rd_marginal_value`) and :math:`q = (a - A + s + kx)/D`, so R&D and
    output are linear in the subsidy,

    .. math::

        x = \frac{m\,(a - A + s)}{E}, \qquad q = \frac{\gamma\,(a - A + s)}{E},
        \qquad E = D\gamma - mk,

    and welfare (:func:`welfare_in_instruments` with ``x`` tied to ``s``) is a
    quadratic in ``s``. Its stationary point, solved by SymPy and checked here
    against the form below, is

    .. math::

        s^* = (a - A)\,\frac{(1+\lambda)E - G}{G - 2(1+\lambda)E},
        \qquad G = (C + 2B)\gamma - m^2,

    with second derivative :math:`\partial^2 W/\partial s^2 = n\gamma\,(G - 2(1+\lambda)E)/E^2`.

    Returns
    -------
    dict
        A chain (an entry may use the symbols named by the entries before it):
        the constants ``profit_coef`` :math:`B`, ``rd_value`` :math:`m`,
        ``effective`` :math:`k`, ``output_den`` :math:`D`, ``surplus_coef``
        :math:`C` of :func:`welfare_in_instruments`; ``rd_den`` :math:`E`
        (positive exactly when the symmetric eigenvalue of the firms' R&D stage
        is negative); ``surplus_gain`` :math:`G`; then ``s`` (the optimum;
        negative is a tax), ``x`` (the R&D it induces) and ``curvature``. The
        stationary point is the maximum exactly when ``curvature < 0``.

    Notes
    -----
    Three consequences, used by the book's Chapter 4 (part 3): the subsidised
    margin is :math:`a - A + s^* = (a-A)(1+\lambda)E/(2(1+\lambda)E - G)`,
    positive at an interior maximum with :math:`E > 0`;
    :math:`\partial s^*/\partial\lambda = -(a-A)EG/(G - 2(1+\lambda)E)^2`; and
    :math:`s^* > 0` exactly when :math:`(1+\lambda)E < G`.
    """
    coef = _welfare_coefficients(competition, objective)
    B, m, k, D, C = (sp.Symbol(name) for name in _WELFARE_COEFFICIENTS)
    W = welfare_in_instruments(competition, objective, symbolic_coefficients=True)
    E, G = D * gamma - m * k, (C + 2 * B) * gamma - m**2
    W = sp.cancel(W.subs(x, m * (a - A + s) / E))
    (sol,) = sp.solve(sp.diff(W, s), s)
    curv = sp.diff(W, s, 2)
    E_, G_, s_ = sp.symbols("rd_den surplus_gain s")
    s_star = (a - A) * ((1 + lam) * E_ - G_) / (G_ - 2 * (1 + lam) * E_)
    curvature = n * gamma * (G_ - 2 * (1 + lam) * E_) / E_**2
    at = {E_: E, G_: G}
    assert sp.simplify(sol - s_star.subs(at)) == 0 and sp.simplify(curv - curvature.subs(at)) == 0
    return {**coef, "rd_den": E, "surplus_gain": G, "s": s_star, "x": m * (a - A + s_) / E_, "curvature": curvature}


# --------------------------------------------------------------------------
# Numeric kernels: generated from these closed forms by clustercode.codegen
# --------------------------------------------------------------------------
def kernel_source() -> str:
    """Source text of ``clustercode._kernels_differentiated`` (deprecated here: ``clustercode.codegen``)."""
    import warnings

    from . import codegen

    warnings.warn("clustercode.symbolic_differentiated.kernel_source moved to "
                  "clustercode.codegen.differentiated_kernel_source", DeprecationWarning, stacklevel=2)
    return codegen.differentiated_kernel_source()


def write_kernels(path=None) -> str:
    """Write ``clustercode/_kernels_differentiated.py`` (deprecated here: ``clustercode.codegen.write_kernels``)."""
    from . import codegen

    return codegen.write_kernels(path, which="differentiated")


if __name__ == "__main__":  # pragma: no cover - ``python -m clustercode.symbolic_differentiated`` still works
    print("wrote", write_kernels())
