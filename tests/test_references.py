"""Checks on ``references.bib`` and on the citations the chapters make.

* the file parses (pybtex, strict), has no duplicate keys and is sorted by key;
* every entry has the fields its type needs; a required field that could not
  be verified may be left out only if the entry names it in ``unverified``
  (a Chinese journal numbers issues within a year and has no volumes, so a
  Chinese article's ``number`` stands for its ``volume``);
* works in Chinese carry an English gloss of the title in ``titleaddon``;
* the bibliography style prints no field named in ``unverified`` (on a sample
  entry, and on the built bibliography page when the book has been built);
* years are plausible four-digit numbers and keys follow the house convention
  (first author's surname + year, a/b suffix for clashes);
* every key cited with ``{cite}``, ``{cite:t}``, ``{cite:p}``, ``{cite:ts}``,
  ``{cite:alp}``, ``{footcite}`` ... in a page of the book exists in the file,
  and the book cites at least :data:`MIN_CITED` distinct works.

The pages of the book are the ``.md`` files listed in ``_toc.yml``; without a
``_toc.yml`` they are ``index.md`` and every ``.md`` under ``chapters/``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

import pytest

pybtex = pytest.importorskip("pybtex")
import pybtex.errors  # noqa: E402, F811
from pybtex.database import BibliographyData, parse_string  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
TOC = ROOT / "_toc.yml"

# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

#: Fields each entry type needs. A tuple inside a list means "one of these".
REQUIRED: dict[str, list] = {
    "article": ["author", "title", "journal", "year", "volume", "pages"],
    "book": [("author", "editor"), "title", "publisher", "year"],
    "incollection": ["author", "title", "booktitle", "publisher", "year", "pages"],
    "inbook": [("author", "editor"), "title", ("chapter", "pages"), "publisher", "year"],
    "inproceedings": ["author", "title", "booktitle", "year"],
    "proceedings": ["title", "year"],
    "phdthesis": ["author", "title", "school", "year"],
    "mastersthesis": ["author", "title", "school", "year"],
    "techreport": ["author", "title", "institution", "year"],
    "unpublished": ["author", "title", "note"],
    "manual": ["title"],
    "booklet": ["title"],
    "misc": [("author", "editor", "organization"), "title", "year"],
}

#: Fields that identify a work; they may never be excused as unverified.
IDENTIFYING = {"author", "editor", "title", "year", "journal", "booktitle"}

#: Works the book plan requires to be present.
CORE_KEYS = {
    "Lin2013", "dAspremont1988", "Henriques1990", "Kamien1992", "Suzumura1992",
    "Cohen1989", "Amir2000", "Marshall1890", "Schumpeter1934", "Schumpeter1942",
    "Arrow1962", "Spence1984", "Porter1998", "Scitovsky1954", "Romer1990",
    "Jaffe1993", "Audretsch1996", "Krugman1991",
}

#: The literature review is held to a monograph's scale (issue 14).
MIN_CITED = 120

KEY_RE = re.compile(r"^[A-Za-z]+[0-9]{4}[a-z]?$")

# A MyST citation role: {cite}`...`, {cite:t}`...`, {footcite:p}`...`, etc.
CITE_ROLE_RE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]*)`")

# Fenced blocks whose body is not Markdown: code cells and plain code fences.
# Directive fences such as ```{admonition} or ```{prf:proposition} hold
# Markdown, so citations inside them count.
_FENCE_OPEN_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\{[^}]*\}|[^\s`]*)")
_NON_MARKDOWN_DIRECTIVES = {"{code-cell}", "{code-block}", "{code}", "{raw}", "{literalinclude}"}


# ---------------------------------------------------------------------------
# Helpers (unit-tested below)
# ---------------------------------------------------------------------------

def strip_code(text: str) -> str:
    """Drop code cells and plain code fences; keep directives that hold Markdown."""
    out: list[str] = []
    fence: str | None = None  # closing fence of the code block being skipped
    depth_stack: list[str] = []  # fences of Markdown directives we are inside
    for line in text.splitlines():
        if fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            continue
        m = _FENCE_OPEN_RE.match(line)
        if m:
            marker, info = m.group(2), m.group(3)
            if depth_stack and line.strip() == depth_stack[-1]:
                depth_stack.pop()  # closes a Markdown directive
                out.append(line)
                continue
            is_code = info == "" or not info.startswith("{") or info in _NON_MARKDOWN_DIRECTIVES
            if is_code:
                fence = marker
                continue
            depth_stack.append(marker)
        out.append(line)
    return "\n".join(out)


def cited_keys(text: str) -> list[str]:
    """Citation keys used in MyST text, in order of appearance (code excluded).

    Handles comma-separated keys and sphinxcontrib-bibtex's pre/post text,
    e.g. ``{cite:p}`{see}Key1{p. 3}, Key2```.
    """
    keys: list[str] = []
    for group in CITE_ROLE_RE.findall(strip_code(text)):
        for raw in group.split(","):
            key = re.sub(r"^\{[^}]*\}", "", raw.strip())  # pre-text
            key = re.sub(r"\{[^}]*\}$", "", key).strip()  # post-text
            if key:
                keys.append(key)
    return keys


def missing_fields(entry) -> list[str]:
    """Required fields an entry lacks, after excusing those it marks unverified."""
    fields = {k.lower(): v for k, v in entry.fields.items()}
    present = set(fields) | {role.lower() for role in entry.persons}
    excused = {
        f.strip().lower()
        for f in fields.get("unverified", "").split(",")
        if f.strip()
    } - IDENTIFYING
    if entry.type.lower() == "article" and is_chinese(entry):
        present |= {"volume"} if "number" in present else set()
    missing = []
    for need in REQUIRED.get(entry.type.lower(), ["title"]):
        options = need if isinstance(need, tuple) else (need,)
        if not any(o in present or o in excused for o in options):
            missing.append("|".join(options))
    return missing


def is_chinese(entry) -> bool:
    """Whether an entry is a work in Chinese (``language = {chinese}``)."""
    return entry.fields.get("language", "").strip().lower() == "chinese"


def ascii_letters(name: str) -> str:
    """'d'Aspremont' -> 'dAspremont'; non-Latin names give ''."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z]", "", folded)


