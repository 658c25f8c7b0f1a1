"""The input boundary: a campaign of bad and extreme inputs over every public name.

Every public function and constructor must answer a wrong *type* with a
``TypeError`` and a wrong *value* with a ``ValueError``, whose message names
the parameter (and, for arrays, the index or firm). It must never crash inside
numpy, raise ``OverflowError``/``AttributeError``/``ZeroDivisionError``,
return NaN or inf for finite input, coerce silently (``True`` as 1, ``"2"``
as 2, 2.5 firms as 2) or return a silently wrong answer.

The campaign is a table: each public callable with a valid call, and the kind
of each argument. Each kind has a list of bad values (type errors, value
errors) and of extreme but valid values (the answer must then be finite, or a
``ValueError`` that says why). Hand-picked cases below cover the classes a
table cannot: the solver near the stability bound, a large output subsidy,
large finite inputs of the generated kernels and of the diffusion model.

``python -m tests.test_boundary`` prints the count of each failure class.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields, is_dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustercode import (
    Cluster,
    ClusterNetwork,
    Market,
    Policy,
    SymmetricCluster,
    adoption_share,
    bass_share,
    calibrations,
    cartel,
    cluster_equilibrium,
    compare_regimes,
    entry,
    mean_adoption_time,
    min_gamma,
    optimal_policy,
    optimal_subsidies,
    phases,
    public_lab_equilibrium,
    simulate_adoption,
    symmetric_equilibrium,
    time_to_share,
    transfers,
)
from clustercode import coalitions as coal
from clustercode import comparator as cmp
from clustercode import differentiated as dmod
from clustercode import diffusion as dif
from clustercode import large_cluster as lc
from clustercode.cluster import active_set, coalition_labels

M = Market(100.0, 1.0, 60.0)
NET = ClusterNetwork(firms=100, contact_rate=0.04, external_rate=0.03)
CL = Cluster(100.0, 1.0, [60.0, 62.0, 70.0], [20.0, 25.0, 30.0], [0.3, 0.5, 0.4])
EQ = cluster_equilibrium(CL)

# ---------------------------------------------------------------------------
# bad values by kind: (value, expected exception class)
# ---------------------------------------------------------------------------

T, V = TypeError, ValueError

_TYPE_WRONG_NUMBER = [True, np.True_, False, "1.5", "abc", None, 1 + 2j, object(), b"1"]
_VALUE_WRONG_NUMBER = [math.nan, math.inf, -math.inf, np.float64("nan")]

BAD = {
    "real": [(v, T) for v in _TYPE_WRONG_NUMBER + [[1.0, 2.0]]] + [(v, V) for v in _VALUE_WRONG_NUMBER],
    "int": [(v, T) for v in _TYPE_WRONG_NUMBER] + [(v, V) for v in _VALUE_WRONG_NUMBER]
    + [(2.5, V), (np.float64(3.5), V), (-1, V), (10**30, V), ([2, 3], T)],
    "array": [(v, T) for v in _TYPE_WRONG_NUMBER] + [(v, V) for v in _VALUE_WRONG_NUMBER]
    + [([0.4, math.nan], V), (np.array([0.4, math.inf]), V), (["0.1", "0.2"], T),
       (np.array([True, False]), T), ([[0.1], [0.2, 0.3]], V)],
    "intarray": [(v, T) for v in _TYPE_WRONG_NUMBER] + [(v, V) for v in _VALUE_WRONG_NUMBER]
    + [(2.5, V), ([2, 2.5], V), ([2, math.nan], V), (np.array([True, True]), T), (10**30, V)],
    "market": [(None, T), ("market", T), (3, T), (Policy(), T)],
    "policy": [("none", T), (3, T), (M, T)],
    "cluster": [(None, T), ("c", T), (M, T)],
    "net": [(None, T), (3, T), (M, T)],
    "str": [(3, T), (None, T), ("no such name", V)],
    "equilibrium": [(None, T), (3, T), (CL, T)],
    "bool": [(1, T), ("yes", T), (None, T), (2.0, T)],
    "seed": [(True, T), (1.5, V), ("1", T), (-1, V), (None, T)],
    "count": [(v, T) for v in _TYPE_WRONG_NUMBER] + [(v, V) for v in _VALUE_WRONG_NUMBER]
    + [(2.5, V), (-1, V), ([2, 3], T)],
}

#: where an array value's error must point: the message names the index or firm
_INDEXED = {"array", "intarray"}


@dataclass(frozen=True)
class Target:
    name: str
    func: object
    kwargs: dict
    kinds: dict  # argument -> kind
    check: object = None  # callable(result) -> None, asserting the answer is finite


def _finite_attrs(obj, names):
    for k in names:
        v = np.asarray(getattr(obj, k), dtype=float)
        assert np.all(np.isfinite(v)), f"{k} is not finite: {v}"


def _finite(result):
    """Every float field or property of a result, arrays included, is finite."""
    if isinstance(result, dict):
        for v in result.values():
            _finite(v)
        return
    if isinstance(result, list):
        for v in result:
            _finite(v)
        return
    if isinstance(result, (float, int, np.ndarray, np.floating)):
        v = np.asarray(result, dtype=float)
        assert np.all(np.isfinite(v)), f"non-finite result {v}"
        return
    names = []
    if is_dataclass(result):
        names = [f.name for f in fields(result)]
    names += [k for k in ("rd", "output", "price", "profit", "welfare", "consumer_surplus", "unit_cost",
                          "outlay", "rd_subsidy", "output_subsidy") if hasattr(type(result), k)]
    for k in dict.fromkeys(names):
        v = getattr(result, k)
        if isinstance(v, (float, int, np.ndarray, np.floating)) and not isinstance(v, bool):
            arr = np.asarray(v)
            if arr.dtype.kind in "fiu":
                assert np.all(np.isfinite(arr)), f"{k} is not finite: {arr}"


TARGETS = [
    Target("Market", Market, dict(a=100.0, b=1.0, A=60.0), dict(a="real", b="real", A="real")),
    Target("Policy", Policy, dict(output_subsidy=0.0, rd_subsidy=0.0, shadow_cost=0.0),
           dict(output_subsidy="real", rd_subsidy="real", shadow_cost="real")),
    Target("symmetric_equilibrium", symmetric_equilibrium,
           dict(market=M, n=2, beta=0.5, gamma=20.0, regime="competition", policy=None),
           dict(market="market", n="intarray", beta="array", gamma="array", regime="str", policy="policy"),
           _finite),
    Target("compare_regimes", compare_regimes, dict(market=M, n=3, beta=0.5, gamma=20.0, policy=None),
           dict(market="market", n="intarray", beta="array", gamma="array", policy="policy"), _finite),
    Target("min_gamma", min_gamma, dict(market=M, n=2, beta=0.5, regime="competition", policy=None),
           dict(market="market", n="intarray", beta="array", regime="str", policy="policy"), _finite),
    Target("optimal_subsidies", optimal_subsidies,
           dict(market=M, n=2, beta=0.5, gamma=20.0, regime="competition", instruments=("rd",), shadow_cost=0.0),
           dict(market="market", n="intarray", beta="array", gamma="array", regime="str", shadow_cost="real"),
           _finite),
    Target("optimal_policy", optimal_policy,
           dict(market=M, n=2, beta=0.5, gamma=20.0, regime="competition", instruments=("rd",), shadow_cost=0.0),
           dict(market="market", n="int", beta="real", gamma="real", regime="str", shadow_cost="real"), _finite),
    Target("public_lab_equilibrium", public_lab_equilibrium,
           dict(market=M, n=2, beta=0.5, gamma=20.0, theta=0.5, gamma0=20.0, configuration="independent",
                regime="competition", shadow_cost=0.0),
           dict(market="market", n="intarray", beta="array", gamma="array", theta="array", gamma0="array",
                configuration="str", regime="str", shadow_cost="real"), _finite),
    Target("ClusterNetwork", ClusterNetwork, dict(firms=100, contact_rate=0.04, external_rate=0.03),
           dict(firms="int", contact_rate="real", external_rate="real")),
    Target("bass_share", bass_share, dict(t=1.0, p=0.03, q=0.4), dict(t="array", p="array", q="array"), _finite),
    Target("bass_rate", dif.bass_rate, dict(t=1.0, p=0.03, q=0.4), dict(t="array", p="array", q="array"),
           _finite),
    Target("bass_time_to_share", dif.bass_time_to_share, dict(share=0.5, p=0.03, q=0.4),
           dict(share="array", p="array", q="array"), _finite),
    Target("bass_peak_time", dif.bass_peak_time, dict(p=0.03, q=0.4), dict(p="array", q="array"), _finite),
    Target("bass_mean_adoption_time", dif.bass_mean_adoption_time, dict(p=0.03, q=0.4),
           dict(p="array", q="array"), _finite),
    Target("imitation_coefficient", dif.imitation_coefficient, dict(net=NET, density=0.1),
           dict(net="net", density="array"), _finite),
    Target("s_curve_density", dif.s_curve_density, dict(net=NET), dict(net="net"), _finite),
    Target("adoption_share", adoption_share, dict(net=NET, density=0.1, t=1.0),
           dict(net="net", density="array", t="array"), _finite),
    Target("adoption_rate", dif.adoption_rate, dict(net=NET, density=0.1, t=1.0),
           dict(net="net", density="array", t="array"), _finite),
    Target("time_to_share", time_to_share, dict(net=NET, density=0.1, share=0.5),
           dict(net="net", density="array", share="array"), _finite),
    Target("peak_time", dif.peak_time, dict(net=NET, density=0.1), dict(net="net", density="array"), _finite),
    Target("mean_adoption_time", mean_adoption_time, dict(net=NET, density=0.1),
           dict(net="net", density="array"), _finite),
    Target("simulate_adoption", simulate_adoption, dict(net=NET, density=0.1, t=[1.0, 2.0], seed=0),
           dict(net="net", density="real", t="array", seed="seed"), _finite),
    Target("Cluster", Cluster, dict(a=100.0, b=1.0, A=[60.0, 62.0], gamma=[20.0, 25.0], beta=[0.3, 0.5]),
           dict(a="real", b="real", A="array", gamma="array", beta="array")),
    Target("Cluster.identical", Cluster.identical, dict(market=M, n=3, beta=0.5, gamma=20.0),
           dict(market="market", n="int", beta="real", gamma="real")),
    Target("cluster_equilibrium", cluster_equilibrium, dict(cluster=CL, coalitions=None, sharing=False, policy=None),
           dict(cluster="cluster", sharing="bool", policy="policy"), _finite),
    Target("arrangement_equilibria", coal.arrangement_equilibria, dict(cluster=CL, policy=None),
           dict(cluster="cluster", policy="policy")),
    Target("preferred_arrangement", coal.preferred_arrangement, dict(cluster=CL, policy=None),
           dict(cluster="cluster", policy="policy")),
    Target("duopoly", coal.duopoly, dict(kind="cost", level=2.0, beta=0.5),
           dict(kind="str", level="real", beta="real")),
    Target("preference_grid", coal.preference_grid, dict(gap=[0.0, 2.0], beta=[0.2, 0.5]),
           dict(gap="array", beta="array")),
    Target("set_partitions", lambda n: list(coal.set_partitions(n)), dict(n=3), dict(n="int")),
    Target("stability", coal.stability, dict(cluster=CL, coalitions=[[0, 1], [2]], sharing=True),
           dict(cluster="cluster", sharing="bool")),
    Target("stable_structures", coal.stable_structures, dict(cluster=CL, sharing=True, max_firms=6),
           dict(cluster="cluster", sharing="bool", max_firms="count")),
    Target("output_subsidy_for_budget", cmp.output_subsidy_for_budget,
           dict(market=M, n=4, beta=0.4, gamma=10.0, budget=20.0),
           dict(market="market", n="int", beta="real", gamma="real", budget="real"), _finite),
    Target("rd_subsidy_for_budget", cmp.rd_subsidy_for_budget,
           dict(market=M, n=4, beta=0.4, gamma=10.0, budget=20.0),
           dict(market="market", n="int", beta="real", gamma="real", budget="real"), _finite),
    Target("max_rd_subsidy_budget", cmp.max_rd_subsidy_budget, dict(market=M, n=4, beta=0.4, gamma=10.0),
           dict(market="market", n="int", beta="real", gamma="real"), _finite),
    Target("lab_rd_for_budget", cmp.lab_rd_for_budget, dict(budget=20.0, gamma0=10.0),
           dict(budget="real", gamma0="real"), _finite),
    Target("compare_instruments", cmp.compare_instruments,
           dict(market=M, n=4, beta=0.4, gamma=10.0, budget=20.0, shadow_cost=0.0, theta=0.5),
           dict(market="market", n="int", beta="real", gamma="real", budget="real", shadow_cost="real",
                theta="real")),
    Target("innovation_mode_grid", cmp.innovation_mode_grid, dict(heterogeneity=[0.0, 2.0], beta=[0.3]),
           dict(heterogeneity="array", beta="array", kind="str", a="real", b="real", A="real", gamma="real")),
    Target("CaseCalibration", phases.CaseCalibration, {},
           dict(market="market", gamma="real", firms_early="int", beta_early="real", firms_expanded="int",
                beta_expanded="real", large_firms="int", cost_advantage="real", rd_cost_ratio="real",
                beta_large="real", entrants="int")),
    Target("phase_clusters", phases.phase_clusters, dict(cal=None), dict(cal="policy")),
    Target("large_cluster_experiment", lc.large_cluster_experiment, dict(n=20, seed=1),
           dict(n="int", seed="seed")),
    Target("rd_determinants", lc.rd_determinants, dict(cluster=CL, eq=EQ), dict(cluster="cluster", eq="equilibrium")),
    Target("overtaken_firms", lc.overtaken_firms, dict(cluster=CL, eq=EQ), dict(cluster="cluster", eq="equilibrium")),
    Target("coalition_labels", coalition_labels, dict(coalitions=None, n=3), dict(n="int")),
    Target("active_set", active_set, dict(a=100.0, e=[60.0, 70.0]), dict(a="real", e="array")),
    # the newer public names (robustness chapters): same rules
    Target("Market(substitution)", Market, dict(a=100.0, b=1.0, A=60.0, substitution=0.5),
           dict(substitution="real")),
    Target("SymmetricCluster", SymmetricCluster, dict(market=M, n=3, beta=0.5, gamma=20.0),
           dict(market="market", n="intarray", beta="array", gamma="array")),
    Target("cartel_optimum", cartel.cartel_optimum, dict(market=M, n=3, beta=0.2, gamma=20.0, policy=None),
           dict(market="market", n="int", beta="real", gamma="real", policy="policy"), _finite),
    Target("asymmetry_bound", cartel.asymmetry_bound, dict(market=M, beta=0.2),
           dict(market="market", beta="real"), _finite),
    Target("free_entry", entry.free_entry,
           dict(market=M, beta=0.5, gamma=20.0, regime="competition", entry_cost=100.0, policy=None,
                competition="cournot", max_firms=60),
           dict(market="market", beta="real", gamma="real", regime="str", entry_cost="real", policy="policy",
                competition="str", max_firms="count")),
    Target("venture_transfers", transfers.venture_transfers, dict(cluster=CL, policy=None, outside="alone"),
           dict(cluster="cluster", policy="policy", outside="str"), _finite),
    Target("transfer_grid", transfers.transfer_grid, dict(heterogeneity=[0.0, 2.0], beta=[0.3]),
           dict(heterogeneity="array", beta="array", kind="str", a="real", b="real", A="real", gamma="real")),
    Target("coordination_threshold", dmod.coordination_threshold, dict(n=3, substitution=0.5, competition="cournot"),
           dict(n="intarray", substitution="array", competition="str"), _finite),
    Target("optimal_rd_subsidy", dmod.optimal_rd_subsidy,
           dict(market=Market(100.0, 1.0, 60.0, substitution=0.5), n=3, beta=0.5, gamma=20.0,
                regime="competition", competition="bertrand", shadow_cost=0.0),
           dict(market="market", n="int", beta="real", gamma="real", regime="str", competition="str",
                shadow_cost="real")),
    Target("optimal_output_subsidy", dmod.optimal_output_subsidy,
           dict(market=Market(100.0, 1.0, 60.0, substitution=0.5), n=3, beta=0.3, gamma=20.0,
                regime="competition", competition="bertrand", shadow_cost=0.0),
           dict(market="market", n="int", beta="real", gamma="real", regime="str", competition="str",
                shadow_cost="real")),
    Target("optimal_subsidies_differentiated", dmod.optimal_subsidies_differentiated,
           dict(market=Market(100.0, 1.0, 60.0, substitution=0.5), n=3, beta=0.3, gamma=20.0,
                regime="competition", competition="bertrand", shadow_cost=0.0),
           dict(market="market", n="int", beta="real", gamma="real", regime="str", competition="str",
                shadow_cost="real")),
    Target("venture_lead_expensive_rd", dmod.venture_lead_expensive_rd, dict(n=3, beta=0.5, substitution=0.5),
           dict(n="intarray", beta="array", substitution="array"), _finite),
    Target("margin_cluster", calibrations.margin_cluster, dict(A2=65.0), dict(A2="real")),
    Target("simulated_mean_share", dif.simulated_mean_share, dict(net=NET, density=0.1, t=[1.0, 2.0], runs=5, seed=0),
           dict(net="net", density="real", t="array", runs="count", seed="seed"), _finite),
    Target("arrangement_profits", coal.arrangement_profits, dict(cluster=CL, policy=None),
           dict(cluster="cluster", policy="policy"), _finite),
]


def _cases():
    for t in TARGETS:
        for arg, kind in t.kinds.items():
            for i, (value, exc) in enumerate(BAD[kind]):
                yield pytest.param(t, arg, kind, value, exc, id=f"{t.name}-{arg}-{kind}{i}")


def classify(target: Target, arg: str, kind: str, value, exc) -> str:
    """'ok', or the failure class of one bad input."""
    kwargs = dict(target.kwargs, **{arg: value})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            target.func(**kwargs)
    except (TypeError, ValueError) as e:
        msg = str(e)
        if not msg:
            return "empty message"
        if exc is TypeError and not isinstance(e, TypeError):
            return "ValueError instead of TypeError"
        if exc is ValueError and isinstance(e, TypeError):
            return "TypeError instead of ValueError"
        if kind in _INDEXED and exc is ValueError and _needs_index(value) and "index" not in msg \
                and "firm" not in msg:
            return "array error without index"
        return "ok"
    except RuntimeWarning:
        return "numpy warning"
    except Exception as e:  # noqa: BLE001 - the class is what we record
        return f"crash: {type(e).__name__}"
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        return "silent coercion"
    if isinstance(value, float) and kind in ("int", "intarray") and not float(value).is_integer():
        return "silent coercion"
    return "accepted bad input"


def _needs_index(value) -> bool:
    """An array holding a NaN or inf: the error must say where."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        return False
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return arr.ndim > 0 and not np.all(np.isfinite(arr))


