/*
 * The wire tool's local clock: the host's CLOCK_REALTIME plus a correction
 * the core steers. The host clock is only read, never set or slewed, so the
 * tool can run beside the system's own NTP daemon, unprivileged.
 *
 *   local(t) = host(t) + correction(t)
 *
 * The correction (steps, exponential slew, frequency) is the core's
 * ClockSteering, evaluated in closed form on CLOCK_MONOTONIC seconds, so a
 * step of the host clock moves the local clock with it but never the
 * steering's own time line.
 */
#ifndef NTP_WIRE_DISCIPLINED_CLOCK_H
#define NTP_WIRE_DISCIPLINED_CLOCK_H

#include "ntp-host.h"
#include "ntp-steering.h"

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
    void Slew(SlewChannel channel, const PhaseSlew& slew) override;
    void SetFrequency(double frequency, double delay) override;

    /// The local time at host time `hostNs` (CLOCK_REALTIME), e.g. a kernel
    /// receive timestamp taken a moment ago.
    Timestamp At(int64_t hostNs) const;

    /// local - host, in seconds, now.
    double Correction() const;

    double Frequency() const
    {
        return m_steering.Frequency();
    }

  private:
    /// Seconds on CLOCK_MONOTONIC since the clock was created.
    double Elapsed() const;

    int64_t m_originNs; ///< CLOCK_MONOTONIC at creation
    ClockSteering m_steering;
};

} // namespace ntp::wire

#endif // NTP_WIRE_DISCIPLINED_CLOCK_H
