#!/usr/bin/env bash
# Invalid scenario files: exit status 2 and a message naming the file, the
# line and column where the file states it, the key, and what is accepted.
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
check bad-duration.yaml 2 "bad-duration.yaml:1:11: duration: '-5' is out of range (accepted: 1..315360000)"
check bad-key.yaml 2 "bad-key.yaml:4:5: nodes.A.clok: unknown key (accepted: clock, config, discipline, interfaces)"
check bad-link.yaml 2 "bad-link.yaml:7:36: links\[\].ends: 'B GigabitEthernet0/0/1' is no interface of a node"
check bad-event.yaml 2 "bad-event.yaml:12:20: events\[\].link: names no link of the file (accepted: the ends of a link)"
out=$("$runner" 2>&1); status=$?
[ "$status" = 2 ] || fail "no argument: exit $status"
out=$("$runner" "$dir/missing.yaml" 2>&1); status=$?
[ "$status" = 2 ] && grep -q "cannot be read" <<<"$out" || fail "missing file: $status $out"
echo "ok: missing file"
