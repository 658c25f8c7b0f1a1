"""Tests of clustercode._notebook_refs: the chapters as JupyterLab sees them (Binder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clustercode._notebook_refs import bib_index, from_notebook_links, label_index, substitutions, to_notebook_links

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md"))]
ROLE = re.compile(r"\{(ref|prf:ref|eq|numref)\}`([^`]+)`")


@pytest.fixture(scope="module")
def indexes():
    return label_index(ROOT), bib_index(ROOT), substitutions(ROOT)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_round_trip_and_no_reference_left_to_another_page(page, indexes):
    index, bib, subs = indexes
    text = page.read_text(encoding="utf-8")
    shown = to_notebook_links(text, page, ROOT, index, bib, subs)
    assert from_notebook_links(shown) == text
    assert to_notebook_links(shown, page, ROOT, index, bib, subs) == shown  # idempotent
    visible = re.sub(r"<!-- xref .*? -->", "", shown)
    for m in ROLE.finditer(visible):
        body = m.group(2)
        label = re.search(r"<([^>]+)>\s*$", body).group(1) if "<" in body else body
        assert label in index, f"{m.group(0)}: unknown label"
        assert index[label].path.resolve() == page.resolve(), f"{m.group(0)} left as a role"
    assert not re.search(r"\{cite(:[tp])?\}`", visible), "a citation left as a role"
    assert "{{ binder_link }}" not in visible
    for target in re.findall(r"\]\(([^)\s]+\.md)\)<!-- xref", shown):
        assert target.startswith("https://") or (page.parent / target).is_file(), target


def text_of(tmp_path, files: dict[str, str]) -> Path:
    (tmp_path / "chapters").mkdir()
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_rewrites_only_other_files_and_markdown(tmp_path):
    root = text_of(tmp_path, {
        "index.md": "(pre)=\n# Preface\n",
        "chapters/a.md": "(ch-a)=\n# Chapter A\n\n```{prf:proposition} Size matters\n"
                         ":label: prop-a\nText.\n```\n",
        "chapters/b.md": "(ch-b)=\n# B\n\nSee {ref}`ch-a`, {prf:ref}`prop-a`, "
                         "{ref}`the preface <pre>` and {ref}`ch-b`.\n\n"
                         "```{code-cell} ipython3\n# {ref}`ch-a`\n```\n\n{ref}`missing`\n",
    })
    b = root / "chapters" / "b.md"
    out = to_notebook_links(b.read_text(), b, root)
    assert "[Chapter A](a.md)<!-- xref {ref}`ch-a` -->" in out
    assert "[Proposition “Size matters”](a.md)<!-- xref {prf:ref}`prop-a` -->" in out
    assert "[the preface](../index.md)<!-- xref {ref}`the preface <pre>` -->" in out
    assert " and {ref}`ch-b`." in out           # same file: jupyterlab-myst resolves it
    assert "# {ref}`ch-a`\n" in out             # code cell untouched
    assert "{ref}`missing`" in out              # unknown: left for Sphinx to report
    assert from_notebook_links(out) == b.read_text()
