/*
 * The corrections a disciplined clock has received, evaluated in closed form:
 * steps, the exponentially decaying slew and the frequency correction (what
 * the Clock interface of ntp-host.h hands a host). A host keeps one per clock
 * and adds Correction(t) to its raw time; no timer is needed to apply them.
 *
 * ntpd applies offset/tau of the remaining phase every second; summed, the
 * part not yet applied t seconds after a slew starts is offset * exp(-t/tau).
 */
#ifndef NTP_CORE_STEERING_H
#define NTP_CORE_STEERING_H

namespace ntp
{

class ClockSteering
{
  public:
    /// Total correction (s) at host time t (seconds on any monotonic scale;
    /// t never decreases between calls that change the steering).
    double Correction(double t) const;

    /// Adds a step of `offset` seconds at time t.
    void Step(double t, double offset);

    /// Starts slewing `offset` seconds with time constant `tau`, replacing
    /// whatever is left of the previous slew.
    void Slew(double t, double offset, double tau);

    /// Sets the frequency correction (s/s) from time t on.
    void SetFrequency(double t, double frequency);

    double Frequency() const
    {
        return m_frequency;
    }

    /// Phase still to be slewed at time t.
    double SlewRemaining(double t) const;

  private:
    void Fold(double t);

    double m_base{0}; ///< correction accumulated up to m_baseTime
    double m_baseTime{0};
    double m_frequency{0};
    double m_slewLeft{0}; ///< phase still to slew at m_baseTime
    double m_slewTau{1};
};

} // namespace ntp

#endif // NTP_CORE_STEERING_H
