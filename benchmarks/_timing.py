"""What the benchmarks share: a median wall-clock time.

The benchmarks run as scripts (``python benchmarks/bench_x.py``), so this
module is importable as ``_timing`` from their directory.
"""

from __future__ import annotations

import statistics
import time


def median_time(fn, repeat: int = 5, warmup: bool = True) -> float:
    """Median wall-clock seconds of ``repeat`` calls of ``fn()``, after one warm-up call."""
    if warmup:
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
