/*
 * Every protocol constant the core uses, in one place. Defaults follow ntpd
 * 4.2.8 / NTPsec where they differ from RFC 5905 (see doc/ntp-peer.rst and
 * shared reference ntp-facts.md); RfcParameters() gives the RFC's values.
 */
#ifndef NTP_CORE_PARAMETERS_H
#define NTP_CORE_PARAMETERS_H

#include "ntp-address.h"
#include "ntp-auth.h"
#include "ntp-status.h"

#include <map>
#include <optional>
#include <vector>

namespace ntp
{

/// Which loop steers the clock (ntpd's "enable kernel" / "disable kernel").
enum class DisciplineMode
{
    Kernel, ///< Linux's kernel PLL/FLL driven through ntp_adjtime(): ntpd's default on Linux
    Daemon  ///< ntpd's own PLL/FLL, slewing through adjtime() at up to 500 ppm
};

/// What a node does with a symmetric-active packet from a source it has no
/// association with (RFC 5905 dispatch table, NEWPS).
enum class PassivePolicy
{
    Mobilize,       ///< RFC 5905 and ntpd: mobilize an ephemeral passive association
    StatelessReply, ///< chrony and NTPsec: answer with a mode-2 packet, keep no state
    Ignore          ///< drop it
};

/// A global source address and the routing instance it serves.
struct SourceAddress
{
    uint32_t instance{0};
    IpAddress address;
};

struct Parameters
{
    // --- RFC 5905 figure 6 constants ---
    double phi{15e-6};           ///< PHI, frequency tolerance (s/s)
    double minDispersion{0.001}; ///< MINDISP: ntpd 0.001 s (RFC 0.005 s)
    double maxDispersion{16.0};  ///< MAXDISP (s)
    double maxDistance{1.5};     ///< MAXDIST: ntpd 1.5 s (RFC 1 s)
    int minSurvivors{3};         ///< NMIN: clustering stops at this many survivors
    int minCandidates{1};        ///< CMIN: fewer truechimers than this: no selection
    /// ntpd "tos ceiling" (4.2.8: 15): a peer at this stratum or above is unfit; we
    /// would serve one stratum higher, and 16 means unsynchronized.
    int stratumCeiling{15};
    bool selectionMidpoints{false}; ///< RFC 5905's midpoint test in selection (ntpd: off)
    int unreachLimit{10};           ///< UNREACH: ntpd 10 (RFC 24 in figure 29, 12 in appendix)
    int burstCount{8};              ///< BCOUNT
    double burstInterval{2.0};      ///< BTIME (s)
    int minimumPoll{4};             ///< MINPOLL: lowest poll a configuration may ask for
    int maximumPoll{17};            ///< MAXPOLL
    int defaultMinpoll{6};
    int defaultMaxpoll{10};
    int precision{-20}; ///< log2 s of the local clock reading

    // --- clock filter ---
    double popcornGate{3.0}; ///< ntpd CLOCK_SGATE: spike if |d offset| > gate * jitter

    // --- discipline (ntpd values; RFC text in comments) ---
    double stepThreshold{0.128};      ///< RFC text 0.125 s
    double stepout{300.0};            ///< RFC 900 s
    double panicThreshold{1000.0};    ///< 0 disables the panic check
    bool panicStepAllowedFirst{true}; ///< like ntpd -g: the first update may step any amount
    double pllGain{16.0};        ///< ntpd CLOCK_PLL (RFC appendix uses 65536 in another scaling)
    int allanInterceptLog2{11};  ///< ntpd 2048 s (RFC appendix 1500 s)
    double fllGain{0.25};        ///< ntpd CLOCK_FLL
    double averaging{8.0};       ///< ntpd CLOCK_AVG: jitter/wander exponential average
    int pollLimit{30};           ///< LIMIT: poll hysteresis
    double pollGate{4.0};        ///< PGATE
    double maxFrequency{500e-6}; ///< ntpd NTP_MAXFREQ
    std::optional<double> initialFrequency; ///< a "drift file": start in FSET with this
    DisciplineMode discipline{DisciplineMode::Kernel};
    double adjtimeRate{500e-6}; ///< Linux adjtime() slew rate (MAX_TICKADJ, s/s)
    /// ntpd's own loop reaches the clock one adjtime() call a second, which
    /// the kernel carries out over the following second(s): a new phase
    /// slew or daemon frequency takes effect this long after the update and
    /// the previous one runs until then (2 s as measured under clknetsim).
    double adjtimeLatency{2.0};
    int kernelShiftPll{2}; ///< Linux SHIFT_PLL
    /// Linux clamps the kernel PLL's update interval; clknetsim (the reference) does not.
    bool kernelPllClamp{false};

    // --- poll process (ntpd) ---
    double pollJitter{255.0 / 4096.0}; ///< extra random fraction of each poll interval
    double minPacketInterval{2.0};     ///< ntpd ntp_minpkt: never poll sooner (s)

    // --- behaviour switches ---
    PassivePolicy passivePolicy{PassivePolicy::Mobilize};
    /// ntpd "enable auth" (its default): mobilize passive associations only
    /// for authenticated packets; reply to unauthenticated ones statelessly.
    bool authenticate{true};
    /// Router "ntp-service authentication enable": drop unauthenticated packets.
    bool discardUnauthenticated{false};
    bool sendCryptoNak{true}; ///< ntpd answers an authentication failure with a crypto-NAK
    bool serveClients{true};  ///< answer mode-3 requests
    /// Global source addresses ("ntp-service [ipv6] source-interface IF [vpn-instance V]"):
    /// at most one per routing instance (Endpoint::instance, 0 the public network) and
    /// address family. A per-association source address wins; a packet to an address of
    /// the other family ignores it.
    std::vector<SourceAddress> sourceAddresses;
    int passiveMaxpoll{10}; ///< ntpd NTP_MAXDPOLL: a passive association's maxpoll
    /// The MAC algorithms whose authenticated symmetric-active packets may
    /// mobilize a passive association; empty: any (ntpd). A router's passive
    /// end lists md5 and hmac-sha256 only (the seed's passive procedure).
    std::vector<MacAlgorithm> passiveAlgorithms;

    // --- local reference (ntpd's LOCAL driver, "refclock-master") ---
    /// Seconds after start before the local clock may be selected (ntpd orphwait).
    double localReferenceWait{300.0};
    /// Root dispersion the local clock claims (ntpd LOCAL driver: 10 ms).
    double localReferenceDispersion{0.01};
    /// At most this many passive associations at once: a flood of spoofed
    /// symmetric-active packets cannot grow the association table without bound.
    int maxPassiveAssociations{1000};

    /// Checks ranges and consistency; names the first bad value.
    Error Validate() const;
};

/// The values written in RFC 5905's text and figures.
Parameters RfcParameters();

} // namespace ntp

#endif // NTP_CORE_PARAMETERS_H
