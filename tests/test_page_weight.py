"""Light pages that lose nothing, and pages that fit a phone (issue 12).

The site is the one tests/conftest.py builds for the session (or BOOK_HTML=<folder>),
served and visited with the fixtures of tests/test_browser.py (Debian's Chromium,
every request to another host blocked). _ext/lean_pages.py typesets the formulas
at build time and cuts Font Awesome down to the icons the site shows; these tests
check that nothing was lost on the way:

* no page loads fontawesome.js, a full Font Awesome font, or a MathJax script,
  and the site no longer contains them; nothing is requested from another host;
* every icon element (``fa-*``) of every page has its glyph: the glyph's code
  point is in the subset font its family uses, the browser gives it a
  ``::before`` glyph in that family, every visible icon has a non-zero size,
  and the subset fonts were really loaded;
* every formula is typeset (``.math`` holds MathJax's CommonHTML), every
  character of every formula has its glyph in the stylesheet (``mjx-c::before``),
  MathJax's fonts are loaded where formulas are visible, no TeX is left in the
  text, every numbered equation shows its number;
* at phone width (390 px) nothing is wider than the screen except inside a
  block that scrolls, and no equation number overlaps its formula.

Page weight itself is measured by benchmarks/bench_pages.py, not asserted here.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests import test_browser
from tests._browser_common import gatekeeper
from tests.test_browser import PAGE_TIMEOUT_MS, html_pages

# The same fixtures as the browser tests: the session's site (or BOOK_HTML), its
# local server, and Chromium (module scope).
site = test_browser.site
server = test_browser.server
browser = test_browser.browser

pytestmark = [pytest.mark.book, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FA_FONTS = {"fa-solid-900": ("Font Awesome 6 Free", 900),
            "fa-regular-400": ("Font Awesome 6 Free", 400),
            "fa-brands-400": ("Font Awesome 6 Brands", 400)}
WEBFONTS = Path("_static/vendor/fontawesome/webfonts")
HEAVY = re.compile(r"/scripts/fontawesome\.js|/fa-[a-z]+-\d+\.(woff2|ttf)|/mathjax/[^?]*\.js")

# In the page: every icon element and every formula, as the browser draws them.
INSPECT_JS = """
async () => {
  await document.fonts.ready;
  const visible = el => { const r = el.getBoundingClientRect();
    return el.checkVisibility({checkVisibilityCSS: true}) && r.width > 0 && r.height > 0; };
  const icons = Array.from(document.querySelectorAll('[class*="fa-"]'))
    .filter(el => /(^|\\s)fa-(?!solid|regular|brands|lg|xs|sm|fw|\\d)/.test(el.className)
                  && !el.closest('svg'))
    .map(el => { const b = getComputedStyle(el, '::before'); const r = el.getBoundingClientRect();
      return {cls: el.className, content: b.content, family: b.fontFamily, weight: b.fontWeight,
              visible: el.checkVisibility({checkVisibilityCSS: true}),
              width: r.width, height: r.height}; });
  const maths = Array.from(document.querySelectorAll('.math'));
  const chars = Array.from(document.querySelectorAll('mjx-c'));
  const noGlyph = chars.filter(c => { const s = getComputedStyle(c, '::before').content;
                                      return !s || s === 'none' || s === 'normal'; })
                       .map(c => c.className);
  const equations = Array.from(document.querySelectorAll('div.math')).filter(visible).map(div => {
    const eqno = div.querySelector(':scope > span.eqno');
    const box = div.querySelector(':scope > mjx-container');
    const r = box ? box.getBoundingClientRect() : null;
    const n = eqno ? eqno.getBoundingClientRect() : null;
    return {id: div.id, number: eqno ? eqno.textContent.trim() : null,
            numberWidth: n ? n.width : 0, boxWidth: r ? r.width : 0, boxHeight: r ? r.height : 0,
            overlap: !!(r && n && r.left < n.right && n.left < r.right
                        && r.top < n.bottom && n.top < r.bottom)}; });
  const faces = Array.from(document.fonts).filter(f => f.status === 'loaded')
                     .map(f => f.family.replace(/"/g, ''));
  return {icons, faces, maths: maths.length,
          untypeset: maths.filter(el => !el.querySelector('mjx-container'))
                          .map(el => el.textContent.slice(0, 80)),
          visibleMath: maths.filter(visible).length,
          errors: Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]'))
                       .map(el => el.getAttribute('data-mjx-error') || el.textContent),
          chars: chars.length, noGlyph: noGlyph.slice(0, 5), equations,
          mathjaxScript: !!window.MathJax};
}
"""

# At phone width: every visible element that sticks out of the screen and is not
# inside a block that scrolls horizontally (overflow-x auto/scroll, itself on the
# screen). Content cut off by overflow: hidden counts as sticking out: it is lost.
# Visually hidden text (clip / clip-path, e.g. MathJax's MathML for screen
# readers) is not drawn, so not counted.
OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const onScreen = r => r.left >= -1 && r.right <= vw + 1;
  const hidden = el => { for (let p = el; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.clip !== 'auto' || s.clipPath !== 'none') return true;
    } return false; };
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body;
                                  p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll'].includes(s.overflowX)) return onScreen(p.getBoundingClientRect());
    } return false; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || onScreen(r)) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    if (r.right <= 0 || r.left >= vw) continue;   // wholly off screen (a closed drawer)
    if (hidden(el) || scrolls(el)) continue;
    const path = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 (typeof el.className === 'string' && el.className.trim()
                  ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
    out.push(`${path} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
  }
  return {vw, scrollWidth: document.documentElement.scrollWidth, out};
}
"""


def visit_all(site: Path, server: str, browser, viewport: dict, *scripts: str) -> dict[str, dict]:
    """Every page once at this viewport: what the scripts report, and every request."""
    host = urlsplit(server).netloc
    foreign: list[str] = []
    context = browser.new_context(viewport=viewport, service_workers="block")
    context.route("**/*", gatekeeper(host, foreign))
    reports = {}
    try:
        for rel in html_pages(site):
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r, q=requests: q.append(r.url))
            page.goto(f"{server}/{rel}", wait_until="load", timeout=PAGE_TIMEOUT_MS)
            report = {"requests": requests}
            for script in scripts:
                report.update(page.evaluate(script))
            reports[rel] = report
            page.close()
    finally:
        context.close()
    reports["__foreign__"] = foreign  # type: ignore[assignment]
    return reports


