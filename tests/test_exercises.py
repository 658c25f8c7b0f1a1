"""Every exercise's solution runs and checks its own answer.

The chapters end with exercises (Chapters 3, 4 both parts, 5 and 7). Each
exercise is an ``{admonition}`` "Exercise N", followed by a folded written
solution and a code cell tagged ``exercise-solution``: a computation with
``clustercode`` that asserts its answer. The book build executes these cells;
this test runs each of them again, in a fresh namespace, without building the
book, so a change in the package that breaks an answer fails here quickly.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS_WITH_EXERCISES = ("ch03_mechanisms", "ch04_homogeneous", "ch04_heterogeneous", "ch04_robustness",
                           "ch05_policy", "ch07_transformation")
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?:---\n(?P<meta>.*?)\n---\n)?(?P<code>.*?)^```\s*$",
                  re.S | re.M)
EXERCISE = re.compile(r"^`{3,}\{admonition\} Exercise (\d+\.\d+)", re.M)
SOLUTION_TITLE = re.compile(r"^`{3,}\{admonition\} Solution (\d+\.\d+)", re.M)


def solution_cells(chapter: str) -> list[tuple[str, str]]:
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    cells = []
    for match in CELL.finditer(text):
        meta = match.group("meta") or ""
        if "exercise-solution" in meta:
            code = match.group("code")
            number = re.search(r"# Solution (\d+\.\d+)", code)
            cells.append((number.group(1) if number else "?", code))
    return cells


ALL = [(chapter, number, code) for chapter in CHAPTERS_WITH_EXERCISES
       for number, code in solution_cells(chapter)]


@pytest.mark.parametrize("chapter", CHAPTERS_WITH_EXERCISES)
def test_every_exercise_has_a_written_and_a_computed_solution(chapter):
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    exercises = EXERCISE.findall(text)
    assert len(exercises) >= 2, f"{chapter}: fewer than two exercises"
    assert SOLUTION_TITLE.findall(text) == exercises, f"{chapter}: a written solution is missing"
    assert [n for n, _ in solution_cells(chapter)] == exercises, \
        f"{chapter}: each exercise needs one code cell tagged exercise-solution, in order"
    # The exercises close the chapter: nothing but exercises after their heading.
    tail = CELL.sub("", text[text.index("## Exercises"):])
    assert not re.search(r"^#{1,2} (?!Exercises)", tail, re.M), f"{chapter}: exercises must come last"


@pytest.mark.parametrize("chapter, number, code", ALL, ids=[f"{c}-{n}" for c, n, _ in ALL])
def test_solution_runs_and_checks_its_answer(chapter, number, code):
    assert "assert " in code, f"Solution {number} checks nothing"
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, f"<{chapter} solution {number}>", "exec"), {"__name__": "__solution__"})


def test_a_wrong_answer_fails():
    """The runner really executes the checks: a solution with a false assertion fails."""
    with pytest.raises(AssertionError):
        exec("from clustercode.figures import BOOK_MARKET\nassert BOOK_MARKET.a == 0", {})
