#!/usr/bin/env bash
# The scenario runner's contract. Invalid files: exit status 2 and a message
# naming the file, the line and column where the file states it, the key,
# and what is accepted. --set overrides a value (a bad path is refused),
# --junit writes one test case per expectation, and a failed expectation
# is exit status 1.
set -uo pipefail
runner=$1 dir=$2
fail() { echo "FAIL: $*"; exit 1; }
exact() { # FILE MESSAGE: exit status 2 and exactly this message (the file's path before it)
    local out status
    out=$("$runner" "$dir/$1" 2>&1 >/dev/null); status=$?
    [ "$status" = 2 ] || fail "$1: exit $status, expected 2: $out"
    [ "$out" = "$dir/$2" ] || fail "$1: message '$out', expected '$dir/$2'"
    echo "ok: $1: $out"
}
# Keys and types.
exact bad-top-key.yaml "bad-top-key.yaml:4:1: link: unknown key (accepted: duration, events, expect, lans, links, name, nodes, seed)"
exact bad-key.yaml "bad-key.yaml:4:5: nodes.A.clok: unknown key (accepted: clock, config, discipline, interfaces)"
exact bad-duration.yaml "bad-duration.yaml:1:11: duration: '-5' is out of range (accepted: 1..315360000)"
exact bad-duration-type.yaml "bad-duration-type.yaml:1:11: duration: 'soon' is not a number (accepted: 1..315360000)"
exact bad-nodes-list.yaml "bad-nodes-list.yaml:3:3: nodes: is a list (accepted: a mapping of router names, e.g. R1: {interfaces: ...})"
# Names: nodes of expectations and events, link ends.
exact bad-expect-node.yaml "bad-expect-node.yaml:7:12: expect[].node: 'C' is no node of the file (accepted: A, B)"
exact bad-event-node.yaml "bad-event-node.yaml:6:20: events[].node: 'b' is no node of the file (accepted: A, B)"
exact bad-link.yaml "bad-link.yaml:7:36: links[].ends: 'B GigabitEthernet0/0/1': B is no node of the file (accepted: NODE INTERFACE, NODE one of A)"
exact bad-link-interface.yaml "bad-link-interface.yaml:10:36: links[].ends: 'B GigabitEthernet0/0/2' is no interface of B (accepted: GigabitEthernet0/0/1)"
exact bad-event.yaml "bad-event.yaml:12:20: events[].link: names no link of the file (accepted: the ends of a link)"
# Attacks: the kinds and each kind's keys.
exact bad-attack.yaml "bad-attack.yaml:11:29: events[].attack.kind: 'jam' (accepted: delay, spoof, flood, kod)"
exact bad-attack-key.yaml "bad-attack-key.yaml:10:90: events[].attack.extra: unknown key (accepted: code, direction, kind, link, origin, poll, until)"
# Addresses, checked where the file states them (not when the topology is built).
exact bad-ipv4.yaml "bad-ipv4.yaml:5:36: nodes.A.interfaces.GigabitEthernet0/0/1.ipv4: '10.1.1.256/24' is not an IPv4 address and prefix length (accepted: ADDRESS/LENGTH such as 10.0.12.1/30, LENGTH 0..32)"
exact bad-ipv6.yaml "bad-ipv6.yaml:5:55: nodes.A.interfaces.GigabitEthernet0/0/1.ipv6: '2001:db8::1::2/64' is not an IPv6 address and prefix length (accepted: ADDRESS/LENGTH such as 2001:db8::1/64, LENGTH 0..128)"
# An interface needs an address of one family at least (IPv6 alone will do).
exact bad-interface-none.yaml "bad-interface-none.yaml:5:29: nodes.A.interfaces.GigabitEthernet0/0/1: has neither ipv4 nor ipv6 (accepted: {ipv4: ADDRESS/LENGTH}, {ipv6: ADDRESS/LENGTH} or both)"
# LANs: every end an interface of the file, an interface on one link or LAN,
# two ends or more.
exact bad-lan-end.yaml "bad-lan-end.yaml:10:62: lans[].ends: 'R3 GigabitEthernet0/0/3': R3 is no node of the file (accepted: NODE INTERFACE, NODE one of R1, R2)"
exact bad-lan-shared.yaml "bad-lan-shared.yaml:15:37: lans[].ends: 'R2 GE0/0/3' is already on the link or LAN of line 13 (accepted: one link or LAN per interface)"
exact bad-lan-one-end.yaml "bad-lan-one-end.yaml:7:11: lans[].ends: has 1 end (accepted: two or more NODE INTERFACE; an interface on no link or LAN needs no entry)"
# Link events on IPv6-only links take the IPv6 interfaces down and up again
# with their addresses (the file derives its expectations).
out=$("$runner" "$dir/ipv6-link-events.yaml" 2>&1); status=$?
[ "$status" = 0 ] || fail "ipv6-link-events.yaml: exit $status: $out"
echo "ok: ipv6-link-events.yaml"
out=$("$runner" 2>&1); status=$?
[ "$status" = 2 ] || fail "no argument: exit $status"
out=$("$runner" "$dir/missing.yaml" 2>&1); status=$?
[ "$status" = 2 ] && grep -q "cannot be read" <<<"$out" || fail "missing file: $status $out"
echo "ok: missing file"

