#include "ntp-engine.h"

#include "ntp-select.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

namespace
{

double
Square(double x)
{
    return x * x;
}

} // namespace

Engine::Engine(const Parameters& parameters, const HostInterfaces& host) :
    m_parameters(parameters),
    m_host(host),
    m_observer(host.observer ? host.observer : &m_nullObserver),
    m_discipline(parameters)
{
    // ntpd starts sys_poll at its lowest (NTP_MINPOLL); the system peer's
    // range clamps it at the first update, and reachable associations
    // follow it within theirs, so a peer with minpoll 4 polls at 2^4 s.
    m_system.poll = parameters.minimumPoll;
    m_system.jitter = Log2ToSeconds(parameters.precision);
}

Engine::~Engine()
{
    Stop();
}

Error
Engine::AddAssociation(const AssociationConfig& config, uint32_t* id)
{
    if (auto error = config.Validate(m_parameters))
    {
        return error;
    }
    if (config.keyId != 0 && m_keys.Find(config.keyId) == nullptr)
    {
        return "key id " + std::to_string(config.keyId)
             + " is not in the key store (add the key first)";
    }
    if (config.mode == AssociationMode::SymmetricPassive)
    {
        return std::string("passive associations are mobilized by packets, not configured");
    }
    for (const auto& [existingId, existing] : m_associations)
    {
        const bool bothLocal = existing->GetMode() == AssociationMode::LocalReference
                            && config.mode == AssociationMode::LocalReference;
        const bool samePeer = config.mode != AssociationMode::LocalReference
                           && existing->GetMode() != AssociationMode::LocalReference
                           && existing->Config().remote == config.remote
                           && !existing->IsEphemeral();
        if (bothLocal || samePeer)
        {
            return "an association with "
                 + (bothLocal ? std::string("the local reference") : config.remote.ToString())
                 + " already exists (id " + std::to_string(existingId) + ")";
        }
    }
    const uint32_t newId = Mobilize(config, false);
    if (id)
    {
        *id = newId;
    }
    return std::nullopt;
}

bool
Engine::RemoveAssociation(uint32_t id)
{
    if (m_associations.count(id) == 0)
    {
        return false;
    }
    Demobilize(id, "removed by configuration");
    return true;
}

uint32_t
Engine::Mobilize(const AssociationConfig& config, bool ephemeral)
{
    const uint32_t id = m_nextId++;
    auto association = std::make_unique<Association>(id, config, ephemeral, m_parameters);
    Association& ref = *association;
    m_associations.emplace(id, std::move(association));
    m_passiveCount += config.mode == AssociationMode::SymmetricPassive ? 1 : 0;
    ++m_counters.mobilized;
    m_observer->OnMobilize(ref);
    if (m_running)
    {
        ScheduleFirstPoll(ref, 0);
    }
    return id;
}

void
Engine::Demobilize(uint32_t id, const std::string& why)
{
    auto it = m_associations.find(id);
    if (it == m_associations.end())
    {
        return;
    }
    std::unique_ptr<Association> association = std::move(it->second);
    m_associations.erase(it);
    m_passiveCount -= association->GetMode() == AssociationMode::SymmetricPassive ? 1 : 0;
    if (association->timer != 0)
    {
        m_host.timer->Cancel(association->timer);
    }
    ++m_counters.demobilized;
    m_observer->OnDemobilize(*association, why);
    if (m_system.systemPeer == id)
    {
        SetSystemPeer(std::nullopt);
        SelectAndUpdate();
    }
}

void
Engine::Start()
{
    if (m_running)
    {
        return;
    }
    m_running = true;
    m_startTime = m_host.clock->Now();
    m_discipline.Start(m_startTime);
    ApplyClockCommands();
    // ntpd at start-up: the k-th association polls k seconds in.
    int index = 0;
    for (auto& [id, association] : m_associations)
    {
        ScheduleFirstPoll(*association, ++index);
    }
}

