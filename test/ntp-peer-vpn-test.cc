/*
 * ns-3 TestSuites of issue #9: NTP over IPv6 ("ntp-peer-ipv6") and across
 * VPN instances ("ntp-peer-vpn"). Thresholds are derived beside each
 * assertion from the scenario's physics or from the IPv4 run of the same
 * scenario, whose figures are validated against ntpd (doc/ntp-peer.rst).
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <openssl/evp.h>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

/**
 * How many polls an association sends in `seconds` to a peer that never
 * answers, between the fewest (every interval stretched by ntpd's largest
 * random 255/4096, the first poll `firstDelay` late) and the most. ntpd
 * polls at minpoll until NTP_UNREACH (10) polls went unanswered, then adds
 * one to the poll exponent at each further timeout up to maxpoll.
 */
std::pair<uint64_t, uint64_t>
UnreachablePolls(double seconds, int minpoll = 6, int maxpoll = 10, double firstDelay = 4)
{
    auto count = [&](double stretch, double first)
    {
        uint64_t polls = 0;
        int poll = minpoll;
        for (double t = first; t <= seconds; ++polls)
        {
            if (polls + 1 >= 10)
            {
                poll = std::min(poll + 1, maxpoll);
            }
            t += std::ldexp(1.0, poll) * stretch;
        }
        return polls;
    };
    return {count(1 + 255.0 / 4096, firstDelay), count(1, 0)};
}

// ------------------------------------------------------------------- IPv6

class Ipv6LikeIpv4TestCase : public TestCase
{
  public:
    Ipv6LikeIpv4TestCase() :
        TestCase("the IPv6 variant of the default scenario synchronizes like the IPv4 one")
    {
    }

  private:
    void DoRun() override
    {
        // The same links, clocks and seeds; IPv6 packets are 20 bytes longer
        // (40-byte header), 0.16 us more per direction at 1 Gbps, the same
        // both ways, so it cancels in the offset. What may differ is noise
        // of that size: the start (a poll interval, 64 s, at worst), the
        // residual offset (well under 1 us here, as in IPv4) and packet
        // counts (no more than the polls of a minute).
        for (uint32_t run = 1; run <= 3; ++run)
        {
            NtpPeerModeConfig c;
            RngSeedManager::SetRun(run);
            const NtpPeerModeResult v4 = RunNtpPeerMode(c);
            c.ipv6 = true;
            RngSeedManager::SetRun(run);
            const NtpPeerModeResult v6 = RunNtpPeerMode(c);
            std::printf("figures: run=%u within_1ms_s v4=%.0f v6=%.0f rms_s v4=%.3g v6=%.3g "
                        "packets_b v4=%llu v6=%llu versions_v6=%d\n",
                        run, v4.within1msTime.value_or(-1), v6.within1msTime.value_or(-1),
                        v4.rmsTrueOffset, v6.rmsTrueOffset,
                        static_cast<unsigned long long>(v4.packetsTx),
                        static_cast<unsigned long long>(v6.packetsTx),
                        v6.versionsSentB.empty() ? 0 : *v6.versionsSentB.begin());
            NS_TEST_ASSERT_MSG_EQ(v6.configured, true, v6.error);
            NS_TEST_ASSERT_MSG_EQ(v6.synchronized, true, "IPv6: B synchronized to A");
            NS_TEST_ASSERT_MSG_EQ(v4.within1msTime.has_value(), true, "IPv4 within 1 ms");
            NS_TEST_ASSERT_MSG_EQ(v6.within1msTime.has_value(), true, "IPv6 within 1 ms");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(
                std::fabs(v6.within1msTime.value_or(1e9) - v4.within1msTime.value_or(0)), 64.0,
                "time to 1 ms within one poll of IPv4's");
            NS_TEST_ASSERT_MSG_LT(std::fabs(v6.rmsTrueOffset - v4.rmsTrueOffset), 1e-6,
                                  "residual offset like IPv4's");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(std::llabs(static_cast<long long>(v6.packetsTx)
                                                   - static_cast<long long>(v4.packetsTx)),
                                        2, "packets like IPv4's");
            // The IPv6 command has no version: NTPv4.
            NS_TEST_ASSERT_MSG_EQ(v6.versionsSentB.size(), 1, "one version");
            NS_TEST_ASSERT_MSG_EQ(*v6.versionsSentB.begin(), 4, "IPv6 peers send NTPv4");
        }
    }
};

