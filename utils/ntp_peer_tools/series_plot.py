"""A run's figure: offset against time (ground truth and NTP's estimate),
the poll interval and the clock discipline's state underneath, clock steps
and scenario events marked.

Reads the time series the programs write: ntp-peer-mode --csv FILE (columns
time_s, true_offset_s, est_offset_s, ..., poll, reach, state, ...) and
ntp-peer-scenario --out DIR (DIR/NAME/NODE.csv with time_s,
offset_to_true_time_s, offset_to_system_peer_s, estimated_offset_s, poll,
state, synchronized, and DIR/NAME/report.json).
"""

import csv
import json
import os

import numpy as np

from .cli import UsageError
from .plotting import plt, save, second_unit, time_axis_unit

MODE_COLUMNS = {"time_s", "true_offset_s", "est_offset_s", "poll", "state"}
SCENARIO_COLUMNS = {"time_s", "offset_to_true_time_s", "offset_to_system_peer_s",
                    "estimated_offset_s", "poll", "state"}
STATES = ["none", "NSET", "FSET", "SPIK", "FREQ", "SYNC"]
# Most points a line keeps: 1 s samples of a day would make SVGs of megabytes
# and draw no better than the envelope kept here.
MAX_POINTS = 4000


class Series:
    """One clock's time series: arrays of the same length."""

    def __init__(self, name, time, truth, estimate, poll, state):
        self.name, self.time, self.truth, self.estimate = name, time, truth, estimate
        self.poll, self.state = poll, state


def floats(rows, column, sign=1.0):
    return np.array([sign * float(r[column]) if r[column] not in ("", "nan") else np.nan
                     for r in rows])


def read_csv(path):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            columns = set(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"{path} cannot be read ({error}) (accepted: a CSV time series of "
                         "ntp-peer-mode --csv or ntp-peer-scenario --out)") from None
    return columns, rows


def read_series(path, name=None):
    """A time series file of either program as a Series."""
    columns, rows = read_csv(path)
    if not rows and columns >= {"time_s"}:
        raise UsageError(f"{path} has no rows (accepted: a time series with at least one sample)")
    try:
        if MODE_COLUMNS <= columns:
            # Both are B minus A (the program negates NTP's offset to match).
            return Series(name or "B - A", floats(rows, "time_s"), floats(rows, "true_offset_s"),
                          floats(rows, "est_offset_s"), floats(rows, "poll"),
                          [r["state"] or "none" for r in rows])
        if SCENARIO_COLUMNS <= columns:
            # NTP's offset is the reference minus this clock: negated, it is
            # this clock minus its system peer, as the ground truth column.
            estimate = floats(rows, "estimated_offset_s", -1.0)
            truth = floats(rows, "offset_to_system_peer_s")
            estimate[np.isnan(truth)] = np.nan  # no system peer: nothing estimated
            series = Series(name or os.path.basename(path)[:-4], floats(rows, "time_s"), truth,
                            estimate, floats(rows, "poll"), [r["state"] for r in rows])
            series.own_clock = floats(rows, "offset_to_true_time_s")
            return series
    except (ValueError, KeyError) as error:
        raise UsageError(f"{path}: a value is no number ({error}) (accepted: the CSV as the "
                         "programs write it)") from None
    raise UsageError(f"{path} is no time series of ntp-peer-mode or ntp-peer-scenario (accepted: "
                     "columns time_s,true_offset_s,est_offset_s,... (ntp-peer-mode --csv) or "
                     "time_s,offset_to_true_time_s,... (ntp-peer-scenario --out))")


def steps(time, clock):
    """Times of clock steps, found in the ground truth: a change between two
    samples that no slew or frequency can make. A clock moves at most 1 ms/s
    by itself (500 ppm frequency error plus a 500 ppm slew), a step at least
    by the 128 ms step threshold; 1 ms + 2 ms/s of the interval separates them."""
    if len(time) < 2:
        return []
    change = np.abs(np.diff(clock))
    bound = 1e-3 + 2e-3 * np.diff(time)
    jumps = np.nonzero(np.nan_to_num(change, nan=0.0) > bound)[0]
    return [float(time[i + 1]) for i in jumps]


def thin(time, values):
    """At most MAX_POINTS points, keeping each bucket's minimum and maximum
    (in time order) so that no spike disappears."""
    if len(time) <= MAX_POINTS:
        return time, values
    size = int(np.ceil(len(time) / (MAX_POINTS / 2)))
    keep = []
    for start in range(0, len(time), size):
        bucket = values[start:start + size]
        if np.all(np.isnan(bucket)):
            keep.append(start)
            continue
        low, high = int(np.nanargmin(bucket)), int(np.nanargmax(bucket))
        keep += sorted({start + low, start + high})
    keep = np.array(keep)
    return time[keep], values[keep]


def changes(time, values):
    """The samples where a step-like value changes, and the last one."""
    if len(values) == 0:
        return time, values
    keep = [0] + [i for i in range(1, len(values)) if values[i] != values[i - 1]] + [len(values) - 1]
    keep = sorted(set(keep))
    return time[keep], np.array([values[i] for i in keep])


def events_of(report):
    """(time, text) of what a scenario did: displays and attacks."""
    found = []
    for display in report.get("displays", []):
        found.append((display["time_s"], f"{display['node']}: {display['command']}"))
    for attack in report.get("attacks", []):
        found.append((attack["at_s"], f"{attack['kind']} attack on {attack['victim']}"))
        found.append((attack["until_s"], f"{attack['kind']} attack ends"))
    for event in report.get("events", []):
        found.append((event["time_s"], event["text"]))
    return sorted(found)


