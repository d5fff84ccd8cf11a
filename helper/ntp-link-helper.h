/*
 * Point-to-point links over NtpLinkChannel (a delay and a jitter per
 * direction, loss), built the way PointToPointHelper builds its links:
 *
 *   NtpLinkHelper link;
 *   link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
 *   link.SetChannelAttribute("ForwardDelay", TimeValue(MilliSeconds(3)));   // a -> b
 *   link.SetChannelAttribute("BackwardDelay", TimeValue(MilliSeconds(7)));  // b -> a
 *   link.SetChannelAttribute("BackwardJitter",
 *                            StringValue("ns3::ExponentialRandomVariable[Mean=0.001]"));
 *   link.SetChannelAttribute("Loss", DoubleValue(0.01));
 *   NetDeviceContainer devices = link.Install(a, b);
 *   link.AssignStreams(devices, 200);
 *   link.EnablePcapAll("ntp-link");
 *
 * The first node given is the channel's first device: "forward" is from it
 * to the second.
 */
#ifndef NTP_LINK_HELPER_H
#define NTP_LINK_HELPER_H

#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/queue.h"
#include "ns3/trace-helper.h"

#include <string>
#include <utility>

namespace ns3
{

class NtpLinkChannel;

class NtpLinkHelper : public PcapHelperForDevice
{
  public:
    /// PointToPointNetDevice, DropTailQueue<Packet> and NtpLinkChannel with their defaults.
    NtpLinkHelper();
    ~NtpLinkHelper() override = default;

    /**
     * The queue of each device created afterwards: a Queue<Packet> type
     * ("ns3::DropTailQueue" gets "<Packet>" appended) and attribute
     * name/value pairs.
     */
    template<typename... Ts>
    void SetQueue(std::string type, Ts&&... args);

    /// An attribute of each PointToPointNetDevice created afterwards (DataRate, Mtu, ...).
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);

    /// An attribute of each NtpLinkChannel created afterwards (ForwardDelay,
    /// BackwardDelay, ForwardJitter, BackwardJitter, Jitter, Loss).
    void SetChannelAttribute(const std::string& name, const AttributeValue& value);

    /**
     * No NetDeviceQueueInterface on the devices: without it the traffic
     * control layer never stops sending into a full device queue, and
     * Ipv4AddressHelper installs no queue disc (as PointToPointHelper's).
     */
    void DisableFlowControl();

    /// Links the two nodes of a container of exactly two.
    NetDeviceContainer Install(NodeContainer nodes);

    /**
     * A device on each node (a's first in the container), one channel
     * between them; a's device is the channel's first, so ForwardDelay and
     * ForwardJitter apply from a to b.
     */
    NetDeviceContainer Install(Ptr<Node> a, Ptr<Node> b);

    /**
     * Fixed random streams for the channels of the devices (each channel
     * once, even when both its devices are given): three per channel (see
     * NtpLinkChannel::AssignStreams). Returns the number used.
     */
    static int64_t AssignStreams(NetDeviceContainer devices, int64_t stream);

    /// The NtpLinkChannel a device is attached to (null if none or another kind).
    static Ptr<NtpLinkChannel> GetChannel(Ptr<NetDevice> device);

  private:
    /// What every EnablePcap* variant ends in: a PPP-link-type capture of
    /// what the device sends and receives (its PromiscSniffer trace).
    void EnablePcapInternal(std::string prefix, Ptr<NetDevice> nd, bool promiscuous,
                            bool explicitFilename) override;

    ObjectFactory m_queueFactory;
    ObjectFactory m_deviceFactory;
    ObjectFactory m_channelFactory;
    bool m_enableFlowControl{true};
};

template<typename... Ts>
void
NtpLinkHelper::SetQueue(std::string type, Ts&&... args)
{
    QueueBase::AppendItemTypeIfNotPresent(type, "Packet");
    m_queueFactory.SetTypeId(type);
    m_queueFactory.Set(std::forward<Ts>(args)...);
}

} // namespace ns3

#endif // NTP_LINK_HELPER_H