@pytest.mark.parametrize(("target", "arg", "kind", "value", "exc"), list(_cases()))
def test_bad_input_is_refused_clearly(target, arg, kind, value, exc):
    assert classify(target, arg, kind, value, exc) == "ok"


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_valid_call_is_finite(target):
    result = target.func(**target.kwargs)
    if target.check:
        target.check(result)


# ---------------------------------------------------------------------------
# extreme but valid values: a finite answer or a ValueError that says why
# ---------------------------------------------------------------------------

_EXTREMES = {
    "Market": [dict(a=1e300, b=1.0, A=1.0), dict(a=1e-300, b=1.0, A=1e-301), dict(a=100.0, b=1e-300, A=60.0),
               dict(a=100.0, b=1e300, A=60.0)],
}


def _finite_or_refused(func, *args, **kwargs):
    """``func(...)`` if its answer (every outcome, computed lazily or not) is finite; None if refused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            result = func(*args, **kwargs)
            _finite(result)
    except ValueError as e:
        assert str(e) and not isinstance(e, TypeError)
        return None
    return result


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1e-8, 1e8, 1e150, 1e300])
@pytest.mark.parametrize("regime", ["competition", "coordination", "sharing", "joint_venture"])
def test_symmetric_large_and_small_scales(scale, regime):
    """Scaling the market by a large or small factor gives a finite answer or a clear refusal."""
    for market, gamma in ((Market(100.0 * scale, 1.0, 60.0 * scale), 20.0),
                          (Market(100.0, scale, 60.0), 20.0 / scale),
                          (M, 20.0 * scale)):
        eq = _finite_or_refused(symmetric_equilibrium, market, 3, 0.5, gamma, regime)
        if eq is not None:
            _finite(eq)
            assert eq.price >= 0


@pytest.mark.parametrize("n", [1, 2, 10**6, 10**9])
@pytest.mark.parametrize("gamma", [1e3, 1e100, 1e300])
def test_symmetric_kernels_do_not_overflow(n, gamma):
    for regime in ("competition", "coordination", "sharing", "joint_venture"):
        eq = _finite_or_refused(symmetric_equilibrium, M, n, 0.5, gamma, regime,
                                Policy(output_subsidy=1e3, rd_subsidy=0.5, shadow_cost=1.0))
        if eq is not None:
            _finite(eq)
        _finite_or_refused(min_gamma, M, n, 0.5, regime)
        _finite_or_refused(optimal_subsidies, M, n, 0.5, gamma, regime if regime in ("competition", "coordination")
                           else regime, ("output", "rd"), 1.0)
        # aggregates only: the per-firm arrays of a lab equilibrium hold n entries
        _finite_or_refused(lambda: [public_lab_equilibrium(M, n, 0.5, gamma, 0.5, gamma, c).__getattribute__(k)
                                    for c in ("independent", "allied") for k in ("total_rd", "welfare", "price")])


@pytest.mark.parametrize("s", [1e2, 1e4, 1e8, 1e300])
def test_large_output_subsidy_never_gives_a_negative_price(s):
    for regime in ("competition", "coordination", "sharing", "joint_venture"):
        eq = _finite_or_refused(symmetric_equilibrium, M, 3, 0.5, 20.0 * (1 + s), regime, Policy(output_subsidy=s))
        if eq is not None:
            assert eq.price >= 0, (regime, s, eq.price)
    eq = _finite_or_refused(cluster_equilibrium, CL, None, False, Policy(output_subsidy=s))
    if eq is not None:
        assert eq.price >= 0


@pytest.mark.parametrize("big", [1e6, 1e100, 1e300, 1.7e308])
def test_diffusion_large_finite_arguments(big):
    for f, args in ((bass_share, (big, 0.03, 0.4)), (bass_share, (1.0, big, big)), (bass_share, (1.0, 1e-300, big)),
                    (dif.bass_rate, (big, 0.03, 0.4)), (dif.bass_rate, (1.0, big, 0.4)),
                    (dif.bass_rate, (1.0, 0.03, big)), (dif.bass_time_to_share, (0.5, big, big)),
                    (dif.bass_peak_time, (big, big)), (dif.bass_peak_time, (1e-300, big)),
                    (dif.bass_mean_adoption_time, (big, big)), (dif.bass_mean_adoption_time, (1e-300, 1e-300))):
        _finite_or_refused(f, *args)
    net = _finite_or_refused(ClusterNetwork, firms=10**6, contact_rate=big, external_rate=big)
    if net is not None:
        for f in (adoption_share, dif.adoption_rate):
            _finite_or_refused(f, net, 1.0, big)
        _finite_or_refused(time_to_share, net, 1.0, 0.5)
        _finite_or_refused(dif.s_curve_density, net)
        _finite_or_refused(mean_adoption_time, net, 1.0)


# ---------------------------------------------------------------------------
# the heterogeneous solver near the stability bound
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("eps", [1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14])
@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("beta", [0.0, 0.3, 0.9])
def test_identical_firms_near_min_gamma_match_symmetric_or_refuse(eps, n, beta):
    """Identical firms near the bound: the closed form's answer to a relative 1e-6, or a refusal."""
    g = min_gamma(M, n, beta) * (1.0 + eps)
    sym = symmetric_equilibrium(M, n, beta, g)
    try:
        eq = cluster_equilibrium(Cluster.identical(M, n, beta, g))
    except ValueError as e:
        assert "gamma" in str(e)
        return
    assert np.allclose(eq.rd, sym.rd, rtol=1e-6), (eq.rd, sym.rd)


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("beta", [0.0, 0.3, 0.9])
def test_bound_named_by_the_solver_is_min_gammas(n, beta):
    """Below the bound the refusal names the bound of ``min_gamma`` (to 6 digits)."""
    g0 = min_gamma(M, n, beta)
    with pytest.raises(ValueError) as info:
        symmetric_equilibrium(M, n, beta, g0 * (1 - 1e-3))
    assert f"{g0:.6g}" in str(info.value)
    try:
        cluster_equilibrium(Cluster.identical(M, n, beta, g0 * (1 - 1e-3)))
    except ValueError as e:
        assert f"{g0:.4g}" in str(e) or f"{g0:.6g}" in str(e), (g0, str(e))
    else:
        pytest.fail("cluster_equilibrium accepted gamma below min_gamma")


