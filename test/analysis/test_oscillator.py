#!/usr/bin/python3
"""The oscillator model (model/ntp-oscillator.{h,cc}) through ntp-peer-scenario
and utils/ntp-peer-analyze, against the physics of its noise (issue #13).
CTest analysis/oscillator; usage: test_oscillator.py NTP_PEER_SCENARIO.

A free-running router (no configuration, no link: nothing steers its clock)
with a frequency offset and random-walk frequency wander w (FrequencyWander,
ppm/sqrt(s)), 65,536 s (about 18 h) of ground truth at 1 s (seeded). Its true time
error x(t) = offset + f t + (the wander's phase), so:
- ADEV and overlapping ADEV of x equal, at every tau of the tool's grid, the
  model's exact expectation (stability_theory.WanderTheory: a random walk of
  diffusion w^2 on the 16 s WanderInterval grid, linear in between), which is
  w sqrt(tau / 3) -- random-walk FM, ADEV proportional to tau^(+1/2) -- within
  1 % from tau = 64 s on; each within the chi-square band of its estimator's
  degrees of freedom (computed from the same model) at 1 - 1e-4;
- the mean fractional frequency is f, within the spread the wander gives it.
White phase noise (PhaseNoise) is drawn on each timestamp NTP reads and never
enters the clock (doc/ntp-peer.rst: "spares ground truth"), so it cannot be
seen in the true time error: the second run asserts exactly that (its ADEV is
that of the CSV's 12 printed digits). The third checks the tau^-1 law where
the noise is: on the readings (the sampler's reading_error_s column, one
reading per second drawn like NTP's own).
"""

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stability_theory as theory  # noqa: E402

import numpy as np  # noqa: E402

SCENARIO = None  # set from the command line

WANDER_PPM = 0.01           # ppm/sqrt(s): w = 1e-8 s/s per sqrt(s)
FREQUENCY_PPM = 20.0
OFFSET_S = 0.25
DURATION_S = 65536          # N = 65536 samples (0 .. 65535 s), taus 1 .. 16384 s
GRID_S = 16                 # NtpOscillator's WanderInterval default
ALPHA = 1e-4                # per check; about 30 checks

SCENARIO_FILE = """\
name: {name}
duration: {duration}
seed: 7
nodes:
  F:
    clock: {{offset: {offset}, frequency: {frequency}, wander: {wander}, phase_noise: {noise}}}
"""


def run_free_node(directory, name, wander, noise, duration=DURATION_S,
                  column="offset_to_true_time_s"):
    path = os.path.join(directory, f"{name}.yaml")
    with open(path, "w") as handle:
        handle.write(SCENARIO_FILE.format(name=name, duration=duration, offset=OFFSET_S,
                                          frequency=FREQUENCY_PPM, wander=wander, noise=noise))
    out = os.path.join(directory, "out")
    run = subprocess.run([SCENARIO, path, "--out", out], capture_output=True, text=True,
                         timeout=300)
    if run.returncode != 0:
        raise AssertionError(f"ntp-peer-scenario failed ({run.returncode}): {run.stderr}")
    csv_path = os.path.join(out, name, "F.csv")
    analysis = subprocess.run([sys.executable, theory.TOOL, csv_path, "--json",
                               "--column", column],
                              capture_output=True, text=True, timeout=300)
    if analysis.returncode != 0:
        raise AssertionError(f"ntp-peer-analyze failed: {analysis.stderr}")
    return json.loads(analysis.stdout)


