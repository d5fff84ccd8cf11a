#include "ntp-link-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/packet.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/point-to-point-net-device.h"
#include "ntp-link-channel.h"

#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpLinkHelper");

NtpLinkHelper::NtpLinkHelper()
{
    m_queueFactory.SetTypeId("ns3::DropTailQueue<Packet>");
    m_deviceFactory.SetTypeId(PointToPointNetDevice::GetTypeId());
    m_channelFactory.SetTypeId(NtpLinkChannel::GetTypeId());
}

void
NtpLinkHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

void
NtpLinkHelper::SetChannelAttribute(const std::string& name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
NtpLinkHelper::DisableFlowControl()
{
    m_enableFlowControl = false;
}

NetDeviceContainer
NtpLinkHelper::Install(NodeContainer nodes)
{
    NS_ABORT_MSG_IF(nodes.GetN() != 2,
                    "NtpLinkHelper::Install: a link joins 2 nodes, not " << nodes.GetN());
    return Install(nodes.Get(0), nodes.Get(1));
}

NetDeviceContainer
NtpLinkHelper::Install(Ptr<Node> a, Ptr<Node> b)
{
    NetDeviceContainer devices;
    // Both devices before the channel, each with its address, node and
    // queue, a's first: MAC addresses and device initialization events are
    // allocated in that order, as PointToPointHelper allocates them.
    for (Ptr<Node> node : {a, b})
    {
        Ptr<PointToPointNetDevice> device = m_deviceFactory.Create<PointToPointNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        node->AddDevice(device);
        Ptr<Queue<Packet>> queue = m_queueFactory.Create<Queue<Packet>>();
        device->SetQueue(queue);
        if (m_enableFlowControl)
        {
            // The traffic control layer stops and wakes the device's
            // transmission queue from the device queue's traces.
            Ptr<NetDeviceQueueInterface> interface = CreateObject<NetDeviceQueueInterface>();
            interface->GetTxQueue(0)->ConnectQueueTraces(queue);
            device->AggregateObject(interface);
        }
        devices.Add(device);
    }
    Ptr<NtpLinkChannel> channel = m_channelFactory.Create<NtpLinkChannel>();
    // The channel numbers its devices in the order they attach: a is its
    // first, the sender of the forward direction.
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        DynamicCast<PointToPointNetDevice>(devices.Get(i))->Attach(channel);
    }
    return devices;
}

Ptr<NtpLinkChannel>
NtpLinkHelper::GetChannel(Ptr<NetDevice> device)
{
    return device ? DynamicCast<NtpLinkChannel>(device->GetChannel()) : nullptr;
}

int64_t
NtpLinkHelper::AssignStreams(NetDeviceContainer devices, int64_t stream)
{
    int64_t current = stream;
    std::set<Ptr<NtpLinkChannel>> done;
    for (auto it = devices.Begin(); it != devices.End(); ++it)
    {
        Ptr<NtpLinkChannel> channel = GetChannel(*it);
        // A second call would move a channel's streams: once each.
        if (channel && done.insert(channel).second)
        {
            current += channel->AssignStreams(current);
        }
    }
    return current - stream;
}

void
NtpLinkHelper::EnablePcapInternal(std::string prefix, Ptr<NetDevice> nd,
                                  bool /* promiscuous: a point-to-point device sees everything */,
                                  bool explicitFilename)
{
    Ptr<PointToPointNetDevice> device = DynamicCast<PointToPointNetDevice>(nd);
    if (!device)
    {
        NS_LOG_INFO("device " << nd << " is no PointToPointNetDevice: no capture");
        return;
    }
    PcapHelper pcap;
    const std::string file = explicitFilename ? prefix : pcap.GetFilenameFromDevice(prefix, device);
    // Frames keep their PPP header on this device: Wireshark's PPP link type.
    Ptr<PcapFileWrapper> wrapper = pcap.CreateFile(file, std::ios::out, PcapHelper::DLT_PPP);
    pcap.HookDefaultSink<PointToPointNetDevice>(device, "PromiscSniffer", wrapper);
}

} // namespace ns3
