#include "scenario-reader.h"

#include "ntp-interface-names.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace ns3
{

/// --set PATH=VALUE: the value replaces the one the path names.
void
NtpScenarioReader::Override(YAML::Node& root, const std::string& assignment) const
{
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0)
    {
        throw FileError{"--set " + assignment
                        + ": not PATH=VALUE (accepted: e.g. "
                          "nodes.R2.clock.frequency=40)"};
    }
    const std::string path = assignment.substr(0, equals);
    std::vector<std::string> keys;
    std::istringstream parts(path);
    std::string part;
    while (std::getline(parts, part, '.'))
    {
        keys.push_back(part);
    }
    // yaml-cpp nodes are handles whose operator= writes through them:
    // walk with reset(), which rebinds the handle, and write once, into
    // the parent.
    YAML::Node parent;
    YAML::Node node;
    node.reset(root);
    for (const std::string& key : keys)
    {
        const bool index = node.IsSequence() && !key.empty()
                        && key.find_first_not_of("0123456789") == std::string::npos
                        && std::stoul(key) < node.size();
        const YAML::Node& view = node; // const: looking up adds no key
        if (!(node.IsMap() && view[key]) && !index)
        {
            throw FileError{m_path + ": --set " + path + ": '" + key
                            + "' is not in the file (accepted: a path of keys and list "
                              "indices the file has, e.g. nodes.R2.clock.frequency)"};
        }
        parent.reset(node);
        node.reset(index ? view[std::stoul(key)] : view[key]);
    }
    try
    {
        const YAML::Node value = YAML::Load(assignment.substr(equals + 1));
        m_overridden.emplace_back(value, assignment);
        const std::string& last = keys.back();
        if (parent.IsSequence())
        {
            parent[std::stoul(last)] = value;
        }
        else
        {
            parent[last] = value;
        }
    }
    catch (const YAML::Exception& e)
    {
        throw FileError{"--set " + assignment + ": the value is not YAML: " + e.msg};
    }
}

void
NtpScenarioReader::Fail(const YAML::Node& at, const std::string& key,
                        const std::string& problem) const
{
    std::ostringstream text;
    text << m_path;
    for (const auto& [value, assignment] : m_overridden)
    {
        if (at.is(value))
        {
            // Its position is in the command line, not in the file.
            text << ": --set " << assignment << ": " << key << ": " << problem;
            throw FileError{text.str()};
        }
    }
    if (at.IsDefined() && at.Mark().line >= 0)
    {
        text << ":" << at.Mark().line + 1 << ":" << at.Mark().column + 1;
    }
    text << ": " << key << ": " << problem;
    throw FileError{text.str()};
}

/// Only these keys may appear in a map.
void
NtpScenarioReader::Keys(const YAML::Node& map, const std::string& where,
                        const std::set<std::string>& accepted) const
{
    if (!map.IsMap())
    {
        Fail(map, where, "is not a mapping (accepted: key: value lines)");
    }
    for (const auto& entry : map)
    {
        const std::string key = entry.first.as<std::string>();
        if (accepted.count(key) == 0)
        {
            std::string list;
            for (const std::string& name : accepted)
            {
                list += (list.empty() ? "" : ", ") + name;
            }
            Fail(entry.first, where.empty() ? key : where + "." + key,
                 "unknown key (accepted: " + list + ")");
        }
    }
}

double
NtpScenarioReader::Number(const YAML::Node& node, const std::string& key, double min,
                          double max) const
{
    std::ostringstream range;
    range << std::setprecision(15) << min << ".." << max;
    double value = 0;
    try
    {
        value = node.as<double>();
    }
    catch (const YAML::Exception&)
    {
        Fail(node, key, "'" + Text(node) + "' is not a number (accepted: " + range.str() + ")");
    }
    if (!std::isfinite(value) || value < min || value > max)
    {
        Fail(node, key, "'" + Text(node) + "' is out of range (accepted: " + range.str() + ")");
    }
    return value;
}

std::string
NtpScenarioReader::String(const YAML::Node& node, const std::string& key) const
{
    if (!node.IsScalar())
    {
        Fail(node, key, "is not a single value (accepted: text)");
    }
    return node.as<std::string>();
}

std::string
NtpScenarioReader::Rate(const YAML::Node& node, const std::string& key) const
{
    // Checked here: the topology builder would refuse it without the line.
    const std::string text = String(node, key);
    if (!NtpTopologySpec::IsRate(text))
    {
        Fail(node, key,
             "'" + text + "' is not a rate (accepted: a number and a unit such as 1Gbps, 100Mbps)");
    }
    return text;
}

