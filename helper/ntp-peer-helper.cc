#include "ntp-peer-helper.h"

#include "ns3/abort.h"
#include "ns3/arp-cache.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NtpPeerHelper::NtpPeerHelper()
{
    m_serviceFactory.SetTypeId(NtpService::GetTypeId());
    m_clockFactory.SetTypeId(NtpClock::GetTypeId());
    m_oscillatorFactory.SetTypeId(NtpOscillator::GetTypeId());
}

void
NtpPeerHelper::SetServiceAttribute(const std::string& name, const AttributeValue& value)
{
    m_serviceFactory.Set(name, value);
}

void
NtpPeerHelper::SetClockAttribute(const std::string& name, const AttributeValue& value)
{
    m_clockFactory.Set(name, value);
}

void
NtpPeerHelper::SetOscillatorAttribute(const std::string& name, const AttributeValue& value)
{
    m_oscillatorFactory.Set(name, value);
}

ApplicationContainer
NtpPeerHelper::Install(Ptr<Node> node) const
{
    if (!node->GetObject<NtpClock>())
    {
        Ptr<NtpClock> clock = m_clockFactory.Create<NtpClock>();
        clock->SetAttribute("Oscillator",
                            PointerValue(m_oscillatorFactory.Create<NtpOscillator>()));
        node->AggregateObject(clock);
    }
    NS_ABORT_MSG_IF(GetService(node), "node " << node->GetId() << " already runs an NtpService");
    Ptr<NtpService> service = m_serviceFactory.Create<NtpService>();
    node->AddApplication(service);
    return ApplicationContainer(service);
}

ApplicationContainer
NtpPeerHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

Ptr<NtpService>
NtpPeerHelper::GetService(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (Ptr<NtpService> service = DynamicCast<NtpService>(node->GetApplication(i)))
        {
            return service;
        }
    }
    return nullptr;
}

Ptr<NtpClock>
NtpPeerHelper::GetClock(Ptr<Node> node)
{
    return node->GetObject<NtpClock>();
}

void
NtpPeerHelper::SetLocalReference(Ptr<Node> node, uint32_t stratum)
{
    Ptr<NtpService> service = GetService(node);
    NS_ABORT_MSG_IF(!service, "node " << node->GetId() << " has no NtpService");
    service->SetAttribute("LocalStratum", UintegerValue(stratum));
}

void
NtpPeerHelper::AddKey(NodeContainer nodes, uint32_t id, const std::string& mode,
                      const std::string& password, bool trusted)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<NtpService> service = GetService(*it);
        NS_ABORT_MSG_IF(!service, "node " << (*it)->GetId() << " has no NtpService");
        NtpKeyConfig key;
        key.id = id;
        key.mode = mode;
        key.password = password;
        key.trusted = trusted;
        const std::string error = service->AddKey(key);
        NS_ABORT_MSG_IF(!error.empty(), "node " << (*it)->GetId() << ": " << error);
    }
}

void
NtpPeerHelper::AddPeer(Ptr<Node> node, const NtpPeerOptions& options)
{
    Ptr<NtpService> service = GetService(node);
    NS_ABORT_MSG_IF(!service, "node " << node->GetId() << " has no NtpService");
    const std::string error = service->AddPeer(options);
    NS_ABORT_MSG_IF(!error.empty(), "node " << node->GetId() << ": " << error);
}

int64_t
NtpPeerHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<NtpClock> clock = GetClock(*it))
        {
            current += clock->AssignStreams(current);
        }
        if (Ptr<NtpService> service = GetService(*it))
        {
            current += service->AssignStreams(current);
        }
    }
    return current - stream;
}

void
NtpPeerHelper::InstallTruthSampler(NodeContainer nodes, Time interval, Time start)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        NS_ABORT_MSG_IF(!GetClock(*it),
                        "node " << (*it)->GetId() << " has no NtpClock (NtpPeerHelper::Install)");
        Ptr<NtpTruthSampler> sampler = GetTruthSampler(*it);
        if (!sampler)
        {
            sampler = CreateObject<NtpTruthSampler>();
            (*it)->AggregateObject(sampler);
        }
        sampler->SetAttribute("Interval", TimeValue(interval));
        sampler->SetAttribute("Start", TimeValue(start));
    }
}

Ptr<NtpTruthSampler>
NtpPeerHelper::GetTruthSampler(Ptr<Node> node)
{
    return node->GetObject<NtpTruthSampler>();
}

void
NtpPeerHelper::SetRouterArpTimeout(NodeContainer nodes, Time timeout)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Ipv4L3Protocol> ipv4 = (*it)->GetObject<Ipv4L3Protocol>();
        NS_ABORT_MSG_IF(!ipv4, "node " << (*it)->GetId()
                                       << " has no IPv4 stack (InternetStackHelper::Install)");
        // A cache per interface that resolves addresses (a point-to-point
        // interface has none).
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            if (Ptr<ArpCache> cache = ipv4->GetInterface(i)->GetArpCache())
            {
                cache->SetAliveTimeout(timeout);
            }
        }
    }
}

namespace
{

void
RunConfiguration(Ptr<Node> node, std::string text,
                 std::function<void(const std::string&)> transcript)
{
    const std::string out = NtpPeerHelper::Configure(node, text);
    if (transcript)
    {
        transcript(out);
    }
}

} // namespace

Ptr<NtpRouterCli>
NtpPeerHelper::GetCli(Ptr<Node> node)
{
    Ptr<NtpRouterCli> cli = node->GetObject<NtpRouterCli>();
    if (!cli)
    {
        cli = CreateObject<NtpRouterCli>();
        node->AggregateObject(cli);
    }
    if (!cli->GetService())
    {
        Ptr<NtpService> service = GetService(node);
        NS_ABORT_MSG_IF(!service,
                        "node " << node->GetId() << " has no NtpService (NtpPeerHelper::Install)");
        cli->SetService(service);
    }
    return cli;
}

std::string
NtpPeerHelper::Configure(Ptr<Node> node, const std::string& text)
{
    return GetCli(node)->Execute(text);
}

void
NtpPeerHelper::ConfigureAt(Ptr<Node> node, Time at, const std::string& text,
                           std::function<void(const std::string&)> transcript)
{
    Simulator::Schedule(at, &RunConfiguration, node, text, transcript);
}

void
NtpPeerHelper::NameInterface(Ptr<Node> node, int32_t interface, const std::string& name)
{
    const std::string error = GetCli(node)->InterfaceNames().Add(interface, name);
    NS_ABORT_MSG_IF(!error.empty(), "node " << node->GetId() << ": " << error);
}

} // namespace ns3
