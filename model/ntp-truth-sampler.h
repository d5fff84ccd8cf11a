/*
 * Ground truth at a fixed interval: a node's clock minus true (simulator)
 * time, NtpClock::GetOffset(), read every Interval from Start on. The
 * service's TrueOffset fires only at clock updates and against the system
 * peer; this is the clock itself, sampled on a grid, e.g. to plot or to
 * compute statistics over time.
 *
 * Aggregate one to a node that has an NtpClock (NtpPeerHelper::
 * InstallTruthSampler does both). Sampling costs one simulator event per
 * sample, and nothing at all while nobody listens: the sampler decides when
 * the node is initialized (at the start of the run) whether anything is
 * connected to "Offset", and stops at the first sample after the last sink
 * is gone. Connect before Simulator::Run.
 */
#ifndef NTP_TRUTH_SAMPLER_H
#define NTP_TRUTH_SAMPLER_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class NtpClock;

class NtpTruthSampler : public Object
{
  public:
    static TypeId GetTypeId();
    NtpTruthSampler();
    ~NtpTruthSampler() override;

    /// Samples taken (the number of times Offset fired).
    uint64_t GetSamples() const
    {
        return m_samples;
    }

  protected:
    void DoInitialize() override;
    void DoDispose() override;

  private:
    void Sample();

    Time m_interval;
    Time m_start;
    uint64_t m_samples{0};
    double m_last{0}; ///< the previous sample (0 before the first)
    EventId m_event;
    /// (previous sample, this sample): a TracedValue<double>'s signature, so
    /// that ns3::DoubleProbe (GnuplotHelper, FileHelper) connects to it.
    TracedCallback<double, double> m_offsetTrace;
};

} // namespace ns3

#endif // NTP_TRUTH_SAMPLER_H
