#include "ntp-discipline.h"

#include "ntp-poll.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

namespace
{
// ntpd CLOCK_FLOOR: an offset below this ends the startup clamp.
constexpr double kClockFloor = 0.0005;
// During the startup clamp ntpd slews with the time constant of poll 1.
constexpr int kStartupSlewPollLog2 = 1;

double
Square(double x)
{
    return x * x;
}

KernelSettings
KernelSettingsFrom(const Parameters& p)
{
    KernelSettings k;
    k.shiftPll = p.kernelShiftPll;
    k.maxFrequency = p.maxFrequency;
    k.clampPllInterval = p.kernelPllClamp;
    return k;
}
} // namespace

Discipline::Discipline(const Parameters& parameters) :
    m_parameters(parameters), m_kernel(KernelSettingsFrom(parameters))
{
    Reset();
}

void
Discipline::Reset()
{
    m_kernel = KernelPll(KernelSettingsFrom(m_parameters));
    m_commands = ClockCommands();
    m_epoch = Timestamp();
    m_clockOffset = 0;
    m_lastOffset = 0;
    m_jitter = Log2ToSeconds(m_parameters.precision);
    m_wander = 0;
    m_count = 0;
    m_clampLeft = m_parameters.stepout;
    m_clampAt = Timestamp();
    m_started = false;
    m_everUpdated = false;
    m_daemonSlew = PhaseSlew();
    m_daemonSlewStart = Timestamp();
    m_daemonSlewing = false;
    m_frequency = m_parameters.initialFrequency ? *m_parameters.initialFrequency : 0.0;
    m_state = m_parameters.initialFrequency ? ClockState::Fset : ClockState::Nset;
}

void
Discipline::Start(Timestamp now)
{
    m_commands = ClockCommands();
    m_started = true;
    m_epoch = now;
    m_clampAt = now;
    if (m_parameters.discipline == DisciplineMode::Kernel)
    {
        m_kernel.Enable(now);
        m_kernel.SetFrequency(m_frequency);
    }
    m_commands.frequency = m_frequency;
}

bool
Discipline::KernelInUse() const
{
    return m_parameters.discipline == DisciplineMode::Kernel && m_clampLeft <= 0;
}

void
Discipline::Account(Timestamp now)
{
    if (!m_started)
    {
        // Used without Start (unit tests): the daemon started at the first update.
        Start(now);
    }
    // The startup clamp counts down only while in SYNC (adj_host_clock).
    if (m_state == ClockState::Sync && m_clampLeft > 0)
    {
        m_clampLeft = std::max(0.0, m_clampLeft - std::max(0.0, now - m_clampAt));
    }
    m_clampAt = now;
}

std::optional<Timestamp>
Discipline::StartupClampExpiry() const
{
    if (m_state != ClockState::Sync || m_clampLeft <= 0)
    {
        return std::nullopt;
    }
    return m_clampAt + m_clampLeft;
}

bool
Discipline::IsSettled(Timestamp now) const
{
    double left = m_clampLeft;
    if (m_state == ClockState::Sync && m_started)
    {
        left -= std::max(0.0, now - m_clampAt);
    }
    return left <= 0;
}

void
Discipline::Restart(ClockState state, Timestamp now, double offset)
{
    // ntpd rstclock(): new state, the offset becomes the phase to remove.
    m_state = state;
    m_clockOffset = offset;
    m_lastOffset = offset;
    m_epoch = now;
}

void
Discipline::SetFrequency(double frequency)
{
    const double limit = m_parameters.maxFrequency;
    m_frequency = std::clamp(frequency, -limit, limit);
    if (m_parameters.discipline == DisciplineMode::Kernel)
    {
        m_kernel.SetFrequency(m_frequency);
    }
}

double
Discipline::DaemonResidual(Timestamp now) const
{
    if (!m_daemonSlewing)
    {
        return m_daemonSlew.offset;
    }
    return m_daemonSlew.Remaining(std::max(0.0, now - m_daemonSlewStart));
}

