"""Chapter 5 figures: every slider corner is a valid model (no error shown), and the figures are registered."""

import itertools

import pytest

from clustercode.figures import INTERACTIVE_FIGURES
from clustercode.figures import policy as P


@pytest.mark.parametrize("name", sorted(P.INTERACTIVE_FIGURES))
def test_every_slider_corner_is_valid(name):
    fig = P.INTERACTIVE_FIGURES[name]()
    assert fig.error is None
    for corner in itertools.product(*[(s.min, s.max) for s in fig.sliders]):
        fig.update(**{s.name: v for s, v in zip(fig.sliders, corner)})
        assert fig.error is None, (corner, fig.error)


def test_registered_in_the_book_registry():
    for name, factory in P.INTERACTIVE_FIGURES.items():
        assert INTERACTIVE_FIGURES[name] is factory
