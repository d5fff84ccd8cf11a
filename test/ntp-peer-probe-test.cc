/*
 * ns-3's data collection on NtpService's offsets (issue #12): an
 * ns3::DoubleProbe on TrueOffsetValue feeds FileHelper and GnuplotHelper.
 * What the files must hold is derived from the raw TrueOffset trace of the
 * same run, never from a printed run.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/stats-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

using Series = std::vector<std::pair<double, double>>; ///< (time s, value s)

void
Record(Series* series, double value)
{
    series->emplace_back(Simulator::Now().GetSeconds(), value);
}

/// Rows of "x y" numbers in a file (lines that do not start with two numbers are skipped).
Series
ReadRows(const std::string& path)
{
    Series rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
    {
        std::istringstream fields(line);
        double x = 0;
        double y = 0;
        if (fields >> x >> y)
        {
            rows.emplace_back(x, y);
        }
    }
    return rows;
}

/**
 * What a DoubleProbe passes on from a series: its Output is a
 * TracedValue<double>, which starts at 0 and fires only when the value
 * changes.
 */
Series
ThroughDoubleProbe(const Series& trace)
{
    Series out;
    double current = 0;
    for (const auto& [t, v] : trace)
    {
        if (v != current)
        {
            out.emplace_back(t, v);
            current = v;
        }
    }
    return out;
}

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
    return 0;
}

class ProbeFilesTestCase : public TestCase
{
  public:
    ProbeFilesTestCase() :
        TestCase("FileHelper and GnuplotHelper with a DoubleProbe on TrueOffsetValue hold B's "
                 "TrueOffset trace, update for update")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        const std::string text = CreateTempDirFilename("b-offset");
        const std::string plot = CreateTempDirFilename("b-offset-plot");
        const std::string wildcard = CreateTempDirFilename("all");
        NtpPeerModeConfig c; // the default scenario: a day, poll 2^6..2^10 s
        Series trueOffsetB;
        Series trueOffsetA;
        uint32_t idA = 0;
        uint32_t idB = 0;
        NtpPeerModeResult r;
        {
            FileHelper file;
            FileHelper files;
            GnuplotHelper gnuplot;
            c.beforeRun = [&](Ptr<Node> a, Ptr<Node> b)
            {
                idA = a->GetId();
                idB = b->GetId();
                std::ostringstream path;
                path << "/NodeList/" << idB << "/ApplicationList/" << ServiceIndex(b)
                     << "/$ns3::NtpService/TrueOffsetValue";
                // %.17g: every double reads back exactly.
                file.ConfigureFile(text, FileAggregator::FORMATTED);
                file.Set2dFormat("%.17g %.17g");
                file.WriteProbe("ns3::DoubleProbe", path.str(), "Output");
                gnuplot.ConfigurePlot(plot, "B", "t (s)", "A - B (s)");
                gnuplot.PlotProbe("ns3::DoubleProbe", path.str(), "Output", "B");
                // The path of issue #12, every node: one file per match,
                // named after the wildcards' values (node, application).
                files.ConfigureFile(wildcard, FileAggregator::FORMATTED);
                files.Set2dFormat("%.17g %.17g");
                files.WriteProbe("ns3::DoubleProbe",
                                 "/NodeList/*/ApplicationList/*/$ns3::NtpService/TrueOffsetValue",
                                 "Output");
                NtpPeerHelper::GetService(b)->TraceConnectWithoutContext(
                    "TrueOffset", MakeBoundCallback(&Record, &trueOffsetB));
                NtpPeerHelper::GetService(a)->TraceConnectWithoutContext(
                    "TrueOffset", MakeBoundCallback(&Record, &trueOffsetA));
            };
            r = RunNtpPeerMode(c);
            NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "the default scenario synchronizes");
            // The helpers write (and close) their files when destroyed.
        }

        // Each clock update consumes a sample no earlier update used, and
        // samples come from packets received from A only: between one
        // update (B ends synchronized) and one per packet received.
        NS_TEST_ASSERT_MSG_GT(trueOffsetB.size(), 0, "B updated its clock");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(trueOffsetB.size(), r.packetsRx,
                                    "at most one update per packet received");

        const Series expected = ThroughDoubleProbe(trueOffsetB);
        // Two clocks 50 ppm apart never read the same offset twice: nothing
        // of B's is held back by the probe.
        NS_TEST_ASSERT_MSG_EQ(expected.size(), trueOffsetB.size(), "every update of B is a row");
        for (const auto& [name, path] :
             {std::make_pair("FileHelper", text + ".txt"),
              std::make_pair("FileHelper, wildcard path",
                             wildcard + "-" + std::to_string(idB) + "-0.txt"),
              std::make_pair("GnuplotHelper", plot + ".dat")})
        {
            const Series rows = ReadRows(path);
            NS_TEST_ASSERT_MSG_EQ(rows.size(), expected.size(), name << ": one row per update");
            for (size_t i = 0; i < std::min(rows.size(), expected.size()); ++i)
            {
                if (std::string(name) == "GnuplotHelper")
                {
                    // Gnuplot's data file has the stream's default 6
                    // significant digits.
                    NS_TEST_ASSERT_MSG_EQ_TOL(rows[i].first, expected[i].first,
                                              1e-5 * std::fabs(expected[i].first),
                                              name << " row " << i << ": time");
                    NS_TEST_ASSERT_MSG_EQ_TOL(rows[i].second, expected[i].second,
                                              1e-5 * std::fabs(expected[i].second),
                                              name << " row " << i << ": offset");
                    continue;
                }
                NS_TEST_ASSERT_MSG_EQ(rows[i].first, expected[i].first,
                                      name << " row " << i << ": time of the update");
                NS_TEST_ASSERT_MSG_EQ(rows[i].second, expected[i].second,
                                      name << " row " << i << ": TrueOffset's value");
            }
        }
        // A is the reference: its TrueOffset is 0 at every update, which
        // the probe never passes on (its value starts at 0).
        NS_TEST_ASSERT_MSG_EQ(ThroughDoubleProbe(trueOffsetA).size(), 0, "A's offsets are all 0");
        NS_TEST_ASSERT_MSG_EQ(ReadRows(wildcard + "-" + std::to_string(idA) + "-0.txt").size(), 0,
                              "A's file has no row");
        std::printf("B: %zu clock updates from %llu packets received, %zu rows in each file; A: "
                    "%zu updates, 0 rows\n",
                    trueOffsetB.size(), static_cast<unsigned long long>(r.packetsRx),
                    expected.size(), trueOffsetA.size());
    }
};

class ProbeTestSuite : public TestSuite
{
  public:
    ProbeTestSuite() : TestSuite("ntp-peer-probes", SYSTEM)
    {
        AddTestCase(new ProbeFilesTestCase, TestCase::QUICK);
    }
};

ProbeTestSuite g_probeTestSuite;

} // namespace
