/*
 * Fidelity against real ntpd: the router scenario run with the kernel and
 * the daemon discipline and three seeds, compared with what classic ntpd did
 * in the same scenario under clknetsim (test/fidelity/ntpd-reference.tsv,
 * where the figures come from). Bounds, from issue #7:
 *  - time from which |B - A| < 1 ms for good: within 25% of ntpd's;
 *  - packets B sends per day: within 25% of ntpd's;
 *  - last-quarter RMS of B - A: below 1 us (kernel); for S1 also within a
 *    factor 1.5 of ntpd's with the daemon loop, whose residual is frozen at
 *    poll 10.
 * S1 is the scenario; X2 (a first offset over the step threshold)
 * and X3 (poll range 4..8) check the step path and the poll process.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

// Stand-alone builds define it; in an ns-3 tree, test.py runs from the top.
#ifndef NTP_PEER_SOURCE_DIR
#define NTP_PEER_SOURCE_DIR "contrib/ntp-peer"
#endif

using namespace ns3;

namespace
{

struct Reference
{
    double within1ms{0};
    double rms{0};
    double packets{0};
    bool found{false};
};

Reference
LoadReference(const std::string& name, const std::string& discipline)
{
    Reference r;
    std::ifstream in(NTP_PEER_SOURCE_DIR "/test/fidelity/ntpd-reference.tsv");
    std::string line;
    while (std::getline(in, line))
    {
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        std::istringstream fields(line);
        std::string scenario;
        std::string mode;
        fields >> scenario >> mode;
        if (scenario == name && mode == discipline)
        {
            fields >> r.within1ms >> r.rms >> r.packets;
            r.found = !fields.fail();
        }
    }
    return r;
}

/// The scenario's settings: S1 is the default, X2 and X3 change one thing.
NtpPeerModeConfig
ScenarioConfig(const std::string& name)
{
    NtpPeerModeConfig c;
    if (name == "X2")
    {
        c.offsetB = 0.5;
    }
    else if (name == "X3")
    {
        c.minpoll = 4;
        c.maxpoll = 8;
    }
    return c;
}

class FidelityTestCase : public TestCase
{
  public:
    FidelityTestCase(const std::string& scenario, const std::string& discipline, uint32_t seed) :
        TestCase(scenario + ", " + discipline + " discipline, seed " + std::to_string(seed)
                 + ", against classic ntpd"),
        m_scenario(scenario),
        m_discipline(discipline),
        m_seed(seed)
    {
    }

  private:
    void DoRun() override
    {
        const Reference ref = LoadReference(m_scenario, m_discipline);
        NS_TEST_ASSERT_MSG_EQ(ref.found, true,
                              "reference figures for " + m_scenario + " " + m_discipline);
        RngSeedManager::SetRun(m_seed);
        NtpPeerModeConfig c = ScenarioConfig(m_scenario);
        c.discipline = m_discipline;
        const NtpPeerModeResult r = RunNtpPeerMode(c);
        const double perDay = static_cast<double>(r.packetsTx) * 86400.0 / c.simTime;
        std::printf("figures: scenario=%s discipline=%s seed=%u within_1ms_s=%.0f (ntpd %.0f) "
                    "rms_lq_s=%.3g (ntpd %.3g) packets_b_per_day=%.0f (ntpd %.0f)\n",
                    m_scenario.c_str(), m_discipline.c_str(), m_seed, r.within1msTime.value_or(-1),
                    ref.within1ms, r.rmsTrueOffset, ref.rms, perDay, ref.packets);
        NS_TEST_ASSERT_MSG_EQ(r.within1msTime.has_value(), true, "B ends within 1 ms of A");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.within1msTime.value_or(1e9), ref.within1ms,
                                  0.25 * ref.within1ms, "time within 1 ms, +-25% of ntpd's");
        NS_TEST_ASSERT_MSG_EQ_TOL(perDay, ref.packets, 0.25 * ref.packets,
                                  "packets B sends per day, +-25% of ntpd's");
        if (m_discipline == "kernel")
        {
            NS_TEST_ASSERT_MSG_LT(r.rmsTrueOffset, 1e-6, "kernel loop: last-quarter RMS < 1 us");
        }
        else if (m_scenario == "S1")
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(r.rmsTrueOffset, ref.rms / 1.5,
                                        "daemon loop: RMS at least ntpd's / 1.5");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(r.rmsTrueOffset, ref.rms * 1.5,
                                        "daemon loop: RMS at most ntpd's x 1.5");
        }
    }

    std::string m_scenario;
    std::string m_discipline;
    uint32_t m_seed;
};

class FidelityTestSuite : public TestSuite
{
  public:
    explicit FidelityTestSuite(const std::string& discipline) :
        TestSuite("ntp-peer-fidelity-" + discipline, SYSTEM)
    {
        for (const char* scenario : {"S1", "X2", "X3"})
        {
            for (uint32_t seed = 1; seed <= 3; ++seed)
            {
                AddTestCase(new FidelityTestCase(scenario, discipline, seed), TestCase::QUICK);
            }
        }
    }
};

FidelityTestSuite g_fidelityKernel("kernel");
FidelityTestSuite g_fidelityDaemon("daemon");

} // namespace
