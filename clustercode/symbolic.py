r"""Closed forms of the symmetric cluster model, derived with SymPy.

This module is the one place where the algebra of the symmetric model lives.
Everything numeric in :mod:`clustercode.symmetric` is generated from the
expressions derived here, and the book's derivation appendix displays the same
steps. This module only derives; the code generator that turns the
expressions into ``clustercode/_kernels.py`` is ``clustercode.codegen``
(run ``python -m clustercode.codegen``).

The model
---------
``n`` identical firms face inverse demand :math:`P = a - bQ`. Firm ``i`` has
unit cost :math:`c_i = A - x_i - \beta \sum_{j \ne i} x_j` and R&D cost
:math:`\gamma x_i^2 / 2`. An output subsidy :math:`s` per unit lowers the
firm's effective marginal cost to :math:`c_i - s`; an R&D subsidy pays the
share :math:`\sigma` of R&D cost. Stage 1: R&D. Stage 2: Cournot quantities.

The derivation uses the *deviant-firm* device, which keeps ``n`` symbolic:
firm 1 chooses :math:`x_1` while the other :math:`n-1` firms choose a common
:math:`x`; the symmetric equilibrium is the fixed point :math:`x_1 = x`.
Second-order and stability conditions need a second deviant: firms 1 and 2
choose :math:`x_1, x_2`, the remaining :math:`n-2` a common :math:`x`. The
Hessian (or Jacobian) of an exchangeable ``n``-player problem has the form
:math:`d I + e (J - I)`, whose eigenvalues are :math:`d + (n-1) e` (the
symmetric direction) and :math:`d - e` (every asymmetric direction), so the
two-deviant parametrisation gives every eigenvalue with ``n`` symbolic.

References
----------
d'Aspremont, C. and Jacquemin, A. (1988). Cooperative and noncooperative R&D
in duopoly with spillovers. *American Economic Review* 78(5), 1133-1137.

Henriques, I. (1990). Cooperative and noncooperative R&D in duopoly with
spillovers: Comment. *American Economic Review* 80(3), 638-640.

Kamien, M. I., Muller, E. and Zang, I. (1992). Research joint ventures and
R&D cartels. *American Economic Review* 82(5), 1293-1306.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

__all__ = [
    "SYMBOLS",
    "cournot_quantities",
    "deviant_profits",
    "rd_first_order_condition",
    "rd_closed_form",
    "concavity_eigenvalues",
    "gamma_lower_bound",
    "gamma_bound_unit_cost",
    "outcomes",
    "Derivation",
    "derive",
    "outcomes_given_rd",
    "implied_rd_subsidy",
    "welfare_in_instruments",
    "INSTRUMENTS",
    "optimal_policy_closed_form",
    "explicit",
    "lab_cournot_quantities",
    "lab_rd_closed_form",
    "lab_outcomes_given_rd",
    "lab_welfare",
    "lab_optimum",
    "kernel_source",
    "write_kernels",
]

# --------------------------------------------------------------------------
# Symbols
# --------------------------------------------------------------------------
a, b, A = sp.symbols("a b A", positive=True)
n = sp.Symbol("n", positive=True)
beta = sp.Symbol("beta", nonnegative=True)
gamma = sp.Symbol("gamma", positive=True)
s = sp.Symbol("s", real=True)  # output subsidy per unit
sigma = sp.Symbol("sigma", nonnegative=True)  # share of R&D cost subsidised
lam = sp.Symbol("lambda", nonnegative=True)  # shadow cost of public funds
x, x1, x2 = sp.symbols("x x_1 x_2", real=True)
q1, q2, qo = sp.symbols("q_1 q_2 q_o", real=True)
# public research institute
x0 = sp.Symbol("x_0", nonnegative=True)  # the institute's research
gamma0 = sp.Symbol("gamma_0", positive=True)  # its cost parameter
theta = sp.Symbol("theta", nonnegative=True)  # share of x0 that reaches a firm
phi = sp.Symbol("phi", nonnegative=True)  # share of x0 that reaches the partner firm

#: The symbols of the model, by name, for users of the closed forms.
SYMBOLS = {
    "a": a, "b": b, "A": A, "n": n, "beta": beta, "gamma": gamma,
    "s": s, "sigma": sigma, "lambda": lam, "x": x, "x_1": x1, "x_2": x2,
    "x_0": x0, "gamma_0": gamma0, "theta": theta, "phi": phi,
}

_OBJECTIVES = ("own", "joint")


def _check_objective(objective: str) -> None:
    if objective not in _OBJECTIVES:
        raise ValueError(f"objective must be one of {_OBJECTIVES}, got {objective!r}")


# --------------------------------------------------------------------------
# Stage 2: Cournot
# --------------------------------------------------------------------------
def cournot_quantities(deviants: int = 1) -> dict[sp.Symbol, sp.Expr]:
    r"""Cournot quantities of the deviant firm(s) and of a representative other.

    Parameters
    ----------
    deviants : {1, 2}
        Number of firms whose R&D differs from the common level ``x``.

    Returns
    -------
    dict
        ``{q_1: ..., q_o: ...}`` (and ``q_2`` when ``deviants == 2``), each a
        function of the R&D levels, solving the Cournot first-order conditions
        :math:`a - bQ - b q_i - (c_i - s) = 0`.
    """
    if deviants == 1:
        c1 = A - x1 - beta * (n - 1) * x
        co = A - x - beta * (x1 + (n - 2) * x)
        Q = q1 + (n - 1) * qo
        focs = [a - b * Q - b * q1 - (c1 - s), a - b * Q - b * qo - (co - s)]
        sol = sp.solve(focs, [q1, qo], dict=True)[0]
    elif deviants == 2:
        c1 = A - x1 - beta * (x2 + (n - 2) * x)
        c2 = A - x2 - beta * (x1 + (n - 2) * x)
        co = A - x - beta * (x1 + x2 + (n - 3) * x)
        Q = q1 + q2 + (n - 2) * qo
        focs = [
            a - b * Q - b * q1 - (c1 - s),
            a - b * Q - b * q2 - (c2 - s),
            a - b * Q - b * qo - (co - s),
        ]
        sol = sp.solve(focs, [q1, q2, qo], dict=True)[0]
    else:
        raise ValueError(f"deviants must be 1 or 2, got {deviants!r}")
    return {k: sp.factor(v) for k, v in sol.items()}


def deviant_profits(deviants: int = 1) -> dict[str, sp.Expr]:
    r"""Profits, net of the firm's share of R&D cost, with Cournot quantities.

    In a Cournot equilibrium with linear demand a firm's operating profit is
    :math:`(P - c_i + s) q_i = b q_i^2`; the firm pays :math:`(1-\sigma)` of
    its R&D cost :math:`\gamma x_i^2 / 2`.

    Returns
    -------
    dict
        ``{"own": pi_1, "joint": Pi}`` where ``Pi`` is the sum of all ``n``
        firms' profits (the objective of an R&D cartel).
    """
    q = cournot_quantities(deviants)
    keep = 1 - sigma
    if deviants == 1:
        p1 = b * q[q1] ** 2 - keep * gamma * x1**2 / 2
        po = b * q[qo] ** 2 - keep * gamma * x**2 / 2
        return {"own": p1, "joint": p1 + (n - 1) * po}
    p1 = b * q[q1] ** 2 - keep * gamma * x1**2 / 2
    p2 = b * q[q2] ** 2 - keep * gamma * x2**2 / 2
    po = b * q[qo] ** 2 - keep * gamma * x**2 / 2
    return {"own": p1, "joint": p1 + p2 + (n - 2) * po}


# --------------------------------------------------------------------------
# Stage 1: R&D
# --------------------------------------------------------------------------
def rd_first_order_condition(objective: str = "own") -> sp.Expr:
    r"""First-order condition for firm 1's R&D, evaluated at symmetry.

    Parameters
    ----------
    objective : {"own", "joint"}
        ``"own"``: firm 1 maximises its own profit (R&D competition);
        ``"joint"``: firm 1's R&D is chosen to maximise the cluster's joint
        profit (R&D coordination, a cartel).

    Returns
    -------
    sympy.Expr
        :math:`\partial \pi / \partial x_1` at :math:`x_1 = x`, an expression in
        ``x`` that is zero at the symmetric equilibrium.
    """
    _check_objective(objective)
    profit = deviant_profits(1)[objective]
    return sp.factor(sp.diff(profit, x1).subs(x1, x))


@cache
def rd_closed_form(objective: str = "own") -> sp.Expr:
    r"""Symmetric equilibrium R&D per firm, as a closed form.

    With :math:`\tilde\gamma = (1-\sigma)\gamma` and spillover :math:`\beta`,

    .. math::

        x^{\text{own}} = \frac{2 (a - A + s)\,(n - (n-1)\beta)}
                        {b \tilde\gamma (n+1)^2 - 2 (n - (n-1)\beta)(1 + (n-1)\beta)},

        x^{\text{joint}} = \frac{2 (a - A + s)\,(1 + (n-1)\beta)}
                        {b \tilde\gamma (n+1)^2 - 2 (1 + (n-1)\beta)^2}.

    For ``n = 2`` and no policy these are the noncooperative and cooperative R&D of
    d'Aspremont and Jacquemin (1988). Setting :math:`\beta = 1` gives the
    R&D of the *sharing* and *joint venture* regimes.
    """
    foc = rd_first_order_condition(objective)
    (sol,) = sp.solve(foc, x)
    return sp.factor(sol)


def concavity_eigenvalues(objective: str = "own") -> tuple[sp.Expr, sp.Expr]:
    r"""Eigenvalues of the R&D stage's second-order (Jacobian or Hessian) matrix.

    For ``objective="own"`` the matrix is the Jacobian of the vector of
    marginal profits :math:`(\partial\pi_i/\partial x_i)_i` with respect to
    :math:`(x_j)_j`; for ``"joint"`` it is the Hessian of joint profit. Both
    are constant (the stage-1 payoffs are quadratic) and of the form
    :math:`d I + e (J - I)`.

    Returns
    -------
    (symmetric, asymmetric) : tuple of sympy.Expr
        :math:`d + (n-1)e` and :math:`d - e`. The equilibrium is a strict
        maximum and locally stable under gradient adjustment when both are
        negative. For ``"own"`` with ``n = 2`` this is the stability condition
        of Henriques (1990); the firm's own second-order condition
        :math:`d < 0` is implied.
    """
    _check_objective(objective)
    profits = deviant_profits(2)
    if objective == "own":
        grad = sp.diff(profits["own"], x1)
        d = sp.diff(grad, x1)
        e = sp.diff(grad, x2)
    else:
        d = sp.diff(profits["joint"], x1, 2)
        e = sp.diff(profits["joint"], x1, x2)
    return sp.factor(sp.simplify(d + (n - 1) * e)), sp.factor(sp.simplify(d - e))


@cache
def gamma_lower_bound(objective: str = "own") -> tuple[sp.Expr, sp.Expr]:
    r"""The bounds that :math:`(1-\sigma)\gamma` must exceed, per eigenvalue.

    Returns
    -------
    (symmetric, asymmetric) : tuple of sympy.Expr
        Solving each eigenvalue of :func:`concavity_eigenvalues` for
        :math:`\gamma` at :math:`\sigma = 0`:

        * ``"own"``: :math:`\frac{2(n-(n-1)\beta)(1+(n-1)\beta)}{b(n+1)^2}` and
          :math:`\frac{2(n-(n-1)\beta)(1-\beta)}{b(n+1)}`;
        * ``"joint"``: :math:`\frac{2(1+(n-1)\beta)^2}{b(n+1)^2}` and
          :math:`\frac{2(1-\beta)^2}{b}`.

        The symmetric bound is also the one that keeps the denominator of
        :func:`rd_closed_form` positive. The asymmetric bound applies only when
        :math:`n \ge 2`.
    """
    out = []
    for eig in concavity_eigenvalues(objective):
        (g,) = sp.solve(sp.Eq(eig.subs(sigma, 0), 0), gamma)
        out.append(sp.factor(g))
    return out[0], out[1]


@cache
def gamma_bound_unit_cost(objective: str = "own") -> sp.Expr:
    r"""The value of :math:`(1-\sigma)\gamma` at which the unit cost reaches zero.

    Equilibrium R&D falls as :math:`\gamma` rises, so the real unit cost
    :math:`c = A - (1+(n-1)\beta)x` is non-negative exactly when
    :math:`(1-\sigma)\gamma` is at least this bound. It equals the symmetric
    bound of :func:`gamma_lower_bound` times :math:`(a + s)/A`, hence is the
    binding one of the two whenever :math:`a + s > A`.
    """
    xs = rd_closed_form(objective)
    g = sp.Symbol("g", positive=True)
    cost = (A - (1 + (n - 1) * beta) * xs).subs(gamma, g / (1 - sigma))
    (root,) = sp.solve(sp.Eq(sp.numer(sp.together(cost)), 0), g)
    return sp.factor(root)


#: Names of the outcomes of :func:`outcomes_given_rd`, in computation order.
OUTCOME_NAMES = (
    "effective_rd", "unit_cost", "output", "price",
    "profit", "consumer_surplus", "outlay", "welfare",
)


def outcomes_given_rd() -> dict[str, sp.Expr]:
    r"""Every outcome as a function of R&D per firm :math:`x` (the same for all regimes).

    Each entry may use the symbols of the entries before it (``effective_rd``,
    ``unit_cost``, ...), so the chain reads like the model:

    * ``effective_rd`` :math:`= (1+(n-1)\beta)x`, the cost reduction each firm enjoys;
    * ``unit_cost`` :math:`c = A - (1+(n-1)\beta)x`, the real unit cost;
    * ``output`` :math:`q = (a - c + s)/(b(n+1))` (Cournot with linear demand);
    * ``price`` :math:`P = a - bnq`;
    * ``profit`` :math:`\pi = bq^2 - (1-\sigma)\gamma x^2/2`, subsidies included;
    * ``consumer_surplus`` :math:`b(nq)^2/2`;
    * ``outlay`` :math:`n(sq + \sigma\gamma x^2/2)`, government spending;
    * ``welfare`` :math:`CS + n\pi - (1+\lambda)\,\text{outlay}`.
    """
    eff, c, q, price, profit, cs, outlay = (sp.Symbol(k) for k in OUTCOME_NAMES[:-1])
    return {
        "effective_rd": (1 + (n - 1) * beta) * x,
        "unit_cost": A - eff,
        "output": (a - c + s) / (b * (n + 1)),
        "price": a - b * n * q,
        "profit": b * q**2 - (1 - sigma) * gamma * x**2 / 2,
        "consumer_surplus": b * (n * q) ** 2 / 2,
        "outlay": n * (s * q + sigma * gamma * x**2 / 2),
        "welfare": cs + n * profit - (1 + lam) * outlay,
    }


def outcomes(objective: str = "own") -> dict[str, sp.Expr]:
    """Every outcome in closed form: :func:`outcomes_given_rd` with R&D substituted.

    Returns a dict with ``rd`` and each name of ``OUTCOME_NAMES``.
    """
    result = {"rd": rd_closed_form(objective)}
    for name, expr in outcomes_given_rd().items():
        result[name] = expr.subs({sp.Symbol(k): v for k, v in result.items() if k != "rd"}).subs(
            x, result["rd"]
        )
    return result


# --------------------------------------------------------------------------
# The derivation as a sequence of steps (displayed in the book's appendix)
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Derivation:
    """The steps of the symmetric model's derivation for one objective."""

    objective: str
    quantities: dict
    profit: sp.Expr
    first_order_condition: sp.Expr
    rd: sp.Expr
    eigenvalues: tuple
    gamma_bounds: tuple


