#!/usr/bin/env python3
"""Progress reports of long single runs (issue #13) and ntp-peer-scenario --dryRun.

ntp-peer-mode and ntp-peer-scenario with --progress print a first line
(simulated time of the total) and a last one (the total simulated and the
wall time) on stderr, and the same results as without it (its events change
nothing in the model); without --progress and without a terminal, stderr is
empty; on a terminal (script(1)) the line is rewritten in place with the
speed and the expected end, and --progress=false silences it.

Usage: progress-test.py SOURCE_DIR BUILD_DIR
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MODE, SCENARIO, SOURCE, check, finish, run  # noqa: E402

LAN = os.path.join(SOURCE, "scenarios", "lan-peers.yaml")


def on_terminal(script, command, typescript):
    """Runs command on a pseudo-terminal (script(1)); its stdin stays open
    until the end, since script ends the session at the end of its input."""
    process = subprocess.Popen([script, "-qec", command, typescript], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=120)
    finally:
        process.stdin.close()
    with open(typescript, encoding="utf-8", errors="replace", newline="") as f:
        return f.read()


def main():
    for program in (MODE, SCENARIO):
        if not os.access(program, os.X_OK):
            print(f"progress-test: {program} is missing: build first")
            return 1
    # Ten simulated days: long enough to matter, 0.2 s here.
    base = [MODE, "--json", "--simTime=864000", "--jitter=0.001"]
    status, quiet_out, quiet_err = run(base)
    check(status == 0 and quiet_err == "", "mode: no --progress, no terminal: nothing on stderr")
    status, out, err = run(base + ["--progress"])
    lines = err.splitlines()
    check(status == 0 and lines[0] == "ntp-peer-mode: 0 s of 10.0 days simulated (0%), starting"
          and re.fullmatch(r"ntp-peer-mode: 10\.0 days simulated in \d+:\d\d:\d\d \(\d+x real time\)",
                           lines[-1]) is not None,
          f"mode --progress: a first and a last line on stderr ({lines})")
    check(out == quiet_out, "mode --progress: the same JSON as without (the model is untouched)")

    status, quiet_out, _ = run([SCENARIO, LAN, "--json"])
    status, out, err = run([SCENARIO, LAN, "--json", "--progress"])
    lines = err.splitlines()
    check(status == 0 and lines[0] == "lan-peers: 0 s of 2.00 h simulated (0%), starting"
          and lines[-1].startswith("lan-peers: 2.00 h simulated in "),
          f"scenario --progress: first and last lines ({lines})")
    check(out == quiet_out, "scenario --progress: the same JSON as without")

    status, out, err = run([SCENARIO, LAN, "--dryRun"])
    check(status == 0 and out == "" and err == "", "scenario --dryRun: checks, runs nothing, exit 0")
    status, _, err = run([SCENARIO, LAN, "--dryRun", "--set", "duration=-1"])
    check(status == 2 and "duration" in err and "accepted" in err,
          "scenario --dryRun: a bad --set is refused with exit 2")

    script = shutil.which("script")
    if script is None:
        print("progress-test: script(1) is not installed: the terminal case is not checked")
    else:
        # A simulated year on a terminal takes a few seconds: the line is
        # rewritten in place (carriage returns) with speed and expected end.
        folder = tempfile.mkdtemp(prefix="progress-test-")
        try:
            typescript = os.path.join(folder, "tty")
            command = f"{MODE} --simTime=15552000 --json > {folder}/out.json"
            text = on_terminal(script, command, typescript)
            updates = re.findall(r"\rntp-peer-mode: [\d.]+ days of 180\.0 days simulated \(\d+%\), "
                                 r"\d+x real time, \d+:\d\d:\d\d left \(ends \d\d:\d\d:\d\d\)", text)
            check(len(updates) >= 1 and "180.0 days simulated in" in text,
                  f"terminal: the line is rewritten with speed and expected end ({len(updates)} updates)")
            text = on_terminal(script, command.replace("--json", "--json --progress=false"),
                               typescript)
            check("simulated" not in text, "terminal: --progress=false silences it")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return finish("progress-test")


if __name__ == "__main__":
    sys.exit(main())
