#include "ntp-topology.h"

#include "ns3/boolean.h"
#include "ns3/csma-channel.h"
#include "ns3/csma-net-device.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/mac48-address.h"
#include "ns3/neighbor-cache-helper.h"
#include "ns3/nstime.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simple-net-device.h"
#include "ns3/string.h"
#include "ns3/trace-helper.h"
#include "ntp-address.h"
#include "ntp-interface-names.h"
#include "ntp-link-attacker.h"
#include "ntp-link-channel.h"
#include "ntp-link-helper.h"
#include "ntp-peer-helper.h"
#include "vrf-helper.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// "10.0.12.1/30" -> address and prefix length; nullopt if malformed.
std::optional<std::pair<ntp::IpAddress, int>>
ParsePrefix(const std::string& text, bool ipv6)
{
    const size_t slash = text.find('/');
    if (slash == std::string::npos || slash + 1 >= text.size())
    {
        return std::nullopt;
    }
    const auto address = ntp::IpAddress::Parse(text.substr(0, slash));
    const std::string length = text.substr(slash + 1);
    if (!address || address->IsV6() != ipv6 || length.size() > 3
        || length.find_first_not_of("0123456789") != std::string::npos)
    {
        return std::nullopt;
    }
    const int prefix = std::stoi(length);
    if (prefix > (ipv6 ? 128 : 32))
    {
        return std::nullopt;
    }
    return std::make_pair(*address, prefix);
}

/// Adds "2001:db8::1/64" (checked by Build) to an IPv6 interface.
void
AddIpv6Address(Ptr<Ipv6> ipv6, int32_t interface, const std::string& prefix)
{
    const auto v6 = ParsePrefix(prefix, true);
    std::array<uint8_t, 16> bytes = v6->first.GetBytes();
    ipv6->AddAddress(static_cast<uint32_t>(interface),
                     Ipv6InterfaceAddress(Ipv6Address(bytes.data()),
                                          Ipv6Prefix(static_cast<uint8_t>(v6->second))));
}

std::string
Key(const std::string& node, const std::string& interface)
{
    const auto canonical = NtpInterfaceNames::Canonical(interface);
    return node + " " + (canonical ? canonical->first + canonical->second : interface);
}

} // namespace

bool
NtpTopologySpec::IsPrefix(const std::string& text, bool ipv6)
{
    return ParsePrefix(text, ipv6).has_value();
}

bool
NtpTopologySpec::IsRate(const std::string& text)
{
    // DataRate's constructor aborts on what it cannot parse; its stream
    // operator fails instead.
    std::istringstream in(text);
    DataRate rate;
    in >> rate;
    return !in.fail() && (in >> std::ws).eof();
}

NtpTopologySpec::Node&
NtpTopologySpec::AddNode(const std::string& name, std::vector<Interface> interfaces,
                         const std::string& config)
{
    Node& node = nodes.emplace_back();
    node.name = name;
    node.interfaces = std::move(interfaces);
    node.config = config;
    return node;
}

NtpTopologySpec::Link&
NtpTopologySpec::AddLink(const LinkEnd& first, const LinkEnd& second, double delay)
{
    Link& link = links.emplace_back();
    link.first = first;
    link.second = second;
    link.delayForward = link.delayBackward = delay;
    return link;
}

