"""Side payments in a joint venture: the individual-rationality test, the duopoly map, validation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustercode import Cluster, cluster_equilibrium
from clustercode.coalitions import duopoly
from clustercode.transfers import OUTSIDE_OPTIONS, transfer_grid, venture_transfers


@pytest.mark.proposition("prop-rob-transfers")
@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["cost", "rd"]), level=st.floats(0.0, 24.0), beta=st.floats(0.0, 0.95),
       outside=st.sampled_from(OUTSIDE_OPTIONS))
def test_transfers_balance_and_work_exactly_when_joint_profit_covers_outside_options(kind, level, beta, outside):
    cl = duopoly(kind, level if kind == "cost" else 1.0 + level / 8.0, beta)
    try:
        v = venture_transfers(cl, outside=outside)
    except ValueError:
        return
    assert abs(v.transfers.sum()) <= 1e-9 * max(1.0, np.abs(v.profit).sum())
    after = v.profit + v.transfers
    # the equal-surplus scheme leaves everyone at least at the outside option iff the surplus is >= 0
    assert bool(np.all(after >= v.outside - 1e-9 * np.maximum(1.0, np.abs(v.outside)))) == v.rational
    if v.rational_without_transfers:
        assert v.rational


@pytest.mark.proposition("prop-rob-transfers")
@settings(max_examples=40, deadline=None)
@given(ratio=st.floats(1.0, 4.0), beta=st.floats(0.0, 0.95))
def test_proposition_unequal_rd_costs_transfers_always_make_the_venture_rational(ratio, beta):
    v = venture_transfers(duopoly("rd", ratio, beta))
    assert v.rational and v.surplus > 0


@pytest.mark.proposition("prop-rob-transfers")
def test_unequal_production_costs_a_welfare_raising_venture_that_no_transfer_saves():
    v = venture_transfers(duopoly("cost", 18.0, 0.0))
    assert v.welfare > v.outside_welfare
    assert v.surplus < 0 and not v.rational and not v.rational_without_transfers
    w = venture_transfers(duopoly("cost", 14.0, 0.5))
    assert w.rational and not w.rational_without_transfers


def test_leave_equals_alone_for_two_firms_and_differs_for_three():
    cl = duopoly("cost", 6.0, 0.4)
    a, b = venture_transfers(cl, outside="alone"), venture_transfers(cl, outside="leave")
    np.testing.assert_allclose(a.outside, b.outside, rtol=1e-10)
    cl3 = Cluster(100.0, 1.0, [60.0, 63.0, 66.0], 20.0, 0.6)
    v = venture_transfers(cl3, outside="leave")
    i = 2
    ref = np.asarray(cluster_equilibrium(cl3, [[0, 1], [2]], True).profit)[i]
    assert v.outside[i] == pytest.approx(ref)


def test_grid_agrees_with_pointwise_calls():
    het, beta = np.array([0.0, 18.0]), np.array([0.0, 0.5])
    g = transfer_grid(het, beta)
    for i, bt in enumerate(beta):
        for j, h in enumerate(het):
            v = venture_transfers(duopoly("cost", h, bt))
            assert g["with"][i, j] == float(v.rational)
            assert g["surplus"][i, j] == pytest.approx(v.surplus)


def test_validation():
    with pytest.raises(ValueError, match="outside must be one of"):
        venture_transfers(duopoly("cost", 1.0, 0.5), outside="nobody")
    with pytest.raises(ValueError, match="at least two firms"):
        venture_transfers(Cluster(100.0, 1.0, [60.0], 20.0, 0.5))
    with pytest.raises(ValueError, match="must be a Cluster"):
        venture_transfers("cluster")
