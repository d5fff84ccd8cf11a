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

#include <algorithm>

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
              .AddAttribute("PassiveSeedModesOnly",
                            "Mobilize a passive association only for packets signed with md5 or "
                            "hmac-sha256 keys (and the sha1/sha256 digest keys), as the seed's "
                            "passive-end procedure lists; AES-CMAC-signed ones are refused "
                            "(passive-algorithm). false: any configured mode.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&NtpService::m_passiveSeedModesOnly),
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
                            MakeIntegerChecker<int32_t>(kMinPrecision, kMaxPrecision))
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
              .AddTraceSource("EstimatedOffsetValue",
                              "EstimatedOffset as a value trace: the previous estimate and this "
                              "one (s; 0 before the first), the signature ns3::DoubleProbe "
                              "connects to (GnuplotHelper, FileHelper).",
                              MakeTraceSourceAccessor(&NtpService::m_estimatedOffsetValueTrace),
                              "ns3::TracedValueCallback::Double")
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
              .AddTraceSource("TrueOffsetValue",
                              "TrueOffset as a value trace: the previous value and this one (s; "
                              "0 before the first), the signature ns3::DoubleProbe connects to "
                              "(GnuplotHelper, FileHelper).",
                              MakeTraceSourceAccessor(&NtpService::m_trueOffsetValueTrace),
                              "ns3::TracedValueCallback::Double")
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
    m_estimatedOffsetValueTrace = decltype(m_estimatedOffsetValueTrace)();
    m_trueOffsetValueTrace = decltype(m_trueOffsetValueTrace)();
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

ntp::AssociationConfig
NtpService::LocalReferenceAssociation() const
{
    ntp::AssociationConfig local;
    local.mode = ntp::AssociationMode::LocalReference;
    local.localStratum = static_cast<int>(m_localStratum);
    local.minpoll = 6;
    local.maxpoll = 10;
    return local;
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
    m_nodeId = GetNode()->GetId();
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
    const NtpRouterPolicy policy = Policy();
    for (const NtpKeyConfig& config : m_keyConfigs)
    {
        ntp::Key key;
        if (std::string error = MakeCoreKey(config, policy, key); !error.empty())
        {
            // Attributes changed after the key was committed (weak algorithms
            // disallowed again): the router refuses to run with it.
            NS_FATAL_ERROR("key " << config.id << " refused at start: " << error);
        }
        // A router uses any key until "authentication enable"; from then on
        // only the reliable ones ("ntp-service reliable authentication-keyid").
        key.trusted = config.trusted || !m_authenticationEnable;
        m_engine->Keys().Add(key);
    }
    if (m_localStratum > 0)
    {
        m_engine->AddAssociation(LocalReferenceAssociation());
    }
    for (const NtpPeerOptions& peer : m_peers)
    {
        if (auto error = m_engine->AddAssociation(ToAssociation(peer)))
        {
            NS_FATAL_ERROR("peer validated at configuration refused at start: " << *error);
        }
    }
    m_socketSet.Open(
        m_port, [this](Ptr<Packet> packet, const ntp::Endpoint& remote, const ntp::Endpoint& local)
        { HandleReceive(packet, remote, local); });
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
    if (!m_rxTrace.IsEmpty())
    {
        m_rxTrace(packet, ToNs3Address(remote.address));
    }
    if (!m_engine)
    {
        return;
    }
    NtpOriginTag origin;
    if (packet->PeekPacketTag(origin))
    {
        m_originOf[remote] = origin.GetNodeId();
    }
    // One buffer for every datagram: the engine reads it and keeps nothing.
    m_receiveBuffer.resize(packet->GetSize());
    packet->CopyData(m_receiveBuffer.data(), m_receiveBuffer.size());
    m_engine->Receive(m_receiveBuffer.data(), m_receiveBuffer.size(), remote, local,
                      m_coreClock->Now());
}

std::string
NtpService::SourceInterfaceProblem(int32_t interface, const std::string& instance, bool ipv6) const
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

int32_t
NtpService::GlobalSourceInterface(const std::string& instance, bool ipv6) const
{
    // SourceInterfaces()'s last entry of the family and instance, without
    // building the list for every packet.
    if (!ipv6 && instance.empty() && AttributeSourceApplies())
    {
        return m_sourceInterface;
    }
    int32_t interface = -1;
    for (const NtpSourceInterface& global : m_sourceInterfaces)
    {
        if (global.ipv6 == ipv6 && global.vpnInstance == instance)
        {
            interface = global.interface;
        }
    }
    return interface;
}

std::string
NtpService::SendProblem(const ntp::Endpoint& to, Ptr<Packet> packet, ntp::IpAddress& source,
                        NtpSocketSet::Route& route) const
{
    const std::string& instance = InstanceOf(to);
    const bool ipv6 = to.address.IsV6();
    // Source interfaces, in the order the core applies them: the peer's own,
    // else the global one of the packet's instance and family.
    // Most routers give no peer a source interface: then no peer is looked up.
    const NtpPeerOptions* peer = m_peerSourceInterfaces ? FindPeer(to) : nullptr;
    const int32_t sourceInterface = peer && peer->sourceInterface >= 0
                                      ? peer->sourceInterface
                                      : GlobalSourceInterface(instance, ipv6);
    if (sourceInterface >= 0)
    {
        const std::string problem = SourceInterfaceProblem(sourceInterface, instance, ipv6);
        if (!problem.empty())
        {
            return problem;
        }
    }
    const std::optional<NtpSocketSet::Route> routed
        = m_socketSet.RouteTo(to.instance, to.address, packet, source);
    if (!routed)
    {
        // No route in the peer's instance: say where the peer is, if this
        // node can reach it at all.
        if (!instance.empty())
        {
            return "vpn-no-route";
        }
        const Address destination = ToNs3Address(to.address);
        for (const std::string& other : m_socketSet.Instances())
        {
            if (!other.empty() && m_socketSet.RouteSource(other, destination))
            {
                return "peer-in-vpn-instance";
            }
        }
        return "no-route";
    }
    route = *routed;
    if (source.GetFamily() == ntp::IpAddress::Family::None)
    {
        source = routed->source;
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
    Ptr<Packet> packet = Create<Packet>(bytes.data(), bytes.size());
    ntp::IpAddress source = from.address;
    NtpSocketSet::Route route;
    const std::string problem = SendProblem(to, packet, source, route);
    if (!problem.empty())
    {
        DropTx(to, problem);
        return;
    }
    NtpOriginTag origin;
    origin.SetNodeId(m_nodeId);
    packet->AddPacketTag(origin);
    if (!m_txTrace.IsEmpty())
    {
        m_txTrace(packet, ToNs3Address(to.address));
    }
    if (!m_socketSet.Send(packet, to.instance, source, to.address, to.port, route))
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

} // namespace ns3
