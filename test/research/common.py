"""What the research-tool tests share: paths, running a tool, reading CSVs,
and the statistics recomputed independently of the tools' own code."""

import csv
import math
import os
import subprocess
import sys

SOURCE, BUILD = (os.path.abspath(p) for p in sys.argv[1:3])
SWEEP = os.path.join(SOURCE, "utils", "ntp-peer-sweep")
PLOT = os.path.join(SOURCE, "utils", "ntp-peer-plot")
MODE = os.path.join(BUILD, "examples", "ntp-peer-mode")
SCENARIO = os.path.join(BUILD, "utils", "ntp-peer-scenario")
ENV = dict(os.environ, NTP_PEER_BUILD_DIR=BUILD)

# Student's t, 97.5 % quantile, from a table (not from the tool's code).
T975 = {1: 12.706204736174698, 2: 4.302652729911275, 3: 3.182446305284263,
        4: 2.7764451051977987}

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)
    return condition


def run(argv, timeout=300, env=None, cwd=None):
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env or ENV,
                          cwd=cwd, stdin=subprocess.DEVNULL, check=False)
    return done.returncode, done.stdout, done.stderr


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-15)


def stats(values):
    """n, mean, sample std, 95 % t interval: by hand."""
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = T975[n - 1] * std / math.sqrt(n)
    return n, mean, std, mean - half, mean + half


def check_stats(summary_row, run_rows, metric, label):
    """The summary row's statistics of metric against the runs' values."""
    used = [r for r in run_rows if r["status"] in ("ok", "unmet") and r[metric] != ""]
    values = [1.0 if r[metric] == "true" else 0.0 if r[metric] == "false" else float(r[metric])
              for r in used]
    n, mean, std, low, high = stats(values)
    got = [summary_row[f"{metric}_{k}"] for k in ("n", "mean", "std", "ci95_low", "ci95_high")]
    check(int(got[0]) == n and close(float(got[1]), mean) and close(float(got[2]), std, 1e-7)
          and close(float(got[3]), low, 1e-7) and close(float(got[4]), high, 1e-7),
          f"{label}: {metric} n/mean/std/CI {got} = recomputed {[n, mean, std, low, high]}")


def picture(prefix, label, min_png=8000):
    """PNG and SVG exist and are pictures of some substance."""
    png, svg = f"{prefix}.png", f"{prefix}.svg"
    ok_png = os.path.isfile(png) and os.path.getsize(png) > min_png
    if ok_png:
        with open(png, "rb") as f:
            ok_png = f.read(8) == b"\x89PNG\r\n\x1a\n"
    ok_svg = os.path.isfile(svg) and os.path.getsize(svg) > 5000
    if ok_svg:
        with open(svg, encoding="utf-8") as f:
            text = f.read()
        ok_svg = "<svg" in text and text.count("<path") + text.count("<use") > 20
    check(ok_png and ok_svg, f"{label}: {png} ({os.path.getsize(png) if os.path.exists(png) else 0} "
          f"bytes) and {svg} are non-trivial pictures")


def finish(name):
    if failures:
        print(f"{name}: {len(failures)} check(s) failed")
        return 1
    print(f"{name}: all checks passed")
    return 0
