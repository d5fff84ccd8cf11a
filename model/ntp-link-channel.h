/*
 * A point-to-point channel whose two directions have their own delay and
 * their own random extra delay per packet (queueing jitter), plus random
 * loss: the path properties that decide what NTP can measure. NTP cannot see
 * a path asymmetry; it halves it into the offset, which is what this lets
 * users study. Jitter in one direction only is such an asymmetry too (the
 * clock filter shrinks it to the minimum-delay sample's). Joins two
 * PointToPointNetDevices; NtpLinkHelper builds such links.
 */
#ifndef NTP_LINK_CHANNEL_H
#define NTP_LINK_CHANNEL_H

#include "ns3/nstime.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class NtpLinkChannel : public PointToPointChannel
{
  public:
    static TypeId GetTypeId();
    NtpLinkChannel();

    /// Direction 0 is from the first attached device to the second.
    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;

    /// Streams for the forward jitter, the loss and the backward jitter:
    /// always 3, so that the streams of later objects do not depend on
    /// whether the two directions share a jitter variable ("Jitter").
    int64_t AssignStreams(int64_t stream);

    /// The device that sends in a direction: 0 forward, 1 backward.
    Ptr<PointToPointNetDevice> GetSender(bool forward) const;

    /**
     * An extra one-way delay for one direction from now on (a delay attack,
     * a congested queue): NTP halves the asymmetry into its offset.
     */
    void SetExtraDelay(bool forward, Time extra);

    /**
     * Delivers a frame (PPP header included) that nobody transmitted, as if
     * injected into the link: it reaches the receiving device of that
     * direction after the direction's propagation delay, lost or jittered
     * like any other (an on-path attacker's forged packets, see
     * NtpLinkAttacker).
     */
    void Inject(Ptr<Packet> frame, bool forward);

    /// TracedCallback signature: a frame entering the link, its direction.
    typedef void (*TransitCallback)(Ptr<const Packet> frame, bool forward);

  private:
    /// "Jitter": one variable for both directions.
    void SetJitter(Ptr<RandomVariableStream> jitter);
    Ptr<RandomVariableStream> GetJitter() const;
    /// Schedules the frame's arrival at the other end (loss, jitter, delay).
    void Carry(Ptr<const Packet> frame, bool forward, Time txTime);

    Time m_delayForward;  ///< first device to second
    Time m_delayBackward; ///< second device to first
    Time m_extraForward;  ///< an attack's, or a congestion's
    Time m_extraBackward;
    Ptr<RandomVariableStream> m_jitterForward;  ///< extra delay (s) per packet, first to second
    Ptr<RandomVariableStream> m_jitterBackward; ///< extra delay (s) per packet, second to first
    TracedCallback<Ptr<const Packet>, bool> m_transitTrace;
    double m_loss;
    Ptr<UniformRandomVariable> m_lossRng;
};

} // namespace ns3

#endif // NTP_LINK_CHANNEL_H
