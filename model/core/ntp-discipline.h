/*
 * The clock discipline (RFC 5905 section 11.3, appendix A.5.5.6), with ntpd's
 * constants and state machine: a hybrid phase/frequency-locked loop that turns
 * each new system offset into a phase correction, a frequency correction and
 * a new poll exponent.
 *
 * The discipline only decides; the engine applies its decisions to the host
 * clock (Step, Slew with time constant PllGain * 2^poll, SetFrequency).
 */
#ifndef NTP_CORE_DISCIPLINE_H
#define NTP_CORE_DISCIPLINE_H

#include "ntp-host.h"
#include "ntp-parameters.h"
#include "ntp-time.h"

namespace ntp
{

class Discipline
{
  public:
    enum class Result
    {
        Ignore, ///< sample held back (spike, stepout interval, FREQ measurement running)
        Slew,   ///< phase to be slewed: PhaseCorrection()
        Step,   ///< phase was stepped by PhaseCorrection()
        Panic   ///< offset beyond the panic threshold: nothing done
    };

    explicit Discipline(const Parameters& parameters);

    /**
     * Feeds the combined offset at local time `now`, when the correction will
     * be applied. `poll` is the system poll exponent, adapted in place
     * between minpoll and maxpoll.
     */
    Result Update(double offset, Timestamp now, int& poll, int minpoll, int maxpoll);

    /// Phase to apply after Update returned Slew or Step.
    double PhaseCorrection() const
    {
        return m_correction;
    }

    /// Exponential time constant for the slew at the given poll (ntpd: CLOCK_PLL * 2^poll).
    double SlewTimeConstant(int poll) const;

    double Frequency() const
    {
        return m_frequency;
    }

    double Jitter() const
    {
        return m_jitter;
    }

    double Wander() const
    {
        return m_wander;
    }

    ClockState State() const
    {
        return m_state;
    }

    /**
     * True once an update in SYNC state had an offset below CLOCK_FLOOR
     * (0.5 ms, ntpd's freq_cnt reaching zero); false again after a reset or
     * step. Until then the clock filter prefers the newest sample.
     */
    bool IsSettled() const
    {
        return m_settled;
    }

    int PollCounter() const
    {
        return m_count;
    }

    /// Back to the initial state (NSET, or FSET with a drift value).
    void Reset();

  private:
    Result OnLargeOffset(double offset, double mu, Timestamp now, int& poll, int minpoll);
    void OnSmallOffset(double offset, double mu, Timestamp now, int poll);
    void AdaptPoll(int& poll, int minpoll, int maxpoll);
    double SlewResidual(double mu, int poll) const;
    void Restart(ClockState state, Timestamp epoch, double offset);
    void SetFrequencyClamped(double frequency);

    Parameters m_parameters;
    ClockState m_state{ClockState::Nset};
    Timestamp m_epoch;      ///< time of the last accepted update
    double m_offset{0};     ///< phase being slewed since m_epoch (0 after a step)
    double m_correction{0}; ///< last correction handed out (slew or step amount)
    double m_lastOffset{0};
    double m_frequency{0};
    double m_jitter{0};
    double m_wander{0};
    int m_count{0}; ///< poll hysteresis counter
    bool m_everUpdated{false};
    bool m_settled{false};
};

} // namespace ntp

#endif // NTP_CORE_DISCIPLINE_H
