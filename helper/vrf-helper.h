/*
 * Sets up VPN instances (VRFs) on IPv4 and IPv6 nodes and computes their routes:
 *
 *   InternetStackHelper internet;
 *   internet.SetRoutingHelper(Ipv4VrfRoutingHelper()); // every node, CEs too
 *   internet.SetRoutingHelper(Ipv6VrfRoutingHelper()); // the same for IPv6
 *   internet.Install(nodes);
 *   ... addresses ...
 *   VrfHelper::AssignInstance(peDeviceTowardsCeA, "vpnA");
 *   VrfHelper::PopulateRoutingTables();
 *   Ptr<Socket> s = Socket::CreateSocket(pe, UdpSocketFactory::GetTypeId());
 *   VrfHelper::BindSocket(s, "vpnA"); // before Bind
 *   s->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7));
 *
 * A socket bound to a specific address (Bind(InetSocketAddress(addr, port)) or
 * Inet6SocketAddress) after BindSocket must tag each packet it sends:
 *   VrfHelper::TagPacket(packet, node, "vpnA");
 *
 * Nothing here knows about any application: it is plain IP routing.
 */
#ifndef VRF_HELPER_H
#define VRF_HELPER_H

#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv6-routing-helper.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "vrf-instance-tag.h"
#include "vrf-ipv6-routing.h"
#include "vrf-net-device.h"
#include "vrf-routing.h"

#include <string>

namespace ns3
{

/// For InternetStackHelper::SetRoutingHelper: every node gets an Ipv4VrfRouting.
class Ipv4VrfRoutingHelper : public Ipv4RoutingHelper
{
  public:
    Ipv4VrfRoutingHelper* Copy() const override;
    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override;
};

/// For InternetStackHelper::SetRoutingHelper: every node gets an Ipv6VrfRouting.
class Ipv6VrfRoutingHelper : public Ipv6RoutingHelper
{
  public:
    Ipv6VrfRoutingHelper* Copy() const override;
    Ptr<Ipv6RoutingProtocol> Create(Ptr<Node> node) const override;
};

class VrfHelper
{
  public:
    /// Replaces the routing protocol(s) of nodes that already have an Internet stack
    /// (Ipv4VrfRouting for IPv4, Ipv6VrfRouting for IPv6, whichever the node has).
    static void Install(NodeContainer nodes);
    /// The node's Ipv4VrfRouting (null if it runs another protocol or has no IPv4).
    static Ptr<Ipv4VrfRouting> GetRouting(Ptr<Node> node);
    /// The node's Ipv6VrfRouting (null if it runs another protocol or has no IPv6).
    static Ptr<Ipv6VrfRouting> GetRouting6(Ptr<Node> node);
    /// The instance of a device ("" = public; a VrfNetDevice's own instance), for both families.
    static std::string GetInstanceOf(Ptr<NetDevice> device);

    /**
     * Creates the instance's device on the node once (later calls return it).
     * The first call also creates the device of the public network (""), so
     * that public packets, too, reach sockets bound to an instance device;
     * AddInstance(node, "") creates that one alone.
     */
    static Ptr<VrfNetDevice> AddInstance(Ptr<Node> node, const std::string& instance);
    /// The instance's device on the node ("" = public; null if the node has none).
    static Ptr<VrfNetDevice> GetVrfDevice(Ptr<Node> node, const std::string& instance);
    /**
     * Puts the device's interfaces (IPv4 and IPv6, whichever it has on a family
     * routed by VRF) in an instance ("" = public), creating the instance. Call
     * it after the interfaces exist (after the addresses are assigned).
     */
    static void AssignInstance(Ptr<NetDevice> device, const std::string& instance);
    /// Puts a socket in an instance of its node ("" = public); call it before Bind.
    static void BindSocket(Ptr<Socket> socket, const std::string& instance);
    /**
     * Marks a packet to be routed in an instance of the node when the routing
     * gets no output device: what a socket bound to a specific address needs
     * (see VrfInstanceTag). "" removes the tag: such packets are routed in the
     * public network. Aborts if the node has no such instance.
     */
    static void TagPacket(Ptr<Packet> packet, Ptr<Node> node, const std::string& instance);

    /**
     * Computes the routes of every instance of every node that runs
     * Ipv4VrfRouting, then the same for Ipv6VrfRouting: shortest paths (sum of the output
     * interfaces' metrics) over the channels between the nodes, where a path that enters a node
     * through an interface of some instance may leave it only through
     * interfaces of that same instance. Every network of a reachable
     * instance becomes a route of the table it was reached from. Routes it
     * computed before are replaced; static routes are kept. IPv6 routes take
     * global prefixes only and the neighbour's link-local address as gateway.
     */
    static void PopulateRoutingTables();
};

} // namespace ns3

#endif // VRF_HELPER_H
