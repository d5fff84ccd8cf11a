/*
 * ARP on a LAN at long polls (issue #12): three routers on a CSMA segment
 * built with ns-3's own helpers (no NtpTopology, so no permanent neighbour
 * entries), two of them peers of the first at a poll of 2^8 s. ns-3's ARP
 * cache forgets a neighbour 120 s after resolving it and holds the next
 * packet for a new resolution, which waits U(0, 10 ms) (ArpL3Protocol
 * RequestJitter) before its request: after the NTP timestamp, on one leg.
 */
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

constexpr double kLanDelay = 100e-6; ///< s, CsmaChannel Delay: a 0.1 ms LAN
constexpr int kPoll = 8;             ///< minpoll = maxpoll: 256 s between packets
constexpr double kDuration = 86400;  ///< s
constexpr double kJitterMax = 0.010; ///< s, ArpL3Protocol RequestJitter's default U(0, 10 ms)

/// One NTP packet between two routers of the LAN.
struct Flight
{
    uint32_t from;
    uint32_t to;
    double sent;   ///< s
    double oneWay; ///< s, service to service
};

struct LanResult
{
    std::vector<Flight> flights;
    std::vector<uint32_t> arpRequests{0, 0, 0}; ///< sent, per router
    std::vector<uint32_t> ntpSent{0, 0, 0};     ///< NTP packets sent, per router
    /// Follower minus leader (s), every 16 s over the second half, per follower.
    std::vector<std::vector<double>> errors{2};
    std::vector<bool> synchronized{false, false};
};

struct Recorder
{
    std::map<uint64_t, std::pair<uint32_t, double>> inFlight; ///< uid -> (sender, sent)
    std::vector<Flight>* flights;
    std::vector<uint32_t>* sent;
};

void
OnTx(Recorder* recorder, uint32_t node, Ptr<const Packet> packet, const Address&)
{
    recorder->inFlight[packet->GetUid()] = {node, Simulator::Now().GetSeconds()};
    ++(*recorder->sent)[node];
}

void
OnRx(Recorder* recorder, uint32_t node, Ptr<const Packet> packet, const Address&)
{
    const auto it = recorder->inFlight.find(packet->GetUid());
    if (it != recorder->inFlight.end())
    {
        const double now = Simulator::Now().GetSeconds();
        recorder->flights->push_back(
            {it->second.first, node, it->second.second, now - it->second.second});
        recorder->inFlight.erase(it);
    }
}

/// Counts the ARP requests a router's LAN device puts on the wire.
void
OnPhyTxBegin(LanResult* result, uint32_t node, Ptr<const Packet> frame)
{
    Ptr<Packet> copy = frame->Copy();
    EthernetHeader ethernet;
    copy->RemoveHeader(ethernet);
    if (ethernet.GetLengthType() == ArpL3Protocol::PROT_NUMBER)
    {
        ArpHeader arp;
        copy->RemoveHeader(arp);
        result->arpRequests[node] += arp.IsRequest();
    }
}

void
OnSample(LanResult* result, Ptr<NtpClock> leader, uint32_t follower, double, double offset)
{
    if (Simulator::Now().GetSeconds() >= kDuration / 2)
    {
        result->errors[follower - 1].push_back(offset - leader->GetOffset());
    }
}

/**
 * R0 on its local clock at stratum 2 (the leader), R1 and R2 peers of it,
 * a day. arpTimeout: NtpPeerHelper::SetRouterArpTimeout's, none: ns-3's.
 */