/// The first four octets of MD5(address), as RFC 5905 section 7.3 makes an
/// IPv6 reference ID, in Wireshark's hex.
std::string
Ipv6Refid(const std::string& text)
{
    Ipv6Address address(text.c_str());
    uint8_t bytes[16];
    address.GetBytes(bytes);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes, sizeof bytes, digest, &length, EVP_md5(), nullptr);
    char hex[9];
    std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    return hex;
}

class Ipv6PcapTestCase : public TestCase
{
  public:
    Ipv6PcapTestCase() :
        TestCase("IPv6 packets decode in Wireshark with the MD5 reference ID of the peer")
    {
    }

  private:
    void DoRun() override
    {
        const bool haveTshark = std::system("command -v tshark >/dev/null 2>&1") == 0;
        NS_TEST_ASSERT_MSG_EQ(haveTshark, true,
                              "tshark is needed (./ntp-peer test installs it from Debian)");
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c;
        c.ipv6 = true;
        c.simTime = 2000;
        c.pcapPrefix = CreateTempDirFilename("ntp-peer-ipv6");
        const NtpPeerModeResult r = RunNtpPeerMode(c);
        NS_TEST_ASSERT_MSG_EQ(r.synchronized, true, "synchronized");
        // Ipv6AddressHelper gives the A-B link 2001:db8:1::/64 with EUI-64
        // interface identifiers from the MAC addresses 00:00:00:00:00:01 (A)
        // and :02 (B). Once synchronized, B's refid is A's address hashed.
        const std::string a = "2001:db8:1:0:200:ff:fe00:1";
        const std::string out
            = Shell("tshark -n -r " + Quote(c.pcapPrefix + "-0-0.pcap")
                    + " -Y 'ntp && ipv6.src==2001:db8:1:0:200:ff:fe00:2 && ntp.stratum==3' -T "
                      "fields -e ntp.flags.vn -e ntp.refid 2>/dev/null | sort | uniq -c");
        std::printf("figures: tshark B->A stratum 3: %s", out.c_str());
        std::istringstream lines(out);
        int count = 0;
        int version = 0;
        std::string refid;
        lines >> count >> version >> refid;
        NS_TEST_ASSERT_MSG_GT(count, 5, "B's packets after synchronizing");
        NS_TEST_ASSERT_MSG_EQ(version, 4, "NTPv4");
        NS_TEST_ASSERT_MSG_EQ(refid, Ipv6Refid(a), "refid = MD5(A's address)[0..3]");
        std::string more;
        NS_TEST_ASSERT_MSG_EQ(static_cast<bool>(lines >> more), false, "one refid and version");
    }
};

/// Two nodes and two links: A-B dual stack (10.1.1.0/24, 2001:db8:1::/64)
/// and A-B IPv4 only (10.3.3.0/24; IPv6 has its link-local address only).
struct TwoLinks
{
    NodeContainer nodes;
    NetDeviceContainer dual;
    NetDeviceContainer v4only;
    Ipv6InterfaceContainer dual6;
    NtpPeerHelper ntp;
    ApplicationContainer apps;

    TwoLinks()
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        dual = p2p.Install(nodes);
        v4only = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        for (uint32_t i = 0; i < 2; ++i)
        {
            nodes.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        }
        Ipv4AddressHelper v4;
        v4.SetBase("10.1.1.0", "255.255.255.0");
        v4.Assign(dual);
        v4.SetBase("10.3.3.0", "255.255.255.0");
        v4.Assign(v4only);
        Ipv6AddressHelper v6;
        v6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        dual6 = v6.Assign(dual);
        // IPv6 on the second link without a global address: link-local only.
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<Ipv6> ipv6 = nodes.Get(i)->GetObject<Ipv6>();
            const uint32_t interface = ipv6->AddInterface(v4only.Get(i));
            ipv6->SetUp(interface);
        }
        apps = ntp.Install(nodes);
        NtpPeerHelper::SetLocalReference(nodes.Get(0), 2);
        ntp.GetClock(nodes.Get(1))->SetAttribute("InitialOffset", DoubleValue(0.05));
        ntp.AssignStreams(nodes, 1);
    }

    /// B's IPv4 interface index of a device.
    int32_t InterfaceOf(Ptr<NetDevice> device) const
    {
        return nodes.Get(1)->GetObject<Ipv4>()->GetInterfaceForDevice(device);
    }
};

class Ipv6SourceInterfaceTestCase : public TestCase
{
  public:
    Ipv6SourceInterfaceTestCase() :
        TestCase("an IPv6 peer with an IPv4-only source interface never sends (source-no-ipv6)")
    {
    }

