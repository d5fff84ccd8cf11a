"""A sweep's figure: a metric against the first parameter, mean and 95 %
confidence interval per point, one line per value of the other parameters,
and the configurations with refused or failed runs marked."""

import csv
import math

from matplotlib.transforms import blended_transform_factory

from .cli import UsageError
from .plotting import label, plt, save, second_unit
from .runs import STATUSES

MARKERS = "osD^v<>ph*"


def number(text):
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_summary(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        rows = list(reader)
    if not header or "runs" not in header:
        raise UsageError(f"{path} is no sweep summary (accepted: the summary.csv that "
                         "ntp-peer-sweep writes)")
    params = header[: header.index("runs")]
    return params, [dict(zip(header, row)) for row in rows], header


def metrics_of(header):
    return [h[: -len("_mean")] for h in header if h.endswith("_mean")]


def plot_sweep(summary_path, metric, prefix, program="", runs_per_point=None, log_y=None,
               units=None):
    """Draws summary_path's metric; returns the files written (PNG, SVG)."""
    params, rows, header = read_summary(summary_path)
    if f"{metric}_mean" not in header:
        known = metrics_of(header)
        raise UsageError(f"--metric '{metric}' is not in {summary_path} (accepted: "
                         f"{', '.join(known[:12])}{', ...' if len(known) > 12 else ''})")
    x_param, others = params[0], params[1:]
    x_texts = list(dict.fromkeys(r[x_param] for r in rows))
    # Numbers go on a numeric axis (log when they span decades); text values
    # (--auth md5,hmac-sha256) are categories in their given order.
    x_numbers = [number(x) for x in x_texts]
    categorical = any(x is None for x in x_numbers)
    position = {x: (i if categorical else number(x)) for i, x in enumerate(x_texts)}
    log_x = (not categorical and min(x_numbers) > 0 and max(x_numbers) / min(x_numbers) >= 100)

    means = [number(r[f"{metric}_mean"]) for r in rows]
    finite = [abs(m) for m in means if m is not None]
    name, unit = label(metric)
    scale = 1.0
    if unit == "s":
        scale, unit = second_unit(max(finite) if finite else 1.0)

    figure, axes = plt.subplots(figsize=(8, 4.8))
    groups = list(dict.fromkeys(tuple(r[p] for p in others) for r in rows))
    # Groups side by side around a category, so that their intervals do not
    # hide each other; on a numeric axis the points stay where they are.
    spread = 0.25 if categorical and len(groups) > 1 else 0.0
    for index, group in enumerate(groups):
        by_x = {r[x_param]: r for r in rows if tuple(r[p] for p in others) == group}
        shift = spread * (index / (len(groups) - 1) - 0.5) if spread else 0.0
        xs, ys, below, above = [], [], [], []
        for x in x_texts:
            r = by_x.get(x)
            mean = number(r[f"{metric}_mean"]) if r else None
            low = number(r[f"{metric}_ci95_low"]) if r else None
            high = number(r[f"{metric}_ci95_high"]) if r else None
            # No value (every run refused or failed): a gap in the line.
            xs.append(position[x] + shift)
            ys.append(mean / scale if mean is not None else math.nan)
            below.append((mean - low) / scale if mean is not None and low is not None else 0.0)
            above.append((high - mean) / scale if mean is not None and high is not None else 0.0)
        if len(others) == 1:
            text = group[0]
        else:
            text = ", ".join(f"{p}={v}" for p, v in zip(others, group)) or "mean, 95 % CI"
        axes.errorbar(xs, ys, yerr=[below, above], marker=MARKERS[index % len(MARKERS)],
                      capsize=4, linewidth=1.5, markersize=5, label=text)

    # Refused and failed runs: a red cross at the foot of the axes at their x,
    # with how many, so that a hole in a line is never mistaken for a value.
    foot = blended_transform_factory(axes.transData, axes.transAxes)
    marked = False
    for x in x_texts:
        bad = {s: sum(int(r[s]) for r in rows if r[x_param] == x) for s in ("refused", "failed")}
        if not any(bad.values()):
            continue
        axes.plot([position[x]], [0.04], "x", color="red", markersize=9, mew=2, transform=foot,
                  clip_on=False, label=None if marked else "refused or failed runs")
        axes.annotate(", ".join(f"{n} {s}" for s, n in bad.items() if n), (position[x], 0.04),
                      xycoords=foot, xytext=(6, 4), textcoords="offset points", color="red",
                      fontsize=8)
        marked = True

    if categorical:
        axes.set_xticks(range(len(x_texts)), x_texts)
        axes.set_xlim(-0.5, len(x_texts) - 0.5)
    elif log_x:
        axes.set_xscale("log")
    if log_y is None:
        log_y = finite and min(finite) > 0 and all(m is None or m > 0 for m in means) \
            and max(finite) / min(finite) >= 1000
    if log_y:
        axes.set_yscale("log")
    x_unit = (units or {}).get(x_param)
    axes.set_xlabel(f"{x_param} ({x_unit})" if x_unit else x_param)
    axes.set_ylabel(f"{name} ({unit})" if unit else name)
    counts = {s: sum(int(r[s]) for r in rows) for s in STATUSES}
    per_point = f"{runs_per_point} runs per point" if runs_per_point else "runs per point as summary.csv"
    note = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    axes.set_title(f"{program + ': ' if program else ''}{name}, mean and 95 % CI\n"
                   f"{per_point}; runs: {note}", fontsize=10)
    if len(groups) > 1 or marked:
        axes.legend(fontsize=8, title=", ".join(others) if len(groups) > 1 else None,
                    title_fontsize=8)
    return save(figure, prefix)