def draw(series_list, prefix, title, log=False, events=(), note=""):
    """The three-panel figure of one or more clocks; returns its files."""
    end = max(float(np.nanmax(s.time)) for s in series_list)
    t_scale, t_unit = time_axis_unit(end)
    magnitudes = [np.nanmax(np.abs(v)) for s in series_list for v in (s.truth, s.estimate)
                  if np.any(np.isfinite(v))]
    scale, unit = second_unit(max(magnitudes) if magnitudes else 1.0)
    figure, (ax_offset, ax_poll, ax_state) = plt.subplots(
        3, 1, figsize=(10, 7), sharex=True, gridspec_kw={"height_ratios": [3, 1, 1]})
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    step_times = []
    for index, s in enumerate(series_list):
        color = colors[index % len(colors)]
        t = s.time / t_scale
        for values, style, what in ((s.truth, "-", "true"), (s.estimate, ":", "NTP's estimate")):
            if not np.any(np.isfinite(values)):
                continue
            shown = np.abs(values) if log else values
            x, y = thin(t, shown / scale)
            ax_offset.plot(x, y, style, color=color, linewidth=1.4 if style == "-" else 1.2,
                           label=f"{s.name}, {what}")
        # Poll 0: the service has not started yet.
        x, y = changes(t, np.where(s.poll > 0, s.poll, np.nan))
        ax_poll.step(x, y, where="post", color=color, linewidth=1.2, label=s.name)
        codes = np.array([STATES.index(v) if v in STATES else 0 for v in s.state], dtype=float)
        # Clocks in the same state would hide each other: a small offset each.
        x, y = changes(t, codes + 0.06 * (index - (len(series_list) - 1) / 2))
        ax_state.step(x, y, where="post", color=color, linewidth=1.2)
        clock = getattr(s, "own_clock", s.truth)
        step_times += [(when, s.name) for when in steps(s.time, clock)]

    for axes in (ax_offset, ax_poll, ax_state):
        for number, (when, _) in enumerate(step_times):
            axes.axvline(when / t_scale, color="red", linestyle="--", linewidth=1, alpha=0.7,
                         label="clock step" if axes is ax_offset and number == 0 else None)
        for when, _ in events:
            axes.axvline(when / t_scale, color="dimgray", linestyle="-.", linewidth=0.8, alpha=0.6)
    for when, text in events:
        ax_offset.annotate(text, (when / t_scale, 1.0), xycoords=("data", "axes fraction"),
                           xytext=(2, -2), textcoords="offset points", rotation=90, va="top",
                           fontsize=7, color="dimgray")
    if log:
        ax_offset.set_yscale("log")
        ax_offset.set_ylabel(f"|offset| ({unit})")
    else:
        ax_offset.axhline(0, color="black", linewidth=0.6)
        ax_offset.set_ylabel(f"offset ({unit})")
    ax_offset.legend(fontsize=8, loc="upper right", ncol=2 if len(series_list) > 2 else 1)
    ax_offset.set_title(title + (f"\n{note}" if note else ""), fontsize=10)
    ax_poll.set_ylabel("poll (log2 s)")
    if len(series_list) > 1:
        ax_poll.legend(fontsize=8, loc="lower right", ncol=len(series_list))
    ax_poll.yaxis.get_major_locator().set_params(integer=True)
    ax_state.set_yticks(range(len(STATES)), STATES)
    ax_state.set_ylim(-0.5, len(STATES) - 0.5)
    ax_state.set_ylabel("clock state")
    ax_state.set_xlabel(f"simulated time ({t_unit})")
    ax_state.set_xlim(0, end / t_scale)
    figure.align_ylabels()
    return save(figure, prefix)


def plot_mode_csv(path, prefix, log=False, title=None):
    series = read_series(path)
    return draw([series], prefix, title or f"ntp-peer-mode: B - A ({os.path.basename(path)})", log)


def plot_node_csv(path, prefix, log=False, title=None):
    series = read_series(path)
    return draw([series], prefix, title or f"{series.name}: offset to its system peer", log)


def plot_scenario_dir(folder, prefix, log=False, title=None):
    """DIR/NAME of ntp-peer-scenario --out: every node of the scenario."""
    report_path = os.path.join(folder, "report.json")
    try:
        with open(report_path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as error:
        raise UsageError(f"{report_path} cannot be read ({error}) (accepted: a folder that "
                         "ntp-peer-scenario --out wrote)") from None
    nodes = sorted(report.get("nodes", {}))
    series = [read_series(os.path.join(folder, f"{n}.csv"), n) for n in nodes
              if os.path.isfile(os.path.join(folder, f"{n}.csv"))]
    if not series:
        raise UsageError(f"{folder} has no NODE.csv (accepted: a folder that ntp-peer-scenario "
                         "--out wrote)")
    shown = [s for s in series if np.any(np.isfinite(s.truth))]
    alone = [s.name for s in series if s not in shown]
    note = f"{', '.join(alone)}: no system peer (own clock), offset not shown" if alone else ""
    passed = "expectations held" if report.get("passed") else "an expectation failed"
    return draw(series, prefix,
                title or f"scenario {report.get('name', os.path.basename(folder))}: each clock "
                f"minus its system peer ({passed})", log, events_of(report), note)
