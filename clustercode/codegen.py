"""The code generator: the closed forms of the symbolic modules written out as NumPy kernels.

:mod:`clustercode.symbolic` and :mod:`clustercode.symbolic_differentiated`
derive the models' closed forms with SymPy and nothing else. This module turns
those expressions into Python source: common subexpressions shared
(``sympy.cse``), rational functions collected so that the code does few array
operations, each kernel a plain function that broadcasts over arrays. The
output is committed as ``clustercode/_kernels.py`` and
``clustercode/_kernels_differentiated.py``, so importing ``clustercode`` does
not need SymPy; ``tests/test_codegen.py`` regenerates both texts and fails if
a committed file differs.

Run ``python -m clustercode.codegen`` after changing a derivation (it takes
a few minutes: the optimal-policy and institute closed forms are large).
"""

from __future__ import annotations

from pathlib import Path

import sympy as sp

from . import symbolic as S
from . import symbolic_differentiated as D
from .symbolic import A, a, b, beta, gamma, gamma0, lam, n, phi, s, sigma, theta, x, x0, x1
from .symbolic_differentiated import delta

__all__ = ["KERNEL_FILES", "kernel_source", "differentiated_kernel_source", "write_kernels"]


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


def _chain_source(name: str, args, chain: dict, doc: str, returns=None) -> str:
    """A function computing ``chain`` (name -> expression) step by step; returns ``returns`` (default: all)."""
    printer = _printer()
    lines = [f"def {name}({', '.join(printer.doprint(v) for v in args)}):", f'    """{doc}"""']
    lines += [f"    {key} = {printer.doprint(expr)}" for key, expr in chain.items()]
    lines.append(f"    return ({', '.join(returns or chain)},)")
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


# --------------------------------------------------------------------------
# The symmetric model: clustercode/_kernels.py
# --------------------------------------------------------------------------
#: Arguments of the generated ``rd_*`` kernels.
RD_ARGS = (a, b, A, n, beta, gamma, s, sigma)
#: Arguments of the generated ``outcomes_given_rd`` kernel.
OUTCOME_ARGS = (a, b, A, n, beta, gamma, s, sigma, lam, x)
#: Arguments of the generated ``gamma_bounds_*`` kernels.
BOUND_ARGS = (a, b, A, n, beta, s)
#: Arguments of the generated ``optimal_*`` kernels, and what they return.
POLICY_ARGS = (a, b, A, n, beta, gamma, lam)
POLICY_RETURNS = ("s", "sigma", "x", "curvature", "det")
#: Arguments of the generated ``lab_*`` kernels, and what ``lab_optimum_*`` returns.
LAB_ARGS = (a, b, A, n, beta, gamma, theta, phi, gamma0, lam)
LAB_RETURNS = ("partner_rd_level", "partner_rd_slope", "rival_rd_level", "rival_rd_slope", "gamma0_bound", "x0")


def kernel_source() -> str:
    """Source text of ``clustercode._kernels``, generated from the closed forms.

    The numeric code of the symmetric model is this text, written to
    ``clustercode/_kernels.py`` by :func:`write_kernels` (run
    ``python -m clustercode.codegen``). The test suite regenerates it and
    fails if the committed file differs, so the numbers cannot drift from the
    algebra, while importing ``clustercode`` stays free of SymPy.
    """
    parts = [
        '"""Numeric kernels of the symmetric model. GENERATED: do not edit.',
        "",
        "Written by ``python -m clustercode.codegen`` from the closed forms in",
        ":mod:`clustercode.symbolic`; ``tests/test_codegen.py`` checks that this",
        "file is up to date. Every function broadcasts over NumPy arrays.",
        '"""',
        "",
    ]
    for objective in S._OBJECTIVES:
        parts += [
            "",
            _function_source(
                f"rd_{objective}", RD_ARGS, [_structured(S.rd_closed_form(objective))],
                f"Symmetric equilibrium R&D per firm, objective {objective!r} (a 1-tuple).",
            ),
            "",
            "",
            _function_source(
                f"gamma_bounds_{objective}", BOUND_ARGS,
                [*S.gamma_lower_bound(objective), S.gamma_bound_unit_cost(objective).subs(sigma, 0)],
                f"Lower bounds on (1 - sigma) * gamma, objective {objective!r}: "
                "symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0.",
            ),
            "",
        ]
    parts += [
        "",
        _chain_source(
            "outcomes_given_rd", OUTCOME_ARGS, S.outcomes_given_rd(),
            f"Outcomes given R&D per firm x: {', '.join(S.OUTCOME_NAMES)}.",
        ),
        "",
    ]
    for objective in S._OBJECTIVES:
        for key in S.INSTRUMENTS:
            parts += [
                "",
                _chain_source(
                    f"optimal_{objective}_{'_'.join(key)}", POLICY_ARGS,
                    S.optimal_policy_closed_form(objective, key),
                    f"Welfare-maximising policy with instruments {key}, objective {objective!r}: "
                    f"{', '.join(POLICY_RETURNS)}.",
                    returns=POLICY_RETURNS,
                ),
                "",
            ]
    for objective in S._OBJECTIVES:
        parts += [
            "",
            _chain_source(
                f"lab_optimum_{objective}", LAB_ARGS, S.lab_optimum(objective),
                f"Public institute, objective {objective!r}: {', '.join(LAB_RETURNS)}.",
                returns=LAB_RETURNS,
            ),
            "",
        ]
    parts += [
        "",
        _chain_source(
            "lab_outcomes_given_rd", (*LAB_ARGS, x0, x1, x), S.lab_outcomes_given_rd(),
            f"Outcomes with a public institute given x_0, the partner's x_1 and each rival's x: "
            f"{', '.join(S.LAB_OUTCOME_NAMES)}.",
        ),
    ]
    return "\n".join(parts).rstrip() + "\n"


