/*
 * A packet tag that names the routing instance (VRF) a locally generated
 * packet is to be routed in, for the sends where the routing protocol is
 * not told the socket's bound device: ns-3.37's UdpSocketImpl, for a socket
 * bound to a specific local address, leaves the route to Ipv4L3Protocol /
 * Ipv6L3Protocol, which ask RouteOutput with no output device. The tag
 * carries the node-level index (NetDevice::GetIfIndex) of the instance's
 * VrfNetDevice: it is the same for IPv4 and IPv6 and fits a packet tag,
 * which an instance name would not. Ipv4VrfRouting and Ipv6VrfRouting read
 * it (and remove it, so that it never leaves the node) when RouteOutput has
 * no output device. VrfHelper::TagPacket sets it from an instance name.
 */
#ifndef VRF_INSTANCE_TAG_H
#define VRF_INSTANCE_TAG_H

#include "ns3/tag.h"

namespace ns3
{

class VrfInstanceTag : public Tag
{
  public:
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    explicit VrfInstanceTag(uint32_t ifIndex = 0);
    /// The node-level index of the instance's VrfNetDevice.
    void SetIfIndex(uint32_t ifIndex);
    uint32_t GetIfIndex() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

  private:
    uint32_t m_ifIndex;
};

} // namespace ns3

#endif // VRF_INSTANCE_TAG_H
