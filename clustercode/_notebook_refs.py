"""Cross-chapter references for the chapters opened as notebooks (JupyterLab).

Sphinx resolves ``{ref}``, ``{prf:ref}``, ``{eq}`` and ``{numref}`` across the
whole book. ``jupyterlab-myst`` sees one notebook at a time: a reference to a
label of another chapter is shown as the bare label with a warning sign, and
every such reference logs "Cross reference target was not found" in the
browser console. The Binder server (``binder/jupyter_server_config.py``)
passes each chapter through :func:`to_notebook_links` when JupyterLab reads it
and through :func:`from_notebook_links` when it is saved, so the reader sees a
readable link to the other chapter (which JupyterLab opens as a notebook) and
the file on disk keeps the original roles.

A reference becomes ``[text](other_chapter.md)<!-- xref {role}`body` -->``:
a Markdown link, which neither jupyterlab-myst nor Sphinx warns about, and an
HTML comment (invisible in both) that records the original role. References
whose target is in the same file, and roles inside code cells or code blocks,
are left alone, except ``{numref}`` to a figure: a figure's name lives in its
code cell's metadata, which jupyterlab-myst does not read, so such a reference
becomes emphasised text (``*the figure “…”*<!-- xref … -->``) even on its own
page. The text is what a reader needs without the book's numbering:
the heading of a section, or the kind and title of a proposition
("Proposition “Cluster size”"), or "equation (label)".

This is tooling for the book's sources, not part of the models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Target", "label_index", "bib_index", "substitutions", "to_notebook_links",
           "from_notebook_links"]

_ROLES = ("ref", "prf:ref", "eq", "numref")
_ROLE = re.compile(r"\{(" + "|".join(re.escape(r) for r in _ROLES) + r")\}`([^`]+)`")
_MARKED = re.compile(
    r"(?:\[(?:[^\]\\]|\\.)*\]\([^)\s]*\)|\*[^*\n]+\*)<!-- xref (\{[\w:]+\}`[^`]+`|\{\{ *\w+ *\}\}) -->")
# A figure's name and caption in a code cell's metadata (mystnb: figure: name / caption).
_FIG_NAME = re.compile(r"^\s+name:\s*[\"']?([\w:.\-]+)[\"']?\s*$")
_FIG_CAPTION = re.compile(r"^\s+caption:\s*[\"']?(.*?)[\"']?\s*$")
_CITE = re.compile(r"\{(cite:t|cite:p|cite)\}`([^`]+)`")
_SUBST = re.compile(r"\{\{ *(\w+) *\}\}")
# A raw LaTeX block (for the PDF) is text to jupyterlab-myst: hide it in a comment.
_RAW_LATEX = re.compile(r"^(`{3,}|~{3,})\{raw\} latex[ \t]*\n.*?^\1[ \t]*$", re.M | re.S)
_HIDDEN_RAW = re.compile(r"^<!-- xraw\n(.*?)\n-->$", re.M | re.S)
_LINK = re.compile(r"^\[[^\]]+\]\([^)\s]+\)$")
_LABEL_LINE = re.compile(r"^\(([\w:.\-]+)\)=\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{([\w:\-]+)\})?\s*(.*)$")
_OPTION_LABEL = re.compile(r"^:label:\s*(\S+)\s*$")
_DOLLAR_LABEL = re.compile(r"\$\$\s*\(([\w:.\-]+)\)")
_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)


@dataclass(frozen=True)
class Target:
    """Where a label is defined and how to name it in running text."""

    path: Path
    text: str
    figure: bool = False  # a figure named in a code cell's metadata


def _figure_text(caption: str) -> str:
    """How running text names a figure without the book's numbering: its caption's first clause."""
    first = re.split(r"(?<=[.:;])\s|\s\(", caption.strip(), maxsplit=1)[0].rstrip(".:;")
    first = first.replace("*", "").replace("`", "")
    if len(first) > 70:
        first = first[:67].rsplit(" ", 1)[0] + "…"
    return f"the figure “{first}”" if first else "the figure"


def _plain_heading(text: str) -> str:
    text = re.sub(r"\{[\w:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    return text.replace("*", "").replace("`", "").strip()


def _directive_text(kind: str, title: str, label: str) -> str:
    name = kind.split(":")[-1]
    if name == "math":
        return f"equation ({label})"
    name = name.capitalize()
    return f"{name} “{title.strip()}”" if title.strip() else f"{name} ({label})"


def _scan(path: Path) -> dict[str, Target]:
    """Labels defined in one MyST Markdown file."""
    found: dict[str, Target] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    pending: list[str] = []
    directive: tuple[str, str] | None = None
    caption = ""
    for line in lines:
        m = _LABEL_LINE.match(line)
        if m:
            pending.append(m.group(1))
            continue
        h = _HEADING.match(line)
        if h and pending:
            for label in pending:
                found.setdefault(label, Target(path, _plain_heading(h.group(2))))
            pending = []
            continue
        if line.strip():
            for label in pending:  # a label above something other than a heading
                found.setdefault(label, Target(path, label))
            pending = []
        f = _FENCE.match(line)
        if f and f.group(3):
            directive = (f.group(3), f.group(4))
            continue
        if directive is not None and directive[0].startswith("code-cell"):
            c = _FIG_CAPTION.match(line)
            if c:
                caption = c.group(1)
            n = _FIG_NAME.match(line)
            if n:
                found.setdefault(n.group(1), Target(path, _figure_text(caption), figure=True))
                continue
        o = _OPTION_LABEL.match(line.strip())
        if o and directive is not None:
            found.setdefault(o.group(1), Target(path, _directive_text(*directive, o.group(1))))
            continue
        for d in _DOLLAR_LABEL.finditer(line):
            found.setdefault(d.group(1), Target(path, f"equation ({d.group(1)})"))
    return found


def label_index(root: str | Path) -> dict[str, Target]:
    """Every label of the book's pages (``index.md``, ``chapters/*.md``) under ``root``."""
    root = Path(root)
    index: dict[str, Target] = {}
    for path in [root / "index.md", *sorted((root / "chapters").glob("*.md"))]:
        if path.is_file():
            for label, target in _scan(path).items():
                index.setdefault(label, target)
    return index


