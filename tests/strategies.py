"""Hypothesis strategies for the valid parameter space of the symmetric model."""

from __future__ import annotations

from hypothesis import strategies as st

from clustercode import REGIMES, Market, Policy, min_gamma

markets = st.builds(
    lambda A, margin, b: Market(a=A + margin, b=b, A=A),
    A=st.floats(1.0, 200.0),
    margin=st.floats(1.0, 200.0),
    b=st.floats(0.1, 10.0),
)
betas = st.floats(0.0, 1.0)
ns = st.integers(1, 30)


@st.composite
def valid_points(draw, regimes=REGIMES, n=ns, beta=betas):
    """(market, n, beta, gamma) valid for every regime in ``regimes`` at once."""
    m = draw(markets)
    k = draw(n)
    bt = draw(beta)
    floor = max(min_gamma(m, k, bt, r) for r in regimes)
    gamma = floor * draw(st.floats(1.001, 50.0))
    return m, k, bt, gamma


policies = st.builds(
    Policy,
    output_subsidy=st.floats(0.0, 20.0),
    rd_subsidy=st.floats(0.0, 0.9),
    shadow_cost=st.floats(0.0, 1.0),
)
