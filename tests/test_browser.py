"""The website in a real browser: Debian's Chromium, headless, driven by
Playwright (``executable_path=/usr/bin/chromium``; Playwright's own browser
download cannot work here), with every request to another host blocked.

The site is the one tests/conftest.py builds for this session (``-W -n``), with
the PDF copied in as the publishing workflow does, served by a local
``http.server`` on a free port. Every HTML page the build produced is visited
(whatever chapters exist: nothing here lists them), and for each:

* no request leaves 127.0.0.1 (requests elsewhere are aborted and recorded);
* no console error, no uncaught exception, no failed local request;
* every formula is typeset (by MathJax at build time, _ext/lean_pages.py; the
  pages load no MathJax script): every ``.math`` element holds a MathJax
  container, none shows a MathJax error, no raw ``$...$``, ``\\(`` or ``\\[``
  is left in the text (tests/test_page_weight.py checks their glyphs);
* every image loads (naturalWidth > 0); every local link and anchor resolves;
* no ipywidgets text repr (``interactive(children=...``, ``VBox(...``);
* a full-page screenshot in ``_build/screenshots/`` for review.

Per chapter: every figure the notebook produced is shown, each interactive
figure as its static PNG (with its slider panel, drawn by clustercode.widgets),
every figure with real alt text, and every ``{prf:proposition}`` is a visible box. The
search page finds a word of the book. Under CI=true nothing is skipped.
"""

from __future__ import annotations

import functools
import http.server
import os
import posixpath
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests._browser_common import gatekeeper
from tests.test_book import (
    IN_CI,
    PDF_TOOLS,
    ROOT,
    WIDGET_TEXT,
    WIDGET_VIEW,
    is_notebook,
    png_outputs,
    source_of,
    tail,
    toc_docnames,
)

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
# The flags Debian's Chromium needs here: no sandbox (root), no GPU, and none of
# the background connections to Google's services (the network is closed).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic",
                 "--disable-default-apps", "--disable-extensions"]
SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGE_TIMEOUT_MS = 180_000  # generous: a loaded 2-core machine renders the API page slowly
VIEWPORT = {"width": 1280, "height": 900}
PROPOSITION = re.compile(r"^\s*(`{3,}|:{3,})\{prf:proposition\}", re.M)
# TeX left in the text after typesetting: \( \) \[ \] \begin{..}, or $...$
# around something TeX-like (a backslash command, ^ or _).
RAW_MATH = re.compile(r"\\[()\[\]]|\\begin\{|\$[^$\n]{0,200}?(?:\\[A-Za-z]+|[\^_])[^$\n]{0,200}?\$")


# ----------------------------------------------------------------------------- setup
def require_browser() -> None:
    reasons = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("playwright is not installed (pip install -r requirements.txt)")
    if not Path(CHROMIUM).exists():
        reasons.append(f"{CHROMIUM} not found (as root: bash scripts/install-system-deps.sh "
                       "browser, which runs apt-get install chromium)")
    if reasons:
        msg = "; ".join(reasons)
        if IN_CI:
            pytest.fail(msg + ". CI=true: the browser tests may not be skipped.")
        pytest.skip(msg)


