#include "ntp-interface-names.h"
#include "scenario-reader.h"

namespace ns3
{

NtpScenarioEvent
NtpScenarioReader::ReadEvent(const YAML::Node& node, const NtpScenarioFile& file)
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
            Fail(ends, "events[].link", "names no link of the file (accepted: the ends of a link)");
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

NtpExpectation
NtpScenarioReader::ReadExpectation(const YAML::Node& node, const NtpScenarioFile& file)
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
    KnownNode(node["node"], "expect[].node", e.node, file);
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

} // namespace ns3
