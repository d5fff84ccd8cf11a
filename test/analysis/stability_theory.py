"""What the analysis tests compare with: the tool as a module, chi-square
quantiles, and the expected value and degrees of freedom of the Allan-type
estimators for the two noises the tests feed them (white phase noise, and the
oscillator model's random-walk frequency noise).

Degrees of freedom. Each estimator is a mean of K squared terms D_t, each a
linear combination of Gaussian noise; with E = E[D_t^2] and C(t, t') =
Cov(D_t, D_t'), the estimate (1/K) sum D_t^2 has mean E and variance
(2/K^2) sum_{t,t'} C(t, t')^2. It is approximated by E chi2_nu / nu with the
same two moments (Satterthwaite), nu = 2 E^2 / variance: the "equivalent
degrees of freedom" of NIST SP 1065 section 5.3 (W. J. Riley, Handbook of
Frequency Stability Analysis, 2008), computed here from the noise's own
covariance rather than from the handbook's closed forms, which it reproduces
where the noise is the handbook's: (N+1)(N-2m) / (2(N-m)) for white PM (within
5 %), (N-2)/m ((N-1)^2 - 3m(N-1) + 4m^2) / (N-3)^2 for random-walk FM (within
15 % at N = 2^16, m = 1024..16384; the tests assert both).

Only the standard library and numpy.
"""

import importlib.machinery
import importlib.util
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(SOURCE, "utils", "ntp-peer-analyze")


