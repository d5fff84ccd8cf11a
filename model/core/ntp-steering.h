/*
 * The corrections a disciplined clock has received, evaluated in closed form:
 * steps, the frequency correction and two independent phase slews (what the
 * Clock interface of ntp-host.h hands a host). A host keeps one per clock and
 * adds Correction(t) to its raw time; no timer is needed to apply them.
 *
 * The two slews are the two ways Linux moves a clock's phase, which run side
 * by side and add up:
 *  - Adjtime: adjtime(), which ntpd uses for its own loop (an exponential
 *    decay, offset/tau each second, bounded to 500 ppm with the frequency)
 *    and for its first correction (linear at 500 ppm);
 *  - KernelPll: the kernel PLL's phase offset (ntp_adjtime MOD_OFFSET), an
 *    exponential decay with the kernel's time constant.
 */
#ifndef NTP_CORE_STEERING_H
#define NTP_CORE_STEERING_H

#include <array>
#include <cstddef>

namespace ntp
{

enum class SlewChannel
{
    Adjtime = 0,  ///< adjtime(): each new slew replaces what is left of the last
    KernelPll = 1 ///< the kernel PLL phase: each new offset replaces the last
};

/**
 * A phase correction applied gradually. With a time constant the remaining
 * part decays exponentially, r(t) = r0 exp(-t / tau), except that the rate
 * |dr/dt| never exceeds maxRate: a large offset is first slewed linearly at
 * maxRate until r/tau falls to maxRate. Without a time constant the offset is
 * slewed linearly at maxRate (adjtime()'s own behaviour).
 */
struct PhaseSlew
{
    double offset{0};       ///< s; positive: the clock is advanced
    double timeConstant{0}; ///< s; 0: linear at maxRate
    double maxRate{0};      ///< s/s; 0: unbounded (needs a time constant)
    /// s; the slew starts this long after it is handed over, and the one it
    /// replaces runs until then (adjtime() calls already in flight).
    double delay{0};

    /// Part of `offset` not yet applied `elapsed` seconds after the start.
    double Remaining(double elapsed) const;
};

class ClockSteering
{
  public:
    /// Total correction (s) at host time t (seconds on any monotonic scale;
    /// t never decreases between calls that change the steering).
    double Correction(double t) const;

    /// Adds a step of `offset` seconds at time t.
    void Step(double t, double offset);

    /// Starts `slew` on `channel` at time t + slew.delay, replacing what is
    /// left there; until then the current slew runs on.
    void Slew(double t, SlewChannel channel, const PhaseSlew& slew);

    /// Sets the frequency correction (s/s) from time t + delay on.
    void SetFrequency(double t, double frequency, double delay = 0);

    /// The frequency correction in force (a pending one not yet).
    double Frequency() const
    {
        return m_frequency;
    }

    /// Sum of all steps so far. A clock whose oscillator runs at 1 + e
    /// applies slews and frequency corrections in its own units, scaled by
    /// 1 + e, but a step exactly: such a host scales Correction - Steps.
    double Steps() const
    {
        return m_steps;
    }

    /// Phase still to be slewed at time t, both channels.
    double SlewRemaining(double t) const;

    /// Phase still to be slewed at time t on one channel.
    double SlewRemaining(double t, SlewChannel channel) const;

  private:
    struct Active
    {
        PhaseSlew slew;
        double start{0};
    };

    /// One channel (indexed by SlewChannel): the slew in progress, what it
    /// had left at m_baseTime (fixed between changes, so a reading evaluates
    /// one exponential per channel, not two), and whether another waits.
    struct Channel
    {
        Active current;
        double remainingAtBase{0};
        bool hasPending{false};
    };

    void Fold(double t);
    double Applied(size_t channel, double t) const;

    /// Recomputes each channel's remainingAtBase after a change of base or
    /// slews.
    void RememberRemaining();

    // A clock reads all of the first group each time; in a large network the
    // steering is out of cache when its node's next packet comes, so it is
    // kept to three cache lines. What is pending is read only when it is.
    double m_base{0}; ///< correction accumulated up to m_baseTime
    double m_steps{0};
    double m_baseTime{0};
    double m_frequency{0};
    bool m_hasPendingFrequency{false};
    std::array<Channel, 2> m_channels{};

    double m_pendingFrequency{0};
    double m_pendingFrequencyAt{0};
    std::array<Active, 2> m_pending{}; ///< start = when it takes over
};

} // namespace ntp

#endif // NTP_CORE_STEERING_H
