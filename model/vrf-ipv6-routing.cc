#include "vrf-ipv6-routing.h"

#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "vrf-instance-tag.h"
#include "vrf-ipv6-local-delivery.h"
#include "vrf-net-device.h"

#include <algorithm>
#include <iomanip>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv6VrfRouting");
NS_OBJECT_ENSURE_REGISTERED(Ipv6VrfRouting);

namespace
{
std::string
Printable(const std::string& instance)
{
    return instance.empty() ? std::string("public") : instance;
}

} // namespace

TypeId
Ipv6VrfRouting::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Ipv6VrfRouting")
              .SetParent<Ipv6RoutingProtocol>()
              .SetGroupName("NtpPeer")
              .AddConstructor<Ipv6VrfRouting>()
              .AddTraceSource("Drop",
                              "A packet this router could not route in its instance, and why.",
                              MakeTraceSourceAccessor(&Ipv6VrfRouting::m_dropTrace),
                              "ns3::Ipv6VrfRouting::DropTracedCallback");
    return tid;
}

Ipv6VrfRouting::Ipv6VrfRouting() = default;

void
Ipv6VrfRouting::DoDispose()
{
    m_standIns.clear();
    m_ipv6 = nullptr;
    m_tables.clear();
    Ipv6RoutingProtocol::DoDispose();
}

void
Ipv6VrfRouting::AssignInterface(uint32_t interface, const std::string& instance)
{
    NS_LOG_FUNCTION(this << interface << instance);
    if (instance.empty())
    {
        m_instanceOf.erase(interface);
    }
    else
    {
        m_instanceOf[interface] = instance;
    }
    // A route of one instance must never send out of another's interface.
    for (auto& [name, table] : m_tables)
    {
        if (name != instance)
        {
            table.erase(std::remove_if(table.begin(), table.end(),
                                       [interface](const Route& r)
                                       { return r.interface == interface; }),
                        table.end());
        }
    }
    UpdateLocalDelivery();
}

std::string
Ipv6VrfRouting::GetInstanceOf(uint32_t interface) const
{
    auto it = m_instanceOf.find(interface);
    return it == m_instanceOf.end() ? std::string() : it->second;
}

void
Ipv6VrfRouting::SetInstanceInterface(const std::string& instance, uint32_t interface)
{
    m_instanceDevice[instance] = interface;
    AssignInterface(interface, instance);
}

std::optional<uint32_t>
Ipv6VrfRouting::GetInstanceInterface(const std::string& instance) const
{
    auto it = m_instanceDevice.find(instance);
    if (it == m_instanceDevice.end())
    {
        return std::nullopt;
    }
    return it->second;
}

bool
Ipv6VrfRouting::IsInstanceInterface(uint32_t interface) const
{
    return std::any_of(m_instanceDevice.begin(), m_instanceDevice.end(),
                       [interface](const auto& entry) { return entry.second == interface; });
}

std::vector<std::string>
Ipv6VrfRouting::GetInstances() const
{
    std::set<std::string> names{""};
    for (const auto& entry : m_instanceOf)
    {
        names.insert(entry.second);
    }
    for (const auto& entry : m_instanceDevice)
    {
        names.insert(entry.first);
    }
    return {names.begin(), names.end()};
}

std::vector<uint32_t>
Ipv6VrfRouting::GetInterfacesOf(const std::string& instance) const
{
    std::vector<uint32_t> interfaces;
    for (uint32_t i = 0; m_ipv6 && i < m_ipv6->GetNInterfaces(); ++i)
    {
        if (GetInstanceOf(i) == instance && !IsInstanceInterface(i))
        {
            interfaces.push_back(i);
        }
    }
    return interfaces;
}

void
Ipv6VrfRouting::AddNetworkRoute(const std::string& instance, Ipv6Address network, Ipv6Prefix prefix,
                                Ipv6Address gateway, uint32_t interface, uint32_t metric)
{
    NS_LOG_FUNCTION(this << instance << network << prefix << gateway << interface << metric);
    AddRoute(instance,
             Route{network.CombinePrefix(prefix), prefix, gateway, interface, metric, false});
}

