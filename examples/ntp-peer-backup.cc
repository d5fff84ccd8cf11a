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
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"

#include <cstdio>
#include <functional>
#include <iomanip>
#include <iostream>
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

    NodeContainer nodes;
    nodes.Create(4);
    Ptr<Node> s1 = nodes.Get(0);
    Ptr<Node> r1 = nodes.Get(1);
    Ptr<Node> r2 = nodes.Get(2);
    Ptr<Node> s2 = nodes.Get(3);
    PointToPointHelper link;
    link.SetChannelAttribute("Delay", StringValue("2ms"));
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.1.0", "255.255.255.0");
    Ipv4InterfaceContainer up1 = addresses.Assign(link.Install(s1, r1));
    addresses.SetBase("10.0.0.0", "255.255.255.0");
    Ipv4InterfaceContainer peers = addresses.Assign(link.Install(r1, r2));
    addresses.SetBase("10.0.2.0", "255.255.255.0");
    Ipv4InterfaceContainer up2 = addresses.Assign(link.Install(r2, s2));

    NtpPeerHelper ntp;
    ApplicationContainer apps = ntp.Install(nodes);
    ntp.GetClock(r1)->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(30));
    ntp.GetClock(r1)->SetAttribute("InitialOffset", DoubleValue(0.02));
    ntp.GetClock(r2)->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(-20));
    ntp.GetClock(r2)->SetAttribute("InitialOffset", DoubleValue(-0.02));
    // The routers' configurations, as their engineers type them: each is a
    // client of its upstream server and a proactive peer of the other.
    const auto configure = [](Ptr<Node> node, const std::string& lines)
    {
        const std::string transcript
            = NtpPeerHelper::Configure(node, "system-view\n" + lines + "commit\nreturn\n");
        NS_ABORT_MSG_IF(transcript.find("Error") != std::string::npos, transcript);
    };
    configure(s1, "ntp-service refclock-master 1\n");
    configure(s2, "ntp-service refclock-master 1\n");
    std::ostringstream r1Lines;
    r1Lines << "ntp-service unicast-server " << up1.GetAddress(0) << " version 4\n"
            << "ntp-service unicast-peer " << peers.GetAddress(1) << " version 4\n";
    configure(r1, r1Lines.str());
    std::ostringstream r2Lines;
    r2Lines << "ntp-service unicast-server " << up2.GetAddress(1) << " version 4\n"
            << "ntp-service unicast-peer " << peers.GetAddress(0) << " version 4\n";
    configure(r2, r2Lines.str());
    ntp.AssignStreams(nodes, 100);
    apps.Start(Seconds(0));

    Timeline timeline;
    ntp.GetService(r1)->TraceConnectWithoutContext(
        "SystemPeer", MakeBoundCallback(&NoteSystemPeer, &timeline, std::string("R1")));
    ntp.GetService(r2)->TraceConnectWithoutContext(
        "SystemPeer", MakeBoundCallback(&NoteSystemPeer, &timeline, std::string("R2")));
    // R1's interface 1 is its link to S1. A failure at the end would not be seen.
    if (failTime < simTime)
    {
        Simulator::Schedule(Seconds(failTime), &RunFunction,
                            std::function<void()>(
                                [r1, &timeline]
                                {
                                    r1->GetObject<Ipv4>()->SetDown(1);
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
        std::printf("{\"r1_synchronized\": %s, \"r1_stratum\": %d, \"r1_true_offset_s\": %.9g, "
                    "\"r2_synchronized\": %s, \"r2_stratum\": %d, \"r2_true_offset_s\": %.9g}\n",
                    sync1 ? "true" : "false", stratum1, offset1, sync2 ? "true" : "false", stratum2,
                    offset2);
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
