"""ntp-peer-plot: figures of runs and sweeps, as PNG and SVG.

  ntp-peer-plot INPUT [--output PREFIX] [--log] [--metric NAME]... [--title TEXT]
  ntp-peer-plot --run PROGRAM [ARGS...] --plot[=PREFIX]

INPUT is what the programs write:
  FILE.csv          a time series of ntp-peer-mode --csv, or NODE.csv of a scenario
  DIR               ntp-peer-scenario --out DIR (a figure per scenario, DIR/NAME/plot),
                    one scenario's DIR/NAME, a sweep's run folder, or a sweep's OUT
  OUT/summary.csv   a sweep: --metric NAME against the parameters (default: the
                    sweep's own metrics; any column NAME_mean of summary.csv)
A run's figure is its offset against time (ground truth, solid, and NTP's
estimate, dotted), the poll interval and the clock state underneath, clock
steps (red dashed) and scenario events marked; --log shows |offset| on a log
scale. Files: PREFIX.png and PREFIX.svg (default beside the input: FILE.png,
DIR/NAME/plot.png, OUT/summary.png).

--run runs PROGRAM (ntp-peer-mode or ntp-peer-scenario) with ARGS, adding the
output the figure needs (--csv=PREFIX.csv, or --out PREFIX for a scenario)
unless ARGS have one, then draws it: how ./ntp-peer gives the C++ programs
--plot. The exit status is the program's.
"""

import os
import subprocess
import sys

from .cli import UsageError, fail, last, parse_options

TOOL = "ntp-peer-plot"
VALUED = ["--output", "--metric", "--title"]
FLAGS = ["--log", "--help", "-h"]
ACCEPTED = "INPUT, --output PREFIX, --log, --metric NAME, --title TEXT, --help, --run PROGRAM ARGS"
INPUTS = ("a CSV of ntp-peer-mode --csv, a NODE.csv, a folder of ntp-peer-scenario --out, a sweep "
          "folder or its summary.csv")


def usage():
    return __doc__.split('"""')[0].strip() + "\n"


def plot_input(path, output, log, metrics, title):
    """Draws what path holds; returns the files written."""
    from . import series_plot

    def prefix(default):
        return output if output else default

    if os.path.isfile(path):
        if os.path.basename(path) == "summary.csv":
            return plot_sweep(path, output, metrics, title)
        if not path.endswith(".csv"):
            raise UsageError(f"'{path}' is no CSV file (accepted: {INPUTS})")
        columns, _ = series_plot.read_csv(path)
        default = path[: -len(".csv")]
        if series_plot.MODE_COLUMNS <= columns:
            return series_plot.plot_mode_csv(path, prefix(default), log, title)
        if "runs" in columns:
            return plot_sweep(path, output, metrics, title)
        return series_plot.plot_node_csv(path, prefix(default), log, title)
    if not os.path.isdir(path):
        raise UsageError(f"'{path}' does not exist (accepted: {INPUTS})")
    if os.path.isfile(os.path.join(path, "summary.csv")):
        return plot_sweep(os.path.join(path, "summary.csv"), output, metrics, title)
    if os.path.isfile(os.path.join(path, "report.json")):
        return series_plot.plot_scenario_dir(path, prefix(os.path.join(path, "plot")), log, title)
    if os.path.isfile(os.path.join(path, "timeseries.csv")):
        return series_plot.plot_mode_csv(os.path.join(path, "timeseries.csv"),
                                         prefix(os.path.join(path, "plot")), log, title)
    scenarios = sorted(d for d in os.listdir(path)
                       if os.path.isfile(os.path.join(path, d, "report.json")))
    if not scenarios:
        raise UsageError(f"'{path}' holds no run or sweep (accepted: {INPUTS})")
    made = []
    for name in scenarios:
        default = os.path.join(path, name, "plot")
        made += series_plot.plot_scenario_dir(
            os.path.join(path, name), f"{output}-{name}" if output and len(scenarios) > 1
            else prefix(default), log, title)
    return made


