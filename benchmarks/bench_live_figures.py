"""Live figures on the static site: page weight, response time, added build time.

    python benchmarks/bench_live_figures.py            # all three, on _build/html
    BOOK_HTML=<folder> python benchmarks/bench_live_figures.py
    python benchmarks/bench_live_figures.py --no-build  # skip the precompute timing
    python benchmarks/bench_live_figures.py --build-only  # only the precompute timing

Page weight (budget: first load grows by <= 150 KB gzip per interactive
figure; data loaded on first interaction <= 1.5 MB gzip per figure):

* first load of a figure = its markup besides the PNG it already had (sliders,
  note, manifest) + the script and stylesheet (shared by a page's figures;
  counted in full against each, the worst case of a page with one figure);
* lazy data = data.json gzipped + background and atlas PNGs (gzip cannot
  shrink a PNG: their size as served).

Response (budget: median < 30 ms, 90th percentile < 60 ms): in headless
Chromium, data loaded, a slider is stepped through its grid; each step is
timed from the input event to the next animation frame after the canvas was
redrawn (the picture on screen), and the redraw alone.

Build: the precompute of every interactive figure (clustercode._live_export,
as the book build runs it: two forked workers) timed here in one process;
that is the time it adds to a cold ``make book`` (budget <= 60 s). Wall time
depends on what else the machine runs, so CPU time (this process and its
workers), CPU per grid point and the load average are printed too.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests._browser_common import gatekeeper  # noqa: E402 (the tests' route handler)

SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
CHROMIUM = "/usr/bin/chromium"
FIGURE = re.compile(r'<div class="cc-live" id="[^"]+">.*?</script></div>', re.S)
IMG = re.compile(r"<img [^>]*>")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def page_weight() -> list[dict]:
    static = SITE / "_static"
    shared = gz((static / "live-figures.js").read_bytes()) + gz(
        (static / "live-figures.css").read_bytes())
    rows = []
    for html in sorted(SITE.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        for markup in FIGURE.findall(text):
            manifest = json.loads(re.search(
                r'<script type="application/json" class="cc-live-manifest">(.*?)</script>',
                markup, re.S).group(1))
            folder = (html.parent / manifest["src"]).resolve().parent
            data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
            pngs = sum((folder / n).stat().st_size for n in data["backgrounds"]) + (
                folder / data["atlas"]).stat().st_size
            rows.append({
                "page": html.relative_to(SITE).as_posix(),
                "sliders": [len(s["grid"]) for s in manifest["sliders"]],
                "first_kb": (gz(IMG.sub("", markup).encode()) + shared) / 1e3,
                "lazy_kb": (gz((folder / "data.json").read_bytes()) + pngs) / 1e3,
                "json_kb": gz((folder / "data.json").read_bytes()) / 1e3,
                "png_kb": pngs / 1e3,
                "backgrounds": len(data["backgrounds"]),
                "sprites": len(data["sprites"]),
            })
    return rows


STEP_JS = """
async ([id, k, steps]) => {
  const live = document.getElementById(id).ccLive;
  await live.load();
  const input = live.inputs[k], grid = live.manifest.sliders[k].grid;
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  await frame();
  const total = [], draw = [];
  for (let i = 0; i < steps; i++) {
    const j = (i % (grid.length - 1)) + 1;
    const before = live.drawCount;
    const t0 = performance.now();
    input.value = String(grid[(Math.floor(i / (grid.length - 1)) % 2) ? grid.length - 1 - j : j]);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const t1 = performance.now();
    await frame();
    const t2 = performance.now();
    if (live.drawCount === before) { throw new Error('no redraw'); }
    draw.push(t1 - t0); total.push(t2 - t0);
  }
  return {total, draw};
}
"""


def response() -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    totals, draws, foreign = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", gatekeeper(base, foreign))
            page = context.new_page()
            for html in sorted(SITE.rglob("*.html")):
                if "cc-live-manifest" not in html.read_text(encoding="utf-8"):
                    continue
                page.goto(f"{base}/{html.relative_to(SITE).as_posix()}", wait_until="load")
                for ident in page.eval_on_selector_all("div.cc-live", "e => e.map(x => x.id)"):
                    n = page.eval_on_selector(f"#{ident}", "e => e.ccLive.inputs.length")
                    for k in range(n):
                        out = page.evaluate(STEP_JS, [ident, k, 40])
                        totals += out["total"]
                        draws += out["draw"]
            browser.close()
    finally:
        httpd.shutdown()
    q = statistics.quantiles
    return {"steps": len(totals), "median_ms": statistics.median(totals),
            "p90_ms": q(totals, n=10)[-1], "draw_median_ms": statistics.median(draws),
            "draw_p90_ms": q(draws, n=10)[-1], "foreign": foreign}


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the forked workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def build_time() -> dict:
    """Precompute every interactive figure as the book build does; wall and CPU time."""
    from clustercode._live_export import export_live
    from clustercode.figures import INTERACTIVE_FIGURES

    rows = []
    load0 = os.getloadavg()[0]
    for name, factory in INTERACTIVE_FIGURES.items():
        fig = factory()
        t0, c0 = time.perf_counter(), _cpu()
        data = export_live(fig)
        rows.append({"figure": name, "wall_s": time.perf_counter() - t0, "cpu_s": _cpu() - c0,
                     "points": len(data["frames"]),
                     "grid": "x".join(str(len(sl["grid"])) for sl in data["sliders"])})
        fig.close()
    return {"rows": rows, "wall_s": sum(r["wall_s"] for r in rows),
            "cpu_s": sum(r["cpu_s"] for r in rows), "points": sum(r["points"] for r in rows),
            "load": (load0, os.getloadavg()[0])}


def _print_build(b: dict) -> bool:
    for r in b["rows"]:
        print(f"  {r['figure']:28s} {r['grid']:>8s} {r['points']:4d} points "
              f"{r['wall_s']:6.1f} s wall {r['cpu_s']:6.1f} s CPU "
              f"({1000 * r['cpu_s'] / r['points']:.0f} ms CPU a point)")
    print(f"precompute of every figure ({b['points']} grid points): {b['wall_s']:.1f} s wall, "
          f"{b['cpu_s']:.1f} s CPU ({1000 * b['cpu_s'] / b['points']:.0f} ms a point), "
          f"load average {b['load'][0]:.1f} -> {b['load'][1]:.1f} on "
          f"{os.cpu_count()} cores (added to a cold make book; budget 60 s)")
    return b["wall_s"] <= 60


def main() -> int:
    if "--build-only" in sys.argv:
        sys.argv.remove("--build-only")
        ok = _print_build(build_time())
        print("within budget" if ok else "OVER BUDGET (see the lines above)")
        return 0
    if not (SITE / "_static" / "live-figures.js").exists():
        print(f"no live figures in {SITE}: run `make book` first")
        return 1
    rows = page_weight()
    print(f"page weight ({len(rows)} live figures, {SITE})")
    print(f"{'page':42s} {'grid':>12s} {'first KB':>9s} {'lazy KB':>8s} "
          f"{'json':>6s} {'png':>6s} {'bg':>3s} {'spr':>4s}")
    for r in rows:
        print(f"{r['page']:42s} {'x'.join(map(str, r['sliders'])):>12s} {r['first_kb']:9.1f} "
              f"{r['lazy_kb']:8.1f} {r['json_kb']:6.1f} {r['png_kb']:6.1f} "
              f"{r['backgrounds']:3d} {r['sprites']:4d}")
    ok = all(r["first_kb"] <= 150 and r["lazy_kb"] <= 1500 for r in rows)
    print(f"max first load {max(r['first_kb'] for r in rows):.1f} KB gzip (budget 150), "
          f"max lazy {max(r['lazy_kb'] for r in rows):.1f} KB (budget 1500)")
    res = response()
    print(f"response over {res['steps']} slider steps: median {res['median_ms']:.1f} ms, "
          f"p90 {res['p90_ms']:.1f} ms to the next frame (budget 30 / 60); redraw alone "
          f"median {res['draw_median_ms']:.2f} ms, p90 {res['draw_p90_ms']:.2f} ms")
    ok = ok and res["median_ms"] < 30 and res["p90_ms"] < 60 and not res["foreign"]
    if res["foreign"]:
        print("requests to other hosts:", res["foreign"])
    if "--no-build" not in sys.argv:
        ok = _print_build(build_time()) and ok
    print("within budget" if ok else "OVER BUDGET (see the lines above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
