#!/usr/bin/env bash
# Interop 2: ntp-peer-wire as symmetric-active peer of a chronyd that has no
# "peer" line for us. RFC 5905 would mobilize a passive association (NEWPS);
# chronyd has no ephemeral associations and instead answers each mode-1
# packet at once with a mode-2 packet, keeping no state. We must sync to
# those answers all the same. This script also checks that behaviour of
# chronyd's in the capture: every answer is mode 2, echoes our transmit time
# as its origin, and chronyd lists us as a client, not as a source.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

interop_setup stateless
# Synchronization takes about 15 s (see doc/interop-chrony.rst); the run ends
# 6 s after it, and at the latest after $duration s.
duration=45
echo "1 AES256 HEX:$KEY_AES256_HEX" >"$TMP/chrony.keys"
write_chrony_conf "local stratum 3"
start_chronyd
start_capture "$TMP/stateless.pcap"

wire peer "$CHRONY_ADDR" --port "$CHRONY_PORT" --bind "$OUR_ADDR:$OUR_PORT" \
    --key-file "$TMP/chrony.keys" --key-id 1 --minpoll 0 --maxpoll 0 \
    --initial-offset 0.5 --duration "$duration" --stop-after-sync 6 --json --verbose \
    >"$TMP/peer.json" 2>"$TMP/peer.err" || fail "ntp-peer-wire exited with status $?"
stop_capture

synchronized="$(json_get "$TMP/peer.json" synchronized)"
offset="$(json_get "$TMP/peer.json" offset_s)"
correction="$(json_get "$TMP/peer.json" clock_correction_s)"
delay="$(json_get "$TMP/peer.json" delay_s)"
time_to_sync="$(json_get "$TMP/peer.json" time_to_sync_s)"
echo "figures: mode=stateless-aes256 time_to_sync_s=$time_to_sync offset_s=$offset" \
    "clock_correction_s=$correction delay_s=$delay"

[ "$synchronized" = true ] || fail "not synchronized to chronyd's stateless answers within $duration s"
abs_below "$offset" 0.001 || fail "|offset_s| $offset is not below 1 ms"
abs_below "$correction" 0.001 || fail "|clock_correction_s| $correction is not below 1 ms"

# chronyd's side: no source for us, but a client entry.
if chronyc_cmd sources | grep -q "$OUR_ADDR"; then
    fail "chronyd lists $OUR_ADDR as a source: it was not supposed to keep an association"
fi
chronyc_cmd clients >"$TMP/clients.log"
grep -q "^$OUR_ADDR " "$TMP/clients.log" || fail "chronyd does not list $OUR_ADDR among its clients"

# The capture: each of our mode-1 packets is answered by one mode-2 packet
# whose origin is that packet's transmit time, authenticated with our key.
"$WIRE" decode --key-file "$TMP/chrony.keys" --pcap "$TMP/stateless.pcap" --json \
    >"$TMP/decode.json" || fail "decode refused packets of the capture"
ours="$(count_matches "> $CHRONY_ADDR:$CHRONY_PORT[^}]*\"mode\":\"symmetric-active\"" "$TMP/decode.json")"
answers="$(count_matches "$CHRONY_ADDR:$CHRONY_PORT >[^}]*\"mode\":\"symmetric-passive\"[^}]*\"mac\":\"verified\"" \
    "$TMP/decode.json")"
other="$(count_matches "$CHRONY_ADDR:$CHRONY_PORT >[^}]*\"mode\":\"symmetric-active\"" "$TMP/decode.json")"
echo "figures: stateless_requests=$ours stateless_answers=$answers chronyd_mode1_packets=$other"
[ "$ours" -gt 5 ] || fail "only $ours mode-1 packets of ours in the capture"
[ "$answers" = "$ours" ] || fail "$ours mode-1 packets but $answers authenticated mode-2 answers"
[ "$other" = 0 ] || fail "chronyd sent $other mode-1 packets of its own: it is not stateless"
# Origin of each answer == transmit of the request just before it.
transmits="$(grep -o "> $CHRONY_ADDR:$CHRONY_PORT[^}]*" "$TMP/decode.json" | grep -o '"transmit":"[^"]*"' | cut -d'"' -f4)"
origins="$(grep -o "\"where\":\"[^\"]* $CHRONY_ADDR:$CHRONY_PORT >[^}]*" "$TMP/decode.json" |
    grep -o '"origin":"[^"]*"' | cut -d'"' -f4)"
[ "$transmits" = "$origins" ] || fail "chronyd's answers do not echo our transmit timestamps one by one"

# An unknown peer whose MAC fails gets no answer at all from chronyd: no
# crypto-NAK (ntpd would send one, and so does our core by default).
echo "1 AES256 HEX:$(wrong_hex "$KEY_AES256_HEX")" >"$TMP/wrong.keys"
start_capture "$TMP/wrong-key.pcap"
wire peer "$CHRONY_ADDR" --port "$CHRONY_PORT" --bind "$PASSIVE_ADDR:$PASSIVE_PORT" \
    --key-file "$TMP/wrong.keys" --key-id 1 --minpoll 0 --maxpoll 0 --duration 4 --json \
    >"$TMP/wrong-key.json" 2>"$TMP/wrong-key.err" || fail "ntp-peer-wire exited with status $?"
stop_capture
"$WIRE" decode --pcap "$TMP/wrong-key.pcap" --json >"$TMP/wrong-decode.json" || true
sent="$(count_matches "> $CHRONY_ADDR:$CHRONY_PORT" "$TMP/wrong-decode.json")"
answered="$(count_matches "$CHRONY_ADDR:$CHRONY_PORT >" "$TMP/wrong-decode.json")"
echo "figures: wrong_key_requests=$sent chronyd_answers_to_them=$answered"
[ "$sent" -ge 2 ] || fail "only $sent wrong-key packets captured"
[ "$answered" = 0 ] || fail "chronyd answered $answered wrong-key packets (expected silence, no crypto-NAK)"
say "PASS: synchronized in ${time_to_sync} s to chronyd's stateless mode-2 answers ($answers of them); wrong MACs get no answer"
