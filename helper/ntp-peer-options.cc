// The option table (see ntp-peer-options.h).
#include "ntp-peer-options.h"

#include "ns3/command-line.h"
#include "ntp-peer-ns3-options.h"
#include "ntp-peer-option-values.h"

#include <cmath>
#include <iostream>
#include <map>

namespace ns3
{

using ntpoptions::CheckNs3Option;
using ntpoptions::FormatNumber;
using ntpoptions::Join;
using ntpoptions::kNs3OptionsAccepted;
using ntpoptions::Ns3OptionCheck;
using ntpoptions::Ns3OptionKind;
using ntpoptions::ParseDecimal;
using ntpoptions::ParseFiniteReal;
using ntpoptions::ParseFlag;
using ntpoptions::WhyNotWritable;

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

NtpOptionTable::Option&
NtpOptionTable::NewOption(const std::string& name, const std::string& help)
{
    m_options.push_back(std::make_unique<Option>());
    Option& option = *m_options.back();
    option.name = name;
    option.help = help;
    return option;
}

NtpOptionTable::Option*
NtpOptionTable::Find(const std::string& name)
{
    for (auto& option : m_options)
    {
        if (option->name == name)
        {
            return option.get();
        }
    }
    return nullptr;
}

void
NtpOptionTable::AddReal(const std::string& name, const std::string& help, double& target,
                        double min, double max, const std::string& unit, bool minExclusive)
{
    Option& option = NewOption(name, help);
    option.kind = Option::Kind::Real;
    option.real = &target;
    option.min = min;
    option.max = max;
    option.unit = unit;
    option.minExclusive = minExclusive;
}

void
NtpOptionTable::AddInteger(const std::string& name, const std::string& help, int& target, int min,
                           int max)
{
    Option& option = NewOption(name, help);
    option.kind = Option::Kind::Integer;
    option.integer = &target;
    option.min = min;
    option.max = max;
}

void
NtpOptionTable::AddChoice(const std::string& name, const std::string& help, std::string& target,
                          const std::vector<std::string>& choices)
{
    Option& option = NewOption(name, help);
    option.kind = Option::Kind::Choice;
    option.text = &target;
    option.choices = choices;
}

void
NtpOptionTable::AddFlag(const std::string& name, const std::string& help, bool& target)
{
    Option& option = NewOption(name, help);
    option.kind = Option::Kind::Flag;
    option.flag = &target;
}

void
NtpOptionTable::AddOutputFile(const std::string& name, const std::string& help, std::string& target)
{
    Option& option = NewOption(name, help);
    option.kind = Option::Kind::OutputFile;
    option.text = &target;
}

void
NtpOptionTable::AddOutputPrefix(const std::string& name, const std::string& help,
                                std::string& target, const std::string& fileSuffix)
{
    Option& option = NewOption(name, help);
    option.kind = Option::Kind::OutputPrefix;
    option.text = &target;
    option.fileSuffix = fileSuffix;
}

void
NtpOptionTable::AddCrossCheck(std::function<NtpOptionError()> check)
{
    m_crossChecks.push_back(std::move(check));
}

NtpOptionError
NtpOptionTable::Parse(int argc, char** argv)
{
    auto accepted = [this]()
    {
        std::vector<std::string> names;
        for (const auto& option : m_options)
        {
            names.push_back("--" + option->name);
        }
        return Join(names) + "; " + kNs3OptionsAccepted;
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
        if (Option* option = Find(name))
        {
            if (!given.count(option))
            {
                givenOrder.push_back(option);
            }
            given[option] = value;
            continue;
        }
        // Not the program's: ns-3's own, or unknown.
        const Ns3OptionCheck ns3 = CheckNs3Option(name, value, Find("ntpVersion") != nullptr);
        if (ns3.error)
        {
            return ns3.error;
        }
        if (ns3.kind == Ns3OptionKind::NotNs3)
        {
            return "unknown option --" + name + " (accepted: " + accepted() + ")";
        }
        help = help || ns3.kind == Ns3OptionKind::PrintsAndExits;
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
        if (auto error = CheckAcross())
        {
            return error;
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
    return CheckAcross();
}

NtpOptionError
NtpOptionTable::CheckAcross() const
{
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

} // namespace ns3
