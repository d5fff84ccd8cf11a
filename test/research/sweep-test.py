#!/usr/bin/env python3
"""ntp-peer-sweep end to end, locally (issue #13).

1. A two-parameter grid of a scenario file, 3 seeds each, with the progress
   bar: runs.csv has every run, ok, in its folder; summary.csv's statistics
   equal those recomputed here from runs.csv (t quantile from a table); the
   plots exist; the same command again resumes without running anything.
2. A refused value (ntp-peer-mode --maxpoll 18): status refused, the
   program's message, no metrics, counted in summary.csv and not in its
   statistics; the others run.
3. A text-valued parameter (--auth md5,hmac-sha256): md5 is refused by the
   routers at run time (exit 2), hmac-sha256 runs; a categorical plot.
4. A run that fails (--timeout): status failed, exit status 1, excluded.

Usage: sweep-test.py SOURCE_DIR BUILD_DIR
"""

import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (MODE, SCENARIO, SOURCE, SWEEP, check, check_stats, finish, picture,  # noqa: E402
                    rows, run)


def grid(work):
    out = os.path.join(work, "grid")
    argv = [SWEEP, "--scenario", os.path.join(SOURCE, "scenarios", "lan-peers.yaml"),
            "--param", "nodes.R2.clock.frequency", "--values", "10,40",
            "--param", "nodes.R3.clock.offset", "--values", "-0.08,0.05",
            "--runs", "3", "--jobs", "2", "--out", out, "--progress",
            "--metric", "worst_rms_offset_to_peer_last_quarter_s", "--metric", "R2.sync_state_time_s"]
    started = time.monotonic()
    status, _, err = run(argv)
    print(f"grid: 12 runs in {time.monotonic() - started:.1f} s")
    check(status == 0, f"grid: exit status {status} (stderr: {err[-500:]!r})")
    check("run/s" in err or "s/run" in err, "grid: a tqdm progress bar on stderr")
    check("12 runs: 12 ok, 0 unmet, 0 refused, 0 failed" in err, "grid: the summary line counts 12 ok")
    found = rows(os.path.join(out, "runs.csv"))
    check(len(found) == 12, f"grid: runs.csv has 12 rows ({len(found)})")
    combos = {(r["nodes.R2.clock.frequency"], r["nodes.R3.clock.offset"]) for r in found}
    check(combos == {("10", "-0.08"), ("10", "0.05"), ("40", "-0.08"), ("40", "0.05")},
          "grid: every combination of the two parameters")
    check(all(r["status"] == "ok" and r["exit_code"] == "0" for r in found), "grid: every run ok")
    check(sorted(r["run"] for r in found) == sorted(["1", "2", "3"] * 4), "grid: seeds 1..3 each")
    first = found[0]
    command = json.load(open(os.path.join(out, first["dir"], "command.json"), encoding="utf-8"))
    check(f"--set=nodes.R2.clock.frequency={first['nodes.R2.clock.frequency']}" in command["argv"]
          and f"--seed={first['run']}" in command["argv"],
          "grid: the run's command sets both values (--set) and its seed (--seed)")
    check(os.path.isfile(os.path.join(out, first["dir"], "lan-peers", "R2.csv")),
          "grid: one folder per run with the scenario's time series")
    # Different seeds give different runs (else the intervals would mean nothing).
    offsets = {r["R2.offset_to_true_time_s"] for r in found
               if (r["nodes.R2.clock.frequency"], r["nodes.R3.clock.offset"]) == ("10", "-0.08")}
    check(len(offsets) == 3, f"grid: the 3 seeds of a configuration differ ({offsets})")
    summary = rows(os.path.join(out, "summary.csv"))
    check(len(summary) == 4, f"grid: summary.csv has 4 rows ({len(summary)})")
    for row in summary:
        mine = [r for r in found if (r["nodes.R2.clock.frequency"], r["nodes.R3.clock.offset"])
                == (row["nodes.R2.clock.frequency"], row["nodes.R3.clock.offset"])]
        label = f"grid {row['nodes.R2.clock.frequency']},{row['nodes.R3.clock.offset']}"
        check((row["runs"], row["ok"], row["refused"], row["failed"]) == ("3", "3", "0", "0"),
              f"{label}: 3 runs, 3 ok")
        for metric in ("worst_rms_offset_to_peer_last_quarter_s", "R2.sync_state_time_s",
                       "R3.offset_to_true_time_s", "R2.packets_tx", "passed"):
            check_stats(row, mine, metric, label)
    picture(os.path.join(out, "summary"), "grid")
    picture(os.path.join(out, "summary-R2.sync_state_time_s"), "grid, second metric")
    # Resume: everything is done, nothing runs again.
    before = os.path.getmtime(os.path.join(out, first["dir"], "status.json"))
    status, _, err = run(argv[:-1] + [argv[-1]])
    check(status == 0 and "resuming: 12 of 12 runs already done" in err
          and os.path.getmtime(os.path.join(out, first["dir"], "status.json")) == before,
          "grid: the same command again resumes and runs nothing")
    # A run whose result is lost runs again, alone.
    os.remove(os.path.join(out, first["dir"], "status.json"))
    status, _, err = run(argv)
    check(status == 0 and "resuming: 11 of 12 runs already done" in err
          and len(rows(os.path.join(out, "runs.csv"))) == 12,
          "grid: a run whose result was removed runs again, alone")


