"""Benchmark: how long the HTML book takes to build, cold and warm.

* cold -- a fresh output folder: no execution cache, every chapter is executed;
* warm -- the same folder again with ``--all`` (Sphinx re-reads every page) but
  with the execution cache (``_build/.jupyter_cache``) from the cold build, so
  no notebook is executed.

The ratio warm/cold shows how much of a build is spent executing notebooks.
Builds go to a temporary folder, so the book's own ``_build`` is left alone.

    .venv/bin/python benchmarks/bench_build.py [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def jupyter_book() -> str:
    exe = Path(sys.executable).parent / "jupyter-book"
    return str(exe) if exe.exists() else "jupyter-book"


def build(out: Path, *, force_all: bool) -> float:
    cmd = [jupyter_book(), "build", str(ROOT), "--path-output", str(out), "-W",
           "--keep-going", "-q"]
    if force_all:
        cmd.append("--all")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"build failed (exit {proc.returncode})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="cold/warm pairs to run (median reported)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()

    cold, warm = [], []
    for _ in range(args.repeat):
        out = Path(tempfile.mkdtemp(prefix="bench-build-"))
        try:
            cache = out / "_build" / ".jupyter_cache"
            cold.append(build(out, force_all=True))
            assert cache.is_dir(), "the cold build left no execution cache"
            warm.append(build(out, force_all=True))
        finally:
            shutil.rmtree(out, ignore_errors=True)

    result = {
        "cold_s": round(statistics.median(cold), 2),
        "warm_s": round(statistics.median(warm), 2),
        "ratio_warm_over_cold": round(statistics.median(warm) / statistics.median(cold), 3),
        "repeat": args.repeat,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"book build, cold (fresh execution cache): {result['cold_s']:8.2f} s")
        print(f"book build, warm (execution cache)      : {result['warm_s']:8.2f} s")
        print(f"ratio warm/cold                          : {result['ratio_warm_over_cold']:8.3f}")


if __name__ == "__main__":
    main()
