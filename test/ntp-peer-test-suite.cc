/*
 * ns-3 TestSuites of the ntp-peer model. Every threshold is derived in the
 * comment beside it (and in doc/ntp-peer.rst, Validation) from RFC 5905,
 * ntpd's discipline constants or the physics of the scenario.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

using namespace ns3;

namespace
{

// ns-3 <= 3.35 schedules function and member pointers only, not lambdas.
void
RunFunction(std::function<void()> f)
{
    f();
}

// ntpd's startup, as derived in test/core/engine-test.cc: A's local clock is
// selectable at its first 64 s poll after the 300 s orphan wait (321 s); B's
// next packet (at most 67 s later) is its first update, then FREQ's 300 s
// stepout and one more poll.
const double kSyncBound = 321 + 67 + 300 + 67;

NtpPeerModeConfig
ConvergenceConfig()
{
    // The setting: 50 ppm relative drift, 0.1 s initial offset,
    // 5 ms symmetric delay.
    NtpPeerModeConfig c;
    c.driftA = 0;
    c.driftB = 50;
    c.offsetB = 0.1;
    c.delay = 0.005;
    c.simTime = 86400;
    return c;
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// ---------------------------------------------------------------- clock

class ClockDriftTestCase : public TestCase
{
  public:
    ClockDriftTestCase() :
        TestCase("a 50 ppm oscillator gains 50 us per second; corrections in closed form")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NtpClock> clock = CreateObject<NtpClock>();
        clock->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(50));
        clock->SetAttribute("InitialOffset", DoubleValue(0.25));
        double atStart = 0;
        double at1000 = 0;
        double afterSlew = 0;
        double afterTau = 0;
        Simulator::Schedule(Seconds(0), &RunFunction,
                            std::function<void()>([&] { atStart = clock->GetOffset(); }));
        Simulator::Schedule(
            Seconds(1000), &RunFunction,
            std::function<void()>(
                [&]
                {
                    at1000 = clock->GetOffset();
                    // Cancel the drift exactly, then slew away 0.1 s with tau 100
                    // s.
                    clock->SetFrequencyCorrection(-50e-6);
                    clock->Slew(ntp::SlewChannel::Adjtime, ntp::PhaseSlew{-0.1, 100, 0});
                    afterSlew = clock->GetOffset();
                }));
        Simulator::Schedule(Seconds(1100), &RunFunction,
                            std::function<void()>([&] { afterTau = clock->GetOffset(); }));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ_TOL(atStart, 0.25, 1e-12, "initial offset");
        // 50e-6 * 1000 s = 0.05 s
        NS_TEST_ASSERT_MSG_EQ_TOL(at1000, 0.30, 1e-9, "drift");
        NS_TEST_ASSERT_MSG_EQ_TOL(afterSlew, 0.30, 1e-12, "a slew starts from zero");
        // After one time constant, e^-1 of the slew remains: 0.30 - 0.1 (1 - e^-1),
        // in the units of a clock that runs 50 ppm fast: slews and frequency
        // corrections change its tick, so they are 1 + 50e-6 times larger.
        const double applied = (0.1 * (1 - std::exp(-1.0)) + 50e-6 * 100) * (1 + 50e-6);
        NS_TEST_ASSERT_MSG_EQ_TOL(afterTau, 0.30 - applied + 50e-6 * 100, 1e-9, "slew");
    }
};

class ClockWanderTestCase : public TestCase
{
  public:
    ClockWanderTestCase() :
        TestCase("frequency wander is a random walk independent of who reads the clock")
    {
    }

  private:
    static double PhaseAt(double t, bool readOften)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(7);
        Ptr<NtpOscillator> oscillator = CreateObject<NtpOscillator>();
        oscillator->SetAttribute("FrequencyWander", DoubleValue(0.01));
        oscillator->AssignStreams(0);
        if (readOften)
        {
            for (double u = 0; u < t; u += 3.7)
            {
                oscillator->GetPhase(u);
            }
        }
        return oscillator->GetPhase(t);
    }

    void DoRun() override
    {
        const double sparse = PhaseAt(10000, false);
        const double dense = PhaseAt(10000, true);
        NS_TEST_ASSERT_MSG_EQ_TOL(sparse, dense, 1e-15, "the path must not depend on reads");
        NS_TEST_ASSERT_MSG_NE(sparse, 0.0, "wander must move the phase");
        // Variance of the frequency after T seconds of a random walk of
        // sigma ppm/sqrt(s) is sigma^2 T: over 200 independent walks of
        // 10000 s with 0.01 ppm/sqrt(s), the RMS frequency is 1 ppm within
        // the sampling error of 200 draws (1/sqrt(2*200) = 5%, allow 3 sigma).
        double sum = 0;
        const int walks = 200;
        for (int i = 0; i < walks; ++i)
        {
            Ptr<NtpOscillator> o = CreateObject<NtpOscillator>();
            o->SetAttribute("FrequencyWander", DoubleValue(0.01));
            o->AssignStreams(1000 + 2 * i);
            const double f = o->GetFrequency(10000);
            sum += f * f;
        }
        const double rms = std::sqrt(sum / walks);
        NS_TEST_ASSERT_MSG_EQ_TOL(rms, 1e-6, 0.15e-6, "random-walk RMS frequency");
    }
};

class ClockPhaseNoiseTestCase : public TestCase
{
  public:
    ClockPhaseNoiseTestCase() :
        TestCase("phase noise has the configured standard deviation and spares ground truth")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NtpClock> clock = CreateObject<NtpClock>();
        clock->GetOscillator()->SetAttribute("PhaseNoise", DoubleValue(20e-6));
        clock->AssignStreams(5);
        double sum = 0;
        double sumSquares = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i)
        {
            const double e = clock->ReadSeconds() - clock->GetLocalSeconds();
            sum += e;
            sumSquares += e * e;
        }
        const double mean = sum / n;
        const double sd = std::sqrt(sumSquares / n - mean * mean);
        // Standard error of a standard deviation: sigma / sqrt(2n) = 0.5%.
        NS_TEST_ASSERT_MSG_EQ_TOL(sd, 20e-6, 0.5e-6, "noise standard deviation");
        NS_TEST_ASSERT_MSG_EQ_TOL(mean, 0.0, 1e-6, "noise is unbiased");
        NS_TEST_ASSERT_MSG_EQ(clock->GetOffset(), 0.0, "ground truth has no noise");
        Simulator::Destroy();
    }
};

class ClockTestSuite : public TestSuite
{
  public:
    ClockTestSuite() : TestSuite("ntp-peer-clock", UNIT)
    {
        AddTestCase(new ClockDriftTestCase, TestCase::QUICK);
        AddTestCase(new ClockWanderTestCase, TestCase::QUICK);
        AddTestCase(new ClockPhaseNoiseTestCase, TestCase::QUICK);
    }
};

ClockTestSuite g_clockTestSuite;

// ---------------------------------------------------------------- config

class RouterConfigTestCase : public TestCase
{
  public:
    RouterConfigTestCase() :
        TestCase("router configuration checks name the problem and change nothing")
    {
    }

  private:
    static bool Contains(const std::string& text, const std::string& part)
    {
        return text.find(part) != std::string::npos;
    }

    void DoRun() override
    {
        Ptr<NtpService> service = CreateObject<NtpService>();
        NtpKeyConfig md5{1, "md5", "Secret-123", true};
        const std::string weak = service->AddKey(md5);
        NS_TEST_ASSERT_MSG_EQ(Contains(weak, "weak"), true, weak);
        service->SetAttribute("AllowWeakAlgorithms", BooleanValue(true));
        NS_TEST_ASSERT_MSG_EQ(service->AddKey(md5), "", "md5 with weak algorithms allowed");

        NtpKeyConfig unknown{2, "sha512", "Secret-123", true};
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddKey(unknown), "accepted: md5, sha1"), true,
                              "unknown mode lists the accepted ones");
        NtpKeyConfig shortAes{3, "aes-128-cmac", "short", true};
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddKey(shortAes), "16 bytes"), true, "aes length");
        service->SetAttribute("PasswordComplexityCheck", BooleanValue(true));
        NtpKeyConfig simple{4, "hmac-sha256", "abcdefgh", true};
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddKey(simple), "complexity"), true,
                              "one character class fails the complexity check");
        NtpKeyConfig complex{4, "hmac-sha256", "abcdefg1", true};
        NS_TEST_ASSERT_MSG_EQ(service->AddKey(complex), "", "two classes pass");
        NtpKeyConfig zero{0, "hmac-sha256", "abcdefg1", true};
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddKey(zero), "1..4294967295"), true, "key id 0");

        NtpPeerOptions peer;
        peer.address = Ipv4Address("10.1.1.1");
        peer.version = 5;
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "accepted: 1..4"), true, "version");
        peer.version = 4;
        peer.keyId = 70000;
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "1..65535"), true, "v4 key id");
        peer.keyId = 9;
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "not configured"), true,
                              "a peer's key must exist");
        peer.keyId = 0;
        peer.address = Ipv4Address("224.0.1.1");
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "multicast"), true, "multicast");
        peer.address = Ipv4Address("127.127.1.0");
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "reference-clock"), true,
                              "refclock");
        peer.address = Ipv4Address("10.1.1.1");
        peer.minpoll = 3;
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "accepted: 4..17"), true, "minpoll");
        peer.minpoll = 6;
        peer.maxpoll = 8;
        service->SetAttribute("VendorPollRanges", BooleanValue(true));
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "accepted: 10..17"), true,
                              "vendor maxpoll range");
        service->SetAttribute("VendorPollRanges", BooleanValue(false));
        NS_TEST_ASSERT_MSG_EQ(service->AddPeer(peer), "", "a valid peer");
        NS_TEST_ASSERT_MSG_EQ(Contains(service->AddPeer(peer), "already configured"), true,
                              "duplicates refused");
        service->Dispose();
    }
};

/// Issue #8 (D5, D8, D9, D10): values that crashed ns-3 or ran silently.
class OutOfRangeScenarioTestCase : public TestCase
{
  public:
    OutOfRangeScenarioTestCase() :
        TestCase("RunNtpPeerMode refuses out-of-range settings and writes nothing")
    {
    }

  private:
    void DoRun() override
    {
        const std::string csv = CreateTempDirFilename("refused.csv");
        const std::string loopStats = CreateTempDirFilename("refused.loopstats");
        const std::string pcap = CreateTempDirFilename("refused");
        const std::string directory = CreateTempDirFilename("");
        struct Case
        {
            std::string option;
            std::function<void(NtpPeerModeConfig&)> set;
        };
        const std::vector<Case> cases = {
            {"simTime",
             [](NtpPeerModeConfig& c)
             {
                 c.simTime = 1e300;
             }},
            {"simTime",
             [](NtpPeerModeConfig& c)
             {
                 c.simTime = 0;
             }},
            {"simTime",
             [](NtpPeerModeConfig& c)
             {
                 c.simTime = std::nan("");
             }},
            {"delay",
             [](NtpPeerModeConfig& c)
             {
                 c.delay = 1e10;
             }},
            {"driftA",
             [](NtpPeerModeConfig& c)
             {
                 c.driftA = 1e9;
             }},
            {"offsetB",
             [](NtpPeerModeConfig& c)
             {
                 c.offsetB = 1e12;
             }},
            {"wander",
             [](NtpPeerModeConfig& c)
             {
                 c.wander = -1;
             }},
            {"phaseNoise",
             [](NtpPeerModeConfig& c)
             {
                 c.phaseNoise = -1;
             }},
            {"stratumA",
             [](NtpPeerModeConfig& c)
             {
                 c.stratumA = 0;
             }},
            {"stratumA",
             [](NtpPeerModeConfig& c)
             {
                 c.stratumA = 16;
             }},
            {"ntpVersion",
             [](NtpPeerModeConfig& c)
             {
                 c.ntpVersion = 5;
             }},
            {"csvInterval",
             [](NtpPeerModeConfig& c)
             {
                 c.csvInterval = 0;
             }},
            {"minpoll",
             [](NtpPeerModeConfig& c)
             {
                 c.minpoll = 3;
             }},
            {"minpoll",
             [](NtpPeerModeConfig& c)
             {
                 c.minpoll = 9;
                 c.maxpoll = 8;
             }},
            {"auth",
             [](NtpPeerModeConfig& c)
             {
                 c.auth = "rot13";
             }},
            {"csv",
             [directory](NtpPeerModeConfig& c)
             {
                 c.csvPath = directory;
             }},
            {"pcap",
             [](NtpPeerModeConfig& c)
             {
                 c.pcapPrefix = "/nonexistent-dir/run";
             }},
        };
        for (const Case& testCase : cases)
        {
            NtpPeerModeConfig c;
            c.simTime = 600;
            c.csvPath = csv;
            c.loopStatsPath = loopStats;
            c.pcapPrefix = pcap;
            testCase.set(c);
            const NtpPeerModeResult r = RunNtpPeerMode(c);
            NS_TEST_ASSERT_MSG_EQ(r.configured, false, testCase.option << " must be refused");
            NS_TEST_ASSERT_MSG_NE(r.error.find(testCase.option), std::string::npos,
                                  "the error names " << testCase.option << ": " << r.error);
            NS_TEST_ASSERT_MSG_NE(r.error.find("accepted"), std::string::npos,
                                  "the error says what is accepted: " << r.error);
            for (const std::string& file : {csv, loopStats, pcap + "-0-0.pcap"})
            {
                NS_TEST_ASSERT_MSG_EQ(std::ifstream(file).good(), false,
                                      "a refused run wrote " << file);
            }
        }
    }
};

class ConfigTestSuite : public TestSuite
{
  public:
    ConfigTestSuite() : TestSuite("ntp-peer-config", UNIT)
    {
        AddTestCase(new RouterConfigTestCase, TestCase::QUICK);
        AddTestCase(new OutOfRangeScenarioTestCase, TestCase::QUICK);
    }
};

ConfigTestSuite g_configTestSuite;

// ---------------------------------------------------------------- scenarios

class ConvergenceTestCase : public TestCase
{
  public:
    ConvergenceTestCase() : TestCase("B converges on A: 50 ppm, 0.1 s, 5 ms symmetric") {}

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        const NtpPeerModeResult r = RunNtpPeerMode(ConvergenceConfig());
        std::printf(
            "figures: sync_state_time_s=%.0f final_true_offset_s=%.3g rms_last_quarter_s=%.3g "
            "max_abs_last_quarter_s=%.3g frequency_ppm=%.4f\n",
            r.syncStateTime.value_or(-1), r.finalTrueOffset, r.rmsTrueOffset,
            r.maxAbsTrueOffsetLastQuarter, r.finalFrequencyCorrection * 1e6);
        NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "B must be synchronized to A");
        NS_TEST_ASSERT_MSG_EQ(r.syncStateTime.has_value(), true, "B must reach SYNC");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(r.syncStateTime.value_or(1e9), kSyncBound, "sync time");
        NS_TEST_ASSERT_MSG_EQ(r.steps, 0, "0.1 s is below ntpd's 0.128 s step threshold");
        // The last quarter starts 18 h in: more than four time constants of
        // even ntpd's own loop at maxpoll (16 * 2^10 s = 4.6 h; the kernel
        // loop's is a quarter of that), e^-4 of 0.1 s is 1.8 ms at worst;
        // with a symmetric, noiseless path NTP has no bias, so the RMS over
        // the last quarter is within 1 ms and the end within 0.5 ms (e^-5 *
        // 0.1 s = 0.67 ms at 5 time constants, and below).
        NS_TEST_ASSERT_MSG_LT(r.rmsTrueOffset, 1e-3, "RMS over the last quarter");
        NS_TEST_ASSERT_MSG_LT(std::fabs(r.finalTrueOffset), 0.5e-3, "offset after 24 h");
        // B's frequency correction cancels the 50 ppm relative drift; 1 ppm
        // of residual would drift 1 ms in 1000 s.
        NS_TEST_ASSERT_MSG_EQ_TOL(r.finalFrequencyCorrection, -50e-6, 1e-6, "frequency learned");
    }
};

class ConvergenceTestSuite : public TestSuite
{
  public:
    ConvergenceTestSuite() : TestSuite("ntp-peer-convergence", SYSTEM)
    {
        AddTestCase(new ConvergenceTestCase, TestCase::QUICK);
    }
};

ConvergenceTestSuite g_convergenceTestSuite;

class AsymmetryTestCase : public TestCase
{
  public:
    explicit AsymmetryTestCase(double asymmetry) :
        TestCase("an asymmetry a leaves B half of a ahead of A, a = "
                 + std::to_string(asymmetry * 1e3) + " ms"),
        m_asymmetry(asymmetry)
    {
    }

  private:
    void DoRun() override
    {
        // theta = ((T2 - T1) + (T3 - T4)) / 2 = (d_BA - d_AB) / 2 - (B - A):
        // NTP drives theta to zero, so B settles a/2 ahead of A.
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c = ConvergenceConfig();
        c.delay = 0.010;
        c.asymmetry = m_asymmetry;
        const NtpPeerModeResult r = RunNtpPeerMode(c);
        std::printf("figures: asymmetry_s=%g final_true_offset_s=%.6f expected_s=%.6f\n",
                    m_asymmetry, r.finalTrueOffset, m_asymmetry / 2);
        NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "synchronized");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.finalTrueOffset, m_asymmetry / 2,
                                  0.1 * std::fabs(m_asymmetry / 2), "B - A = a/2 within 10%");
    }

    double m_asymmetry;
};

class AsymmetryTestSuite : public TestSuite
{
  public:
    AsymmetryTestSuite() : TestSuite("ntp-peer-asymmetry", SYSTEM)
    {
        AddTestCase(new AsymmetryTestCase(0.010), TestCase::QUICK);
        AddTestCase(new AsymmetryTestCase(-0.004), TestCase::QUICK);
    }
};

AsymmetryTestSuite g_asymmetryTestSuite;

class AuthTestCase : public TestCase
{
  public:
    AuthTestCase(const std::string& mode, bool mismatch) :
        TestCase(mode
                 + (mismatch ? " with mismatched keys never syncs" : " with matching keys syncs")),
        m_mode(mode),
        m_mismatch(mismatch)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c = ConvergenceConfig();
        c.simTime = 4 * 3600;
        c.auth = m_mode;
        c.keyMismatch = m_mismatch;
        c.weakAlgorithms = m_mode == "md5" || m_mode == "sha1";
        const NtpPeerModeResult r = RunNtpPeerMode(c);
        std::printf("figures: auth=%s mismatch=%d synchronized=%d sync_state_time_s=%.0f "
                    "auth_failures=%llu\n",
                    m_mode.c_str(), m_mismatch, r.synchronized, r.syncStateTime.value_or(-1),
                    static_cast<unsigned long long>(r.authFailures));
        NS_TEST_ASSERT_MSG_EQ(r.configured, true, r.error);
        if (m_mismatch)
        {
            NS_TEST_ASSERT_MSG_EQ(r.synchronized, false, "a wrong key must never synchronize");
            NS_TEST_ASSERT_MSG_EQ(r.syncStateTime.has_value(), false, "not even for a moment");
            // B polls at least every 2^10 s for 4 h: more than 14 packets,
            // each refused by A (bad MAC) and answered with a crypto-NAK.
            NS_TEST_ASSERT_MSG_GT(r.authFailures, 14, "failures counted");
            NS_TEST_ASSERT_MSG_EQ(r.passiveMobilized, 0, "no passive association for bad MACs");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "matching keys synchronize");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(r.syncStateTime.value_or(1e9), kSyncBound, "sync time");
            NS_TEST_ASSERT_MSG_EQ(r.authFailures, 0, "no failures");
        }
    }

    std::string m_mode;
    bool m_mismatch;
};

class WeakAlgorithmTestCase : public TestCase
{
  public:
    WeakAlgorithmTestCase() : TestCase("md5 is refused unless weak algorithms are enabled") {}

  private:
    void DoRun() override
    {
        NtpPeerModeConfig c = ConvergenceConfig();
        c.simTime = 600;
        c.auth = "md5";
        const NtpPeerModeResult refused = RunNtpPeerMode(c);
        NS_TEST_ASSERT_MSG_EQ(refused.configured, false, "md5 must be refused by default");
        const bool namesWeak = refused.error.find("weak") != std::string::npos;
        NS_TEST_ASSERT_MSG_EQ(namesWeak, true, refused.error);
        c.weakAlgorithms = true;
        const NtpPeerModeResult accepted = RunNtpPeerMode(c);
        NS_TEST_ASSERT_MSG_EQ(accepted.configured, true, accepted.error);
    }
};

class AuthTestSuite : public TestSuite
{
  public:
    AuthTestSuite() : TestSuite("ntp-peer-auth", SYSTEM)
    {
        for (const char* mode :
             {"md5", "sha1", "sha256", "hmac-sha256", "aes-128-cmac", "aes-256-cmac"})
        {
            AddTestCase(new AuthTestCase(mode, false), TestCase::QUICK);
            AddTestCase(new AuthTestCase(mode, true), TestCase::QUICK);
        }
        AddTestCase(new WeakAlgorithmTestCase, TestCase::QUICK);
    }
};

AuthTestSuite g_authTestSuite;

class SourceInterfaceTestCase : public TestCase
{
  public:
    SourceInterfaceTestCase() :
        TestCase("a passive source interface the active end does not peer with breaks sync")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c = ConvergenceConfig();
        c.simTime = 4 * 3600;
        c.passiveSourceInterface = true;
        const NtpPeerModeResult broken = RunNtpPeerMode(c);
        const auto it = broken.refused.find("no-association");
        const uint64_t discarded = it == broken.refused.end() ? 0 : it->second;
        std::printf("figures: broken synchronized=%d no_association=%llu\n", broken.synchronized,
                    static_cast<unsigned long long>(discarded));
        NS_TEST_ASSERT_MSG_EQ(broken.synchronized, false,
                              "answers from another address match "
                              "no association on B");
        NS_TEST_ASSERT_MSG_GT(discarded, 14, "B discards A's answers (mode 2, no association)");

        c.peerSourceAddress = true;
        const NtpPeerModeResult fixed = RunNtpPeerMode(c);
        std::printf("figures: fixed synchronized=%d sync_state_time_s=%.0f\n", fixed.synchronized,
                    fixed.syncStateTime.value_or(-1));
        NS_TEST_ASSERT_MSG_EQ(fixed.synchronized, true, "peering with the source address works");
    }
};

class SourceInterfaceTestSuite : public TestSuite
{
  public:
    SourceInterfaceTestSuite() : TestSuite("ntp-peer-source-interface", SYSTEM)
    {
        AddTestCase(new SourceInterfaceTestCase, TestCase::QUICK);
    }
};

SourceInterfaceTestSuite g_sourceInterfaceTestSuite;

class StratumTestCase : public TestCase
{
  public:
    StratumTestCase() : TestCase("A never synchronizes to B: B is stratum 3 and synchronized to A")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        const NtpPeerModeResult r = RunNtpPeerMode(ConvergenceConfig());
        NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "B synchronized to A");
        NS_TEST_ASSERT_MSG_EQ(r.aSynchronizedToB, false, "A keeps its local reference");
        NS_TEST_ASSERT_MSG_EQ(r.stratumA, 2, "A's stratum is its local reference's");
        NS_TEST_ASSERT_MSG_EQ(r.stratumB, 3, "B is one below A");
        // ntpd's default "enable auth": an unauthenticated peer is answered
        // statelessly and mobilizes nothing (ntpd 4.2.8 receive(), AM_NEWPASS).
        NS_TEST_ASSERT_MSG_EQ(r.passiveMobilized, 0, "no passive association without a MAC");
    }
};

class StratumTestSuite : public TestSuite
{
  public:
    StratumTestSuite() : TestSuite("ntp-peer-stratum", SYSTEM)
    {
        AddTestCase(new StratumTestCase, TestCase::QUICK);
    }
};

StratumTestSuite g_stratumTestSuite;

class DeterminismTestCase : public TestCase
{
  public:
    DeterminismTestCase() :
        TestCase("the same RngRun gives the same CSV bytes; another run differs")
    {
    }

  private:
    static std::string Run(uint64_t run, const std::string& path)
    {
        RngSeedManager::SetRun(run);
        NtpPeerModeConfig c = ConvergenceConfig();
        c.simTime = 3 * 3600;
        c.jitter = 0.002;
        c.loss = 0.05;
        c.wander = 0.001;
        c.phaseNoise = 10e-6;
        c.csvPath = path;
        RunNtpPeerMode(c);
        return ReadFile(path);
    }

    void DoRun() override
    {
        const std::string first = Run(3, CreateTempDirFilename("determinism-1.csv"));
        const std::string second = Run(3, CreateTempDirFilename("determinism-2.csv"));
        const std::string other = Run(4, CreateTempDirFilename("determinism-3.csv"));
        NS_TEST_ASSERT_MSG_GT(first.size(), 1000, "a CSV was written");
        const bool same = first == second;
        const bool differs = first != other;
        NS_TEST_ASSERT_MSG_EQ(same, true, "same RngRun, same bytes");
        NS_TEST_ASSERT_MSG_EQ(differs, true, "another RngRun draws other randomness");
    }
};

class DeterminismTestSuite : public TestSuite
{
  public:
    DeterminismTestSuite() : TestSuite("ntp-peer-determinism", SYSTEM)
    {
        AddTestCase(new DeterminismTestCase, TestCase::QUICK);
    }
};

DeterminismTestSuite g_determinismTestSuite;

// ------------------------------------------------------------- lifetime

void
IgnoreOffset(Ptr<NtpService>, double)
{
}

/**
 * Issue #8 (D11): a service must not outlive its simulation. A trace sink
 * bound to a Ptr of the service it listens to is a reference cycle unless
 * the service lets go of its sinks when it is disposed.
 */
