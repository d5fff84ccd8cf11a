/*
 * Scale benchmark: N routers in a binary tree or a star (bench-network.h),
 * router 0 on its local clock at stratum 1, every other router a symmetric
 * active peer of its parent, optionally with a key. Prints wall and CPU
 * time, simulator events (total and per router per simulated hour: clocks
 * cost no per-second events), packets, peak memory, and the accuracy along
 * the tree (ground truth).
 *
 * --floor measures the cost per packet against its floor in the same
 * invocation: the same network carrying a bare ns-3 UDP echo of 48 bytes,
 * with the NTP run's packet count on every link. Each run is a child
 * process of its own (its peak RSS is its own), floor and NTP runs are
 * interleaved --rounds times, and the ratio is the median over the rounds of
 * NTP's user CPU time per packet over the floor's in the same round (the
 * simulation proper; setup is reported apart).
 * --auth=compare runs, against one floor: no authentication (parents answer
 * their children statelessly, as ntpd does unauthenticated symmetric
 * peers), no authentication with passive associations (ntpd's "disable
 * auth"), hmac-sha256 and aes-256-cmac; signed peers get passive
 * associations, so the unsigned run with them is what the MAC's cost is
 * measured against ("x unsigned").
 *
 * With --sampleEvery=1 it also reads every router's clock against true time
 * and its parent's every second and keeps the series, as the scenario
 * runner does for its expectations: the equivalent C++ program of a
 * scenario file (test/benchmarks/scenario-vs-cpp.py compares the two).
 *
 *   ./ntp-peer run ntp-peer-bench --nodes=1000 --hours=1 --floor
 */
#include "bench-network.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;

namespace
{

struct BenchSettings
{
    uint32_t routers{100};
    BenchTopology topology{BenchTopology::Tree};
    double hours{24};
    double drift{50};
    double sampleEvery{0};
};

/// What one run measured of itself; lives in memory shared with the parent.
struct RunFigures
{
    bool done{false};
    double setupWall{0};
    double setupUser{0};
    double runWall{0};
    double runUser{0};
    uint64_t events{0};
    uint64_t packets{0}; ///< frames sent on the links
    uint64_t associations{0};
    uint32_t synchronized{0};
    double worstOffset{0};
    double deepestOffset{0};
    long peakRssKiB{0}; ///< filled in by the parent from wait4()
};

double
UserSeconds()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6;
}

double
Since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The NTP configuration of the network: returns the associations' holder.
NtpPeerHelper
InstallNtp(BenchNetwork& network, const BenchSettings& settings, const std::string& auth)
{
    const uint32_t count = network.routers.GetN();
    NtpPeerHelper ntp;
    // The seed's passive end takes md5 and hmac-sha256 keys only; the bench
    // compares the MAC's cost, so parents take AES-CMAC-signed peers too.
    ntp.SetServiceAttribute("PassiveSeedModesOnly", BooleanValue(false));
    // "none+passive": parents keep a passive association for unsigned
    // children too (ntpd's "disable auth"), as they do for signed ones: the
    // same protocol work as a signed run, without the MAC.
    const bool passive = auth == "none+passive";
    const bool signed_ = auth != "none" && !passive;
    ntp.SetServiceAttribute("Authenticate", BooleanValue(!passive));
    ApplicationContainer apps = ntp.Install(network.routers);
    Ptr<UniformRandomVariable> frequency = CreateObject<UniformRandomVariable>();
    frequency->SetStream(1);
    for (uint32_t i = 0; i < count; ++i)
    {
        Ptr<NtpClock> clock = ntp.GetClock(network.routers.Get(i));
        clock->GetOscillator()->SetAttribute(
            "FrequencyOffset", DoubleValue(frequency->GetValue(-settings.drift, settings.drift)));
        clock->SetAttribute("InitialOffset", DoubleValue(frequency->GetValue(-0.05, 0.05)));
    }
    if (signed_)
    {
        // CMAC keys are the cipher's key itself: 16 or 32 bytes.
        const std::string password = auth == "aes-128-cmac" ? "Ntp-Key-1234-abc"
                                   : auth == "aes-256-cmac" ? "Ntp-Key-1234-abcdefghijklmnopqrs"
                                                            : "Ntp-Key-1234";
        NtpPeerHelper::AddKey(network.routers, 1, auth, password);
    }
    NtpPeerHelper::SetLocalReference(network.routers.Get(0), 1);
    for (uint32_t i = 1; i < count; ++i)
    {
        NtpPeerOptions peer;
        peer.address = network.upstream[i];
        peer.keyId = signed_ ? 1 : 0;
        NtpPeerHelper::AddPeer(network.routers.Get(i), peer);
    }
    ntp.AssignStreams(network.routers, 10);
    apps.Start(Seconds(0));
    return ntp;
}