# --------------------------------------------------------------------------
# Differentiated goods: clustercode/_kernels_differentiated.py
# --------------------------------------------------------------------------
D_RD_ARGS = (a, b, A, n, beta, gamma, s, sigma, delta)
D_BOUND_ARGS = (a, b, A, n, beta, s, delta)
D_OUTCOME_ARGS = (a, b, A, n, beta, gamma, s, sigma, lam, delta, x)
D_POLICY_ARGS = (a, b, A, n, beta, gamma, lam, delta)
#: What the generated ``optimal_output_*`` kernels return.
D_OUTPUT_RETURNS = ("s", "x", "curvature", "rd_den", "surplus_gain")


def differentiated_kernel_source() -> str:
    """Source text of ``clustercode._kernels_differentiated``, generated from its closed forms."""
    parts = [
        '"""Numeric kernels of the differentiated-goods model. GENERATED: do not edit.',
        "",
        "Written by ``python -m clustercode.codegen`` from the closed forms in",
        ":mod:`clustercode.symbolic_differentiated`; ``tests/test_codegen.py`` checks",
        "that this file is up to date. Every function broadcasts over NumPy arrays.",
        '"""',
        "",
    ]
    for comp in D.COMPETITION:
        for objective in D._OBJECTIVES:
            parts += [
                "",
                _function_source(
                    f"rd_{comp}_{objective}", D_RD_ARGS, [_structured(D.rd_closed_form(comp, objective))],
                    f"Symmetric equilibrium R&D per firm, {comp}, objective {objective!r} (a 1-tuple).",
                ),
                "",
                "",
                _function_source(
                    f"gamma_bounds_{comp}_{objective}", D_BOUND_ARGS,
                    [*D.gamma_bounds(comp, objective)[:2], D.gamma_bounds(comp, objective)[2].subs(sigma, 0)],
                    f"Lower bounds on (1 - sigma) * gamma, {comp}, objective {objective!r}: "
                    "symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0.",
                ),
                "",
                "",
                _chain_source(
                    f"optimal_rd_{comp}_{objective}", D_POLICY_ARGS,
                    D.optimal_rd_subsidy_closed_form(comp, objective),
                    f"Welfare-maximising R&D subsidy alone, {comp}, objective {objective!r}: x, sigma, curvature.",
                ),
                "",
                "",
                _chain_source(
                    f"optimal_both_{comp}_{objective}", D_POLICY_ARGS,
                    D.optimal_subsidies_closed_form(comp, objective),
                    f"Welfare-maximising output and R&D subsidies together, {comp}, objective {objective!r}: "
                    f"{', '.join(POLICY_RETURNS)}.",
                    returns=POLICY_RETURNS,
                ),
                "",
                "",
                _chain_source(
                    f"optimal_output_{comp}_{objective}", D_POLICY_ARGS,
                    D.optimal_output_subsidy_closed_form(comp, objective),
                    f"Welfare-maximising output subsidy alone, {comp}, objective {objective!r}: "
                    f"{', '.join(D_OUTPUT_RETURNS)}.",
                    returns=D_OUTPUT_RETURNS,
                ),
                "",
            ]
        parts += [
            "",
            _chain_source(
                f"outcomes_{comp}", D_OUTCOME_ARGS, D.outcomes_given_rd(comp),
                f"Outcomes given R&D per firm x, {comp}: {', '.join(D.OUTCOME_NAMES)}.",
            ),
            "",
        ]
    return "\n".join(parts).rstrip() + "\n"


#: The generated files, by name, and the function that writes each one's text.
KERNEL_FILES = {
    "symmetric": ("_kernels.py", kernel_source),
    "differentiated": ("_kernels_differentiated.py", differentiated_kernel_source),
}


def write_kernels(path=None, which: str = "symmetric") -> str:
    """Write the kernels ``which`` (a key of :data:`KERNEL_FILES`) to their file in the package (or ``path``)."""
    name, source = KERNEL_FILES[which]
    target = Path(path) if path is not None else Path(__file__).with_name(name)
    target.write_text(source(), encoding="utf-8")
    return str(target)


if __name__ == "__main__":  # pragma: no cover
    for which in KERNEL_FILES:
        print("wrote", write_kernels(which=which))
