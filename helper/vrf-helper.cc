#include "vrf-helper.h"

#include "ns3/abort.h"
#include "ns3/channel.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node-list.h"
#include "vrf-instance-tag.h"

#include <map>
#include <queue>
#include <set>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VrfHelper");

Ipv4VrfRoutingHelper*
Ipv4VrfRoutingHelper::Copy() const
{
    return new Ipv4VrfRoutingHelper(*this);
}

Ptr<Ipv4RoutingProtocol>
Ipv4VrfRoutingHelper::Create(Ptr<Node> /* node */) const
{
    return CreateObject<Ipv4VrfRouting>();
}

void
VrfHelper::Install(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Ipv4> ipv4 = (*it)->GetObject<Ipv4>();
        NS_ABORT_MSG_IF(!ipv4, "node " << (*it)->GetId() << " has no Internet stack");
        ipv4->SetRoutingProtocol(CreateObject<Ipv4VrfRouting>());
    }
}

Ptr<Ipv4VrfRouting>
VrfHelper::GetRouting(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    return ipv4 ? DynamicCast<Ipv4VrfRouting>(ipv4->GetRoutingProtocol()) : nullptr;
}

namespace
{
Ptr<Ipv4VrfRouting>
RoutingOrAbort(Ptr<Node> node)
{
    Ptr<Ipv4VrfRouting> routing = VrfHelper::GetRouting(node);
    NS_ABORT_MSG_IF(!routing, "node " << node->GetId() << " does not run Ipv4VrfRouting");
    return routing;
}
} // namespace

Ptr<VrfNetDevice>
VrfHelper::GetVrfDevice(Ptr<Node> node, const std::string& instance)
{
    // By name, not through a routing protocol, so that it serves both families.
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        Ptr<VrfNetDevice> device = DynamicCast<VrfNetDevice>(node->GetDevice(d));
        if (device && device->GetInstanceName() == instance)
        {
            return device;
        }
    }
    return nullptr;
}

namespace
{
/// Creates the instance's device and its interface(s) once.
Ptr<VrfNetDevice>
AddInstanceDevice(Ptr<Node> node, const std::string& instance)
{
    if (Ptr<VrfNetDevice> existing = VrfHelper::GetVrfDevice(node, instance))
    {
        return existing;
    }
    Ptr<Ipv4VrfRouting> routing = RoutingOrAbort(node);
    Ptr<VrfNetDevice> device = CreateObject<VrfNetDevice>();
    device->SetInstanceName(instance);
    node->AddDevice(device);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    const uint32_t interface = ipv4->AddInterface(device);
    // Linux's advice for VRF devices: 127.0.0.1 in the instance lets its
    // sockets reach each other; it also keeps ns-3 code that reads every
    // interface's first address (UDP's limited broadcast, which skips
    // 127.0.0.1) from meeting an interface without one.
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address::GetLoopback(), "255.0.0.0"));
    ipv4->SetUp(interface);
    routing->SetInstanceInterface(instance, interface);
    return device;
}
} // namespace

Ptr<VrfNetDevice>
VrfHelper::AddInstance(Ptr<Node> node, const std::string& instance)
{
    // The public network gets its device with the first VPN instance: a
    // socket bound to it then receives public packets only, and may share an
    // address and port with the sockets of the instances (an unbound socket
    // may not: ns-3's demux aborts when two sockets match one packet).
    AddInstanceDevice(node, "");
    return AddInstanceDevice(node, instance);
}

void
VrfHelper::TagPacket(Ptr<Packet> packet, Ptr<Node> node, const std::string& instance)
{
    VrfInstanceTag tag;
    packet->RemovePacketTag(tag);
    if (instance.empty())
    {
        return; // untagged, a packet without a device is routed in the public network
    }
    Ptr<VrfNetDevice> device = GetVrfDevice(node, instance);
    NS_ABORT_MSG_IF(!device,
                    "node " << node->GetId() << " has no instance '" << instance << "' to tag for");
    packet->AddPacketTag(VrfInstanceTag(device->GetIfIndex()));
}

void
VrfHelper::AssignInstance(Ptr<NetDevice> device, const std::string& instance)
{
    Ptr<Node> node = device->GetNode();
    Ptr<Ipv4VrfRouting> routing = RoutingOrAbort(node);
    const int32_t interface = node->GetObject<Ipv4>()->GetInterfaceForDevice(device);
    NS_ABORT_MSG_IF(interface < 0, "the device has no IPv4 interface");
    if (!instance.empty())
    {
        AddInstance(node, instance);
    }
    routing->AssignInterface(interface, instance);
}

void
VrfHelper::BindSocket(Ptr<Socket> socket, const std::string& instance)
{
    Ptr<VrfNetDevice> device = GetVrfDevice(socket->GetNode(), instance);
    NS_ABORT_MSG_IF(!device,
                    "node " << socket->GetNode()->GetId() << " has no instance '" << instance << "'"
                            << (instance.empty() ? " (public: it has no VPN instance)" : ""));
    socket->BindToNetDevice(device);
}