void
Ipv6VrfRouting::AddHostRoute(const std::string& instance, Ipv6Address host, Ipv6Address gateway,
                             uint32_t interface, uint32_t metric)
{
    AddNetworkRoute(instance, host, Ipv6Prefix(128), gateway, interface, metric);
}

void
Ipv6VrfRouting::AddRoute(const std::string& instance, const Route& route)
{
    NS_ABORT_MSG_IF(GetInstanceOf(route.interface) != instance,
                    "interface " << route.interface << " is in instance '"
                                 << Printable(GetInstanceOf(route.interface))
                                 << "', not in the route's instance '" << Printable(instance)
                                 << "'");
    NS_ABORT_MSG_IF(IsInstanceInterface(route.interface),
                    "a route cannot leave through an instance device");
    m_tables[instance].push_back(route);
}

void
Ipv6VrfRouting::RemoveComputedRoutes()
{
    for (auto& entry : m_tables)
    {
        auto& table = entry.second;
        table.erase(
            std::remove_if(table.begin(), table.end(), [](const Route& r) { return r.computed; }),
            table.end());
    }
}

std::vector<Ipv6VrfRouting::Route>
Ipv6VrfRouting::GetRoutes(const std::string& instance) const
{
    auto it = m_tables.find(instance);
    return it == m_tables.end() ? std::vector<Route>() : it->second;
}

std::optional<Ipv6VrfRouting::Route>
Ipv6VrfRouting::Lookup(const std::string& instance, Ipv6Address destination,
                       std::optional<uint32_t> onlyInterface) const
{
    // fe80::/64 is on every interface: it means something only on a given one.
    if (destination.IsLinkLocal() && !onlyInterface)
    {
        return std::nullopt;
    }
    std::optional<Route> best;
    auto consider = [&](const Route& candidate)
    {
        if ((onlyInterface && candidate.interface != *onlyInterface)
            || !m_ipv6->IsUp(candidate.interface) || GetInstanceOf(candidate.interface) != instance
            || destination.CombinePrefix(candidate.prefix) != candidate.network)
        {
            return;
        }
        if (!best || candidate.prefix.GetPrefixLength() > best->prefix.GetPrefixLength()
            || (candidate.prefix.GetPrefixLength() == best->prefix.GetPrefixLength()
                && candidate.metric < best->metric))
        {
            best = candidate;
        }
    };
    // Connected prefixes first, so that they win ties with stored routes.
    for (uint32_t interface : GetInterfacesOf(instance))
    {
        for (uint32_t a = 0; a < m_ipv6->GetNAddresses(interface); ++a)
        {
            const Ipv6InterfaceAddress address = m_ipv6->GetAddress(interface, a);
            if (address.GetScope() == Ipv6InterfaceAddress::HOST)
            {
                continue;
            }
            consider(Route{address.GetAddress().CombinePrefix(address.GetPrefix()),
                           address.GetPrefix(), Ipv6Address::GetAny(), interface, 0, false});
        }
    }
    for (const Route& route : GetRoutes(instance))
    {
        consider(route);
    }
    return best;
}

std::optional<std::string>
Ipv6VrfRouting::InstanceOfTag(const VrfInstanceTag& tag) const
{
    Ptr<Node> node = m_ipv6->GetObject<Node>();
    if (tag.GetIfIndex() >= node->GetNDevices())
    {
        return std::nullopt;
    }
    Ptr<NetDevice> device = node->GetDevice(tag.GetIfIndex());
    const int32_t interface = m_ipv6->GetInterfaceForDevice(device);
    if (!DynamicCast<VrfNetDevice>(device) || interface < 0 || !IsInstanceInterface(interface))
    {
        return std::nullopt;
    }
    return GetInstanceOf(interface);
}

std::optional<uint32_t>
Ipv6VrfRouting::LocalInterfaceOf(const std::string& instance, Ipv6Address address) const
{
    if (address.IsLinkLocal())
    {
        return std::nullopt; // only the interface that has it knows it
    }
    for (uint32_t i = 0; i < m_ipv6->GetNInterfaces(); ++i)
    {
        if (GetInstanceOf(i) != instance)
        {
            continue;
        }
        for (uint32_t a = 0; a < m_ipv6->GetNAddresses(i); ++a)
        {
            if (m_ipv6->GetAddress(i, a).GetAddress() == address)
            {
                return i;
            }
        }
    }
    return std::nullopt;
}

