#include "ntp-steering.h"

#include <cmath>

namespace ntp
{

double
ClockSteering::SlewRemaining(double t) const
{
    return m_slewLeft * std::exp(-(t - m_baseTime) / m_slewTau);
}

double
ClockSteering::Correction(double t) const
{
    const double elapsed = t - m_baseTime;
    return m_base + m_frequency * elapsed + (m_slewLeft - SlewRemaining(t));
}

void
ClockSteering::Fold(double t)
{
    // Re-base at t so that a change applies from now on only.
    const double correction = Correction(t);
    m_slewLeft = SlewRemaining(t);
    m_base = correction;
    m_baseTime = t;
}

void
ClockSteering::Step(double t, double offset)
{
    Fold(t);
    m_base += offset;
}

void
ClockSteering::Slew(double t, double offset, double tau)
{
    Fold(t);
    m_slewLeft = offset;
    m_slewTau = tau > 0 ? tau : 1;
}

void
ClockSteering::SetFrequency(double t, double frequency)
{
    Fold(t);
    m_frequency = frequency;
}

} // namespace ntp