def pdf_tools_present() -> bool:
    return all(shutil.which(tool) for tool in PDF_TOOLS)


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The built site, with book.pdf copied in as the publishing workflow does.

    BOOK_HTML=<folder> looks at an existing build instead (e.g. _build/html
    after `make site`), for a quick look while working on the site.
    """
    if os.environ.get("BOOK_HTML"):
        return Path(os.environ["BOOK_HTML"]).resolve()
    proc, html = request.getfixturevalue("html_build")
    if proc.returncode != 0:
        pytest.fail(f"the HTML build failed, nothing to look at:\n{tail(proc)}")
    pdf = request.getfixturevalue("pdf_build")[1] / "book.pdf"
    if pdf.exists():
        shutil.copy2(pdf, html / "book.pdf")
    return html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output readable
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# Module scope: the sync Playwright instance (and its event loop) must be gone
# before tests/test_jupyterlab.py starts its own.
@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the build (paths relative to the site root)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith(("_static", "_sources")))


# In the page: wait for images and MathJax, then report what a reader sees.
INSPECT_JS = """
async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(img => { img.loading = 'eager'; });
  await Promise.all(imgs.map(img => img.complete ? null :
      new Promise(done => { img.onload = img.onerror = done; })));
  let mathjax = null;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    mathjax = MathJax.version;
  }
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .highlight, textarea')
       .forEach(el => el.remove());
  const mathEls = Array.from(document.querySelectorAll('.math'));
  return {
    mathjax,
    mathElements: mathEls.length,
    mathUntypeset: mathEls.filter(el => !el.querySelector('mjx-container'))
                          .map(el => el.textContent.slice(0, 80)),
    mathErrors: Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]'))
                     .map(el => el.getAttribute('data-mjx-error') || el.textContent),
    text: clone.textContent,
    bodyText: document.body.innerText,
    images: imgs.map(img => ({src: img.getAttribute('src'), width: img.naturalWidth,
                              alt: img.getAttribute('alt') || '',
                              interactive: img.classList.contains('interactive-figure'),
                              inOutput: !!img.closest('.cell_output')})),
    propositions: Array.from(document.querySelectorAll('div.proposition'))
                       .map(el => ({height: el.getBoundingClientRect().height,
                                    title: (el.querySelector('.admonition-title') || el)
                                           .textContent.trim().slice(0, 120)})),
  };
}
"""


@pytest.fixture(scope="module")
def pages(site, server, browser) -> dict[str, dict]:
    """Visit every page once; map page path -> what was seen there."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    host = urlsplit(server).netloc
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    foreign: list[tuple[str, str]] = []
    current = {"page": ""}
    context.route("**/*", gatekeeper(host, lambda url: foreign.append((current["page"], url))))
    reports: dict[str, dict] = {}
    try:
        for rel in html_pages(site):
            current["page"] = rel
            page = context.new_page()
            errors: list[str] = []
            failed: list[str] = []
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(f"uncaught: {exc}"))
            page.on("requestfailed", lambda r, f=failed: f.append(f"{r.url} ({r.failure})"))
            page.on("response", lambda r, f=failed: f.append(f"{r.url} (HTTP {r.status})")
                    if r.status >= 400 else None)
            response = page.goto(f"{server}/{rel}", wait_until="load", timeout=PAGE_TIMEOUT_MS)
            report = page.evaluate(INSPECT_JS)
            report.update(status=response.status if response else None,
                          console_errors=errors, failed_requests=failed)
            shot = SCREENSHOTS / (rel.replace("/", "__").removesuffix(".html") + ".png")
            page.screenshot(path=str(shot), full_page=True, timeout=PAGE_TIMEOUT_MS)
            report["screenshot"] = shot
            reports[rel] = report
            page.close()
    finally:
        context.close()
    reports["__foreign__"] = foreign  # type: ignore[assignment]
    return reports


def visited(pages: dict) -> dict[str, dict]:
    return {k: v for k, v in pages.items() if k != "__foreign__"}


# ----------------------------------------------------------------------------- whole site
def test_every_toc_page_was_built_and_visited(pages):
    seen = visited(pages)
    expected = [f"{doc}.html" for doc in toc_docnames()] + ["search.html", "genindex.html"]
    missing = [p for p in expected if p not in seen]
    assert not missing, f"pages missing from the site: {missing}"
    bad = {p: r["status"] for p, r in seen.items() if r["status"] != 200}
    assert not bad, f"pages not served with HTTP 200: {bad}"


def test_no_request_leaves_the_site(pages):
    foreign = pages["__foreign__"]
    assert not foreign, ("pages tried to load from other hosts (the site must be "
                         "self-contained):\n" + "\n".join(f"{p}: {u}" for p, u in foreign))


