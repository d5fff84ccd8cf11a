#include "ntp-peer-vpn-scenario.h"

#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ntp-link-channel.h"
#include "ntp-peer-helper.h"
#include "ntp-topology.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ns3
{

std::vector<std::string>
NtpVpnMismatchCases()
{
    return {"none", "wrong-vpn", "no-vpn", "vpn-no-route", "passive-source", "two-vpns"};
}

namespace
{

std::string
Explain(const std::string& reason, const std::string& instance)
{
    const std::string table = instance.empty() ? "the public table" : instance + "'s table";
    if (reason == "vpn-no-route")
    {
        return table + " has no route to the peer";
    }
    if (reason == "peer-in-vpn-instance")
    {
        return "the public table has no route to the peer, a VPN instance has: the peer lives in "
               "a VPN, the statement names none";
    }
    if (reason == "no-route")
    {
        return "no table of this router has a route to the peer";
    }
    if (reason == "source-in-other-instance")
    {
        return "the source interface is in another instance than the request came in on, so "
               "the answer cannot leave";
    }
    if (reason == "source-no-ipv6" || reason == "source-no-ipv4")
    {
        return "the source interface has no address of the peer's family";
    }
    return reason;
}

/// Counts a router's packets to one peer that could not be sent.
void
CountDropsTo(std::map<std::string, uint64_t>* drops, Address peer, std::string instance,
             const Address& destination, const std::string& destinationInstance,
             const std::string& reason)
{
    if (destination == peer && destinationInstance == instance)
    {
        ++(*drops)[reason];
    }
}

} // namespace

NtpVpnResult
RunNtpVpnScenario(const NtpVpnConfig& config)
{
    NtpVpnResult result;
    const std::vector<std::string> cases = NtpVpnMismatchCases();
    if (std::find(cases.begin(), cases.end(), config.mismatch) == cases.end())
    {
        result.configured = false;
        result.error
            = "unknown mismatch case '" + config.mismatch
            + "' (accepted: none, wrong-vpn, no-vpn, vpn-no-route, passive-source, two-vpns)";
        return result;
    }
    if (!(config.simTime >= 1 && config.simTime <= 315360000))
    {
        result.configured = false;
        result.error = "simTime out of range (accepted: 1..315360000 s)";
        return result;
    }
    if (!(config.ceA2Start >= 0 && config.ceA2Start <= 315360000))
    {
        result.configured = false;
        result.error = "ceA2Start out of range (accepted: 0..315360000 s; after simTime: "
                       "CE-A2 never starts)";
        return result;
    }

    // The topology, built like every other (NtpTopology): VRF-lite between
    // the PEs (a link per VPN and a public one), the same addresses in vpnA
    // and vpnB, dual stack with the same plan in fd00::/8 (ns-3 does not
    // forward 2001:db8::/32). Every clock drifts and starts off on its own;
    // CE-B1's differs from CE-A1's by a quarter of a second, so ground truth
    // tells them apart.
    NtpTopologySpec spec;
    const auto node = [&spec](const std::string& name, double frequency, double offset,
                              std::vector<NtpTopologySpec::Interface> interfaces)
    {
        NtpTopologySpec::Node& n = spec.AddNode(name, std::move(interfaces));
        n.frequency = frequency;
        n.offset = offset;
    };
    const std::string ge = "GigabitEthernet0/0/";
    node("PE1", -30, 0.1,
         {{ge + "1", "10.1.1.1/24", "fd00:1:1::1/64", "vpnA"},
          {ge + "2", "10.1.1.1/24", "fd00:1:1::1/64", "vpnB"},
          {ge + "3", "172.16.1.1/30", "fd00:12:1::1/64", "vpnA"},
          {ge + "4", "172.16.2.1/30", "fd00:12:2::1/64", "vpnB"},
          {ge + "5", "192.168.12.1/30", "fd00:12::1/64", ""}});
    node("PE2", 15, -0.2,
         {{ge + "3", "172.16.1.2/30", "fd00:12:1::2/64", "vpnA"},
          {ge + "4", "172.16.2.2/30", "fd00:12:2::2/64", "vpnB"},
          {ge + "5", "192.168.12.2/30", "fd00:12::2/64", ""},
          {ge + "1", "10.2.2.1/24", "fd00:2:2::1/64", "vpnA"}});
    node("CE-A1", config.driftCeA1, 0, {{ge + "1", "10.1.1.2/24", "fd00:1:1::2/64", ""}});
    node("CE-B1", config.driftCeB1, config.offsetCeB1,
         {{ge + "1", "10.1.1.2/24", "fd00:1:1::2/64", ""}});
    node("CE-A2", 10, 0.3, {{ge + "1", "10.2.2.2/24", "fd00:2:2::2/64", ""}});
    const auto link = [&spec, &ge](const std::string& a, const std::string& ia,
                                   const std::string& b, const std::string& ib)
    {
        spec.AddLink({a, ge + ia}, {b, ge + ib}, 0.002);
    };
    link("PE1", "1", "CE-A1", "1");
    link("PE1", "2", "CE-B1", "1");
    link("PE1", "3", "PE2", "3");
    link("PE1", "4", "PE2", "4");
    link("PE1", "5", "PE2", "5");
    link("PE2", "1", "CE-A2", "1");
    NtpTopology topology;
    if (const std::string error = topology.Build(spec); !error.empty())
    {
        result.configured = false;
        result.error = error;
        Simulator::Destroy();
        return result;
    }
    Ptr<Node> pe1 = topology.GetNode("PE1");
    Ptr<Node> pe2 = topology.GetNode("PE2");
    Ptr<Node> ceA1 = topology.GetNode("CE-A1");
    Ptr<Node> ceB1 = topology.GetNode("CE-B1");
    Ptr<Node> ceA2 = topology.GetNode("CE-A2");
    auto nameOf = [&topology](Ptr<Node> node)
    {
        return node ? topology.NameOf(node) : "";
    };
    NtpPeerHelper ntp;

    std::map<Ptr<Node>, std::string> cli;
    cli[ceA1] = "ntp-service refclock-master 2\n";
    cli[ceB1] = "ntp-service refclock-master 2\n";

    struct Plan
    {
        Ptr<Node> router;
        NtpPeerOptions options;
        Ptr<Node> intended;
    };
    std::vector<Plan> plans;
    // PE1 -> CE-A1 in vpnA, from its interface toward CE-A1: a peer's own
    // source interface wins over the instance's global one (passive-source).
    NtpPeerOptions right;
    const bool v6 = config.ipv6;
    auto ip = [v6](const char* v4, const char* six) -> Address
    {
        return v6 ? Address(Ipv6Address(six)) : Address(Ipv4Address(v4));
    };
    right.address = ip("10.1.1.2", "fd00:1:1::2");
    right.vpnInstance = "vpnA";
    right.sourceInterface = pe1->GetObject<Ipv4>()->GetInterfaceForDevice(
        topology.GetDevice("PE1", "GigabitEthernet0/0/1"));
    plans.push_back({pe1, right, ceA1});
    NtpPeerOptions fromPe2;
    fromPe2.address = ip("10.1.1.2", "fd00:1:1::2");
    fromPe2.vpnInstance = "vpnA";
    // CE-A2 (no VPN of its own) -> PE1's vpnA address, which vpnB has too.
    NtpPeerOptions fromCe;
    fromCe.address = ip("10.1.1.1", "fd00:1:1::1");
    if (config.mismatch == "none")
    {
        plans.push_back({pe2, fromPe2, ceA1});
        plans.push_back({ceA2, fromCe, pe1});
    }
    else if (config.mismatch == "wrong-vpn")
    {
        fromPe2.vpnInstance = "vpnB";
        plans.push_back({pe2, fromPe2, ceA1});
    }
    else if (config.mismatch == "no-vpn")
    {
        fromPe2.vpnInstance = "";
        plans.push_back({pe2, fromPe2, ceA1});
    }
    else if (config.mismatch == "vpn-no-route")
    {
        fromPe2.address = ip("192.168.12.1", "fd00:12::1");
        plans.push_back({pe2, fromPe2, pe1});
    }
    else if (config.mismatch == "two-vpns")
    {
        // The same address in both VPNs: two associations on PE1.
        NtpPeerOptions inB = right;
        inB.vpnInstance = "vpnB";
        inB.sourceInterface = -1;
        plans.push_back({pe1, inB, ceB1});
    }
    else if (config.mismatch == "passive-source")
    {
        plans.push_back({ceA2, fromCe, pe1});
        // PE1 answers vpnA's requests from its public link.
        cli[pe1] += std::string("ntp-service ") + (v6 ? "ipv6 " : "")
                  + "source-interface GigabitEthernet0/0/5 vpn-instance vpnA\n";
    }
    std::vector<std::string> statements;
    for (const Plan& plan : plans)
    {
        std::ostringstream statement;
        statement << "ntp-service unicast-peer " << (v6 ? "ipv6 " : "")
                  << PrintAddress(plan.options.address);
        if (!plan.options.vpnInstance.empty())
        {
            statement << " vpn-instance " << plan.options.vpnInstance;
        }
        if (plan.options.sourceInterface >= 0)
        {
            statement << " source-interface "
                      << NtpPeerHelper::GetCli(plan.router)
                             ->InterfaceNames()
                             .NameOf(plan.options.sourceInterface);
        }
        statements.push_back(statement.str());
        cli[plan.router] += statement.str() + "\n";
    }
    for (const auto& [node, text] : cli)
    {
        const std::string transcript
            = NtpPeerHelper::Configure(node, "system-view\n" + text + "commit\nreturn\n");
        const size_t at = transcript.find("Error: ");
        if (result.error.empty() && at != std::string::npos)
        {
            result.error = nameOf(node) + ": " + transcript.substr(at + 7);
        }
    }
    if (!result.error.empty())
    {
        result.configured = false;
        Simulator::Destroy();
        return result;
    }
    std::vector<std::map<std::string, uint64_t>> dropsToPeer(plans.size());
    for (std::size_t i = 0; i < plans.size(); ++i)
    {
        NtpPeerHelper::GetService(plans[i].router)
            ->TraceConnectWithoutContext("TxDropped",
                                         MakeBoundCallback(&CountDropsTo, &dropsToPeer[i],
                                                           plans[i].options.address,
                                                           plans[i].options.vpnInstance));
    }

    ntp.AssignStreams(topology.Nodes(), 100);
    // CE-A2 comes up once PE1 has settled (PE1 is within 1 ms of CE-A1
    // about 800 s in). Started at once it would take PE1's time while PE1
    // still corrects its own frequency, and its frequency estimate (ntpd's
    // FREQ state, 300 s) would carry PE1's slew for hours.
    NtpPeerHelper::GetService(ceA2)->SetStartTime(Seconds(config.ceA2Start));
    if (!config.pcapPrefix.empty())
    {
        PointToPointHelper().EnablePcapAll(config.pcapPrefix, false);
    }
    Simulator::Stop(Seconds(config.simTime));
    Simulator::Run();

    for (std::size_t i = 0; i < plans.size(); ++i)
    {
        const Plan& plan = plans[i];
        Ptr<NtpService> service = NtpPeerHelper::GetService(plan.router);
        NtpVpnPeering row;
        row.router = nameOf(plan.router);
        row.statement = statements[i];
        row.intended = nameOf(plan.intended);
        const auto peer = service->GetSystemPeer();
        row.synchronized = peer && service->IsSynchronized();
        row.synchronizedTo = row.synchronized ? nameOf(peer->node) : "";
        row.answeredBy
            = nameOf(service->GetPeerNode(plan.options.address, plan.options.vpnInstance));
        row.offsetToIntended = ntp.GetClock(plan.router)->GetOffsetTo(ntp.GetClock(plan.intended));
        if (peer && peer->node)
        {
            row.offsetToSynchronizedTo
                = ntp.GetClock(plan.router)->GetOffsetTo(ntp.GetClock(peer->node));
        }
        row.txDrops = dropsToPeer[i];
        row.passiveTxDrops = NtpPeerHelper::GetService(plan.intended)->GetTxDrops();
        row.packetsReceived = service->GetPacketsReceived();
        std::ostringstream why;
        if (!row.synchronized && row.answeredBy == row.intended)
        {
            why << "answered by " << row.intended << " (not selected: the router's other "
                << "source disagrees with it)";
        }
        else if (row.synchronized && row.synchronizedTo == row.intended)
        {
            why << "synchronized to " << row.intended << " as meant; |clock - " << row.intended
                << "| = " << std::fabs(row.offsetToIntended) * 1e6 << " us";
        }
        else if (row.synchronized)
        {
            why << "synchronized to " << row.synchronizedTo << ", NOT to " << row.intended << ": "
                << PrintAddress(plan.options.address) << " in "
                << (plan.options.vpnInstance.empty() ? "the public network"
                                                     : plan.options.vpnInstance)
                << " is another router; its clock is " << row.offsetToIntended << " s off "
                << row.intended << "'s";
        }
        else if (!row.txDrops.empty())
        {
            const auto& [reason, count] = *row.txDrops.begin();
            why << "never synchronized: " << count << " packets not sent (" << reason
                << "): " << Explain(reason, plan.options.vpnInstance);
        }
        else if (!row.passiveTxDrops.empty())
        {
            const auto& [reason, count] = *row.passiveTxDrops.begin();
            why << "never synchronized: " << row.intended << " did not send " << count
                << " answers (" << reason << "): " << Explain(reason, "");
        }
        else
        {
            why << "never synchronized; " << row.packetsReceived << " packets received";
        }
        row.why = why.str();
        // What the router's engineer sees (its verbose sessions).
        row.display = NtpPeerHelper::Configure(plan.router, "display ntp-service sessions verbose");
        result.peerings.push_back(row);
    }
    Simulator::Destroy();
    return result;
}

} // namespace ns3
