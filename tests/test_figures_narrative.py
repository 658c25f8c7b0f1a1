"""The interactive figures of Chapters 2 and 3 build, redraw at every slider extreme without error,
and are registered in the book's figure registry."""

from __future__ import annotations

import pytest

from clustercode.figures import INTERACTIVE_FIGURES, narrative


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


def test_diffusion_small_multiples_grid():
    fig = narrative.diffusion_small_multiples(firms=(10, 50), external_rates=(0.02, 0.05, 0.1),
                                              densities=(0.0, 0.1))
    assert len(fig.axes) == 6
    assert all(len(ax.lines) == 2 for ax in fig.axes)
    with pytest.raises(ValueError, match="tie density"):
        narrative.diffusion_small_multiples(densities=(0.0, 1.5))


def test_mean_field_bias_figure_shows_the_gap():
    """Chapter 3's figure: the mean-field curve above the simulated mean around year 10."""
    import numpy as np
    from matplotlib.figure import Figure

    from clustercode.figures.narrative import mean_field_bias

    fig = mean_field_bias(runs=20, horizon=20.0)
    assert isinstance(fig, Figure)
    left, right = fig.axes[:2]
    gap_x, gap_y = right.lines[0].get_data()
    assert gap_y[np.argmin(np.abs(gap_x - 10.0))] > 0.02
    assert len(left.lines) == 2
