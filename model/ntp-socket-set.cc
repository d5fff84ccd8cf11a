#include "ntp-socket-set.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/socket.h"
#include "ns3/udp-l4-protocol.h"
#include "vrf-net-device.h"
#include "vrf-routing.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpSocketSet");

namespace
{

Ipv6Address
ToNs3Ipv6(const ntp::IpAddress& address)
{
    std::array<uint8_t, 16> bytes = address.GetBytes();
    return Ipv6Address(bytes.data());
}

} // namespace

ntp::IpAddress
ToCoreAddress(Ipv4Address address)
{
    return ntp::IpAddress::V4(address.Get());
}

ntp::IpAddress
ToCoreAddress(const Ipv6Address& address)
{
    std::array<uint8_t, 16> bytes{};
    address.GetBytes(bytes.data());
    return ntp::IpAddress::V6(bytes);
}

ntp::IpAddress
ToCoreAddress(const Address& address)
{
    if (Ipv4Address::IsMatchingType(address))
    {
        return ntp::IpAddress::V4(Ipv4Address::ConvertFrom(address).Get());
    }
    if (Ipv6Address::IsMatchingType(address))
    {
        std::array<uint8_t, 16> bytes{};
        Ipv6Address::ConvertFrom(address).GetBytes(bytes.data());
        return ntp::IpAddress::V6(bytes);
    }
    return ntp::IpAddress();
}

Address
ToNs3Address(const ntp::IpAddress& address)
{
    if (address.IsV4())
    {
        return Ipv4Address(address.GetV4());
    }
    if (address.IsV6())
    {
        std::array<uint8_t, 16> bytes = address.GetBytes();
        return Ipv6Address(bytes.data());
    }
    return Address();
}

std::string
PrintAddress(const Address& address)
{
    std::ostringstream text;
    if (Ipv4Address::IsMatchingType(address))
    {
        text << Ipv4Address::ConvertFrom(address);
    }
    else if (Ipv6Address::IsMatchingType(address))
    {
        text << Ipv6Address::ConvertFrom(address);
    }
    else
    {
        text << "(none)";
    }
    return text.str();
}

bool
IsLinkLocal(const Address& address)
{
    return Ipv6Address::IsMatchingType(address) && Ipv6Address::ConvertFrom(address).IsLinkLocal();
}

bool
IsLinkLocal(const ntp::IpAddress& address)
{
    return address.IsV6() && ToNs3Ipv6(address).IsLinkLocal();
}

Ptr<Ipv4VrfRouting>
NtpSocketSet::VrfRouting() const
{
    Ptr<Ipv4RoutingProtocol> routing = m_ipv4 ? m_ipv4->GetRoutingProtocol() : nullptr;
    if (routing != m_routingSeen)
    {
        m_routingSeen = routing;
        m_vrfRouting = DynamicCast<Ipv4VrfRouting>(routing);
    }
    return m_vrfRouting;
}

void
NtpSocketSet::SetNode(Ptr<Node> node)
{
    m_node = node;
    m_ipv4 = node ? node->GetObject<Ipv4>() : nullptr;
    m_ipv6 = node ? node->GetObject<Ipv6>() : nullptr;
    m_udp = node ? node->GetObject<UdpL4Protocol>() : nullptr;
}

uint32_t
NtpSocketSet::InstanceId(const std::string& instance)
{
    auto it = m_ids.find(instance);
    if (it == m_ids.end())
    {
        it = m_ids.emplace(instance, static_cast<uint32_t>(m_names.size())).first;
        m_names.push_back(instance);
    }
    return it->second;
}

const std::string&
NtpSocketSet::InstanceName(uint32_t id) const
{
    static const std::string kPublic;
    // The public instance (id 0, named "") without reading m_names: most
    // packets are public, and the names' storage is one more cache line.
    if (id == 0)
    {
        return kPublic;
    }
    return id < m_names.size() ? m_names[id] : kPublic;
}

bool
NtpSocketSet::HasInstance(const std::string& instance) const
{
    const std::vector<std::string> all = Instances();
    return std::find(all.begin(), all.end(), instance) != all.end();
}

std::vector<std::string>
NtpSocketSet::Instances() const
{
    std::vector<std::string> names{""};
    if (Ptr<Ipv4VrfRouting> routing = VrfRouting())
    {
        for (const std::string& name : routing->GetInstances())
        {
            if (!name.empty())
            {
                names.push_back(name);
            }
        }
    }
    return names;
}

