r"""Closed forms of the symmetric cluster model, derived with SymPy.

This module is the one place where the algebra of the symmetric model lives.
Everything numeric in :mod:`clustercode.symmetric` is generated from the
expressions derived here (written once by :func:`write_kernels`), and the book's
derivation appendix displays the same steps.

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

#: The symbols of the model, by name, for users of the closed forms.
SYMBOLS = {
    "a": a, "b": b, "A": A, "n": n, "beta": beta, "gamma": gamma,
    "s": s, "sigma": sigma, "lambda": lam, "x": x, "x_1": x1, "x_2": x2,
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
        \qquad
        x^{\text{joint}} = \frac{2 (a - A + s)\,(1 + (n-1)\beta)}
                        {b \tilde\gamma (n+1)^2 - 2 (1 + (n-1)\beta)^2}.

    For ``n = 2`` and no policy these are equations (7) and (10) of
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
# Numeric kernels: generated once from the closed forms
# --------------------------------------------------------------------------
#: Arguments of the generated ``rd_*`` kernels.
RD_ARGS = (a, b, A, n, beta, gamma, s, sigma)
#: Arguments of the generated ``outcomes_given_rd`` kernel.
OUTCOME_ARGS = (a, b, A, n, beta, gamma, s, sigma, lam, x)
#: Arguments of the generated ``gamma_bounds_*`` kernels.
BOUND_ARGS = (a, b, A, n, beta, s)


def _printer():
    from sympy.printing.numpy import NumPyPrinter

    return NumPyPrinter({"fully_qualified_modules": False, "allow_unknown_functions": False})


def _function_source(name: str, args, exprs, doc: str) -> str:
    """A function returning the tuple ``exprs``, with common subexpressions shared."""
    printer = _printer()
    replacements, reduced = sp.cse(list(exprs), symbols=sp.numbered_symbols("t"), optimizations="basic")
    lines = [f"def {name}({', '.join(printer.doprint(v) for v in args)}):", f'    """{doc}"""']
    lines += [f"    {lhs} = {printer.doprint(rhs)}" for lhs, rhs in replacements]
    lines.append("    return (")
    lines += [f"        {printer.doprint(e)}," for e in reduced]
    lines.append("    )")
    return "\n".join(lines)


def _chain_source(name: str, args, chain: dict, doc: str) -> str:
    """A function computing ``chain`` (name -> expression) step by step."""
    printer = _printer()
    lines = [f"def {name}({', '.join(printer.doprint(v) for v in args)}):", f'    """{doc}"""']
    lines += [f"    {key} = {printer.doprint(expr)}" for key, expr in chain.items()]
    lines.append(f"    return ({', '.join(chain)},)")
    return "\n".join(lines)


def _structured(expr: sp.Expr, var: sp.Symbol = gamma) -> sp.Expr:
    """``expr`` with numerator and denominator collected in ``var``, coefficients factored.

    The same function as ``expr``, written so that the generated code does few
    array operations (the expanded form repeats every power of ``beta``).
    """
    num, den = sp.fraction(sp.factor(expr))

    def collected(poly):
        terms = sp.collect(sp.expand(poly), var, evaluate=False)
        return sp.Add(*(sp.factor(c) * k for k, c in terms.items()))

    return collected(num) / collected(den)


def kernel_source() -> str:
    """Source text of ``clustercode._kernels``, generated from the closed forms.

    The numeric code of the symmetric model is this text, written once to
    ``clustercode/_kernels.py`` by :func:`write_kernels` (run
    ``python -m clustercode.symbolic``). The test suite regenerates it and
    fails if the committed file differs, so the numbers cannot drift from the
    algebra, while importing :mod:`clustercode` stays free of SymPy.
    """
    parts = [
        '"""Numeric kernels of the symmetric model. GENERATED: do not edit.',
        "",
        "Written by ``python -m clustercode.symbolic`` from the closed forms in",
        ":mod:`clustercode.symbolic`; ``tests/test_symbolic.py`` checks that this",
        "file is up to date. Every function broadcasts over NumPy arrays.",
        '"""',
        "",
    ]
    for objective in _OBJECTIVES:
        parts += [
            "",
            _function_source(
                f"rd_{objective}", RD_ARGS, [_structured(rd_closed_form(objective))],
                f"Symmetric equilibrium R&D per firm, objective {objective!r} (a 1-tuple).",
            ),
            "",
            "",
            _function_source(
                f"gamma_bounds_{objective}", BOUND_ARGS,
                [*gamma_lower_bound(objective), gamma_bound_unit_cost(objective).subs(sigma, 0)],
                f"Lower bounds on (1 - sigma) * gamma, objective {objective!r}: "
                "symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0.",
            ),
            "",
        ]
    parts += [
        "",
        _chain_source(
            "outcomes_given_rd", OUTCOME_ARGS, outcomes_given_rd(),
            f"Outcomes given R&D per firm x: {', '.join(OUTCOME_NAMES)}.",
        ),
    ]
    return "\n".join(parts).rstrip() + "\n"


def write_kernels(path=None) -> str:
    """Write :func:`kernel_source` to ``clustercode/_kernels.py`` (or ``path``)."""
    from pathlib import Path

    target = Path(path) if path is not None else Path(__file__).with_name("_kernels.py")
    target.write_text(kernel_source(), encoding="utf-8")
    return str(target)


if __name__ == "__main__":  # pragma: no cover
    print("wrote", write_kernels())
