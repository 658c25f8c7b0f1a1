"""Sphinx extension: the interactive figures move on the static site.

In a book build every :class:`clustercode.widgets.InteractiveFigure` adds to its
notebook output the figure precomputed on a grid of slider values
(``application/vnd.clustercode.live+json``, made by
:mod:`clustercode._live_export`; asked for by the environment variable
``CLUSTERCODE_LIVE_EXPORT=1``, which this extension sets for the kernels the
build starts). The data travels in the notebook, so the execution cache keeps
it. This extension

1. renders that mime type (MyST-NB has no other hook for a mime type of a
   package's own than its ``myst_nb.mime_renderers`` entry points; the renderer
   is added to the list MyST-NB loads them into) as a figure that keeps the
   notebook's PNG as its first view (and the only view without JavaScript),
   followed by real sliders and a note that the figure is precomputed;
2. writes the data as files under ``_static/live/``, fetched by
   ``web/live/live-figures.js`` on the reader's first interaction;
3. removes the data from the downloadable notebooks (``_sources/``): in
   Jupyter the figure computes every value itself.

The PDF and every other builder keep the PNG (the mime type is in no priority
list but the HTML builder's, ``nb_mime_priority_overrides`` in ``_config.yml``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

LIVE_MIME = "application/vnd.clustercode.live+json"
ENV_VAR = "CLUSTERCODE_LIVE_EXPORT"
WEB = Path(__file__).resolve().parent.parent / "web" / "live"
DATA_DIR = "_static/live"
NOTE = ("Precomputed figure: the sliders redraw it from values computed when the book "
        "was built, on a grid of slider positions. Open this page in Binder or Jupyter "
        "(launch button above) to compute any value.")

_TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ",
    "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "omega": "ω", "Delta": "Δ", "Gamma": "Γ", "bar": "", "hat": "", "mathrm": "",
    "mathit": "", "text": "", "cdot": "·", "times": "×", "le": "≤", "ge": "≥",
}


class live_figure(nodes.General, nodes.Element):
    """A precomputed interactive figure: its PNG (children) and its data."""


def plain_label(label: str) -> str:
    """A slider label without TeX (its accessible name)."""
    def math(m: re.Match) -> str:
        body = re.sub(r"\\([A-Za-z]+)", lambda t: _TEX_SYMBOLS.get(t.group(1), t.group(1)),
                      m.group(1))
        return re.sub(r"[{}^_\\]", "", body)
    return re.sub(r"\$([^$]*)\$", math, label).strip()


def html_label(label: str, typeset=None) -> str:
    """A slider label as HTML, its ``$...$`` as inline maths.

    ``typeset(tex)`` returns a formula's HTML (the build's MathJax, see
    ``_ext/lean_pages.py``, which typesets every formula of the site at build
    time); without it the formula is left as ``\\(...\\)`` for a MathJax in
    the page.
    """
    parts = re.split(r"(\$[^$]*\$)", label)
    out = []
    for part in parts:
        if part.startswith("$") and part.endswith("$") and len(part) > 1:
            tex = part[1:-1]
            inner = typeset(tex) if typeset is not None else "\\(" + html.escape(tex) + "\\)"
            out.append('<span class="math notranslate nohighlight">' + inner + "</span>")
        else:
            out.append(html.escape(part))
    return "".join(out)


def _typesetter(translator, node):
    """The build's formula typesetter, if lean_pages is loaded; else None."""
    if "lean_pages" not in translator.builder.app.extensions:
        return None
    import lean_pages  # noqa: PLC0415 (a local extension, on sys.path)

    return lambda tex: lean_pages.typeset(translator, node, tex, display=False)


# ----------------------------------------------------------------------------- MyST-NB
class LiveMimeRenderer:
    """MyST-NB mime render plugin for :data:`LIVE_MIME`."""

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != LIVE_MIME:
            return None
        content = data.content
        if isinstance(content, str):
            content = json.loads(content)
        return [live_figure("", payload=content)]


def _register_mime_renderer() -> None:
    from myst_nb.core import render

    original = render.load_mime_renders
    if getattr(original, "_clustercode_live", False):
        return

    def load_mime_renders():
        return [*original(), LiveMimeRenderer]

    load_mime_renders._clustercode_live = True
    render.load_mime_renders = load_mime_renders


class AttachStaticImage(SphinxPostTransform):
    """Give each live figure its notebook PNG (before MyST-NB picks one mime type)."""

    default_priority = 3   # myst_nb.sphinx_.SelectMimeType runs at 4

    def run(self, **kwargs):
        for node in list(self.document.findall(live_figure)):
            container = node.parent
            bundle = container.parent
            png = next((c for c in bundle.children
                        if isinstance(c, nodes.container) and c.get("mime_type") == "image/png"),
                       None)
            if png is None:
                continue
            for child in png.children:
                if isinstance(child, nodes.image) or child.next_node(nodes.image) is not None:
                    node.append(child.deepcopy())
                    break


