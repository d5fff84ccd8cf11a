/*
 * ns-3 TestSuite "vrf": VPN instances (Ipv4VrfRouting, VrfHelper). Every
 * count asserted is derived from the topology in the comment beside it: on
 * point-to-point links nothing but the test's own datagrams is sent (no ARP,
 * no routing protocol), so a device's MacTx count is exactly the number of
 * datagrams routed out of it.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/test.h"
#include "vrf-test-util.h"

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::vrftest;

namespace
{
class OverlappingAddressesTestCase : public TestCase
{
  public:
    OverlappingAddressesTestCase() :
        TestCase("one PE, two instances with the same address: each answers its own CE")
    {
    }

  private:
    void DoRun() override
    {
        // PE: 10.1.1.1/24 towards CE-A in vpnA, 10.1.1.1/24 towards CE-B in
        // vpnB, 192.168.0.1/24 towards a public host P. Both CEs are 10.1.1.2.
        NodeContainer nodes = VrfNodes(3);
        Ptr<Node> pe = nodes.Get(0);
        Ptr<Node> ceA = nodes.Get(1);
        Ptr<Node> ceB = nodes.Get(2);
        // P gets ns-3's default stack, then VrfHelper::Install's replacement.
        Ptr<Node> host = CreateObject<Node>();
        InternetStackHelper().Install(host);
        VrfHelper::Install(NodeContainer(host));
        NS_TEST_ASSERT_MSG_NE(VrfHelper::GetRouting(host), nullptr, "Install replaced the routing");
        PointToPointHelper p2p = Links();
        NetDeviceContainer linkA = p2p.Install(pe, ceA);
        NetDeviceContainer linkB = p2p.Install(pe, ceB);
        NetDeviceContainer linkP = p2p.Install(pe, host);
        AssignAddress(linkA.Get(0), "10.1.1.1", "255.255.255.0");
        AssignAddress(linkA.Get(1), "10.1.1.2", "255.255.255.0");
        AssignAddress(linkB.Get(0), "10.1.1.1", "255.255.255.0");
        AssignAddress(linkB.Get(1), "10.1.1.2", "255.255.255.0");
        AssignAddress(linkP.Get(0), "192.168.0.1", "255.255.255.0");
        AssignAddress(linkP.Get(1), "192.168.0.2", "255.255.255.0");
        VrfHelper::AssignInstance(linkA.Get(0), "vpnA");
        VrfHelper::AssignInstance(linkB.Get(0), "vpnB");
        VrfHelper::PopulateRoutingTables();

        Drops drops;
        VrfHelper::GetRouting(pe)->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&RecordDrop, &drops));

        Responder inA(pe, "vpnA", 7, "vpnA");
        Responder inB(pe, "vpnB", 7, "vpnB");
        Responder unbound(pe, "", 9, "unbound");
        Requester fromA(ceA, "");
        Requester fromB(ceB, "");
        Requester fromP(host, "");
        // A socket of the PE in vpnB to the PE's own 10.1.1.1: the owning
        // vpnB interface hands it back up, in vpnB.
        Requester selfB(pe, "vpnB");
        fromA.SendAt(Seconds(1), Ipv4Address("10.1.1.1"), 7, "from-A");
        fromB.SendAt(Seconds(1), Ipv4Address("10.1.1.1"), 7, "from-B");
        // Public packet to port 7: the sockets in the instances must not see it.
        fromP.SendAt(Seconds(1), Ipv4Address("192.168.0.1"), 7, "from-P");
        selfB.SendAt(Seconds(1), Ipv4Address("10.1.1.1"), 7, "self-B");
        fromA.SendAt(Seconds(2), Ipv4Address("10.1.1.1"), 9, "A-to-unbound");
        fromP.SendAt(Seconds(2), Ipv4Address("192.168.0.1"), 9, "P-to-unbound");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(inA.received.size(), 1, "vpnA's socket: CE-A's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inA.received, 0), "from-A", "vpnA's socket");
        NS_TEST_ASSERT_MSG_EQ(inB.received.size(), 2, "vpnB's socket: CE-B's and its own PE's");
        // Its own first: it crosses no link (CE-B's crosses 1 ms of it).
        NS_TEST_ASSERT_MSG_EQ(Nth(inB.received, 0), "self-B", "vpnB's socket");
        NS_TEST_ASSERT_MSG_EQ(Nth(inB.received, 1), "from-B", "vpnB's socket");
        NS_TEST_ASSERT_MSG_EQ(selfB.replies.size(), 1, "the PE's vpnB socket gets one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(selfB.replies, 0), "vpnB:self-B", "answered in vpnB");
        // CE-A: vpnA's answer; the unbound socket's answer would be routed in
        // the public table, which has no route to 10.1.1.2: never sent.
        NS_TEST_ASSERT_MSG_EQ(fromA.replies.size(), 1, "CE-A gets one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromA.replies, 0), "vpnA:from-A", "answered in vpnA");
        NS_TEST_ASSERT_MSG_EQ(fromB.replies.size(), 1, "CE-B gets one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromB.replies, 0), "vpnB:from-B", "answered in vpnB");
        // ns-3's demux has no l3mdev_accept switch: an unbound socket gets
        // the datagrams of every instance (here CE-A's) and of the public
        // network, but answers only in the public network.
        NS_TEST_ASSERT_MSG_EQ(unbound.received.size(), 2, "unbound: CE-A's and P's");
        NS_TEST_ASSERT_MSG_EQ(fromP.replies.size(), 1, "P: the unbound socket's answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromP.replies, 0), "unbound:P-to-unbound", "public answer");
        NS_TEST_ASSERT_MSG_EQ(drops.size(), 1, "one drop: the unbound answer to CE-A");
        NS_TEST_ASSERT_MSG_EQ(Nth(drops, 0).first, "", "dropped in the public network");
        NS_TEST_ASSERT_MSG_EQ(Nth(drops, 0).second, "no route (sent by this node)", "reason");
    }
};

// ------------------------------------------------------------ VRF-lite

/*
 * CE-A1 --vpnA-- PE1 ==vpnA 172.16.1.0/30== PE2 --vpnA-- CE-A2
 * CE-B1 --vpnB-- PE1 ==vpnB 172.16.2.0/30== PE2 --vpnB-- CE-B2
 *                PE1 ==public 192.168.12.0/30== PE2
 * CE-A1 and CE-B1 are both 10.1.1.2 (PE1 10.1.1.1), CE-A2 and CE-B2 both
 * 10.2.2.2 (PE2 10.2.2.1): if anything leaked between the VPNs, the wrong CE
 * would answer.
 */