def book_pages() -> list[Path]:
    """The Markdown pages of the book (see module docstring)."""
    if TOC.exists():
        import yaml

        toc = yaml.safe_load(TOC.read_text(encoding="utf-8")) or {}
        names: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                for k, v in node.items():
                    if k in ("root", "file") and isinstance(v, str):
                        names.append(v)
                    else:
                        walk(v)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(toc)
        pages = []
        for name in names:
            p = ROOT / name
            if p.suffix == "":
                p = p.with_suffix(".md")
            if p.suffix == ".md" and p.exists():
                pages.append(p)
        return pages
    pages = sorted((ROOT / "chapters").rglob("*.md")) if (ROOT / "chapters").exists() else []
    if (ROOT / "index.md").exists():
        pages.insert(0, ROOT / "index.md")
    return pages


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bib_text() -> str:
    assert BIB.exists(), f"{BIB} is missing"
    return BIB.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bib(bib_text) -> BibliographyData:
    old = pybtex.errors.strict
    pybtex.errors.strict = True  # turn pybtex warnings (e.g. repeated keys) into errors
    try:
        return parse_string(bib_text, "bibtex")
    finally:
        pybtex.errors.strict = old


# ---------------------------------------------------------------------------
# Unit tests of the helpers (so the real checks can fail)
# ---------------------------------------------------------------------------

