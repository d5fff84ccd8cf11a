#include "ntp-kernel.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

double
PerSecondTimeConstant(double divisor)
{
    if (divisor <= 1)
    {
        return 1e-9; // everything within the first second
    }
    return -1.0 / std::log1p(-1.0 / divisor);
}

KernelPll::KernelPll(const KernelSettings& settings) : m_settings(settings) {}

void
KernelPll::Enable(Timestamp now)
{
    m_enabled = true;
    m_reference = now;
    m_offset = 0;
}

void
KernelPll::SetFrequency(double frequency)
{
    m_frequency = std::clamp(frequency, -m_settings.maxFrequency, m_settings.maxFrequency);
}

double
KernelPll::RemainingOffset(Timestamp now) const
{
    return Slew().Remaining(std::max(0.0, now - m_reference));
}

PhaseSlew
KernelPll::Slew() const
{
    PhaseSlew slew;
    slew.offset = m_offset;
    slew.timeConstant
        = PerSecondTimeConstant(std::ldexp(1.0, m_settings.shiftPll + m_timeConstant));
    return slew;
}

void
KernelPll::Update(double offset, int timeConstant, Timestamp now)
{
    if (!m_enabled)
    {
        Enable(now);
    }
    m_timeConstant = std::clamp(timeConstant, 0, m_settings.maxTimeConstant);
    offset = std::clamp(offset, -m_settings.maxPhase, m_settings.maxPhase);
    double interval = std::max(0.0, now - m_reference);
    const double previous = RemainingOffset(now);

    // FLL only for long intervals (ntpd never sets STA_FLL), and, as the
    // emulation the references ran on has it, only with a phase in progress.
    double fll = 0;
    if (previous != 0 && interval >= m_settings.minFllInterval
        && interval > m_settings.maxPllInterval)
    {
        fll = offset / (interval * 4); // SHIFT_FLL 2
    }
    if (m_settings.clampPllInterval)
    {
        interval = std::min(interval, std::ldexp(1.0, m_settings.shiftPll + 1 + m_timeConstant));
    }
    // PLL: a type-II loop whose gain falls with the square of the time constant.
    const double loop = std::ldexp(1.0, m_settings.shiftPll + 2 + m_timeConstant);
    const double pll = offset * interval / (loop * loop);
    SetFrequency(m_frequency + fll + pll);
    m_offset = offset;
    m_reference = now;
}

} // namespace ntp