class RandomWalkFrequency(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as directory:
            cls.result = run_free_node(directory, "wander", WANDER_PPM, 0)
        cls.w = WANDER_PPM * 1e-6
        cls.theory = theory.WanderTheory(cls.w, GRID_S)
        cls.points = cls.result["samples"]

    def test_grid(self):
        self.assertEqual(self.points, DURATION_S)  # t = 0 .. DURATION_S - 1
        self.assertEqual(self.result["tau0_s"], 1.0)
        self.assertEqual(self.result["tau_s"], [2.0 ** k for k in range(15)])

    def test_theory_is_random_walk_fm(self):
        # The exact model against the closed form w^2 tau / 3 (both derived,
        # nothing measured): the grid's interpolation matters below ~4 h only.
        for tau in self.result["tau_s"]:
            m = int(tau)
            expected, _ = self.theory.overlapping(m, self.points)
            ratio = math.sqrt(expected / (self.w ** 2 * tau / 3))
            if tau >= 4 * GRID_S:
                self.assertLess(abs(ratio - 1), 0.01, f"tau={tau:g}")
            elif tau <= GRID_S / 8:
                # Below the grid: a straight frequency line, AVAR ~ w^2 tau^2 / (2 h),
                # but for the fraction (about 2 tau / h) of windows across a grid point.
                self.assertLess(abs(expected / (self.w ** 2 * tau * tau / (2 * GRID_S)) - 1),
                                2 * tau / GRID_S, f"tau={tau:g}")
        # The degrees of freedom against the handbook's closed form for random
        # walk FM (NIST SP 1065 section 5.3), where the model is random walk FM.
        n = self.points
        for m in (1024, 4096, 16384):
            handbook = (n - 2) / m * ((n - 1) ** 2 - 3 * m * (n - 1) + 4 * m * m) / (n - 3) ** 2
            _, nu = self.theory.overlapping(m, n)
            self.assertLess(abs(nu / handbook - 1), 0.15, f"m={m}: {nu:.1f} vs {handbook:.1f}")

    def check(self, key, expectation):
        lines = []
        for i, tau in enumerate(self.result["tau_s"]):
            expected, nu = expectation(int(tau), self.points)
            low, high = theory.deviation_band(nu, ALPHA)
            ratio = self.result[key][i] / math.sqrt(expected)
            lines.append(f"{key} tau={tau:>6g} s: {self.result[key][i]:.4e} = {ratio:.4f} x theory "
                         f"{math.sqrt(expected):.4e} (w sqrt(tau/3) = "
                         f"{self.w * math.sqrt(tau / 3):.4e}), {nu:.1f} dof, band "
                         f"{low:.3f}..{high:.3f}")
            self.assertTrue(low <= ratio <= high, lines[-1])
        print("\n" + "\n".join(lines), file=sys.stderr)

    def test_overlapping_adev(self):
        self.check("oadev", self.theory.overlapping)
        # For the record (the bands are the check): the least-squares slope.
        taus = np.array(self.result["tau_s"])
        keep = taus >= 4 * GRID_S
        slope = np.polyfit(np.log(taus[keep]), np.log(np.array(self.result["oadev"])[keep]), 1)[0]
        print(f"OADEV log-log slope for tau >= {4 * GRID_S} s: {slope:.3f} (random walk FM: 0.5)",
              file=sys.stderr)

    def test_adev(self):
        self.check("adev", self.theory.non_overlapping)

    def test_mean_frequency(self):
        # (x(T) - x(0)) / T = f + (1/T) sum_k e_k R(T - k h): its standard
        # deviation is w sqrt(h sum_k R(T - kh)^2) / T (about w sqrt(T / 3)).
        span = self.result["end_s"] - self.result["start_s"]
        k = np.arange(0, int(span // GRID_S) + 2)
        ramps = self.theory._ramp_integral(span - k * GRID_S)
        spread = self.w * math.sqrt(GRID_S * float(np.dot(ramps, ramps))) / span
        bound = statistics.NormalDist().inv_cdf(1 - ALPHA / 2) * spread
        mean = self.result["frequency"]["mean"]
        print(f"\nmean fractional frequency {mean:.6e}, configured {FREQUENCY_PPM * 1e-6:.6e}, "
              f"wander spread {spread:.3e}", file=sys.stderr)
        self.assertLess(abs(mean - FREQUENCY_PPM * 1e-6), bound)


class PhaseNoiseSparesGroundTruth(unittest.TestCase):
    def test_true_time_error_has_no_phase_noise(self):
        sigma = 1e-3
        with tempfile.TemporaryDirectory() as directory:
            result = run_free_node(directory, "phase-noise", 0, sigma, duration=4096)
        # offset + f t, rounded to the double of the local time (about 1e-12 s
        # at 4096 s) and printed with 12 significant digits: ADEV(1 s) ~ 1e-12.
        # White PM of sigma would give sqrt(3) sigma / tau = 1.7e-3 at 1 s.
        for tau, value in zip(result["tau_s"], result["adev"]):
            self.assertLess(value, 1e-11, f"tau={tau:g}")
            self.assertLess(value, math.sqrt(3) * sigma / tau * 1e-6)
        self.assertAlmostEqual(result["frequency"]["mean"], FREQUENCY_PPM * 1e-6, delta=1e-12)


class WhitePhaseNoiseOfReadings(unittest.TestCase):
    """PhaseNoise is white phase noise on every reading: the sampler's
    reading_error_s (offset plus one draw of the model's phase noise, from a
    stream of its own) must follow white PM, ADEV = OADEV = sqrt(3) sigma / tau,
    MDEV = sqrt(3) sigma / (tau sqrt(m)), TDEV = sigma / sqrt(m) (derived in
    stability_theory.py; the constant frequency is a line, which second
    differences remove), each within its chi-square band at 1 - 1e-4."""

    SIGMA = 1e-3  # s
    POINTS = 2 ** 14 + 1

    def test_readings_follow_white_pm(self):
        with tempfile.TemporaryDirectory() as directory:
            result = run_free_node(directory, "readings", 0, self.SIGMA,
                                   duration=self.POINTS, column="reading_error_s")
        self.assertEqual(result["samples"], self.POINTS)
        lines = []
        for i, tau in enumerate(result["tau_s"]):
            m = int(tau)
            for name, (want, kind) in theory.white_pm_expected(self.SIGMA, m).items():
                nu = theory.white_pm_edf(kind, m, self.POINTS)
                low, high = theory.deviation_band(nu, ALPHA)
                ratio = result[name][i] / want
                lines.append(f"{name} tau={tau:>5g} s: {ratio:.4f} x theory, {nu:.1f} dof, band "
                             f"{low:.3f}..{high:.3f}")
                self.assertTrue(low <= ratio <= high, lines[-1])
        print("\n" + "\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: test_oscillator.py NTP_PEER_SCENARIO (the built program)", file=sys.stderr)
        sys.exit(2)
    SCENARIO = sys.argv.pop(1)
    unittest.main(verbosity=2)