std::string
NtpScenarioReader::Prefix(const YAML::Node& node, const std::string& key, bool ipv6) const
{
    // Checked here: the topology builder would refuse it without the line.
    const std::string text = String(node, key);
    if (!NtpTopologySpec::IsPrefix(text, ipv6))
    {
        Fail(node, key,
             "'" + text + "' is not an " + (ipv6 ? "IPv6" : "IPv4")
                 + " address and prefix length (accepted: ADDRESS/LENGTH such as "
                 + (ipv6 ? "2001:db8::1/64, LENGTH 0..128" : "10.0.12.1/30, LENGTH 0..32") + ")");
    }
    return text;
}

bool
NtpScenarioReader::Bool(const YAML::Node& node, const std::string& key) const
{
    try
    {
        return node.as<bool>();
    }
    catch (const YAML::Exception&)
    {
        Fail(node, key, "'" + Text(node) + "' (accepted: true, false)");
    }
}

std::string
NtpScenarioReader::Text(const YAML::Node& node)
{
    return node.IsScalar() ? node.Scalar() : std::string("(not a value)");
}

NtpTopologySpec::LinkEnd
NtpScenarioReader::End(const YAML::Node& node, const std::string& key)
{
    const std::string text = String(node, key);
    const size_t space = text.find(' ');
    if (space == std::string::npos)
    {
        Fail(node, key, "'" + text + "' (accepted: NODE INTERFACE, e.g. R1 GigabitEthernet0/0/1)");
    }
    return {text.substr(0, space), text.substr(space + 1)};
}

/// One number (both directions) or [forward, backward].
std::pair<double, double>
NtpScenarioReader::PerDirection(const YAML::Node& node, const std::string& key, double max)
{
    if (node.IsSequence())
    {
        if (node.size() != 2)
        {
            Fail(node, key,
                 "has " + std::to_string(node.size())
                     + " values (accepted: one number or [forward, backward])");
        }
        return {Number(node[0], key, 0, max), Number(node[1], key, 0, max)};
    }
    const double value = Number(node, key, 0, max);
    return {value, value};
}

bool
NtpScenarioReader::HasInterface(const NtpTopologySpec& topology,
                                const NtpTopologySpec::LinkEnd& end)
{
    const auto wanted = NtpInterfaceNames::Canonical(end.interface);
    for (const NtpTopologySpec::Node& node : topology.nodes)
    {
        for (const NtpTopologySpec::Interface& interface : node.interfaces)
        {
            if (node.name == end.node && wanted
                && NtpInterfaceNames::Canonical(interface.name) == wanted)
            {
                return true;
            }
        }
    }
    return false;
}

void
NtpScenarioReader::Attach(const YAML::Node& at, const std::string& key,
                          const NtpTopologySpec::LinkEnd& end, const NtpScenarioFile& file)
{
    const std::string text = "'" + end.node + " " + end.interface + "'";
    const NtpTopologySpec::Node* owner = nullptr;
    std::string nodes;
    for (const NtpTopologySpec::Node& node : file.topology.nodes)
    {
        owner = node.name == end.node ? &node : owner;
        nodes += (nodes.empty() ? "" : ", ") + node.name;
    }
    if (!owner)
    {
        Fail(at, key,
             text + ": " + end.node
                 + " is no node of the file (accepted: NODE INTERFACE, NODE one of " + nodes + ")");
    }
    if (!HasInterface(file.topology, end))
    {
        std::string names;
        for (const NtpTopologySpec::Interface& interface : owner->interfaces)
        {
            names += (names.empty() ? "" : ", ") + interface.name;
        }
        Fail(at, key,
             text + " is no interface of " + end.node
                 + " (accepted: " + (names.empty() ? "none, it has no interfaces" : names) + ")");
    }
    // One device per interface: a point-to-point or a CSMA one, not both.
    const auto canonical = NtpInterfaceNames::Canonical(end.interface);
    const auto [where, added] = m_attached.emplace(
        end.node + " " + canonical->first + canonical->second, at.Mark().line + 1);
    if (!added)
    {
        Fail(at, key,
             "'" + end.node + " " + end.interface + "' is already on the link or LAN of line "
                 + std::to_string(where->second) + " (accepted: one link or LAN per interface)");
    }
}

void
NtpScenarioReader::KnownNode(const YAML::Node& at, const std::string& key, const std::string& name,
                             const NtpScenarioFile& file) const
{
    std::string names;
    for (const NtpTopologySpec::Node& spec : file.topology.nodes)
    {
        if (spec.name == name)
        {
            return;
        }
        names += (names.empty() ? "" : ", ") + spec.name;
    }
    Fail(at, key, "'" + name + "' is no node of the file (accepted: " + names + ")");
}

} // namespace ns3
