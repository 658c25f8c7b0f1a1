"""Benchmark: page weight and time to a fully rendered page, per chapter.

Every page of the built site (``_build/html``, from ``make book``) is opened in
headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright), with a
cold cache each time, from a local ``http.server``. For each page:

* **weight** -- bytes of the HTML and of everything it loaded, from the
  browser's Resource Timing entries (decoded body sizes; the local server does
  not compress), and the same files gzip-compressed (what a host such as GitHub
  Pages sends; fonts and images count as they are). Split by kind: html, css,
  js, font, image (the theme's), and **figure** (the chapter's own images,
  ``_images/``). The target of issue 12 is on what a chapter loads *besides*
  its figures: under 500 KB gzip;
* **requests**, and **rendered** -- milliseconds from the start of navigation
  until the load event has fired, every image is decoded and, where a page
  still typesets in the browser, MathJax has finished (the median of
  ``--repeat`` visits).

Two comparisons, measured in the same run and the same browser:

* ``--before DIR``: another build of the site (e.g. one made before a change,
  kept with ``cp -r _build/html _build/html-before``); each page is measured
  there too, and the ratio now/before of the weight without figures printed;
* the **baseline**, a minimal page that loads MathJax 3 in the browser (the
  package pinned in ``web/package.json``, served from ``web/node_modules``) and
  typesets one inline and one display formula: what "MathJax alone" costs.

Requests to other hosts are blocked and counted (there should be none).

    .venv/bin/python benchmarks/bench_pages.py [--site _build/html] [--before DIR]
                                               [--repeat 3] [--json]
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
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
MATHJAX_ES5 = ROOT / "web" / "node_modules" / "mathjax" / "es5"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", "--disable-quic", "--disable-extensions"]
BASELINE = "__bench_baseline__.html"
MATHJAX_PREFIX = "/__bench_mathjax__/"
BASELINE_HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>MathJax only</title>
<script defer src="{MATHJAX_PREFIX}tex-mml-chtml.js"></script>
</head><body>
<p>Inline: <span class="math notranslate nohighlight">\\(x_i^2 + \\beta \\sum_{{j \\ne i}} x_j\\)</span>.</p>
<div class="math notranslate nohighlight">\\[P = a - bQ, \\qquad Q = \\sum_{{i=1}}^n q_i.\\]</div>
</body></html>
"""
RENDERED_JS = """
async () => {
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
      new Promise(done => { img.onload = img.onerror = done; })));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
  const ms = performance.now();
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return {ms, requests: 1 + res.length,
          loaded: [[location.href.split('#')[0], nav ? nav.decodedBodySize : 0],
                   ...res.map(r => [r.name, r.decodedBodySize])]};
}
"""
KINDS = ("html", "css", "js", "font", "image", "figure")
COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2")


def kind_of(path: str) -> str:
    """What a loaded file is, from its site path."""
    suffix = Path(path).suffix.lower()
    if path.startswith("_images/"):
        return "figure"
    if suffix in (".html", ".htm", ""):
        return "html"
    if suffix == ".css":
        return "css"
    if suffix in (".js", ".mjs"):
        return "js"
    if suffix in (".woff", ".woff2", ".ttf", ".otf", ".eot"):
        return "font"
    return "image"


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        rel = urlsplit(path).path
        if rel.startswith(MATHJAX_PREFIX):
            return str(MATHJAX_ES5 / unquote(rel[len(MATHJAX_PREFIX):]))
        return super().translate_path(path)

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
    if path.suffix.lower() in COMPRESSED:  # already compressed
        return len(data)
    return len(gzip.compress(data, compresslevel=6))


def local_file(site: Path, url: str) -> tuple[str, Path | None]:
    rel = unquote(urlsplit(url).path).lstrip("/")
    if rel.startswith(MATHJAX_PREFIX.strip("/") + "/"):
        return rel, MATHJAX_ES5 / rel.split("/", 1)[1]
    path = site / rel
    return rel, path if path.is_file() else None


def weigh(site: Path, loaded: list[list]) -> dict:
    """Raw and gzip bytes of what a page loaded, by kind."""
    out = {k: {"bytes": 0, "gzip_bytes": 0, "files": 0} for k in KINDS}
    for url, raw in loaded:
        rel, path = local_file(site, url)
        kind = kind_of(rel)
        if rel == BASELINE:
            gz = len(gzip.compress(BASELINE_HTML.encode("utf-8")))
        else:
            gz = gzipped_size(path) if path is not None else 0
        out[kind]["bytes"] += raw
        out[kind]["gzip_bytes"] += gz
        out[kind]["files"] += 1
    for key in ("bytes", "gzip_bytes"):
        out["total_" + key] = sum(out[k][key] for k in KINDS)
        out["without_figures_" + key] = out["total_" + key] - out["figure"][key]
    return out


