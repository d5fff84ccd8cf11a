#!/usr/bin/env bash
# Interop 1: ntp-peer-wire as symmetric-active peer of a chronyd configured
# with "peer" back to us and "local stratum 3", authenticated with one
# algorithm. Our virtual clock starts 0.5 s ahead: the first update must step
# it, the discipline must reach SYNC, and the final offset to chronyd must be
# below 1 ms. chronyd must see our packets as authenticated and valid.
#
#   active-auth.sh md5|sha256|aes128|aes256
#
# Our tool reads the key from an ntpd-format key file for md5 and aes128 and
# from chrony's own file for sha256 and aes256, so both formats are exercised.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

algorithm="${1:-}"
interop_setup "active-$algorithm"
type="$(chrony_key_type "$algorithm")"
secret="$(key_hex "$algorithm")"
# Synchronization takes about 15 s (see doc/interop-chrony.rst); the run ends
# 6 s after it, and at the latest after $duration s.
duration=45

echo "1 $type HEX:$secret" >"$TMP/chrony.keys"
key_format=chrony
case "$algorithm" in
md5)
    # ntpd reads a key longer than 20 characters as hex: the same 20 bytes.
    echo "1 MD5 $secret # ntpd format" >"$TMP/ours.keys"
    key_format=ntpd
    ;;
aes128)
    echo "1 AES128CMAC $secret" >"$TMP/ours.keys"
    key_format=ntpd
    ;;
*)
    cp "$TMP/chrony.keys" "$TMP/ours.keys"
    ;;
esac

# chronyd sends NTPv3 by default with a key longer than 160 bits, and then a
# full 32-byte SHA256 MAC (see doc/interop-chrony.rst, test sha256-v3);
# "version 4" gives the NTPv4 truncated 20-byte MAC that ntpd and we use.
version_option=""
if [ "$algorithm" = sha256 ]; then
    version_option="version 4"
fi
write_chrony_conf \
    "local stratum 3" \
    "peer $OUR_ADDR port $OUR_PORT key 1 minpoll 0 maxpoll 0 $version_option"
start_chronyd

wire peer "$CHRONY_ADDR" --port "$CHRONY_PORT" --bind "$OUR_ADDR:$OUR_PORT" \
    --key-file "$TMP/ours.keys" --key-format "$key_format" --key-id 1 --minpoll 0 --maxpoll 0 \
    --initial-offset 0.5 --duration "$duration" --stop-after-sync 6 --json --verbose \
    >"$TMP/peer.json" 2>"$TMP/peer.err" || fail "ntp-peer-wire exited with status $?"

synchronized="$(json_get "$TMP/peer.json" synchronized)"
offset="$(json_get "$TMP/peer.json" offset_s)"
correction="$(json_get "$TMP/peer.json" clock_correction_s)"
delay="$(json_get "$TMP/peer.json" delay_s)"
time_to_sync="$(json_get "$TMP/peer.json" time_to_sync_s)"
steps="$(json_get "$TMP/peer.json" steps)"
auth_failures="$(json_get "$TMP/peer.json" auth_failures)"
stratum="$(json_get "$TMP/peer.json" stratum)"
refid="$(json_get "$TMP/peer.json" refid)"
chrony_auth="$(ntpdata_field "$OUR_ADDR" Authenticated)"
chrony_valid="$(ntpdata_field "$OUR_ADDR" "Total valid RX")"
chrony_offset="$(ntpdata_field "$OUR_ADDR" Offset | awk '{print $1}')"
chrony_mode="$(ntpdata_field "$OUR_ADDR" Mode)"

echo "figures: mode=$algorithm time_to_sync_s=$time_to_sync offset_s=$offset" \
    "clock_correction_s=$correction delay_s=$delay chronyd_measured_offset_s=$chrony_offset"

[ "$synchronized" = true ] || fail "not synchronized to chronyd within $duration s"
abs_below "$offset" 0.001 || fail "|offset_s| $offset is not below 1 ms"
# chronyd serves the host clock (-x, local reference): our correction is our
# true error against it, the 0.5 s start error included.
abs_below "$correction" 0.001 || fail "|clock_correction_s| $correction is not below 1 ms"
[ "$steps" = 1 ] || fail "expected exactly one step of the 0.5 s start error, got $steps"
[ "$auth_failures" = 0 ] || fail "$auth_failures authentication failures with the right key"
[ "$stratum" = 4 ] || fail "stratum $stratum, expected 4 (chronyd's local stratum 3 + 1)"
[ "$refid" = "$CHRONY_ADDR" ] || fail "refid $refid, expected $CHRONY_ADDR"
[ "$chrony_mode" = "Symmetric active" ] || fail "chronyd sees mode '$chrony_mode' from us"
[ "$chrony_auth" = Yes ] || fail "chronyd did not authenticate our packets (Authenticated: $chrony_auth)"
[ "${chrony_valid:-0}" -gt 5 ] || fail "chronyd counted only ${chrony_valid:-0} valid packets from us"
say "PASS: synchronized in ${time_to_sync} s, offset ${offset} s, chronyd authenticated ${chrony_valid} packets"