def plot_sweep(summary, output, metrics, title):
    from . import runs, sweep_plot
    folder = os.path.dirname(summary)
    described = runs.read_json(os.path.join(folder, "sweep.json")) or {}
    if not metrics:
        _, _, header = sweep_plot.read_summary(summary)
        metrics = described.get("metrics") or sweep_plot.metrics_of(header)[:1]
    made = []
    for index, metric in enumerate(metrics):
        base = output or os.path.join(folder, "summary")
        made += sweep_plot.plot_sweep(summary, metric, base if index == 0 else f"{base}-{metric}",
                                      program=title or described.get("program", ""),
                                      runs_per_point=described.get("runs"),
                                      units=described.get("units"))
    return made


def run_and_plot(argv):
    """--run PROGRAM ARGS: the program's run, then its figure."""
    if not argv:
        raise UsageError("--run needs a program (accepted: --run PROGRAM [ARGS...] --plot[=PREFIX])")
    program, args = argv[0], argv[1:]
    name = os.path.basename(program)
    plots = [a for a in args if a == "--plot" or a.startswith("--plot=")]
    args = [a for a in args if a not in plots]
    prefix = plots[-1].partition("=")[2] if plots else ""
    if plots and not prefix and "=" in plots[-1]:
        raise UsageError("--plot= needs a file prefix (accepted: --plot or --plot=PREFIX)")
    if name == "ntp-peer-scenario":
        outs = [i for i, a in enumerate(args) if a == "--out" or a.startswith("--out=")]
        if outs:
            i = outs[-1]
            data = args[i].partition("=")[2] if "=" in args[i] else (args[i + 1] if i + 1 < len(args) else "")
        else:
            data = prefix or "scenario-plot"
            args += ["--out", data]
        target = data
        output = None  # a figure per scenario, DIR/NAME/plot
    elif name == "ntp-peer-mode" or any(a.startswith("--csv=") for a in args):
        csvs = [a for a in args if a.startswith("--csv=")]
        if csvs:
            target = csvs[-1].partition("=")[2]
        else:
            target = f"{prefix or name}.csv"
            args.append(f"--csv={target}")
        output = prefix or None
    else:
        raise UsageError(f"--plot works with ntp-peer-mode and ntp-peer-scenario, not {name} "
                         "(accepted: those two; any program's --csv file with ntp-peer-plot FILE)")
    status = subprocess.run([program, *args], check=False).returncode
    # A scenario whose expectation failed (1) still has its time series.
    if status in (0, 1) and os.path.exists(target):
        for path in plot_input(target, output, False, [], None):
            if path.endswith(".png"):
                print(f"{TOOL}: {path} (and .svg)", file=sys.stderr)
    return status


def main(argv):
    try:
        if argv[:1] == ["--run"]:
            return run_and_plot(argv[1:])
        # INPUT is any word that is neither an option nor an option's value.
        positional, optional = [], []
        i = 0
        while i < len(argv):
            word = argv[i]
            if word == "--":
                positional += argv[i + 1:]
                break
            if not word.startswith("-"):
                positional.append(word)
            else:
                optional.append(word)
                if word in VALUED and i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                    optional.append(argv[i + 1])
                    i += 1
            i += 1
        options, _ = parse_options(optional, VALUED, FLAGS, ACCEPTED)
        if options.get("--help") or options.get("-h"):
            sys.stdout.write(usage())
            return 0
        inputs = positional
        if len(inputs) != 1:
            raise UsageError(f"{'no input' if not inputs else 'more than one input: ' + ' '.join(inputs)} "
                             f"(accepted: one INPUT: {INPUTS})")
        made = plot_input(inputs[0], last(options, "--output"), bool(options.get("--log")),
                          options.get("--metric", []), last(options, "--title"))
    except UsageError as error:
        fail(TOOL, str(error))
    except OSError as error:
        fail(TOOL, f"cannot write the figure: {error} (accepted: --output PREFIX in a writable "
             "directory)")
    except ImportError as error:
        fail(TOOL, f"{error} (accepted: Debian 12's python3-numpy and python3-matplotlib, "
             "which ./ntp-peer test installs)")
    for path in made:
        print(path)
    return 0
