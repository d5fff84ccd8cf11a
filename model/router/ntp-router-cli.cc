#include "ntp-router-cli.h"

#include "ns3/log.h"
#include "ns3/string.h"
#include "ntp-address.h"
#include "ntp-cipher.h"
#include "ntp-router-display.h"
#include "ntp-service.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpRouterCli");
NS_OBJECT_ENSURE_REGISTERED(NtpRouterCli);

namespace
{

/// The key modes of the router's command (the seed's list), then the digest
/// keys of ntpd and chrony, which the model accepts too (not a router's).
const std::vector<std::string> kKeyModes{"md5",          "hmac-sha256", "aes-128-cmac",
                                         "aes-256-cmac", "sha1",        "sha256"};

/// "ntp-service refclock-master" without a stratum: the vendor's default.
constexpr uint32_t kDefaultRefclockStratum = 8;

NtpCliError
Semantic(const std::string& message)
{
    NtpCliError error;
    error.kind = NtpCliError::Kind::Semantic;
    error.message = message;
    return error;
}

/// Parses an address of the family the command names.
std::optional<Address>
ParseAddress(const std::string& text, bool ipv6)
{
    const auto parsed = ntp::IpAddress::Parse(text);
    if (!parsed || parsed->IsV6() != ipv6)
    {
        return std::nullopt;
    }
    return ToNs3Address(*parsed);
}

} // namespace

TypeId
NtpRouterCli::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpRouterCli")
              .SetParent<Object>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpRouterCli>()
              .AddAttribute("Hostname", "The router's name in prompts (sysname).",
                            StringValue("Router"), MakeStringAccessor(&NtpRouterCli::m_hostname),
                            MakeStringChecker());
    return tid;
}

NtpRouterCli::NtpRouterCli() {}

void
NtpRouterCli::DoDispose()
{
    m_service = nullptr;
    Object::DoDispose();
}

void
NtpRouterCli::SetService(Ptr<NtpService> service)
{
    m_service = service;
}

Ptr<NtpService>
NtpRouterCli::GetService() const
{
    return m_service;
}

NtpInterfaceNames&
NtpRouterCli::InterfaceNames()
{
    return m_names;
}

const NtpInterfaceNames&
NtpRouterCli::InterfaceNames() const
{
    return m_names;
}

std::string
NtpRouterCli::Prompt() const
{
    if (m_view == View::User)
    {
        return "<" + m_hostname + ">";
    }
    return std::string("[") + (m_dirty ? "*" : "~") + m_hostname + "]";
}

std::string
NtpRouterCli::Execute(const std::string& text)
{
    NS_ABORT_MSG_IF(!m_service, "NtpRouterCli has no NtpService (NtpPeerHelper::Install sets it)");
    std::string out;
    std::istringstream lines(text);
    std::string line;
    m_view = View::User;
    m_ended = false;
    while (!m_ended && std::getline(lines, line))
    {
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        const size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#')
        {
            continue; // blank lines and comments, as in a pasted configuration
        }
        RunLine(line.substr(first), out);
    }
    if (m_dirty)
    {
        out += "Warning: The uncommitted configuration was discarded at the end of the "
               "session.\n";
        m_dirty = false;
    }
    m_view = View::User;
    out += Prompt() + "\n";
    return out;
}

void
NtpRouterCli::RunLine(const std::string& text, std::string& out)
{
    const std::string prompt = Prompt();
    out += prompt + text + "\n";
    NtpCliLine line(text);
    std::optional<NtpCliError> error;
    // Each view has its commands: system-view in the user view only, the
    // configuration commands in the system view only.
    std::vector<std::string> commands{"quit", "return", "display"};
    if (m_view == View::User)
    {
        commands.push_back("system-view");
    }
    else
    {
        commands.insert(commands.end(), {"commit", "ntp-service", "undo", "crypto"});
    }
    NtpCliError parseError;
    const auto command = line.Keyword(commands, parseError);
    if (!command)
    {
        error = parseError;
    }
    else if (*command == "system-view" || *command == "quit" || *command == "return"
             || *command == "commit")
    {
        if (line.End(parseError))
        {
            if (*command == "system-view")
            {
                if (m_view == View::User && !m_dirty)
                {
                    m_candidate = m_service->GetConfiguration();
                }
                m_view = View::System;
            }
            else if (*command == "commit")
            {
                Commit(out);
            }
            else if (*command == "quit" && m_view == View::User)
            {
                m_ended = true; // "quit" in the user view ends the session
            }
            else
            {
                m_view = View::User;
            }
        }
        else
        {
            error = parseError;
        }
    }
    else if (*command == "display")
    {
        const std::string shown = Display(line, error);
        if (!error)
        {
            out += shown;
        }
    }
    else
    {
        // Back to "ntp-service", "undo" or "crypto": Configure reads it again.
        line = NtpCliLine(text);
        error = Configure(line);
    }
    if (error)
    {
        if (error->kind != NtpCliError::Kind::Semantic)
        {
            out += error->Caret(prompt.size()) + "\n";
        }
        out += error->Text() + "\n";
    }
}

