#include "ntp-interface-names.h"
#include "scenario-reader.h"

#include <map>

namespace ns3
{

std::pair<NtpTopologySpec::LinkEnd, NtpTopologySpec::LinkEnd>
NtpScenarioReader::LinkOfFile(const YAML::Node& ends, const std::string& key,
                              const NtpScenarioFile& file)
{
    if (!ends.IsSequence() || ends.size() != 2)
    {
        Fail(ends, key, "(accepted: [NODE INTERFACE, NODE INTERFACE])");
    }
    const NtpTopologySpec::LinkEnd first = End(ends[0], key);
    const NtpTopologySpec::LinkEnd second = End(ends[1], key);
    auto same = [](const NtpTopologySpec::LinkEnd& a, const NtpTopologySpec::LinkEnd& b)
    {
        return a.node == b.node
            && NtpInterfaceNames::Canonical(a.interface)
                   == NtpInterfaceNames::Canonical(b.interface);
    };
    for (const NtpTopologySpec::Link& link : file.topology.links)
    {
        if ((same(link.first, first) && same(link.second, second))
            || (same(link.first, second) && same(link.second, first)))
        {
            return {first, second};
        }
    }
    Fail(ends, key, "names no link of the file (accepted: the ends of a link)");
}

NtpScenarioAttack
NtpScenarioReader::ReadAttack(const YAML::Node& node, double at, const NtpScenarioFile& file)
{
    const std::string where = "events[].attack";
    if (!node.IsMap() || !node["kind"])
    {
        Fail(node, where + ".kind", "is required (accepted: delay, spoof, flood, kod)");
    }
    NtpScenarioAttack a;
    a.kind = String(node["kind"], where + ".kind");
    // The keys each kind takes besides kind, link, direction and until.
    static const std::map<std::string, std::set<std::string>> kKeys{
        {"delay", {"extra"}},
        {"spoof", {"origin", "offset", "replay", "interval"}},
        {"flood", {"sources", "rate"}},
        {"kod", {"code", "poll", "origin"}}};
    const auto keys = kKeys.find(a.kind);
    if (keys == kKeys.end())
    {
        Fail(node["kind"], where + ".kind",
             "'" + a.kind + "' (accepted: delay, spoof, flood, kod)");
    }
    std::set<std::string> accepted = keys->second;
    accepted.insert({"kind", "link", "direction", "until"});
    Keys(node, where, accepted);
    if (!node["link"])
    {
        Fail(node, where + ".link", "is required (accepted: [NODE INTERFACE, NODE INTERFACE])");
    }
    std::tie(a.from, a.to) = LinkOfFile(node["link"], where + ".link", file);
    if (node["direction"])
    {
        const std::string direction = String(node["direction"], where + ".direction");
        if (direction != "forward" && direction != "backward")
        {
            Fail(node["direction"], where + ".direction",
                 "'" + direction
                     + "' (accepted: forward, from the first end to the second; backward)");
        }
        if (direction == "backward")
        {
            std::swap(a.from, a.to);
        }
    }
    // A flood lasts a minute unless told; the others to the end.
    a.until = a.kind == "flood" ? std::min(at + 60, file.duration) : file.duration;
    if (node["until"])
    {
        a.until = Number(node["until"], where + ".until", at, file.duration);
    }
    if (a.kind == "delay")
    {
        if (!node["extra"])
        {
            Fail(node, where + ".extra", "is required with delay (accepted: seconds, 0..10)");
        }
        a.extra = Number(node["extra"], where + ".extra", 0, 10);
    }
    if (node["origin"])
    {
        a.origin = String(node["origin"], where + ".origin");
        if (a.origin != "echo" && a.origin != "random")
        {
            Fail(node["origin"], where + ".origin",
                 "'" + a.origin + "' (accepted: echo, the victim's last transmit time; random)");
        }
    }
    if (node["offset"])
    {
        a.offset = Number(node["offset"], where + ".offset", -1000, 1000);
    }
    if (node["replay"])
    {
        a.replay = Bool(node["replay"], where + ".replay");
    }
    if (node["interval"])
    {
        a.interval = Number(node["interval"], where + ".interval", 0.01, 86400);
    }
    if (node["sources"])
    {
        a.sources = static_cast<uint32_t>(Number(node["sources"], where + ".sources", 1, 1e6));
    }
    if (node["rate"])
    {
        a.rate = Number(node["rate"], where + ".rate", 0.001, 1e5);
    }
    if (node["code"])
    {
        a.code = String(node["code"], where + ".code");
        if (a.code.empty() || a.code.size() > 4
            || a.code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        {
            Fail(node["code"], where + ".code",
                 "'" + a.code + "' (accepted: 1 to 4 capitals, e.g. RATE, DENY, RSTR)");
        }
    }
    if (node["poll"])
    {
        a.poll = static_cast<int>(Number(node["poll"], where + ".poll", 3, 17));
    }
    return a;
}

NtpScenarioEvent
NtpScenarioReader::ReadEvent(const YAML::Node& node, const NtpScenarioFile& file)
{
    Keys(node, "events[]", {"at", "link", "state", "node", "config", "display", "attack"});
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
        const auto [first, second] = LinkOfFile(node["link"], "events[].link", file);
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
    if (node["attack"])
    {
        e.kind = NtpScenarioEvent::Kind::Attack;
        e.attack = ReadAttack(node["attack"], e.at, file);
        return e;
    }
    if (!node["node"])
    {
        Fail(node, "events[]",
             "says nothing to do (accepted: link with state, attack, or node with "
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
         {"node", "synchronized", "by", "offset_to", "max_abs", "min_abs", "from", "to", "stratum",
          "system_peer", "refused", "counter", "min", "max", "peer", "poll", "config_error"});
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
        if (!node["max_abs"] && !node["min_abs"])
        {
            Fail(node, "expect[].max_abs",
                 "max_abs or min_abs is required with offset_to (accepted: seconds)");
        }
        if (node["max_abs"])
        {
            e.maxAbs = Number(node["max_abs"], "expect[].max_abs", 0, 1e9);
        }
        if (node["min_abs"])
        {
            e.minAbs = Number(node["min_abs"], "expect[].min_abs", 0, 1e9);
        }
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
        ReadBounds(node, e);
    }
    else if (node["counter"])
    {
        e.kind = NtpExpectation::Kind::Counter;
        e.counter = String(node["counter"], "expect[].counter");
        static const std::set<std::string> kCounters{
            "packets_tx",  "packets_rx",        "accepted", "auth_failures", "mobilized",
            "demobilized", "stateless_replies", "evicted",  "associations"};
        if (kCounters.count(e.counter) == 0)
        {
            Fail(node["counter"], "expect[].counter",
                 "'" + e.counter
                     + "' (accepted: packets_tx, packets_rx, accepted, auth_failures, mobilized, "
                       "demobilized, stateless_replies, evicted, associations)");
        }
        ReadBounds(node, e);
    }
    else if (node["peer"])
    {
        e.kind = NtpExpectation::Kind::PeerPoll;
        e.peer = String(node["peer"], "expect[].peer");
        if (!node["poll"])
        {
            Fail(node, "expect[].poll", "is required with peer (accepted: 3..17)");
        }
        e.poll = static_cast<int>(Number(node["poll"], "expect[].poll", 3, 17));
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
             "system_peer, refused, counter, peer with poll, config_error)");
    }
    return e;
}

void
NtpScenarioReader::ReadBounds(const YAML::Node& node, NtpExpectation& e) const
{
    if (node["min"])
    {
        e.min = static_cast<uint64_t>(Number(node["min"], "expect[].min", 0, 1e15));
    }
    if (node["max"])
    {
        e.max = static_cast<uint64_t>(Number(node["max"], "expect[].max", 0, 1e15));
        if (!node["min"])
        {
            e.min = 0;
        }
    }
}

} // namespace ns3