void
Engine::ScheduleFirstPoll(Association& association, int startupIndex)
{
    // ntpd peer_clear(): at start-up one second per association; a passive
    // association after the minimum packet spacing (its first packet then
    // reschedules it a poll interval on); anything else at random within
    // its minimum poll interval, so that a fleet does not poll in step.
    association.lastTransmit = m_host.clock->Now();
    double delay = 0;
    if (startupIndex > 0)
    {
        delay = startupIndex;
    }
    else if (association.GetMode() == AssociationMode::SymmetricPassive)
    {
        delay = m_parameters.minPacketInterval;
    }
    else
    {
        const int minpoll = std::max(1, association.Config().minpoll);
        delay = 1.0 + std::floor(m_host.random->Uniform() * minpoll);
    }
    SchedulePoll(association, delay);
}

void
Engine::Stop()
{
    m_running = false;
    if (m_clampTimer != 0)
    {
        m_host.timer->Cancel(m_clampTimer);
        m_clampTimer = 0;
    }
    for (auto& [id, association] : m_associations)
    {
        if (association->timer != 0)
        {
            m_host.timer->Cancel(association->timer);
            association->timer = 0;
        }
    }
}

void
Engine::SchedulePoll(Association& association, double delay)
{
    if (association.timer != 0)
    {
        m_host.timer->Cancel(association.timer);
    }
    const uint32_t id = association.Id();
    association.nextPoll = m_host.clock->Now() + delay;
    association.scheduledPoll = -1;
    association.timer = m_host.timer->Schedule(delay, [this, id] { OnPollTimer(id); });
}

void
Engine::OnPollTimer(uint32_t id)
{
    auto it = m_associations.find(id);
    if (it == m_associations.end())
    {
        return;
    }
    Association& association = *it->second;
    association.timer = 0;
    if (association.GetMode() == AssociationMode::LocalReference)
    {
        PollLocalReference(association);
        return;
    }
    const Timestamp now = m_host.clock->Now();
    const int oldPoll = association.Poll().HostPoll();
    const uint8_t oldReach = association.Poll().Reach();
    const PollDecision decision
        = association.Poll().OnTimer(m_system.poll, IsFit(association, now), m_parameters);
    if (association.Poll().Reach() != oldReach)
    {
        m_observer->OnReachChange(association, association.Poll().Reach());
    }
    if (association.Poll().HostPoll() != oldPoll)
    {
        m_observer->OnPollChange(&association, oldPoll, association.Poll().HostPoll());
    }
    if (decision.demobilize)
    {
        Demobilize(id, "unreachable");
        return;
    }
    if (decision.shiftDummySample)
    {
        association.Filter().AddDummy(now, association.Poll().HostPoll());
    }
    if (decision.becameUnreachable && m_system.systemPeer == id)
    {
        SelectAndUpdate();
    }
    Transmit(association);
    association.lastTransmit = now;
    SchedulePoll(association,
                 association.Poll().NextInterval(m_host.random->Uniform(), m_parameters));
    if (!association.Poll().InBurst())
    {
        association.scheduledPoll = association.Poll().IntervalPoll();
    }
}

void
Engine::Reschedule(Association& association)
{
    // ntpd poll_update(): the next poll is due an interval after the last
    // transmission, with the interval as it stands now (a packet may have
    // changed the peer's poll, a clock update the host poll), and never
    // sooner than the minimum packet spacing. ntpd draws the jitter again
    // each time; while the interval's exponent is unchanged the pending
    // poll already has one such draw, so it stands (no timer churn per packet).
    const int intervalPoll = association.Poll().IntervalPoll();
    if (association.Poll().InBurst() || association.timer == 0
        || association.GetMode() == AssociationMode::LocalReference
        || association.scheduledPoll == intervalPoll)
    {
        return;
    }
    const Timestamp now = m_host.clock->Now();
    const double interval = association.Poll().NextInterval(m_host.random->Uniform(), m_parameters);
    const double due = (association.lastTransmit + interval) - now;
    double delay = std::max(due, m_parameters.minPacketInterval);
    // A poll that is already overdue is not pushed back by packets that
    // arrive faster than the minimum spacing (possible with sub-ntpd polls).
    const double pending = association.nextPoll - now;
    if (due < m_parameters.minPacketInterval && pending < delay)
    {
        return;
    }
    SchedulePoll(association, delay);
    association.scheduledPoll = intervalPoll;
}