def derive(objective: str = "own") -> Derivation:
    """Run the whole derivation for ``objective`` and return its steps."""
    _check_objective(objective)
    return Derivation(
        objective=objective,
        quantities=cournot_quantities(1),
        profit=deviant_profits(1)[objective],
        first_order_condition=rd_first_order_condition(objective),
        rd=rd_closed_form(objective),
        eigenvalues=concavity_eigenvalues(objective),
        gamma_bounds=gamma_lower_bound(objective),
    )


# --------------------------------------------------------------------------
# Optimal subsidies (Chapter 5)
# --------------------------------------------------------------------------
#: Instrument sets accepted by :func:`optimal_policy_closed_form`.
INSTRUMENTS = (("rd",), ("output",), ("output", "rd"))


@cache
def implied_rd_subsidy(objective: str = "own") -> sp.Expr:
    r"""The R&D subsidy :math:`\sigma(s, x)` under which ``x`` is the symmetric equilibrium R&D.

    Solving the first-order condition of :func:`rd_first_order_condition` for
    :math:`\sigma` turns the government's choice of a subsidy rate into a
    choice of the R&D level it induces. For ``x > 0`` the map is one to one:
    the subsidised cost :math:`(1-\sigma)\gamma` falls from infinity to the
    symmetric eigenvalue bound as ``x`` rises from 0 to infinity.
    """
    _check_objective(objective)
    (sol,) = sp.solve(rd_first_order_condition(objective), sigma)
    return sp.factor(sol)


