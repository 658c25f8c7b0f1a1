"""One regime vocabulary: every module names the regimes with clustercode.regimes' strings."""

import numpy as np
import pytest

import clustercode
from clustercode import Cluster, Market, coalitions, comparator, regimes, symmetric
from clustercode.regimes import ARRANGEMENTS, REGIMES, canonical

M = Market(100.0, 1.0, 60.0)


def test_every_module_uses_the_one_vocabulary():
    assert symmetric.REGIMES is regimes.REGIMES and clustercode.REGIMES is regimes.REGIMES
    assert symmetric.REGIME_NAMES is regimes.REGIME_NAMES is clustercode.REGIME_NAMES
    assert coalitions.ARRANGEMENTS is regimes.ARRANGEMENTS
    assert coalitions.ARRANGEMENT_CALLS is regimes.ARRANGEMENT_CALLS
    assert set(ARRANGEMENTS) <= set(REGIMES)
    assert comparator.INSTRUMENTS[0] == regimes.COMPETITION
    assert set(REGIMES) <= set(comparator.INSTRUMENTS)
    assert comparator.MODE_CHOICES[:3] == ARRANGEMENTS


@pytest.mark.parametrize("old", ["alone", "laissez_faire"])
def test_old_names_still_work_with_a_deprecation_warning(old):
    with pytest.warns(DeprecationWarning, match=old):
        assert canonical(old) == "competition"
    with pytest.warns(DeprecationWarning):
        eq = symmetric.symmetric_equilibrium(M, 2, 0.3, 20.0, old)
    assert eq.regime == "competition"
    profits = coalitions.arrangement_profits(Cluster(100.0, 1.0, [60.0, 62.0], 20.0, 0.3))
    with pytest.warns(DeprecationWarning):
        assert np.array_equal(profits[old], profits["competition"])
    cmp = comparator.compare_instruments(M, 4, 0.4, 10.0, 20.0)
    with pytest.warns(DeprecationWarning):
        assert cmp[old] is cmp.baseline and old in cmp
    with pytest.warns(DeprecationWarning):
        assert comparator.INSTRUMENT_KINDS[old] == "baseline"


def test_unknown_and_mistyped_regimes():
    with pytest.raises(ValueError, match="unknown regime 'cartel'"):
        canonical("cartel")
    with pytest.raises(TypeError, match="regime must be a string"):
        canonical(3)
    with pytest.raises(ValueError, match="unknown regime"):
        canonical("sharing", ARRANGEMENTS)
    assert regimes.objective("sharing") == "own" and regimes.pooled("sharing")
    assert regimes.objective("coordination") == "joint" and not regimes.pooled("coordination")


# ---------------------------------------------------------------- the vocabulary is complete
import ast  # noqa: E402
from pathlib import Path  # noqa: E402

_PACKAGE = Path(clustercode.__file__).parent

#: String literals equal to an old regime name that are not regime names (checked by hand).
_NOT_REGIMES = {
    ("transfers.py", "alone"): "an outside option of venture_transfers (every firm alone), not a regime argument",
    ("policy.py", "alone"): "a legend tag of figures.policy: one subsidy used alone",
}


#: Validators whose first argument is a parameter's name (``flag("sharing", sharing)``), not a regime.
_VALIDATORS = {"flag", "choice", "finite_scalar", "float_array", "integer", "integer_array", "instance",
               "optional_instance"}


def _ignored(tree) -> set[int]:
    """ids of the string constants that are docstrings or the parameter name given to a validator."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
        if isinstance(node, ast.Call) and node.args and getattr(node.func, "id", None) in _VALIDATORS:
            ids.add(id(node.args[0]))
    return ids


def _string_constants(tree):
    """``(node, value)`` of every string constant in ``tree`` except docstrings and validators' names."""
    ignored = _ignored(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in ignored:
            yield node, node.value


def _tree(path: Path):
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(_PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(_PACKAGE)))
def test_old_regime_names_live_only_in_the_deprecation_shim(path):
    """Outside clustercode/regimes.py no code names a regime by a deprecated name."""
    if path.name == "regimes.py":
        return
    stray = [(v, node.lineno) for node, v in _string_constants(_tree(path))
             if v in regimes.DEPRECATED_NAMES and (path.name, v) not in _NOT_REGIMES]
    assert not stray, f"{path.relative_to(_PACKAGE)} names a regime by a deprecated name: {stray}"


@pytest.mark.parametrize("path", sorted(_PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(_PACKAGE)))
def test_modules_that_name_regimes_import_the_vocabulary(path):
    """A module whose code uses a regime's name (not only as a default or in a docstring) imports clustercode.regimes
    (or a module that re-exports it, clustercode.symmetric)."""
    if path.name in ("regimes.py", "_kernels.py", "_kernels_differentiated.py"):
        return
    tree = _tree(path)
    defaults = {id(d) for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                for d in (*node.args.defaults, *node.args.kw_defaults) if d is not None}
    uses = [node.lineno for node, v in _string_constants(tree) if v in REGIMES and id(node) not in defaults]
    if not uses:
        return
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").rsplit(".", 1)[-1])
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name.rsplit(".", 1)[-1] for alias in node.names)
    assert imported & {"regimes", "symmetric"}, (
        f"{path.relative_to(_PACKAGE)} names regimes (lines {uses[:5]}) without importing clustercode.regimes")
