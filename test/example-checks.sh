#!/usr/bin/env bash
# Runs the examples as a user would (through their --json output) and checks
# what they exist to show.
set -euo pipefail
build="$1"

# A top-level field of a JSON object, as JSON (strings with their quotes).
field() { python3 -c 'import json, sys; print(json.dumps(json.loads(sys.argv[2]).get(sys.argv[1])))' "$1" "$2"; }
fail() { echo "FAIL: $*"; exit 1; }
abs_below() { awk -v x="$1" -v limit="$2" 'BEGIN { exit !((x < 0 ? -x : x) < limit) }'; }

# The default scenario synchronizes (sync bound 980 s, see doc/ntp-peer.rst)
# and ends within a millisecond after a day.
out="$("$build/examples/ntp-peer-mode" --json)"
[ "$(field synchronized "$out")" = true ] || fail "ntp-peer-mode: not synchronized: $out"
abs_below "$(field final_true_offset_s "$out")" 1e-3 || fail "ntp-peer-mode: final offset: $out"
echo "ntp-peer-mode: SYNC after $(field sync_state_time_s "$out") s, within 1 ms from $(field within_1ms_time_s "$out") s, B - A $(field final_true_offset_s "$out") s"

# The IPv6 variant (unicast-peer ipv6): the same figures within noise
# (test/ntp-peer-vpn-test.cc, ntp-peer-ipv6, compares three seeds).
out6="$("$build/examples/ntp-peer-mode" --json --ipv6)"
[ "$(field synchronized "$out6")" = true ] || fail "ntp-peer-mode --ipv6: not synchronized: $out6"
[ "$(field ip_version "$out6")" = 6 ] || fail "ntp-peer-mode --ipv6: not IPv6: $out6"
abs_below "$(field final_true_offset_s "$out6")" 1e-3 || fail "ntp-peer-mode --ipv6: offset: $out6"
echo "ntp-peer-mode --ipv6: within 1 ms from $(field within_1ms_time_s "$out6") s (IPv4: $(field within_1ms_time_s "$out") s)"

# Backup: R1 loses its upstream at 12 h and takes time from R2, one stratum
# lower than R2 (2 -> 3); R2 keeps S2. A day leaves R1 within 1 ms (its
# frequency was learned from S1, R2 is within microseconds of S2 = S1).
out="$("$build/examples/ntp-peer-backup" --json)"
[ "$(field r1_synchronized "$out")" = true ] || fail "ntp-peer-backup: R1 not synchronized: $out"
[ "$(field r1_stratum "$out")" = 3 ] || fail "ntp-peer-backup: R1 should be stratum 3 via R2: $out"
[ "$(field r2_stratum "$out")" = 2 ] || fail "ntp-peer-backup: R2 should keep S2 (stratum 2): $out"
abs_below "$(field r1_true_offset_s "$out")" 1e-3 || fail "ntp-peer-backup: R1 offset: $out"
# Without the failure (after the end of the run) R1 stays on S1 at stratum 2.
out="$("$build/examples/ntp-peer-backup" --json --failTime=172800)"
[ "$(field r1_stratum "$out")" = 2 ] || fail "ntp-peer-backup: without failure R1 is stratum 2: $out"
echo "ntp-peer-backup: R1 moved to R2 at stratum 3 and stayed within 1 ms"

# The NTP version option (issue #8, D6: ns-3 swallowed --version=N). B's
# packets carry the version asked for, and the router default is 3.
out="$("$build/examples/ntp-peer-mode" --json --simTime=600 --ntpVersion=4)"
[ "$(field versions_sent_b "$out")" = "[4]" ] ||
    fail "ntp-peer-mode --ntpVersion=4: B did not send only version-4 packets: $out"
out="$("$build/examples/ntp-peer-mode" --json --simTime=600)"
[ "$(field versions_sent_b "$out")" = "[3]" ] ||
    fail "ntp-peer-mode: B should send version 3 by default: $out"
