/*
 * NTP peers across VPN instances (issue #9): two provider-edge routers joined
 * VRF-lite (one link per VPN and one public link), customer-edge routers in
 * two VPNs with overlapping addresses, and one peering that is right beside
 * one that is wrong in a chosen way. The example ntp-peer-vpn and the ns-3
 * suite ntp-peer-vpn run this one function.
 *
 *            vpnA 10.1.1.0/24                     vpnA 10.2.2.0/24
 *   CE-A1 (.2) ----------- (.1) PE1 == PE2 (.1) ----------- (.2) CE-A2
 *   CE-B1 (.2) ----------- (.1) PE1       vpnB 10.1.1.0/24 (the same addresses)
 *   PE1-PE2: vpnA 172.16.1.0/30, vpnB 172.16.2.0/30, public 192.168.12.0/30
 *
 * Every link is dual stack (IPv6 the same plan in fd00::/8); with ipv6 the
 * peerings use the IPv6 addresses.
 * CE-A1 and CE-B1 both answer at 10.1.1.2, each with its own local clock at
 * stratum 2. PE1 peers with 10.1.1.2 in vpnA from its interface toward
 * CE-A1 (right: CE-A1). The other peerings are the case chosen:
 *   none           PE2 peers with 10.1.1.2 in vpnA: CE-A1, through PE1; and
 *                  CE-A2 peers with PE1 at 10.1.1.1 (vpnA; vpnB has it too)
 *   wrong-vpn      PE2 names vpnB: it synchronizes to CE-B1, not CE-A1
 *   no-vpn         PE2 names no VPN: the public table has no route to CE-A1
 *   vpn-no-route   PE2 peers with PE1's public address 192.168.12.1 in vpnA
 *   passive-source CE-A2 peers with PE1 at 10.1.1.1 (vpnA, through PE2);
 *                  PE1's source interface for vpnA is its public link
 *   two-vpns       PE1 also peers with 10.1.1.2 in vpnB: two associations,
 *                  one per VPN, each answered by its own CE
 */
#ifndef NTP_PEER_VPN_SCENARIO_H
#define NTP_PEER_VPN_SCENARIO_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

struct NtpVpnConfig
{
    double simTime{7200};              ///< s
    std::string mismatch{"wrong-vpn"}; ///< none, wrong-vpn, no-vpn, vpn-no-route, passive-source
    std::string pcapPrefix;            ///< pcap of every link, empty: none
    double driftCeA1{20};              ///< ppm, CE-A1's free-running clock
    double driftCeB1{-40};             ///< ppm, CE-B1's
    double offsetCeB1{0.25};           ///< s, CE-B1's clock minus CE-A1's at time 0
    /// s, when CE-A2's NTP service starts: once PE1 has settled (see the .cc).
    double ceA2Start{1200};
    /// Peer over IPv6 (every link also has fd00:... addresses: fd00:1:1::/64 for
    /// 10.1.1.0/24, fd00:12::/64 for 192.168.12.0/30, and so on).
    bool ipv6{false};
};

/// The mismatch cases NtpVpnConfig accepts.
std::vector<std::string> NtpVpnMismatchCases();

/// One configured peering and how it ended.
struct NtpVpnPeering
{
    std::string router;    ///< who is configured ("PE1")
    std::string statement; ///< the command it runs
    std::string intended;  ///< the router the engineer meant ("CE-A1")
    bool synchronized{false};
    std::string synchronizedTo;       ///< ground truth: the router it synchronized to, "" none
    std::string answeredBy;           ///< ground truth: the router whose packets answered, "" none
    double offsetToIntended{0};       ///< s, its clock minus the intended router's at the end
    double offsetToSynchronizedTo{0}; ///< s, its clock minus its system peer's at the end
    /// Its packets to the peer that could not be sent, by reason.
    std::map<std::string, uint64_t> txDrops;
    /// Every packet the intended router could not send, by reason.
    std::map<std::string, uint64_t> passiveTxDrops;
    uint64_t packetsReceived{0};
    /// One line: why it did or did not synchronize to the intended router.
    std::string why;
    /// "display ntp-service sessions verbose" on the router at the end.
    std::string display;
};

struct NtpVpnResult
{
    bool configured{true};
    std::string error;
    std::vector<NtpVpnPeering> peerings; ///< the right one, then the chosen case
};

NtpVpnResult RunNtpVpnScenario(const NtpVpnConfig& config);

} // namespace ns3

#endif // NTP_PEER_VPN_SCENARIO_H
