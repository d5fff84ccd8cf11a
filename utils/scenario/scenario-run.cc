#include "scenario-run.h"

#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

namespace
{

/// Ground truth every second: each node's clock against true time and
/// whether it is synchronized.
class Sampler
{
  public:
    Sampler(const NtpTopology& topology, double duration) :
        m_topology(topology), m_duration(duration)
    {
    }

    void Start()
    {
        Simulator::Schedule(Seconds(0), &Sampler::Sample, this);
    }

    /// Times of the samples and each node's clock minus true time at them.
    std::vector<double> times;
    std::map<std::string, std::vector<double>> offsets;
    std::map<std::string, std::vector<bool>> synchronized;
    /// Within 1 ms of its system peer's clock (ground truth), if it has one.
    std::map<std::string, std::vector<bool>> withinOfPeer;

  private:
    void Sample()
    {
        times.push_back(Simulator::Now().GetSeconds());
        for (const std::string& name : m_topology.NodeNames())
        {
            Ptr<Node> node = m_topology.GetNode(name);
            offsets[name].push_back(NtpPeerHelper::GetClock(node)->GetOffset());
            Ptr<NtpService> service = NtpPeerHelper::GetService(node);
            synchronized[name].push_back(service->IsSynchronized());
            const auto peer = service->GetSystemPeer();
            withinOfPeer[name].push_back(peer && peer->node
                                         && std::fabs(NtpPeerHelper::GetClock(node)->GetOffsetTo(
                                                NtpPeerHelper::GetClock(peer->node)))
                                                < 1e-3);
        }
        if (Simulator::Now().GetSeconds() + 1 <= m_duration)
        {
            Simulator::Schedule(Seconds(1), &Sampler::Sample, this);
        }
    }

