/*
 * IPv6 cases of the ns-3 TestSuite "vrf" (Ipv6VrfRouting, VrfHelper): the
 * suite object lives in vrf-test.cc, which adds these through
 * VrfIpv6TestCases. Duplicate address detection is switched off on every
 * node (Icmpv6L4Protocol "DAD" = false), so addresses are usable at once and
 * no DAD probes are sent. Counts are of UDP datagrams only (Ipv6L3Protocol's
 * Tx trace, next header 17): neighbour discovery adds its own packets on
 * CSMA links, and those are not what is being counted.
 */
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "vrf-test-util.h"

#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::vrftest;

namespace
{

/**
 * A UDP socket in an instance ("" and bound = the public device; "" and not
 * bound = no device), on the wildcard or a specific address. It records
 * what it receives and, if it has a tag, answers "TAG:" + the datagram; it
 * tags what it sends with its instance (needed when bound to an address).
 */
class Udp6
{
  public:
    Udp6(Ptr<Node> node, const std::string& instance, bool bound, const char* address,
         uint16_t port, std::string tag = "") :
        m_node(node),
        m_instance(instance),
        m_tag(std::move(tag)),
        m_socket(Socket::CreateSocket(node, UdpSocketFactory::GetTypeId()))
    {
        if (bound)
        {
            VrfHelper::BindSocket(m_socket, instance);
        }
        const Ipv6Address local = address ? Ipv6Address(address) : Ipv6Address::GetAny();
        NS_ABORT_UNLESS(m_socket->Bind(Inet6SocketAddress(local, port)) == 0);
        m_socket->SetRecvCallback(MakeCallback(&Udp6::Receive, this));
    }

    void SendAt(Time at, const char* destination, uint16_t port, const std::string& text)
    {
        Simulator::Schedule(at, &Udp6::Send, this, Ipv6Address(destination), port, text);
    }

    std::vector<std::string> received;

  private:
    void Send(Ipv6Address destination, uint16_t port, std::string text)
    {
        Ptr<Packet> packet = PacketOf(text);
        VrfHelper::TagPacket(packet, m_node, m_instance);
        m_socket->SendTo(packet, 0, Inet6SocketAddress(destination, port));
    }

    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            received.push_back(TextOf(packet));
            if (!m_tag.empty())
            {
                Ptr<Packet> answer = PacketOf(m_tag + ":" + received.back());
                VrfHelper::TagPacket(answer, m_node, m_instance);
                socket->SendTo(answer, 0, from);
            }
        }
    }

    Ptr<Node> m_node;
    std::string m_instance;
    std::string m_tag;
    Ptr<Socket> m_socket;
};

void
RecordDrop6(Drops* drops, const Ipv6Header&, Ptr<const Packet>, const std::string& instance,
            const std::string& reason)
{
    drops->emplace_back(instance, reason);
}

/// UDP datagrams sent per (node, interface): "node:interface" -> count.
using UdpTx = std::map<std::string, uint32_t>;

void
CountUdp(UdpTx* tx, std::string node, Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t interface)
{
    Ipv6Header header;
    packet->PeekHeader(header);
    if (header.GetNextHeader() == UdpL4Protocol::PROT_NUMBER)
    {
        ++(*tx)[node + ":" + std::to_string(interface)];
    }
}

NodeContainer
VrfNodes6(uint32_t n)
{
    NodeContainer nodes;
    nodes.Create(n);
    InternetStackHelper internet;
    internet.SetRoutingHelper(Ipv4VrfRoutingHelper());
    internet.SetRoutingHelper(Ipv6VrfRoutingHelper());
    internet.Install(nodes);
    for (uint32_t i = 0; i < n; ++i)
    {
        nodes.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        nodes.Get(i)->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
    }
    return nodes;
}

/// Addresses by hand: the same address on several interfaces is the point.
uint32_t
Address6(Ptr<NetDevice> device, const char* address, uint8_t prefix = 64)
{
    Ptr<Ipv6> ipv6 = device->GetNode()->GetObject<Ipv6>();
    int32_t interface = ipv6->GetInterfaceForDevice(device);
    if (interface < 0)
    {
        interface = ipv6->AddInterface(device);
    }
    ipv6->AddAddress(interface, Ipv6InterfaceAddress(Ipv6Address(address), Ipv6Prefix(prefix)));
    ipv6->SetUp(interface);
    return interface;
}

