"""ntp-peer-sweep: runs a program over a grid of parameter values, N seeds each.

  ntp-peer-sweep [--program NAME_OR_PATH | --scenario FILE]
                 --param NAME --values V1,V2,... [--param NAME --values ...]...
                 [--runs N] [--out DIR] [--jobs J] [--timeout S]
                 [--backend local|slurm] [--slurm-option OPT]... [--no-wait]
                 [--metric NAME]... [--no-plot] [--progress | --no-progress] [-- ARGS...]

Every combination of the values (a grid) runs with seeds 1..N (--RngRun K,
or --seed K for a scenario file), one folder per run:
OUT/NAME=V/[NAME2=V2/...]run-K. The program is ntp-peer-mode by default,
another example, a scratch/ program or a path with --program (its ns-3
CommandLine options are the parameters), or ntp-peer-scenario with
--scenario FILE (the parameters are paths of the file, as for --set PATH=VALUE).
ARGS after -- go to every run.

Writes OUT/runs.csv (one row per run: status ok, unmet, refused or failed,
and every metric), OUT/summary.csv (per configuration: run counts by status,
then n, mean, standard deviation and 95 % confidence interval of each metric
over the ok and unmet runs) and OUT/summary.png and .svg (the first --metric
against the first parameter, one line per value of the others). Runs already
done are kept: the same command again resumes a sweep. --backend slurm runs
every run as a task of a SLURM job array (sbatch) and waits for them.
"""

import concurrent.futures
import itertools
import json
import os
import re
import subprocess
import sys

from . import runs, slurm, tables
from .cli import UsageError, fail, last, parse_options, positive_seconds, whole_number

TOOL = "ntp-peer-sweep"
VALUED = ["--param", "--values", "--runs", "--out", "--jobs", "--program", "--scenario",
          "--backend", "--metric", "--timeout", "--slurm-option"]
FLAGS = ["--no-plot", "--no-wait", "--progress", "--no-progress", "--help", "-h"]
ACCEPTED = ", ".join(VALUED + FLAGS[:-2] + ["--help", "-- ARGS"])

# What the sweep itself sets on every run's command line.
SET_BY_SWEEP = {
    "mode": {"RngRun": "--runs", "json": "the sweep", "csv": "the sweep (OUT/.../timeseries.csv)",
             "dryRun": "the sweep"},
    "program": {"RngRun": "--runs", "dryRun": "the sweep"},
    "scenario": {"seed": "--runs", "json": "the sweep", "out": "--out", "dryRun": "the sweep",
                 "junit": "the sweep"},
}
# Options of ntp-peer-mode that name outputs, not parameters.
OUTPUT_OPTIONS = {"csv", "pcap", "loopstats", "json", "dryRun"}
DEFAULT_METRIC = {"mode": "rms_true_offset_s",
                  "scenario": "worst_rms_offset_to_peer_last_quarter_s"}


class Program:
    """What runs: its kind (mode, scenario, program), path and options."""

    def __init__(self, kind, name, path, scenario=None):
        self.kind, self.name, self.path, self.scenario = kind, name, path, scenario
        self.options = []
        if kind != "scenario":
            # Read the whole help: the options are the lines "    --name:".
            help_text = subprocess.run([path, "--PrintHelp"], capture_output=True, text=True,
                                       stdin=subprocess.DEVNULL, check=False).stdout
            program_part = help_text.split("General Arguments:")[0]
            self.options = re.findall(r"^\s+--([A-Za-z][A-Za-z0-9]*):", program_part, re.M)
        # Units of the options, from their help ("... (s) (accepted: ...)"), for plot labels.
        self.units = dict(re.findall(r"^\s+--([A-Za-z0-9]+):.*?\((s|ms|ppm|ppm/sqrt\(s\)|log2 s)\)",
                                     help_text, re.M)) if kind != "scenario" else {}
        self.dry_run = kind == "scenario" or "dryRun" in self.options
        self.json = kind == "scenario" or "json" in self.options

    def settings(self, params, combo):
        if self.kind == "scenario":
            return [f"--set={p}={v}" for p, v in zip(params, combo)]
        return [f"--{p}={v}" for p, v in zip(params, combo)]

    def head(self):
        return [self.path] + ([self.scenario] if self.kind == "scenario" else [])

    def run_argv(self, params, combo, extra, seed, run_dir):
        argv = [*self.head(), *self.settings(params, combo), *extra]
        if self.kind == "scenario":
            return argv + [f"--seed={seed}", "--json", f"--out={run_dir}"]
        argv.append(f"--RngRun={seed}")
        if self.json:
            argv.append("--json")
        if self.kind == "mode":
            argv.append(f"--csv={os.path.join(run_dir, 'timeseries.csv')}")
        return argv