std::string
NtpTopology::Build(const NtpTopologySpec& spec)
{
    m_spec = spec;
    // Check everything before creating anything.
    std::set<std::string> names;
    std::set<std::string> interfaces;
    for (const NtpTopologySpec::Node& node : spec.nodes)
    {
        if (node.name.empty() || node.name.find(' ') != std::string::npos
            || !names.insert(node.name).second)
        {
            return "node '" + node.name
                 + "' is empty, has a space or is given twice (accepted: unique names without "
                   "spaces)";
        }
        if (node.discipline != "kernel" && node.discipline != "daemon")
        {
            return node.name + ": discipline '" + node.discipline + "' (accepted: kernel, daemon)";
        }
        if (node.precision
            && (*node.precision < NtpTopologySpec::kMinPrecision
                || *node.precision > NtpTopologySpec::kMaxPrecision))
        {
            return node.name + ": precision " + std::to_string(*node.precision)
                 + " (accepted: " + std::to_string(NtpTopologySpec::kMinPrecision) + ".."
                 + std::to_string(NtpTopologySpec::kMaxPrecision) + ", log2 s)";
        }
        for (const NtpTopologySpec::Interface& interface : node.interfaces)
        {
            if (!NtpInterfaceNames::Canonical(interface.name))
            {
                return node.name + ": '" + interface.name + "' is not an interface name (accepted: "
                     + NtpInterfaceNames::AcceptedTypes() + " and a number)";
            }
            if (!interfaces.insert(Key(node.name, interface.name)).second)
            {
                return node.name + ": interface " + interface.name + " is given twice";
            }
            if (interface.ipv4.empty() && interface.ipv6.empty())
            {
                return node.name + " " + interface.name
                     + " has neither ipv4 nor ipv6 (accepted: an address and prefix length of "
                       "either family or both)";
            }
            if (!interface.ipv4.empty() && !ParsePrefix(interface.ipv4, false))
            {
                return node.name + " " + interface.name + ": ipv4 '" + interface.ipv4
                     + "' (accepted: an IPv4 address and prefix length such as 10.0.12.1/30)";
            }
            if (!interface.ipv6.empty() && !ParsePrefix(interface.ipv6, true))
            {
                return node.name + " " + interface.name + ": ipv6 '" + interface.ipv6
                     + "' (accepted: an IPv6 address and prefix length such as 2001:db8::1/64)";
            }
        }
    }
    // An interface is on one link or one LAN at most: one device each.
    std::set<std::string> attached;
    auto attach = [&](const NtpTopologySpec::LinkEnd& end, const std::string& what) -> std::string
    {
        const std::string key = Key(end.node, end.interface);
        if (interfaces.count(key) == 0)
        {
            return what + " end '" + end.node + " "
                 + end.interface + "' is no interface of a node (accepted: NODE INTERFACE of the nodes)";
        }
        if (!attached.insert(key).second)
        {
            return "interface '" + end.node + " "
                 + end.interface + "' is on two links or LANs (accepted: one link or LAN per interface)";
        }
        return {};
    };
    for (const NtpTopologySpec::Link& link : spec.links)
    {
        for (const NtpTopologySpec::LinkEnd* end : {&link.first, &link.second})
        {
            if (std::string error = attach(*end, "link"); !error.empty())
            {
                return error;
            }
        }
        for (double value :
             {link.delayForward, link.delayBackward, link.jitterForward, link.jitterBackward})
        {
            if (!(value >= 0 && value <= 10))
            {
                return "link delay or jitter out of range (accepted: 0..10 s)";
            }
        }
        if (!(link.loss >= 0 && link.loss <= 1))
        {
            return "link loss out of range (accepted: 0..1)";
        }
        if (!NtpTopologySpec::IsRate(link.rate))
        {
            return "link rate '" + link.rate + "' (accepted: a rate such as 1Gbps, 100Mbps)";
        }
    }
    for (const NtpTopologySpec::Lan& lan : spec.lans)
    {
        if (lan.ends.size() < 2)
        {
            return "a LAN has " + std::to_string(lan.ends.size())
                 + " end(s) (accepted: two or more)";
        }
        for (const NtpTopologySpec::LinkEnd& end : lan.ends)
        {
            if (std::string error = attach(end, "LAN"); !error.empty())
            {
                return error;
            }
        }
        if (!(lan.delay >= 0 && lan.delay <= 10))
        {
            return "LAN delay out of range (accepted: 0..10 s)";
        }
        if (!NtpTopologySpec::IsRate(lan.rate))
        {
            return "LAN rate '" + lan.rate + "' (accepted: a rate such as 1Gbps, 100Mbps)";
        }
    }

    // Nodes with VRF-aware routing in both families (CEs simply have every
    // interface in the public network).
    NodeContainer all;
    for (const NtpTopologySpec::Node& spec : spec.nodes)
    {
        Ptr<ns3::Node> node = CreateObject<ns3::Node>();
        m_nodes[spec.name] = node;
        m_order.push_back(spec.name);
        all.Add(node);
    }
    // Devices: a point-to-point pair per link, a CSMA device per LAN end, a
    // device without a channel for an interface on neither (a loopback, a
    // stub).
    std::map<std::string, Ptr<NetDevice>> devices;
    NtpLinkHelper linkHelper;
    // The devices carry no NetDeviceQueueInterface, as they never did here:
    // the traffic control layer sends straight to them.
    linkHelper.DisableFlowControl();
    for (const NtpTopologySpec::Link& link : spec.links)
    {
        linkHelper.SetDeviceAttribute("DataRate", StringValue(link.rate));
        linkHelper.SetChannelAttribute("ForwardDelay", TimeValue(Seconds(link.delayForward)));
        linkHelper.SetChannelAttribute("BackwardDelay", TimeValue(Seconds(link.delayBackward)));
        linkHelper.SetChannelAttribute("Loss", DoubleValue(link.loss));
        const NetDeviceContainer pair
            = linkHelper.Install(m_nodes.at(link.first.node), m_nodes.at(link.second.node));
        devices[Key(link.first.node, link.first.interface)] = pair.Get(0);
        devices[Key(link.second.node, link.second.interface)] = pair.Get(1);
        // A variable per direction even when the means are equal: the two
        // directions' queues are independent. Created after the channel's
        // own, as they always were: variables without a fixed stream (ARP's,
        // neighbour discovery's) take the next free one in creation order,
        // so the order keeps every run's figures.
        Ptr<NtpLinkChannel> channel = NtpLinkHelper::GetChannel(pair.Get(0));
        for (const auto& [attribute, mean] :
             {std::make_pair("ForwardJitter", link.jitterForward),
              std::make_pair("BackwardJitter", link.jitterBackward)})
        {
            if (mean > 0)
            {
                Ptr<ExponentialRandomVariable> jitter = CreateObject<ExponentialRandomVariable>();
                jitter->SetAttribute("Mean", DoubleValue(mean));
                channel->SetAttribute(attribute, PointerValue(jitter));
            }
        }
    }
    std::vector<Ptr<CsmaChannel>> lans;
    for (const NtpTopologySpec::Lan& lan : spec.lans)
    {
        Ptr<CsmaChannel> channel = CreateObject<CsmaChannel>();
        lans.push_back(channel);
        channel->SetAttribute("Delay", TimeValue(Seconds(lan.delay)));
        channel->SetAttribute("DataRate", DataRateValue(DataRate(lan.rate)));
        for (const NtpTopologySpec::LinkEnd& end : lan.ends)
        {
            Ptr<CsmaNetDevice> device = CreateObject<CsmaNetDevice>();
            device->SetAddress(Mac48Address::Allocate());
            device->SetQueue(CreateObject<DropTailQueue<Packet>>());
            m_nodes.at(end.node)->AddDevice(device);
            device->Attach(channel);
            devices[Key(end.node, end.interface)] = device;
        }
    }
    for (const NtpTopologySpec::Node& node : spec.nodes)
    {
        for (const NtpTopologySpec::Interface& interface : node.interfaces)
        {
            const std::string key = Key(node.name, interface.name);
            if (devices.count(key) == 0)
            {
                Ptr<SimpleNetDevice> device = CreateObject<SimpleNetDevice>();
                device->SetAddress(Mac48Address::Allocate());
                m_nodes.at(node.name)->AddDevice(device);
                devices[key] = device;
            }
        }
    }
    // The stack after the devices, as ns-3's helpers do it: device 0 is the
    // first interface's, the loopback comes last (capture names count on it).
    InternetStackHelper internet;
    internet.SetRoutingHelper(Ipv4VrfRoutingHelper());
    internet.SetRoutingHelper(Ipv6VrfRoutingHelper());
    internet.Install(all);
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        // Nothing to detect on these links; every router forwards IPv6 and,
        // like Linux (and IPv4 here), accepts a packet for any of its
        // addresses on any interface (weak end system).
        all.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        all.Get(i)->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
        all.Get(i)->GetObject<Ipv6L3Protocol>()->SetAttribute("StrongEndSystemModel",
                                                              BooleanValue(false));
    }
    for (const NtpTopologySpec::Node& node : spec.nodes)
    {
        Ptr<ns3::Node> ns3Node = m_nodes.at(node.name);
        for (const NtpTopologySpec::Interface& interface : node.interfaces)
        {
            const std::string key = Key(node.name, interface.name);
            Ptr<NetDevice> device = devices.at(key);
            // Every interface has an IPv4 interface, an IPv6-only one too
            // (without an address, and down: IPv4 neither routes nor
            // answers there). Its index is what names the interface for the
            // CLI (NtpInterfaceNames) and what the service resolves a
            // source interface and an interface's instance from, in both
            // families.
            Ptr<Ipv4> ipv4 = ns3Node->GetObject<Ipv4>();
            const uint32_t index = ipv4->AddInterface(device);
            if (!interface.ipv4.empty())
            {
                const auto v4 = ParsePrefix(interface.ipv4, false);
                ipv4->AddAddress(index, Ipv4InterfaceAddress(
                                            Ipv4Address(v4->first.GetV4()),
                                            Ipv4Mask(("/" + std::to_string(v4->second)).c_str())));
                ipv4->SetUp(index);
            }
            InterfaceState state{nullptr, index, -1, interface.ipv6};
            if (!interface.ipv6.empty())
            {
                Ptr<Ipv6> ipv6 = ns3Node->GetObject<Ipv6>();
                state.ipv6 = static_cast<int32_t>(ipv6->AddInterface(device));
                AddIpv6Address(ipv6, state.ipv6, interface.ipv6);
                ipv6->SetUp(state.ipv6);
            }
            m_interfaces[key] = state;
        }
    }
    for (const NtpTopologySpec::Node& node : spec.nodes)
    {
        for (const NtpTopologySpec::Interface& interface : node.interfaces)
        {
            if (!interface.vpn.empty())
            {
                VrfHelper::AssignInstance(devices.at(Key(node.name, interface.name)),
                                          interface.vpn);
            }
        }
    }
    // A router keeps its neighbours on a LAN resolved: it refreshes an ARP
    // entry before the entry ages out, and traffic never waits for it.
    // ns-3's cache instead forgets a neighbour after 120 s and holds the next
    // packet for a new resolution, after a random 0-10 ms wait before the
    // request: a delay after the NTP timestamp, on one leg, which would bias
    // the offsets by milliseconds. Permanent entries (ARP and IPv6 neighbour
    // discovery) for every address on the segment model the router.
    for (Ptr<CsmaChannel> channel : lans)
    {
        NeighborCacheHelper().PopulateNeighborCache(channel);
    }
    VrfHelper::PopulateRoutingTables();
    for (const NtpTopologySpec::Link& link : spec.links)
    {
        Ptr<NtpLinkChannel> channel = DynamicCast<NtpLinkChannel>(
            devices.at(Key(link.first.node, link.first.interface))->GetChannel());
        for (const NtpTopologySpec::LinkEnd* end : {&link.first, &link.second})
        {
            m_interfaces[Key(end->node, end->interface)].link = channel;
        }
    }

    NtpPeerHelper ntp;
    ntp.Install(all).Start(Seconds(0));
    for (const NtpTopologySpec::Node& node : spec.nodes)
    {
        Ptr<ns3::Node> ns3Node = m_nodes.at(node.name);
        Ptr<NtpClock> clock = NtpPeerHelper::GetClock(ns3Node);
        clock->SetAttribute("InitialOffset", DoubleValue(node.offset));
        clock->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(node.frequency));
        clock->GetOscillator()->SetAttribute("FrequencyWander", DoubleValue(node.wander));
        clock->GetOscillator()->SetAttribute("PhaseNoise", DoubleValue(node.phaseNoise));
        NtpPeerHelper::GetService(ns3Node)->SetAttribute(
            "Discipline", StringValue(node.discipline == "daemon" ? "Daemon" : "Kernel"));
        if (node.precision)
        {
            NtpPeerHelper::GetService(ns3Node)->SetAttribute("Precision",
                                                             IntegerValue(*node.precision));
        }
        for (const NtpTopologySpec::Interface& interface : node.interfaces)
        {
            NtpPeerHelper::NameInterface(
                ns3Node, static_cast<int32_t>(m_interfaces.at(Key(node.name, interface.name)).ipv4),
                interface.name);
        }
    }
    ntp.AssignStreams(all, 100);
    // Once per link, in the file's order: each channel is in m_interfaces
    // under both of its ends, and a second call would move its streams.
    int64_t stream = 1000;
    for (const NtpTopologySpec::Link& link : spec.links)
    {
        stream += m_interfaces.at(Key(link.first.node, link.first.interface))
                      .link->AssignStreams(stream);
    }
    return {};
}