# The seed procedure cannot be in SYNC before 621 s (A's local clock is
# selectable after ntpd's 300 s orphan wait and its first 21 s poll, then
# B's FREQ interval takes 300 s): "by: 600" must fail, exit 1.
seed="$dir/../../scenarios/seed-procedure.yaml"
junit=$(mktemp)
trap 'rm -f "$junit"' EXIT
out=$("$runner" "$seed" --set expect.0.by=600 --set nodes.B.clock.frequency=-40 --junit "$junit"); status=$?
[ "$status" = 1 ] || fail "--set expect.0.by=600: exit $status, expected 1: $out"
grep -q "FAIL line 33: B synchronized by 600 s" <<<"$out" || fail "--set: $out"
python3 - "$junit" <<'PY' || fail "--junit: $(cat "$junit")"
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert suite.get("tests") == "4" and suite.get("failures") == "1", suite.attrib
failed = [c.get("name") for c in suite.findall("testcase") if c.find("failure") is not None]
assert failed == ["line 33: B synchronized by 600 s"], failed
PY
echo "ok: --set and --junit"
out=$("$runner" "$seed" --set nodes.C.clock.frequency=1 2>&1); status=$?
[ "$status" = 2 ] && grep -q "'C' is not in the file" <<<"$out" || fail "--set bad path: $status $out"
out=$("$runner" "$seed" --junit 2>&1); status=$?
[ "$status" = 2 ] && grep -q "needs a value" <<<"$out" || fail "--junit without file: $status $out"
# Keys no shipped scenario uses (discipline, wander, phase_noise, precision, loss,
# rate, synchronized: false, system_peer: none, true_time); the name
# defaults to the file's; a 10 % loss shows, each way: B gets 90 % of A's
# answers (A's stateless replies; its crypto-NAKs go to C) and A 90 % of
# B's packets (binomial, 60..80 packets: 80..97 % is about three standard
# deviations either side).
out=$("$runner" "$dir/keys.yaml" --json); status=$?
[ "$status" = 0 ] || fail "keys.yaml: exit $status: $out"
python3 - "$out" <<'PY' || fail "keys.yaml report: $out"
import json, sys
report = json.loads(sys.argv[1])["files"][0]
assert report["name"] == "keys", report["name"]
a, b, c = (report["nodes"][n] for n in "ABC")
to_b = b["packets_rx"] / a["counters"]["stateless_replies"]
to_a = (a["packets_rx"] - c["packets_tx"]) / b["packets_tx"]
assert 0.80 <= to_b <= 0.97 and 0.80 <= to_a <= 0.97, (to_b, to_a)
PY
echo "ok: keys.yaml"
# A bad value given with --set is reported against the --set, not a line.
out=$("$runner" "$seed" --set nodes.B.clock.frequency=900 2>&1); status=$?
[ "$status" = 2 ] && [ "$out" = "$seed: --set nodes.B.clock.frequency=900: nodes.B.clock.frequency: '900' is out of range (accepted: -500..500)" ] \
    || fail "--set out of range: $status $out"
