#include "ntp-service.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ntp-origin-tag.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpService");
NS_OBJECT_ENSURE_REGISTERED(NtpService);


TypeId
NtpService::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpService")
              .SetParent<Application>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpService>()
              .AddAttribute("Port", "UDP port the service listens on and sends from.",
                            UintegerValue(123), MakeUintegerAccessor(&NtpService::m_port),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("LocalStratum",
                            "Use the node's own clock as reference at this stratum "
                            "(router: ntp-service refclock-master). 0: no local reference.",
                            UintegerValue(0), MakeUintegerAccessor(&NtpService::m_localStratum),
                            MakeUintegerChecker<uint32_t>(0, 15))
              .AddAttribute("SourceInterface",
                            "IPv4 interface index whose address the public network's IPv4 NTP "
                            "packets leave from (ntp-service source-interface); a peer's own "
                            "source interface wins. -1: chosen by routing. Other families and "
                            "instances: SetSourceInterface.",
                            IntegerValue(-1), MakeIntegerAccessor(&NtpService::m_sourceInterface),
                            MakeIntegerChecker<int32_t>(-1))
              .AddAttribute("AllowWeakAlgorithms",
                            "Accept md5 (and sha1) keys (router: undo crypto weak-algorithm "
                            "disable).",
                            BooleanValue(false), MakeBooleanAccessor(&NtpService::m_allowWeak),
                            MakeBooleanChecker())
              .AddAttribute("PasswordComplexityCheck",
                            "Refuse key passwords that fail the complexity check (router: "
                            "ntp-service authentication-password complexity-check enable).",
                            BooleanValue(false),
                            MakeBooleanAccessor(&NtpService::m_complexityCheck),
                            MakeBooleanChecker())
              .AddAttribute(
                  "VendorPollRanges",
                  "Enforce the router CLI's maxpoll range 10..17 (off: 4..17 as RFC 5905).",
                  BooleanValue(false), MakeBooleanAccessor(&NtpService::m_vendorPollRanges),
                  MakeBooleanChecker())
              .AddAttribute("AuthenticationEnable",
                            "Discard every unauthenticated packet (router: ntp-service "
                            "authentication enable).",
                            BooleanValue(false),
                            MakeBooleanAccessor(&NtpService::m_authenticationEnable),
                            MakeBooleanChecker())
              .AddAttribute("Authenticate",
                            "ntpd's 'enable auth' (its default): mobilize passive associations "
                            "only for authenticated packets, answer others statelessly.",
                            BooleanValue(true), MakeBooleanAccessor(&NtpService::m_authenticate),
                            MakeBooleanChecker())
              .AddAttribute("HmacSha256Wire",
                            "What 'hmac-sha256' keys put on the wire: Hmac (RFC 2104, 20 bytes) or "
                            "Digest (SHA256(key||packet), 20 bytes).",
                            EnumValue(static_cast<int>(NtpHmacWire::Hmac)),
                            MakeEnumAccessor(&NtpService::m_hmacWire),
                            MakeEnumChecker(static_cast<int>(NtpHmacWire::Hmac), "Hmac",
                                            static_cast<int>(NtpHmacWire::Digest), "Digest"))
              .AddAttribute("PassivePolicy",
                            "Answer to symmetric-active packets from unknown sources: Mobilize "
                            "(RFC 5905, ntpd), StatelessReply (chrony, NTPsec) or Ignore.",
                            EnumValue(static_cast<int>(ntp::PassivePolicy::Mobilize)),
                            MakeEnumAccessor(&NtpService::m_passivePolicy),
                            MakeEnumChecker(static_cast<int>(ntp::PassivePolicy::Mobilize),
                                            "Mobilize",
                                            static_cast<int>(ntp::PassivePolicy::StatelessReply),
                                            "StatelessReply",
                                            static_cast<int>(ntp::PassivePolicy::Ignore), "Ignore"))
              .AddAttribute("Discipline",
                            "Which loop steers the clock: Kernel (Linux's kernel PLL/FLL driven "
                            "through ntp_adjtime(), ntpd's default on Linux) or Daemon (ntpd's own "
                            "PLL/FLL slewing through adjtime(), 'disable kernel').",
                            EnumValue(static_cast<int>(ntp::DisciplineMode::Kernel)),
                            MakeEnumAccessor(&NtpService::m_discipline),
                            MakeEnumChecker(static_cast<int>(ntp::DisciplineMode::Kernel), "Kernel",
                                            static_cast<int>(ntp::DisciplineMode::Daemon),
                                            "Daemon"))
              .AddAttribute("LocalReferenceWait",
                            "Seconds after start before the local clock reference may be selected "
                            "(ntpd's orphan wait for its LOCAL driver: 300; 0: at once).",
                            DoubleValue(300.0),
                            MakeDoubleAccessor(&NtpService::m_localReferenceWait),
                            MakeDoubleChecker<double>(0.0, 86400.0))
              .AddAttribute("Precision",
                            "log2 seconds of a clock reading (sent in packets; floors jitter).",
                            IntegerValue(-20), MakeIntegerAccessor(&NtpService::m_precision),
                            MakeIntegerChecker<int32_t>(-32, 0))
              .AddAttribute("StepThreshold",
                            "Offsets above this are stepped, below slewed (s); ntpd 0.128, RFC "
                            "text 0.125. 0 disables stepping.",
                            DoubleValue(0.128), MakeDoubleAccessor(&NtpService::m_stepThreshold),
                            MakeDoubleChecker<double>(0.0))
              .AddAttribute("Stepout",
                            "Seconds an outlier must persist before it is believed; ntpd 300, "
                            "RFC 900.",
                            DoubleValue(300.0), MakeDoubleAccessor(&NtpService::m_stepout),
                            MakeDoubleChecker<double>(0.0))
              .AddAttribute("PanicThreshold",
                            "Offsets above this (s) are refused after the first update; 0 "
                            "disables the check.",
                            DoubleValue(1000.0), MakeDoubleAccessor(&NtpService::m_panicThreshold),
                            MakeDoubleChecker<double>(0.0))
              .AddAttribute("MinimumPoll",
                            "Lowest poll exponent a peer may be configured with (RFC MINPOLL 4).",
                            IntegerValue(4), MakeIntegerAccessor(&NtpService::m_minimumPoll),
                            MakeIntegerChecker<int32_t>(0, 17))
              .AddTraceSource("EstimatedOffset",
                              "NTP's combined offset (s, reference minus this clock) at each "
                              "clock update.",
                              MakeTraceSourceAccessor(&NtpService::m_estimatedOffsetTrace),
                              "ns3::NtpService::OffsetCallback")
              .AddTraceSource("LoopStats",
                              "Each clock update, as a line of ntpd's loopstats: the phase left "
                              "to remove (s), frequency correction (s/s), jitter (s), wander "
                              "(s/s), poll exponent.",
                              MakeTraceSourceAccessor(&NtpService::m_loopStatsTrace),
                              "ns3::NtpService::LoopStatsCallback")
              .AddTraceSource("TrueOffset",
                              "Ground truth at the same instant: the system peer's clock minus "
                              "this clock (s); 0 with the local reference.",
                              MakeTraceSourceAccessor(&NtpService::m_trueOffsetTrace),
                              "ns3::NtpService::OffsetCallback")
              .AddTraceSource("PeerUpdate",
                              "An association's filtered estimate changed: peer, offset, delay, "
                              "dispersion, jitter (s).",
                              MakeTraceSourceAccessor(&NtpService::m_peerUpdateTrace),
                              "ns3::NtpService::PeerUpdateCallback")
              .AddTraceSource("Poll", "The system poll exponent changed: old, new.",
                              MakeTraceSourceAccessor(&NtpService::m_pollTrace),
                              "ns3::NtpService::PollCallback")
              .AddTraceSource("Reach", "An association's reach register changed.",
                              MakeTraceSourceAccessor(&NtpService::m_reachTrace),
                              "ns3::NtpService::ReachCallback")
              .AddTraceSource("ClockState",
                              "The discipline changed state (NSET, FSET, SPIK, FREQ, SYNC).",
                              MakeTraceSourceAccessor(&NtpService::m_stateTrace),
                              "ns3::NtpService::StateCallback")
              .AddTraceSource("Step", "The clock was stepped by this many seconds.",
                              MakeTraceSourceAccessor(&NtpService::m_stepTrace),
                              "ns3::NtpService::OffsetCallback")
              .AddTraceSource("Mobilized", "An association was mobilized: peer, mode.",
                              MakeTraceSourceAccessor(&NtpService::m_mobilizedTrace),
                              "ns3::NtpService::AssociationCallback")
              .AddTraceSource("Demobilized", "An association was demobilized: peer, why.",
                              MakeTraceSourceAccessor(&NtpService::m_demobilizedTrace),
                              "ns3::NtpService::AssociationCallback")
              .AddTraceSource("Refused",
                              "A received packet was refused: sender, its VPN instance, reason "
                              "(auth-bad-mac, bogus, duplicate, no-association, ...).",
                              MakeTraceSourceAccessor(&NtpService::m_refusedTrace),
                              "ns3::NtpService::RefusedCallback")
              .AddTraceSource("SystemPeer",
                              "The system peer changed: its address and VPN instance (an empty "
                              "Address: none or the local reference).",
                              MakeTraceSourceAccessor(&NtpService::m_systemPeerTrace),
                              "ns3::NtpService::SystemPeerCallback")
              .AddTraceSource("TxDropped",
                              "A packet could not be sent: destination, VPN instance, reason "
                              "(no-route, vpn-no-route, peer-in-vpn-instance, "
                              "source-in-other-instance, source-no-ipv6, source-no-ipv4, "
                              "no-socket).",
                              MakeTraceSourceAccessor(&NtpService::m_txDroppedTrace),
                              "ns3::NtpService::RefusedCallback")
              .AddTraceSource("Tx", "An NTP packet was sent: packet, destination.",
                              MakeTraceSourceAccessor(&NtpService::m_txTrace),
                              "ns3::NtpService::PacketCallback")
              .AddTraceSource("Rx", "An NTP packet was received: packet, source.",
                              MakeTraceSourceAccessor(&NtpService::m_rxTrace),
                              "ns3::NtpService::PacketCallback");
    return tid;
}