@cache
def welfare_in_instruments(objective: str = "own") -> sp.Expr:
    r"""Welfare as a function of the output subsidy ``s`` and the induced R&D ``x``.

    :func:`outcomes_given_rd` with :math:`\sigma` replaced by
    :func:`implied_rd_subsidy`. The result is a polynomial of degree two in
    ``(s, x)``: with :math:`\sigma` eliminated, the subsidy bill
    :math:`\sigma\gamma x^2/2` is
    :math:`\gamma x^2/2 - (1-\sigma)\gamma x^2/2` and the second term is linear in
    ``s`` times ``x`` and quadratic in ``x`` by the first-order condition. So
    the optimal policy solves a linear system.
    """
    chain = outcomes_given_rd()
    sig = implied_rd_subsidy(objective)
    values: dict[str, sp.Expr] = {}
    for name, expr in chain.items():
        values[name] = sp.expand(expr.subs({sp.Symbol(k): v for k, v in values.items()}).subs(sigma, sig))
    return sp.expand(sp.cancel(values["welfare"]))


def _check_instruments(instruments) -> tuple:
    key = tuple(sorted(instruments))
    if key not in INSTRUMENTS:
        raise ValueError(f"instruments must be one of {INSTRUMENTS}, got {instruments!r}")
    return key


