#!/usr/bin/env python3
"""The scenario runner against the equivalent C++ program (issue #11: "a
scenario with 100 routers runs as fast as the equivalent C++ program").

The same binary tree of routers (ntp-peer-bench's; tree-scenario.py writes
it as a scenario file), timed three ways: the C++ program alone, the C++
program keeping the ground truth the runner keeps (every clock read every
second: the floor for the runner), and the runner. Prints the figures side
by side and asserts nothing but that each run worked.

Usage: scenario-vs-cpp.py BUILD_DIR [ROUTERS [HOURS]]
"""
import os
import resource
import subprocess
import sys
import tempfile
import time


def measure(command):
    """Wall seconds and peak resident MiB of one run (it must succeed)."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(command[0], command)
    start = time.monotonic()
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"FAIL: {' '.join(command)} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    routers = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    hours = float(sys.argv[3]) if len(sys.argv) > 3 else 24
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as work:
        tree = os.path.join(work, "tree.yaml")
        with open(tree, "w") as out:
            subprocess.run([sys.executable, os.path.join(here, "tree-scenario.py"), str(routers),
                            str(hours)], stdout=out, check=True)
        bench = os.path.join(build, "utils", "ntp-peer-bench")
        runs = [
            ("C++ program, no ground truth", [bench, f"--nodes={routers}", f"--hours={hours}"]),
            ("C++ program, ground truth every second",
             [bench, f"--nodes={routers}", f"--hours={hours}", "--sampleEvery=1"]),
            ("scenario runner (ground truth every second)",
             [os.path.join(build, "utils", "ntp-peer-scenario"), tree]),
        ]
        figures = [(label, *measure(command)) for label, command in runs]
    print(f"{routers} routers, {hours:g} simulated hours (wall time, peak memory)")
    floor = figures[1][1]
    for i, (label, wall, mib) in enumerate(figures):
        note = {1: "  <- floor", 2: f"  ({wall / max(floor, 1e-3):.2f} x the floor)"}.get(i, "")
        print(f"  {label:<44} {wall:7.2f} s {mib:8.1f} MiB{note}")


if __name__ == "__main__":
    main()
