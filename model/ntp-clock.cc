#include "ntp-clock.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpClock");
NS_OBJECT_ENSURE_REGISTERED(NtpClock);

TypeId
NtpClock::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpClock")
              .SetParent<Object>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpClock>()
              .AddAttribute("InitialOffset",
                            "Offset of this clock from simulator time at time 0 (s).",
                            DoubleValue(0.0), MakeDoubleAccessor(&NtpClock::m_initialOffset),
                            MakeDoubleChecker<double>(-1e9, 1e9))
              .AddAttribute("EpochUnixSeconds",
                            "Unix time shown by a perfect clock at simulator time 0 "
                            "(default 2026-01-01T00:00:00Z).",
                            UintegerValue(1767225600), MakeUintegerAccessor(&NtpClock::m_epochUnix),
                            MakeUintegerChecker<uint64_t>())
              .AddAttribute("Oscillator", "The oscillator that drives this clock.", PointerValue(),
                            MakePointerAccessor(&NtpClock::m_oscillator),
                            MakePointerChecker<NtpOscillator>())
              .AddTraceSource("Step", "The clock was stepped by this many seconds.",
                              MakeTraceSourceAccessor(&NtpClock::m_stepTrace),
                              "ns3::TracedValueCallback::Double")
              .AddTraceSource("Slew", "A slew started: offset (s), time constant (s).",
                              MakeTraceSourceAccessor(&NtpClock::m_slewTrace),
                              "ns3::NtpClock::SlewCallback")
              .AddTraceSource("FrequencyCorrection", "The frequency correction was set (s/s).",
                              MakeTraceSourceAccessor(&NtpClock::m_frequencyTrace),
                              "ns3::TracedValueCallback::Double");
    return tid;
}

NtpClock::NtpClock() : m_oscillator(CreateObject<NtpOscillator>()) {}

NtpClock::~NtpClock() = default;

void
NtpClock::DoDispose()
{
    m_oscillator = nullptr;
    Object::DoDispose();
}

int64_t
NtpClock::AssignStreams(int64_t stream)
{
    return m_oscillator->AssignStreams(stream);
}

double
NtpClock::GetLocalSeconds()
{
    const Time now = Simulator::Now();
    const double frequencyOffset = m_oscillator->GetFrequencyOffset();
    if (m_lastReading.time == now.GetTimeStep() && m_lastReading.changes == m_changes
        && m_lastReading.frequencyOffset == frequencyOffset
        && m_lastReading.initialOffset == m_initialOffset)
    {
        return m_lastReading.seconds;
    }
    const double t = now.GetSeconds();
    // Slews and frequency corrections change the tick length, so the
    // oscillator's own error scales them (a 500 ppm slew on a clock 30 ppm
    // slow removes 30 ppm less phase); steps set the time exactly.
    const double correction = m_steering.Correction(t);
    const double seconds = t + m_initialOffset + m_oscillator->GetPhase(t) + correction
                         + frequencyOffset * (correction - m_steering.Steps());
    m_lastReading
        = Reading{now.GetTimeStep(), m_changes, frequencyOffset, m_initialOffset, seconds};
    return seconds;
}

double
NtpClock::GetOffset()
{
    return GetLocalSeconds() - Simulator::Now().GetSeconds();
}

double
NtpClock::GetOffsetTo(Ptr<NtpClock> other)
{
    return GetLocalSeconds() - other->GetLocalSeconds();
}

double
NtpClock::ReadSeconds()
{
    return GetLocalSeconds() + m_oscillator->DrawPhaseNoise();
}

double
NtpClock::ReadingError(Ptr<RandomVariableStream> standardNormal)
{
    return GetOffset() + m_oscillator->DrawPhaseNoise(standardNormal);
}

double
NtpClock::GetEffectiveFrequencyError()
{
    const double oscillator = m_oscillator->GetFrequency(Simulator::Now().GetSeconds());
    return oscillator + m_steering.Frequency() * (1 + m_oscillator->GetFrequencyOffset());
}

void
NtpClock::Step(double offset)
{
    NS_LOG_FUNCTION(this << offset);
    m_steering.Step(Simulator::Now().GetSeconds(), offset);
    ++m_changes;
    m_stepTrace(offset);
}

void
NtpClock::Slew(ntp::SlewChannel channel, const ntp::PhaseSlew& slew)
{
    NS_LOG_FUNCTION(this << static_cast<int>(channel) << slew.offset << slew.timeConstant);
    m_steering.Slew(Simulator::Now().GetSeconds(), channel, slew);
    ++m_changes;
    m_slewTrace(slew.offset, slew.timeConstant);
}

void
NtpClock::SetFrequencyCorrection(double frequency, double delay)
{
    NS_LOG_FUNCTION(this << frequency << delay);
    m_steering.SetFrequency(Simulator::Now().GetSeconds(), frequency, delay);
    ++m_changes;
    m_frequencyTrace(frequency);
}

} // namespace ns3
