#include "options.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ntp::wire
{

namespace
{

// Polls below RFC 5905's MINPOLL (4) are accepted down to 2^0 = 1 s so that
// tests against a local daemon finish in seconds; MAXPOLL is the RFC's 17.
constexpr int kLowestPoll = 0;
constexpr int kHighestPoll = 17;

const char kCommands[] = "peer, passive, decode, help";

struct OptionSpec
{
    const char* name;
    bool takesValue;
};

const std::vector<OptionSpec> kSessionOptions = {
    {"--bind", true},
    {"--key-file", true},
    {"--key-format", true},
    {"--minpoll", true},
    {"--maxpoll", true},
    {"--duration", true},
    {"--json", false},
    {"--verbose", false},
    {"--seed", true},
    {"--stepout", true},
    {"--drift", true},
    {"--initial-offset", true},
    {"--unreach", true},
    {"--corrupt-mac", true},
    {"--local-stratum", true},
    {"--stop-after-sync", true},
    {"--allow-unauthenticated", false},
};

const std::vector<OptionSpec> kPeerOnlyOptions = {
    {"--port", true},
    {"--key-id", true},
    {"--version", true},
};

const std::vector<OptionSpec> kDecodeOptions = {
    {"--key-file", true}, {"--key-format", true}, {"--pcap", true},
    {"--hex", true},      {"--port", true},       {"--json", false},
};

std::string
Names(const std::vector<OptionSpec>& specs)
{
    std::string out;
    for (const auto& spec : specs)
    {
        out += (out.empty() ? "" : ", ") + std::string(spec.name);
    }
    return out;
}

const OptionSpec*
FindSpec(const std::vector<OptionSpec>& specs, const std::string& name)
{
    for (const auto& spec : specs)
    {
        if (name == spec.name)
        {
            return &spec;
        }
    }
    return nullptr;
}

/// "--name value" or "--name=value" pairs plus positional words.
struct SplitArgs
{
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<std::string> positional;
};

Error
Split(const std::vector<std::string>& args, size_t first, const std::vector<OptionSpec>& specs,
      const std::string& command, SplitArgs& out)
{
    std::set<std::string> seen;
    for (size_t i = first; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg.size() < 2 || arg.compare(0, 2, "--") != 0)
        {
            if (!arg.empty() && arg[0] == '-' && arg.size() > 1)
            {
                return "unknown option " + arg + " for '" + command + "' (accepted: " + Names(specs)
                     + ")";
            }
            out.positional.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> value;
        const size_t equals = arg.find('=');
        if (equals != std::string::npos)
        {
            name = arg.substr(0, equals);
            value = arg.substr(equals + 1);
        }
        const OptionSpec* spec = FindSpec(specs, name);
        if (spec == nullptr)
        {
            return "unknown option " + name + " for '" + command + "' (accepted: " + Names(specs)
                 + ")";
        }
        if (!seen.insert(name).second)
        {
            return name + " is given twice";
        }
        if (spec->takesValue && !value)
        {
            if (i + 1 >= args.size())
            {
                return name + " needs a value";
            }
            value = args[++i];
        }
        if (!spec->takesValue && value)
        {
            return name + " takes no value";
        }
        out.options.emplace_back(name, value.value_or(""));
    }
    return std::nullopt;
}

Error
ParseKeyFormat(const std::string& text, KeyFileFormat& out)
{
    auto format = ParseKeyFileFormat(text);
    if (!format)
    {
        return "--key-format " + text + " is not a key file format (accepted: auto, ntpd, chrony)";
    }
    out = *format;
    return std::nullopt;
}

Error
ParsePort(const std::string& option, const std::string& text, uint16_t& out)
{
    int64_t value = 0;
    if (auto error = ParseInteger(option, text, 1, 65535, value))
    {
        return error;
    }
    out = static_cast<uint16_t>(value);
    return std::nullopt;
}

Error
ParseSessionOption(const std::string& name, const std::string& value, SessionOptions& o)
{
    int64_t integer = 0;
    double number = 0;
    if (name == "--bind")
    {
        return ParseHostPort(name, value, o.bind);
    }
    if (name == "--key-file")
    {
        if (value.empty())
        {
            return std::string("--key-file needs a file name");
        }
        o.keyFile = value;
        return std::nullopt;
    }
    if (name == "--key-format")
    {
        return ParseKeyFormat(value, o.keyFormat);
    }
    if (name == "--key-id")
    {
        if (auto error = ParseInteger(name, value, 1, 4294967295LL, integer))
        {
            return error;
        }
        o.keyId = static_cast<uint32_t>(integer);
        return std::nullopt;
    }
    if (name == "--minpoll" || name == "--maxpoll")
    {
        if (auto error = ParseInteger(name, value, kLowestPoll, kHighestPoll, integer))
        {
            return error;
        }
        (name == "--minpoll" ? o.minpoll : o.maxpoll) = static_cast<int>(integer);
        return std::nullopt;
    }
    if (name == "--version")
    {
        if (auto error = ParseInteger(name, value, 1, 4, integer))
        {
            return error;
        }
        o.version = static_cast<uint8_t>(integer);
        return std::nullopt;
    }
    if (name == "--port")
    {
        return ParsePort(name, value, o.remote.port);
    }
    if (name == "--duration")
    {
        // A year bounds the run; 0 is "until interrupted".
        return ParseNumber(name, value, 0, 366 * 86400.0, o.duration);
    }
    if (name == "--stop-after-sync")
    {
        if (auto error = ParseNumber(name, value, 0, 366 * 86400.0, number))
        {
            return error;
        }
        o.stopAfterSync = number;
        return std::nullopt;
    }
    if (name == "--json")
    {
        o.json = true;
        return std::nullopt;
    }
    if (name == "--verbose")
    {
        o.verbose = true;
        return std::nullopt;
    }
    if (name == "--allow-unauthenticated")
    {
        o.allowUnauthenticated = true;
        return std::nullopt;
    }
    if (name == "--seed")
    {
        if (auto error = ParseInteger(name, value, 0, INT64_MAX, integer))
        {
            return error;
        }
        o.seed = static_cast<uint64_t>(integer);
        return std::nullopt;
    }
    if (name == "--stepout")
    {
        if (auto error = ParseNumber(name, value, 0, 86400, number))
        {
            return error;
        }
        o.stepout = number;
        return std::nullopt;
    }
    if (name == "--drift")
    {
        if (auto error = ParseNumber(name, value, -500, 500, number))
        {
            return error;
        }
        o.driftPpm = number;
        return std::nullopt;
    }
    if (name == "--initial-offset")
    {
        return ParseNumber(name, value, -1e6, 1e6, o.initialOffset);
    }
    if (name == "--unreach")
    {
        if (auto error = ParseInteger(name, value, 1, 1000, integer))
        {
            return error;
        }
        o.unreach = static_cast<int>(integer);
        return std::nullopt;
    }
    if (name == "--local-stratum")
    {
        if (auto error = ParseInteger(name, value, 1, 15, integer))
        {
            return error;
        }
        o.localStratum = static_cast<int>(integer);
        return std::nullopt;
    }
    if (name == "--corrupt-mac")
    {
        if (value != "tx" && value != "rx" && value != "both")
        {
            return "--corrupt-mac " + value + " is not a direction (accepted: tx, rx, both)";
        }
        o.corruptMac.tx = value != "rx";
        o.corruptMac.rx = value != "tx";
        return std::nullopt;
    }
    return "internal: unhandled option " + name;
}

void
ParseSession(const std::vector<std::string>& args, bool passive, CommandLine& out)
{
    const std::string command = passive ? "passive" : "peer";
    std::vector<OptionSpec> specs = kSessionOptions;
    if (!passive)
    {
        specs.insert(specs.end(), kPeerOnlyOptions.begin(), kPeerOnlyOptions.end());
    }
    SplitArgs split;
    if ((out.error = Split(args, 1, specs, command, split)))
    {
        return;
    }
    SessionOptions& o = out.session;
    o.passive = passive;
    o.remote.port = kNtpPort;
    bool bindGiven = false;
    for (const auto& [name, value] : split.options)
    {
        if ((out.error = ParseSessionOption(name, value, o)))
        {
            return;
        }
        bindGiven = bindGiven || name == "--bind";
    }
    if (passive)
    {
        if (!split.positional.empty())
        {
            out.error = "'passive' takes no address (got '" + split.positional[0]
                      + "'); it answers whoever sends symmetric-active packets to --bind";
            return;
        }
        if (!bindGiven)
        {
            out.error = std::string("'passive' needs --bind ADDR[:PORT]");
            return;
        }
    }
    else
    {
        if (split.positional.size() != 1)
        {
            out.error = "'peer' needs exactly one peer ADDRESS (got "
                      + std::to_string(split.positional.size())
                      + "); DNS names are not resolved: give an IPv4 or IPv6 literal";
            return;
        }
        auto address = IpAddress::Parse(split.positional[0]);
        if (!address)
        {
            out.error = "peer address '" + split.positional[0] + "' is not an IPv4 or IPv6 literal";
            return;
        }
        o.remote.address = *address;
        if (o.bind.address && o.bind.address->GetFamily() != address->GetFamily())
        {
            out.error = "--bind " + o.bind.address->ToString() + " and peer " + address->ToString()
                      + " are of different address families";
            return;
        }
    }
    if (o.minpoll > o.maxpoll)
    {
        out.error = "--minpoll " + std::to_string(o.minpoll) + " is greater than --maxpoll "
                  + std::to_string(o.maxpoll);
        return;
    }
    if (o.keyId != 0 && o.keyFile.empty())
    {
        out.error = "--key-id " + std::to_string(o.keyId) + " needs --key-file";
        return;
    }
}

void
ParseDecode(const std::vector<std::string>& args, CommandLine& out)
{
    SplitArgs split;
    if ((out.error = Split(args, 1, kDecodeOptions, "decode", split)))
    {
        return;
    }
    DecodeOptions& o = out.decode;
    for (const auto& [name, value] : split.options)
    {
        if (name == "--key-file")
        {
            // As for peer and passive: an empty name is a mistake, not "no key file".
            if (value.empty())
            {
                out.error = std::string("--key-file needs a file name");
            }
            o.keyFile = value;
        }
        else if (name == "--key-format")
        {
            out.error = ParseKeyFormat(value, o.keyFormat);
        }
        else if (name == "--pcap")
        {
            o.pcapFile = value;
        }
        else if (name == "--hex")
        {
            o.hex = value;
        }
        else if (name == "--port")
        {
            uint16_t port = 0;
            out.error = ParsePort(name, value, port);
            o.port = port;
        }
        else if (name == "--json")
        {
            o.json = true;
        }
        if (out.error)
        {
            return;
        }
    }
    if (!split.positional.empty())
    {
        out.error = "'decode' takes no positional argument (got '" + split.positional[0] + "')";
        return;
    }
    if (o.pcapFile.empty() == o.hex.empty())
    {
        out.error = std::string("'decode' needs exactly one of --pcap FILE or --hex HEX");
    }
}

} // namespace

double
DefaultStepout(int maxpoll)
{
    return std::min(300.0, 8.0 * std::ldexp(1.0, maxpoll));
}

CommandLine
ParseCommandLine(const std::vector<std::string>& args)
{
    CommandLine out;
    if (args.empty())
    {
        out.error = std::string("no command given (accepted: ") + kCommands + ")";
        return out;
    }
    const std::string& command = args[0];
    if (command == "help" || command == "--help" || command == "-h")
    {
        out.command = Command::Help;
        return out;
    }
    if (std::find(args.begin(), args.end(), "--help") != args.end()
        || std::find(args.begin(), args.end(), "-h") != args.end())
    {
        out.command = Command::Help;
        return out;
    }
    if (command == "peer" || command == "passive")
    {
        out.command = command == "peer" ? Command::Peer : Command::Passive;
        ParseSession(args, command == "passive", out);
        return out;
    }
    if (command == "decode")
    {
        out.command = Command::Decode;
        ParseDecode(args, out);
        return out;
    }
    out.error = "unknown command '" + command + "' (accepted: " + kCommands + ")";
    return out;
}

std::string
UsageText()
{
    return R"(ntp-peer-wire: the ntp-peer protocol core (RFC 5905 symmetric modes) on real UDP sockets.
It reads the host clock but never sets it: it disciplines a virtual clock of its own
(host time + correction) and reports that clock's offset.

Usage:
  ntp-peer-wire peer ADDRESS [--port N] [--bind ADDR[:PORT]] [--key-file F --key-id N]
                [--minpoll N --maxpoll N] [--version N] [--duration S] [--json] [options]
      A symmetric-active (proactive) peer of ADDRESS (an IPv4/IPv6 literal).
  ntp-peer-wire passive --bind ADDR[:PORT] [--key-file F] [--duration S] [--json] [options]
      Answers symmetric-active peers: each new one mobilizes an ephemeral passive
      association (RFC 5905 NEWPS), demobilized when it stops being reachable.
  ntp-peer-wire decode [--key-file F] [--port N] [--json] (--pcap FILE | --hex HEX)
      Decodes each NTP packet and says whether its MAC verifies with the key file's key of
      the packet's key id. Reads classic pcap and pcapng (Ethernet, Linux cooked v1/v2,
      raw IP, BSD loopback, PPP as ns-3's point-to-point links write it; IPv4 and IPv6). Exit status 0: every packet decoded and every
      MAC checked verified; 1: a packet was malformed or a MAC did not verify.

Options of peer and passive:
  --port N            peer's UDP port (default 123)
  --bind ADDR[:PORT]  local address and port to send from and listen on (default: the
                      wildcard address, port 123). A symmetric peer such as chronyd expects
                      our packets from the port it is configured to send to.
  --key-file F        symmetric keys, in chrony's format ("ID TYPE KEY", TYPE MD5, SHA1,
                      SHA256, AES128, AES256; KEY ASCII:text, HEX:digits or bare text) or
                      ntpd's ("ID TYPE KEY", TYPE M/MD5, SHA1, SHA256, AES128CMAC, ...)
  --key-format F      auto (default), chrony or ntpd
  --key-id N          authenticate the association with this key (peer only)
  --minpoll N, --maxpoll N
                      poll exponents, log2 s (default 6 and 10). BELOW RFC 5905's MINPOLL
                      OF 4: values down to 0 (1 s polls) are accepted here so that tests
                      against a local daemon finish quickly. Do not poll public servers
                      that fast. For 'passive', --maxpoll bounds the passive associations.
  --version N         NTP version of our packets, 1..4 (default 4; peer only)
  --duration S        run S seconds, then report (default: until SIGINT/SIGTERM, which
                      also end a timed run early and still report)
  --stop-after-sync S end the run S seconds after the first synchronization (tests: a
                      generous --duration bounds the run, this ends it early)
  --json              print one JSON object on stdout at the end and nothing else there:
                      synchronized, offset_s, delay_s, jitter_s, stratum, refid, reach,
                      poll, root_delay_s, root_dispersion_s, packets_tx, packets_rx,
                      auth_failures, refused{reason: count}, accepted, stateless_replies,
                      clients_served (every received packet is counted in exactly one of
                      refused, accepted, stateless_replies and clients_served),
                      oversized_dropped and kernel_dropped (a full receive buffer; both
                      never reach the core), passive_mobilized,
                      passive_demobilized, passive_evicted, clock_correction_s, frequency_ppm, steps,
                      duration_s, time_to_first_update_s, time_to_sync_s, associations[]
  --allow-unauthenticated
                      let unauthenticated symmetric-active packets mobilize passive
                      associations (ntpd's "disable auth"). By default, as ntpd's "enable
                      auth", only a packet whose MAC verifies with a trusted key of
                      --key-file mobilizes one; any other is answered statelessly and
                      leaves no state. Either way an authenticated peer is never locked
                      out: when the 1000-entry passive table is full, the unauthenticated
                      entry heard from least recently makes room for it.
  --verbose           trace events (samples, clock updates, refusals, mobilizations) on stderr
  --seed N            seed of the poll jitter and timestamp fuzz (default 1)
  --stepout S         how long a large offset must persist before a step, and how long
                      the frequency is measured after the first update (default: ntpd's
                      300 s, or 8 polls at --maxpoll when shorter: 8 s at --maxpoll 0,
                      16 s at --maxpoll 1)
  --drift PPM         start from this frequency, like a drift file: the first clock update
                      then synchronizes (FSET) instead of measuring the frequency (FREQ)
  --unreach N         polls an unreachable passive association survives once its reach
                      register is empty (UNREACH, default 10 as ntpd; 1..1000)
  --local-stratum N   also use the host clock as a reference of stratum N-1, so that we
                      serve time at stratum N while no peer is better (like ntpd's LOCAL
                      driver or chrony's "local stratum N"); 1..15
  --initial-offset S  start the virtual clock S seconds ahead of the host clock (testing:
                      watch the discipline remove a known error; above 0.128 s it steps)
  --corrupt-mac DIR   testing: flip one bit of the MAC of every packet sent (tx), of every
                      packet received before the core sees it (rx), or both

Offsets follow RFC 5905: offset_s is the peer's clock minus our virtual clock.
Only literal addresses are accepted; nothing is resolved.
)";
}

} // namespace ntp::wire