namespace
{

/// Counts constructions minus destructions (GetLiveInstances).
uint64_t g_liveServices = 0;

} // namespace

NtpService::NtpService() : m_transport(*this)
{
    NS_LOG_FUNCTION(this);
    ++g_liveServices;
}

NtpService::~NtpService()
{
    --g_liveServices;
}

uint64_t
NtpService::GetLiveInstances()
{
    return g_liveServices;
}

void
NtpService::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_engine.reset();
    m_timer.CancelAll();
    m_socketSet.Close();
    m_socketSet.SetNode(nullptr);
    m_originOf.clear();
    m_coreClock.reset();
    // A sink bound to a Ptr of this service (or of anything that holds it)
    // would keep the service alive forever through its own trace source:
    // disconnect every sink when the simulation is torn down.
    m_estimatedOffsetTrace = decltype(m_estimatedOffsetTrace)();
    m_loopStatsTrace = decltype(m_loopStatsTrace)();
    m_trueOffsetTrace = decltype(m_trueOffsetTrace)();
    m_peerUpdateTrace = decltype(m_peerUpdateTrace)();
    m_pollTrace = decltype(m_pollTrace)();
    m_reachTrace = decltype(m_reachTrace)();
    m_stateTrace = decltype(m_stateTrace)();
    m_stepTrace = decltype(m_stepTrace)();
    m_mobilizedTrace = decltype(m_mobilizedTrace)();
    m_demobilizedTrace = decltype(m_demobilizedTrace)();
    m_refusedTrace = decltype(m_refusedTrace)();
    m_systemPeerTrace = decltype(m_systemPeerTrace)();
    m_txDroppedTrace = decltype(m_txDroppedTrace)();
    m_txTrace = decltype(m_txTrace)();
    m_rxTrace = decltype(m_rxTrace)();
    Application::DoDispose();
}

