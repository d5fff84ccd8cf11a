#!/usr/bin/env bash
# Two ntp-peer-wire processes on loopback, no daemon: a passive end serving
# a local reference at stratum 2 and an authenticated symmetric-active peer.
# The passive association must be mobilized with the peer's key, the peer
# must synchronize at stratum 3 with |offset| < 1 ms. --drift 0 starts the
# discipline in FSET (like a drift file), so the first update locks. A run
# without --duration must end on SIGTERM and still print its report.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCRIPT_NAME=wire-self-sync
[ -x "$WIRE" ] || fail "NTP_PEER_WIRE must name the ntp-peer-wire binary (got '${WIRE}')"
TMP="$(mktemp -d /tmp/ntp-peer-wire-self.XXXXXX)"
trap cleanup EXIT
peer_bind=127.0.0.1:11133
passive_addr=127.0.0.3
passive_port=11135
echo "5 AES128CMAC 0f1e2d3c4b5a69788796a5b4c3d2e1f0" >"$TMP/ntpd.keys"

wire_background "$TMP/passive.json" "$TMP/passive.err" \
    passive --bind "$passive_addr:$passive_port" --key-file "$TMP/ntpd.keys" --key-format ntpd \
    --local-stratum 2 --minpoll 0 --maxpoll 0 --duration 40 --json --verbose
passive_pid="${BACKGROUND_PIDS[-1]}"
wire peer "$passive_addr" --port "$passive_port" --bind "$peer_bind" --key-file "$TMP/ntpd.keys" \
    --key-format ntpd --key-id 5 --minpoll 0 --maxpoll 0 --drift 0 --duration 30 --stop-after-sync 3 \
    --json --verbose >"$TMP/peer.json" 2>"$TMP/peer.err" || fail "ntp-peer-wire peer exited with status $?"
kill -TERM "$passive_pid"
wait "$passive_pid" || fail "ntp-peer-wire passive exited with status $?"

synchronized="$(json_get "$TMP/peer.json" synchronized)"
offset="$(json_get "$TMP/peer.json" offset_s)"
stratum="$(json_get "$TMP/peer.json" stratum)"
time_to_sync="$(json_get "$TMP/peer.json" time_to_sync_s)"
echo "figures: mode=self-aes128 time_to_sync_s=$time_to_sync offset_s=$offset"
[ "$synchronized" = true ] || fail "the peer did not synchronize to the passive end"
abs_below "$offset" 0.001 || fail "|offset_s| $offset is not below 1 ms"
[ "$stratum" = 3 ] || fail "stratum $stratum, expected 3 behind a stratum-2 passive end"
[ "$(json_get "$TMP/peer.json" auth_failures)" = 0 ] || fail "authentication failures with the right key"
[ "$(json_get "$TMP/passive.json" passive_mobilized)" = 1 ] || fail "the passive end mobilized no association"
[ "$(json_get "$TMP/passive.json" refid)" = LOCL ] || fail "the passive end's refid is not LOCL"
grep -q "mobilized symmetric-passive association with $peer_bind (id [0-9]*, key 5)" "$TMP/passive.err" ||
    fail "the passive association was not mobilized with key 5"

# No --duration: runs until SIGTERM, then reports.
wire_background "$TMP/term.json" "$TMP/term.err" peer "$passive_addr" --port "$passive_port" \
    --bind "$peer_bind" --minpoll 0 --maxpoll 0 --json
term_pid="${BACKGROUND_PIDS[-1]}"
sleep 1.5
kill -TERM "$term_pid"
wait "$term_pid" || fail "ntp-peer-wire did not exit cleanly on SIGTERM"
[ "$(json_get "$TMP/term.json" interrupted)" = true ] || fail "the report after SIGTERM does not say interrupted"
say "PASS: synchronized in ${time_to_sync} s, offset ${offset} s"