def test_cited_keys_extracts_all_role_forms():
    sample = (
        "As {cite:t}`dAspremont1988` show, and others confirm {cite:p}`Kamien1992, Suzumura1992`.\n"
        "Bare {cite}`Amir2000`; starred {cite:ts}`Jaffe1993` {cite:ps}`Cohen1989,Cohen1990`;\n"
        "{cite:alp}`Porter1998` {footcite:t}`Romer1990` {cite:p}`{see}Arrow1962{p. 609}, Spence1984`.\n"
        "Not a role: `cite:t` or {ref}`ch04-homogeneous`.\n"
        "```{admonition} Inside a directive\nAlso counts: {cite:t}`Marshall1890`.\n```\n"
        "```{code-cell} ipython3\n# {cite:t}`NotAKey1999` inside code is ignored\n```\n"
        "```python\nprint('{cite:p}`AlsoNotAKey2000`')\n```\n"
    )
    assert cited_keys(sample) == [
        "dAspremont1988", "Kamien1992", "Suzumura1992", "Amir2000", "Jaffe1993",
        "Cohen1989", "Cohen1990", "Porter1998", "Romer1990", "Arrow1962",
        "Spence1984", "Marshall1890",
    ]


def test_missing_fields_flags_incomplete_entries():
    sample = parse_string(
        """
        @article{Good2000, author={A, B}, title={T}, journal={J}, year={2000},
                 volume={1}, pages={1--2}}
        @article{NoPages2000, author={A, B}, title={T}, journal={J}, year={2000}, volume={1}}
        @article{Excused2000, author={A, B}, title={T}, journal={J}, year={2000},
                 unverified={volume, pages}}
        @article{NoJournal2000, author={A, B}, title={T}, year={2000},
                 volume={1}, pages={1}, unverified={journal}}
        @book{Edited2000, editor={A, B}, title={T}, publisher={P}, year={2000}}
        @book{NoPublisher2000, author={A, B}, title={T}, year={2000}}
        @article{Issue2000, author={甲}, title={题}, journal={刊}, year={2000}, number={3},
                 pages={1--2}, language={chinese}}
        @article{NoIssue2000, author={甲}, title={题}, journal={刊}, year={2000},
                 pages={1--2}, language={chinese}}
        @article{EnglishIssue2000, author={A, B}, title={T}, journal={J}, year={2000},
                 number={3}, pages={1--2}}
        """,
        "bibtex",
    )
    got = {k: missing_fields(e) for k, e in sample.entries.items()}
    assert got == {
        "Issue2000": [],  # a Chinese journal's issue stands for its volume
        "NoIssue2000": ["volume"],
        "EnglishIssue2000": ["volume"],
        "Good2000": [],
        "NoPages2000": ["pages"],
        "Excused2000": [],
        "NoJournal2000": ["journal"],  # identifying fields cannot be excused
        "Edited2000": [],
        "NoPublisher2000": ["publisher"],
    }


def test_ascii_letters():
    assert ascii_letters("d'Aspremont") == "dAspremont"
    assert ascii_letters("Gödel") == "Godel"
    assert ascii_letters("林承亮") == ""


# ---------------------------------------------------------------------------
# Checks on references.bib
# ---------------------------------------------------------------------------

def test_bib_parses(bib):
    assert len(bib.entries) > 0


def test_no_duplicate_keys(bib_text):
    keys = re.findall(r"^\s*@\s*(?!comment|preamble|string)\w+\s*\{\s*([^,\s]+)\s*,",
                      bib_text, flags=re.M | re.I)
    seen: dict[str, str] = {}
    dups = []
    for k in keys:  # BibTeX keys are case-insensitive
        if k.lower() in seen:
            dups.append((seen[k.lower()], k))
        seen[k.lower()] = k
    assert not dups, f"duplicate keys: {dups}"


def test_entries_sorted_by_key(bib):
    keys = list(bib.entries.keys())
    assert keys == sorted(keys, key=str.lower), "keep references.bib sorted by key (case-insensitive)"


def test_core_works_present(bib):
    missing = CORE_KEYS - set(bib.entries.keys())
    assert not missing, f"references.bib lacks required works: {sorted(missing)}"


@pytest.mark.parametrize("type_", sorted(REQUIRED))
def test_required_fields(bib, type_):
    bad = {
        k: missing_fields(e)
        for k, e in bib.entries.items()
        if e.type.lower() == type_ and missing_fields(e)
    }
    assert not bad, f"{type_} entries missing required fields: {bad}"