def test_no_console_errors_or_failed_requests(pages):
    problems = {p: r["console_errors"] + r["failed_requests"] for p, r in visited(pages).items()
                if r["console_errors"] or r["failed_requests"]}
    assert not problems, "console errors or failed requests:\n" + "\n".join(
        f"{p}: {msgs}" for p, msgs in problems.items())


def test_mathjax_typesets_every_formula(pages):
    seen = visited(pages)
    math_pages = {p: r for p, r in seen.items() if r["mathElements"]}
    assert math_pages, "no page has any mathematics: is MathJax wired in at all?"
    problems = []
    for p, r in math_pages.items():
        if r["mathjax"] is not None:
            problems.append(f"{p}: loads MathJax {r['mathjax']} (formulas are typeset at "
                            "build time)")
        if r["mathUntypeset"]:
            problems.append(f"{p}: formulas not typeset: {r['mathUntypeset'][:5]}")
        if r["mathErrors"]:
            problems.append(f"{p}: MathJax errors: {r['mathErrors'][:5]}")
    for p, r in seen.items():
        raw = RAW_MATH.search(r["text"])
        if raw:
            problems.append(f"{p}: raw TeX in the text: {raw.group(0)[:100]!r}")
    assert not problems, "\n".join(problems)


def test_every_image_loads(pages):
    broken = [f"{p}: {img['src']}" for p, r in visited(pages).items()
              for img in r["images"] if img["width"] == 0]
    assert not broken, "images that did not load:\n" + "\n".join(broken)


def test_no_widget_text_repr(pages):
    shown = {p: m.group(0) for p, r in visited(pages).items()
             if (m := WIDGET_TEXT.search(r["bodyText"]))}
    assert not shown, f"widgets shown as text: {shown}"


def test_screenshots_written(pages):
    for p, r in visited(pages).items():
        shot = r["screenshot"]
        assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", p


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\b(?:id|name)="([^"]+)"', html))


def test_internal_links_and_anchors_resolve(site, pages):
    """Every local href/src of every page points at a file of the site, and
    every #anchor at an id on the target page (book.pdf included: the site
    is published with it)."""
    from bs4 import BeautifulSoup

    if not (site / "book.pdf").exists() and not IN_CI and not pdf_tools_present():
        pytest.skip("no PDF tools here, so no book.pdf in the site (see test_pdf_build)")
    id_cache: dict[Path, set[str]] = {}
    broken = []
    for rel in html_pages(site):
        path = site / rel
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for el in soup.find_all(tag, attrs={attr: True}):
                url = el[attr]
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                    continue
                target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file() or site.resolve() not in target.resolve().parents:
                    broken.append(f"{rel}: {tag} {attr}={url!r} (no such file)")
                    continue
                if parts.fragment and target.suffix == ".html":
                    if target not in id_cache:
                        id_cache[target] = ids_in(target.read_text(encoding="utf-8"))
                    if unquote(parts.fragment) not in id_cache[target]:
                        broken.append(f"{rel}: {url!r} (no anchor #{parts.fragment})")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_download_and_launch_buttons_on_every_page(site):
    """The download menu of every chapter offers its notebook and the book's
    PDF; every notebook chapter has a Binder launch button."""
    problems = []
    for doc in toc_docnames():
        page = (site / f"{doc}.html").read_text(encoding="utf-8")
        if "download-book-pdf-button" not in page:
            problems.append(f"{doc}: no Book (PDF) entry in the download menu")
        if is_notebook(doc) and not re.search(r'href="[^"]*_sources/[^"]+\.ipynb"', page):
            problems.append(f"{doc}: no .ipynb download")
        if is_notebook(doc) and not re.search(r'href="https://mybinder\.org/v2/gh/[^"]+"', page):
            problems.append(f"{doc}: no Binder launch button")
    assert not problems, "\n".join(problems)