void
NtpRouterCli::Commit(std::string& out)
{
    if (!m_dirty)
    {
        return;
    }
    const std::string error = m_service->Commit(m_candidate);
    if (!error.empty())
    {
        // Nothing was applied; the candidate stays for the engineer to fix.
        out += "Error: The configuration failed to be committed: " + error + "\n";
        return;
    }
    m_dirty = false;
}

std::optional<NtpCliError>
NtpRouterCli::Configure(NtpCliLine& line)
{
    NtpCliError error;
    const bool undo = line.Accept("undo", {"undo", "ntp-service", "crypto"});
    const auto command = line.Keyword({"ntp-service", "crypto"}, error);
    if (!command)
    {
        return error;
    }
    NtpServiceConfiguration edited = m_candidate;
    if (*command == "crypto")
    {
        // "crypto weak-algorithm disable" (the default) and its undo.
        if (!line.Keyword({"weak-algorithm"}, error) || !line.Keyword({"disable"}, error)
            || !line.End(error))
        {
            return error;
        }
        edited.weakAlgorithmsAllowed = undo;
    }
    else if (auto failed = NtpServiceCommand(line, undo, edited))
    {
        return failed;
    }
    if (std::string refused = m_service->CheckConfiguration(edited); !refused.empty())
    {
        return Semantic(refused);
    }
    m_candidate = edited;
    m_dirty = true;
    return std::nullopt;
}

std::optional<NtpCliError>
NtpRouterCli::NtpServiceCommand(NtpCliLine& line, bool undo, NtpServiceConfiguration& config)
{
    NtpCliError error;
    const auto what = line.Keyword({"authentication-keyid", "authentication",
                                    "authentication-password", "reliable", "source-interface",
                                    "ipv6", "unicast-peer", "unicast-server", "refclock-master"},
                                   error);
    if (!what)
    {
        return error;
    }
    if (*what == "authentication-keyid")
    {
        return KeyCommand(line, undo, config);
    }
    if (*what == "authentication")
    {
        if (!line.Keyword({"enable"}, error) || !line.End(error))
        {
            return error;
        }
        config.authenticationEnable = !undo;
        return std::nullopt;
    }
    if (*what == "authentication-password")
    {
        if (!line.Keyword({"complexity-check"}, error) || !line.Keyword({"enable"}, error)
            || !line.End(error))
        {
            return error;
        }
        config.complexityCheck = !undo;
        return std::nullopt;
    }
    if (*what == "reliable")
    {
        if (!line.Keyword({"authentication-keyid"}, error))
        {
            return error;
        }
        const auto id = line.Integer(1, 4294967295ULL, error);
        if (!id || !line.End(error))
        {
            return error;
        }
        for (NtpKeyConfig& key : config.keys)
        {
            if (key.id == *id)
            {
                key.trusted = !undo;
                return std::nullopt;
            }
        }
        return Semantic("authentication-keyid " + std::to_string(*id)
                        + " does not exist (configure the key first)");
    }
    if (*what == "refclock-master")
    {
        uint32_t stratum = kDefaultRefclockStratum;
        if (!undo && !line.AtEnd())
        {
            const auto given = line.Integer(1, 15, error);
            if (!given)
            {
                return error;
            }
            stratum = static_cast<uint32_t>(*given);
        }
        if (!line.End(error))
        {
            return error;
        }
        config.localStratum = undo ? 0 : stratum;
        return std::nullopt;
    }
    bool ipv6 = false;
    std::string command = *what;
    if (command == "ipv6")
    {
        ipv6 = true;
        const auto next = line.Keyword({"source-interface"}, error);
        if (!next)
        {
            return error;
        }
        command = *next;
    }
    if (command == "source-interface")
    {
        return SourceInterfaceCommand(line, undo, ipv6, config);
    }
    return PeerCommand(line, undo, command == "unicast-server", config);
}

