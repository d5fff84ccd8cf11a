#include "ntp-truth-sampler.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ntp-clock.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpTruthSampler");
NS_OBJECT_ENSURE_REGISTERED(NtpTruthSampler);

TypeId
NtpTruthSampler::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpTruthSampler")
              .SetParent<Object>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpTruthSampler>()
              .AddAttribute("Interval", "Time between two samples.", TimeValue(Seconds(1)),
                            MakeTimeAccessor(&NtpTruthSampler::m_interval),
                            MakeTimeChecker(TimeStep(1)))
              .AddAttribute("Start", "Time of the first sample.", TimeValue(Seconds(0)),
                            MakeTimeAccessor(&NtpTruthSampler::m_start),
                            MakeTimeChecker(Seconds(0)))
              .AddTraceSource("Offset",
                              "Every Interval: the previous sample (0 before the first) and this "
                              "one, the node's clock minus true time (s, NtpClock::GetOffset).",
                              MakeTraceSourceAccessor(&NtpTruthSampler::m_offsetTrace),
                              "ns3::TracedValueCallback::Double");
    return tid;
}

NtpTruthSampler::NtpTruthSampler()
{
    NS_LOG_FUNCTION(this);
}

NtpTruthSampler::~NtpTruthSampler() = default;

void
NtpTruthSampler::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    // The node initializes every aggregated object in an event the
    // simulator runs anyway (at time 0 for nodes created before the run):
    // deciding here costs no event of our own, so an unconnected sampler
    // adds none at all.
    if (!m_offsetTrace.IsEmpty())
    {
        NS_ABORT_MSG_IF(!GetObject<NtpClock>(),
                        "NtpTruthSampler: the node has no NtpClock (NtpPeerHelper::Install)");
        const Time wait = m_start > Simulator::Now() ? m_start - Simulator::Now() : Time(0);
        m_event = Simulator::Schedule(wait, &NtpTruthSampler::Sample, this);
    }
    Object::DoInitialize();
}

void
NtpTruthSampler::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
    // A sink bound to a Ptr that holds this node would keep it alive.
    m_offsetTrace = decltype(m_offsetTrace)();
    Object::DoDispose();
}

void
NtpTruthSampler::Sample()
{
    // Nobody left to tell: stop (a sink connected later does not restart
    // the sampling; see the header).
    if (m_offsetTrace.IsEmpty())
    {
        return;
    }
    const double offset = GetObject<NtpClock>()->GetOffset();
    ++m_samples;
    m_offsetTrace(m_last, offset);
    m_last = offset;
    m_event = Simulator::Schedule(m_interval, &NtpTruthSampler::Sample, this);
}

} // namespace ns3
