/*
 * Fidelity against real ntpd: the router scenario run with the kernel and
 * the daemon discipline and three seeds, compared with what classic ntpd did
 * in the same scenario under clknetsim (test/fidelity/ntpd-reference.tsv,
 * where the figures come from): eight runs per scenario and discipline,
 * each another realization of ntpd's own random generator, and the model at
 * the precision ntpd measured there. Bounds:
 *  - time from which |B - A| < 1 ms for good: within 25% of ntpd's median
 *    (issue #7);
 *  - packets B sends per day: within 25% of ntpd's median (issue #7), and
 *    within the range of ntpd's runs widened by 10% (its runs span about 10%:
 *    a model beyond that polls differently);
 *  - last-quarter RMS of B - A: kernel loop below 1 us (issue #7) and at most
 *    twice ntpd's largest (its runs span a factor of up to 9); daemon loop
 *    within a factor 1.5 of ntpd's median.
 * S1 is the scenario; X2 (a first offset over the step threshold)
 * and X3 (poll range 4..8) check the step path and the poll process.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

// Stand-alone builds define it; in an ns-3 tree, test.py runs from the top.
#ifndef NTP_PEER_SOURCE_DIR
#define NTP_PEER_SOURCE_DIR "contrib/ntp-peer"
#endif

using namespace ns3;

namespace
{

/// ntpd's runs of one scenario and discipline.
struct Reference
{
    std::vector<double> within1ms;
    std::vector<double> rms;
    std::vector<double> packets;
    int precision{0};
    bool consistent{true}; ///< every run at the same precision
    int malformed{0};      ///< data lines of any scenario that do not parse
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
        int run = 0;
        int precision = 0;
        double within = 0;
        double rms = 0;
        double packets = 0;
        fields >> scenario >> mode >> run >> precision >> within >> rms >> packets;
        if (fields.fail())
        {
            ++r.malformed;
            continue;
        }
        if (scenario != name || mode != discipline)
        {
            continue;
        }
        r.consistent = r.consistent && (r.within1ms.empty() || precision == r.precision);
        r.precision = precision;
        r.within1ms.push_back(within);
        r.rms.push_back(rms);
        r.packets.push_back(packets);
    }
    return r;
}

double
Median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
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
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ref.packets.size(), 3u,
                                    "ntpd's runs of " + m_scenario + " " + m_discipline);
        NS_TEST_ASSERT_MSG_EQ(ref.malformed, 0, "every line of ntpd-reference.tsv parses");
        NS_TEST_ASSERT_MSG_EQ(ref.consistent, true, "ntpd's runs share one precision");
        const double within1ms = Median(ref.within1ms);
        const double packets = Median(ref.packets);
        const double rms = Median(ref.rms);
        const auto [fewest, most] = std::minmax_element(ref.packets.begin(), ref.packets.end());
        const double largestRms = *std::max_element(ref.rms.begin(), ref.rms.end());

        RngSeedManager::SetRun(m_seed);
        NtpPeerModeConfig c = ScenarioConfig(m_scenario);
        c.discipline = m_discipline;
        c.precision = ref.precision;
        const NtpPeerModeResult r = RunNtpPeerMode(c);
        const double perDay = static_cast<double>(r.packetsTx) * 86400.0 / c.simTime;
        std::printf("figures: scenario=%s discipline=%s seed=%u precision=%d within_1ms_s=%.0f "
                    "(ntpd median %.0f) rms_lq_s=%.3g (ntpd median %.3g, largest %.3g) "
                    "packets_b_per_day=%.0f (ntpd median %.0f, %.0f-%.0f)\n",
                    m_scenario.c_str(), m_discipline.c_str(), m_seed, c.precision,
                    r.within1msTime.value_or(-1), within1ms, r.rmsTrueOffset, rms, largestRms,
                    perDay, packets, *fewest, *most);
        NS_TEST_ASSERT_MSG_EQ(r.within1msTime.has_value(), true, "B ends within 1 ms of A");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.within1msTime.value_or(1e9), within1ms, 0.25 * within1ms,
                                  "time within 1 ms, +-25% of ntpd's median");
        NS_TEST_ASSERT_MSG_EQ_TOL(perDay, packets, 0.25 * packets,
                                  "packets B sends per day, +-25% of ntpd's median");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(perDay, 0.9 * *fewest,
                                    "packets per day: at least 90% of ntpd's fewest");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(perDay, 1.1 * *most,
                                    "packets per day: at most 110% of ntpd's most");
        if (m_discipline == "kernel")
        {
            NS_TEST_ASSERT_MSG_LT(r.rmsTrueOffset, 1e-6, "kernel loop: last-quarter RMS < 1 us");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(r.rmsTrueOffset, 2 * largestRms,
                                        "kernel loop: RMS at most twice ntpd's largest");
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(r.rmsTrueOffset, rms / 1.5,
                                        "daemon loop: RMS at least ntpd's median / 1.5");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(r.rmsTrueOffset, rms * 1.5,
                                        "daemon loop: RMS at most ntpd's median x 1.5");
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
