"""Live figures on the static site (clustercode._live_export, _ext/live_figures.py,
web/live/live-figures.js).

Unit part (no browser): the slider grid and the export of a small figure.
Browser part (book, Chromium, every request to another host blocked): every
interactive figure of every page has real sliders; each slider is moved to its
ends and to interior values, in combinations; the canvas changes, matches the
image the Python factory draws for the same values (``fig.update(**v); fig.png``,
compared pixel by pixel within a tolerance), or shows the model's message; no
console error, no request to another host.
"""

from __future__ import annotations

import base64
import io
import itertools
import json

import numpy as np
import pytest

from clustercode._live_export import LIVE_MIME, MAX_POINTS, export_live, slider_grid
from clustercode.widgets import Slider, interactive_figure
from tests._browser_common import gatekeeper

# The browser tests' fixtures (the session's site, its server, Chromium), used
# through request.getfixturevalue.
from tests.test_browser import browser, server, site  # noqa: F401


# ----------------------------------------------------------------------------- unit
def test_grid_has_ends_initial_value_and_valid_values():
    sliders = [Slider("a", 0.0, 1.0, 0.37, step=0.01), Slider("n", 2, 20, 5, integer=True),
               Slider("c", 4.0, 40.0, 10.0, step=0.5)]
    grids = slider_grid(sliders)
    assert np.prod([len(g) for g in grids]) <= MAX_POINTS
    assert len(grids[0]) >= len(grids[1]) >= 2
    for s, g in zip(sliders, grids):
        assert g[0] == s.min and g[-1] == s.max and s.value in g
        assert g == sorted(g) and all(s.clamp(v) == v for v in g)


def test_grid_reaches_an_end_off_the_step_grid():
    (g,) = slider_grid([Slider("x", 0.0, 1.0, 0.0, step=0.3)])
    assert g[-1] == 1.0 and 0.9 in g


def _draw(ax, slope, n):
    if slope > 1.5 and n > 3:
        raise ValueError(f"slope {slope:g} too steep for n = {n}")
    x = np.linspace(0.0, 1.0, 60)
    ax.plot(x, slope * x ** n, label=f"n = {n}")
    ax.fill_between(x, 0, slope * x, alpha=0.3)
    ax.scatter([0.5], [slope / 2], color="k")
    ax.bar([0.2], [slope / 3], width=0.1)
    ax.text(0.05, 1.8, "fixed note")
    ax.set_ylim(0, 2)
    ax.legend(loc="upper right")


@pytest.fixture(scope="module")
def small():
    fig = interactive_figure(_draw, [Slider("slope", 0.0, 2.0, 1.0, step=0.5),
                                     Slider("n", 1, 5, 2, integer=True)],
                             title="Test", alt="A test figure")
    grids = [[0.0, 1.0, 2.0], [1, 2, 5]]
    return fig, grids, export_live(fig, grids)


def test_export_has_a_frame_per_combination_and_the_models_message(small):
    fig, grids, data = small
    assert len(data["frames"]) == 9
    json.dumps(data)                     # serialisable as it travels in the notebook
    for k, (slope, n) in enumerate(itertools.product(*grids)):
        frame = data["frames"][k]
        fig.update(slope=slope, n=n)
        if fig.error is None:
            assert "o" in frame and frame["o"]
            kinds = {op[0] for op in frame["o"]}
            assert {"l", "f", "m", "s"} <= kinds
        else:
            assert data["errors"][frame["e"]] == fig.error
    assert any("e" in f for f in data["frames"])
    assert fig.values == {"slope": 2.0, "n": 5}


def test_sprites_and_backgrounds_are_shared(small):
    _fig, _grids, data = small
    assert len(data["backgrounds"]) == 1          # fixed axes: one background
    used = {op[1] for f in data["frames"] if "o" in f for op in f["o"] if op[0] == "s"}
    assert len(used) == len(data["sprites"])
    # the fixed note and the tick labels are reused, not drawn per frame
    assert len(data["sprites"]) < sum(
        sum(op[0] == "s" for op in f["o"]) for f in data["frames"] if "o" in f) / 3


def test_export_only_when_the_build_asks(monkeypatch):
    fig = interactive_figure(lambda ax, a: ax.plot([0, a]), [Slider("a", 0.0, 1.0, 0.5)])
    monkeypatch.delenv("CLUSTERCODE_LIVE_EXPORT", raising=False)
    assert LIVE_MIME not in fig._repr_mimebundle_()[0]
    monkeypatch.setenv("CLUSTERCODE_LIVE_EXPORT", "1")
    monkeypatch.setenv("CLUSTERCODE_LIVE_MAX_POINTS", "3")
    bundle = fig._repr_mimebundle_()[0]
    assert len(bundle[LIVE_MIME]["frames"]) == 3 and "image/png" in bundle


# ----------------------------------------------------------------------------- browser
def _png_array(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float64)


def _factories() -> dict:
    """(title, alt, slider names) -> factory, for every interactive figure."""
    from clustercode.figures import INTERACTIVE_FIGURES

    out = {}
    for factory in INTERACTIVE_FIGURES.values():
        fig = factory()
        out[(fig.alt or fig.title or "Interactive figure",
             tuple(s.name for s in fig.sliders))] = factory
        fig.close()
    return out


# Mean absolute difference per channel (0-255) between the canvas and fig.png:
# measured 4-15 on the book's figures (layouts that differ by a few pixels:
# the live figure keeps its layout while it fits; blitting order); a blank or
# misplaced plot gives 20-80.
MAX_MEAN_DIFF = 16.0