@pytest.fixture(scope="module")
def desktop(site, server, browser) -> dict[str, dict]:
    return visit_all(site, server, browser, DESKTOP, INSPECT_JS)


@pytest.fixture(scope="module")
def phone(site, server, browser) -> dict[str, dict]:
    return visit_all(site, server, browser, PHONE, INSPECT_JS, OVERFLOW_JS)


def pages_of(reports: dict) -> dict[str, dict]:
    return {k: v for k, v in reports.items() if k != "__foreign__"}


# ----------------------------------------------------------------------------- weight
def test_no_heavy_script_or_font_is_loaded(site, desktop):
    assert not desktop["__foreign__"], f"requests to other hosts: {desktop['__foreign__'][:5]}"
    heavy = {p: [u for u in r["requests"] if HEAVY.search(urlsplit(u).path)]
             for p, r in pages_of(desktop).items()}
    heavy = {p: u for p, u in heavy.items() if u}
    assert not heavy, f"pages still load the full icon script, fonts or MathJax: {heavy}"
    assert not any(r["mathjaxScript"] for r in pages_of(desktop).values())
    left = [p.relative_to(site).as_posix() for p in
            [site / "_static/scripts/fontawesome.js", *site.glob(f"{WEBFONTS}/*.woff2"),
             *site.glob(f"{WEBFONTS}/*.ttf"), *site.glob("_static/mathjax/**/*.js")]
            if p.exists()]
    assert not left, f"still in the site: {left}"
    for rel in html_pages(site):
        assert "fontawesome.js" not in (site / rel).read_text(encoding="utf-8"), rel