class LifetimeTestCase : public TestCase
{
  public:
    LifetimeTestCase() : TestCase("no NtpService outlives Simulator::Destroy") {}

  private:
    void DoRun() override
    {
        const uint64_t before = NtpService::GetLiveInstances();
        {
            NtpPeerModeConfig c = ConvergenceConfig();
            c.simTime = 1200;
            c.csvPath = CreateTempDirFilename("lifetime.csv");
            c.loopStatsPath = CreateTempDirFilename("lifetime.loopstats");
            const NtpPeerModeResult r = RunNtpPeerMode(c);
            NS_TEST_ASSERT_MSG_EQ(r.configured, true, r.error);
        }
        NS_TEST_ASSERT_MSG_EQ(NtpService::GetLiveInstances(), before,
                              "RunNtpPeerMode left services alive");

        {
            NodeContainer nodes;
            nodes.Create(2);
            PointToPointHelper link;
            InternetStackHelper internet;
            internet.Install(nodes);
            Ipv4AddressHelper addresses;
            addresses.SetBase("10.9.9.0", "255.255.255.0");
            Ipv4InterfaceContainer interfaces = addresses.Assign(link.Install(nodes));
            NtpPeerHelper ntp;
            ApplicationContainer apps = ntp.Install(nodes);
            NtpPeerHelper::SetLocalReference(nodes.Get(0), 2);
            NtpPeerOptions peer;
            peer.address = interfaces.GetAddress(0);
            NtpPeerHelper::AddPeer(nodes.Get(1), peer);
            Ptr<NtpService> serviceB = ntp.GetService(nodes.Get(1));
            // The cycle of issue #8: B's trace holds a Ptr to B.
            serviceB->TraceConnectWithoutContext("EstimatedOffset",
                                                 MakeBoundCallback(&IgnoreOffset, serviceB));
            apps.Start(Seconds(0));
            Simulator::Stop(Seconds(1200));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(NtpService::GetLiveInstances(), before + 2, "two services ran");
            Simulator::Destroy();
        }
        NS_TEST_ASSERT_MSG_EQ(NtpService::GetLiveInstances(), before,
                              "a sink holding its own service kept it alive");
    }
};