/// One simulation in this process. auth: a key mode, "none", or "floor" for
/// the UDP echo with `floorFrames` per link. Fills `figures`, and `frames`
/// with the packets of each link.
void
Simulate(const BenchSettings& settings, const std::string& auth,
         const std::vector<uint64_t>& floorFrames, RunFigures& figures, uint64_t* frames)
{
    const auto wallStart = std::chrono::steady_clock::now();
    const double userStart = UserSeconds();
    const double simTime = settings.hours * 3600;
    BenchNetwork network(settings.routers, settings.topology);
    const uint32_t count = settings.routers;
    NtpPeerHelper ntp;
    const bool floor = auth == "floor";
    if (floor)
    {
        InstallUdpFloor(network, floorFrames, simTime);
    }
    else
    {
        ntp = InstallNtp(network, settings, auth);
    }
    // Ground truth as the scenario runner keeps it: each clock read once per
    // sample, the difference to the parent from the two readings.
    std::vector<std::vector<double>> offsets(count);
    std::vector<std::vector<bool>> within(count);
    std::function<void()> sample = [&]()
    {
        for (uint32_t i = 0; i < count; ++i)
        {
            offsets[i].push_back(ntp.GetClock(network.routers.Get(i))->GetOffset());
        }
        for (uint32_t i = 1; i < count; ++i)
        {
            within[i].push_back(std::fabs(offsets[i].back() - offsets[network.Parent(i)].back())
                                < 1e-3);
        }
        Simulator::Schedule(Seconds(settings.sampleEvery), sample);
    };
    if (!floor && settings.sampleEvery > 0)
    {
        Simulator::ScheduleNow(sample);
    }
    Simulator::Stop(Seconds(simTime));
    figures.setupWall = Since(wallStart);
    figures.setupUser = UserSeconds() - userStart;
    const auto runStart = std::chrono::steady_clock::now();
    const double runUserStart = UserSeconds();
    Simulator::Run();
    figures.runUser = UserSeconds() - runUserStart;
    figures.runWall = Since(runStart);
    figures.events = Simulator::GetEventCount();
    for (uint32_t i = 0; i < count; ++i)
    {
        figures.packets += network.linkFrames[i];
        frames[i] = network.linkFrames[i];
    }
    if (!floor)
    {
        Ptr<NtpClock> root = ntp.GetClock(network.routers.Get(0));
        for (uint32_t i = 0; i < count; ++i)
        {
            Ptr<NtpService> service = ntp.GetService(network.routers.Get(i));
            figures.associations += service->GetEngine()->Associations().size();
            figures.synchronized += (i > 0 && service->IsSynchronized()) ? 1 : 0;
            figures.worstOffset
                = std::max(figures.worstOffset,
                           std::fabs(ntp.GetClock(network.routers.Get(i))->GetOffsetTo(root)));
        }
        // The deepest router: the last one.
        figures.deepestOffset = ntp.GetClock(network.routers.Get(count - 1))->GetOffsetTo(root);
    }
    figures.done = true;
}

