/*
 * How a node's clock drifts (the "oscillator" of INET's clock split): a
 * constant frequency offset plus a random-walk frequency wander, and white
 * phase noise on each reading.
 *
 * Everything is evaluated lazily in closed form when the clock is read: the
 * wander is a random walk on a fixed grid (WanderInterval) with the frequency
 * linear between grid points, so the phase is its exact integral and the
 * path does not depend on when or how often anybody reads the clock. No
 * simulator event is ever scheduled.
 */
#ifndef NTP_OSCILLATOR_H
#define NTP_OSCILLATOR_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{

class NtpOscillator : public Object
{
  public:
    static TypeId GetTypeId();
    NtpOscillator();
    ~NtpOscillator() override;

    // The three methods below are virtual so that other noise types (flicker
    // frequency noise, temperature profiles, ...) are a subclass away.

    /// Fractional frequency error (s/s) at simulator time t (seconds since 0).
    virtual double GetFrequency(double t);

    /// The constant part of the frequency error (s/s): FrequencyOffset.
    double GetFrequencyOffset() const
    {
        return m_frequencyOffsetPpm * 1e-6;
    }

    /**
     * Phase accumulated by the frequency error between simulator time 0 and t
     * (seconds): integral of GetFrequency. A perfect oscillator gives 0.
     * Called with non-decreasing t (simulator time only moves forward).
     */
    virtual double GetPhase(double t);

    /// One draw of white phase noise (s) for a timestamp reading.
    virtual double DrawPhaseNoise();

    /**
     * The same law drawn from `standardNormal` (a caller's own stream of
     * N(0, 1)): what a reading would add, without taking a draw from the
     * readings NTP makes (ground-truth sampling, see NtpClock::ReadingError).
     */
    double DrawPhaseNoise(Ptr<RandomVariableStream> standardNormal) const;

    /// Assigns the random streams; returns the number used (2).
    virtual int64_t AssignStreams(int64_t stream);

  private:
    void ExtendTo(double t);
    double DrawStep();

    double m_frequencyOffsetPpm; ///< attribute FrequencyOffset
    double m_wanderPpm;          ///< attribute FrequencyWander (ppm per sqrt(s))
    Time m_wanderInterval;       ///< attribute WanderInterval
    double m_phaseNoise;         ///< attribute PhaseNoise (s, standard deviation)
    Ptr<NormalRandomVariable> m_wanderRng;
    Ptr<NormalRandomVariable> m_noiseRng;
    // The walk only ever moves forward with simulator time, so the current
    // grid segment [k h, (k+1) h] is all that needs remembering.
    uint64_t m_segment{0};   ///< k
    double m_wanderStart{0}; ///< frequency wander (s/s) at k h
    double m_wanderEnd{0};   ///< at (k+1) h
    double m_phaseStart{0};  ///< wander phase integral up to k h
    bool m_started{false};
};

} // namespace ns3

#endif // NTP_OSCILLATOR_H
