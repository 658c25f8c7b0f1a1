"""The package's NumPy-style docstrings are well formed: each section once, in numpydoc's order.

Sphinx's napoleon renders a docstring with a repeated or misplaced heading
without complaint (an empty "Examples" box above "Raises", say), so the
build cannot catch it; this test reads every public docstring of the package.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import clustercode

#: numpydoc's section order (https://numpydoc.readthedocs.io/en/latest/format.html).
ORDER = ["Parameters", "Attributes", "Methods", "Returns", "Yields", "Receives", "Other Parameters",
         "Raises", "Warns", "Warnings", "See Also", "Notes", "References", "Examples"]


def _public_objects():
    seen = set()
    for info in pkgutil.walk_packages(clustercode.__path__, "clustercode."):
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
        for obj in [module, *(getattr(module, n) for n in names if hasattr(module, n))]:
            if id(obj) in seen or getattr(obj, "__module__", module.__name__).split(".")[0] != "clustercode":
                continue
            seen.add(id(obj))
            yield f"{module.__name__}.{getattr(obj, '__name__', '')}".rstrip("."), obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and callable(member) and id(member) not in seen:
                        seen.add(id(member))
                        yield f"{module.__name__}.{obj.__name__}.{attr}", member


def sections(doc: str) -> list[str]:
    """The NumPy section headings of ``doc``, in order (a heading is a line underlined with dashes)."""
    lines = inspect.cleandoc(doc or "").splitlines()
    return [line.strip() for line, under in zip(lines, lines[1:])
            if line.strip() in ORDER and under.strip() and set(under.strip()) == {"-"}
            and len(under.strip()) >= len(line.strip())]


def test_sections_reads_headings():
    doc = """Summary.

    Parameters
    ----------
    x : float

    Examples
    --------
    >>> 1
    1
    """
    assert sections(doc) == ["Parameters", "Examples"]


OBJECTS = sorted(_public_objects(), key=lambda item: item[0])


@pytest.mark.parametrize("name, obj", OBJECTS, ids=[name for name, _ in OBJECTS])
def test_each_section_once_in_numpydoc_order(name, obj):
    found = sections(obj.__doc__)
    assert len(found) == len(set(found)), f"{name}: a section heading repeats: {found}"
    assert found == sorted(found, key=ORDER.index), f"{name}: sections out of numpydoc's order: {found}"