SET_JS = """
async ([id, index]) => {
  const root = document.getElementById(id);
  const live = root.ccLive;
  await live.load();
  const sliders = live.manifest.sliders;
  index.forEach((j, k) => {
    const input = live.inputs[k];
    input.value = String(sliders[k].grid[j]);
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
  const err = root.querySelector('.cc-live-error');
  return {png: live.canvas.toDataURL('image/png'), error: err.hidden ? null : err.textContent,
          alt: live.canvas.getAttribute('aria-label'),
          readouts: live.outputs.map(o => o.textContent)};
}
"""


def _combinations(sizes: list[int]) -> list[tuple[int, ...]]:
    """Every slider at its ends and at interior points, in combinations."""
    per = [sorted({0, n - 1, n // 3, (2 * n) // 3}) for n in sizes]
    combos = list(itertools.product(*[[p[0], p[-1]] for p in per]))   # all corners
    combos += [tuple(p[min(i, len(p) - 1)] for p in per) for i in range(4)]
    return list(dict.fromkeys(combos))


@pytest.mark.book
@pytest.mark.browser
def test_every_live_figure_moves_and_matches_the_factory(request):
    where, url, chromium = (request.getfixturevalue(n) for n in ("site", "server", "browser"))
    factories = _factories()
    context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                  device_scale_factor=1, service_workers="block")
    foreign, errors = [], []
    context.route("**/*", gatekeeper(url, foreign))
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    seen = 0
    for html in sorted(where.rglob("*.html")):
        if "cc-live-manifest" not in html.read_text(encoding="utf-8"):
            continue
        page.goto(f"{url}/{html.relative_to(where).as_posix()}", wait_until="load")
        ids = page.eval_on_selector_all("div.cc-live", "els => els.map(e => e.id)")
        for ident in ids:
            manifest = json.loads(page.eval_on_selector(
                f"#{ident} script.cc-live-manifest", "e => e.textContent"))
            names = tuple(s["name"] for s in manifest["sliders"])
            factory = factories[(manifest["alt"], names)]
            fig = factory()
            sizes = [len(s["grid"]) for s in manifest["sliders"]]
            pictures, drawn = set(), []
            for combo in _combinations(sizes):
                values = {s["name"]: s["grid"][j] for s, j in zip(manifest["sliders"], combo)}
                shown = page.evaluate(SET_JS, [ident, list(combo)])
                fig.update(**values)
                assert shown["readouts"] == [s["readouts"][j] for s, j
                                             in zip(manifest["sliders"], combo)]
                for s, j in zip(manifest["sliders"], combo):
                    assert s["readouts"][j] in shown["alt"]
                if fig.error is not None:
                    assert shown["error"] is not None and fig.error in shown["error"], \
                        (html.name, values)
                    continue
                assert shown["error"] is None, (html.name, values, shown["error"])
                canvas = _png_array(base64.b64decode(shown["png"].split(",", 1)[1]))
                expected = _png_array(fig.png)
                assert canvas.shape == expected.shape, (html.name, values)
                # The same picture within antialiasing, fonts and layout: the live
                # figure keeps its layout while the decorations fit (so it may sit
                # a few pixels off a fresh layout), and it blits data artists over
                # the decorations (its grid under an image; the canvas, like the
                # static PNG, draws matplotlib's order).
                diff = np.abs(canvas - expected).mean()
                assert diff < MAX_MEAN_DIFF, (html.name, values, diff)
                pictures.add(canvas.tobytes())
                drawn.append((values, canvas, expected))
            # ... and closer to the factory's picture for its own values than to
            # its picture for another grid point where that picture differs
            for (v1, canvas, expected), (v2, _c, other) in zip(drawn, drawn[1:] + drawn[:1]):
                if np.abs(expected - other).mean() > 2 * MAX_MEAN_DIFF:
                    assert (np.abs(canvas - expected).mean()
                            < np.abs(canvas - other).mean()), (html.name, v1, v2)
            assert len(pictures) > 1, (html.name, ident, "the picture never changed")
            fig.close()
            seen += 1
    context.close()
    assert seen > 0
    assert not foreign, foreign
    assert not errors, errors


@pytest.mark.book
@pytest.mark.browser
def test_live_figure_works_by_touch_and_keyboard_at_phone_width(request):
    where, url, chromium = (request.getfixturevalue(n) for n in ("site", "server", "browser"))
    html = next(p for p in sorted(where.rglob("*.html"))
                if "cc-live-manifest" in p.read_text(encoding="utf-8"))
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, device_scale_factor=3)
    page = context.new_page()
    page.goto(f"{url}/{html.relative_to(where).as_posix()}", wait_until="load")
    slider = page.locator("div.cc-live input[type=range]").first
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    figure = page.locator("div.cc-live").first
    assert figure.bounding_box()["width"] <= 390
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 24
    before = slider.input_value()
    page.touchscreen.tap(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('div.cc-live').ccLive.drawCount > 0")
    assert slider.input_value() != before
    # keyboard: focusable, labelled, moves a grid step
    slider.focus()
    label = slider.get_attribute("aria-label")
    assert label and page.evaluate(
        "() => !!document.querySelector(`label[for='${document.activeElement.id}']`)")
    grid0 = json.loads(page.eval_on_selector(
        "div.cc-live script.cc-live-manifest", "e => e.textContent"))["sliders"][0]["grid"]
    page.keyboard.press("Home")
    assert float(slider.input_value()) == pytest.approx(grid0[0])
    page.keyboard.press("ArrowRight")
    assert float(slider.input_value()) == pytest.approx(grid0[1])
    context.close()


@pytest.mark.book
def test_downloaded_notebooks_carry_no_live_data(request):
    where = request.getfixturevalue("site")
    for ipynb in (where / "_sources").rglob("*.ipynb"):
        assert LIVE_MIME not in ipynb.read_text(encoding="utf-8"), ipynb