def usage():
    return __doc__.split('"""')[0].strip() + "\n"


def resolve_program(options, build_dir, source_dir):
    scenario = last(options, "--scenario")
    name = last(options, "--program")
    if scenario is not None and name is not None:
        raise UsageError("--scenario and --program both given (accepted: one of them; "
                         "--scenario FILE runs ntp-peer-scenario)")
    if scenario is not None:
        if not os.path.isfile(scenario):
            raise UsageError(f"--scenario '{scenario}' is not a file (accepted: a scenario file, "
                             "e.g. scenarios/lan-peers.yaml)")
        path = os.path.join(build_dir, "utils", "ntp-peer-scenario")
        program = ("scenario", "ntp-peer-scenario", path, os.path.abspath(scenario))
    elif name is None or "/" not in name:
        name = name or "ntp-peer-mode"
        candidates = [os.path.join(build_dir, "examples", name), os.path.join(build_dir, "scratch", name)]
        sources = [os.path.join(source_dir, "examples", f"{name}.cc"),
                   os.path.join(source_dir, "scratch", f"{name}.cc"),
                   os.path.join(source_dir, "scratch", name)]
        path = next((c for c in candidates if os.path.exists(c)), candidates[0])
        if not os.path.exists(path) and not any(os.path.exists(s) for s in sources):
            raise UsageError(f"--program '{name}' is no example or scratch/ program (accepted: "
                             "ntp-peer-mode, ntp-peer-backup, ntp-peer-vpn, a scratch/ program, "
                             "or a path to an ns-3 program)")
        program = ("mode" if name == "ntp-peer-mode" else "program", name, path, None)
    else:
        program = ("program", os.path.basename(name), os.path.abspath(name), None)
    kind, name, path, scenario = program
    if not os.access(path, os.X_OK) and path.startswith(build_dir + os.sep):
        build(build_dir, path)
    if not os.access(path, os.X_OK):
        target = os.path.basename(path)
        raise UsageError(f"{path} not found: build first (accepted: ./ntp-peer build, or cmake "
                         f"--build {build_dir} --target {target})")
    return Program(kind, name, path, scenario)


def build(build_dir, path):
    """Builds a program of the project that a configured build folder lacks
    (./ntp-peer run ntp-peer-sweep builds ntp-peer-mode only, and a sweep of
    a scenario file needs ntp-peer-scenario)."""
    if not os.path.isfile(os.path.join(build_dir, "CMakeCache.txt")):
        return
    folder, name = os.path.split(path)
    target = f"scratch_{name}" if os.path.basename(folder) == "scratch" else name
    jobs = os.environ.get("NTP_PEER_JOBS", str(os.cpu_count() or 2))
    print(f"{TOOL}: building {target} in {build_dir}", file=sys.stderr)
    subprocess.run(["cmake", "--build", build_dir, "-j", jobs, "--target", target],
                   stdout=sys.stderr, stdin=subprocess.DEVNULL, check=False)


def check_params(program, params):
    if len(set(params)) != len(params):
        raise UsageError(f"--param given twice (accepted: each parameter once, got {', '.join(params)})")
    for param in params:
        if program.kind == "scenario":
            if not re.fullmatch(r"[A-Za-z0-9_.\-]+", param):
                raise UsageError(f"--param '{param}' is not a path of the scenario file (accepted: "
                                 "a path as for --set, e.g. nodes.R2.clock.frequency, links.0.delay)")
            continue
        if param in SET_BY_SWEEP[program.kind]:
            raise UsageError(f"--param '{param}' is set by {SET_BY_SWEEP[program.kind][param]} "
                             "(accepted: a parameter of the program, e.g. jitter)")
        if program.kind == "mode" and param in OUTPUT_OPTIONS:
            raise UsageError(f"--param '{param}' is an output option, not a parameter (accepted: "
                             "a scenario parameter such as jitter)")
        if program.options and param not in program.options:
            examples = ", ".join(o for o in program.options[:4] if o not in OUTPUT_OPTIONS)
            raise UsageError(f"--param '{param}': {program.name} has no such option (accepted: the "
                             f"options of {program.name} --PrintHelp, e.g. {examples})")


