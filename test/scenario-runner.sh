#!/usr/bin/env bash
# The scenario runner's contract. Invalid files: exit status 2 and a message
# naming the file, the line and column where the file states it, the key,
# and what is accepted. --set overrides a value (a bad path is refused),
# --junit writes one test case per expectation, and a failed expectation
# is exit status 1.
set -uo pipefail
runner=$1 dir=$2
fail() { echo "FAIL: $*"; exit 1; }
check() { # FILE STATUS PATTERN
    local out status
    out=$("$runner" "$dir/$1" 2>&1 >/dev/null); status=$?
    [ "$status" = "$2" ] || fail "$1: exit $status, expected $2: $out"
    grep -q -- "$3" <<<"$out" || fail "$1: message '$out' lacks '$3'"
    echo "ok: $1: $out"
}
exact() { # FILE MESSAGE: exit status 2 and exactly this message (the file's path before it)
    local out status
    out=$("$runner" "$dir/$1" 2>&1 >/dev/null); status=$?
    [ "$status" = 2 ] || fail "$1: exit $status, expected 2: $out"
    [ "$out" = "$dir/$2" ] || fail "$1: message '$out', expected '$dir/$2'"
    echo "ok: $1: $out"
}
check bad-duration.yaml 2 "bad-duration.yaml:1:11: duration: '-5' is out of range (accepted: 1..315360000)"
check bad-key.yaml 2 "bad-key.yaml:4:5: nodes.A.clok: unknown key (accepted: clock, config, discipline, interfaces)"
check bad-link.yaml 2 "bad-link.yaml:7:36: links\[\].ends: 'B GigabitEthernet0/0/1' is no interface of a node"
check bad-event.yaml 2 "bad-event.yaml:12:20: events\[\].link: names no link of the file (accepted: the ends of a link)"
# LANs: every end an interface of the file, an interface on one link or LAN,
# two ends or more.
exact bad-lan-end.yaml "bad-lan-end.yaml:10:62: lans[].ends: 'R3 GigabitEthernet0/0/3' is no interface of a node (accepted: NODE INTERFACE as given under nodes)"
exact bad-lan-shared.yaml "bad-lan-shared.yaml:15:37: lans[].ends: 'R2 GE0/0/3' is already on the link or LAN of line 13 (accepted: one link or LAN per interface)"
exact bad-lan-one-end.yaml "bad-lan-one-end.yaml:7:11: lans[].ends: has 1 end (accepted: two or more NODE INTERFACE; an interface on no link or LAN needs no entry)"
# IPv6-only interfaces: an interface needs an address of one family at least.
exact bad-interface-none.yaml "bad-interface-none.yaml:5:29: nodes.A.interfaces.GigabitEthernet0/0/1: has neither ipv4 nor ipv6 (accepted: {ipv4: ADDRESS/LENGTH}, {ipv6: ADDRESS/LENGTH} or both)"
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
echo "ok: bad options"
