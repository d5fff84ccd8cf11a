#include "bench-network.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

namespace
{

void
CountFrame(uint64_t* counter, Ptr<const Packet>)
{
    ++*counter;
}

/// What Ipv4AddressHelper::Assign does for one device, without its global
/// address generator: that one checks each new address against every
/// allocated range, which makes building 10^5 links quadratic.
void
AssignAddress(Ptr<NetDevice> device, Ipv4Address address)
{
    Ptr<Node> node = device->GetNode();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    const int32_t interface = ipv4->AddInterface(device);
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(address, Ipv4Mask("255.255.255.252")));
    ipv4->SetMetric(interface, 1);
    ipv4->SetUp(interface);
    // ns-3's default queue disc, as the address helper installs it.
    Ptr<TrafficControlLayer> control = node->GetObject<TrafficControlLayer>();
    Ptr<NetDeviceQueueInterface> queues = device->GetObject<NetDeviceQueueInterface>();
    if (control && queues && !control->GetRootQueueDiscOnDevice(device))
    {
        TrafficControlHelper::Default(queues->GetNTxQueues()).Install(device);
    }
}

} // namespace

BenchNetwork::BenchNetwork(uint32_t count, BenchTopology topology) :
    upstream(count), downstream(count), linkFrames(count, 0), m_topology(topology)
{
    routers.Create(count);
    InternetStackHelper internet;
    internet.Install(routers);
    PointToPointHelper link;
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    // Link i is 10.0.0.0 + 4 (i - 1) / 30: the parent .1, router i .2.
    const uint32_t base = Ipv4Address("10.0.0.0").Get();
    for (uint32_t i = 1; i < count; ++i)
    {
        NetDeviceContainer devices = link.Install(routers.Get(Parent(i)), routers.Get(i));
        upstream[i] = Ipv4Address(base + 4 * (i - 1) + 1);
        downstream[i] = Ipv4Address(base + 4 * (i - 1) + 2);
        AssignAddress(devices.Get(0), upstream[i]);
        AssignAddress(devices.Get(1), downstream[i]);
        for (uint32_t end = 0; end < 2; ++end)
        {
            devices.Get(end)->TraceConnectWithoutContext(
                "MacTx", MakeBoundCallback(&CountFrame, &linkFrames[i]));
        }
    }
}

uint32_t
BenchNetwork::Parent(uint32_t router) const
{
    return m_topology == BenchTopology::Tree ? (router - 1) / 2 : 0;
}

uint32_t
BenchNetwork::Depth() const
{
    const uint32_t count = routers.GetN();
    if (count < 2)
    {
        return 0;
    }
    return m_topology == BenchTopology::Tree ? static_cast<uint32_t>(std::floor(std::log2(count)))
                                             : 1;
}

void
InstallUdpFloor(BenchNetwork& network, const std::vector<uint64_t>& frames, double seconds)
{
    const uint16_t port = 9;
    const uint32_t count = network.routers.GetN();
    std::vector<bool> serving(count, false);
    for (uint32_t i = 1; i < count; ++i)
    {
        const uint64_t exchanges = (frames[i] + 1) / 2;
        if (exchanges == 0)
        {
            continue;
        }
        const uint32_t parent = network.Parent(i);
        if (!serving[parent])
        {
            UdpEchoServerHelper server(port);
            server.Install(network.routers.Get(parent)).Start(Seconds(0));
            serving[parent] = true;
        }
        // Evenly spaced, each link at its own phase (the golden ratio spreads
        // the phases without a random stream), so that links do not send in
        // lockstep.
        const double interval = seconds / static_cast<double>(exchanges);
        const double phase = std::fmod(i * 0.6180339887498949, 1.0);
        UdpEchoClientHelper client(network.upstream[i], port);
        client.SetAttribute("MaxPackets", UintegerValue(static_cast<uint32_t>(exchanges)));
        client.SetAttribute("Interval", TimeValue(Seconds(interval)));
        client.SetAttribute("PacketSize", UintegerValue(48));
        client.Install(network.routers.Get(i)).Start(Seconds(interval * phase));
    }
}

} // namespace ns3
