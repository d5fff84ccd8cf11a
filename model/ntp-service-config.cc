/*
 * NtpService configuration: what the router commands set (keys, peers,
 * source interfaces) and how they become the core's parameters and
 * associations. Every call checks its input and changes nothing on a refusal.
 */
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ntp-service.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpServiceConfig");

NtpRouterPolicy
NtpService::Policy() const
{
    NtpRouterPolicy policy;
    policy.weakAlgorithmsAllowed = m_allowWeak;
    policy.complexityCheck = m_complexityCheck;
    policy.vendorPollRanges = m_vendorPollRanges;
    policy.hmacWire = static_cast<NtpHmacWire>(m_hmacWire);
    return policy;
}

ntp::Parameters
NtpService::MakeParameters() const
{
    ntp::Parameters p;
    p.precision = m_precision;
    p.stepThreshold = m_stepThreshold;
    p.stepout = m_stepout;
    p.panicThreshold = m_panicThreshold;
    p.minimumPoll = m_minimumPoll;
    p.passivePolicy = static_cast<ntp::PassivePolicy>(m_passivePolicy);
    p.authenticate = m_authenticate;
    p.discipline = static_cast<ntp::DisciplineMode>(m_discipline);
    p.localReferenceWait = m_localReferenceWait;
    p.discardUnauthenticated = m_authenticationEnable;
    // The interface's address whatever its instance, as the router takes
    // it: a packet of one instance from an address of another is refused
    // when it is sent (SendProblem), where it is counted.
    auto& sockets = const_cast<NtpSocketSet&>(m_socketSet);
    for (const NtpSourceInterface& source : SourceInterfaces())
    {
        if (auto address = m_socketSet.InterfaceAddress(source.interface, source.ipv6))
        {
            p.sourceAddresses.push_back(
                {sockets.InstanceId(source.vpnInstance), ToCoreAddress(*address)});
        }
    }
    return p;
}

std::vector<NtpSourceInterface>
NtpService::SourceInterfaces() const
{
    std::vector<NtpSourceInterface> all;
    bool publicV4 = false;
    for (const NtpSourceInterface& source : m_sourceInterfaces)
    {
        publicV4 |= !source.ipv6 && source.vpnInstance.empty();
        all.push_back(source);
    }
    if (m_sourceInterface >= 0 && !publicV4)
    {
        all.push_back(NtpSourceInterface{m_sourceInterface, "", false});
    }
    return all;
}

ntp::Endpoint
NtpService::PeerEndpoint(const NtpPeerOptions& options) const
{
    auto& sockets = const_cast<NtpSocketSet&>(m_socketSet);
    return ntp::Endpoint{ToCoreAddress(options.address), options.port,
                         sockets.InstanceId(options.vpnInstance)};
}

const NtpPeerOptions*
NtpService::FindPeer(const ntp::Endpoint& remote) const
{
    for (const NtpPeerOptions& peer : m_peers)
    {
        if (PeerEndpoint(peer) == remote)
        {
            return &peer;
        }
    }
    return nullptr;
}

ntp::AssociationConfig
NtpService::ToAssociation(const NtpPeerOptions& options) const
{
    ntp::AssociationConfig c;
    c.mode = options.server ? ntp::AssociationMode::Client : ntp::AssociationMode::SymmetricActive;
    c.remote = PeerEndpoint(options);
    const bool ipv6 = Ipv6Address::IsMatchingType(options.address);
    // A link-local peer is reached on its link from the link-local address.
    if (auto source
        = m_socketSet.InterfaceAddress(options.sourceInterface, ipv6, IsLinkLocal(options.address)))
    {
        c.localAddress = ToCoreAddress(*source);
    }
    c.localPort = m_port;
    c.version = ipv6 ? 4 : options.version;
    c.keyId = options.keyId;
    c.minpoll = options.minpoll;
    c.maxpoll = options.maxpoll;
    c.prefer = options.preference;
    c.preempt = options.preempt;
    return c;
}