def _quadratic_welfare(chain: dict, fixed: dict, rd: dict) -> sp.Expr:
    """Welfare of ``chain`` (a dict like :func:`outcomes_given_rd`) with ``fixed`` then ``rd`` substituted, expanded."""
    values: dict[str, sp.Expr] = {}
    for name, expr in chain.items():
        e = expr.subs({sp.Symbol(k): v for k, v in values.items()}).subs(fixed).subs(rd)
        values[name] = sp.expand(e)
    return values["welfare"]


def explicit(chain: dict) -> dict[str, sp.Expr]:
    """``chain`` with every reference to an earlier entry substituted (explicit expressions)."""
    out: dict[str, sp.Expr] = {}
    for name, expr in chain.items():
        out[name] = sp.sympify(expr).subs({sp.Symbol(k): v for k, v in out.items()})
    return out


@cache
def optimal_policy_closed_form(objective: str = "own", instruments=("rd",)) -> dict[str, sp.Expr]:
    r"""The welfare-maximising subsidies in closed form.

    Parameters
    ----------
    objective : {"own", "joint"}
        How firms choose R&D (competition or coordination; the pooled regimes
        are these with :math:`\beta = 1`).
    instruments : ("rd",), ("output",) or ("output", "rd")
        The instruments the government uses; the other is zero.

    Returns
    -------
    dict
        A chain (like :func:`outcomes_given_rd`: an entry may use the symbols
        named by the entries before it; :func:`explicit` substitutes them).
        ``s``, ``sigma``: the optimal output subsidy and R&D subsidy (a
        negative :math:`\sigma` is an R&D tax); ``x``: the R&D they induce;
        ``curvature``: the second derivative of welfare along the first
        instrument (``x`` for R&D, ``s`` for output); ``det``: the determinant
        of the Hessian of welfare in ``(s, x)`` when both instruments are used
        and ``-curvature`` otherwise. The optimum is an interior maximum
        exactly when ``curvature < 0`` and ``det > 0``.

    Notes
    -----
    * R&D subsidy alone: welfare is a quadratic in the induced R&D ``x``
      (:func:`welfare_in_instruments` at ``s = 0``).
    * Output subsidy alone: R&D is linear in ``s`` (:func:`rd_closed_form`
      at :math:`\sigma = 0`), so welfare is a quadratic in ``s``.
    * Both: welfare is a quadratic in ``(s, x)``.
    """
    _check_objective(objective)
    key = _check_instruments(instruments)
    if key == ("rd",):
        W = welfare_in_instruments(objective).subs(s, 0)
        curv = sp.factor(sp.diff(W, x, 2))
        (xs,) = sp.solve(sp.diff(W, x), x)
        xs = sp.factor(xs)
        return {"s": sp.Integer(0), "sigma": sp.factor(implied_rd_subsidy(objective).subs({s: 0, x: xs})),
                "x": xs, "curvature": curv, "det": -sp.Symbol("curvature")}
    if key == ("output",):
        # R&D is linear in s, x = x_level + x_slope * s, and welfare at sigma = 0
        # is a polynomial in (s, x): a quadratic in s after substitution. The
        # result is kept as a chain in x_level and x_slope (expanding it in the
        # primitives gains nothing and costs a minute of algebra).
        x_free = rd_closed_form(objective).subs(sigma, 0)
        level_sym, slope_sym = sp.symbols("x_level x_slope")
        W = _quadratic_welfare(outcomes_given_rd(), {sigma: 0}, {x: level_sym + slope_sym * s})
        curv = sp.collect(2 * W.coeff(s, 2), [slope_sym], sp.factor)
        return {
            "x_level": sp.factor(x_free.subs(s, 0)),
            "x_slope": sp.factor(sp.diff(x_free, s)),
            "curvature": curv,
            "s": -sp.collect(W.coeff(s, 1), [level_sym, slope_sym], sp.factor) / sp.Symbol("curvature"),
            "sigma": sp.Integer(0), "x": level_sym + slope_sym * sp.Symbol("s"),
            "det": -sp.Symbol("curvature"),
        }
    W = welfare_in_instruments(objective)
    sol = sp.solve([sp.diff(W, s), sp.diff(W, x)], [s, x], dict=True)[0]
    hess = sp.hessian(W, (s, x))
    return {
        "s": sp.factor(sol[s]),
        "sigma": sp.factor(implied_rd_subsidy(objective).subs(sol)),
        "x": sp.factor(sol[x]),
        "curvature": sp.factor(hess[0, 0]),
        "det": sp.factor(hess.det()),
    }


