#include "vrf-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/channel.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node-list.h"
#include "vrf-instance-tag.h"

#include <map>
#include <queue>
#include <set>
#include <sstream>
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

Ipv6VrfRoutingHelper*
Ipv6VrfRoutingHelper::Copy() const
{
    return new Ipv6VrfRoutingHelper(*this);
}

Ptr<Ipv6RoutingProtocol>
Ipv6VrfRoutingHelper::Create(Ptr<Node> /* node */) const
{
    return CreateObject<Ipv6VrfRouting>();
}

void
VrfHelper::Install(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Ipv4> ipv4 = (*it)->GetObject<Ipv4>();
        Ptr<Ipv6> ipv6 = (*it)->GetObject<Ipv6>();
        NS_ABORT_MSG_IF(!ipv4 && !ipv6, "node " << (*it)->GetId() << " has no Internet stack");
        if (ipv4)
        {
            ipv4->SetRoutingProtocol(CreateObject<Ipv4VrfRouting>());
        }
        if (ipv6)
        {
            ipv6->SetRoutingProtocol(CreateObject<Ipv6VrfRouting>());
        }
    }
}

Ptr<Ipv4VrfRouting>
VrfHelper::GetRouting(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    return ipv4 ? DynamicCast<Ipv4VrfRouting>(ipv4->GetRoutingProtocol()) : nullptr;
}

Ptr<Ipv6VrfRouting>
VrfHelper::GetRouting6(Ptr<Node> node)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    return ipv6 ? DynamicCast<Ipv6VrfRouting>(ipv6->GetRoutingProtocol()) : nullptr;
}

std::string
VrfHelper::GetInstanceOf(Ptr<NetDevice> device)
{
    Ptr<Node> node = device->GetNode();
    if (Ptr<VrfNetDevice> vrf = DynamicCast<VrfNetDevice>(device))
    {
        return vrf->GetInstanceName();
    }
    // Both families agree (AssignInstance sets both); IPv4 is asked first.
    if (Ptr<Ipv4VrfRouting> routing = GetRouting(node))
    {
        const int32_t interface = node->GetObject<Ipv4>()->GetInterfaceForDevice(device);
        if (interface >= 0)
        {
            return routing->GetInstanceOf(interface);
        }
    }
    if (Ptr<Ipv6VrfRouting> routing = GetRouting6(node))
    {
        const int32_t interface = node->GetObject<Ipv6>()->GetInterfaceForDevice(device);
        if (interface >= 0)
        {
            return routing->GetInstanceOf(interface);
        }
    }
    return "";
}

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
    Ptr<Ipv4VrfRouting> routing = VrfHelper::GetRouting(node);
    Ptr<Ipv6VrfRouting> routing6 = VrfHelper::GetRouting6(node);
    NS_ABORT_MSG_IF(!routing && !routing6,
                    "node " << node->GetId() << " runs neither Ipv4VrfRouting nor Ipv6VrfRouting");
    Ptr<VrfNetDevice> device = CreateObject<VrfNetDevice>();
    device->SetInstanceName(instance);
    node->AddDevice(device);
    if (routing)
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        const uint32_t interface = ipv4->AddInterface(device);
        // Linux's advice for VRF devices: 127.0.0.1 in the instance lets its
        // sockets reach each other; it also keeps ns-3 code that reads every
        // interface's first address (UDP's limited broadcast, which skips
        // 127.0.0.1) from meeting an interface without one.
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address::GetLoopback(), "255.0.0.0"));
        ipv4->SetUp(interface);
        routing->SetInstanceInterface(instance, interface);
    }
    if (routing6)
    {
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        // The weak end-system model would deliver another instance's
        // addresses locally (see vrf-ipv6-routing.h).
        ipv6->SetAttribute("StrongEndSystemModel", BooleanValue(true));
        const uint32_t interface = ipv6->AddInterface(device);
        // ::1 as 127.0.0.1 above; the interface also gets a link-local
        // address when it comes up, as every ns-3 IPv6 interface does.
        ipv6->AddAddress(interface,
                         Ipv6InterfaceAddress(Ipv6Address::GetLoopback(), Ipv6Prefix(128)));
        ipv6->SetUp(interface);
        routing6->SetInstanceInterface(instance, interface);
    }
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
    Ptr<Ipv4VrfRouting> routing = GetRouting(node);
    Ptr<Ipv6VrfRouting> routing6 = GetRouting6(node);
    const int32_t interface = routing ? node->GetObject<Ipv4>()->GetInterfaceForDevice(device) : -1;
    const int32_t interface6
        = routing6 ? node->GetObject<Ipv6>()->GetInterfaceForDevice(device) : -1;
    NS_ABORT_MSG_IF(interface < 0 && interface6 < 0,
                    "the device has no interface of a family routed by VRF on node "
                        << node->GetId() << " (assign instances after the addresses)");
    if (!instance.empty())
    {
        AddInstance(node, instance);
    }
    if (interface >= 0)
    {
        routing->AssignInterface(interface, instance);
    }
    if (interface6 >= 0)
    {
        routing6->AssignInterface(interface6, instance);
    }
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