def _surname(name: str) -> str:
    name = name.strip()
    surname = name.split(",")[0] if "," in name else name.split()[-1]
    return re.sub(r"[{}\\]", "", surname).strip()


def bib_index(root: str | Path) -> dict[str, str]:
    """Author-year names of the entries of ``references.bib``: key -> "Lin et al., 2013"."""
    path = Path(root) / "references.bib"
    if not path.is_file():
        return {}
    out = {}
    for entry in re.split(r"\n(?=@)", path.read_text(encoding="utf-8")):
        head = re.match(r"@\w+\s*\{\s*([^,\s]+)\s*,", entry)
        if not head:
            continue
        names = re.search(r"^\s*(?:author|editor)\s*=\s*\{(.+?)\},?\s*$", entry, re.M | re.I)
        year = re.search(r"^\s*year\s*=\s*\{?(\w+)\}?", entry, re.M | re.I)
        if not names:
            continue
        people = [_surname(n) for n in re.split(r"\s+and\s+", names.group(1))]
        if len(people) > 1 and people[-1].lower() == "others":
            people = people[:1] + ["", ""]  # "and others": et al.
        who = (people[0] if len(people) == 1 else f"{people[0]} and {people[1]}"
               if len(people) == 2 else f"{people[0]} et al.")
        out[head.group(1)] = f"{who}, {year.group(1)}" if year else who
    return out


def substitutions(root: str | Path) -> dict[str, str]:
    """MyST substitutions of ``_config.yml`` that are a single Markdown link."""
    path = Path(root) / "_config.yml"
    if not path.is_file():
        return {}
    import yaml

    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    subs = (config.get("parse") or {}).get("myst_substitutions") or {}
    return {k: v.strip() for k, v in subs.items()
            if isinstance(v, str) and _LINK.match(v.strip())}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _relative(target: Path, source: Path) -> str:
    import os

    return os.path.relpath(target, source.parent).replace(os.sep, "/")


