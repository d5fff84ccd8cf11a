#include "vrf-routing.h"

#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "vrf-instance-tag.h"
#include "vrf-net-device.h"

#include <algorithm>
#include <iomanip>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4VrfRouting");
NS_OBJECT_ENSURE_REGISTERED(Ipv4VrfRouting);

namespace
{
const Ipv4Address kNoGateway("0.0.0.0");

std::string
Printable(const std::string& instance)
{
    return instance.empty() ? std::string("public") : instance;
}
} // namespace

TypeId
Ipv4VrfRouting::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Ipv4VrfRouting")
              .SetParent<Ipv4RoutingProtocol>()
              .SetGroupName("NtpPeer")
              .AddConstructor<Ipv4VrfRouting>()
              .AddTraceSource("Drop",
                              "A packet this router could not route in its instance, and why.",
                              MakeTraceSourceAccessor(&Ipv4VrfRouting::m_dropTrace),
                              "ns3::Ipv4VrfRouting::DropTracedCallback");
    return tid;
}

Ipv4VrfRouting::Ipv4VrfRouting() = default;

void
Ipv4VrfRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_tables.clear();
    Ipv4RoutingProtocol::DoDispose();
}

void
Ipv4VrfRouting::AssignInterface(uint32_t interface, const std::string& instance)
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
    // Static routes through the interface belonged to its old instance: a
    // route of one instance must never send out of another's interface.
    for (auto& [name, table] : m_tables)
    {
        if (name == instance)
        {
            continue;
        }
        table.erase(std::remove_if(table.begin(), table.end(),
                                   [interface](const Route& r)
                                   { return r.interface == interface; }),
                    table.end());
    }
}

std::string
Ipv4VrfRouting::GetInstanceOf(uint32_t interface) const
{
    auto it = m_instanceOf.find(interface);
    return it == m_instanceOf.end() ? std::string() : it->second;
}

void
Ipv4VrfRouting::SetInstanceInterface(const std::string& instance, uint32_t interface)
{
    AssignInterface(interface, instance);
    m_instanceDevice[instance] = interface;
}

std::optional<uint32_t>
Ipv4VrfRouting::GetInstanceInterface(const std::string& instance) const
{
    auto it = m_instanceDevice.find(instance);
    if (it == m_instanceDevice.end())
    {
        return std::nullopt;
    }
    return it->second;
}

bool
Ipv4VrfRouting::IsInstanceInterface(uint32_t interface) const
{
    return std::any_of(m_instanceDevice.begin(), m_instanceDevice.end(),
                       [interface](const auto& entry) { return entry.second == interface; });
}

std::vector<std::string>
Ipv4VrfRouting::GetInstances() const
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
Ipv4VrfRouting::GetInterfacesOf(const std::string& instance) const
{
    std::vector<uint32_t> interfaces;
    if (!m_ipv4)
    {
        return interfaces;
    }
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        if (GetInstanceOf(i) == instance && !IsInstanceInterface(i))
        {
            interfaces.push_back(i);
        }
    }
    return interfaces;
}

void
Ipv4VrfRouting::AddNetworkRoute(const std::string& instance, Ipv4Address network, Ipv4Mask mask,
                                Ipv4Address gateway, uint32_t interface, uint32_t metric)
{
    NS_LOG_FUNCTION(this << instance << network << mask << gateway << interface << metric);
    AddRoute(instance, Route{network.CombineMask(mask), mask, gateway, interface, metric, false});
}

void
Ipv4VrfRouting::AddHostRoute(const std::string& instance, Ipv4Address host, Ipv4Address gateway,
                             uint32_t interface, uint32_t metric)
{
    AddNetworkRoute(instance, host, Ipv4Mask::GetOnes(), gateway, interface, metric);
}

void
Ipv4VrfRouting::AddRoute(const std::string& instance, const Route& route)
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
Ipv4VrfRouting::RemoveComputedRoutes()
{
    for (auto& entry : m_tables)
    {
        auto& table = entry.second;
        table.erase(
            std::remove_if(table.begin(), table.end(), [](const Route& r) { return r.computed; }),
            table.end());
    }
}

std::vector<Ipv4VrfRouting::Route>
Ipv4VrfRouting::GetRoutes(const std::string& instance) const
{
    auto it = m_tables.find(instance);
    return it == m_tables.end() ? std::vector<Route>() : it->second;
}