/// Runs Simulate() in a child process; its figures and per-link frames come
/// back through shared memory, its peak RSS from wait4().
RunFigures
RunChild(const BenchSettings& settings, const std::string& auth,
         const std::vector<uint64_t>& floorFrames, std::vector<uint64_t>& frames)
{
    const size_t bytes = sizeof(RunFigures) + settings.routers * sizeof(uint64_t);
    void* shared = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
    {
        std::perror("ntp-peer-bench: mmap");
        std::exit(1);
    }
    auto* figures = new (shared) RunFigures();
    auto* linkFrames = reinterpret_cast<uint64_t*>(static_cast<char*>(shared) + sizeof(RunFigures));
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0)
    {
        Simulate(settings, auth, floorFrames, *figures, linkFrames);
        // Leave without tearing the simulation down: the parent has the figures.
        _exit(0);
    }
    int status = 0;
    struct rusage usage;
    if (child < 0 || wait4(child, &status, 0, &usage) < 0 || !WIFEXITED(status)
        || WEXITSTATUS(status) != 0 || !figures->done)
    {
        std::fprintf(stderr, "ntp-peer-bench: the %s run failed\n", auth.c_str());
        std::exit(1);
    }
    RunFigures result = *figures;
    result.peakRssKiB = usage.ru_maxrss;
    frames.assign(linkFrames, linkFrames + settings.routers);
    munmap(shared, bytes);
    return result;
}

double
Median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
MicrosPerPacket(const RunFigures& run)
{
    return run.packets ? run.runUser / run.packets * 1e6 : 0;
}

void
PrintSingle(const BenchSettings& settings, const RunFigures& run)
{
    const double simTime = settings.hours * 3600;
    const uint32_t n = settings.routers;
    std::printf("  wall time: setup %.2f s, run %.2f s (%.0f simulated s per wall s)\n",
                run.setupWall, run.runWall, simTime / std::max(run.runWall, 1e-9));
    std::printf("  user CPU: setup %.2f s (%.1f us per router), run %.2f s (%.2f us per packet)\n",
                run.setupUser, run.setupUser / n * 1e6, run.runUser, MicrosPerPacket(run));
    std::printf("  events: %llu, %.1f per router per simulated hour\n",
                static_cast<unsigned long long>(run.events), run.events / (n * settings.hours));
    std::printf("  packets sent: %llu, %.1f per router per simulated hour\n",
                static_cast<unsigned long long>(run.packets), run.packets / (n * settings.hours));
    std::printf("  peak memory: %.1f MiB (%.1f KiB per router), %llu associations\n",
                run.peakRssKiB / 1024.0, run.peakRssKiB / static_cast<double>(n),
                static_cast<unsigned long long>(run.associations));
    std::printf("  synchronized: %u of %u peers; worst |offset to router 0| %.6f s; deepest router "
                "%+.6f s\n",
                run.synchronized, n - 1, run.worstOffset, run.deepestOffset);
}

