/*
 * Router configuration semantics (shared/reference/vrp-ntp-peer-mode.md):
 * what "ntp-service authentication-keyid ... authentication-mode ..." and
 * "ntp-service unicast-peer ..." accept, and the checks a router makes before
 * committing them: weak-algorithm gate, password complexity, value ranges.
 * Each check returns an error that names the problem and the accepted values;
 * nothing here touches a running service.
 */
#ifndef NTP_ROUTER_CONFIG_H
#define NTP_ROUTER_CONFIG_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ntp-auth.h"
#include "ntp-peer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/// "ntp-service authentication-keyid ID authentication-mode MODE PASSWORD"
struct NtpKeyConfig
{
    uint32_t id{0};
    /// md5, hmac-sha256, aes-128-cmac, aes-256-cmac (router modes); sha1 and
    /// sha256 (the digest keys of ntpd/chrony) are accepted too.
    std::string mode;
    std::string password;
    /// "ntp-service reliable authentication-keyid": trusted keys count.
    bool trusted{true};
};

/// What a router puts on the wire for "hmac-sha256" could not be verified:
/// both candidates are modelled (see doc/ntp-peer.rst).
enum class NtpHmacWire
{
    Hmac,  ///< RFC 2104 HMAC-SHA256, first 20 bytes
    Digest ///< SHA256(key || packet), first 20 bytes, as ntpd/chrony "SHA256" keys
};

/// "ntp-service unicast-peer ADDRESS [options]" and "ntp-service unicast-peer ipv6 ADDRESS
/// [options]"
struct NtpPeerOptions
{
    /// An Ipv4Address or an Ipv6Address (IPv6: the "ipv6" form of the command).
    Address address;
    /// Vendor default 3 (1..4). The IPv6 command has no version: IPv6 peers speak NTPv4.
    uint8_t version{3};
    /// authentication-keyid; 0: none. 1..4294967295, 1..65535 for version 4 and IPv6.
    uint32_t keyId{0};
    int minpoll{6};
    int maxpoll{10};
    bool preference{false}; ///< "preference": the prefer peer
    bool preempt{false};
    uint16_t port{123};
    /// source-interface: an IPv4 interface index of the node (the interface's
    /// addresses of both families); -1: the global one of the peer's instance, if any.
    /// A link-local IPv6 peer needs one.
    int32_t sourceInterface{-1};
    /// vpn-instance (1..31 characters): the peer is reached through this VPN
    /// instance's routing table; empty: the public network.
    std::string vpnInstance;
    /// Client/server instead of symmetric active ("unicast-server").
    bool server{false};
};

/// "ntp-service [ipv6] source-interface IF [vpn-instance V]": the source
/// address of the NTP packets of one address family in one instance.
struct NtpSourceInterface
{
    int32_t interface {
        - 1
    };                       ///< IPv4 interface index of the node
    std::string vpnInstance; ///< empty: the public network
    bool ipv6{false};        ///< the "ipv6" form: IPv6 packets
};

/// Everything a router's NTP configuration holds, as one value: what
/// NtpService::Commit applies at once (the router's "commit"), and what
/// "display current-configuration" prints.
struct NtpServiceConfiguration
{
    std::vector<NtpKeyConfig> keys;
    bool authenticationEnable{false};  ///< ntp-service authentication enable
    bool weakAlgorithmsAllowed{false}; ///< undo crypto weak-algorithm disable
    bool complexityCheck{false};       ///< authentication-password complexity-check enable
    uint32_t localStratum{0};          ///< ntp-service refclock-master N; 0: none
    std::vector<NtpSourceInterface> sourceInterfaces;
    std::vector<NtpPeerOptions> peers; ///< unicast-peer, and unicast-server (server = true)
};

/// Settings of the checks (service attributes).
struct NtpRouterPolicy
{
    bool weakAlgorithmsAllowed{false}; ///< "undo crypto weak-algorithm disable"
    bool complexityCheck{false};       ///< "authentication-password complexity-check enable"
    bool vendorPollRanges{false};      ///< maxpoll 10..17 as on the router CLI
    NtpHmacWire hmacWire{NtpHmacWire::Hmac};
};

/// Vendor guidance: at least 8 characters with at least two of lowercase,
/// uppercase, digits and special characters. Empty on success.
std::string CheckPasswordComplexity(const std::string& password);

/// Validates a key command and converts it to a core key. Empty on success.
std::string MakeCoreKey(const NtpKeyConfig& config, const NtpRouterPolicy& policy, ntp::Key& key);

/// Validates unicast-peer options (ranges the router enforces). Empty on success.
std::string CheckPeerOptions(const NtpPeerOptions& options, const NtpRouterPolicy& policy);

/// The accepted authentication-mode names, for messages and --help.
std::string NtpAcceptedModes();

} // namespace ns3

#endif // NTP_ROUTER_CONFIG_H
