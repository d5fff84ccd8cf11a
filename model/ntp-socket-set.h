/*
 * The sockets of a node's NTP service and where its packets live: every
 * interface address (IPv4 and IPv6, link-local included) in the routing
 * instance (VPN instance, VRF) of that interface, received on one wildcard
 * UDP endpoint per instance and family and sent from explicitly, the numbering of
 * the instances the protocol core sees (Endpoint::instance: 0 is the public
 * network), and the routing questions the service asks before it sends:
 * which source address the instance's table gives, whether it has a route at
 * all, and which instance an address or an interface belongs to.
 *
 * Instances come from the node's Ipv4VrfRouting (model/vrf-routing.h), the
 * instance of a device being that of its IPv4 interface (VrfHelper assigns
 * both families, Ipv6VrfRouting routes IPv6 the same way); a node without
 * it has the public network only. Endpoints of an instance are bound to its
 * VrfNetDevice; what is sent goes out along a route looked up in the
 * instance's table.
 */
#ifndef NTP_SOCKET_SET_H
#define NTP_SOCKET_SET_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-end-point.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/udp-l4-protocol.h"
#include "ntp-address.h"
#include "vrf-routing.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/// An ns-3 address (Ipv4Address or Ipv6Address in an Address) as the core's.
ntp::IpAddress ToCoreAddress(const Address& address);
ntp::IpAddress ToCoreAddress(Ipv4Address address);
ntp::IpAddress ToCoreAddress(const Ipv6Address& address);
/// The core's address as an ns-3 one (an empty Address for an unspecified one).
Address ToNs3Address(const ntp::IpAddress& address);
/// Ipv4Address or Ipv6Address held by an Address, printed.
std::string PrintAddress(const Address& address);
/// An IPv6 link-local address (as ns-3's Ipv6Address::IsLinkLocal says).
bool IsLinkLocal(const Address& address);
bool IsLinkLocal(const ntp::IpAddress& address);

class NtpSocketSet
{
  public:
    /// A received datagram (with its packet tags), the sender and the local
    /// end (address, port, instance).
    using ReceiveCallback = std::function<void(Ptr<Packet> packet, const ntp::Endpoint& remote,
                                               const ntp::Endpoint& local)>;

    void SetNode(Ptr<Node> node);

    /// The number the core knows an instance by ("" is 0); numbers are given
    /// in the order instances are first asked for and never change.
    uint32_t InstanceId(const std::string& instance);
    const std::string& InstanceName(uint32_t id) const;
    /// The node has this instance ("" always).
    bool HasInstance(const std::string& instance) const;
    /// Every instance of the node, "" first.
    std::vector<std::string> Instances() const;

    /// The instance of an interface (an IPv4 interface index, as NtpService's
    /// interface numbers are); nullopt if there is no such interface.
    std::optional<std::string> InstanceOfInterface(int32_t interface) const;
    /// The interface's first address of a family (IPv6: the first global
    /// one, or the link-local one if asked for); nullopt if it has none.
    std::optional<Address> InterfaceAddress(int32_t interface, bool ipv6,
                                            bool linkLocal = false) const;
    /// The instances in which the node owns this address.
    std::vector<std::string> InstancesWithAddress(const ntp::IpAddress& address) const;

    /// A route out of an instance: the source address its table picks, and
    /// the route of the destination's family.
    struct Route
    {
        ntp::IpAddress source;
        Ptr<Ipv4Route> ipv4;
        Ptr<Ipv6Route> ipv6;
    };

    /// The instance's route to `destination` for `packet` (null: a probe);
    /// nullopt when the instance has no route to it. `source`, if valid, is
    /// the address the packet will leave from: an IPv6 link-local source or
    /// destination routes out of the source's interface, as ns-3's IPv6
    /// layer does.
    std::optional<Route> RouteTo(uint32_t instance, const ntp::IpAddress& destination,
                                 Ptr<Packet> packet = nullptr,
                                 const ntp::IpAddress& source = ntp::IpAddress()) const;

    /// The source address the instance's table picks for a destination;
    /// nullopt when the instance has no route to it.
    std::optional<Address> RouteSource(const std::string& instance,
                                       const Address& destination) const;