Ipv6Address
Ipv6VrfRouting::SourceFor(uint32_t interface, Ipv6Address destination) const
{
    std::optional<Ipv6Address> linkLocal;
    std::optional<Ipv6Address> global;
    for (uint32_t a = 0; a < m_ipv6->GetNAddresses(interface); ++a)
    {
        const Ipv6InterfaceAddress address = m_ipv6->GetAddress(interface, a);
        if (address.GetScope() == Ipv6InterfaceAddress::LINKLOCAL)
        {
            linkLocal = linkLocal.value_or(address.GetAddress());
        }
        else if (address.GetScope() == Ipv6InterfaceAddress::GLOBAL)
        {
            if (!destination.IsLinkLocal() && !destination.IsMulticast()
                && address.IsInSameSubnet(destination))
            {
                return address.GetAddress();
            }
            global = global.value_or(address.GetAddress());
        }
    }
    if (destination.IsLinkLocal() || destination.IsLinkLocalMulticast() || !global)
    {
        return linkLocal.value_or(Ipv6Address::GetAny());
    }
    return *global;
}

Ptr<Ipv6Route>
Ipv6VrfRouting::MakeRoute(uint32_t interface, Ipv6Address destination, Ipv6Address gateway,
                          Ipv6Address source) const
{
    Ptr<Ipv6Route> route = Create<Ipv6Route>();
    route->SetDestination(destination);
    route->SetGateway(gateway);
    route->SetOutputDevice(m_ipv6->GetNetDevice(interface));
    // The source faces the destination, not the gateway (often link-local).
    route->SetSource(source.IsAny() ? SourceFor(interface, destination) : source);
    return route;
}

