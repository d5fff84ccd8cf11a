/*
 * A first script of your own, built with ns-3's usual helpers around the
 * ntp-peer module: four routers in a ring of two point-to-point links and
 * one Ethernet LAN.
 *
 *        R1 ---------- R2
 *        |              |  (LAN: R2, R3, R4)
 *        R4 ----LAN---- R3
 *
 * R1 is the stratum-1 source (its own clock); R2 and R4 are its clients;
 * R3, on the LAN, is a symmetric peer of R2 and of R4. Every file in
 * scratch/ is a program: `./ntp-peer run ring [--simTime=S]` builds and runs
 * this one. The same file compiles outside the project against an installed
 * module (doc/ntp-peer.rst, "Your own scripts"):
 *
 *   g++ -o ring ring.cc $(pkg-config --cflags --libs ns3-ntp-peer)
 */
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"

#include <cmath>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    // A day: a cold-started chain two levels deep settles in hours, since
    // R3 measures its frequency against routers that are still converging
    // (doc/ntp-peer.rst, "Behaviour worth knowing"); after 2 h R3 is still
    // a few milliseconds off, after a day below a microsecond.
    double simTime = 86400;
    CommandLine cmd(__FILE__);
    cmd.AddValue("simTime", "Simulated seconds", simTime);
    cmd.Parse(argc, argv);
    if (!(simTime >= 1 && simTime <= 315360000))
    {
        std::cerr << "ring: --simTime " << simTime << " is out of range (accepted: 1..315360000)"
                  << std::endl;
        return 2;
    }

    NodeContainer routers;
    routers.Create(4);
    Ptr<Node> r1 = routers.Get(0);
    Ptr<Node> r2 = routers.Get(1);
    Ptr<Node> r3 = routers.Get(2);
    Ptr<Node> r4 = routers.Get(3);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("2ms"));
    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue("1Gbps"));
    lan.SetChannelAttribute("Delay", StringValue("10us"));
    NetDeviceContainer r1r2 = p2p.Install(r1, r2);
    NetDeviceContainer r4r1 = p2p.Install(r4, r1);
    NetDeviceContainer segment = lan.Install(NodeContainer(r2, r3, r4));

    InternetStackHelper internet;
    internet.Install(routers);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.12.0", "255.255.255.252");
    Ipv4InterfaceContainer a12 = addresses.Assign(r1r2);
    addresses.SetBase("10.0.14.0", "255.255.255.252");
    Ipv4InterfaceContainer a41 = addresses.Assign(r4r1);
    addresses.SetBase("10.0.234.0", "255.255.255.0");
    Ipv4InterfaceContainer a234 = addresses.Assign(segment);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    // Routers keep their LAN neighbours' ARP entries far longer than ns-3's
    // 120 s; with ns-3's default every poll above 128 s would wait for an
    // ARP resolution on one leg and R3 would be milliseconds off
    // (doc/ntp-peer.rst, ARP).
    NtpPeerHelper::SetRouterArpTimeout(routers, Seconds(1200));

    NtpPeerHelper ntp;
    ApplicationContainer apps = ntp.Install(routers);
    // Each router's clock is off in its own way.
    const double frequencies[] = {0, 25, -15, 40};
    for (uint32_t i = 0; i < routers.GetN(); ++i)
    {
        ntp.GetClock(routers.Get(i))
            ->GetOscillator()
            ->SetAttribute("FrequencyOffset", DoubleValue(frequencies[i]));
        ntp.GetClock(routers.Get(i))->SetAttribute("InitialOffset", DoubleValue(0.01 * i));
    }
    // The routers' configurations, as their engineers type them.
    auto configure = [](Ptr<Node> router, const std::string& lines)
    {
        const std::string transcript
            = NtpPeerHelper::Configure(router, "system-view\n" + lines + "commit\nreturn\n");
        if (transcript.find("Error") != std::string::npos)
        {
            std::cerr << transcript;
            std::exit(1);
        }
    };
    std::ostringstream toR1FromR2;
    toR1FromR2 << "ntp-service unicast-server " << a12.GetAddress(0) << "\n";
    std::ostringstream toR1FromR4;
    toR1FromR4 << "ntp-service unicast-server " << a41.GetAddress(1) << "\n";
    std::ostringstream fromR3;
    fromR3 << "ntp-service unicast-peer " << a234.GetAddress(0) << "\n"
           << "ntp-service unicast-peer " << a234.GetAddress(2) << "\n";
    configure(r1, "ntp-service refclock-master 1\n");
    configure(r2, toR1FromR2.str());
    configure(r4, toR1FromR4.str());
    configure(r3, fromR3.str());
    ntp.AssignStreams(routers, 1);
    apps.Start(Seconds(0));

    Simulator::Stop(Seconds(simTime));
    Simulator::Run();
    for (uint32_t i = 1; i < routers.GetN(); ++i)
    {
        Ptr<NtpService> service = ntp.GetService(routers.Get(i));
        const double offset = ntp.GetClock(routers.Get(i))->GetOffsetTo(ntp.GetClock(r1));
        std::cout << "R" << i + 1 << ": " << (service->IsSynchronized() ? "synchronized" : "free")
                  << ", stratum " << service->GetEngine()->System().stratum << ", " << offset * 1e6
                  << " us from R1" << std::endl;
    }
    Simulator::Destroy();
    return 0;
}
