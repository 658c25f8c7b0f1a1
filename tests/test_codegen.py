"""The code generator: the committed kernels are exactly what the derivations generate."""

import ast
import inspect
from pathlib import Path

import pytest

import clustercode
from clustercode import codegen, symbolic, symbolic_differentiated


@pytest.mark.parametrize("which", sorted(codegen.KERNEL_FILES))
def test_generated_kernels_are_up_to_date(which):
    """Slow (minutes of algebra): a stale kernel means the numbers drifted from the algebra."""
    name, source = codegen.KERNEL_FILES[which]
    path = Path(clustercode.__file__).with_name(name)
    assert path.read_text(encoding="utf-8") == source(), (
        f"clustercode/{name} is stale: run `python -m clustercode.codegen`"
    )


def test_write_kernels_replaces_a_stale_file(tmp_path, monkeypatch):
    """The freshness check compares the whole text: one changed character in a kernel file is a difference."""
    name, _ = codegen.KERNEL_FILES["symmetric"]
    committed = Path(clustercode.__file__).with_name(name).read_text(encoding="utf-8")
    stale = committed.replace("def rd_own(", "def rd_own_old(", 1)
    assert stale != committed
    monkeypatch.setattr(codegen, "kernel_source", lambda: committed)
    target = tmp_path / name
    target.write_text(stale, encoding="utf-8")
    assert target.read_text(encoding="utf-8") != codegen.kernel_source()
    codegen.write_kernels(target, which="symmetric")  # the generator rewrites it
    assert target.read_text(encoding="utf-8") == committed


@pytest.mark.parametrize("module", [symbolic, symbolic_differentiated])
def test_the_derivations_hold_no_code_generator(module):
    """symbolic*.py derive; printing source text is codegen's job (the old names only delegate)."""
    tree = ast.parse(inspect.getsource(module))
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert not names & {"_printer", "_function_source", "_chain_source", "_structured"}
    text = inspect.getsource(module)
    assert "NumPyPrinter" not in text and "sp.cse(" not in text


def test_old_names_still_work_with_a_deprecation_warning(monkeypatch):
    monkeypatch.setattr(codegen, "kernel_source", lambda: "generated")
    monkeypatch.setattr(codegen, "differentiated_kernel_source", lambda: "generated too")
    with pytest.warns(DeprecationWarning, match="clustercode.codegen"):
        assert symbolic.kernel_source() == "generated"
    with pytest.warns(DeprecationWarning, match="clustercode.codegen"):
        assert symbolic_differentiated.kernel_source() == "generated too"