def check_extra(program, params, extra):
    for arg in extra:
        name = arg.lstrip("-").split("=")[0]
        if arg.startswith("--") and name in SET_BY_SWEEP[program.kind]:
            raise UsageError(f"'{arg}' after -- is set by {SET_BY_SWEEP[program.kind][name]} "
                             f"(accepted: other options of {program.name})")
        if arg.startswith("--") and program.kind != "scenario" and name in params:
            raise UsageError(f"'{arg}' after -- is swept by --param {name} (accepted: a parameter "
                             "either swept or after --, not both)")


def split_values(text):
    values = text.split(",")
    if not text or any(v == "" for v in values):
        raise UsageError(f"--values '{text}' has an empty value (accepted: comma-separated values, "
                         "e.g. 0,0.001,0.002)")
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise UsageError(f"--values '{text}' repeats {repeated[0]} (accepted: distinct "
                         "comma-separated values)")
    return values


def check_out(out):
    if out == "":
        raise UsageError("--out '' is no directory name (accepted: a new or existing writable directory)")
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageError(f"--out '{out}' is not a directory (accepted: a new or existing writable directory)")
    parent = os.path.dirname(os.path.abspath(out))
    if not os.path.exists(out) and not (os.path.isdir(parent) and os.access(parent, os.W_OK)):
        raise UsageError(f"--out '{out}' cannot be created: {parent} is not a writable directory "
                         "(accepted: a new or existing writable directory)")
    if os.path.isdir(out) and not os.access(out, os.W_OK):
        raise UsageError(f"--out '{out}' is not writable (accepted: a new or existing writable directory)")


def folder(param, value):
    """A run folder's level; a value that is no file name is made one."""
    text = f"{param}={value}".replace(os.sep, "_")
    return text if text not in (".", "..") else f"{param}=_"


def probe_metrics(program):
    """Metric names the program's runs will have, when they can be known first."""
    if program.kind == "mode":
        # A refused configuration prints every field too; one simulated second.
        done = subprocess.run([program.path, "--json", "--simTime=1"], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, check=False)
        try:
            return list(runs.flatten(json.loads(done.stdout)))
        except ValueError:
            return None
    if program.kind == "scenario":
        import yaml  # python3-yaml: the node names are the file's
        try:
            with open(program.scenario, encoding="utf-8") as f:
                nodes = list((yaml.safe_load(f) or {}).get("nodes", {}) or {})
        except (OSError, yaml.YAMLError, AttributeError):
            return None
        names = list(runs.SCENARIO_FIELDS)
        for node in nodes:
            names += [f"{node}.{f}" for f in runs.SCENARIO_NODE_FIELDS + runs.SCENARIO_SERIES_FIELDS]
        return names
    return None


def dry_runs(program, params, combos, extra, jobs):
    """Refusals by combination: the program's own checks, nothing run."""
    if not program.dry_run:
        return {}

    def check(combo):
        argv = [*program.head(), *program.settings(params, combo), *extra, "--dryRun"]
        done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              check=False)
        if done.returncode == 0:
            return None
        message = runs.first_line(done.stderr) or f"exit status {done.returncode}"
        prefix = f"{program.name}: "
        return message[len(prefix):] if message.startswith(prefix) else message
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        answers = list(pool.map(check, combos))
    return {combo: answer for combo, answer in zip(combos, answers) if answer is not None}


def describe_combo(params, combo, program):
    return " ".join(program.settings(params, combo))


class Progress:
    """A tqdm bar on stderr (runs done, failed and refused, time left), or nothing."""

    def __init__(self, total, initial, enabled, counts):
        self.counts = counts
        self.bar = None
        if enabled:
            try:
                from tqdm import tqdm  # python3-tqdm
            except ImportError:
                print(f"{TOOL}: no progress bar: python3-tqdm is not installed", file=sys.stderr)
                return
            self.bar = tqdm(total=total, initial=initial, unit="run", desc=TOOL, file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1)
            self.bar.set_postfix(self.counts, refresh=True)

    def done(self, status, count=1):
        self.counts[status] = self.counts.get(status, 0) + count
        if self.bar:
            self.bar.set_postfix(self.counts, refresh=False)
            self.bar.update(count)

    def close(self):
        if self.bar:
            self.bar.close()


