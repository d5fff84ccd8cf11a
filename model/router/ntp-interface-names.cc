#include "ntp-interface-names.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

namespace
{

struct InterfaceType
{
    const char* name;
    /// Short forms routers accept besides any unambiguous prefix of the name.
    std::vector<std::string> aliases;
};

// The types of the seed's examples and the usual ones of a router; the
// aliases are the vendors' display abbreviations.
const std::vector<InterfaceType>&
Types()
{
    static const std::vector<InterfaceType> types{
        {"GigabitEthernet", {"ge"}},
        {"XGigabitEthernet", {"xge"}},
        {"25GE", {}},
        {"40GE", {}},
        {"100GE", {}},
        {"Ethernet", {"eth"}},
        {"Eth-Trunk", {}},
        {"LoopBack", {"lo", "loop"}},
        {"Vlanif", {}},
        {"Tunnel", {}},
        {"Virtual-Ethernet", {"ve"}},
        {"MEth", {}},
        {"Pos", {}},
    };
    return types;
}

std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool
IsNumber(const std::string& number)
{
    // "0/0/1", "10", "1.100" (a sub-interface): digits separated by '/' or
    // one final '.', no empty part.
    if (number.empty() || !std::isdigit(static_cast<unsigned char>(number.front()))
        || !std::isdigit(static_cast<unsigned char>(number.back())))
    {
        return false;
    }
    bool dot = false;
    char previous = '0';
    for (char c : number)
    {
        if (c == '.')
        {
            if (dot)
            {
                return false;
            }
            dot = true;
        }
        else if (c != '/' && !std::isdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
        if ((c == '/' || c == '.') && (previous == '/' || previous == '.'))
        {
            return false;
        }
        previous = c;
    }
    return true;
}

} // namespace

std::optional<std::pair<std::string, std::string>>
NtpInterfaceNames::Canonical(const std::string& typed)
{
    std::string text;
    for (char c : typed)
    {
        if (c != ' ')
        {
            text += c;
        }
    }
    // The number starts at the first digit that follows the type's letters
    // (type names such as "25GE" start with digits themselves).
    const std::string lower = Lower(text);
    std::vector<std::string> matches;
    std::string number;
    for (const InterfaceType& type : Types())
    {
        const std::string full = Lower(type.name);
        std::vector<std::string> forms{full};
        forms.insert(forms.end(), type.aliases.begin(), type.aliases.end());
        bool matched = false;
        for (size_t split = 1; split < lower.size() && !matched; ++split)
        {
            const std::string prefix = lower.substr(0, split);
            const std::string rest = text.substr(split);
            if (!IsNumber(rest))
            {
                continue;
            }
            for (const std::string& form : forms)
            {
                const bool exact = prefix == form;
                const bool abbreviation
                    = form == full && full.compare(0, prefix.size(), prefix) == 0;
                if (exact || abbreviation)
                {
                    matched = true;
                    if (exact)
                    {
                        // An exact name or alias beats any abbreviation.
                        return std::make_pair(std::string(type.name), rest);
                    }
                    matches.push_back(type.name);
                    number = rest;
                    break;
                }
            }
        }
    }
    if (matches.size() != 1)
    {
        return std::nullopt; // unknown, or an ambiguous abbreviation ("e" or "v")
    }
    return std::make_pair(matches.front(), number);
}

std::string
NtpInterfaceNames::AcceptedTypes()
{
    std::string list;
    for (const InterfaceType& type : Types())
    {
        list += (list.empty() ? "" : ", ") + std::string(type.name);
    }
    return list + " (any unambiguous abbreviation, and GE, XGE, Eth, Loop, VE)";
}

std::string
NtpInterfaceNames::Add(int32_t interface, const std::string& name)
{
    const auto canonical = Canonical(name);
    if (!canonical)
    {
        return "'" + name + "' is not an interface name (accepted: a type and a number such as "
             + "GigabitEthernet0/0/1; types: " + AcceptedTypes() + ")";
    }
    const std::string full = canonical->first + canonical->second;
    if (m_byName.count(full) != 0)
    {
        return "interface name " + full + " is already given to interface "
             + std::to_string(m_byName.at(full));
    }
    if (m_byInterface.count(interface) != 0)
    {
        return "interface " + std::to_string(interface) + " is already named "
             + m_byInterface.at(interface);
    }
    m_byName[full] = interface;
    m_byInterface[interface] = full;
    return {};
}

std::optional<int32_t>
NtpInterfaceNames::Resolve(const std::string& typed) const
{
    const auto canonical = Canonical(typed);
    if (!canonical)
    {
        return std::nullopt;
    }
    const auto it = m_byName.find(canonical->first + canonical->second);
    return it == m_byName.end() ? std::nullopt : std::optional<int32_t>(it->second);
}

std::string
NtpInterfaceNames::NameOf(int32_t interface) const
{
    const auto it = m_byInterface.find(interface);
    return it == m_byInterface.end() ? "" : it->second;
}

} // namespace ns3
