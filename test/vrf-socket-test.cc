/*
 * The "vrf" suite's cases for sockets bound to a specific address (they send
 * with a VrfInstanceTag) and for the public instance's device. Counts are
 * derived from the topology beside each assertion, as in vrf-test.cc.
 */
#include "vrf-test-util.h"

using namespace ns3;
using namespace ns3::vrftest;

namespace
{

class TaggedAddressTestCase : public TestCase
{
  public:
    TaggedAddressTestCase() :
        TestCase("sockets bound to one address in two instances: the tag picks the table")
    {
    }

  private:
    void DoRun() override
    {
        // PE: 10.1.1.1/24 towards CE-A (vpnA) and towards CE-B (vpnB); both
        // CEs are 10.1.1.2. The public table has no 10.1.1.0/24.
        NodeContainer nodes = VrfNodes(3);
        Ptr<Node> pe = nodes.Get(0);
        Ptr<Node> ceA = nodes.Get(1);
        Ptr<Node> ceB = nodes.Get(2);
        PointToPointHelper p2p = Links();
        NetDeviceContainer linkA = p2p.Install(pe, ceA);
        NetDeviceContainer linkB = p2p.Install(pe, ceB);
        for (NetDeviceContainer* link : {&linkA, &linkB})
        {
            AssignAddress(link->Get(0), "10.1.1.1", "255.255.255.0");
            AssignAddress(link->Get(1), "10.1.1.2", "255.255.255.0");
        }
        VrfHelper::AssignInstance(linkA.Get(0), "vpnA");
        VrfHelper::AssignInstance(linkB.Get(0), "vpnB");
        VrfHelper::PopulateRoutingTables();
        Drops drops;
        VrfHelper::GetRouting(pe)->TraceConnectWithoutContext(
            "Drop", MakeBoundCallback(&RecordDrop, &drops));
        std::map<std::string, uint32_t> tx{{"a:0", 0}, {"a:1", 0}, {"b:0", 0}, {"b:1", 0}};
        for (std::size_t end = 0; end < 2; ++end)
        {
            linkA.Get(end)->TraceConnectWithoutContext(
                "MacTx", MakeBoundCallback(&CountTx, &tx["a:" + std::to_string(end)]));
            linkB.Get(end)->TraceConnectWithoutContext(
                "MacTx", MakeBoundCallback(&CountTx, &tx["b:" + std::to_string(end)]));
        }

        // Same address, same port, one socket per instance device.
        AddressBound inA(pe, "vpnA", "10.1.1.1", 123);
        AddressBound inB(pe, "vpnB", "10.1.1.1", 123);
        TagSpy spyA(ceA, 7, "ceA");
        TagSpy spyB(ceB, 7, "ceB");
        inA.SendAt(Seconds(1), Ipv4Address("10.1.1.2"), 7, "A1");
        inA.SendAt(Seconds(1), Ipv4Address("10.1.1.2"), 7, "A2");
        inB.SendAt(Seconds(1), Ipv4Address("10.1.1.2"), 7, "B1");
        // Untagged: routed in the public table, which has no route.
        inA.SendAt(Seconds(2), Ipv4Address("10.1.1.2"), 7, "untagged", std::nullopt, false);
        // A tag naming a device that is not an instance device (CE-B's link).
        inB.SendAt(Seconds(2), Ipv4Address("10.1.1.2"), 7, "bad-tag", linkB.Get(0)->GetIfIndex());
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(spyA.received.size(), 2, "CE-A: vpnA's two datagrams");
        NS_TEST_ASSERT_MSG_EQ(Nth(spyA.received, 0), "A1", "CE-A");
        NS_TEST_ASSERT_MSG_EQ(Nth(spyA.received, 1), "A2", "CE-A");
        NS_TEST_ASSERT_MSG_EQ(spyB.received.size(), 1, "CE-B: vpnB's one datagram");
        NS_TEST_ASSERT_MSG_EQ(Nth(spyB.received, 0), "B1", "CE-B");
        NS_TEST_ASSERT_MSG_EQ(spyA.tagged + spyB.tagged, 0, "the tag never leaves the PE");
        NS_TEST_ASSERT_MSG_EQ(inA.received.size(), 2, "vpnA's socket: CE-A's two answers");
        NS_TEST_ASSERT_MSG_EQ(Nth(inA.received, 0), "ceA:A1", "vpnA's socket");
        NS_TEST_ASSERT_MSG_EQ(Nth(inA.received, 1), "ceA:A2", "vpnA's socket");
        NS_TEST_ASSERT_MSG_EQ(inB.received.size(), 1, "vpnB's socket: CE-B's answer only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inB.received, 0), "ceB:B1", "vpnB's socket");
        NS_TEST_ASSERT_MSG_EQ(drops.size(), 2, "the untagged and the badly tagged datagram");
        NS_TEST_ASSERT_MSG_EQ(Nth(drops, 0).first, "", "untagged: public");
        NS_TEST_ASSERT_MSG_EQ(Nth(drops, 0).second, "no route (sent by this node)", "reason");
        NS_TEST_ASSERT_MSG_EQ(Nth(drops, 1).second,
                              "instance tag names no instance device of this node", "reason");
        // 2 datagrams out to CE-A and 2 answers back; 1 and 1 for CE-B.
        NS_TEST_ASSERT_MSG_EQ(tx["a:0"], 2, "PE to CE-A");
        NS_TEST_ASSERT_MSG_EQ(tx["a:1"], 2, "CE-A to PE");
        NS_TEST_ASSERT_MSG_EQ(tx["b:0"], 1, "PE to CE-B");
        NS_TEST_ASSERT_MSG_EQ(tx["b:1"], 1, "CE-B to PE");
    }
};

class PublicDeviceTestCase : public TestCase
{
  public:
    PublicDeviceTestCase() :
        TestCase("the public device: public and VPN sockets share an address and a port")
    {
    }