# --------------------------------------------------------------------------
# A public research institute (Chapter 5)
# --------------------------------------------------------------------------
def _lab_costs(deviant: bool):
    """Unit costs of the partner, (the deviant rival,) and a representative rival."""
    if deviant:
        c1 = A - x1 - beta * (x2 + (n - 2) * x) - phi * x0
        c2 = A - x2 - beta * (x1 + (n - 2) * x) - theta * x0
        co = A - x - beta * (x1 + x2 + (n - 3) * x) - theta * x0
        return c1, c2, co
    c1 = A - x1 - beta * (n - 1) * x - phi * x0
    co = A - x - beta * (x1 + (n - 2) * x) - theta * x0
    return c1, co


@cache
def lab_cournot_quantities(deviant: bool = False) -> dict[sp.Symbol, sp.Expr]:
    r"""Cournot quantities with a public institute: partner ``q_1``, rivals ``q_o`` (and deviant ``q_2``).

    Firm 1 (the *partner*) receives the share :math:`\phi` of the institute's
    research :math:`x_0`, every other firm the share :math:`\theta`; each
    firm's own R&D spills over at rate :math:`\beta` as in the basic model.
    :math:`\phi = \theta` is an independent institute, :math:`\phi = 1` one
    allied with firm 1. With ``deviant=True`` rival 2 chooses ``x_2`` and the
    remaining ``n - 2`` rivals ``x`` (for the rivals' first-order condition).
    """
    if deviant:
        c1, c2, co = _lab_costs(True)
        Q = q1 + q2 + (n - 2) * qo
        focs = [a - b * Q - b * q1 - c1, a - b * Q - b * q2 - c2, a - b * Q - b * qo - co]
        sol = sp.solve(focs, [q1, q2, qo], dict=True)[0]
    else:
        c1, co = _lab_costs(False)
        Q = q1 + (n - 1) * qo
        sol = sp.solve([a - b * Q - b * q1 - c1, a - b * Q - b * qo - co], [q1, qo], dict=True)[0]
    return {k: sp.factor(v) for k, v in sol.items()}