# ---------------------------------------------------------------------------
# property tests
# ---------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(a=finite, b=finite, A=finite)
def test_market_any_finite_triple(a, b, A):
    try:
        m = Market(a, b, A)
    except ValueError as e:
        assert str(e)
        return
    assert m.b > 0 and 0 < m.A < m.a and np.isfinite(m.margin)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 50), beta=st.floats(0, 1), gamma=st.floats(1e-6, 1e12),
       s=st.floats(-50, 1e6), sigma=st.floats(0, 0.99))
def test_symmetric_any_valid_point_is_finite_and_priced(n, beta, gamma, s, sigma):
    for regime in ("competition", "coordination", "sharing", "joint_venture"):
        eq = _finite_or_refused(symmetric_equilibrium, M, n, beta, gamma, regime, Policy(s, sigma))
        if eq is not None:
            assert eq.price >= -1e-14 * (M.a + n * (M.A + s))  # zero, up to rounding
            assert eq.unit_cost >= -1e-9 * M.A


@settings(max_examples=200, deadline=None)
@given(t=st.floats(0, 1e308), p=st.floats(1e-300, 1e308), q=st.floats(0, 1e308))
def test_bass_any_finite_point(t, p, q):
    _finite_or_refused(bass_share, t, p, q)
    _finite_or_refused(dif.bass_rate, t, p, q)
    _finite_or_refused(dif.bass_peak_time, p, q)
    _finite_or_refused(dif.bass_mean_adoption_time, p, q)


