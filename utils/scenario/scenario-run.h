/*
 * Runs a scenario file: builds its topology, applies the routers' CLI
 * configurations, samples ground truth every second, and checks each
 * expectation against what happened.
 */
#ifndef NTP_SCENARIO_RUN_H
#define NTP_SCENARIO_RUN_H

#include "scenario-file.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

struct NtpScenarioReport
{
    struct NodeReport
    {
        bool synchronized{false};        ///< at the end
        std::optional<double> syncSince; ///< in SYNC on every sample from then to the end
        /// Within 1 ms of its system peer's clock on every sample from then on.
        std::optional<double> within1msSince;
        int stratum{16};
        std::string systemPeer{"none"};
        double offsetToTrueTime{0}; ///< s, at the end
        uint64_t packetsTx{0};
        uint64_t packetsRx{0};
        uint64_t authFailures{0};
        std::map<std::string, uint64_t> refused;
        std::vector<std::string> configErrors; ///< "line: message"
        std::string transcript;
    };

    struct Check
    {
        std::string description;
        bool passed{false};
        std::string detail;
    };

    /// A display event's output.
    struct Display
    {
        double time{0};
        std::string node;
        std::string command;
        std::string output;
    };

    std::string name;
    std::string error; ///< the topology could not be built
    std::vector<Display> displays;
    bool passed{false};
    std::map<std::string, NodeReport> nodes;
    std::vector<Check> checks;
    /// CLI lines refused that no config_error expectation names.
    std::vector<std::string> unexpectedConfigErrors;
};

NtpScenarioReport RunNtpScenario(const NtpScenarioFile& file);

/// The report as one JSON object.
std::string ToJson(const NtpScenarioReport& report);

} // namespace ns3

#endif // NTP_SCENARIO_RUN_H