std::optional<Ipv4VrfRouting::Route>
Ipv4VrfRouting::Lookup(const std::string& instance, Ipv4Address destination,
                       std::optional<uint32_t> onlyInterface) const
{
    std::optional<Route> best;
    auto consider = [&](const Route& candidate)
    {
        if (onlyInterface && candidate.interface != *onlyInterface)
        {
            return;
        }
        if (!m_ipv4->IsUp(candidate.interface) || GetInstanceOf(candidate.interface) != instance)
        {
            return;
        }
        if (destination.CombineMask(candidate.mask) != candidate.network)
        {
            return;
        }
        if (!best || candidate.mask.GetPrefixLength() > best->mask.GetPrefixLength()
            || (candidate.mask.GetPrefixLength() == best->mask.GetPrefixLength()
                && candidate.metric < best->metric))
        {
            best = candidate;
        }
    };
    // Connected networks first, so that they win ties with stored routes.
    for (uint32_t interface : GetInterfacesOf(instance))
    {
        for (uint32_t a = 0; a < m_ipv4->GetNAddresses(interface); ++a)
        {
            const Ipv4InterfaceAddress address = m_ipv4->GetAddress(interface, a);
            consider(Route{address.GetLocal().CombineMask(address.GetMask()), address.GetMask(),
                           kNoGateway, interface, 0, false});
        }
    }
    for (const Route& route : GetRoutes(instance))
    {
        consider(route);
    }
    return best;
}

std::optional<std::string>
Ipv4VrfRouting::InstanceOfTag(const VrfInstanceTag& tag) const
{
    Ptr<Node> node = m_ipv4->GetObject<Node>();
    if (tag.GetIfIndex() >= node->GetNDevices())
    {
        return std::nullopt;
    }
    Ptr<NetDevice> device = node->GetDevice(tag.GetIfIndex());
    const int32_t interface = m_ipv4->GetInterfaceForDevice(device);
    if (!DynamicCast<VrfNetDevice>(device) || interface < 0 || !IsInstanceInterface(interface))
    {
        return std::nullopt;
    }
    return GetInstanceOf(interface);
}

std::optional<uint32_t>
Ipv4VrfRouting::LocalInterfaceOf(const std::string& instance, Ipv4Address address) const
{
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        if (GetInstanceOf(i) != instance)
        {
            continue;
        }
        for (uint32_t a = 0; a < m_ipv4->GetNAddresses(i); ++a)
        {
            if (m_ipv4->GetAddress(i, a).GetLocal() == address)
            {
                return i;
            }
        }
    }
    return std::nullopt;
}

bool
Ipv4VrfRouting::IsLocalBroadcast(uint32_t interface, Ipv4Address destination) const
{
    if (destination.IsBroadcast())
    {
        return true;
    }
    for (uint32_t a = 0; a < m_ipv4->GetNAddresses(interface); ++a)
    {
        const Ipv4InterfaceAddress address = m_ipv4->GetAddress(interface, a);
        if (address.GetMask() != Ipv4Mask::GetOnes() && destination == address.GetBroadcast())
        {
            return true;
        }
    }
    return false;
}

Ipv4Address
Ipv4VrfRouting::SourceFor(uint32_t interface, Ipv4Address nextHop) const
{
    const uint32_t n = m_ipv4->GetNAddresses(interface);
    for (uint32_t a = 0; a < n; ++a)
    {
        const Ipv4InterfaceAddress address = m_ipv4->GetAddress(interface, a);
        if (address.IsInSameSubnet(nextHop))
        {
            return address.GetLocal();
        }
    }
    return n > 0 ? m_ipv4->GetAddress(interface, 0).GetLocal() : Ipv4Address::GetAny();
}

Ptr<Ipv4Route>
Ipv4VrfRouting::MakeRoute(const Route& route, Ipv4Address destination) const
{
    Ptr<Ipv4Route> result = Create<Ipv4Route>();
    result->SetDestination(destination);
    result->SetGateway(route.gateway);
    result->SetOutputDevice(m_ipv4->GetNetDevice(route.interface));
    result->SetSource(
        SourceFor(route.interface, route.gateway == kNoGateway ? destination : route.gateway));
    return result;
}

