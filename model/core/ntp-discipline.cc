#include "ntp-discipline.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

namespace
{
// ntpd CLOCK_FLOOR: an offset below this means the startup transient is over.
constexpr double kClockFloor = 0.0005;

double
Square(double x)
{
    return x * x;
}
} // namespace

Discipline::Discipline(const Parameters& parameters) : m_parameters(parameters)
{
    Reset();
}

void
Discipline::Reset()
{
    m_epoch = Timestamp();
    m_offset = 0;
    m_correction = 0;
    m_lastOffset = 0;
    m_jitter = Log2ToSeconds(m_parameters.precision);
    m_wander = 0;
    m_count = 0;
    m_everUpdated = false;
    m_settled = false;
    if (m_parameters.initialFrequency)
    {
        m_frequency = *m_parameters.initialFrequency;
        m_state = ClockState::Fset;
    }
    else
    {
        m_frequency = 0;
        m_state = ClockState::Nset;
    }
}

double
Discipline::SlewTimeConstant(int poll) const
{
    return m_parameters.pllGain * Log2ToSeconds(poll);
}

void
Discipline::Restart(ClockState state, Timestamp epoch, double offset)
{
    m_state = state;
    m_epoch = epoch;
    m_offset = offset;
    m_correction = offset;
    m_lastOffset = offset;
}

void
Discipline::SetFrequencyClamped(double frequency)
{
    const double limit = m_parameters.maxFrequency;
    m_frequency = std::clamp(frequency, -limit, limit);
}

Discipline::Result
Discipline::Update(double offset, Timestamp now, int& poll, int minpoll, int maxpoll)
{
    const double panic = m_parameters.panicThreshold;
    const bool firstMayPanic = m_parameters.panicStepAllowedFirst && !m_everUpdated;
    if (panic > 0 && std::fabs(offset) > panic && !firstMayPanic)
    {
        return Result::Panic;
    }
    // Seconds since the last accepted update; the first update has none.
    const double mu = m_everUpdated ? now - m_epoch : 0.0;
    m_everUpdated = true;

    const double step = m_parameters.stepThreshold;
    if (step > 0 && std::fabs(offset) > step)
    {
        return OnLargeOffset(offset, mu, now, poll, minpoll);
    }

    // Clock jitter: exponential average of successive offset differences.
    const double precision = Log2ToSeconds(m_parameters.precision);
    const double previous = Square(m_jitter);
    const double difference = Square(std::max(std::fabs(offset - m_lastOffset), precision));
    m_jitter = std::sqrt(previous + (difference - previous) / m_parameters.averaging);

    switch (m_state)
    {
    case ClockState::Nset:
        // First update: correct the phase, measure the frequency later.
        Restart(ClockState::Freq, now, offset);
        break;
    case ClockState::Fset:
        // Frequency known from a drift value: correct the phase and lock.
        Restart(ClockState::Sync, now, offset);
        break;
    case ClockState::Freq:
        if (mu < m_parameters.stepout)
        {
            return Result::Ignore;
        }
        OnSmallOffset(offset, mu, now, poll);
        break;
    case ClockState::Spik:
    case ClockState::Sync:
        OnSmallOffset(offset, mu, now, poll);
        break;
    }
    if (m_state == ClockState::Sync && std::fabs(offset) < kClockFloor)
    {
        m_settled = true;
    }
    AdaptPoll(poll, minpoll, maxpoll);
    return Result::Slew;
}

Discipline::Result
Discipline::OnLargeOffset(double offset, double mu, Timestamp now, int& poll, int minpoll)
{
    const bool stepoutElapsed = mu >= m_parameters.stepout;
    switch (m_state)
    {
    case ClockState::Sync:
        // A single outlier may be a spike: wait for the stepout interval.
        m_state = ClockState::Spik;
        return Result::Ignore;
    case ClockState::Freq:
    case ClockState::Spik:
        if (!stepoutElapsed)
        {
            return Result::Ignore;
        }
        if (m_state == ClockState::Freq)
        {
            // Direct frequency measurement over the stepout interval, net of
            // the phase the slew has not removed yet (see OnSmallOffset).
            SetFrequencyClamped(m_frequency + (offset - SlewResidual(mu, poll)) / mu);
        }
        break;
    case ClockState::Nset:
    case ClockState::Fset:
        break;
    }
    const ClockState next = m_state == ClockState::Nset ? ClockState::Freq : ClockState::Sync;
    m_jitter = Log2ToSeconds(m_parameters.precision);
    m_count = 0;
    m_settled = false;
    poll = minpoll;
    Restart(next, now, 0.0);
    m_correction = offset;
    return Result::Step;
}

void
Discipline::OnSmallOffset(double offset, double mu, Timestamp now, int poll)
{
    // What remains of the measured offset beyond the unapplied slew is
    // frequency error.
    const double residual = SlewResidual(mu, poll);
    double increment = 0;
    if (m_state == ClockState::Freq)
    {
        // Direct measurement at the end of the stepout interval.
        increment = (offset - residual) / mu;
    }
    else
    {
        const double pollInterval = Log2ToSeconds(poll);
        if (poll >= m_parameters.allanInterceptLog2)
        {
            // FLL: effective above the Allan intercept, where phase noise no
            // longer dominates frequency noise.
            increment += (offset - residual) / std::max(pollInterval, mu) * m_parameters.fllGain;
        }
        // PLL: type-II loop; gain falls as the FLL takes over.
        const double gainTime = std::min(Log2ToSeconds(m_parameters.allanInterceptLog2), mu);
        const double loop = 4 * m_parameters.pllGain * pollInterval;
        increment += offset * gainTime / (loop * loop);
    }
    SetFrequencyClamped(m_frequency + increment);
    const double previous = Square(m_wander);
    m_wander = std::sqrt(previous + (Square(increment) - previous) / m_parameters.averaging);
    Restart(ClockState::Sync, now, offset);
}

double
Discipline::SlewResidual(double mu, int poll) const
{
    // Part of the last phase correction the exponential slew has not applied
    // mu seconds after it started.
    return m_offset * std::exp(-mu / SlewTimeConstant(poll));
}

void
Discipline::AdaptPoll(int& poll, int minpoll, int maxpoll)
{
    // Lengthen the poll while offsets stay within PGATE times the jitter
    // (phase noise dominates), shorten it twice as fast when they do not.
    const int limit = m_parameters.pollLimit;
    if (std::fabs(m_offset) < m_parameters.pollGate * m_jitter)
    {
        m_count += poll;
        if (m_count > limit)
        {
            m_count = limit;
            if (poll < maxpoll)
            {
                m_count = 0;
                ++poll;
            }
        }
    }
    else
    {
        m_count -= 2 * poll;
        if (m_count < -limit)
        {
            m_count = -limit;
            if (poll > minpoll)
            {
                m_count = 0;
                --poll;
            }
        }
    }
}

} // namespace ntp