  private:
    /// Runs 2000 s; returns B's service figures.
    static std::tuple<bool, std::map<std::string, uint64_t>, uint64_t> Run(bool v4onlySource,
                                                                           bool linkLocalPeer)
    {
        TwoLinks net;
        Ptr<NtpService> b = NtpPeerHelper::GetService(net.nodes.Get(1));
        NtpPeerOptions peer;
        peer.address = linkLocalPeer ? net.dual6.GetAddress(0, 0) : net.dual6.GetAddress(0, 1);
        peer.sourceInterface = net.InterfaceOf(v4onlySource ? net.v4only.Get(1) : net.dual.Get(1));
        NS_ABORT_MSG_UNLESS(b->AddPeer(peer).empty(), "peer refused");
        net.apps.Start(Seconds(0));
        net.apps.Stop(Seconds(2000));
        Simulator::Stop(Seconds(2000));
        Simulator::Run();
        const auto result
            = std::make_tuple(b->IsSynchronized(), b->GetTxDrops(), b->GetPacketsSent());
        Simulator::Destroy();
        return result;
    }

    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        const auto [synced, drops, sent] = Run(true, false);
        const auto it = drops.find("source-no-ipv6");
        const uint64_t dropped = it == drops.end() ? 0 : it->second;
        std::printf("figures: v4-only source: synchronized=%d source_no_ipv6=%llu sent=%llu\n",
                    synced, static_cast<unsigned long long>(dropped),
                    static_cast<unsigned long long>(sent));
        NS_TEST_ASSERT_MSG_EQ(synced, false, "no IPv6 address to send from");
        // Every poll of an unreachable peer in 2000 s is refused, and
        // nothing reaches the wire.
        const auto [fewest, most] = UnreachablePolls(2000);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(dropped, fewest, "each poll counted as source-no-ipv6");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(dropped, most, "each poll counted once");
        NS_TEST_ASSERT_MSG_EQ(sent, 0, "nothing sent");
        NS_TEST_ASSERT_MSG_EQ(drops.size(), 1, "one reason");

        // The same peer from the dual-stack interface synchronizes: the
        // failure is the source interface's, not IPv6's. So does a
        // link-local peer reached through its link.
        for (bool linkLocal : {false, true})
        {
            RngSeedManager::SetRun(1);
            const auto [ok, okDrops, okSent] = Run(false, linkLocal);
            std::printf("figures: dual-stack source, link-local=%d: synchronized=%d sent=%llu\n",
                        linkLocal, ok, static_cast<unsigned long long>(okSent));
            NS_TEST_ASSERT_MSG_EQ(ok, true, "synchronized from a dual-stack source interface");
            NS_TEST_ASSERT_MSG_EQ(okDrops.size(), 0, "nothing dropped");
        }
    }
};

class Ipv6PassiveSourceTestCase : public TestCase
{
  public:
    Ipv6PassiveSourceTestCase() :
        TestCase("ipv6 source-interface: answers from an address B does not peer with are "
                 "discarded, peering with it works")
    {
    }

  private:
    void DoRun() override
    {
        // The IPv4 suite ntp-peer-source-interface, over IPv6: A's
        // "ntp-service ipv6 source-interface" is its link to S.
        RngSeedManager::SetRun(1);
        NtpPeerModeConfig c = ConvergenceConfig();
        c.ipv6 = true;
        c.simTime = 4 * 3600;
        c.passiveSourceInterface = true;
        const NtpPeerModeResult broken = RunNtpPeerMode(c);
        const auto it = broken.refused.find("no-association");
        const uint64_t discarded = it == broken.refused.end() ? 0 : it->second;
        std::printf("figures: ipv6 broken synchronized=%d no_association=%llu\n",
                    broken.synchronized, static_cast<unsigned long long>(discarded));
        NS_TEST_ASSERT_MSG_EQ(broken.synchronized, false, "answers from A's other address");
        // B polls an unreachable A (ntpd's back-off) and each answer is
        // discarded: as many as B's polls in 4 h.
        const auto [fewest, most] = UnreachablePolls(c.simTime);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(discarded, fewest, "every answer discarded (no association)");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(discarded, most, "one per poll");
        c.peerSourceAddress = true;
        const NtpPeerModeResult fixed = RunNtpPeerMode(c);
        NS_TEST_ASSERT_MSG_EQ(fixed.synchronized, true, "peering with the source address works");
    }
};