def test_search_finds_a_word_of_the_book(server, browser):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{server}/search.html?q=spillover", wait_until="load", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector("#search-results ul.search li", timeout=PAGE_TIMEOUT_MS)
        hits = page.locator("#search-results ul.search li a").all()
        hrefs = [a.get_attribute("href") for a in hits]
        assert any("chapters/" in (h or "") for h in hrefs), hrefs
    finally:
        context.close()


# Terms in both languages and a page each must lead to. The Chinese ones are only
# findable because the index is segmented with jieba (_ext/zh_text.py); the
# English ones check that stemming still matches the browser's (plural, -ive).
SEARCHES = [
    ("溢出率", "chapters/ch04_homogeneous.html"),
    ("吸收能力", "chapters/ch04_heterogeneous.html"),
    ("研发联合体", "chapters/ch04_homogeneous.html"),
    ("模仿时滞", "chapters/ch03_mechanisms.html"),
    ("spillover", "chapters/ch04_homogeneous.html"),
    ("spillovers", "chapters/ch04_homogeneous.html"),
    ("absorptive", "chapters/ch04_heterogeneous.html"),
    ("imitation", "chapters/ch03_mechanisms.html"),
]


@pytest.mark.parametrize("term, expected", SEARCHES, ids=[t for t, _ in SEARCHES])
def test_search_finds_terms_in_both_languages(server, browser, term, expected):
    foreign: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.route("**/*", gatekeeper(server, foreign))
    try:
        page = context.new_page()
        page.goto(f"{server}/search.html?q={term}", wait_until="load", timeout=PAGE_TIMEOUT_MS)
        # Sphinx writes the summary ("Search finished, found N pages ...") when done.
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results p.search-summary');"
            " return s && /found/i.test(s.textContent); }", timeout=PAGE_TIMEOUT_MS)
        hrefs = [a.get_attribute("href") or "" for a in
                 page.locator("#search-results ul.search li a").all()]
        pages = {posixpath.normpath(unquote(urlsplit(h).path)).lstrip("/") for h in hrefs}
        assert expected in pages, f"searching {term!r} found {sorted(pages)}"
        assert not foreign, f"requests to other hosts: {foreign}"
    finally:
        context.close()


# ----------------------------------------------------------------------------- per chapter
@pytest.mark.parametrize("doc", toc_docnames())
def test_chapter_shows_its_figures_and_propositions(doc, pages, executed):
    report = visited(pages)[f"{doc}.html"]
    n_props = len(PROPOSITION.findall(source_of(doc).read_text(encoding="utf-8")))
    boxes = report["propositions"]
    assert len(boxes) == n_props, (f"{doc}: {n_props} {{prf:proposition}} in the source, "
                                   f"{len(boxes)} proposition boxes on the page")
    flat = [b for b in boxes if b["height"] < 20]
    assert not flat, f"{doc}: proposition boxes not visible: {flat}"
    assert all(b["title"].startswith("Proposition") for b in boxes), boxes

    nb = executed.get(doc)
    if nb is None:
        return
    if isinstance(nb, Exception):
        pytest.fail(f"{doc} did not execute: {nb}")
    n_png = png_outputs(nb)
    n_widgets = sum(1 for cell in nb.cells if cell.cell_type == "code"
                    for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {}))
    outputs = [img for img in report["images"] if img["inOutput"]]
    shown = [img for img in outputs if img["width"] > 0]
    assert len(shown) >= n_png, (f"{doc}: the notebook has {n_png} figures, "
                                 f"the page shows {len(shown)}")
    interactive = [img for img in shown if img["interactive"]]
    assert len(interactive) >= n_widgets, (
        f"{doc}: {n_widgets} interactive figures in the notebook, {len(interactive)} "
        "shown as their static image (with slider panel)")
    # Alt text for every figure (MyST-NB's default alt is the file name).
    no_alt = [img["src"] for img in shown if not img["alt"] or img["alt"].endswith(".png")]
    assert not no_alt, (
        f"{doc}: figures without alt text: {no_alt}. Pass alt= to interactive_figure, or "
        "give a static figure's cell the metadata `mystnb: {image: {alt: ...}}`")
