/*
 * Command line of ntp-peer-wire, parsed with CLI11: three commands (peer,
 * passive, decode), each with its own accepted options. Every error names
 * the option and the accepted values; nothing here touches the network or
 * the key file.
 */
#ifndef NTP_WIRE_OPTIONS_H
#define NTP_WIRE_OPTIONS_H

#include "mac-corruption.h"
#include "ntp-address.h"
#include "ntp-keyfile.h"
#include "ntp-status.h"
#include "text-util.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntp::wire
{

enum class Command
{
    Help,
    Peer,
    Passive,
    Decode
};

/// Options of `peer` and `passive`.
struct SessionOptions
{
    bool passive{false};
    Endpoint remote; ///< peer only
    HostPort bind;   ///< empty address: wildcard; empty port: 123
    std::string keyFile;
    KeyFileFormat keyFormat{KeyFileFormat::Auto};
    uint32_t keyId{0};
    int minpoll{6};
    int maxpoll{10};
    uint8_t version{4};
    double duration{0};                  ///< seconds; 0 runs until SIGINT/SIGTERM
    std::optional<double> stopAfterSync; ///< end this many seconds after the first sync
    bool json{false};
    bool verbose{false};
    uint64_t seed{1};
    std::optional<double> stepout; ///< seconds; default: see StepoutFor()
    std::optional<double> driftPpm;
    double initialOffset{0};
    int unreach{10};
    int localStratum{0}; ///< 0: no local reference
    /// ntpd's "disable auth": unauthenticated symmetric-active packets mobilize.
    bool allowUnauthenticated{false};
    MacCorruption corruptMac;
};

/// Options of `decode`.
struct DecodeOptions
{
    std::string keyFile;
    KeyFileFormat keyFormat{KeyFileFormat::Auto};
    std::string pcapFile;
    std::string hex;
    std::optional<uint16_t> port; ///< only UDP datagrams from or to this port
    bool json{false};
};

struct CommandLine
{
    Command command{Command::Help};
    SessionOptions session;
    DecodeOptions decode;
    Error error; ///< set: a usage error, to be printed with a pointer to --help
};

CommandLine ParseCommandLine(const std::vector<std::string>& args);

/// The default stepout: ntpd's 300 s, or 8 polls at maxpoll when that is shorter.
double DefaultStepout(int maxpoll);

std::string UsageText();

} // namespace ntp::wire

#endif // NTP_WIRE_OPTIONS_H