LanResult
RunLan(std::optional<Time> arpTimeout, bool ipv6, uint32_t run = 1)
{
    RngSeedManager::SetRun(run);
    LanResult result;
    NodeContainer routers;
    routers.Create(3);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("1Gbps"));
    csma.SetChannelAttribute("Delay", TimeValue(Seconds(kLanDelay)));
    NetDeviceContainer devices = csma.Install(routers);
    InternetStackHelper stack;
    stack.Install(routers);
    std::vector<Address> addresses;
    if (ipv6)
    {
        for (uint32_t i = 0; i < routers.GetN(); ++i)
        {
            // Addresses usable at once (no duplicate address detection).
            routers.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        }
        Ipv6AddressHelper address;
        address.SetBase(Ipv6Address("fd00:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer interfaces = address.Assign(devices);
        for (uint32_t i = 0; i < routers.GetN(); ++i)
        {
            addresses.push_back(interfaces.GetAddress(i, 1));
        }
    }
    else
    {
        Ipv4AddressHelper address;
        address.SetBase("10.0.0.0", "255.255.255.0");
        Ipv4InterfaceContainer interfaces = address.Assign(devices);
        for (uint32_t i = 0; i < routers.GetN(); ++i)
        {
            addresses.push_back(interfaces.GetAddress(i));
        }
    }
    if (arpTimeout)
    {
        NtpPeerHelper::SetRouterArpTimeout(routers, *arpTimeout);
    }

    NtpPeerHelper ntp;
    ApplicationContainer apps = ntp.Install(routers);
    apps.Start(Seconds(0));
    const double frequency[] = {20, -30, 45}; // ppm
    const double offset[] = {0, 0.05, -0.08}; // s, within the step threshold
    for (uint32_t i = 0; i < routers.GetN(); ++i)
    {
        Ptr<NtpClock> clock = NtpPeerHelper::GetClock(routers.Get(i));
        clock->SetAttribute("InitialOffset", DoubleValue(offset[i]));
        clock->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(frequency[i]));
    }
    NtpPeerHelper::SetLocalReference(routers.Get(0), 2);
    for (uint32_t i : {1u, 2u})
    {
        NtpPeerOptions peer;
        peer.address = addresses[0];
        peer.minpoll = kPoll;
        peer.maxpoll = kPoll;
        NtpPeerHelper::AddPeer(routers.Get(i), peer);
    }
    // Fixed streams for everything random: the clocks and services, the
    // ARP request jitter (and neighbour discovery's), CSMA's backoff.
    ntp.AssignStreams(routers, 100);
    stack.AssignStreams(routers, 200);
    csma.AssignStreams(devices, 300);

    Recorder recorder{{}, &result.flights, &result.ntpSent};
    for (uint32_t i = 0; i < routers.GetN(); ++i)
    {
        Ptr<NtpService> service = NtpPeerHelper::GetService(routers.Get(i));
        service->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnTx, &recorder, i));
        service->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnRx, &recorder, i));
    }
    NtpPeerHelper::InstallTruthSampler(routers, Seconds(16));
    for (uint32_t i : {1u, 2u})
    {
        NtpPeerHelper::GetTruthSampler(routers.Get(i))
            ->TraceConnectWithoutContext(
                "Offset",
                MakeBoundCallback(&OnSample, &result, NtpPeerHelper::GetClock(routers.Get(0)), i));
    }
    for (uint32_t i = 0; i < routers.GetN(); ++i)
    {
        devices.Get(i)->TraceConnectWithoutContext("PhyTxBegin",
                                                   MakeBoundCallback(&OnPhyTxBegin, &result, i));
    }
    Simulator::Stop(Seconds(kDuration));
    Simulator::Run();
    for (uint32_t i : {1u, 2u})
    {
        result.synchronized[i - 1] = NtpPeerHelper::GetService(routers.Get(i))->IsSynchronized();
    }
    Simulator::Destroy();
    return result;
}

double
MaxAbs(const std::vector<double>& values)
{
    double m = 0;
    for (double v : values)
    {
        m = std::max(m, std::fabs(v));
    }
    return m;
}

/*
 * The mechanism, in ns-3.37:
 * - An ARP entry is refreshed when an IP packet arrives from the neighbour
 *   (Ipv4L3Protocol::Receive) and expires AliveTimeout later; a packet to an
 *   expired entry waits for a new resolution: the request leaves after
 *   RequestJitter, U(0, 10 ms) converted with MilliSeconds(uint64_t), so a
 *   whole number J of milliseconds, 0..9, each a tenth of the time; then
 *   the request and the reply cross the LAN: r = 2 x (0.1 ms + a 64-byte
 *   frame at 1 Gbps) = 0.201 ms.
 * - A follower polls the leader every 2^8 s (ntpd stretches it by a few
 *   percent: 256..271 s); the leader answers at once. The leader's entry
 *   for the follower has just been refreshed by the follower's packet: its
 *   answer never waits. The follower's entry was refreshed by the previous
 *   answer, one poll ago: with 120 s it has expired at every poll, so each
 *   of its packets waits J + r after its timestamp, on the outbound leg
 *   only. NTP halves a one-leg delay into its offset: each sample reads the
 *   follower (J + r) / 2 behind, and the follower settles that much ahead of
 *   the leader, between r / 2 = 0.1 ms and (9 ms + r) / 2 = 4.6 ms. The
 *   clock filter uses its least-delayed stage: the least of eight J draws
 *   has mean sum_k 0.1^8 (10 - k)^8 = 0.68 ms, so the bias is at least
 *   (0.68 ms + r) / 2 = 0.44 ms on average (more: ntpd never uses a stage
 *   older than the last one used).
 * - With 1200 s the previous answer, at most 271 s old, keeps the entry
 *   alive: no packet waits after the first resolution, no leg is longer
 *   than the other by an ARP round trip, and the error stays below r / 2.
 * - IPv6: a stale neighbour entry sends at once (RFC 4861): the same.
 */
