#include "scenario-run.h"

#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"
#include "scenario-sampler.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace ns3
{

namespace
{

/// The victim's counters, to tell what an attack changed.
struct VictimCounters
{
    std::map<std::string, uint64_t> refused;
    std::map<std::string, uint64_t> counters;
};

VictimCounters
CountersOf(Ptr<Node> node)
{
    VictimCounters counters;
    if (const ntp::Engine* engine = NtpPeerHelper::GetService(node)->GetEngine())
    {
        for (const auto& [reason, count] : engine->Counters().refused)
        {
            counters.refused[ntp::ToString(reason)] = count;
        }
    }
    counters.counters = NodeCounters(node);
    return counters;
}

/// What grew from `before` to `after`.
std::map<std::string, uint64_t>
Growth(const std::map<std::string, uint64_t>& before, const std::map<std::string, uint64_t>& after)
{
    std::map<std::string, uint64_t> growth;
    for (const auto& [name, count] : after)
    {
        const auto it = before.find(name);
        const uint64_t was = it == before.end() ? 0 : it->second;
        if (count > was)
        {
            growth[name] = count - was;
        }
    }
    return growth;
}

/// An attack under way.
struct RunningAttack
{
    NtpScenarioEvent event;
    Ptr<NtpLinkAttacker> attacker;
    VictimCounters atStart;
    std::optional<VictimCounters> atEnd;
};

/// What the events do, and what they print.
struct EventLog
{
    NtpTopology* topology{nullptr};
    std::map<std::string, std::string> transcripts; ///< config events' sessions, by node
    std::vector<NtpScenarioReport::Display> displays;
    std::vector<NtpScenarioReport::Event> events;
    std::vector<RunningAttack> attacks;
};

void
EndAttack(EventLog* log, size_t index)
{
    RunningAttack& running = log->attacks[index];
    running.attacker->Stop();
    running.atEnd = CountersOf(log->topology->GetNode(running.event.attack.to.node));
}

void
StartAttack(EventLog* log, const NtpScenarioEvent& event)
{
    const NtpScenarioAttack& a = event.attack;
    RunningAttack running;
    running.event = event;
    running.attacker = log->topology->AttackFrom(a.from.node, a.from.interface);
    running.atStart = CountersOf(log->topology->GetNode(a.to.node));
    const Time until = Seconds(a.until);
    if (a.kind == "delay")
    {
        running.attacker->StartDelay(Seconds(a.extra), until);
    }
    else if (a.kind == "spoof")
    {
        NtpLinkAttacker::Spoof spoof;
        spoof.origin = a.origin;
        spoof.offset = a.offset;
        spoof.replay = a.replay;
        spoof.interval = a.interval;
        running.attacker->StartSpoof(spoof, until);
    }
    else if (a.kind == "flood")
    {
        running.attacker->StartFlood(a.sources, a.rate, until);
    }
    else
    {
        NtpLinkAttacker::Kod kod;
        kod.code = a.code;
        kod.poll = a.poll;
        kod.origin = a.origin;
        running.attacker->StartKod(kod);
    }
    log->attacks.push_back(running);
    Simulator::Schedule(until - Simulator::Now(), &EndAttack, log, log->attacks.size() - 1);
}

void
RunEvent(EventLog* log, NtpScenarioEvent event)
{
    switch (event.kind)
    {
    case NtpScenarioEvent::Kind::Link:
        log->topology->SetLinkState(event.node, event.interface, event.up);
        log->events.push_back({Simulator::Now().GetSeconds(), event.node,
                               "link " + event.node + " " + event.interface
                                   + (event.up ? " up" : " down")});
        break;
    case NtpScenarioEvent::Kind::Config:
        log->events.push_back({Simulator::Now().GetSeconds(), event.node, event.node + ": config"});
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
    case NtpScenarioEvent::Kind::Attack:
        StartAttack(log, event);
        break;
    }
}

} // namespace

std::map<std::string, uint64_t>
NodeCounters(Ptr<Node> node)
{
    Ptr<NtpService> service = NtpPeerHelper::GetService(node);
    std::map<std::string, uint64_t> counters{{"packets_tx", service->GetPacketsSent()},
                                             {"packets_rx", service->GetPacketsReceived()}};
    if (const ntp::Engine* engine = service->GetEngine())
    {
        const ntp::EngineCounters& c = engine->Counters();
        counters["accepted"] = c.accepted;
        counters["auth_failures"] = c.authFailures;
        counters["mobilized"] = c.mobilized;
        counters["demobilized"] = c.demobilized;
        counters["stateless_replies"] = c.statelessReplies;
        counters["evicted"] = c.evicted;
        counters["associations"] = engine->Associations().size();
    }
    return counters;
}

NtpScenarioReport
RunNtpScenario(const NtpScenarioFile& file, const NtpScenarioOutput& output)
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
    const std::filesystem::path directory = output.directory.empty()
                                              ? std::filesystem::path()
                                              : std::filesystem::path(output.directory) / file.name;
    if (!directory.empty())
    {
        std::error_code error;
        std::filesystem::create_directories(directory, error);
        if (error)
        {
            report.error = directory.string() + ": cannot be created (" + error.message() + ")";
            Simulator::Destroy();
            return report;
        }
        if (output.pcap)
        {
            topology.EnablePcap((directory / "").string());
        }
    }
    NtpScenarioSampler sampler(topology, file.duration, !directory.empty());
    sampler.Start();
    std::optional<NtpProgress> progress;
    if (output.progress)
    {
        progress.emplace(file.name, file.duration);
    }
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
        r.counters = NodeCounters(node);
        if (const ntp::Engine* engine = service->GetEngine())
        {
            for (const ntp::Association* association : engine->Associations())
            {
                if (association->GetMode() == ntp::AssociationMode::LocalReference)
                {
                    continue;
                }
                r.associations.push_back(
                    {association->Config().remote.address.ToString(),
                     ntp::ToString(association->GetMode()), association->Poll().Reach(),
                     association->Poll().HostPoll(), association->Poll().Options().minpoll});
            }
        }
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
    report.events = events.events;
    for (RunningAttack& running : events.attacks)
    {
        const NtpScenarioAttack& a = running.event.attack;
        if (!running.atEnd)
        {
            running.atEnd = CountersOf(topology.GetNode(a.to.node));
        }
        NtpScenarioReport::Attack attack;
        attack.line = running.event.line;
        attack.kind = a.kind;
        attack.at = running.event.at;
        attack.until = a.until;
        attack.from = a.from.node + " " + a.from.interface;
        attack.victim = a.to.node + " " + a.to.interface;
        attack.injected = running.attacker->GetInjected();
        attack.victimRefused = Growth(running.atStart.refused, running.atEnd->refused);
        attack.victimCounters = Growth(running.atStart.counters, running.atEnd->counters);
        const std::vector<double>& victim = sampler.offsets.at(a.to.node);
        const std::vector<double>& peer = sampler.offsets.at(a.from.node);
        for (size_t i = 0; i < sampler.times.size(); ++i)
        {
            if (sampler.times[i] >= attack.at && sampler.times[i] <= attack.until)
            {
                attack.victimMaxAbsOffsetToPeer
                    = std::max(attack.victimMaxAbsOffsetToPeer, std::fabs(victim[i] - peer[i]));
            }
        }
        report.attacks.push_back(attack);
    }
    report.passed = true;
    std::map<std::string, std::vector<bool>> errorNamed;
    for (const auto& [name, node] : report.nodes)
    {
        errorNamed[name].assign(node.configErrors.size(), false);
    }
    for (const NtpExpectation& e : file.expectations)
    {
        const NtpScenarioReport::Check check
            = CheckExpectation(e, report, sampler, file.duration, errorNamed[e.node]);
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
    if (!directory.empty())
    {
        sampler.WriteCsv(directory);
        std::ofstream(directory / "report.json") << ToJson(report) << "\n";
    }
    Simulator::Destroy();
    return report;
}

} // namespace ns3