# ----------------------------------------------------------------------------- icons
def icon_table(site: Path) -> dict[str, int]:
    """Icon name -> code point, from the theme's stylesheet."""
    css = (site / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    table = {}
    for selectors, hexa in re.findall(r'((?:\.fa-[\w-]+:{1,2}before,?)+)\{content:"\\([0-9a-f]+)"\}',
                                      css):
        for name in re.findall(r"\.fa-([\w-]+):", selectors):
            table[name] = int(hexa, 16)
    return table


def test_every_icon_has_its_glyph_in_the_subset_font(site, desktop):
    from fontTools.ttLib import TTFont

    cmaps = {}
    for stem, face in FA_FONTS.items():
        path = site / WEBFONTS / f"{stem}.woff"
        if path.exists():
            cmaps[face] = set(TTFont(path).getBestCmap())
    assert cmaps, "no subset Font Awesome font in the site"
    table = icon_table(site)
    problems, seen = [], 0
    for rel, r in pages_of(desktop).items():
        for icon in r["icons"]:
            names = [n for n in re.findall(r"\bfa-([\w-]+)", icon["cls"]) if n in table]
            if not names:
                continue
            seen += 1
            content = icon["content"].strip('"')
            family = icon["family"].split(",")[0].strip().strip('"')
            face = (family, int(icon["weight"]))
            if len(content) != 1 or ord(content) != table[names[-1]]:
                problems.append(f"{rel}: {icon['cls']!r} has no ::before glyph ({icon['content']!r})")
            elif face not in cmaps or ord(content) not in cmaps[face]:
                problems.append(f"{rel}: {icon['cls']!r}: U+{ord(content):04X} is not in the "
                                f"subset font for {face}")
            if icon["visible"] and (icon["width"] == 0 or icon["height"] == 0):
                problems.append(f"{rel}: visible icon {icon['cls']!r} has no size")
        if any(i["visible"] for i in r["icons"]):
            if not any(f.startswith("Font Awesome") for f in r["faces"]):
                problems.append(f"{rel}: icons shown but no Font Awesome font loaded")
    assert seen > 50, f"only {seen} icons found on the whole site: is the header there?"
    assert not problems, "\n".join(problems[:20])


# ----------------------------------------------------------------------------- formulas
def test_every_formula_is_typeset_with_its_glyphs(desktop):
    math_pages = {p: r for p, r in pages_of(desktop).items() if r["maths"]}
    assert len(math_pages) >= 5, "hardly any page has mathematics: is the renderer wired in?"
    problems = []
    for p, r in math_pages.items():
        if r["untypeset"]:
            problems.append(f"{p}: formulas not typeset: {r['untypeset'][:3]}")
        if r["errors"]:
            problems.append(f"{p}: MathJax errors: {r['errors'][:3]}")
        if r["noGlyph"]:
            problems.append(f"{p}: characters without a glyph in the stylesheet: {r['noGlyph']}")
        if r["visibleMath"] and not any(f.startswith("MJXTEX") or f.startswith("MJXZERO")
                                        for f in r["faces"]):
            problems.append(f"{p}: formulas shown but none of MathJax's fonts loaded")
        for eq in r["equations"]:
            if eq["boxWidth"] == 0 or eq["boxHeight"] == 0:
                problems.append(f"{p}: display formula {eq['id']} has no size")
            if eq["number"] is not None and (not re.fullmatch(r"\(\d+(\.\d+)*\)#?", eq["number"])
                                             or eq["numberWidth"] == 0):
                problems.append(f"{p}: equation number of {eq['id']} not shown: {eq['number']!r}")
    numbered = sum(1 for r in math_pages.values() for eq in r["equations"] if eq["number"])
    assert numbered >= 10, f"only {numbered} numbered equations on the site"
    assert not problems, "\n".join(problems[:20])


# ----------------------------------------------------------------------------- phone width
def test_nothing_wider_than_a_phone_screen(phone):
    problems = []
    for p, r in pages_of(phone).items():
        if r["scrollWidth"] > r["vw"] + 1:
            problems.append(f"{p}: the page scrolls sideways ({r['scrollWidth']} px > {r['vw']})")
        if r["out"]:
            problems.append(f"{p}: wider than the screen, not in a scrolling block: {r['out'][:4]}")
    assert not problems, "\n".join(problems)


def test_equation_numbers_beside_their_formulas_on_a_phone(phone):
    results = phone
    overlaps = [f"{p}: {eq['id']} {eq['number']}" for p, r in pages_of(results).items()
                for eq in r["equations"] if eq["overlap"]]
    numbered = sum(1 for r in pages_of(results).values() for eq in r["equations"] if eq["number"])
    assert numbered >= 10
    assert not overlaps, "equation numbers over their formulas at 390 px:\n" + "\n".join(overlaps)


def test_requests_stay_on_the_site(phone):
    assert not phone["__foreign__"], phone["__foreign__"][:5]
    assert all(unquote(urlsplit(u).scheme) in ("http", "data", "blob", "about")
               for r in pages_of(phone).values() for u in r["requests"])