std::optional<NtpCliError>
NtpRouterCli::KeyCommand(NtpCliLine& line, bool undo, NtpServiceConfiguration& config)
{
    NtpCliError error;
    const auto id = line.Integer(1, 4294967295ULL, error);
    if (!id)
    {
        return error;
    }
    if (undo)
    {
        if (!line.End(error))
        {
            return error;
        }
        for (auto it = config.keys.begin(); it != config.keys.end(); ++it)
        {
            if (it->id == *id)
            {
                config.keys.erase(it);
                return std::nullopt;
            }
        }
        return Semantic("authentication-keyid " + std::to_string(*id) + " does not exist");
    }
    const auto mode = line.Keyword({"authentication-mode"}, error) ? line.Keyword(kKeyModes, error)
                                                                   : std::nullopt;
    if (!mode)
    {
        return error;
    }
    NtpKeyConfig key;
    key.id = static_cast<uint32_t>(*id);
    key.mode = *mode;
    // A key is "reliable" only when marked so; it matters once
    // authentication is enabled (see NtpService::Commit).
    key.trusted = false;
    const auto password = line.Word(error);
    if (!password)
    {
        return error;
    }
    key.password = *password;
    if (key.password == "cipher")
    {
        // "cipher TEXT": the stored form (display current-configuration).
        NtpCliLine start = line;
        const auto text = line.Word(error);
        if (!text)
        {
            return error;
        }
        std::string why;
        const auto decoded = NtpCipherDecode(*text, &why);
        if (!decoded)
        {
            return Semantic("the cipher text cannot be decoded: " + why);
        }
        key.password = *decoded;
    }
    if (!line.End(error))
    {
        return error;
    }
    for (NtpKeyConfig& existing : config.keys)
    {
        if (existing.id == key.id)
        {
            key.trusted = existing.trusted;
            existing = key;
            return std::nullopt;
        }
    }
    config.keys.push_back(key);
    return std::nullopt;
}

std::optional<int32_t>
NtpRouterCli::InterfaceArgument(NtpCliLine& line, NtpCliError& error) const
{
    NtpCliLine start = line;
    const auto first = line.Word(error);
    if (!first)
    {
        return std::nullopt;
    }
    std::string typed = *first;
    // "GigabitEthernet 0/0/1": the type and the number as two words.
    if (!NtpInterfaceNames::Canonical(typed) && !line.AtEnd())
    {
        NtpCliLine withNumber = line;
        NtpCliError ignored;
        const auto number = withNumber.Word(ignored);
        if (number && NtpInterfaceNames::Canonical(typed + *number))
        {
            typed += *number;
            line = withNumber;
        }
    }
    auto interface = m_names.Resolve(typed);
    // An unnamed interface is shown by its index (display
    // current-configuration): take it back the same way.
    if (!interface && !typed.empty() && typed.size() < 6
        && typed.find_first_not_of("0123456789") == std::string::npos)
    {
        interface = static_cast<int32_t>(std::stoi(typed));
    }
    if (!interface)
    {
        error = start.ErrorAtNext(NtpCliError::Kind::Wrong);
        return std::nullopt;
    }
    return interface;
}

std::optional<NtpCliError>
NtpRouterCli::SourceInterfaceCommand(NtpCliLine& line, bool undo, bool ipv6,
                                     NtpServiceConfiguration& config)
{
    NtpCliError error;
    NtpSourceInterface source;
    source.ipv6 = ipv6;
    // "undo ... source-interface [IFNAME] [vpn-instance V]": the name may go.
    bool named = true;
    bool vpnGiven = false;
    if (undo && line.AtEnd())
    {
        named = false;
    }
    else if (undo && line.Accept("vpn-instance", {"vpn-instance"}))
    {
        named = false;
        vpnGiven = true;
    }
    if (named)
    {
        const auto interface = InterfaceArgument(line, error);
        if (!interface)
        {
            return error;
        }
        source.interface = *interface;
        vpnGiven = line.Accept("vpn-instance", {"vpn-instance"});
    }
    if (vpnGiven)
    {
        const auto vpn = line.Word(error);
        if (!vpn)
        {
            return error;
        }
        source.vpnInstance = *vpn;
    }
    if (!line.End(error))
    {
        return error;
    }
    for (auto it = config.sourceInterfaces.begin(); it != config.sourceInterfaces.end(); ++it)
    {
        if (it->ipv6 == ipv6 && it->vpnInstance == source.vpnInstance)
        {
            if (undo)
            {
                config.sourceInterfaces.erase(it);
            }
            else
            {
                *it = source;
            }
            return std::nullopt;
        }
    }
    if (undo)
    {
        return Semantic("no source interface is configured for this address family and instance");
    }
    config.sourceInterfaces.push_back(source);
    return std::nullopt;
}