void
Discipline::SlewDaemon(double offset, Timestamp now, int poll)
{
    // adj_host_clock: each second offset / (16 * 2^poll) of what is left (2^1
    // during the startup clamp), with |phase rate + frequency| <= 500 ppm.
    // The daemon loop's frequency rides on the same adjtime() calls; the
    // kernel's does not.
    const int pollLog2 = m_clampLeft > 0 ? kStartupSlewPollLog2 : poll;
    const double divisor = m_parameters.pllGain * Log2ToSeconds(pollLog2);
    const double carried = m_parameters.discipline == DisciplineMode::Daemon ? m_frequency : 0.0;
    const double sign = offset < 0 ? -1.0 : 1.0;
    PhaseSlew slew;
    slew.offset = offset;
    slew.timeConstant = PerSecondTimeConstant(divisor);
    slew.maxRate = std::max(m_parameters.maxFrequency - sign * carried, 1e-12);
    // ntpd's clock_offset (m_daemonSlew) counts down from now; the clock
    // gets the change one adjtime() latency later, as the calls already in
    // flight when the offset was measured still go through.
    m_daemonSlew = slew;
    m_daemonSlewStart = now;
    m_daemonSlewing = true;
    PhaseSlew host = slew;
    host.delay = m_parameters.adjtimeLatency;
    m_commands.adjtime = host;
}

void
Discipline::StopDaemonSlew(Timestamp now)
{
    if (!m_daemonSlewing)
    {
        return;
    }
    // ntpd stops calling adjtime() with a phase: what is left stays in
    // clock_offset, unapplied, once the calls in flight have gone through.
    PhaseSlew stop;
    stop.delay = m_parameters.adjtimeLatency;
    m_daemonSlew.offset = DaemonResidual(now);
    m_daemonSlewing = false;
    m_commands.adjtime = stop;
}

void
Discipline::OnStartupClampExpired(Timestamp now, int poll)
{
    m_commands = ClockCommands();
    Account(now);
    if (m_clampLeft > 0 || m_state != ClockState::Sync)
    {
        return;
    }
    if (m_parameters.discipline == DisciplineMode::Kernel)
    {
        StopDaemonSlew(now);
    }
    else
    {
        SlewDaemon(DaemonResidual(now), now, poll);
    }
}

