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
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpService");
NS_OBJECT_ENSURE_REGISTERED(NtpService);

namespace
{

Ipv4Address
ToNs3(const ntp::IpAddress& address)
{
    return address.IsV4() ? Ipv4Address(address.GetV4()) : Ipv4Address::GetAny();
}

ntp::IpAddress
ToCore(Ipv4Address address)
{
    return ntp::IpAddress::V4(address.Get());
}

} // namespace

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
                            "Interface index whose address NTP packets leave from "
                            "(ntp-service source-interface); a peer's own source interface wins. "
                            "-1: chosen by routing.",
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
                              "A received packet was refused: sender, reason (auth-bad-mac, bogus, "
                              "duplicate, no-association, ...).",
                              MakeTraceSourceAccessor(&NtpService::m_refusedTrace),
                              "ns3::NtpService::RefusedCallback")
              .AddTraceSource("SystemPeer",
                              "The system peer changed (0.0.0.0: none or the local reference).",
                              MakeTraceSourceAccessor(&NtpService::m_systemPeerTrace),
                              "ns3::Ipv4Address::TracedCallback")
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
    for (auto& [socket, address] : m_sockets)
    {
        socket->Close();
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    m_sockets.clear();
    m_clockByAddress.clear();
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
    if (auto source = InterfaceAddress(m_sourceInterface))
    {
        p.sourceAddress = ToCore(*source);
    }
    return p;
}

std::optional<Ipv4Address>
NtpService::InterfaceAddress(int32_t interface) const
{
    if (interface < 0 || !GetNode())
    {
        return std::nullopt;
    }
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    if (!ipv4 || static_cast<uint32_t>(interface) >= ipv4->GetNInterfaces()
        || ipv4->GetNAddresses(interface) == 0)
    {
        return std::nullopt;
    }
    return ipv4->GetAddress(interface, 0).GetLocal();
}

ntp::AssociationConfig
NtpService::ToAssociation(const NtpPeerOptions& options) const
{
    ntp::AssociationConfig c;
    c.mode = options.server ? ntp::AssociationMode::Client : ntp::AssociationMode::SymmetricActive;
    c.remote = ntp::Endpoint{ToCore(options.address), options.port};
    if (auto source = InterfaceAddress(options.sourceInterface))
    {
        c.localAddress = ToCore(*source);
    }
    c.localPort = m_port;
    c.version = options.version;
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

std::string
NtpService::AddPeer(const NtpPeerOptions& options)
{
    std::string error = CheckPeerOptions(options, Policy());
    if (error.empty() && options.sourceInterface >= 0 && GetNode() && GetNode()->GetObject<Ipv4>()
        && !InterfaceAddress(options.sourceInterface))
    {
        error = "source-interface " + std::to_string(options.sourceInterface)
              + " does not exist or has no address";
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
        if (error.empty() && existing.address == options.address && existing.port == options.port)
        {
            error = "a peer with this address and port is already configured";
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

void
NtpService::StartApplication()
{
    NS_LOG_FUNCTION(this);
    Ptr<NtpClock> clock = GetClock();
    NS_ABORT_MSG_IF(!clock, "NtpService on node " << GetNode()->GetId()
                                                  << " needs an NtpClock aggregated to the node "
                                                     "(NtpPeerHelper::Install does it)");
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
    OpenSockets();
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
    for (auto& [socket, address] : m_sockets)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
NtpService::OpenSockets()
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "NtpService needs an IPv4 stack on node " << GetNode()->GetId());
    // One socket per interface address, like a router's NTP process: the
    // address a packet arrives on and the address it leaves from are then
    // explicit, which is what source-interface semantics need.
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            const Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
            if (local.IsLocalhost())
            {
                continue;
            }
            Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
            if (socket->Bind(InetSocketAddress(local, m_port)) == -1)
            {
                NS_FATAL_ERROR("cannot bind NTP socket to " << local << ":" << m_port);
            }
            socket->SetRecvCallback(MakeCallback(&NtpService::HandleRead, this));
            m_sockets.emplace(socket, local);
        }
    }
}

void
NtpService::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        ++m_packetsReceived;
        m_rxTrace(packet, from);
        if (!m_engine || !InetSocketAddress::IsMatchingType(from))
        {
            continue;
        }
        const InetSocketAddress source = InetSocketAddress::ConvertFrom(from);
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        const ntp::Endpoint remote{ToCore(source.GetIpv4()), source.GetPort()};
        const ntp::Endpoint local{ToCore(m_sockets.at(socket)), m_port};
        m_engine->Receive(bytes.data(), bytes.size(), remote, local, m_coreClock->Now());
    }
}

