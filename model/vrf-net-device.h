/*
 * The device that stands for one routing instance (VRF) on a node, as
 * Linux's l3mdev "vrf" device does: a socket bound to it with
 * Socket::BindToNetDevice lives in the instance. Ipv4VrfRouting and
 * Ipv6VrfRouting route the socket's packets with the instance's table
 * (UdpSocketImpl passes the bound device as the output interface; a socket
 * bound to a specific address tags its packets instead, see VrfInstanceTag)
 * and deliver the instance's local packets as if they had arrived on this
 * device, which is what ns-3's Ipv4EndPointDemux / Ipv6EndPointDemux compare
 * a bound socket's device with. The public network ("") has one too, once
 * the node has a VPN instance. It never carries
 * a frame itself: routes always point at the instance's real interfaces.
 */
#ifndef VRF_NET_DEVICE_H
#define VRF_NET_DEVICE_H

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"

#include <string>

namespace ns3
{

class VrfNetDevice : public NetDevice
{
  public:
    static TypeId GetTypeId();
    VrfNetDevice();

    /// The routing instance this device stands for.
    void SetInstanceName(const std::string& instance);
    std::string GetInstanceName() const;

    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    /// Refuses every frame: nothing is ever routed out of an instance device.
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet, const Address& source, const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;

  private:
    std::string m_instance;
    Ptr<Node> m_node;
    uint32_t m_ifIndex{0};
    uint16_t m_mtu{65535};
    Mac48Address m_address;
};

} // namespace ns3

#endif // VRF_NET_DEVICE_H