void
Engine::PollLocalReference(Association& association)
{
    // ntpd's LOCAL driver (refclock_transmit and local_poll): the register
    // shifts each poll and gets an infinite-dispersion sample when four
    // polls in a row brought nothing; the local clock agrees with itself, a
    // zero-offset sample, but only while nothing else is the system peer.
    const Timestamp now = m_host.clock->Now();
    const uint8_t oldReach = association.Poll().Reach();
    association.Poll().ShiftReach();
    if ((association.Poll().Reach() & 0x0f) == 0)
    {
        association.Filter().AddDummy(now, association.Poll().HostPoll());
    }
    if (!m_system.systemPeer || *m_system.systemPeer == association.Id())
    {
        association.Poll().MarkReached();
        FilterSample sample;
        sample.offset = 0;
        sample.delay = 0;
        sample.dispersion = Log2ToSeconds(m_parameters.precision);
        sample.time = now;
        sample.valid = true;
        AcceptSample(association, sample);
    }
    if (association.Poll().Reach() != oldReach)
    {
        m_observer->OnReachChange(association, association.Poll().Reach());
    }
    // Reference clocks poll every 2^minpoll s exactly, without jitter.
    SchedulePoll(association, Log2ToSeconds(association.Poll().HostPoll()));
}

Timestamp
Engine::TransmitTime()
{
    // Like ntpd, fill the bits below the clock precision with noise: the
    // transmit timestamp then doubles as an unpredictable nonce that the
    // origin test checks.
    const Timestamp now = m_host.clock->Now();
    const int fuzzBits = std::clamp(32 + m_parameters.precision, 0, 32);
    if (fuzzBits == 0)
    {
        return now;
    }
    const uint64_t mask = (fuzzBits == 32) ? 0xffffffffULL : ((uint64_t{1} << fuzzBits) - 1);
    const uint64_t noise
        = static_cast<uint64_t>(m_host.random->Uniform() * static_cast<double>(mask + 1)) & mask;
    return Timestamp((now.Raw() & ~mask) | noise);
}

IpAddress
Engine::SourceFor(const IpAddress& configured, const IpAddress& fallback) const
{
    if (!configured.IsUnspecified())
    {
        return configured;
    }
    if (m_parameters.sourceAddress && !m_parameters.sourceAddress->IsUnspecified())
    {
        return *m_parameters.sourceAddress;
    }
    return fallback;
}

Header
Engine::SystemHeader(Timestamp now) const
{
    Header h;
    h.leap = m_system.leap;
    // Stratum 16 goes on the wire as 0, "unspecified" (RFC 5905 figure 11).
    h.stratum = static_cast<uint8_t>(m_system.stratum >= kMaxStratum ? 0 : m_system.stratum);
    h.poll = static_cast<int8_t>(m_system.poll);
    h.precision = static_cast<int8_t>(m_parameters.precision);
    h.rootDelay = SecondsToShort(m_system.rootDelay);
    double rootDispersion = m_system.rootDispersion;
    if (m_system.lastUpdate)
    {
        rootDispersion += m_parameters.phi * std::max(0.0, now - *m_system.lastUpdate);
    }
    h.rootDispersion = SecondsToShort(rootDispersion);
    h.refid = m_system.refid;
    h.reference = m_system.referenceTime;
    return h;
}

void
Engine::Transmit(Association& association)
{
    Header header = SystemHeader(m_host.clock->Now());
    association.PrepareTransmit(header, TransmitTime());
    std::vector<uint8_t> bytes = EncodeUnauthenticated(header);
    if (association.Config().keyId != 0)
    {
        const Key* key = m_keys.Find(association.Config().keyId);
        if (key)
        {
            AppendMac(bytes, key->id,
                      ComputeDigest(*key, bytes.data(), bytes.size(), header.version));
        }
        else
        {
            // The key was removed after configuration: the peer will refuse
            // the packet, exactly as a router with a dangling key id behaves.
            AppendMac(bytes, association.Config().keyId, std::vector<uint8_t>(16, 0));
        }
    }
    const Endpoint from{SourceFor(association.Config().localAddress, association.ListenAddress()),
                        association.Config().localPort};
    m_observer->OnTransmit(association, association.Config().remote);
    Send(from, association.Config().remote, std::move(bytes));
}

