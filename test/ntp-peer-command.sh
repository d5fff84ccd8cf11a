#!/usr/bin/env bash
# Issue #12: ./ntp-peer's run and list in a fresh build folder. `list` says
# how to build before anything is built; `run NAME` refuses an unknown name
# with exit status 2 before building anything, builds only what NAME needs
# (the module and the program: no test suite, no tool), and with --json
# prints exactly one JSON object on stdout (the build's output goes to
# stderr).
#   test/ntp-peer-command.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
export NTP_PEER_BUILD_DIR
NTP_PEER_BUILD_DIR=$(mktemp -d)
trap 'rm -rf "$NTP_PEER_BUILD_DIR"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$("$source_dir/ntp-peer" list) || fail "list: exit $?"
grep -q "^  ntp-peer-mode (not built yet)$" <<<"$out" && grep -q "^  ring (not built yet)$" <<<"$out" &&
    grep -q "^Nothing is built yet: ./ntp-peer run NAME builds what NAME needs" <<<"$out" ||
    fail "list before a build: $out"
echo "ok: list before a build says how to build"

status=0
out=$("$source_dir/ntp-peer" run no-such-program 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "no example, script or tool named 'no-such-program'" <<<"$out" ||
    fail "run no-such-program: exit $status: $out"
[ ! -e "$NTP_PEER_BUILD_DIR/CMakeCache.txt" ] || fail "run no-such-program configured a build"
echo "ok: an unknown name is refused before anything is built"

json=$("$source_dir/ntp-peer" run ntp-peer-mode --json --simTime=600 2>"$NTP_PEER_BUILD_DIR/err") ||
    fail "run ntp-peer-mode: $(tail -5 "$NTP_PEER_BUILD_DIR/err")"
python3 -c 'import json, sys; d = json.loads(sys.argv[1]); assert d["configured"] is True' "$json" ||
    fail "stdout is not one JSON object: $json"
[ -x "$NTP_PEER_BUILD_DIR/examples/ntp-peer-mode" ] || fail "the program was not built"
for other in ntp-peer-ns3-test ntp-peer-core-test utils/ntp-peer-wire utils/ntp-peer-scenario \
    examples/ntp-peer-vpn scratch/ring; do
    [ ! -e "$NTP_PEER_BUILD_DIR/$other" ] || fail "run ntp-peer-mode also built $other"
done
echo "ok: run builds only the module and the program; stdout is one JSON object"

out=$("$source_dir/ntp-peer" list)
grep -q "^  ntp-peer-mode$" <<<"$out" && grep -q "^  ntp-peer-vpn (not built yet)$" <<<"$out" ||
    fail "list after run: $out"
echo "ok: list shows what is built"
