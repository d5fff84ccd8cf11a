#!/usr/bin/env bash
# Runs the examples as a user would (through their --json output) and checks
# what they exist to show.
set -euo pipefail
build="$1"

field() { sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" <<<"$2"; }
fail() { echo "FAIL: $*"; exit 1; }
abs_below() { awk -v x="$1" -v limit="$2" 'BEGIN { exit !((x < 0 ? -x : x) < limit) }'; }

# The default scenario synchronizes (sync bound 980 s, see doc/ntp-peer.rst)
# and ends within a millisecond after a day.
out="$("$build/examples/ntp-peer-mode" --json)"
[ "$(field synchronized "$out")" = true ] || fail "ntp-peer-mode: not synchronized: $out"
abs_below "$(field final_true_offset_s "$out")" 1e-3 || fail "ntp-peer-mode: final offset: $out"
echo "ntp-peer-mode: SYNC after $(field sync_state_time_s "$out") s, within 1 ms from $(field within_1ms_time_s "$out") s, B - A $(field final_true_offset_s "$out") s"

# Backup: R1 loses its upstream at 12 h and takes time from R2, one stratum
# lower than R2 (2 -> 3); R2 keeps S2. A day leaves R1 within 1 ms (its
# frequency was learned from S1, R2 is within microseconds of S2 = S1).
out="$("$build/examples/ntp-peer-backup" --json)"
[ "$(field r1_synchronized "$out")" = true ] || fail "ntp-peer-backup: R1 not synchronized: $out"
[ "$(field r1_stratum "$out")" = 3 ] || fail "ntp-peer-backup: R1 should be stratum 3 via R2: $out"
[ "$(field r2_stratum "$out")" = 2 ] || fail "ntp-peer-backup: R2 should keep S2 (stratum 2): $out"
abs_below "$(field r1_true_offset_s "$out")" 1e-3 || fail "ntp-peer-backup: R1 offset: $out"
# Without the failure R1 stays on S1 at stratum 2.
out="$("$build/examples/ntp-peer-backup" --json --failTime=1e9)"
[ "$(field r1_stratum "$out")" = 2 ] || fail "ntp-peer-backup: without failure R1 is stratum 2: $out"
echo "ntp-peer-backup: R1 moved to R2 at stratum 3 and stayed within 1 ms"
