#include "vrf-net-device.h"

#include "ns3/channel.h"
#include "ns3/log.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VrfNetDevice");
NS_OBJECT_ENSURE_REGISTERED(VrfNetDevice);

TypeId
VrfNetDevice::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::VrfNetDevice")
              .SetParent<NetDevice>()
              .SetGroupName("NtpPeer")
              .AddConstructor<VrfNetDevice>()
              .AddAttribute("Instance", "Name of the routing instance the device stands for.",
                            StringValue(""), MakeStringAccessor(&VrfNetDevice::m_instance),
                            MakeStringChecker());
    return tid;
}

VrfNetDevice::VrfNetDevice() : m_address(Mac48Address::Allocate()) {}

void
VrfNetDevice::DoDispose()
{
    m_node = nullptr;
    NetDevice::DoDispose();
}

void
VrfNetDevice::SetInstanceName(const std::string& instance)
{
    m_instance = instance;
}

std::string
VrfNetDevice::GetInstanceName() const
{
    return m_instance;
}

void
VrfNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
VrfNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
VrfNetDevice::GetChannel() const
{
    return nullptr;
}

void
VrfNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
VrfNetDevice::GetAddress() const
{
    return m_address;
}

bool
VrfNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
VrfNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
VrfNetDevice::IsLinkUp() const
{
    // Up, so that Ipv4L3Protocol accepts the packets the instance loops back
    // to itself through this device's interface.
    return true;
}

void
VrfNetDevice::AddLinkChangeCallback(Callback<void> /* callback */)
{
}

bool
VrfNetDevice::IsBroadcast() const
{
    return false;
}

Address
VrfNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
VrfNetDevice::IsMulticast() const
{
    return false;
}

Address
VrfNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
VrfNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
VrfNetDevice::IsBridge() const
{
    return false;
}

bool
VrfNetDevice::IsPointToPoint() const
{
    return false;
}

bool
VrfNetDevice::Send(Ptr<Packet> /* packet */, const Address& /* dest */,
                   uint16_t /* protocolNumber */)
{
    NS_LOG_WARN("instance device " << m_instance << " refused a frame: no route points at it");
    return false;
}

bool
VrfNetDevice::SendFrom(Ptr<Packet> packet, const Address& /* source */, const Address& dest,
                       uint16_t protocolNumber)
{
    return Send(packet, dest, protocolNumber);
}

Ptr<Node>
VrfNetDevice::GetNode() const
{
    return m_node;
}

void
VrfNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
VrfNetDevice::NeedsArp() const
{
    return false;
}

void
VrfNetDevice::SetReceiveCallback(ReceiveCallback /* cb */)
{
    // Nothing ever arrives from a wire: the node's protocol handlers are
    // reached through Ipv4Interface's own loop-back of local packets.
}

void
VrfNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback /* cb */)
{
}

bool
VrfNetDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace ns3
