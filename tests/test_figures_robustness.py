"""Figures of the robustness chapter (clustercode.figures.robustness); moved out of the model tests."""

from clustercode.figures.robustness import venture_transfer_map


def test_venture_transfer_map_draws_both_panels():
    fig = venture_transfer_map(cells=(3, 3))
    assert len(fig.axes) == 2
    assert all(ax.collections for ax in fig.axes)
