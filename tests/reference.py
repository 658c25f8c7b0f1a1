"""A deliberately naive reference model, independent of clustercode's algebra.

It knows only the primitives (demand, costs with spillovers, R&D cost) and
solves the game numerically: Cournot quantities by a linear solve of the
firms' first-order conditions, the R&D stage by best-response iteration
(competition) or by numerical maximisation of joint profit (coordination).
Used by the tests to check the closed forms.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize


def unit_costs(A, x, beta):
    x = np.asarray(x, float)
    return A - x - beta * (x.sum() - x)


def cournot(a, b, c):
    """Cournot quantities with inverse demand a - bQ, solving b(I + J) q = a - c."""
    n = len(c)
    M = b * (np.eye(n) + np.ones((n, n)))
    return np.linalg.solve(M, a - np.asarray(c))


def profits(x, a, b, A, beta, gamma, s=0.0, sigma=0.0):
    c = unit_costs(A, x, beta)
    q = cournot(a, b, c - s)
    price = a - b * q.sum()
    return (price - c + s) * q - (1 - sigma) * gamma * np.asarray(x) ** 2 / 2, q, price


def _derivative(f, x, i, h=1e-3):
    """Central difference: exact up to rounding for the quadratic stage-1 payoffs."""
    up, down = np.array(x, float), np.array(x, float)
    up[i] += h
    down[i] -= h
    return (f(up) - f(down)) / (2 * h)


def best_response(i, x, a, b, A, beta, gamma, s=0.0, sigma=0.0):
    """Firm i's best reply: the root of its marginal profit in its own R&D."""
    def own(z):
        return profits(z, a, b, A, beta, gamma, s, sigma)[0][i]

    def marginal(xi):
        z = np.array(x, float)
        z[i] = xi
        return _derivative(own, z, i)

    if marginal(0.0) <= 0:
        return 0.0
    hi = 1.0
    while marginal(hi) > 0:
        hi *= 2
    return optimize.brentq(marginal, 0.0, hi, xtol=1e-14, rtol=1e-14)


def competition(n, a, b, A, beta, gamma, s=0.0, sigma=0.0, tol=1e-12, max_iter=10_000):
    """Noncooperative R&D by damped best-response iteration (Gauss-Seidel)."""
    x = np.zeros(n)
    for _ in range(max_iter):
        old = x.copy()
        for i in range(n):
            x[i] = 0.5 * x[i] + 0.5 * best_response(i, x, a, b, A, beta, gamma, s, sigma)
        if np.max(np.abs(x - old)) < tol:
            return x
    raise RuntimeError("best-response iteration did not converge")


def coordination(n, a, b, A, beta, gamma, s=0.0, sigma=0.0):
    """R&D maximising joint profit: a root of its numerical gradient, checked to be a maximum."""
    def joint(x):
        return profits(x, a, b, A, beta, gamma, s, sigma)[0].sum()

    def grad(x):
        return np.array([_derivative(joint, x, i) for i in range(n)])

    res = optimize.root(grad, np.linspace(0.1, 1.0, n), method="hybr", tol=1e-13)
    if np.max(np.abs(grad(res.x))) > 1e-7:
        raise RuntimeError(f"no root of the joint-profit gradient found: {res.message}")
    h = 1e-2
    hess = np.array([[(_derivative(joint, res.x + h * np.eye(n)[j], i)
                       - _derivative(joint, res.x - h * np.eye(n)[j], i)) / (2 * h)
                      for j in range(n)] for i in range(n)])
    if not np.all(np.linalg.eigvalsh((hess + hess.T) / 2) < 0):
        raise RuntimeError("the joint-profit critical point is not a maximum")
    return res.x
