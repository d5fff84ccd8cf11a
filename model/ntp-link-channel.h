/*
 * A point-to-point channel whose two directions have their own delay, plus a
 * random extra delay per packet (queueing jitter) and random loss: the path
 * properties that decide what NTP can measure. NTP cannot see a path
 * asymmetry; it halves it into the offset, which is what this lets users
 * study. Use with PointToPointNetDevice (see NtpPeerModeScenario).
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
    /// Schedules the frame's arrival at the other end (loss, jitter, delay).
    void Carry(Ptr<const Packet> frame, bool forward, Time txTime);

    Time m_extraForward;
    Time m_extraBackward;
    TracedCallback<Ptr<const Packet>, bool> m_transitTrace;
    Time m_delayForward;                ///< first device to second
    Time m_delayBackward;               ///< second device to first
    Ptr<RandomVariableStream> m_jitter; ///< extra delay (s) per packet
    double m_loss;
    Ptr<UniformRandomVariable> m_lossRng;
};

} // namespace ns3

#endif // NTP_LINK_CHANNEL_H