void
NtpTopology::Configure()
{
    for (const NtpTopologySpec::Node& node : m_spec.nodes)
    {
        if (!node.config.empty())
        {
            m_transcripts[node.name] = NtpPeerHelper::Configure(m_nodes.at(node.name), node.config);
        }
    }
}

Ptr<Node>
NtpTopology::GetNode(const std::string& name) const
{
    const auto it = m_nodes.find(name);
    return it == m_nodes.end() ? nullptr : it->second;
}

std::string
NtpTopology::NameOf(Ptr<Node> node) const
{
    for (const auto& [name, candidate] : m_nodes)
    {
        if (candidate == node)
        {
            return name;
        }
    }
    return "";
}

NodeContainer
NtpTopology::Nodes() const
{
    NodeContainer nodes;
    for (const std::string& name : m_order)
    {
        nodes.Add(m_nodes.at(name));
    }
    return nodes;
}

Ptr<NetDevice>
NtpTopology::GetDevice(const std::string& node, const std::string& interface) const
{
    const auto it = m_interfaces.find(Key(node, interface));
    if (it == m_interfaces.end())
    {
        return nullptr;
    }
    return m_nodes.at(node)->GetObject<Ipv4>()->GetNetDevice(it->second.ipv4);
}

Ptr<NtpLinkChannel>
NtpTopology::GetLink(const std::string& node, const std::string& interface) const
{
    const auto it = m_interfaces.find(Key(node, interface));
    return it == m_interfaces.end() ? nullptr : it->second.link;
}