void
Engine::Send(const Endpoint& from, const Endpoint& to, std::vector<uint8_t> bytes)
{
    ++m_counters.sent;
    m_host.transport->Send(from, to, bytes);
}

void
Engine::Refuse(const Endpoint& from, const Association* association, RefuseReason reason,
               const std::string& detail)
{
    ++m_counters.refused[reason];
    if (IsAuthFailure(reason))
    {
        ++m_counters.authFailures;
    }
    m_observer->OnRefused(from, association, reason, detail);
}

AuthCheck
Engine::Authenticate(const Packet& packet, const uint8_t* data) const
{
    AuthCheck check;
    switch (packet.macKind)
    {
    case MacKind::None:
        return check;
    case MacKind::CryptoNak:
        check.kind = AuthCheck::Kind::CryptoNak;
        return check;
    case MacKind::Digest:
        break;
    }
    check.keyId = packet.keyId;
    check.kind = AuthCheck::Kind::Failed;
    const Key* key = m_keys.Find(packet.keyId);
    if (key == nullptr)
    {
        check.reason = RefuseReason::AuthUnknownKey;
        return check;
    }
    if (!key->trusted)
    {
        check.reason = RefuseReason::AuthUntrustedKey;
        return check;
    }
    if (!VerifyDigest(*key, data, packet.authenticatedLength, packet.digest.data(),
                      packet.digest.size()))
    {
        check.reason = RefuseReason::AuthBadMac;
        return check;
    }
    check.kind = AuthCheck::Kind::Verified;
    return check;
}

Association*
Engine::Match(const Endpoint& from, const IpAddress& localAddress)
{
    for (auto& [id, association] : m_associations)
    {
        if (association->GetMode() == AssociationMode::LocalReference)
        {
            continue;
        }
        const IpAddress& listen = association->ListenAddress();
        if (association->Config().remote == from
            && (listen.IsUnspecified() || listen == localAddress))
        {
            return association.get();
        }
    }
    return nullptr;
}

void
Engine::Receive(const uint8_t* data, size_t length, const Endpoint& from, const Endpoint& to,
                Timestamp received)
{
    ++m_counters.received;
    DecodeResult decoded = Decode(data, length);
    if (!decoded.packet)
    {
        Refuse(from, nullptr, RefuseReason::Malformed,
               ToString(decoded.error) + ": " + decoded.detail);
        return;
    }
    const Packet& packet = *decoded.packet;
    const AuthCheck auth = Authenticate(packet, data);
    if (m_parameters.discardUnauthenticated && auth.kind != AuthCheck::Kind::Verified)
    {
        Refuse(from, nullptr,
               auth.kind == AuthCheck::Kind::Failed ? auth.reason : RefuseReason::AuthMissing,
               "authentication is enabled: unauthenticated packets are discarded");
        return;
    }
    const Mode mode = packet.header.mode;
    if (mode == Mode::Client)
    {
        ServeClient(packet, auth, from, to, received);
        return;
    }
    Association* association = Match(from, to.address);
    if (association == nullptr)
    {
        if (mode == Mode::SymmetricActive)
        {
            HandleUnknownActive(packet, auth, from, to, received);
            return;
        }
        Refuse(from, nullptr,
               mode == Mode::Broadcast ? RefuseReason::ModeMismatch : RefuseReason::NoAssociation,
               ToString(mode) + " packet matches no association");
        return;
    }
    if (association->GetMode() == AssociationMode::SymmetricPassive
        && mode == Mode::SymmetricPassive)
    {
        Refuse(from, association, RefuseReason::PassiveConflict, "both ends are passive");
        Demobilize(association->Id(), "passive-passive conflict");
        return;
    }
    if (!association->AcceptsMode(mode))
    {
        Refuse(from, association, RefuseReason::ModeMismatch,
               ToString(mode) + " packet on a " + ToString(association->GetMode())
                   + " association");
        return;
    }
    association->SetObservedLocalAddress(to.address);
    ProcessOnAssociation(*association, packet, auth, from, received);
}

