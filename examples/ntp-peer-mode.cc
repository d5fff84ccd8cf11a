/*
 * The router peer-mode scenario (shared/reference/vrp-ntp-peer-mode.md):
 * router A uses its own drifting clock as reference at stratum 2 and is a
 * passive, unconfigured peer; router B is a proactive peer of A; one
 * point-to-point link between them.
 *
 *   ./ntp-peer run                                   # readable summary
 *   ./ntp-peer run ntp-peer-mode --json              # one JSON object
 *   ./ntp-peer run ntp-peer-mode --csv=run.csv --auth=hmac-sha256 --RngRun=3
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cstdio>
#include <iostream>

using namespace ns3;

namespace
{

void
PrintSummary(const NtpPeerModeResult& r, const NtpPeerModeConfig& c)
{
    std::printf(
        "NTP symmetric peer mode: B (proactive) -> A (passive, local clock at stratum %d)\n",
        c.stratumA);
    std::printf("  clocks: A %+.1f ppm, B %+.1f ppm, B starts %+.3f s off; path %.1f ms one way, "
                "asymmetry %.1f ms, jitter %.1f ms, loss %.0f%%\n",
                c.driftA, c.driftB, c.offsetB, c.delay * 1e3, c.asymmetry * 1e3, c.jitter * 1e3,
                c.loss * 100);
    std::printf("  auth: %s%s, version %d, poll 2^%d..2^%d s, %s discipline, %.0f s simulated\n",
                c.auth.c_str(), c.keyMismatch ? " (mismatched keys)" : "", c.version, c.minpoll,
                c.maxpoll, c.discipline.c_str(), c.simTime);
    if (!r.configured)
    {
        std::printf("  configuration refused: %s\n", r.error.c_str());
        return;
    }
    std::printf("  synchronized: %s", r.synchronized ? "yes" : "no");
    if (r.syncStateTime)
    {
        std::printf("; B entered SYNC after %.0f s", *r.syncStateTime);
    }
    if (r.within1msTime)
    {
        std::printf("; |B - A| < 1 ms from %.0f s to the end", *r.within1msTime);
    }
    else
    {
        std::printf("; |B - A| >= 1 ms at the end");
    }
    std::printf("\n  B - A at the end: %+.6f s true", r.finalTrueOffset);
    if (r.finalEstimatedOffset)
    {
        std::printf(", %+.6f s as NTP estimates it", *r.finalEstimatedOffset);
    }
    std::printf("\n");
    std::printf("  last quarter: RMS %.6f s, max |offset| %.6f s; B's frequency correction "
                "%+.3f ppm\n",
                r.rmsTrueOffset, r.maxAbsTrueOffsetLastQuarter, r.finalFrequencyCorrection * 1e6);
    std::printf(
        "  stratum A %d, B %d; A synchronized to B: %s; steps %llu; B's final poll 2^%d s\n",
        r.stratumA, r.stratumB, r.aSynchronizedToB ? "yes" : "no",
        static_cast<unsigned long long>(r.steps), r.finalPollB);
    std::printf("  packets: B sent %llu, received %llu; A sent %llu, received %llu; "
                "auth failures %llu\n",
                static_cast<unsigned long long>(r.packetsTx),
                static_cast<unsigned long long>(r.packetsRx),
                static_cast<unsigned long long>(r.packetsTxA),
                static_cast<unsigned long long>(r.packetsRxA),
                static_cast<unsigned long long>(r.authFailures));
    if (!r.refused.empty())
    {
        std::printf("  refused packets:");
        for (const auto& [reason, count] : r.refused)
        {
            std::printf(" %s=%llu", reason.c_str(), static_cast<unsigned long long>(count));
        }
        std::printf("\n");
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    NtpPeerModeConfig c;
    bool json = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("simTime", "Simulated time (s)", c.simTime);
    cmd.AddValue("driftA", "Frequency error of A's clock (ppm)", c.driftA);
    cmd.AddValue("driftB", "Frequency error of B's clock (ppm)", c.driftB);
    cmd.AddValue("offsetB", "B's clock minus A's at time 0 (s)", c.offsetB);
    cmd.AddValue("delay", "Mean one-way base delay of the A-B link (s)", c.delay);
    cmd.AddValue("asymmetry", "Delay B->A minus delay A->B (s)", c.asymmetry);
    cmd.AddValue("jitter", "Mean of an exponential extra delay per packet (s)", c.jitter);
    cmd.AddValue("loss", "Probability that a packet is lost, each direction", c.loss);
    cmd.AddValue("wander", "Frequency random walk of both clocks (ppm/sqrt(s))", c.wander);
    cmd.AddValue("phaseNoise", "White noise on each timestamp reading (s)", c.phaseNoise);
    cmd.AddValue("auth",
                 "Authentication: none, md5, sha1, sha256, hmac-sha256, aes-128-cmac, aes-256-cmac",
                 c.auth);
    cmd.AddValue("weakAlgorithms", "Allow md5/sha1 keys (undo crypto weak-algorithm disable)",
                 c.weakAlgorithms);
    cmd.AddValue("keyMismatch", "Give B a different password than A for the same key id",
                 c.keyMismatch);
    cmd.AddValue("minpoll", "B's minpoll (log2 s)", c.minpoll);
    cmd.AddValue("maxpoll", "B's maxpoll (log2 s)", c.maxpoll);
    cmd.AddValue("version", "NTP version B sends (1..4; router default 3)", c.version);
    cmd.AddValue("stratumA", "Stratum of A's local reference", c.stratumA);
    cmd.AddValue("discipline",
                 "Clock discipline of both routers: kernel (Linux kernel PLL/FLL, ntpd's default) "
                 "or daemon (ntpd's own loop, 'disable kernel')",
                 c.discipline);
    cmd.AddValue("passiveSourceInterface",
                 "A answers from its second interface's address (ntp-service source-interface)",
                 c.passiveSourceInterface);
    cmd.AddValue("peerSourceAddress", "B peers with A's source-interface address",
                 c.peerSourceAddress);
    cmd.AddValue("csv", "Write the time series to this CSV file", c.csvPath);
    cmd.AddValue("csvInterval", "Seconds between CSV rows and RMS samples", c.csvInterval);
    cmd.AddValue("pcap", "Write pcap files of the A-B link with this prefix", c.pcapPrefix);
    cmd.AddValue("loopstats", "Write B's clock updates to this file, as ntpd's loopstats",
                 c.loopStatsPath);
    cmd.AddValue("json", "Print exactly one JSON object on stdout", json);
    cmd.Parse(argc, argv);

    const std::string problem = c.simTime <= 0 ? "--simTime must be > 0"
                              : c.delay < 0    ? "--delay must be >= 0"
                              : c.delay - std::abs(c.asymmetry) / 2 < 0
                                  ? "--asymmetry must not make a direction's delay negative "
                                    "(accepted: |asymmetry| <= 2 * delay)"
                              : c.jitter < 0             ? "--jitter must be >= 0"
                              : c.loss < 0 || c.loss > 1 ? "--loss must be in 0..1"
                              : c.csvInterval <= 0       ? "--csvInterval must be > 0"
                              : c.discipline != "kernel" && c.discipline != "daemon"
                                  ? "--discipline must be kernel or daemon"
                                  : "";
    if (!problem.empty())
    {
        std::cerr << "ntp-peer-mode: " << problem << "\n";
        return 2;
    }
    const NtpPeerModeResult result = RunNtpPeerMode(c);
    if (json)
    {
        std::cout << ToJson(result, c) << std::endl;
    }
    else
    {
        PrintSummary(result, c);
    }
    return result.configured ? 0 : 2;
}