@cache
def lab_rd_closed_form(objective: str = "own") -> dict[sp.Symbol, sp.Expr]:
    r"""Equilibrium R&D of the partner ``x_1`` and of each rival ``x`` given the institute's ``x_0``.

    ``"own"``: the partner and each rival maximise their own profit; the
    rivals' common level is the fixed point of a deviant rival's first-order
    condition. ``"joint"``: R&D maximises the cluster's joint profit (the
    rivals' common level by the derivative along the rivals' common
    direction, which is enough since joint profit is concave on the valid
    region). Both are linear in :math:`x_0`.
    """
    _check_objective(objective)
    if objective == "own":
        q = lab_cournot_quantities(True)
        p1 = b * q[q1] ** 2 - gamma * x1**2 / 2
        p2 = b * q[q2] ** 2 - gamma * x2**2 / 2
        focs = [sp.diff(p1, x1).subs(x2, x), sp.diff(p2, x2).subs(x2, x)]
    else:
        q = lab_cournot_quantities(False)
        joint = b * q[q1] ** 2 - gamma * x1**2 / 2 + (n - 1) * (b * q[qo] ** 2 - gamma * x**2 / 2)
        focs = [sp.diff(joint, x1), sp.diff(joint, x)]
    sol = sp.solve(focs, [x1, x], dict=True)[0]
    return {k: sp.factor(v) for k, v in sol.items()}


