/*
 * Suite ntp-router-display: the router's display commands
 * (model/router/ntp-router-display.h); the cipher form of passwords has its
 * own suite, ntp-router-cipher (ntp-router-cipher-test.cc). The scenario case runs the issue's two
 * routers (A on its local clock at stratum 2, B a symmetric active peer of A
 * over 5 ms each way) and checks the displays against values the scenario
 * and the engine's own state determine.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <cmath>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

std::vector<std::string>
SplitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(line);
    }
    return lines;
}

/// The blocks of a sessions display (blank-line separated), without the total.
std::vector<std::string>
SessionBlocks(const std::string& text)
{
    std::vector<std::string> blocks;
    size_t start = 0;
    for (size_t end; (end = text.find("\n\n", start)) != std::string::npos; start = end + 2)
    {
        blocks.push_back(text.substr(start, end - start + 1));
    }
    return blocks;
}

/// The value of field `name` in a display: "name: value" at the start of a
/// line (after the leading space) or after ", " on a grouped line, up to the
/// next ", " or the end of the line. Clock status, itself a list with
/// commas, is alone on its line: its value is the rest of the line.
std::string
Field(const std::string& text, const std::string& name)
{
    const bool wholeLine = name == "clock status";
    for (const std::string& prefix : {std::string("\n "), std::string(", ")})
    {
        const std::string key = prefix + name + ": ";
        const size_t at = ("\n" + text).find(key);
        if (at != std::string::npos)
        {
            const std::string rest = ("\n" + text).substr(at + key.size());
            return rest.substr(0, wholeLine ? rest.find('\n')
                                            : std::min(rest.find(", "), rest.find('\n')));
        }
    }
    return "(no field " + name + ")";
}

/// "12.3400 ms" -> 12.34
double
Number(const std::string& value)
{
    return std::strtod(value.c_str(), nullptr);
}

std::string
Fixed(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals,
                  std::fabs(value) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : value);
    return text;
}

std::string
GigabitName(int32_t interface)
{
    return interface >= 1 && interface <= 4 ? "GigabitEthernet0/0/" + std::to_string(interface)
                                            : "";
}

std::string
VpnName(uint32_t instance)
{
    return instance == 0 ? "" : "vpn" + std::to_string(instance);
}

// ------------------------------------------------------ current-configuration

class CurrentConfigurationTestCase : public TestCase
{
  public:
    CurrentConfigurationTestCase() :
        TestCase("display current-configuration: lines, order, defaults left out, include")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(DisplayCurrentConfiguration({}, GigabitName, ""), "",
                              "an empty configuration prints nothing");
        NtpServiceConfiguration config;
        config.keys.push_back({7, "hmac-sha256", "Ntp-Key-1234", true});
        config.keys.push_back({2, "MD5", "Md5 Secret with spaces", false});
        config.weakAlgorithmsAllowed = true;
        config.authenticationEnable = true;
        config.complexityCheck = true;
        config.localStratum = 3;
        config.sourceInterfaces.push_back({2, "vpnA", true});
        config.sourceInterfaces.push_back({1, "", false});
        config.sourceInterfaces.push_back({9, "", true}); // unnamed: its index
        NtpPeerOptions everything;
        everything.address = Ipv4Address("10.1.1.2");
        everything.version = 4;
        everything.keyId = 7;
        everything.sourceInterface = 1;
        everything.vpnInstance = "vpnA";
        everything.preference = true;
        everything.maxpoll = 12;
        everything.minpoll = 4;
        everything.preempt = true;
        everything.port = 1123;
        NtpPeerOptions server;
        server.address = Ipv4Address("192.0.2.1");
        server.server = true;
        NtpPeerOptions ipv6;
        ipv6.address = Ipv6Address("2001:db8:1:0:0:0:0:2");
        ipv6.version = 4; // the IPv6 command has no version option
        ipv6.keyId = 2;
        NtpPeerOptions plain;
        plain.address = Ipv4Address("10.9.9.9");
        config.peers = {server, everything, ipv6, plain};

        const std::string text = DisplayCurrentConfiguration(config, GigabitName, "");
        const std::vector<std::string> expected = {
            "undo crypto weak-algorithm disable",
            "ntp-service authentication-keyid 2 authentication-mode md5 cipher "
                + NtpCipherEncode("Md5 Secret with spaces"),
            "ntp-service authentication-keyid 7 authentication-mode hmac-sha256 cipher "
                + NtpCipherEncode("Ntp-Key-1234"),
            "ntp-service reliable authentication-keyid 7",
            "ntp-service authentication enable",
            "ntp-service authentication-password complexity-check enable",
            "ntp-service refclock-master 3",
            "ntp-service source-interface GigabitEthernet0/0/1",
            "ntp-service ipv6 source-interface 9",
            "ntp-service ipv6 source-interface GigabitEthernet0/0/2 vpn-instance vpnA",
            "ntp-service unicast-peer 10.1.1.2 version 4 authentication-keyid 7 source-interface "
            "GigabitEthernet0/0/1 vpn-instance vpnA preference maxpoll 12 minpoll 4 preempt port "
            "1123",
            "ntp-service unicast-peer ipv6 2001:db8:1::2 authentication-keyid 2",
            "ntp-service unicast-peer 10.9.9.9",
            "ntp-service unicast-server 192.0.2.1",
        };
        const std::vector<std::string> lines = SplitLines(text);
        NS_TEST_ASSERT_MSG_EQ(lines.size(), expected.size(), text);
        for (size_t i = 0; i < std::min(lines.size(), expected.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(lines[i], expected[i], "line " << i);
        }
        // The displayed cipher decodes to the password (a space included).
        for (const NtpKeyConfig& key : config.keys)
        {
            const std::string line = SplitLines(DisplayCurrentConfiguration(
                config, GigabitName, "authentication-keyid " + std::to_string(key.id) + " "))[0];
            const std::string cipher = line.substr(line.rfind(' ') + 1);
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(NtpCipherDecode(cipher, &error).value_or(error), key.password,
                                  line);
        }
        // | include: only the lines that contain the text.
        NS_TEST_ASSERT_MSG_EQ(
            SplitLines(DisplayCurrentConfiguration(config, GigabitName, "unicast-")).size(), 4u,
            "four peer and server lines");
        NS_TEST_ASSERT_MSG_EQ(DisplayCurrentConfiguration(config, GigabitName, "refclock"),
                              "ntp-service refclock-master 3\n", "include refclock");
        NS_TEST_ASSERT_MSG_EQ(DisplayCurrentConfiguration(config, GigabitName, "keyid 7"),
                              expected[2] + "\n" + expected[3] + "\n" + expected[10] + "\n",
                              "include keyid 7");
        NS_TEST_ASSERT_MSG_EQ(DisplayCurrentConfiguration(config, GigabitName, "no such text"), "",
                              "nothing matches");
        NS_TEST_ASSERT_MSG_EQ(
            DisplayCurrentConfiguration(config, nullptr, "ntp-service source-interface"),
            "ntp-service source-interface 1\n", "without a namer, interfaces are their indices");
    }
};

// ------------------------------------------------------------ the scenario

/// An Rx trace sink that runs `action`.
void
OnPacket(std::function<void()>* action, Ptr<const Packet>, const Address&)
{
    (*action)();
}

/// What the displays showed at one moment, with the state they came from.
struct Snapshot
{
    std::string sessionsA, sessionsB, verboseA, verboseB, statusA, statusB, configB;
    double trueOffsetBminusA{0}; ///< ground truth, s
    double offsetEstimate{0};    ///< B's association of A: filter offset, s
    int intervalPoll{0};
    bool synchronizedA{false};
    double frequencyB{0};
    std::string referenceTimeHexB;
    ntp::Timestamp displayTimeB, clockTimeB;
};

class ScenarioDisplayTestCase : public TestCase
{
  public:
    explicit ScenarioDisplayTestCase(bool ipv6) :
        TestCase(std::string("display sessions and status of two peered routers, early and after "
                             "6 h, over ")
                 + (ipv6 ? "IPv6" : "IPv4")),
        m_ipv6(ipv6)
    {
    }

  private:
    static constexpr double kEnd = 6 * 3600;
    static constexpr double kEarly = 30;
    /// maxpoll 10 stretched by ntpd's poll jitter (255/4096), and some.
    static constexpr double kLongestPoll = 1200;

    void DoRun() override;

    bool m_ipv6; ///< "unicast-peer ipv6": B then speaks NTPv4
};

void
ScenarioDisplayTestCase::DoRun()
{
    RngSeedManager::SetRun(1);
    NodeContainer nodes;
    nodes.Create(2);
    Ptr<Node> a = nodes.Get(0);
    Ptr<Node> b = nodes.Get(1);
    PointToPointHelper link;
    // 1 Gb/s: a 90-byte NTP frame takes under 1 us, so the round trip is the
    // 2 x 5 ms of propagation, 10.00 ms to two decimals.
    link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer devices = link.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    Address addressA = interfaces.GetAddress(0);
    Address addressB = interfaces.GetAddress(1);
    if (m_ipv6)
    {
        // As the ntp-peer-ipv6 suite: nothing for duplicate address
        // detection to find on a point-to-point link, so no tentative wait.
        for (Ptr<Node> node : {a, b})
        {
            node->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        }
        Ipv6AddressHelper addresses6;
        addresses6.SetBase(Ipv6Address("2001:db8:1::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer interfaces6 = addresses6.Assign(devices);
        addressA = interfaces6.GetAddress(0, 1);
        addressB = interfaces6.GetAddress(1, 1);
    }
    const std::string nameA = ToCoreAddress(addressA).ToString();
    const std::string nameB = ToCoreAddress(addressB).ToString();

    NtpPeerHelper ntp;
    ApplicationContainer apps = ntp.Install(nodes);
    ntp.GetClock(b)->GetOscillator()->SetAttribute("FrequencyOffset", DoubleValue(50));
    ntp.GetClock(b)->SetAttribute("InitialOffset", DoubleValue(0.1));

    NtpServiceConfiguration configA;
    NtpServiceConfiguration configB;
    const NtpKeyConfig key{1, "hmac-sha256", "Ntp-Key-1234", true};
    configA.keys = configB.keys = {key};
    configA.localStratum = 2;
    NtpPeerOptions peer;
    peer.address = addressA;
    peer.version = 4;
    peer.keyId = 1;
    peer.sourceInterface = 1; // B's interface to A
    configB.peers = {peer};
    NtpPeerHelper::SetLocalReference(a, configA.localStratum);
    NtpPeerHelper::AddKey(nodes, key.id, key.mode, key.password);
    NtpPeerHelper::AddPeer(b, peer);
    ntp.AssignStreams(nodes, 100);
    apps.Start(Seconds(0));
    apps.Stop(Seconds(kEnd + kLongestPoll));
    Ptr<NtpService> serviceA = NtpPeerHelper::GetService(a);
    Ptr<NtpService> serviceB = NtpPeerHelper::GetService(b);

    Snapshot early;
    Snapshot late;
    auto capture = [&](Snapshot* s)
    {
        const ntp::Engine& engineA = *serviceA->GetEngine();
        const ntp::Engine& engineB = *serviceB->GetEngine();
        s->sessionsA = DisplaySessions(engineA, configA, VpnName, GigabitName, false);
        s->sessionsB = DisplaySessions(engineB, configB, VpnName, GigabitName, false);
        s->verboseA = DisplaySessions(engineA, configA, VpnName, GigabitName, true);
        s->verboseB = DisplaySessions(engineB, configB, VpnName, GigabitName, true);
        s->statusA = DisplayStatus(engineA);
        s->statusB = DisplayStatus(engineB);
        s->configB = DisplayCurrentConfiguration(configB, GigabitName, "ntp-service");
        s->trueOffsetBminusA = ntp.GetClock(b)->GetOffsetTo(ntp.GetClock(a));
        const ntp::Association& ofA = *engineB.Associations().front();
        s->offsetEstimate = ofA.Filter().Offset();
        s->intervalPoll = ofA.Poll().IntervalPoll();
        s->synchronizedA = engineA.IsSynchronized();
        s->frequencyB = engineB.GetDiscipline().Frequency();
        char hex[24];
        std::snprintf(hex, sizeof hex, "(%08X.%08X)", ofA.ReferenceTime().Seconds(),
                      ofA.ReferenceTime().Fraction());
        s->referenceTimeHexB = hex;
        s->displayTimeB = NtpDisplayTime(engineB);
        s->clockTimeB = ntp::Timestamp::FromUnix(
                            static_cast<int64_t>(ntp.GetClock(b)->GetEpochUnixSeconds()), 0)
                      + ntp.GetClock(b)->GetLocalSeconds();
    };
    Simulator::Schedule(Seconds(kEarly), &RunFunction,
                        std::function<void()>([&] { capture(&early); }));
    // In symmetric mode each end sends on its own poll timer, so B's reach
    // register shifts at B's poll and gets its bit when A's next packet
    // comes: the late display is taken right after the first packet B
    // receives from kEnd on, when the last poll has been answered.
    bool armed = false;
    Simulator::Schedule(Seconds(kEnd), &RunFunction, std::function<void()>([&] { armed = true; }));
    std::function<void()> onReceive = [&]
    {
        if (armed)
        {
            armed = false;
            Simulator::ScheduleNow(&RunFunction, std::function<void()>([&] { capture(&late); }));
        }
    };
    serviceB->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnPacket, &onReceive));
    Simulator::Stop(Seconds(kEnd + kLongestPoll));
    Simulator::Run();
    Simulator::Destroy();
    std::printf("%s\n%s\n%s\n%s\n%s\n", late.verboseB.c_str(), late.verboseA.c_str(),
                late.statusB.c_str(), late.statusA.c_str(), early.verboseB.c_str());
    std::printf("figures: true_offset_b_minus_a_s=%.6g estimate_a_minus_b_s=%.6g "
                "frequency_b_ppm=%.4f\n",
                late.trueOffsetBminusA, late.offsetEstimate, late.frequencyB * 1e6);

    // The display time is B's own clock (NtpDisplayTime finds the service).
    NS_TEST_ASSERT_MSG_EQ(late.displayTimeB.Raw(), late.clockTimeB.Raw(), "B's local time");

    // --- 30 s in: A waits 300 s before its local clock counts (ntpd's orphan
    // wait), so it sends stratum 16 and nothing is selected anywhere.
    NS_TEST_ASSERT_MSG_EQ(Field(early.statusB, "clock status"), "unsynchronized", early.statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(early.statusB, "clock stratum"), "16", early.statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(early.statusB, "reference time"),
                          "00:00:00.000 UTC Jan 01 1900(00000000.00000000)", "never set");
    NS_TEST_ASSERT_MSG_EQ(Field(early.sessionsB, "reach"), "0",
                          "A's unsynchronized answers fail the header tests");
    NS_TEST_ASSERT_MSG_EQ(Field(early.sessionsB, "clock status"), "configured, insane, invalid",
                          early.sessionsB);

    // --- 6 h in: B synchronized to A (kSyncBound = 755 s; the convergence
    // suite derives it), every poll answered since.
    const std::vector<std::string> blocksB = SessionBlocks(late.sessionsB);
    NS_TEST_ASSERT_MSG_EQ(blocksB.size(), 1u, late.sessionsB);
    NS_TEST_ASSERT_MSG_NE(late.sessionsB.find("\n Total sessions: 1\n"), std::string::npos,
                          late.sessionsB);
    const std::string& sessionB = late.sessionsB;
    NS_TEST_ASSERT_MSG_EQ(Field(sessionB, "clock source"), nameA, sessionB);
    // A serves stratum 2 (refclock-master 2), and its refid is its local clock's.
    NS_TEST_ASSERT_MSG_EQ(Field(sessionB, "clock stratum"), "2", sessionB);
    NS_TEST_ASSERT_MSG_EQ(Field(sessionB, "clock status"), "configured, master, sane, valid",
                          sessionB);
    NS_TEST_ASSERT_MSG_EQ(Field(sessionB, "reference clock ID"), "LOCAL(0)", sessionB);
    // No loss: the last 8 polls were answered.
    NS_TEST_ASSERT_MSG_EQ(Field(sessionB, "reach"), "255", sessionB);
    const int poll = std::stoi(Field(sessionB, "current poll"));
    NS_TEST_ASSERT_MSG_EQ(poll, 1 << late.intervalPoll, "2^min(ppoll, hpoll)");
    NS_TEST_ASSERT_MSG_GT_OR_EQ(poll, 64, "minpoll 6");
    NS_TEST_ASSERT_MSG_LT_OR_EQ(poll, 1024, "maxpoll 10");
    // The last answer came within one poll interval (stretched by at most
    // ntpd's 255/4096 jitter) plus the 10 ms round trip.
    const int since = std::stoi(Field(sessionB, "now"));
    NS_TEST_ASSERT_MSG_LT_OR_EQ(since, poll * (1 + 255.0 / 4096) + 1, "now");
    // The offset is the filter's, in ms to 4 decimals; it estimates A - B,
    // which the ground truth gives: they differ by what B's clock moved
    // since the sample. After 6 h B's residual frequency error is below
    // 1 ppm (printed), over at most one 1024 s poll: below 1 ms.
    const std::string offset = Field(sessionB, "offset");
    NS_TEST_ASSERT_MSG_EQ(offset, Fixed(late.offsetEstimate * 1e3, 4) + " ms", "the filter's");
    NS_TEST_ASSERT_MSG_EQ_TOL(Number(offset) * 1e-3, -late.trueOffsetBminusA, 1e-3,
                              "offset estimates A - B");
    // Symmetric 5 ms each way: the round trip.
    NS_TEST_ASSERT_MSG_EQ(Field(sessionB, "delay"), "10.00 ms", sessionB);
    const double disper = Number(Field(sessionB, "disper"));
    NS_TEST_ASSERT_MSG_GT(disper, 0.0, "dispersion grows from the precision on");
    // Eight samples' dispersion halves per stage: below the 16 s of MAXDISP.
    NS_TEST_ASSERT_MSG_LT(disper, 16000.0, "dispersion below MAXDISP");

    // Verbose: B's association is its configured symmetric active peer.
    const std::string& verboseB = late.verboseB;
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "VPN instance"), "Not specified", verboseB);
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "local mode"), "sym_active", verboseB);
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "peer mode"), "sym_passive", verboseB);
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "version"), "4", verboseB);
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "peer interface"), "GigabitEthernet0/0/1", verboseB);
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "precision"), "2^-20", "A's precision (the default)");
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "sync state"), "synchronized", verboseB);
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "root delay"), "0.00 ms", "A is the root");
    NS_TEST_ASSERT_MSG_EQ(Field(verboseB, "current poll"), std::to_string(poll), verboseB);
    const std::regex timeFormat(
        R"(\d\d:\d\d:\d\d\.\d{3} UTC (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d{4}\([0-9A-F]{8}\.[0-9A-F]{8}\))");
    for (const char* name : {"reftime", "orgtime", "rcvtime", "xmttime"})
    {
        const std::string value = Field(verboseB, name);
        NS_TEST_ASSERT_MSG_EQ(std::regex_match(value, timeFormat), true, name << ": " << value);
        // The clocks' epoch is 2026-01-01 00:00 UTC; 6 h later it is the same day.
        NS_TEST_ASSERT_MSG_NE(value.find(" UTC Jan 01 2026("), std::string::npos, value);
    }
    NS_TEST_ASSERT_MSG_NE(Field(verboseB, "reftime").find(late.referenceTimeHexB),
                          std::string::npos, "A's reference time, raw");
    for (const char* name : {"filter delay", "filter offset", "filter disper"})
    {
        std::istringstream stages(Field(verboseB, name));
        std::vector<double> values;
        for (double v; stages >> v;)
        {
            values.push_back(v);
        }
        NS_TEST_ASSERT_MSG_EQ(values.size(), 8u, name);
        for (double v : values)
        {
            // Reach 255: all 8 stages hold real samples.
            if (std::string(name) == "filter delay")
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(v, 10.0, 0.01, "each sample's round trip");
            }
            else if (std::string(name) == "filter disper")
            {
                NS_TEST_ASSERT_MSG_LT(v, 16000.0, "no empty stage");
            }
        }
    }

    // B's status: synchronized to A, one stratum below it.
    const std::string& statusB = late.statusB;
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "clock status"), "synchronized", statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "clock stratum"), "3", statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "reference clock ID"), nameA, statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "nominal frequency"), "100.0000 Hz", statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "actual frequency"),
                          Fixed(100 * (1 + late.frequencyB), 4) + " Hz", statusB);
    // B runs 50 ppm fast: its correction is -50 ppm, learned within 2 ppm
    // after 6 h (the convergence suite has 1 ppm after 24 h): 99.9950 Hz.
    NS_TEST_ASSERT_MSG_EQ_TOL(Number(Field(statusB, "actual frequency")), 99.9950, 0.0002, statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "clock precision"), "2^-20", statusB);
    NS_TEST_ASSERT_MSG_EQ(Field(statusB, "root delay"), "10.00 ms", "A's 0 + the round trip");
    NS_TEST_ASSERT_MSG_GT(Number(Field(statusB, "root dispersion")), 0.0, statusB);
    NS_TEST_ASSERT_MSG_NE(Field(statusB, "reference time").find(" UTC Jan 01 2026("),
                          std::string::npos, statusB);

    // A: its local clock (master) and the passive association B's packets
    // mobilized (authenticated, as ntpd requires). B is synchronized to A,
    // so B's refid is A's address: a loop, insane for A.
    const std::vector<std::string> blocksA = SessionBlocks(late.sessionsA);
    NS_TEST_ASSERT_MSG_EQ(blocksA.size(), 2u, late.sessionsA);
    NS_TEST_ASSERT_MSG_NE(late.sessionsA.find("\n Total sessions: 2\n"), std::string::npos,
                          late.sessionsA);
    if (blocksA.size() == 2)
    {
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[0], "clock source"), "127.127.1.0", blocksA[0]);
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[0], "clock stratum"), "1",
                              "one below the stratum A serves");
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[0], "clock status"), "configured, master, sane, valid",
                              blocksA[0]);
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[0], "reference clock ID"), "LOCAL(0)", blocksA[0]);
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[0], "offset"), "0.0000 ms", "its own clock");
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[1], "clock source"), nameB, blocksA[1]);
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[1], "clock stratum"), "3", blocksA[1]);
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[1], "clock status"), "dynamic, insane, valid",
                              blocksA[1]);
        // Over IPv6 B's refid is the MD5 hash of A's address, which A knows
        // as its own: the display names the address.
        NS_TEST_ASSERT_MSG_EQ(Field(blocksA[1], "reference clock ID"), nameA, blocksA[1]);
    }
    const std::vector<std::string> verboseBlocksA = SessionBlocks(late.verboseA);
    if (verboseBlocksA.size() == 2)
    {
        NS_TEST_ASSERT_MSG_EQ(Field(verboseBlocksA[0], "local mode"), "client", "refclock");
        NS_TEST_ASSERT_MSG_EQ(Field(verboseBlocksA[0], "peer mode"), "unspec", "refclock");
        NS_TEST_ASSERT_MSG_NE(Field(verboseBlocksA[0], "reftime").find(" UTC Jan 01 2026("),
                              std::string::npos, "the local clock's last sample");
        NS_TEST_ASSERT_MSG_EQ(Field(verboseBlocksA[1], "local mode"), "sym_passive", "passive");
        NS_TEST_ASSERT_MSG_EQ(Field(verboseBlocksA[1], "peer mode"), "sym_active", "passive");
        NS_TEST_ASSERT_MSG_EQ(Field(verboseBlocksA[1], "version"), "4", "B's version");
        NS_TEST_ASSERT_MSG_EQ(Field(verboseBlocksA[1], "peer interface"), "wildcard",
                              "no source interface on A");
    }
    NS_TEST_ASSERT_MSG_EQ(Field(late.statusA, "clock status"),
                          late.synchronizedA ? "synchronized" : "unsynchronized", late.statusA);
    NS_TEST_ASSERT_MSG_EQ(Field(late.statusA, "clock stratum"), "2", late.statusA);
    NS_TEST_ASSERT_MSG_EQ(Field(late.statusA, "reference clock ID"), "LOCAL(0)", late.statusA);

    // B's configuration as displayed, and its key back from the cipher.
    const std::vector<std::string> configLines = SplitLines(late.configB);
    NS_TEST_ASSERT_MSG_EQ(configLines.size(), 3u, late.configB);
    if (configLines.size() == 3)
    {
        const std::string keyPrefix
            = "ntp-service authentication-keyid 1 authentication-mode hmac-sha256 cipher ";
        NS_TEST_ASSERT_MSG_EQ(configLines[0].rfind(keyPrefix, 0), 0, configLines[0]);
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            NtpCipherDecode(configLines[0].substr(keyPrefix.size()), &error).value_or(error),
            key.password, "the cipher decodes to the password");
        NS_TEST_ASSERT_MSG_EQ(configLines[1], "ntp-service reliable authentication-keyid 1", "");
        // The IPv6 command has no version option.
        NS_TEST_ASSERT_MSG_EQ(configLines[2],
                              "ntp-service unicast-peer " + std::string(m_ipv6 ? "ipv6 " : "")
                                  + nameA + (m_ipv6 ? "" : " version 4")
                                  + " authentication-keyid 1 source-interface "
                                    "GigabitEthernet0/0/1",
                              "");
    }
}

class RouterDisplayTestSuite : public TestSuite
{
  public:
    RouterDisplayTestSuite() : TestSuite("ntp-router-display", UNIT)
    {
        AddTestCase(new CurrentConfigurationTestCase, TestCase::QUICK);
        AddTestCase(new ScenarioDisplayTestCase(false), TestCase::QUICK);
        AddTestCase(new ScenarioDisplayTestCase(true), TestCase::QUICK);
    }
};

RouterDisplayTestSuite g_routerDisplayTestSuite;

} // namespace
