"""The built book as a bilingual book: Chinese without stray spaces, ``lang`` on
Chinese passages, every figure numbered and captioned, Chinese search terms.

Marked ``book``: these tests look at the HTML site that tests/conftest.py builds
(``-W -n``, cold cache). BOOK_HTML=<folder> looks at an existing build instead
(e.g. ``BOOK_HTML=_build/html`` after ``make book``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.test_book import source_of, tail, toc_docnames

pytestmark = pytest.mark.book

bs4 = pytest.importorskip("bs4")

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_GAP = re.compile(f"[{HAN}][ \t\n\r]+[{HAN}]")
HAN_CHAR = re.compile(f"[{HAN}]")
FIGURE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n---\n(?P<meta>.*?)\n---\n", re.S | re.M)


@pytest.fixture(scope="module")
def site(request) -> Path:
    if os.environ.get("BOOK_HTML"):
        return Path(os.environ["BOOK_HTML"]).resolve()
    proc, html = request.getfixturevalue("html_build")
    if proc.returncode != 0:
        pytest.fail(f"the HTML build failed:\n{tail(proc)}")
    return html


def article(site: Path, doc: str):
    soup = bs4.BeautifulSoup((site / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("article") or soup.find("main")
    for tag in main.find_all(["script", "style"]):
        tag.decompose()
    return main


CODE_LIKE = ("pre", "code")
CODE_CLASSES = {"math", "sig", "pre", "highlight"}
BLOCKS = ("p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption",
          "caption")


def is_code(tag) -> bool:
    return tag.name in CODE_LIKE or bool(CODE_CLASSES & set(tag.get("class") or []))


def text_outside_code(node) -> list:
    return [s for s in node.find_all(string=True)
            if not any(is_code(p) for p in s.parents if p is not None and p.name)]


def block_texts(main) -> list[str]:
    """The text of each block (paragraph, list item, cell, heading), code and
    mathematics replaced by a placeholder so that no gap is made or hidden."""
    for tag in main.find_all(is_code):
        tag.replace_with("\u2039\u203a")
    return [block.get_text() for block in main.find_all(BLOCKS)]


@pytest.mark.parametrize("doc", toc_docnames())
def test_no_stray_spaces_between_han_characters(site, doc):
    main = article(site, doc)
    gaps = [text[max(0, m.start() - 8):m.end() + 8]
            for text in block_texts(main) for m in HAN_GAP.finditer(text)]
    assert not gaps, f"{doc}: spaces between Chinese characters: {gaps[:10]}"


@pytest.mark.parametrize("doc", toc_docnames())
def test_chinese_text_carries_lang(site, doc):
    main = article(site, doc)
    missing = []
    for string in text_outside_code(main):
        if not HAN_CHAR.search(string):
            continue
        if not any((p.get("lang") or "").startswith("zh") for p in string.parents
                   if hasattr(p, "get")):
            missing.append(string.strip()[:40])
    assert not missing, f"{doc}: Chinese text without lang=zh-Hans: {missing[:10]}"
    if HAN_CHAR.search(main.get_text()):
        assert main.find(attrs={"lang": "zh-Hans"}) is not None


@pytest.mark.parametrize("doc", toc_docnames())
def test_every_figure_is_numbered_and_captioned(site, doc):
    main = article(site, doc)
    images = [img for img in main.select(".cell_output img, figure img")]
    for img in images:
        figure = img.find_parent("figure")
        assert figure is not None, f"{doc}: a figure without number and caption: {img.get('src')}"
        caption = figure.find("figcaption")
        assert caption is not None and caption.select_one(".caption-number"), \
            f"{doc}: figure {img.get('src')} has no numbered caption"
        number = caption.select_one(".caption-number").get_text()
        assert re.match(r"Fig\. \d+\.\d+", number), number
        assert len(caption.get_text(strip=True)) > len(number) + 20, f"{doc}: caption too short"
        assert figure.get("id"), f"{doc}: figure {number} has no target for numref"
    # Every figure cell of the source has a name, and the text refers to it.
    source = source_of(doc).read_text(encoding="utf-8")
    names = re.findall(r"^\s+name: (fig-[\w-]+)", source, re.M)
    assert len(names) == len(main.select("figure figcaption .caption-number")) or not images
    for name in names:
        assert f"{{numref}}`{name}`" in source, f"{doc}: figure {name} is never referred to"


def test_numref_links_resolve(site):
    for doc in toc_docnames():
        main = article(site, doc)
        for link in main.select("a.reference span.std-numref"):
            assert re.match(r"Fig\. \d+\.\d+", link.get_text()), (doc, link.get_text())


def test_search_index_segments_chinese(site):
    raw = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1:raw.rindex(")")])
    terms, docs = index["terms"], index["docnames"]

    def pages(term):
        # A word of a page's title is indexed among the title terms only.
        found = set()
        for table in (terms, index["titleterms"]):
            hits = table.get(term, [])
            found |= {docs[i] for i in ([hits] if isinstance(hits, int) else hits)}
        return found

    assert "chapters/ch04_heterogeneous" in pages("吸收能力")
    assert "chapters/ch04_homogeneous" in pages("溢出率")
    assert "chapters/ch04_homogeneous" in pages("研发联合体")
    assert "chapters/ch04_heterogeneous" in pages("absorpt")      # English, stemmed
    assert len(pages("spillov")) >= 5
    # No whole Chinese clauses as single "words" (the index held 385 before segmentation).
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
    from zh_text import book_terms

    glossary = set(book_terms())
    # Proper names of the bibliography (publishers such as 北京大学出版社) are single words too.
    bib = (Path(__file__).resolve().parents[1] / "references.bib").read_text(encoding="utf-8")
    long = [t for t in terms if HAN_CHAR.search(t) and len(t) > 6 and t not in glossary
            and not re.search(r"\{" + re.escape(t) + r"(?: \(|\})", bib)]
    assert not long, long[:10]