class LifetimeTestSuite : public TestSuite
{
  public:
    LifetimeTestSuite() : TestSuite("ntp-peer-lifetime", UNIT)
    {
        AddTestCase(new LifetimeTestCase, TestCase::QUICK);
    }
};

LifetimeTestSuite g_lifetimeTestSuite;

class PcapTestCase : public TestCase
{
  public:
    PcapTestCase() : TestCase("both sides' packets decode with Wireshark's NTP dissector") {}

  private:
    /// A path as one shell word (temp dirs contain the test's name, quotes and all).
    static std::string Quote(const std::string& path)
    {
        std::string quoted = "'";
        for (char c : path)
        {
            quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        return quoted + "'";
    }

    static std::string Shell(const std::string& command)
    {
        std::string out;
        FILE* pipe = popen(command.c_str(), "r");
        if (!pipe)
        {
            return out;
        }
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        {
            out.append(buffer, n);
        }
        pclose(pipe);
        return out;
    }

    void DoRun() override
    {
        const bool haveTshark = std::system("command -v tshark >/dev/null 2>&1") == 0;
        NS_TEST_ASSERT_MSG_EQ(haveTshark, true,
                              "tshark is needed (./ntp-peer test installs it from Debian)");
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c = ConvergenceConfig();
        c.simTime = 1800;
        c.auth = "hmac-sha256";
        c.pcapPrefix = CreateTempDirFilename("ntp-peer-pcap");
        const NtpPeerModeResult r = RunNtpPeerMode(c);
        NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "synchronized");
        // Node 0 is A, node 1 is B; device 0 on each is the A-B link.
        for (const std::string& file : {c.pcapPrefix + "-0-0.pcap", c.pcapPrefix + "-1-0.pcap"})
        {
            const std::string fields = Shell(std::string("tshark -n -r ") + Quote(file)
                                             + " -Y ntp -T fields -e ntp.flags.mode -e ntp.keyid "
                                               "2>/dev/null | sort | uniq -c");
            // Lines "COUNT MODE KEYID", the key id in hex.
            std::istringstream lines(fields);
            int count = 0;
            int mode = 0;
            std::string keyId;
            int activeWithKey = 0;
            int passiveWithKey = 0;
            while (lines >> count >> mode >> keyId)
            {
                const bool keyOne = std::stoul(keyId, nullptr, 16) == 1;
                activeWithKey += (mode == 1 && keyOne) ? count : 0;
                passiveWithKey += (mode == 2 && keyOne) ? count : 0;
            }
            const std::string malformed = Shell(std::string("tshark -n -r ") + Quote(file)
                                                + " -Y _ws.malformed 2>/dev/null | wc -l");
            std::printf("tshark %s:\n%s", file.c_str(), fields.c_str());
            // Mode 1 from B (symmetric active) and 2 from A (passive), each
            // with key id 1.
            // 1800 s at a 64 s poll: about 28 packets each way, all decoded.
            NS_TEST_ASSERT_MSG_GT(activeWithKey, 20,
                                  "symmetric active packets, key 1, in " << file);
            NS_TEST_ASSERT_MSG_GT(passiveWithKey, 20,
                                  "symmetric passive packets, key 1, in " << file);
            NS_TEST_ASSERT_MSG_EQ(std::stoi(malformed), 0, "no malformed packet in " << file);
        }
    }
};

class PcapTestSuite : public TestSuite
{
  public:
    PcapTestSuite() : TestSuite("ntp-peer-pcap", SYSTEM)
    {
        AddTestCase(new PcapTestCase, TestCase::QUICK);
    }
};

PcapTestSuite g_pcapTestSuite;

} // namespace
