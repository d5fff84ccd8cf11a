#include "options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <functional>

namespace ntp::wire
{

namespace
{

// Polls below RFC 5905's MINPOLL (4) are accepted down to 2^0 = 1 s so that
// tests against a local daemon finish in seconds; MAXPOLL is the RFC's 17.
constexpr int kLowestPoll = 0;
constexpr int kHighestPoll = 17;
// A year bounds a run (0 is "until interrupted").
constexpr double kLongestRun = 366 * 86400.0;

const char kCommands[] = "peer, passive, decode, help";

/// Reads an option's value into where it goes; the error names the value
/// and the accepted ones, and CLI11 puts the option's name before it.
using ValueParser = std::function<Error(const std::string&)>;

/**
 * Adds --name with a value that `parse` reads. A value missing (at the end
 * of the line, or another option next) reaches `parse` as "" instead of
 * failing inside CLI11, whose message would not say what is accepted. An
 * error of `parse` becomes CLI11's ValidationError: "--name: <error>". A
 * repeated option is refused once the line is parsed (Check below).
 */
void
AddValue(CLI::App& command, const std::string& name, ValueParser parse)
{
    const auto callback = [name, parse](const std::string& value)
    {
        if (Error error = parse(value))
        {
            throw CLI::ValidationError(name, *error);
        }
    };
    command.add_option_function<std::string>(name, callback)
        ->expected(0, 1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

/// Adds a flag. CLI11 would read --flag=no as "off"; a value given to a
/// flag is more likely a mistake (a value meant for the option before), so
/// it is refused. The bare flag reaches the check as "true" (and so does
/// --flag=true, the one value let through).
void
AddFlag(CLI::App& command, const std::string& name, bool& value)
{
    const auto bare = [](std::string& given)
    {
        return given == "true" ? std::string() : "takes no value (got '" + given + "')";
    };
    command.add_flag(name, value)->check(CLI::Validator(bare, ""));
}

template<typename T>
ValueParser
Integer(T& out, int64_t min, int64_t max)
{
    return [&out, min, max](const std::string& text) -> Error
    {
        int64_t value = 0;
        if (Error error = ParseInteger(text, min, max, value))
        {
            return error;
        }
        out = static_cast<T>(value);
        return std::nullopt;
    };
}

/// T is double or std::optional<double>.
template<typename T>
ValueParser
Number(T& out, double min, double max)
{
    return [&out, min, max](const std::string& text) -> Error
    {
        double value = 0;
        if (Error error = ParseNumber(text, min, max, value))
        {
            return error;
        }
        out = value;
        return std::nullopt;
    };
}

ValueParser
FileName(std::string& out)
{
    return [&out](const std::string& text) -> Error
    {
        // An empty name is a mistake, not "no file".
        if (text.empty())
        {
            return std::string("needs a file name");
        }
        out = text;
        return std::nullopt;
    };
}

/// `text` is not one of the `accepted` words of the kind `what`.
std::string
NotOneOf(const std::string& text, const std::string& what, const std::string& accepted)
{
    return (text.empty() ? std::string("needs a value") : text + " is not " + what)
         + " (accepted: " + accepted + ")";
}

ValueParser
KeyFormat(KeyFileFormat& out)
{
    return [&out](const std::string& text) -> Error
    {
        const auto format = ParseKeyFileFormat(text);
        if (!format)
        {
            return NotOneOf(text, "a key file format", "auto, ntpd, chrony");
        }
        out = *format;
        return std::nullopt;
    };
}

/// The options of `peer` and `passive` (peer-only ones last, in the order
/// that lists them in an error).
void
AddSessionOptions(CLI::App& command, SessionOptions& o)
{
    AddValue(command, "--bind",
             [&o](const std::string& text) { return ParseHostPort(text, o.bind); });
    AddValue(command, "--key-file", FileName(o.keyFile));
    AddValue(command, "--key-format", KeyFormat(o.keyFormat));
    AddValue(command, "--minpoll", Integer(o.minpoll, kLowestPoll, kHighestPoll));
    AddValue(command, "--maxpoll", Integer(o.maxpoll, kLowestPoll, kHighestPoll));
    AddValue(command, "--duration", Number(o.duration, 0, kLongestRun));
    AddFlag(command, "--json", o.json);
    AddFlag(command, "--verbose", o.verbose);
    AddValue(command, "--seed", Integer(o.seed, 0, INT64_MAX));
    AddValue(command, "--stepout", Number(o.stepout, 0, 86400));
    AddValue(command, "--drift", Number(o.driftPpm, -500, 500));
    AddValue(command, "--initial-offset", Number(o.initialOffset, -1e6, 1e6));
    AddValue(command, "--unreach", Integer(o.unreach, 1, 1000));
    AddValue(command, "--corrupt-mac",
             [&o](const std::string& text) -> Error
             {
                 if (text != "tx" && text != "rx" && text != "both")
                 {
                     return NotOneOf(text, "a direction", "tx, rx, both");
                 }
                 o.corruptMac.tx = text != "rx";
                 o.corruptMac.rx = text != "tx";
                 return std::nullopt;
             });
    AddValue(command, "--local-stratum", Integer(o.localStratum, 1, 15));
    AddValue(command, "--stop-after-sync", Number(o.stopAfterSync, 0, kLongestRun));
    AddFlag(command, "--allow-unauthenticated", o.allowUnauthenticated);
}

void
AddPeerOptions(CLI::App& command, SessionOptions& o)
{
    AddSessionOptions(command, o);
    AddValue(command, "--port", Integer(o.remote.port, 1, 65535));
    AddValue(command, "--key-id", Integer(o.keyId, 1, 4294967295LL));
    AddValue(command, "--version", Integer(o.version, 1, 4));
}

void
AddDecodeOptions(CLI::App& command, DecodeOptions& o)
{
    AddValue(command, "--key-file", FileName(o.keyFile));
    AddValue(command, "--key-format", KeyFormat(o.keyFormat));
    AddValue(command, "--pcap", FileName(o.pcapFile));
    AddValue(command, "--hex",
             [&o](const std::string& text) -> Error
             {
                 if (text.empty())
                 {
                     return std::string("needs a value (accepted: pairs of hex digits)");
                 }
                 o.hex = text;
                 return std::nullopt;
             });
    AddValue(command, "--port", Integer(o.port, 1, 65535));
    AddFlag(command, "--json", o.json);
}

/**
 * What CLI11 leaves to us: a repeated option, and the words it did not take
 * (every subcommand allows extras, so that an unknown option is reported
 * with the accepted ones). Fills `positional` with the arguments that are
 * not options, those after "--" included.
 */
Error
Check(const CLI::App& app, const CLI::App& command, std::vector<std::string>& positional)
{
    std::string names;
    for (const CLI::Option* option : command.get_options())
    {
        if (option->count() > 1)
        {
            return option->get_name() + " is given twice";
        }
        names += (names.empty() ? "" : ", ") + option->get_name();
    }
    std::vector<std::string> words = command.remaining();
    const std::vector<std::string> afterDashes = app.remaining();
    words.insert(words.end(), afterDashes.begin(), afterDashes.end());
    for (const std::string& word : words)
    {
        if (word.size() > 1 && word[0] == '-')
        {
            return "unknown option " + word.substr(0, word.find('=')) + " for '"
                 + command.get_name() + "' (accepted: " + names + ")";
        }
        positional.push_back(word);
    }
    return std::nullopt;
}

/// The rules between the options of `peer` and `passive`.
Error
CheckSession(const CLI::App& command, const std::vector<std::string>& positional, SessionOptions& o)
{
    if (o.passive)
    {
        if (!positional.empty())
        {
            return "'passive' takes no address (got '" + positional[0]
                 + "'); it answers whoever sends symmetric-active packets to --bind";
        }
        if (command.count("--bind") == 0)
        {
            return std::string("'passive' needs --bind ADDR[:PORT]");
        }
    }
    else
    {
        if (positional.size() != 1)
        {
            return "'peer' needs exactly one peer ADDRESS (got " + std::to_string(positional.size())
                 + "); DNS names are not resolved: give an IPv4 or IPv6 literal";
        }
        const auto address = IpAddress::Parse(positional[0]);
        if (!address)
        {
            return "peer address '" + positional[0] + "' is not an IPv4 or IPv6 literal";
        }
        o.remote.address = *address;
        if (o.bind.address && o.bind.address->GetFamily() != address->GetFamily())
        {
            return "--bind " + o.bind.address->ToString() + " and peer " + address->ToString()
                 + " are of different address families";
        }
    }
    if (o.minpoll > o.maxpoll)
    {
        return "--minpoll " + std::to_string(o.minpoll) + " is greater than --maxpoll "
             + std::to_string(o.maxpoll);
    }
    if (o.keyId != 0 && o.keyFile.empty())
    {
        return "--key-id " + std::to_string(o.keyId) + " needs --key-file";
    }
    return std::nullopt;
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
    // Help anywhere on the line wins over any mistake elsewhere on it.
    if (args[0] == "help" || std::find(args.begin(), args.end(), "--help") != args.end()
        || std::find(args.begin(), args.end(), "-h") != args.end())
    {
        out.command = Command::Help;
        return out;
    }
    // The command comes first: in "serve peer ..." CLI11 would find a peer command.
    if (args[0] != "peer" && args[0] != "passive" && args[0] != "decode")
    {
        out.error = "unknown command '" + args[0] + "' (accepted: " + kCommands + ")";
        return out;
    }
    CLI::App app;
    app.set_help_flag(); // handled above, with our own text (UsageText)
    app.allow_extras();
    app.require_subcommand(0, 1);
    CLI::App* peer = app.add_subcommand("peer");
    CLI::App* passive = app.add_subcommand("passive");
    CLI::App* decode = app.add_subcommand("decode");
    for (CLI::App* command : {peer, passive, decode})
    {
        command->set_help_flag();
        command->allow_extras();
    }
    out.session.remote.port = kNtpPort;
    AddPeerOptions(*peer, out.session);
    AddSessionOptions(*passive, out.session);
    AddDecodeOptions(*decode, out.decode);
    try
    {
        // CLI11 takes a vector of arguments last first.
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        app.parse(reversed);
    }
    catch (const CLI::ParseError& e)
    {
        out.error = std::string(e.what());
        return out;
    }
    const CLI::App& command = *app.get_subcommand(args[0]);
    std::vector<std::string> positional;
    if ((out.error = Check(app, command, positional)))
    {
        return out;
    }
    if (&command == decode)
    {
        out.command = Command::Decode;
        if (!positional.empty())
        {
            out.error = "'decode' takes no positional argument (got '" + positional[0] + "')";
        }
        else if (out.decode.pcapFile.empty() == out.decode.hex.empty())
        {
            out.error = std::string("'decode' needs exactly one of --pcap FILE or --hex HEX");
        }
        return out;
    }
    out.command = &command == peer ? Command::Peer : Command::Passive;
    out.session.passive = &command == passive;
    out.error = CheckSession(command, positional, out.session);
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
