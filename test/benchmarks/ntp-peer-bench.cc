/*
 * Scale benchmark: N routers in a binary tree (NTP's stratum limit of 15
 * hops rules out long chains), router 0 on its local clock at stratum 1,
 * router i a symmetric active peer of its parent (i-1)/2. Prints wall
 * time, simulator events (total and per node per simulated hour, which shows
 * that clocks cost no per-second events), packets, peak memory, and the
 * accuracy along the chain (ground truth).
 *
 * With --sampleEvery=1 it also reads every router's clock against true time
 * and its parent's every second and keeps the series, as the scenario
 * runner does for its expectations: the equivalent C++ program of a
 * scenario file (test/benchmarks/scenario-vs-cpp.py compares the two).
 *
 *   ./ntp-peer run ntp-peer-bench --nodes=200 --hours=24
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

using namespace ns3;

int
main(int argc, char* argv[])
{
    int nodeCount = 100;
    double hours = 24;
    double drift = 50;
    NtpOptionTable options(__FILE__);
    // A tree of 10,000 routers already needs gigabytes; more is not a benchmark of this host.
    options.AddInteger("nodes", "Routers in the tree", nodeCount, 2, 10000);
    // From 3.6 s to ten years.
    options.AddReal("hours", "Simulated hours", hours, 0.001, NtpPeerModeLimits::kMaxSimTime / 3600,
                    "h");
    options.AddReal("drift", "Frequency errors are uniform in +-drift ppm", drift, 0,
                    NtpPeerModeLimits::kMaxDrift, "ppm");
    double sampleEvery = 0;
    options.AddReal("sampleEvery",
                    "Read every clock against true time and its parent's this often, keeping the "
                    "series (s; 0: never)",
                    sampleEvery, 0, 86400, "s");
    if (!options.ParseOrReport(argc, argv))
    {
        return 2;
    }
    const uint32_t nodes = static_cast<uint32_t>(nodeCount);

    const auto wallStart = std::chrono::steady_clock::now();
    NodeContainer routers;
    routers.Create(nodes);
    InternetStackHelper internet;
    internet.Install(routers);
    PointToPointHelper link;
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.0.0", "255.255.255.252");
    std::vector<Ipv4Address> upstream(nodes); // the parent's address on the link to router i
    for (uint32_t i = 1; i < nodes; ++i)
    {
        const uint32_t parent = (i - 1) / 2;
        Ipv4InterfaceContainer pair
            = addresses.Assign(link.Install(routers.Get(parent), routers.Get(i)));
        upstream[i] = pair.GetAddress(0);
        addresses.NewNetwork();
    }

    NtpPeerHelper ntp;
    ApplicationContainer apps = ntp.Install(routers);
    Ptr<UniformRandomVariable> frequency = CreateObject<UniformRandomVariable>();
    frequency->SetStream(1);
    for (uint32_t i = 0; i < nodes; ++i)
    {
        Ptr<NtpClock> clock = ntp.GetClock(routers.Get(i));
        clock->GetOscillator()->SetAttribute("FrequencyOffset",
                                             DoubleValue(frequency->GetValue(-drift, drift)));
        clock->SetAttribute("InitialOffset", DoubleValue(frequency->GetValue(-0.05, 0.05)));
    }
    NtpPeerHelper::SetLocalReference(routers.Get(0), 1);
    for (uint32_t i = 1; i < nodes; ++i)
    {
        NtpPeerOptions peer;
        peer.address = upstream[i];
        NtpPeerHelper::AddPeer(routers.Get(i), peer);
    }
    ntp.AssignStreams(routers, 10);
    apps.Start(Seconds(0));
    const double simTime = hours * 3600;
    // Ground truth as the scenario runner keeps it: each clock read once per
    // sample, the difference to the parent from the two readings.
    std::vector<std::vector<double>> offsets(nodes);
    std::vector<std::vector<bool>> within(nodes);
    std::function<void()> sample = [&]()
    {
        for (uint32_t i = 0; i < nodes; ++i)
        {
            offsets[i].push_back(ntp.GetClock(routers.Get(i))->GetOffset());
        }
        for (uint32_t i = 1; i < nodes; ++i)
        {
            within[i].push_back(std::fabs(offsets[i].back() - offsets[(i - 1) / 2].back()) < 1e-3);
        }
        Simulator::Schedule(Seconds(sampleEvery), sample);
    };
    if (sampleEvery > 0)
    {
        Simulator::ScheduleNow(sample);
    }
    Simulator::Stop(Seconds(simTime));
    const auto runStart = std::chrono::steady_clock::now();
    Simulator::Run();
    const auto runEnd = std::chrono::steady_clock::now();

    uint64_t packets = 0;
    uint32_t synchronized = 0;
    double worst = 0;
    for (uint32_t i = 0; i < nodes; ++i)
    {
        Ptr<NtpService> service = ntp.GetService(routers.Get(i));
        packets += service->GetPacketsSent();
        synchronized += (i > 0 && service->IsSynchronized()) ? 1 : 0;
        worst = std::max(
            worst,
            std::fabs(ntp.GetClock(routers.Get(i))->GetOffsetTo(ntp.GetClock(routers.Get(0)))));
    }
    // The deepest router: the last one of a binary tree.
    const double lastOffset
        = ntp.GetClock(routers.Get(nodes - 1))->GetOffsetTo(ntp.GetClock(routers.Get(0)));
    const uint64_t events = Simulator::GetEventCount();
    Simulator::Destroy();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);

    const double setup = std::chrono::duration<double>(runStart - wallStart).count();
    const double run = std::chrono::duration<double>(runEnd - runStart).count();
    std::printf("ntp-peer-bench: %u routers in a binary tree (depth %d), %.1f simulated hours\n",
                nodes, static_cast<int>(std::floor(std::log2(nodes))), hours);
    std::printf("  wall time: setup %.2f s, run %.2f s (%.0f simulated s per wall s)\n", setup, run,
                simTime / std::max(run, 1e-9));
    std::printf("  events: %llu, %.1f per node per simulated hour\n",
                static_cast<unsigned long long>(events), events / (nodes * hours));
    std::printf("  packets sent: %llu, %.1f per node per simulated hour\n",
                static_cast<unsigned long long>(packets), packets / (nodes * hours));
    std::printf("  peak memory: %.1f MiB (%.1f KiB per router)\n", usage.ru_maxrss / 1024.0,
                usage.ru_maxrss / static_cast<double>(nodes));
    std::printf("  synchronized: %u of %u peers; worst |offset to router 0| %.6f s; deepest router "
                "%+.6f s\n",
                synchronized, nodes - 1, worst, lastOffset);
    return 0;
}
