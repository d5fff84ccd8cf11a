#include "scenario-run.h"

#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

namespace ns3
{

namespace
{

/// Ground truth every second: each node's clock against true time and
/// whether it is synchronized; with `detailed`, also what --out writes.
/// Everything a sample needs is looked up once, in Start: a sample costs a
/// few clock reads per node, so that a file runs about as fast as the
/// equivalent C++ program (test/benchmarks/scenario-vs-cpp.sh).
class Sampler
{
  public:
    Sampler(const NtpTopology& topology, double duration, bool detailed) :
        m_topology(topology), m_duration(duration), m_detailed(detailed)
    {
    }

    void Start()
    {
        const size_t samples = static_cast<size_t>(m_duration) + 1;
        times.reserve(samples);
        for (const std::string& name : m_topology.NodeNames())
        {
            Ptr<Node> node = m_topology.GetNode(name);
            Track track{NtpPeerHelper::GetClock(node),
                        NtpPeerHelper::GetService(node),
                        &offsets[name],
                        &synchronized[name],
                        &withinOfPeer[name],
                        &offsetsToPeer[name],
                        &estimatedOffsets[name],
                        &polls[name],
                        &states[name]};
            track.offsets->reserve(samples);
            track.synchronized->reserve(samples);
            track.within->reserve(samples);
            m_indexOf[node->GetId()] = m_tracks.size();
            m_tracks.push_back(track);
        }
        Simulator::Schedule(Seconds(0), &Sampler::Sample, this);
    }

    /// Times of the samples and each node's clock minus true time at them.
    std::vector<double> times;
    std::map<std::string, std::vector<double>> offsets;
    std::map<std::string, std::vector<bool>> synchronized;
    /// Within 1 ms of its system peer's clock (ground truth), if it has one.
    std::map<std::string, std::vector<bool>> withinOfPeer;
    // Detailed only:
    /// Clock minus its system peer's clock (ground truth); NaN without one.
    std::map<std::string, std::vector<double>> offsetsToPeer;
    std::map<std::string, std::vector<double>> estimatedOffsets; ///< NTP's own
    std::map<std::string, std::vector<int>> polls;
    std::map<std::string, std::vector<std::optional<ntp::ClockState>>> states;

  private:
    struct Track
    {
        Ptr<NtpClock> clock;
        Ptr<NtpService> service;
        std::vector<double>* offsets;
        std::vector<bool>* synchronized;
        std::vector<bool>* within;
        std::vector<double>* toPeer;
        std::vector<double>* estimated;
        std::vector<int>* polls;
        std::vector<std::optional<ntp::ClockState>>* states;
    };

    void Sample()
    {
        times.push_back(Simulator::Now().GetSeconds());
        // Each clock is read once; a difference of two clocks is the
        // difference of their offsets to true time at the same instant.
        for (const Track& track : m_tracks)
        {
            track.offsets->push_back(track.clock->GetOffset());
        }
        for (const Track& track : m_tracks)
        {
            track.synchronized->push_back(track.service->IsSynchronized());
            Ptr<Node> peer = track.service->GetSystemPeerNode();
            const auto index = peer ? m_indexOf.find(peer->GetId()) : m_indexOf.end();
            const double toPeer
                = index != m_indexOf.end()
                    ? track.offsets->back() - m_tracks[index->second].offsets->back()
                    : std::nan("");
            track.within->push_back(std::fabs(toPeer) < 1e-3);
            if (m_detailed)
            {
                track.toPeer->push_back(toPeer);
                const ntp::Engine* engine = track.service->GetEngine();
                track.estimated->push_back(engine ? engine->System().offset : 0.0);
                track.polls->push_back(engine ? engine->System().poll : 0);
                track.states->push_back(engine ? std::optional(engine->GetDiscipline().State())
                                               : std::nullopt);
            }
        }
        if (Simulator::Now().GetSeconds() + 1 <= m_duration)
        {
            Simulator::Schedule(Seconds(1), &Sampler::Sample, this);
        }
    }