@settings(max_examples=100, deadline=None)
@given(A=st.lists(st.floats(1, 99), min_size=1, max_size=6), gamma=st.floats(2, 60), beta=st.floats(0, 1),
       s=st.floats(0, 1e3))
def test_cluster_any_valid_point_is_finite_or_refused_with_reason(A, gamma, beta, s):
    cl = Cluster(100.0, 1.0, A, gamma, beta)
    try:
        eq = cluster_equilibrium(cl, policy=Policy(output_subsidy=s))
    except ValueError as e:
        assert "no equilibrium found" not in str(e) or "because" in str(e) or ";" in str(e)
        return
    _finite(eq)
    assert eq.price >= 0


if __name__ == "__main__":  # the campaign's counts per failure class
    from collections import Counter

    counts: Counter = Counter()
    examples: dict = {}
    for p in _cases():
        t, arg, kind, value, exc = p.values
        c = classify(t, arg, kind, value, exc)
        counts[c] += 1
        if c != "ok":
            examples.setdefault(c, []).append(f"{t.name}({arg}={value!r})")
    total = sum(counts.values())
    print(f"{total} bad inputs over {len(TARGETS)} public callables")
    for c, k in counts.most_common():
        print(f"{k:5d}  {c}")
    for c, ex in examples.items():
        print(f"\n{c}: {len(ex)}\n  " + "\n  ".join(ex[:12]))