/// Floor and NTP runs interleaved; one table.
void
CompareWithFloor(const BenchSettings& settings, const std::vector<std::string>& auths, int rounds)
{
    const uint32_t n = settings.routers;
    std::vector<uint64_t> frames;
    std::vector<uint64_t> ntpFrames;
    // The first NTP run fixes each link's packet count for the floor (runs
    // are seeded: every NTP run sends the same packets).
    std::vector<std::vector<RunFigures>> ntpRuns(auths.size());
    std::vector<RunFigures> floorRuns;
    ntpRuns[0].push_back(RunChild(settings, auths[0], {}, ntpFrames));
    for (int round = 0; round < rounds; ++round)
    {
        floorRuns.push_back(RunChild(settings, "floor", ntpFrames, frames));
        for (size_t a = 0; a < auths.size(); ++a)
        {
            if (round == 0 && a == 0)
            {
                continue; // ran above
            }
            ntpRuns[a].push_back(RunChild(settings, auths[a], {}, frames));
        }
    }
    auto column = [](const std::vector<RunFigures>& runs, auto field)
    {
        std::vector<double> values;
        for (const RunFigures& run : runs)
        {
            values.push_back(field(run));
        }
        return Median(values);
    };
    auto perPacket = [&](const std::vector<RunFigures>& runs)
    {
        return column(runs, [](const RunFigures& r) { return MicrosPerPacket(r); });
    };
    auto setup = [&](const std::vector<RunFigures>& runs)
    {
        return column(runs, [](const RunFigures& r) { return r.setupUser; });
    };
    auto rss = [&](const std::vector<RunFigures>& runs)
    {
        return column(runs, [](const RunFigures& r) { return static_cast<double>(r.peakRssKiB); });
    };

    const double floorRss = rss(floorRuns);
    // Ratios are taken round by round, between runs made next to each other
    // (the machine's speed drifts between rounds far more than within one),
    // then the median and the spread over the rounds are printed.
    auto ratios = [](const std::vector<RunFigures>& runs, const std::vector<RunFigures>& base)
    {
        std::vector<double> values;
        for (size_t i = 0; i < runs.size() && i < base.size(); ++i)
        {
            values.push_back(MicrosPerPacket(runs[i]) / MicrosPerPacket(base[i]));
        }
        return values;
    };
    auto describe = [](const std::vector<double>& values, char* out, size_t size)
    {
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        std::snprintf(out, size, "%.3f (%.2f-%.2f)", Median(values), *low, *high);
    };
    // What signed runs are compared with: the unsigned run with passive associations.
    const auto reference = std::find(auths.begin(), auths.end(), "none+passive");
    const std::vector<RunFigures>* unsignedRuns
        = reference == auths.end() ? nullptr : &ntpRuns[reference - auths.begin()];
    std::printf("%-16s %9s %9s %10s %19s %19s %8s %9s %8s %9s\n", "run", "packets", "events",
                "us/packet", "x floor (min-max)", "x unsigned", "setup s", "us/router", "RSS MiB",
                "KiB/assoc");
    auto row = [&](const std::string& name, const std::vector<RunFigures>& runs, bool isFloor,
                   bool isSigned)
    {
        const RunFigures& first = runs.front();
        const double micros = perPacket(runs);
        const double setupSeconds = setup(runs);
        const double peak = rss(runs);
        char ratio[40] = "-";
        char versusUnsigned[40] = "-";
        char perAssociation[16] = "-";
        if (!isFloor)
        {
            describe(ratios(runs, floorRuns), ratio, sizeof ratio);
            if (unsignedRuns && isSigned)
            {
                describe(ratios(runs, *unsignedRuns), versusUnsigned, sizeof versusUnsigned);
            }
            std::snprintf(perAssociation, sizeof perAssociation, "%.2f",
                          (peak - floorRss) / std::max<uint64_t>(first.associations, 1));
        }
        std::printf("%-16s %9llu %9llu %10.3f %19s %19s %8.2f %9.1f %8.1f %9s\n", name.c_str(),
                    static_cast<unsigned long long>(first.packets),
                    static_cast<unsigned long long>(first.events), micros, ratio, versusUnsigned,
                    setupSeconds, setupSeconds / n * 1e6, peak / 1024.0, perAssociation);
    };
    row("floor (UDP)", floorRuns, true, false);
    for (size_t a = 0; a < auths.size(); ++a)
    {
        const bool isSigned = auths[a] != "none" && auths[a] != "none+passive";
        row(auths[a] == "none" ? "ntp" : "ntp " + auths[a], ntpRuns[a], false, isSigned);
    }
    std::printf(
        "(%d interleaved rounds; us/packet: median user CPU of the simulation run per packet "
        "sent; x floor: median over rounds of NTP's us/packet over the floor's in the same "
        "round, target <= 1.10; x unsigned: the same against ntp none+passive, target <= "
        "1.10; KiB/assoc: (RSS - floor RSS) / associations: what NTP adds to a router, per "
        "association)\n",
        rounds);
    // none+passive differs from none by one passive association per child:
    // the memory an association adds, the node's own share apart.
    const auto stateless = std::find(auths.begin(), auths.end(), "none");
    if (unsignedRuns && stateless != auths.end())
    {
        const std::vector<RunFigures>& base = ntpRuns[stateless - auths.begin()];
        const double added = static_cast<double>(unsignedRuns->front().associations)
                           - static_cast<double>(base.front().associations);
        // Peak RSS moves in allocator-sized steps: a few hundred
        // associations are needed to see what one costs.
        if (added >= 500)
        {
            std::printf("memory per added association: %.2f KiB ((RSS none+passive - RSS none) / "
                        "%.0f passive associations; target <= 3)\n",
                        (rss(*unsignedRuns) - rss(base)) / added, added);
        }
        else if (added > 0)
        {
            std::printf("memory per added association: not resolved with %.0f passive "
                        "associations (needs 500 or more, --nodes=1000 say)\n",
                        added);
        }
    }
    const RunFigures& last = ntpRuns[0].back();
    std::printf("synchronized: %u of %u peers; worst |offset to router 0| %.6f s\n",
                last.synchronized, n - 1, last.worstOffset);
}

} // namespace