#: Names of the outcomes of :func:`lab_outcomes_given_rd`, in computation order.
LAB_OUTCOME_NAMES = (
    "partner_unit_cost", "rival_unit_cost", "partner_output", "rival_output", "price",
    "partner_profit", "rival_profit", "consumer_surplus", "lab_cost", "welfare",
)


def lab_outcomes_given_rd() -> dict[str, sp.Expr]:
    r"""Outcomes with a public institute, given ``x_0``, the partner's ``x_1`` and each rival's ``x``.

    Unit costs :math:`c_1 = A - x_1 - \beta(n-1)x - \phi x_0` and
    :math:`c = A - x - \beta(x_1 + (n-2)x) - \theta x_0`; Cournot quantities
    :math:`q_i = (a - (n+1)c_i + \sum_j c_j)/(b(n+1))`; profits
    :math:`b q_i^2 - \gamma x_i^2/2`; consumer surplus :math:`bQ^2/2`; the
    institute's cost :math:`\gamma_0 x_0^2/2`, paid from public funds and
    weighted by :math:`1+\lambda` in welfare.
    """
    c1, co, Q1, Qo, P, p1, po, cs, lc = (sp.Symbol(k) for k in LAB_OUTCOME_NAMES[:-1])
    cost1, costo = _lab_costs(False)
    return {
        "partner_unit_cost": cost1,
        "rival_unit_cost": costo,
        "partner_output": (a - n * c1 + (n - 1) * co) / (b * (n + 1)),
        "rival_output": (a - 2 * co + c1) / (b * (n + 1)),
        "price": a - b * (Q1 + (n - 1) * Qo),
        "partner_profit": b * Q1**2 - gamma * x1**2 / 2,
        "rival_profit": b * Qo**2 - gamma * x**2 / 2,
        "consumer_surplus": b * (Q1 + (n - 1) * Qo) ** 2 / 2,
        "lab_cost": gamma0 * x0**2 / 2,
        "welfare": cs + p1 + (n - 1) * po - (1 + lam) * lc,
    }


