"""Numeric kernels of the differentiated-goods model. GENERATED: do not edit.

Written by ``python -m clustercode.codegen`` from the closed forms in
:mod:`clustercode.symbolic_differentiated`; ``tests/test_codegen.py`` checks
that this file is up to date. Every function broadcasts over NumPy arrays.
"""


def rd_cournot_own(a, b, A, n, beta, gamma, s, sigma, delta):
    """Symmetric equilibrium R&D per firm, cournot, objective 'own' (a 1-tuple)."""
    t0 = delta*n + 2
    t1 = beta*n
    t2 = 2*beta*delta - 2*delta*t1 - 4*delta + 2*t0
    return (
        t2*(-A + a + s)/(b*gamma*(-delta + t0)**2*(delta - 2)*(sigma - 1) - t2*(-beta + t1 + 1)),
    )


def gamma_bounds_cournot_own(a, b, A, n, beta, s, delta):
    """Lower bounds on (1 - sigma) * gamma, cournot, objective 'own': symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0."""
    t0 = delta - 2
    t1 = delta*n
    t2 = t1 + 2
    t3 = -delta + t2
    t4 = 2*(beta*delta - beta*t1 - 2*delta + t2)/b
    t5 = t4*(beta*n - beta + 1)/(t0*t3**2)
    return (
        -t5,
        -t4*(beta - 1)/(t0**2*t3),
        -t5*(a + s)/A,
    )


