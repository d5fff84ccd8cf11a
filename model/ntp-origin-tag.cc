#include "ntp-origin-tag.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NtpOriginTag);

TypeId
NtpOriginTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NtpOriginTag")
                            .SetParent<Tag>()
                            .SetGroupName("NtpPeer")
                            .AddConstructor<NtpOriginTag>();
    return tid;
}

TypeId
NtpOriginTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
NtpOriginTag::GetSerializedSize() const
{
    return 4;
}

void
NtpOriginTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU32(m_nodeId);
}

void
NtpOriginTag::Deserialize(TagBuffer buffer)
{
    m_nodeId = buffer.ReadU32();
}

void
NtpOriginTag::Print(std::ostream& os) const
{
    os << "node=" << m_nodeId;
}

void
NtpOriginTag::SetNodeId(uint32_t id)
{
    m_nodeId = id;
}

uint32_t
NtpOriginTag::GetNodeId() const
{
    return m_nodeId;
}

} // namespace ns3