#: Names of the linear R&D responses in :func:`lab_optimum`.
_LAB_RESPONSE = ("partner_rd_level", "partner_rd_slope", "rival_rd_level", "rival_rd_slope")


@cache
def lab_optimum(objective: str = "own") -> dict[str, sp.Expr]:
    r"""The institute's welfare-maximising research and the bound on :math:`\gamma_0` it needs.

    Firms' R&D is linear in the institute's research (:func:`lab_rd_closed_form`),
    :math:`x_1 = u_1 + v_1 x_0` and :math:`x = u + v x_0`, so welfare is a
    quadratic in :math:`x_0`.

    Returns
    -------
    dict
        A chain (see :func:`explicit`): ``partner_rd_level`` :math:`u_1`,
        ``partner_rd_slope`` :math:`v_1`, ``rival_rd_level`` :math:`u`,
        ``rival_rd_slope`` :math:`v`; ``marginal_welfare``: the derivative of
        welfare in :math:`x_0` at :math:`x_0 = 0`; ``gamma0_bound``: welfare is strictly
        concave in :math:`x_0` exactly when :math:`\gamma_0` exceeds it (it is
        the curvature of consumer surplus plus profits in :math:`x_0` divided
        by :math:`1+\lambda`); ``x0``: the maximiser of welfare.
    """
    rd = lab_rd_closed_form(objective)
    u1, v1, u, v = (sp.Symbol(k) for k in _LAB_RESPONSE)
    W = _quadratic_welfare(lab_outcomes_given_rd(), {}, {x1: u1 + v1 * x0, x: u + v * x0})
    gross = sp.expand(2 * W.coeff(x0, 2) + (1 + lam) * gamma0)  # curvature of CS + profits
    assert gross.has(gamma0) is False
    return {
        "partner_rd_level": sp.factor(rd[x1].subs(x0, 0)),
        "partner_rd_slope": sp.factor(sp.diff(rd[x1], x0)),
        "rival_rd_level": sp.factor(rd[x].subs(x0, 0)),
        "rival_rd_slope": sp.factor(sp.diff(rd[x], x0)),
        "marginal_welfare": sp.collect(W.coeff(x0, 1), [u1, u], sp.factor),
        "gamma0_bound": sp.collect(gross, [v1, v], sp.factor) / (1 + lam),
        "x0": sp.Symbol("marginal_welfare") / ((1 + lam) * (gamma0 - sp.Symbol("gamma0_bound"))),
    }


def lab_welfare(objective: str = "own") -> sp.Expr:
    """Welfare as a function of the institute's research ``x_0`` (a quadratic), firms' R&D substituted."""
    rd = lab_rd_closed_form(objective)
    return _quadratic_welfare(lab_outcomes_given_rd(), {}, rd)


# --------------------------------------------------------------------------
# Numeric kernels: generated from these closed forms by clustercode.codegen
# --------------------------------------------------------------------------
def kernel_source() -> str:
    """Source text of ``clustercode._kernels`` (deprecated here: ``clustercode.codegen.kernel_source``)."""
    import warnings

    from . import codegen

    warnings.warn("clustercode.symbolic.kernel_source moved to clustercode.codegen.kernel_source",
                  DeprecationWarning, stacklevel=2)
    return codegen.kernel_source()


def write_kernels(path=None) -> str:
    """Write ``clustercode/_kernels.py`` (deprecated here: ``clustercode.codegen.write_kernels``)."""
    from . import codegen

    return codegen.write_kernels(path, which="symmetric")


if __name__ == "__main__":  # pragma: no cover - ``python -m clustercode.symbolic`` still works
    print("wrote", write_kernels())
