/*
 * A topology scenario file (YAML): routers, links, CLI configurations and
 * expectations. Reading it checks every key and value; an error names the
 * file, line and column, the key, and what is accepted.
 *
 * This version reads: name, duration, seed, nodes (clock, discipline,
 * interfaces, config), links (ends, delay and jitter per direction, loss,
 * rate), lans (two or more ends, delay, rate), events (link down/up, config,
 * display at a time) and expect (synchronized with by, offset_to with
 * max_abs/from/to, stratum, system_peer, refused with min, config_error).
 */
#ifndef NTP_SCENARIO_FILE_H
#define NTP_SCENARIO_FILE_H

#include "ntp-topology.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

struct NtpExpectation
{
    enum class Kind
    {
        Synchronized,
        OffsetTo,
        Stratum,
        SystemPeer,
        Refused,
        ConfigError
    };

    Kind kind{Kind::Synchronized};
    std::string node;
    int line{0}; ///< where the file states it (for reports)
    bool synchronized{true};
    std::optional<double> by; ///< synchronized: in SYNC from some t <= by to the end
    std::string offsetTo;     ///< a node, or "true_time"
    double maxAbs{0};
    double from{0};
    std::optional<double> to; ///< default: the end
    int stratum{0};
    std::string systemPeer; ///< an address, or "none"
    std::string reason;     ///< refused: the core's reason name
    uint64_t min{1};
    std::string text; ///< config_error: part of the message
};

/// Something that happens at a simulated time.
struct NtpScenarioEvent
{
    enum class Kind
    {
        Link,   ///< a link goes down or up
        Config, ///< CLI text run on a node
        Display ///< a display command run on a node, its output reported
    };

    Kind kind{Kind::Config};
    double at{0};
    int line{0};
    std::string node;      ///< Config, Display; Link: the first end's node
    std::string interface; ///< Link: the first end's interface
    bool up{false};        ///< Link
    std::string text;      ///< Config, Display
};

struct NtpScenarioFile
{
    std::string path;
    std::string name;
    double duration{0};
    uint32_t seed{1};
    NtpTopologySpec topology;
    std::vector<NtpExpectation> expectations;
    std::vector<NtpScenarioEvent> events;
};

/**
 * Reads and checks a file. `overrides` ("nodes.R2.clock.frequency=40", the
 * runner's --set) replace values of the file before it is checked; a path
 * must name a key (or list index) the file has. On error returns nullopt
 * and sets `error` to "FILE:LINE:COLUMN: KEY: problem (accepted: ...)".
 */
std::optional<NtpScenarioFile> ReadNtpScenarioFile(const std::string& path, std::string& error,
                                                   const std::vector<std::string>& overrides = {});

} // namespace ns3

#endif // NTP_SCENARIO_FILE_H
