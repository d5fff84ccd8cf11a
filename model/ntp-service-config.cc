/*
 * NtpService configuration: what the router commands set (keys, peers,
 * source interfaces) and how they become the core's parameters and
 * associations. Every call checks its input and changes nothing on a refusal.
 */
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ntp-service.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpServiceConfig");

NtpRouterPolicy
NtpService::Policy() const
{
    return PolicyOf(GetConfiguration());
}

NtpRouterPolicy
NtpService::PolicyOf(const NtpServiceConfiguration& config) const
{
    NtpRouterPolicy policy;
    policy.weakAlgorithmsAllowed = config.weakAlgorithmsAllowed;
    policy.complexityCheck = config.complexityCheck;
    policy.vendorPollRanges = m_vendorPollRanges;
    policy.hmacWire = static_cast<NtpHmacWire>(m_hmacWire);
    return policy;
}

ntp::Parameters
NtpService::MakeParameters() const
{
    return MakeParameters(GetConfiguration());
}

std::vector<ntp::SourceAddress>
NtpService::SourceAddressesOf(const NtpServiceConfiguration& config) const
{
    // The interface's address whatever its instance, as the router takes
    // it: a packet of one instance from an address of another is refused
    // when it is sent (SendProblem), where it is counted.
    std::vector<ntp::SourceAddress> sources;
    auto& sockets = const_cast<NtpSocketSet&>(m_socketSet);
    for (const NtpSourceInterface& source : config.sourceInterfaces)
    {
        if (auto address = m_socketSet.InterfaceAddress(source.interface, source.ipv6))
        {
            sources.push_back({sockets.InstanceId(source.vpnInstance), ToCoreAddress(*address)});
        }
    }
    return sources;
}

ntp::Parameters
NtpService::MakeParameters(const NtpServiceConfiguration& config) const
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
    p.discardUnauthenticated = config.authenticationEnable;
    if (m_passiveSeedModesOnly)
    {
        p.passiveAlgorithms = {ntp::MacAlgorithm::Md5, ntp::MacAlgorithm::Sha1,
                               ntp::MacAlgorithm::Sha256, ntp::MacAlgorithm::HmacSha256};
    }
    p.sourceAddresses = SourceAddressesOf(config);
    return p;
}

std::vector<NtpSourceInterface>
NtpService::SourceInterfaces() const
{
    std::vector<NtpSourceInterface> all = m_sourceInterfaces;
    if (AttributeSourceApplies())
    {
        all.push_back(NtpSourceInterface{m_sourceInterface, "", false});
    }
    return all;
}

bool
NtpService::AttributeSourceApplies() const
{
    // The SourceInterface attribute is the public IPv4 one unless a global
    // public IPv4 source interface was set explicitly.
    return m_sourceInterface >= 0
        && std::none_of(m_sourceInterfaces.begin(), m_sourceInterfaces.end(),
                        [](const NtpSourceInterface& source)
                        { return !source.ipv6 && source.vpnInstance.empty(); });
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

bool
SamePeer(const NtpPeerOptions& a, const NtpPeerOptions& b)
{
    return a.address == b.address && a.version == b.version && a.keyId == b.keyId
        && a.minpoll == b.minpoll && a.maxpoll == b.maxpoll && a.preference == b.preference
        && a.preempt == b.preempt && a.port == b.port && a.sourceInterface == b.sourceInterface
        && a.vpnInstance == b.vpnInstance && a.server == b.server;
}

bool
Contains(const std::vector<NtpPeerOptions>& peers, const NtpPeerOptions& peer)
{
    for (const NtpPeerOptions& candidate : peers)
    {
        if (SamePeer(candidate, peer))
        {
            return true;
        }
    }
    return false;
}

std::string
PeerName(const NtpPeerOptions& peer)
{
    std::string name
        = (peer.server ? "unicast-server " : "unicast-peer ") + PrintAddress(peer.address);
    return peer.vpnInstance.empty() ? name : name + " vpn-instance " + peer.vpnInstance;
}

} // namespace

std::string
NtpService::GetInstanceName(uint32_t instance) const
{
    return m_socketSet.InstanceName(instance);
}

