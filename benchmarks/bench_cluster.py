"""The heterogeneous-cluster solver from 10^2 to 10^6 firms: time, peak memory, and a dense baseline.

For each n the cluster is drawn (seed 0) from the stated distribution
  A_i ~ U(60, 61), gamma_i ~ n * U(5, 20), beta_i ~ U(0, 1), a = 100, b = 1
(gamma grows with n so that R&D per firm stays finite as the cluster grows;
most firms exit, the survivors are the low-cost tail). Three structures:
  * competition (every firm alone),
  * coalitions of 10 consecutive firms, no pooling,
  * one research joint venture of every firm (pooling).
Printed per n: median solver time, peak traced memory (tracemalloc) per firm,
outer active-set passes, producers; and for n <= DENSE_MAX the time of a dense
solve of the same first-order system (n x n matrix, numpy.linalg.solve, for the
final active set only, so it flatters the baseline), the speed-up, and the
largest difference between the two solutions.
Target: 10^6 firms well under a second, memory linear in n. Exits 0 unless the
measurement fails.

A fourth block times a degenerate cluster in which every small firm is held
at the margin (price equal to its cost): four large firms (A = 59, gamma = 5,
beta = 1) and n - 4 identical small ones (A = 60, gamma = 10, beta = 0). The
active-set loop cycles there, and the solver tries candidate states and finds
the small firms' weight by a root search, each step a full O(n) solve.
Run: .venv/bin/python benchmarks/bench_cluster.py [--max-exp 6]
"""

from __future__ import annotations

import argparse
import tracemalloc

import numpy as np
from _timing import median_time

from clustercode import Cluster, cluster_equilibrium

DENSE_MAX = 2000


def draw(n: int) -> Cluster:
    rng = np.random.default_rng(0)
    return Cluster(100.0, 1.0, rng.uniform(60, 61, n), n * rng.uniform(5.0, 20.0, n), rng.uniform(0, 1, n))


def draw_marginal(n: int) -> Cluster:
    k = 4
    return Cluster(100.0, 1.0, np.r_[np.full(k, 59.0), np.full(n - k, 60.0)],
                   np.r_[np.full(k, 5.0), np.full(n - k, 10.0)], np.r_[np.ones(k), np.zeros(n - k)])


def structures(n):
    return {
        "competition": (None, False),
        "coalitions of 10": (np.arange(n) // 10, False),
        "joint venture": ("all", True),
    }




def peak_memory(fn):
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def dense_solve(cl: Cluster, eq):
    """The same first-order system built densely for the equilibrium's active set and free set."""
    n = cl.n
    labels = np.asarray(eq.coalition)
    W = np.repeat(cl.beta[:, None], n, axis=1)
    same = labels[:, None] == labels[None, :]
    if eq.sharing:
        W[same] = 1.0
    np.fill_diagonal(W, 1.0)
    S = np.flatnonzero(eq.active)
    k = S.size
    Jinv = np.linalg.inv(cl.b * (np.eye(k) + np.ones((k, k))))
    M = np.zeros((n, n))
    M[S] = Jinv @ W[S]
    q0 = np.zeros(n)
    q0[S] = Jinv @ (cl.a - cl.A[S])
    MC = M * same
    H = np.diag(cl.gamma) - 2 * cl.b * MC.T @ M
    rhs = 2 * cl.b * MC.T @ q0
    free = (eq.rd > 0) | ~(np.bincount(labels)[labels] > 1) & eq.active
    # firms alone that exit, and clamped coalition members, have x = 0
    f = np.flatnonzero(free | (np.bincount(labels)[labels] > 1) & (eq.rd > 0))
    x = np.zeros(n)
    x[f] = np.linalg.solve(H[np.ix_(f, f)], rhs[f])
    return x


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-exp", type=int, default=6)
    args = parser.parse_args(argv)
    print(f"{'structure':<18}{'n':>9}{'time':>11}{'mem/firm':>10}{'passes':>7}{'producers':>10}"
          f"{'dense':>11}{'speed-up':>10}{'max |dx|':>10}")
    for name in ("competition", "coalitions of 10", "joint venture"):
        for e in range(2, args.max_exp + 1):
            n = 10**e
            cl = draw(n)
            coal, sharing = structures(n)[name]
            run = lambda: cluster_equilibrium(cl, coal, sharing)  # noqa: E731
            eq = run()
            t = median_time(run, repeat=5 if n <= 10**5 else 3)
            mem = peak_memory(run)
            row = (f"{name:<18}{n:>9}{t * 1e3:>9.1f}ms{mem / n:>8.0f} B{eq.iterations:>7}"
                   f"{int(eq.active.sum()):>10}")
            if n <= DENSE_MAX:
                x = dense_solve(cl, eq)
                td = median_time(lambda: dense_solve(cl, eq), repeat=3)
                err = float(np.max(np.abs(x - eq.rd)) / max(np.max(eq.rd), 1e-300))
                row += f"{td * 1e3:>9.1f}ms{td / t:>9.1f}x{err:>10.1e}"
            print(row, flush=True)
    print(f"\n{'held at margin':<18}{'n':>9}{'time':>11}{'mem/firm':>10}{'passes':>7}{'producers':>10}"
          f"{'marginal':>10}")
    for e in range(2, args.max_exp + 1):
        n = 10**e
        cl = draw_marginal(n)
        run = lambda: cluster_equilibrium(cl)  # noqa: E731
        eq = run()
        t = median_time(run, repeat=3 if n <= 10**5 else 1)
        mem = peak_memory(run) if n <= 10**5 else float("nan")
        print(f"{'identical entrants':<18}{n:>9}{t * 1e3:>9.1f}ms{mem / n:>8.0f} B{eq.iterations:>7}"
              f"{int(eq.active.sum()):>10}{int(eq.marginal.sum()):>10}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