def test_known_entry_types(bib):
    unknown = {k: e.type for k, e in bib.entries.items() if e.type.lower() not in REQUIRED}
    assert not unknown, f"entry types without rules in this test: {unknown}"


def test_unverified_lists_only_absent_fields(bib):
    """`unverified` names fields that are absent; it must not shadow real data."""
    bad = {}
    for k, e in bib.entries.items():
        listed = [f.strip().lower() for f in e.fields.get("unverified", "").split(",") if f.strip()]
        present = [f for f in listed if f in {x.lower() for x in e.fields} or f in IDENTIFYING]
        if present:
            bad[k] = present
    assert not bad, f"`unverified` names fields that are present or identifying: {bad}"


def test_years_plausible(bib):
    this_year = datetime.date.today().year
    bad = {}
    for k, e in bib.entries.items():
        y = e.fields.get("year", "")
        if not (re.fullmatch(r"[0-9]{4}", y) and 1500 <= int(y) <= this_year + 1):
            bad[k] = y
    assert not bad, f"implausible years: {bad}"


def test_key_convention(bib):
    bad = {}
    for k, e in bib.entries.items():
        if not KEY_RE.match(k):
            bad[k] = "key is not Surname + 4-digit year (+ optional a/b suffix)"
            continue
        if k[-4:] != e.fields.get("year") and k[-5:-1] != e.fields.get("year"):
            bad[k] = f"key year differs from year field {e.fields.get('year')!r}"
            continue
        people = e.persons.get("author") or e.persons.get("editor") or []
        if people:
            surname = ascii_letters(" ".join(people[0].prelast_names + people[0].last_names))
            stem = re.sub(r"[0-9]{4}[a-z]?$", "", k)
            if surname and surname.lower() != stem.lower():
                bad[k] = f"key stem {stem!r} does not match first author {surname!r}"
    assert not bad, f"keys off convention: {bad}"


# ---------------------------------------------------------------------------
# Citations in the book
# ---------------------------------------------------------------------------

def test_book_pages_found():
    assert book_pages(), "no Markdown pages found (from _toc.yml or chapters/)"


def test_every_citation_resolves(bib):
    known = set(bib.entries.keys())
    unresolved = {}
    for page in book_pages():
        missing = sorted({k for k in cited_keys(page.read_text(encoding="utf-8")) if k not in known})
        if missing:
            unresolved[str(page.relative_to(ROOT))] = missing
    assert not unresolved, f"citation keys not in references.bib: {unresolved}"


# ---------------------------------------------------------------------------
# Strands of the literature (keywords field; Chapter 2's figure uses them)
# ---------------------------------------------------------------------------

#: The allowed strands, one per entry, in ``keywords = {<strand>}``.
ALLOWED_STRANDS = (
    "schumpeterian", "location", "systems", "externality", "cooperative-rd",
    "empirical", "policy", "diffusion", "source",
)


def strand_problems(entry) -> str | None:
    """Why an entry's ``keywords`` is not exactly one allowed strand (None if it is)."""
    raw = entry.fields.get("keywords", "")
    strands = [s.strip() for s in re.split(r"[,;]", raw) if s.strip()]
    if not strands:
        return "no keywords field (a strand is required)"
    if len(strands) > 1:
        return f"more than one strand: {strands}"
    if strands[0] not in ALLOWED_STRANDS:
        return f"unknown strand {strands[0]!r}"
    return None


def test_strand_problems_flags_bad_keywords():
    sample = parse_string(
        """
        @book{Good2000, author={A, B}, title={T}, publisher={P}, year={2000}, keywords={location}}
        @book{None2000, author={A, B}, title={T}, publisher={P}, year={2000}}
        @book{Two2000, author={A, B}, title={T}, publisher={P}, year={2000}, keywords={location, policy}}
        @book{Odd2000, author={A, B}, title={T}, publisher={P}, year={2000}, keywords={geography}}
        """,
        "bibtex",
    )
    got = {k: strand_problems(e) for k, e in sample.entries.items()}
    assert got["Good2000"] is None
    assert "no keywords" in got["None2000"]
    assert "more than one" in got["Two2000"]
    assert "unknown strand" in got["Odd2000"]