def _all_failures():
    out = []
    for p in _cases():
        t, arg, kind, value, exc = p.values
        c = classify(t, arg, kind, value, exc)
        if c != "ok":
            out.append((c, f"{t.name}({arg}={value!r})"))
    return out


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 30), beta=st.floats(0, 1), regime=st.sampled_from(
    ["competition", "coordination", "sharing", "joint_venture"]), s=st.floats(-30, 200), sigma=st.floats(0, 0.9),
    below=st.floats(1e-6, 0.5))
def test_the_bound_in_a_refusal_is_min_gammas(n, beta, regime, s, sigma, below):
    """Just below ``min_gamma`` the refusal names ``min_gamma``'s bound (on gamma or on (1 - sigma) gamma)."""
    policy = Policy(output_subsidy=s, rd_subsidy=sigma)
    g0 = min_gamma(M, n, beta, regime, policy)
    with pytest.raises(ValueError) as info:
        symmetric_equilibrium(M, n, beta, g0 * (1 - below), regime, policy)
    msg = str(info.value)
    if "price below zero" in msg:  # the subsidy, not gamma, is refused
        return
    assert f"{g0:.6g}" in msg or f"{g0 * (1 - sigma):.6g}" in msg, (g0, msg)


# ---------------------------------------------------------------------------
# the docstrings say so: a Raises section naming TypeError
# ---------------------------------------------------------------------------


