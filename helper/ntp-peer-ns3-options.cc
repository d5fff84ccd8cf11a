// Checks of ns-3's own command-line options (see ntp-peer-ns3-options.h).
#include "ntp-peer-ns3-options.h"

#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ntp-peer-option-values.h"

#include <algorithm>
#include <vector>

namespace ns3
{
namespace ntpoptions
{

const char* const kNs3OptionsAccepted
    = "ns-3's --RngRun, --RngSeed, --PrintHelp and --ns3::Type::Attribute";

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
    return std::find(std::begin(kNs3HelpOptions), std::end(kNs3HelpOptions), name)
        != std::end(kNs3HelpOptions);
}

bool
IsTypeIdName(const std::string& name)
{
    TypeId type;
    return TypeId::LookupByNameFailSafe(name, &type);
}

bool
IsGlobalValue(const std::string& name)
{
    for (auto global = GlobalValue::Begin(); global != GlobalValue::End(); ++global)
    {
        if ((*global)->GetName() == name)
        {
            return true;
        }
    }
    return false;
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

Ns3OptionCheck
CheckNs3Option(const std::string& name, const std::optional<std::string>& value,
               bool hasNtpVersionOption)
{
    const std::string given = value.value_or("");
    if (IsNs3HelpOption(name))
    {
        Ns3OptionCheck check;
        check.kind = Ns3OptionKind::PrintsAndExits;
        if (name == "PrintAttributes" && !IsTypeIdName(given))
        {
            // ns-3 aborts on an unknown type here.
            check.error = "--PrintAttributes=" + given
                        + " is not an ns-3 type (accepted: a TypeId name as --PrintTypeIds lists)";
        }
        return check;
    }
    if (name == "version" || name == "PrintVersion")
    {
        Ns3OptionCheck check;
        check.kind = Ns3OptionKind::PrintsAndExits;
        if (value)
        {
            // ns-3 takes --version=4 as its own version print and exits 0.
            check.error = "--" + name + "=" + *value + " is not an option: --" + name
                        + " alone prints ns-3's version"
                        + (hasNtpVersionOption
                               ? "; NTP's version is --ntpVersion (accepted: --ntpVersion=1..4)"
                               : " (accepted: --" + name + " without a value)");
        }
        return check;
    }

    Ns3OptionCheck check;
    check.kind = Ns3OptionKind::Setting;
    if (name == "RngRun")
    {
        if (!ParseUnsignedDecimal(given))
        {
            check.error
                = "--RngRun=" + given + " is not a run number (accepted: 0..18446744073709551615)";
        }
    }
    else if (name == "RngSeed")
    {
        const auto seed = ParseUnsignedDecimal(given);
        if (!seed || *seed < 1 || *seed > kMaxRngSeed)
        {
            check.error = "--RngSeed=" + given + " is not a seed (accepted: 1.."
                        + std::to_string(kMaxRngSeed) + ")";
        }
    }
    else if (name == "ChecksumEnabled")
    {
        if (!value || value->empty() || !ParseFlag(*value))
        {
            check.error = "--ChecksumEnabled=" + given
                        + " is not a flag value (accepted: true, false, 1, 0)";
        }
    }
    else if (name == "SchedulerType" || name == "SimulatorImplementationType")
    {
        if (!value || !IsTypeIdName(*value))
        {
            check.error
                = "--" + name + "=" + given
                + " is not an ns-3 type (accepted: a TypeId name such as "
                + (name == "SchedulerType" ? "ns3::MapScheduler" : "ns3::DefaultSimulatorImpl")
                + ")";
        }
    }
    // Attribute defaults (--ns3::NtpService::Port=124) and other globals: ns-3's own.
    else if (name.find("::") != std::string::npos)
    {
        check.error = CheckAttributeDefault(name, value);
    }
    else if (!IsGlobalValue(name))
    {
        check.kind = Ns3OptionKind::NotNs3;
    }
    return check;
}

} // namespace ntpoptions
} // namespace ns3
