"""Benchmark: slider step -> new image painted, in a real JupyterLab in Chromium.

Run from the repository root::

    .venv/bin/python benchmarks/bench_jupyterlab.py [--steps 8] [--chapters ch04_homogeneous ...]

JupyterLab runs from the project's .venv with Binder's settings and server
configuration, on 127.0.0.1, in headless Debian Chromium (tests/lab_client.py,
the same harness as tests/test_jupyterlab.py). Per chapter notebook it measures
the time from "Run All" to every interactive figure shown. Per interactive
figure it presses an arrow key on each slider ``--steps`` times (turning back at
the end of the track) and times, in the page's clock, the keydown event -> the
widget's image has its new PNG decoded and the next frame painted
(``tests.lab_client.press_and_time``: the handle is focused and the watch armed
before the key goes down, so the harness's own calls into the page are not
counted). That time is split into the reply (keydown -> new image source: the
comm round trip through the server and the kernel, and the kernel's redraw),
the decode and the paint. In the same run, in this process, the same
figure (``clustercode.figures.INTERACTIVE_FIGURES``, matched to the browser's by
its alt text) is stepped the same way through ``InteractiveFigure.update`` (the
redraw plus the PNG the widget sends); the ratio browser/in-process says how
much the round trip through the kernel, the comm and the browser adds.

Target: 90th percentile under 100 ms for every figure. Always exits 0 (a
benchmark informs, the tests decide).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import lab_client as lab  # noqa: E402
from tests.test_book import is_notebook, toc_docnames  # noqa: E402

TARGET_P90_MS = 100.0


def p90(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]


def in_process(alt: str, steps: int) -> list[float]:
    fig = lab.figure_by_alt(alt)
    if fig is None:
        return []
    times = []
    for s in fig.sliders:
        direction = 1
        for _ in range(steps):
            value = fig.values[s.name] + direction * s.step
            if value > s.max or value < s.min:
                direction = -direction
                value = fig.values[s.name] + direction * s.step
            t = time.perf_counter()
            fig.update(**{s.name: value})
            times.append(1000 * (time.perf_counter() - t))
    fig.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=8, help="key presses per slider")
    ap.add_argument("--chapters", nargs="*", help="chapter names (default: every notebook)")
    args = ap.parse_args()
    docs = [d for d in toc_docnames() if is_notebook(d)]
    if args.chapters:
        docs = [d for d in docs if any(d.endswith(c) for c in args.chapters)]
    rows, runs = [], []
    with lab.jupyterlab() as (base, token, _), lab.chromium() as browser:
        for doc in docs:
            page = lab.LabPage(browser, base, token)
            try:
                seconds, n = page.run_chapter(f"{doc}.md")
                runs.append((doc, seconds, n))
                for i, fig in page.each_figure(n):
                    alt = lab.figure_alt(fig)
                    times, parts = [], []
                    handles = lab.slider_handles(fig)
                    for k in range(handles.count()):
                        handle, key = handles.nth(k), "ArrowRight"
                        for _ in range(args.steps):
                            key = lab.step_key(handle, key)
                            ms, split = lab.press_and_time(page.page, fig, handle, key, parts=True)
                            if ms is not None:
                                times.append(ms)
                                parts.append(split)
                    local = in_process(alt, args.steps) if alt else []
                    rows.append((f"{doc.split('/')[-1]} #{i + 1}", times, local, parts))
            finally:
                page.close()

    print("Run All -> every interactive figure shown (s), per chapter:")
    for doc, seconds, n in runs:
        print(f"  {doc:34s} {seconds:7.1f} s   figures: {n}")
    print()
    print(f"{'figure':28s} {'n':>3s} {'browser med':>11s} {'p90':>7s} "
          f"{'in-proc med':>11s} {'p90':>7s} {'ratio med':>9s}  target p90<{TARGET_P90_MS:.0f}"
          "   median reply / decode / paint")
    worst = 0.0
    for name, times, local, parts in rows:
        if not times:
            print(f"{name:28s}   0   (no image change measured)")
            continue
        med, q = statistics.median(times), p90(times)
        worst = max(worst, q)
        lmed = statistics.median(local) if local else float("nan")
        lq = p90(local) if local else float("nan")
        ratio = med / lmed if local else float("nan")
        verdict = "PASS" if q < TARGET_P90_MS else "FAIL"
        split = " / ".join(f"{statistics.median(p[k] for p in parts):5.1f}" for k in ("reply", "decode", "paint"))
        print(f"{name:28s} {len(times):3d} {med:9.1f}ms {q:5.1f}ms {lmed:9.1f}ms {lq:5.1f}ms "
              f"{ratio:9.2f}  {verdict}      {split} ms")
    print(f"\nworst 90th percentile in the browser: {worst:.1f} ms "
          f"({'PASS' if worst < TARGET_P90_MS else 'FAIL'} against {TARGET_P90_MS:.0f} ms)")


if __name__ == "__main__":
    main()
