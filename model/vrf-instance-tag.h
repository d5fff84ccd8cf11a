/*
 * Placeholder until the VRF block's own tag lands (issue #9): names the
 * instance of a packet sent from a socket bound to a specific address.
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
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

    void SetDeviceIndex(uint32_t index);
    uint32_t GetDeviceIndex() const;

  private:
    uint32_t m_deviceIndex{0};
};

} // namespace ns3

#endif
