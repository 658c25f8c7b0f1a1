"""The ``proposition`` marker: which ``{prf:proposition}`` of the book a test checks.

A test that checks a proposition carries ``@pytest.mark.proposition("prop-...")``
with the proposition's label (several markers if it checks several).
``tests/test_propositions.py`` reads the markers from the test sources and fails
when a proposition in a chapter has no marked test or a marker names a label
that no chapter defines. This plugin registers the marker and rejects a malformed
one at collection time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CHAPTERS = ROOT / "chapters"

#: A ``{prf:proposition}`` directive followed (within its option block) by its label.
_DIRECTIVE = re.compile(r"^(`{3,})\{prf:proposition\}[^\n]*\n((?::[^\n]*\n)*)", re.MULTILINE)
_LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.MULTILINE)


def chapter_propositions(chapters: Path = CHAPTERS) -> dict[str, str]:
    """``{label: chapter file name}`` for every ``{prf:proposition}`` in the chapters."""
    found = {}
    for path in sorted(chapters.glob("*.md")):
        for m in _DIRECTIVE.finditer(path.read_text(encoding="utf-8")):
            label = _LABEL.search(m.group(2))
            found[label.group(1) if label else f"<unlabelled in {path.name}>"] = path.name
    return found


_FENCE = re.compile(r"^\s*(`{3,}|:{3,})(\{[^}]+\})?\s*(\S.*)?$")


def nested_fence_problems(text: str) -> list[str]:
    """Directives whose fence a nested directive's fence of the same length would close early.

    In MyST a ```` ```{math} ```` block inside a ```` ```{prf:proposition} ````
    ends the proposition at the math block's closing fence: the rest of the
    proposition falls outside its box and the proposition's own closing fence
    opens a code block that swallows what follows (the proof, as raw text). An
    outer fence must be longer than every fence inside it.
    """
    problems, stack = [], []
    for i, line in enumerate(text.splitlines(), 1):
        m = _FENCE.match(line)
        if not m:
            continue
        fence, info, rest = m.groups()
        if info:
            outer = next((f for f in reversed(stack) if f[0][0] == fence[0]), None)
            if outer is not None and len(fence) >= len(outer[0]):
                problems.append(f"line {i}: {fence}{info} inside {outer[0]}{outer[1]} of line {outer[2]}")
            stack.append((fence, info, i))
        elif rest is None and stack and stack[-1][0] == fence:
            stack.pop()
    return problems


def _is_proposition_mark(node: ast.AST) -> bool:
    # pytest.mark.proposition(...) or mark.proposition(...)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "proposition" and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "mark")


def marked_tests(tests: Path = TESTS) -> dict[str, list[str]]:
    """``{label: ["file::test", ...]}`` from every ``pytest.mark.proposition`` in the test sources.

    Module-level ``pytestmark`` and class decorators count for every test they cover.
    """
    marks: dict[str, list[str]] = {}
    for path in sorted(tests.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                decorators, where = node.decorator_list, f"{path.name}::{node.name}"
            elif isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
                v = node.value
                decorators, where = (v.elts if isinstance(v, (ast.List, ast.Tuple)) else [v]), path.name
            else:
                continue
            for d in decorators:
                if _is_proposition_mark(d):
                    for arg in d.args:
                        label = arg.value if isinstance(arg, ast.Constant) else ast.unparse(arg)
                        marks.setdefault(label, []).append(where)
    return marks


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "proposition(label, ...): the test checks the book's {prf:proposition} with this label")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for mark in item.iter_markers("proposition"):
            if not mark.args or mark.kwargs or not all(
                    isinstance(a, str) and a.startswith("prop-") for a in mark.args):
                raise pytest.UsageError(
                    f"{item.nodeid}: @pytest.mark.proposition takes one or more labels 'prop-...', "
                    f"got args={mark.args!r} kwargs={mark.kwargs!r}")


#: A ``{prf:proof}`` block (three or more backticks) and its body.
_PROOF = re.compile(r"^(`{3,})\{prf:proof\}[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
_TEST_NAME = re.compile(r"`(?:tests/)?(?:test_\w+\.py::)?(test_\w+)`")


def proofs_citing_the_test_suite(chapters: Path = CHAPTERS) -> list[tuple[str, str, list[str]]]:
    """``(chapter, first words, [test names])`` for every proof that mentions the test suite."""
    out = []
    for path in sorted(chapters.glob("*.md")):
        for m in _PROOF.finditer(path.read_text(encoding="utf-8")):
            body = " ".join(m.group(2).split())
            if "test suite" in body or "the tests" in body or "checked" in body or "verified" in body:
                out.append((path.name, " ".join(body.split()[:8]), _TEST_NAME.findall(body)))
    return out


def test_functions(tests: Path = TESTS) -> set[str]:
    """Names of every test function defined in the test sources."""
    names = set()
    for path in sorted(tests.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names |= {n.name for n in ast.walk(tree)
                  if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test_")}
    return names
