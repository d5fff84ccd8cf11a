#include "ntp-steering.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

double
PhaseSlew::Remaining(double elapsed) const
{
    if (offset == 0 || elapsed <= 0)
    {
        return offset;
    }
    const double magnitude = std::fabs(offset);
    const double sign = offset < 0 ? -1.0 : 1.0;
    if (timeConstant <= 0)
    {
        // Linear at maxRate until nothing is left (adjtime()).
        if (maxRate <= 0)
        {
            return 0; // no rate given: applied at once
        }
        return sign * std::max(0.0, magnitude - maxRate * elapsed);
    }
    // Exponential, but never faster than maxRate: linear while |r| / tau >
    // maxRate, exponential from the moment |r| = maxRate * tau.
    double linearTime = 0;
    double start = magnitude;
    if (maxRate > 0 && magnitude > maxRate * timeConstant)
    {
        linearTime = (magnitude - maxRate * timeConstant) / maxRate;
        if (elapsed <= linearTime)
        {
            return sign * (magnitude - maxRate * elapsed);
        }
        start = maxRate * timeConstant;
    }
    return sign * start * std::exp(-(elapsed - linearTime) / timeConstant);
}

double
ClockSteering::SlewRemaining(double t, SlewChannel channel) const
{
    const Active& active = m_slews[static_cast<size_t>(channel)];
    return active.slew.Remaining(t - active.start);
}

double
ClockSteering::SlewRemaining(double t) const
{
    return SlewRemaining(t, SlewChannel::Adjtime) + SlewRemaining(t, SlewChannel::KernelPll);
}

double
ClockSteering::Correction(double t) const
{
    double applied = 0;
    for (const Active& active : m_slews)
    {
        // What the slew has applied since the last fold: its remaining at the
        // fold minus its remaining now.
        applied += active.slew.Remaining(m_baseTime - active.start)
                 - active.slew.Remaining(t - active.start);
    }
    return m_base + m_frequency * (t - m_baseTime) + applied;
}

void
ClockSteering::Fold(double t)
{
    // Re-base at t so that a change applies from now on only; the slews keep
    // their own start times.
    m_base = Correction(t);
    m_baseTime = t;
}

void
ClockSteering::Step(double t, double offset)
{
    Fold(t);
    m_base += offset;
    m_steps += offset;
}

void
ClockSteering::Slew(double t, SlewChannel channel, const PhaseSlew& slew)
{
    Fold(t);
    m_slews[static_cast<size_t>(channel)] = Active{slew, t};
}

void
ClockSteering::SetFrequency(double t, double frequency)
{
    Fold(t);
    m_frequency = frequency;
}

} // namespace ntp