    /// Listens on `port` on every interface address of the node.
    void Open(uint16_t port, ReceiveCallback callback);
    void Close();

    /// Sends from (instance, source) along `route` (RouteTo's), as a socket
    /// bound there would, with one routing lookup per packet: the route's.
    /// False if the instance does not own `source`.
    bool Send(Ptr<Packet> packet, uint32_t instance, const ntp::IpAddress& source,
              const ntp::IpAddress& destination, uint16_t port, const Route& route);

  private:
    /// A listening UDP endpoint: the wildcard address of one instance and
    /// family (only one of the two pointers is set; null once closed or
    /// once UDP has destroyed it).
    struct Listener
    {
        uint32_t instanceId;
        bool ipv6;
        Ipv4EndPoint* endPoint4{nullptr};
        Ipv6EndPoint* endPoint6{nullptr};
    };

    /// An address of the node in an instance: where datagrams are taken and
    /// what they may be sent from.
    struct Local
    {
        uint32_t instanceId;
        ntp::IpAddress address;

        bool operator<(const Local& other) const
        {
            return instanceId != other.instanceId ? instanceId < other.instanceId
                                                  : address < other.address;
        }

        bool operator==(const Local& other) const
        {
            return instanceId == other.instanceId && address == other.address;
        }
    };

    void Listen(const std::string& instance, bool ipv6);
    /// An endpoint's receive callback (Ipv4Header/Ipv4Interface or the IPv6 pair).
    template<typename Header, typename Interface>
    void Receive(std::size_t listener, Ptr<Packet> packet, Header header, uint16_t sourcePort,
                 Ptr<Interface> incoming);
    /// Binds a new endpoint (if allocated) to `device` and hooks it to listener `index`.
    template<typename EndPoint, typename Receiver>
    void Hook(EndPoint* endPoint, Ptr<NetDevice> device, Receiver receive, std::size_t index);
    /// Unhooks and deallocates an endpoint, as a socket does when it closes.
    template<typename EndPoint>
    void Release(EndPoint*& endPoint);
    /// UDP is tearing the endpoint down (the node is being disposed).
    void EndPointDestroyed(std::size_t listener);
    /// Hands a datagram to the callback if it is addressed to one of the
    /// instance's own addresses.
    void Deliver(const Listener& listener, Ptr<Packet> packet, const ntp::Endpoint& remote,
                 const ntp::IpAddress& destination);
    bool IsLocal(uint32_t instance, const ntp::IpAddress& address) const;
    /// The VrfNetDevice of an instance, null for the public network without one.
    Ptr<NetDevice> InstanceDevice(const std::string& instance) const;
    /// RouteTo with the instance's device already found.
    std::optional<Route> RouteOut(Ptr<NetDevice> device, const ntp::IpAddress& destination,
                                  Ptr<Packet> packet, const ntp::IpAddress& source) const;
    std::string InstanceOfDevice(Ptr<NetDevice> device) const;
    bool IsInstanceDevice(Ptr<NetDevice> device) const;

    Ptr<Node> m_node;
    // The node's stacks, looked up once (aggregated objects stay).
    Ptr<Ipv4> m_ipv4;
    Ptr<Ipv6> m_ipv6;
    Ptr<UdpL4Protocol> m_udp;
    uint16_t m_port{123};
    ReceiveCallback m_callback;
    std::map<std::string, uint32_t> m_ids{{"", 0}};
    std::vector<std::string> m_names{""}; ///< by id
    std::vector<Listener> m_listeners;
    /// The node's addresses as Open found them, sorted (a lookup per packet
    /// each way; a flat array is the cheapest for a router's few addresses
    /// and stays logarithmic at a hub's thousands).
    std::vector<Local> m_locals;
    /// The routing protocol VrfRoutingOf() last saw, and what it made of it
    /// (a dynamic cast per packet otherwise).
    mutable Ptr<Ipv4RoutingProtocol> m_routingSeen;
    mutable Ptr<Ipv4VrfRouting> m_vrfRouting;

    /// The node's Ipv4VrfRouting, if that is its routing protocol.
    Ptr<Ipv4VrfRouting> VrfRouting() const;
};

} // namespace ns3

#endif // NTP_SOCKET_SET_H