    const NtpTopology& m_topology;
    double m_duration;
};

/// What the events do, and what they print.
struct EventLog
{
    NtpTopology* topology{nullptr};
    std::map<std::string, std::string> transcripts; ///< config events' sessions, by node
    std::vector<NtpScenarioReport::Display> displays;
};

void
RunEvent(EventLog* log, NtpScenarioEvent event)
{
    switch (event.kind)
    {
    case NtpScenarioEvent::Kind::Link:
        log->topology->SetLinkState(event.node, event.interface, event.up);
        break;
    case NtpScenarioEvent::Kind::Config:
        log->transcripts[event.node]
            += NtpPeerHelper::Configure(log->topology->GetNode(event.node), event.text);
        break;
    case NtpScenarioEvent::Kind::Display:
    {
        NtpScenarioReport::Display display;
        display.time = Simulator::Now().GetSeconds();
        display.node = event.node;
        display.command = event.text;
        display.output = NtpPeerHelper::Configure(log->topology->GetNode(event.node), event.text);
        log->displays.push_back(display);
        break;
    }
    }
}

std::string
Format(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

} // namespace

NtpScenarioReport
RunNtpScenario(const NtpScenarioFile& file)
{
    NtpScenarioReport report;
    report.name = file.name;
    RngSeedManager::SetRun(file.seed);
    NtpTopology topology;
    if (std::string error = topology.Build(file.topology); !error.empty())
    {
        report.error = file.path + ": " + error;
        Simulator::Destroy();
        return report;
    }
    topology.Configure();
    EventLog events;
    events.topology = &topology;
    for (const NtpScenarioEvent& event : file.events)
    {
        Simulator::Schedule(Seconds(event.at), &RunEvent, &events, event);
    }
    Sampler sampler(topology, file.duration);
    sampler.Start();
    Simulator::Stop(Seconds(file.duration));
    Simulator::Run();

    for (const std::string& name : topology.NodeNames())
    {
        Ptr<Node> node = topology.GetNode(name);
        Ptr<NtpService> service = NtpPeerHelper::GetService(node);
        NtpScenarioReport::NodeReport& r = report.nodes[name];
        r.synchronized = service->IsSynchronized();
        const std::vector<bool>& sync = sampler.synchronized[name];
        for (size_t i = sync.size(); i > 0 && sync[i - 1]; --i)
        {
            r.syncSince = sampler.times[i - 1];
        }
        const std::vector<bool>& within = sampler.withinOfPeer[name];
        for (size_t i = within.size(); i > 0 && within[i - 1]; --i)
        {
            r.within1msSince = sampler.times[i - 1];
        }
        if (const ntp::Engine* engine = service->GetEngine())
        {
            r.stratum = engine->System().stratum;
            r.authFailures = engine->Counters().authFailures;
            for (const auto& [reason, count] : engine->Counters().refused)
            {
                r.refused[ntp::ToString(reason)] = count;
            }
        }
        if (const auto peer = service->GetSystemPeer())
        {
            r.systemPeer = PrintAddress(peer->address);
        }
        r.offsetToTrueTime = NtpPeerHelper::GetClock(node)->GetOffset();
        r.packetsTx = service->GetPacketsSent();
        r.packetsRx = service->GetPacketsReceived();
        const auto transcript = topology.Transcripts().find(name);
        r.transcript = transcript != topology.Transcripts().end() ? transcript->second : "";
        r.transcript += events.transcripts[name];
        {
            std::istringstream lines(r.transcript);
            std::string line;
            std::string previous;
            while (std::getline(lines, line))
            {
                if (line.rfind("Error: ", 0) == 0)
                {
                    r.configErrors.push_back(previous + " -> " + line.substr(7));
                }
                else if (line.find_first_not_of(" ^") != std::string::npos)
                {
                    previous = line;
                }
            }
        }
    }

    report.displays = events.displays;
    report.passed = true;
    std::map<std::string, std::vector<bool>> errorNamed;
    for (const auto& [name, node] : report.nodes)
    {
        errorNamed[name].assign(node.configErrors.size(), false);
    }
    for (const NtpExpectation& e : file.expectations)
    {
        NtpScenarioReport::Check check;
        const NtpScenarioReport::NodeReport& node = report.nodes.at(e.node);
        std::ostringstream what;
        what << "line " << e.line << ": " << e.node << " ";
        switch (e.kind)
        {
        case NtpExpectation::Kind::Synchronized:
            if (e.synchronized)
            {
                what << "synchronized" << (e.by ? " by " + Format(*e.by) + " s" : "");
                check.passed = node.syncSince && (!e.by || *node.syncSince <= *e.by);
                check.detail = node.syncSince ? "in SYNC from " + Format(*node.syncSince) + " s"
                                              : "not in SYNC at the end";
            }
            else
            {
                what << "never synchronized";
                bool ever = false;
                for (bool sample : sampler.synchronized.at(e.node))
                {
                    ever |= sample;
                }
                check.passed = !ever;
                check.detail = ever ? "was in SYNC" : "never in SYNC";
            }
            break;
        case NtpExpectation::Kind::OffsetTo:
        {
            const double to = e.to.value_or(file.duration);
            what << "offset to " << e.offsetTo << " within " << Format(e.maxAbs) << " s from "
                 << Format(e.from) << " to " << Format(to) << " s";
            const bool trueTime = e.offsetTo == "true_time";
            if (!trueTime && report.nodes.count(e.offsetTo) == 0)
            {
                check.detail = "'" + e.offsetTo + "' is no node (accepted: a node, true_time)";
                break;
            }
            double worst = 0;
            double worstAt = 0;
            const std::vector<double>& mine = sampler.offsets.at(e.node);
            for (size_t i = 0; i < sampler.times.size(); ++i)
            {
                const double t = sampler.times[i];
                if (t < e.from || t > to)
                {
                    continue;
                }
                const double other = trueTime ? 0.0 : sampler.offsets.at(e.offsetTo)[i];
                if (std::fabs(mine[i] - other) >= std::fabs(worst))
                {
                    worst = mine[i] - other;
                    worstAt = t;
                }
            }
            check.passed = std::fabs(worst) <= e.maxAbs;
            check.detail = "largest " + Format(worst) + " s at " + Format(worstAt) + " s";
            break;
        }
        case NtpExpectation::Kind::Stratum:
            what << "stratum " << e.stratum << " at the end";
            check.passed = node.stratum == e.stratum;
            check.detail = "stratum " + std::to_string(node.stratum);
            break;
        case NtpExpectation::Kind::SystemPeer:
            what << "system peer " << e.systemPeer << " at the end";
            check.passed = node.systemPeer == e.systemPeer;
            check.detail = "system peer " + node.systemPeer;
            break;
        case NtpExpectation::Kind::Refused:
        {
            const auto it = node.refused.find(e.reason);
            const uint64_t count = it == node.refused.end() ? 0 : it->second;
            what << "refused " << e.reason << " at least " << e.min << " times";
            check.passed = count >= e.min;
            check.detail = std::to_string(count) + " refused";
            break;
        }
        case NtpExpectation::Kind::ConfigError:
        {
            what << "a configuration line refused with '" << e.text << "'";
            for (size_t i = 0; i < node.configErrors.size(); ++i)
            {
                if (node.configErrors[i].find(e.text) != std::string::npos)
                {
                    check.passed = true;
                    check.detail = node.configErrors[i];
                    errorNamed[e.node][i] = true;
                }
            }
            if (!check.passed)
            {
                check.detail = std::to_string(node.configErrors.size()) + " refused lines";
            }
            break;
        }
        }
        check.description = what.str();
        report.passed &= check.passed;
        report.checks.push_back(check);
    }
    for (const auto& [name, node] : report.nodes)
    {
        for (size_t i = 0; i < node.configErrors.size(); ++i)
        {
            if (!errorNamed[name][i])
            {
                report.unexpectedConfigErrors.push_back(name + ": " + node.configErrors[i]);
            }
        }
    }
    Simulator::Destroy();
    return report;
}

std::string
ToJson(const NtpScenarioReport& report)
{
    nlohmann::json out{
        {"name", report.name},
        {"passed", report.passed && report.error.empty() && report.unexpectedConfigErrors.empty()},
        {"error", report.error},
        {"unexpected_config_errors", report.unexpectedConfigErrors},
        {"nodes", nlohmann::json::object()},
        {"expectations", nlohmann::json::array()}};
    for (const auto& [name, node] : report.nodes)
    {
        out["nodes"][name]
            = {{"synchronized", node.synchronized},
               {"sync_state_time_s",
                node.syncSince ? nlohmann::json(*node.syncSince) : nlohmann::json(nullptr)},
               {"within_1ms_time_s", node.within1msSince ? nlohmann::json(*node.within1msSince)
                                                         : nlohmann::json(nullptr)},
               {"stratum", node.stratum},
               {"system_peer", node.systemPeer},
               {"offset_to_true_time_s", node.offsetToTrueTime},
               {"packets_tx", node.packetsTx},
               {"packets_rx", node.packetsRx},
               {"auth_failures", node.authFailures},
               {"refused", node.refused},
               {"config_errors", node.configErrors}};
    }
    out["displays"] = nlohmann::json::array();
    for (const NtpScenarioReport::Display& display : report.displays)
    {
        out["displays"].push_back({{"time_s", display.time},
                                   {"node", display.node},
                                   {"command", display.command},
                                   {"output", display.output}});
    }
    for (const NtpScenarioReport::Check& check : report.checks)
    {
        out["expectations"].push_back({{"expectation", check.description},
                                       {"passed", check.passed},
                                       {"detail", check.detail}});
    }
    return out.dump();
}

} // namespace ns3
