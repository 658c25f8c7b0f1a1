"""Sphinx extension for the book's website (loaded through `_config.yml`,
``sphinx.local_extensions``).

Small things the theme and MyST-NB cannot be configured to do:

1. **The book's PDF in every page's download menu.** sphinx-book-theme offers
   the page's ``.ipynb`` and source file and a "print to PDF" button; we add
   "Book (PDF)", a link to ``book.pdf`` at the site root (``make site`` and the
   publishing workflow put ``_build/latex/book.pdf`` there).
2. **No dead widget state in the pages.** MyST-NB embeds the saved
   ``application/vnd.jupyter.widget-state+json`` of every interactive figure in
   the page head (hundreds of kilobytes of base64 PNGs per chapter). Without a
   widget manager (we load none: no CDN) nothing reads it; the figure itself is
   shown as its static PNG. Dropping it makes a chapter several times lighter.
   Inline scripts that extensions register twice are dropped too (see
   :func:`clean_scripts`).
3. **Alt text for interactive figures.** ``clustercode.widgets`` puts a
   figure's alt text in the output's display metadata and, as an ``iTXt``
   "Description", in the PNG itself; MyST-NB keeps only width and height from
   the metadata, so the page would show the file name as alt text. We read the
   description back from the PNG and mark the image ``interactive-figure``
   (its PNG says ``via clustercode.widgets``), which the browser tests count.
4. **Proofs in the PDF.** sphinx-proof writes a proof as an admonition with no
   title, which LaTeX's ``sphinxadmonition`` turns into an empty coloured title
   bar (it takes the first word of the proof as the missing title argument).
   In the PDF a proof is set as books set proofs: *Proof.* ... followed by a
   square, without a box. The website is unchanged.
5. **Propositions numbered by chapter in the PDF too.** With parts,
   sphinx-jupyterbook-latex sets ``numfig_secnum_depth = 2`` for LaTeX (so that
   LaTeX's own equation counters reset per chapter), which makes sphinx-proof
   number by section there ("Proposition 2.2.1") while the website numbers by
   chapter ("Proposition 2.1"). We renumber sphinx-proof's items by chapter in
   the LaTeX build, in document order, so both say "Proposition 2.1".
6. **Long signatures one parameter a line in the PDF.** LaTeX sets a
   signature's parameters in the room its name leaves on the line; with a long
   module path and name there is no room and the line runs off the page. In the
   LaTeX build a signature longer than :data:`LATEX_SIGNATURE_CHARS` characters
   is set one parameter a line (Sphinx's ``multi_line_parameter_list``, what
   ``maximum_signature_line_length`` would do, but for the PDF only and on the
   resolved doctree, so a doctree cached by the HTML build is not re-read).
   The website is unchanged.
7. **Copy the PDF into the site** when an HTML build finishes and
   ``<build>/latex/book.pdf`` exists, so that ``make pdf`` followed by
   ``make book`` (or the reverse, see the Makefile) gives a complete site.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

from docutils import nodes

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PDF_NAME = "book.pdf"
#: In the PDF a longer signature is set one parameter a line (see 6 above).
LATEX_SIGNATURE_CHARS = 72


def add_book_pdf_button(app, pagename, templatename, context, doctree) -> None:
    for button in context.get("header_buttons") or []:
        if button.get("label") == "download-buttons":
            button["buttons"].append({
                "type": "link",
                "url": context["pathto"](PDF_NAME, 1),
                "text": "Book (PDF)",
                "icon": "fas fa-book",
                "tooltip": "Download the whole book as a PDF",
                "label": "download-book-pdf-button",
            })


def clean_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop the widget state and repeated inline scripts from the page head.

    sphinx-thebe (loaded by Jupyter Book even with thebe off) registers its
    inline ``const THEBE_JS_URL = ...`` twice in one build, and the second
    ``const`` is a JavaScript error on every page; sphinx-togglebutton repeats
    its selector too. Keep the first copy of each inline script.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    kept, seen = [], set()
    for js in scripts:
        attributes = getattr(js, "attributes", {}) or {}
        if attributes.get("type") == WIDGET_STATE:
            continue
        if not getattr(js, "filename", None) and attributes.get("body"):  # None or ""
            if attributes["body"] in seen:
                continue
            seen.add(attributes["body"])
        kept.append(js)
    scripts[:] = kept


def png_text_chunks(path: Path) -> dict[str, str]:
    """The tEXt/iTXt chunks of a PNG file (keyword -> text); {} if unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return {}
    chunks, pos = {}, 8
    while pos + 8 <= len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if tag == b"tEXt" and b"\0" in body:
            key, text = body.split(b"\0", 1)
            chunks[key.decode("latin-1")] = text.decode("latin-1")
        elif tag == b"iTXt" and b"\0" in body:
            key, rest = body.split(b"\0", 1)
            compressed, _method = rest[0], rest[1]
            _lang, _tkey, text = rest[2:].split(b"\0", 2)
            if compressed:
                text = zlib.decompress(text)
            chunks[key.decode("latin-1")] = text.decode("utf-8")
        elif tag in (b"IDAT", b"IEND"):
            break
    return chunks


