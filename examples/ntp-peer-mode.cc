/*
 * The router peer-mode scenario (shared/reference/vrp-ntp-peer-mode.md):
 * router A uses its own drifting clock as reference at stratum 2 and is a
 * passive, unconfigured peer; router B is a proactive peer of A; one
 * point-to-point link between them.
 *
 *   ./ntp-peer run                                   # readable summary
 *   ./ntp-peer run ntp-peer-mode --json              # one JSON object
 *   ./ntp-peer run ntp-peer-mode --csv=run.csv --auth=hmac-sha256 --RngRun=3
 *
 * Every option is checked before anything runs (helper/ntp-peer-options.h,
 * the ranges in helper/ntp-peer-scenario-options.h): a bad value exits with
 * status 2 and one line on stderr naming the option and the accepted values;
 * --PrintHelp lists them. --progress (the default when stderr is a terminal)
 * reports the simulated time, the speed and the expected end on stderr.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cstdio>
#include <iostream>
#include <sstream>

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
                c.auth.c_str(), c.keyMismatch ? " (mismatched keys)" : "", c.ntpVersion, c.minpoll,
                c.maxpoll, c.discipline.c_str(), c.simTime);
    // The configuration the routers were given, as their CLI sessions.
    for (const auto& [who, transcript] :
         {std::make_pair("A", &r.transcriptA), std::make_pair("B", &r.transcriptB)})
    {
        if (transcript->empty())
        {
            continue;
        }
        std::printf("  router %s:\n", who);
        std::istringstream lines(*transcript);
        std::string line;
        while (std::getline(lines, line))
        {
            std::printf("    %s\n", line.c_str());
        }
    }
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
    bool dryRun = false;
    NtpOptionTable options(__FILE__);
    AddNtpPeerModeOptions(options, c);
    options.AddFlag("json", "Print exactly one JSON object on stdout", json);
    // A terminal watching a long run sees how far it is; a file or a pipe
    // (a sweep's runs) does only when asked.
    c.progress = NtpProgress::StderrIsTerminal();
    options.AddFlag("progress",
                    "A one-line progress report on stderr: simulated time, speed, expected end "
                    "(default: when stderr is a terminal)",
                    c.progress);
    options.AddFlag("dryRun",
                    "Check every option (ranges, output paths) and exit: status 0 accepted, 2 "
                    "refused; runs nothing",
                    dryRun);
    if (!options.ParseOrReport(argc, argv))
    {
        return 2;
    }
    if (dryRun)
    {
        return 0;
    }
    const NtpPeerModeResult result = RunNtpPeerMode(c);
    if (!result.configured)
    {
        // What the routers refuse (a weak algorithm without --weakAlgorithms)
        // is part of the scenario's answer on stdout; say it on stderr too.
        const bool weak = c.auth == "md5" || c.auth == "sha1";
        std::cerr << "ntp-peer-mode: " << (weak ? "--auth=" + c.auth + ": " : std::string())
                  << "the routers refuse the configuration: " << result.error
                  << (weak ? " (accepted: --weakAlgorithms with md5 or sha1)" : "") << std::endl;
    }
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