    const NtpTopology& m_topology;
    double m_duration;
    bool m_detailed;
    std::vector<Track> m_tracks;
    std::unordered_map<uint32_t, size_t> m_indexOf; ///< node id -> track
};

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
    case NtpScenarioEvent::Kind::Attack:
        StartAttack(log, event);
        break;
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

static void
WriteTimeSeries(const std::filesystem::path& directory, const NtpTopology& topology,
                const Sampler& sampler)
{
    for (const std::string& name : topology.NodeNames())
    {
        std::ofstream csv(directory / (name + ".csv"));
        csv << "time_s,offset_to_true_time_s,offset_to_system_peer_s,estimated_offset_s,poll,"
               "state,synchronized\n";
        csv << std::setprecision(12);
        for (size_t i = 0; i < sampler.times.size(); ++i)
        {
            const double toPeer = sampler.offsetsToPeer.at(name)[i];
            csv << sampler.times[i] << "," << sampler.offsets.at(name)[i] << ",";
            if (!std::isnan(toPeer))
            {
                csv << toPeer;
            }
            const auto& state = sampler.states.at(name)[i];
            csv << "," << sampler.estimatedOffsets.at(name)[i] << "," << sampler.polls.at(name)[i]
                << "," << (state ? ntp::ToString(*state) : std::string("none")) << ","
                << (sampler.synchronized.at(name)[i] ? 1 : 0) << "\n";
        }
    }
}

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
    Sampler sampler(topology, file.duration, !directory.empty());
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
            what << "offset to " << e.offsetTo;
            if (e.maxAbs)
            {
                what << " within " << Format(*e.maxAbs) << " s";
            }
            if (e.minAbs)
            {
                what << (e.maxAbs ? " and" : "") << " reaching " << Format(*e.minAbs) << " s";
            }
            what << " from " << Format(e.from) << " to " << Format(to) << " s";
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
            check.passed = (!e.maxAbs || std::fabs(worst) <= *e.maxAbs)
                        && (!e.minAbs || std::fabs(worst) >= *e.minAbs);
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
            what << "refused " << e.reason;
            if (e.min > 0 || !e.max)
            {
                what << " at least " << e.min;
            }
            if (e.max)
            {
                what << (e.min > 0 ? " and" : "") << " at most " << *e.max;
            }
            what << " times";
            check.passed = count >= e.min && (!e.max || count <= *e.max);
            check.detail = std::to_string(count) + " refused";
            break;
        }
        case NtpExpectation::Kind::Counter:
        {
            const auto it = node.counters.find(e.counter);
            const uint64_t count = it == node.counters.end() ? 0 : it->second;
            what << e.counter;
            if (e.min > 0 || !e.max)
            {
                what << " at least " << e.min;
            }
            if (e.max)
            {
                what << (e.min > 0 ? " and" : "") << " at most " << *e.max;
            }
            what << " at the end";
            check.passed = count >= e.min && (!e.max || count <= *e.max);
            check.detail = e.counter + " " + std::to_string(count);
            break;
        }
        case NtpExpectation::Kind::PeerPoll:
        {
            what << "poll " << e.poll << " toward " << e.peer << " at the end";
            check.detail = "no association with " + e.peer;
            for (const auto& association : node.associations)
            {
                if (association.peer == e.peer)
                {
                    check.passed = association.poll == e.poll;
                    check.detail = "poll " + std::to_string(association.poll) + ", minpoll "
                                 + std::to_string(association.minpoll);
                }
            }
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
    if (!directory.empty())
    {
        WriteTimeSeries(directory, topology, sampler);
        std::ofstream(directory / "report.json") << ToJson(report) << "\n";
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
               {"counters", node.counters},
               {"associations", nlohmann::json::array()},
               {"config_errors", node.configErrors}};
    }
    for (const auto& [name, node] : report.nodes)
    {
        for (const auto& association : node.associations)
        {
            out["nodes"][name]["associations"].push_back({{"peer", association.peer},
                                                          {"mode", association.mode},
                                                          {"reach", association.reach},
                                                          {"poll", association.poll},
                                                          {"minpoll", association.minpoll}});
        }
    }
    out["displays"] = nlohmann::json::array();
    for (const NtpScenarioReport::Display& display : report.displays)
    {
        out["displays"].push_back({{"time_s", display.time},
                                   {"node", display.node},
                                   {"command", display.command},
                                   {"output", display.output}});
    }
    out["attacks"] = nlohmann::json::array();
    for (const NtpScenarioReport::Attack& attack : report.attacks)
    {
        out["attacks"].push_back(
            {{"line", attack.line},
             {"kind", attack.kind},
             {"at_s", attack.at},
             {"until_s", attack.until},
             {"from", attack.from},
             {"victim", attack.victim},
             {"injected", attack.injected},
             {"victim_refused", attack.victimRefused},
             {"victim_counters", attack.victimCounters},
             {"victim_max_abs_offset_to_peer_s", attack.victimMaxAbsOffsetToPeer}});
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
