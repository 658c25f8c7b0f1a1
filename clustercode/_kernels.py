"""Numeric kernels of the symmetric model. GENERATED: do not edit.

Written by ``python -m clustercode.symbolic`` from the closed forms in
:mod:`clustercode.symbolic`; ``tests/test_symbolic.py`` checks that this
file is up to date. Every function broadcasts over NumPy arrays.
"""


def rd_own(a, b, A, n, beta, gamma, s, sigma):
    """Symmetric equilibrium R&D per firm, objective 'own' (a 1-tuple)."""
    t0 = beta*n
    t1 = 2*beta + 2*n - 2*t0
    return (
        -t1*(-A + a + s)/(b*gamma*(n + 1)**2*(sigma - 1) + t1*(-beta + t0 + 1)),
    )


def gamma_bounds_own(a, b, A, n, beta, s):
    """Lower bounds on (1 - sigma) * gamma, objective 'own': symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0."""
    t0 = n + 1
    t1 = beta*n
    t2 = 2*(beta + n - t1)/b
    t3 = t2*(-beta + t1 + 1)/t0**2
    return (
        t3,
        -t2*(beta - 1)/t0,
        t3*(a + s)/A,
    )


def rd_joint(a, b, A, n, beta, gamma, s, sigma):
    """Symmetric equilibrium R&D per firm, objective 'joint' (a 1-tuple)."""
    t0 = beta*n - beta + 1
    return (
        -2*t0*(-A + a + s)/(b*gamma*(n + 1)**2*(sigma - 1) + 2*t0**2),
    )


def gamma_bounds_joint(a, b, A, n, beta, s):
    """Lower bounds on (1 - sigma) * gamma, objective 'joint': symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0."""
    t0 = 2/b
    t1 = t0*(beta*n - beta + 1)**2/(n + 1)**2
    return (
        t1,
        t0*(beta - 1)**2,
        t1*(a + s)/A,
    )


def outcomes_given_rd(a, b, A, n, beta, gamma, s, sigma, lambda_, x):
    """Outcomes given R&D per firm x: effective_rd, unit_cost, output, price, profit, consumer_surplus, outlay, welfare."""
    effective_rd = x*(beta*(n - 1) + 1)
    unit_cost = A - effective_rd
    output = (a + s - unit_cost)/(b*(n + 1))
    price = a - b*n*output
    profit = b*output**2 - 1/2*gamma*x**2*(1 - sigma)
    consumer_surplus = (1/2)*b*n**2*output**2
    outlay = n*((1/2)*gamma*sigma*x**2 + output*s)
    welfare = consumer_surplus + n*profit - outlay*(lambda_ + 1)
    return (effective_rd, unit_cost, output, price, profit, consumer_surplus, outlay, welfare,)