uint32_t
InterfaceOf6(Ptr<NetDevice> device)
{
    return device->GetNode()->GetObject<Ipv6>()->GetInterfaceForDevice(device);
}

Ipv6Address
LinkLocalOf(Ptr<NetDevice> device)
{
    Ptr<Ipv6> ipv6 = device->GetNode()->GetObject<Ipv6>();
    const uint32_t interface = InterfaceOf6(device);
    for (uint32_t a = 0; a < ipv6->GetNAddresses(interface); ++a)
    {
        if (ipv6->GetAddress(interface, a).GetAddress().IsLinkLocal())
        {
            return ipv6->GetAddress(interface, a).GetAddress();
        }
    }
    return Ipv6Address::GetAny();
}

void
TraceUdp(UdpTx* tx, const std::string& name, Ptr<Node> node)
{
    node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
        "Tx", MakeBoundCallback(&CountUdp, tx, name));
}

/// Only the listed counts may be non-zero.
std::string
CheckUdp(const UdpTx& tx, const UdpTx& expected)
{
    std::ostringstream errors;
    UdpTx all = expected;
    for (const auto& [key, count] : tx)
    {
        all.emplace(key, 0);
    }
    for (const auto& [key, want] : all)
    {
        auto it = tx.find(key);
        const uint32_t got = it == tx.end() ? 0 : it->second;
        if (got != want)
        {
            errors << key << " sent " << got << ", expected " << want << "; ";
        }
    }
    return errors.str();
}

// ------------------------------------------------------------ VRF-lite, IPv6

/*
 * As the IPv4 VRF-lite (vrf-test.cc), on point-to-point links:
 * CE-A1 --vpnA-- PE1 ==vpnA fd00:12:1::/64== PE2 --vpnA-- CE-A2
 * CE-B1 --vpnB-- PE1 ==vpnB fd00:12:2::/64== PE2 --vpnB-- CE-B2
 *                PE1 ==public fd00:12::/64== PE2
 * CE-A1 and CE-B1 are both fd00:1::2 (PE1 fd00:1::1), CE-A2 and CE-B2 both
 * fd00:2::2 (PE2 fd00:2::1). Not 2001:db8::/32: ns-3.37 never forwards it.
 */
class Ipv6VrfLiteTestCase : public TestCase
{
  public:
    Ipv6VrfLiteTestCase() :
        TestCase("IPv6: two PEs, overlapping VPNs: routed, delivered and answered per instance")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes = VrfNodes6(6);
        Ptr<Node> pe1 = nodes.Get(0);
        Ptr<Node> pe2 = nodes.Get(1);
        Ptr<Node> ceA1 = nodes.Get(2);
        Ptr<Node> ceB1 = nodes.Get(3);
        Ptr<Node> ceA2 = nodes.Get(4);
        Ptr<Node> ceB2 = nodes.Get(5);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        std::map<std::string, NetDeviceContainer> links;
        links["a1"] = p2p.Install(pe1, ceA1);
        links["b1"] = p2p.Install(pe1, ceB1);
        links["a12"] = p2p.Install(pe1, pe2);
        links["b12"] = p2p.Install(pe1, pe2);
        links["p12"] = p2p.Install(pe1, pe2);
        links["a2"] = p2p.Install(pe2, ceA2);
        links["b2"] = p2p.Install(pe2, ceB2);
        for (const char* name : {"a1", "b1"})
        {
            Address6(links[name].Get(0), "fd00:1::1");
            Address6(links[name].Get(1), "fd00:1::2");
        }
        for (const char* name : {"a2", "b2"})
        {
            Address6(links[name].Get(0), "fd00:2::1");
            Address6(links[name].Get(1), "fd00:2::2");
        }
        Address6(links["a12"].Get(0), "fd00:12:1::1");
        Address6(links["a12"].Get(1), "fd00:12:1::2");
        Address6(links["b12"].Get(0), "fd00:12:2::1");
        Address6(links["b12"].Get(1), "fd00:12:2::2");
        Address6(links["p12"].Get(0), "fd00:12::1");
        Address6(links["p12"].Get(1), "fd00:12::2");
        for (std::size_t end = 0; end < 2; ++end)
        {
            VrfHelper::AssignInstance(links["a12"].Get(end), "vpnA");
            VrfHelper::AssignInstance(links["b12"].Get(end), "vpnB");
        }
        for (const char* name : {"a1", "a2"})
        {
            VrfHelper::AssignInstance(links[name].Get(0), "vpnA");
        }
        for (const char* name : {"b1", "b2"})
        {
            VrfHelper::AssignInstance(links[name].Get(0), "vpnB");
        }
        VrfHelper::PopulateRoutingTables();