std::string
NtpService::OwnAddressProblem(const NtpPeerOptions& peer) const
{
    // Router rules beyond the address itself: not one of this router's
    // addresses, not the broadcast address of one of its networks, both in
    // the peer's instance.
    Ptr<Node> node = GetNode();
    if (!node)
    {
        return {};
    }
    if (Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>(); ipv4 && Ipv4Address::IsMatchingType(peer.address))
    {
        const Ipv4Address address = Ipv4Address::ConvertFrom(peer.address);
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            if (m_socketSet.InstanceOfInterface(i).value_or("") != peer.vpnInstance)
            {
                continue;
            }
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                const Ipv4InterfaceAddress local = ipv4->GetAddress(i, j);
                if (local.GetLocal() == address)
                {
                    return "the peer address " + PrintAddress(peer.address)
                         + " is an address of this router (accepted: another router's address)";
                }
                const Ipv4Mask mask = local.GetMask();
                // /31 and /32 networks have no broadcast address (RFC 3021).
                if (mask.GetPrefixLength() < 31 && local.GetBroadcast() == address)
                {
                    return "the peer address " + PrintAddress(peer.address)
                         + " is the broadcast address of the connected network "
                         + PrintAddress(Address(local.GetLocal().CombineMask(mask))) + "/"
                         + std::to_string(mask.GetPrefixLength()) + " (accepted: a host address)";
                }
            }
        }
    }
    if (Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>(); ipv6 && Ipv6Address::IsMatchingType(peer.address))
    {
        const Ipv6Address address = Ipv6Address::ConvertFrom(peer.address);
        for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv6->GetNAddresses(i); ++j)
            {
                if (ipv6->GetAddress(i, j).GetAddress() == address)
                {
                    return "the peer address " + PrintAddress(peer.address)
                         + " is an address of this router (accepted: another router's address)";
                }
            }
        }
    }
    return {};
}

NtpServiceConfiguration
NtpService::GetConfiguration() const
{
    NtpServiceConfiguration config;
    config.keys = m_keyConfigs;
    config.authenticationEnable = m_authenticationEnable;
    config.weakAlgorithmsAllowed = m_allowWeak;
    config.complexityCheck = m_complexityCheck;
    config.localStratum = m_localStratum;
    config.sourceInterfaces = SourceInterfaces();
    config.peers = m_peers;
    return config;
}

std::string
NtpService::CheckConfiguration(const NtpServiceConfiguration& config) const
{
    auto& sockets = const_cast<NtpSocketSet&>(m_socketSet);
    sockets.SetNode(GetNode());
    const NtpRouterPolicy policy = PolicyOf(config);
    const bool hasStack = GetNode() && GetNode()->GetObject<Ipv4>();
    for (std::size_t i = 0; i < config.keys.size(); ++i)
    {
        ntp::Key key;
        if (std::string error = MakeCoreKey(config.keys[i], policy, key); !error.empty())
        {
            return error;
        }
        for (std::size_t j = 0; j < i; ++j)
        {
            if (config.keys[j].id == config.keys[i].id)
            {
                return "authentication-keyid " + std::to_string(config.keys[i].id)
                     + " is configured twice (accepted: one key per id)";
            }
        }
    }
    if (config.localStratum > 15)
    {
        return "refclock-master stratum " + std::to_string(config.localStratum)
             + " is out of range (accepted: 1..15)";
    }
    for (std::size_t i = 0; i < config.sourceInterfaces.size(); ++i)
    {
        const NtpSourceInterface& source = config.sourceInterfaces[i];
        if (source.vpnInstance.size() > 31)
        {
            return "vpn-instance name '" + source.vpnInstance
                 + "' is too long (accepted: 1..31 characters)";
        }
        if (hasStack && !m_socketSet.HasInstance(source.vpnInstance))
        {
            return "vpn-instance " + source.vpnInstance + " does not exist ("
                 + AcceptedInstances(m_socketSet.Instances()) + ")";
        }
        if (source.interface < 0
            || (hasStack && !m_socketSet.InstanceOfInterface(source.interface)))
        {
            return "source-interface " + std::to_string(source.interface)
                 + " does not exist (accepted: an interface index of the node)";
        }
        for (std::size_t j = 0; j < i; ++j)
        {
            if (config.sourceInterfaces[j].ipv6 == source.ipv6
                && config.sourceInterfaces[j].vpnInstance == source.vpnInstance)
            {
                return std::string("two ") + (source.ipv6 ? "ipv6 " : "") + "source-interfaces for "
                     + (source.vpnInstance.empty() ? "the public network"
                                                   : "vpn-instance " + source.vpnInstance)
                     + " (accepted: one per address family and instance)";
            }
        }
    }
    const ntp::Parameters parameters = MakeParameters(config);
    for (std::size_t i = 0; i < config.peers.size(); ++i)
    {
        const NtpPeerOptions& peer = config.peers[i];
        if (std::string error = CheckPeerOptions(peer, policy); !error.empty())
        {
            return error;
        }
        if (hasStack && !peer.vpnInstance.empty() && !m_socketSet.HasInstance(peer.vpnInstance))
        {
            return "vpn-instance " + peer.vpnInstance + " does not exist ("
                 + AcceptedInstances(m_socketSet.Instances()) + ")";
        }
        if (std::string own = OwnAddressProblem(peer); !own.empty())
        {
            return own;
        }
        if (peer.sourceInterface >= 0 && hasStack
            && !m_socketSet.InstanceOfInterface(peer.sourceInterface))
        {
            return "source-interface " + std::to_string(peer.sourceInterface) + " does not exist";
        }
        if (peer.keyId != 0)
        {
            bool found = false;
            for (const NtpKeyConfig& key : config.keys)
            {
                found |= key.id == peer.keyId;
            }
            if (!found)
            {
                return "authentication-keyid " + std::to_string(peer.keyId)
                     + " is not configured (add the key first; " + PeerName(peer) + " uses it)";
            }
        }
        if (auto coreError = ToAssociation(peer).Validate(parameters))
        {
            return *coreError;
        }
        for (std::size_t j = 0; j < i; ++j)
        {
            const NtpPeerOptions& other = config.peers[j];
            if (other.address == peer.address && other.port == peer.port
                && other.vpnInstance == peer.vpnInstance)
            {
                return "a peer with this address and port is already configured in this "
                       "instance";
            }
        }
    }
    return {};
}

