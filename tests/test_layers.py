"""The package's layers (see ``clustercode/__init__.py``): economics never imports presentation.

The economics (the models, their algebra and validation) and the book's
calibrations import nothing from the presentation layer (figures, widgets,
styles, plots) nor a plotting library; the model tests import only the
economics. Checked twice: statically, by walking every ``import`` of the
modules and of the model tests, and dynamically, by importing them all in a
fresh interpreter in which the presentation modules cannot be imported.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import clustercode

PACKAGE = Path(clustercode.__file__).parent
TESTS = Path(__file__).parent

#: The presentation layer and the libraries only it may use.
PRESENTATION = ("clustercode.figures", "clustercode.widgets", "clustercode.style", "clustercode.plotting",
                "clustercode._engine", "clustercode._live_export")
PLOTTING_LIBRARIES = ("matplotlib", "ipywidgets", "IPython", "PIL")
#: Modules of the package that are neither economics nor presentation: the book's tooling.
TOOLING = ("clustercode.literature", "clustercode._notebook_refs", "clustercode.codegen")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _is(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


ALL_MODULES = sorted(_module_name(p) for p in PACKAGE.rglob("*.py"))
ECONOMICS = [m for m in ALL_MODULES if not _is(m, PRESENTATION + TOOLING) and m != "clustercode"]


def _imports(path: Path, package: str) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved against ``package``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{alias.name}" for alias in node.names)  # ``from . import style``
    return found


def _path(module: str) -> Path:
    rel = Path(*module.split("."))
    init = PACKAGE.parent / rel / "__init__.py"
    return init if init.exists() else (PACKAGE.parent / rel).with_suffix(".py")


def test_the_layers_cover_the_package():
    assert "clustercode.symmetric" in ECONOMICS and "clustercode.calibrations" in ECONOMICS
    assert "clustercode.cluster" in ECONOMICS and "clustercode.regimes" in ECONOMICS
    assert not [m for m in ECONOMICS if _is(m, PRESENTATION)]
    for m in PRESENTATION + TOOLING:
        assert _path(m).exists(), m


@pytest.mark.parametrize("module", ECONOMICS)
def test_economics_never_imports_presentation(module):
    package = module if _path(module).name == "__init__.py" else module.rsplit(".", 1)[0]
    bad = sorted(i for i in _imports(_path(module), package) if _is(i, PRESENTATION + PLOTTING_LIBRARIES))
    assert not bad, f"{module} imports the presentation layer: {bad}"


def _model_tests():
    """tests/test_<module>.py for every economics module that has one."""
    return [TESTS / f"test_{m.rsplit('.', 1)[-1]}.py" for m in ECONOMICS
            if (TESTS / f"test_{m.rsplit('.', 1)[-1]}.py").exists()]


def test_there_are_model_tests():
    names = {p.name for p in _model_tests()}
    assert {"test_symmetric.py", "test_cluster.py", "test_comparator.py", "test_calibrations.py"} <= names


@pytest.mark.parametrize("path", _model_tests(), ids=lambda p: p.name)
def test_model_tests_never_import_presentation(path):
    imported = _imports(path, "tests")
    helpers = [TESTS / f"{i.split('.', 1)[1]}.py" for i in imported
               if i.startswith("tests.") and (TESTS / f"{i.split('.', 1)[1]}.py").exists()]
    for helper in helpers:  # shared test helpers (reference solvers, strategies) count too
        imported |= _imports(helper, "tests")
    bad = sorted(i for i in imported if _is(i, PRESENTATION + PLOTTING_LIBRARIES))
    assert not bad, f"{path.name} imports the presentation layer: {bad}"


def test_economics_imports_with_the_presentation_layer_blocked():
    """Importing every economics module works when figures, widgets, styles and matplotlib cannot load."""
    blocked = PRESENTATION + PLOTTING_LIBRARIES
    code = (
        "import sys\n"
        f"for name in {blocked!r}:\n"
        "    sys.modules[name] = None  # any import of it raises ImportError\n"
        "import importlib\n"
        f"for name in {[m for m in ECONOMICS if m != 'clustercode']!r}:\n"
        "    importlib.import_module(name)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
