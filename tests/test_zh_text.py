"""The Chinese-text extension (_ext/zh_text.py), on its own and in a small Sphinx build.

Fast: a two-page project (one MyST page, one reStructuredText page) is built
to HTML and LaTeX in a temporary folder; the whole book is checked in
tests/test_zh.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import zh_text  # noqa: E402

HAN_GAP = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


@pytest.mark.parametrize("text, expected", [
    ("技术\n外部性", "技术外部性"),
    ("技术  \n  外部性", "技术外部性"),
    ("溢出，\n研发", "溢出，研发"),              # full-width comma before the break
    ("研发\n（R&D）", "研发（R&D）"),
    ("“双刃剑”\n一把", "“双刃剑”一把"),           # shared quote next to a Han character
    ("与\nJacquemin", "与\nJacquemin"),           # Latin word: the break stays a space
    ("d'Aspremont\n与", "d'Aspremont\n与"),
    ("research —\n“quoted”", "research —\n“quoted”"),  # both shared marks: English, kept
    ("no break here", "no break here"),
])
def test_join_cjk_lines(text, expected):
    assert zh_text.join_cjk_lines(text) == expected


def test_han_share():
    assert zh_text.han_share("产业集群") == 1.0
    assert zh_text.han_share("cluster") == 0.0
    assert zh_text.han_share("") == 0.0
    assert zh_text.mainly_chinese("本章研究 d'Aspremont 与 Jacquemin 的模型及其推广")
    assert not zh_text.mainly_chinese("Introduction 绪论")


def test_book_terms_come_from_the_glossary():
    terms = zh_text.book_terms()
    for term in ("吸收能力", "技术外部性", "研发联合体", "子博弈精炼均衡", "溢出率"):
        assert term in terms
    assert all(len(t) >= 2 and not re.search(r"[^\u4e00-\u9fff]", t) for t in terms)
    assert len(terms) == len(set(terms))


def test_search_language_indexes_chinese_words_and_stems_like_the_browser():
    pytest.importorskip("jieba")
    import snowballstemmer
    from sphinx.search.zh import js_porter_stemmer  # noqa: F401  (the browser's stemmer)

    lang = zh_text.BookChinese({})
    words = lang.split("集群企业的溢出率与吸收能力决定研发投入 spillovers generalization")
    assert {"溢出率", "吸收能力", "研发", "spillovers"} <= set(words)
    # Porter, as the search page's JavaScript; Snowball's "english" would give "general".
    assert lang.stem("generalization") == snowballstemmer.stemmer("porter").stemWord("generalization")
    assert lang.stem("spillovers") == "spillov"


MYST_PAGE = """# 测试 Test page

本段是一个很长的中文段落，源文件在这里
换行，而网页上不应出现多余的空格；它还引用了
d'Aspremont 与 Jacquemin
的模型。

An English paragraph with a Chinese term (吸收能力) in parentheses, wrapped
over two lines.

**摘要：** 技术外部性是一把“双刃剑”：
企业可以借助外部知识。

```text
代码
不变
```
"""

RST_PAGE = """Second page 第二页
=================

中文段落在
这里换行。
"""


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory):
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("src")
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['myst_parser', 'zh_text']\n"
        "language = 'en'\nhtml_search_language = 'zh'\n"
        "latex_documents = [('index', 'mini.tex', 'Mini', 'Author', 'manual')]\n",
        encoding="utf-8")
    (src / "index.md").write_text(MYST_PAGE + "\n```{toctree}\nsecond\n```\n", encoding="utf-8")
    (src / "second.rst").write_text(RST_PAGE, encoding="utf-8")
    out = {}
    for builder in ("html", "latex"):
        dest = tmp_path_factory.mktemp(builder)
        app = Sphinx(str(src), str(src), str(dest), str(dest / ".doctrees"), builder,
                     status=None, warning=None, freshenv=True)
        app.build()
        out[builder] = dest
    return out


def _body(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return soup.find("div", attrs={"role": "main"}) or soup.body


def test_no_stray_spaces_between_han_characters_in_html(mini_build):
    for page in ("index.html", "second.html"):
        body = _body((mini_build["html"] / page).read_text(encoding="utf-8"))
        text = "".join(s for s in body.find_all(string=True)
                       if "pre" not in [p.name for p in s.parents])
        assert not HAN_GAP.search(text), HAN_GAP.findall(text)
    index = (mini_build["html"] / "index.html").read_text(encoding="utf-8")
    assert "源文件在这里换行" in index
    assert re.search(r"Aspremont 与 Jacquemin\s+的模型", index)  # a break by a Latin word stays
    assert "代码\n不变" in index  # a line break in code is kept


def test_no_stray_spaces_in_latex(mini_build):
    tex = (mini_build["latex"] / "mini.tex").read_text(encoding="utf-8")
    assert "源文件在这里换行" in tex and "中文段落在这里换行" in tex


def test_lang_on_chinese_passages(mini_build):
    body = _body((mini_build["html"] / "index.html").read_text(encoding="utf-8"))
    chinese = [p for p in body.find_all("p") if zh_text.mainly_chinese(p.get_text())]
    assert chinese and all(p.get("lang") == "zh-Hans" for p in chinese)
    english = next(p for p in body.find_all("p") if p.get_text().startswith("An English"))
    assert english.get("lang") is None
    spans = english.find_all("span", attrs={"lang": "zh-Hans"})
    assert [s.get_text() for s in spans] == ["吸收能力"]
    title = body.find("h1")
    assert [s.get_text() for s in title.find_all("span", attrs={"lang": "zh-Hans"})] == ["测试"]
    # LaTeX is not given the HTML-only language markup.
    tex = (mini_build["latex"] / "mini.tex").read_text(encoding="utf-8")
    assert "language-zh" not in tex


def test_search_index_holds_chinese_words(mini_build):
    import json

    raw = (mini_build["html"] / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(raw[raw.index("(") + 1:raw.rindex(")")])["terms"]
    assert "吸收能力" in terms and "技术外部性" in terms and "spillov" not in terms
    assert "english" in terms or "paragraph" in terms  # English still indexed
