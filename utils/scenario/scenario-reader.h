/*
 * The reader of scenario files, shared by scenario-file.cc (the file, its
 * nodes and links), scenario-events.cc (events and expectations) and
 * scenario-reader.cc (the checked YAML primitives). Internal to the runner:
 * users call ReadNtpScenarioFile (scenario-file.h).
 */
#ifndef NTP_SCENARIO_READER_H
#define NTP_SCENARIO_READER_H

#include "scenario-file.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace ns3
{

class NtpScenarioReader
{
  public:
    /// Thrown inside the reader only; becomes the error string.
    struct FileError
    {
        std::string message;
    };

    NtpScenarioReader(std::string path, std::vector<std::string> overrides) :
        m_path(std::move(path)), m_overrides(std::move(overrides))
    {
    }

    NtpScenarioFile Read();

  private:
    // The checked primitives: each fails with FILE:LINE:COLUMN: KEY: problem.
    void Override(YAML::Node& root, const std::string& assignment) const;
    [[noreturn]] void Fail(const YAML::Node& at, const std::string& key,
                           const std::string& problem) const;
    /// Only these keys may appear in a map.
    void Keys(const YAML::Node& map, const std::string& where,
              const std::set<std::string>& accepted) const;
    double Number(const YAML::Node& node, const std::string& key, double min, double max) const;
    std::string String(const YAML::Node& node, const std::string& key) const;
    /// "1Gbps", "100Mbps" (what ns-3's DataRate parses).
    std::string Rate(const YAML::Node& node, const std::string& key) const;
    /// "10.0.12.1/30" or, with ipv6, "2001:db8::1/64".
    std::string Prefix(const YAML::Node& node, const std::string& key, bool ipv6) const;
    bool Bool(const YAML::Node& node, const std::string& key) const;
    static std::string Text(const YAML::Node& node);
    /// "R1 GigabitEthernet0/0/1"
    NtpTopologySpec::LinkEnd End(const YAML::Node& node, const std::string& key);
    /// One number (both directions) or [forward, backward].
    std::pair<double, double> PerDirection(const YAML::Node& node, const std::string& key,
                                           double max);
    static bool HasInterface(const NtpTopologySpec& topology, const NtpTopologySpec::LinkEnd& end);
    /// The end names an interface of the file, on no other link or LAN.
    void Attach(const YAML::Node& at, const std::string& key, const NtpTopologySpec::LinkEnd& end,
                const NtpScenarioFile& file);
    void KnownNode(const YAML::Node& at, const std::string& key, const std::string& name,
                   const NtpScenarioFile& file) const;

    // The sections.
    NtpTopologySpec::Node ReadNode(const std::string& name, const YAML::Node& node);
    NtpTopologySpec::Link ReadLink(const YAML::Node& node);
    NtpTopologySpec::Lan ReadLan(const YAML::Node& node);
    NtpScenarioEvent ReadEvent(const YAML::Node& node, const NtpScenarioFile& file);
    /// The two ends of a link of the file, in the order given.
    std::pair<NtpTopologySpec::LinkEnd, NtpTopologySpec::LinkEnd> LinkOfFile(
        const YAML::Node& ends, const std::string& key, const NtpScenarioFile& file);
    NtpScenarioAttack ReadAttack(const YAML::Node& node, double at, const NtpScenarioFile& file);
    NtpExpectation ReadExpectation(const YAML::Node& node, const NtpScenarioFile& file);
    /// min and max of refused and counter (min defaults to 1 alone, 0 with max).
    void ReadBounds(const YAML::Node& node, NtpExpectation& e) const;

    std::string m_path;
    std::vector<std::string> m_overrides;
    /// The values --set put in, with their assignments (for messages).
    mutable std::vector<std::pair<YAML::Node, std::string>> m_overridden;
    /// Interfaces on a link or LAN ("R1 GigabitEthernet0/0/1") -> where (line).
    std::map<std::string, int> m_attached;
};

} // namespace ns3

#endif // NTP_SCENARIO_READER_H
