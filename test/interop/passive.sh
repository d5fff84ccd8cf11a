#!/usr/bin/env bash
# Interop 3: chronyd as symmetric-active peer toward ntp-peer-wire's passive
# end. Our end has no configuration for chronyd: its first mode-1 packet
# mobilizes a passive association (RFC 5905 NEWPS), which answers. Our end
# serves time at stratum 2 from a local reference (--local-stratum) and
# chronyd has no other source, so "chronyd accepts our answers" is shown in
# the strongest way: chronyd selects us ('*'), authenticated, and tracks us.
# Then chronyd stops, and our passive association must go away (unreachable).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

interop_setup passive
echo "1 SHA256 HEX:$KEY_SHA256_HEX" >"$TMP/chrony.keys"
write_chrony_conf "peer $PASSIVE_ADDR port $PASSIVE_PORT key 1 minpoll 0 maxpoll 0 version 4"

# --unreach 10 (ntpd's UNREACH): the association is demobilized on the 10th poll without a
# usable answer. Like ntpd, it counts chronyd as reached only once chronyd is synchronized,
# which takes chronyd about 6 s (to select us), so a fresh association needs that margin; after
# chronyd stops it goes away about 8 + 10 - 1 = 17 s after chronyd's last packet.
wire_background "$TMP/passive.json" "$TMP/passive.err" \
    passive --bind "$PASSIVE_ADDR:$PASSIVE_PORT" --key-file "$TMP/chrony.keys" \
    --local-stratum 2 --minpoll 0 --maxpoll 0 --unreach 10 --duration 80 --json --verbose
passive_pid="${BACKGROUND_PIDS[-1]}"
start=$SECONDS
start_chronyd

selected() { chronyc_cmd sources 2>/dev/null | grep -q "^.\* *$PASSIVE_ADDR "; }
wait_for 40 selected || fail "chronyd did not select our passive end within 40 s: $(chronyc_cmd sources | tail -n 1)"
time_to_select=$((SECONDS - start))
grep -q "mobilized symmetric-passive association with $CHRONY_ADDR:$CHRONY_PORT (id [0-9]*, key 1)" \
    "$TMP/passive.err" || fail "no passive association with key 1 was mobilized for chronyd"

# chronyd's view of us: authenticated, valid, and we are its reference.
chronyc_cmd ntpdata "$PASSIVE_ADDR" >"$TMP/ntpdata.log"
chronyc_cmd tracking >"$TMP/chronyc-tracking.log"
chronyc_cmd sources >"$TMP/sources.log"
grep -q "^Mode *: Symmetric passive" "$TMP/ntpdata.log" || fail "chronyd does not see mode 2 from us"
grep -q "^Authenticated *: Yes" "$TMP/ntpdata.log" || fail "chronyd did not authenticate our answers"
valid="$(sed -n 's/^Total valid RX *: *//p' "$TMP/ntpdata.log")"
[ "${valid:-0}" -gt 0 ] || fail "chronyd counted no valid packet from us"
grep -q "^Reference ID *: 7F000003" "$TMP/chronyc-tracking.log" || fail "chronyd's reference is not $PASSIVE_ADDR"
grep -q "^Stratum *: 3" "$TMP/chronyc-tracking.log" || fail "chronyd is not at stratum 3 behind our stratum 2"
chrony_offset="$(sed -n 's/^Offset *: *\([^ ]*\).*/\1/p' "$TMP/ntpdata.log")"

# chronyd goes away; so must our passive association.
stop_chronyd
stopped=$SECONDS
demobilized() { grep -q "demobilized symmetric-passive association with $CHRONY_ADDR:$CHRONY_PORT: unreachable" "$TMP/passive.err"; }
wait_for 40 demobilized || fail "the passive association was not demobilized within 40 s of chronyd stopping"
time_to_demobilize=$((SECONDS - stopped))
kill -TERM "$passive_pid"
wait "$passive_pid" || fail "ntp-peer-wire passive exited with status $?"

mobilized_count="$(json_get "$TMP/passive.json" passive_mobilized)"
demobilized_count="$(json_get "$TMP/passive.json" passive_demobilized)"
auth_failures="$(json_get "$TMP/passive.json" auth_failures)"
echo "figures: mode=passive-sha256 chronyd_selected_us_after_s=$time_to_select" \
    "chronyd_measured_offset_s=$chrony_offset chronyd_valid_rx=$valid" \
    "demobilized_after_chronyd_stopped_s=$time_to_demobilize"
[ "$mobilized_count" = 1 ] || fail "passive_mobilized is $mobilized_count, expected 1"
[ "$demobilized_count" = 1 ] || fail "passive_demobilized is $demobilized_count, expected 1"
[ "$auth_failures" = 0 ] || fail "$auth_failures authentication failures with the right key"
grep -q '"mode":"symmetric-passive"[^}]*"demobilized":"unreachable"' "$TMP/passive.json" ||
    fail "the JSON report does not show the passive association as demobilized (unreachable)"
say "PASS: chronyd selected our passive end after ${time_to_select} s; the association went away ${time_to_demobilize} s after chronyd stopped"
