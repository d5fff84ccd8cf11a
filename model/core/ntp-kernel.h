/*
 * The kernel clock discipline ntpd drives on Linux through ntp_adjtime()
 * with STA_PLL | STA_NANO (ntpd's default "enable kernel"): Linux's
 * kernel/time/ntp.c PLL/FLL, as the clknetsim simulator emulates it and as
 * the reference measurements of doc/ntp-peer.rst were taken.
 *
 * Each MOD_OFFSET update sets a new phase offset, which the kernel slews
 * away by offset / 2^(SHIFT_PLL + constant) of what is left every second,
 * and adds offset * interval / (2^(SHIFT_PLL + 2 + constant))^2 to the
 * frequency (PLL), plus offset / (4 interval) when the interval exceeds
 * MAXSEC (FLL). With ntpd's constant = poll exponent the phase time constant
 * is 4 * 2^poll s, a quarter of ntpd's own loop's 16 * 2^poll s: this is why
 * ntpd on Linux settles to sub-microsecond offsets on a clean path.
 *
 * The kernel only computes; its phase slew is handed to the host clock in
 * closed form (PhaseSlew, KernelPll channel) like every other correction.
 */
#ifndef NTP_CORE_KERNEL_H
#define NTP_CORE_KERNEL_H

#include "ntp-steering.h"
#include "ntp-time.h"

namespace ntp
{

struct KernelSettings
{
    int shiftPll{2};             ///< SHIFT_PLL (Linux >= 2.6.31)
    int maxTimeConstant{10};     ///< MAXTC
    double maxFrequency{500e-6}; ///< MAXFREQ_SCALED
    double maxPhase{0.5};        ///< MAXPHASE: offsets are clamped to this (s)
    double minFllInterval{256};  ///< MINSEC (s)
    double maxPllInterval{2048}; ///< MAXSEC: longer intervals engage the FLL (s)
    /// Linux clamps the PLL's interval to 2^(SHIFT_PLL + 1 + constant) s;
    /// clknetsim, where the reference daemons ran, does not by default.
    bool clampPllInterval{false};
};

class KernelPll
{
  public:
    explicit KernelPll(const KernelSettings& settings = KernelSettings());

    /// STA_PLL is set (ntpd's start_kern_loop): the update interval starts now.
    void Enable(Timestamp now);

    /// The clock was stepped by `offset`: times it kept move with it.
    void ShiftTimeBase(double offset)
    {
        m_reference += offset;
    }

    /// MOD_FREQUENCY: sets the frequency correction (s/s), clamped.
    void SetFrequency(double frequency);

    /**
     * MOD_OFFSET | MOD_TIMECONST at local time `now`: `offset` becomes the
     * phase to slew and the frequency takes the PLL (and FLL) correction.
     */
    void Update(double offset, int timeConstant, Timestamp now);

    double Frequency() const
    {
        return m_frequency;
    }

    /// The phase slew the host clock must run since the last Update.
    PhaseSlew Slew() const;

    /// Phase the kernel has still to slew at `now` (ntp_adjtime's offset).
    double RemainingOffset(Timestamp now) const;

  private:
    KernelSettings m_settings;
    double m_frequency{0};
    double m_offset{0};
    int m_timeConstant{0};
    Timestamp m_reference; ///< time of the last update (time_reftime)
    bool m_enabled{false};
};

/**
 * Continuous time constant of a correction that removes 1/divisor of what is
 * left once a second (ntpd's adj_host_clock, the kernel's second_overflow):
 * after n seconds (1 - 1/divisor)^n remains, which is exp(-n / tau) for
 * tau = -1 / ln(1 - 1/divisor).
 */
double PerSecondTimeConstant(double divisor);

} // namespace ntp

#endif // NTP_CORE_KERNEL_H