def load_tool():
    """utils/ntp-peer-analyze (a script without .py) as a module."""
    loader = importlib.machinery.SourceFileLoader("ntp_peer_analyze", TOOL)
    spec = importlib.util.spec_from_loader("ntp_peer_analyze", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# ----------------------------------------------------------- chi-square


def _lower_gamma_regularized(a, x):
    """P(a, x) = gamma(a, x) / Gamma(a): series below a + 1, continued fraction above."""
    if x <= 0:
        return 0.0
    log_prefactor = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = 0
        while abs(term) > abs(total) * 1e-15 and n < 100000:
            n += 1
            term *= x / (a + n)
            total += term
        return total * math.exp(log_prefactor)
    # Q(a, x) by the modified Lentz method on its continued fraction.
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-15:
            break
    return 1.0 - math.exp(log_prefactor) * h


def chi2_quantile(p, nu):
    """x with P(chi2_nu <= x) = p, by bisection on the regularized gamma function."""
    lo, hi = 0.0, max(1.0, nu)
    while _lower_gamma_regularized(nu / 2, hi / 2) < p:
        hi *= 2
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _lower_gamma_regularized(nu / 2, mid / 2) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def deviation_band(nu, alpha):
    """(low, high): the ratio estimate / truth of a deviation (square root of a
    variance with nu degrees of freedom) lies within it with probability 1 - alpha."""
    return (math.sqrt(chi2_quantile(alpha / 2, nu) / nu),
            math.sqrt(chi2_quantile(1 - alpha / 2, nu) / nu))


def satterthwaite(mean_square, sum_squared_covariances, terms):
    """Degrees of freedom of the mean of `terms` squares (see the module doc)."""
    variance = 2.0 * sum_squared_covariances / (terms * terms)
    return 2.0 * mean_square * mean_square / variance


# ----------------------------------------------------------- white phase noise
#
# x_i independent, variance sigma^2. A term sum_n a_n x_{t+n} has variance
# sigma^2 sum a_n^2, and two terms l samples apart covary by sigma^2 sum_n
# a_n a_{n+l}: the autocorrelation of the coefficients, zero beyond their length.
#   second difference (ADEV, OADEV): a = (1, 0.., -2, 0.., 1) at 0, m, 2m:
#     E[d^2] = 6 sigma^2, so AVAR = 6 sigma^2 / (2 tau^2), ADEV = sqrt(3) sigma / tau
#   MDEV's sum of m second differences: a = m ones, m times -2, m ones:
#     E = 6 m sigma^2, MVAR = 6 m sigma^2 / (2 m^2 tau^2), MDEV = sqrt(3) sigma / (tau sqrt(m)),
#   TDEV = tau / sqrt(3) MDEV = sigma / sqrt(m).


def _white_terms(kind, m):
    if kind == "mdev":
        return np.concatenate((np.ones(m), -2 * np.ones(m), np.ones(m)))
    a = np.zeros(2 * m + 1)
    a[0], a[m], a[2 * m] = 1, -2, 1
    return a


def white_pm_expected(sigma, m):
    """The deviations of white phase noise of standard deviation sigma at
    tau = m samples of 1 s (derivation above): the key of each in the tool's
    JSON, its value, and the estimator whose degrees of freedom apply."""
    tau = float(m)
    return {
        "adev": (math.sqrt(3) * sigma / tau, "adev"),
        "oadev": (math.sqrt(3) * sigma / tau, "oadev"),
        "mdev": (math.sqrt(3) * sigma / (tau * math.sqrt(m)), "mdev"),
        "tdev_s": (sigma / math.sqrt(m), "mdev"),
    }


def white_pm_edf(kind, m, n_points):
    """Degrees of freedom of ADEV ('adev', non-overlapping), OADEV or MDEV at factor m."""
    a = _white_terms(kind, m)
    autocorrelation = np.correlate(a, a, mode="full")  # lags -(len-1) .. len-1
    lags = np.arange(-(len(a) - 1), len(a))
    if kind == "adev":
        terms = (n_points - 1) // m - 1
        keep = lags % m == 0  # the terms are m samples apart
        lags, autocorrelation = lags[keep] // m, autocorrelation[keep]
    elif kind == "oadev":
        terms = n_points - 2 * m
    else:
        terms = n_points - 3 * m + 1
    weights = np.clip(1 - np.abs(lags) / terms, 0, None)
    total = terms * float(np.sum(weights * autocorrelation ** 2))
    return satterthwaite(float(np.dot(a, a)), total, terms)


# ----------------------------------------------------------- the oscillator model
#
# model/ntp-oscillator.cc: the frequency wander is a random walk on a grid of h
# seconds (WanderInterval, 16 s), linear in between, starting from 0:
#   y(t) = sum_{k>=0} e_k r(t - k h),  r(s) = clamp(s / h, 0, 1),
#   e_k independent, standard deviation w sqrt(h) (w = FrequencyWander in s/s
#   per sqrt(s), i.e. ppm/sqrt(s) times 1e-6), so Var[y(t + h) - y(t)] = w^2 h
#   on the grid: a random walk of diffusion q = w^2 per second.
# The phase is its exact integral (plus the constant offset and frequency,
# which second differences remove):
#   x(t) = sum_k e_k R(t - k h),  R(s) = 0 (s <= 0), s^2 / (2h) (0 <= s <= h),
#   s - h/2 (s >= h).
# A second difference at t, stride m (seconds, tau0 = 1 s), is
#   d_t = sum_k e_k g(t - k h),  g(s) = R(s + 2m) - 2 R(s + m) + R(s),
# nonzero only for -2m < s < h. So Cov(d_t, d_t') = w^2 h sum_k g(t - kh)
# g(t' - kh): periodic in t with period h (cyclostationary), exact from t = 0
# (a ramp before 0 would be linear after it). For m >> h this tends to
# continuous random-walk FM, y = w W (W a Wiener process): d_t = int y(s) u(s)
# ds with u = -1 on [t, t + tau], +1 on [t + tau, t + 2 tau]; with Cov(W(s),
# W(s')) = min(s, s') and int u = 0, Var d_t = -(w^2 / 2) int int u(s) u(s')
# |s - s'| ds ds' = 2 w^2 tau^3 / 3, so
#   AVAR = w^2 tau / 3,  ADEV = w sqrt(tau / 3)
# (the usual random-walk FM law sigma_y^2 = (2 pi)^2 h_-2 tau / 6, here with
# h_-2 = w^2 / (2 pi^2)); below h the frequency is a straight line within a
# grid step and AVAR -> w^2 tau^2 / (2 h): the model's own shape, computed
# here exactly.


class WanderTheory:
    def __init__(self, wander, grid=16):
        self.w2 = wander * wander
        self.h = grid

    def _ramp_integral(self, s):
        h = self.h
        return np.where(s <= 0, 0.0, np.where(s <= h, s * s / (2 * h), s - h / 2))

    def _kernels(self, m):
        """g(r - j h) for r = 0..h-1 (rows) and j covering g's support (columns)."""
        j = np.arange(-2, (2 * m + 2 * self.h) // self.h + 3)
        s = np.arange(self.h)[:, None] - j[None, :] * self.h
        R = self._ramp_integral
        return R(s + 2 * m) - 2 * R(s + m) + R(s)

    def _covariance_table(self, m):
        """table[p][r][k] = sum_j g(p - jh) g(r - (j - u) h), u = n - 1 - k: the
        covariance (divided by w^2 h) of d_t and d_t' for t = p + h a, t' = r + h b,
        u = b - a."""
        g = self._kernels(m)
        table = [[np.correlate(g[r], g[p], mode="full") for r in range(self.h)]
                 for p in range(self.h)]
        return table, g.shape[1]

    def overlapping(self, m, n_points):
        """(expected AVAR, degrees of freedom) of the overlapping estimator, tau = m s."""
        terms = n_points - 2 * m
        table, n = self._covariance_table(m)
        mean_square = np.mean([table[p][p][n - 1] for p in range(self.h)])
        total = 0.0
        for p in range(self.h):
            for r in range(self.h):
                c = table[p][r]
                u = n - 1 - np.arange(len(c))
                lag = r - p + self.h * u
                weights = np.clip(1 - np.abs(lag) / terms, 0, None)
                total += float(np.sum(weights * c * c)) * terms / self.h
        scale = self.w2 * self.h
        return (scale * mean_square / (2.0 * m * m),
                satterthwaite(scale * mean_square, scale * scale * total, terms))

    def non_overlapping(self, m, n_points):
        """(expected AVAR, degrees of freedom) of the non-overlapping estimator, the
        terms at t = 0, m, 2m, ... (the window starts on the grid)."""
        terms = (n_points - 1) // m - 1
        table, n = self._covariance_table(m)

        def covariance(t, t2):
            p, r = t % self.h, t2 % self.h
            k = n - 1 - ((t2 - r) // self.h - (t - p) // self.h)
            c = table[p][r]
            return c[k] if 0 <= k < len(c) else 0.0

        period = self.h // math.gcd(m, self.h)
        reach = (2 * m + 2 * self.h) // m + 1
        squares, total = [], 0.0
        for i in range(period):
            t = i * m
            squares.append(covariance(t, t))
            for j in range(-reach, reach + 1):
                if abs(j) < terms:
                    total += (1 - abs(j) / terms) * covariance(t, t + j * m) ** 2 * terms / period
        mean_square = float(np.mean(squares))
        scale = self.w2 * self.h
        return (scale * mean_square / (2.0 * m * m),
                satterthwaite(scale * mean_square, scale * scale * total, terms))
