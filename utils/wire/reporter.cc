#include "reporter.h"

#include <cstdio>

namespace ntp::wire
{

namespace
{

std::string
Format(const char* format, double value)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), format, value);
    return buf;
}

std::string
Seconds(double value)
{
    return Format("%+.9f s", value);
}

std::string
Describe(const Association& association)
{
    return ToString(association.GetMode()) + " association with "
         + association.Config().remote.ToString();
}

} // namespace

AssociationSnapshot
Snapshot(const Association& association)
{
    AssociationSnapshot s;
    s.id = association.Id();
    s.mode = ToString(association.GetMode());
    s.remote = association.Config().remote;
    s.keyId = association.Config().keyId;
    s.stratum = association.Stratum();
    s.reach = association.Poll().Reach();
    s.poll = association.Poll().IntervalPoll();
    if (!association.Filter().LastUsed().IsZero())
    {
        s.offset = association.Filter().Offset();
        s.delay = association.Filter().Delay();
        s.jitter = association.Filter().Jitter();
    }
    return s;
}

Reporter::Reporter(const EventLoop& loop, std::ostream& trace, bool verbose) :
    m_loop(loop), m_trace(trace), m_verbose(verbose)
{
}

void
Reporter::Trace(const std::string& text) const
{
    if (!m_verbose)
    {
        return;
    }
    char stamp[32];
    std::snprintf(stamp, sizeof(stamp), "[%9.3f] ", m_loop.Elapsed());
    m_trace << stamp << text << std::endl;
}

void
Reporter::Remember(const Association& association)
{
    AssociationSnapshot& slot = m_snapshots[association.Id()];
    const bool demobilized = slot.demobilized;
    const std::string why = slot.demobilizedWhy;
    slot = Snapshot(association);
    slot.demobilized = demobilized;
    slot.demobilizedWhy = why;
}

void
Reporter::Refresh(const Engine& engine)
{
    for (const Association* association : engine.Associations())
    {
        Remember(*association);
    }
}

void
Reporter::OnRefused(const Endpoint& from, const Association* association, RefuseReason reason,
                    const std::string& detail)
{
    std::string line = "refused packet from " + from.ToString() + ": " + ToString(reason);
    if (!detail.empty())
    {
        line += " (" + detail + ")";
    }
    if (association)
    {
        line += " on association " + std::to_string(association->Id());
    }
    Trace(line);
}

void
Reporter::OnSample(const Association& association, double offset, double delay, double dispersion)
{
    Trace("sample from " + association.Config().remote.ToString() + ": offset " + Seconds(offset)
          + ", delay " + Seconds(delay) + ", dispersion " + Seconds(dispersion));
}

void
Reporter::OnPeerUpdate(const Association& association)
{
    Remember(association);
}

void
Reporter::OnClockUpdate(const ClockUpdateEvent& update)
{
    if (!m_firstUpdate)
    {
        m_firstUpdate = m_loop.Elapsed();
    }
    if (!m_firstSync && m_engine && m_engine->IsSynchronized())
    {
        m_firstSync = m_loop.Elapsed();
        Trace("synchronized");
        if (m_onSync)
        {
            m_onSync();
        }
    }
    Trace(std::string(update.stepped ? "clock step " : "clock update ") + Seconds(update.offset)
          + ", state " + ToString(update.state) + ", frequency "
          + Format("%+.3f ppm", update.frequency * 1e6) + ", poll " + std::to_string(update.poll));
}

void
Reporter::OnClockStateChange(ClockState from, ClockState to)
{
    Trace("clock state " + ToString(from) + " -> " + ToString(to));
}

void
Reporter::OnStep(double offset)
{
    Trace("stepped the virtual clock by " + Seconds(offset));
}

void
Reporter::OnPanic(double offset)
{
    Trace("offset " + Seconds(offset) + " is over the panic threshold: update refused");
}

void
Reporter::OnPollChange(const Association* association, int oldPoll, int newPoll)
{
    Trace(std::string(association ? "association " + std::to_string(association->Id())
                                  : std::string("system"))
          + " poll " + std::to_string(oldPoll) + " -> " + std::to_string(newPoll));
}

void
Reporter::OnReachChange(const Association& association, uint8_t reach)
{
    char octal[8];
    std::snprintf(octal, sizeof(octal), "%03o", reach);
    Trace("reach of " + association.Config().remote.ToString() + " " + octal);
    Remember(association);
}

void
Reporter::OnMobilize(const Association& association)
{
    if (association.GetMode() == AssociationMode::SymmetricPassive)
    {
        ++m_passiveMobilized;
    }
    Remember(association);
    Trace("mobilized " + Describe(association) + " (id " + std::to_string(association.Id())
          + (association.Config().keyId ? ", key " + std::to_string(association.Config().keyId)
                                        : std::string())
          + ")");
}

void
Reporter::OnDemobilize(const Association& association, const std::string& why)
{
    if (association.GetMode() == AssociationMode::SymmetricPassive)
    {
        ++m_passiveDemobilized;
    }
    Remember(association);
    m_snapshots[association.Id()].demobilized = true;
    m_snapshots[association.Id()].demobilizedWhy = why;
    Trace("demobilized " + Describe(association) + ": " + why);
}

void
Reporter::OnSystemPeerChange(const Association* association)
{
    Trace(association ? "system peer is now " + association->Config().remote.ToString()
                      : std::string("no system peer"));
}

} // namespace ntp::wire