def pages_of(site: Path) -> list[str]:
    """The pages to measure: the root and every chapter (whatever the build made)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] == "chapters" or p.name == "index.html"
                  and p.parent == site)


class Site:
    """A built site served on 127.0.0.1 (a free port) while measured."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def measure(browser, site: Site, rel: str, repeat: int, blocked: list[str]) -> dict:
    host = urlsplit(site.base).netloc

    def gate(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == host:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    runs = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", gate)
        page = context.new_page()
        page.goto(f"{site.base}/{rel}", wait_until="load", timeout=120_000)
        runs.append(page.evaluate(RENDERED_JS))
        context.close()
    result = weigh(site.folder, max(runs, key=lambda r: sum(b for _, b in r["loaded"]))["loaded"])
    result.update(requests=max(r["requests"] for r in runs),
                  ms=statistics.median(r["ms"] for r in runs))
    return result


def kib(n: float) -> str:
    return f"{n / 1024:7.0f}"


def print_table(site: Path, results: dict, before: dict, repeat: int, blocked: list) -> None:
    print(f"Pages of {site} in headless Chromium, cold cache, median of {repeat} visits.")
    print("KiB of what each page loads; gzip as a static host sends it. 'no fig' = "
          "everything but the chapter's own figures (_images/).")
    print("Baseline: a page with MathJax 3 in the browser only (one inline, one display "
          "formula).\n")
    cols = [f"{'page':34s}", f"{'no fig':>7s}", f"{'gzip':>7s}"]
    cols += [f"{k:>7s}" for k in KINDS]
    cols += [f"{'figures':>7s}", f"{'req':>4s}", f"{'ms':>6s}"]
    if before:
        cols += [f"{'before':>7s}", f"{'x bef.':>6s}", f"{'ms bef.':>7s}"]
    head = " ".join(cols)
    print(" " * 51 + " gzip by kind ".center(8 * len(KINDS) - 1, "-"))
    print(head)
    print("-" * len(head))
    for rel, r in results.items():
        name = "baseline: MathJax only" if rel == BASELINE else rel
        row = [f"{name:34s}", kib(r["without_figures_bytes"]), kib(r["without_figures_gzip_bytes"])]
        row += [kib(r[k]["gzip_bytes"]) for k in KINDS]
        row += [kib(r["figure"]["bytes"]), f"{r['requests']:4d}", f"{r['ms']:6.0f}"]
        if before:
            b = before.get(rel)
            if b:
                row += [kib(b["without_figures_gzip_bytes"]),
                        f"{r['without_figures_gzip_bytes'] / b['without_figures_gzip_bytes']:6.2f}",
                        f"{b['ms']:7.0f}"]
        print(" ".join(row))
    pages = [r for rel, r in results.items() if rel != BASELINE]
    if pages:
        worst = max(r["without_figures_gzip_bytes"] for r in pages)
        print(f"\nheaviest page without its figures: {worst / 1024:.0f} KiB gzip "
              f"({max(r['without_figures_bytes'] for r in pages) / 1024:.0f} KiB raw); "
              "target of issue 12: under 500 KB gzip")
    if before:
        pb = [b for rel, b in before.items() if rel != BASELINE]
        print(f"before ({len(pb)} pages): heaviest without figures "
              f"{max(b['without_figures_gzip_bytes'] for b in pb) / 1024:.0f} KiB gzip, "
              f"{max(b['without_figures_bytes'] for b in pb) / 1024:.0f} KiB raw")
    print(f"requests to other hosts (blocked): {len(blocked)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--before", type=Path, default=None,
                        help="another build to measure in the same run (ratio now/before)")
    parser.add_argument("--repeat", type=int, default=3, help="visits per page (median time)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()

    site = args.site.resolve()
    if not (site / "index.html").exists() and site == (ROOT / "_build" / "html").resolve():
        print("no site yet: running `make book` first", flush=True)
        subprocess.run(["make", "-C", str(ROOT), "book"], check=True, stdin=subprocess.DEVNULL)
    for folder in filter(None, [site, args.before]):
        if not (folder / "index.html").exists():
            raise SystemExit(f"no site at {folder}: run `make book` first")
    if not (MATHJAX_ES5 / "tex-mml-chtml.js").exists():
        raise SystemExit("MathJax is not in web/node_modules (the baseline): run `make web-assets`")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: as root, bash scripts/install-system-deps.sh")
    from playwright.sync_api import sync_playwright

    now = Site(site)
    then = Site(args.before.resolve()) if args.before else None
    blocked: list[str] = []
    results: dict[str, dict] = {}
    before: dict[str, dict] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for rel in [BASELINE, *pages_of(site)]:
                results[rel] = measure(browser, now, rel, args.repeat, blocked)
                if then and rel != BASELINE and (then.folder / rel).is_file():
                    before[rel] = measure(browser, then, rel, args.repeat, blocked)
            browser.close()
    finally:
        now.close()
        if then:
            then.close()

    if args.json:
        print(json.dumps({"baseline": results[BASELINE],
                          "pages": {k: v for k, v in results.items() if k != BASELINE},
                          "before": before, "blocked_requests": blocked}, indent=2))
    else:
        print_table(site, results, before, args.repeat, blocked)
    if blocked:
        sys.stderr.write("the site tried to reach other hosts:\n" + "\n".join(sorted(set(blocked))) + "\n")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
