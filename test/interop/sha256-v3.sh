#!/usr/bin/env bash
# chronyd behaviour: a "peer ... key N" whose key hashes to more than 160 bits
# (SHA256) defaults to NTP version 3, and chronyd then sends the whole 32-byte
# digest as the MAC (NTPv4 truncates it to 20 bytes: RFC 7822 leaves no room
# for a longer MAC beside extension fields). The ntp-peer core verifies both
# forms (20 bytes in NTPv4, 20 or 32 in NTPv3), so with chronyd's default
# configuration we must synchronize without a single authentication failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

interop_setup sha256-v3
duration=10
echo "1 SHA256 HEX:$KEY_SHA256_HEX" >"$TMP/chrony.keys"
write_chrony_conf \
    "local stratum 3" \
    "peer $OUR_ADDR port $OUR_PORT key 1 minpoll 0 maxpoll 0"
start_chronyd
start_capture "$TMP/v3.pcap"
wire peer "$CHRONY_ADDR" --port "$CHRONY_PORT" --bind "$OUR_ADDR:$OUR_PORT" \
    --key-file "$TMP/chrony.keys" --key-id 1 --minpoll 0 --maxpoll 0 --drift 0 \
    --duration "$duration" --json --verbose >"$TMP/peer.json" 2>"$TMP/peer.err" ||
    fail "ntp-peer-wire exited with status $?"
stop_capture

"$WIRE" decode --key-file "$TMP/chrony.keys" --pcap "$TMP/v3.pcap" --json >"$TMP/decode.json" || true
from_chronyd="\"where\":\"[^\"]* $CHRONY_ADDR:$CHRONY_PORT >"
chronyd_packets="$(count_matches "$from_chronyd" "$TMP/decode.json")"
v3_long="$(count_matches "$from_chronyd[^}]*\"version\":3,[^}]*\"digest_length\":32," "$TMP/decode.json")"
[ "$chronyd_packets" -gt 3 ] || fail "only $chronyd_packets packets from chronyd captured"
[ "$v3_long" = "$chronyd_packets" ] ||
    fail "chronyd sent $v3_long of $chronyd_packets packets as NTPv3 with a 32-byte MAC: its default changed"

synchronized="$(json_get "$TMP/peer.json" synchronized)"
bad_mac="$(json_refused "$TMP/peer.json" auth-bad-mac)"
malformed="$(json_refused "$TMP/peer.json" malformed)"
[ "$malformed" = 0 ] || fail "the core took chronyd's NTPv3 packets for malformed ($malformed)"
[ "$bad_mac" = 0 ] || fail "the core refused $bad_mac of chronyd's 32-byte NTPv3 SHA256 MACs"
[ "$synchronized" = true ] || fail "not synchronized to chronyd's NTPv3 SHA256 peer"
echo "figures: chronyd_packets=$chronyd_packets ntpv3_with_32_byte_mac=$v3_long synchronized=$synchronized"
say "PASS: chronyd sends NTPv3 with a 32-byte SHA256 MAC by default; our end verifies it and synchronizes"
