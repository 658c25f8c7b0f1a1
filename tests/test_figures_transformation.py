"""Figures of Chapter 7 (clustercode.figures.transformation); moved out of the model tests."""

from clustercode import calibrations
from clustercode.figures import transformation
from clustercode.figures.transformation import innovation_mode_map


def test_mode_map_figure_builds():
    fig = innovation_mode_map(cells=(3, 4))
    assert len(fig.axes) == 2 and fig.legends


def test_old_calibration_names_are_re_exported():
    assert (transformation.COMPARATOR_FIRMS, transformation.COMPARATOR_GAMMA, transformation.COMPARATOR_THETA) \
        == (calibrations.COMPARATOR_FIRMS, calibrations.COMPARATOR_GAMMA, calibrations.COMPARATOR_THETA)