int64_t
NtpService::AssignStreams(int64_t stream)
{
    return m_random.AssignStreams(stream);
}

Ptr<NtpClock>
NtpService::GetClock() const
{
    Ptr<Node> node = GetNode();
    return node ? node->GetObject<NtpClock>() : nullptr;
}

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
    if (auto source = m_socketSet.InterfaceAddress(options.sourceInterface, ipv6,
                                                   IsLinkLocal(options.address)))
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

void
NtpService::StartApplication()
{
    NS_LOG_FUNCTION(this);
    Ptr<NtpClock> clock = GetClock();
    NS_ABORT_MSG_IF(!clock, "NtpService on node " << GetNode()->GetId()
                                                  << " needs an NtpClock aggregated to the node "
                                                     "(NtpPeerHelper::Install does it)");
    NS_ABORT_MSG_IF(!GetNode()->GetObject<Ipv4>() && !GetNode()->GetObject<Ipv6>(),
                    "NtpService needs an Internet stack on node " << GetNode()->GetId());
    m_socketSet.SetNode(GetNode());
    m_coreClock = std::make_unique<NtpCoreClock>(clock);
    ntp::HostInterfaces host;
    host.clock = m_coreClock.get();
    host.transport = &m_transport;
    host.timer = &m_timer;
    host.random = &m_random;
    host.observer = this;
    const ntp::Parameters parameters = MakeParameters();
    if (auto error = parameters.Validate())
    {
        NS_FATAL_ERROR("NtpService parameters: " << *error);
    }
    m_engine = std::make_unique<ntp::Engine>(parameters, host);
    for (const ntp::Key& key : m_keys)
    {
        m_engine->Keys().Add(key);
    }
    if (m_localStratum > 0)
    {
        ntp::AssociationConfig local;
        local.mode = ntp::AssociationMode::LocalReference;
        local.localStratum = static_cast<int>(m_localStratum);
        local.minpoll = 6;
        local.maxpoll = 10;
        m_engine->AddAssociation(local);
    }
    for (const NtpPeerOptions& peer : m_peers)
    {
        if (auto error = m_engine->AddAssociation(ToAssociation(peer)))
        {
            NS_FATAL_ERROR("peer validated at configuration refused at start: " << *error);
        }
    }
    m_socketSet.Open(m_port, [this](Ptr<Packet> packet, const ntp::Endpoint& remote,
                                    const ntp::Endpoint& local) {
        HandleReceive(packet, remote, local);
    });
    m_engine->Start();
}

