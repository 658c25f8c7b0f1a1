"""One regime vocabulary: every module names the regimes with clustercode.regimes' strings."""

import numpy as np
import pytest

import clustercode
from clustercode import Cluster, Market, coalitions, comparator, regimes, style, symmetric
from clustercode.regimes import ARRANGEMENTS, REGIMES, canonical

M = Market(100.0, 1.0, 60.0)


def test_every_module_uses_the_one_vocabulary():
    assert symmetric.REGIMES is regimes.REGIMES and clustercode.REGIMES is regimes.REGIMES
    assert symmetric.REGIME_NAMES is regimes.REGIME_NAMES is clustercode.REGIME_NAMES
    assert coalitions.ARRANGEMENTS is regimes.ARRANGEMENTS
    assert coalitions.ARRANGEMENT_CALLS is regimes.ARRANGEMENT_CALLS
    assert set(ARRANGEMENTS) <= set(REGIMES)
    assert tuple(style.REGIME_STYLE) == REGIMES
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
