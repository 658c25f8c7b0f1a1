"""Vectorised evaluation of the symmetric model: 10^6 parameter points, all four regimes.

Prints the median time of
  * solving all four regimes at 10^6 (beta, gamma) points with one call
    (``compare_regimes``: validation, every bound, R&D per firm);
  * the same plus every outcome field (output, price, profit, CS, welfare, ...);
and, measured in the same run as baselines,
  * a plain per-point Python loop calling ``symmetric_equilibrium`` with scalars
    (timed on a sample, scaled to 10^6 points);
  * a plain per-point Python loop over the closed form alone (pure arithmetic,
    no validation), timed on a sample and scaled.
Target: the one-call solve under 0.1 s. Always exits 0 (a benchmark, not a test).
Run: .venv/bin/python benchmarks/bench_vectorised.py
"""

from __future__ import annotations

import numpy as np
from _timing import median_time

from clustercode import REGIMES, Market, compare_regimes, symmetric_equilibrium

N = 1_000_000
SAMPLE = 2_000
M = Market(a=100.0, b=1.0, A=60.0)
FIELDS = ("effective_rd", "unit_cost", "output", "price", "profit", "consumer_surplus", "outlay", "welfare")




def main() -> None:
    rng = np.random.default_rng(0)
    beta = rng.random(N)
    gamma = 4.0 + 36.0 * rng.random(N)
    n = 5

    solve = median_time(lambda: compare_regimes(M, n, beta, gamma))

    def everything():
        for eq in compare_regimes(M, n, beta, gamma).values():
            for f in FIELDS:
                getattr(eq, f)

    full = median_time(everything, repeat=5)

    def loop_api():
        for i in range(SAMPLE):
            for r in REGIMES:
                symmetric_equilibrium(M, n, float(beta[i]), float(gamma[i]), r)

    api_per_point = median_time(loop_api, repeat=3) / SAMPLE

    bl, gl = beta[:SAMPLE].tolist(), gamma[:SAMPLE].tolist()

    def loop_formula():
        m, b = M.a - M.A, M.b
        for bt, g in zip(bl, gl):
            for pooled_beta in (bt, 1.0):
                k = 1 + (n - 1) * pooled_beta
                th = n - (n - 1) * pooled_beta
                c = b * g * (n + 1) ** 2
                _ = 2 * m * th / (c - 2 * th * k), 2 * m * k / (c - 2 * k * k)

    formula_per_point = median_time(loop_formula, repeat=5) / SAMPLE

    print(f"symmetric model, {N:,} points x {len(REGIMES)} regimes (n = {n})")
    print(f"  one call, solve (validate + bounds + R&D):   {solve * 1e3:8.1f} ms   "
          f"[target < 100 ms: {'PASS' if solve < 0.1 else 'FAIL'}]")
    print(f"  one call, solve + every outcome field:      {full * 1e3:8.1f} ms")
    print(f"  per-point loop over the API (scaled):       {api_per_point * N * 1e3:8.0f} ms   "
          f"ratio loop/vectorised = {api_per_point * N / solve:,.0f}x")
    print(f"  per-point loop, bare formula only (scaled): {formula_per_point * N * 1e3:8.0f} ms   "
          f"ratio = {formula_per_point * N / solve:,.1f}x")


if __name__ == "__main__":
    main()