std::string
NtpService::Commit(const NtpServiceConfiguration& config)
{
    if (std::string error = CheckConfiguration(config); !error.empty())
    {
        NS_LOG_WARN("configuration refused: " << error);
        return error;
    }
    const NtpServiceConfiguration before = GetConfiguration();
    m_keyConfigs = config.keys;
    m_authenticationEnable = config.authenticationEnable;
    m_allowWeak = config.weakAlgorithmsAllowed;
    m_complexityCheck = config.complexityCheck;
    m_localStratum = config.localStratum;
    m_sourceInterfaces = config.sourceInterfaces;
    m_sourceInterface = -1; // the committed list is complete
    m_peers = config.peers;
    m_peerSourceInterfaces
        = std::any_of(m_peers.begin(), m_peers.end(),
                      [](const NtpPeerOptions& p) { return p.sourceInterface >= 0; });
    if (m_engine)
    {
        ApplyToEngine(before, config);
    }
    return {};
}

void
NtpService::ApplyToEngine(const NtpServiceConfiguration& before,
                          const NtpServiceConfiguration& after)
{
    // Everything was checked: nothing below may fail.
    const NtpRouterPolicy policy = PolicyOf(after);
    for (const NtpKeyConfig& old : before.keys)
    {
        m_engine->Keys().Remove(old.id);
    }
    for (const NtpKeyConfig& key : after.keys)
    {
        ntp::Key core;
        MakeCoreKey(key, policy, core);
        // Untrusted keys count until "authentication enable" (see Start).
        core.trusted = key.trusted || !after.authenticationEnable;
        m_engine->Keys().Add(core);
    }
    const auto error = m_engine->Reconfigure(SourceAddressesOf(after), after.authenticationEnable);
    NS_ABORT_MSG_IF(error, "a checked configuration refused by the core: " << *error);
    // Associations whose statement changed are replaced; the others keep
    // their state (a commit does not restart untouched peers).
    std::vector<uint32_t> removed;
    for (const ntp::Association* association : m_engine->Associations())
    {
        const bool local = association->GetMode() == ntp::AssociationMode::LocalReference;
        if (local && before.localStratum != after.localStratum)
        {
            removed.push_back(association->Id());
            continue;
        }
        for (const NtpPeerOptions& old : before.peers)
        {
            if (!local && !Contains(after.peers, old)
                && association->Config().remote == PeerEndpoint(old)
                && association->GetMode() == ToAssociation(old).mode)
            {
                removed.push_back(association->Id());
            }
        }
    }
    for (uint32_t id : removed)
    {
        m_engine->RemoveAssociation(id);
    }
    if (after.localStratum > 0 && before.localStratum != after.localStratum)
    {
        m_engine->AddAssociation(LocalReferenceAssociation());
    }
    for (const NtpPeerOptions& peer : after.peers)
    {
        if (!Contains(before.peers, peer))
        {
            m_engine->AddAssociation(ToAssociation(peer));
        }
    }
}

std::string
NtpService::AddKey(const NtpKeyConfig& key)
{
    NtpServiceConfiguration config = GetConfiguration();
    bool replaced = false;
    for (NtpKeyConfig& existing : config.keys)
    {
        if (existing.id == key.id)
        {
            existing = key;
            replaced = true;
        }
    }
    if (!replaced)
    {
        config.keys.push_back(key);
    }
    return Commit(config);
}

std::string
NtpService::AddPeer(const NtpPeerOptions& options)
{
    NtpServiceConfiguration config = GetConfiguration();
    config.peers.push_back(options);
    return Commit(config);
}

std::string
NtpService::SetSourceInterface(const NtpSourceInterface& source)
{
    NtpServiceConfiguration config = GetConfiguration();
    bool replaced = false;
    for (NtpSourceInterface& existing : config.sourceInterfaces)
    {
        if (existing.ipv6 == source.ipv6 && existing.vpnInstance == source.vpnInstance)
        {
            existing = source;
            replaced = true;
        }
    }
    if (!replaced)
    {
        config.sourceInterfaces.push_back(source);
    }
    return Commit(config);
}

} // namespace ns3
