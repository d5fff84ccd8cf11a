#include "vrf-ipv6-local-delivery.h"

#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv6.h"

#include <cstring>

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

std::optional<uint32_t>
VrfSolicitingInterface(Ptr<Ipv6> ipv6, Ptr<const Packet> p, const Ipv6Header& header)
{
    // Ipv6L3Protocol picks the output interface of a solicitation by its
    // source address; when two instances have that address it may pick the
    // wrong one. The solicitation carries the sender's link-layer address,
    // which names the right interface.
    if (!p || header.GetNextHeader() != Icmpv6L4Protocol::PROT_NUMBER || p->GetSize() < 1)
    {
        return std::nullopt;
    }
    uint8_t type = 0;
    p->CopyData(&type, 1);
    if (type != Icmpv6Header::ICMPV6_ND_NEIGHBOR_SOLICITATION)
    {
        return std::nullopt;
    }
    Ptr<Packet> copy = p->Copy();
    Icmpv6NS solicitation;
    copy->RemoveHeader(solicitation);
    if (copy->GetSize() < 8)
    {
        return std::nullopt;
    }
    Icmpv6OptionLinkLayerAddress option(true);
    copy->RemoveHeader(option);
    uint8_t carried[Address::MAX_SIZE] = {};
    const uint32_t carriedLength = option.GetAddress().CopyTo(carried);
    for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
    {
        uint8_t own[Address::MAX_SIZE] = {};
        const uint32_t ownLength = ipv6->GetNetDevice(i)->GetAddress().CopyTo(own);
        if (ownLength > 0 && ownLength <= carriedLength
            && std::memcmp(own, carried, ownLength) == 0)
        {
            return i;
        }
    }
    return std::nullopt;
}

} // namespace ns3
