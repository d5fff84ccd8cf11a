#include "scenario-file.h"

#include "ntp-interface-names.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace ns3
{

namespace
{

/// Thrown inside the reader only; becomes the error string.
struct FileError
{
    std::string message;
};

class Reader
{
  public:
    Reader(std::string path, std::vector<std::string> overrides) :
        m_path(std::move(path)), m_overrides(std::move(overrides))
    {
    }

    /// --set PATH=VALUE: the value replaces the one the path names.
    void Override(YAML::Node& root, const std::string& assignment) const
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

    [[noreturn]] void Fail(const YAML::Node& at, const std::string& key,
                           const std::string& problem) const
    {
        std::ostringstream text;
        text << m_path;
        if (at.IsDefined() && at.Mark().line >= 0)
        {
            text << ":" << at.Mark().line + 1 << ":" << at.Mark().column + 1;
        }
        text << ": " << key << ": " << problem;
        throw FileError{text.str()};
    }

    /// Only these keys may appear in a map.
    void Keys(const YAML::Node& map, const std::string& where,
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

    double Number(const YAML::Node& node, const std::string& key, double min, double max) const
    {
        double value = 0;
        try
        {
            value = node.as<double>();
        }
        catch (const YAML::Exception&)
        {
            Fail(node, key, "'" + Text(node) + "' is not a number");
        }
        if (!std::isfinite(value) || value < min || value > max)
        {
            std::ostringstream accepted;
            accepted << std::setprecision(15) << min << ".." << max;
            Fail(node, key,
                 "'" + Text(node) + "' is out of range (accepted: " + accepted.str() + ")");
        }
        return value;
    }

    std::string String(const YAML::Node& node, const std::string& key) const
    {
        if (!node.IsScalar())
        {
            Fail(node, key, "is not a single value (accepted: text)");
        }
        return node.as<std::string>();
    }

    bool Bool(const YAML::Node& node, const std::string& key) const
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

    static std::string Text(const YAML::Node& node)
    {
        return node.IsScalar() ? node.Scalar() : std::string("(not a value)");
    }

    NtpScenarioFile Read()
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
        Keys(root, "", {"name", "duration", "seed", "nodes", "links", "events", "expect"});
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
        if (!root["nodes"] || !root["nodes"].IsMap() || root["nodes"].size() == 0)
        {
            Fail(root["nodes"] ? root["nodes"] : root, "nodes",
                 "is required (accepted: a mapping of router names)");
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
                for (size_t i = 0; i < 2; ++i)
                {
                    const NtpTopologySpec::LinkEnd& end = i == 0 ? read.first : read.second;
                    if (!HasInterface(file.topology, end))
                    {
                        Fail(link["ends"][i], "links[].ends",
                             "'" + end.node + " " + end.interface
                                 + "' is no interface of a node (accepted: NODE INTERFACE as "
                                   "given under nodes)");
                    }
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

  private:
    static bool HasInterface(const NtpTopologySpec& topology, const NtpTopologySpec::LinkEnd& end)
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

    NtpTopologySpec::Node ReadNode(const std::string& name, const YAML::Node& node)
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
            Keys(clock, where + ".clock", {"offset", "frequency", "wander", "phase_noise"});
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
                    interface.ipv4 = String(entry.second["ipv4"], key + ".ipv4");
                }
                if (entry.second["ipv6"])
                {
                    interface.ipv6 = String(entry.second["ipv6"], key + ".ipv6");
                }
                if (entry.second["vpn"])
                {
                    interface.vpn = String(entry.second["vpn"], key + ".vpn");
                }
                if (interface.ipv4.empty())
                {
                    Fail(entry.second, key + ".ipv4",
                         "is required in this version (accepted: ADDRESS/LENGTH)");
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

    NtpTopologySpec::LinkEnd End(const YAML::Node& node, const std::string& key)
    {
        const std::string text = String(node, key);
        const size_t space = text.find(' ');
        if (space == std::string::npos)
        {
            Fail(node, key,
                 "'" + text + "' (accepted: NODE INTERFACE, e.g. R1 GigabitEthernet0/0/1)");
        }
        return {text.substr(0, space), text.substr(space + 1)};
    }

    /// One number (both directions) or [forward, backward].
    std::pair<double, double> PerDirection(const YAML::Node& node, const std::string& key,
                                           double max)
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

    NtpTopologySpec::Link ReadLink(const YAML::Node& node)
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
            const auto jitter = PerDirection(node["jitter"], "links[].jitter", 10);
            if (jitter.first != jitter.second)
            {
                Fail(node["jitter"], "links[].jitter",
                     "differs per direction (accepted in this version: one mean for both)");
            }
            link.jitter = jitter.first;
        }
        if (node["loss"])
        {
            link.loss = Number(node["loss"], "links[].loss", 0, 1);
        }
        if (node["rate"])
        {
            link.rate = String(node["rate"], "links[].rate");
        }
        return link;
    }

    void KnownNode(const YAML::Node& at, const std::string& key, const std::string& name,
                   const NtpScenarioFile& file) const
    {
        for (const NtpTopologySpec::Node& spec : file.topology.nodes)
        {
            if (spec.name == name)
            {
                return;
            }
        }
        Fail(at, key, "'" + name + "' is no node of the file");
    }

    NtpScenarioEvent ReadEvent(const YAML::Node& node, const NtpScenarioFile& file)
    {
        Keys(node, "events[]", {"at", "link", "state", "node", "config", "display"});
        NtpScenarioEvent e;
        e.line = node.Mark().line + 1;
        if (!node["at"])
        {
            Fail(node, "events[].at", "is required (accepted: seconds, 0..duration)");
        }
        e.at = Number(node["at"], "events[].at", 0, file.duration);
        if (node["link"])
        {
            e.kind = NtpScenarioEvent::Kind::Link;
            const YAML::Node ends = node["link"];
            if (!ends.IsSequence() || ends.size() != 2)
            {
                Fail(ends, "events[].link", "(accepted: [NODE INTERFACE, NODE INTERFACE])");
            }
            const NtpTopologySpec::LinkEnd first = End(ends[0], "events[].link");
            const NtpTopologySpec::LinkEnd second = End(ends[1], "events[].link");
            bool found = false;
            for (const NtpTopologySpec::Link& link : file.topology.links)
            {
                auto same = [](const NtpTopologySpec::LinkEnd& a, const NtpTopologySpec::LinkEnd& b)
                {
                    return a.node == b.node
                        && NtpInterfaceNames::Canonical(a.interface)
                               == NtpInterfaceNames::Canonical(b.interface);
                };
                found |= (same(link.first, first) && same(link.second, second))
                      || (same(link.first, second) && same(link.second, first));
            }
            if (!found)
            {
                Fail(ends, "events[].link",
                     "names no link of the file (accepted: the ends of a link)");
            }
            e.node = first.node;
            e.interface = first.interface;
            if (!node["state"])
            {
                Fail(node, "events[].state", "is required with link (accepted: down, up)");
            }
            const std::string state = String(node["state"], "events[].state");
            if (state != "down" && state != "up")
            {
                Fail(node["state"], "events[].state", "'" + state + "' (accepted: down, up)");
            }
            e.up = state == "up";
            return e;
        }
        if (!node["node"])
        {
            Fail(node, "events[]",
                 "says nothing to do (accepted: link with state, or node with "
                 "config or display)");
        }
        e.node = String(node["node"], "events[].node");
        KnownNode(node["node"], "events[].node", e.node, file);
        if (node["config"])
        {
            e.kind = NtpScenarioEvent::Kind::Config;
            e.text = String(node["config"], "events[].config");
        }
        else if (node["display"])
        {
            e.kind = NtpScenarioEvent::Kind::Display;
            e.text = String(node["display"], "events[].display");
        }
        else
        {
            Fail(node, "events[]", "a node event needs config or display");
        }
        return e;
    }

    NtpExpectation ReadExpectation(const YAML::Node& node, const NtpScenarioFile& file)
    {
        Keys(node, "expect[]",
             {"node", "synchronized", "by", "offset_to", "max_abs", "from", "to", "stratum",
              "system_peer", "refused", "min", "config_error"});
        NtpExpectation e;
        e.line = node.Mark().line + 1;
        if (!node["node"])
        {
            Fail(node, "expect[].node", "is required (accepted: a node of the file)");
        }
        e.node = String(node["node"], "expect[].node");
        bool known = false;
        for (const NtpTopologySpec::Node& spec : file.topology.nodes)
        {
            known |= spec.name == e.node;
        }
        if (!known)
        {
            Fail(node["node"], "expect[].node", "'" + e.node + "' is no node of the file");
        }
        if (node["synchronized"])
        {
            e.kind = NtpExpectation::Kind::Synchronized;
            e.synchronized = Bool(node["synchronized"], "expect[].synchronized");
            if (node["by"])
            {
                e.by = Number(node["by"], "expect[].by", 0, file.duration);
            }
        }
        else if (node["offset_to"])
        {
            e.kind = NtpExpectation::Kind::OffsetTo;
            e.offsetTo = String(node["offset_to"], "expect[].offset_to");
            if (!node["max_abs"])
            {
                Fail(node, "expect[].max_abs", "is required with offset_to (accepted: seconds)");
            }
            e.maxAbs = Number(node["max_abs"], "expect[].max_abs", 0, 1e9);
            if (node["from"])
            {
                e.from = Number(node["from"], "expect[].from", 0, file.duration);
            }
            if (node["to"])
            {
                e.to = Number(node["to"], "expect[].to", e.from, file.duration);
            }
        }
        else if (node["stratum"])
        {
            e.kind = NtpExpectation::Kind::Stratum;
            e.stratum = static_cast<int>(Number(node["stratum"], "expect[].stratum", 1, 16));
        }
        else if (node["system_peer"])
        {
            e.kind = NtpExpectation::Kind::SystemPeer;
            e.systemPeer = String(node["system_peer"], "expect[].system_peer");
        }
        else if (node["refused"])
        {
            e.kind = NtpExpectation::Kind::Refused;
            e.reason = String(node["refused"], "expect[].refused");
            if (node["min"])
            {
                e.min = static_cast<uint64_t>(Number(node["min"], "expect[].min", 0, 1e15));
            }
        }
        else if (node["config_error"])
        {
            e.kind = NtpExpectation::Kind::ConfigError;
            e.text = String(node["config_error"], "expect[].config_error");
        }
        else
        {
            Fail(node, "expect[]",
                 "says nothing to check (accepted: synchronized, offset_to, stratum, "
                 "system_peer, refused, config_error)");
        }
        return e;
    }

    std::string m_path;
    std::vector<std::string> m_overrides;
};

} // namespace

std::optional<NtpScenarioFile>
ReadNtpScenarioFile(const std::string& path, std::string& error,
                    const std::vector<std::string>& overrides)
{
    try
    {
        return Reader(path, overrides).Read();
    }
    catch (const FileError& e)
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
