#!/usr/bin/env python3
"""ntp-peer-plot and ./ntp-peer plot (issue #13).

Figures (PNG and SVG, non-trivial) of: a scenario's --out folder (every node,
its link event marked), an ntp-peer-mode --csv file (a clock step marked;
--log), a run started through --run ... --plot (what ./ntp-peer run and
scenario do with --plot), a sweep folder re-plotted with another --metric,
and ./ntp-peer plot. Bad input exits 2 with one line naming the problem and
what is accepted, no traceback, and writes nothing.

Usage: plot-test.py SOURCE_DIR BUILD_DIR
"""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (MODE, PLOT, SCENARIO, SOURCE, SWEEP, check, finish, picture,  # noqa: E402
                    run)


def svg_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main():
    for program in (MODE, SCENARIO):
        if not os.access(program, os.X_OK):
            print(f"plot-test: {program} is missing: build first")
            return 1
    work = tempfile.mkdtemp(prefix="plot-test-")
    try:
        # A scenario's --out folder: a link fails at 12 h.
        out = os.path.join(work, "scenario")
        status, _, _ = run([SCENARIO, os.path.join(SOURCE, "scenarios", "upstream-failure.yaml"),
                            "--out", out])
        check(status == 0, "scenario: upstream-failure runs")
        status, stdout, err = run([PLOT, out])
        prefix = os.path.join(out, "upstream-failure", "plot")
        check(status == 0 and f"{prefix}.png" in stdout, f"scenario folder: exit 0 ({err[-300:]!r})")
        picture(prefix, "scenario folder")
        text = svg_text(f"{prefix}.svg")
        check("link R1 " in text and "R2, true" in text and "clock state" in text
              and "poll (log2 s)" in text and "simulated time (h)" in text,
              "scenario folder: the link event, each node, the panels and units are drawn")

        # ntp-peer-mode --csv with a 0.5 s start: ntpd steps B's clock.
        series = os.path.join(work, "mode.csv")
        status, _, _ = run([MODE, "--simTime=7200", "--offsetB=0.5", f"--csv={series}"])
        check(status == 0, "mode: ntp-peer-mode --csv runs")
        status, stdout, err = run([PLOT, series])
        check(status == 0, f"mode csv: exit 0 ({err[-300:]!r})")
        picture(series[:-4], "mode csv")
        text = svg_text(series[:-4] + ".svg")
        check("clock step" in text and "NTP's estimate" in text and "offset (ms)" in text,
              "mode csv: the step, NTP's estimate and the offset's unit are drawn")
        status, _, _ = run([PLOT, series, "--log", "--output", os.path.join(work, "mode-log")])
        picture(os.path.join(work, "mode-log"), "mode csv --log")
        check("|offset|" in svg_text(os.path.join(work, "mode-log.svg")),
              "mode csv --log: |offset| on a log scale")

        # --run PROGRAM ... --plot=PREFIX, as ./ntp-peer run gives --plot.
        prefix = os.path.join(work, "direct")
        status, _, err = run([PLOT, "--run", MODE, "--simTime=3600", f"--plot={prefix}"])
        check(status == 0 and os.path.isfile(f"{prefix}.csv"), f"--run: exit 0 and {prefix}.csv")
        picture(prefix, "--run ntp-peer-mode --plot")
        status, _, _ = run([PLOT, "--run", MODE, "--auth=md5", f"--plot={prefix}-refused"])
        check(status == 2 and not os.path.exists(f"{prefix}-refused.png"),
              "--run: a refused run keeps exit status 2 and draws nothing")

        # ./ntp-peer plot: nothing built, the tool run.
        status, _, err = run([os.path.join(SOURCE, "ntp-peer"), "plot", series, "--output",
                              os.path.join(work, "wrapper")])
        check(status == 0, f"./ntp-peer plot: exit 0 ({err[-300:]!r})")
        picture(os.path.join(work, "wrapper"), "./ntp-peer plot")

        # A sweep re-plotted with another metric.
        sweep = os.path.join(work, "sweep")
        status, _, _ = run([SWEEP, "--param", "delay", "--values", "0.005,0.02", "--runs", "2",
                            "--out", sweep, "--no-plot", "--", "--simTime=1200"])
        status, stdout, err = run([PLOT, sweep, "--metric", "sync_state_time_s"])
        check(status == 0, f"sweep folder: exit 0 ({err[-300:]!r})")
        picture(os.path.join(sweep, "summary"), "sweep folder, --metric sync_state_time_s")

        # Bad input: exit 2, one line, the problem and what is accepted.
        bad = os.path.join(work, "bad")
        os.mkdir(bad)
        not_csv = os.path.join(bad, "notes.txt")
        wrong = os.path.join(bad, "wrong.csv")
        empty = os.path.join(bad, "empty.csv")
        garbage = os.path.join(bad, "garbage.csv")
        with open(not_csv, "w", encoding="utf-8") as f:
            f.write("hello\n")
        with open(wrong, "w", encoding="utf-8") as f:
            f.write("a,b\n1,2\n")
        with open(empty, "w", encoding="utf-8") as f:
            f.write("time_s,true_offset_s,est_offset_s,delay_s,jitter_s,poll,reach,state,frequency_ppm\n")
        with open(garbage, "w", encoding="utf-8") as f:
            f.write("time_s,true_offset_s,est_offset_s,delay_s,jitter_s,poll,reach,state,frequency_ppm\n"
                    "0,abc,,,,6,0,NSET,0\n")
        os.mkdir(os.path.join(bad, "nothing"))
        before = sorted(os.listdir(bad))
        for args, names in [
            ([os.path.join(bad, "missing.csv")], "does not exist"),
            ([not_csv], "no CSV"),
            ([wrong], "no time series"),
            ([empty], "no rows"),
            ([garbage], "no number"),
            ([os.path.join(bad, "nothing")], "holds no run"),
            ([], "no input"),
            ([wrong, empty], "more than one input"),
            ([series, "--bogus"], "--bogus"),
            ([series, "--output"], "--output"),
            ([sweep, "--metric", "noSuchMetric"], "--metric"),
            (["--run"], "--run"),
        ]:
            status, _, err = run([PLOT, *args])
            lines = [line for line in err.splitlines() if line.strip()]
            check(status == 2 and len(lines) == 1 and names in err and "accepted" in err
                  and "Traceback" not in err,
                  f"bad input {' '.join(os.path.basename(a) for a in args) or '(none)'}: exit 2, "
                  f"one line naming '{names}' and what is accepted ({status}: {err.strip()[:200]!r})")
        check(sorted(os.listdir(bad)) == before, "bad input: nothing written")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish("plot-test")


if __name__ == "__main__":
    sys.exit(main())
