#!/usr/bin/env bash
# Interop 5: `ntp-peer-wire decode` on packets captured from chronyd with
# tcpdump, one key of each type chronyd supports for NTP MACs. chronyd holds
# keys 1 MD5, 2 SHA256, 3 AES128, 4 AES256; four of our peers talk to it at
# once, each with one key (key 1 as chronyd's configured symmetric peer, the
# others answered statelessly), so the capture holds chronyd's mode-1 and
# mode-2 packets under every key. decode must verify every MAC with the
# right key file, refuse every one with a key file whose secrets differ, and
# leave them unchecked without a key file. tshark, when installed, must
# count the same NTP packets, and the capture converted to pcapng by editcap
# must decode to the same report.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

interop_setup decode-pcap
duration=7
{
    echo "1 MD5 HEX:$KEY_MD5_HEX"
    echo "2 SHA256 HEX:$KEY_SHA256_HEX"
    echo "3 AES128 HEX:$KEY_AES128_HEX"
    echo "4 AES256 HEX:$KEY_AES256_HEX"
} >"$TMP/chrony.keys"
{
    echo "1 MD5 HEX:$(wrong_hex "$KEY_MD5_HEX")"
    echo "2 SHA256 HEX:$(wrong_hex "$KEY_SHA256_HEX")"
    echo "3 AES128 HEX:$(wrong_hex "$KEY_AES128_HEX")"
    echo "4 AES256 HEX:$(wrong_hex "$KEY_AES256_HEX")"
} >"$TMP/wrong.keys"
write_chrony_conf \
    "local stratum 3" \
    "peer $OUR_ADDR port $OUR_PORT key 1 minpoll 0 maxpoll 0"
start_chronyd
start_capture "$TMP/chrony.pcap"

# Our four peers: key 1 from the address chronyd peers with, keys 2-4 from
# addresses it does not know. All of chronyd's traffic uses its port 11124,
# which the capture filter includes.
declare -A from=([1]="$OUR_ADDR:$OUR_PORT" [2]="127.0.0.3:11125" [3]="127.0.0.4:11126" [4]="127.0.0.5:11127")
pids=()
for id in 1 2 3 4; do
    wire_background "$TMP/peer$id.json" "$TMP/peer$id.err" \
        peer "$CHRONY_ADDR" --port "$CHRONY_PORT" --bind "${from[$id]}" --key-file "$TMP/chrony.keys" \
        --key-id "$id" --minpoll 0 --maxpoll 0 --duration "$duration" --json
    pids+=("${BACKGROUND_PIDS[-1]}")
done
for pid in "${pids[@]}"; do
    wait "$pid" || fail "an ntp-peer-wire peer exited with status $?"
done
stop_capture

# Right keys: everything verifies, and chronyd's packets are there under every key.
status=0
"$WIRE" decode --key-file "$TMP/chrony.keys" --pcap "$TMP/chrony.pcap" >"$TMP/right.log" || status=$?
"$WIRE" decode --key-file "$TMP/chrony.keys" --pcap "$TMP/chrony.pcap" --json >"$TMP/right.json" || true
[ "$status" = 0 ] || fail "decode with the right keys exited with $status: $(tail -n 1 "$TMP/right.log")"
total="$(json_get "$TMP/right.json" ntp_packets)"
verified="$(json_get "$TMP/right.json" verified)"
with_mac="$(json_get "$TMP/right.json" with_mac)"
[ "$total" -gt 20 ] || fail "only $total NTP packets captured"
[ "$verified" = "$total" ] && [ "$with_mac" = "$total" ] ||
    fail "right keys: $verified of $total packets verified ($with_mac with a MAC)"
summary=""
for id in 1 2 3 4; do
    n="$(count_matches "\"where\":\"[^\"]* $CHRONY_ADDR:$CHRONY_PORT >[^}]*\"key_id\":$id,[^}]*\"mac\":\"verified\"" \
        "$TMP/right.json")"
    [ "$n" -ge 3 ] || fail "only $n packets from chronyd verified under key $id"
    summary+=" key$id=$n"
done
mode1="$(count_matches "\"where\":\"[^\"]* $CHRONY_ADDR:$CHRONY_PORT >[^}]*\"mode\":\"symmetric-active\"" "$TMP/right.json")"
mode2="$(count_matches "\"where\":\"[^\"]* $CHRONY_ADDR:$CHRONY_PORT >[^}]*\"mode\":\"symmetric-passive\"" "$TMP/right.json")"
[ "$mode1" -gt 0 ] && [ "$mode2" -gt 0 ] || fail "expected chronyd's mode-1 and mode-2 packets, got $mode1 and $mode2"

# The same capture as pcapng (editcap comes with tshark): the same report.
pcapng=skipped
if command -v editcap >/dev/null 2>&1; then
    editcap -F pcapng "$TMP/chrony.pcap" "$TMP/chrony.pcapng" || fail "editcap failed"
    "$WIRE" decode --key-file "$TMP/chrony.keys" --pcap "$TMP/chrony.pcapng" --json >"$TMP/right-pcapng.json" ||
        fail "decode of the pcapng copy exited with $?"
    cmp -s "$TMP/right.json" "$TMP/right-pcapng.json" || fail "the pcapng copy decodes differently from the pcap"
    pcapng=same
fi

# Wrong secrets: every MAC refused, exit status 1.
status=0
"$WIRE" decode --key-file "$TMP/wrong.keys" --pcap "$TMP/chrony.pcap" --json >"$TMP/wrong.json" || status=$?
[ "$status" = 1 ] || fail "decode with wrong keys exited with $status, expected 1"
[ "$(json_get "$TMP/wrong.json" verified)" = 0 ] || fail "a MAC verified with a wrong key"
[ "$(json_get "$TMP/wrong.json" failed)" = "$total" ] || fail "not every MAC was refused with the wrong keys"
grep -q 'REFUSED' <("$WIRE" decode --key-file "$TMP/wrong.keys" --pcap "$TMP/chrony.pcap" || true) ||
    fail "the text output does not say REFUSED"

# No key file: nothing checked, nothing failed.
"$WIRE" decode --pcap "$TMP/chrony.pcap" --json >"$TMP/nokey.json" || fail "decode without keys failed"
[ "$(json_get "$TMP/nokey.json" not_checked)" = "$total" ] || fail "without a key file every MAC is 'not checked'"

# tshark's dissector agrees on the number of NTP packets.
tshark_count=skipped
if command -v tshark >/dev/null 2>&1; then
    tshark_count="$(tshark -n -r "$TMP/chrony.pcap" -d "udp.port==$CHRONY_PORT,ntp" -Y ntp 2>/dev/null | wc -l)"
    [ "$tshark_count" = "$total" ] || fail "tshark sees $tshark_count NTP packets, decode $total"
fi
echo "figures: captured_ntp_packets=$total chronyd_verified_per_key:$summary chronyd_mode1=$mode1" \
    "chronyd_mode2=$mode2 tshark_ntp_packets=$tshark_count pcapng_report=$pcapng"
say "PASS: $total captured packets verified with the right keys (chronyd's:$summary), all refused with wrong ones"
