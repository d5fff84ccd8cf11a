/*
 * ns-3 TestSuites of the ntp-peer model's parts (unit tests): the node
 * clock, configuration checks and refusals, and the service's lifetime.
 * Every threshold is derived in the comment beside it from the physics of
 * the oscillator or the router procedure.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

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

class CoreRandomStreamTestCase : public TestCase
{
  public:
    CoreRandomStreamTestCase() :
        TestCase("the core's random stream is numbered and draws as an ns-3 uniform variable's")
    {
    }

  private:
    void DoRun() override
    {
        // NtpCoreRandom draws from an RngStream of its own; runs stay
        // comparable with earlier ones only if it takes the stream a
        // UniformRandomVariable would take, assigned or automatic.
        const int draws = 1000;
        NtpCoreRandom assigned;
        assigned.AssignStreams(7);
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(7);
        int same = 0;
        for (int i = 0; i < draws; ++i)
        {
            same += assigned.Uniform() == uniform->GetValue(0.0, 1.0) ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_EQ(same, draws, "stream 7: the same draws as SetStream(7)");

        // Automatic numbering: each new variable takes the next index.
        const uint64_t before = RngSeedManager::GetNextStreamIndex();
        Ptr<UniformRandomVariable> automatic = CreateObject<UniformRandomVariable>();
        NtpCoreRandom core;
        RngStream uniformStream(RngSeedManager::GetSeed(), before + 1, RngSeedManager::GetRun());
        RngStream coreStream(RngSeedManager::GetSeed(), before + 2, RngSeedManager::GetRun());
        int uniformSame = 0;
        int coreSame = 0;
        for (int i = 0; i < draws; ++i)
        {
            uniformSame += automatic->GetValue(0.0, 1.0) == uniformStream.RandU01() ? 1 : 0;
            coreSame += core.Uniform() == coreStream.RandU01() ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_EQ(uniformSame, draws, "ns-3 numbers automatic streams in order");
        NS_TEST_ASSERT_MSG_EQ(coreSame, draws, "the core's stream takes the next automatic index");
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
        AddTestCase(new CoreRandomStreamTestCase, TestCase::QUICK);
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

// ------------------------------------------------------------- lifetime

void
IgnoreOffset(Ptr<NtpService>, double)
{
}

/// Two nodes with Internet stacks on one point-to-point link, 10.9.9.1 and 10.9.9.2.
Ipv4InterfaceContainer
TwoLinkedNodes(NodeContainer& nodes)
{
    nodes.Create(2);
    PointToPointHelper link;
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.9.9.0", "255.255.255.0");
    return addresses.Assign(link.Install(nodes));
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
            const Ipv4InterfaceContainer interfaces = TwoLinkedNodes(nodes);
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

/// Counts what a plain UDP socket receives.
void
CountReceived(uint32_t* count, Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++*count;
    }
}

/**
 * The service takes what a socket bound to each of its addresses would take
 * (RFC 5905 section 9: NTP packets are unicast here): a client request to
 * the router's own address is answered; the same request to the link's
 * subnet-directed broadcast address or to 255.255.255.255, which the IP
 * layer delivers locally as well, reaches the wildcard endpoint and is
 * neither counted nor answered.
 */
class ReceiveOwnAddressesTestCase : public TestCase
{
  public:
    ReceiveOwnAddressesTestCase() :
        TestCase("datagrams to broadcast addresses are not taken, to the router's own are")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        const Ipv4InterfaceContainer interfaces = TwoLinkedNodes(nodes);
        NtpPeerHelper ntp;
        ApplicationContainer apps = ntp.Install(nodes.Get(1));
        NtpPeerHelper::SetLocalReference(nodes.Get(1), 2);
        apps.Start(Seconds(0));

        Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        client->SetAllowBroadcast(true);
        client->Bind();
        uint32_t answers = 0;
        client->SetRecvCallback(MakeBoundCallback(&CountReceived, &answers));
        // A version 4 client request (mode 3) with a non-zero transmit time.
        std::vector<uint8_t> request(48, 0);
        request[0] = 0x23;
        request[40] = 0xe0;
        request[47] = 0x01;
        auto sendTo = [&](Ipv4Address to)
        {
            return [&, to]()
            {
                client->SendTo(Create<Packet>(request.data(), request.size()), 0,
                               InetSocketAddress(to, 123));
            };
        };
        Simulator::Schedule(Seconds(10), sendTo(Ipv4Address("10.9.9.255")));
        Simulator::Schedule(Seconds(20), sendTo(Ipv4Address("255.255.255.255")));
        Simulator::Schedule(Seconds(30), sendTo(interfaces.GetAddress(1)));
        Simulator::Stop(Seconds(40));
        Simulator::Run();

        Ptr<NtpService> server = ntp.GetService(nodes.Get(1));
        NS_TEST_EXPECT_MSG_EQ(server->GetPacketsReceived(), 1, "only the unicast request is taken");
        NS_TEST_EXPECT_MSG_EQ(server->GetPacketsSent(), 1, "and answered");
        NS_TEST_EXPECT_MSG_EQ(answers, 1, "the client hears one answer");
        Simulator::Destroy();
    }
};

class ReceiveTestSuite : public TestSuite
{
  public:
    ReceiveTestSuite() : TestSuite("ntp-peer-receive", UNIT)
    {
        AddTestCase(new ReceiveOwnAddressesTestCase, TestCase::QUICK);
    }
};

ReceiveTestSuite g_receiveTestSuite;

} // namespace