struct VrfLite
{
    NodeContainer nodes;
    Ptr<Node> pe1, pe2, ceA1, ceB1, ceA2, ceB2;
    std::map<std::string, NetDeviceContainer> links; // a1 b1 a12 b12 p12 a2 b2
    std::map<std::string, uint32_t> tx;              // "a12:0" = MacTx of the link's first device

    VrfLite()
    {
        nodes = VrfNodes(6);
        pe1 = nodes.Get(0);
        pe2 = nodes.Get(1);
        ceA1 = nodes.Get(2);
        ceB1 = nodes.Get(3);
        ceA2 = nodes.Get(4);
        ceB2 = nodes.Get(5);
        PointToPointHelper p2p = Links();
        links["a1"] = p2p.Install(pe1, ceA1);
        links["b1"] = p2p.Install(pe1, ceB1);
        links["a12"] = p2p.Install(pe1, pe2);
        links["b12"] = p2p.Install(pe1, pe2);
        links["p12"] = p2p.Install(pe1, pe2);
        links["a2"] = p2p.Install(pe2, ceA2);
        links["b2"] = p2p.Install(pe2, ceB2);
        const char* m24 = "255.255.255.0";
        const char* m30 = "255.255.255.252";
        for (const char* name : {"a1", "b1"})
        {
            AssignAddress(links[name].Get(0), "10.1.1.1", m24);
            AssignAddress(links[name].Get(1), "10.1.1.2", m24);
        }
        for (const char* name : {"a2", "b2"})
        {
            AssignAddress(links[name].Get(0), "10.2.2.1", m24);
            AssignAddress(links[name].Get(1), "10.2.2.2", m24);
        }
        AssignAddress(links["a12"].Get(0), "172.16.1.1", m30);
        AssignAddress(links["a12"].Get(1), "172.16.1.2", m30);
        AssignAddress(links["b12"].Get(0), "172.16.2.1", m30);
        AssignAddress(links["b12"].Get(1), "172.16.2.2", m30);
        AssignAddress(links["p12"].Get(0), "192.168.12.1", m30);
        AssignAddress(links["p12"].Get(1), "192.168.12.2", m30);
        for (const char* name : {"a1", "a2"})
        {
            VrfHelper::AssignInstance(links[name].Get(0), "vpnA");
        }
        for (const char* name : {"b1", "b2"})
        {
            VrfHelper::AssignInstance(links[name].Get(0), "vpnB");
        }
        for (std::size_t end = 0; end < 2; ++end)
        {
            VrfHelper::AssignInstance(links["a12"].Get(end), "vpnA");
            VrfHelper::AssignInstance(links["b12"].Get(end), "vpnB");
        }
        VrfHelper::PopulateRoutingTables();
        for (auto& [name, devices] : links)
        {
            for (std::size_t end = 0; end < 2; ++end)
            {
                const std::string key = name + ":" + std::to_string(end);
                tx[key] = 0;
                devices.Get(end)->TraceConnectWithoutContext("MacTx",
                                                             MakeBoundCallback(&CountTx, &tx[key]));
            }
        }
    }

