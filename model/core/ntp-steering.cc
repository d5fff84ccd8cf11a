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
    const Channel& ch = m_channels[static_cast<size_t>(channel)];
    const Active& current = ch.current;
    if (!ch.hasPending)
    {
        return current.slew.Remaining(t - current.start);
    }
    const Active& pending = m_pending[static_cast<size_t>(channel)];
    if (t >= pending.start)
    {
        return pending.slew.Remaining(t - pending.start);
    }
    return current.slew.Remaining(t - current.start)
         - current.slew.Remaining(pending.start - current.start) + pending.slew.offset;
}

double
ClockSteering::SlewRemaining(double t) const
{
    return SlewRemaining(t, SlewChannel::Adjtime) + SlewRemaining(t, SlewChannel::KernelPll);
}

double
ClockSteering::Applied(size_t channel, double t) const
{
    // Phase one channel applied from the last fold to t: the current slew
    // until a pending one takes over, then the pending one.
    const Channel& ch = m_channels[channel];
    const Active& current = ch.current;
    const bool handedOver = ch.hasPending && t > m_pending[channel].start;
    const double until = handedOver ? m_pending[channel].start : t;
    double applied = ch.remainingAtBase - current.slew.Remaining(until - current.start);
    if (handedOver)
    {
        const Active& pending = m_pending[channel];
        applied += pending.slew.offset - pending.slew.Remaining(t - pending.start);
    }
    return applied;
}

double
ClockSteering::Correction(double t) const
{
    double frequencyPart = m_frequency * (t - m_baseTime);
    if (m_hasPendingFrequency && t > m_pendingFrequencyAt)
    {
        frequencyPart = m_frequency * (m_pendingFrequencyAt - m_baseTime)
                      + m_pendingFrequency * (t - m_pendingFrequencyAt);
    }
    return m_base + frequencyPart + Applied(0, t) + Applied(1, t);
}

void
ClockSteering::Fold(double t)
{
    // Re-base at t so that a change applies from now on only; what was
    // pending and is due by t takes over.
    m_base = Correction(t);
    m_baseTime = t;
    for (size_t c = 0; c < m_channels.size(); ++c)
    {
        Channel& ch = m_channels[c];
        if (ch.hasPending && t >= m_pending[c].start)
        {
            ch.current = m_pending[c];
            ch.hasPending = false;
        }
    }
    if (m_hasPendingFrequency && t >= m_pendingFrequencyAt)
    {
        m_frequency = m_pendingFrequency;
        m_hasPendingFrequency = false;
    }
    RememberRemaining();
}

void
ClockSteering::RememberRemaining()
{
    for (Channel& ch : m_channels)
    {
        ch.remainingAtBase = ch.current.slew.Remaining(m_baseTime - ch.current.start);
    }
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
    const size_t c = static_cast<size_t>(channel);
    if (slew.delay > 0)
    {
        m_pending[c] = Active{slew, t + slew.delay};
        m_channels[c].hasPending = true;
    }
    else
    {
        m_channels[c].current = Active{slew, t};
        m_channels[c].hasPending = false;
        RememberRemaining();
    }
}

void
ClockSteering::SetFrequency(double t, double frequency, double delay)
{
    Fold(t);
    if (delay > 0)
    {
        m_pendingFrequency = frequency;
        m_pendingFrequencyAt = t + delay;
        m_hasPendingFrequency = true;
    }
    else
    {
        m_frequency = frequency;
        m_hasPendingFrequency = false;
    }
}

} // namespace ntp
