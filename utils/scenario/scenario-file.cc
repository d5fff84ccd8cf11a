#include "scenario-file.h"

#include "ntp-interface-names.h"
#include "scenario-reader.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace ns3
{

NtpScenarioFile
NtpScenarioReader::Read()
{
    YAML::Node root;
    try
    {
        root = YAML::LoadFile(m_path);
    }
    catch (const YAML::BadFile&)
    {
        throw FileError{m_path + ": cannot be read (accepted: a readable YAML file)"};
    }
    catch (const YAML::ParserException& e)
    {
        throw FileError{m_path + ":" + std::to_string(e.mark.line + 1) + ":"
                        + std::to_string(e.mark.column + 1) + ": not YAML: " + e.msg};
    }
    for (const std::string& assignment : m_overrides)
    {
        Override(root, assignment);
    }
    Keys(root, "", {"name", "duration", "seed", "nodes", "links", "lans", "events", "expect"});
    NtpScenarioFile file;
    file.path = m_path;
    file.name = root["name"] ? String(root["name"], "name")
                             : std::filesystem::path(m_path).stem().string();
    if (!root["duration"])
    {
        Fail(root, "duration", "is required (accepted: simulated seconds, 1..315360000)");
    }
    file.duration = Number(root["duration"], "duration", 1, 315360000);
    if (root["seed"])
    {
        file.seed = static_cast<uint32_t>(Number(root["seed"], "seed", 1, 4294967295.0));
    }
    if (!root["nodes"])
    {
        Fail(root, "nodes", "is required (accepted: a mapping of router names)");
    }
    if (!root["nodes"].IsMap() || root["nodes"].size() == 0)
    {
        Fail(root["nodes"], "nodes",
             std::string(root["nodes"].IsSequence() ? "is a list" : "is not a mapping")
                 + " (accepted: a mapping of router names, e.g. R1: {interfaces: ...})");
    }
    for (const auto& entry : root["nodes"])
    {
        file.topology.nodes.push_back(ReadNode(entry.first.as<std::string>(), entry.second));
    }
    if (root["links"])
    {
        if (!root["links"].IsSequence())
        {
            Fail(root["links"], "links", "is not a list (accepted: - ends: [...] items)");
        }
        for (const YAML::Node& link : root["links"])
        {
            file.topology.links.push_back(ReadLink(link));
            const NtpTopologySpec::Link& read = file.topology.links.back();
            Attach(link["ends"][0], "links[].ends", read.first, file);
            Attach(link["ends"][1], "links[].ends", read.second, file);
        }
    }
    if (root["lans"])
    {
        if (!root["lans"].IsSequence())
        {
            Fail(root["lans"], "lans", "is not a list (accepted: - ends: [...] items)");
        }
        for (const YAML::Node& lan : root["lans"])
        {
            file.topology.lans.push_back(ReadLan(lan));
            const std::vector<NtpTopologySpec::LinkEnd>& ends = file.topology.lans.back().ends;
            for (size_t i = 0; i < ends.size(); ++i)
            {
                Attach(lan["ends"][i], "lans[].ends", ends[i], file);
            }
        }
    }
    if (root["events"])
    {
        if (!root["events"].IsSequence())
        {
            Fail(root["events"], "events", "is not a list (accepted: - {at: ...} items)");
        }
        for (const YAML::Node& item : root["events"])
        {
            file.events.push_back(ReadEvent(item, file));
        }
    }
    if (root["expect"])
    {
        if (!root["expect"].IsSequence())
        {
            Fail(root["expect"], "expect", "is not a list (accepted: - {node: ...} items)");
        }
        for (const YAML::Node& item : root["expect"])
        {
            file.expectations.push_back(ReadExpectation(item, file));
        }
    }
    return file;
}

NtpTopologySpec::Node
NtpScenarioReader::ReadNode(const std::string& name, const YAML::Node& node)
{
    const std::string where = "nodes." + name;
    NtpTopologySpec::Node spec;
    spec.name = name;
    if (node.IsNull())
    {
        return spec;
    }
    Keys(node, where, {"clock", "discipline", "interfaces", "config"});
    if (const YAML::Node clock = node["clock"])
    {
        Keys(clock, where + ".clock",
             {"offset", "frequency", "wander", "phase_noise", "precision"});
        if (clock["offset"])
        {
            spec.offset = Number(clock["offset"], where + ".clock.offset", -1e9, 1e9);
        }
        if (clock["frequency"])
        {
            spec.frequency = Number(clock["frequency"], where + ".clock.frequency", -500, 500);
        }
        if (clock["wander"])
        {
            spec.wander = Number(clock["wander"], where + ".clock.wander", 0, 1);
        }
        if (clock["phase_noise"])
        {
            spec.phaseNoise = Number(clock["phase_noise"], where + ".clock.phase_noise", 0, 1);
        }
        if (clock["precision"])
        {
            const double precision
                = Number(clock["precision"], where + ".clock.precision",
                         NtpTopologySpec::kMinPrecision, NtpTopologySpec::kMaxPrecision);
            if (precision != std::floor(precision))
            {
                Fail(clock["precision"], where + ".clock.precision",
                     "must be a whole number (log2 s; accepted: "
                         + std::to_string(NtpTopologySpec::kMinPrecision) + ".."
                         + std::to_string(NtpTopologySpec::kMaxPrecision) + ")");
            }
            spec.precision = static_cast<int>(precision);
        }
    }
    if (node["discipline"])
    {
        spec.discipline = String(node["discipline"], where + ".discipline");
        if (spec.discipline != "kernel" && spec.discipline != "daemon")
        {
            Fail(node["discipline"], where + ".discipline",
                 "'" + spec.discipline + "' (accepted: kernel, daemon)");
        }
    }
    if (const YAML::Node interfaces = node["interfaces"])
    {
        if (!interfaces.IsMap())
        {
            Fail(interfaces, where + ".interfaces",
                 "is not a mapping (accepted: NAME: {ipv4: ..., ipv6: ..., vpn: ...})");
        }
        for (const auto& entry : interfaces)
        {
            NtpTopologySpec::Interface interface;
            interface.name = entry.first.as<std::string>();
            const std::string key = where + ".interfaces." + interface.name;
            Keys(entry.second, key, {"ipv4", "ipv6", "vpn"});
            if (entry.second["ipv4"])
            {
                interface.ipv4 = Prefix(entry.second["ipv4"], key + ".ipv4", false);
            }
            if (entry.second["ipv6"])
            {
                interface.ipv6 = Prefix(entry.second["ipv6"], key + ".ipv6", true);
            }
            if (entry.second["vpn"])
            {
                interface.vpn = String(entry.second["vpn"], key + ".vpn");
            }
            if (interface.ipv4.empty() && interface.ipv6.empty())
            {
                Fail(entry.second, key,
                     "has neither ipv4 nor ipv6 (accepted: {ipv4: ADDRESS/LENGTH}, {ipv6: "
                     "ADDRESS/LENGTH} or both)");
            }
            spec.interfaces.push_back(interface);
        }
    }
    if (node["config"])
    {
        spec.config = String(node["config"], where + ".config");
    }
    return spec;
}

NtpTopologySpec::Link
NtpScenarioReader::ReadLink(const YAML::Node& node)
{
    Keys(node, "links[]", {"ends", "delay", "jitter", "loss", "rate"});
    NtpTopologySpec::Link link;
    const YAML::Node ends = node["ends"];
    if (!ends || !ends.IsSequence() || ends.size() != 2)
    {
        Fail(ends ? ends : node, "links[].ends",
             "is required (accepted: [NODE INTERFACE, NODE INTERFACE])");
    }
    link.first = End(ends[0], "links[].ends");
    link.second = End(ends[1], "links[].ends");
    if (node["delay"])
    {
        std::tie(link.delayForward, link.delayBackward)
            = PerDirection(node["delay"], "links[].delay", 10);
    }
    if (node["jitter"])
    {
        std::tie(link.jitterForward, link.jitterBackward)
            = PerDirection(node["jitter"], "links[].jitter", 10);
    }
    if (node["loss"])
    {
        link.loss = Number(node["loss"], "links[].loss", 0, 1);
    }
    if (node["rate"])
    {
        link.rate = Rate(node["rate"], "links[].rate");
    }
    return link;
}

NtpTopologySpec::Lan
NtpScenarioReader::ReadLan(const YAML::Node& node)
{
    Keys(node, "lans[]", {"ends", "delay", "rate"});
    NtpTopologySpec::Lan lan;
    const YAML::Node ends = node["ends"];
    if (!ends || !ends.IsSequence())
    {
        Fail(ends ? ends : node, "lans[].ends",
             "is required (accepted: [NODE INTERFACE, NODE INTERFACE, ...], two or more)");
    }
    if (ends.size() < 2)
    {
        Fail(ends, "lans[].ends",
             "has " + std::to_string(ends.size()) + (ends.size() == 1 ? " end" : " ends")
                 + " (accepted: two or more NODE INTERFACE; an interface on no link or LAN "
                   "needs no entry)");
    }
    for (const YAML::Node& end : ends)
    {
        lan.ends.push_back(End(end, "lans[].ends"));
    }
    if (node["delay"])
    {
        lan.delay = Number(node["delay"], "lans[].delay", 0, 10);
    }
    if (node["rate"])
    {
        lan.rate = Rate(node["rate"], "lans[].rate");
    }
    return lan;
}

std::optional<NtpScenarioFile>
ReadNtpScenarioFile(const std::string& path, std::string& error,
                    const std::vector<std::string>& overrides)
{
    try
    {
        return NtpScenarioReader(path, overrides).Read();
    }
    catch (const NtpScenarioReader::FileError& e)
    {
        error = e.message;
    }
    catch (const YAML::Exception& e)
    {
        error = path + ":" + std::to_string(e.mark.line + 1) + ":"
              + std::to_string(e.mark.column + 1) + ": " + e.msg;
    }
    return std::nullopt;
}

} // namespace ns3