    /// MacTx of every device not listed must be 0; listed ones as given.
    std::string CheckTx(const std::map<std::string, uint32_t>& expected) const
    {
        std::ostringstream errors;
        for (const auto& [key, count] : tx)
        {
            auto it = expected.find(key);
            const uint32_t want = it == expected.end() ? 0 : it->second;
            if (count != want)
            {
                errors << key << " sent " << count << ", expected " << want << "; ";
            }
        }
        return errors.str();
    }
};

class VrfLiteTestCase : public TestCase
{
  public:
    VrfLiteTestCase() : TestCase("two PEs, one link per VPN: CE-A1 reaches CE-A2 through vpnA only")
    {
    }

  private:
    void DoRun() override
    {
        VrfLite net;
        // Routes from the topology: CE-A1 reaches (PE1, vpnA) at cost 1 and
        // (PE2, vpnA) at cost 2; its new networks are 172.16.1.0/30 (PE1)
        // and 10.2.2.0/24 (PE2), both via 10.1.1.1. vpnA on PE1 learns
        // 10.2.2.0/24 via 172.16.1.2 at cost 1; PE1's public network reaches
        // only PE2's public interface, whose network it already has.
        const auto ceRoutes = VrfHelper::GetRouting(net.ceA1)->GetRoutes("");
        NS_TEST_ASSERT_MSG_EQ(ceRoutes.size(), 2, "CE-A1 computed routes");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).network, Ipv4Address("172.16.1.0"), "nearest first");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).metric, 1, "one hop");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 1).network, Ipv4Address("10.2.2.0"), "CE-A2's LAN");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 1).metric, 2, "two hops");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 1).gateway, Ipv4Address("10.1.1.1"), "via PE1");
        const auto vpnA = VrfHelper::GetRouting(net.pe1)->GetRoutes("vpnA");
        NS_TEST_ASSERT_MSG_EQ(vpnA.size(), 1, "PE1 vpnA computed routes");
        NS_TEST_ASSERT_MSG_EQ(Nth(vpnA, 0).gateway, Ipv4Address("172.16.1.2"), "over vpnA's link");
        NS_TEST_ASSERT_MSG_EQ(Nth(vpnA, 0).interface, InterfaceOf(net.links["a12"].Get(0)),
                              "out of vpnA's link");
        std::ostringstream printed;
        VrfHelper::GetRouting(net.pe1)->PrintRoutingTable(Create<OutputStreamWrapper>(&printed));
        NS_TEST_ASSERT_MSG_NE(printed.str().find("Instance vpnA:\n  10.1.1.0/24"),
                              std::string::npos,
                              "printed: vpnA's connected network\n"
                                  << printed.str());
        NS_TEST_ASSERT_MSG_NE(printed.str().find("10.2.2.0/24         172.16.1.2"),
                              std::string::npos,
                              "printed: vpnA's computed route\n"
                                  << printed.str());
        const auto vpnB = VrfHelper::GetRouting(net.pe1)->GetRoutes("vpnB");
        NS_TEST_ASSERT_MSG_EQ(vpnB.size(), 1, "PE1 vpnB computed routes");
        NS_TEST_ASSERT_MSG_EQ(Nth(vpnB, 0).gateway, Ipv4Address("172.16.2.2"), "over vpnB's link");
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetRouting(net.pe1)->GetRoutes("").size(), 0,
                              "PE1 public computed routes");

        Responder a2(net.ceA2, "", 7, "ceA2");
        Responder b2(net.ceB2, "", 7, "ceB2");
        Requester a1(net.ceA1, "");
        a1.SendAt(Seconds(1), Ipv4Address("10.2.2.2"), 7, "hello-A2");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(a2.received.size(), 1, "CE-A2 got the request");
        NS_TEST_ASSERT_MSG_EQ(b2.received.size(), 0, "CE-B2 (same address, vpnB) got nothing");
        NS_TEST_ASSERT_MSG_EQ(a1.replies.size(), 1, "CE-A1 got one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(a1.replies, 0), "ceA2:hello-A2", "from CE-A2");
        // The request crosses a1, a12, a2 forwards (first device to
        // second), the answer the same links backwards; nothing else moves.
        const std::string errors = net.CheckTx(
            {{"a1:1", 1}, {"a12:0", 1}, {"a2:0", 1}, {"a2:1", 1}, {"a12:1", 1}, {"a1:0", 1}});
        NS_TEST_ASSERT_MSG_EQ(errors, "", "per-device transmissions");
    }
};

