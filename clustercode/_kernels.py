"""Numeric kernels of the symmetric model. GENERATED: do not edit.

Written by ``python -m clustercode.codegen`` from the closed forms in
:mod:`clustercode.symbolic`; ``tests/test_codegen.py`` checks that this
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


def optimal_own_rd(a, b, A, n, beta, gamma, lambda_):
    """Welfare-maximising policy with instruments ('rd',), objective 'own': s, sigma, x, curvature, det."""
    s = 0
    sigma = (b*beta*gamma*lambda_*n**3 + b*beta*gamma*lambda_*n**2 - b*beta*gamma*lambda_*n - b*beta*gamma*lambda_ + b*beta*gamma*n**4 + 5*b*beta*gamma*n**3 + 3*b*beta*gamma*n**2 - 5*b*beta*gamma*n - 4*b*beta*gamma - b*gamma*lambda_*n**3 - 2*b*gamma*lambda_*n**2 - b*gamma*lambda_*n - b*gamma*n**3 + 3*b*gamma*n + 2*b*gamma + 2*beta**3*lambda_*n**3 - 6*beta**3*lambda_*n**2 + 6*beta**3*lambda_*n - 2*beta**3*lambda_ - 4*beta**2*lambda_*n**3 + 10*beta**2*lambda_*n**2 - 8*beta**2*lambda_*n + 2*beta**2*lambda_ + 2*beta*lambda_*n**3 - 6*beta*lambda_*n**2 + 4*beta*lambda_*n + 2*lambda_*n**2)/(b*gamma*(n + 1)**2*(-beta*lambda_*n + beta*lambda_ + beta*n**2 + beta*n - 2*beta + lambda_*n + n + 2))
    x = (-A + a)*(-beta*lambda_*n + beta*lambda_ + beta*n**2 + beta*n - 2*beta + lambda_*n + n + 2)/(b*gamma*lambda_*n**2 + 2*b*gamma*lambda_*n + b*gamma*lambda_ + b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*lambda_*n**2 - 4*beta**2*lambda_*n + 2*beta**2*lambda_ - beta**2*n**3 + 3*beta**2*n - 2*beta**2 - 2*beta*lambda_*n**2 + 4*beta*lambda_*n - 2*beta*lambda_ - 2*beta*n**2 - 2*beta*n + 4*beta - 2*lambda_*n - n - 2)
    curvature = -n*(b*gamma*lambda_*n**2 + 2*b*gamma*lambda_*n + b*gamma*lambda_ + b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*lambda_*n**2 - 4*beta**2*lambda_*n + 2*beta**2*lambda_ - beta**2*n**3 + 3*beta**2*n - 2*beta**2 - 2*beta*lambda_*n**2 + 4*beta*lambda_*n - 2*beta*lambda_ - 2*beta*n**2 - 2*beta*n + 4*beta - 2*lambda_*n - n - 2)/(b*(n + 1)**2)
    det = -curvature
    return (s, sigma, x, curvature, det,)


def optimal_own_output(a, b, A, n, beta, gamma, lambda_):
    """Welfare-maximising policy with instruments ('output',), objective 'own': s, sigma, x, curvature, det."""
    x_level = -2*(-A + a)*(beta*n - beta - n)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*n**2 - 4*beta**2*n + 2*beta**2 - 2*beta*n**2 + 4*beta*n - 2*beta - 2*n)
    x_slope = -2*(beta*n - beta - n)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*n**2 - 4*beta**2*n + 2*beta**2 - 2*beta*n**2 + 4*beta*n - 2*beta - 2*n)
    curvature = -n*x_slope**2*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - beta**2*n**3 + 3*beta**2*n - 2*beta**2 - 2*beta*n**2 - 2*beta*n + 4*beta - n - 2)/(b*(n + 1)**2) - 2*n*x_slope*(beta*n - beta + 1)*(lambda_*n + lambda_ - 1)/(b*(n + 1)**2) - n*(2*lambda_*n + 2*lambda_ + n)/(b*(n + 1)**2)
    s = (n*x_level*(b*gamma*n**2*x_slope + 2*b*gamma*n*x_slope + b*gamma*x_slope - beta**2*n**3*x_slope + 3*beta**2*n*x_slope - 2*beta**2*x_slope + beta*lambda_*n**2 - beta*lambda_ - 2*beta*n**2*x_slope - 2*beta*n*x_slope - beta*n + 4*beta*x_slope + beta + lambda_*n + lambda_ - n*x_slope - 2*x_slope - 1)/(b*(n + 1)**2) - n*x_slope*(-A + a)*(n + 2)*(beta*n - beta + 1)/(b*(n + 1)**2) + n*(-A + a)*(lambda_*n + lambda_ - 1)/(b*(n + 1)**2))/curvature
    sigma = 0
    x = s*x_slope + x_level
    det = -curvature
    return (s, sigma, x, curvature, det,)


def optimal_own_output_rd(a, b, A, n, beta, gamma, lambda_):
    """Welfare-maximising policy with instruments ('output', 'rd'), objective 'own': s, sigma, x, curvature, det."""
    s = -(-A + a)*(b*gamma*lambda_**2*n**3 + 3*b*gamma*lambda_**2*n**2 + 3*b*gamma*lambda_**2*n + b*gamma*lambda_**2 + b*gamma*lambda_*n**3 + 2*b*gamma*lambda_*n**2 + b*gamma*lambda_*n - b*gamma*n**2 - 2*b*gamma*n - b*gamma + beta**2*lambda_**2*n**3 - 2*beta**2*lambda_**2*n**2 + beta**2*lambda_**2*n + beta**2*lambda_*n**3 - beta**2*lambda_*n**2 - beta**2*lambda_*n + beta**2*lambda_ - beta*lambda_**2*n**3 + 3*beta*lambda_**2*n**2 - beta*lambda_**2*n - beta*lambda_**2 - beta*lambda_*n**3 + beta*lambda_*n**2 + beta*lambda_*n - beta*lambda_ - 2*lambda_**2*n**2 - lambda_**2*n - lambda_*n**2 - lambda_*n)/(2*b*gamma*lambda_**2*n**3 + 6*b*gamma*lambda_**2*n**2 + 6*b*gamma*lambda_**2*n + 2*b*gamma*lambda_**2 + 3*b*gamma*lambda_*n**3 + 8*b*gamma*lambda_*n**2 + 7*b*gamma*lambda_*n + 2*b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n - beta**2*lambda_**2*n**4 + 2*beta**2*lambda_**2*n**3 - beta**2*lambda_**2*n**2 - 2*beta**2*lambda_*n**4 + 2*beta**2*lambda_*n**3 + 2*beta**2*lambda_*n**2 - 2*beta**2*lambda_*n - beta**2*n**4 + 2*beta**2*n**2 - beta**2 - 4*beta*lambda_**2*n**3 + 2*beta*lambda_**2*n**2 + 2*beta*lambda_**2*n - 6*beta*lambda_*n**3 - 2*beta*lambda_*n**2 + 6*beta*lambda_*n + 2*beta*lambda_ - 2*beta*n**3 - 2*beta*n**2 + 2*beta*n + 2*beta - 4*lambda_**2*n**2 - 4*lambda_**2*n - lambda_**2 - 4*lambda_*n**2 - 6*lambda_*n - 2*lambda_ - n**2 - 2*n - 1)
    sigma = (beta*lambda_*n**2 + beta*lambda_*n - 2*beta*lambda_ + beta*n**2 + 2*beta*n - 3*beta + lambda_ - n + 1)/(beta*lambda_*n**2 - beta*lambda_*n + beta*n**2 - beta + 2*lambda_*n + lambda_ + n + 1)
    x = (-A + a)*(lambda_ + 1)*(n + 1)*(beta*lambda_*n**2 - beta*lambda_*n + beta*n**2 - beta + 2*lambda_*n + lambda_ + n + 1)/(2*b*gamma*lambda_**2*n**3 + 6*b*gamma*lambda_**2*n**2 + 6*b*gamma*lambda_**2*n + 2*b*gamma*lambda_**2 + 3*b*gamma*lambda_*n**3 + 8*b*gamma*lambda_*n**2 + 7*b*gamma*lambda_*n + 2*b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n - beta**2*lambda_**2*n**4 + 2*beta**2*lambda_**2*n**3 - beta**2*lambda_**2*n**2 - 2*beta**2*lambda_*n**4 + 2*beta**2*lambda_*n**3 + 2*beta**2*lambda_*n**2 - 2*beta**2*lambda_*n - beta**2*n**4 + 2*beta**2*n**2 - beta**2 - 4*beta*lambda_**2*n**3 + 2*beta*lambda_**2*n**2 + 2*beta*lambda_**2*n - 6*beta*lambda_*n**3 - 2*beta*lambda_*n**2 + 6*beta*lambda_*n + 2*beta*lambda_ - 2*beta*n**3 - 2*beta*n**2 + 2*beta*n + 2*beta - 4*lambda_**2*n**2 - 4*lambda_**2*n - lambda_**2 - 4*lambda_*n**2 - 6*lambda_*n - 2*lambda_ - n**2 - 2*n - 1)
    curvature = -n*(2*lambda_*n + 2*lambda_ + n)/(b*(n + 1)**2)
    det = n**2*(2*b*gamma*lambda_**2*n**3 + 6*b*gamma*lambda_**2*n**2 + 6*b*gamma*lambda_**2*n + 2*b*gamma*lambda_**2 + 3*b*gamma*lambda_*n**3 + 8*b*gamma*lambda_*n**2 + 7*b*gamma*lambda_*n + 2*b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n - beta**2*lambda_**2*n**4 + 2*beta**2*lambda_**2*n**3 - beta**2*lambda_**2*n**2 - 2*beta**2*lambda_*n**4 + 2*beta**2*lambda_*n**3 + 2*beta**2*lambda_*n**2 - 2*beta**2*lambda_*n - beta**2*n**4 + 2*beta**2*n**2 - beta**2 - 4*beta*lambda_**2*n**3 + 2*beta*lambda_**2*n**2 + 2*beta*lambda_**2*n - 6*beta*lambda_*n**3 - 2*beta*lambda_*n**2 + 6*beta*lambda_*n + 2*beta*lambda_ - 2*beta*n**3 - 2*beta*n**2 + 2*beta*n + 2*beta - 4*lambda_**2*n**2 - 4*lambda_**2*n - lambda_**2 - 4*lambda_*n**2 - 6*lambda_*n - 2*lambda_ - n**2 - 2*n - 1)/(b**2*(n + 1)**4)
    return (s, sigma, x, curvature, det,)


def optimal_joint_rd(a, b, A, n, beta, gamma, lambda_):
    """Welfare-maximising policy with instruments ('rd',), objective 'joint': s, sigma, x, curvature, det."""
    s = 0
    sigma = (-b*gamma*lambda_*n**2 - 2*b*gamma*lambda_*n - b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n + 2*beta**2*lambda_*n**2 - 4*beta**2*lambda_*n + 2*beta**2*lambda_ + 4*beta*lambda_*n - 4*beta*lambda_ + 2*lambda_)/(b*gamma*(n + 1)**2*(lambda_ + n + 2))
    x = (-A + a)*(lambda_ + n + 2)*(beta*n - beta + 1)/(b*gamma*lambda_*n**2 + 2*b*gamma*lambda_*n + b*gamma*lambda_ + b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*lambda_*n**2 + 4*beta**2*lambda_*n - 2*beta**2*lambda_ - beta**2*n**3 + 3*beta**2*n - 2*beta**2 - 4*beta*lambda_*n + 4*beta*lambda_ - 2*beta*n**2 - 2*beta*n + 4*beta - 2*lambda_ - n - 2)
    curvature = -n*(b*gamma*lambda_*n**2 + 2*b*gamma*lambda_*n + b*gamma*lambda_ + b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*lambda_*n**2 + 4*beta**2*lambda_*n - 2*beta**2*lambda_ - beta**2*n**3 + 3*beta**2*n - 2*beta**2 - 4*beta*lambda_*n + 4*beta*lambda_ - 2*beta*n**2 - 2*beta*n + 4*beta - 2*lambda_ - n - 2)/(b*(n + 1)**2)
    det = -curvature
    return (s, sigma, x, curvature, det,)


def optimal_joint_output(a, b, A, n, beta, gamma, lambda_):
    """Welfare-maximising policy with instruments ('output',), objective 'joint': s, sigma, x, curvature, det."""
    x_level = 2*(-A + a)*(beta*n - beta + 1)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*n**2 + 4*beta**2*n - 2*beta**2 - 4*beta*n + 4*beta - 2)
    x_slope = 2*(beta*n - beta + 1)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*n**2 + 4*beta**2*n - 2*beta**2 - 4*beta*n + 4*beta - 2)
    curvature = -n*x_slope**2*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - beta**2*n**3 + 3*beta**2*n - 2*beta**2 - 2*beta*n**2 - 2*beta*n + 4*beta - n - 2)/(b*(n + 1)**2) - 2*n*x_slope*(beta*n - beta + 1)*(lambda_*n + lambda_ - 1)/(b*(n + 1)**2) - n*(2*lambda_*n + 2*lambda_ + n)/(b*(n + 1)**2)
    s = (n*x_level*(b*gamma*n**2*x_slope + 2*b*gamma*n*x_slope + b*gamma*x_slope - beta**2*n**3*x_slope + 3*beta**2*n*x_slope - 2*beta**2*x_slope + beta*lambda_*n**2 - beta*lambda_ - 2*beta*n**2*x_slope - 2*beta*n*x_slope - beta*n + 4*beta*x_slope + beta + lambda_*n + lambda_ - n*x_slope - 2*x_slope - 1)/(b*(n + 1)**2) - n*x_slope*(-A + a)*(n + 2)*(beta*n - beta + 1)/(b*(n + 1)**2) + n*(-A + a)*(lambda_*n + lambda_ - 1)/(b*(n + 1)**2))/curvature
    sigma = 0
    x = s*x_slope + x_level
    det = -curvature
    return (s, sigma, x, curvature, det,)


def optimal_joint_output_rd(a, b, A, n, beta, gamma, lambda_):
    """Welfare-maximising policy with instruments ('output', 'rd'), objective 'joint': s, sigma, x, curvature, det."""
    s = -(-A + a)*(b*gamma*lambda_**2*n**3 + 3*b*gamma*lambda_**2*n**2 + 3*b*gamma*lambda_**2*n + b*gamma*lambda_**2 + b*gamma*lambda_*n**3 + 2*b*gamma*lambda_*n**2 + b*gamma*lambda_*n - b*gamma*n**2 - 2*b*gamma*n - b*gamma - beta**2*lambda_**2*n**3 + 3*beta**2*lambda_**2*n - 2*beta**2*lambda_**2 - beta**2*lambda_*n**3 + beta**2*lambda_*n**2 + beta**2*lambda_*n - beta**2*lambda_ - 2*beta*lambda_**2*n**2 - 2*beta*lambda_**2*n + 4*beta*lambda_**2 - 2*beta*lambda_*n**2 + 2*beta*lambda_ - lambda_**2*n - 2*lambda_**2 - lambda_*n - lambda_)/(2*b*gamma*lambda_**2*n**3 + 6*b*gamma*lambda_**2*n**2 + 6*b*gamma*lambda_**2*n + 2*b*gamma*lambda_**2 + 3*b*gamma*lambda_*n**3 + 8*b*gamma*lambda_*n**2 + 7*b*gamma*lambda_*n + 2*b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n - beta**2*lambda_**2*n**4 - 2*beta**2*lambda_**2*n**3 + 3*beta**2*lambda_**2*n**2 + 4*beta**2*lambda_**2*n - 4*beta**2*lambda_**2 - 2*beta**2*lambda_*n**4 - 2*beta**2*lambda_*n**3 + 6*beta**2*lambda_*n**2 + 2*beta**2*lambda_*n - 4*beta**2*lambda_ - beta**2*n**4 + 2*beta**2*n**2 - beta**2 - 2*beta*lambda_**2*n**3 - 6*beta*lambda_**2*n**2 + 8*beta*lambda_**2 - 4*beta*lambda_*n**3 - 8*beta*lambda_*n**2 + 4*beta*lambda_*n + 8*beta*lambda_ - 2*beta*n**3 - 2*beta*n**2 + 2*beta*n + 2*beta - lambda_**2*n**2 - 4*lambda_**2*n - 4*lambda_**2 - 2*lambda_*n**2 - 6*lambda_*n - 4*lambda_ - n**2 - 2*n - 1)
    sigma = (lambda_*n + n - 1)/(lambda_*n + 2*lambda_ + n + 1)
    x = (-A + a)*(lambda_ + 1)*(n + 1)*(beta*n - beta + 1)*(lambda_*n + 2*lambda_ + n + 1)/(2*b*gamma*lambda_**2*n**3 + 6*b*gamma*lambda_**2*n**2 + 6*b*gamma*lambda_**2*n + 2*b*gamma*lambda_**2 + 3*b*gamma*lambda_*n**3 + 8*b*gamma*lambda_*n**2 + 7*b*gamma*lambda_*n + 2*b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n - beta**2*lambda_**2*n**4 - 2*beta**2*lambda_**2*n**3 + 3*beta**2*lambda_**2*n**2 + 4*beta**2*lambda_**2*n - 4*beta**2*lambda_**2 - 2*beta**2*lambda_*n**4 - 2*beta**2*lambda_*n**3 + 6*beta**2*lambda_*n**2 + 2*beta**2*lambda_*n - 4*beta**2*lambda_ - beta**2*n**4 + 2*beta**2*n**2 - beta**2 - 2*beta*lambda_**2*n**3 - 6*beta*lambda_**2*n**2 + 8*beta*lambda_**2 - 4*beta*lambda_*n**3 - 8*beta*lambda_*n**2 + 4*beta*lambda_*n + 8*beta*lambda_ - 2*beta*n**3 - 2*beta*n**2 + 2*beta*n + 2*beta - lambda_**2*n**2 - 4*lambda_**2*n - 4*lambda_**2 - 2*lambda_*n**2 - 6*lambda_*n - 4*lambda_ - n**2 - 2*n - 1)
    curvature = -n*(2*lambda_*n + 2*lambda_ + n)/(b*(n + 1)**2)
    det = n**2*(2*b*gamma*lambda_**2*n**3 + 6*b*gamma*lambda_**2*n**2 + 6*b*gamma*lambda_**2*n + 2*b*gamma*lambda_**2 + 3*b*gamma*lambda_*n**3 + 8*b*gamma*lambda_*n**2 + 7*b*gamma*lambda_*n + 2*b*gamma*lambda_ + b*gamma*n**3 + 2*b*gamma*n**2 + b*gamma*n - beta**2*lambda_**2*n**4 - 2*beta**2*lambda_**2*n**3 + 3*beta**2*lambda_**2*n**2 + 4*beta**2*lambda_**2*n - 4*beta**2*lambda_**2 - 2*beta**2*lambda_*n**4 - 2*beta**2*lambda_*n**3 + 6*beta**2*lambda_*n**2 + 2*beta**2*lambda_*n - 4*beta**2*lambda_ - beta**2*n**4 + 2*beta**2*n**2 - beta**2 - 2*beta*lambda_**2*n**3 - 6*beta*lambda_**2*n**2 + 8*beta*lambda_**2 - 4*beta*lambda_*n**3 - 8*beta*lambda_*n**2 + 4*beta*lambda_*n + 8*beta*lambda_ - 2*beta*n**3 - 2*beta*n**2 + 2*beta*n + 2*beta - lambda_**2*n**2 - 4*lambda_**2*n - 4*lambda_**2 - 2*lambda_*n**2 - 6*lambda_*n - 4*lambda_ - n**2 - 2*n - 1)/(b**2*(n + 1)**4)
    return (s, sigma, x, curvature, det,)


def lab_optimum_own(a, b, A, n, beta, gamma, theta, phi, gamma_0, lambda_):
    """Public institute, objective 'own': partner_rd_level, partner_rd_slope, rival_rd_level, rival_rd_slope, gamma0_bound, x0."""
    partner_rd_level = -2*(-A + a)*(beta*n - beta - n)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*n**2 - 4*beta**2*n + 2*beta**2 - 2*beta*n**2 + 4*beta*n - 2*beta - 2*n)
    partner_rd_slope = -2*(beta*n - beta - n)*(b*gamma*n**2*phi - b*gamma*n**2*theta + b*gamma*n*phi + b*gamma*theta + 2*beta**2*n**2*phi - 2*beta**2*n**2*theta - 6*beta**2*n*phi + 4*beta**2*n*theta + 4*beta**2*phi - 2*beta**2*theta - 2*beta*n**2*phi + 2*beta*n**2*theta + 6*beta*n*phi - 2*beta*n*theta - 2*beta*phi - 2*n*phi)/((b*gamma*n + b*gamma - 2*beta**2*n + 2*beta**2 + 4*beta*n - 2*beta - 2*n)*(b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*n**2 - 4*beta**2*n + 2*beta**2 - 2*beta*n**2 + 4*beta*n - 2*beta - 2*n))
    rival_rd_level = -2*(-A + a)*(beta*n - beta - n)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*n**2 - 4*beta**2*n + 2*beta**2 - 2*beta*n**2 + 4*beta*n - 2*beta - 2*n)
    rival_rd_slope = 2*(beta*n - beta - n)*(b*gamma*n*phi - 2*b*gamma*n*theta + b*gamma*phi - 2*b*gamma*theta + 2*beta**2*n*phi - 2*beta**2*phi - 2*beta*n*phi - 2*beta*n*theta + 2*beta*theta + 2*n*theta)/((b*gamma*n + b*gamma - 2*beta**2*n + 2*beta**2 + 4*beta*n - 2*beta - 2*n)*(b*gamma*n**2 + 2*b*gamma*n + b*gamma + 2*beta**2*n**2 - 4*beta**2*n + 2*beta**2 - 2*beta*n**2 + 4*beta*n - 2*beta - 2*n))
    marginal_welfare = -partner_rd_level*(b*gamma*n**2*partner_rd_slope + 2*b*gamma*n*partner_rd_slope + b*gamma*partner_rd_slope - beta**2*n**3*rival_rd_slope - 3*beta**2*n**2*partner_rd_slope + 3*beta**2*n**2*rival_rd_slope - 2*beta**2*n*partner_rd_slope + 5*beta**2*n*rival_rd_slope + 5*beta**2*partner_rd_slope - 7*beta**2*rival_rd_slope + 4*beta*n**2*partner_rd_slope + 2*beta*n**2*phi - 6*beta*n**2*rival_rd_slope - 3*beta*n**2*theta + 2*beta*n*partner_rd_slope + beta*n*phi - 4*beta*n*rival_rd_slope - 2*beta*n*theta - 6*beta*partner_rd_slope - 3*beta*phi + 10*beta*rival_rd_slope + 5*beta*theta - 2*n**2*partner_rd_slope - 2*n**2*phi + 2*n**2*rival_rd_slope + 2*n**2*theta - 2*n*partner_rd_slope - 2*n*phi + n*rival_rd_slope + n*theta + partner_rd_slope + phi - 3*rival_rd_slope - 3*theta)/(b*(n + 1)**2) - rival_rd_level*(n - 1)*(b*gamma*n**2*rival_rd_slope + 2*b*gamma*n*rival_rd_slope + b*gamma*rival_rd_slope - beta**2*n**3*rival_rd_slope - beta**2*n**2*partner_rd_slope + beta**2*n**2*rival_rd_slope + 2*beta**2*n*partner_rd_slope + beta**2*n*rival_rd_slope + 7*beta**2*partner_rd_slope - 9*beta**2*rival_rd_slope - 2*beta*n**2*rival_rd_slope - beta*n**2*theta - 6*beta*n*partner_rd_slope - 3*beta*n*phi + 4*beta*n*rival_rd_slope + 2*beta*n*theta - 10*beta*partner_rd_slope - 5*beta*phi + 14*beta*rival_rd_slope + 7*beta*theta + 2*n*partner_rd_slope + 2*n*phi - 3*n*rival_rd_slope - 3*n*theta + 3*partner_rd_slope + 3*phi - 5*rival_rd_slope - 5*theta)/(b*(n + 1)**2) + (-A + a)*(n + 2)*(beta*n**2*rival_rd_slope + beta*n*partner_rd_slope - 2*beta*n*rival_rd_slope - beta*partner_rd_slope + beta*rival_rd_slope + n*rival_rd_slope + n*theta + partner_rd_slope + phi - rival_rd_slope - theta)/(b*(n + 1)**2)
    gamma0_bound = (-partner_rd_slope**2*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 3*beta**2*n**2 - 2*beta**2*n + 5*beta**2 + 4*beta*n**2 + 2*beta*n - 6*beta - 2*n**2 - 2*n + 1)/(b*(n + 1)**2) + 2*partner_rd_slope*(beta**2*n**3*rival_rd_slope - 3*beta**2*n**2*rival_rd_slope - 5*beta**2*n*rival_rd_slope + 7*beta**2*rival_rd_slope - 2*beta*n**2*phi + 6*beta*n**2*rival_rd_slope + 3*beta*n**2*theta - beta*n*phi + 4*beta*n*rival_rd_slope + 2*beta*n*theta + 3*beta*phi - 10*beta*rival_rd_slope - 5*beta*theta + 2*n**2*phi - 2*n**2*rival_rd_slope - 2*n**2*theta + 2*n*phi - n*rival_rd_slope - n*theta - phi + 3*rival_rd_slope + 3*theta)/(b*(n + 1)**2) - rival_rd_slope**2*(n - 1)*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - beta**2*n**3 + beta**2*n**2 + beta**2*n - 9*beta**2 - 2*beta*n**2 + 4*beta*n + 14*beta - 3*n - 5)/(b*(n + 1)**2) + 2*rival_rd_slope*(n - 1)*(beta*n**2*theta + 3*beta*n*phi - 2*beta*n*theta + 5*beta*phi - 7*beta*theta - 2*n*phi + 3*n*theta - 3*phi + 5*theta)/(b*(n + 1)**2) + (2*n**2*phi**2 - 4*n**2*phi*theta + 3*n**2*theta**2 + 2*n*phi**2 - 2*n*phi*theta + 2*n*theta**2 - phi**2 + 6*phi*theta - 5*theta**2)/(b*(n + 1)**2))/(lambda_ + 1)
    x0 = marginal_welfare/((-gamma0_bound + gamma_0)*(lambda_ + 1))
    return (partner_rd_level, partner_rd_slope, rival_rd_level, rival_rd_slope, gamma0_bound, x0,)


def lab_optimum_joint(a, b, A, n, beta, gamma, theta, phi, gamma_0, lambda_):
    """Public institute, objective 'joint': partner_rd_level, partner_rd_slope, rival_rd_level, rival_rd_slope, gamma0_bound, x0."""
    partner_rd_level = 2*(-A + a)*(beta*n - beta + 1)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*n**2 + 4*beta**2*n - 2*beta**2 - 4*beta*n + 4*beta - 2)
    partner_rd_slope = -2*(b*beta*gamma*n**2*phi - b*beta*gamma*n**2*theta + b*beta*gamma*n*phi - 2*b*beta*gamma*n*theta - 2*b*beta*gamma*phi + 3*b*beta*gamma*theta - b*gamma*n**2*phi + b*gamma*n**2*theta - b*gamma*n*phi + b*gamma*n*theta + b*gamma*phi - 2*b*gamma*theta - 2*beta**3*n**2*phi + 2*beta**3*n**2*theta + 6*beta**3*n*phi - 4*beta**3*n*theta - 4*beta**3*phi + 2*beta**3*theta + 2*beta**2*n**2*phi - 2*beta**2*n**2*theta - 10*beta**2*n*phi + 6*beta**2*n*theta + 10*beta**2*phi - 4*beta**2*theta + 4*beta*n*phi - 2*beta*n*theta - 8*beta*phi + 2*beta*theta + 2*phi)/((b*gamma - 2*beta**2 + 4*beta - 2)*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*n**2 + 4*beta**2*n - 2*beta**2 - 4*beta*n + 4*beta - 2))
    rival_rd_level = 2*(-A + a)*(beta*n - beta + 1)/(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*n**2 + 4*beta**2*n - 2*beta**2 - 4*beta*n + 4*beta - 2)
    rival_rd_slope = 2*(b*beta*gamma*n*phi + 3*b*beta*gamma*phi - 4*b*beta*gamma*theta - b*gamma*n*phi + b*gamma*n*theta - 2*b*gamma*phi + 3*b*gamma*theta - 2*beta**3*n*phi + 2*beta**3*phi + 2*beta**2*n*phi + 2*beta**2*n*theta - 4*beta**2*phi - 2*beta**2*theta - 2*beta*n*theta + 2*beta*phi + 4*beta*theta - 2*theta)/((b*gamma - 2*beta**2 + 4*beta - 2)*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 2*beta**2*n**2 + 4*beta**2*n - 2*beta**2 - 4*beta*n + 4*beta - 2))
    marginal_welfare = -partner_rd_level*(b*gamma*n**2*partner_rd_slope + 2*b*gamma*n*partner_rd_slope + b*gamma*partner_rd_slope - beta**2*n**3*rival_rd_slope - 3*beta**2*n**2*partner_rd_slope + 3*beta**2*n**2*rival_rd_slope - 2*beta**2*n*partner_rd_slope + 5*beta**2*n*rival_rd_slope + 5*beta**2*partner_rd_slope - 7*beta**2*rival_rd_slope + 4*beta*n**2*partner_rd_slope + 2*beta*n**2*phi - 6*beta*n**2*rival_rd_slope - 3*beta*n**2*theta + 2*beta*n*partner_rd_slope + beta*n*phi - 4*beta*n*rival_rd_slope - 2*beta*n*theta - 6*beta*partner_rd_slope - 3*beta*phi + 10*beta*rival_rd_slope + 5*beta*theta - 2*n**2*partner_rd_slope - 2*n**2*phi + 2*n**2*rival_rd_slope + 2*n**2*theta - 2*n*partner_rd_slope - 2*n*phi + n*rival_rd_slope + n*theta + partner_rd_slope + phi - 3*rival_rd_slope - 3*theta)/(b*(n + 1)**2) - rival_rd_level*(n - 1)*(b*gamma*n**2*rival_rd_slope + 2*b*gamma*n*rival_rd_slope + b*gamma*rival_rd_slope - beta**2*n**3*rival_rd_slope - beta**2*n**2*partner_rd_slope + beta**2*n**2*rival_rd_slope + 2*beta**2*n*partner_rd_slope + beta**2*n*rival_rd_slope + 7*beta**2*partner_rd_slope - 9*beta**2*rival_rd_slope - 2*beta*n**2*rival_rd_slope - beta*n**2*theta - 6*beta*n*partner_rd_slope - 3*beta*n*phi + 4*beta*n*rival_rd_slope + 2*beta*n*theta - 10*beta*partner_rd_slope - 5*beta*phi + 14*beta*rival_rd_slope + 7*beta*theta + 2*n*partner_rd_slope + 2*n*phi - 3*n*rival_rd_slope - 3*n*theta + 3*partner_rd_slope + 3*phi - 5*rival_rd_slope - 5*theta)/(b*(n + 1)**2) + (-A + a)*(n + 2)*(beta*n**2*rival_rd_slope + beta*n*partner_rd_slope - 2*beta*n*rival_rd_slope - beta*partner_rd_slope + beta*rival_rd_slope + n*rival_rd_slope + n*theta + partner_rd_slope + phi - rival_rd_slope - theta)/(b*(n + 1)**2)
    gamma0_bound = (-partner_rd_slope**2*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - 3*beta**2*n**2 - 2*beta**2*n + 5*beta**2 + 4*beta*n**2 + 2*beta*n - 6*beta - 2*n**2 - 2*n + 1)/(b*(n + 1)**2) + 2*partner_rd_slope*(beta**2*n**3*rival_rd_slope - 3*beta**2*n**2*rival_rd_slope - 5*beta**2*n*rival_rd_slope + 7*beta**2*rival_rd_slope - 2*beta*n**2*phi + 6*beta*n**2*rival_rd_slope + 3*beta*n**2*theta - beta*n*phi + 4*beta*n*rival_rd_slope + 2*beta*n*theta + 3*beta*phi - 10*beta*rival_rd_slope - 5*beta*theta + 2*n**2*phi - 2*n**2*rival_rd_slope - 2*n**2*theta + 2*n*phi - n*rival_rd_slope - n*theta - phi + 3*rival_rd_slope + 3*theta)/(b*(n + 1)**2) - rival_rd_slope**2*(n - 1)*(b*gamma*n**2 + 2*b*gamma*n + b*gamma - beta**2*n**3 + beta**2*n**2 + beta**2*n - 9*beta**2 - 2*beta*n**2 + 4*beta*n + 14*beta - 3*n - 5)/(b*(n + 1)**2) + 2*rival_rd_slope*(n - 1)*(beta*n**2*theta + 3*beta*n*phi - 2*beta*n*theta + 5*beta*phi - 7*beta*theta - 2*n*phi + 3*n*theta - 3*phi + 5*theta)/(b*(n + 1)**2) + (2*n**2*phi**2 - 4*n**2*phi*theta + 3*n**2*theta**2 + 2*n*phi**2 - 2*n*phi*theta + 2*n*theta**2 - phi**2 + 6*phi*theta - 5*theta**2)/(b*(n + 1)**2))/(lambda_ + 1)
    x0 = marginal_welfare/((-gamma0_bound + gamma_0)*(lambda_ + 1))
    return (partner_rd_level, partner_rd_slope, rival_rd_level, rival_rd_slope, gamma0_bound, x0,)


def lab_outcomes_given_rd(a, b, A, n, beta, gamma, theta, phi, gamma_0, lambda_, x_0, x_1, x):
    """Outcomes with a public institute given x_0, the partner's x_1 and each rival's x: partner_unit_cost, rival_unit_cost, partner_output, rival_output, price, partner_profit, rival_profit, consumer_surplus, lab_cost, welfare."""
    partner_unit_cost = A - beta*x*(n - 1) - phi*x_0 - x_1
    rival_unit_cost = A - beta*(x*(n - 2) + x_1) - theta*x_0 - x
    partner_output = (a - n*partner_unit_cost + rival_unit_cost*(n - 1))/(b*(n + 1))
    rival_output = (a + partner_unit_cost - 2*rival_unit_cost)/(b*(n + 1))
    price = a - b*(partner_output + rival_output*(n - 1))
    partner_profit = b*partner_output**2 - 1/2*gamma*x_1**2
    rival_profit = b*rival_output**2 - 1/2*gamma*x**2
    consumer_surplus = (1/2)*b*(partner_output + rival_output*(n - 1))**2
    lab_cost = (1/2)*gamma_0*x_0**2
    welfare = consumer_surplus - lab_cost*(lambda_ + 1) + partner_profit + rival_profit*(n - 1)
    return (partner_unit_cost, rival_unit_cost, partner_output, rival_output, price, partner_profit, rival_profit, consumer_surplus, lab_cost, welfare,)
