#include "ntp-peer-options.h"

#include "ns3/command-line.h"
#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ntp-peer-scenario.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

namespace
{

/// ns-3's CommandLine options that print something and exit 0.
const char* const kNs3HelpOptions[]
    = {"PrintHelp",    "help",       "PrintGroups",    "PrintTypeIds",
       "PrintGlobals", "PrintGroup", "PrintAttributes"};

/// MRG32k3a (ns-3's generator) takes seeds below its second modulus, 4294944443.
constexpr unsigned long long kMaxRngSeed = 4294944442ULL;

bool
IsNs3HelpOption(const std::string& name)
{
    for (const char* help : kNs3HelpOptions)
    {
        if (name == help)
        {
            return true;
        }
    }
    return false;
}

/// Integers without an exponent, other numbers with up to 10 significant digits.
std::string
FormatNumber(double value)
{
    char text[64];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
    {
        std::snprintf(text, sizeof text, "%.0f", value);
    }
    else
    {
        std::snprintf(text, sizeof text, "%.10g", value);
    }
    return text;
}

std::string
Join(const std::vector<std::string>& words)
{
    std::string out;
    for (const std::string& word : words)
    {
        out += (out.empty() ? "" : ", ") + word;
    }
    return out;
}

/// strtod over the whole text; nothing for an empty, partial or non-finite number.
std::optional<double>
ParseFiniteReal(const std::string& text)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
    {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value) || errno == ERANGE)
    {
        return std::nullopt;
    }
    return value;
}

/// Decimal digits only (an optional '-' when negative is allowed), without overflow.
std::optional<long long>
ParseDecimal(const std::string& text)
{
    const size_t digitsFrom = !text.empty() && text[0] == '-' ? 1 : 0;
    if (text.size() == digitsFrom
        || text.find_first_not_of("0123456789", digitsFrom) != std::string::npos)
    {
        return std::nullopt;
    }
    errno = 0;
    const long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return std::nullopt;
    }
    return value;
}

std::optional<unsigned long long>
ParseUnsignedDecimal(const std::string& text)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    {
        return std::nullopt;
    }
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return std::nullopt;
    }
    return value;
}

std::optional<bool>
ParseFlag(const std::string& text)
{
    if (text.empty() || text == "true" || text == "1")
    {
        return true;
    }
    if (text == "false" || text == "0")
    {
        return false;
    }
    return std::nullopt;
}

