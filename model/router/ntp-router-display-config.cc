/*
 * "display current-configuration": the NTP configuration as the command
 * lines that make it (order and options in ntp-router-display.h). Apart from
 * the session and status displays because it needs no running engine.
 */
#include "ntp-cipher.h"
#include "ntp-router-display.h"
#include "ntp-socket-set.h"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <vector>

namespace ns3
{

namespace
{

/// The router's defaults (ntp-router-config.h, NtpPeerOptions): options
/// equal to them are not printed, as routers print only what was set.
const NtpPeerOptions kDefaultPeer{};

std::string
Lower(std::string text)
{
    for (char& c : text)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::string
InterfaceArgument(const NtpInterfaceNamer& interfaces, int32_t index)
{
    const std::string name = interfaces ? interfaces(index) : std::string();
    return name.empty() ? std::to_string(index) : name;
}

std::vector<std::string>
KeyLines(const NtpServiceConfiguration& config)
{
    std::vector<NtpKeyConfig> keys = config.keys;
    std::stable_sort(keys.begin(), keys.end(),
                     [](const NtpKeyConfig& a, const NtpKeyConfig& b) { return a.id < b.id; });
    std::vector<std::string> lines;
    for (const NtpKeyConfig& key : keys)
    {
        lines.push_back("ntp-service authentication-keyid " + std::to_string(key.id)
                        + " authentication-mode " + Lower(key.mode) + " cipher "
                        + NtpCipherEncode(key.password));
    }
    for (const NtpKeyConfig& key : keys)
    {
        if (key.trusted)
        {
            lines.push_back("ntp-service reliable authentication-keyid " + std::to_string(key.id));
        }
    }
    return lines;
}

std::vector<std::string>
SourceInterfaceLines(const NtpServiceConfiguration& config, const NtpInterfaceNamer& interfaces)
{
    std::vector<NtpSourceInterface> sources = config.sourceInterfaces;
    // IPv4 before IPv6, the public network before VPN instances, then by name.
    std::stable_sort(sources.begin(), sources.end(),
                     [](const NtpSourceInterface& a, const NtpSourceInterface& b) {
                         return std::make_tuple(a.ipv6, a.vpnInstance)
                              < std::make_tuple(b.ipv6, b.vpnInstance);
                     });
    std::vector<std::string> lines;
    for (const NtpSourceInterface& source : sources)
    {
        std::string line = std::string("ntp-service ") + (source.ipv6 ? "ipv6 " : "")
                         + "source-interface " + InterfaceArgument(interfaces, source.interface);
        if (!source.vpnInstance.empty())
        {
            line += " vpn-instance " + source.vpnInstance;
        }
        lines.push_back(line);
    }
    return lines;
}

std::string
PeerLine(const NtpPeerOptions& peer, const NtpInterfaceNamer& interfaces)
{
    const ntp::IpAddress address = ToCoreAddress(peer.address);
    std::string line = std::string("ntp-service ")
                     + (peer.server ? "unicast-server " : "unicast-peer ")
                     + (address.IsV6() ? "ipv6 " : "") + address.ToString();
    // The IPv6 command has no version option: IPv6 peers speak NTPv4.
    if (!address.IsV6() && peer.version != kDefaultPeer.version)
    {
        line += " version " + std::to_string(peer.version);
    }
    if (peer.keyId != 0)
    {
        line += " authentication-keyid " + std::to_string(peer.keyId);
    }
    if (peer.sourceInterface >= 0)
    {
        line += " source-interface " + InterfaceArgument(interfaces, peer.sourceInterface);
    }
    if (!peer.vpnInstance.empty())
    {
        line += " vpn-instance " + peer.vpnInstance;
    }
    if (peer.preference)
    {
        line += " preference";
    }
    if (peer.maxpoll != kDefaultPeer.maxpoll)
    {
        line += " maxpoll " + std::to_string(peer.maxpoll);
    }
    if (peer.minpoll != kDefaultPeer.minpoll)
    {
        line += " minpoll " + std::to_string(peer.minpoll);
    }
    if (peer.preempt)
    {
        line += " preempt";
    }
    if (peer.port != kDefaultPeer.port)
    {
        line += " port " + std::to_string(peer.port);
    }
    return line;
}

} // namespace

std::string
DisplayCurrentConfiguration(const NtpServiceConfiguration& config,
                            const NtpInterfaceNamer& interfaces, const std::string& includeFilter)
{
    std::vector<std::string> lines;
    if (config.weakAlgorithmsAllowed)
    {
        lines.push_back("undo crypto weak-algorithm disable");
    }
    for (const std::string& line : KeyLines(config))
    {
        lines.push_back(line);
    }
    if (config.authenticationEnable)
    {
        lines.push_back("ntp-service authentication enable");
    }
    if (config.complexityCheck)
    {
        lines.push_back("ntp-service authentication-password complexity-check enable");
    }
    if (config.localStratum != 0)
    {
        lines.push_back("ntp-service refclock-master " + std::to_string(config.localStratum));
    }
    for (const std::string& line : SourceInterfaceLines(config, interfaces))
    {
        lines.push_back(line);
    }
    // unicast-peer lines before unicast-server lines, each in configuration order.
    for (bool server : {false, true})
    {
        for (const NtpPeerOptions& peer : config.peers)
        {
            if (peer.server == server)
            {
                lines.push_back(PeerLine(peer, interfaces));
            }
        }
    }
    std::string text;
    for (const std::string& line : lines)
    {
        if (includeFilter.empty() || line.find(includeFilter) != std::string::npos)
        {
            text += line + "\n";
        }
    }
    return text;
}

} // namespace ns3