bool
IsLoopback(Ptr<NetDevice> device)
{
    return DynamicCast<LoopbackNetDevice>(device) != nullptr;
}

/// What the route computation needs to know about IPv4.
struct Family4
{
    using Routing = Ipv4VrfRouting;
    using L3 = Ipv4;
    using Address = Ipv4Address;
    using Network = std::pair<Ipv4Address, Ipv4Mask>;

    static Ptr<Routing> RoutingOf(Ptr<Node> node)
    {
        return VrfHelper::GetRouting(node);
    }

    static std::vector<Network> NetworksOf(Ptr<L3> ipv4, uint32_t interface)
    {
        std::vector<Network> networks;
        for (uint32_t a = 0; a < ipv4->GetNAddresses(interface); ++a)
        {
            const Ipv4InterfaceAddress address = ipv4->GetAddress(interface, a);
            networks.emplace_back(address.GetLocal().CombineMask(address.GetMask()),
                                  address.GetMask());
        }
        return networks;
    }

    /// The neighbour's address in a subnet of the local interface, as the next hop.
    static Address GatewayOn(Ptr<L3> local, uint32_t localInterface, Ptr<L3> peer,
                             uint32_t peerInterface)
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
        return peer->GetNAddresses(peerInterface) > 0
                 ? peer->GetAddress(peerInterface, 0).GetLocal()
                 : Ipv4Address("0.0.0.0");
    }

    static Routing::Route MakeRoute(const Network& network, Address gateway, uint32_t interface,
                                    uint32_t metric)
    {
        return Routing::Route{network.first, network.second, gateway, interface, metric, true};
    }
};

/// What the route computation needs to know about IPv6.
struct Family6
{
    using Routing = Ipv6VrfRouting;
    using L3 = Ipv6;
    using Address = Ipv6Address;
    using Network = std::pair<Ipv6Address, Ipv6Prefix>;

    static Ptr<Routing> RoutingOf(Ptr<Node> node)
    {
        return VrfHelper::GetRouting6(node);
    }

    /// Global prefixes only: link-local ones are per link, never routed.
    static std::vector<Network> NetworksOf(Ptr<L3> ipv6, uint32_t interface)
    {
        std::vector<Network> networks;
        for (uint32_t a = 0; a < ipv6->GetNAddresses(interface); ++a)
        {
            const Ipv6InterfaceAddress address = ipv6->GetAddress(interface, a);
            if (address.GetScope() == Ipv6InterfaceAddress::GLOBAL)
            {
                networks.emplace_back(address.GetAddress().CombinePrefix(address.GetPrefix()),
                                      address.GetPrefix());
            }
        }
        return networks;
    }

    /// The neighbour's link-local address: unique on the link, whatever
    /// global prefixes the two ends have, and what routers advertise too.
    static Address GatewayOn(Ptr<L3> /* local */, uint32_t /* localInterface */, Ptr<L3> peer,
                             uint32_t peerInterface)
    {
        for (uint32_t b = 0; b < peer->GetNAddresses(peerInterface); ++b)
        {
            const Ipv6InterfaceAddress address = peer->GetAddress(peerInterface, b);
            if (address.GetScope() == Ipv6InterfaceAddress::LINKLOCAL)
            {
                return address.GetAddress();
            }
        }
        return Ipv6Address::GetAny();
    }

