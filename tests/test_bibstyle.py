"""The book's bibliography style (_ext/bibstyle.py): plain, with "et al." for ``and others``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pybtex")
from pybtex.database import parse_string  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import bibstyle  # noqa: E402

BIB = r"""
@book{Lin2013, author = {林承亮 and others}, title = {技术外部性与产业集群转型创新},
  publisher = {浙江大学出版社}, year = {2013}}
@article{Two1999, author = {Smith, Ann and Jones, Bob}, title = {A title},
  journal = {J}, year = {1999}, volume = {1}, pages = {1--2}}
@article{Three1999, author = {Smith, Ann and Jones, Bob and Wu, Chen}, title = {B},
  journal = {J}, year = {1999}, volume = {1}, pages = {1--2}}
"""


def rendered() -> dict[str, str]:
    data = parse_string(BIB, "bibtex")
    style = bibstyle.BookStyle()
    return {e.key: e.text.render_as("text") for e in style.format_entries(data.entries.values())}


def test_and_others_becomes_et_al():
    text = rendered()["Lin2013"]
    assert text.startswith("林承亮 et al. ")
    assert "others" not in text


def test_other_author_lists_are_plain():
    text = rendered()
    assert text["Two1999"].startswith("Ann Smith and Bob Jones. ")
    assert text["Three1999"].startswith("Ann Smith, Bob Jones, and Chen Wu. ")


def test_style_is_registered_under_the_configured_name():
    from pybtex.plugin import find_plugin

    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "bibtex_default_style: book" in config
    assert find_plugin("pybtex.style.formatting", "book") is bibstyle.BookStyle


def test_in_text_citations_print_et_al_for_and_others():
    """The patched sphinxcontrib-bibtex name template: "林承亮 et al.", not "and others"."""
    pytest.importorskip("sphinxcontrib.bibtex")
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    bibstyle._patch_citation_names()
    data = parse_string(BIB, "bibtex")
    style = AuthorYearReferenceStyle()
    node = style.person.names("author", full=False)
    out = {}
    for key in ("Lin2013", "Two1999", "Three1999"):
        context = {"entry": data.entries[key], "style": style}
        out[key] = node.format_data(context).render_as("text")
    assert out["Lin2013"] == "林承亮 et al."
    assert out["Two1999"] == "Smith and Jones"
    assert out["Three1999"] == "Smith et al."
