"""One run of a sweep: its command, its execution, its status and metrics.

Each run has a folder. Before it starts, command.json holds what to run; when
it ends, status.json holds how it ended. The same function runs it locally
and inside a SLURM task, so both backends classify runs the same way:

  ok       the program ran and exited 0
  unmet    a scenario ran but one of its expectations did not hold (exit 1):
           its measurements are valid and enter the statistics
  refused  the program refused the configuration (exit 2: an option out of
           range, a weak algorithm, a CLI line the router refuses)
  failed   anything else: a crash, a signal, a timeout, no result to read

Refused and failed runs never enter the statistics.
"""

import csv
import json
import math
import os
import subprocess
import time

USED = ("ok", "unmet")
STATUSES = ("ok", "unmet", "refused", "failed")


def write_json_atomically(path, data):
    """Readers (a resuming sweep, a waiting submitter) never see half a file."""
    partial = f"{path}.partial-{os.getpid()}"
    with open(partial, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(partial, path)


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def first_line(text, limit=300):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


def execute(run_dir):
    """Runs what run_dir/command.json says and writes run_dir/status.json."""
    command = read_json(os.path.join(run_dir, "command.json"))
    if command is None:
        status = {"status": "failed", "exit_code": None, "argv": None,
                  "message": f"{run_dir}/command.json is missing or unreadable", "wall_s": 0}
        write_json_atomically(os.path.join(run_dir, "status.json"), status)
        return status
    argv = command["argv"]
    stdout_path = os.path.join(run_dir, command["stdout"])
    stderr_path = os.path.join(run_dir, "stderr.txt")
    started = time.monotonic()
    exit_code = None
    timed_out = False
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        try:
            done = subprocess.run(argv, cwd=command["cwd"], stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=err, timeout=command.get("timeout"), check=False)
            exit_code = done.returncode
        except subprocess.TimeoutExpired:
            timed_out = True
        except OSError as error:
            err.write(f"cannot run {argv[0]}: {error}\n".encode())
    wall = time.monotonic() - started
    with open(stderr_path, encoding="utf-8", errors="replace") as f:
        message = first_line(f.read())
    status = classify(command, exit_code, timed_out, stdout_path, message)
    status.update(argv=argv, exit_code=exit_code, wall_s=round(wall, 3))
    write_json_atomically(os.path.join(run_dir, "status.json"), status)
    return status


def classify(command, exit_code, timed_out, stdout_path, message):
    if timed_out:
        return {"status": "failed", "message": f"timed out after {command['timeout']:g} s"}
    if exit_code is None:
        return {"status": "failed", "message": message or "could not be started"}
    if exit_code < 0:
        return {"status": "failed", "message": f"killed by signal {-exit_code}"
                + (f": {message}" if message else "")}
    if exit_code == 2:
        return {"status": "refused", "message": message or "refused (exit status 2)"}
    scenario = command["kind"] == "scenario"
    if exit_code == 1 and scenario:
        status = "unmet"
    elif exit_code != 0:
        return {"status": "failed", "message": f"exit status {exit_code}"
                + (f": {message}" if message else "")}
    else:
        status = "ok"
    if command.get("json") and not isinstance(read_json(stdout_path), dict):
        return {"status": "failed", "message": "no JSON object on stdout"}
    return {"status": status, "message": "expectation not held" if status == "unmet" else ""}


# ------------------------------------------------------------------- metrics
# Scenario runs: per node, these fields of the JSON report, and what the
# sweep computes from the node's time series (1 s samples) over the last
# quarter of the run, as ntp-peer-mode does for its own figures.
SCENARIO_NODE_FIELDS = ("synchronized", "sync_state_time_s", "within_1ms_time_s", "stratum",
                        "offset_to_true_time_s", "packets_tx", "packets_rx", "auth_failures")
SCENARIO_SERIES_FIELDS = ("rms_offset_to_peer_last_quarter_s",
                          "max_abs_offset_to_peer_last_quarter_s",
                          "rms_offset_to_true_time_last_quarter_s")
SCENARIO_FIELDS = ("passed", "expectations_held", "expectations",
                   "worst_rms_offset_to_peer_last_quarter_s")


def scalar(value):
    """A number, a boolean or None (null) is a metric; text and lists are not."""
    return value is None or isinstance(value, (bool, int, float))


def flatten(data, prefix=""):
    """{"a": {"b": 1}} -> {"a.b": 1}, scalars only, in the object's order."""
    flat = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif scalar(value):
            flat[name] = value
    return flat


def last_quarter(path):
    """(rms to peer, max |to peer|, rms to true time) over t >= 3/4 of the run."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(row)
    if not rows:
        return None, None, None
    start = 0.75 * float(rows[-1]["time_s"])
    to_peer = [float(r["offset_to_system_peer_s"]) for r in rows
               if float(r["time_s"]) >= start and r["offset_to_system_peer_s"] != ""]
    to_true = [float(r["offset_to_true_time_s"]) for r in rows if float(r["time_s"]) >= start]

    def rms(values):
        return math.sqrt(math.fsum(v * v for v in values) / len(values)) if values else None
    return rms(to_peer), (max(abs(v) for v in to_peer) if to_peer else None), rms(to_true)


def metrics(run_dir, command):
    """The run's measurements by name, from the files it wrote."""
    result = read_json(os.path.join(run_dir, command["stdout"]))
    if command["kind"] != "scenario":
        return flatten(result) if isinstance(result, dict) else {}
    report = (result or {}).get("files", [{}])[0]
    checks = report.get("expectations", [])
    found = {"passed": report.get("passed"),
             "expectations_held": sum(1 for c in checks if c.get("passed")),
             "expectations": len(checks)}
    worst = None
    for node, data in sorted(report.get("nodes", {}).items()):
        for field in SCENARIO_NODE_FIELDS:
            found[f"{node}.{field}"] = data.get(field)
        series = os.path.join(run_dir, report.get("name", ""), f"{node}.csv")
        values = last_quarter(series) if os.path.isfile(series) else (None, None, None)
        for field, value in zip(SCENARIO_SERIES_FIELDS, values):
            found[f"{node}.{field}"] = value
        if values[0] is not None:
            worst = values[0] if worst is None else max(worst, values[0])
    found["worst_rms_offset_to_peer_last_quarter_s"] = worst
    return found