void
NtpService::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_engine)
    {
        m_engine->Stop();
    }
    m_socketSet.Close();
}

void
NtpService::HandleReceive(Ptr<Packet> packet, const ntp::Endpoint& remote,
                          const ntp::Endpoint& local)
{
    ++m_packetsReceived;
    m_rxTrace(packet, ToNs3Address(remote.address));
    if (!m_engine)
    {
        return;
    }
    NtpOriginTag origin;
    if (packet->PeekPacketTag(origin))
    {
        m_originOf[remote] = origin.GetNodeId();
    }
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    m_engine->Receive(bytes.data(), bytes.size(), remote, local, m_coreClock->Now());
}

std::string
NtpService::SourceInterfaceProblem(int32_t interface, const std::string& instance,
                                   bool ipv6) const
{
    const std::optional<std::string> home = m_socketSet.InstanceOfInterface(interface);
    if (!home)
    {
        return "no-route";
    }
    if (*home != instance)
    {
        return "source-in-other-instance";
    }
    if (!m_socketSet.InterfaceAddress(interface, ipv6))
    {
        return ipv6 ? "source-no-ipv6" : "source-no-ipv4";
    }
    return {};
}

std::string
NtpService::SendProblem(const ntp::Endpoint& to, Address& source) const
{
    const std::string instance = InstanceOf(to);
    const Address destination = ToNs3Address(to.address);
    const bool ipv6 = to.address.IsV6();
    // Source interfaces, in the order the core applies them: the peer's own,
    // else the global one of the packet's instance and family.
    const NtpPeerOptions* peer = FindPeer(to);
    int32_t sourceInterface = -1;
    if (peer && peer->sourceInterface >= 0)
    {
        sourceInterface = peer->sourceInterface;
    }
    else
    {
        for (const NtpSourceInterface& global : SourceInterfaces())
        {
            if (global.ipv6 == ipv6 && global.vpnInstance == instance)
            {
                sourceInterface = global.interface;
            }
        }
    }
    if (sourceInterface >= 0)
    {
        const std::string problem = SourceInterfaceProblem(sourceInterface, instance, ipv6);
        if (!problem.empty())
        {
            return problem;
        }
    }
    const std::optional<Address> routed = m_socketSet.RouteSource(instance, destination);
    if (!routed)
    {
        // No route in the peer's instance: say where the peer is, if this
        // node can reach it at all.
        if (!instance.empty())
        {
            return "vpn-no-route";
        }
        for (const std::string& other : m_socketSet.Instances())
        {
            if (!other.empty() && m_socketSet.RouteSource(other, destination))
            {
                return "peer-in-vpn-instance";
            }
        }
        return "no-route";
    }
    if (source.IsInvalid())
    {
        source = *routed;
    }
    return {};
}