def label_widget_images(app, doctree, docname) -> None:
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if not uri.endswith(".png"):
            continue
        path = Path(uri)
        if not path.is_absolute():
            path = Path(app.srcdir) / uri
        text = png_text_chunks(path)
        if "clustercode.widgets" not in text.get("Software", ""):
            continue
        image["classes"] = [*image.get("classes", []), "interactive-figure"]
        if text.get("Description") and not image.get("alt"):
            image["alt"] = text["Description"]


def latex_plain_proofs(app, doctree, docname) -> None:
    if app.builder.format != "latex":
        return
    for box in list(doctree.findall(nodes.admonition)):
        if "proof" not in box["classes"] or any(isinstance(c, nodes.title) for c in box.children):
            continue
        first = next(iter(box.findall(nodes.Text)), None)
        if first is not None and first.astext().startswith("Proof. "):
            rest = first.astext()[len("Proof. "):]
            first.parent.replace(first, nodes.Text(rest))
            paragraph = box.next_node(nodes.paragraph)
            if paragraph is not None:
                paragraph.insert(0, nodes.emphasis("", "Proof."))
                paragraph.insert(1, nodes.Text(" "))
        last = [p for p in box.findall(nodes.paragraph)]
        if last:
            last[-1] += nodes.raw("", r"\nobreak\hfill$\square$", format="latex")
        box.replace_self(box.children)


# Figure types numbered by Sphinx/LaTeX themselves; everything else in
# toc_fignumbers is a sphinx-proof item (proposition, lemma, definition, ...).
SPHINX_FIGTYPES = {"figure", "table", "code-block", "section"}


def chapter_level_proof_numbers(app, env) -> None:
    if app.builder.format != "latex":
        return
    numbers = env.toc_fignumbers
    figtypes = {ft for types in numbers.values() for ft in types} - SPHINX_FIGTYPES
    for figtype in figtypes:
        entries = sorted((tuple(num), doc, node_id) for doc, types in numbers.items()
                         for node_id, num in types.get(figtype, {}).items() if num)
        counters: dict[int, int] = {}
        for num, doc, node_id in entries:
            counters[num[0]] = counters.get(num[0], 0) + 1
            numbers[doc][figtype][node_id] = (num[0], counters[num[0]])


def copy_pdf_into_site(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pdf = Path(app.outdir).parent / "latex" / PDF_NAME
    if pdf.is_file():
        shutil.copy2(pdf, Path(app.outdir) / PDF_NAME)


def require_local_mathjax(app) -> None:
    """Stop an HTML build early, with the fix, if MathJax was not installed."""
    if app.builder.format != "html":
        return
    path = app.config.mathjax_path or ""
    if "://" in path or path.startswith("/"):
        return
    for static in app.config.html_static_path:
        if (Path(app.confdir) / static / path).is_file():
            return
    from sphinx.errors import ExtensionError

    raise ExtensionError(
        f"MathJax ({path}) is not in html_static_path {app.config.html_static_path}: the "
        "site serves its own MathJax, installed from npm. Run `make web-assets` (or `make book`).")


def latex_long_signatures(app, doctree, docname) -> None:
    """Set long signatures one parameter a line in the LaTeX build (6 above)."""
    if app.builder.format != "latex":
        return
    from sphinx import addnodes

    for signature in doctree.findall(addnodes.desc_signature):
        if len(signature.astext()) <= LATEX_SIGNATURE_CHARS:
            continue
        for params in signature.findall(addnodes.desc_parameterlist):
            params["multi_line_parameter_list"] = True


def setup(app):
    # After sphinx-book-theme (501) has built the header buttons and MyST-NB
    # (500) has added the page's scripts.
    app.connect("builder-inited", require_local_mathjax)
    app.connect("html-page-context", add_book_pdf_button, priority=900)
    app.connect("html-page-context", clean_scripts, priority=900)
    app.connect("doctree-resolved", label_widget_images)
    app.connect("doctree-resolved", latex_plain_proofs)
    app.connect("doctree-resolved", latex_long_signatures)
    # After Sphinx has assigned the numbers (env-get-updated), before any
    # reference is resolved or page written.
    app.connect("env-check-consistency", chapter_level_proof_numbers)
    app.connect("build-finished", copy_pdf_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