def run_local(todo, jobs, progress):
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    futures = [pool.submit(runs.execute, run_dir) for run_dir in todo]
    try:
        for future in concurrent.futures.as_completed(futures):
            progress.done(future.result()["status"])
    finally:
        # Ctrl-C: the runs still queued are dropped; those running got the
        # terminal's SIGINT too.
        pool.shutdown(wait=True, cancel_futures=True)


def collect(out, plan):
    rows = []
    for combo, seed, run_dir, command in plan:
        status = runs.read_json(os.path.join(run_dir, "status.json")) or {
            "status": "failed", "exit_code": None, "wall_s": None,
            "message": "no result (the run did not finish)"}
        found = runs.metrics(run_dir, command) if status["status"] in runs.USED else {}
        rows.append({"values": combo, "run": seed, "status": status["status"],
                     "exit_code": status.get("exit_code"), "wall_s": status.get("wall_s"),
                     "message": status.get("message", ""), "dir": os.path.relpath(run_dir, out),
                     "metrics": found})
    return rows


def plot(out, metrics, program, runs_per_point):
    try:
        from . import sweep_plot
    except ImportError as error:
        print(f"{TOOL}: no plot: {error} (install python3-matplotlib)", file=sys.stderr)
        return []
    made = []
    for index, metric in enumerate(metrics):
        prefix = os.path.join(out, "summary" if index == 0 else f"summary-{metric}")
        try:
            made += sweep_plot.plot_sweep(os.path.join(out, "summary.csv"), metric, prefix,
                                          program=program.name, runs_per_point=runs_per_point,
                                          units=program.units)
        except UsageError as error:
            print(f"{TOOL}: no plot of {metric}: {error}", file=sys.stderr)
    return made


def main(argv, source_dir):
    if argv[:1] == ["--slurm-task"]:
        return slurm.task(argv[1:])
    try:
        return sweep(argv, source_dir)
    except UsageError as error:
        fail(TOOL, str(error))
    except KeyboardInterrupt:
        fail(TOOL, "interrupted: the runs that finished are kept; the same command resumes the sweep",
             130)