std::string
NtpTopology::SetLinkState(const std::string& node, const std::string& interface, bool up)
{
    const auto it = m_interfaces.find(Key(node, interface));
    if (it == m_interfaces.end() || !it->second.link)
    {
        return "'" + node + " " + interface + "' is no link end";
    }
    // Both ends: the link's interfaces go down (or up) together, in both
    // families.
    Ptr<NtpLinkChannel> channel = it->second.link;
    for (const auto& [key, state] : m_interfaces)
    {
        if (state.link != channel)
        {
            continue;
        }
        Ptr<ns3::Node> owner = m_nodes.at(key.substr(0, key.find(' ')));
        Ptr<Ipv4> ipv4 = owner->GetObject<Ipv4>();
        // An IPv6-only interface's IPv4 interface stays down.
        if (ipv4->GetNAddresses(state.ipv4) > 0)
        {
            up ? ipv4->SetUp(state.ipv4) : ipv4->SetDown(state.ipv4);
        }
        if (state.ipv6 >= 0 && up != owner->GetObject<Ipv6>()->IsUp(state.ipv6))
        {
            // ns-3 drops an IPv6 interface's addresses when it goes down and
            // gives it back only its link-local one when it comes up (the
            // same, from the same MAC address): the configured one is added
            // again, as a router keeps its configuration.
            Ptr<Ipv6> ipv6 = owner->GetObject<Ipv6>();
            if (up)
            {
                ipv6->SetUp(state.ipv6);
                AddIpv6Address(ipv6, state.ipv6, state.ipv6Prefix);
            }
            else
            {
                ipv6->SetDown(state.ipv6);
            }
        }
    }
    return {};
}

