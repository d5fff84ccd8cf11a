"""runs.csv (one row per run) and summary.csv (one row per configuration)."""

import csv

from . import stats
from .runs import STATUSES, USED


def cell(value):
    """CSV text of a value: true/false, empty for null, numbers in full."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def metric_names(rows):
    """Every metric any run has, in the order they first appear."""
    names = {}
    for row in rows:
        for name in row["metrics"]:
            names.setdefault(name, None)
    return list(names)


def write_runs(path, params, rows):
    names = metric_names(rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow([*params, "run", "status", "exit_code", "wall_s", "message", "dir", *names])
        for row in rows:
            out.writerow([*row["values"], row["run"], row["status"], cell(row["exit_code"]),
                          cell(row["wall_s"]), row["message"], row["dir"],
                          *[cell(row["metrics"].get(name)) for name in names]])


def numeric(value):
    """Numbers and booleans (as 0/1: their mean is a fraction) enter statistics."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    return None


def write_summary(path, params, combos, rows):
    """Per configuration: run counts by status, then n, mean, standard
    deviation and 95 % interval of each metric over its ok and unmet runs."""
    names = [n for n in metric_names(rows)
             if any(numeric(r["metrics"].get(n)) is not None for r in rows)]
    header = [*params, "runs", *STATUSES]
    for name in names:
        header += [f"{name}_n", f"{name}_mean", f"{name}_std", f"{name}_ci95_low",
                   f"{name}_ci95_high"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        for combo in combos:
            mine = [r for r in rows if r["values"] == combo]
            line = [*combo, len(mine), *[sum(r["status"] == s for r in mine) for s in STATUSES]]
            used = [r for r in mine if r["status"] in USED]
            for name in names:
                sample = [numeric(r["metrics"].get(name)) for r in used]
                line += [cell(v) for v in stats.describe([v for v in sample if v is not None])]
            out.writerow(line)
    return header
