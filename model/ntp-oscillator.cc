#include "ntp-oscillator.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpOscillator");
NS_OBJECT_ENSURE_REGISTERED(NtpOscillator);

TypeId
NtpOscillator::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpOscillator")
              .SetParent<Object>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpOscillator>()
              .AddAttribute("FrequencyOffset",
                            "Constant frequency error in ppm (positive: the clock runs fast). "
                            "Quartz oscillators of routers: typically within +-50 ppm.",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&NtpOscillator::m_frequencyOffsetPpm),
                            MakeDoubleChecker<double>(-500.0, 500.0))
              .AddAttribute("FrequencyWander",
                            "Random-walk frequency wander: standard deviation of the frequency "
                            "change over one second, in ppm per sqrt(s). 0 disables it.",
                            DoubleValue(0.0), MakeDoubleAccessor(&NtpOscillator::m_wanderPpm),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("WanderInterval",
                            "Grid of the frequency random walk; the frequency is linear between "
                            "grid points.",
                            TimeValue(Seconds(16)),
                            MakeTimeAccessor(&NtpOscillator::m_wanderInterval),
                            MakeTimeChecker(Seconds(0.001)))
              .AddAttribute("PhaseNoise",
                            "Standard deviation (s) of white noise added to every timestamp "
                            "read by NTP (reading jitter). 0 disables it.",
                            DoubleValue(0.0), MakeDoubleAccessor(&NtpOscillator::m_phaseNoise),
                            MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

NtpOscillator::NtpOscillator() :
    m_wanderRng(CreateObject<NormalRandomVariable>()),
    m_noiseRng(CreateObject<NormalRandomVariable>())
{
}

NtpOscillator::~NtpOscillator() = default;

int64_t
NtpOscillator::AssignStreams(int64_t stream)
{
    m_wanderRng->SetStream(stream);
    m_noiseRng->SetStream(stream + 1);
    return 2;
}

double
NtpOscillator::DrawStep()
{
    const double h = m_wanderInterval.GetSeconds();
    return m_wanderPpm * 1e-6 * std::sqrt(h) * m_wanderRng->GetValue();
}

void
NtpOscillator::ExtendTo(double t)
{
    NS_ABORT_MSG_IF(t < 0, "oscillator read before time 0");
    const double h = m_wanderInterval.GetSeconds();
    if (!m_started)
    {
        m_started = true;
        m_wanderEnd = DrawStep();
    }
    while (static_cast<double>(m_segment + 1) * h <= t)
    {
        // Linear frequency within a segment: the trapezoid is the exact integral.
        m_phaseStart += 0.5 * (m_wanderStart + m_wanderEnd) * h;
        m_wanderStart = m_wanderEnd;
        m_wanderEnd = m_wanderStart + DrawStep();
        ++m_segment;
    }
}

double
NtpOscillator::GetFrequency(double t)
{
    const double base = m_frequencyOffsetPpm * 1e-6;
    if (m_wanderPpm == 0.0)
    {
        return base;
    }
    ExtendTo(t);
    const double h = m_wanderInterval.GetSeconds();
    const double u = (t - static_cast<double>(m_segment) * h) / h;
    return base + m_wanderStart + u * (m_wanderEnd - m_wanderStart);
}

double
NtpOscillator::GetPhase(double t)
{
    const double constant = m_frequencyOffsetPpm * 1e-6 * t;
    if (m_wanderPpm == 0.0)
    {
        return constant;
    }
    ExtendTo(t);
    const double h = m_wanderInterval.GetSeconds();
    const double dt = t - static_cast<double>(m_segment) * h;
    const double slope = (m_wanderEnd - m_wanderStart) / h;
    return constant + m_phaseStart + m_wanderStart * dt + 0.5 * slope * dt * dt;
}

double
NtpOscillator::DrawPhaseNoise()
{
    // Without noise, no draw and no reference to the stream (the call below
    // would copy its pointer): a clock read then touches nothing beyond the
    // oscillator's own fields.
    return m_phaseNoise > 0 ? DrawPhaseNoise(m_noiseRng) : 0.0;
}

double
NtpOscillator::DrawPhaseNoise(Ptr<RandomVariableStream> standardNormal) const
{
    return m_phaseNoise > 0 ? m_phaseNoise * standardNormal->GetValue() : 0.0;
}

} // namespace ns3