class NoRouteTestCase : public TestCase
{
  public:
    NoRouteTestCase() : TestCase("no route in the instance: dropped, counted with a reason") {}

  private:
    void DoRun() override
    {
        VrfLite net;
        // CE-A1 sends everything to PE1, so that PE1's vpnA decides.
        Ptr<Ipv4VrfRouting> ce = VrfHelper::GetRouting(net.ceA1);
        ce->AddNetworkRoute("", Ipv4Address("0.0.0.0"), Ipv4Mask("0.0.0.0"),
                            Ipv4Address("10.1.1.1"), InterfaceOf(net.links["a1"].Get(1)), 10);
        Drops drops;
        VrfHelper::GetRouting(net.pe1)->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&RecordDrop, &drops));
        uint32_t l3NoRoute = 0;
        net.pe1->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&CountL3NoRoute, &l3NoRoute));
        Responder pe1B(net.pe1, "vpnB", 7, "pe1-vpnB");
        Responder pe2B(net.pe2, "vpnB", 7, "pe2-vpnB");
        Responder pe2(net.pe2, "", 8, "pe2");
        Requester a1(net.ceA1, "");
        // PE1's own vpnB address, PE2's vpnB address, PE2's public address,
        // and an address nobody has: none is in vpnA.
        a1.SendAt(Seconds(1), Ipv4Address("172.16.2.1"), 7, "to-pe1-vpnB");
        a1.SendAt(Seconds(1), Ipv4Address("172.16.2.2"), 7, "to-pe2-vpnB");
        a1.SendAt(Seconds(1), Ipv4Address("192.168.12.2"), 8, "to-pe2-public");
        a1.SendAt(Seconds(1), Ipv4Address("10.9.9.9"), 7, "to-nowhere");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(drops.size(), 4, "PE1 drops all four");
        for (const auto& [instance, reason] : drops)
        {
            NS_TEST_ASSERT_MSG_EQ(instance, "vpnA", "in CE-A1's instance");
            NS_TEST_ASSERT_MSG_EQ(reason, "no route", "reason");
        }
        NS_TEST_ASSERT_MSG_EQ(l3NoRoute, 4, "Ipv4L3Protocol counts them as DROP_NO_ROUTE");
        NS_TEST_ASSERT_MSG_EQ(pe1B.received.size(), 0, "PE1's vpnB socket");
        NS_TEST_ASSERT_MSG_EQ(pe2B.received.size(), 0, "PE2's vpnB socket");
        NS_TEST_ASSERT_MSG_EQ(pe2.received.size(), 0, "PE2's public socket");
        NS_TEST_ASSERT_MSG_EQ(a1.replies.size(), 0, "no answer");
        // Only CE-A1's four datagrams to PE1 were sent.
        NS_TEST_ASSERT_MSG_EQ(net.CheckTx({{"a1:1", 4}}), "", "per-device transmissions");
    }
};