int
main(int argc, char* argv[])
{
    BenchSettings settings;
    int routers = 100;
    std::string topology = "tree";
    std::string auth = "none";
    bool floor = false;
    int rounds = 3;
    NtpOptionTable options(__FILE__);
    options.AddInteger("nodes", "Routers", routers, 2, 1000000);
    options.AddChoice("topology",
                      "tree: router i peers with (i-1)/2; star: every router with router 0",
                      topology, {"tree", "star"});
    // From 3.6 s to ten years.
    options.AddReal("hours", "Simulated hours", settings.hours, 0.001,
                    NtpPeerModeLimits::kMaxSimTime / 3600, "h");
    options.AddReal("drift", "Frequency errors are uniform in +-drift ppm", settings.drift, 0,
                    NtpPeerModeLimits::kMaxDrift, "ppm");
    options.AddChoice(
        "auth",
        "Key of every peer (none+passive: none, and parents keep passive "
        "associations as for signed peers); compare: none, none+passive, "
        "hmac-sha256 and aes-256-cmac in one run",
        auth, {"none", "none+passive", "hmac-sha256", "aes-128-cmac", "aes-256-cmac", "compare"});
    options.AddFlag("floor",
                    "Also run the floor (bare ns-3 UDP echo, same packets per link) and "
                    "print the ratios",
                    floor);
    options.AddInteger("rounds", "Interleaved floor and NTP runs with --floor (medians)", rounds, 1,
                       50);
    options.AddReal("sampleEvery",
                    "Read every clock against true time and its parent's this often, keeping the "
                    "series (s; 0: never)",
                    settings.sampleEvery, 0, 86400, "s");
    options.AddCrossCheck(
        [&]() -> NtpOptionError
        {
            if (auth == "compare" && !floor)
            {
                return "--auth=compare: needs --floor (it prints the comparison table)";
            }
            return std::nullopt;
        });
    if (!options.ParseOrReport(argc, argv))
    {
        return 2;
    }
    settings.routers = static_cast<uint32_t>(routers);
    settings.topology = topology == "tree" ? BenchTopology::Tree : BenchTopology::Star;
    const std::string shape = topology == "tree" ? "binary tree" : "star";
    std::printf("ntp-peer-bench: %u routers in a %s, %.1f simulated hours, %s\n", settings.routers,
                shape.c_str(), settings.hours,
                auth == "none"      ? "no authentication"
                : auth == "compare" ? "authentication none, none+passive, hmac-sha256, aes-256-cmac"
                                    : ("authentication " + auth).c_str());
    if (!floor)
    {
        std::vector<uint64_t> frames;
        PrintSingle(settings, RunChild(settings, auth, {}, frames));
        return 0;
    }
    const std::vector<std::string> auths
        = auth == "compare"
            ? std::vector<std::string>{"none", "none+passive", "hmac-sha256", "aes-256-cmac"}
            : std::vector<std::string>{auth};
    CompareWithFloor(settings, auths, rounds);
    return 0;
}