def test_every_entry_has_exactly_one_allowed_strand(bib):
    bad = {k: strand_problems(e) for k, e in bib.entries.items() if strand_problems(e)}
    assert not bad, f"entries without exactly one allowed strand in `keywords`: {bad}"


def test_package_strands_match():
    literature = pytest.importorskip("clustercode.literature")
    assert tuple(literature.STRANDS) == ALLOWED_STRANDS
    works = literature.load_bibliography(BIB)
    assert len(works) == len(parse_string(BIB.read_text(encoding="utf-8"), "bibtex").entries)


# ---------------------------------------------------------------------------
# Chinese works, unverified fields on the page, and the scale of the review
# ---------------------------------------------------------------------------

def test_chinese_works_carry_an_english_gloss(bib):
    bad = [k for k, e in bib.entries.items() if is_chinese(e) and not e.fields.get("titleaddon", "").strip()]
    assert not bad, f"Chinese works without an English gloss in `titleaddon`: {bad}"


def _bibstyle():
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    import bibstyle

    return bibstyle


def test_style_never_prints_an_unverified_field():
    """Even a field that is present is dropped when `unverified` names it, and the gap is shown."""
    bibstyle = _bibstyle()
    sample = parse_string(
        """
        @article{Odd2000, author={Smith, Ann}, title={A title}, journal={J}, year={2000},
                 volume={77}, pages={901--909}, unverified={pages}}
        @book{Gloss2000, author={甲}, title={中文书名}, titleaddon={An English gloss},
              publisher={出版社}, year={2000}, language={chinese}}
        """,
        "bibtex",
    )
    out = {e.key: e.text.render_as("text") for e in bibstyle.BookStyle().format_entries(sample.entries.values())}
    assert "901" not in out["Odd2000"] and "77" in out["Odd2000"]
    assert out["Odd2000"].endswith("Not verified: pages.")
    assert "中文书名 [An English gloss]" in out["Gloss2000"]


def test_every_unverified_entry_renders_without_those_fields(bib):
    """Render the real file: entries with `unverified` say so and print none of the named fields."""
    bibstyle = _bibstyle()
    out = {e.key: e.text.render_as("text") for e in bibstyle.BookStyle().format_entries(bib.entries.values())}
    assert set(out) == set(bib.entries)
    for key, entry in bib.entries.items():
        listed = bibstyle.unverified_fields(entry)
        if listed:
            assert out[key].endswith(f"Not verified: {', '.join(listed)}."), key
        else:
            assert "Not verified" not in out[key], key
        if is_chinese(entry):
            gloss = re.sub(r"[{}]", "", entry.fields["titleaddon"]).replace("---", "—").replace("--", "–")
            assert f"[{gloss}]" in out[key].replace("“", "``").replace("”", "''"), key


def _page_text(path: Path) -> str:
    import html

    text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.mark.book
def test_built_bibliography_page_prints_no_unverified_field(bib, html_build):
    """On the built site, each unverified entry is printed as the style prints it."""
    proc, html_dir = html_build
    page = html_dir / "chapters" / "bibliography.html"
    assert page.exists(), f"the HTML build did not write {page}:\n{proc.stdout[-3000:]}"
    text = _page_text(page)
    flagged = {k: e for k, e in bib.entries.items() if e.fields.get("unverified")}
    assert text.count("Not verified:") == len(flagged)
    style = _bibstyle().BookStyle()
    rendered = {e.key: e.text.render_as("text") for e in style.format_entries(bib.entries.values())}
    for key in flagged:
        assert re.sub(r"\s+", " ", rendered[key]) in text, f"{key} is not printed as the style prints it"


def test_book_cites_a_monographs_literature(bib):
    cited = set()
    for page in book_pages():
        cited |= set(cited_keys(page.read_text(encoding="utf-8")))
    assert len(cited & set(bib.entries)) >= MIN_CITED, (
        f"the book cites {len(cited)} distinct works; the review is held to at least {MIN_CITED}"
    )
