/*
 * IPv6 routing with VPN instances (VRFs), with the semantics of
 * Ipv4VrfRouting (see vrf-routing.h): every interface belongs to the public
 * network ("") or to one named instance, each instance has its own table
 * (connected prefixes of its interfaces, static and computed routes; longest
 * prefix, then lowest metric), and packets are delivered, forwarded and
 * answered within the instance of the interface they arrived on.
 *
 * Link-local prefixes are per interface: a link-local destination is only
 * routed with a given output interface (Ipv6L3Protocol gives the interface of
 * a link-local source), never forwarded.
 *
 * Local delivery needs more than RouteInput in IPv6: ns-3.37's
 * Ipv6L3Protocol::Receive delivers a packet for an address of the arrival
 * interface itself (strong end-system model), with the arrival interface as
 * the incoming one, so a socket bound to an instance's VrfNetDevice would
 * never match it. This protocol therefore registers, on every real interface
 * of an instance that has a VrfNetDevice, an interface-specific stand-in for
 * each transport protocol except ICMPv6 (Ipv6::Insert(protocol, interface),
 * which Ipv6L3Protocol::LocalDeliver consults first); the stand-in hands the
 * packet to the real protocol with the instance device's interface as the
 * incoming one. ICMPv6 keeps the real interface: neighbour discovery needs it.
 * Packets for an address of another interface of the same instance reach
 * RouteInput, which delivers them on the instance device's interface too.
 * This relies on the strong end-system model (Ipv6L3Protocol's
 * "StrongEndSystemModel", true by default); VrfHelper sets it on nodes with
 * instances, because the weak model would deliver another instance's
 * addresses locally.
 */
#ifndef VRF_IPV6_ROUTING_H
#define VRF_IPV6_ROUTING_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class VrfInstanceTag;

class Ipv6VrfRouting : public Ipv6RoutingProtocol
{
  public:
    /// One route of an instance's table (connected routes have gateway ::).
    struct Route
    {
        Ipv6Address network;
        Ipv6Prefix prefix;
        Ipv6Address gateway;
        uint32_t interface;
        uint32_t metric;
        bool computed; ///< added by PopulateRoutingTables, replaced when it runs again
    };

    static TypeId GetTypeId();
    Ipv6VrfRouting();

    /// Puts an interface in an instance ("" is the public network, every interface's default).
    void AssignInterface(uint32_t interface, const std::string& instance);
    std::string GetInstanceOf(uint32_t interface) const;
    /// Declares the interface of an instance's VrfNetDevice (and puts it in the instance).
    void SetInstanceInterface(const std::string& instance, uint32_t interface);
    /// The interface of the instance's VrfNetDevice, if it has one.
    std::optional<uint32_t> GetInstanceInterface(const std::string& instance) const;
    /// Every instance that has an interface, "" included.
    std::vector<std::string> GetInstances() const;
    /// Real interfaces (not the instance devices) of an instance.
    std::vector<uint32_t> GetInterfacesOf(const std::string& instance) const;
    bool IsInstanceInterface(uint32_t interface) const;

    /// Static routes; the interface must belong to the instance (aborts otherwise).
    void AddNetworkRoute(const std::string& instance, Ipv6Address network, Ipv6Prefix prefix,
                         Ipv6Address gateway, uint32_t interface, uint32_t metric = 0);
    void AddHostRoute(const std::string& instance, Ipv6Address host, Ipv6Address gateway,
                      uint32_t interface, uint32_t metric = 0);
    /// Adds a route as given (VrfHelper::PopulateRoutingTables adds computed ones).
    void AddRoute(const std::string& instance, const Route& route);
    /// Removes the computed routes (VrfHelper::PopulateRoutingTables recomputes them).
    void RemoveComputedRoutes();
    /// Stored routes of an instance (connected routes are not stored).
    std::vector<Route> GetRoutes(const std::string& instance) const;
    /// The route a lookup picks in an instance (longest prefix, then lowest metric).
    std::optional<Route> Lookup(const std::string& instance, Ipv6Address destination,
                                std::optional<uint32_t> onlyInterface = std::nullopt) const;

    /**
     * Routes a packet of this node. The instance is the one of oif (a socket's
     * bound device; a real interface also restricts the route to itself), else
     * the one a VrfInstanceTag on the packet names (removed here), else the
     * public network. Multicast needs a real output interface.
     */
    Ptr<Ipv6Route> RouteOutput(Ptr<Packet> p, const Ipv6Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv6Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv6InterfaceAddress address) override;
    void NotifyAddRoute(Ipv6Address dst, Ipv6Prefix mask, Ipv6Address nextHop, uint32_t interface,
                        Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void NotifyRemoveRoute(Ipv6Address dst, Ipv6Prefix mask, Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse = Ipv6Address::GetZero()) override;
    void SetIpv6(Ptr<Ipv6> ipv6) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    /// Signature of the "Drop" trace: the packet, its instance and why.
    typedef void (*DropTracedCallback)(const Ipv6Header& header, Ptr<const Packet> packet,
                                       const std::string& instance, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    /// The instance whose VrfNetDevice the tag names (none if it names no such device).
    std::optional<std::string> InstanceOfTag(const VrfInstanceTag& tag) const;
    /// The interface of the instance that has this (non link-local) address, if any.
    std::optional<uint32_t> LocalInterfaceOf(const std::string& instance,
                                             Ipv6Address address) const;
    /// The interface's address best suited to reach a destination.
    Ipv6Address SourceFor(uint32_t interface, Ipv6Address destination) const;
    Ptr<Ipv6Route> MakeRoute(uint32_t interface, Ipv6Address destination, Ipv6Address gateway,
                             Ipv6Address source) const;
    /// Installs or removes the local-delivery stand-ins (see the file comment).
    void UpdateLocalDelivery();

    Ptr<Ipv6> m_ipv6;
    std::map<uint32_t, std::string> m_instanceOf;     ///< interfaces not listed are public
    std::map<std::string, uint32_t> m_instanceDevice; ///< instance -> its VrfNetDevice interface
    std::map<std::string, std::vector<Route>> m_tables;
    /// (protocol number, interface) -> the stand-in registered for it
    std::map<std::pair<int, uint32_t>, Ptr<IpL4Protocol>> m_standIns;
    TracedCallback<const Ipv6Header&, Ptr<const Packet>, const std::string&, const std::string&>
        m_dropTrace;
};

} // namespace ns3

#endif // VRF_IPV6_ROUTING_H
