#!/usr/bin/env bash
# Interop 4: authentication failures, in both directions at once.
#   direction A: our symmetric-active peer (127.0.0.1) <-> chronyd's "peer" for it
#   direction B: chronyd's "peer" (active) -> our passive end (127.0.0.3)
# chronyd holds key 1 (AES128) for both. Cases:
#   wrong-key    we hold key 1 with a secret that differs in one hex digit
#   wrong-keyid  we hold the right secret under id 2 (A: and key 1 too, but the
#                association uses 2, so chronyd's valid key-1 MACs must still
#                be refused as the wrong key)
#   flipped-mac  the right key, but one MAC bit flipped: A flips ours on
#                sending (chronyd must refuse them), B flips chronyd's on
#                receiving (we must refuse them)
# Nobody may synchronize; our refusals are counted as authentication failures;
# chronyd receives our packets but counts none of them valid and never
# reaches us. chronyd (unlike ntpd and our core) sends no crypto-NAK.
#
#   auth-failure.sh wrong-key|wrong-keyid|flipped-mac
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case_name="${1:-}"
interop_setup "auth-$case_name"
duration=12
right="$KEY_AES128_HEX"
echo "1 AES128 HEX:$right" >"$TMP/chrony.keys"
active_extra=()
passive_extra=()
case "$case_name" in
wrong-key)
    echo "1 AES128 HEX:$(wrong_hex "$right")" >"$TMP/active.keys"
    cp "$TMP/active.keys" "$TMP/passive.keys"
    active_key_id=1
    expect_active=auth-bad-mac
    expect_passive=auth-bad-mac
    ;;
wrong-keyid)
    printf '1 AES128 HEX:%s\n2 AES128 HEX:%s\n' "$right" "$right" >"$TMP/active.keys"
    echo "2 AES128 HEX:$right" >"$TMP/passive.keys"
    active_key_id=2
    expect_active=auth-wrong-key
    expect_passive=auth-unknown-key
    ;;
flipped-mac)
    cp "$TMP/chrony.keys" "$TMP/active.keys"
    cp "$TMP/chrony.keys" "$TMP/passive.keys"
    active_key_id=1
    active_extra=(--corrupt-mac tx)
    passive_extra=(--corrupt-mac rx)
    expect_active="" # chronyd refuses ours; its own packets reach us intact
    expect_passive=auth-bad-mac
    ;;
*)
    fail "unknown case '$case_name' (accepted: wrong-key, wrong-keyid, flipped-mac)"
    ;;
esac

write_chrony_conf \
    "local stratum 3" \
    "peer $OUR_ADDR port $OUR_PORT key 1 minpoll 0 maxpoll 0" \
    "peer $PASSIVE_ADDR port $PASSIVE_PORT key 1 minpoll 0 maxpoll 0"
start_chronyd

wire_background "$TMP/passive.json" "$TMP/passive.err" \
    passive --bind "$PASSIVE_ADDR:$PASSIVE_PORT" --key-file "$TMP/passive.keys" --key-format chrony \
    --minpoll 0 --maxpoll 0 --duration "$duration" --json --verbose "${passive_extra[@]}"
passive_pid="${BACKGROUND_PIDS[-1]}"
wire peer "$CHRONY_ADDR" --port "$CHRONY_PORT" --bind "$OUR_ADDR:$OUR_PORT" \
    --key-file "$TMP/active.keys" --key-format chrony --key-id "$active_key_id" \
    --minpoll 0 --maxpoll 0 --duration "$duration" --json --verbose "${active_extra[@]}" \
    >"$TMP/active.json" 2>"$TMP/active.err" || fail "ntp-peer-wire peer exited with status $?"
wait "$passive_pid" || fail "ntp-peer-wire passive exited with status $?"

chronyc_cmd sources >"$TMP/sources.log"
chronyc_cmd ntpdata "$OUR_ADDR" >"$TMP/ntpdata-active.log"
chronyc_cmd ntpdata "$PASSIVE_ADDR" >"$TMP/ntpdata-passive.log"
field() { sed -n "s/^$2 *: *//p" "$1"; }

a_sync="$(json_get "$TMP/active.json" synchronized)"
a_failures="$(json_get "$TMP/active.json" auth_failures)"
a_refused="$(json_refused "$TMP/active.json" "${expect_active:-none}")"
a_corrupted="$(json_get "$TMP/active.json" macs_corrupted_tx)"
p_sync="$(json_get "$TMP/passive.json" synchronized)"
p_failures="$(json_get "$TMP/passive.json" auth_failures)"
p_refused="$(json_refused "$TMP/passive.json" "$expect_passive")"
p_mobilized="$(json_get "$TMP/passive.json" passive_mobilized)"
c_rx_a="$(field "$TMP/ntpdata-active.log" "Total RX")"
c_valid_a="$(field "$TMP/ntpdata-active.log" "Total valid RX")"
c_rx_b="$(field "$TMP/ntpdata-passive.log" "Total RX")"
c_valid_b="$(field "$TMP/ntpdata-passive.log" "Total valid RX")"
echo "figures: case=$case_name ours_A_auth_failures=$a_failures ours_B_auth_failures=$p_failures" \
    "chronyd_A_rx=$c_rx_a chronyd_A_valid_rx=$c_valid_a chronyd_B_rx=$c_rx_b chronyd_B_valid_rx=$c_valid_b"

# Direction A.
[ "$a_sync" = false ] || fail "A: we synchronized to chronyd despite the $case_name"
if [ -n "$expect_active" ]; then
    [ "$a_refused" -gt 0 ] || fail "A: no $expect_active refusal counted"
    [ "$a_failures" -ge "$a_refused" ] || fail "A: $expect_active refusals not counted as auth failures"
else
    [ "$a_corrupted" -gt 0 ] || fail "A: --corrupt-mac tx corrupted no packet"
fi
[ "${c_rx_a:-0}" -gt 0 ] || fail "A: chronyd received nothing from us"
[ "${c_valid_a:-0}" = 0 ] || fail "A: chronyd accepted $c_valid_a of our packets"
reach_a="$(awk -v a="$OUR_ADDR" '$2 == a { print $5 }' "$TMP/sources.log")"
[ "$reach_a" = 0 ] || fail "A: chronyd's reach for $OUR_ADDR is '$reach_a', not 0"

# Direction B.
[ "$p_sync" = false ] || fail "B: our passive end synchronized to chronyd despite the $case_name"
[ "$p_refused" -gt 0 ] || fail "B: no $expect_passive refusal counted"
[ "$p_failures" -ge "$p_refused" ] || fail "B: $expect_passive refusals not counted as auth failures"
[ "$p_mobilized" = 0 ] || fail "B: a passive association was mobilized by a packet that failed authentication"
reach_b="$(awk -v a="$PASSIVE_ADDR" '$2 == a { print $5 }' "$TMP/sources.log")"
[ "$reach_b" = 0 ] || fail "B: chronyd's reach for $PASSIVE_ADDR is '$reach_b', not 0"
[ "${c_valid_b:-0}" = 0 ] || fail "B: chronyd accepted $c_valid_b of our passive end's packets"
say "PASS: $case_name refused both ways (ours: $a_failures + $p_failures auth failures; chronyd: 0 valid of $c_rx_a + $c_rx_b)"