# ----------------------------------------------------------------------------- HTML
def _write_data(outdir: Path, payload: dict) -> str:
    """Write the figure's data files; return their folder's name."""
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(blob).hexdigest()[:16]
    folder = outdir / DATA_DIR / digest
    folder.mkdir(parents=True, exist_ok=True)
    backgrounds = []
    for k, b64 in enumerate(payload["backgrounds"]):
        name = f"bg{k}.png"
        (folder / name).write_bytes(base64.b64decode(b64))
        backgrounds.append(name)
    (folder / "atlas.png").write_bytes(base64.b64decode(payload["atlas"]))
    data = {key: payload[key] for key in
            ("version", "width", "height", "q", "hi", "styles", "sprites", "errors", "frames")}
    data["backgrounds"] = backgrounds
    data["atlas"] = "atlas.png"
    data["grid"] = [len(s["grid"]) for s in payload["sliders"]]
    (folder / "data.json").write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return digest


def visit_live_figure_html(self, node):
    payload = node["payload"]
    digest = _write_data(Path(self.builder.outdir), payload)
    number = getattr(self, "_clustercode_live_count", 0) + 1
    self._clustercode_live_count = number
    node["digest"] = digest
    node["ident"] = f"cc-live-{number}"
    self.body.append(
        f'<div class="cc-live" id="{node["ident"]}">'
        f'<div class="cc-live-stage" style="--cc-live-aspect: {payload["width"]} / '
        f'{payload["height"]}; max-width: {payload["width"]}px">')


def depart_live_figure_html(self, node):
    payload, digest, ident = node["payload"], node["digest"], node["ident"]
    root = "../" * self.builder.current_docname.count("/")
    rows = []
    for k, s in enumerate(payload["sliders"]):
        sid = f"{ident}-{s['name']}"
        value = s["value"]
        readout = s["readouts"][s["grid"].index(value)]
        label = plain_label(s["label"])
        rows.append(
            f'<div class="cc-live-slider">'
            f'<label for="{sid}">{html_label(s["label"], _typesetter(self, node))}</label>'
            f'<input type="range" id="{sid}" data-index="{k}" min="{s["min"]}" '
            f'max="{s["max"]}" step="{s["step"]}" value="{value}" '
            f'aria-label="{html.escape(label)}" aria-valuetext="{html.escape(readout)}">'
            f'<output for="{sid}" aria-hidden="true">{html.escape(readout)}</output></div>')
    manifest = {
        "src": f"{root}{DATA_DIR}/{digest}/data.json",
        "width": payload["width"], "height": payload["height"],
        "alt": payload.get("alt") or payload.get("title") or "Interactive figure",
        "sliders": [{"name": s["name"], "label": plain_label(s["label"]), "grid": s["grid"],
                     "readouts": s["readouts"], "value": s["value"]}
                    for s in payload["sliders"]],
    }
    script = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    self.body.append(
        '<div class="cc-live-error" role="alert" hidden></div>'
        "</div>"   # the stage
        f'<div class="cc-live-controls" hidden>{"".join(rows)}</div>'
        f'<p class="cc-live-note" hidden>{html.escape(NOTE)}</p>'
        f'<script type="application/json" class="cc-live-manifest">{script}</script>'
        "</div>")


def skip_node(self, node):
    raise nodes.SkipNode


def html_page_context(app, pagename, templatename, context, doctree):
    if doctree is not None and next(iter(doctree.findall(live_figure)), None) is not None:
        app.add_css_file("live-figures.css")
        app.add_js_file("live-figures.js", defer="defer")
        # The slider labels' formulas are typeset at build time (lean_pages),
        # which links MathJax's stylesheet only into pages with equations.
        if ("lean_pages" in app.extensions and app.builder.math_renderer_name == "chtml"
                and not app.env.get_domain("math").has_equations(pagename)):
            import lean_pages  # noqa: PLC0415 (a local extension, on sys.path)

            app.add_css_file(f"{lean_pages.CSS_DIR}/mathjax-chtml.css", priority=900)


# ----------------------------------------------------------------------------- downloads
def strip_downloads(app, exception):
    """No precomputed data in the downloadable notebooks."""
    if exception is not None or app.builder.format != "html":
        return
    for ipynb in sorted((Path(app.outdir) / "_sources").rglob("*.ipynb")):
        text = ipynb.read_text(encoding="utf-8")
        if LIVE_MIME not in text:
            continue
        nb = json.loads(text)
        for cell in nb.get("cells", []):
            for output in cell.get("outputs", []):
                output.get("data", {}).pop(LIVE_MIME, None)
                output.get("metadata", {}).pop(LIVE_MIME, None)
        ipynb.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def config_inited(app, config):
    config.html_static_path = [*config.html_static_path, str(WEB)]


def setup(app):
    # The kernels the build starts inherit this: figures add their live data.
    os.environ[ENV_VAR] = "1"
    _register_mime_renderer()
    app.add_node(live_figure, html=(visit_live_figure_html, depart_live_figure_html),
                 latex=(skip_node, None), text=(skip_node, None), man=(skip_node, None),
                 texinfo=(skip_node, None))
    app.add_post_transform(AttachStaticImage)
    app.connect("config-inited", config_inited)
    app.connect("html-page-context", html_page_context)
    app.connect("build-finished", strip_downloads, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
