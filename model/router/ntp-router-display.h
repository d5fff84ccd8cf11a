/*
 * What a router prints for NTP (shared/reference/vrp-display.md): the text of
 * "display ntp-service sessions [verbose]", "display ntp-service status" and
 * "display current-configuration [| include TEXT]", from a running engine
 * (model/core) and the configuration value (ntp-router-config.h). Pure
 * functions of their arguments and the node's local time: nothing here
 * changes the service.
 *
 * Layout: one "name: value" per line with one leading space, as routers
 * print them; verbose groups fields on a line, comma-separated, in the
 * reference's groups. Units: offset ms with 4 decimals; delay, dispersions
 * ms with 2; polls and now in seconds unless said; precision as 2^n.
 *
 * Where the reference is silent, this model chose:
 *  - sessions: one block per association in association order, blank line
 *    between blocks, "Total sessions: N" last (also without verbose).
 *    The local reference ("refclock-master") is clock source 127.127.1.0,
 *    reference clock ID LOCAL(0); its clock stratum is the association's,
 *    one below the node's (the node serves refclock-master's stratum).
 *  - clock status: "configured" (a command made it) or "dynamic" (mobilized
 *    by a packet); then at most one of "master" (the engine's system peer),
 *    "selected" (survives clustering), "candidate" (a truechimer dropped by
 *    clustering); "sane"/"insane": the association passes RFC 5905's fitness
 *    tests now (reachable, synchronized, stratum below the ceiling, root
 *    distance under the limit, no loop back to us, better than the local
 *    reference); "valid"/"invalid": its clock filter holds an estimate whose
 *    dispersion is below MAXDISP. The core keeps only the system peer of its
 *    last selection, so sane/selected/candidate come from
 *    ntp::Engine::ViewSelection, the engine's own fitness tests and selection
 *    run again, read-only, at display time; the local reference is never a
 *    candidate of that selection (the engine uses it only when nothing else
 *    survives).
 *  - reference clock ID: "LOCAL(0)" for the refid "LOCL" a local clock
 *    sends; the ASCII code (e.g. "STEP", "GPS") when the stratum is 0, 1 or
 *    16 and the refid is printable; else the refid as a dotted quad, as
 *    routers and ntpq print every refid of a stratum-2+ source. A refid that
 *    is the MD5 hash of an IPv6 address (a source synchronized over IPv6)
 *    cannot be told from an IPv4 address on the wire: when it matches the
 *    hash of an IPv6 address this node knows (its own, a peer's), that
 *    address is printed instead, else the dotted quad.
 *  - current poll: 2^min(peer poll, local poll) s, the interval between
 *    packets (ntpq's poll); local poll and peer poll are log2 s as on the
 *    wire; now: whole seconds since the last packet from the peer passed
 *    the on-wire test (the local reference: since its last sample), "-"
 *    before any; sync dist: root distance in s, 3 decimals; sync state: the
 *    peer's leap indicator (synchronized, leap add, leap delete,
 *    unsynchronized); peer mode: the mode the peer answers this
 *    association's mode with (the core keeps no received mode); the local
 *    reference shows local mode client, peer mode unspec, as ntpd shows a
 *    reference clock.
 *  - peer interface: the name of the peer's source-interface, else of the
 *    global one of its family and instance, else "wildcard" (ntpd's word for
 *    an unbound association); an interface the namer leaves unnamed is its
 *    IPv4 interface index.
 *  - times: hh:mm:ss.mmm UTC Mon dd yyyy(HEXSECS.HEXFRAC), the era chosen so
 *    the date is 1970..2106; a zero timestamp is 00:00:00.000 UTC Jan 01
 *    1900(00000000.00000000). reftime: the peer's reference time (the local
 *    reference: its last sample, as ntpd shows a reference clock's); orgtime:
 *    the peer's last transmit time we hold; rcvtime: when it arrived;
 *    xmttime: our last transmit timestamp while unanswered, else the time
 *    of our last poll.
 *  - filter: the 8 stages newest first; an empty stage shows as ntpd shows
 *    it (delay 0.00, offset 0.0000, disper 16000.00 = MAXDISP).
 *  - status: "actual frequency" = nominal * (1 + frequency correction) with a
 *    nominal 100.0000 Hz tick: the model has no tick clock, so the tick rate
 *    only carries the discipline's frequency correction (a clock 50 ppm
 *    fast, corrected by -50 ppm, shows 99.9950 Hz). clock offset: the last
 *    combined offset; peer dispersion: the system peer's filter dispersion
 *    now (0.00 without one); reference clock ID: the system peer's address
 *    (IPv6 in full), LOCAL(0), or the system refid when there is no system
 *    peer.
 *  - current-configuration: see DisplayCurrentConfiguration.
 */