Discipline::Result
Discipline::Update(double offset, Timestamp now, int& poll, int minpoll, int maxpoll)
{
    m_commands = ClockCommands();
    Account(now);
    const double panic = m_parameters.panicThreshold;
    const bool firstMayPanic = m_parameters.panicStepAllowedFirst && !m_everUpdated;
    if (panic > 0 && std::fabs(offset) > panic && !firstMayPanic)
    {
        return Result::Panic;
    }
    m_everUpdated = true;
    poll = ClampPoll(poll, minpoll, maxpoll);
    const int kernelTimeConstant = poll; // ntv.constant: the poll before adaptation
    const double mu = now - m_epoch;
    double clockFrequency = m_frequency;
    Result result = Result::Slew;

    const double step = m_parameters.stepThreshold;
    if (step > 0 && std::fabs(offset) > step)
    {
        switch (m_state)
        {
        case ClockState::Sync:
            // A single outlier may be a spike: ignore it and wait.
            m_state = ClockState::Spik;
            StopDaemonSlew(now);
            return Result::Ignore;
        case ClockState::Freq:
            if (mu < m_parameters.stepout)
            {
                return Result::Ignore;
            }
            // The frequency measured over the stepout interval, then step.
            SetFrequency(offset / mu);
            clockFrequency = m_frequency;
            break;
        case ClockState::Spik:
            if (mu < m_parameters.stepout)
            {
                return Result::Ignore;
            }
            break;
        case ClockState::Nset:
        case ClockState::Fset:
            break;
        }
        m_commands.step = offset;
        m_count = 0;
        m_jitter = Log2ToSeconds(m_parameters.precision);
        result = Result::Step;
        StopDaemonSlew(now);
        m_daemonSlew = PhaseSlew();
        // From here on the clock reads `offset` later: intervals are counted
        // on the stepped clock, as ntpd's seconds counter is not stepped.
        now += offset;
        m_clampAt += offset;
        m_kernel.ShiftTimeBase(offset);
        if (m_state == ClockState::Nset)
        {
            Restart(ClockState::Freq, now, 0.0);
            return result;
        }
        Restart(ClockState::Sync, now, 0.0);
    }
    else
    {
        // Clock jitter: exponential average of successive offset differences.
        const double precision = Log2ToSeconds(m_parameters.precision);
        const double previous = Square(m_jitter);
        const double difference = Square(std::max(std::fabs(offset - m_lastOffset), precision));
        m_jitter = std::sqrt(previous + (difference - previous) / m_parameters.averaging);

        switch (m_state)
        {
        case ClockState::Nset:
            // First update: adjtime() the whole offset (linear at 500 ppm);
            // the frequency is measured after the stepout interval.
            {
                PhaseSlew once;
                once.offset = offset;
                once.maxRate = m_parameters.adjtimeRate;
                m_commands.adjtime = once;
            }
            Restart(ClockState::Freq, now, offset);
            break;
        case ClockState::Freq:
            if (mu < m_parameters.stepout)
            {
                return Result::Ignore;
            }
            // Direct measurement: the first offset was slewed away, so what
            // is measured now accumulated from the frequency error alone.
            SetFrequency(offset / mu);
            clockFrequency = m_frequency;
            [[fallthrough]];
        case ClockState::Fset:
        case ClockState::Spik:
        case ClockState::Sync:
            if (m_clampLeft <= 0)
            {
                const double pollInterval = Log2ToSeconds(poll);
                if (poll >= m_parameters.allanInterceptLog2)
                {
                    // FLL: effective above the Allan intercept.
                    clockFrequency += (offset - DaemonResidual(now)) / std::max(pollInterval, mu)
                                    * m_parameters.fllGain;
                }
                // PLL: type-II loop; its gain falls as the FLL takes over.
                const double gainTime
                    = std::min(Log2ToSeconds(m_parameters.allanInterceptLog2), mu);
                const double loop = 4 * m_parameters.pllGain * pollInterval;
                clockFrequency += offset * gainTime / (loop * loop);
            }
            Restart(ClockState::Sync, now, offset);
            if (std::fabs(offset) < kClockFloor)
            {
                m_clampLeft = 0;
            }
            break;
        }
    }

    if (KernelInUse())
    {
        // ntp_adjtime(): the kernel takes the offset; its frequency (PLL/FLL)
        // replaces whatever the daemon computed.
        m_kernel.Update(m_clockOffset, kernelTimeConstant, now);
        clockFrequency = m_kernel.Frequency();
        m_clockOffset = m_kernel.RemainingOffset(now);
        m_commands.kernelPhase = m_kernel.Slew();
    }

    const double limit = m_parameters.maxFrequency;
    const double change = Square(clockFrequency - m_frequency);
    m_frequency = std::clamp(clockFrequency, -limit, limit);
    m_commands.frequency = m_frequency;
    // The daemon loop's frequency goes out with its adjtime() calls, one
    // latency late; the kernel's is set at once by ntp_adjtime().
    if (m_parameters.discipline == DisciplineMode::Daemon)
    {
        m_commands.frequencyDelay = m_parameters.adjtimeLatency;
    }
    m_wander = std::sqrt(Square(m_wander) + (change - Square(m_wander)) / m_parameters.averaging);

    if (m_clampLeft > 0)
    {
        m_count = 0; // no poll adaptation during the startup clamp
    }
    else
    {
        AdaptPoll(poll, minpoll, maxpoll);
    }

    if (m_state == ClockState::Sync && !KernelInUse())
    {
        SlewDaemon(m_clockOffset, now, poll);
    }
    else if (m_state == ClockState::Sync)
    {
        StopDaemonSlew(now);
    }
    return result;
}

void
Discipline::AdaptPoll(int& poll, int minpoll, int maxpoll)
{
    // Lengthen the poll while offsets stay within PGATE times the jitter
    // (phase noise dominates), shorten it twice as fast when they do not.
    const int limit = m_parameters.pollLimit;
    if (std::fabs(m_clockOffset) < m_parameters.pollGate * m_jitter)
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