std::string
NtpService::AddKey(const NtpKeyConfig& config)
{
    ntp::Key key;
    std::string error = MakeCoreKey(config, Policy(), key);
    if (!error.empty())
    {
        NS_LOG_WARN("key " << config.id << " refused: " << error);
        return error;
    }
    for (ntp::Key& existing : m_keys)
    {
        if (existing.id == key.id)
        {
            existing = key;
            return {};
        }
    }
    m_keys.push_back(key);
    if (m_engine)
    {
        m_engine->Keys().Add(key);
    }
    return {};
}

namespace
{

std::string
AcceptedInstances(const std::vector<std::string>& instances)
{
    std::string list;
    for (const std::string& name : instances)
    {
        if (!name.empty())
        {
            list += (list.empty() ? "" : ", ") + name;
        }
    }
    return list.empty() ? "this node has no VPN instance" : "accepted: " + list;
}

} // namespace

std::string
NtpService::AddPeer(const NtpPeerOptions& options)
{
    m_socketSet.SetNode(GetNode());
    std::string error = CheckPeerOptions(options, Policy());
    const bool hasStack = GetNode() && GetNode()->GetObject<Ipv4>();
    if (error.empty() && hasStack && !options.vpnInstance.empty()
        && !m_socketSet.HasInstance(options.vpnInstance))
    {
        error = "vpn-instance " + options.vpnInstance + " does not exist ("
              + AcceptedInstances(m_socketSet.Instances()) + ")";
    }
    if (error.empty() && options.sourceInterface >= 0 && hasStack
        && !m_socketSet.InstanceOfInterface(options.sourceInterface))
    {
        error = "source-interface " + std::to_string(options.sourceInterface) + " does not exist";
    }
    if (error.empty() && options.keyId != 0)
    {
        bool found = false;
        for (const ntp::Key& key : m_keys)
        {
            found |= key.id == options.keyId;
        }
        if (!found)
        {
            error = "authentication-keyid " + std::to_string(options.keyId)
                  + " is not configured (add the key first)";
        }
    }
    if (error.empty())
    {
        if (auto coreError = ToAssociation(options).Validate(MakeParameters()))
        {
            error = *coreError;
        }
    }
    for (const NtpPeerOptions& existing : m_peers)
    {
        if (error.empty() && existing.address == options.address && existing.port == options.port
            && existing.vpnInstance == options.vpnInstance)
        {
            error = "a peer with this address and port is already configured in this instance";
        }
    }
    if (!error.empty())
    {
        NS_LOG_WARN("peer refused: " << error);
        return error;
    }
    m_peers.push_back(options);
    if (m_engine)
    {
        m_engine->AddAssociation(ToAssociation(options));
    }
    return {};
}

std::string
NtpService::SetSourceInterface(const NtpSourceInterface& source)
{
    m_socketSet.SetNode(GetNode());
    if (source.vpnInstance.size() > 31)
    {
        return "vpn-instance name '" + source.vpnInstance
             + "' is too long (accepted: 1..31 characters)";
    }
    if (m_engine)
    {
        return "source interfaces are set before the service starts";
    }
    const bool hasStack = GetNode() && GetNode()->GetObject<Ipv4>();
    if (hasStack && !m_socketSet.HasInstance(source.vpnInstance))
    {
        return "vpn-instance " + source.vpnInstance + " does not exist ("
             + AcceptedInstances(m_socketSet.Instances()) + ")";
    }
    if (source.interface < 0 || (hasStack && !m_socketSet.InstanceOfInterface(source.interface)))
    {
        return "source-interface " + std::to_string(source.interface)
             + " does not exist (accepted: an interface index of the node)";
    }
    for (NtpSourceInterface& existing : m_sourceInterfaces)
    {
        if (existing.ipv6 == source.ipv6 && existing.vpnInstance == source.vpnInstance)
        {
            existing = source;
            return {};
        }
    }
    m_sourceInterfaces.push_back(source);
    return {};
}

} // namespace ns3