constexpr double kArpRoundTrip = 2 * (kLanDelay + 64 * 8 / 1e9); ///< s, r

class ArpTimeoutTestCase : public TestCase
{
  public:
    ArpTimeoutTestCase() :
        TestCase("a CSMA LAN at poll 2^8 s: ns-3's 120 s ARP timeout puts followers "
                 "milliseconds off, a router's 1200 s microseconds")
    {
    }

  private:
    struct Figures
    {
        double upMean{0};   ///< s, followers' packets to the leader, first excluded
        size_t up{0};       ///< their number
        double bias[2]{};   ///< s, follower minus leader, mean over the second half
        double maxAbs[2]{}; ///< s, the largest |follower - leader| there
        uint32_t sentToLeader[2]{};
    };

    static Figures Summarize(const LanResult& r)
    {
        Figures f;
        double sum = 0;
        for (const Flight& flight : r.flights)
        {
            if (flight.to == 0)
            {
                if (f.sentToLeader[flight.from - 1]++ > 0)
                {
                    sum += flight.oneWay;
                    ++f.up;
                }
            }
        }
        f.upMean = f.up ? sum / f.up : 0;
        for (int i : {0, 1})
        {
            double total = 0;
            for (double e : r.errors[i])
            {
                total += e;
            }
            f.bias[i] = r.errors[i].empty() ? 0 : total / r.errors[i].size();
            f.maxAbs[i] = MaxAbs(r.errors[i]);
        }
        return f;
    }

    void DoRun() override
    {
        const LanResult ns3 = RunLan(std::nullopt, false);
        const LanResult router = RunLan(Seconds(1200), false);
        const LanResult v6 = RunLan(std::nullopt, true);
        const Figures a = Summarize(ns3);
        const Figures b = Summarize(router);
        const Figures c = Summarize(v6);
        for (const auto& [name, r, f] :
             {std::make_tuple("ns-3's 120 s", &ns3, &a),
              std::make_tuple("router 1200 s", &router, &b), std::make_tuple("IPv6", &v6, &c)})
        {
            std::printf("%-13s ARP requests: leader %u, followers %u and %u (NTP packets they "
                        "sent %u, %u); follower -> leader %.3f ms on average; follower - "
                        "leader over 12-24 h: mean %+.4f ms, %+.4f ms, largest %.4f ms, %.4f "
                        "ms\n",
                        name, r->arpRequests[0], r->arpRequests[1], r->arpRequests[2],
                        r->ntpSent[1], r->ntpSent[2], f->upMean * 1e3, f->bias[0] * 1e3,
                        f->bias[1] * 1e3, f->maxAbs[0] * 1e3, f->maxAbs[1] * 1e3);
        }
        for (int i : {0, 1})
        {
            NS_TEST_ASSERT_MSG_EQ(ns3.synchronized[i], true, "follower synchronized (120 s)");
            NS_TEST_ASSERT_MSG_EQ(router.synchronized[i], true, "follower synchronized (1200 s)");
            NS_TEST_ASSERT_MSG_EQ(v6.synchronized[i], true, "follower synchronized (IPv6)");
        }

        // 120 s: every packet of a follower resolves the leader again; the
        // leader resolves each follower once.
        NS_TEST_ASSERT_MSG_EQ(ns3.arpRequests[0], 2, "the leader: one resolution per follower");
        for (int i : {0, 1})
        {
            // (Followers send to the leader only.)
            NS_TEST_ASSERT_MSG_EQ(ns3.arpRequests[i + 1], ns3.ntpSent[i + 1],
                                  "a follower: one resolution per packet");
        }
        // Each waits 0.101 ms of LAN and frame, r, and J of mean 4.5 ms:
        // within 4.5 standard errors (J's deviation sqrt(99/12) ms = 2.87 ms).
        const double expectedUp = kLanDelay + kArpRoundTrip + 4.5e-3;
        NS_TEST_ASSERT_MSG_EQ_TOL(a.upMean, expectedUp, 4.5 * 2.87e-3 / std::sqrt(a.up),
                                  "followers' packets wait J + r");
        for (int i : {0, 1})
        {
            NS_TEST_ASSERT_MSG_GT(a.bias[i], kArpRoundTrip / 2, "ahead by at least r / 2");
            NS_TEST_ASSERT_MSG_LT(a.bias[i], (9e-3 + kArpRoundTrip) / 2,
                                  "ahead by at most (9 ms + r) / 2");
            NS_TEST_ASSERT_MSG_GT(a.maxAbs[i], (0.68e-3 + kArpRoundTrip) / 2,
                                  "at least the filter's best average bias");
        }

        // 1200 s: one resolution per neighbour, ever; no error of r / 2.
        NS_TEST_ASSERT_MSG_EQ(router.arpRequests[0], 2, "the leader: one per follower");
        NS_TEST_ASSERT_MSG_EQ(router.arpRequests[1], 1, "a follower: one, at its first packet");
        NS_TEST_ASSERT_MSG_EQ(router.arpRequests[2], 1, "a follower: one, at its first packet");
        for (int i : {0, 1})
        {
            NS_TEST_ASSERT_MSG_LT(b.maxAbs[i], kArpRoundTrip / 2,
                                  "no ARP wait, no error of half a round trip");
            NS_TEST_ASSERT_MSG_LT(c.maxAbs[i], kArpRoundTrip / 2, "IPv6: the same");
        }
    }
};

