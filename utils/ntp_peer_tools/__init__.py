"""Python side of the ntp-peer research tools: ntp-peer-sweep and ntp-peer-plot.

The executables in utils/ are thin entry points; the work is done here, split
by job: command lines (cli), statistics (stats), what a sweep runs (plan), one
run and what it measured (runs), the SLURM backend (slurm), the tables
(tables) and the figures (sweep_plot, series_plot).

Only the standard library and Debian 12's python3-numpy, python3-matplotlib,
python3-tqdm and python3-yaml are used.
"""