def refused(work):
    out = os.path.join(work, "refused")
    status, _, err = run([SWEEP, "--param", "maxpoll", "--values", "10,18", "--runs", "2",
                          "--out", out, "--", "--simTime=3600"])
    check(status == 0, f"refused: exit status {status} ({err[-300:]!r})")
    check("refused, not run: --maxpoll=18" in err, "refused: said on stderr before running")
    found = rows(os.path.join(out, "runs.csv"))
    bad = [r for r in found if r["maxpoll"] == "18"]
    good = [r for r in found if r["maxpoll"] == "10"]
    check(len(bad) == 2 and all(r["status"] == "refused" and r["exit_code"] == "2"
                                and "--maxpoll" in r["message"] and "accepted: 4..17" in r["message"]
                                and r["rms_true_offset_s"] == "" for r in bad),
          "refused: maxpoll 18 runs are 'refused' with the program's message and no metric")
    check(len(good) == 2 and all(r["status"] == "ok" for r in good), "refused: maxpoll 10 runs ok")
    summary = {r["maxpoll"]: r for r in rows(os.path.join(out, "summary.csv"))}
    row = summary["18"]
    check((row["runs"], row["ok"], row["refused"], row["failed"], row["rms_true_offset_s_n"],
           row["rms_true_offset_s_mean"]) == ("2", "0", "2", "0", "0", ""),
          "refused: summary counts 2 refused, no statistics (never a zero)")
    check_stats(summary["10"], good, "rms_true_offset_s", "refused: maxpoll 10")
    check("4 runs: 2 ok, 0 unmet, 2 refused, 0 failed" in err, "refused: the summary line counts them")
    picture(os.path.join(out, "summary"), "refused")


def text_values(work):
    out = os.path.join(work, "auth")
    status, _, err = run([SWEEP, "--param", "auth", "--values", "md5,hmac-sha256", "--runs", "2",
                          "--out", out, "--", "--simTime=3600"])
    check(status == 0, f"auth: exit status {status} ({err[-300:]!r})")
    found = rows(os.path.join(out, "runs.csv"))
    md5 = [r for r in found if r["auth"] == "md5"]
    hmac = [r for r in found if r["auth"] == "hmac-sha256"]
    check(len(md5) == 2 and all(r["status"] == "refused" and "weak" in r["message"] for r in md5),
          "auth: md5 runs refused by the routers (weak algorithm), with their message")
    check(len(hmac) == 2 and all(r["status"] == "ok" and r["synchronized"] == "true" for r in hmac),
          "auth: hmac-sha256 runs ok and synchronized")
    check(os.path.isdir(os.path.join(out, "auth=md5", "run-1")), "auth: folder auth=md5/run-1")
    summary = {r["auth"]: r for r in rows(os.path.join(out, "summary.csv"))}
    check(summary["md5"]["refused"] == "2" and summary["md5"]["rms_true_offset_s_n"] == "0",
          "auth: md5 counted as refused, not in the statistics")
    check_stats(summary["hmac-sha256"], hmac, "rms_true_offset_s", "auth: hmac-sha256")
    picture(os.path.join(out, "summary"), "auth (categorical axis)")


def failed(work):
    out = os.path.join(work, "failed")
    status, _, err = run([SWEEP, "--param", "delay", "--values", "0.005", "--runs", "1",
                          "--timeout", "0.001", "--no-plot", "--out", out, "--",
                          "--simTime=31536000"])
    found = rows(os.path.join(out, "runs.csv"))
    check(status == 1 and len(found) == 1 and found[0]["status"] == "failed"
          and "timed out" in found[0]["message"],
          f"failed: a run past --timeout is 'failed' and the sweep exits 1 ({status})")
    summary = rows(os.path.join(out, "summary.csv"))[0]
    check(summary["failed"] == "1" and summary["ok"] == "0", "failed: counted in summary.csv")
    check("1 failed" in err, "failed: the summary line counts it")


def main():
    for program in (MODE, SCENARIO):
        if not os.access(program, os.X_OK):
            print(f"sweep-test: {program} is missing: build first")
            return 1
    work = tempfile.mkdtemp(prefix="sweep-test-")
    try:
        grid(work)
        refused(work)
        text_values(work)
        failed(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish("sweep-test")


if __name__ == "__main__":
    sys.exit(main())