        // CE-A1 reaches (PE1, vpnA) at cost 1 and (PE2, vpnA) at cost 2: new
        // prefixes fd00:12:1::/64 and fd00:2::/64, via PE1's link-local
        // address. PE1's vpnA learns fd00:2::/64 via PE2's link-local on a12;
        // PE1's public network reaches only PE2's public interface.
        const auto ceRoutes = VrfHelper::GetRouting6(ceA1)->GetRoutes("");
        NS_TEST_ASSERT_MSG_EQ(ceRoutes.size(), 2, "CE-A1 computed routes");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).network, Ipv6Address("fd00:12:1::"), "nearest");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).metric, 1, "one hop");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 1).network, Ipv6Address("fd00:2::"), "CE-A2's LAN");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 1).metric, 2, "two hops");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 1).gateway, LinkLocalOf(links["a1"].Get(0)),
                              "via PE1's link-local address");
        const auto vpnA = VrfHelper::GetRouting6(pe1)->GetRoutes("vpnA");
        NS_TEST_ASSERT_MSG_EQ(vpnA.size(), 1, "PE1 vpnA computed routes");
        NS_TEST_ASSERT_MSG_EQ(Nth(vpnA, 0).gateway, LinkLocalOf(links["a12"].Get(1)), "PE2");
        NS_TEST_ASSERT_MSG_EQ(Nth(vpnA, 0).interface, InterfaceOf6(links["a12"].Get(0)), "a12");
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetRouting6(pe1)->GetRoutes("").size(), 0, "public");

        // Static routes: CE-A1 sends everything else to PE1, PE1's public
        // table knows fd00:2::/64 over the public link, and PE1's vpnA sends
        // 2001:db8::/32 to PE2 (which ns-3 then refuses to forward).
        VrfHelper::GetRouting6(ceA1)->AddNetworkRoute(
            "", Ipv6Address::GetAny(), Ipv6Prefix(static_cast<uint8_t>(0)),
            LinkLocalOf(links["a1"].Get(0)), InterfaceOf6(links["a1"].Get(1)), 10);
        VrfHelper::GetRouting6(pe1)->AddNetworkRoute("", Ipv6Address("fd00:2::"), Ipv6Prefix(64),
                                                     LinkLocalOf(links["p12"].Get(1)),
                                                     InterfaceOf6(links["p12"].Get(0)));
        VrfHelper::GetRouting6(pe1)->AddNetworkRoute(
            "vpnA", Ipv6Address("2001:db8::"), Ipv6Prefix(32), LinkLocalOf(links["a12"].Get(1)),
            InterfaceOf6(links["a12"].Get(0)));
        Drops pe1Drops;
        Drops pe2Drops;
        VrfHelper::GetRouting6(pe1)->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&RecordDrop6, &pe1Drops));
        VrfHelper::GetRouting6(pe2)->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&RecordDrop6, &pe2Drops));
        UdpTx tx;
        const std::map<std::string, Ptr<Node>> named{{"pe1", pe1},   {"pe2", pe2},
                                                     {"ceA1", ceA1}, {"ceB1", ceB1},
                                                     {"ceA2", ceA2}, {"ceB2", ceB2}};
        for (const auto& [name, node] : named)
        {
            TraceUdp(&tx, name, node);
        }
        // Interface numbers now: devices lose their node when the simulation ends.
        std::map<std::string, uint32_t> interfaceOf;
        for (auto& [name, devices] : links)
        {
            for (std::size_t end = 0; end < 2; ++end)
            {
                interfaceOf[name + std::to_string(end)] = InterfaceOf6(devices.Get(end));
            }
        }
        auto key = [&](const char* node, const char* link, std::size_t end)
        {
            return std::string(node) + ":"
                 + std::to_string(interfaceOf[std::string(link) + std::to_string(end)]);
        };

        Udp6 a2(ceA2, "", false, nullptr, 7, "ceA2");
        Udp6 b2(ceB2, "", false, nullptr, 7, "ceB2");
        Udp6 a1(ceA1, "", false, nullptr, 0);
        Udp6 b2Client(ceB2, "", false, nullptr, 0);
        Udp6 a2Client(ceA2, "", false, nullptr, 0);
        // PE2's instance sockets on the wildcard address, port 9.
        Udp6 pe2A(pe2, "vpnA", true, nullptr, 9, "pe2A");
        Udp6 pe2B(pe2, "vpnB", true, nullptr, 9, "pe2B");
        Udp6 pe1A(pe1, "vpnA", true, nullptr, 0);
        Udp6 pe1Unbound(pe1, "", false, nullptr, 0);
        a1.SendAt(Seconds(1), "fd00:2::2", 7, "hello");
        // To PE2's own fd00:2::1 from both VPNs: an address of the arrival
        // interface, which Ipv6L3Protocol delivers itself.
        a2Client.SendAt(Seconds(2), "fd00:2::1", 9, "A2-to-pe2");
        b2Client.SendAt(Seconds(2), "fd00:2::1", 9, "B2-to-pe2");
        // From CE-A1: PE2's address on the arrival interface (a12), then one
        // of another vpnA interface (a2), which RouteInput delivers.
        a1.SendAt(Seconds(2), "fd00:12:1::2", 9, "A1-to-pe2-link");
        a1.SendAt(Seconds(2), "fd00:2::1", 9, "A1-to-pe2-lan");
        // A socket in vpnA and an unbound one, to the same address.
        pe1A.SendAt(Seconds(3), "fd00:2::2", 7, "via-vpnA");
        pe1Unbound.SendAt(Seconds(3), "fd00:2::2", 7, "via-public");
        // Nothing of these is in vpnA's table at PE1.
        a1.SendAt(Seconds(4), "fd00:12:2::2", 7, "to-pe2-vpnB");
        a1.SendAt(Seconds(4), "fd00:9::9", 7, "to-nowhere");
        a1.SendAt(Seconds(4), "2001:db8::1", 7, "to-documentation");
        Simulator::Stop(Seconds(6));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(a2.received.size(), 2, "CE-A2: CE-A1's and PE1-vpnA's");
        NS_TEST_ASSERT_MSG_EQ(Nth(a2.received, 0), "hello", "CE-A2");
        NS_TEST_ASSERT_MSG_EQ(Nth(a2.received, 1), "via-vpnA", "CE-A2");
        NS_TEST_ASSERT_MSG_EQ(b2.received.size(), 0, "CE-B2 (same address, vpnB)");
        NS_TEST_ASSERT_MSG_EQ(pe2A.received.size(), 3, "PE2's vpnA socket");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2A.received, 0), "A2-to-pe2", "arrival interface");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2A.received, 1), "A1-to-pe2-link", "arrival interface");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2A.received, 2), "A1-to-pe2-lan", "other vpnA interface");
        NS_TEST_ASSERT_MSG_EQ(pe2B.received.size(), 1, "PE2's vpnB socket: CE-B2's only");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2B.received, 0), "B2-to-pe2", "vpnB");
        NS_TEST_ASSERT_MSG_EQ(a1.received.size(), 3, "CE-A1: three answers");
        NS_TEST_ASSERT_MSG_EQ(Nth(a1.received, 0), "ceA2:hello", "from CE-A2");
        NS_TEST_ASSERT_MSG_EQ(Nth(a1.received, 1), "pe2A:A1-to-pe2-link", "from PE2 in vpnA");
        NS_TEST_ASSERT_MSG_EQ(Nth(a1.received, 2), "pe2A:A1-to-pe2-lan", "from PE2 in vpnA");
        NS_TEST_ASSERT_MSG_EQ(a2Client.received.size(), 1, "CE-A2's answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(a2Client.received, 0), "pe2A:A2-to-pe2", "in vpnA");
        NS_TEST_ASSERT_MSG_EQ(b2Client.received.size(), 1, "CE-B2's answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(b2Client.received, 0), "pe2B:B2-to-pe2", "in vpnB");
        NS_TEST_ASSERT_MSG_EQ(pe1A.received.size(), 1, "PE1's vpnA socket gets CE-A2's answer");
        NS_TEST_ASSERT_MSG_EQ(pe1Unbound.received.size(), 0, "the public datagram found no CE");
        NS_TEST_ASSERT_MSG_EQ(pe2Drops.size(), 1, "PE2: the public datagram");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2Drops, 0).first, "", "public");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2Drops, 0).second, "no route", "reason");
        NS_TEST_ASSERT_MSG_EQ(pe1Drops.size(), 3, "PE1: CE-A1's three last datagrams");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe1Drops, 0).first, "vpnA", "in CE-A1's instance");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe1Drops, 0).second, "no route", "PE2's vpnB address");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe1Drops, 1).second, "no route", "nobody's address");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe1Drops, 2).second, "ns-3 does not forward 2001:db8::/32",
                              "documentation prefix");
        // t=1: a1 -> a12 -> a2 and back; t=2: CE-A2 and CE-B2 to PE2 and
        // back, CE-A1 twice to PE2 and back; t=3: vpnA over a12, a2 and back,
        // public over p12; t=4: three from CE-A1, dropped at PE1.
        const std::string errors = CheckUdp(tx, {{key("ceA1", "a1", 1), 6},
                                                 {key("pe1", "a12", 0), 4},
                                                 {key("pe1", "a1", 0), 3},
                                                 {key("pe1", "p12", 0), 1},
                                                 {key("pe2", "a2", 0), 3},
                                                 {key("pe2", "a12", 1), 4},
                                                 {key("pe2", "b2", 0), 1},
                                                 {key("ceA2", "a2", 1), 3},
                                                 {key("ceB2", "b2", 1), 1}});
        NS_TEST_ASSERT_MSG_EQ(errors, "", "UDP datagrams per interface");
    }
};

