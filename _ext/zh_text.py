"""Chinese text on the page (loaded through `_config.yml`, ``sphinx.local_extensions``).

The chapters are bilingual and their Markdown is hard-wrapped. Three things
follow that the parsers and the theme do not handle:

1. **No stray spaces between Han characters.** A line break inside a
   paragraph is a space in English; between two Chinese characters it is
   nothing (Chinese is written without spaces). MyST keeps each soft line
   break as a ``"\\n"`` text node, which a browser shows as a space and
   which the PDF can show too. :class:`JoinCJKLines` removes every line
   break (with the blanks around it) whose neighbours on both sides are
   CJK characters or full-width punctuation, in every builder. A break next
   to a Latin word is kept ("与\\nJacquemin" stays "与 Jacquemin").
2. **``lang="zh-Hans"`` on Chinese passages** (website only). Screen
   readers choose their voice, and browsers their font and line breaking, by
   ``lang``. :class:`MarkChineseLanguage` gives every block (paragraph,
   title, table cell, term) whose letters are mainly Han the class
   ``language-zh-Hans``, which docutils' HTML writer turns into
   ``lang="zh-Hans"``; inside English blocks, each run of Chinese (a term
   in parentheses, a chapter title's Chinese half) is wrapped in a
   ``<span lang="zh-Hans">``.
3. **Search that finds Chinese words.** With ``html_search_language: zh``
   Sphinx segments the text with jieba. :class:`BookChinese` adds the
   book's own terms (the Chinese column of ``chapters/glossary.md``) to
   jieba's dictionary, so that 溢出率 or 研发联合体 is one searchable word,
   and stems English words with the Porter stemmer, the one Sphinx's search
   page runs in the browser for Chinese (Sphinx's own Chinese class stems
   with Snowball's "english" stemmer on the server, which differs on words
   such as "generalization", so such a word could never be found).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from docutils import nodes
from sphinx.search import languages as search_languages
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

LANG_CLASS = "language-zh-Hans"

# Han ideographs (basic block, extension A, compatibility, extensions B-F).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
# CJK punctuation (、。《》「」【】...) and full-width forms (，：；！？（）...).
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
# Shared by English and Chinese: curly quotes, em dash, ellipsis, middle dot.
SHARED = "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
CJK_STRICT = re.compile(f"[{HAN}{CJK_PUNCT}]")
CJK_LOOSE = re.compile(f"[{HAN}{CJK_PUNCT}{SHARED}]")
HAN_CHAR = re.compile(f"[{HAN}]")
# A line break, with the blanks around it, between two non-blank characters.
BREAK = re.compile(r"(\S)[ \t]*\n[ \t]*(?=(\S))")
# A run of Chinese inside an English block: Han characters, possibly joined by
# CJK punctuation or shared quotes, starting and ending with a Han character
# or a closing/opening CJK mark.
HAN_RUN = re.compile(f"[{HAN}“‘（《「][{HAN}{CJK_PUNCT}{SHARED}]*[{HAN}{CJK_PUNCT}”’]|[{HAN}]")

# Where text is code, mathematics or raw output: never touched.
VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.comment)
# Blocks that get lang when their text is mainly Chinese.
BLOCKS = (nodes.paragraph, nodes.title, nodes.entry, nodes.term, nodes.caption,
          nodes.rubric, nodes.line)


def joins(left: str, right: str) -> bool:
    """Whether a line break between characters ``left`` and ``right`` is dropped.

    Both must be CJK (Han, CJK punctuation, full-width forms, or a quote or
    dash shared with English), and at least one unambiguously so: an English
    dash before an English quote keeps its space.
    """
    if not (CJK_LOOSE.match(left) and CJK_LOOSE.match(right)):
        return False
    return bool(CJK_STRICT.match(left) or CJK_STRICT.match(right))


def join_cjk_lines(text: str) -> str:
    """Drop the line breaks between CJK characters in ``text`` (see :func:`joins`)."""
    if "\n" not in text:
        return text
    return BREAK.sub(lambda m: m.group(1) if joins(m.group(1), m.group(2)) else m.group(0),
                     text)


def is_verbatim(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, VERBATIM):
            return True
        parent = parent.parent
    return False


def _neighbour_text(node: nodes.Node, step: int) -> str:
    """Text of the nearest non-blank sibling before (step -1) or after (+1) ``node``."""
    parent = node.parent
    index = parent.index(node) + step
    while 0 <= index < len(parent):
        text = parent[index].astext()
        if text.strip():
            return text.strip()
        index += step
    return ""


class JoinCJKLines(SphinxTransform):
    """Remove soft line breaks between CJK characters from the doctree (all builders)."""

    default_priority = 880  # late: after MyST-NB and sphinx-proof have built their nodes

    def apply(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if "\n" not in text or text.parent is None or is_verbatim(text):
                continue
            if not text.strip():
                # A soft break of its own (MyST: one Text("\n") per break).
                before, after = _neighbour_text(text, -1), _neighbour_text(text, +1)
                if before and after and joins(before[-1], after[0]):
                    text.parent.remove(text)
                continue
            joined = join_cjk_lines(str(text))
            if joined != str(text):
                text.parent.replace(text, nodes.Text(joined))


def han_share(text: str) -> float:
    """Share of Han characters among the letters of ``text`` (0 if it has none).

    A Latin letter counts half: a Chinese sentence that names d'Aspremont
    and Jacquemin has more Latin letters than Han characters and is still
    Chinese.
    """
    han = len(HAN_CHAR.findall(text))
    latin = 0.5 * len(re.findall(r"[A-Za-z]", text))
    return han / (han + latin) if han + latin else 0.0


def mainly_chinese(text: str) -> bool:
    return han_share(text) > 0.5


class MarkChineseLanguage(SphinxPostTransform):
    """``lang="zh-Hans"`` on Chinese blocks and on Chinese runs in English blocks (HTML)."""

    default_priority = 890
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs) -> None:
        chinese_blocks = set()
        for block in list(self.document.findall(lambda n: isinstance(n, BLOCKS))):
            if is_verbatim(block):
                continue
            if mainly_chinese(block.astext()):
                if LANG_CLASS not in block["classes"]:
                    block["classes"].append(LANG_CLASS)
                chinese_blocks.add(id(block))
        for text in list(self.document.findall(nodes.Text)):
            if text.parent is None or not HAN_CHAR.search(text) or is_verbatim(text):
                continue
            if self._inside_chinese(text, chinese_blocks):
                continue
            self._wrap_runs(text)

    @staticmethod
    def _inside_chinese(text: nodes.Text, chinese_blocks: set) -> bool:
        parent = text.parent
        while parent is not None:
            if id(parent) in chinese_blocks or LANG_CLASS in parent.get("classes", ()):
                return True
            parent = parent.parent
        return False

    @staticmethod
    def _wrap_runs(text: nodes.Text) -> None:
        source = str(text)
        pieces: list[nodes.Node] = []
        last = 0
        for match in HAN_RUN.finditer(source):
            if match.start() > last:
                pieces.append(nodes.Text(source[last:match.start()]))
            pieces.append(nodes.inline(match.group(), match.group(), classes=[LANG_CLASS]))
            last = match.end()
        if last < len(source):
            pieces.append(nodes.Text(source[last:]))
        parent = text.parent
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)


# ----------------------------------------------------------------------------- search
GLOSSARY = Path(__file__).resolve().parents[1] / "chapters" / "glossary.md"
# Terms the chapters use often that are not glossary entries of their own.
EXTRA_TERMS = ("溢出率", "技术溢出", "研发补贴", "产出补贴", "集群规模", "模仿时滞", "联系密度",
               "产业政策", "北仑", "模具产业集群", "知识溢出", "平均场近似")


def book_terms(glossary: Path = GLOSSARY) -> list[str]:
    """The Chinese terms of the glossary table (second column), plus :data:`EXTRA_TERMS`.

    A cell may hold several terms separated by "、", "/", "；" or "（...）";
    each Chinese piece of two or more characters is a term.
    """
    terms: list[str] = []
    if glossary.exists():
        for line in glossary.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 2 or not HAN_CHAR.search(cells[1]):
                continue
            for piece in re.split(f"[^{HAN}]+", cells[1]):
                if len(piece) >= 2:
                    terms.append(piece)
    terms.extend(EXTRA_TERMS)
    return list(dict.fromkeys(terms))


class BookChinese(SearchChinese):
    """Sphinx's Chinese search with the book's terms and the browser's stemmer."""

    def init(self, options: dict[str, str]) -> None:
        import snowballstemmer
        try:
            import jieba
        except ImportError:  # Sphinx then indexes Latin words only
            jieba = None
        super().init(options)
        if jieba is not None:
            jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" on stderr
            for term in book_terms():
                jieba.add_word(term)
        # The search page stems the query with its JavaScript Porter stemmer
        # (js_stemmer_code); index with the same algorithm.
        self.stemmer = snowballstemmer.stemmer("porter")


def check_search_language(app, config) -> None:
    if config.html_search_language == "zh":
        try:
            import jieba  # noqa: F401
        except ImportError as exc:
            raise RuntimeError(
                "html_search_language is 'zh' but jieba is not installed: without it the "
                "search index cannot segment Chinese (pip install -r requirements.txt)"
            ) from exc


def setup(app):
    search_languages["zh"] = BookChinese
    app.add_transform(JoinCJKLines)
    app.add_post_transform(MarkChineseLanguage)
    app.connect("config-inited", check_search_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
