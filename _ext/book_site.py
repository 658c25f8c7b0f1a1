"""Sphinx extension for the book's website (loaded through `_config.yml`,
``sphinx.local_extensions``).

Three small things the theme cannot be configured to do:

1. **The book's PDF in every page's download menu.** sphinx-book-theme offers
   the page's ``.ipynb`` and source file and a "print to PDF" button; we add
   "Book (PDF)", a link to ``book.pdf`` at the site root (``make site`` and the
   publishing workflow put ``_build/latex/book.pdf`` there).
2. **No dead widget state in the pages.** MyST-NB embeds the saved
   ``application/vnd.jupyter.widget-state+json`` of every interactive figure in
   the page head (hundreds of kilobytes of base64 PNGs per chapter). Without a
   widget manager (we load none: no CDN) nothing reads it; the figure itself is
   shown as its static PNG. Dropping it makes a chapter several times lighter.
3. **Copy the PDF into the site** when an HTML build finishes and
   ``<build>/latex/book.pdf`` exists, so that ``make pdf`` followed by
   ``make book`` (or the reverse, see the Makefile) gives a complete site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PDF_NAME = "book.pdf"


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


def drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [js for js in scripts
                      if getattr(js, "attributes", {}).get("type") != WIDGET_STATE]


def copy_pdf_into_site(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pdf = Path(app.outdir).parent / "latex" / PDF_NAME
    if pdf.is_file():
        shutil.copy2(pdf, Path(app.outdir) / PDF_NAME)


def setup(app):
    # After sphinx-book-theme (501) has built the header buttons and MyST-NB
    # (500) has added the page's scripts.
    app.connect("html-page-context", add_book_pdf_button, priority=900)
    app.connect("html-page-context", drop_widget_state, priority=900)
    app.connect("build-finished", copy_pdf_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
