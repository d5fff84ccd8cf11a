/*
 * Fidelity against real ntpd: the router scenario, compared with what
 * classic ntpd did in the same scenario under clknetsim
 * (test/fidelity/ntpd-reference.tsv, where the figures come from). ntpd's
 * runs are realizations of its own random generator (one per start date);
 * the model runs once per ntpd run (RngRun 1..n), at the precision ntpd
 * measured, and the two samples are compared:
 *  - each model run meets issue #7's bounds: |B - A| < 1 ms for good, from
 *    a time within 25% of ntpd's median; packets B sends per day within 25%
 *    of ntpd's median; with the kernel loop a last-quarter RMS of B - A
 *    below 1 us;
 *  - where ntpd's runs are 48 realizations (S1, X3, X5), the model's runs
 *    and ntpd's must pass as two samples of one distribution, for each of
 *    the three figures: a two-sample Kolmogorov-Smirnov test, at a 1% level
 *    for all such comparisons in the reference file together (Bonferroni:
 *    with 18 comparisons, 0.056% each). One run or a
 *    median cannot say this: ntpd's own runs spread by a factor of up to 14
 *    in the kernel residual, and with the daemon loop at 200 ppm a quarter
 *    of them settle on a residual three times the others';
 *  - X2's runs are only two realizations (the step resets the clock): there
 *    each model run is held to ntpd's spread instead, packets within ntpd's
 *    range widened by 10%, the kernel residual at most twice ntpd's largest,
 *    the daemon's within a factor 1.5 of ntpd's median.
 * S1 is the scenario; X2 (a first offset over the step threshold)
 * checks the step path, X3 (poll range 4..8) the poll process, X5 (B off by
 * 200 ppm) the frequency acquisition.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

// Stand-alone builds define it; in an ns-3 tree, test.py runs from the top.
#ifndef NTP_PEER_SOURCE_DIR
#define NTP_PEER_SOURCE_DIR "contrib/ntp-peer"
#endif

using namespace ns3;

namespace
{

/// The three figures of a set of runs (ntpd's or the model's), one entry per run.
struct Figures
{
    std::vector<double> within1ms; ///< s
    std::vector<double> rms;       ///< s
    std::vector<double> packets;   ///< B's, per day
};

/// A reference with at least this many runs is compared in distribution.
constexpr size_t kDistributionRuns = 16;

/// The figures compared per scenario and discipline.
constexpr int kFiguresCompared = 3;

/// ntpd's runs of one scenario and discipline.
struct Reference : Figures
{
    int precision{0};
    bool consistent{true}; ///< every run at the same precision
    int malformed{0};      ///< data lines of any scenario that do not parse
    /// Distribution comparisons over the whole file (scenarios and
    /// disciplines with kDistributionRuns runs, times kFiguresCompared): the
    /// family a single comparison's level is shared with.
    int comparisons{0};
};

Reference
LoadReference(const std::string& name, const std::string& discipline)
{
    Reference r;
    std::map<std::pair<std::string, std::string>, size_t> runs;
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
        ++runs[{scenario, mode}];
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
    for (const auto& [group, count] : runs)
    {
        r.comparisons += count >= kDistributionRuns ? kFiguresCompared : 0;
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

/**
 * The two-sample Kolmogorov-Smirnov statistic: the largest distance between
 * the empirical distribution functions of a and b (ties taken together).
 */
double
KolmogorovSmirnov(std::vector<double> a, std::vector<double> b)
{
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    size_t i = 0;
    size_t j = 0;
    double largest = 0;
    while (i < a.size() && j < b.size())
    {
        const double x = std::min(a[i], b[j]);
        while (i < a.size() && a[i] == x)
        {
            ++i;
        }
        while (j < b.size() && b[j] == x)
        {
            ++j;
        }
        const double distance = std::abs(static_cast<double>(i) / static_cast<double>(a.size())
                                         - static_cast<double>(j) / static_cast<double>(b.size()));
        largest = std::max(largest, distance);
    }
    return largest;
}

/**
 * The statistic's critical value for samples of n and m at level alpha,
 * c * sqrt((n + m) / (n m)) with c = sqrt(-ln(alpha / 2) / 2) (Smirnov's
 * limit distribution; c = 1.628 at 1%).
 */
double
KolmogorovSmirnovCritical(size_t n, size_t m, double alpha)
{
    const double c = std::sqrt(-std::log(alpha / 2) / 2);
    return c * std::sqrt(static_cast<double>(n + m) / static_cast<double>(n * m));
}

/// The scenario's settings: S1 is the default, the others change one thing.
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
    else if (name == "X5")
    {
        c.driftB = -180;
    }
    return c;
}

std::string
Summary(const std::vector<double>& values, double scale)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    char text[96];
    std::snprintf(text, sizeof(text), "%.4g [%.4g-%.4g]", Median(values) * scale, *low * scale,
                  *high * scale);
    return text;
}

class FidelityTestCase : public TestCase
{
  public:
    FidelityTestCase(const std::string& scenario, const std::string& discipline) :
        TestCase(scenario + ", " + discipline + " discipline, against classic ntpd's runs"),
        m_scenario(scenario),
        m_discipline(discipline)
    {
    }

