/*
 * Fixtures shared by the "vrf" suite's files: sockets that answer, send,
 * bind to an address or spy on tags, and small topology builders.
 */
#ifndef VRF_TEST_UTIL_H
#define VRF_TEST_UTIL_H

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/test.h"

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace vrftest
{

inline std::string
TextOf(Ptr<Packet> packet)
{
    std::string text(packet->GetSize(), '\0');
    packet->CopyData(reinterpret_cast<uint8_t*>(text.data()), text.size());
    return text;
}

inline Ptr<Packet>
PacketOf(const std::string& text)
{
    return Create<Packet>(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

/// The i-th element, or an empty one: a failed size check above must not abort the suite.
template<typename T>
inline T
Nth(const std::vector<T>& items, std::size_t i)
{
    return i < items.size() ? items[i] : T{};
}

/// A UDP socket that answers every datagram with "TAG:" + the datagram.
class Responder
{
  public:
    Responder(Ptr<Node> node, const std::string& instance, uint16_t port, std::string tag) :
        m_tag(std::move(tag)), m_socket(Socket::CreateSocket(node, UdpSocketFactory::GetTypeId()))
    {
        if (!instance.empty())
        {
            VrfHelper::BindSocket(m_socket, instance);
        }
        NS_ABORT_UNLESS(m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) == 0);
        m_socket->SetRecvCallback(MakeCallback(&Responder::Receive, this));
    }

    std::vector<std::string> received;

  private:
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            received.push_back(TextOf(packet));
            socket->SendTo(PacketOf(m_tag + ":" + received.back()), 0, from);
        }
    }

    std::string m_tag;
    Ptr<Socket> m_socket;
};

/// A UDP socket that sends datagrams at given times and keeps the answers.
class Requester
{
  public:
    Requester(Ptr<Node> node, const std::string& instance) :
        m_socket(Socket::CreateSocket(node, UdpSocketFactory::GetTypeId()))
    {
        if (!instance.empty())
        {
            VrfHelper::BindSocket(m_socket, instance);
        }
        NS_ABORT_UNLESS(m_socket->Bind() == 0);
        m_socket->SetRecvCallback(MakeCallback(&Requester::Receive, this));
    }

    void SendAt(Time at, Ipv4Address destination, uint16_t port, const std::string& text)
    {
        Simulator::Schedule(at, &Requester::Send, this, destination, port, text);
    }

    std::vector<std::string> replies;
    std::vector<int> sendResults;

  private:
    void Send(Ipv4Address destination, uint16_t port, std::string text)
    {
        sendResults.push_back(
            m_socket->SendTo(PacketOf(text), 0, InetSocketAddress(destination, port)));
    }

    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            replies.push_back(TextOf(packet));
        }
    }

    Ptr<Socket> m_socket;
};

/**
 * A UDP socket in an instance ("" = the public device) bound to a specific
 * local address: it sends with a VrfInstanceTag (the routing gets no device
 * from such a socket) and, with a tag, answers every datagram with "TAG:" +
 * the datagram (without one it only records what it receives).
 */
class AddressBound
{
  public:
    AddressBound(Ptr<Node> node, const std::string& instance, const char* address, uint16_t port,
                 std::string tag = "") :
        m_node(node),
        m_instance(instance),
        m_tag(std::move(tag)),
        m_socket(Socket::CreateSocket(node, UdpSocketFactory::GetTypeId()))
    {
        VrfHelper::BindSocket(m_socket, instance);
        NS_ABORT_UNLESS(m_socket->Bind(InetSocketAddress(Ipv4Address(address), port)) == 0);
        m_socket->SetRecvCallback(MakeCallback(&AddressBound::Receive, this));
    }

    /// Sends at a time; tagged with the socket's instance unless told otherwise.
    void SendAt(Time at, Ipv4Address destination, uint16_t port, const std::string& text,
                std::optional<uint32_t> rawTag = std::nullopt, bool tagged = true)
    {
        Simulator::Schedule(at, &AddressBound::Send, this, destination, port, text, rawTag, tagged);
    }

    std::vector<std::string> received;

