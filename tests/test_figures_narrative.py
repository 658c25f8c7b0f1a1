"""The interactive figures of Chapters 2 and 3 build, redraw at every slider extreme without error,
and are registered in the book's figure registry."""

from __future__ import annotations

import pytest

from clustercode.figures import INTERACTIVE_FIGURES
from clustercode.figures import narrative


@pytest.mark.parametrize("name", sorted(narrative.INTERACTIVE_FIGURES))
def test_registered_and_redraws_everywhere(name):
    assert INTERACTIVE_FIGURES[name] is narrative.INTERACTIVE_FIGURES[name]
    fig = narrative.INTERACTIVE_FIGURES[name]()
    assert fig.error is None
    for s in fig.sliders:
        for v in (s.min, s.max):
            fig.update(**{s.name: v})
            assert fig.error is None, f"{name}: {s.name} = {v}: {fig.error}"
    assert fig.static_png().startswith(b"\x89PNG")