  private:
    void DoRun() override
    {
        const Reference ref = LoadReference(m_scenario, m_discipline);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ref.packets.size(), 8u,
                                    "ntpd's runs of " + m_scenario + " " + m_discipline);
        NS_TEST_ASSERT_MSG_EQ(ref.malformed, 0, "every line of ntpd-reference.tsv parses");
        NS_TEST_ASSERT_MSG_EQ(ref.consistent, true, "ntpd's runs share one precision");
        const double within1ms = Median(ref.within1ms);
        const double packets = Median(ref.packets);
        const bool inDistribution = ref.packets.size() >= kDistributionRuns;
        const auto [fewest, most] = std::minmax_element(ref.packets.begin(), ref.packets.end());
        const double largestRms = *std::max_element(ref.rms.begin(), ref.rms.end());
        const double medianRms = Median(ref.rms);

        Figures model;
        for (uint32_t seed = 1; seed <= ref.packets.size(); ++seed)
        {
            RngSeedManager::SetRun(seed);
            NtpPeerModeConfig c = ScenarioConfig(m_scenario);
            c.discipline = m_discipline;
            c.precision = ref.precision;
            const NtpPeerModeResult r = RunNtpPeerMode(c);
            const double perDay = static_cast<double>(r.packetsTx) * 86400.0 / c.simTime;
            const std::string run
                = m_scenario + " " + m_discipline + " RngRun " + std::to_string(seed) + ": ";
            NS_TEST_ASSERT_MSG_EQ(r.within1msTime.has_value(), true,
                                  run + "B ends within 1 ms of A");
            NS_TEST_ASSERT_MSG_EQ_TOL(*r.within1msTime, within1ms, 0.25 * within1ms,
                                      run + "time within 1 ms, +-25% of ntpd's median");
            NS_TEST_ASSERT_MSG_EQ_TOL(perDay, packets, 0.25 * packets,
                                      run + "packets B sends per day, +-25% of ntpd's median");
            if (m_discipline == "kernel")
            {
                NS_TEST_ASSERT_MSG_LT(r.rmsTrueOffset, 1e-6,
                                      run + "kernel loop: last-quarter RMS < 1 us");
            }
            if (!inDistribution)
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(perDay, 0.9 * *fewest,
                                            run + "packets per day: at least 90% of ntpd's fewest");
                NS_TEST_ASSERT_MSG_LT_OR_EQ(perDay, 1.1 * *most,
                                            run + "packets per day: at most 110% of ntpd's most");
                if (m_discipline == "kernel")
                {
                    NS_TEST_ASSERT_MSG_LT_OR_EQ(
                        r.rmsTrueOffset, 2 * largestRms,
                        run + "kernel loop: RMS at most twice ntpd's largest");
                }
                else
                {
                    NS_TEST_ASSERT_MSG_GT_OR_EQ(
                        r.rmsTrueOffset, medianRms / 1.5,
                        run + "daemon loop: RMS at least ntpd's median / 1.5");
                    NS_TEST_ASSERT_MSG_LT_OR_EQ(
                        r.rmsTrueOffset, medianRms * 1.5,
                        run + "daemon loop: RMS at most ntpd's median x 1.5");
                }
            }
            model.within1ms.push_back(*r.within1msTime);
            model.rms.push_back(r.rmsTrueOffset);
            model.packets.push_back(perDay);
        }

        // Only meaningful (and only used) where the runs are compared in distribution.
        const double critical
            = inDistribution ? KolmogorovSmirnovCritical(ref.packets.size(), model.packets.size(),
                                                         0.01 / ref.comparisons)
                             : 0.0;
        struct Compared
        {
            const char* name;
            const std::vector<double>& ntpd;
            const std::vector<double>& ours;
            double scale;
        };
        for (const Compared& figure :
             {Compared{"within_1ms_s", ref.within1ms, model.within1ms, 1.0},
              Compared{"packets_b_per_day", ref.packets, model.packets, 1.0},
              Compared{"rms_lq_us", ref.rms, model.rms, 1e6}})
        {
            const double d = KolmogorovSmirnov(figure.ntpd, figure.ours);
            const std::string bound = inDistribution
                                        ? "critical " + std::to_string(critical) + " of "
                                              + std::to_string(ref.comparisons) + " comparisons"
                                        : std::string("not tested");
            std::printf("figures: scenario=%s discipline=%s precision=%d runs=%zu %s: "
                        "ntpd %s, model %s, KS D=%.3f (%s)\n",
                        m_scenario.c_str(), m_discipline.c_str(), ref.precision, figure.ours.size(),
                        figure.name, Summary(figure.ntpd, figure.scale).c_str(),
                        Summary(figure.ours, figure.scale).c_str(), d, bound.c_str());
            if (inDistribution)
            {
                NS_TEST_EXPECT_MSG_LT_OR_EQ(d, critical,
                                            m_scenario + " " + m_discipline + " " + figure.name
                                                + ": the model's runs and ntpd's differ in "
                                                  "distribution (two-sample KS)");
            }
        }
    }

    std::string m_scenario;
    std::string m_discipline;
};

class FidelityTestSuite : public TestSuite
{
  public:
    explicit FidelityTestSuite(const std::string& discipline) :
        TestSuite("ntp-peer-fidelity-" + discipline, SYSTEM)
    {
        for (const char* scenario : {"S1", "X2", "X3", "X5"})
        {
            AddTestCase(new FidelityTestCase(scenario, discipline), TestCase::QUICK);
        }
    }
};

FidelityTestSuite g_fidelityKernel("kernel");
FidelityTestSuite g_fidelityDaemon("daemon");

} // namespace
