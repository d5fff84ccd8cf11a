/*
 * Runs a scenario file: builds its topology, applies the routers' CLI
 * configurations, samples ground truth every second, and checks each
 * expectation against what happened.
 */
#ifndef NTP_SCENARIO_RUN_H
#define NTP_SCENARIO_RUN_H

#include "ns3/node.h"
#include "ns3/ptr.h"
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
        /// The engine's counters at the end (see CountersOf), by name.
        std::map<std::string, uint64_t> counters;
        std::vector<std::string> configErrors; ///< "line: message"
        std::string transcript;

        /// An association at the end.
        struct Association
        {
            std::string peer; ///< address
            std::string mode;
            int reach{0};
            int poll{0};    ///< the host poll exponent (what it sends in its packets)
            int minpoll{0}; ///< as it stands (a RATE kiss raises it)
        };

        std::vector<Association> associations;
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

    /// A link or configuration event, when it happened (for plots).
    struct Event
    {
        double time{0};
        std::string node;
        std::string text; ///< "link GigabitEthernet0/0/1 down", "config"
    };

    /// An attack event and what it did to its victim over [at, until].
    struct Attack
    {
        int line{0};
        std::string kind;
        double at{0};
        double until{0};
        std::string from;   ///< "NODE INTERFACE" the forgeries claim to come from
        std::string victim; ///< "NODE INTERFACE" they reach
        uint64_t injected{0};
        std::map<std::string, uint64_t> victimRefused;  ///< by reason, during the attack
        std::map<std::string, uint64_t> victimCounters; ///< what grew during the attack
        /// The victim's largest clock difference to the node at the other end.
        double victimMaxAbsOffsetToPeer{0};
    };

    std::string name;
    std::string error; ///< the topology could not be built
    std::vector<Display> displays;
    std::vector<Event> events;
    std::vector<Attack> attacks;
    bool passed{false};
    std::map<std::string, NodeReport> nodes;
    std::vector<Check> checks;
    /// CLI lines refused that no config_error expectation names.
    std::vector<std::string> unexpectedConfigErrors;
};

/// What a run leaves behind besides its report.
struct NtpScenarioOutput
{
    /**
     * When set, the run writes DIRECTORY/NAME/NODE.csv (one row per second:
     * time_s, offset_to_true_time_s, offset_to_system_peer_s (ground truth,
     * empty without a system peer), estimated_offset_s (NTP's own),
     * poll (system poll exponent), state (clock discipline), synchronized),
     * DIRECTORY/NAME/report.json, and with `pcap` a capture of every link
     * interface, DIRECTORY/NAME/NODE-INTERFACE.pcap (PPP frames, forged
     * ones included).
     */
    std::string directory;
    bool pcap{false};
    bool progress{false}; ///< a one-line progress report on stderr (NtpProgress)
};

/// Runs the scenario; a non-empty `error` in the report if the files could not be written.
NtpScenarioReport RunNtpScenario(const NtpScenarioFile& file,
                                 const NtpScenarioOutput& output = NtpScenarioOutput());

/**
 * A node's counters by the names reports and `counter` expectations use:
 * packets_tx, packets_rx, accepted, auth_failures, mobilized, demobilized,
 * stateless_replies, evicted, associations (the number at the time).
 */
std::map<std::string, uint64_t> NodeCounters(Ptr<Node> node);

class NtpScenarioSampler;

/**
 * Checks one expectation against the report and the ground truth; a
 * config_error expectation marks the refused lines it names in
 * `configErrorsNamed` (the node's, index by index).
 */
NtpScenarioReport::Check CheckExpectation(const NtpExpectation& e, const NtpScenarioReport& report,
                                          const NtpScenarioSampler& sampler, double duration,
                                          std::vector<bool>& configErrorsNamed);

/// The report as one JSON object.
std::string ToJson(const NtpScenarioReport& report);

} // namespace ns3

#endif // NTP_SCENARIO_RUN_H