Ptr<NetDevice>
NtpSocketSet::InstanceDevice(const std::string& instance) const
{
    Ptr<Ipv4VrfRouting> routing = VrfRouting();
    if (!routing)
    {
        return nullptr;
    }
    const std::optional<uint32_t> interface = routing->GetInstanceInterface(instance);
    return interface ? m_ipv4->GetNetDevice(*interface) : nullptr;
}

std::string
NtpSocketSet::InstanceOfDevice(Ptr<NetDevice> device) const
{
    Ptr<Ipv4VrfRouting> routing = VrfRouting();
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    return routing && interface >= 0 ? routing->GetInstanceOf(interface) : "";
}

bool
NtpSocketSet::IsInstanceDevice(Ptr<NetDevice> device) const
{
    return DynamicCast<VrfNetDevice>(device) != nullptr;
}

std::optional<std::string>
NtpSocketSet::InstanceOfInterface(int32_t interface) const
{
    Ptr<Ipv4> ipv4 = m_node ? m_node->GetObject<Ipv4>() : nullptr;
    if (!ipv4 || interface < 0 || static_cast<uint32_t>(interface) >= ipv4->GetNInterfaces())
    {
        return std::nullopt;
    }
    return InstanceOfDevice(ipv4->GetNetDevice(interface));
}

std::optional<Address>
NtpSocketSet::InterfaceAddress(int32_t interface, bool ipv6, bool linkLocal) const
{
    Ptr<Ipv4> ipv4 = m_node ? m_node->GetObject<Ipv4>() : nullptr;
    if (!ipv4 || interface < 0 || static_cast<uint32_t>(interface) >= ipv4->GetNInterfaces())
    {
        return std::nullopt;
    }
    if (!ipv6)
    {
        if (ipv4->GetNAddresses(interface) == 0)
        {
            return std::nullopt;
        }
        return Address(ipv4->GetAddress(interface, 0).GetLocal());
    }
    Ptr<Ipv6> stack6 = m_node->GetObject<Ipv6>();
    const int32_t interface6
        = stack6 ? stack6->GetInterfaceForDevice(ipv4->GetNetDevice(interface)) : -1;
    if (interface6 < 0)
    {
        return std::nullopt;
    }
    // A router's IPv6 source interface sends from its global address; its
    // link-local address serves link-local peers.
    for (uint32_t i = 0; i < stack6->GetNAddresses(interface6); ++i)
    {
        const Ipv6Address local = stack6->GetAddress(interface6, i).GetAddress();
        if (local.IsLinkLocal() == linkLocal && !local.IsLocalhost() && !local.IsAny())
        {
            return Address(local);
        }
    }
    return std::nullopt;
}

std::vector<std::string>
NtpSocketSet::InstancesWithAddress(const ntp::IpAddress& address) const
{
    std::vector<std::string> found;
    for (const Local& local : m_locals)
    {
        if (local.address == address
            && std::find(found.begin(), found.end(), InstanceName(local.instanceId)) == found.end())
        {
            found.push_back(InstanceName(local.instanceId));
        }
    }
    return found;
}

bool
NtpSocketSet::IsLocal(uint32_t instance, const ntp::IpAddress& address) const
{
    const Local wanted{instance, address};
    const auto it = std::lower_bound(m_locals.begin(), m_locals.end(), wanted);
    return it != m_locals.end() && *it == wanted;
}

std::optional<NtpSocketSet::Route>
NtpSocketSet::RouteTo(uint32_t instance, const ntp::IpAddress& destination, Ptr<Packet> packet,
                      const ntp::IpAddress& source) const
{
    // What the kernel does for a socket in a VRF: ask the instance's table.
    const std::string& name = InstanceName(instance);
    Ptr<NetDevice> device = InstanceDevice(name);
    if (!name.empty() && !device)
    {
        return std::nullopt;
    }
    return RouteOut(device, destination, packet, source);
}

