"""Tests of clustercode.figures: every interactive figure builds, redraws and reports errors."""

from __future__ import annotations

import numpy as np
import pytest

from clustercode import figures
from clustercode.figures import INTERACTIVE_FIGURES


@pytest.mark.parametrize("name", sorted(INTERACTIVE_FIGURES))
def test_every_slider_position_is_valid(name):
    fig = INTERACTIVE_FIGURES[name]()
    try:
        assert fig.alt and fig.title
        for s in fig.sliders:
            for v in np.linspace(float(s.min), float(s.max), 5):
                fig.update(**{s.name: v})
                assert fig.error is None, (name, s.name, v, fig.error)
        assert fig.static_png().startswith(b"\x89PNG")
    finally:
        fig.close()


def test_registry_is_exported():
    for name, factory in INTERACTIVE_FIGURES.items():
        assert getattr(figures, name) is factory


@pytest.mark.parametrize("factory", [figures.regime_comparison, figures.cluster_size])
@pytest.mark.parametrize("fields", [(), ("rd", "output", "profit"), ("nonsense",)])
def test_panel_fields_are_checked(factory, fields):
    with pytest.raises(ValueError, match="fields must be one or two of"):
        factory(fields)


def test_two_panel_figures_draw_the_fields_asked_for():
    fig = figures.regime_comparison(("profit", "welfare"))
    left, right = fig.axes
    assert "profit" in left.get_ylabel() and "welfare" in right.get_ylabel()
    assert len(left.lines) == 4 + 1  # four regimes and the beta = 1/2 marker


def test_old_calibration_names_are_re_exported():
    """The calibrations moved to clustercode.calibrations; the figures package still answers the old names."""
    from clustercode import calibrations
    from clustercode.figures import narrative

    assert figures.BOOK_MARKET is calibrations.BOOK_MARKET
    assert figures.margin_cluster is calibrations.margin_cluster
    assert narrative.CONTACT_RATE == calibrations.CONTACT_RATE
