#include "vrf-instance-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(VrfInstanceTag);

TypeId
VrfInstanceTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::VrfInstanceTag")
                            .SetParent<Tag>()
                            .SetGroupName("NtpPeer")
                            .AddConstructor<VrfInstanceTag>();
    return tid;
}

TypeId
VrfInstanceTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

VrfInstanceTag::VrfInstanceTag(uint32_t ifIndex) : m_ifIndex(ifIndex) {}

void
VrfInstanceTag::SetIfIndex(uint32_t ifIndex)
{
    m_ifIndex = ifIndex;
}

uint32_t
VrfInstanceTag::GetIfIndex() const
{
    return m_ifIndex;
}

uint32_t
VrfInstanceTag::GetSerializedSize() const
{
    return sizeof(uint32_t);
}

void
VrfInstanceTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU32(m_ifIndex);
}

void
VrfInstanceTag::Deserialize(TagBuffer buffer)
{
    m_ifIndex = buffer.ReadU32();
}

void
VrfInstanceTag::Print(std::ostream& os) const
{
    os << "vrf-device-ifindex=" << m_ifIndex;
}

} // namespace ns3
