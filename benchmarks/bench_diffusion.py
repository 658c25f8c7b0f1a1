"""Diffusion model (Chapter 3): vectorised closed forms and the exact network simulation.

Prints the median time of
  * the mean-field adoption share on a 1000 x 1000 (density, time) grid in one
    call (``adoption_share``: validation and closed form), and, as baselines
    measured in the same run, a per-point Python loop calling the same function
    with scalars and a per-point loop over the bare formula (``math.exp``), both
    timed on a sample and scaled to 10^6 points;
  * one exact simulation (``simulate_adoption``) of a cluster of 100, 300 and
    1000 firms at density 0.1 over 30 years, against the mean-field curve for the
    same 200 dates as the baseline.
Always exits 0 (a benchmark, not a test).
Run: .venv/bin/python benchmarks/bench_diffusion.py
"""

from __future__ import annotations

import math

import numpy as np
from _timing import median_time

from clustercode.diffusion import ClusterNetwork, adoption_share, simulate_adoption

NET = ClusterNetwork(firms=100, contact_rate=0.04, external_rate=0.03)
SAMPLE = 5_000




def main() -> None:
    d = np.linspace(0.0, 1.0, 1000)[:, None]
    t = np.linspace(0.0, 30.0, 1000)[None, :]
    grid = median_time(lambda: adoption_share(NET, d, t))
    pts = list(zip(np.random.default_rng(0).random(SAMPLE), np.random.default_rng(1).random(SAMPLE) * 30))
    loop_api = median_time(lambda: [adoption_share(NET, float(a), float(b)) for a, b in pts], repeat=3)
    loop_api *= 1e6 / SAMPLE

    def bare():
        p, r, m = NET.external_rate, NET.contact_rate, NET.firms
        for a, b in pts:
            q = r * a * m
            e = math.exp(-(p + q) * b)
            (1 - e) / (1 + q / p * e)

    loop_bare = median_time(bare, repeat=3) * 1e6 / SAMPLE
    print("mean-field adoption share, 10^6 (density, t) points")
    print(f"  one vectorised call        {grid * 1e3:9.1f} ms")
    print(f"  per-point loop, same API   {loop_api * 1e3:9.1f} ms   (x{loop_api / grid:.0f} slower)")
    print(f"  per-point loop, bare math  {loop_bare * 1e3:9.1f} ms   (x{loop_bare / grid:.1f} slower)")

    times = np.linspace(0.0, 30.0, 200)
    base = median_time(lambda: adoption_share(NET, 0.1, times), repeat=20)
    print("exact network simulation, density 0.1, 200 report dates")
    for m in (100, 300, 1000):
        net = ClusterNetwork(firms=m, contact_rate=0.04 * 100 / m, external_rate=0.03)
        sim = median_time(lambda: simulate_adoption(net, 0.1, times, seed=1), repeat=5)
        print(f"  m = {m:4d}: {sim * 1e3:8.2f} ms   (mean-field curve {base * 1e3:.3f} ms; ratio {sim / base:.0f})")


if __name__ == "__main__":
    main()
