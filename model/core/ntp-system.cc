/*
 * The system process of the engine (RFC 5905 section 11): which
 * associations are fit, selection and combining over them, the clock update
 * that runs the discipline and applies its commands to the host clock, the
 * system variables, and what a clock step clears.
 */
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
    if (association.GetMode() != AssociationMode::LocalReference
        && association.Stratum() >= m_parameters.stratumCeiling)
    {
        return false; // ntpd peer_unfit(): stratum at or above the ceiling
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
    for (const SourceAddress& source : m_parameters.sourceAddresses)
    {
        if (source.instance == association.Config().remote.instance
            && association.Refid() == source.address.ToRefid())
        {
            return false;
        }
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

std::vector<Candidate>
Engine::FitCandidates(Timestamp now, const Association** local, std::vector<uint32_t>* fit) const
{
    std::vector<Candidate> candidates;
    candidates.reserve(m_associations.size());
    for (const auto& [id, association] : m_associations)
    {
        if (!IsFit(*association, now))
        {
            continue;
        }
        if (fit)
        {
            fit->push_back(id);
        }
        if (association->GetMode() == AssociationMode::LocalReference)
        {
            if (local)
            {
                *local = association.get();
            }
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
    return candidates;
}

SelectSettings
Engine::SelectionSettings() const
{
    SelectSettings settings;
    settings.minSurvivors = m_parameters.minSurvivors;
    settings.minCandidates = m_parameters.minCandidates;
    settings.maxDistance = m_parameters.maxDistance;
    settings.countMidpoints = m_parameters.selectionMidpoints;
    return settings;
}

Engine::SelectionView
Engine::ViewSelection(Timestamp now) const
{
    SelectionView view;
    const std::vector<Candidate> candidates = FitCandidates(now, nullptr, &view.fit);
    view.result = SelectSources(candidates, SelectionSettings(), m_system.systemPeer);
    return view;
}

void
Engine::SelectAndUpdate()
{
    const Timestamp now = m_host.clock->Now();
    const Association* fitLocal = nullptr;
    const std::vector<Candidate> candidates = FitCandidates(now, &fitLocal, nullptr);
    Association* local = fitLocal ? m_associations.at(fitLocal->Id()).get() : nullptr;
    const SelectionResult selection
        = SelectSources(candidates, SelectionSettings(), m_system.systemPeer);

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
    const Discipline::Result result = m_discipline.Update(
        offset, now, poll, peer.Poll().Options().minpoll, peer.Poll().Options().maxpoll);
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
    return m_localReference;
}

} // namespace ntp
