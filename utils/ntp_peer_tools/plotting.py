"""What every figure shares: matplotlib without a display, readable units."""

import matplotlib

matplotlib.use("Agg")  # files only: no display is needed, or used

import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "axes.grid": True,
                     "grid.alpha": 0.3, "font.size": 10, "svg.fonttype": "none",
                     "savefig.bbox": "tight"})

# Seconds shown in the unit that keeps the largest value between 1 and 1000.
SECOND_UNITS = [(1.0, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]


def second_unit(largest):
    """(scale, unit) to divide seconds by, for values up to |largest| seconds."""
    for scale, unit in SECOND_UNITS:
        if abs(largest) >= scale:
            return scale, unit
    return SECOND_UNITS[-1]


def time_axis_unit(duration):
    """Simulated time in s, min or h, by the run's length."""
    if duration >= 3 * 3600:
        return 3600.0, "h"
    if duration >= 3 * 60:
        return 60.0, "min"
    return 1.0, "s"


def label(name):
    """A metric's column name as a readable label and its unit: "x_s" is seconds."""
    unit = None
    for suffix, meaning in (("_s", "s"), ("_ppm", "ppm")):
        if name.endswith(suffix):
            name, unit = name[: -len(suffix)], meaning
    text = name.replace("_", " ").replace("rms ", "RMS ")
    return text, unit


def save(figure, prefix):
    """PNG and SVG of the figure; returns their paths."""
    paths = [f"{prefix}.png", f"{prefix}.svg"]
    for path in paths:
        figure.savefig(path)
    plt.close(figure)
    return paths
