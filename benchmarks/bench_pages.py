"""Benchmark: page weight and time to a fully rendered page, per chapter.

Every page of the built site (``_build/html``, from ``make book``) is opened in
headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright), with a
cold cache each time, from a local ``http.server``. For each page:

* **weight** -- bytes of the HTML and of everything it loaded (CSS, JS,
  MathJax and the fonts and extensions MathJax fetched, images), from the
  browser's Resource Timing entries (decoded body sizes; the local server does
  not compress), the same files gzip-compressed (what a host such as GitHub
  Pages sends), and the number of requests;
* **rendered** -- milliseconds from the start of navigation until the load
  event has fired, every image is decoded and MathJax has finished typesetting
  (``MathJax.startup.promise``); the median of ``--repeat`` visits.

The baseline, measured in the same run and the same browser, is a minimal page
of the same site that loads only MathJax (same file, same configuration) and
typesets one inline and one display formula: the ratios say how much heavier
and slower a chapter is than "MathJax alone". Requests to other hosts are
blocked and counted (there should be none).

    .venv/bin/python benchmarks/bench_pages.py [--site _build/html] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", "--disable-quic", "--disable-extensions"]
BASELINE = "__bench_baseline__.html"
BASELINE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>MathJax only</title>
<script>window.MathJax = {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}</script>
<script defer src="_static/mathjax/tex-mml-chtml.js"></script>
</head><body>
<p>Inline: <span class="math notranslate nohighlight">\\(x_i^2 + \\beta \\sum_{j \\ne i} x_j\\)</span>.</p>
<div class="math notranslate nohighlight">\\[P = a - bQ, \\qquad Q = \\sum_{i=1}^n q_i.\\]</div>
</body></html>
"""
RENDERED_JS = """
async () => {
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
      new Promise(done => { img.onload = img.onerror = done; })));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  const ms = performance.now();
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const bytes = (nav ? nav.decodedBodySize : 0) + res.reduce((s, r) => s + r.decodedBodySize, 0);
  return {ms, bytes, requests: 1 + res.length,
          urls: [location.href.split('#')[0], ...res.map(r => r.name)]};
}
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if urlsplit(self.path).path == "/" + BASELINE:
            body = BASELINE_HTML.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()


@functools.cache
def gzipped_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in (".png", ".jpg", ".woff", ".woff2"):  # already compressed
        return len(data)
    return len(gzip.compress(data, compresslevel=6))


def gzip_weight(site: Path, base: str, urls: list[str]) -> int:
    total = 0
    for url in urls:
        rel = urlsplit(url).path.lstrip("/")
        path = site / rel
        if rel == BASELINE:
            total += len(gzip.compress(BASELINE_HTML.encode("utf-8")))
        elif path.is_file():
            total += gzipped_size(path)
    return total


def pages_of(site: Path) -> list[str]:
    """The pages to measure: the root and every chapter (whatever the build made)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] == "chapters" or p.name == "index.html"
                  and p.parent == site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--repeat", type=int, default=3, help="visits per page (median time)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()

    site = args.site.resolve()
    if not (site / "index.html").exists() and site == (ROOT / "_build" / "html").resolve():
        print("no site yet: running `make book` first", flush=True)
        subprocess.run(["make", "-C", str(ROOT), "book"], check=True, stdin=subprocess.DEVNULL)
    if not (site / "index.html").exists():
        raise SystemExit(f"no site at {site}: run `make book` first")
    if not (site / "_static" / "mathjax" / "tex-mml-chtml.js").exists():
        raise SystemExit("the site has no local MathJax (_static/mathjax): rebuild with `make book`")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: as root, bash scripts/install-system-deps.sh")
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    host = urlsplit(base).netloc
    blocked: list[str] = []

    def gate(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == host:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for rel in [BASELINE, *pages_of(site)]:
                runs = []
                for _ in range(args.repeat):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.route("**/*", gate)
                    page = context.new_page()
                    page.goto(f"{base}/{rel}", wait_until="load", timeout=120_000)
                    runs.append(page.evaluate(RENDERED_JS))
                    context.close()
                results[rel] = {
                    "bytes": max(r["bytes"] for r in runs),
                    "gzip_bytes": gzip_weight(site, base, runs[0]["urls"]),
                    "requests": max(r["requests"] for r in runs),
                    "ms": statistics.median(r["ms"] for r in runs),
                }
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()

    base_r = results[BASELINE]
    if args.json:
        print(json.dumps({"baseline": base_r, "pages": {k: v for k, v in results.items()
                                                         if k != BASELINE},
                          "blocked_requests": blocked}, indent=2))
    else:
        print(f"Pages of {site} in headless Chromium, cold cache, median of {args.repeat} visits.")
        print("Baseline: a page of the same site with MathJax only (one inline, one display formula).\n")
        head = (f"{'page':38s} {'KiB':>6s} {'x base':>7s} {'gzip KiB':>9s} {'x base':>7s} "
                f"{'requests':>8s} {'rendered ms':>12s} {'x base':>7s}")
        print(head)
        print("-" * len(head))
        for rel, r in results.items():
            name = "baseline: MathJax only" if rel == BASELINE else rel
            print(f"{name:38s} {r['bytes'] / 1024:6.0f} {r['bytes'] / base_r['bytes']:7.2f} "
                  f"{r['gzip_bytes'] / 1024:9.0f} {r['gzip_bytes'] / base_r['gzip_bytes']:7.2f} "
                  f"{r['requests']:8d} {r['ms']:12.0f} {r['ms'] / base_r['ms']:7.2f}")
        print(f"\nrequests to other hosts (blocked): {len(blocked)}")
    if blocked:
        sys.stderr.write("the site tried to reach other hosts:\n" + "\n".join(sorted(set(blocked))) + "\n")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
