#include "ntp-router-config.h"

#include <cctype>

namespace ns3
{

namespace
{

std::string
Lower(std::string s)
{
    for (char& c : s)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

} // namespace

std::string
NtpAcceptedModes()
{
    return "md5, sha1, sha256, hmac-sha256, aes-128-cmac, aes-256-cmac";
}

std::string
CheckPasswordComplexity(const std::string& password)
{
    bool lower = false;
    bool upper = false;
    bool digit = false;
    bool special = false;
    for (unsigned char c : password)
    {
        lower |= std::islower(c) != 0;
        upper |= std::isupper(c) != 0;
        digit |= std::isdigit(c) != 0;
        special |= std::ispunct(c) != 0;
    }
    const int classes = int(lower) + int(upper) + int(digit) + int(special);
    if (password.size() < 8 || classes < 2)
    {
        return "the password fails the complexity check (accepted: at least 8 characters with at "
               "least two of lowercase, uppercase, digits and special characters)";
    }
    return {};
}

std::string
MakeCoreKey(const NtpKeyConfig& config, const NtpRouterPolicy& policy, ntp::Key& key)
{
    if (config.id == 0)
    {
        return "authentication-keyid 0 is out of range (accepted: 1..4294967295)";
    }
    const std::string mode = Lower(config.mode);
    std::optional<ntp::MacAlgorithm> algorithm;
    if (mode == "md5" || mode == "sha1" || mode == "sha256" || mode == "aes-128-cmac"
        || mode == "aes-256-cmac")
    {
        algorithm = ntp::ParseMacAlgorithm(mode);
    }
    else if (mode == "hmac-sha256")
    {
        algorithm = policy.hmacWire == NtpHmacWire::Hmac ? ntp::MacAlgorithm::HmacSha256
                                                         : ntp::MacAlgorithm::Sha256;
    }
    if (!algorithm)
    {
        return "authentication-mode '" + config.mode
             + "' is not supported (accepted: " + NtpAcceptedModes() + ")";
    }
    if (ntp::IsWeak(*algorithm) && !policy.weakAlgorithmsAllowed)
    {
        return "authentication-mode " + mode
             + " is a weak algorithm and weak algorithms are disabled (run 'undo crypto "
               "weak-algorithm disable', attribute AllowWeakAlgorithms, to allow it)";
    }
    if (config.password.empty() || config.password.size() > 255)
    {
        return "the password must have 1..255 characters, got "
             + std::to_string(config.password.size());
    }
    if (policy.complexityCheck)
    {
        std::string error = CheckPasswordComplexity(config.password);
        if (!error.empty())
        {
            return error;
        }
    }
    ntp::Key candidate;
    candidate.id = config.id;
    candidate.algorithm = *algorithm;
    candidate.secret.assign(config.password.begin(), config.password.end());
    candidate.trusted = config.trusted;
    if (auto error = ntp::ValidateKey(candidate))
    {
        return *error;
    }
    key = candidate;
    return {};
}

std::string
CheckPeerOptions(const NtpPeerOptions& options, const NtpRouterPolicy& policy)
{
    const bool ipv6 = Ipv6Address::IsMatchingType(options.address);
    if (!ipv6 && !Ipv4Address::IsMatchingType(options.address))
    {
        return "the peer has no address (accepted: an IPv4 or IPv6 host address)";
    }
    if (!ipv6)
    {
        const Ipv4Address v4 = Ipv4Address::ConvertFrom(options.address);
        const uint32_t a = v4.Get();
        if (v4.IsBroadcast() || v4.IsMulticast())
        {
            return "the peer address " + std::to_string(a >> 24)
                 + ".x.x.x is broadcast or multicast "
                   "(accepted: a host address)";
        }
        if ((a >> 16) == 0x7f7f)
        {
            return "the peer address is a reference-clock address 127.127.x.x (accepted: a host "
                   "address)";
        }
        if (v4.IsAny())
        {
            return "the peer address 0.0.0.0 is unspecified (accepted: a host address)";
        }
    }
    else
    {
        const Ipv6Address v6 = Ipv6Address::ConvertFrom(options.address);
        if (v6.IsMulticast() || v6.IsAny())
        {
            return "the IPv6 peer address is multicast or unspecified (accepted: a unicast host "
                   "address)";
        }
        if (v6.IsLinkLocal() && options.sourceInterface < 0)
        {
            return "a link-local IPv6 peer needs a source-interface (the link it is on)";
        }
        if (v6.IsLinkLocal() && !options.vpnInstance.empty())
        {
            return "a link-local IPv6 peer cannot have a vpn-instance (its source-interface "
                   "places it)";
        }
        if (options.keyId > 65535)
        {
            return "authentication-keyid " + std::to_string(options.keyId)
                 + " is out of range for an IPv6 peer (accepted: 1..65535)";
        }
        if (options.version != 3 && options.version != 4)
        {
            return "version " + std::to_string(options.version)
                 + " cannot be set for an IPv6 peer (IPv6 peers speak NTPv4; accepted: 4)";
        }
    }
    if (options.version < 1 || options.version > 4)
    {
        return "version " + std::to_string(options.version) + " is out of range (accepted: 1..4)";
    }
    if (options.version == 4 && options.keyId > 65535)
    {
        return "authentication-keyid " + std::to_string(options.keyId)
             + " is out of range for version 4 (accepted: 1..65535)";
    }
    if (policy.vendorPollRanges && (options.maxpoll < 10 || options.maxpoll > 17))
    {
        return "maxpoll " + std::to_string(options.maxpoll) + " is out of range (accepted: 10..17)";
    }
    if (options.vpnInstance.size() > 31)
    {
        return "vpn-instance name '" + options.vpnInstance
             + "' is too long (accepted: 1..31 characters)";
    }
    if (options.port == 0)
    {
        return "port 0 is out of range (accepted: 1..65535)";
    }
    return {};
}

} // namespace ns3
