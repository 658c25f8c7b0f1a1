"""The policy comparator of Chapter 7: time per comparison and the cost of matching budgets.

For the chapter's illustrative cluster (a = 100, b = 1, A = 60, four firms,
gamma = 10, theta = 0.5) at budgets 5, 20 and 50 and spillovers 0.1, 0.4, 0.9,
prints the median time of one ``compare_instruments`` call (every instrument,
ten rows), and of the two budget-matching steps against a naive baseline timed
in the same run: plain bisection on the model's outlay to the same accuracy
(``BUDGET_RTOL``), for the output subsidy (which the module solves in closed
form) and for the R&D subsidy (Illinois regula falsi). Also prints the largest
relative budget mismatch seen. Exits non-zero if a measurement fails.

Run: .venv/bin/python benchmarks/bench_comparator.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys

from _timing import median_time

from clustercode import Market, Policy, min_gamma, symmetric_equilibrium
from clustercode.comparator import (
    BUDGET_RTOL,
    compare_instruments,
    output_subsidy_for_budget,
    rd_subsidy_for_budget,
)

M = Market(100.0, 1.0, 60.0)
N, GAMMA, THETA = 4, 10.0, 0.5


def bisect(outlay, budget, hi):
    """Naive baseline: bisection on an increasing outlay to a relative BUDGET_RTOL."""
    lo = 0.0
    while True:
        mid = 0.5 * (lo + hi)
        out = outlay(mid)
        if abs(out - budget) <= BUDGET_RTOL * budget or hi - lo < 1e-15:
            return mid
        lo, hi = (mid, hi) if out < budget else (lo, mid)




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'budget':>7} {'beta':>5} {'compare ms':>11} {'s: closed ms':>13} {'s: bisect ms':>13} "
          f"{'sigma: Illinois ms':>19} {'sigma: bisect ms':>17}")
    ratios = []
    for budget in (5.0, 20.0, 50.0):
        for beta in (0.1, 0.4, 0.9):
            cmp = compare_instruments(M, N, beta, GAMMA, budget, theta=THETA)
            for name in ("output_subsidy", "rd_subsidy", "institute", "allied_institute"):
                worst = max(worst, abs(cmp[name].public_cost - budget) / budget)
            t_cmp = median_time(lambda: compare_instruments(M, N, beta, GAMMA, budget, theta=THETA), args.repeat)

            def out_s(s):
                return symmetric_equilibrium(M, N, beta, GAMMA, policy=Policy(output_subsidy=s)).outlay

            def out_sigma(sg):
                return symmetric_equilibrium(M, N, beta, GAMMA, policy=Policy(rd_subsidy=sg)).outlay

            t_s = median_time(lambda: output_subsidy_for_budget(M, N, beta, GAMMA, budget), args.repeat)
            t_s0 = median_time(lambda: bisect(out_s, budget, 10.0), max(3, args.repeat // 4))
            t_g = median_time(lambda: rd_subsidy_for_budget(M, N, beta, GAMMA, budget), args.repeat)
            cap = 1.0 - float(min_gamma(M, N, beta)) / GAMMA * (1.0 + 1e-12)  # equilibrium exists below
            hi = min(rd_subsidy_for_budget(M, N, beta, GAMMA, budget) * 2 + 1e-3, cap)
            t_g0 = median_time(lambda: bisect(out_sigma, budget, hi), max(3, args.repeat // 4))
            ratios.append((t_s0 / t_s, t_g0 / t_g))
            print(f"{budget:7.0f} {beta:5.1f} {t_cmp * 1e3:11.2f} {t_s * 1e3:13.3f} {t_s0 * 1e3:13.3f} "
                  f"{t_g * 1e3:19.3f} {t_g0 * 1e3:17.3f}")
    print(f"speed-up over bisection (median): output subsidy {statistics.median(r[0] for r in ratios):.1f}x, "
          f"R&D subsidy {statistics.median(r[1] for r in ratios):.1f}x")
    print(f"largest relative budget mismatch: {worst:.2e} (target {BUDGET_RTOL:g} for the R&D subsidy)")
    return 0 if worst <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