class Ipv6ConfigTestCase : public TestCase
{
  public:
    Ipv6ConfigTestCase() : TestCase("unicast-peer ipv6: what the router refuses, and why") {}

  private:
    void DoRun() override
    {
        TwoLinks net;
        Ptr<NtpService> b = NtpPeerHelper::GetService(net.nodes.Get(1));
        NtpKeyConfig key;
        key.id = 65535;
        key.mode = "hmac-sha256";
        key.password = "Ntp-Peer-Key-1";
        NS_TEST_ASSERT_MSG_EQ(b->AddKey(key), "", "key 65535");
        key.id = 65536;
        NS_TEST_ASSERT_MSG_EQ(b->AddKey(key), "", "key 65536 (an IPv4 NTPv3 peer may use it)");
        auto refused = [&](NtpPeerOptions peer, const std::string& word)
        {
            const std::string error = b->AddPeer(peer);
            NS_TEST_EXPECT_MSG_NE(error.find(word), std::string::npos,
                                  "'" << error << "' should mention " << word);
        };
        NtpPeerOptions peer;
        peer.address = Ipv6Address("fe80::200:ff:fe00:1");
        refused(peer, "needs a source-interface");
        peer.sourceInterface = 1;
        peer.vpnInstance = "vpnA";
        refused(peer, "cannot have a vpn-instance");
        peer.address = Ipv6Address("ff02::101");
        peer.vpnInstance = "";
        refused(peer, "multicast");
        peer.address = Ipv6Address("2001:db8:1::1");
        peer.keyId = 65536;
        refused(peer, "1..65535");
        peer.keyId = 0;
        peer.version = 2;
        refused(peer, "IPv6 peers speak NTPv4");
        peer.version = 4;
        peer.vpnInstance = "vpnA";
        refused(peer, "does not exist");
        // Accepted: the key id at the top of the range; then the same
        // address again is a duplicate; the IPv4 peer may use key 65536.
        peer.vpnInstance = "";
        peer.keyId = 65535;
        NS_TEST_ASSERT_MSG_EQ(b->AddPeer(peer), "", "an IPv6 peer with key 65535");
        refused(peer, "already configured");
        NtpPeerOptions v4;
        v4.address = Ipv4Address("10.1.1.1");
        v4.keyId = 65536;
        NS_TEST_ASSERT_MSG_EQ(b->AddPeer(v4), "", "an NTPv3 IPv4 peer with key 65536");
        NtpSourceInterface source{7, "", true};
        NS_TEST_EXPECT_MSG_NE(b->SetSourceInterface(source).find("does not exist"),
                              std::string::npos, "interface 7");
        source.interface = 1;
        NS_TEST_ASSERT_MSG_EQ(b->SetSourceInterface(source), "", "ipv6 source-interface 1");
        Simulator::Destroy();
    }
};

class Ipv6TestSuite : public TestSuite
{
  public:
    Ipv6TestSuite() : TestSuite("ntp-peer-ipv6", SYSTEM)
    {
        AddTestCase(new Ipv6ConfigTestCase, TestCase::QUICK);
        AddTestCase(new Ipv6LikeIpv4TestCase, TestCase::QUICK);
        AddTestCase(new Ipv6PcapTestCase, TestCase::QUICK);
        AddTestCase(new Ipv6SourceInterfaceTestCase, TestCase::QUICK);
        AddTestCase(new Ipv6PassiveSourceTestCase, TestCase::QUICK);
    }
};

Ipv6TestSuite g_ipv6TestSuite;

// -------------------------------------------------------------------- VPN

/// Within 1 ms: what the discipline reaches on these symmetric 2 ms links
/// within 7200 s (the default scenario, 5 ms links, is within 1 ms after
/// about 750 s; CE-A2's source becomes available about 750 s in).
constexpr double kSynchronized = 1e-3;

const NtpVpnPeering&
Row(const NtpVpnResult& result, std::size_t i)
{
    static const NtpVpnPeering none;
    return i < result.peerings.size() ? result.peerings[i] : none;
}

uint64_t
Count(const std::map<std::string, uint64_t>& counts, const std::string& key)
{
    const auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
}

