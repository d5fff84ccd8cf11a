#include "vrf-ipv6-local-delivery.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(VrfIpv6LocalDelivery);

TypeId
VrfIpv6LocalDelivery::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::VrfIpv6LocalDelivery").SetParent<IpL4Protocol>().SetGroupName("NtpPeer");
    return tid;
}

VrfIpv6LocalDelivery::VrfIpv6LocalDelivery(Ptr<IpL4Protocol> target,
                                           Ptr<Ipv6Interface> instanceInterface) :
    m_target(target), m_instanceInterface(instanceInterface)
{
}

void
VrfIpv6LocalDelivery::SetInstanceInterface(Ptr<Ipv6Interface> instanceInterface)
{
    m_instanceInterface = instanceInterface;
}

void
VrfIpv6LocalDelivery::DoDispose()
{
    m_target = nullptr;
    m_instanceInterface = nullptr;
    IpL4Protocol::DoDispose();
}

int
VrfIpv6LocalDelivery::GetProtocolNumber() const
{
    return m_target->GetProtocolNumber();
}

IpL4Protocol::RxStatus
VrfIpv6LocalDelivery::Receive(Ptr<Packet> p, const Ipv4Header& header, Ptr<Ipv4Interface> iif)
{
    return m_target->Receive(p, header, iif); // registered for IPv6 only; kept whole anyway
}

IpL4Protocol::RxStatus
VrfIpv6LocalDelivery::Receive(Ptr<Packet> p, const Ipv6Header& header, Ptr<Ipv6Interface>)
{
    return m_target->Receive(p, header, m_instanceInterface);
}

void
VrfIpv6LocalDelivery::ReceiveIcmp(Ipv6Address icmpSource, uint8_t icmpTtl, uint8_t icmpType,
                                  uint8_t icmpCode, uint32_t icmpInfo, Ipv6Address payloadSource,
                                  Ipv6Address payloadDestination, const uint8_t payload[8])
{
    m_target->ReceiveIcmp(icmpSource, icmpTtl, icmpType, icmpCode, icmpInfo, payloadSource,
                          payloadDestination, payload);
}

void
VrfIpv6LocalDelivery::SetDownTarget(DownTargetCallback /* cb */)
{
    // The real protocol sends; a stand-in only receives.
}

void
VrfIpv6LocalDelivery::SetDownTarget6(DownTargetCallback6 /* cb */)
{
}

IpL4Protocol::DownTargetCallback
VrfIpv6LocalDelivery::GetDownTarget() const
{
    return m_target->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
VrfIpv6LocalDelivery::GetDownTarget6() const
{
    return m_target->GetDownTarget6();
}

} // namespace ns3