def sweep(argv, source_dir):
    options, extra = parse_options(argv, VALUED, FLAGS, ACCEPTED)
    if options.get("--help") or options.get("-h"):
        sys.stdout.write(usage())
        return 0
    params = options.get("--param", [])
    value_texts = options.get("--values", [])
    if not params:
        raise UsageError("--param is required (accepted: an option of the program, e.g. jitter, "
                         "asymmetry, driftB, or with --scenario a path such as links.0.delay)")
    if len(value_texts) < len(params):
        raise UsageError(f"--values is required for --param {params[len(value_texts)]} (accepted: "
                         "comma-separated values after each --param, e.g. 0,0.001,0.002)")
    if len(value_texts) > len(params):
        raise UsageError("--values given without its --param (accepted: --param NAME --values "
                         "V1,V2,... for each parameter)")
    # Bounds keep a typo from starting a million runs or processes.
    seeds = whole_number(last(options, "--runs", "3"), "--runs", 1, 1000)
    jobs_given = last(options, "--jobs")
    jobs = whole_number(jobs_given or str(os.cpu_count() or 2), "--jobs", 1, 256)
    backend = last(options, "--backend", "local")
    if backend not in ("local", "slurm"):
        raise UsageError(f"--backend '{backend}' is unknown (accepted: local, slurm)")
    if backend == "slurm":
        slurm.check_commands()
    elif "--slurm-option" in options or "--no-wait" in options:
        raise UsageError("--slurm-option and --no-wait are for SLURM (accepted: with --backend slurm)")
    timeout = last(options, "--timeout")
    timeout = positive_seconds(timeout, "--timeout", 1e7) if timeout is not None else None
    if options.get("--progress") and options.get("--no-progress"):
        raise UsageError("--progress and --no-progress both given (accepted: one of them)")

    build_dir = os.environ.get("NTP_PEER_BUILD_DIR", os.path.join(source_dir, "build"))
    program = resolve_program(options, build_dir, source_dir)
    check_params(program, params)
    out = last(options, "--out", "sweep-" + "-".join(p.replace("/", "_") for p in params))
    check_out(out)
    values = [split_values(text) for text in value_texts]
    check_extra(program, params, extra)
    metrics = options.get("--metric") or ([DEFAULT_METRIC[program.kind]]
                                         if program.kind in DEFAULT_METRIC else [])
    if options.get("--metric"):
        known = probe_metrics(program)
        for metric in metrics:
            if known is not None and metric not in known:
                raise UsageError(f"--metric '{metric}' is no metric of {program.name} (accepted: "
                                 f"{', '.join(known[:12])}{', ...' if len(known) > 12 else ''})")

    # Every configuration is checked by the program before anything is
    # written. One it refuses becomes a row "refused"; when it refuses them
    # all there is nothing to sweep, and that is a usage error.
    combos = list(itertools.product(*values))
    refusals = dry_runs(program, params, combos, extra, jobs)
    if len(refusals) == len(combos):
        combo = combos[0]
        what = "" if len(combos) == 1 else f"all {len(combos)} configurations, e.g. "
        raise UsageError(f"{program.name} refuses {what}{describe_combo(params, combo, program)}"
                         f"{' ' + ' '.join(extra) if extra else ''}: {refusals[combo]}")

    out = os.path.abspath(out)
    os.makedirs(out, exist_ok=True)
    plan = []
    todo = []
    counts = {s: 0 for s in runs.STATUSES}
    for combo in combos:
        base = os.path.join(out, *[folder(p, v) for p, v in zip(params, combo)])
        for seed in range(1, seeds + 1):
            run_dir = os.path.join(base, f"run-{seed}")
            argv_run = program.run_argv(params, combo, extra, seed, run_dir)
            command = {"argv": argv_run, "cwd": os.getcwd(), "kind": program.kind,
                       "json": program.json, "timeout": timeout,
                       "stdout": "result.json" if program.json else "stdout.txt"}
            plan.append((combo, seed, run_dir, command))
            os.makedirs(run_dir, exist_ok=True)
            previous = runs.read_json(os.path.join(run_dir, "status.json"))
            if combo in refusals:
                runs.write_json_atomically(os.path.join(run_dir, "command.json"), command)
                runs.write_json_atomically(os.path.join(run_dir, "status.json"), {
                    "status": "refused", "exit_code": 2, "argv": argv_run, "wall_s": 0,
                    "message": f"{program.name}: {refusals[combo]}"})
                counts["refused"] += 1
            elif previous and previous.get("argv") == argv_run and previous["status"] != "failed":
                counts[previous["status"]] += 1  # done before: resumed
            else:
                if previous:
                    os.remove(os.path.join(run_dir, "status.json"))
                runs.write_json_atomically(os.path.join(run_dir, "command.json"), command)
                todo.append(run_dir)
    runs.write_json_atomically(os.path.join(out, "sweep.json"), {
        "program": program.name, "kind": program.kind, "path": program.path,
        "scenario": program.scenario, "params": params, "values": values, "runs": seeds,
        "args": extra, "backend": backend, "metrics": metrics,
        "units": {p: program.units[p] for p in params if p in program.units}})
    for combo, message in refusals.items():
        print(f"{TOOL}: refused, not run: {describe_combo(params, combo, program)}: {message}",
              file=sys.stderr)
    kept = len(plan) - len(todo) - counts["refused"]
    if kept:
        print(f"{TOOL}: resuming: {kept} of {len(plan)} runs already done", file=sys.stderr)

    show = options.get("--progress") or (not options.get("--no-progress") and sys.stderr.isatty())
    progress = Progress(len(plan), len(plan) - len(todo), show, counts)
    try:
        if backend == "local":
            run_local(todo, jobs, progress)
        elif todo or slurm.pending(out):
            finished = slurm.run(out, todo, progress, sbatch_options=options.get("--slurm-option", []),
                                 throttle=int(jobs_given) if jobs_given else None,
                                 wait=not options.get("--no-wait"))
            if not finished:
                return 0
    finally:
        progress.close()

    rows = collect(out, plan)
    tables.write_runs(os.path.join(out, "runs.csv"), params, rows)
    tables.write_summary(os.path.join(out, "summary.csv"), params, combos, rows)
    made = [] if options.get("--no-plot") else plot(out, metrics, program, seeds)
    total = {s: sum(r["status"] == s for r in rows) for s in runs.STATUSES}
    print(f"{TOOL}: {len(rows)} runs: " + ", ".join(f"{total[s]} {s}" for s in runs.STATUSES)
          + f"; per run {out}/runs.csv, statistics {out}/summary.csv"
          + (f", plot {made[0]}" if made else ""), file=sys.stderr)
    for row in rows:
        if row["status"] == "failed":
            print(f"{TOOL}: failed: {row['dir']}: {row['message']}", file=sys.stderr)
    return 1 if total["failed"] else 0
