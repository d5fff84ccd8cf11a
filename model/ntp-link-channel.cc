#include "ntp-link-channel.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpLinkChannel");
NS_OBJECT_ENSURE_REGISTERED(NtpLinkChannel);

TypeId
NtpLinkChannel::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpLinkChannel")
              .SetParent<PointToPointChannel>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpLinkChannel>()
              .AddAttribute(
                  "ForwardDelay", "Propagation delay from the first attached device to the second.",
                  TimeValue(MilliSeconds(5)), MakeTimeAccessor(&NtpLinkChannel::m_delayForward),
                  MakeTimeChecker(Seconds(0)))
              .AddAttribute("BackwardDelay",
                            "Propagation delay from the second attached device to the first.",
                            TimeValue(MilliSeconds(5)),
                            MakeTimeAccessor(&NtpLinkChannel::m_delayBackward),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("ForwardJitter",
                            "Extra delay (s) drawn for each packet from the first attached "
                            "device to the second.",
                            StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                            MakePointerAccessor(&NtpLinkChannel::m_jitterForward),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute("BackwardJitter",
                            "Extra delay (s) drawn for each packet from the second attached "
                            "device to the first.",
                            StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                            MakePointerAccessor(&NtpLinkChannel::m_jitterBackward),
                            MakePointerChecker<RandomVariableStream>())
              // After the two above, so that a default given to it wins over
              // theirs; its own default (null) leaves them alone.
              .AddAttribute(
                  "Jitter",
                  "Extra delay (s) drawn for each packet, both directions: sets "
                  "ForwardJitter and BackwardJitter to this one variable (reads "
                  "ForwardJitter).",
                  PointerValue(),
                  MakePointerAccessor(&NtpLinkChannel::SetJitter, &NtpLinkChannel::GetJitter),
                  MakePointerChecker<RandomVariableStream>())
              .AddAttribute("Loss", "Probability that a packet is lost, each direction.",
                            DoubleValue(0.0), MakeDoubleAccessor(&NtpLinkChannel::m_loss),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddTraceSource("Transit",
                              "A frame entered the link (what an on-path observer sees): frame "
                              "with its PPP header, true if first to second device.",
                              MakeTraceSourceAccessor(&NtpLinkChannel::m_transitTrace),
                              "ns3::NtpLinkChannel::TransitCallback");
    return tid;
}

NtpLinkChannel::NtpLinkChannel() : m_lossRng(CreateObject<UniformRandomVariable>()) {}

void
NtpLinkChannel::SetJitter(Ptr<RandomVariableStream> jitter)
{
    if (jitter)
    {
        // One variable, drawn by both directions in turn: what "Jitter"
        // always was, so that existing users draw the same numbers.
        m_jitterForward = jitter;
        m_jitterBackward = jitter;
    }
}

Ptr<RandomVariableStream>
NtpLinkChannel::GetJitter() const
{
    return m_jitterForward;
}

int64_t
NtpLinkChannel::AssignStreams(int64_t stream)
{
    // The forward variable and the loss keep the streams they had when one
    // variable served both directions.
    m_jitterForward->SetStream(stream);
    m_lossRng->SetStream(stream + 1);
    if (m_jitterBackward != m_jitterForward)
    {
        m_jitterBackward->SetStream(stream + 2);
    }
    return 3;
}

bool
NtpLinkChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    NS_ASSERT(GetNDevices() == 2);
    const bool forward = src == GetPointToPointDevice(0);
    m_transitTrace(p, forward);
    Carry(p, forward, txTime);
    return true;
}

void
NtpLinkChannel::Carry(Ptr<const Packet> frame, bool forward, Time txTime)
{
    Ptr<PointToPointNetDevice> dst = GetPointToPointDevice(forward ? 1 : 0);
    if (m_loss > 0 && m_lossRng->GetValue() < m_loss)
    {
        NS_LOG_LOGIC("lost packet " << frame->GetUid());
        return;
    }
    const double extra = std::max(0.0, (forward ? m_jitterForward : m_jitterBackward)->GetValue());
    const Time delay
        = (forward ? m_delayForward + m_extraForward : m_delayBackward + m_extraBackward)
        + Seconds(extra);
    Simulator::ScheduleWithContext(dst->GetNode()->GetId(), txTime + delay,
                                   &PointToPointNetDevice::Receive, dst, frame->Copy());
}

Ptr<PointToPointNetDevice>
NtpLinkChannel::GetSender(bool forward) const
{
    return GetPointToPointDevice(forward ? 0 : 1);
}

void
NtpLinkChannel::SetExtraDelay(bool forward, Time extra)
{
    (forward ? m_extraForward : m_extraBackward) = extra;
}

void
NtpLinkChannel::Inject(Ptr<Packet> frame, bool forward)
{
    NS_ASSERT(GetNDevices() == 2);
    Carry(frame, forward, Seconds(0));
}

} // namespace ns3