namespace
{
/// A node in one of its instances: where a path may go on from.
using State = std::pair<uint32_t, std::string>;

struct FirstHop
{
    uint32_t interface;
    Ipv4Address gateway;
};

/// The neighbour's address on the link, as the next hop of a route.
Ipv4Address
GatewayOn(Ptr<Ipv4> local, uint32_t localInterface, Ptr<Ipv4> peer, uint32_t peerInterface)
{
    for (uint32_t b = 0; b < peer->GetNAddresses(peerInterface); ++b)
    {
        const Ipv4Address candidate = peer->GetAddress(peerInterface, b).GetLocal();
        for (uint32_t a = 0; a < local->GetNAddresses(localInterface); ++a)
        {
            if (local->GetAddress(localInterface, a).IsInSameSubnet(candidate))
            {
                return candidate;
            }
        }
    }
    return peer->GetNAddresses(peerInterface) > 0 ? peer->GetAddress(peerInterface, 0).GetLocal()
                                                  : Ipv4Address("0.0.0.0");
}

bool
IsLoopback(Ptr<Ipv4> ipv4, uint32_t interface)
{
    return DynamicCast<LoopbackNetDevice>(ipv4->GetNetDevice(interface)) != nullptr;
}

/// Shortest paths from one (node, instance); routes for every network reached.
void
ComputeRoutes(Ptr<Node> source, const std::string& sourceInstance)
{
    Ptr<Ipv4VrfRouting> sourceRouting = VrfHelper::GetRouting(source);
    const State start{source->GetId(), sourceInstance};
    std::map<State, uint32_t> distance{{start, 0}};
    std::map<State, FirstHop> firstHop;
    std::set<State> settled;
    std::vector<State> order;
    using Entry = std::pair<uint32_t, State>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    queue.push({0, start});
    while (!queue.empty())
    {
        const auto [d, state] = queue.top();
        queue.pop();
        if (!settled.insert(state).second)
        {
            continue;
        }
        order.push_back(state);
        Ptr<Node> node = NodeList::GetNode(state.first);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        Ptr<Ipv4VrfRouting> routing = VrfHelper::GetRouting(node);
        for (uint32_t i : routing->GetInterfacesOf(state.second))
        {
            Ptr<NetDevice> device = ipv4->GetNetDevice(i);
            Ptr<Channel> channel = device->GetChannel();
            if (!ipv4->IsUp(i) || !channel || IsLoopback(ipv4, i))
            {
                continue;
            }
            for (std::size_t k = 0; k < channel->GetNDevices(); ++k)
            {
                Ptr<NetDevice> other = channel->GetDevice(k);
                if (other == device)
                {
                    continue;
                }
                Ptr<Node> peer = other->GetNode();
                Ptr<Ipv4VrfRouting> peerRouting = VrfHelper::GetRouting(peer);
                if (!peerRouting)
                {
                    continue; // only nodes that route by instance carry paths
                }
                Ptr<Ipv4> peerIpv4 = peer->GetObject<Ipv4>();
                const int32_t j = peerIpv4->GetInterfaceForDevice(other);
                if (j < 0 || !peerIpv4->IsUp(j))
                {
                    continue;
                }
                const State next{peer->GetId(), peerRouting->GetInstanceOf(j)};
                const uint32_t nd = d + ipv4->GetMetric(i);
                auto known = distance.find(next);
                if (settled.count(next) || (known != distance.end() && known->second <= nd))
                {
                    continue;
                }
                distance[next] = nd;
                firstHop[next] = state == start ? FirstHop{i, GatewayOn(ipv4, i, peerIpv4, j)}
                                                : firstHop[state];
                queue.push({nd, next});
            }
        }
    }

    Ptr<Ipv4> sourceIpv4 = source->GetObject<Ipv4>();
    std::set<std::pair<uint32_t, uint32_t>> known; // network, mask
    auto networksOf = [](Ptr<Ipv4> ipv4, Ptr<Ipv4VrfRouting> routing, const std::string& instance)
    {
        std::vector<std::pair<Ipv4Address, Ipv4Mask>> networks;
        for (uint32_t i : routing->GetInterfacesOf(instance))
        {
            if (!ipv4->IsUp(i) || IsLoopback(ipv4, i))
            {
                continue;
            }
            for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
            {
                const Ipv4InterfaceAddress address = ipv4->GetAddress(i, a);
                networks.emplace_back(address.GetLocal().CombineMask(address.GetMask()),
                                      address.GetMask());
            }
        }
        return networks;
    };
    for (const auto& network : networksOf(sourceIpv4, sourceRouting, sourceInstance))
    {
        known.insert({network.first.Get(), network.second.Get()}); // connected already
    }
    // Nearest first, so that each network keeps its shortest path.
    for (const State& state : order)
    {
        if (state == start)
        {
            continue;
        }
        Ptr<Node> node = NodeList::GetNode(state.first);
        for (const auto& network :
             networksOf(node->GetObject<Ipv4>(), VrfHelper::GetRouting(node), state.second))
        {
            if (!known.insert({network.first.Get(), network.second.Get()}).second)
            {
                continue;
            }
            const FirstHop& hop = firstHop.at(state);
            sourceRouting->AddRoute(
                sourceInstance, Ipv4VrfRouting::Route{network.first, network.second, hop.gateway,
                                                      hop.interface, distance.at(state), true});
        }
    }
}
} // namespace

void
VrfHelper::PopulateRoutingTables()
{
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        if (Ptr<Ipv4VrfRouting> routing = GetRouting(NodeList::GetNode(n)))
        {
            routing->RemoveComputedRoutes();
        }
    }
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        if (Ptr<Ipv4VrfRouting> routing = GetRouting(node))
        {
            for (const std::string& instance : routing->GetInstances())
            {
                ComputeRoutes(node, instance);
            }
        }
    }
}

} // namespace ns3