Ipv4Address
NtpService::RouteSource(Ipv4Address destination) const
{
    // What the kernel does for an unbound socket: ask routing for the route
    // and use its source address.
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    Ipv4Header header;
    header.SetDestination(destination);
    header.SetProtocol(17);
    Socket::SocketErrno error;
    Ptr<Ipv4Route> route
        = ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), header, nullptr, error);
    return route ? route->GetSource() : Ipv4Address::GetAny();
}

void
NtpService::SendDatagram(const ntp::Endpoint& from, const ntp::Endpoint& to,
                         const std::vector<uint8_t>& bytes)
{
    const Ipv4Address destination = ToNs3(to.address);
    const Ipv4Address source
        = from.address.IsUnspecified() ? RouteSource(destination) : ToNs3(from.address);
    for (auto& [socket, local] : m_sockets)
    {
        if (local == source)
        {
            Ptr<Packet> packet = Create<Packet>(bytes.data(), bytes.size());
            const InetSocketAddress target(destination, to.port);
            m_txTrace(packet, target);
            ++m_packetsSent;
            socket->SendTo(packet, 0, target);
            return;
        }
    }
    NS_LOG_WARN("no socket for source " << source << ": packet to " << destination << " dropped");
}

bool
NtpService::IsSynchronized() const
{
    return m_engine && m_engine->IsSynchronized();
}

Ptr<NtpClock>
NtpService::FindClock(Ipv4Address address)
{
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        Ptr<Ipv4> ipv4 = (*it)->GetObject<Ipv4>();
        if (ipv4 && ipv4->GetInterfaceForAddress(address) >= 0)
        {
            return (*it)->GetObject<NtpClock>();
        }
    }
    return nullptr;
}

void
NtpService::OnRefused(const ntp::Endpoint& from, const ntp::Association*, ntp::RefuseReason reason,
                      const std::string& detail)
{
    NS_LOG_INFO("refused packet from " << from.ToString() << ": " << ntp::ToString(reason) << " "
                                       << detail);
    m_refusedTrace(ToNs3(from.address), ntp::ToString(reason));
}

void
NtpService::OnPeerUpdate(const ntp::Association& association)
{
    const ntp::ClockFilter& filter = association.Filter();
    m_peerUpdateTrace(ToNs3(association.Config().remote.address), filter.Offset(), filter.Delay(),
                      filter.DispersionAt(m_coreClock->Now()), filter.Jitter());
}

void
NtpService::OnClockUpdate(const ntp::ClockUpdateEvent& update)
{
    m_estimatedOffsetTrace(update.offset);
    m_loopStatsTrace(update.clockOffset, update.frequency, update.jitter, update.wander,
                     update.poll);
    double truth = 0;
    const auto& system = m_engine->System();
    if (system.systemPeer)
    {
        const ntp::Association* peer = m_engine->FindAssociation(*system.systemPeer);
        if (peer && peer->GetMode() != ntp::AssociationMode::LocalReference)
        {
            // Addresses do not move during a run: look each one up once.
            const Ipv4Address address = ToNs3(peer->Config().remote.address);
            auto it = m_clockByAddress.find(address);
            if (it == m_clockByAddress.end())
            {
                it = m_clockByAddress.emplace(address, FindClock(address)).first;
            }
            if (it->second)
            {
                truth = it->second->GetOffsetTo(GetClock());
            }
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
    m_reachTrace(ToNs3(association.Config().remote.address), reach);
}

void
NtpService::OnMobilize(const ntp::Association& association)
{
    m_mobilizedTrace(ToNs3(association.Config().remote.address),
                     ntp::ToString(association.GetMode()));
}

void
NtpService::OnDemobilize(const ntp::Association& association, const std::string& why)
{
    m_demobilizedTrace(ToNs3(association.Config().remote.address), why);
}

void
NtpService::OnSystemPeerChange(const ntp::Association* association)
{
    const bool network
        = association && association->GetMode() != ntp::AssociationMode::LocalReference;
    m_systemPeerTrace(network ? ToNs3(association->Config().remote.address)
                              : Ipv4Address::GetAny());
}

} // namespace ns3