Ptr<Ipv6Route>
Ipv6VrfRouting::RouteOutput(Ptr<Packet> p, const Ipv6Header& header, Ptr<NetDevice> oif,
                            Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << header.GetDestination() << oif);
    std::string instance;
    std::optional<uint32_t> onlyInterface;
    // The tag is for this node's routing only: read it and drop it.
    VrfInstanceTag tag;
    const bool tagged = p && p->RemovePacketTag(tag);
    if (oif)
    {
        const int32_t interface = m_ipv6->GetInterfaceForDevice(oif);
        if (interface < 0)
        {
            sockerr = Socket::ERROR_NOROUTETOHOST;
            return nullptr;
        }
        instance = GetInstanceOf(interface);
        if (!IsInstanceInterface(interface))
        {
            onlyInterface = interface;
        }
    }
    else if (tagged)
    {
        const std::optional<std::string> named = InstanceOfTag(tag);
        if (!named)
        {
            m_dropTrace(header, p, "", "instance tag names no instance device of this node");
            sockerr = Socket::ERROR_NOROUTETOHOST;
            return nullptr;
        }
        instance = *named;
    }
    const Ipv6Address destination = header.GetDestination();
    sockerr = Socket::ERROR_NOTERROR;
    if (destination.IsMulticast())
    {
        if (onlyInterface)
        {
            if (auto soliciting = VrfSolicitingInterface(m_ipv6, p, header))
            {
                onlyInterface = soliciting;
            }
            return MakeRoute(*onlyInterface, destination, Ipv6Address::GetAny(),
                             header.GetSource());
        }
        m_dropTrace(header, p, instance, "multicast needs an output interface");
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    if (auto local = LocalInterfaceOf(instance, destination); local && !onlyInterface)
    {
        // To one of the instance's own addresses: the owning interface hands
        // it straight back up (Ipv6Interface::Send), so it arrives in the
        // instance like any packet for it.
        return MakeRoute(*local, destination, Ipv6Address::GetAny(), destination);
    }
    const std::optional<Route> route = Lookup(instance, destination, onlyInterface);
    if (!route)
    {
        NS_LOG_LOGIC("no route to " << destination << " in " << Printable(instance));
        m_dropTrace(header, p, instance, "no route (sent by this node)");
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    return MakeRoute(route->interface, destination, route->gateway, header.GetSource());
}

bool
Ipv6VrfRouting::RouteInput(Ptr<const Packet> p, const Ipv6Header& header, Ptr<const NetDevice> idev,
                           UnicastForwardCallback ucb, MulticastForwardCallback /* mcb */,
                           LocalDeliverCallback lcb, ErrorCallback /* ecb */)
{
    NS_LOG_FUNCTION(this << header << idev);
    const int32_t found = m_ipv6->GetInterfaceForDevice(idev);
    NS_ABORT_MSG_IF(found < 0, "a packet arrived on a device without an IPv6 interface");
    const auto iif = static_cast<uint32_t>(found);
    const std::string instance = GetInstanceOf(iif);
    const Ipv6Address destination = header.GetDestination();

    if (destination.IsMulticast())
    {
        // Ipv6L3Protocol has delivered it locally if it was for this node and
        // asks again: link-scope ones (neighbour discovery) are never routed,
        // so they are not drops.
        if (!destination.IsLinkLocalMulticast())
        {
            m_dropTrace(header, p, instance, "multicast is not routed");
        }
        return false;
    }
    bool local = LocalInterfaceOf(instance, destination).has_value();
    for (uint32_t a = 0; !local && a < m_ipv6->GetNAddresses(iif); ++a)
    {
        local = m_ipv6->GetAddress(iif, a).GetAddress() == destination;
    }
    if (local)
    {
        if (lcb.IsNull())
        {
            m_dropTrace(header, p, instance, "no local delivery");
            return false;
        }
        // As if it had arrived on the instance device (see the file comment).
        const std::optional<uint32_t> instanceInterface = GetInstanceInterface(instance);
        lcb(p, header, instanceInterface ? *instanceInterface : iif);
        return true;
    }
    std::string reason;
    std::optional<Route> route;
    if (destination.IsLinkLocal())
    {
        reason = "link-local destination is not routed";
    }
    else if (!m_ipv6->IsForwarding(iif))
    {
        reason = "forwarding disabled on the input interface";
    }
    else if (header.GetSource().IsLinkLocal())
    {
        reason = "link-local source is not routed";
    }
    else if (destination.IsDocumentation())
    {
        // Ipv6L3Protocol::IpForward (ns-3.37) silently drops 2001:db8::/32.
        reason = "ns-3 does not forward 2001:db8::/32";
    }
    else if (!(route = Lookup(instance, destination)))
    {
        reason = "no route";
    }
    if (!route)
    {
        NS_LOG_LOGIC(reason << ": " << destination << " in " << Printable(instance));
        m_dropTrace(header, p, instance, reason);
        return false;
    }
    ucb(idev, MakeRoute(route->interface, destination, route->gateway, Ipv6Address::GetAny()), p,
        header);
    return true;
}

void
Ipv6VrfRouting::UpdateLocalDelivery()
{
    Ptr<Ipv6L3Protocol> l3 = DynamicCast<Ipv6L3Protocol>(m_ipv6);
    if (!l3)
    {
        return;
    }
    // The transport protocols of the node, ICMPv6 excepted.
    std::vector<Ptr<IpL4Protocol>> protocols;
    for (int number = 0; number < 256; ++number)
    {
        if (number == Icmpv6L4Protocol::PROT_NUMBER)
        {
            continue;
        }
        if (Ptr<IpL4Protocol> protocol = l3->GetProtocol(number))
        {
            protocols.push_back(protocol);
        }
    }
    for (uint32_t i = 0; i < l3->GetNInterfaces(); ++i)
    {
        const bool real
            = !IsInstanceInterface(i) && !DynamicCast<LoopbackNetDevice>(l3->GetNetDevice(i));
        const std::optional<uint32_t> target
            = real ? GetInstanceInterface(GetInstanceOf(i)) : std::nullopt;
        for (Ptr<IpL4Protocol> protocol : protocols)
        {
            const std::pair<int, uint32_t> key{protocol->GetProtocolNumber(), i};
            auto existing = m_standIns.find(key);
            if (!target)
            {
                if (existing != m_standIns.end())
                {
                    l3->Remove(existing->second, i);
                    m_standIns.erase(existing);
                }
                continue;
            }
            if (existing != m_standIns.end())
            {
                DynamicCast<VrfIpv6LocalDelivery>(existing->second)
                    ->SetInstanceInterface(l3->GetInterface(*target));
                continue;
            }
            Ptr<IpL4Protocol> standIn
                = CreateObject<VrfIpv6LocalDelivery>(protocol, l3->GetInterface(*target));
            l3->Insert(standIn, i);
            m_standIns[key] = standIn;
        }
    }
}

void
Ipv6VrfRouting::NotifyInterfaceUp(uint32_t /* interface */)
{
    // Connected prefixes follow the interface state at lookup time; a new
    // interface of an instance needs its local-delivery stand-ins.
    UpdateLocalDelivery();
}

void
Ipv6VrfRouting::NotifyInterfaceDown(uint32_t /* interface */)
{
}

void
Ipv6VrfRouting::NotifyAddAddress(uint32_t /* interface */, Ipv6InterfaceAddress /* address */)
{
}

void
Ipv6VrfRouting::NotifyRemoveAddress(uint32_t /* interface */, Ipv6InterfaceAddress /* address */)
{
}

void
Ipv6VrfRouting::NotifyAddRoute(Ipv6Address dst, Ipv6Prefix mask, Ipv6Address nextHop,
                               uint32_t interface, Ipv6Address /* prefixToUse */)
{
    // Ipv6L3Protocol announces each address's on-link prefix here: those are
    // derived at lookup time (so they follow the interface's instance).
    // Routes through a router (learnt from advertisements) belong to the
    // interface's instance.
    if (nextHop.IsAny() || IsInstanceInterface(interface))
    {
        return;
    }
    AddNetworkRoute(GetInstanceOf(interface), dst, mask, nextHop, interface);
}

void
Ipv6VrfRouting::NotifyRemoveRoute(Ipv6Address dst, Ipv6Prefix mask, Ipv6Address nextHop,
                                  uint32_t interface, Ipv6Address /* prefixToUse */)
{
    auto& table = m_tables[GetInstanceOf(interface)];
    table.erase(std::remove_if(table.begin(), table.end(),
                               [&](const Route& r)
                               {
                                   return !r.computed && r.network == dst.CombinePrefix(mask)
                                       && r.prefix == mask && r.gateway == nextHop
                                       && r.interface == interface;
                               }),
                table.end());
}

void
Ipv6VrfRouting::SetIpv6(Ptr<Ipv6> ipv6)
{
    NS_ASSERT(!m_ipv6 && ipv6);
    m_ipv6 = ipv6;
}

void
Ipv6VrfRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node: " << m_ipv6->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
       << ", Ipv6VrfRouting\n";
    auto print = [&os](Ipv6Address network, Ipv6Prefix prefix, Ipv6Address gateway,
                       uint32_t interface, uint32_t metric, const char* origin)
    {
        std::ostringstream net;
        net << network << "/" << static_cast<uint32_t>(prefix.GetPrefixLength());
        std::ostringstream gw;
        gw << gateway;
        os << "  " << std::left << std::setw(28) << net.str() << std::setw(28) << gw.str() << "if "
           << std::setw(4) << interface << "metric " << std::setw(6) << metric << origin << "\n";
    };
    for (const std::string& instance : GetInstances())
    {
        os << "Instance " << Printable(instance) << ":\n";
        for (uint32_t interface : GetInterfacesOf(instance))
        {
            for (uint32_t a = 0; a < m_ipv6->GetNAddresses(interface); ++a)
            {
                const Ipv6InterfaceAddress address = m_ipv6->GetAddress(interface, a);
                if (address.GetScope() != Ipv6InterfaceAddress::HOST)
                {
                    print(address.GetAddress().CombinePrefix(address.GetPrefix()),
                          address.GetPrefix(), Ipv6Address::GetAny(), interface, 0, "connected");
                }
            }
        }
        for (const Route& r : GetRoutes(instance))
        {
            print(r.network, r.prefix, r.gateway, r.interface, r.metric,
                  r.computed ? "computed" : "static");
        }
    }
}

} // namespace ns3
