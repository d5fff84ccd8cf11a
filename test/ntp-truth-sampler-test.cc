/*
 * The ground-truth sampler (NtpTruthSampler, NtpPeerHelper::
 * InstallTruthSampler; issue #12): what it costs in simulator events, when
 * it samples, and that what it reports is the clock's physics.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/stats-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <cfloat>
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

struct Sample
{
    double t;      ///< simulator time (s)
    double old;    ///< the trace's previous value
    double offset; ///< the trace's value
    double clock;  ///< NtpClock::GetOffset() read by the sink at the same instant
};

void
Record(std::vector<Sample>* samples, Ptr<NtpClock> clock, double old, double offset)
{
    samples->push_back({Simulator::Now().GetSeconds(), old, offset, clock->GetOffset()});
}

/// Three nodes with free-running clocks (no NTP service: nothing else
/// schedules events but the simulator's own node initialization).
NodeContainer
ClockNodes(double ppm, double initialOffset)
{
    NodeContainer nodes;
    nodes.Create(3);
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<NtpClock> clock = CreateObject<NtpClock>();
        clock->SetAttribute("InitialOffset", DoubleValue(initialOffset));
        clock->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(ppm));
        nodes.Get(i)->AggregateObject(clock);
    }
    return nodes;
}

void
Disconnect(Ptr<NtpTruthSampler> sampler, Callback<void, double, double> sink)
{
    sampler->TraceDisconnectWithoutContext("Offset", sink);
}

class SamplerEventsTestCase : public TestCase
{
  public:
    SamplerEventsTestCase() :
        TestCase("no listener, no event; a listener, one event per sample, duration over interval "
                 "of them")
    {
    }

  private:
    enum class Mode
    {
        None,         ///< no sampler
        Unconnected,  ///< samplers on every node, nobody listening
        Connected,    ///< node 1's sampler listened to all along
        Disconnected, ///< node 1's listener gone at kLeave
    };

    static constexpr double kDuration = 1000; ///< s
    static constexpr double kInterval = 10;   ///< s
    static constexpr double kLeave = 505;     ///< s

    /// Events the run executed, and node 1's samples.
    std::pair<uint64_t, std::vector<Sample>> Run(Mode mode)
    {
        NodeContainer nodes = ClockNodes(20, 0);
        std::vector<Sample> samples;
        if (mode != Mode::None)
        {
            NtpPeerHelper::InstallTruthSampler(nodes, Seconds(kInterval));
        }
        if (mode == Mode::Connected || mode == Mode::Disconnected)
        {
            Ptr<NtpTruthSampler> sampler = NtpPeerHelper::GetTruthSampler(nodes.Get(1));
            Callback<void, double, double> sink
                = MakeBoundCallback(&Record, &samples, NtpPeerHelper::GetClock(nodes.Get(1)));
            sampler->TraceConnectWithoutContext("Offset", sink);
            if (mode == Mode::Disconnected)
            {
                Simulator::Schedule(Seconds(kLeave), &Disconnect, sampler, sink);
            }
        }
        Simulator::Stop(Seconds(kDuration));
        Simulator::Run();
        const uint64_t events = Simulator::GetEventCount();
        Simulator::Destroy();
        return {events, samples};
    }

    void DoRun() override
    {
        const auto [none, noSamples] = Run(Mode::None);
        const auto [unconnected, unheard] = Run(Mode::Unconnected);
        const auto [connected, samples] = Run(Mode::Connected);
        const auto [disconnected, early] = Run(Mode::Disconnected);
        std::printf("events: %llu without samplers, %llu with three unconnected, %llu with one "
                    "listened to (%zu samples), %llu when the listener leaves at %.0f s (%zu)\n",
                    static_cast<unsigned long long>(none),
                    static_cast<unsigned long long>(unconnected),
                    static_cast<unsigned long long>(connected), samples.size(),
                    static_cast<unsigned long long>(disconnected), kLeave, early.size());
        NS_TEST_ASSERT_MSG_EQ(unconnected, none, "unconnected samplers schedule nothing");
        // Samples at 0, 10, ..., 990 s: the one at 1000 s would run after
        // the Stop event, which was scheduled first for the same instant
        // (equal times run in the order they were scheduled).
        const auto expected = static_cast<size_t>(kDuration / kInterval);
        NS_TEST_ASSERT_MSG_EQ(samples.size(), expected, "duration / interval samples");
        NS_TEST_ASSERT_MSG_EQ(connected, none + expected, "one event per sample, nothing else");
        if (samples.size() == expected)
        {
            NS_TEST_ASSERT_MSG_EQ(samples.front().t, 0.0, "the first sample at Start");
            NS_TEST_ASSERT_MSG_EQ(samples.back().t, kDuration - kInterval,
                                  "the last one interval before the end");
            NS_TEST_ASSERT_MSG_EQ(samples.front().old, 0.0, "the first sample's old value is 0");
            for (size_t i = 1; i < samples.size(); ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(samples[i].old, samples[i - 1].offset,
                                      "old is the previous sample");
            }
        }
        // Listened to until 505 s: samples at 0..500 s (51); the one due at
        // 510 s finds nobody and schedules no more.
        const auto heard = static_cast<size_t>(std::floor(kLeave / kInterval)) + 1;
        NS_TEST_ASSERT_MSG_EQ(early.size(), heard, "samples while listened to");
        NS_TEST_ASSERT_MSG_EQ(disconnected, none + heard + 1 + 1,
                              "the samples, the one that found nobody, and the disconnection");
    }
};

class SamplerPhysicsTestCase : public TestCase
{
  public:
    SamplerPhysicsTestCase() :
        TestCase("a free-running +20 ppm clock samples as 0.25 s + 20e-6 * t, which is "
                 "NtpClock::GetOffset()")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes = ClockNodes(20, 0.25);
        NtpPeerHelper::InstallTruthSampler(nodes, Seconds(60), Seconds(120));
        std::vector<Sample> samples;
        NtpPeerHelper::GetTruthSampler(nodes.Get(2))
            ->TraceConnectWithoutContext(
                "Offset",
                MakeBoundCallback(&Record, &samples, NtpPeerHelper::GetClock(nodes.Get(2))));
        // The same samples through ns-3's data collection: the trace has
        // DoubleProbe's signature.
        const std::string text = CreateTempDirFilename("sampler");
        const double duration = 86400;
        {
            FileHelper file;
            file.ConfigureFile(text, FileAggregator::FORMATTED);
            file.Set2dFormat("%.17g %.17g");
            std::ostringstream path;
            path << "/NodeList/" << nodes.Get(2)->GetId() << "/$ns3::NtpTruthSampler/Offset";
            file.WriteProbe("ns3::DoubleProbe", path.str(), "Output");
            Simulator::Stop(Seconds(duration));
            Simulator::Run();
            Simulator::Destroy();
        }
        std::ifstream rows(text + ".txt");
        std::string line;
        size_t row = 0;
        while (std::getline(rows, line))
        {
            double t = 0;
            double offset = 0;
            if (!(std::istringstream(line) >> t >> offset))
            {
                continue;
            }
            // Every sample differs from the one before (the clock drifts),
            // so the probe passes each on.
            NS_TEST_ASSERT_MSG_LT(row, samples.size(), "no more rows than samples");
            if (row < samples.size())
            {
                NS_TEST_ASSERT_MSG_EQ(t, samples[row].t, "row " << row << ": time");
                NS_TEST_ASSERT_MSG_EQ(offset, samples[row].offset, "row " << row << ": offset");
            }
            ++row;
        }
        NS_TEST_ASSERT_MSG_EQ(row, samples.size(), "a DoubleProbe row per sample");
        // From Start (120 s) to the last grid point before the end.
        NS_TEST_ASSERT_MSG_EQ(samples.size(), static_cast<size_t>((duration - 120) / 60),
                              "one sample per minute from 120 s");
        double worst = 0;
        for (const Sample& s : samples)
        {
            NS_TEST_ASSERT_MSG_EQ(s.offset, s.clock, "the sample is NtpClock::GetOffset() at t");
            // local = t + 0.25 + 20e-6 t, then minus t: the only error is
            // rounding, a few units in the last place of t.
            const double physics = 0.25 + 20e-6 * s.t;
            NS_TEST_ASSERT_MSG_EQ_TOL(s.offset, physics, 4 * DBL_EPSILON * s.t,
                                      "20 ppm at t = " << s.t);
            worst = std::max(worst, std::fabs(s.offset - physics));
        }
        NS_TEST_ASSERT_MSG_EQ(samples.front().t, 120.0, "first sample at Start");
        std::printf("%zu samples from %.0f s to %.0f s, last %.9f s, largest difference from "
                    "0.25 + 20e-6 t: %.3g s\n",
                    samples.size(), samples.front().t, samples.back().t, samples.back().offset,
                    worst);
    }
};

class SamplerScenarioTestCase : public TestCase
{
  public:
    SamplerScenarioTestCase() :
        TestCase("in the default scenario the samples are the disciplined clocks' offsets, and "
                 "sampling changes nothing")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c;
        c.simTime = 21600;
        const NtpPeerModeResult plain = RunNtpPeerMode(c);
        std::vector<Sample> a;
        std::vector<Sample> b;
        c.beforeRun = [&](Ptr<Node> nodeA, Ptr<Node> nodeB)
        {
            NtpPeerHelper::InstallTruthSampler(NodeContainer(nodeA, nodeB), Seconds(16));
            for (const auto& [node, samples] :
                 {std::make_pair(nodeA, &a), std::make_pair(nodeB, &b)})
            {
                NtpPeerHelper::GetTruthSampler(node)->TraceConnectWithoutContext(
                    "Offset", MakeBoundCallback(&Record, samples, NtpPeerHelper::GetClock(node)));
            }
        };
        RngSeedManager::SetRun(1);
        const NtpPeerModeResult sampled = RunNtpPeerMode(c);
        // Reading a clock draws nothing and changes nothing (closed form).
        NS_TEST_ASSERT_MSG_EQ(sampled.finalTrueOffset, plain.finalTrueOffset,
                              "same final offset with and without the sampler");
        NS_TEST_ASSERT_MSG_EQ(sampled.rmsTrueOffset, plain.rmsTrueOffset, "same RMS");
        NS_TEST_ASSERT_MSG_EQ(sampled.packetsTx, plain.packetsTx, "same packets");
        const auto expected = static_cast<size_t>(c.simTime / 16);
        NS_TEST_ASSERT_MSG_EQ(a.size(), expected, "A: simTime / interval samples");
        NS_TEST_ASSERT_MSG_EQ(b.size(), expected, "B: simTime / interval samples");
        for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(a[i].offset, a[i].clock, "A's sample is its clock's offset");
            NS_TEST_ASSERT_MSG_EQ(b[i].offset, b[i].clock, "B's sample is its clock's offset");
        }
        if (!b.empty())
        {
            // B starts 0.1 s ahead of A and A's clock, at 0, is true time.
            NS_TEST_ASSERT_MSG_EQ_TOL(b.front().offset, c.offsetB, 1e-12, "B at 0");
            NS_TEST_ASSERT_MSG_EQ(a.front().offset, 0.0, "A at 0");
            // At the end B is within a millisecond of A (the convergence
            // suite's bound), so its offset to true time is A's, which runs
            // free at driftA on its own local reference.
            const double end = b.back().t;
            NS_TEST_ASSERT_MSG_EQ_TOL(b.back().offset - a.back().offset, 0, 1e-3,
                                      "B follows A at the end");
            NS_TEST_ASSERT_MSG_EQ_TOL(a.back().offset, c.driftA * 1e-6 * end, 1e-9,
                                      "A drifts at driftA");
            std::printf("A at %.0f s: %.9f s (driftA gives %.9f s); B: %.9f s\n", end,
                        a.back().offset, c.driftA * 1e-6 * end, b.back().offset);
        }
    }
};

class TruthSamplerTestSuite : public TestSuite
{
  public:
    TruthSamplerTestSuite() : TestSuite("ntp-peer-truth-sampler", UNIT)
    {
        AddTestCase(new SamplerEventsTestCase, TestCase::QUICK);
        AddTestCase(new SamplerPhysicsTestCase, TestCase::QUICK);
        AddTestCase(new SamplerScenarioTestCase, TestCase::QUICK);
    }
};

TruthSamplerTestSuite g_truthSamplerTestSuite;

} // namespace