std::string
DirectoryOf(const std::string& path)
{
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
    {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

/**
 * Why a file cannot be created (or overwritten) at path; nothing if it can.
 * Creates nothing: a refused run must leave no file behind, and ns-3's pcap
 * writer would abort on a path it cannot open.
 */
std::optional<std::string>
WhyNotWritable(const std::string& path)
{
    struct stat status
    {
    };
    if (::stat(path.c_str(), &status) == 0)
    {
        if (S_ISDIR(status.st_mode))
        {
            return std::string("is a directory");
        }
        if (::access(path.c_str(), W_OK) != 0)
        {
            return std::string("cannot be overwritten: ") + std::strerror(errno);
        }
        return std::nullopt;
    }
    if (errno != ENOENT)
    {
        return std::string("cannot be created: ") + std::strerror(errno);
    }
    const std::string directory = DirectoryOf(path);
    if (::stat(directory.c_str(), &status) != 0)
    {
        return "cannot be created: directory " + directory + ": " + std::strerror(errno);
    }
    if (!S_ISDIR(status.st_mode))
    {
        return "cannot be created: " + directory + " is not a directory";
    }
    if (::access(directory.c_str(), W_OK | X_OK) != 0)
    {
        return "cannot be created in " + directory + ": " + std::strerror(errno);
    }
    return std::nullopt;
}

/**
 * ns-3's "--ns3::Type::Attribute=value": ns-3 aborts (instead of refusing)
 * on a number it cannot read, so look the attribute up and check numbers
 * here; other kinds of values are left to ns-3's own checks.
 */
NtpOptionError
CheckAttributeDefault(const std::string& name, const std::optional<std::string>& value)
{
    const size_t split = name.rfind("::");
    const std::string typeName = name.substr(0, split);
    const std::string attribute = name.substr(split + 2);
    TypeId type;
    if (!TypeId::LookupByNameFailSafe(typeName, &type))
    {
        return "--" + name + ": there is no ns-3 type " + typeName
             + " (accepted: --ns3::Type::Attribute=VALUE, types as --PrintTypeIds lists them)";
    }
    TypeId::AttributeInformation information;
    if (!type.LookupAttributeByName(attribute, &information))
    {
        return "--" + name + ": " + typeName + " has no attribute " + attribute
             + " (accepted: the attributes --PrintAttributes=" + typeName + " lists)";
    }
    const std::string accepted = " (accepted: see --PrintAttributes=" + typeName + ")";
    if (!value || value->empty())
    {
        return "--" + name + " needs a value" + accepted;
    }
    // ns-3 names some value types with "ns3::" and some without (BooleanValue).
    std::string valueType = information.checker->GetValueTypeName();
    if (valueType.compare(0, 5, "ns3::") != 0)
    {
        valueType = "ns3::" + valueType;
    }
    const bool number = valueType == "ns3::UintegerValue" || valueType == "ns3::IntegerValue"
                     || valueType == "ns3::DoubleValue";
    const bool wellFormed = valueType == "ns3::UintegerValue"
                              ? ParseUnsignedDecimal(*value).has_value()
                          : valueType == "ns3::IntegerValue" ? ParseDecimal(*value).has_value()
                                                             : ParseFiniteReal(*value).has_value();
    if (number && !wellFormed)
    {
        return "--" + name + "=" + *value + " is not a number" + accepted;
    }
    const std::vector<std::string> booleans = {"true", "false", "1", "0", "t", "f"};
    if (valueType == "ns3::BooleanValue"
        && std::find(booleans.begin(), booleans.end(), *value) == booleans.end())
    {
        return "--" + name + "=" + *value + " is not a boolean (accepted: true, false, 1, 0)";
    }
    // Enums and booleans refuse a bad name without aborting; other kinds
    // (times, object factories) may abort while parsing, so ns-3 checks them.
    const bool refusesCleanly
        = number || valueType == "ns3::EnumValue" || valueType == "ns3::BooleanValue";
    if (refusesCleanly && !information.checker->CreateValidValue(StringValue(*value)))
    {
        return "--" + name + "=" + *value + " is not accepted" + accepted;
    }
    return std::nullopt;
}

} // namespace

struct NtpOptionTable::Option
{
    enum class Kind
    {
        Real,
        Integer,
        Choice,
        Flag,
        OutputFile,
        OutputPrefix
    };

    Kind kind{Kind::Real};
    std::string name;
    std::string help;
    /// ns-3's CommandLine stores the text here; its first value is the default --PrintHelp shows.
    std::string ns3Text;
    /// The same for flags: ns-3 takes "--json" without a value only for a bool.
    bool ns3Flag{false};
    double* real{nullptr};
    int* integer{nullptr};
    std::string* text{nullptr};
    bool* flag{nullptr};
    double min{0};
    double max{0};
    bool minExclusive{false};
    std::string unit;
    std::vector<std::string> choices;
    std::string fileSuffix;

    std::string Accepted() const
    {
        switch (kind)
        {
        case Kind::Real:
        {
            const std::string unitText = unit.empty() ? "" : " " + unit;
            if (minExclusive)
            {
                return "> " + FormatNumber(min) + " and <= " + FormatNumber(max) + unitText;
            }
            return FormatNumber(min) + ".." + FormatNumber(max) + unitText;
        }
        case Kind::Integer:
            return FormatNumber(min) + ".." + FormatNumber(max);
        case Kind::Choice:
            return Join(choices);
        case Kind::Flag:
            return "--" + name + " alone, or --" + name + "=true, false, 1 or 0";
        case Kind::OutputFile:
            return "a new or writable file in an existing, writable directory";
        case Kind::OutputPrefix:
            return "a prefix P such that files P" + fileSuffix
                 + " can be created (an existing, writable directory)";
        }
        return {};
    }

    std::string Refusal(const std::string& given, const std::string& why) const
    {
        return "--" + name + "=" + given + " " + why + " (accepted: " + Accepted() + ")";
    }

    /// Converts a given value (nothing: "--name" without "=") into the target.
    NtpOptionError Convert(const std::optional<std::string>& value)
    {
        if (kind == Kind::Flag)
        {
            const std::optional<bool> parsed = ParseFlag(value.value_or(""));
            if (!parsed)
            {
                return Refusal(*value, "is not a flag value");
            }
            *flag = *parsed;
            return std::nullopt;
        }
        if (!value || value->empty())
        {
            return "--" + name + " needs a value (accepted: " + Accepted() + ")";
        }
        switch (kind)
        {
        case Kind::Real:
        {
            const std::optional<double> parsed = ParseFiniteReal(*value);
            if (!parsed)
            {
                return Refusal(*value, "is not a finite number");
            }
            *real = *parsed;
            break;
        }
        case Kind::Integer:
        {
            const std::optional<long long> parsed = ParseDecimal(*value);
            if (!parsed)
            {
                return Refusal(*value, "is not an integer");
            }
            // Out of int's range is out of any range accepted here.
            if (*parsed < min || *parsed > max)
            {
                return Refusal(*value, "is out of range");
            }
            *integer = static_cast<int>(*parsed);
            break;
        }
        default:
            *text = *value;
            break;
        }
        return CheckCurrent(*value);
    }

    /// Checks the target's value; shown: how the value is written in the message.
    NtpOptionError CheckCurrent(const std::string& shown) const
    {
        switch (kind)
        {
        case Kind::Real:
            if (!std::isfinite(*real))
            {
                return Refusal(shown, "is not a finite number");
            }
            if (*real > max || *real < min || (minExclusive && *real == min))
            {
                return Refusal(shown, "is out of range");
            }
            return std::nullopt;
        case Kind::Integer:
            if (*integer < min || *integer > max)
            {
                return Refusal(shown, "is out of range");
            }
            return std::nullopt;
        case Kind::Choice:
            for (const std::string& choice : choices)
            {
                if (*text == choice)
                {
                    return std::nullopt;
                }
            }
            return Refusal(shown, "is not an accepted value");
        case Kind::Flag:
            return std::nullopt;
        case Kind::OutputFile:
        case Kind::OutputPrefix:
            if (text->empty())
            {
                return std::nullopt; // the default: no such output
            }
            if (auto why = WhyNotWritable(*text + (kind == Kind::OutputPrefix ? fileSuffix : "")))
            {
                return Refusal(shown, "is not usable: " + *why);
            }
            return std::nullopt;
        }
        return std::nullopt;
    }

    std::string CurrentText() const
    {
        switch (kind)
        {
        case Kind::Real:
            return FormatNumber(*real);
        case Kind::Integer:
            return std::to_string(*integer);
        case Kind::Flag:
            return *flag ? "true" : "false";
        default:
            return *text;
        }
    }
};

NtpOptionTable::NtpOptionTable(const std::string& file) : m_file(file)
{
    const size_t slash = file.find_last_of('/');
    m_program = slash == std::string::npos ? file : file.substr(slash + 1);
    const size_t dot = m_program.find_last_of('.');
    if (dot != std::string::npos && dot > 0)
    {
        m_program.resize(dot);
    }
}

NtpOptionTable::~NtpOptionTable() = default;

const std::string&
NtpOptionTable::Program() const
{
    return m_program;
}

void
NtpOptionTable::AddReal(const std::string& name, const std::string& help, double& target,
                        double min, double max, const std::string& unit, bool minExclusive)
{
    auto option = std::make_unique<Option>();
    option->kind = Option::Kind::Real;
    option->name = name;
    option->help = help;
    option->real = &target;
    option->min = min;
    option->max = max;
    option->unit = unit;
    option->minExclusive = minExclusive;
    m_options.push_back(std::move(option));
}

void
NtpOptionTable::AddInteger(const std::string& name, const std::string& help, int& target, int min,
                           int max)
{
    auto option = std::make_unique<Option>();
    option->kind = Option::Kind::Integer;
    option->name = name;
    option->help = help;
    option->integer = &target;
    option->min = min;
    option->max = max;
    m_options.push_back(std::move(option));
}

void
NtpOptionTable::AddChoice(const std::string& name, const std::string& help, std::string& target,
                          const std::vector<std::string>& choices)
{
    auto option = std::make_unique<Option>();
    option->kind = Option::Kind::Choice;
    option->name = name;
    option->help = help;
    option->text = &target;
    option->choices = choices;
    m_options.push_back(std::move(option));
}

void
NtpOptionTable::AddFlag(const std::string& name, const std::string& help, bool& target)
{
    auto option = std::make_unique<Option>();
    option->kind = Option::Kind::Flag;
    option->name = name;
    option->help = help;
    option->flag = &target;
    m_options.push_back(std::move(option));
}

void
NtpOptionTable::AddOutputFile(const std::string& name, const std::string& help, std::string& target)
{
    auto option = std::make_unique<Option>();
    option->kind = Option::Kind::OutputFile;
    option->name = name;
    option->help = help;
    option->text = &target;
    m_options.push_back(std::move(option));
}

void
NtpOptionTable::AddOutputPrefix(const std::string& name, const std::string& help,
                                std::string& target, const std::string& fileSuffix)
{
    auto option = std::make_unique<Option>();
    option->kind = Option::Kind::OutputPrefix;
    option->name = name;
    option->help = help;
    option->text = &target;
    option->fileSuffix = fileSuffix;
    m_options.push_back(std::move(option));
}

void
NtpOptionTable::AddCrossCheck(std::function<NtpOptionError()> check)
{
    m_crossChecks.push_back(std::move(check));
}

NtpOptionError
NtpOptionTable::Parse(int argc, char** argv)
{
    auto find = [this](const std::string& name) -> Option*
    {
        for (auto& option : m_options)
        {
            if (option->name == name)
            {
                return option.get();
            }
        }
        return nullptr;
    };
    auto accepted = [this]()
    {
        std::vector<std::string> names;
        for (const auto& option : m_options)
        {
            names.push_back("--" + option->name);
        }
        return Join(names) + "; ns-3's --RngRun, --RngSeed, --PrintHelp and --ns3::Type::Attribute";
    };

    // The last occurrence wins, as in ns-3's CommandLine (a sweep appends to a base command).
    std::map<Option*, std::optional<std::string>> given;
    std::vector<Option*> givenOrder;
    bool help = false;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        // ns-3 accepts "-name" as well as "--name".
        const size_t dashes = arg.compare(0, 2, "--") == 0 ? 2
                            : arg.compare(0, 1, "-") == 0  ? 1
                                                           : 0;
        const size_t equals = arg.find('=');
        const std::string name
            = arg.substr(dashes, equals == std::string::npos ? std::string::npos : equals - dashes);
        const std::optional<std::string> value
            = equals == std::string::npos ? std::nullopt
                                          : std::optional<std::string>(arg.substr(equals + 1));
        if (dashes == 0 || name.empty())
        {
            return "unexpected argument '" + arg
                 + "' (accepted: --name=value options: " + accepted() + ")";
        }
        if (Option* option = find(name))
        {
            if (!given.count(option))
            {
                givenOrder.push_back(option);
            }
            given[option] = value;
            continue;
        }
        if (IsNs3HelpOption(name))
        {
            // ns-3 aborts on an unknown type here.
            TypeId type;
            if (name == "PrintAttributes"
                && !TypeId::LookupByNameFailSafe(value.value_or(""), &type))
            {
                return "--PrintAttributes=" + value.value_or("")
                     + " is not an ns-3 type (accepted: a TypeId name as --PrintTypeIds lists)";
            }
            help = true;
            continue;
        }
        if (name == "version" || name == "PrintVersion")
        {
            // ns-3 takes --version=4 as its own version print and exits 0.
            if (value)
            {
                std::string error = "--" + name + "=" + *value + " is not an option: --" + name
                                  + " alone prints ns-3's version";
                if (find("ntpVersion"))
                {
                    error += "; NTP's version is --ntpVersion (accepted: --ntpVersion=1..4)";
                }
                else
                {
                    error += " (accepted: --" + name + " without a value)";
                }
                return error;
            }
            help = true;
            continue;
        }
        if (name == "RngRun")
        {
            if (!ParseUnsignedDecimal(value.value_or("")))
            {
                return "--RngRun=" + value.value_or("")
                     + " is not a run number (accepted: 0..18446744073709551615)";
            }
            continue;
        }
        if (name == "RngSeed")
        {
            const auto seed = ParseUnsignedDecimal(value.value_or(""));
            if (!seed || *seed < 1 || *seed > kMaxRngSeed)
            {
                return "--RngSeed=" + value.value_or("") + " is not a seed (accepted: 1.."
                     + std::to_string(kMaxRngSeed) + ")";
            }
            continue;
        }
        if (name == "ChecksumEnabled")
        {
            if (!value || !ParseFlag(*value) || value->empty())
            {
                return "--ChecksumEnabled=" + value.value_or("")
                     + " is not a flag value (accepted: true, false, 1, 0)";
            }
            continue;
        }
        if (name == "SchedulerType" || name == "SimulatorImplementationType")
        {
            TypeId type;
            if (!value || !TypeId::LookupByNameFailSafe(*value, &type))
            {
                return "--" + name + "=" + value.value_or("")
                     + " is not an ns-3 type (accepted: a TypeId name such as "
                     + (name == "SchedulerType" ? "ns3::MapScheduler" : "ns3::DefaultSimulatorImpl")
                     + ")";
            }
            continue;
        }
        bool isGlobal = false;
        for (auto global = GlobalValue::Begin(); global != GlobalValue::End(); ++global)
        {
            isGlobal = isGlobal || (*global)->GetName() == name;
        }
        // Attribute defaults (--ns3::NtpService::Port=124) and other globals: ns-3's own.
        if (name.find("::") != std::string::npos)
        {
            if (auto error = CheckAttributeDefault(name, value))
            {
                return error;
            }
            continue;
        }
        if (isGlobal)
        {
            continue;
        }
        return "unknown option --" + name + " (accepted: " + accepted() + ")";
    }

    CommandLine cmd(m_file);
    for (auto& option : m_options)
    {
        const std::string help = option->help + " (accepted: " + option->Accepted() + ")";
        if (option->kind == Option::Kind::Flag)
        {
            option->ns3Flag = *option->flag;
            cmd.AddValue(option->name, help, option->ns3Flag);
        }
        else
        {
            option->ns3Text = option->CurrentText();
            cmd.AddValue(option->name, help, option->ns3Text);
        }
    }
    if (!help)
    {
        for (Option* option : givenOrder)
        {
            if (auto error = option->Convert(given[option]))
            {
                return error;
            }
        }
        for (const auto& check : m_crossChecks)
        {
            if (auto error = check())
            {
                return error;
            }
        }
    }
    // Every word is known and checked: ns-3 sets its globals or prints help and exits.
    cmd.Parse(argc, argv);
    return std::nullopt;
}