std::optional<NtpCliError>
NtpRouterCli::PeerCommand(NtpCliLine& line, bool undo, bool server, NtpServiceConfiguration& config)
{
    NtpCliError error;
    const bool ipv6 = line.Accept("ipv6", {"ipv6"});
    const auto text = line.Word(error);
    if (!text)
    {
        return error;
    }
    const auto address = ParseAddress(*text, ipv6);
    if (!address)
    {
        return line.ErrorAtPrevious(NtpCliError::Kind::Wrong);
    }
    NtpPeerOptions peer;
    peer.address = *address;
    peer.server = server;
    if (ipv6)
    {
        peer.version = 4;
    }
    // Options in any order; IPv6 has no "version".
    std::vector<std::string> options{"authentication-keyid",
                                     "source-interface",
                                     "vpn-instance",
                                     "preference",
                                     "maxpoll",
                                     "minpoll",
                                     "preempt",
                                     "port"};
    if (!ipv6)
    {
        options.push_back("version");
    }
    if (undo)
    {
        options = {"vpn-instance"};
    }
    while (!line.AtEnd())
    {
        const auto option = line.Keyword(options, error);
        if (!option)
        {
            return error;
        }
        std::optional<uint64_t> value;
        if (*option == "version")
        {
            value = line.Integer(1, 4, error);
            peer.version = static_cast<uint8_t>(value.value_or(0));
        }
        else if (*option == "authentication-keyid")
        {
            value = line.Integer(1, 4294967295ULL, error);
            peer.keyId = static_cast<uint32_t>(value.value_or(0));
        }
        else if (*option == "maxpoll" || *option == "minpoll")
        {
            value = line.Integer(0, 17, error);
            (*option == "maxpoll" ? peer.maxpoll : peer.minpoll)
                = static_cast<int>(value.value_or(0));
        }
        else if (*option == "port")
        {
            value = line.Integer(1, 65535, error);
            peer.port = static_cast<uint16_t>(value.value_or(0));
        }
        else if (*option == "source-interface")
        {
            const auto interface = InterfaceArgument(line, error);
            value = interface ? std::optional<uint64_t>(0) : std::nullopt;
            peer.sourceInterface = interface.value_or(-1);
        }
        else if (*option == "vpn-instance")
        {
            const auto vpn = line.Word(error);
            value = vpn ? std::optional<uint64_t>(0) : std::nullopt;
            peer.vpnInstance = vpn.value_or("");
        }
        else
        {
            value = 0;
            (*option == "preference" ? peer.preference : peer.preempt) = true;
        }
        if (!value)
        {
            return error;
        }
    }
    for (auto it = config.peers.begin(); it != config.peers.end(); ++it)
    {
        if (it->address == peer.address && it->vpnInstance == peer.vpnInstance
            && it->server == server)
        {
            if (undo)
            {
                config.peers.erase(it);
            }
            else
            {
                *it = peer; // the statement is replaced as a whole
            }
            return std::nullopt;
        }
    }
    if (undo)
    {
        return Semantic(std::string(server ? "the server" : "the peer") + " " + *text
                        + " is not configured");
    }
    config.peers.push_back(peer);
    return std::nullopt;
}

std::string
NtpRouterCli::Display(NtpCliLine& line, std::optional<NtpCliError>& error) const
{
    NtpCliError parseError;
    const auto what = line.Keyword({"ntp-service", "current-configuration"}, parseError);
    if (!what)
    {
        error = parseError;
        return {};
    }
    const NtpInterfaceNamer interfaces = [this](int32_t interface)
    {
        return m_names.NameOf(interface);
    };
    if (*what == "current-configuration")
    {
        // "| include TEXT": the lines that contain TEXT (the rest of the line).
        std::string filter;
        if (line.Accept("|", {"|"}))
        {
            if (!line.Keyword({"include"}, parseError))
            {
                error = parseError;
                return {};
            }
            while (!line.AtEnd())
            {
                const auto word = line.Word(parseError);
                filter += (filter.empty() ? "" : " ") + *word;
            }
            if (filter.empty())
            {
                error = line.ErrorAtNext(NtpCliError::Kind::Incomplete);
                return {};
            }
        }
        if (!line.End(parseError))
        {
            error = parseError;
            return {};
        }
        return DisplayCurrentConfiguration(m_service->GetConfiguration(), interfaces, filter);
    }
    const auto which = line.Keyword({"sessions", "status"}, parseError);
    if (!which)
    {
        error = parseError;
        return {};
    }
    const bool verbose = *which == "sessions" && line.Accept("verbose", {"verbose"});
    if (!line.End(parseError))
    {
        error = parseError;
        return {};
    }
    const ntp::Engine* engine = m_service->GetEngine();
    if (!engine)
    {
        return "Info: The NTP service is not running.\n";
    }
    if (*which == "status")
    {
        return DisplayStatus(*engine);
    }
    const Ptr<NtpService> service = m_service;
    const NtpInstanceNamer instances = [service](uint32_t instance)
    {
        return service->GetInstanceName(instance);
    };
    return DisplaySessions(*engine, m_service->GetConfiguration(), instances, interfaces, verbose);
}

} // namespace ns3