status=0
"$build/examples/ntp-peer-mode" --ntpVersion=5 >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "ntp-peer-mode --ntpVersion=5 exited $status, expected 2"
echo "ntp-peer-mode: --ntpVersion=4 sends version-4 packets, 3 by default, 5 is refused"

# ntp-peer-vpn (issue #9): in both families the right peering synchronizes
# to CE-A1 and the one naming vpnB to CE-B1 (ground truth), whose clock is
# 0.25 s - 60 ppm * 7200 s = -0.182 s off CE-A1's; a peering that names no
# VPN never synchronizes and says why.
for family in --ipv4 --ipv6; do
    flag=$([ "$family" = --ipv6 ] && echo --ipv6 || true)
    for mismatch in wrong-vpn no-vpn; do
        out="$("$build/examples/ntp-peer-vpn" --json --mismatch=$mismatch $flag)"
        python3 - "$out" "$mismatch" <<'PY' || fail "ntp-peer-vpn $family --mismatch=$mismatch: $out"
import json, sys
r = json.loads(sys.argv[1])
right, second = r["peerings"]
assert right["synchronized_to"] == "CE-A1", right
if sys.argv[2] == "wrong-vpn":
    assert second["synchronized_to"] == "CE-B1", second
    assert abs(second["offset_to_intended_s"] - (0.25 - 60e-6 * 7200)) < 1e-3, second
else:
    assert not second["synchronized"] and second["tx_drops"].get("peer-in-vpn-instance", 0) > 0, second
PY
    done
    echo "ntp-peer-vpn $family: right peering on CE-A1, wrong VPN on CE-B1, no VPN refused (peer-in-vpn-instance)"
done
status=0
"$build/examples/ntp-peer-vpn" --mismatch=bogus >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "ntp-peer-vpn --mismatch=bogus exited $status, expected 2"

# Issue #12: a run whose packets are all refused has no estimate to show:
# null in JSON, absent from the summary (never a made-up +0.000000 s).
out="$("$build/examples/ntp-peer-mode" --json --simTime=2000 --auth=hmac-sha256 --keyMismatch)"
[ "$(field final_est_offset_s "$out")" = null ] || fail "refused run: final_est_offset_s: $out"
[ "$(field synchronized "$out")" = false ] || fail "refused run synchronized: $out"
out="$("$build/examples/ntp-peer-mode" --simTime=2000 --auth=hmac-sha256 --keyMismatch)"
! grep -q "as NTP estimates it" <<<"$out" || fail "refused run prints an estimate: $out"
out="$("$build/examples/ntp-peer-mode" --simTime=2000)"
grep -q "as NTP estimates it" <<<"$out" || fail "a synchronized run lost its estimate: $out"
echo "ntp-peer-mode: no estimate printed for a run without samples, one for a synchronized run"

# ntp-peer-probes (issue #12): B's TrueOffset through a DoubleProbe into a
# FileHelper and a GnuplotHelper; both files hold one row per clock update
# the example counted on the raw trace, and the gnuplot script names the data.
probes="$(mktemp -d)"
trap 'rm -rf "$probes"' EXIT
out="$("$build/examples/ntp-peer-probes" --json --simTime=21600 --prefix="$probes/b")"
updates="$(field clock_updates "$out")"
[ "$updates" -gt 0 ] || fail "ntp-peer-probes: no clock update: $out"
rows="$(grep -c '^[0-9]' "$probes/b.txt")"
[ "$rows" = "$updates" ] || fail "ntp-peer-probes: $rows rows in b.txt, $updates updates: $out"
rows="$(grep -c '^[0-9]' "$probes/b.dat")"
[ "$rows" = "$updates" ] || fail "ntp-peer-probes: $rows rows in b.dat, $updates updates: $out"
grep -q "$probes/b.dat" "$probes/b.plt" || fail "ntp-peer-probes: b.plt does not plot b.dat"
echo "ntp-peer-probes: $updates clock updates of B, as many rows in b.txt and b.dat"
