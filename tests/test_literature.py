"""Tests of clustercode.literature (the bibliography as data, Chapter 2)."""

from __future__ import annotations

import pytest

from clustercode.literature import STRANDS, Work, counts_by_strand, default_bib_path, load_bibliography


def _write(tmp_path, body: str):
    path = tmp_path / "refs.bib"
    path.write_text(body, encoding="utf-8")
    return path


def test_book_bibliography_loads_sorted():
    works = load_bibliography()
    assert default_bib_path().name == "references.bib"
    assert works and all(isinstance(w, Work) and w.strand in STRANDS for w in works)
    assert [(w.year, w.key.lower()) for w in works] == sorted((w.year, w.key.lower()) for w in works)
    assert {"Lin2013", "dAspremont1988", "Bass1969"} <= {w.key for w in works}


def test_counts_keep_every_strand_in_order():
    works = [Work("A2000", 2000, "location", "T"), Work("B2001", 2001, "location", "T"),
             Work("C1990", 1990, "diffusion", "T")]
    counts = counts_by_strand(works)
    assert list(counts) == list(STRANDS)
    assert counts["location"] == 2 and counts["diffusion"] == 1 and counts["policy"] == 0


@pytest.mark.parametrize(
    "entry, message",
    [
        ("@book{A2000, author={A, B}, title={T}, publisher={P}, year={2000}}", "exactly one strand"),
        ("@book{A2000, author={A, B}, title={T}, publisher={P}, year={2000}, keywords={location, policy}}",
         "exactly one strand"),
        ("@book{A2000, author={A, B}, title={T}, publisher={P}, year={2000}, keywords={geography}}",
         "unknown strand 'geography'"),
        ("@book{A2000, author={A, B}, title={T}, publisher={P}, year={n.d.}, keywords={location}}",
         "four digits"),
    ],
)
def test_bad_entries_raise(tmp_path, entry, message):
    with pytest.raises(ValueError, match=message):
        load_bibliography(_write(tmp_path, entry))


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_bibliography(tmp_path / "nope.bib")
