"""Mean, standard deviation and 95 % confidence interval of a sample.

The interval is Student's t interval for the mean, mean +- t * s / sqrt(n),
with n - 1 degrees of freedom: the runs of one configuration are a handful of
seeds, too few for the normal approximation (for 3 runs t is 4.30, not 1.96).
"""

import math

_T_CACHE = {}


def student_two_sided(t, dof):
    """P(|T| <= t) for Student's t with a whole number of degrees of freedom.

    The closed form as a finite series in theta = atan(t / sqrt(dof))
    (Abramowitz and Stegun 26.7.3 and 26.7.4): exact, no special functions.
    """
    theta = math.atan(t / math.sqrt(dof))
    c2 = math.cos(theta) ** 2
    if dof % 2 == 1:
        # 2/pi * (theta + sin(theta) * cos(theta) * (1 + 2/3 c^2 + 2*4/(3*5) c^4 + ...))
        term, total = 1.0, 0.0
        for k in range(1, (dof - 1) // 2 + 1):
            total += term
            term *= c2 * (2 * k) / (2 * k + 1)
        series = math.sin(theta) * math.cos(theta) * total if dof > 1 else 0.0
        return 2 / math.pi * (theta + series)
    # sin(theta) * (1 + 1/2 c^2 + 1*3/(2*4) c^4 + ...)
    term, total = 1.0, 0.0
    for k in range(1, dof // 2 + 1):
        total += term
        term *= c2 * (2 * k - 1) / (2 * k)
    return math.sin(theta) * total


def t_quantile_95(dof):
    """t such that P(|T| <= t) = 0.95 (the 97.5 % quantile), by bisection."""
    if dof not in _T_CACHE:
        low, high = 0.0, 1000.0  # dof 1 gives 12.7
        for _ in range(100):
            middle = (low + high) / 2
            if student_two_sided(middle, dof) < 0.95:
                low = middle
            else:
                high = middle
        _T_CACHE[dof] = (low + high) / 2
    return _T_CACHE[dof]


def describe(values):
    """(n, mean, std, ci_low, ci_high) of the values; None where undefined.

    The standard deviation is the sample's (n - 1); one value has neither a
    deviation nor an interval.
    """
    n = len(values)
    if n == 0:
        return 0, None, None, None, None
    mean = math.fsum(values) / n
    if n == 1:
        return 1, mean, None, None, None
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile_95(n - 1) * std / math.sqrt(n)
    return n, mean, std, mean - half, mean + half