void
Engine::HandleUnknownActive(const Packet& packet, const AuthCheck& auth, const Endpoint& from,
                            const Endpoint& to, Timestamp received)
{
    if (auth.kind == AuthCheck::Kind::Failed)
    {
        Refuse(from, nullptr, auth.reason, "symmetric-active packet failed authentication");
        if (m_parameters.sendCryptoNak)
        {
            ReplyStatelessly(packet, Mode::SymmetricPassive, auth, true, from, to, received);
        }
        return;
    }
    if (auth.kind == AuthCheck::Kind::CryptoNak)
    {
        Refuse(from, nullptr, RefuseReason::NoAssociation, "crypto-NAK matches no association");
        return;
    }
    switch (m_parameters.passivePolicy)
    {
    case PassivePolicy::Ignore:
        Refuse(from, nullptr, RefuseReason::PolicyDeclined, "passive associations are disabled");
        return;
    case PassivePolicy::StatelessReply:
        ReplyStatelessly(packet, Mode::SymmetricPassive, auth, false, from, to, received);
        return;
    case PassivePolicy::Mobilize:
        break;
    }
    if (m_parameters.authenticate && auth.kind != AuthCheck::Kind::Verified)
    {
        // ntpd: an authenticating node serves an unauthenticated peer
        // statelessly but never lets it create state. Nothing is refused:
        // this is how ntpd answers every unauthenticated symmetric peer.
        ++m_counters.statelessReplies;
        ReplyStatelessly(packet, Mode::SymmetricPassive, auth, false, from, to, received);
        return;
    }
    if (m_passiveCount >= static_cast<size_t>(m_parameters.maxPassiveAssociations))
    {
        Refuse(from, nullptr, RefuseReason::PolicyDeclined, "passive association table full");
        return;
    }
    AssociationConfig config;
    config.mode = AssociationMode::SymmetricPassive;
    config.remote = from;
    config.localAddress = SourceFor(IpAddress(), to.address);
    config.localPort = to.port;
    config.version = packet.header.version;
    config.keyId = auth.kind == AuthCheck::Kind::Verified ? auth.keyId : 0;
    config.maxpoll = std::max(m_parameters.passiveMaxpoll, m_parameters.minimumPoll);
    config.minpoll = ClampPoll(packet.header.poll, m_parameters.minimumPoll, config.maxpoll);
    const uint32_t id = Mobilize(config, true);
    Association& association = *m_associations.at(id);
    association.SetListenAddress(to.address);
    association.SetObservedLocalAddress(to.address);
    ProcessOnAssociation(association, packet, auth, from, received);
}

void
Engine::ServeClient(const Packet& packet, const AuthCheck& auth, const Endpoint& from,
                    const Endpoint& to, Timestamp received)
{
    if (!m_parameters.serveClients)
    {
        Refuse(from, nullptr, RefuseReason::PolicyDeclined, "not serving clients");
        return;
    }
    if (auth.kind == AuthCheck::Kind::Failed)
    {
        Refuse(from, nullptr, auth.reason, "client request failed authentication");
        if (m_parameters.sendCryptoNak)
        {
            ReplyStatelessly(packet, Mode::Server, auth, true, from, to, received);
        }
        return;
    }
    ReplyStatelessly(packet, Mode::Server, auth, false, from, to, received);
}

void
Engine::ReplyStatelessly(const Packet& request, Mode mode, const AuthCheck& auth, bool cryptoNak,
                         const Endpoint& from, const Endpoint& to, Timestamp received)
{
    Header header = SystemHeader(m_host.clock->Now());
    header.mode = mode;
    header.version = request.header.version;
    header.poll = request.header.poll;
    header.origin = request.header.transmit;
    header.receive = received;
    header.transmit = TransmitTime();
    std::vector<uint8_t> bytes = EncodeUnauthenticated(header);
    if (cryptoNak)
    {
        AppendCryptoNak(bytes);
    }
    else if (auth.kind == AuthCheck::Kind::Verified)
    {
        const Key* key = m_keys.Find(auth.keyId);
        AppendMac(bytes, key->id, ComputeDigest(*key, bytes.data(), bytes.size(), header.version));
    }
    Send(Endpoint{SourceFor(IpAddress(), to.address), to.port}, from, std::move(bytes));
}

