"""Tests of clustercode.diffusion: the Bass model on a cluster network (Chapter 3).

Each proposition of Chapter 3 is a test here:

* Proposition 3.1 (adoption path): the closed form solves the Bass equation
  -> ``test_closed_form_matches_ode``, ``test_rate_is_derivative``;
* Proposition 3.2 (density speeds adoption and widens reach by any date)
  -> ``test_time_to_share_falls_with_density``, ``test_reach_rises_with_density``;
* Proposition 3.3 (S-curve threshold and peak)
  -> ``test_peak_time_and_share``, ``test_no_peak_below_threshold``;
* Proposition 3.4 (imitation lag)
  -> ``test_mean_adoption_time_is_integral``, ``test_imitation_lag_falls_with_density``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clustercode.diffusion import (
    MAX_SIMULATED_FIRMS,
    ClusterNetwork,
    adoption_rate,
    adoption_share,
    bass_mean_adoption_time,
    bass_peak_time,
    bass_rate,
    bass_share,
    bass_time_to_share,
    imitation_coefficient,
    mean_adoption_time,
    peak_time,
    s_curve_density,
    simulate_adoption,
    simulated_mean_share,
    time_to_share,
)

scipy_integrate = pytest.importorskip("scipy.integrate")

ps = st.floats(1e-3, 1.0)
qs = st.floats(0.0, 5.0)
densities = st.floats(0.0, 1.0)
shares = st.floats(1e-6, 0.999)
networks = st.builds(
    ClusterNetwork,
    firms=st.integers(2, 500),
    contact_rate=st.floats(1e-3, 1.0),
    external_rate=ps,
)

NET = ClusterNetwork(firms=100, contact_rate=0.04, external_rate=0.03)


# ---------------------------------------------------------------------------
# Proposition 3.1: the closed form solves the Bass equation
# ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(p=ps, q=qs)
@pytest.mark.proposition("prop-ch3-path")
def test_closed_form_matches_ode(p, q):
    horizon = 10.0 / (p + q)  # long enough to reach ~ full adoption
    t = np.linspace(0.0, horizon, 60)
    sol = scipy_integrate.solve_ivp(
        lambda _, F: (p + q * F) * (1.0 - F), (0.0, horizon), [0.0],
        t_eval=t, rtol=1e-10, atol=1e-12, method="DOP853",
    )
    assert sol.success
    np.testing.assert_allclose(bass_share(t, p, q), sol.y[0], atol=1e-8)


@settings(max_examples=40, deadline=None)
@given(p=ps, q=qs, t=st.floats(0.0, 50.0))
@pytest.mark.proposition("prop-ch3-path")
def test_rate_is_derivative(p, q, t):
    F = bass_share(t, p, q)
    # the closed-form rate equals the right-hand side of the Bass equation ...
    assert bass_rate(t, p, q) == pytest.approx((p + q * F) * (1 - F), rel=1e-9, abs=1e-14)
    # ... and the numerical derivative of the closed-form share
    h = 1e-6
    numeric = (bass_share(t + h, p, q) - bass_share(max(t - h, 0.0), p, q)) / (t + h - max(t - h, 0.0))
    assert bass_rate(t, p, q) == pytest.approx(numeric, rel=1e-4, abs=1e-8)


@pytest.mark.proposition("prop-ch3-path")
def test_limits_of_the_path():
    t = np.array([0.0, 1.0, 10.0, 1e4])
    # no ties: independent adoption at rate p
    np.testing.assert_allclose(adoption_share(NET, 0.0, t), -np.expm1(-0.03 * t), rtol=1e-14)
    F = bass_share(t, 0.03, 0.4)
    assert F[0] == 0.0
    assert F[-1] == pytest.approx(1.0, abs=1e-12)
    assert np.all(np.diff(F) > 0)


@settings(max_examples=40, deadline=None)
@given(p=ps, q=qs, f=shares)
@pytest.mark.proposition("prop-ch3-path")
def test_time_to_share_inverts_share(p, q, f):
    t = bass_time_to_share(f, p, q)
    assert bass_share(t, p, q) == pytest.approx(f, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------
# Proposition 3.2: denser ties -> faster adoption, wider reach by any date
# ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(net=networks, d1=densities, d2=densities, f=shares)
@pytest.mark.proposition("prop-ch3-speed")
def test_time_to_share_falls_with_density(net, d1, d2, f):
    lo, hi = sorted((d1, d2))
    assume(imitation_coefficient(net, hi) - imitation_coefficient(net, lo) > 1e-6)
    assert time_to_share(net, hi, f) < time_to_share(net, lo, f)


@settings(max_examples=60, deadline=None)
@given(net=networks, d1=densities, d2=densities, T=st.floats(1e-3, 100.0))
@pytest.mark.proposition("prop-ch3-speed")
def test_reach_rises_with_density(net, d1, d2, T):
    lo, hi = sorted((d1, d2))
    assume(imitation_coefficient(net, hi) - imitation_coefficient(net, lo) > 1e-6)
    F_lo, F_hi = adoption_share(net, lo, T), adoption_share(net, hi, T)
    assume(F_lo < 1 - 1e-9)  # both saturated in floating point: nothing to compare
    assert F_hi > F_lo


@pytest.mark.proposition("prop-ch3-speed")
def test_speed_rises_with_cluster_size_and_contact_rate():
    small = ClusterNetwork(firms=50, contact_rate=0.04, external_rate=0.03)
    big = dataclasses.replace(small, firms=200)
    chatty = dataclasses.replace(small, contact_rate=0.08)
    for other in (big, chatty):
        assert time_to_share(other, 0.1, 0.5) < time_to_share(small, 0.1, 0.5)


# ---------------------------------------------------------------------------
# Proposition 3.3: S-curve above the density threshold p / (r m)
# ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(p=ps, ratio=st.floats(1.01, 200.0))
@pytest.mark.proposition("prop-ch3-scurve")
def test_peak_time_and_share(p, ratio):
    q = p * ratio
    ts = bass_peak_time(p, q)
    assert ts == pytest.approx(np.log(q / p) / (p + q))
    assert bass_share(ts, p, q) == pytest.approx((q - p) / (2 * q), rel=1e-9, abs=1e-12)
    # the rate is highest at ts: compare with a fine grid around it
    grid = np.linspace(0.0, 3 * ts + 5.0 / (p + q), 4001)
    assert bass_rate(ts, p, q) >= bass_rate(grid, p, q).max() * (1 - 1e-9)


@settings(max_examples=40, deadline=None)
@given(p=ps, ratio=st.floats(0.0, 1.0))
@pytest.mark.proposition("prop-ch3-scurve")
def test_no_peak_below_threshold(p, ratio):
    q = p * ratio
    assert bass_peak_time(p, q) == 0.0
    grid = np.linspace(0.0, 10.0 / (p + q), 200)
    assert np.all(np.diff(bass_rate(grid, p, q)) <= 1e-15)


@pytest.mark.proposition("prop-ch3-scurve")
def test_density_threshold_for_s_curve():
    threshold = s_curve_density(NET)
    assert imitation_coefficient(NET, threshold) == pytest.approx(NET.external_rate)  # q = p there
    assert peak_time(NET, threshold * 0.99) == 0.0
    assert peak_time(NET, threshold * 1.01) > 0.0


# ---------------------------------------------------------------------------
# Proposition 3.4: the imitation lag shrinks as ties thicken
# ---------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(p=ps, q=qs)
@pytest.mark.proposition("prop-ch3-lag")
def test_mean_adoption_time_is_integral(p, q):
    value, err = scipy_integrate.quad(lambda t: 1.0 - bass_share(t, p, q), 0.0, np.inf, limit=200)
    assert bass_mean_adoption_time(p, q) == pytest.approx(value, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(net=networks, d1=densities, d2=densities)
@pytest.mark.proposition("prop-ch3-lag")
def test_imitation_lag_falls_with_density(net, d1, d2):
    lo, hi = sorted((d1, d2))
    assume(imitation_coefficient(net, hi) - imitation_coefficient(net, lo) > 1e-6)
    assert mean_adoption_time(net, hi) < mean_adoption_time(net, lo)


@pytest.mark.proposition("prop-ch3-lag")
def test_imitation_lag_limits():
    assert mean_adoption_time(NET, 0.0) == pytest.approx(1 / NET.external_rate)
    assert bass_mean_adoption_time(0.03, 1e-12) == pytest.approx(1 / 0.03, rel=1e-9)
    assert bass_mean_adoption_time(0.03, 1e6) < 1e-4


# ---------------------------------------------------------------------------
# Vectorisation and validation
# ---------------------------------------------------------------------------

def test_broadcasting():
    d = np.linspace(0, 1, 5)[:, None]
    t = np.linspace(0, 20, 7)[None, :]
    F = adoption_share(NET, d, t)
    assert F.shape == (5, 7)
    for i in range(5):
        for j in range(7):
            assert F[i, j] == adoption_share(NET, float(d[i, 0]), float(t[0, j]))
    assert adoption_rate(NET, d, t).shape == (5, 7)
    assert isinstance(adoption_share(NET, 0.1, 2.0), float)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: bass_share(-1.0, 0.03, 0.4), "t >= 0"),
        (lambda: bass_share(1.0, 0.0, 0.4), "p > 0"),
        (lambda: bass_share(1.0, 0.03, -0.1), "q >= 0"),
        (lambda: bass_share(np.nan, 0.03, 0.4), "finite"),
        (lambda: bass_share(1.0, 1e-310, 1.0), "overflows"),
        (lambda: bass_time_to_share(1.0, 0.03, 0.4), "[0, 1)"),
        (lambda: adoption_share(NET, 1.5, 1.0), "[0, 1]"),
        (lambda: adoption_share(NET, [0.1, -0.2], 1.0), "index (1,)"),
        (lambda: ClusterNetwork(firms=1), "integer >= 2"),
        (lambda: ClusterNetwork(firms=2.5), "integer >= 2"),
        (lambda: ClusterNetwork(contact_rate=0.0), "contact_rate must be > 0"),
        (lambda: ClusterNetwork(external_rate=-1.0), "external_rate must be > 0"),
        (lambda: simulate_adoption(NET, [0.1, 0.2], 1.0), "scalar"),
        (lambda: simulate_adoption(NET, 0.1, 1.0, seed=-1), "seed"),
        (lambda: simulate_adoption(ClusterNetwork(firms=MAX_SIMULATED_FIRMS + 1), 0.1, 1.0), "at most"),
    ],
)
def test_bad_input_raises_clear_error(call, message):
    with pytest.raises(ValueError, match=None) as info:
        call()
    assert message in str(info.value)


def test_network_is_frozen_and_normalised():
    net = ClusterNetwork(firms=10.0, contact_rate=1, external_rate=1)
    assert isinstance(net.firms, int) and isinstance(net.contact_rate, float)
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.firms = 3


# ---------------------------------------------------------------------------
# The stochastic network simulation
# ---------------------------------------------------------------------------

def test_simulation_is_reproducible_and_monotone():
    t = np.linspace(0, 30, 61)
    a = simulate_adoption(NET, 0.1, t, seed=7)
    b = simulate_adoption(NET, 0.1, t, seed=7)
    c = simulate_adoption(NET, 0.1, t, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a[0] == 0.0 and np.all(np.diff(a) >= 0) and np.all((a >= 0) & (a <= 1))
    np.testing.assert_allclose(a * NET.firms, np.round(a * NET.firms), atol=1e-9)


def test_simulation_without_ties_is_independent_adoption():
    net = ClusterNetwork(firms=400, contact_rate=0.04, external_rate=0.05)
    t = np.array([5.0, 10.0, 20.0])
    runs = np.array([simulate_adoption(net, 0.0, t, seed=s) for s in range(20)])
    expected = -np.expm1(-0.05 * t)
    # mean of 20 x 400 Bernoulli draws: standard error below 0.0056
    np.testing.assert_allclose(runs.mean(axis=0), expected, atol=0.025)


def test_simulation_on_dense_cluster_follows_mean_field():
    net = ClusterNetwork(firms=400, contact_rate=0.002, external_rate=0.03)  # q = 0.8 at density 1
    t = np.linspace(0, 15, 31)
    runs = np.array([simulate_adoption(net, 1.0, t, seed=s) for s in range(10)])
    np.testing.assert_allclose(runs.mean(axis=0), adoption_share(net, 1.0, t), atol=0.05)


def test_simulation_denser_cluster_adopts_faster_on_average():
    t = np.array([8.0])
    sparse = np.mean([simulate_adoption(NET, 0.02, t, seed=s) for s in range(10)])
    dense = np.mean([simulate_adoption(NET, 0.3, t, seed=s) for s in range(10)])
    assert dense > sparse + 0.1


def test_mean_field_runs_ahead_of_the_network():
    """Chapter 3: the mean-field curve is biased towards faster adoption, not only noisy.
    With 100 firms, density 0.1 (r = 0.04, p = 0.03) the mean field has 0.84 adopted after ten
    years, the average of 200 simulated clusters 0.78; the gap is many standard errors."""
    net = ClusterNetwork(firms=100, contact_rate=0.04, external_rate=0.03)
    t = np.array([5.0, 10.0, 15.0])
    mean, se = simulated_mean_share(net, 0.1, t, runs=200, seed=0)
    field = adoption_share(net, 0.1, t)
    assert round(float(field[1]), 2) == 0.84
    assert abs(mean[1] - 0.78) < 0.01
    assert np.all(field - mean > 4 * se)          # ahead at every date, beyond sampling error
    assert np.all(se > 0) and np.all(se < 0.01)


def test_mean_field_is_exact_without_ties():
    """No ties, no correlation between neighbours: the simulated mean matches 1 - exp(-pt)."""
    net = ClusterNetwork(firms=100, contact_rate=0.04, external_rate=0.03)
    t = np.array([5.0, 10.0, 20.0])
    mean, se = simulated_mean_share(net, 0.0, t, runs=100, seed=3)
    assert np.all(np.abs(mean - adoption_share(net, 0.0, t)) < 4 * se + 1e-3)


def test_simulated_mean_share_reproduces_single_runs():
    t = np.array([2.0, 6.0])
    mean, se = simulated_mean_share(NET, 0.1, t, runs=3, seed=7)
    runs = np.array([simulate_adoption(NET, 0.1, t, seed=s) for s in (7, 8, 9)])
    np.testing.assert_array_equal(mean, runs.mean(axis=0))
    np.testing.assert_allclose(se, runs.std(axis=0, ddof=1) / np.sqrt(3))
    one, zero = simulated_mean_share(NET, 0.1, 4.0, runs=1, seed=2)
    assert one == simulate_adoption(NET, 0.1, 4.0, seed=2) and zero == 0.0


@pytest.mark.parametrize("kwargs, message", [
    ({"runs": 0}, "runs must be an integer >= 1"),
    ({"runs": 2.5}, "runs must be a positive integer"),
    ({"runs": True}, "runs must be a real number, got True"),
    ({"runs": 10_000}, "runs must be at most 5000"),
    ({"seed": -1}, "seed must be an integer >= 0"),
])
def test_simulated_mean_share_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulated_mean_share(NET, 0.1, 1.0, **kwargs)


def test_peak_time_is_not_monotone_in_density():
    """Chapter 3's remark after Proposition 3.3: just above the threshold a denser cluster peaks
    later; with many ties, earlier."""
    threshold = s_curve_density(NET)
    d = threshold * np.array([1.01, 1.5, 3.0, 20.0, 60.0])
    t = peak_time(NET, d)
    assert t[1] > t[0] and t[2] > t[1]     # rising just above the threshold
    assert t[4] < t[3] < t[2]              # falling once imitation dominates


@pytest.mark.parametrize("q", [5e-324, 1e-300, 1e-12, 1e-7, 1e-6, 2e-6, 1e-3])
def test_imitation_lag_tiny_imitation(q):
    """Regression: ln(1+q/p)/q lost all precision for subnormal q (hypothesis found q = 5e-324)."""
    p = 0.75
    c = q / p
    exact = (1.0 - c / 2 + c * c / 3 - c**3 / 4) / p if c < 1e-2 else np.log1p(c) / q
    assert bass_mean_adoption_time(p, q) == pytest.approx(exact, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(net=st.builds(ClusterNetwork, firms=st.integers(2, 60), contact_rate=st.floats(1e-3, 2.0),
                     external_rate=st.floats(1e-2, 1.0)),
       density=densities, seed=st.integers(0, 2**32 - 1))
def test_simulation_invariants(net, density, seed):
    t = np.concatenate([[0.0], np.sort(np.random.default_rng(seed).random(20) * 50), [1e6]])
    path = simulate_adoption(net, density, t, seed=seed)
    assert path.shape == t.shape
    assert path[0] == 0.0 and path[-1] == 1.0          # nobody at 0, everybody eventually
    assert np.all(np.diff(path) >= 0) and np.all((path >= 0) & (path <= 1))
    assert simulate_adoption(net, density, [], seed=seed).shape == (0,)