Ptr<Ipv4Route>
Ipv4VrfRouting::RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                            Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << header.GetDestination() << oif);
    // A socket bound to an instance device sends in that instance; one bound
    // to a real interface sends out of it, in its instance; a packet without
    // a device but with a VrfInstanceTag is in the tagged instance; any other
    // is in the public network (Linux's default too).
    std::string instance;
    std::optional<uint32_t> onlyInterface;
    // The tag is for this node's routing only: read it, then drop it, so that
    // it never travels with the packet to another node.
    VrfInstanceTag tag;
    const bool tagged = p && p->RemovePacketTag(tag);
    if (oif)
    {
        const int32_t interface = m_ipv4->GetInterfaceForDevice(oif);
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
        // No device from the socket (one bound to a specific address): the
        // tag names the instance, as the bound device would have.
        const std::optional<std::string> named = InstanceOfTag(tag);
        if (!named)
        {
            m_dropTrace(header, p, "", "instance tag names no instance device of this node");
            sockerr = Socket::ERROR_NOROUTETOHOST;
            return nullptr;
        }
        instance = *named;
    }
    const Ipv4Address destination = header.GetDestination();
    if (auto local = LocalInterfaceOf(instance, destination); local && !onlyInterface)
    {
        // To one of the instance's own addresses: the owning interface hands
        // the packet straight back up (Ipv4Interface::Send), so it arrives in
        // the instance like any packet for it.
        Ptr<Ipv4Route> route = Create<Ipv4Route>();
        route->SetDestination(destination);
        route->SetGateway(destination);
        route->SetSource(destination);
        route->SetOutputDevice(m_ipv4->GetNetDevice(*local));
        sockerr = Socket::ERROR_NOTERROR;
        return route;
    }
    const std::optional<Route> route = Lookup(instance, destination, onlyInterface);
    if (!route)
    {
        NS_LOG_LOGIC("no route to " << destination << " in " << Printable(instance));
        m_dropTrace(header, p, instance, "no route (sent by this node)");
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return MakeRoute(*route, destination);
}

bool
Ipv4VrfRouting::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                           UnicastForwardCallback ucb, MulticastForwardCallback /* mcb */,
                           LocalDeliverCallback lcb, ErrorCallback /* ecb */)
{
    NS_LOG_FUNCTION(this << header << idev);
    const int32_t found = m_ipv4->GetInterfaceForDevice(idev);
    NS_ABORT_MSG_IF(found < 0, "a packet arrived on a device without an IPv4 interface");
    const auto iif = static_cast<uint32_t>(found);
    const std::string instance = GetInstanceOf(iif);
    const Ipv4Address destination = header.GetDestination();

    if (destination.IsMulticast())
    {
        m_dropTrace(header, p, instance, "multicast is not routed");
        return false;
    }
    if (LocalInterfaceOf(instance, destination) || IsLocalBroadcast(iif, destination))
    {
        if (lcb.IsNull())
        {
            m_dropTrace(header, p, instance, "no local delivery");
            return false;
        }
        // Delivered as if it had arrived on the instance device: that is the
        // device Ipv4EndPointDemux compares with the sockets bound to the
        // instance (the public network's too, once it has one: then a socket
        // bound to it gets public packets only). Sockets bound to no device
        // match any interface, so they still receive every instance's packets.
        const std::optional<uint32_t> instanceInterface = GetInstanceInterface(instance);
        lcb(p, header, instanceInterface ? *instanceInterface : iif);
        return true;
    }
    if (!m_ipv4->IsForwarding(iif))
    {
        m_dropTrace(header, p, instance, "forwarding disabled on the input interface");
        return false;
    }
    const std::optional<Route> route = Lookup(instance, destination);
    if (!route)
    {
        NS_LOG_LOGIC("no route to " << destination << " in " << Printable(instance));
        m_dropTrace(header, p, instance, "no route");
        return false;
    }
    ucb(MakeRoute(*route, destination), p, header);
    return true;
}

void
Ipv4VrfRouting::NotifyInterfaceUp(uint32_t /* interface */)
{
    // Connected routes follow the interface state at lookup time.
}

void
Ipv4VrfRouting::NotifyInterfaceDown(uint32_t /* interface */)
{
}

void
Ipv4VrfRouting::NotifyAddAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
Ipv4VrfRouting::NotifyRemoveAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
Ipv4VrfRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_ASSERT(!m_ipv4 && ipv4);
    m_ipv4 = ipv4;
}

void
Ipv4VrfRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
       << ", Ipv4VrfRouting\n";
    for (const std::string& instance : GetInstances())
    {
        os << "Instance " << Printable(instance) << ":\n";
        auto print = [&os](Ipv4Address network, Ipv4Mask mask, Ipv4Address gateway,
                           uint32_t interface, uint32_t metric, const char* origin)
        {
            std::ostringstream net;
            net << network << "/" << mask.GetPrefixLength();
            std::ostringstream gw;
            gw << gateway;
            os << "  " << std::left << std::setw(20) << net.str() << std::setw(16) << gw.str()
               << "if " << std::setw(4) << interface << "metric " << std::setw(6) << metric
               << origin << "\n";
        };
        for (uint32_t interface : GetInterfacesOf(instance))
        {
            for (uint32_t a = 0; a < m_ipv4->GetNAddresses(interface); ++a)
            {
                const Ipv4InterfaceAddress address = m_ipv4->GetAddress(interface, a);
                print(address.GetLocal().CombineMask(address.GetMask()), address.GetMask(),
                      kNoGateway, interface, 0, "connected");
            }
        }
        for (const Route& r : GetRoutes(instance))
        {
            print(r.network, r.mask, r.gateway, r.interface, r.metric,
                  r.computed ? "computed" : "static");
        }
    }
}

} // namespace ns3
