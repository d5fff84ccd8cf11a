/*
 * The clock discipline (RFC 5905 section 11.3, appendix A.5.5.6) as ntpd
 * 4.2.8's local_clock() and adj_host_clock() run it: the NSET/FSET/FREQ/
 * SPIK/SYNC state machine, the startup clamp, the poll adaptation, and the
 * two loops that may steer the clock:
 *  - Daemon: ntpd's own hybrid PLL/FLL; the phase is slewed through
 *    adjtime() by offset / (16 * 2^poll) of what is left each second, with
 *    phase plus frequency bounded to 500 ppm;
 *  - Kernel: Linux's PLL/FLL (ntp-kernel.h), to which ntpd hands each offset
 *    once the startup clamp is over.
 *
 * Start-up, as ntpd does it: the first update (NSET) hands the whole offset
 * to adjtime(), which slews it linearly at 500 ppm; updates are then ignored
 * for the stepout interval (FREQ) after which the frequency is measured
 * directly as offset / interval. For the first stepout seconds of SYNC, or
 * until an offset below 0.5 ms (ntpd's freq_cnt), the phase is slewed with a
 * 32 s time constant, the frequency is left alone, the poll does not adapt,
 * the clock filter takes the newest sample and the kernel loop is not used.
 *
 * The discipline only decides; the engine applies its Commands() to the host
 * clock, in closed form.
 */
#ifndef NTP_CORE_DISCIPLINE_H
#define NTP_CORE_DISCIPLINE_H

#include "ntp-host.h"
#include "ntp-kernel.h"
#include "ntp-parameters.h"
#include "ntp-steering.h"
#include "ntp-time.h"

#include <optional>

namespace ntp
{

/// What the host clock must do after a discipline decision.
struct ClockCommands
{
    std::optional<double> step;           ///< jump by this many seconds
    std::optional<double> frequency;      ///< new frequency correction (s/s)
    double frequencyDelay{0};             ///< s until it takes effect (adjtime() latency)
    std::optional<PhaseSlew> adjtime;     ///< replaces the adjtime() slew
    std::optional<PhaseSlew> kernelPhase; ///< replaces the kernel PLL's phase
};

class Discipline
{
  public:
    enum class Result
    {
        Ignore, ///< sample held back (spike, stepout interval, FREQ measurement running)
        Slew,   ///< the offset is being slewed
        Step,   ///< the clock was stepped by the offset
        Panic   ///< offset beyond the panic threshold: nothing done
    };

    explicit Discipline(const Parameters& parameters);

    /**
     * The daemon starts at local time `now` (ntpd's loop_config
     * LOOP_DRIFTINIT): the kernel loop is switched on, the frequency set
     * from a drift value if there is one. Commands() then holds that.
     */
    void Start(Timestamp now);

    /**
     * Feeds the combined offset at local time `now`. `poll` is the system
     * poll exponent, clamped to the system peer's [minpoll, maxpoll] and
     * adapted in place. Commands() holds what the clock must do, whatever
     * the result (entering SPIK stops the daemon's slew, for example).
     */
    Result Update(double offset, Timestamp now, int& poll, int minpoll, int maxpoll);

    /// What the host clock must do after the last Start, Update or clamp expiry.
    const ClockCommands& Commands() const
    {
        return m_commands;
    }

    /**
     * When the startup clamp ends by itself (stepout seconds of SYNC) if no
     * update ends it first; empty when it is not running. The engine calls
     * OnStartupClampExpired then, because the slew changes its time constant.
     */
    std::optional<Timestamp> StartupClampExpiry() const;

    void OnStartupClampExpired(Timestamp now, int poll);

    /// ntpd's freq_cnt is zero at `now`: the startup transient is over.
    bool IsSettled(Timestamp now) const;

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

    int PollCounter() const
    {
        return m_count;
    }

    /// ntpd's clock_offset after the last update (the kernel's, in Kernel mode).
    double ClockOffset() const
    {
        return m_clockOffset;
    }

    /// Back to the initial state (NSET, or FSET with a drift value).
    void Reset();

  private:
    bool KernelInUse() const;
    void Account(Timestamp now);
    void Restart(ClockState state, Timestamp now, double offset);
    void SetFrequency(double frequency);
    double DaemonResidual(Timestamp now) const;
    void SlewDaemon(double offset, Timestamp now, int poll);
    void StopDaemonSlew(Timestamp now);
    void AdaptPoll(int& poll, int minpoll, int maxpoll);

    Parameters m_parameters;
    KernelPll m_kernel;
    ClockCommands m_commands;
    ClockState m_state{ClockState::Nset};
    Timestamp m_epoch;       ///< clock_epoch: time of the last state reset
    double m_clockOffset{0}; ///< clock_offset at the last update
    double m_lastOffset{0};  ///< last_offset, for the jitter
    double m_frequency{0};   ///< drift_comp
    double m_jitter{0};
    double m_wander{0};
    int m_count{0};        ///< tc_counter, the poll hysteresis
    double m_clampLeft{0}; ///< freq_cnt: seconds of SYNC left in the startup clamp
    Timestamp m_clampAt;   ///< when m_clampLeft was last brought up to date
    bool m_started{false};
    bool m_everUpdated{false};

    // ntpd's own phase slew (adj_host_clock through adjtime()).
    PhaseSlew m_daemonSlew;
    Timestamp m_daemonSlewStart;
    bool m_daemonSlewing{false};
};

} // namespace ntp

#endif // NTP_CORE_DISCIPLINE_H
