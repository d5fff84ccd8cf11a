/*
 * The command-line options of the peer-mode scenario (ntp-peer-scenario.h):
 * its physical limits, its option set on an NtpOptionTable (ntp-peer-mode's
 * options), and the same ranges checked on a configuration built in code.
 */
#ifndef NTP_PEER_SCENARIO_OPTIONS_H
#define NTP_PEER_SCENARIO_OPTIONS_H

#include "ntp-peer-options.h"

namespace ns3
{

struct NtpPeerModeConfig;

/// Physical bounds of the peer-mode scenario (doc/ntp-peer.rst, Usage).
struct NtpPeerModeLimits
{
    /// ns-3's Time (int64 ns) ends at 292 years; ten years is beyond any NTP experiment.
    static constexpr double kMaxSimTime = 10 * 365 * 86400.0;
    /// NTP's scale is the second (ground truth is sampled every second); below a
    /// nanosecond, ns-3 would stop the run before the services start.
    static constexpr double kMinSimTime = 1;
    /// NTP's frequency tolerance (RFC 5905 MAXFREQ, 500 ppm): beyond it no discipline keeps up.
    static constexpr double kMaxDrift = 500;
    /// 10^9 s (31.7 years) stays inside one half NTP era (68 years), where offsets are unambiguous.
    static constexpr double kMaxOffset = 1e9;
    /// One-way delay and jitter: NTP stops trusting a path long before (MAXDIST 1.5 s); 10 s
    /// still lets a run show that.
    static constexpr double kMaxDelay = 10;
    /// The oscillator model's bounds (ppm/sqrt(s), s).
    static constexpr double kMaxWander = 1;
    static constexpr double kMaxPhaseNoise = 1;
    /// RFC 5905 MINPOLL and MAXPOLL.
    static constexpr int kMinPoll = 4;
    static constexpr int kMaxPoll = 17;
    /// CSV rows: not finer than a millisecond (a day would be 86 million rows).
    static constexpr double kMinCsvInterval = 1e-3;
};

/// The options of ntp-peer-mode, bound to config's fields.
void AddNtpPeerModeOptions(NtpOptionTable& table, NtpPeerModeConfig& config);

/// Every field of config within its accepted range and every output path writable.
NtpOptionError CheckNtpPeerModeConfig(const NtpPeerModeConfig& config);

} // namespace ns3

#endif // NTP_PEER_SCENARIO_OPTIONS_H