#ifndef NTP_ROUTER_DISPLAY_H
#define NTP_ROUTER_DISPLAY_H

#include "ntp-engine.h"
#include "ntp-router-config.h"
#include "ntp-time.h"

#include <cstdint>
#include <functional>
#include <string>

namespace ns3
{

/// IPv4 interface index -> router interface name ("GigabitEthernet0/0/1"); "" if unnamed.
using NtpInterfaceNamer = std::function<std::string(int32_t interface)>;
/// Core instance number (ntp::Endpoint::instance) -> VPN instance name, "" for the public network.
using NtpInstanceNamer = std::function<std::string(uint32_t instance)>;

/**
 * "display ntp-service sessions [verbose]" of `engine`, whose configuration
 * is `config` (for the peers' source interfaces). The time is the local
 * time of the node whose NtpService runs `engine` (NtpDisplayTime).
 */
std::string DisplaySessions(const ntp::Engine& engine, const NtpServiceConfiguration& config,
                            const NtpInstanceNamer& instances, const NtpInterfaceNamer& interfaces,
                            bool verbose);

/// The same at local time `now` (a host that knows its clock, tests).
std::string DisplaySessions(const ntp::Engine& engine, const NtpServiceConfiguration& config,
                            const NtpInstanceNamer& instances, const NtpInterfaceNamer& interfaces,
                            bool verbose, ntp::Timestamp now);

/// "display ntp-service status" of `engine` at its node's local time.
std::string DisplayStatus(const ntp::Engine& engine);

/// The same at local time `now`.
std::string DisplayStatus(const ntp::Engine& engine, ntp::Timestamp now);

/**
 * "display current-configuration [| include TEXT]": the NTP lines of
 * `config`, each ending in a newline, valid input for the router CLI so a
 * displayed configuration can be pasted back. Only lines containing
 * `includeFilter` (case-sensitive substring) when it is not empty.
 *
 * Order (fixed, so configurations diff cleanly, and so that pasting works
 * line by line: what a line depends on comes before it):
 *   undo crypto weak-algorithm disable             (weak algorithms allowed)
 *   ntp-service authentication-keyid K authentication-mode M cipher TEXT
 *                                                  (by key id; NtpCipherEncode)
 *   ntp-service reliable authentication-keyid K    (trusted keys, by key id)
 *   ntp-service authentication enable
 *   ntp-service authentication-password complexity-check enable
 *                                                  (after the keys: it judges
 *                                                  new passwords, not these)
 *   ntp-service refclock-master N
 *   ntp-service [ipv6] source-interface NAME [vpn-instance V]
 *                                                  (IPv4 first, public first)
 *   ntp-service unicast-peer [ipv6] ADDRESS OPTIONS
 *   ntp-service unicast-server [ipv6] ADDRESS OPTIONS (in configuration order)
 * OPTIONS are the non-default ones, in the order of the router's syntax:
 * version N (IPv4 only, default 3), authentication-keyid K,
 * source-interface NAME, vpn-instance V, preference, maxpoll N (default 10),
 * minpoll N (default 6), preempt, port N (default 123). NAME is the namer's,
 * else the IPv4 interface index.
 */
std::string DisplayCurrentConfiguration(const NtpServiceConfiguration& config,
                                        const NtpInterfaceNamer& interfaces,
                                        const std::string& includeFilter);

/// The local time of the node whose NtpService runs `engine`; for an engine
/// no service runs, the latest time the engine has recorded.
ntp::Timestamp NtpDisplayTime(const ntp::Engine& engine);

/// "hh:mm:ss.mmm UTC Mon dd yyyy(HEXSECS.HEXFRAC)".
std::string FormatNtpDisplayTime(ntp::Timestamp time);

} // namespace ns3

#endif // NTP_ROUTER_DISPLAY_H
