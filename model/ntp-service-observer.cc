/*
 * NtpService as the core's observer: the core's events become the service's
 * trace sources, with ground truth (which node really answered) beside
 * them.
 */
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ntp-service.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpServiceObserver");

Ptr<NtpClock>
NtpService::FindClock(const Address& address)
{
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        if (Ipv4Address::IsMatchingType(address))
        {
            Ptr<Ipv4> ipv4 = (*it)->GetObject<Ipv4>();
            if (ipv4 && ipv4->GetInterfaceForAddress(Ipv4Address::ConvertFrom(address)) >= 0)
            {
                return (*it)->GetObject<NtpClock>();
            }
        }
        else if (Ipv6Address::IsMatchingType(address))
        {
            Ptr<Ipv6> ipv6 = (*it)->GetObject<Ipv6>();
            if (ipv6 && ipv6->GetInterfaceForAddress(Ipv6Address::ConvertFrom(address)) >= 0)
            {
                return (*it)->GetObject<NtpClock>();
            }
        }
    }
    return nullptr;
}

Ptr<Node>
NtpService::GetPeerNode(const Address& peer, const std::string& vpnInstance) const
{
    for (const auto& [remote, node] : m_originOf)
    {
        if (ToNs3Address(remote.address) == peer && InstanceOf(remote) == vpnInstance)
        {
            return NodeList::GetNode(node);
        }
    }
    return nullptr;
}

std::optional<NtpService::SystemPeerInfo>
NtpService::GetSystemPeer() const
{
    if (!m_engine || !m_engine->System().systemPeer)
    {
        return std::nullopt;
    }
    const ntp::Association* peer = m_engine->FindAssociation(*m_engine->System().systemPeer);
    if (!peer || peer->GetMode() == ntp::AssociationMode::LocalReference)
    {
        return std::nullopt;
    }
    SystemPeerInfo info;
    const ntp::Endpoint& remote = peer->Config().remote;
    info.address = ToNs3Address(remote.address);
    info.vpnInstance = InstanceOf(remote);
    const auto origin = m_originOf.find(remote);
    if (origin != m_originOf.end())
    {
        info.node = NodeList::GetNode(origin->second);
    }
    return info;
}

Ptr<Node>
NtpService::GetSystemPeerNode() const
{
    if (!m_engine || !m_engine->System().systemPeer)
    {
        return nullptr;
    }
    const ntp::Association* peer = m_engine->FindAssociation(*m_engine->System().systemPeer);
    if (!peer || peer->GetMode() == ntp::AssociationMode::LocalReference)
    {
        return nullptr;
    }
    const auto origin = m_originOf.find(peer->Config().remote);
    return origin == m_originOf.end() ? nullptr : NodeList::GetNode(origin->second);
}

void
NtpService::OnRefused(const ntp::Endpoint& from, const ntp::Association*, ntp::RefuseReason reason,
                      const std::string& detail)
{
    NS_LOG_INFO("refused packet from " << from.ToString() << ": " << ntp::ToString(reason) << " "
                                       << detail);
    m_refusedTrace(ToNs3Address(from.address), InstanceOf(from), ntp::ToString(reason));
}

void
NtpService::OnPeerUpdate(const ntp::Association& association)
{
    const ntp::ClockFilter& filter = association.Filter();
    const ntp::Endpoint& remote = association.Config().remote;
    m_peerUpdateTrace(ToNs3Address(remote.address), InstanceOf(remote), filter.Offset(),
                      filter.Delay(), filter.DispersionAt(m_coreClock->Now()), filter.Jitter());
}

void
NtpService::OnClockUpdate(const ntp::ClockUpdateEvent& update)
{
    m_estimatedOffsetTrace(update.offset);
    m_estimatedOffsetValueTrace(m_lastEstimatedOffset, update.offset);
    m_lastEstimatedOffset = update.offset;
    m_loopStatsTrace(update.clockOffset, update.frequency, update.jitter, update.wander,
                     update.poll);
    // Ground truth: the clock of the node whose packets the system peer's
    // answers were (the address alone is ambiguous when VPNs overlap).
    double truth = 0;
    if (Ptr<Node> node = GetSystemPeerNode())
    {
        if (Ptr<NtpClock> clock = node->GetObject<NtpClock>())
        {
            truth = clock->GetOffsetTo(GetClock());
        }
    }
    m_trueOffsetTrace(truth);
    m_trueOffsetValueTrace(m_lastTrueOffset, truth);
    m_lastTrueOffset = truth;
}

void
NtpService::OnClockStateChange(ntp::ClockState from, ntp::ClockState to)
{
    m_stateTrace(ntp::ToString(from), ntp::ToString(to));
}

void
NtpService::OnStep(double offset)
{
    m_stepTrace(offset);
}

void
NtpService::OnPollChange(const ntp::Association* association, int oldPoll, int newPoll)
{
    if (association == nullptr)
    {
        m_pollTrace(oldPoll, newPoll);
    }
}

void
NtpService::OnReachChange(const ntp::Association& association, uint8_t reach)
{
    if (m_reachTrace.IsEmpty())
    {
        return; // every poll until the register fills: no addresses built for nobody
    }
    const ntp::Endpoint& remote = association.Config().remote;
    m_reachTrace(ToNs3Address(remote.address), InstanceOf(remote), reach);
}

void
NtpService::OnMobilize(const ntp::Association& association)
{
    const ntp::Endpoint& remote = association.Config().remote;
    m_mobilizedTrace(ToNs3Address(remote.address), InstanceOf(remote),
                     ntp::ToString(association.GetMode()));
}

void
NtpService::OnDemobilize(const ntp::Association& association, const std::string& why)
{
    const ntp::Endpoint& remote = association.Config().remote;
    m_demobilizedTrace(ToNs3Address(remote.address), InstanceOf(remote), why);
}

void
NtpService::OnSystemPeerChange(const ntp::Association* association)
{
    const bool network
        = association && association->GetMode() != ntp::AssociationMode::LocalReference;
    if (!network)
    {
        m_systemPeerTrace(Address(), "");
        return;
    }
    const ntp::Endpoint& remote = association->Config().remote;
    m_systemPeerTrace(ToNs3Address(remote.address), InstanceOf(remote));
}

} // namespace ns3
