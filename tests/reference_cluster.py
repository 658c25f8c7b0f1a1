"""Naive references for the heterogeneous cluster, independent of clustercode.cluster's algebra.

* :func:`cournot`: Cournot with exit by brute force (solve the dense first-order
  system of a candidate set, drop firms with non-positive output, re-admit
  firms that could enter profitably).
* :func:`dense_equilibrium`: the same equilibrium concept as the package, but
  built from dense matrices: ``dq/dx`` by a dense linear solve, each
  coalition's first-order conditions as one ``n x n`` system, clamping
  negative R&D of coalition members.
* :func:`best_response`: Gauss-Seidel iteration in which each coalition
  maximises its members' joint profit numerically (bounded, x >= 0), with
  quantities recomputed by :func:`cournot` at every evaluation.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize


def spill_matrix(beta, labels, sharing):
    """W with c = A - W x: W_ii = 1, W_ij = beta_i, or 1 inside a pooled coalition."""
    n = len(beta)
    W = np.repeat(np.asarray(beta, float)[:, None], n, axis=1)
    same = labels[:, None] == labels[None, :]
    if sharing:
        W[same] = 1.0
    np.fill_diagonal(W, 1.0)
    return W


def cournot(a, b, e):
    """Quantities and price with inverse demand a - bQ and effective costs e, exit allowed."""
    n = len(e)
    S = np.ones(n, bool)
    for _ in range(4 * n + 4):
        idx = np.flatnonzero(S)
        k = idx.size
        q = np.zeros(n)
        q[idx] = np.linalg.solve(b * (np.eye(k) + np.ones((k, k))), a - e[idx])
        P = a - b * q.sum()
        drop = S & (q <= 0)
        add = ~S & (e < P - 1e-12 * abs(a))  # a firm exactly at the margin (e = P) stays out
        if not drop.any() and not add.any():
            return q, P, S
        if drop.any():  # drop the worst offender first
            S[np.flatnonzero(drop)[np.argmax(e[drop])]] = False
        else:
            S[np.flatnonzero(add)[np.argmin(e[add])]] = True
    raise RuntimeError("cournot reference did not settle")


def profits(x, a, b, A, gamma, beta, labels, sharing, s=0.0, sigma=0.0):
    W = spill_matrix(beta, labels, sharing)
    c = A - W @ x
    q, P, S = cournot(a, b, c - s)
    return b * q**2 - (1 - sigma) * gamma * x**2 / 2, q, P, c


def dense_equilibrium(a, b, A, gamma, beta, labels=None, sharing=False, s=0.0, sigma=0.0,
                      max_iter=100, x0=None):
    """R&D solving the coalition first-order conditions by dense linear algebra.

    The active set is iterated from the one of R&D ``x0`` (default zero); from
    zero the iteration may cycle where the package had to search candidate
    states, and a start at the package's answer then checks that answer.
    """
    A, gamma, beta = (np.asarray(v, float) for v in (A, gamma, beta))
    n = len(A)
    labels = np.arange(n) if labels is None else np.asarray(labels)
    W = spill_matrix(beta, labels, sharing)
    Cm = (labels[:, None] == labels[None, :]).astype(float)
    G = np.diag((1 - sigma) * gamma)
    x = np.zeros(n) if x0 is None else np.array(x0, float)
    free = np.ones(n, bool)
    for _ in range(max_iter):
        _, _, S = cournot(a, b, A - W @ x - s)
        idx = np.flatnonzero(S)
        k = idx.size
        Jinv = np.linalg.inv(b * (np.eye(k) + np.ones((k, k))))
        M = np.zeros((n, n))
        M[idx] = Jinv @ W[idx]  # dq/dx for producing firms
        q0 = np.zeros(n)
        q0[idx] = Jinv @ (a - (A[idx] - s))
        MC = (M * Cm)  # row j, column i: dq_j/dx_i if j and i are partners
        H = G - 2 * b * MC.T @ M
        rhs = 2 * b * MC.T @ q0
        f = np.flatnonzero(free)
        xn = np.zeros(n)
        xn[f] = np.linalg.solve(H[np.ix_(f, f)], rhs[f])
        grad = rhs - H @ xn
        new_free = (free & (xn >= -1e-12)) | (~free & (grad > 1e-12))
        xn[~new_free] = 0.0
        _, _, S2 = cournot(a, b, A - W @ np.maximum(xn, 0) - s)
        if np.array_equal(S2, S) and np.array_equal(new_free, free):
            return np.maximum(xn, 0.0)
        x, free = np.maximum(xn, 0.0), new_free
    raise RuntimeError("dense reference did not converge")


def best_response(a, b, A, gamma, beta, labels=None, sharing=False, s=0.0, sigma=0.0,
                  tol=1e-9, max_iter=500, x0=None):
    """Each coalition in turn maximises its joint profit over its members' R&D >= 0."""
    A, gamma, beta = (np.asarray(v, float) for v in (A, gamma, beta))
    n = len(A)
    labels = np.arange(n) if labels is None else np.asarray(labels)
    x = np.zeros(n) if x0 is None else np.array(x0, float)
    blocks = [np.flatnonzero(labels == k) for k in np.unique(labels)]
    for _ in range(max_iter):
        old = x.copy()
        for K in blocks:
            def neg(z, K=K):
                y = x.copy()
                y[K] = z
                return -profits(y, a, b, A, gamma, beta, labels, sharing, s, sigma)[0][K].sum()
            res = optimize.minimize(neg, x[K], method="L-BFGS-B", bounds=[(0, None)] * len(K),
                                    options={"ftol": 1e-15, "gtol": 1e-11, "maxiter": 2000})
            x[K] = 0.5 * x[K] + 0.5 * res.x
        if np.max(np.abs(x - old)) < tol:
            return x
    raise RuntimeError("best-response iteration did not converge")
