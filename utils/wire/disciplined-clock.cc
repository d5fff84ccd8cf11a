#include "disciplined-clock.h"

#include <cmath>
#include <ctime>

namespace ntp::wire
{

int64_t
HostRealtimeNs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

DisciplinedClock::DisciplinedClock(double initialOffset)
    : m_baseNs(HostRealtimeNs()),
      m_base(initialOffset)
{
}

double
DisciplinedClock::CorrectionAt(int64_t hostNs) const
{
    const double elapsed = static_cast<double>(hostNs - m_baseNs) * 1e-9;
    return m_base + m_slewLeft * (1.0 - std::exp(-elapsed / m_slewTau)) + m_frequency * elapsed;
}

Timestamp
DisciplinedClock::At(int64_t hostNs) const
{
    // Integer nanoseconds keep the full resolution of the host clock: a
    // double of Unix seconds would round to a quarter microsecond.
    const int64_t localNs = hostNs + std::llround(CorrectionAt(hostNs) * 1e9);
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
    return CorrectionAt(HostRealtimeNs());
}

void
DisciplinedClock::Fold()
{
    const int64_t now = HostRealtimeNs();
    const double elapsed = static_cast<double>(now - m_baseNs) * 1e-9;
    m_base = CorrectionAt(now);
    m_slewLeft *= std::exp(-elapsed / m_slewTau);
    m_baseNs = now;
}

void
DisciplinedClock::Step(double offset)
{
    Fold();
    m_base += offset;
}

void
DisciplinedClock::Slew(double offset, double timeConstant)
{
    Fold();
    // The new offset replaces what is left of the previous slew (Clock contract).
    m_slewLeft = offset;
    m_slewTau = timeConstant > 0 ? timeConstant : 1;
}

void
DisciplinedClock::SetFrequency(double frequency)
{
    Fold();
    m_frequency = frequency;
}

} // namespace ntp::wire