void
Engine::ProcessOnAssociation(Association& association, const Packet& packet, const AuthCheck& auth,
                             const Endpoint& from, Timestamp received)
{
    const uint8_t oldReach = association.Poll().Reach();
    const PeerProcessResult result = association.Process(packet, auth, received, m_parameters);
    if (association.Poll().Reach() != oldReach)
    {
        m_observer->OnReachChange(association, association.Poll().Reach());
    }
    if (result.passedOnWire)
    {
        Reschedule(association);
    }
    if (result.refused)
    {
        Refuse(from, &association, *result.refused, result.detail);
        if (*result.refused == RefuseReason::KissOfDeath && packet.header.KissCode() != "RATE"
            && association.Poll().Options().demobilizable)
        {
            Demobilize(association.Id(), "kiss-o'-death " + packet.header.KissCode());
        }
        return;
    }
    if (result.sample)
    {
        AcceptSample(association, *result.sample);
    }
}

void
Engine::AcceptSample(Association& association, const FilterSample& sample)
{
    m_observer->OnSample(association, sample.offset, sample.delay, sample.dispersion);
    // ntpd sorts the register by delay only once the startup clamp is over.
    association.Filter().SetSortByDelay(m_discipline.IsSettled(sample.time));
    const FilterOutput out
        = association.Filter().Add(sample, sample.time, association.Poll().HostPoll());
    if (out.verdict != FilterOutput::Verdict::Updated)
    {
        return;
    }
    m_observer->OnPeerUpdate(association);
    SelectAndUpdate();
}

bool
Engine::IsFit(const Association& association, Timestamp now) const
{
    if (association.Poll().Reach() == 0 || association.Filter().LastUsed().IsZero())
    {
        return false;
    }
    if (association.PeerLeap() == Leap::Unsynchronized || association.Stratum() >= kMaxStratum)
    {
        return false;
    }
    if (association.GetMode() == AssociationMode::LocalReference)
    {
        // ntpd uses its LOCAL driver only after the orphan wait, and exempts
        // reference clocks from the distance test.
        return now - m_startTime > m_parameters.localReferenceWait;
    }
    // ntpd peer_unfit(): the distance limit grows by one host poll of PHI.
    const double distanceLimit = m_parameters.maxDistance
                               + m_parameters.phi * Log2ToSeconds(association.Poll().HostPoll());
    if (association.RootDistance(now, m_parameters) >= distanceLimit)
    {
        return false;
    }
    // Loop: the peer is synchronized to us.
    for (const IpAddress* ours :
         {&association.ListenAddress(), &association.ObservedLocalAddress()})
    {
        if (!ours->IsUnspecified() && association.Refid() == ours->ToRefid())
        {
            return false;
        }
    }
    if (m_parameters.sourceAddress && association.Refid() == m_parameters.sourceAddress->ToRefid())
    {
        return false;
    }
    // A node with its own clock as reference at stratum N takes time only
    // from a peer that makes it better than that: stratum below N - 1. (A
    // bound on the current system stratum instead would keep a peer from
    // backing up a lost upstream, which is what peer mode is for.)
    if (const Association* local = LocalReference())
    {
        if (association.Stratum() + 1 >= local->Config().localStratum)
        {
            return false;
        }
    }
    return true;
}