def _raises_section(doc: str) -> str:
    """The text of a NumPy-style docstring's Raises section ("" if it has none)."""
    lines = (doc or "").splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == "Raises" and set(lines[i + 1].strip()) == {"-"}:
            body = []
            for nxt, after in zip(lines[i + 2:], lines[i + 3:] + [""]):
                if after.strip() and set(after.strip()) == {"-"}:  # the next section's heading
                    break
                body.append(nxt)
            return "\n".join(body)
    return ""


@pytest.mark.parametrize("target", [t for t in TARGETS if any(e is T for k in t.kinds.values() for _, e in BAD[k])],
                         ids=lambda t: t.name)
def test_raises_section_names_type_error(target):
    """Every public callable that answers a wrong type with TypeError documents it under Raises."""
    func = getattr(coal, target.name) if target.func.__name__ == "<lambda>" else target.func
    section = _raises_section(func.__doc__)
    assert section, f"{target.name} has no Raises section"
    assert "TypeError" in section, f"{target.name}'s Raises section does not mention TypeError"


# ---------------------------------------------------------------------------
# arguments the table has no kind for
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: compare_regimes(M, 3, 0.5, 20.0, regimes=3), TypeError, "regimes must be a list or tuple"),
    (lambda: compare_regimes(M, 3, 0.5, 20.0, regimes="competition"), TypeError, "regimes must be a list"),
    (lambda: compare_regimes(M, 3, 0.5, 20.0, regimes=[]), ValueError, "at least one regime"),
    (lambda: compare_regimes(M, 3, 0.5, 20.0, regimes=["nope"]), ValueError, "unknown regime 'nope'"),
    (lambda: SymmetricCluster(M, 3, 0.5, 20.0).compare(regimes=3), TypeError, "regimes must be a list"),
    (lambda: phases.phase_table(3), TypeError, "outcomes must be a dict of PhaseOutcome"),
    (lambda: phases.phase_table({}), ValueError, "outcomes is empty"),
    (lambda: cluster_equilibrium(CL, [[True, False, True]]), TypeError, "coalition 0 must list integer firm"),
    (lambda: cluster_equilibrium(CL, [["0", "1", "2"]]), TypeError, "coalition 0 must list integer firm"),
    (lambda: cluster_equilibrium(CL, [[0.5, 1, 2]]), ValueError, "coalition 0 must list integer firm"),
], ids=["regimes-int", "regimes-str", "regimes-empty", "regimes-unknown", "cluster-compare-int",
        "phase_table-int", "phase_table-empty", "coalition-bools", "coalition-strings", "coalition-fraction"])
def test_arguments_without_a_kind_are_refused_clearly(call, exc, match):
    with pytest.raises(exc, match=match) as info:
        call()
    if exc is ValueError:
        assert not isinstance(info.value, TypeError)