std::optional<NtpSocketSet::Route>
NtpSocketSet::RouteOut(Ptr<NetDevice> device, const ntp::IpAddress& destination, Ptr<Packet> packet,
                       const ntp::IpAddress& source) const
{
    if (!packet)
    {
        packet = Create<Packet>();
    }
    Socket::SocketErrno error;
    Route route;
    if (destination.IsV4())
    {
        const Ptr<Ipv4>& ipv4 = m_ipv4;
        if (!ipv4 || !ipv4->GetRoutingProtocol())
        {
            return std::nullopt;
        }
        Ipv4Header header;
        header.SetDestination(Ipv4Address(destination.GetV4()));
        header.SetProtocol(UdpL4Protocol::PROT_NUMBER);
        route.ipv4 = ipv4->GetRoutingProtocol()->RouteOutput(packet, header, device, error);
        if (!route.ipv4)
        {
            return std::nullopt;
        }
        route.source = ToCoreAddress(route.ipv4->GetSource());
        return route;
    }
    if (destination.IsV6())
    {
        const Ptr<Ipv6>& ipv6 = m_ipv6;
        if (!ipv6 || !ipv6->GetRoutingProtocol()
            || (device && ipv6->GetInterfaceForDevice(device) < 0))
        {
            return std::nullopt;
        }
        if (!device && source.IsV6() && (IsLinkLocal(source) || IsLinkLocal(destination)))
        {
            // Link-local scope: the source's interface is the way out.
            const int32_t interface = ipv6->GetInterfaceForAddress(ToNs3Ipv6(source));
            device = interface >= 0 ? ipv6->GetNetDevice(interface) : nullptr;
        }
        Ipv6Header header;
        header.SetDestination(ToNs3Ipv6(destination));
        header.SetNextHeader(UdpL4Protocol::PROT_NUMBER);
        route.ipv6 = ipv6->GetRoutingProtocol()->RouteOutput(packet, header, device, error);
        if (!route.ipv6)
        {
            return std::nullopt;
        }
        route.source = ToCoreAddress(route.ipv6->GetSource());
        return route;
    }
    return std::nullopt;
}

std::optional<Address>
NtpSocketSet::RouteSource(const std::string& instance, const Address& destination) const
{
    Ptr<NetDevice> device = InstanceDevice(instance);
    if (!instance.empty() && !device)
    {
        return std::nullopt;
    }
    const std::optional<Route> route = RouteOut(device, ToCoreAddress(destination), nullptr, {});
    return route ? std::optional<Address>(ToNs3Address(route->source)) : std::nullopt;
}

template<typename EndPoint, typename Receiver>
void
NtpSocketSet::Hook(EndPoint* endPoint, Ptr<NetDevice> device, Receiver receive, std::size_t index)
{
    if (!endPoint)
    {
        return;
    }
    // ns-3 checks the device for duplicates when it allocates, but binds
    // only when asked (as UdpSocketImpl::Bind does after allocating).
    if (device)
    {
        endPoint->BindToNetDevice(device);
    }
    endPoint->SetRxCallback(MakeCallback(receive, this, index));
    endPoint->SetDestroyCallback(MakeCallback(&NtpSocketSet::EndPointDestroyed, this, index));
}

template<typename EndPoint>
void
NtpSocketSet::Release(EndPoint*& endPoint)
{
    // As a socket closes: UDP must not call back into a set that is gone.
    if (endPoint)
    {
        endPoint->SetDestroyCallback(MakeNullCallback<void>());
        m_udp->DeAllocate(endPoint);
        endPoint = nullptr;
    }
}

void
NtpSocketSet::Listen(const std::string& instance, bool ipv6)
{
    const uint32_t id = InstanceId(instance);
    for (const Listener& listener : m_listeners)
    {
        if (listener.instanceId == id && listener.ipv6 == ipv6)
        {
            return;
        }
    }
    NS_ABORT_MSG_IF(!m_udp, "NtpService needs UDP on node " << m_node->GetId());
    // A UDP endpoint of our own, as a socket has inside: the demultiplexer
    // hands it each datagram with its IP header, so the destination address
    // is known without a packet-info tag per datagram, and nothing is queued.
    const std::size_t index = m_listeners.size();
    Listener listener{id, ipv6};
    Ptr<NetDevice> device = InstanceDevice(instance);
    if (ipv6)
    {
        listener.endPoint6 = m_udp->Allocate6(device, m_port);
        Hook(listener.endPoint6, device, &NtpSocketSet::Receive<Ipv6Header, Ipv6Interface>, index);
    }
    else
    {
        listener.endPoint4 = m_udp->Allocate(device, m_port);
        Hook(listener.endPoint4, device, &NtpSocketSet::Receive<Ipv4Header, Ipv4Interface>, index);
    }
    if (!listener.endPoint4 && !listener.endPoint6)
    {
        NS_FATAL_ERROR("cannot bind NTP socket to port " << m_port << (ipv6 ? " (IPv6)" : "")
                                                         << " in instance \"" << instance
                                                         << "\" on node " << m_node->GetId());
    }
    m_listeners.push_back(listener);
}