  private:
    void Send(Ipv4Address destination, uint16_t port, std::string text,
              std::optional<uint32_t> rawTag, bool tagged)
    {
        Ptr<Packet> packet = PacketOf(text);
        if (rawTag)
        {
            packet->AddPacketTag(VrfInstanceTag(*rawTag));
        }
        else if (tagged)
        {
            VrfHelper::TagPacket(packet, m_node, m_instance);
        }
        m_socket->SendTo(packet, 0, InetSocketAddress(destination, port));
    }

    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            received.push_back(TextOf(packet));
            if (m_tag.empty())
            {
                continue;
            }
            Ptr<Packet> answer = PacketOf(m_tag + ":" + received.back());
            VrfHelper::TagPacket(answer, m_node, m_instance);
            socket->SendTo(answer, 0, from);
        }
    }

    Ptr<Node> m_node;
    std::string m_instance;
    std::string m_tag;
    Ptr<Socket> m_socket;
};

/// Counts the received packets that still carry a VrfInstanceTag.
class TagSpy
{
  public:
    TagSpy(Ptr<Node> node, uint16_t port, std::string tag) :
        m_tag(std::move(tag)), m_socket(Socket::CreateSocket(node, UdpSocketFactory::GetTypeId()))
    {
        NS_ABORT_UNLESS(m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) == 0);
        m_socket->SetRecvCallback(MakeCallback(&TagSpy::Receive, this));
    }

    std::vector<std::string> received;
    uint32_t tagged{0};

  private:
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            VrfInstanceTag tag;
            tagged += packet->PeekPacketTag(tag) ? 1 : 0;
            received.push_back(TextOf(packet));
            socket->SendTo(PacketOf(m_tag + ":" + received.back()), 0, from);
        }
    }

    std::string m_tag;
    Ptr<Socket> m_socket;
};

/// Addresses by hand: Ipv4AddressHelper refuses the same address twice, which is the point here.
inline uint32_t
AssignAddress(Ptr<NetDevice> device, const char* address, const char* mask)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    int32_t interface = ipv4->GetInterfaceForDevice(device);
    if (interface < 0)
    {
        interface = ipv4->AddInterface(device);
    }
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask(mask)));
    ipv4->SetUp(interface);
    return interface;
}

inline uint32_t
InterfaceOf(Ptr<NetDevice> device)
{
    return device->GetNode()->GetObject<Ipv4>()->GetInterfaceForDevice(device);
}

inline void
CountTx(uint32_t* count, Ptr<const Packet>)
{
    ++*count;
}

using Drops = std::vector<std::pair<std::string, std::string>>; // instance, reason

inline void
RecordDrop(Drops* drops, const Ipv4Header&, Ptr<const Packet>, const std::string& instance,
           const std::string& reason)
{
    drops->emplace_back(instance, reason);
}

inline void
CountL3NoRoute(uint32_t* count, const Ipv4Header&, Ptr<const Packet>,
               Ipv4L3Protocol::DropReason reason, Ptr<Ipv4>, uint32_t)
{
    if (reason == Ipv4L3Protocol::DROP_NO_ROUTE)
    {
        ++*count;
    }
}

inline NodeContainer
VrfNodes(uint32_t n)
{
    NodeContainer nodes;
    nodes.Create(n);
    InternetStackHelper internet;
    internet.SetRoutingHelper(Ipv4VrfRoutingHelper());
    internet.Install(nodes);
    return nodes;
}

inline PointToPointHelper
Links()
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    return p2p;
}

/// A multi-access LAN (ARP resolves the next hop on it): one SimpleNetDevice per node.
inline NetDeviceContainer
Lan(std::initializer_list<Ptr<Node>> nodes)
{
    Ptr<SimpleChannel> channel = CreateObject<SimpleChannel>();
    NetDeviceContainer devices;
    for (Ptr<Node> node : nodes)
    {
        Ptr<SimpleNetDevice> device = CreateObject<SimpleNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        device->SetChannel(channel);
        node->AddDevice(device);
        devices.Add(device);
    }
    return devices;
}

// ------------------------------------------------------------ one PE

} // namespace vrftest
} // namespace ns3

#endif // VRF_TEST_UTIL_H
