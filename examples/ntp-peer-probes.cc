/*
 * B's ground-truth offset in the default peer-mode scenario (the one of
 * ntp-peer-mode), collected with ns-3's data collection framework: an
 * ns3::DoubleProbe on B's NtpService trace source TrueOffsetValue feeds
 *  - a GnuplotHelper: PREFIX.plt, PREFIX.dat and PREFIX.sh (sh PREFIX.sh
 *    draws PREFIX.png with gnuplot), and
 *  - a FileHelper: PREFIX.txt, "time offset" per line, one line per clock
 *    update of B.
 * The offset is the system peer's clock (A) minus B's clock, in seconds.
 *
 *   ./ntp-peer run ntp-peer-probes                          # ntp-peer-probes.*
 *   ./ntp-peer run ntp-peer-probes --prefix=out/b --simTime=21600 --json
 *
 * Every option of ntp-peer-mode is accepted (same checks, same exit status 2
 * on a bad value).
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/stats-module.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ns3;

namespace
{

/// The index of a node's NtpService in its application list.
uint32_t
ServiceIndex(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (DynamicCast<NtpService>(node->GetApplication(i)))
        {
            return i;
        }
    }
    NS_FATAL_ERROR("node " << node->GetId() << " runs no NtpService");
    return 0;
}

void
CountUpdate(uint64_t* updates, double)
{
    ++*updates;
}

} // namespace

int
main(int argc, char* argv[])
{
    NtpPeerModeConfig c;
    std::string prefix = "ntp-peer-probes";
    bool json = false;
    NtpOptionTable options(__FILE__);
    AddNtpPeerModeOptions(options, c);
    options.AddOutputPrefix("prefix",
                            "Output files: PREFIX.plt, PREFIX.dat, PREFIX.sh (gnuplot) and "
                            "PREFIX.txt (time and offset per clock update)",
                            prefix, ".txt");
    options.AddFlag("json", "Print exactly one JSON object on stdout", json);
    if (!options.ParseOrReport(argc, argv))
    {
        return 2;
    }

    // The helpers write their files when they are destroyed: they outlive
    // the run, and their probes are connected once the nodes exist.
    GnuplotHelper plot;
    FileHelper file;
    uint64_t updates = 0;
    std::string path;
    c.beforeRun = [&](Ptr<Node>, Ptr<Node> b)
    {
        std::ostringstream p;
        p << "/NodeList/" << b->GetId() << "/ApplicationList/" << ServiceIndex(b)
          << "/$ns3::NtpService/TrueOffsetValue";
        path = p.str();
        plot.ConfigurePlot(prefix,
                           "B's clock offset to A (ground truth, at each clock update of B)",
                           "Time (s)", "A - B (s)", "png");
        plot.PlotProbe("ns3::DoubleProbe", path, "Output", "B", GnuplotAggregator::KEY_BELOW);
        // Enough digits that every value reads back as the double written.
        file.ConfigureFile(prefix, FileAggregator::FORMATTED);
        file.Set2dFormat("%.17g %.17g");
        file.WriteProbe("ns3::DoubleProbe", path, "Output");
        // The raw trace, to say how many updates the files hold.
        NtpPeerHelper::GetService(b)->TraceConnectWithoutContext(
            "TrueOffset", MakeBoundCallback(&CountUpdate, &updates));
    };
    const NtpPeerModeResult result = RunNtpPeerMode(c);
    if (!result.configured)
    {
        // As ntp-peer-mode says it; nothing was written (the probes are
        // connected only when the run starts).
        const bool weak = c.auth == "md5" || c.auth == "sha1";
        std::cerr << "ntp-peer-probes: " << (weak ? "--auth=" + c.auth + ": " : std::string())
                  << "the routers refuse the configuration: " << result.error
                  << (weak ? " (accepted: --weakAlgorithms with md5 or sha1)" : "") << std::endl;
        return 2;
    }
    if (json)
    {
        const nlohmann::ordered_json out{
            {"probe_path", path},
            {"clock_updates", updates},
            {"text_file", prefix + ".txt"},
            {"gnuplot_files", {prefix + ".plt", prefix + ".dat", prefix + ".sh"}},
            {"final_true_offset_s", result.finalTrueOffset}};
        std::cout << out.dump() << std::endl;
    }
    else
    {
        std::printf("B's true offset at each of its %llu clock updates, through a DoubleProbe on\n"
                    "  %s\n"
                    "  gnuplot: %s.plt, %s.dat, %s.sh (sh %s.sh draws %s.png)\n"
                    "  text:    %s.txt\n",
                    static_cast<unsigned long long>(updates), path.c_str(), prefix.c_str(),
                    prefix.c_str(), prefix.c_str(), prefix.c_str(), prefix.c_str(), prefix.c_str());
    }
    return 0;
}