NtpVpnResult
RunCase(const std::string& mismatch, bool ipv6)
{
    RngSeedManager::SetRun(1);
    NtpVpnConfig c;
    c.mismatch = mismatch;
    c.ipv6 = ipv6;
    const NtpVpnResult r = RunNtpVpnScenario(c);
    for (const NtpVpnPeering& p : r.peerings)
    {
        std::printf("figures: %s%s %s: %s -> synchronized_to=%s answered_by=%s "
                    "offset_to_intended_s=%.6f %s\n",
                    mismatch.c_str(), ipv6 ? " (IPv6)" : "", p.router.c_str(), p.statement.c_str(),
                    p.synchronizedTo.c_str(), p.answeredBy.c_str(), p.offsetToIntended,
                    p.why.c_str());
    }
    return r;
}

std::string
Family(bool ipv6)
{
    return ipv6 ? " (IPv6)" : " (IPv4)";
}

class VpnRightTestCase : public TestCase
{
  public:
    VpnRightTestCase(bool ipv6) :
        TestCase(std::string(
                     "right peerings: PEs reach CE-A1 in vpnA, CE-A2 gets answers from PE1 in vpnA")
                 + Family(ipv6)),
        m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        const NtpVpnResult r = RunCase("none", m_ipv6);
        NS_TEST_ASSERT_MSG_EQ(r.configured, true, r.error);
        NS_TEST_ASSERT_MSG_EQ(r.peerings.size(), 3, "three peerings");
        for (std::size_t i = 0; i < 3; ++i)
        {
            const NtpVpnPeering& p = Row(r, i);
            NS_TEST_ASSERT_MSG_EQ(p.synchronizedTo, p.intended, p.router << " by ground truth");
            NS_TEST_ASSERT_MSG_LT(std::fabs(p.offsetToIntended), kSynchronized, p.router);
            NS_TEST_ASSERT_MSG_EQ(p.txDrops.size(), 0, p.router << " dropped nothing");
        }
        // PE1's 10.1.1.1 exists in vpnA and vpnB: CE-A2's requests came in
        // through vpnA and were answered there (else CE-A2 would hear nothing).
        NS_TEST_ASSERT_MSG_EQ(Row(r, 2).passiveTxDrops.size(), 0, "PE1 answered everything");
    }

    bool m_ipv6;
};

class VpnWrongInstanceTestCase : public TestCase
{
  public:
    VpnWrongInstanceTestCase(bool ipv6) :
        TestCase(std::string(
                     "the same address in two VPNs, the statement names the wrong one: PE2 follows "
                     "CE-B1")
                 + Family(ipv6)),
        m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        const NtpVpnResult r = RunCase("wrong-vpn", m_ipv6);
        NS_TEST_ASSERT_MSG_EQ(Row(r, 0).synchronizedTo, "CE-A1", "PE1 in vpnA");
        const NtpVpnPeering& pe2 = Row(r, 1);
        NS_TEST_ASSERT_MSG_EQ(pe2.synchronized, true, "PE2 synchronizes...");
        NS_TEST_ASSERT_MSG_EQ(pe2.synchronizedTo, "CE-B1", "...to the wrong router");
        NS_TEST_ASSERT_MSG_LT(std::fabs(pe2.offsetToSynchronizedTo), kSynchronized,
                              "PE2 keeps CE-B1's time");
        // CE-B1's free clock against CE-A1's: 0.25 s at the start and
        // (-40 - 20) ppm since, at 7200 s -0.182 s; PE2 carries it.
        const NtpVpnConfig c;
        const double apart = c.offsetCeB1 + (c.driftCeB1 - c.driftCeA1) * 1e-6 * c.simTime;
        NS_TEST_ASSERT_MSG_EQ_TOL(pe2.offsetToIntended, apart, kSynchronized,
                                  "PE2 is as far from CE-A1 as CE-B1 is");
    }

    bool m_ipv6;
};

class VpnUnreachableTestCase : public TestCase
{
  public:
    VpnUnreachableTestCase(std::string mismatch, std::string reason, bool ipv6) :
        TestCase("peering '" + mismatch + "': every packet refused as " + reason + Family(ipv6)),
        m_mismatch(std::move(mismatch)),
        m_reason(std::move(reason)),
        m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        const NtpVpnResult r = RunCase(m_mismatch, m_ipv6);
        NS_TEST_ASSERT_MSG_EQ(Row(r, 0).synchronizedTo, "CE-A1", "the right peering still works");
        const NtpVpnPeering& p = Row(r, 1);
        NS_TEST_ASSERT_MSG_EQ(p.synchronized, false, "never synchronized");
        NS_TEST_ASSERT_MSG_EQ(p.txDrops.size(), 1, "one reason");
        // Every poll of the unreachable peer is refused.
        const auto [fewest, most] = UnreachablePolls(NtpVpnConfig().simTime);
        NS_TEST_ASSERT_MSG_GT_OR_EQ(Count(p.txDrops, m_reason), fewest, m_reason);
        NS_TEST_ASSERT_MSG_LT_OR_EQ(Count(p.txDrops, m_reason), most, m_reason);
        NS_TEST_ASSERT_MSG_EQ(p.packetsReceived, 0, "nothing came back");
        NS_TEST_ASSERT_MSG_EQ(p.answeredBy, "", "nobody answered");
    }

    std::string m_mismatch;
    std::string m_reason;
    bool m_ipv6;
};