out=$("$runner" "$dir/keys.yaml" --set nodes.B.clock.precision=-22.5 2>&1); status=$?
[ "$status" = 2 ] && grep -q "nodes.B.clock.precision: must be a whole number (log2 s; accepted: -32..0)" <<<"$out" \
    || fail "--set precision -22.5: $status $out"
out=$("$runner" "$dir/keys.yaml" --set nodes.B.clock.precision=1 2>&1); status=$?
[ "$status" = 2 ] && grep -q "nodes.B.clock.precision: '1' is out of range (accepted: -32..0)" <<<"$out" \
    || fail "--set precision 1: $status $out"
echo "ok: bad options"

# The attack scenario's expectations are not vacuous: without the spoofer's
# offset Q1 stays with P1 (its "reaching 0.19 s" fails), and a kiss asking
# for poll 8 (within minpoll..maxpoll) leaves C at the system poll.
attacks="$dir/../../scenarios/attacks.yaml"
out=$("$runner" "$attacks" --set events.0.attack.offset=0 --set events.3.attack.poll=8); status=$?
[ "$status" = 1 ] || fail "attacks without effect: exit $status, expected 1: $out"
grep -q "FAIL line 77: Q1 offset to P1" <<<"$out" || fail "spoof offset 0: $out"
grep -q "FAIL line 94: C poll 12 toward 10.0.3.1" <<<"$out" || fail "kod poll 8: $out"
echo "ok: attack expectations can fail"

# --out writes a time series per node and the report; --pcap a capture per
# link interface, forged frames included; the same seed gives the same bytes.
outdir=$(mktemp -d)
trap 'rm -f "$junit"; rm -rf "$outdir"' EXIT
"$runner" "$attacks" --out "$outdir/a" --pcap >/dev/null || fail "--out: exit $?"
"$runner" "$attacks" --out "$outdir/b" >/dev/null || fail "--out again: exit $?"
head -1 "$outdir/a/attacks/Q1.csv" | grep -qx "time_s,offset_to_true_time_s,offset_to_system_peer_s,estimated_offset_s,poll,state,synchronized,reading_error_s" \
    || fail "--out CSV header: $(head -1 "$outdir/a/attacks/Q1.csv")"
[ "$(wc -l <"$outdir/a/attacks/Q1.csv")" = 86401 ] || fail "--out: $(wc -l <"$outdir/a/attacks/Q1.csv") lines, expected 86401 (a header and a row per second, 0..86399)"
cmp -s "$outdir/a/attacks/Q1.csv" "$outdir/b/attacks/Q1.csv" || fail "--out: two runs of one seed differ"
cmp -s "$outdir/a/attacks/report.json" "$outdir/b/attacks/report.json" || fail "--out: reports differ"
[ -s "$outdir/a/attacks/Q1-GigabitEthernet0_0_1.pcap" ] || fail "--pcap: no capture"
[ ! -e "$outdir/b/attacks/Q1-GigabitEthernet0_0_1.pcap" ] || fail "a capture without --pcap"
python3 - "$outdir/a/attacks/Q1-GigabitEthernet0_0_1.pcap" <<'PY' || fail "--pcap content"
import struct, sys
data = open(sys.argv[1], "rb").read()
magic, _, _, _, _, _, linktype = struct.unpack("<IHHiIII", data[:24])
assert magic == 0xa1b2c3d4 and linktype == 9, (hex(magic), linktype)  # LINKTYPE_PPP
frames, at = 0, 24
while at < len(data):
    _, _, caplen, _ = struct.unpack("<IIII", data[at:at + 16])
    frames += 1
    at += 16 + caplen
# Q1 sends and receives one packet per poll (at least one per 1024 s) and,
# from 3600 s, gets a forgery for each of its packets: well over 2 * 84.
assert frames > 2 * 84, frames
PY
echo "ok: --out and --pcap"
out=$("$runner" "$attacks" --pcap 2>&1); status=$?
[ "$status" = 2 ] && grep -q -- "--pcap needs --out DIR" <<<"$out" || fail "--pcap alone: $status $out"
out=$("$runner" "$attacks" --seed 0 2>&1); status=$?
[ "$status" = 2 ] && grep -q "not a run number 1..4294967295" <<<"$out" || fail "--seed 0: $status $out"
echo "ok: --pcap and --seed checked"