void
NtpSocketSet::Open(uint16_t port, ReceiveCallback callback)
{
    m_port = port;
    m_callback = std::move(callback);
    // A router's NTP process owns every address of every interface: the
    // address a packet arrives on and the address it leaves from are
    // explicit, which is what source-interface semantics need. The addresses
    // are recorded per instance; one endpoint per instance and family, bound
    // to the wildcard address (and to the instance's device, so that
    // instances may share addresses), receives for all of them. One endpoint
    // per address would cost every received packet a scan of them all in
    // ns-3's endpoint demultiplexer: at a hub, one per peer.
    if (m_ipv4)
    {
        for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
        {
            Ptr<NetDevice> device = m_ipv4->GetNetDevice(i);
            if (IsInstanceDevice(device))
            {
                continue;
            }
            for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
            {
                const Ipv4Address local = m_ipv4->GetAddress(i, j).GetLocal();
                if (!local.IsLocalhost())
                {
                    const std::string instance = InstanceOfDevice(device);
                    m_locals.push_back({InstanceId(instance), ToCoreAddress(local)});
                    Listen(instance, false);
                }
            }
        }
    }
    if (m_ipv6)
    {
        for (uint32_t i = 0; i < m_ipv6->GetNInterfaces(); ++i)
        {
            Ptr<NetDevice> device = m_ipv6->GetNetDevice(i);
            if (IsInstanceDevice(device))
            {
                continue;
            }
            for (uint32_t j = 0; j < m_ipv6->GetNAddresses(i); ++j)
            {
                const Ipv6Address local = m_ipv6->GetAddress(i, j).GetAddress();
                if (!local.IsLocalhost() && !local.IsAny())
                {
                    const std::string instance = InstanceOfDevice(device);
                    m_locals.push_back({InstanceId(instance), ToCoreAddress(local)});
                    Listen(instance, true);
                }
            }
        }
    }
    std::sort(m_locals.begin(), m_locals.end());
    m_locals.erase(std::unique(m_locals.begin(), m_locals.end()), m_locals.end());
}

void
NtpSocketSet::Close()
{
    for (Listener& listener : m_listeners)
    {
        Release(listener.endPoint4);
        Release(listener.endPoint6);
    }
    m_listeners.clear();
    m_locals.clear();
    m_callback = nullptr;
}

void
NtpSocketSet::EndPointDestroyed(std::size_t listener)
{
    if (listener < m_listeners.size())
    {
        m_listeners[listener].endPoint4 = nullptr;
        m_listeners[listener].endPoint6 = nullptr;
    }
}

template<typename Header, typename Interface>
void
NtpSocketSet::Receive(std::size_t listener, Ptr<Packet> packet, Header header, uint16_t sourcePort,
                      Ptr<Interface> /* incoming */)
{
    const Listener& from = m_listeners[listener];
    Deliver(from, packet,
            ntp::Endpoint{ToCoreAddress(header.GetSource()), sourcePort, from.instanceId},
            ToCoreAddress(header.GetDestination()));
}

void
NtpSocketSet::Deliver(const Listener& listener, Ptr<Packet> packet, const ntp::Endpoint& remote,
                      const ntp::IpAddress& destination)
{
    // What a socket bound to each address would take: datagrams to an
    // address of this instance (not to a broadcast address, not to another
    // instance's address that an endpoint bound to no device sees).
    if (!IsLocal(listener.instanceId, destination) || !m_callback)
    {
        return;
    }
    m_callback(packet, remote, ntp::Endpoint{destination, m_port, listener.instanceId});
}

bool
NtpSocketSet::Send(Ptr<Packet> packet, uint32_t instance, const ntp::IpAddress& source,
                   const ntp::IpAddress& destination, uint16_t port, const Route& route)
{
    if (!IsLocal(instance, source))
    {
        return false;
    }
    // Straight to UDP with the route already looked up: a socket bound to an
    // address would hand ns-3's IP layer no route, and it would look the
    // destination up a second time.
    const Ptr<UdpL4Protocol>& udp = m_udp;
    if (route.ipv4)
    {
        udp->Send(packet->Copy(), Ipv4Address(source.GetV4()), Ipv4Address(destination.GetV4()),
                  m_port, port, route.ipv4);
    }
    else if (route.ipv6)
    {
        udp->Send(packet->Copy(), ToNs3Ipv6(source), ToNs3Ipv6(destination), m_port, port,
                  route.ipv6);
    }
    return true;
}

} // namespace ns3
