/*
 * Ground truth for NTP packets: the node that sent a packet, carried as an
 * ns-3 packet tag (never on the wire). A receiver learns from it which node
 * really answers behind a peer address, which addresses cannot tell when
 * VPNs overlap: the same address may be two routers in two VPNs.
 */
#ifndef NTP_ORIGIN_TAG_H
#define NTP_ORIGIN_TAG_H

#include "ns3/tag.h"

namespace ns3
{

class NtpOriginTag : public Tag
{
  public:
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

    void SetNodeId(uint32_t id);
    uint32_t GetNodeId() const;

  private:
    uint32_t m_nodeId{0};
};

} // namespace ns3

#endif // NTP_ORIGIN_TAG_H