class BoundSocketTestCase : public TestCase
{
  public:
    BoundSocketTestCase() :
        TestCase("a socket in an instance uses the instance's table, not the public one")
    {
    }

  private:
    void DoRun() override
    {
        VrfLite net;
        // The public table also knows 10.2.2.0/24, through the public link.
        VrfHelper::GetRouting(net.pe1)->AddNetworkRoute(
            "", Ipv4Address("10.2.2.0"), Ipv4Mask("255.255.255.0"), Ipv4Address("192.168.12.2"),
            InterfaceOf(net.links["p12"].Get(0)));
        Drops pe2Drops;
        VrfHelper::GetRouting(net.pe2)->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&RecordDrop, &pe2Drops));
        Responder a2(net.ceA2, "", 7, "ceA2");
        Responder b2(net.ceB2, "", 7, "ceB2");
        Requester inA(net.pe1, "vpnA");
        Requester unbound(net.pe1, "");
        inA.SendAt(Seconds(1), Ipv4Address("10.2.2.2"), 7, "via-vpnA");
        unbound.SendAt(Seconds(2), Ipv4Address("10.2.2.2"), 7, "via-public");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(a2.received.size(), 1, "CE-A2: the vpnA socket's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(a2.received, 0), "via-vpnA", "CE-A2");
        NS_TEST_ASSERT_MSG_EQ(b2.received.size(), 0, "CE-B2");
        NS_TEST_ASSERT_MSG_EQ(inA.replies.size(), 1, "the answer reaches the vpnA socket");
        NS_TEST_ASSERT_MSG_EQ(Nth(inA.replies, 0), "ceA2:via-vpnA", "from CE-A2");
        NS_TEST_ASSERT_MSG_EQ(unbound.replies.size(), 0, "the public datagram found no CE");
        // PE2's public table has no 10.2.2.0/24 (its CE links are in VPNs).
        NS_TEST_ASSERT_MSG_EQ(pe2Drops.size(), 1, "PE2 drops the public datagram");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2Drops, 0).first, "", "in the public network");
        NS_TEST_ASSERT_MSG_EQ(Nth(pe2Drops, 0).second, "no route", "reason");
        // vpnA: out over a12 and a2, back over a2 and a12; public: one
        // datagram out over p12.
        const std::string errors
            = net.CheckTx({{"a12:0", 1}, {"a2:0", 1}, {"a2:1", 1}, {"a12:1", 1}, {"p12:0", 1}});
        NS_TEST_ASSERT_MSG_EQ(errors, "", "per-device transmissions");
    }
};

class LanTestCase : public TestCase
{
  public:
    LanTestCase() :
        TestCase("multi-access LANs with ARP: routes and answers stay in their instance")
    {
    }