void
Engine::SelectAndUpdate()
{
    const Timestamp now = m_host.clock->Now();
    std::vector<Candidate> candidates;
    Association* local = nullptr;
    for (auto& [id, association] : m_associations)
    {
        if (!IsFit(*association, now))
        {
            continue;
        }
        if (association->GetMode() == AssociationMode::LocalReference)
        {
            local = association.get();
            continue;
        }
        Candidate c;
        c.id = id;
        c.offset = association->Filter().Offset();
        c.rootDistance = association->RootDistance(now, m_parameters);
        c.jitter = association->Filter().Jitter();
        c.stratum = association->Stratum();
        c.prefer = association->Config().prefer;
        candidates.push_back(c);
    }
    SelectSettings settings;
    settings.minSurvivors = m_parameters.minSurvivors;
    settings.minCandidates = m_parameters.minCandidates;
    settings.maxDistance = m_parameters.maxDistance;
    settings.countMidpoints = m_parameters.selectionMidpoints;
    const SelectionResult selection = SelectSources(candidates, settings, m_system.systemPeer);

    Association* chosen = nullptr;
    double offset = 0;
    double selectionJitter = 0;
    if (selection.systemPeer)
    {
        chosen = m_associations.at(*selection.systemPeer).get();
        offset = selection.offset;
        selectionJitter = selection.selectionJitter;
    }
    else if (local)
    {
        // Like ntpd's LOCAL driver: the node's own clock only when no real
        // source survives.
        chosen = local;
        offset = local->Filter().Offset();
    }
    if (chosen == nullptr)
    {
        SetSystemPeer(std::nullopt);
        return;
    }
    SetSystemPeer(chosen->Id());
    UpdateClock(*chosen, offset, selectionJitter);
}

void
Engine::SetSystemPeer(std::optional<uint32_t> id)
{
    if (m_system.systemPeer == id)
    {
        return;
    }
    m_system.systemPeer = id;
    m_observer->OnSystemPeerChange(id ? m_associations.at(*id).get() : nullptr);
}

void
Engine::UpdateClock(Association& peer, double offset, double selectionJitter)
{
    // Use each sample of the system peer once (RFC 5905 clock_update).
    const Timestamp sampleTime = peer.Filter().LastUsed();
    if (m_system.lastUpdate && !sampleTime.IsAfter(*m_system.lastUpdate))
    {
        return;
    }
    m_system.lastUpdate = sampleTime;
    const ClockState oldState = m_discipline.State();
    const int oldPoll = m_system.poll;
    int poll = m_system.poll;
    // Like ntpd's clock_update, the system variables follow the system peer
    // before the discipline runs, whatever it decides; only the leap
    // indicator waits for the clock to be slewed (synchronized).
    SetSystemVariables(peer, offset, selectionJitter);
    // The discipline's clock runs from when corrections are applied (now),
    // as ntpd's does, not from when the sample was taken.
    const Timestamp now = m_host.clock->Now();
    const Discipline::Result result
        = m_discipline.Update(offset, now, poll, peer.Poll().Options().minpoll,
                              peer.Poll().Options().maxpoll);
    if (result == Discipline::Result::Panic)
    {
        m_observer->OnPanic(offset);
        return;
    }
    m_system.poll = poll;
    ApplyClockCommands();
    ScheduleClampExpiry();
    ClockUpdateEvent event;
    switch (result)
    {
    case Discipline::Result::Panic:
    case Discipline::Result::Ignore:
        break;
    case Discipline::Result::Step:
        ClearAfterStep(offset);
        event.stepped = true;
        break;
    case Discipline::Result::Slew:
        m_system.leap = peer.PeerLeap();
        break;
    }
    if (result != Discipline::Result::Step)
    {
        // ntpd poll_update(sys_peer, sys_poll): the system peer follows the
        // system poll at once.
        const int oldHostPoll = peer.Poll().HostPoll();
        peer.Poll().SetHostPoll(m_system.poll);
        if (peer.Poll().HostPoll() != oldHostPoll)
        {
            m_observer->OnPollChange(&peer, oldHostPoll, peer.Poll().HostPoll());
        }
        Reschedule(peer);
    }
    if (m_discipline.State() != oldState)
    {
        m_observer->OnClockStateChange(oldState, m_discipline.State());
    }
    if (m_system.poll != oldPoll)
    {
        m_observer->OnPollChange(nullptr, oldPoll, m_system.poll);
    }
    if (result == Discipline::Result::Ignore)
    {
        return;
    }
    event.offset = offset;
    event.clockOffset = m_discipline.ClockOffset();
    event.frequency = m_discipline.Frequency();
    event.jitter = m_discipline.Jitter();
    event.wander = m_discipline.Wander();
    event.state = m_discipline.State();
    event.poll = m_system.poll;
    m_observer->OnClockUpdate(event);
}

