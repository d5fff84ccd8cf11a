#include "disciplined-clock.h"

#include <cmath>
#include <ctime>

namespace ntp::wire
{

namespace
{

int64_t
ReadNs(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

} // namespace

int64_t
HostRealtimeNs()
{
    return ReadNs(CLOCK_REALTIME);
}

DisciplinedClock::DisciplinedClock(double initialOffset) : m_originNs(ReadNs(CLOCK_MONOTONIC))
{
    m_steering.Step(0, initialOffset);
}

double
DisciplinedClock::Elapsed() const
{
    return static_cast<double>(ReadNs(CLOCK_MONOTONIC) - m_originNs) * 1e-9;
}

Timestamp
DisciplinedClock::At(int64_t hostNs) const
{
    // The steering's time of `hostNs`: as long before now as hostNs is
    // before the host clock's now.
    const double ago = static_cast<double>(HostRealtimeNs() - hostNs) * 1e-9;
    const double correction = m_steering.Correction(Elapsed() - ago);
    // Integer nanoseconds keep the full resolution of the host clock: a
    // double of Unix seconds would round to a quarter microsecond.
    const int64_t localNs = hostNs + std::llround(correction * 1e9);
    int64_t seconds = localNs / 1000000000LL;
    int64_t nanoseconds = localNs % 1000000000LL;
    if (nanoseconds < 0)
    {
        nanoseconds += 1000000000LL;
        --seconds;
    }
    return Timestamp::FromUnix(seconds, static_cast<uint32_t>(nanoseconds));
}

Timestamp
DisciplinedClock::Now()
{
    return At(HostRealtimeNs());
}

double
DisciplinedClock::Correction() const
{
    return m_steering.Correction(Elapsed());
}

void
DisciplinedClock::Step(double offset)
{
    m_steering.Step(Elapsed(), offset);
}

void
DisciplinedClock::Slew(SlewChannel channel, const PhaseSlew& slew)
{
    m_steering.Slew(Elapsed(), channel, slew);
}

void
DisciplinedClock::SetFrequency(double frequency, double delay)
{
    m_steering.SetFrequency(Elapsed(), frequency, delay);
}

} // namespace ntp::wire