// ------------------------------------------------------------ one PE, CSMA LANs

class Ipv6LanTestCase : public TestCase
{
  public:
    Ipv6LanTestCase() :
        TestCase("IPv6: CSMA LANs, one PE address in vpnA, vpnB and public: NDP, tags, devices")
    {
    }

  private:
    void DoRun() override
    {
        // PE: fd00:1::1/64 on three CSMA LANs, towards CE-A (vpnA), CE-B
        // (vpnB) and a public host P; CE-A, CE-B and P are all fd00:1::2.
        // Neighbour discovery runs on every LAN, and the PE solicits from an
        // address that three of its interfaces have.
        NodeContainer nodes = VrfNodes6(4);
        Ptr<Node> pe = nodes.Get(0);
        Ptr<Node> ceA = nodes.Get(1);
        Ptr<Node> ceB = nodes.Get(2);
        Ptr<Node> host = nodes.Get(3);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer lanA = csma.Install(NodeContainer(pe, ceA));
        NetDeviceContainer lanB = csma.Install(NodeContainer(pe, ceB));
        NetDeviceContainer lanP = csma.Install(NodeContainer(pe, host));
        for (NetDeviceContainer* lan : {&lanA, &lanB, &lanP})
        {
            Address6(lan->Get(0), "fd00:1::1");
            Address6(lan->Get(1), "fd00:1::2");
        }
        // vpnA's LAN has IPv4 too: AssignInstance sets both families.
        Ptr<Ipv4> ipv4 = pe->GetObject<Ipv4>();
        const uint32_t interface4 = ipv4->AddInterface(lanA.Get(0));
        ipv4->AddAddress(interface4, Ipv4InterfaceAddress("10.1.1.1", "255.255.255.0"));
        ipv4->SetUp(interface4);
        VrfHelper::AssignInstance(lanA.Get(0), "vpnA");
        VrfHelper::AssignInstance(lanB.Get(0), "vpnB");
        VrfHelper::PopulateRoutingTables();
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetRouting(pe)->GetInstanceOf(interface4), "vpnA", "v4");
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetRouting6(pe)->GetInstanceOf(InterfaceOf6(lanA.Get(0))),
                              "vpnA", "v6");
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetInstanceOf(lanB.Get(0)), "vpnB", "by device");
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetInstanceOf(lanP.Get(0)), "", "public");
        Ptr<VrfNetDevice> publicDevice = VrfHelper::GetVrfDevice(pe, "");
        NS_TEST_ASSERT_MSG_NE(publicDevice, nullptr, "public device");
        NS_TEST_ASSERT_MSG_EQ(
            VrfHelper::GetRouting6(pe)->GetInstanceInterface("").value_or(0),
            static_cast<uint32_t>(pe->GetObject<Ipv6>()->GetInterfaceForDevice(publicDevice)),
            "the public device has an IPv6 interface");
        UdpTx tx;
        TraceUdp(&tx, "pe", pe);
        const UdpTx expected{{"pe:" + std::to_string(InterfaceOf6(lanA.Get(0))), 2},
                             {"pe:" + std::to_string(InterfaceOf6(lanB.Get(0))), 2},
                             {"pe:" + std::to_string(InterfaceOf6(lanP.Get(0))), 2}};

        // One socket per instance on fd00:1::1 port 123, all three bound.
        Udp6 inA(pe, "vpnA", true, "fd00:1::1", 123, "vpnA");
        Udp6 inB(pe, "vpnB", true, "fd00:1::1", 123, "vpnB");
        Udp6 inP(pe, "", true, "fd00:1::1", 123, "public");
        Udp6 ceA7(ceA, "", false, nullptr, 7);
        Udp6 ceB7(ceB, "", false, nullptr, 7);
        Udp6 host7(host, "", false, nullptr, 7);
        Udp6 fromA(ceA, "", false, nullptr, 0);
        Udp6 fromB(ceB, "", false, nullptr, 0);
        Udp6 fromP(host, "", false, nullptr, 0);
        // The PE speaks first: it must solicit its neighbours, each on the
        // right LAN, from the shared address.
        inA.SendAt(Seconds(1), "fd00:1::2", 7, "A-first");
        inB.SendAt(Seconds(1), "fd00:1::2", 7, "B-first");
        inP.SendAt(Seconds(1), "fd00:1::2", 7, "P-first");
        fromA.SendAt(Seconds(2), "fd00:1::1", 123, "from-A");
        fromB.SendAt(Seconds(2), "fd00:1::1", 123, "from-B");
        fromP.SendAt(Seconds(2), "fd00:1::1", 123, "from-P");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(ceA7.received.size(), 1, "CE-A: vpnA's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceA7.received, 0), "A-first", "CE-A");
        NS_TEST_ASSERT_MSG_EQ(ceB7.received.size(), 1, "CE-B: vpnB's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceB7.received, 0), "B-first", "CE-B");
        NS_TEST_ASSERT_MSG_EQ(host7.received.size(), 1, "P: the public datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(host7.received, 0), "P-first", "P");
        NS_TEST_ASSERT_MSG_EQ(inA.received.size(), 1, "vpnA socket: CE-A's only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inA.received, 0), "from-A", "vpnA socket");
        NS_TEST_ASSERT_MSG_EQ(inB.received.size(), 1, "vpnB socket: CE-B's only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inB.received, 0), "from-B", "vpnB socket");
        NS_TEST_ASSERT_MSG_EQ(inP.received.size(), 1, "public socket: P's only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inP.received, 0), "from-P", "public socket");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromA.received, 0), "vpnA:from-A", "answered in vpnA");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromB.received, 0), "vpnB:from-B", "answered in vpnB");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromP.received, 0), "public:from-P", "answered in public");
        NS_TEST_ASSERT_MSG_EQ(fromA.received.size() + fromB.received.size() + fromP.received.size(),
                              3, "one answer each");
        // Per LAN: the first datagram and the answer.
        const std::string errors = CheckUdp(tx, expected);
        NS_TEST_ASSERT_MSG_EQ(errors, "", "UDP datagrams per PE interface");
    }
};

} // namespace

/// The suite "vrf" (vrf-test.cc) adds these.
std::vector<TestCase*>
VrfIpv6TestCases()
{
    return {new Ipv6VrfLiteTestCase, new Ipv6LanTestCase};
}