NtpOptionError
NtpOptionTable::CheckValues() const
{
    for (const auto& option : m_options)
    {
        if (auto error = option->CheckCurrent(option->CurrentText()))
        {
            return error;
        }
    }
    for (const auto& check : m_crossChecks)
    {
        if (auto error = check())
        {
            return error;
        }
    }
    return std::nullopt;
}

bool
NtpOptionTable::ParseOrReport(int argc, char** argv)
{
    if (auto error = Parse(argc, argv))
    {
        std::cerr << m_program << ": " << *error << std::endl;
        return false;
    }
    return true;
}

void
AddNtpPeerModeOptions(NtpOptionTable& table, NtpPeerModeConfig& c)
{
    using Limits = NtpPeerModeLimits;
    table.AddReal("simTime", "Simulated time (s)", c.simTime, Limits::kMinSimTime,
                  Limits::kMaxSimTime, "s (10 years)");
    table.AddReal("driftA", "Frequency error of A's clock (ppm)", c.driftA, -Limits::kMaxDrift,
                  Limits::kMaxDrift, "ppm");
    table.AddReal("driftB", "Frequency error of B's clock (ppm)", c.driftB, -Limits::kMaxDrift,
                  Limits::kMaxDrift, "ppm");
    table.AddReal("offsetB", "B's clock minus A's at time 0 (s)", c.offsetB, -Limits::kMaxOffset,
                  Limits::kMaxOffset, "s");
    table.AddReal("delay", "Mean one-way base delay of the A-B link (s)", c.delay, 0,
                  Limits::kMaxDelay, "s");
    table.AddReal("asymmetry", "Delay B->A minus delay A->B (s), at most twice --delay either way",
                  c.asymmetry, -2 * Limits::kMaxDelay, 2 * Limits::kMaxDelay, "s");
    table.AddReal("jitter", "Mean of an exponential extra delay per packet (s)", c.jitter, 0,
                  Limits::kMaxDelay, "s");
    table.AddReal("loss", "Probability that a packet is lost, each direction", c.loss, 0, 1, "");
    table.AddReal("wander", "Frequency random walk of both clocks (ppm/sqrt(s))", c.wander, 0,
                  Limits::kMaxWander, "ppm/sqrt(s)");
    table.AddReal("phaseNoise", "White noise on each timestamp reading (s)", c.phaseNoise, 0,
                  Limits::kMaxPhaseNoise, "s");
    table.AddChoice(
        "auth", "Authentication of the peers' packets", c.auth,
        {"none", "md5", "sha1", "sha256", "hmac-sha256", "aes-128-cmac", "aes-256-cmac"});
    table.AddFlag("weakAlgorithms", "Allow md5/sha1 keys (undo crypto weak-algorithm disable)",
                  c.weakAlgorithms);
    table.AddFlag("keyMismatch", "Give B a different password than A for the same key id",
                  c.keyMismatch);
    table.AddInteger("minpoll", "B's minpoll (log2 s)", c.minpoll, Limits::kMinPoll,
                     Limits::kMaxPoll);
    table.AddInteger("maxpoll", "B's maxpoll (log2 s), not below --minpoll", c.maxpoll,
                     Limits::kMinPoll, Limits::kMaxPoll);
    table.AddInteger("ntpVersion", "NTP version B sends (router default 3)", c.ntpVersion, 1, 4);
    // A local reference is a server of stratum 1..15 (16 means unsynchronized):
    // "ntp-service refclock-master [stratum]" takes 1..15.
    table.AddInteger("stratumA", "Stratum of A's local reference (ntp-service refclock-master)",
                     c.stratumA, 1, 15);
    table.AddChoice("discipline",
                    "Clock discipline of both routers: kernel (Linux kernel PLL/FLL, ntpd's "
                    "default) or daemon (ntpd's own loop, 'disable kernel')",
                    c.discipline, {"kernel", "daemon"});
    table.AddFlag("passiveSourceInterface",
                  "A answers from its second interface's address (ntp-service source-interface)",
                  c.passiveSourceInterface);
    table.AddFlag("peerSourceAddress", "B peers with A's source-interface address",
                  c.peerSourceAddress);
    table.AddOutputFile("csv", "Write the time series to this CSV file", c.csvPath);
    table.AddReal("csvInterval", "Seconds between CSV rows", c.csvInterval, Limits::kMinCsvInterval,
                  Limits::kMaxSimTime, "s");
    // PointToPointHelper names the files PREFIX-NODE-DEVICE.pcap.
    table.AddOutputPrefix("pcap", "Write pcap files of the A-B link with this prefix", c.pcapPrefix,
                          "-0-0.pcap");
    table.AddOutputFile("loopstats", "Write B's clock updates to this file, as ntpd's loopstats",
                        c.loopStatsPath);
    table.AddCrossCheck(
        [&c]() -> NtpOptionError
        {
            if (c.delay - std::fabs(c.asymmetry) / 2 < 0)
            {
                return "--asymmetry=" + FormatNumber(c.asymmetry)
                     + " makes one direction's delay negative with --delay=" + FormatNumber(c.delay)
                     + " (accepted: |asymmetry| <= 2 * delay = " + FormatNumber(2 * c.delay)
                     + " s)";
            }
            return std::nullopt;
        });
    table.AddCrossCheck(
        [&c]() -> NtpOptionError
        {
            if (c.minpoll > c.maxpoll)
            {
                return "--minpoll=" + std::to_string(c.minpoll) + " is greater than --maxpoll="
                     + std::to_string(c.maxpoll) + " (accepted: minpoll <= maxpoll, both "
                     + std::to_string(NtpPeerModeLimits::kMinPoll) + ".."
                     + std::to_string(NtpPeerModeLimits::kMaxPoll) + ")";
            }
            return std::nullopt;
        });
}

NtpOptionError
CheckNtpPeerModeConfig(const NtpPeerModeConfig& config)
{
    NtpPeerModeConfig copy = config;
    NtpOptionTable table("RunNtpPeerMode");
    AddNtpPeerModeOptions(table, copy);
    return table.CheckValues();
}

} // namespace ns3