def _markdown_spans(text: str):
    """Yield (start, end, is_markdown) spans: code cells and code blocks are not markdown.

    Fences nest as in MyST: a bare fence at least as long as the innermost
    open one (same character) closes it; any other fence opens a block, a code
    block when it has no ``{directive}`` or the directive is a code cell.
    """
    pos = start = 0
    stack: list[tuple[str, bool]] = []  # (fence, is_code)
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        m = _FENCE.match(stripped)
        code = any(is_code for _, is_code in stack)
        if m:
            fence = m.group(1)
            bare = not m.group(2) and not m.group(4)
            if (stack and bare and fence[0] == stack[-1][0][0]
                    and len(fence) >= len(stack[-1][0])):
                stack.pop()
                if code and not any(is_code for _, is_code in stack):
                    yield start, pos + len(line), False
                    start = pos + len(line)
            elif not code:
                is_code = m.group(3) is None or m.group(3).startswith("code")
                if is_code:
                    if pos > start:
                        yield start, pos, True
                    start = pos
                stack.append((fence, is_code))
        pos += len(line)
    if pos > start:
        yield start, pos, not any(is_code for _, is_code in stack)


def to_notebook_links(text: str, path: str | Path, root: str | Path,
                      index: dict[str, Target] | None = None,
                      bib: dict[str, str] | None = None,
                      subs: dict[str, str] | None = None) -> str:
    """Rewrite references to labels of *other* files of the book as Markdown links.

    Parameters
    ----------
    text : str
        The MyST Markdown source of the file at ``path``.
    path : str or Path
        Its path, absolute or relative to ``root``.
    root : str or Path
        The book's root folder (where ``index.md`` is).
    index : dict, optional
        A :func:`label_index` of ``root`` (computed when not given).
    bib, subs : dict, optional
        :func:`bib_index` and :func:`substitutions` of ``root`` (computed when
        not given). Citations become author-year links to the bibliography
        chapter, substitutions their Markdown link.
    """
    root = Path(root).resolve()
    path = Path(path)
    source = (path if path.is_absolute() else root / path).resolve()
    index = label_index(root) if index is None else index
    bib = bib_index(root) if bib is None else bib
    subs = substitutions(root) if subs is None else subs
    bibliography = root / "chapters" / "bibliography.md"

    def replace(m: re.Match) -> str:
        body = m.group(2)
        e = _EXPLICIT.match(body)
        label, text_ = (e.group(2), e.group(1)) if e else (body, "")
        target = index.get(label)
        if target is None:
            return m.group(0)
        shown = text_ or target.text
        if target.path.resolve() == source:
            if not target.figure:
                return m.group(0)  # jupyterlab-myst resolves labels of its own notebook
            return f"*{shown.replace('*', '')}*<!-- xref {m.group(0)} -->"
        return f"[{_escape(shown)}]({_relative(target.path.resolve(), source)})<!-- xref {m.group(0)} -->"

    def cite(m: re.Match) -> str:
        keys = [k.strip() for k in m.group(2).split(",")]
        if not keys or any(k not in bib for k in keys) or not bibliography.is_file():
            return m.group(0)
        if m.group(1) == "cite:t":
            shown = "; ".join(re.sub(r", (\w+)$", r" (\1)", bib[k]) for k in keys)
        else:
            shown = "(" + "; ".join(bib[k] for k in keys) + ")"
        return f"[{_escape(shown)}]({_relative(bibliography, source)})<!-- xref {m.group(0)} -->"

    def substitute(m: re.Match) -> str:
        value = subs.get(m.group(1))
        return m.group(0) if value is None else f"{value}<!-- xref {m.group(0)} -->"

    text = from_notebook_links(text)  # idempotent
    text = _RAW_LATEX.sub(lambda m: f"<!-- xraw\n{m.group(0)}\n-->", text)
    out = []
    for start, end, markdown in _markdown_spans(text):
        chunk = text[start:end]
        if markdown:
            chunk = _SUBST.sub(substitute, _CITE.sub(cite, _ROLE.sub(replace, chunk)))
        out.append(chunk)
    return "".join(out)


def from_notebook_links(text: str) -> str:
    """Undo :func:`to_notebook_links`: the original roles, as the book's sources have them."""
    return _HIDDEN_RAW.sub(lambda m: m.group(1), _MARKED.sub(lambda m: m.group(1), text))
