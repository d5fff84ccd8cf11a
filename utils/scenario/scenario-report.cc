#include "scenario-run.h"

#include <nlohmann/json.hpp>

namespace ns3
{

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
    out["events"] = nlohmann::json::array();
    for (const NtpScenarioReport::Event& event : report.events)
    {
        out["events"].push_back(
            {{"time_s", event.time}, {"node", event.node}, {"text", event.text}});
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
