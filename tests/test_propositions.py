"""Every proposition of the book has a test, mechanically (see ``tests/_propositions.py``)."""

from __future__ import annotations

import textwrap

from tests._propositions import CHAPTERS, chapter_propositions, marked_tests, nested_fence_problems


def test_chapters_define_propositions():
    props = chapter_propositions()
    assert len(props) >= 20, props  # the parser finds the book's propositions (it cannot pass on an empty list)
    assert not [p for p in props if p.startswith("<unlabelled")], props


def test_every_proposition_has_a_marked_test():
    missing = sorted(set(chapter_propositions()) - set(marked_tests()))
    assert not missing, f"propositions with no @pytest.mark.proposition test: {missing}"


def test_every_marker_names_a_proposition():
    unknown = {k: v for k, v in marked_tests().items() if k not in chapter_propositions()}
    assert not unknown, f"markers naming no {{prf:proposition}} label in {CHAPTERS.name}/: {unknown}"


def test_the_parser_sees_both_fences_and_every_marker_form(tmp_path):
    """The checks above can fail: a chapter with two propositions and a test file marking one of them."""
    ch, tests = tmp_path / "chapters", tmp_path / "tests"
    ch.mkdir(), tests.mkdir()
    (ch / "x.md").write_text(textwrap.dedent("""\
        ```{prf:proposition} One
        :label: prop-x-one

        text
        ```

        ````{prf:proposition} Two
        :label: prop-x-two
        ```{math}
        1
        ```
        ````
        """), encoding="utf-8")
    (tests / "test_x.py").write_text(textwrap.dedent("""\
        import pytest
        pytestmark = [pytest.mark.proposition("prop-x-one")]

        @pytest.mark.proposition("prop-x-ghost")
        def test_a():
            pass
        """), encoding="utf-8")
    assert chapter_propositions(ch) == {"prop-x-one": "x.md", "prop-x-two": "x.md"}
    assert marked_tests(tests) == {"prop-x-one": ["test_x.py"], "prop-x-ghost": ["test_x.py::test_a"]}


def test_every_proof_that_cites_the_test_suite_names_its_tests():
    """A proof that says 'the test suite checks' names the test functions (in backticks) that do."""
    from tests._propositions import proofs_citing_the_test_suite, test_functions

    cited = proofs_citing_the_test_suite()
    assert len(cited) >= 10, cited  # the parser finds the proofs
    unnamed = [(ch, words) for ch, words, names in cited if not names]
    assert not unnamed, f"proofs that cite the test suite without naming a test: {unnamed}"
    known = test_functions()
    ghosts = [(ch, n) for ch, _, names in cited for n in names if n not in known]
    assert not ghosts, f"proofs naming tests that do not exist: {ghosts}"


def test_no_directive_is_closed_early_by_a_nested_fence():
    pages = sorted(CHAPTERS.glob("*.md")) + [CHAPTERS.parent / "index.md"]
    problems = {p.name: nested_fence_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert len(pages) > 10
    assert not {k: v for k, v in problems.items() if v}, problems


def test_the_nested_fence_check_can_fail():
    bad = "```{prf:proposition} X\n:label: prop-x\n\n```{math}\n1\n```\n\ntext\n```\n"
    good = bad.replace("```{prf:proposition}", "````{prf:proposition}").replace("text\n```", "text\n````")
    assert nested_fence_problems(bad) == ["line 4: ```{math} inside ```{prf:proposition} of line 1"]
    assert nested_fence_problems(good) == []
