#!/usr/bin/env bash
# ntp-peer-wire alone, no daemon: --help, usage errors (exit 2, the accepted
# values named), `decode --hex` on the shared reference vectors with key files
# in both formats, and hostile input that must be refused without a crash.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCRIPT_NAME=wire-cli
[ -x "$WIRE" ] || fail "NTP_PEER_WIRE must name the ntp-peer-wire binary (got '${WIRE}')"
TMP="$(mktemp -d /tmp/ntp-peer-wire-cli.XXXXXX)"
trap cleanup EXIT

# expect STATUS PATTERN ARGS...: the tool exits with STATUS and its output matches PATTERN.
expect() {
    local want="$1" pattern="$2"
    shift 2
    local status=0
    timeout 10 "$WIRE" "$@" >"$TMP/out.log" 2>&1 || status=$?
    if [ "$status" != "$want" ]; then
        cat "$TMP/out.log" >&2
        fail "'ntp-peer-wire $*' exited with $status, expected $want"
    fi
    grep -q -- "$pattern" "$TMP/out.log" || {
        cat "$TMP/out.log" >&2
        fail "'ntp-peer-wire $*' did not print /$pattern/"
    }
}

expect 0 "BELOW RFC 5905's MINPOLL" --help
expect 0 "decode \[--key-file F\]" help
expect 2 "no command given (accepted: peer, passive, decode, help)"
expect 2 "--minpoll: 20 is out of range (accepted: 0..17)" peer 127.0.0.1 --minpoll 20
expect 2 "--maxpoll: -1 is out of range (accepted: 0..17)" peer 127.0.0.1 --maxpoll -1
expect 2 "--port: 0 is out of range (accepted: 1..65535)" peer 127.0.0.1 --port 0
expect 2 "--duration: -3 is out of range (accepted: 0..3.16224e+07)" peer 127.0.0.1 --duration -3
expect 2 "'ntp.example' is not an IPv4 or IPv6 literal" peer ntp.example
expect 2 "--bind: port 99999 is out of range (accepted: 1..65535)" peer 127.0.0.1 --bind 127.0.0.1:99999
expect 2 "are of different address families" peer ::1 --bind 127.0.0.1:11123
expect 2 "'passive' needs --bind" passive
expect 2 "unknown option --key-id for 'passive'" passive --bind :11123 --key-id 1
expect 2 "needs exactly one of --pcap FILE or --hex HEX" decode --hex 00 --pcap x

# Key files: the reference vectors' keys, in ntpd's and in chrony's format.
printf '1 MD5 ntpkey1234\n2 SHA1 ntpkey1234\n3 SHA256 ntpkey1234\n' >"$TMP/ntpd.keys"
printf '4 AES128 HEX:000102030405060708090a0b0c0d0e0f\n' >"$TMP/chrony.keys"
printf '1 MD5 ntpkey1235\n' >"$TMP/wrong.keys"
expect 2 "--key-id 9 is not in $TMP/ntpd.keys (accepted: 1, 2, 3)" \
    peer 127.0.0.1 --key-file "$TMP/ntpd.keys" --key-id 9 --bind 127.0.0.1:11133
expect 2 "cannot\|No such file\|not found\|missing" decode --key-file "$TMP/none.keys" --hex 00

# The self-made mode-1 header of crypto-test-vectors.txt and its MACs.
header=210206ec0000010000000200c0000201e6136a710000000000000000000000000000000000000000e6136a712d8c4800
expect 0 "MAC key 1 (16-byte digest): verified (md5)" \
    decode --key-file "$TMP/ntpd.keys" --key-format ntpd --hex "$header 00000001 6403722da74983b71cbe2769528502d1"
expect 0 "verified (sha1)" \
    decode --key-file "$TMP/ntpd.keys" --hex "$header 00000002 5aeef150548d9a29c71025131ea620fbdaf03022"
