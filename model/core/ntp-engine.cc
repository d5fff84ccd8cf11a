/*
 * The engine's association table, poll timers and transmit process (RFC
 * 5905 sections 9 and 13); the receive process is in ntp-receive.cc, the
 * system process in ntp-system.cc.
 */
#include "ntp-engine.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

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
    if (config.mode == AssociationMode::LocalReference)
    {
        m_localReference = &ref;
    }
    else
    {
        m_byRemote.emplace(config.remote, id);
    }
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
    if (association.get() == m_localReference)
    {
        m_localReference = nullptr;
    }
    const auto [first, last] = m_byRemote.equal_range(association->Config().remote);
    for (auto entry = first; entry != last; ++entry)
    {
        if (entry->second == id)
        {
            m_byRemote.erase(entry);
            break;
        }
    }
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

double
Engine::SecondsUntilDue(const Association& association)
{
    // A fresh draw of ntpd's poll jitter, as poll_update() makes each time.
    const double interval = association.Poll().NextInterval(m_host.random->Uniform(), m_parameters);
    return (association.lastTransmit + interval) - m_host.clock->Now();
}

void
Engine::RescheduleAfterRateKiss(Association& association)
{
    // ntpd poll_update() with the throttle a RATE kiss sets: the later of
    // the poll now due and the hold-off, plus the minimum spacing that
    // poll_update adds while the throttle exceeds one poll interval.
    if (association.timer == 0)
    {
        return;
    }
    const double delay
        = std::max(SecondsUntilDue(association), association.Poll().RateKissHoldoff(m_parameters))
        + m_parameters.minPacketInterval;
    SchedulePoll(association, delay);
    association.scheduledPoll = association.Poll().IntervalPoll();
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
    const double due = SecondsUntilDue(association);
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

Error
Engine::Reconfigure(const std::vector<SourceAddress>& sourceAddresses, bool discardUnauthenticated)
{
    Parameters changed = m_parameters;
    changed.sourceAddresses = sourceAddresses;
    changed.discardUnauthenticated = discardUnauthenticated;
    if (auto error = changed.Validate())
    {
        return error;
    }
    m_parameters = changed;
    return std::nullopt;
}

IpAddress
Engine::SourceFor(const IpAddress& configured, const IpAddress& fallback,
                  const Endpoint& destination) const
{
    if (!configured.IsUnspecified())
    {
        return configured;
    }
    if (const IpAddress* global
        = InstanceSource(destination.instance, destination.address.GetFamily()))
    {
        return *global;
    }
    return fallback;
}

const IpAddress*
Engine::InstanceSource(uint32_t instance, IpAddress::Family family) const
{
    for (const SourceAddress& source : m_parameters.sourceAddresses)
    {
        if (source.instance == instance && source.address.GetFamily() == family)
        {
            return &source.address;
        }
    }
    return nullptr;
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
    std::vector<uint8_t>& bytes = m_sendBuffer;
    EncodeHeader(header, bytes);
    if (association.Config().keyId != 0)
    {
        if (const KeyedMac* mac = m_keys.FindMac(association.Config().keyId))
        {
            Sign(bytes, association.Config().keyId, *mac, header.version);
        }
        else
        {
            // The key was removed after configuration: the peer will refuse
            // the packet, exactly as a router with a dangling key id behaves.
            AppendMac(bytes, association.Config().keyId, std::vector<uint8_t>(16, 0));
        }
    }
    const Endpoint& remote = association.Config().remote;
    const Endpoint from{
        SourceFor(association.Config().localAddress, association.ListenAddress(), remote),
        association.Config().localPort, remote.instance};
    m_observer->OnTransmit(association, association.Config().remote);
    Send(from, association.Config().remote, bytes);
}

void
Engine::Sign(std::vector<uint8_t>& bytes, uint32_t keyId, const KeyedMac& mac,
             uint8_t version) const
{
    uint8_t digest[kMaxDigestLength];
    const size_t length = mac.Compute(bytes.data(), bytes.size(), version, digest);
    AppendMac(bytes, keyId, digest, length);
}

void
Engine::Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes)
{
    ++m_counters.sent;
    m_host.transport->Send(from, to, bytes);
}

uint64_t
EngineCounters::Outcomes() const
{
    uint64_t total = accepted + statelessReplies + clientsServed;
    for (const auto& [reason, count] : refused)
    {
        total += count;
    }
    return total;
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