  private:
    void DoRun() override
    {
        // PE: 10.1.1.1/24 towards a public host P and towards CE-A in vpnA;
        // P and CE-A are both 10.1.1.2.
        NodeContainer nodes = VrfNodes(3);
        Ptr<Node> pe = nodes.Get(0);
        Ptr<Node> host = nodes.Get(1);
        Ptr<Node> ceA = nodes.Get(2);
        PointToPointHelper p2p = Links();
        NetDeviceContainer linkP = p2p.Install(pe, host);
        NetDeviceContainer linkA = p2p.Install(pe, ceA);
        for (NetDeviceContainer* link : {&linkP, &linkA})
        {
            AssignAddress(link->Get(0), "10.1.1.1", "255.255.255.0");
            AssignAddress(link->Get(1), "10.1.1.2", "255.255.255.0");
        }
        NS_TEST_ASSERT_MSG_EQ(VrfHelper::GetVrfDevice(pe, ""), nullptr, "no VPN: no public device");
        VrfHelper::AssignInstance(linkA.Get(0), "vpnA");
        VrfHelper::PopulateRoutingTables();
        Ptr<VrfNetDevice> publicDevice = VrfHelper::GetVrfDevice(pe, "");
        NS_TEST_ASSERT_MSG_NE(publicDevice, nullptr, "the first VPN brings the public device");
        NS_TEST_ASSERT_MSG_EQ((publicDevice ? publicDevice->GetInstanceName() : "?"), "",
                              "named after the public network");
        NS_TEST_ASSERT_MSG_NE(publicDevice, VrfHelper::GetVrfDevice(pe, "vpnA"), "its own device");
        const std::optional<uint32_t> publicInterface
            = VrfHelper::GetRouting(pe)->GetInstanceInterface("");
        NS_TEST_ASSERT_MSG_EQ(publicInterface.has_value(), true, "the routing knows it");
        NS_TEST_ASSERT_MSG_EQ(
            publicInterface.value_or(0),
            static_cast<uint32_t>(pe->GetObject<Ipv4>()->GetInterfaceForDevice(publicDevice)),
            "its interface");

        AddressBound inPublic(pe, "", "10.1.1.1", 123, "public");
        AddressBound inA(pe, "vpnA", "10.1.1.1", 123, "vpnA");
        // A socket bound to the public device with the wildcard address sends
        // with the device as output interface: the public table.
        Requester publicWildcard(pe, "");
        Requester fromHost(host, "");
        Requester fromA(ceA, "");
        TagSpy hostSpy(host, 7, "host");
        TagSpy ceSpy(ceA, 7, "ceA");
        fromHost.SendAt(Seconds(1), Ipv4Address("10.1.1.1"), 123, "from-P");
        fromA.SendAt(Seconds(1), Ipv4Address("10.1.1.1"), 123, "from-A");
        publicWildcard.SendAt(Seconds(2), Ipv4Address("10.1.1.2"), 7, "wildcard");
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(inPublic.received.size(), 1, "public socket: P's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inPublic.received, 0), "from-P", "public socket");
        NS_TEST_ASSERT_MSG_EQ(inA.received.size(), 1, "vpnA socket: CE-A's datagram only");
        NS_TEST_ASSERT_MSG_EQ(Nth(inA.received, 0), "from-A", "vpnA socket");
        NS_TEST_ASSERT_MSG_EQ(fromHost.replies.size(), 1, "P: one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromHost.replies, 0), "public:from-P", "from the public table");
        NS_TEST_ASSERT_MSG_EQ(fromA.replies.size(), 1, "CE-A: one answer");
        NS_TEST_ASSERT_MSG_EQ(Nth(fromA.replies, 0), "vpnA:from-A", "from vpnA's table");
        NS_TEST_ASSERT_MSG_EQ(hostSpy.received.size(), 1, "the public device's wildcard socket");
        NS_TEST_ASSERT_MSG_EQ(ceSpy.received.size(), 0, "nothing public reaches CE-A");
        NS_TEST_ASSERT_MSG_EQ(publicWildcard.replies.size(), 1, "and its answer comes back");
    }
};

} // namespace

std::vector<TestCase*>
VrfSocketTestCases()
{
    return {new TaggedAddressTestCase, new PublicDeviceTestCase};
}
