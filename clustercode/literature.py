"""The book's bibliography as data: works by strand of the literature and by year.

Every entry of ``references.bib`` carries ``keywords = {<strand>}`` naming the
one strand of the literature it belongs to (:data:`STRANDS`). Chapter 2 draws
the cited literature over time from this module; ``tests/test_references.py``
checks that every entry has exactly one allowed strand.

Examples
--------
>>> from clustercode.literature import STRANDS, load_bibliography
>>> works = load_bibliography()
>>> all(w.strand in STRANDS for w in works)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

__all__ = ["STRANDS", "Work", "default_bib_path", "load_bibliography", "counts_by_strand"]

#: The strands of the literature, in the order Chapter 2 discusses them, with
#: a short English and Chinese label for figures and tables.
STRANDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "schumpeterian": ("Schumpeterian innovation theory", "熊彼特创新理论"),
        "location": ("location of innovation", "创新区位"),
        "systems": ("innovation systems and social capital", "创新系统"),
        "externality": ("technology externality and growth", "技术外部性"),
        "cooperative-rd": ("cooperative R&D with spillovers", "合作研发"),
        "empirical": ("empirical studies", "经验研究"),
        "policy": ("innovation policy", "产业政策"),
        "diffusion": ("diffusion of innovations", "创新扩散"),
        "source": ("the original monograph and sources", "原著与资料"),
    }
)


@dataclass(frozen=True)
class Work:
    """One entry of the bibliography.

    Parameters
    ----------
    key : str
        BibTeX key, e.g. ``"dAspremont1988"``.
    year : int
        Year of publication.
    strand : str
        One of :data:`STRANDS`.
    title : str
        Title as in the bibliography file (BibTeX braces kept).
    """

    key: str
    year: int
    strand: str
    title: str


def default_bib_path() -> Path:
    """``references.bib`` at the top of the repository (next to the package)."""
    return Path(__file__).resolve().parents[1] / "references.bib"


def load_bibliography(path: str | Path | None = None) -> list[Work]:
    """Read the bibliography and return its works, sorted by year then key.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The ``.bib`` file; defaults to :func:`default_bib_path`.

    Returns
    -------
    list of Work

    Raises
    ------
    ValueError
        If an entry has no four-digit year, no ``keywords`` field, more than
        one keyword, or a keyword that is not one of :data:`STRANDS`.
    FileNotFoundError
        If the file does not exist.
    """
    from pybtex.database import parse_file  # sphinxcontrib-bibtex's parser

    path = Path(path) if path is not None else default_bib_path()
    if not path.exists():
        raise FileNotFoundError(f"bibliography not found: {path}")
    data = parse_file(str(path), "bibtex")
    works = []
    for key, entry in data.entries.items():
        year = entry.fields.get("year", "")
        if not (len(year) == 4 and year.isdigit()):
            raise ValueError(f"{key}: year must be four digits, got {year!r}")
        strands = [s.strip() for s in entry.fields.get("keywords", "").split(",") if s.strip()]
        if len(strands) != 1:
            raise ValueError(f"{key}: keywords must name exactly one strand, got {strands!r}")
        if strands[0] not in STRANDS:
            raise ValueError(
                f"{key}: unknown strand {strands[0]!r}; allowed: {', '.join(STRANDS)}"
            )
        works.append(Work(key, int(year), strands[0], entry.fields.get("title", "")))
    return sorted(works, key=lambda w: (w.year, w.key.lower()))


def counts_by_strand(works: Iterable[Work]) -> dict[str, int]:
    """Number of works in each strand, in the order of :data:`STRANDS` (zeros kept)."""
    c = Counter(w.strand for w in works)
    return {s: c.get(s, 0) for s in STRANDS}
