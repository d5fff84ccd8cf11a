/*
 * NTP peers across VPN instances: two PEs joined VRF-lite, CEs in two VPNs
 * with the same addresses, one peering right and one wrong in a chosen way
 * (helper/ntp-peer-vpn-scenario.h draws the topology). Prints who
 * synchronized to whom, by ground truth, and why the other did not.
 *
 *   ./ntp-peer run ntp-peer-vpn                          # wrong-vpn
 *   ./ntp-peer run ntp-peer-vpn --mismatch=no-vpn
 *   ./ntp-peer run ntp-peer-vpn --mismatch=none          # both right
 *
 * A bad option value exits with status 2 and names the accepted values.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

using namespace ns3;

int
main(int argc, char* argv[])
{
    NtpVpnConfig c;
    NtpOptionTable options(__FILE__);
    options.AddReal("simTime", "Simulated time (s)", c.simTime, 1, 315360000, "s");
    options.AddChoice(
        "mismatch",
        "The second peering: none (right too), wrong-vpn (names vpnB), no-vpn "
        "(names no VPN), vpn-no-route (a public address in vpnA), passive-source "
        "(the passive end's source interface in another instance), two-vpns (the same "
        "address in both VPNs: two associations)",
        c.mismatch, NtpVpnMismatchCases());
    options.AddFlag("ipv6", "Peer over IPv6 (ntp-service unicast-peer ipv6 ...; fd00:1:1::2 etc.)",
                    c.ipv6);
    bool json = false;
    options.AddFlag("json", "Print exactly one JSON object on stdout", json);
    options.AddOutputPrefix("pcap", "Write pcap files of every link with this prefix", c.pcapPrefix,
                            "-0-0.pcap");
    if (!options.ParseOrReport(argc, argv))
    {
        return 2;
    }
    const NtpVpnResult result = RunNtpVpnScenario(c);
    if (json)
    {
        nlohmann::json out{
            {"configured", result.configured}, {"error", result.error},
            {"mismatch", c.mismatch},          {"ip_version", c.ipv6 ? 6 : 4},
            {"sim_time_s", c.simTime},         {"peerings", nlohmann::json::array()}};
        for (const NtpVpnPeering& p : result.peerings)
        {
            out["peerings"].push_back({{"router", p.router},
                                       {"statement", p.statement},
                                       {"intended", p.intended},
                                       {"synchronized", p.synchronized},
                                       {"synchronized_to", p.synchronizedTo},
                                       {"answered_by", p.answeredBy},
                                       {"offset_to_intended_s", p.offsetToIntended},
                                       {"tx_drops", p.txDrops},
                                       {"intended_tx_drops", p.passiveTxDrops},
                                       {"why", p.why}});
        }
        std::cout << out.dump() << std::endl;
        return result.configured ? 0 : 2;
    }
    std::printf("NTP peers across VPN instances (VRF-lite PE1 == PE2; CE-A1 in vpnA and CE-B1 in "
                "vpnB both at 10.1.1.2, each a local clock at stratum 2)\n");
    if (!result.configured)
    {
        std::printf("  configuration refused: %s\n", result.error.c_str());
        std::cerr << "ntp-peer-vpn: the routers refuse the configuration: " << result.error
                  << std::endl;
        return 2;
    }
    for (const NtpVpnPeering& peering : result.peerings)
    {
        std::printf("  %-5s %s  (meant: %s)\n        -> %s\n", peering.router.c_str(),
                    peering.statement.c_str(), peering.intended.c_str(), peering.why.c_str());
    }
    return 0;
}
