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
    uint32_t slot;
    if (m_free.empty())
    {
        slot = static_cast<uint32_t>(m_slots.size());
        m_slots.emplace_back();
    }
    else
    {
        slot = m_free.back();
        m_free.pop_back();
    }
    Slot& entry = m_slots[slot];
    entry.callback = std::move(callback);
    entry.pending = true;
    entry.event = Simulator::Schedule(Seconds(delay), &NtpCoreTimer::Fire, this, slot, entry.uses);
    // Never 0 (the core's "no timer"): the slot is stored plus one.
    return (static_cast<Id>(entry.uses) << 32) | (slot + 1);
}

NtpCoreTimer::Slot*
NtpCoreTimer::Find(Id id)
{
    const uint64_t low = id & 0xffffffffu;
    if (low == 0 || low > m_slots.size())
    {
        return nullptr;
    }
    Slot& entry = m_slots[low - 1];
    return entry.pending && entry.uses == static_cast<uint32_t>(id >> 32) ? &entry : nullptr;
}

void
NtpCoreTimer::Free(uint32_t slot)
{
    Slot& entry = m_slots[slot];
    entry.pending = false;
    entry.callback = nullptr;
    ++entry.uses;
    m_free.push_back(slot);
}

void
NtpCoreTimer::Fire(uint32_t slot, uint32_t uses)
{
    Slot& entry = m_slots[slot];
    if (!entry.pending || entry.uses != uses)
    {
        return;
    }
    // The callback may arm new timers, which may reuse this slot or grow the table.
    std::function<void()> callback = std::move(entry.callback);
    Free(slot);
    callback();
}

void
NtpCoreTimer::Cancel(Id id)
{
    if (Slot* entry = Find(id))
    {
        Simulator::Cancel(entry->event);
        Free(static_cast<uint32_t>((id & 0xffffffffu) - 1));
    }
}

void
NtpCoreTimer::CancelAll()
{
    for (uint32_t slot = 0; slot < m_slots.size(); ++slot)
    {
        if (m_slots[slot].pending)
        {
            Simulator::Cancel(m_slots[slot].event);
            Free(slot);
        }
    }
}

// The stream numbering of ns-3's RandomVariableStream::SetStream: streams
// below 2^63 are handed out in order to streams nobody assigned, those from
// 2^63 on are the assigned ones. Drawing from an RngStream of our own (not
// through a UniformRandomVariable) gives the same numbers, and keeps the
// generator's state in the service's own cache lines.
NtpCoreRandom::NtpCoreRandom() :
    m_stream(RngSeedManager::GetSeed(), RngSeedManager::GetNextStreamIndex(),
             RngSeedManager::GetRun())
{
}

double
NtpCoreRandom::Uniform()
{
    return m_stream.RandU01();
}

int64_t
NtpCoreRandom::AssignStreams(int64_t stream)
{
    // -1, as in SetStream: the next unassigned stream.
    constexpr uint64_t kAssignedBase = uint64_t{1} << 63;
    const uint64_t number = stream < 0 ? RngSeedManager::GetNextStreamIndex()
                                       : kAssignedBase + static_cast<uint64_t>(stream);
    m_stream = RngStream(RngSeedManager::GetSeed(), number, RngSeedManager::GetRun());
    return 1;
}

} // namespace ns3