expect 0 "verified (sha256)" \
    decode --key-file "$TMP/ntpd.keys" --hex "$header 00000003 ca0ac34dbe058299ab77bcdbd1b535630a90df5e"
expect 0 "verified (aes-128-cmac)" \
    decode --key-file "$TMP/chrony.keys" --hex "$header 00000004 22f1544da5ba305f3db743a360ab3bd3"
expect 0 "v4 symmetric-active leap 0 stratum 2 poll 6 precision -20 .* refid 192.0.2.1" decode --hex "$header"
expect 0 "not checked" decode --hex "$header 00000001 6403722da74983b71cbe2769528502d1"
expect 1 "REFUSED (does not verify with md5 key 1)" \
    decode --key-file "$TMP/wrong.keys" --hex "$header 00000001 6403722da74983b71cbe2769528502d1"
expect 1 "REFUSED (does not verify with md5 key 1)" \
    decode --key-file "$TMP/ntpd.keys" --hex "$header 00000001 6403722da74983b71cbe2769528502d0"
expect 1 "REFUSED, unknown key" \
    decode --key-file "$TMP/chrony.keys" --hex "$header 00000001 6403722da74983b71cbe2769528502d1"
expect 0 "crypto-NAK" decode --hex "$header 00000000"

# Captures (libpcap reads both formats): the committed loopback capture of
# chronyd and ntp-peer-wire as tcpdump wrote it (pcap) and as editcap
# converted it (pcapng) decode to the same report, every MAC verified with
# the capture's keys; so does a pcapng conversion made here when editcap is
# installed (with tshark: ./ntp-peer test installs it).
CORPUS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz/corpus" && pwd)"
capture="$CORPUS/fuzz-pcap/real-chronyd-loopback"
keys="$CORPUS/fuzz-keyfile/real-interop-chrony.keys"
"$WIRE" decode --key-file "$keys" --pcap "$capture.pcap" --json >"$TMP/pcap.json" ||
    fail "decode of $capture.pcap exited with $?"
grep -q '"ntp_packets":49,"malformed":0,"with_mac":49,"verified":49,' "$TMP/pcap.json" ||
    fail "$capture.pcap: not 49 packets all verified: $(grep -o '"frames".*' "$TMP/pcap.json")"
"$WIRE" decode --key-file "$keys" --pcap "$capture.pcapng" --json >"$TMP/pcapng.json" ||
    fail "decode of $capture.pcapng exited with $?"
cmp -s "$TMP/pcap.json" "$TMP/pcapng.json" || fail "the pcapng copy decodes differently from the pcap"
expect 0 "49 verified, 0 refused" decode --key-file "$keys" --pcap "$capture.pcapng"
if command -v editcap >/dev/null 2>&1; then
    editcap -F pcapng "$capture.pcap" "$TMP/converted.pcapng" || fail "editcap failed"
    "$WIRE" decode --key-file "$keys" --pcap "$TMP/converted.pcapng" --json >"$TMP/converted.json" ||
        fail "decode of the editcap pcapng exited with $?"
    cmp -s "$TMP/pcap.json" "$TMP/converted.json" ||
        fail "the pcapng made by editcap decodes differently from the pcap"
fi

# Hostile input: refused, counted, no crash.
expect 1 "MALFORMED too-short\|MALFORMED" decode --hex "${header:0:94}"
expect 1 "MALFORMED" decode --hex "${header} 0000000100"
expect 1 "MALFORMED" decode --hex "ff$(printf '%094d' 0)"
expect 2 "is not hexadecimal" decode --hex "xyz"
head -c 1000 /dev/urandom >"$TMP/garbage.pcap"
expect 2 "not a capture file" decode --pcap "$TMP/garbage.pcap"
: >"$TMP/empty.pcap"
expect 2 "not a capture file" decode --pcap "$TMP/empty.pcap"
expect 2 "cannot open" decode --pcap "$TMP/missing.pcap"
say "PASS"
