#!/usr/bin/env bash
# The sweep tool end to end on a tiny sweep: 2 values x 2 runs of one hour.
# Checks the folder-per-run layout, the summary rows and, with gnuplot, the plot.
set -euo pipefail
src="$1"
build="$2"
out="$build/sweep-smoke"
rm -rf "$out"
NTP_PEER_BUILD_DIR="$build" "$src/utils/ntp-peer-sweep" --param delay --values 0.005,0.02 --runs 2 \
    --out "$out" -- --simTime=3600
rows=$(($(wc -l <"$out/summary.csv") - 1))
[ "$rows" -eq 4 ] || { echo "expected 4 summary rows, got $rows"; exit 1; }
for dir in "$out/delay=0.005/run-1" "$out/delay=0.02/run-2"; do
    [ -s "$dir/result.json" ] || { echo "missing $dir/result.json"; exit 1; }
    [ -s "$dir/timeseries.csv" ] || { echo "missing $dir/timeseries.csv"; exit 1; }
done
# Every run is configured and synchronized within the hour (ntpd-like start-up: SYNC by 755 s).
if awk -F, 'NR > 1 && ($3 != "true" || $4 != "true") { bad = 1 } END { exit !bad }' "$out/summary.csv"; then
    echo "a run was not configured or not synchronized:"; cat "$out/summary.csv"; exit 1
fi
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$out/summary.png" ] || { echo "gnuplot is installed but no plot was made"; exit 1; }
fi
echo "sweep smoke: $rows runs, summary and plot written"
