// The peer-mode scenario's options (see ntp-peer-scenario-options.h).
#include "ntp-peer-scenario-options.h"

#include "ntp-peer-option-values.h"
#include "ntp-peer-scenario.h"
#include "ntp-topology.h"

#include <cmath>
#include <string>

namespace ns3
{

using ntpoptions::FormatNumber;

void
AddNtpPeerModeOptions(NtpOptionTable& table, NtpPeerModeConfig& c)
{
    using Limits = NtpPeerModeLimits;
    table.AddReal("simTime", "Simulated time (s)", c.simTime, Limits::kMinSimTime,
                  Limits::kMaxSimTime, "s (10 years)");
    table.AddReal("driftA", "Frequency error of A's clock (ppm)", c.driftA, -Limits::kMaxDrift,
                  Limits::kMaxDrift, "ppm");
    table.AddReal("driftB", "Frequency error of B's clock (ppm)", c.driftB, -Limits::kMaxDrift,
                  Limits::kMaxDrift, "ppm");
    table.AddReal("offsetB", "B's clock minus A's at time 0 (s)", c.offsetB, -Limits::kMaxOffset,
                  Limits::kMaxOffset, "s");
    table.AddReal("delay", "Mean one-way base delay of the A-B link (s)", c.delay, 0,
                  Limits::kMaxDelay, "s");
    table.AddReal("asymmetry", "Delay B->A minus delay A->B (s), at most twice --delay either way",
                  c.asymmetry, -2 * Limits::kMaxDelay, 2 * Limits::kMaxDelay, "s");
    table.AddReal("jitter", "Mean of an exponential extra delay per packet (s)", c.jitter, 0,
                  Limits::kMaxDelay, "s");
    table.AddReal("loss", "Probability that a packet is lost, each direction", c.loss, 0, 1, "");
    table.AddReal("wander", "Frequency random walk of both clocks (ppm/sqrt(s))", c.wander, 0,
                  Limits::kMaxWander, "ppm/sqrt(s)");
    table.AddReal("phaseNoise", "White noise on each timestamp reading (s)", c.phaseNoise, 0,
                  Limits::kMaxPhaseNoise, "s");
    table.AddChoice(
        "auth", "Authentication of the peers' packets", c.auth,
        {"none", "md5", "sha1", "sha256", "hmac-sha256", "aes-128-cmac", "aes-256-cmac"});
    table.AddFlag("weakAlgorithms", "Allow md5/sha1 keys (undo crypto weak-algorithm disable)",
                  c.weakAlgorithms);
    table.AddFlag("keyMismatch", "Give B a different password than A for the same key id",
                  c.keyMismatch);
    table.AddInteger("minpoll", "B's minpoll (log2 s)", c.minpoll, Limits::kMinPoll,
                     Limits::kMaxPoll);
    table.AddInteger("maxpoll", "B's maxpoll (log2 s), not below --minpoll", c.maxpoll,
                     Limits::kMinPoll, Limits::kMaxPoll);
    table.AddInteger("ntpVersion", "NTP version B sends (router default 3)", c.ntpVersion, 1, 4);
    // A local reference is a server of stratum 1..15 (16 means unsynchronized):
    // "ntp-service refclock-master [stratum]" takes 1..15.
    table.AddInteger("stratumA", "Stratum of A's local reference (ntp-service refclock-master)",
                     c.stratumA, 1, 15);
    table.AddChoice("discipline",
                    "Clock discipline of both routers: kernel (Linux kernel PLL/FLL, ntpd's "
                    "default) or daemon (ntpd's own loop, 'disable kernel')",
                    c.discipline, {"kernel", "daemon"});
    table.AddInteger("precision",
                     "Precision of both routers' clocks (log2 s; -20 is about 1 us, ntpd measures "
                     "-23 under clknetsim): fuzz below it in transmit timestamps, jitter floor",
                     c.precision, NtpTopologySpec::kMinPrecision, NtpTopologySpec::kMaxPrecision);
    table.AddFlag("passiveSourceInterface",
                  "A answers from its second interface's address (ntp-service source-interface)",
                  c.passiveSourceInterface);
    table.AddFlag("peerSourceAddress", "B peers with A's source-interface address",
                  c.peerSourceAddress);
    table.AddFlag("passiveAnyMode",
                  "A's passive end accepts aes-cmac keys too (the seed's passive procedure "
                  "lists md5 and hmac-sha256 only)",
                  c.passiveAnyMode);
    table.AddFlag("ipv6",
                  "Run over IPv6: 2001:db8:1::/64 on the A-B link, ntp-service unicast-peer ipv6 "
                  "(IPv6 peers send NTPv4)",
                  c.ipv6);
    table.AddOutputFile("csv", "Write the time series to this CSV file", c.csvPath);
    table.AddReal("csvInterval", "Seconds between CSV rows", c.csvInterval, Limits::kMinCsvInterval,
                  Limits::kMaxSimTime, "s");
    // PointToPointHelper names the files PREFIX-NODE-DEVICE.pcap.
    table.AddOutputPrefix("pcap", "Write pcap files of the A-B link with this prefix", c.pcapPrefix,
                          "-0-0.pcap");
    table.AddOutputFile("loopstats", "Write B's clock updates to this file, as ntpd's loopstats",
                        c.loopStatsPath);
    table.AddCrossCheck(
        [&c]() -> NtpOptionError
        {
            if (c.delay - std::fabs(c.asymmetry) / 2 < 0)
            {
                return "--asymmetry=" + FormatNumber(c.asymmetry)
                     + " makes one direction's delay negative with --delay=" + FormatNumber(c.delay)
                     + " (accepted: |asymmetry| <= 2 * delay = " + FormatNumber(2 * c.delay)
                     + " s)";
            }
            return std::nullopt;
        });
    table.AddCrossCheck(
        [&c]() -> NtpOptionError
        {
            if (c.minpoll > c.maxpoll)
            {
                return "--minpoll=" + std::to_string(c.minpoll) + " is greater than --maxpoll="
                     + std::to_string(c.maxpoll) + " (accepted: minpoll <= maxpoll, both "
                     + std::to_string(NtpPeerModeLimits::kMinPoll) + ".."
                     + std::to_string(NtpPeerModeLimits::kMaxPoll) + ")";
            }
            return std::nullopt;
        });
}

NtpOptionError
CheckNtpPeerModeConfig(const NtpPeerModeConfig& config)
{
    NtpPeerModeConfig copy = config;
    NtpOptionTable table("RunNtpPeerMode");
    AddNtpPeerModeOptions(table, copy);
    return table.CheckValues();
}

} // namespace ns3
