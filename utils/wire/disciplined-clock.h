/*
 * The wire tool's local clock: the host's CLOCK_REALTIME plus a correction
 * the core steers. The host clock is only read, never set or slewed, so the
 * tool can run beside the system's own NTP daemon, unprivileged.
 *
 *   local(t) = t + correction(t)
 *   correction(t) = base + slew * (1 - exp(-(t - t0) / tau)) + frequency * (t - t0)
 *
 * where t is host time and t0 the last change: the closed form of ntpd's
 * once-a-second adjustment, exactly what Clock::Slew() asks for.
 */
#ifndef NTP_WIRE_DISCIPLINED_CLOCK_H
#define NTP_WIRE_DISCIPLINED_CLOCK_H

#include "ntp-host.h"

#include <cstdint>

namespace ntp::wire
{

/// Host CLOCK_REALTIME in nanoseconds since the Unix epoch.
int64_t HostRealtimeNs();

class DisciplinedClock : public Clock
{
  public:
    /// `initialOffset`: seconds the clock starts ahead of the host clock
    /// (a test knob to show the discipline removing an error).
    explicit DisciplinedClock(double initialOffset = 0);

    Timestamp Now() override;
    void Step(double offset) override;
    void Slew(double offset, double timeConstant) override;
    void SetFrequency(double frequency) override;

    /// The local time at host time `hostNs`, e.g. a kernel receive timestamp.
    Timestamp At(int64_t hostNs) const;

    /// local - host, in seconds, now.
    double Correction() const;

    double Frequency() const
    {
        return m_frequency;
    }

  private:
    double CorrectionAt(int64_t hostNs) const;
    void Fold(); ///< re-base the closed form at the current host time

    int64_t m_baseNs;      ///< host time of the last change (t0)
    double m_base;         ///< correction at t0
    double m_slewLeft{0};  ///< phase still to slew at t0
    double m_slewTau{1};
    double m_frequency{0};
};

} // namespace ntp::wire

#endif // NTP_WIRE_DISCIPLINED_CLOCK_H