    static Routing::Route MakeRoute(const Network& network, Address gateway, uint32_t interface,
                                    uint32_t metric)
    {
        return Routing::Route{network.first, network.second, gateway, interface, metric, true};
    }
};

template<typename Family>
std::string
KeyOf(const typename Family::Network& network)
{
    std::ostringstream key;
    key << network.first << "/" << network.second;
    return key.str();
}

/// Shortest paths from one (node, instance); routes for every network reached.
template<typename Family>
void
ComputeRoutes(Ptr<Node> source, const std::string& sourceInstance)
{
    using L3 = typename Family::L3;
    struct FirstHop
    {
        uint32_t interface;
        typename Family::Address gateway;
    };
    Ptr<typename Family::Routing> sourceRouting = Family::RoutingOf(source);
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
        Ptr<L3> l3 = node->GetObject<L3>();
        for (uint32_t i : Family::RoutingOf(node)->GetInterfacesOf(state.second))
        {
            Ptr<NetDevice> device = l3->GetNetDevice(i);
            Ptr<Channel> channel = device->GetChannel();
            if (!l3->IsUp(i) || !channel || IsLoopback(device))
            {
                continue;
            }
            for (std::size_t k = 0; k < channel->GetNDevices(); ++k)
            {
                Ptr<NetDevice> other = channel->GetDevice(k);
                Ptr<Node> peer = other->GetNode();
                Ptr<typename Family::Routing> peerRouting = Family::RoutingOf(peer);
                if (other == device || !peerRouting)
                {
                    continue; // only nodes that route by instance carry paths
                }
                Ptr<L3> peerL3 = peer->GetObject<L3>();
                const int32_t j = peerL3->GetInterfaceForDevice(other);
                if (j < 0 || !peerL3->IsUp(j))
                {
                    continue;
                }
                const State next{peer->GetId(), peerRouting->GetInstanceOf(j)};
                const uint32_t nd = d + l3->GetMetric(i);
                auto known = distance.find(next);
                if (settled.count(next) || (known != distance.end() && known->second <= nd))
                {
                    continue;
                }
                distance[next] = nd;
                firstHop[next] = state == start ? FirstHop{i, Family::GatewayOn(l3, i, peerL3, j)}
                                                : firstHop[state];
                queue.push({nd, next});
            }
        }
    }

    auto networksOf = [](Ptr<Node> node, const std::string& instance)
    {
        Ptr<L3> l3 = node->GetObject<L3>();
        std::vector<typename Family::Network> networks;
        for (uint32_t i : Family::RoutingOf(node)->GetInterfacesOf(instance))
        {
            if (l3->IsUp(i) && !IsLoopback(l3->GetNetDevice(i)))
            {
                for (const auto& network : Family::NetworksOf(l3, i))
                {
                    networks.push_back(network);
                }
            }
        }
        return networks;
    };
    std::set<std::string> known;
    for (const auto& network : networksOf(source, sourceInstance))
    {
        known.insert(KeyOf<Family>(network)); // connected already
    }
    // Nearest first, so that each network keeps its shortest path.
    for (const State& state : order)
    {
        if (state == start)
        {
            continue;
        }
        for (const auto& network : networksOf(NodeList::GetNode(state.first), state.second))
        {
            if (!known.insert(KeyOf<Family>(network)).second)
            {
                continue;
            }
            const FirstHop& hop = firstHop.at(state);
            sourceRouting->AddRoute(
                sourceInstance,
                Family::MakeRoute(network, hop.gateway, hop.interface, distance.at(state)));
        }
    }
}

template<typename Family>
void
PopulateFamily()
{
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        if (auto routing = Family::RoutingOf(NodeList::GetNode(n)))
        {
            routing->RemoveComputedRoutes();
        }
    }
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        if (auto routing = Family::RoutingOf(node))
        {
            for (const std::string& instance : routing->GetInstances())
            {
                ComputeRoutes<Family>(node, instance);
            }
        }
    }
}
} // namespace

void
VrfHelper::PopulateRoutingTables()
{
    PopulateFamily<Family4>();
    PopulateFamily<Family6>();
}

} // namespace ns3