class VpnPassiveSourceTestCase : public TestCase
{
  public:
    VpnPassiveSourceTestCase(bool ipv6) :
        TestCase(std::string(
                     "the passive end's source interface is in another instance: no answer leaves")
                 + Family(ipv6)),
        m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        const NtpVpnResult r = RunCase("passive-source", m_ipv6);
        // PE1's own peering names its source interface, which wins over the
        // global one of vpnA.
        NS_TEST_ASSERT_MSG_EQ(Row(r, 0).synchronizedTo, "CE-A1", "PE1's own source wins");
        const NtpVpnPeering& ce = Row(r, 1);
        NS_TEST_ASSERT_MSG_EQ(ce.synchronized, false, "CE-A2 never synchronized");
        NS_TEST_ASSERT_MSG_EQ(ce.packetsReceived, 0, "no answer reached CE-A2");
        NS_TEST_ASSERT_MSG_EQ(ce.txDrops.size(), 0, "CE-A2 sent every request");
        // Every request of CE-A2 (which hears nothing: polls as to an
        // unreachable peer, from its start on) reached PE1, and each answer
        // was refused.
        const NtpVpnConfig c;
        const auto [fewest, most] = UnreachablePolls(c.simTime - c.ceA2Start);
        const uint64_t refused = Count(ce.passiveTxDrops, "source-in-other-instance");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(refused, fewest, "PE1 refused its answers");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(refused, most, "one per request");
    }

    bool m_ipv6;
};

class VpnTwoAssociationsTestCase : public TestCase
{
  public:
    VpnTwoAssociationsTestCase(bool ipv6) :
        TestCase(
            std::string(
                "the same peer address in two VPNs is two associations, each answered by its CE")
            + Family(ipv6)),
        m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        const NtpVpnResult r = RunCase("two-vpns", m_ipv6);
        NS_TEST_ASSERT_MSG_EQ(r.configured, true, r.error);
        NS_TEST_ASSERT_MSG_EQ(Row(r, 0).answeredBy, "CE-A1", "10.1.1.2 in vpnA");
        NS_TEST_ASSERT_MSG_EQ(Row(r, 1).answeredBy, "CE-B1", "10.1.1.2 in vpnB");
        // The router shows the two sessions with the same address, one per
        // VPN instance.
        const std::string& shown = Row(r, 0).display;
        NS_TEST_EXPECT_MSG_NE(shown.find("VPN instance: vpnA"), std::string::npos, shown);
        NS_TEST_EXPECT_MSG_NE(shown.find("VPN instance: vpnB"), std::string::npos, shown);
        NS_TEST_EXPECT_MSG_NE(shown.find("Total sessions: 2"), std::string::npos, shown);
        NS_TEST_ASSERT_MSG_EQ(Row(r, 1).router, "PE1", "both on PE1");
    }

    bool m_ipv6;
};

class VpnTestSuite : public TestSuite
{
  public:
    VpnTestSuite() : TestSuite("ntp-peer-vpn", SYSTEM)
    {
        for (bool ipv6 : {false, true})
        {
            AddTestCase(new VpnRightTestCase(ipv6), TestCase::QUICK);
            AddTestCase(new VpnWrongInstanceTestCase(ipv6), TestCase::QUICK);
            AddTestCase(new VpnUnreachableTestCase("no-vpn", "peer-in-vpn-instance", ipv6),
                        TestCase::QUICK);
            AddTestCase(new VpnUnreachableTestCase("vpn-no-route", "vpn-no-route", ipv6),
                        TestCase::QUICK);
            AddTestCase(new VpnPassiveSourceTestCase(ipv6), TestCase::QUICK);
            AddTestCase(new VpnTwoAssociationsTestCase(ipv6), TestCase::QUICK);
        }
    }
};

VpnTestSuite g_vpnTestSuite;

} // namespace
