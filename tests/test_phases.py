"""Tests of clustercode.phases: the case study's phases as parameter changes (Chapter 6)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clustercode import Market, symmetric_equilibrium
from clustercode.phases import (
    PHASES,
    CaseCalibration,
    phase_clusters,
    phase_outcomes,
    phase_table,
)

from . import reference_cluster as ref


@st.composite
def calibrations(draw, large_absorb_at_least_small=False):
    """Calibrations of the test; with ``large_absorb_at_least_small`` the large firms' absorptive capacity is drawn
    from [max(0.5, small firms' spillover), 1], the region of prop-ch6-large (boundaries included)."""
    beta_early = draw(st.floats(0.0, 0.8))
    beta_expanded = draw(st.floats(beta_early, 0.9))
    low = max(0.5, beta_expanded) if large_absorb_at_least_small else 0.5
    return CaseCalibration(
        gamma=draw(st.floats(10.0, 40.0)),
        firms_early=draw(st.integers(2, 8)),
        beta_early=beta_early,
        firms_expanded=draw(st.integers(10, 40)),
        beta_expanded=beta_expanded,
        large_firms=draw(st.integers(1, 5)),
        cost_advantage=draw(st.floats(0.5, 12.0)),
        rd_cost_ratio=draw(st.floats(0.4, 1.0)),
        beta_large=draw(st.one_of(st.just(low), st.floats(low, 1.0))),
        entrants=draw(st.integers(1, 30)),
    )


def test_default_calibration_is_the_one_the_chapter_states():
    cal = CaseCalibration()
    assert (cal.market.a, cal.market.b, cal.market.A, cal.gamma) == (100.0, 1.0, 60.0, 20.0)
    assert (cal.firms_early, cal.beta_early, cal.firms_expanded, cal.beta_expanded) == (5, 0.3, 25, 0.5)
    assert (cal.large_firms, cal.cost_advantage, cal.rd_cost_ratio, cal.beta_large) == (3, 8.0, 0.5, 0.7)
    assert cal.entrants == 15


def test_phase_clusters_are_built_as_documented():
    cal = CaseCalibration()
    clusters = phase_clusters(cal)
    assert list(clusters) == list(PHASES)
    early, _ = clusters["early"]
    assert early.n == 5 and np.all(early.beta == 0.3)
    large_cluster, large = clusters["large"]
    assert large.sum() == 3 and np.all(large_cluster.A[large] == 52.0)
    assert np.all(large_cluster.gamma[large] == 10.0) and np.all(large_cluster.beta[large] == 0.7)
    policy_cluster, policy_large = clusters["policy"]
    assert policy_cluster.n == 40 and policy_large.sum() == 3
    assert np.all(policy_cluster.A[25:] == 60.0)


def test_identical_phases_are_the_symmetric_model():
    out = phase_outcomes()
    m = Market(100.0, 1.0, 60.0)
    for phase, n, beta in (("early", 5, 0.3), ("expansion", 25, 0.5)):
        sym = symmetric_equilibrium(m, n, beta, 20.0, "competition")
        np.testing.assert_allclose(out[phase].equilibrium.rd, sym.rd, rtol=1e-10)
        assert out[phase].mean_rd(False) == pytest.approx(sym.rd, rel=1e-10)
        assert np.isnan(out[phase].mean_rd(True))


def test_policy_phase_agrees_with_the_dense_reference():
    """The policy phase (40 unequal firms) against the dense first-order reference, an independent solve."""
    out = phase_outcomes()
    cl, _ = phase_clusters()["policy"]
    x = ref.dense_equilibrium(cl.a, cl.b, cl.A, cl.gamma, cl.beta)
    np.testing.assert_allclose(out["policy"].equilibrium.rd, x, rtol=1e-9)


def _outcomes_or_reject(cal):
    """The phases, or reject the draw where R&D is too cheap for the stability
    condition of some phase. The claims are about calibrations whose phases all
    satisfy it."""
    try:
        return phase_outcomes(cal)
    except ValueError as exc:
        assume("the R&D stage is unstable" not in str(exc))
        raise


@settings(max_examples=80, deadline=None)
@given(calibrations())
@pytest.mark.proposition("prop-ch6-expansion")
def test_expansion_lowers_rd_per_firm(cal):
    """prop-ch6-expansion."""
    out = _outcomes_or_reject(cal)
    assert out["expansion"].mean_rd(False) < out["early"].mean_rd(False)


@settings(max_examples=80, deadline=None)
@given(calibrations(large_absorb_at_least_small=True))
@pytest.mark.proposition("prop-ch6-large")
def test_large_firms_out_invest_small_ones(cal):
    """prop-ch6-large: large firms whose absorptive capacity is at least the small firms' spillover."""
    out = _outcomes_or_reject(cal)
    large = out["large"]
    small_rd = large.equilibrium.rd[~large.large & large.equilibrium.active]
    assert np.all(large.equilibrium.rd[large.large] > small_rd.max(initial=0.0))


@pytest.mark.proposition("prop-ch6-large")
def test_small_firms_that_absorb_more_can_out_invest_a_large_firm():
    """The old statement (absorptive capacity of at least one half suffices) is false: small firms with spillover
    0.875 out-invest a large firm with absorptive capacity 0.5, a cost advantage of 1 and the same R&D cost."""
    cal = CaseCalibration(gamma=10.0, firms_expanded=10, beta_expanded=0.875, large_firms=1, cost_advantage=1.0,
                          rd_cost_ratio=1.0, beta_large=0.5)
    large = phase_outcomes(cal)["large"]
    eq = large.equilibrium
    assert eq.rd[large.large].max() < eq.rd[~large.large & eq.active].max()


@settings(max_examples=80, deadline=None)
@given(calibrations())
@pytest.mark.proposition("prop-ch6-entry")
def test_entry_lowers_the_rd_of_incumbent_small_firms(cal):
    """prop-ch6-entry."""
    out = _outcomes_or_reject(cal)
    before, after = out["large"].equilibrium, out["policy"].equilibrium
    n = before.n
    small = ~out["large"].large & before.active & after.active[:n]
    assume(small.any())  # otherwise there is no incumbent small producer to compare
    assert np.all(after.rd[:n][small] < before.rd[small])


def test_table_lists_every_phase():
    table = phase_table(phase_outcomes())
    assert len(table.splitlines()) == 2 + len(PHASES)
    assert "–" in table.splitlines()[2]  # no large firms yet


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"firms_early": 0}, "firms_early must be at least 1"),
        ({"firms_expanded": 2.5}, "firms_expanded must be an integer"),
        ({"large_firms": 30}, "large_firms must be between 0 and firms_expanded = 25"),
        ({"entrants": -1}, "entrants must be non-negative"),
        ({"beta_large": 1.5}, r"beta_large must lie in \[0, 1\]"),
        ({"gamma": 0.0}, "gamma must be positive"),
        ({"cost_advantage": 60.0}, "cost_advantage must lie in"),
        ({"gamma": float("nan")}, "gamma must be finite"),
        ({"market": "market"}, "market must be a Market"),
    ],
)
def test_bad_calibrations_are_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CaseCalibration(**kwargs)


def test_phase_without_equilibrium_names_the_phase():
    with pytest.raises(ValueError, match="phase 'early'"):
        phase_outcomes(CaseCalibration(gamma=0.5))


def test_entry_can_raise_the_rd_of_large_firms():
    """The chapter says the large firms' response to entry is not signed: an example."""
    cal = CaseCalibration(gamma=21.7, firms_early=6, beta_early=0.33, firms_expanded=40,
                          beta_expanded=0.38, large_firms=4, cost_advantage=7.8,
                          rd_cost_ratio=0.47, beta_large=0.81, entrants=6)
    out = phase_outcomes(cal)
    before, after = out["large"], out["policy"]
    large = before.large
    assert np.all(after.equilibrium.rd[: before.equilibrium.n][large] > before.equilibrium.rd[large])
    # while the default calibration shows the opposite
    default = phase_outcomes()
    assert default["policy"].mean_rd(True) < default["large"].mean_rd(True)
