/*
 * What symmetric peer mode is for: two routers back each other up.
 *
 *   S1 (stratum 1) --- R1 ===== R2 --- S2 (stratum 1)
 *
 * R1 and R2 are clients of their own upstream server (S1, S2) and proactive
 * peers of each other. At --failTime R1's link to S1 goes down: R1 loses its
 * upstream, takes time from R2 (its stratum goes from 2 to 3) and stays
 * accurate. R2 never takes time back from R1 (R1's refid is then R2's address).
 *
 *   ./ntp-peer run ntp-peer-backup [--failTime=43200] [--simTime=86400] [--json]
 *
 * Options are checked before anything runs (helper/ntp-peer-options.h): a bad
 * value exits with status 2 and one line on stderr naming the accepted values.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"

#include <cstdio>
#include <functional>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ns3;

namespace
{

// ns-3 <= 3.35 schedules function and member pointers only, not lambdas.
void
RunFunction(std::function<void()> f)
{
    f();
}

struct Timeline
{
    std::vector<std::string> events;
};

void
NoteSystemPeer(Timeline* timeline, std::string who, const Address& peer, const std::string&)
{
    std::ostringstream line;
    line << std::setw(8) << std::fixed << std::setprecision(0) << Simulator::Now().GetSeconds()
         << " s  " << who << " selects ";
    if (peer.IsInvalid())
    {
        line << "nothing (or its local reference)";
    }
    else
    {
        line << PrintAddress(peer);
    }
    timeline->events.push_back(line.str());
}

/// 16 (unsynchronized) for a service that never started.
int
StratumOf(Ptr<NtpService> service)
{
    const ntp::Engine* engine = service->GetEngine();
    return engine ? engine->System().stratum : 16;
}

} // namespace

int
main(int argc, char* argv[])
{
    double simTime = 86400;
    double failTime = 43200;
    bool json = false;
    NtpOptionTable options(__FILE__);
    options.AddReal("simTime", "Simulated time (s)", simTime, NtpPeerModeLimits::kMinSimTime,
                    NtpPeerModeLimits::kMaxSimTime, "s (10 years)");
    options.AddReal("failTime", "When R1's link to S1 fails (s); at or beyond simTime: never",
                    failTime, 0, NtpPeerModeLimits::kMaxSimTime, "s (10 years)");
    options.AddFlag("json", "Print one JSON object on stdout", json);
    if (!options.ParseOrReport(argc, argv))
    {
        return 2;
    }

    // The topology, built like every other (NtpTopology; the scenario file
    // scenarios/upstream-failure.yaml is the same network). The routers'
    // configurations are what their engineers type: each is a client of its
    // upstream server and a proactive peer of the other.
    NtpTopologySpec spec;
    const std::string ge = "GigabitEthernet0/0/";
    const auto cli = [](const std::string& lines)
    {
        return "system-view\n" + lines + "commit\nreturn\n";
    };
    spec.AddNode("S1", {{ge + "1", "10.0.1.1/24", "", ""}}, cli("ntp-service refclock-master 1\n"));
    NtpTopologySpec::Node& routerR1
        = spec.AddNode("R1", {{ge + "1", "10.0.1.2/24", "", ""}, {ge + "2", "10.0.0.1/24", "", ""}},
                       cli("ntp-service unicast-server 10.0.1.1 version 4\n"
                           "ntp-service unicast-peer 10.0.0.2 version 4\n"));
    routerR1.frequency = 30; // valid until the next AddNode
    routerR1.offset = 0.02;
    NtpTopologySpec::Node& routerR2
        = spec.AddNode("R2", {{ge + "1", "10.0.2.1/24", "", ""}, {ge + "2", "10.0.0.2/24", "", ""}},
                       cli("ntp-service unicast-server 10.0.2.2 version 4\n"
                           "ntp-service unicast-peer 10.0.0.1 version 4\n"));
    routerR2.frequency = -20;
    routerR2.offset = -0.02;
    spec.AddNode("S2", {{ge + "1", "10.0.2.2/24", "", ""}}, cli("ntp-service refclock-master 1\n"));
    spec.AddLink({"S1", ge + "1"}, {"R1", ge + "1"}, 0.002);
    spec.AddLink({"R1", ge + "2"}, {"R2", ge + "2"}, 0.002);
    spec.AddLink({"R2", ge + "1"}, {"S2", ge + "1"}, 0.002);
    NtpTopology topology;
    const std::string error = topology.Build(spec);
    NS_ABORT_MSG_IF(!error.empty(), error);
    topology.Configure();
    for (const auto& [name, transcript] : topology.Transcripts())
    {
        NS_ABORT_MSG_IF(transcript.find("Error") != std::string::npos, name << ": " << transcript);
    }
    Ptr<Node> s1 = topology.GetNode("S1");
    Ptr<Node> r1 = topology.GetNode("R1");
    Ptr<Node> r2 = topology.GetNode("R2");
    Ptr<Node> s2 = topology.GetNode("S2");
    NtpPeerHelper ntp;

    Timeline timeline;
    ntp.GetService(r1)->TraceConnectWithoutContext(
        "SystemPeer", MakeBoundCallback(&NoteSystemPeer, &timeline, std::string("R1")));
    ntp.GetService(r2)->TraceConnectWithoutContext(
        "SystemPeer", MakeBoundCallback(&NoteSystemPeer, &timeline, std::string("R2")));
    // A failure at the end would not be seen.
    if (failTime < simTime)
    {
        Simulator::Schedule(Seconds(failTime), &RunFunction,
                            std::function<void()>(
                                [&topology, &timeline]
                                {
                                    topology.SetLinkState("R1", "GigabitEthernet0/0/1", false);
                                    char line[64];
                                    std::snprintf(line, sizeof line,
                                                  "%8.0f s  R1's link to S1 fails",
                                                  Simulator::Now().GetSeconds());
                                    timeline.events.emplace_back(line);
                                }));
    }
    Simulator::Stop(Seconds(simTime));
    Simulator::Run();

    const int stratum1 = StratumOf(ntp.GetService(r1));
    const int stratum2 = StratumOf(ntp.GetService(r2));
    const double offset1 = ntp.GetClock(r1)->GetOffsetTo(ntp.GetClock(s1));
    const double offset2 = ntp.GetClock(r2)->GetOffsetTo(ntp.GetClock(s2));
    const bool sync1 = ntp.GetService(r1)->IsSynchronized();
    const bool sync2 = ntp.GetService(r2)->IsSynchronized();
    if (json)
    {
        const nlohmann::json out{{"r1_synchronized", sync1},    {"r1_stratum", stratum1},
                                 {"r1_true_offset_s", offset1}, {"r2_synchronized", sync2},
                                 {"r2_stratum", stratum2},      {"r2_true_offset_s", offset2}};
        std::cout << out.dump() << std::endl;
    }
    else
    {
        std::printf("Symmetric peers as backup: S1 - R1 = R2 - S2, R1's upstream fails at %.0f s\n",
                    failTime);
        for (const std::string& event : timeline.events)
        {
            std::printf("%s\n", event.c_str());
        }
        std::printf("at %.0f s: R1 stratum %d, %s, %+.6f s from S1; R2 stratum %d, %s, %+.6f s "
                    "from S2\n",
                    simTime, stratum1, sync1 ? "synchronized" : "not synchronized", offset1,
                    stratum2, sync2 ? "synchronized" : "not synchronized", offset2);
    }
    Simulator::Destroy();
    return 0;
}
