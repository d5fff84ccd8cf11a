/*
 * A node's own clock (the "clock" of INET's split): what time the node
 * shows, given its oscillator and the corrections the NTP discipline (the
 * "servo", in the protocol core) applies. Aggregate one to each Node.
 *
 * local(t) = t + InitialOffset + oscillator phase(t) + corrections(t)
 * where t is simulator time and corrections are steps, an exponentially
 * decaying slew and a frequency correction, all in closed form: steering the
 * clock costs no simulator events. Ground truth (GetOffset) is exact.
 */
#ifndef NTP_CLOCK_H
#define NTP_CLOCK_H

#include "ns3/object.h"
#include "ns3/traced-callback.h"
#include "ntp-oscillator.h"
#include "ntp-steering.h"

namespace ns3
{

class NtpClock : public Object
{
  public:
    /// Signature of the Slew trace: offset (s) and time constant (s; 0: linear).
    typedef void (*SlewCallback)(double offset, double timeConstant);

    static TypeId GetTypeId();
    NtpClock();
    ~NtpClock() override;

    /// Local time in seconds since the simulation's epoch (no reading noise).
    double GetLocalSeconds();

    /// Ground truth: this clock minus simulator time, in seconds.
    double GetOffset();

    /// Ground truth: this clock minus `other`, in seconds.
    double GetOffsetTo(Ptr<NtpClock> other);

    /// A reading as NTP takes it: local seconds plus white phase noise.
    double ReadSeconds();

    /**
     * Ground truth of a reading: the error (s) a reading taken now would
     * have, GetOffset() plus the oscillator's phase noise drawn from
     * `standardNormal` (the caller's N(0, 1) stream, so NTP's own readings
     * draw what they always drew). Lets the phase-noise law be checked on
     * the model (ntp-peer-scenario --out, column reading_error_s).
     */
    double ReadingError(Ptr<RandomVariableStream> standardNormal);

    /// Unix time (s) of simulator time 0 on a perfect clock.
    uint64_t GetEpochUnixSeconds() const
    {
        return m_epochUnix;
    }

    void Step(double offset);
    /// Starts a slew on one of the two channels (adjtime(), kernel PLL).
    void Slew(ntp::SlewChannel channel, const ntp::PhaseSlew& slew);
    /// Sets the frequency correction (s/s) from `delay` seconds on.
    void SetFrequencyCorrection(double frequency, double delay = 0);

    double GetFrequencyCorrection() const
    {
        return m_steering.Frequency();
    }

    /// Oscillator error plus correction (s/s): how fast the clock runs now.
    double GetEffectiveFrequencyError();

    Ptr<NtpOscillator> GetOscillator() const
    {
        return m_oscillator;
    }

    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    Ptr<NtpOscillator> m_oscillator;
    double m_initialOffset;
    uint64_t m_epochUnix;
    ntp::ClockSteering m_steering; ///< the core's corrections, in simulator seconds

    /// The last reading: the engine reads the clock several times at one
    /// instant (a packet's receive time, its header, its transmit time).
    /// Valid while the simulator time, the steering, the oscillator's
    /// frequency offset and the initial offset are those it was computed with.
    struct Reading
    {
        int64_t time{-1}; ///< simulator time steps
        uint64_t changes{0};
        double frequencyOffset{0};
        double initialOffset{0};
        double seconds{0};
    };

    Reading m_lastReading;
    uint64_t m_changes{0}; ///< steps, slews and frequency changes so far

    TracedCallback<double> m_stepTrace;
    TracedCallback<double, double> m_slewTrace;
    TracedCallback<double> m_frequencyTrace;
};

} // namespace ns3

#endif // NTP_CLOCK_H
