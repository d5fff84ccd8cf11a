#include "ntp-peer-helper.h"

#include "ns3/abort.h"
#include "ns3/pointer.h"
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

} // namespace ns3