def optimal_rd_cournot_own(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising R&D subsidy alone, cournot, objective 'own': x, sigma, curvature."""
    x = (-A + a)*(beta*delta**2*n**2 - 2*beta*delta**2*n + beta*delta**2 + beta*delta*lambda_*n - beta*delta*lambda_ - 2*beta*delta*n**2 + 7*beta*delta*n - 5*beta*delta - 6*beta*n + 6*beta + delta**2*n - delta**2 - delta*lambda_*n + 2*delta*lambda_ - 2*delta*n + 5*delta - 2*lambda_ - 6)/(b*delta**3*gamma*lambda_*n**2 - 2*b*delta**3*gamma*lambda_*n + b*delta**3*gamma*lambda_ + b*delta**3*gamma*n**2 - 2*b*delta**3*gamma*n + b*delta**3*gamma - 2*b*delta**2*gamma*lambda_*n**2 + 8*b*delta**2*gamma*lambda_*n - 6*b*delta**2*gamma*lambda_ - 2*b*delta**2*gamma*n**2 + 8*b*delta**2*gamma*n - 6*b*delta**2*gamma - 8*b*delta*gamma*lambda_*n + 12*b*delta*gamma*lambda_ - 8*b*delta*gamma*n + 12*b*delta*gamma - 8*b*gamma*lambda_ - 8*b*gamma - beta**2*delta**2*n**3 + 3*beta**2*delta**2*n**2 - 3*beta**2*delta**2*n + beta**2*delta**2 - 2*beta**2*delta*lambda_*n**2 + 4*beta**2*delta*lambda_*n - 2*beta**2*delta*lambda_ + 2*beta**2*delta*n**3 - 9*beta**2*delta*n**2 + 12*beta**2*delta*n - 5*beta**2*delta + 6*beta**2*n**2 - 12*beta**2*n + 6*beta**2 - 2*beta*delta**2*n**2 + 4*beta*delta**2*n - 2*beta*delta**2 + 2*beta*delta*lambda_*n**2 - 8*beta*delta*lambda_*n + 6*beta*delta*lambda_ + 4*beta*delta*n**2 - 14*beta*delta*n + 10*beta*delta + 4*beta*lambda_*n - 4*beta*lambda_ + 12*beta*n - 12*beta - delta**2*n + delta**2 + 2*delta*lambda_*n - 4*delta*lambda_ + 2*delta*n - 5*delta + 4*lambda_ + 6)
    sigma = (b*beta*delta**5*gamma*n**4 - 4*b*beta*delta**5*gamma*n**3 + 6*b*beta*delta**5*gamma*n**2 - 4*b*beta*delta**5*gamma*n + b*beta*delta**5*gamma - b*beta*delta**4*gamma*lambda_*n**3 + 3*b*beta*delta**4*gamma*lambda_*n**2 - 3*b*beta*delta**4*gamma*lambda_*n + b*beta*delta**4*gamma*lambda_ - 4*b*beta*delta**4*gamma*n**4 + 21*b*beta*delta**4*gamma*n**3 - 39*b*beta*delta**4*gamma*n**2 + 31*b*beta*delta**4*gamma*n - 9*b*beta*delta**4*gamma + 2*b*beta*delta**3*gamma*lambda_*n**3 - 10*b*beta*delta**3*gamma*lambda_*n**2 + 14*b*beta*delta**3*gamma*lambda_*n - 6*b*beta*delta**3*gamma*lambda_ + 4*b*beta*delta**3*gamma*n**4 - 40*b*beta*delta**3*gamma*n**3 + 104*b*beta*delta**3*gamma*n**2 - 104*b*beta*delta**3*gamma*n + 36*b*beta*delta**3*gamma + 8*b*beta*delta**2*gamma*lambda_*n**2 - 20*b*beta*delta**2*gamma*lambda_*n + 12*b*beta*delta**2*gamma*lambda_ + 28*b*beta*delta**2*gamma*n**3 - 132*b*beta*delta**2*gamma*n**2 + 184*b*beta*delta**2*gamma*n - 80*b*beta*delta**2*gamma + 8*b*beta*delta*gamma*lambda_*n - 8*b*beta*delta*gamma*lambda_ + 64*b*beta*delta*gamma*n**2 - 160*b*beta*delta*gamma*n + 96*b*beta*delta*gamma + 48*b*beta*gamma*n - 48*b*beta*gamma + b*delta**5*gamma*n**3 - 3*b*delta**5*gamma*n**2 + 3*b*delta**5*gamma*n - b*delta**5*gamma + b*delta**4*gamma*lambda_*n**3 - 4*b*delta**4*gamma*lambda_*n**2 + 5*b*delta**4*gamma*lambda_*n - 2*b*delta**4*gamma*lambda_ - 2*b*delta**4*gamma*n**3 + 11*b*delta**4*gamma*n**2 - 16*b*delta**4*gamma*n + 7*b*delta**4*gamma - 2*b*delta**3*gamma*lambda_*n**3 + 14*b*delta**3*gamma*lambda_*n**2 - 26*b*delta**3*gamma*lambda_*n + 14*b*delta**3*gamma*lambda_ - 12*b*delta**3*gamma*n**2 + 32*b*delta**3*gamma*n - 20*b*delta**3*gamma - 12*b*delta**2*gamma*lambda_*n**2 + 44*b*delta**2*gamma*lambda_*n - 36*b*delta**2*gamma*lambda_ + 4*b*delta**2*gamma*n**2 - 32*b*delta**2*gamma*n + 32*b*delta**2*gamma - 24*b*delta*gamma*lambda_*n + 40*b*delta*gamma*lambda_ + 16*b*delta*gamma*n - 32*b*delta*gamma - 16*b*gamma*lambda_ + 16*b*gamma + 2*beta**3*delta**2*lambda_*n**3 - 6*beta**3*delta**2*lambda_*n**2 + 6*beta**3*delta**2*lambda_*n - 2*beta**3*delta**2*lambda_ - 4*beta**2*delta**2*lambda_*n**3 + 18*beta**2*delta**2*lambda_*n**2 - 24*beta**2*delta**2*lambda_*n + 10*beta**2*delta**2*lambda_ - 8*beta**2*delta*lambda_*n**2 + 16*beta**2*delta*lambda_*n - 8*beta**2*delta*lambda_ + 2*beta*delta**2*lambda_*n**3 - 14*beta*delta**2*lambda_*n**2 + 28*beta*delta**2*lambda_*n - 16*beta*delta**2*lambda_ + 8*beta*delta*lambda_*n**2 - 32*beta*delta*lambda_*n + 24*beta*delta*lambda_ + 8*beta*lambda_*n - 8*beta*lambda_ + 2*delta**2*lambda_*n**2 - 8*delta**2*lambda_*n + 8*delta**2*lambda_ + 8*delta*lambda_*n - 16*delta*lambda_ + 8*lambda_)/(b*gamma*(delta - 2)*(delta*n - delta + 2)**2*(beta*delta**2*n**2 - 2*beta*delta**2*n + beta*delta**2 + beta*delta*lambda_*n - beta*delta*lambda_ - 2*beta*delta*n**2 + 7*beta*delta*n - 5*beta*delta - 6*beta*n + 6*beta + delta**2*n - delta**2 - delta*lambda_*n + 2*delta*lambda_ - 2*delta*n + 5*delta - 2*lambda_ - 6))
    curvature = -n*(b*delta**3*gamma*lambda_*n**2 - 2*b*delta**3*gamma*lambda_*n + b*delta**3*gamma*lambda_ + b*delta**3*gamma*n**2 - 2*b*delta**3*gamma*n + b*delta**3*gamma - 2*b*delta**2*gamma*lambda_*n**2 + 8*b*delta**2*gamma*lambda_*n - 6*b*delta**2*gamma*lambda_ - 2*b*delta**2*gamma*n**2 + 8*b*delta**2*gamma*n - 6*b*delta**2*gamma - 8*b*delta*gamma*lambda_*n + 12*b*delta*gamma*lambda_ - 8*b*delta*gamma*n + 12*b*delta*gamma - 8*b*gamma*lambda_ - 8*b*gamma - beta**2*delta**2*n**3 + 3*beta**2*delta**2*n**2 - 3*beta**2*delta**2*n + beta**2*delta**2 - 2*beta**2*delta*lambda_*n**2 + 4*beta**2*delta*lambda_*n - 2*beta**2*delta*lambda_ + 2*beta**2*delta*n**3 - 9*beta**2*delta*n**2 + 12*beta**2*delta*n - 5*beta**2*delta + 6*beta**2*n**2 - 12*beta**2*n + 6*beta**2 - 2*beta*delta**2*n**2 + 4*beta*delta**2*n - 2*beta*delta**2 + 2*beta*delta*lambda_*n**2 - 8*beta*delta*lambda_*n + 6*beta*delta*lambda_ + 4*beta*delta*n**2 - 14*beta*delta*n + 10*beta*delta + 4*beta*lambda_*n - 4*beta*lambda_ + 12*beta*n - 12*beta - delta**2*n + delta**2 + 2*delta*lambda_*n - 4*delta*lambda_ + 2*delta*n - 5*delta + 4*lambda_ + 6)/(b*(delta - 2)*(delta*n - delta + 2)**2)
    return (x, sigma, curvature,)


def optimal_both_cournot_own(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output and R&D subsidies together, cournot, objective 'own': s, sigma, x, curvature, det."""
    profit_coef = b
    rd_value = 2*(beta*delta*n - beta*delta - delta*n + 2*delta - 2)/((delta - 2)*(delta*n - delta + 2))
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - delta + 2)
    surplus_coef = b*(delta*(n - 1) + 1)
    s = -(-A + a)*(2*effective*lambda_**2*rd_value + 2*effective*lambda_*rd_value - 4*gamma*lambda_**2*output_den - 8*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 4*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    x = -2*(-A + a)*(lambda_ + 1)*(2*effective*lambda_ + 2*effective + lambda_*rd_value)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    sigma = 1 - rd_value*(-A + a + effective*x + s)/(gamma*output_den*x)
    curvature = -n*(2*lambda_*output_den + 2*output_den - 2*profit_coef - surplus_coef)/output_den**2
    det = -1/4*n**2*(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/output_den**2
    return (s, sigma, x, curvature, det,)


def optimal_output_cournot_own(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output subsidy alone, cournot, objective 'own': s, x, curvature, rd_den, surplus_gain."""
    profit_coef = b
    rd_value = 2*(beta*delta*n - beta*delta - delta*n + 2*delta - 2)/((delta - 2)*(delta*n - delta + 2))
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - delta + 2)
    surplus_coef = b*(delta*(n - 1) + 1)
    rd_den = -effective*rd_value + gamma*output_den
    surplus_gain = gamma*(2*profit_coef + surplus_coef) - rd_value**2
    s = (-A + a)*(rd_den*(lambda_ + 1) - surplus_gain)/(-rd_den*(2*lambda_ + 2) + surplus_gain)
    x = rd_value*(-A + a + s)/rd_den
    curvature = gamma*n*(-rd_den*(2*lambda_ + 2) + surplus_gain)/rd_den**2
    return (s, x, curvature, rd_den, surplus_gain,)


def rd_cournot_joint(a, b, A, n, beta, gamma, s, sigma, delta):
    """Symmetric equilibrium R&D per firm, cournot, objective 'joint' (a 1-tuple)."""
    t0 = beta*n - beta + 1
    return (
        -2*t0*(-A + a + s)/(b*gamma*(sigma - 1)*(delta*n - delta + 2)**2 + 2*t0**2),
    )


def gamma_bounds_cournot_joint(a, b, A, n, beta, s, delta):
    """Lower bounds on (1 - sigma) * gamma, cournot, objective 'joint': symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0."""
    t0 = 2/b
    t1 = t0*(beta*n - beta + 1)**2/(delta*n - delta + 2)**2
    return (
        t1,
        t0*(beta - 1)**2/(delta - 2)**2,
        t1*(a + s)/A,
    )


def optimal_rd_cournot_joint(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising R&D subsidy alone, cournot, objective 'joint': x, sigma, curvature."""
    x = (-A + a)*(beta*n - beta + 1)*(delta*n - delta + lambda_ + 3)/(b*delta**2*gamma*lambda_*n**2 - 2*b*delta**2*gamma*lambda_*n + b*delta**2*gamma*lambda_ + b*delta**2*gamma*n**2 - 2*b*delta**2*gamma*n + b*delta**2*gamma + 4*b*delta*gamma*lambda_*n - 4*b*delta*gamma*lambda_ + 4*b*delta*gamma*n - 4*b*delta*gamma + 4*b*gamma*lambda_ + 4*b*gamma - beta**2*delta*n**3 + 3*beta**2*delta*n**2 - 3*beta**2*delta*n + beta**2*delta - 2*beta**2*lambda_*n**2 + 4*beta**2*lambda_*n - 2*beta**2*lambda_ - 3*beta**2*n**2 + 6*beta**2*n - 3*beta**2 - 2*beta*delta*n**2 + 4*beta*delta*n - 2*beta*delta - 4*beta*lambda_*n + 4*beta*lambda_ - 6*beta*n + 6*beta - delta*n + delta - 2*lambda_ - 3)
    sigma = (b*delta**3*gamma*n**3 - 3*b*delta**3*gamma*n**2 + 3*b*delta**3*gamma*n - b*delta**3*gamma - b*delta**2*gamma*lambda_*n**2 + 2*b*delta**2*gamma*lambda_*n - b*delta**2*gamma*lambda_ + 5*b*delta**2*gamma*n**2 - 10*b*delta**2*gamma*n + 5*b*delta**2*gamma - 4*b*delta*gamma*lambda_*n + 4*b*delta*gamma*lambda_ + 8*b*delta*gamma*n - 8*b*delta*gamma - 4*b*gamma*lambda_ + 4*b*gamma + 2*beta**2*lambda_*n**2 - 4*beta**2*lambda_*n + 2*beta**2*lambda_ + 4*beta*lambda_*n - 4*beta*lambda_ + 2*lambda_)/(b*gamma*(delta*n - delta + 2)**2*(delta*n - delta + lambda_ + 3))
    curvature = -n*(b*delta**2*gamma*lambda_*n**2 - 2*b*delta**2*gamma*lambda_*n + b*delta**2*gamma*lambda_ + b*delta**2*gamma*n**2 - 2*b*delta**2*gamma*n + b*delta**2*gamma + 4*b*delta*gamma*lambda_*n - 4*b*delta*gamma*lambda_ + 4*b*delta*gamma*n - 4*b*delta*gamma + 4*b*gamma*lambda_ + 4*b*gamma - beta**2*delta*n**3 + 3*beta**2*delta*n**2 - 3*beta**2*delta*n + beta**2*delta - 2*beta**2*lambda_*n**2 + 4*beta**2*lambda_*n - 2*beta**2*lambda_ - 3*beta**2*n**2 + 6*beta**2*n - 3*beta**2 - 2*beta*delta*n**2 + 4*beta*delta*n - 2*beta*delta - 4*beta*lambda_*n + 4*beta*lambda_ - 6*beta*n + 6*beta - delta*n + delta - 2*lambda_ - 3)/(b*(delta*n - delta + 2)**2)
    return (x, sigma, curvature,)


def optimal_both_cournot_joint(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output and R&D subsidies together, cournot, objective 'joint': s, sigma, x, curvature, det."""
    profit_coef = b
    rd_value = 2*(beta*n - beta + 1)/(delta*n - delta + 2)
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - delta + 2)
    surplus_coef = b*(delta*(n - 1) + 1)
    s = -(-A + a)*(2*effective*lambda_**2*rd_value + 2*effective*lambda_*rd_value - 4*gamma*lambda_**2*output_den - 8*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 4*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    x = -2*(-A + a)*(lambda_ + 1)*(2*effective*lambda_ + 2*effective + lambda_*rd_value)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    sigma = 1 - rd_value*(-A + a + effective*x + s)/(gamma*output_den*x)
    curvature = -n*(2*lambda_*output_den + 2*output_den - 2*profit_coef - surplus_coef)/output_den**2
    det = -1/4*n**2*(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/output_den**2
    return (s, sigma, x, curvature, det,)


def optimal_output_cournot_joint(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output subsidy alone, cournot, objective 'joint': s, x, curvature, rd_den, surplus_gain."""
    profit_coef = b
    rd_value = 2*(beta*n - beta + 1)/(delta*n - delta + 2)
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - delta + 2)
    surplus_coef = b*(delta*(n - 1) + 1)
    rd_den = -effective*rd_value + gamma*output_den
    surplus_gain = gamma*(2*profit_coef + surplus_coef) - rd_value**2
    s = (-A + a)*(rd_den*(lambda_ + 1) - surplus_gain)/(-rd_den*(2*lambda_ + 2) + surplus_gain)
    x = rd_value*(-A + a + s)/rd_den
    curvature = gamma*n*(-rd_den*(2*lambda_ + 2) + surplus_gain)/rd_den**2
    return (s, x, curvature, rd_den, surplus_gain,)


def outcomes_cournot(a, b, A, n, beta, gamma, s, sigma, lambda_, delta, x):
    """Outcomes given R&D per firm x, cournot: effective_rd, unit_cost, output, price, profit, consumer_surplus, outlay, welfare."""
    effective_rd = x*(beta*(n - 1) + 1)
    unit_cost = A - effective_rd
    output = (a + s - unit_cost)/(b*(delta*n - delta + 2))
    price = a - b*output*(delta*(n - 1) + 1)
    profit = -1/2*gamma*x**2*(1 - sigma) + output*(price + s - unit_cost)
    consumer_surplus = (1/2)*b*n*output**2*(delta*(n - 1) + 1)
    outlay = n*((1/2)*gamma*sigma*x**2 + output*s)
    welfare = consumer_surplus + n*profit - outlay*(lambda_ + 1)
    return (effective_rd, unit_cost, output, price, profit, consumer_surplus, outlay, welfare,)


def rd_bertrand_own(a, b, A, n, beta, gamma, s, sigma, delta):
    """Symmetric equilibrium R&D per firm, bertrand, objective 'own' (a 1-tuple)."""
    t0 = delta*n
    t1 = t0 + 1
    t2 = 2*delta
    t3 = 2 - 3*delta
    t4 = beta*n
    t5 = delta**2
    t6 = 5*t5
    t7 = n**2*t5
    t8 = 2*(t1 - t2)*(beta*delta - 2*beta*t5 - beta*t7 - delta*t4 - 6*delta - n*t6 + 3*t0 + 3*t4*t5 + t6 + t7 + 2)
    return (
        -t8*(-A + a + s)/(b*gamma*(-delta + t1)*(sigma - 1)*(t0 + t3)**2*(n*t2 + t3) + t8*(-beta + t4 + 1)),
    )


def gamma_bounds_bertrand_own(a, b, A, n, beta, s, delta):
    """Lower bounds on (1 - sigma) * gamma, bertrand, objective 'own': symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0."""
    t0 = delta*n
    t1 = t0 + 1
    t2 = 2 - 3*delta
    t3 = t0 + t2
    t4 = 2*t0 + t2
    t5 = beta*n
    t6 = delta**2
    t7 = 5*t6
    t8 = n**2*t6
    t9 = 2*(-2*delta + t1)*(beta*delta - beta*t0 - 2*beta*t6 - beta*t8 - 6*delta - n*t7 + 3*t0 + 3*t5*t6 + t7 + t8 + 2)/b
    t10 = t9*(-beta + t5 + 1)/(t3**2*t4*(-delta + t1))
    return (
        t10,
        t9*(beta - 1)/(t3*t4**2*(delta - 1)),
        t10*(a + s)/A,
    )


def optimal_rd_bertrand_own(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising R&D subsidy alone, bertrand, objective 'own': x, sigma, curvature."""
    x = (-A + a)*(delta*n - 2*delta + 1)*(-beta*delta**2*lambda_*n**2 + 3*beta*delta**2*lambda_*n - 2*beta*delta**2*lambda_ + 2*beta*delta**2*n**3 - 13*beta*delta**2*n**2 + 23*beta*delta**2*n - 12*beta*delta**2 - beta*delta*lambda_*n + beta*delta*lambda_ + 8*beta*delta*n**2 - 25*beta*delta*n + 17*beta*delta + 6*beta*n - 6*beta + delta**2*lambda_*n**2 - 5*delta**2*lambda_*n + 5*delta**2*lambda_ + 2*delta**2*n**2 - 11*delta**2*n + 12*delta**2 + 3*delta*lambda_*n - 6*delta*lambda_ + 8*delta*n - 17*delta + 2*lambda_ + 6)/(2*b*delta**4*gamma*lambda_*n**4 - 17*b*delta**4*gamma*lambda_*n**3 + 51*b*delta**4*gamma*lambda_*n**2 - 63*b*delta**4*gamma*lambda_*n + 27*b*delta**4*gamma*lambda_ + 2*b*delta**4*gamma*n**4 - 17*b*delta**4*gamma*n**3 + 51*b*delta**4*gamma*n**2 - 63*b*delta**4*gamma*n + 27*b*delta**4*gamma + 12*b*delta**3*gamma*lambda_*n**3 - 73*b*delta**3*gamma*lambda_*n**2 + 138*b*delta**3*gamma*lambda_*n - 81*b*delta**3*gamma*lambda_ + 12*b*delta**3*gamma*n**3 - 73*b*delta**3*gamma*n**2 + 138*b*delta**3*gamma*n - 81*b*delta**3*gamma + 26*b*delta**2*gamma*lambda_*n**2 - 100*b*delta**2*gamma*lambda_*n + 90*b*delta**2*gamma*lambda_ + 26*b*delta**2*gamma*n**2 - 100*b*delta**2*gamma*n + 90*b*delta**2*gamma + 24*b*delta*gamma*lambda_*n - 44*b*delta*gamma*lambda_ + 24*b*delta*gamma*n - 44*b*delta*gamma + 8*b*gamma*lambda_ + 8*b*gamma + 2*beta**2*delta**3*lambda_*n**4 - 12*beta**2*delta**3*lambda_*n**3 + 26*beta**2*delta**3*lambda_*n**2 - 24*beta**2*delta**3*lambda_*n + 8*beta**2*delta**3*lambda_ - 2*beta**2*delta**3*n**5 + 19*beta**2*delta**3*n**4 - 66*beta**2*delta**3*n**3 + 107*beta**2*delta**3*n**2 - 82*beta**2*delta**3*n + 24*beta**2*delta**3 + 4*beta**2*delta**2*lambda_*n**3 - 16*beta**2*delta**2*lambda_*n**2 + 20*beta**2*delta**2*lambda_*n - 8*beta**2*delta**2*lambda_ - 10*beta**2*delta**2*n**4 + 64*beta**2*delta**2*n**3 - 144*beta**2*delta**2*n**2 + 136*beta**2*delta**2*n - 46*beta**2*delta**2 + 2*beta**2*delta*lambda_*n**2 - 4*beta**2*delta*lambda_*n + 2*beta**2*delta*lambda_ - 14*beta**2*delta*n**3 + 57*beta**2*delta*n**2 - 72*beta**2*delta*n + 29*beta**2*delta - 6*beta**2*n**2 + 12*beta**2*n - 6*beta**2 - 2*beta*delta**3*lambda_*n**4 + 18*beta*delta**3*lambda_*n**3 - 54*beta*delta**3*lambda_*n**2 + 66*beta*delta**3*lambda_*n - 28*beta*delta**3*lambda_ - 4*beta*delta**3*n**4 + 34*beta*delta**3*n**3 - 98*beta*delta**3*n**2 + 116*beta*delta**3*n - 48*beta*delta**3 - 8*beta*delta**2*lambda_*n**3 + 46*beta*delta**2*lambda_*n**2 - 80*beta*delta**2*lambda_*n + 42*beta*delta**2*lambda_ - 20*beta*delta**2*n**3 + 108*beta*delta**2*n**2 - 180*beta*delta**2*n + 92*beta*delta**2 - 10*beta*delta*lambda_*n**2 + 32*beta*delta*lambda_*n - 22*beta*delta*lambda_ - 28*beta*delta*n**2 + 86*beta*delta*n - 58*beta*delta - 4*beta*lambda_*n + 4*beta*lambda_ - 12*beta*n + 12*beta - 2*delta**3*lambda_*n**3 + 14*delta**3*lambda_*n**2 - 30*delta**3*lambda_*n + 20*delta**3*lambda_ - 2*delta**3*n**3 + 15*delta**3*n**2 - 34*delta**3*n + 24*delta**3 - 8*delta**2*lambda_*n**2 + 34*delta**2*lambda_*n - 34*delta**2*lambda_ - 10*delta**2*n**2 + 44*delta**2*n - 46*delta**2 - 10*delta*lambda_*n + 20*delta*lambda_ - 14*delta*n + 29*delta - 4*lambda_ - 6)
    sigma = (2*b*beta*delta**6*gamma*lambda_*n**6 - 23*b*beta*delta**6*gamma*lambda_*n**5 + 106*b*beta*delta**6*gamma*lambda_*n**4 - 250*b*beta*delta**6*gamma*lambda_*n**3 + 318*b*beta*delta**6*gamma*lambda_*n**2 - 207*b*beta*delta**6*gamma*lambda_*n + 54*b*beta*delta**6*gamma*lambda_ + 4*b*beta*delta**6*gamma*n**7 - 56*b*beta*delta**6*gamma*n**6 + 323*b*beta*delta**6*gamma*n**5 - 992*b*beta*delta**6*gamma*n**4 + 1750*b*beta*delta**6*gamma*n**3 - 1776*b*beta*delta**6*gamma*n**2 + 963*b*beta*delta**6*gamma*n - 216*b*beta*delta**6*gamma + 14*b*beta*delta**5*gamma*lambda_*n**5 - 128*b*beta*delta**5*gamma*lambda_*n**4 + 449*b*beta*delta**5*gamma*lambda_*n**3 - 755*b*beta*delta**5*gamma*lambda_*n**2 + 609*b*beta*delta**5*gamma*lambda_*n - 189*b*beta*delta**5*gamma*lambda_ + 40*b*beta*delta**5*gamma*n**6 - 460*b*beta*delta**5*gamma*n**5 + 2112*b*beta*delta**5*gamma*n**4 - 4949*b*beta*delta**5*gamma*n**3 + 6251*b*beta*delta**5*gamma*n**2 - 4047*b*beta*delta**5*gamma*n + 1053*b*beta*delta**5*gamma + 38*b*beta*delta**4*gamma*lambda_*n**4 - 263*b*beta*delta**4*gamma*lambda_*n**3 + 653*b*beta*delta**4*gamma*lambda_*n**2 - 689*b*beta*delta**4*gamma*lambda_*n + 261*b*beta*delta**4*gamma*lambda_ + 160*b*beta*delta**4*gamma*n**5 - 1460*b*beta*delta**4*gamma*n**4 + 5093*b*beta*delta**4*gamma*n**3 - 8499*b*beta*delta**4*gamma*n**2 + 6803*b*beta*delta**4*gamma*n - 2097*b*beta*delta**4*gamma + 50*b*beta*delta**3*gamma*lambda_*n**3 - 242*b*beta*delta**3*gamma*lambda_*n**2 + 370*b*beta*delta**3*gamma*lambda_*n - 178*b*beta*delta**3*gamma*lambda_ + 328*b*beta*delta**3*gamma*n**4 - 2260*b*beta*delta**3*gamma*n**3 + 5568*b*beta*delta**3*gamma*n**2 - 5824*b*beta*delta**3*gamma*n + 2188*b*beta*delta**3*gamma + 32*b*beta*delta**2*gamma*lambda_*n**2 - 92*b*beta*delta**2*gamma*lambda_*n + 60*b*beta*delta**2*gamma*lambda_ + 364*b*beta*delta**2*gamma*n**3 - 1748*b*beta*delta**2*gamma*n**2 + 2648*b*beta*delta**2*gamma*n - 1264*b*beta*delta**2*gamma + 8*b*beta*delta*gamma*lambda_*n - 8*b*beta*delta*gamma*lambda_ + 208*b*beta*delta*gamma*n**2 - 592*b*beta*delta*gamma*n + 384*b*beta*delta*gamma + 48*b*beta*gamma*n - 48*b*beta*gamma - 2*b*delta**6*gamma*lambda_*n**6 + 27*b*delta**6*gamma*lambda_*n**5 - 146*b*delta**6*gamma*lambda_*n**4 + 403*b*delta**6*gamma*lambda_*n**3 - 597*b*delta**6*gamma*lambda_*n**2 + 450*b*delta**6*gamma*lambda_*n - 135*b*delta**6*gamma*lambda_ - 2*b*delta**6*gamma*n**5 + 21*b*delta**6*gamma*n**4 - 85*b*delta**6*gamma*n**3 + 165*b*delta**6*gamma*n**2 - 153*b*delta**6*gamma*n + 54*b*delta**6*gamma - 18*b*delta**5*gamma*lambda_*n**5 + 196*b*delta**5*gamma*lambda_*n**4 - 818*b*delta**5*gamma*lambda_*n**3 + 1631*b*delta**5*gamma*lambda_*n**2 - 1554*b*delta**5*gamma*lambda_*n + 567*b*delta**5*gamma*lambda_ + 4*b*delta**5*gamma*n**5 - 56*b*delta**5*gamma*n**4 + 284*b*delta**5*gamma*n**3 - 665*b*delta**5*gamma*n**2 + 726*b*delta**5*gamma*n - 297*b*delta**5*gamma - 66*b*delta**4*gamma*lambda_*n**4 + 555*b*delta**4*gamma*lambda_*n**3 - 1674*b*delta**4*gamma*lambda_*n**2 + 2147*b*delta**4*gamma*lambda_*n - 990*b*delta**4*gamma*lambda_ + 28*b*delta**4*gamma*n**4 - 266*b*delta**4*gamma*n**3 + 895*b*delta**4*gamma*n**2 - 1268*b*delta**4*gamma*n + 639*b*delta**4*gamma - 126*b*delta**3*gamma*lambda_*n**3 + 766*b*delta**3*gamma*lambda_*n**2 - 1486*b*delta**3*gamma*lambda_*n + 922*b*delta**3*gamma*lambda_ + 76*b*delta**3*gamma*n**3 - 500*b*delta**3*gamma*n**2 + 1048*b*delta**3*gamma*n - 700*b*delta**3*gamma - 132*b*delta**2*gamma*lambda_*n**2 + 516*b*delta**2*gamma*lambda_*n - 484*b*delta**2*gamma*lambda_ + 100*b*delta**2*gamma*n**2 - 416*b*delta**2*gamma*n + 416*b*delta**2*gamma - 72*b*delta*gamma*lambda_*n + 136*b*delta*gamma*lambda_ + 64*b*delta*gamma*n - 128*b*delta*gamma - 16*b*gamma*lambda_ + 16*b*gamma + 2*beta**3*delta**5*lambda_*n**6 - 18*beta**3*delta**5*lambda_*n**5 + 66*beta**3*delta**5*lambda_*n**4 - 126*beta**3*delta**5*lambda_*n**3 + 132*beta**3*delta**5*lambda_*n**2 - 72*beta**3*delta**5*lambda_*n + 16*beta**3*delta**5*lambda_ + 6*beta**3*delta**4*lambda_*n**5 - 42*beta**3*delta**4*lambda_*n**4 + 114*beta**3*delta**4*lambda_*n**3 - 150*beta**3*delta**4*lambda_*n**2 + 96*beta**3*delta**4*lambda_*n - 24*beta**3*delta**4*lambda_ + 6*beta**3*delta**3*lambda_*n**4 - 30*beta**3*delta**3*lambda_*n**3 + 54*beta**3*delta**3*lambda_*n**2 - 42*beta**3*delta**3*lambda_*n + 12*beta**3*delta**3*lambda_ + 2*beta**3*delta**2*lambda_*n**3 - 6*beta**3*delta**2*lambda_*n**2 + 6*beta**3*delta**2*lambda_*n - 2*beta**3*delta**2*lambda_ - 4*beta**2*delta**5*lambda_*n**6 + 46*beta**2*delta**5*lambda_*n**5 - 208*beta**2*delta**5*lambda_*n**4 + 478*beta**2*delta**5*lambda_*n**3 - 592*beta**2*delta**5*lambda_*n**2 + 376*beta**2*delta**5*lambda_*n - 96*beta**2*delta**5*lambda_ - 20*beta**2*delta**4*lambda_*n**5 + 174*beta**2*delta**4*lambda_*n**4 - 576*beta**2*delta**4*lambda_*n**3 + 910*beta**2*delta**4*lambda_*n**2 - 688*beta**2*delta**4*lambda_*n + 200*beta**2*delta**4*lambda_ - 36*beta**2*delta**3*lambda_*n**4 + 226*beta**2*delta**3*lambda_*n**3 - 504*beta**2*delta**3*lambda_*n**2 + 474*beta**2*delta**3*lambda_*n - 160*beta**2*delta**3*lambda_ - 28*beta**2*delta**2*lambda_*n**3 + 114*beta**2*delta**2*lambda_*n**2 - 144*beta**2*delta**2*lambda_*n + 58*beta**2*delta**2*lambda_ - 8*beta**2*delta*lambda_*n**2 + 16*beta**2*delta*lambda_*n - 8*beta**2*delta*lambda_ + 2*beta*delta**5*lambda_*n**6 - 30*beta*delta**5*lambda_*n**5 + 174*beta*delta**5*lambda_*n**4 - 502*beta*delta**5*lambda_*n**3 + 766*beta*delta**5*lambda_*n**2 - 590*beta*delta**5*lambda_*n + 180*beta*delta**5*lambda_ + 14*beta*delta**4*lambda_*n**5 - 162*beta*delta**4*lambda_*n**4 + 694*beta*delta**4*lambda_*n**3 - 1390*beta*delta**4*lambda_*n**2 + 1310*beta*delta**4*lambda_*n - 466*beta*delta**4*lambda_ + 38*beta*delta**3*lambda_*n**4 - 322*beta*delta**3*lambda_*n**3 + 948*beta*delta**3*lambda_*n**2 - 1156*beta*delta**3*lambda_*n + 492*beta*delta**3*lambda_ + 50*beta*delta**2*lambda_*n**3 - 286*beta*delta**2*lambda_*n**2 + 500*beta*delta**2*lambda_*n - 264*beta*delta**2*lambda_ + 32*beta*delta*lambda_*n**2 - 104*beta*delta*lambda_*n + 72*beta*delta*lambda_ + 8*beta*lambda_*n - 8*beta*lambda_ + 2*delta**5*lambda_*n**5 - 24*delta**5*lambda_*n**4 + 110*delta**5*lambda_*n**3 - 240*delta**5*lambda_*n**2 + 250*delta**5*lambda_*n - 100*delta**5*lambda_ + 14*delta**4*lambda_*n**4 - 128*delta**4*lambda_*n**3 + 418*delta**4*lambda_*n**2 - 580*delta**4*lambda_*n + 290*delta**4*lambda_ + 38*delta**3*lambda_*n**3 - 248*delta**3*lambda_*n**2 + 516*delta**3*lambda_*n - 344*delta**3*lambda_ + 50*delta**2*lambda_*n**2 - 208*delta**2*lambda_*n + 208*delta**2*lambda_ + 32*delta*lambda_*n - 64*delta*lambda_ + 8*lambda_)/(b*gamma*(delta*n - 3*delta + 2)**2*(delta*n - delta + 1)*(2*delta*n - 3*delta + 2)*(-beta*delta**2*lambda_*n**2 + 3*beta*delta**2*lambda_*n - 2*beta*delta**2*lambda_ + 2*beta*delta**2*n**3 - 13*beta*delta**2*n**2 + 23*beta*delta**2*n - 12*beta*delta**2 - beta*delta*lambda_*n + beta*delta*lambda_ + 8*beta*delta*n**2 - 25*beta*delta*n + 17*beta*delta + 6*beta*n - 6*beta + delta**2*lambda_*n**2 - 5*delta**2*lambda_*n + 5*delta**2*lambda_ + 2*delta**2*n**2 - 11*delta**2*n + 12*delta**2 + 3*delta*lambda_*n - 6*delta*lambda_ + 8*delta*n - 17*delta + 2*lambda_ + 6))
    curvature = -n*(2*b*delta**4*gamma*lambda_*n**4 - 17*b*delta**4*gamma*lambda_*n**3 + 51*b*delta**4*gamma*lambda_*n**2 - 63*b*delta**4*gamma*lambda_*n + 27*b*delta**4*gamma*lambda_ + 2*b*delta**4*gamma*n**4 - 17*b*delta**4*gamma*n**3 + 51*b*delta**4*gamma*n**2 - 63*b*delta**4*gamma*n + 27*b*delta**4*gamma + 12*b*delta**3*gamma*lambda_*n**3 - 73*b*delta**3*gamma*lambda_*n**2 + 138*b*delta**3*gamma*lambda_*n - 81*b*delta**3*gamma*lambda_ + 12*b*delta**3*gamma*n**3 - 73*b*delta**3*gamma*n**2 + 138*b*delta**3*gamma*n - 81*b*delta**3*gamma + 26*b*delta**2*gamma*lambda_*n**2 - 100*b*delta**2*gamma*lambda_*n + 90*b*delta**2*gamma*lambda_ + 26*b*delta**2*gamma*n**2 - 100*b*delta**2*gamma*n + 90*b*delta**2*gamma + 24*b*delta*gamma*lambda_*n - 44*b*delta*gamma*lambda_ + 24*b*delta*gamma*n - 44*b*delta*gamma + 8*b*gamma*lambda_ + 8*b*gamma + 2*beta**2*delta**3*lambda_*n**4 - 12*beta**2*delta**3*lambda_*n**3 + 26*beta**2*delta**3*lambda_*n**2 - 24*beta**2*delta**3*lambda_*n + 8*beta**2*delta**3*lambda_ - 2*beta**2*delta**3*n**5 + 19*beta**2*delta**3*n**4 - 66*beta**2*delta**3*n**3 + 107*beta**2*delta**3*n**2 - 82*beta**2*delta**3*n + 24*beta**2*delta**3 + 4*beta**2*delta**2*lambda_*n**3 - 16*beta**2*delta**2*lambda_*n**2 + 20*beta**2*delta**2*lambda_*n - 8*beta**2*delta**2*lambda_ - 10*beta**2*delta**2*n**4 + 64*beta**2*delta**2*n**3 - 144*beta**2*delta**2*n**2 + 136*beta**2*delta**2*n - 46*beta**2*delta**2 + 2*beta**2*delta*lambda_*n**2 - 4*beta**2*delta*lambda_*n + 2*beta**2*delta*lambda_ - 14*beta**2*delta*n**3 + 57*beta**2*delta*n**2 - 72*beta**2*delta*n + 29*beta**2*delta - 6*beta**2*n**2 + 12*beta**2*n - 6*beta**2 - 2*beta*delta**3*lambda_*n**4 + 18*beta*delta**3*lambda_*n**3 - 54*beta*delta**3*lambda_*n**2 + 66*beta*delta**3*lambda_*n - 28*beta*delta**3*lambda_ - 4*beta*delta**3*n**4 + 34*beta*delta**3*n**3 - 98*beta*delta**3*n**2 + 116*beta*delta**3*n - 48*beta*delta**3 - 8*beta*delta**2*lambda_*n**3 + 46*beta*delta**2*lambda_*n**2 - 80*beta*delta**2*lambda_*n + 42*beta*delta**2*lambda_ - 20*beta*delta**2*n**3 + 108*beta*delta**2*n**2 - 180*beta*delta**2*n + 92*beta*delta**2 - 10*beta*delta*lambda_*n**2 + 32*beta*delta*lambda_*n - 22*beta*delta*lambda_ - 28*beta*delta*n**2 + 86*beta*delta*n - 58*beta*delta - 4*beta*lambda_*n + 4*beta*lambda_ - 12*beta*n + 12*beta - 2*delta**3*lambda_*n**3 + 14*delta**3*lambda_*n**2 - 30*delta**3*lambda_*n + 20*delta**3*lambda_ - 2*delta**3*n**3 + 15*delta**3*n**2 - 34*delta**3*n + 24*delta**3 - 8*delta**2*lambda_*n**2 + 34*delta**2*lambda_*n - 34*delta**2*lambda_ - 10*delta**2*n**2 + 44*delta**2*n - 46*delta**2 - 10*delta*lambda_*n + 20*delta*lambda_ - 14*delta*n + 29*delta - 4*lambda_ - 6)/(b*(delta*n - 3*delta + 2)**2*(delta*n - delta + 1)*(2*delta*n - 3*delta + 2))
    return (x, sigma, curvature,)


def optimal_both_bertrand_own(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output and R&D subsidies together, bertrand, objective 'own': s, sigma, x, curvature, det."""
    profit_coef = b*(1 - delta)*(delta*(n - 1) + 1)/(delta*(n - 2) + 1)
    rd_value = -2*(beta*delta**2*n**2 - 3*beta*delta**2*n + 2*beta*delta**2 + beta*delta*n - beta*delta - delta**2*n**2 + 5*delta**2*n - 5*delta**2 - 3*delta*n + 6*delta - 2)/((delta*n - 3*delta + 2)*(2*delta*n - 3*delta + 2))
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - 3*delta + 2)*(delta*n - delta + 1)/(delta*n - 2*delta + 1)
    surplus_coef = b*(delta*(n - 1) + 1)
    s = -(-A + a)*(2*effective*lambda_**2*rd_value + 2*effective*lambda_*rd_value - 4*gamma*lambda_**2*output_den - 8*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 4*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    x = -2*(-A + a)*(lambda_ + 1)*(2*effective*lambda_ + 2*effective + lambda_*rd_value)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    sigma = 1 - rd_value*(-A + a + effective*x + s)/(gamma*output_den*x)
    curvature = -n*(2*lambda_*output_den + 2*output_den - 2*profit_coef - surplus_coef)/output_den**2
    det = -1/4*n**2*(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/output_den**2
    return (s, sigma, x, curvature, det,)


def optimal_output_bertrand_own(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output subsidy alone, bertrand, objective 'own': s, x, curvature, rd_den, surplus_gain."""
    profit_coef = b*(1 - delta)*(delta*(n - 1) + 1)/(delta*(n - 2) + 1)
    rd_value = -2*(beta*delta**2*n**2 - 3*beta*delta**2*n + 2*beta*delta**2 + beta*delta*n - beta*delta - delta**2*n**2 + 5*delta**2*n - 5*delta**2 - 3*delta*n + 6*delta - 2)/((delta*n - 3*delta + 2)*(2*delta*n - 3*delta + 2))
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - 3*delta + 2)*(delta*n - delta + 1)/(delta*n - 2*delta + 1)
    surplus_coef = b*(delta*(n - 1) + 1)
    rd_den = -effective*rd_value + gamma*output_den
    surplus_gain = gamma*(2*profit_coef + surplus_coef) - rd_value**2
    s = (-A + a)*(rd_den*(lambda_ + 1) - surplus_gain)/(-rd_den*(2*lambda_ + 2) + surplus_gain)
    x = rd_value*(-A + a + s)/rd_den
    curvature = gamma*n*(-rd_den*(2*lambda_ + 2) + surplus_gain)/rd_den**2
    return (s, x, curvature, rd_den, surplus_gain,)


def rd_bertrand_joint(a, b, A, n, beta, gamma, s, sigma, delta):
    """Symmetric equilibrium R&D per firm, bertrand, objective 'joint' (a 1-tuple)."""
    t0 = beta*n - beta + 1
    t1 = delta*n
    t2 = t1 + 1
    t3 = 2*(-2*delta + t2)*(delta - 1)
    return (
        t0*t3*(-A + a + s)/(b*gamma*(-delta + t2)*(sigma - 1)*(-3*delta + t1 + 2)**2 - t0**2*t3),
    )


def gamma_bounds_bertrand_joint(a, b, A, n, beta, s, delta):
    """Lower bounds on (1 - sigma) * gamma, bertrand, objective 'joint': symmetric eigenvalue, asymmetric eigenvalue (n >= 2), unit cost >= 0."""
    t0 = delta*n
    t1 = t0 + 1
    t2 = -delta + t1
    t3 = 2 - 3*delta
    t4 = delta - 1
    t5 = 2*(-2*delta + t1)/b
    t6 = t4*t5*(beta*n - beta + 1)**2/(t2*(t0 + t3)**2)
    return (
        -t6,
        -t2*t5*(beta - 1)**2/(t4*(2*t0 + t3)**2),
        -t6*(a + s)/A,
    )


def optimal_rd_bertrand_joint(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising R&D subsidy alone, bertrand, objective 'joint': x, sigma, curvature."""
    x = (-A + a)*(beta*n - beta + 1)*(delta*n - 2*delta + 1)*(-delta*lambda_ + delta*n - 4*delta + lambda_ + 3)/(b*delta**3*gamma*lambda_*n**3 - 7*b*delta**3*gamma*lambda_*n**2 + 15*b*delta**3*gamma*lambda_*n - 9*b*delta**3*gamma*lambda_ + b*delta**3*gamma*n**3 - 7*b*delta**3*gamma*n**2 + 15*b*delta**3*gamma*n - 9*b*delta**3*gamma + 5*b*delta**2*gamma*lambda_*n**2 - 22*b*delta**2*gamma*lambda_*n + 21*b*delta**2*gamma*lambda_ + 5*b*delta**2*gamma*n**2 - 22*b*delta**2*gamma*n + 21*b*delta**2*gamma + 8*b*delta*gamma*lambda_*n - 16*b*delta*gamma*lambda_ + 8*b*delta*gamma*n - 16*b*delta*gamma + 4*b*gamma*lambda_ + 4*b*gamma + 2*beta**2*delta**2*lambda_*n**3 - 8*beta**2*delta**2*lambda_*n**2 + 10*beta**2*delta**2*lambda_*n - 4*beta**2*delta**2*lambda_ - beta**2*delta**2*n**4 + 8*beta**2*delta**2*n**3 - 21*beta**2*delta**2*n**2 + 22*beta**2*delta**2*n - 8*beta**2*delta**2 - 2*beta**2*delta*lambda_*n**3 + 10*beta**2*delta*lambda_*n**2 - 14*beta**2*delta*lambda_*n + 6*beta**2*delta*lambda_ - 4*beta**2*delta*n**3 + 18*beta**2*delta*n**2 - 24*beta**2*delta*n + 10*beta**2*delta - 2*beta**2*lambda_*n**2 + 4*beta**2*lambda_*n - 2*beta**2*lambda_ - 3*beta**2*n**2 + 6*beta**2*n - 3*beta**2 + 4*beta*delta**2*lambda_*n**2 - 12*beta*delta**2*lambda_*n + 8*beta*delta**2*lambda_ - 2*beta*delta**2*n**3 + 14*beta*delta**2*n**2 - 28*beta*delta**2*n + 16*beta*delta**2 - 4*beta*delta*lambda_*n**2 + 16*beta*delta*lambda_*n - 12*beta*delta*lambda_ - 8*beta*delta*n**2 + 28*beta*delta*n - 20*beta*delta - 4*beta*lambda_*n + 4*beta*lambda_ - 6*beta*n + 6*beta + 2*delta**2*lambda_*n - 4*delta**2*lambda_ - delta**2*n**2 + 6*delta**2*n - 8*delta**2 - 2*delta*lambda_*n + 6*delta*lambda_ - 4*delta*n + 10*delta - 2*lambda_ - 3)
    sigma = (b*delta**4*gamma*lambda_*n**3 - 7*b*delta**4*gamma*lambda_*n**2 + 15*b*delta**4*gamma*lambda_*n - 9*b*delta**4*gamma*lambda_ + b*delta**4*gamma*n**4 - 9*b*delta**4*gamma*n**3 + 29*b*delta**4*gamma*n**2 - 39*b*delta**4*gamma*n + 18*b*delta**4*gamma - b*delta**3*gamma*lambda_*n**3 + 12*b*delta**3*gamma*lambda_*n**2 - 37*b*delta**3*gamma*lambda_*n + 30*b*delta**3*gamma*lambda_ + 6*b*delta**3*gamma*n**3 - 39*b*delta**3*gamma*n**2 + 80*b*delta**3*gamma*n - 51*b*delta**3*gamma - 5*b*delta**2*gamma*lambda_*n**2 + 30*b*delta**2*gamma*lambda_*n - 37*b*delta**2*gamma*lambda_ + 13*b*delta**2*gamma*n**2 - 54*b*delta**2*gamma*n + 53*b*delta**2*gamma - 8*b*delta*gamma*lambda_*n + 20*b*delta*gamma*lambda_ + 12*b*delta*gamma*n - 24*b*delta*gamma - 4*b*gamma*lambda_ + 4*b*gamma + 2*beta**2*delta**3*lambda_*n**3 - 8*beta**2*delta**3*lambda_*n**2 + 10*beta**2*delta**3*lambda_*n - 4*beta**2*delta**3*lambda_ - 4*beta**2*delta**2*lambda_*n**3 + 18*beta**2*delta**2*lambda_*n**2 - 24*beta**2*delta**2*lambda_*n + 10*beta**2*delta**2*lambda_ + 2*beta**2*delta*lambda_*n**3 - 12*beta**2*delta*lambda_*n**2 + 18*beta**2*delta*lambda_*n - 8*beta**2*delta*lambda_ + 2*beta**2*lambda_*n**2 - 4*beta**2*lambda_*n + 2*beta**2*lambda_ + 4*beta*delta**3*lambda_*n**2 - 12*beta*delta**3*lambda_*n + 8*beta*delta**3*lambda_ - 8*beta*delta**2*lambda_*n**2 + 28*beta*delta**2*lambda_*n - 20*beta*delta**2*lambda_ + 4*beta*delta*lambda_*n**2 - 20*beta*delta*lambda_*n + 16*beta*delta*lambda_ + 4*beta*lambda_*n - 4*beta*lambda_ + 2*delta**3*lambda_*n - 4*delta**3*lambda_ - 4*delta**2*lambda_*n + 10*delta**2*lambda_ + 2*delta*lambda_*n - 8*delta*lambda_ + 2*lambda_)/(b*gamma*(delta*n - 3*delta + 2)**2*(delta*n - delta + 1)*(-delta*lambda_ + delta*n - 4*delta + lambda_ + 3))
    curvature = -n*(b*delta**3*gamma*lambda_*n**3 - 7*b*delta**3*gamma*lambda_*n**2 + 15*b*delta**3*gamma*lambda_*n - 9*b*delta**3*gamma*lambda_ + b*delta**3*gamma*n**3 - 7*b*delta**3*gamma*n**2 + 15*b*delta**3*gamma*n - 9*b*delta**3*gamma + 5*b*delta**2*gamma*lambda_*n**2 - 22*b*delta**2*gamma*lambda_*n + 21*b*delta**2*gamma*lambda_ + 5*b*delta**2*gamma*n**2 - 22*b*delta**2*gamma*n + 21*b*delta**2*gamma + 8*b*delta*gamma*lambda_*n - 16*b*delta*gamma*lambda_ + 8*b*delta*gamma*n - 16*b*delta*gamma + 4*b*gamma*lambda_ + 4*b*gamma + 2*beta**2*delta**2*lambda_*n**3 - 8*beta**2*delta**2*lambda_*n**2 + 10*beta**2*delta**2*lambda_*n - 4*beta**2*delta**2*lambda_ - beta**2*delta**2*n**4 + 8*beta**2*delta**2*n**3 - 21*beta**2*delta**2*n**2 + 22*beta**2*delta**2*n - 8*beta**2*delta**2 - 2*beta**2*delta*lambda_*n**3 + 10*beta**2*delta*lambda_*n**2 - 14*beta**2*delta*lambda_*n + 6*beta**2*delta*lambda_ - 4*beta**2*delta*n**3 + 18*beta**2*delta*n**2 - 24*beta**2*delta*n + 10*beta**2*delta - 2*beta**2*lambda_*n**2 + 4*beta**2*lambda_*n - 2*beta**2*lambda_ - 3*beta**2*n**2 + 6*beta**2*n - 3*beta**2 + 4*beta*delta**2*lambda_*n**2 - 12*beta*delta**2*lambda_*n + 8*beta*delta**2*lambda_ - 2*beta*delta**2*n**3 + 14*beta*delta**2*n**2 - 28*beta*delta**2*n + 16*beta*delta**2 - 4*beta*delta*lambda_*n**2 + 16*beta*delta*lambda_*n - 12*beta*delta*lambda_ - 8*beta*delta*n**2 + 28*beta*delta*n - 20*beta*delta - 4*beta*lambda_*n + 4*beta*lambda_ - 6*beta*n + 6*beta + 2*delta**2*lambda_*n - 4*delta**2*lambda_ - delta**2*n**2 + 6*delta**2*n - 8*delta**2 - 2*delta*lambda_*n + 6*delta*lambda_ - 4*delta*n + 10*delta - 2*lambda_ - 3)/(b*(delta*n - 3*delta + 2)**2*(delta*n - delta + 1))
    return (x, sigma, curvature,)


def optimal_both_bertrand_joint(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output and R&D subsidies together, bertrand, objective 'joint': s, sigma, x, curvature, det."""
    profit_coef = b*(1 - delta)*(delta*(n - 1) + 1)/(delta*(n - 2) + 1)
    rd_value = -2*(delta - 1)*(beta*n - beta + 1)/(delta*n - 3*delta + 2)
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - 3*delta + 2)*(delta*n - delta + 1)/(delta*n - 2*delta + 1)
    surplus_coef = b*(delta*(n - 1) + 1)
    s = -(-A + a)*(2*effective*lambda_**2*rd_value + 2*effective*lambda_*rd_value - 4*gamma*lambda_**2*output_den - 8*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 4*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    x = -2*(-A + a)*(lambda_ + 1)*(2*effective*lambda_ + 2*effective + lambda_*rd_value)/(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)
    sigma = 1 - rd_value*(-A + a + effective*x + s)/(gamma*output_den*x)
    curvature = -n*(2*lambda_*output_den + 2*output_den - 2*profit_coef - surplus_coef)/output_den**2
    det = -1/4*n**2*(4*effective**2*lambda_**2 + 8*effective**2*lambda_ + 4*effective**2 + 4*effective*lambda_**2*rd_value + 4*effective*lambda_*rd_value - 8*gamma*lambda_**2*output_den - 16*gamma*lambda_*output_den + 8*gamma*lambda_*profit_coef + 4*gamma*lambda_*surplus_coef - 8*gamma*output_den + 8*gamma*profit_coef + 4*gamma*surplus_coef + lambda_**2*rd_value**2)/output_den**2
    return (s, sigma, x, curvature, det,)


def optimal_output_bertrand_joint(a, b, A, n, beta, gamma, lambda_, delta):
    """Welfare-maximising output subsidy alone, bertrand, objective 'joint': s, x, curvature, rd_den, surplus_gain."""
    profit_coef = b*(1 - delta)*(delta*(n - 1) + 1)/(delta*(n - 2) + 1)
    rd_value = -2*(delta - 1)*(beta*n - beta + 1)/(delta*n - 3*delta + 2)
    effective = beta*(n - 1) + 1
    output_den = b*(delta*n - 3*delta + 2)*(delta*n - delta + 1)/(delta*n - 2*delta + 1)
    surplus_coef = b*(delta*(n - 1) + 1)
    rd_den = -effective*rd_value + gamma*output_den
    surplus_gain = gamma*(2*profit_coef + surplus_coef) - rd_value**2
    s = (-A + a)*(rd_den*(lambda_ + 1) - surplus_gain)/(-rd_den*(2*lambda_ + 2) + surplus_gain)
    x = rd_value*(-A + a + s)/rd_den
    curvature = gamma*n*(-rd_den*(2*lambda_ + 2) + surplus_gain)/rd_den**2
    return (s, x, curvature, rd_den, surplus_gain,)


def outcomes_bertrand(a, b, A, n, beta, gamma, s, sigma, lambda_, delta, x):
    """Outcomes given R&D per firm x, bertrand: effective_rd, unit_cost, output, price, profit, consumer_surplus, outlay, welfare."""
    effective_rd = x*(beta*(n - 1) + 1)
    unit_cost = A - effective_rd
    output = (a + s - unit_cost)*(delta*n - 2*delta + 1)/(b*(delta*n - 3*delta + 2)*(delta*n - delta + 1))
    price = a - b*output*(delta*(n - 1) + 1)
    profit = -1/2*gamma*x**2*(1 - sigma) + output*(price + s - unit_cost)
    consumer_surplus = (1/2)*b*n*output**2*(delta*(n - 1) + 1)
    outlay = n*((1/2)*gamma*sigma*x**2 + output*s)
    welfare = consumer_surplus + n*profit - outlay*(lambda_ + 1)
    return (effective_rd, unit_cost, output, price, profit, consumer_surplus, outlay, welfare,)
