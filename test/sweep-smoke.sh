#!/usr/bin/env bash
# The sweep tool's original form end to end on a tiny sweep: 2 values x 2 runs
# of one hour (--param/--values/--runs/--out -- ARGS, as before issue #13).
# Checks the folder-per-run layout, one row per run in runs.csv, one per value
# in summary.csv, and the plot.
set -euo pipefail
src="$1"
build="$2"
out="$build/sweep-smoke"
rm -rf "$out"
NTP_PEER_BUILD_DIR="$build" "$src/utils/ntp-peer-sweep" --param delay --values 0.005,0.02 --runs 2 \
    --out "$out" -- --simTime=3600
rows=$(($(wc -l <"$out/runs.csv") - 1))
[ "$rows" -eq 4 ] || { echo "expected 4 rows in runs.csv, got $rows"; exit 1; }
values=$(($(wc -l <"$out/summary.csv") - 1))
[ "$values" -eq 2 ] || { echo "expected 2 rows in summary.csv, got $values"; exit 1; }
for dir in "$out/delay=0.005/run-1" "$out/delay=0.02/run-2"; do
    [ -s "$dir/result.json" ] || { echo "missing $dir/result.json"; exit 1; }
    [ -s "$dir/timeseries.csv" ] || { echo "missing $dir/timeseries.csv"; exit 1; }
done
# Every run is ok, configured and synchronized within the hour (ntpd-like
# start-up: SYNC by 755 s). Columns by name: the metrics follow the JSON.
if ! awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["status"] != "ok" || $col["configured"] != "true" || $col["synchronized"] != "true" { bad = 1 }
    END { exit bad }' "$out/runs.csv"; then
    echo "a run was not ok, configured and synchronized:"; cat "$out/runs.csv"; exit 1
fi
[ -s "$out/summary.png" ] && [ -s "$out/summary.svg" ] || { echo "no plot was made"; exit 1; }
echo "sweep smoke: $rows runs, summary and plot written"