  private:
    void DoRun() override
    {
        // CE-A =LAN a1= PE =LAN a2= CE-A2 in vpnA; CE-B =LAN b1= PE =LAN b2=
        // CE-B2 in vpnB; the PE is 10.1.1.1 on a1 and b1 and 10.2.2.1 on a2
        // and b2, CE-A and CE-B are 10.1.1.2, CE-A2 and CE-B2 10.2.2.2. A
        // third node on a2 (all its interfaces public, like a CE) is 10.2.2.3.
        NodeContainer nodes = VrfNodes(6);
        Ptr<Node> pe = nodes.Get(0);
        Ptr<Node> ceA = nodes.Get(1);
        Ptr<Node> ceB = nodes.Get(2);
        Ptr<Node> ceA2 = nodes.Get(3);
        Ptr<Node> ceB2 = nodes.Get(4);
        Ptr<Node> hostA2 = nodes.Get(5);
        NetDeviceContainer a1 = Lan({pe, ceA});
        NetDeviceContainer b1 = Lan({pe, ceB});
        NetDeviceContainer a2 = Lan({pe, ceA2, hostA2});
        NetDeviceContainer b2 = Lan({pe, ceB2});
        const char* m24 = "255.255.255.0";
        for (NetDeviceContainer* lan : {&a1, &b1})
        {
            AssignAddress(lan->Get(0), "10.1.1.1", m24);
            AssignAddress(lan->Get(1), "10.1.1.2", m24);
        }
        for (NetDeviceContainer* lan : {&a2, &b2})
        {
            AssignAddress(lan->Get(0), "10.2.2.1", m24);
            AssignAddress(lan->Get(1), "10.2.2.2", m24);
        }
        AssignAddress(a2.Get(2), "10.2.2.3", m24);
        VrfHelper::AssignInstance(a1.Get(0), "vpnA");
        VrfHelper::AssignInstance(a2.Get(0), "vpnA");
        VrfHelper::AssignInstance(b1.Get(0), "vpnB");
        VrfHelper::AssignInstance(b2.Get(0), "vpnB");
        VrfHelper::PopulateRoutingTables();
        // CE-A reaches (PE, vpnA) at cost 1; its only new network is 10.2.2.0/24.
        const auto ceRoutes = VrfHelper::GetRouting(ceA)->GetRoutes("");
        NS_TEST_ASSERT_MSG_EQ(ceRoutes.size(), 1, "CE-A computed routes");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).network, Ipv4Address("10.2.2.0"), "CE-A2's LAN");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).gateway, Ipv4Address("10.1.1.1"), "via the PE");
        NS_TEST_ASSERT_MSG_EQ(Nth(ceRoutes, 0).metric, 1, "one hop");

        Responder a2Server(ceA2, "", 7, "ceA2");
        Responder b2Server(ceB2, "", 7, "ceB2");
        Responder hostServer(hostA2, "", 7, "hostA2");
        Requester fromA(ceA, "");
        Requester fromB(ceB, "");
        fromA.SendAt(Seconds(1), Ipv4Address("10.2.2.2"), 7, "A-to-A2");
        fromB.SendAt(Seconds(2), Ipv4Address("10.2.2.2"), 7, "B-to-B2");
        fromA.SendAt(Seconds(3), Ipv4Address("10.2.2.3"), 7, "A-to-host");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(a2Server.received.size(), 1, "CE-A2: CE-A's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(a2Server.received, 0), "A-to-A2", "CE-A2");
        NS_TEST_ASSERT_MSG_EQ(b2Server.received.size(), 1, "CE-B2: CE-B's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(b2Server.received, 0), "B-to-B2", "CE-B2");
        NS_TEST_ASSERT_MSG_EQ(hostServer.received.size(), 1, "the third node of vpnA's LAN");
        NS_TEST_ASSERT_MSG_EQ(fromA.replies.size(), 2, "CE-A: two answers");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromA.replies, 0), "ceA2:A-to-A2", "from CE-A2");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromA.replies, 1), "hostA2:A-to-host", "from the host");
        NS_TEST_ASSERT_MSG_EQ(fromB.replies.size(), 1, "CE-B: one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromB.replies, 0), "ceB2:B-to-B2", "from CE-B2");
    }
};

// ------------------------------------------------------------ sockets bound to an address

} // namespace

/// The IPv6 cases (vrf-ipv6-test.cc).
std::vector<TestCase*> VrfIpv6TestCases();
/// Address-bound sockets and the public instance's device (vrf-socket-test.cc).
std::vector<TestCase*> VrfSocketTestCases();

namespace
{

class VrfTestSuite : public TestSuite
{
  public:
    VrfTestSuite() : TestSuite("vrf", UNIT)
    {
        AddTestCase(new OverlappingAddressesTestCase, TestCase::QUICK);
        AddTestCase(new VrfLiteTestCase, TestCase::QUICK);
        AddTestCase(new NoRouteTestCase, TestCase::QUICK);
        AddTestCase(new BoundSocketTestCase, TestCase::QUICK);
        AddTestCase(new LanTestCase, TestCase::QUICK);
        for (TestCase* testCase : VrfSocketTestCases())
        {
            AddTestCase(testCase, TestCase::QUICK);
        }
        for (TestCase* testCase : VrfIpv6TestCases())
        {
            AddTestCase(testCase, TestCase::QUICK);
        }
    }
};

VrfTestSuite g_vrfTestSuite;

} // namespace
