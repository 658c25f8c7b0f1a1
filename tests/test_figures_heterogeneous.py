"""Figures of clusters of unequal firms (clustercode.figures.heterogeneous); moved out of the model tests."""

import numpy as np
import pytest

from clustercode.figures import held_at_the_margin, heterogeneous, preference_maps


def test_margin_figure_shades_the_band():
    fig = held_at_the_margin(np.linspace(69.0, 71.0, 41))
    assert len(fig.axes) == 2 and all(ax.patches for ax in fig.axes)


def test_preference_maps_kind_checked():
    with pytest.raises(ValueError, match="kind"):
        preference_maps("size")


def test_preference_maps_have_no_white_cells():
    """Chapter 4, Part 2 says every cell of both preference maps has an equilibrium."""
    for kind in ("cost", "rd"):
        fig = heterogeneous.preference_maps(kind)
        for ax in fig.axes[:2]:
            data = ax.collections[0].get_array()  # the pcolormesh; NaN cells are masked
            assert np.all(np.isfinite(np.ma.filled(data, np.nan)))