Ptr<NtpLinkAttacker>
NtpTopology::AttackFrom(const std::string& node, const std::string& interface)
{
    const auto it = m_interfaces.find(Key(node, interface));
    if (it == m_interfaces.end() || !it->second.link)
    {
        return nullptr;
    }
    Ptr<NetDevice> device = m_nodes.at(node)->GetObject<Ipv4>()->GetNetDevice(it->second.ipv4);
    Ptr<NtpLinkChannel> channel = it->second.link;
    Ptr<NtpLinkAttacker> attacker = CreateObject<NtpLinkAttacker>();
    attacker->Attach(channel, channel->GetSender(true) == device);
    m_attackerStream += attacker->AssignStreams(m_attackerStream);
    return attacker;
}

void
NtpTopology::EnablePcap(const std::string& prefix) const
{
    PcapHelper pcap;
    for (const auto& [key, state] : m_interfaces)
    {
        if (!state.link)
        {
            continue;
        }
        const std::string node = key.substr(0, key.find(' '));
        Ptr<NetDevice> device = m_nodes.at(node)->GetObject<Ipv4>()->GetNetDevice(state.ipv4);
        std::string name = key;
        std::replace(name.begin(), name.end(), ' ', '-');
        std::replace(name.begin(), name.end(), '/', '_');
        Ptr<PcapFileWrapper> file
            = pcap.CreateFile(prefix + name + ".pcap", std::ios::out, PcapHelper::DLT_PPP);
        pcap.HookDefaultSink<PointToPointNetDevice>(DynamicCast<PointToPointNetDevice>(device),
                                                    "PromiscSniffer", file);
    }
}

} // namespace ns3