void
Engine::ApplyClockCommands()
{
    const ClockCommands& commands = m_discipline.Commands();
    if (commands.step)
    {
        m_host.clock->Step(*commands.step);
    }
    if (commands.frequency)
    {
        m_host.clock->SetFrequency(*commands.frequency, commands.frequencyDelay);
    }
    if (commands.adjtime)
    {
        m_host.clock->Slew(SlewChannel::Adjtime, *commands.adjtime);
    }
    if (commands.kernelPhase)
    {
        m_host.clock->Slew(SlewChannel::KernelPll, *commands.kernelPhase);
    }
}

void
Engine::ScheduleClampExpiry()
{
    if (m_clampTimer != 0)
    {
        m_host.timer->Cancel(m_clampTimer);
        m_clampTimer = 0;
    }
    const std::optional<Timestamp> expiry = m_discipline.StartupClampExpiry();
    if (!expiry || !m_running)
    {
        return;
    }
    const double delay = std::max(0.0, *expiry - m_host.clock->Now());
    m_clampTimer = m_host.timer->Schedule(delay,
                                          [this]
                                          {
                                              m_clampTimer = 0;
                                              m_discipline.OnStartupClampExpired(
                                                  m_host.clock->Now(), m_system.poll);
                                              ApplyClockCommands();
                                          });
}

void
Engine::SetSystemVariables(const Association& peer, double offset, double selectionJitter)
{
    const Timestamp now = m_host.clock->Now();
    m_system.stratum = std::min(peer.Stratum() + 1, static_cast<int>(kMaxStratum));
    m_system.refid = peer.GetMode() == AssociationMode::LocalReference
                       ? peer.Refid()
                       : peer.Config().remote.address.ToRefid();
    m_system.referenceTime = now;
    m_system.rootDelay = peer.RootDelay() + peer.Filter().Delay();
    m_system.offset = offset;
    m_system.jitter = std::sqrt(Square(peer.Filter().Jitter()) + Square(selectionJitter));
    // ntpd clock_update(): the peer's root dispersion, its filter dispersion
    // grown since the last sample, the system jitter and the offset itself.
    const double dispersion = peer.RootDispersion() + peer.Filter().DispersionAt(now)
                            + m_system.jitter + std::fabs(offset);
    m_system.rootDispersion = std::max(dispersion, m_parameters.minDispersion);
}

void
Engine::ClearAfterStep(double offset)
{
    ++m_counters.steps;
    m_observer->OnStep(offset);
    // Local times kept across the step move with the clock.
    m_startTime += offset;
    // Every timestamp taken before the step is now wrong by the step: ntpd's
    // clear_all() forgets every association's exchanges, samples and reach
    // and polls again soon; the system is unsynchronized until the next update.
    for (auto& [id, association] : m_associations)
    {
        association->Reset();
        if (m_running)
        {
            ScheduleFirstPoll(*association, 0);
        }
    }
    m_system.leap = Leap::Unsynchronized;
    m_system.stratum = kMaxStratum;
    m_system.refid
        = (uint32_t('S') << 24) | (uint32_t('T') << 16) | (uint32_t('E') << 8) | uint32_t('P');
    m_system.rootDelay = 0;
    m_system.rootDispersion = 0;
    m_system.referenceTime = Timestamp();
    m_system.jitter = Log2ToSeconds(m_parameters.precision);
    m_system.lastUpdate.reset();
    SetSystemPeer(std::nullopt);
}

const Association*
Engine::LocalReference() const
{
    for (const auto& [id, association] : m_associations)
    {
        if (association->GetMode() == AssociationMode::LocalReference)
        {
            return association.get();
        }
    }
    return nullptr;
}

std::vector<const Association*>
Engine::Associations() const
{
    std::vector<const Association*> out;
    out.reserve(m_associations.size());
    for (const auto& [id, association] : m_associations)
    {
        out.push_back(association.get());
    }
    return out;
}

const Association*
Engine::FindAssociation(uint32_t id) const
{
    auto it = m_associations.find(id);
    return it == m_associations.end() ? nullptr : it->second.get();
}

bool
Engine::IsSynchronized() const
{
    return m_system.systemPeer.has_value() && m_discipline.State() == ClockState::Sync
        && m_system.leap != Leap::Unsynchronized;
}

} // namespace ntp