void
NtpService::DropTx(const ntp::Endpoint& to, const std::string& reason)
{
    NS_LOG_INFO("packet to " << to.ToString() << " not sent: " << reason);
    ++m_txDrops[reason];
    m_txDroppedTrace(ToNs3Address(to.address), InstanceOf(to), reason);
}

void
NtpService::SendDatagram(const ntp::Endpoint& from, const ntp::Endpoint& to,
                         const std::vector<uint8_t>& bytes)
{
    Address source = ToNs3Address(from.address);
    const std::string problem = SendProblem(to, source);
    if (!problem.empty())
    {
        DropTx(to, problem);
        return;
    }
    const std::string instance = InstanceOf(to);
    Ptr<Packet> packet = Create<Packet>(bytes.data(), bytes.size());
    NtpOriginTag origin;
    origin.SetNodeId(GetNode()->GetId());
    packet->AddPacketTag(origin);
    const Address destination = ToNs3Address(to.address);
    m_txTrace(packet, destination);
    if (!m_socketSet.Send(packet, instance, source, destination, to.port))
    {
        // The source address is not one of this instance's addresses.
        const auto owners = m_socketSet.InstancesWithAddress(source);
        DropTx(to, owners.empty() ? "no-socket" : "source-in-other-instance");
        return;
    }
    ++m_packetsSent;
}

bool
NtpService::IsSynchronized() const
{
    return m_engine && m_engine->IsSynchronized();
}

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
    m_loopStatsTrace(update.clockOffset, update.frequency, update.jitter, update.wander,
                     update.poll);
    // Ground truth: the clock of the node whose packets the system peer's
    // answers were (the address alone is ambiguous when VPNs overlap).
    double truth = 0;
    if (const auto peer = GetSystemPeer())
    {
        Ptr<NtpClock> clock = peer->node ? peer->node->GetObject<NtpClock>() : nullptr;
        if (clock)
        {
            truth = clock->GetOffsetTo(GetClock());
        }
    }
    m_trueOffsetTrace(truth);
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
