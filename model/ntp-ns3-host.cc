#include "ntp-ns3-host.h"

#include "ns3/simulator.h"

namespace ns3
{

NtpCoreClock::NtpCoreClock(Ptr<NtpClock> clock) :
    m_clock(clock),
    m_epoch(ntp::Timestamp::FromUnix(static_cast<int64_t>(clock->GetEpochUnixSeconds()), 0))
{
}

ntp::Timestamp
NtpCoreClock::Now()
{
    return m_epoch + m_clock->ReadSeconds();
}

void
NtpCoreClock::Step(double offset)
{
    m_clock->Step(offset);
}

void
NtpCoreClock::Slew(ntp::SlewChannel channel, const ntp::PhaseSlew& slew)
{
    m_clock->Slew(channel, slew);
}

void
NtpCoreClock::SetFrequency(double frequency, double delay)
{
    m_clock->SetFrequencyCorrection(frequency, delay);
}

NtpCoreTimer::~NtpCoreTimer()
{
    CancelAll();
}

ntp::Timer::Id
NtpCoreTimer::Schedule(double delay, std::function<void()> callback)
{
    const Id id = m_next++;
    EventId event = Simulator::Schedule(Seconds(delay), &NtpCoreTimer::Fire, this, id);
    m_pending.emplace(id, std::make_pair(event, std::move(callback)));
    return id;
}

void
NtpCoreTimer::Fire(Id id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    std::function<void()> callback = std::move(it->second.second);
    m_pending.erase(it);
    callback();
}

void
NtpCoreTimer::Cancel(Id id)
{
    auto it = m_pending.find(id);
    if (it != m_pending.end())
    {
        Simulator::Cancel(it->second.first);
        m_pending.erase(it);
    }
}

void
NtpCoreTimer::CancelAll()
{
    for (auto& [id, pending] : m_pending)
    {
        Simulator::Cancel(pending.first);
    }
    m_pending.clear();
}

NtpCoreRandom::NtpCoreRandom() : m_uniform(CreateObject<UniformRandomVariable>()) {}

double
NtpCoreRandom::Uniform()
{
    return m_uniform->GetValue(0.0, 1.0);
}

int64_t
NtpCoreRandom::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

} // namespace ns3
