/*
 * A topology scenario file (YAML): routers, links, CLI configurations and
 * expectations. Reading it checks every key and value; an error names the
 * file, line and column, the key, and what is accepted.
 *
 * This version reads: name, duration, seed, nodes (clock, discipline,
 * interfaces, config), links (ends, delay and jitter per direction, loss,
 * rate), lans (two or more ends, delay, rate), events (link down/up, config,
 * display, attack at a time) and expect (synchronized with by, offset_to
 * with max_abs/min_abs/from/to, stratum, system_peer, refused with min/max,
 * counter, peer with poll, config_error).
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
        Counter,
        PeerPoll, ///< the poll of the association with `peer`
        ConfigError
    };

    Kind kind{Kind::Synchronized};
    std::string node;
    int line{0}; ///< where the file states it (for reports)
    bool synchronized{true};
    std::optional<double> by;     ///< synchronized: in SYNC from some t <= by to the end
    std::string offsetTo;         ///< a node, or "true_time"
    std::optional<double> maxAbs; ///< every |offset| in the window at most this
    std::optional<double> minAbs; ///< the largest |offset| in the window at least this (attacks)
    double from{0};
    std::optional<double> to; ///< default: the end
    int stratum{0};
    std::string systemPeer; ///< an address, or "none"
    std::string reason;     ///< refused: the core's reason name
    std::string counter;    ///< counter: a name NodeCounters gives
    std::string peer;       ///< PeerPoll: the association's address
    int poll{0};            ///< PeerPoll: exponent
    uint64_t min{1};
    std::optional<uint64_t> max; ///< refused: at most
    std::string text;            ///< config_error: part of the message
};

/// An attack on a link (model/ntp-link-attacker.h): its forgeries, or the
/// extra delay, travel from one end of the link to the other (the victim).
struct NtpScenarioAttack
{
    std::string kind; ///< delay, spoof, flood, kod
    NtpTopologySpec::LinkEnd from;
    NtpTopologySpec::LinkEnd to; ///< the victim's end
    double until{0};             ///< s; the effect is reported over [at, until]
    double extra{0};             ///< delay: s
    std::string origin{"echo"};  ///< spoof, kod: echo or random
    double offset{0.1};          ///< spoof: s, the clock the forgeries claim
    bool replay{false};          ///< spoof: re-send the last genuine packet
    double interval{16};         ///< spoof (random origin, replay): s
    uint32_t sources{1000};      ///< flood
    double rate{100};            ///< flood: packets per second
    std::string code{"RATE"};    ///< kod
    int poll{10};                ///< kod: the poll exponent asked for
};

/// Something that happens at a simulated time.
struct NtpScenarioEvent
{
    enum class Kind
    {
        Link,    ///< a link goes down or up
        Config,  ///< CLI text run on a node
        Display, ///< a display command run on a node, its output reported
        Attack   ///< an attack on a link starts
    };

    Kind kind{Kind::Config};
    double at{0};
    int line{0};
    std::string node;      ///< Config, Display; Link: the first end's node
    std::string interface; ///< Link: the first end's interface
    bool up{false};        ///< Link
    std::string text;      ///< Config, Display
    NtpScenarioAttack attack;
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
