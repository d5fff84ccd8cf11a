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

uint32_t
VrfInstanceTag::GetSerializedSize() const
{
    return 4;
}

void
VrfInstanceTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU32(m_deviceIndex);
}

void
VrfInstanceTag::Deserialize(TagBuffer buffer)
{
    m_deviceIndex = buffer.ReadU32();
}

void
VrfInstanceTag::Print(std::ostream& os) const
{
    os << "device=" << m_deviceIndex;
}

void
VrfInstanceTag::SetDeviceIndex(uint32_t index)
{
    m_deviceIndex = index;
}

uint32_t
VrfInstanceTag::GetDeviceIndex() const
{
    return m_deviceIndex;
}

} // namespace ns3