class ArpCacheTimeoutTestCase : public TestCase
{
  public:
    ArpCacheTimeoutTestCase() :
        TestCase("SetRouterArpTimeout sets every ARP cache of the nodes, 1200 s by default")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(3);
        NetDeviceContainer lan = CsmaHelper().Install(nodes);
        NetDeviceContainer link = PointToPointHelper().Install(nodes.Get(0), nodes.Get(1));
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper address("10.0.0.0", "255.255.255.0");
        address.Assign(lan);
        address.SetBase("10.0.1.0", "255.255.255.0");
        address.Assign(link);
        auto timeouts = [&]()
        {
            std::vector<Time> found;
            for (uint32_t n = 0; n < nodes.GetN(); ++n)
            {
                Ptr<Ipv4L3Protocol> ipv4 = nodes.Get(n)->GetObject<Ipv4L3Protocol>();
                for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
                {
                    if (Ptr<ArpCache> cache = ipv4->GetInterface(i)->GetArpCache())
                    {
                        found.push_back(cache->GetAliveTimeout());
                    }
                }
            }
            return found;
        };
        // One cache per CSMA interface; loopback and point-to-point have none.
        const std::vector<Time> before = timeouts();
        NS_TEST_ASSERT_MSG_EQ(before.size(), 3, "three CSMA interfaces resolve addresses");
        for (const Time& t : before)
        {
            NS_TEST_ASSERT_MSG_EQ(t, Seconds(120), "ns-3's default");
        }
        NtpPeerHelper::SetRouterArpTimeout(NodeContainer(nodes.Get(0), nodes.Get(1)));
        const std::vector<Time> after = timeouts();
        NS_TEST_ASSERT_MSG_EQ(after[0], Seconds(1200), "node 0: the router's");
        NS_TEST_ASSERT_MSG_EQ(after[1], Seconds(1200), "node 1: the router's");
        NS_TEST_ASSERT_MSG_EQ(after[2], Seconds(120), "node 2 was not given");
        NtpPeerHelper::SetRouterArpTimeout(nodes, Seconds(3600));
        for (const Time& t : timeouts())
        {
            NS_TEST_ASSERT_MSG_EQ(t, Seconds(3600), "a timeout of one's own");
        }
        Simulator::Destroy();
    }
};

class ArpTestSuite : public TestSuite
{
  public:
    ArpTestSuite() : TestSuite("ntp-peer-arp", SYSTEM)
    {
        AddTestCase(new ArpCacheTimeoutTestCase, TestCase::QUICK);
        AddTestCase(new ArpTimeoutTestCase, TestCase::QUICK);
    }
};

ArpTestSuite g_arpTestSuite;

} // namespace
