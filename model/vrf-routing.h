/*
 * IPv4 routing with VPN instances (VRFs), as a provider-edge router runs
 * them: every interface belongs to the public network (instance "") or to
 * one named instance, and each instance has its own routing table. A packet
 * is routed, delivered locally and answered within the instance of the
 * interface it arrived on, so two instances may use the same addresses.
 *
 * Sockets live in an instance the way Linux's l3mdev does it: each instance
 * has a VrfNetDevice on the node; a socket bound to it (BindToNetDevice)
 * sends with the instance's table and receives the instance's local packets,
 * which are handed up as if they had arrived on that device. A socket bound
 * to a specific address tags its packets (VrfInstanceTag) instead: ns-3
 * routes them without the bound device. IPv6: Ipv6VrfRouting.
 *
 * Connected routes are not stored: a lookup takes the networks of the
 * instance's interfaces that are up, so assigning an interface to another
 * instance moves its networks at once and they never appear in another
 * instance's table.
 */
#ifndef VRF_ROUTING_H
#define VRF_ROUTING_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/traced-callback.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class VrfInstanceTag;

class Ipv4VrfRouting : public Ipv4RoutingProtocol
{
  public:
    /// One route of an instance's table (connected routes have gateway 0.0.0.0).
    struct Route
    {
        Ipv4Address network;
        Ipv4Mask mask;
        Ipv4Address gateway;
        uint32_t interface;
        uint32_t metric;
        bool computed; ///< added by PopulateRoutingTables, replaced when it runs again
    };

    static TypeId GetTypeId();
    Ipv4VrfRouting();

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
    void AddNetworkRoute(const std::string& instance, Ipv4Address network, Ipv4Mask mask,
                         Ipv4Address gateway, uint32_t interface, uint32_t metric = 0);
    void AddHostRoute(const std::string& instance, Ipv4Address host, Ipv4Address gateway,
                      uint32_t interface, uint32_t metric = 0);
    /// Adds a route as given (VrfHelper::PopulateRoutingTables adds computed ones).
    void AddRoute(const std::string& instance, const Route& route);
    /// Removes the computed routes (VrfHelper::PopulateRoutingTables recomputes them).
    void RemoveComputedRoutes();
    /// Stored routes of an instance (connected routes are not stored, see above).
    std::vector<Route> GetRoutes(const std::string& instance) const;
    /// The route a lookup picks in an instance (longest prefix, then lowest metric).
    std::optional<Route> Lookup(const std::string& instance, Ipv4Address destination,
                                std::optional<uint32_t> onlyInterface = std::nullopt) const;

    /**
     * Routes a packet of this node. The instance is the one of oif (a socket's
     * bound device; a real interface also restricts the route to itself), else
     * the one a VrfInstanceTag on the packet names (removed here), else the
     * public network. A tag naming no VrfNetDevice of this node: no route.
     */
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    /// Signature of the "Drop" trace: the packet, its instance and why.
    typedef void (*DropTracedCallback)(const Ipv4Header& header, Ptr<const Packet> packet,
                                       const std::string& instance, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    /// The instance whose VrfNetDevice the tag names (none if it names no such device).
    std::optional<std::string> InstanceOfTag(const VrfInstanceTag& tag) const;
    /// The interface of the instance that has this address, if any.
    std::optional<uint32_t> LocalInterfaceOf(const std::string& instance,
                                             Ipv4Address address) const;
    bool IsLocalBroadcast(uint32_t interface, Ipv4Address destination) const;
    Ptr<Ipv4Route> MakeRoute(const Route& route, Ipv4Address destination) const;
    /// The interface's address facing the next hop (its first one otherwise).
    Ipv4Address SourceFor(uint32_t interface, Ipv4Address nextHop) const;

    Ptr<Ipv4> m_ipv4;
    std::map<uint32_t, std::string> m_instanceOf;     ///< interfaces not listed are public
    std::map<std::string, uint32_t> m_instanceDevice; ///< instance -> its VrfNetDevice interface
    std::map<std::string, std::vector<Route>> m_tables;
    TracedCallback<const Ipv4Header&, Ptr<const Packet>, const std::string&, const std::string&>
        m_dropTrace;
};

} // namespace ns3

#endif // VRF_ROUTING_H
