/*
 * Local delivery of IPv6 packets to the sockets of a routing instance (VRF).
 * ns-3.37's Ipv6L3Protocol::Receive delivers a packet for an address of the
 * interface it arrived on without asking the routing protocol, and hands it
 * to the transport protocol with that interface as the incoming one; a
 * socket bound to the instance's VrfNetDevice (Ipv6EndPointDemux compares
 * the incoming interface's device with it) would never receive it.
 * Ipv6L3Protocol::LocalDeliver first looks for a transport protocol
 * registered for the incoming interface (Ipv6::Insert(protocol, interface)):
 * Ipv6VrfRouting registers one of these there, which hands the packet to the
 * real protocol with the instance device's interface as the incoming one.
 *
 * Also here: the choice of output interface for a neighbour solicitation
 * from an address several instances share.
 */
#ifndef VRF_IPV6_LOCAL_DELIVERY_H
#define VRF_IPV6_LOCAL_DELIVERY_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/packet.h"

#include <optional>

namespace ns3
{

/// Stands in for a transport protocol on one real interface of an instance. It never sends.
class VrfIpv6LocalDelivery : public IpL4Protocol
{
  public:
    static TypeId GetTypeId();
    VrfIpv6LocalDelivery(Ptr<IpL4Protocol> target, Ptr<Ipv6Interface> instanceInterface);
    /// The interface of the instance's VrfNetDevice the packets are handed up on.
    void SetInstanceInterface(Ptr<Ipv6Interface> instanceInterface);

    int GetProtocolNumber() const override;
    RxStatus Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> iif) override;
    /// Hands the packet to the real protocol as if it had arrived on the instance device.
    RxStatus Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface> iif) override;
    void ReceiveIcmp(Ipv6Address icmpSource, uint8_t icmpTtl, uint8_t icmpType, uint8_t icmpCode,
                     uint32_t icmpInfo, Ipv6Address payloadSource, Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
    void SetDownTarget(DownTargetCallback cb) override;
    void SetDownTarget6(DownTargetCallback6 cb) override;
    DownTargetCallback GetDownTarget() const override;
    DownTargetCallback6 GetDownTarget6() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<IpL4Protocol> m_target;
    Ptr<Ipv6Interface> m_instanceInterface;
};

class Ipv6;

/**
 * For a neighbour solicitation (ICMPv6 in p, IPv6 header apart): the
 * interface of ipv6 whose device has the link-layer address the solicitation
 * carries; none for any other packet. Ipv6L3Protocol picks a solicitation's
 * output interface by its source address, which is ambiguous when two
 * instances of a router have that address.
 */
std::optional<uint32_t> VrfSolicitingInterface(Ptr<Ipv6> ipv6, Ptr<const Packet> p,
                                               const Ipv6Header& header);

} // namespace ns3

#endif // VRF_IPV6_LOCAL_DELIVERY_H
