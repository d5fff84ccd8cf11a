/*
 * ns-3 TestSuite "ntp-router-cli": the router command line of issue #10.
 * Expected transcripts are what a router prints (the prompts of two-stage
 * configuration, the echoed line, a caret under the offending word and the
 * error of shared/reference/vrp-display.md); synchronization follows from
 * the seed procedure (shared/reference/vrp-ntp-peer-mode.md).
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <string>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

/// A -- B over GigabitEthernet0/0/1 on both (10.1.1.1 and 10.1.1.2), and A's
/// LoopBack0 (a second link, 10.2.2.1, to a stub).
struct TwoRouters
{
    NodeContainer nodes;
    NtpPeerHelper ntp;
    ApplicationContainer apps;

    TwoRouters()
    {
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.1.0", "255.255.255.0");
        addresses.Assign(p2p.Install(nodes.Get(0), nodes.Get(1)));
        addresses.SetBase("10.2.2.0", "255.255.255.0");
        addresses.Assign(p2p.Install(nodes.Get(0), nodes.Get(2)));
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        apps = ntp.Install(NodeContainer(nodes.Get(0), nodes.Get(1)));
        ntp.GetClock(nodes.Get(1))->SetAttribute("InitialOffset", DoubleValue(0.05));
        ntp.GetClock(nodes.Get(1))
            ->GetOscillator()
            ->SetAttribute("FrequencyOffset", DoubleValue(30));
        ntp.AssignStreams(NodeContainer(nodes.Get(0), nodes.Get(1)), 3);
        // IPv4 interface 1 is each router's link to the other.
        NtpPeerHelper::NameInterface(A(), 1, "GigabitEthernet0/0/1");
        NtpPeerHelper::NameInterface(A(), 2, "LoopBack0");
        NtpPeerHelper::NameInterface(B(), 1, "GigabitEthernet0/0/1");
        apps.Start(Seconds(0));
    }

    Ptr<Node> A() const
    {
        return nodes.Get(0);
    }

    Ptr<Node> B() const
    {
        return nodes.Get(1);
    }
};

/// Lines joined with newlines (a transcript as expected).
std::string
Lines(std::initializer_list<std::string> lines)
{
    std::string text;
    for (const std::string& line : lines)
    {
        text += line + "\n";
    }
    return text;
}

class SeedProcedureTestCase : public TestCase
{
  public:
    SeedProcedureTestCase() :
        TestCase("the seed's two procedures, pasted, configure routers that synchronize")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        TwoRouters net;
        // The passive end: a key and its source interface, and its own clock
        // as reference (what it serves).
        const std::string passive = NtpPeerHelper::Configure(net.A(), R"(
# passive peer end
system-view
 ntp-service authentication-keyid 1 authentication-mode hmac-sha256 Ntp-Peer-Key-1
 ntp-service source-interface GigabitEthernet0/0/1
 ntp-service refclock-master 2
 commit
return
)");
        NS_TEST_ASSERT_MSG_EQ(
            passive,
            Lines({"<Router>system-view",
                   "[~Router]ntp-service authentication-keyid 1 authentication-mode hmac-sha256 "
                   "Ntp-Peer-Key-1",
                   "[*Router]ntp-service source-interface GigabitEthernet0/0/1",
                   "[*Router]ntp-service refclock-master 2", "[*Router]commit", "[~Router]return",
                   "<Router>"}),
            "passive transcript");
        // The proactive end, every step of the procedure.
        const std::string proactive = NtpPeerHelper::Configure(net.B(), R"(
system-view
ntp-service authentication-keyid 1 authentication-mode hmac-sha256 Ntp-Peer-Key-1
ntp-service authentication-password complexity-check enable
ntp-service source-interface GigabitEthernet0/0/1
ntp-service unicast-peer 10.1.1.1 version 4 authentication-keyid 1 source-interface GE0/0/1 preference maxpoll 10 minpoll 6 preempt port 123
commit
)");
        NS_TEST_ASSERT_MSG_EQ(
            proactive,
            Lines({"<Router>system-view",
                   "[~Router]ntp-service authentication-keyid 1 authentication-mode hmac-sha256 "
                   "Ntp-Peer-Key-1",
                   "[*Router]ntp-service authentication-password complexity-check enable",
                   "[*Router]ntp-service source-interface GigabitEthernet0/0/1",
                   "[*Router]ntp-service unicast-peer 10.1.1.1 version 4 authentication-keyid 1 "
                   "source-interface GE0/0/1 preference maxpoll 10 minpoll 6 preempt port 123",
                   "[*Router]commit", "<Router>"}),
            "proactive transcript");
        const NtpServiceConfiguration b = NtpPeerHelper::GetService(net.B())->GetConfiguration();
        NS_TEST_ASSERT_MSG_EQ(b.peers.size(), 1, "one peer");
        NS_TEST_ASSERT_MSG_EQ(b.peers[0].sourceInterface, 1, "GE0/0/1 is interface 1");
        NS_TEST_ASSERT_MSG_EQ(b.peers[0].preference && b.peers[0].preempt, true, "flags");
        NS_TEST_ASSERT_MSG_EQ(int(b.peers[0].version), 4, "version 4");
        NS_TEST_ASSERT_MSG_EQ(b.complexityCheck, true, "complexity check");
        // ntpd's start-up (A selectable after 321 s, B's FREQ 300 s):
        // synchronized within the bound the other suites derive (755 s).
        Simulator::Stop(Seconds(kSyncBound + 64));
        Simulator::Run();
        Ptr<NtpService> service = NtpPeerHelper::GetService(net.B());
        const auto peer = service->GetSystemPeer();
        NS_TEST_ASSERT_MSG_EQ(service->IsSynchronized(), true, "B synchronized");
        NS_TEST_ASSERT_MSG_EQ((peer && peer->node == net.A()), true, "to A");
        NS_TEST_ASSERT_MSG_EQ(service->GetEngine()->Counters().authFailures, 0, "keys agree");
        // What the engineer checks next: the session with A is the system
        // peer ("master"), configured, at A's stratum.
        const std::string shown = NtpPeerHelper::Configure(net.B(), "display ntp-service sessions");
        NS_TEST_EXPECT_MSG_NE(shown.find("clock source: 10.1.1.1"), std::string::npos, shown);
        NS_TEST_EXPECT_MSG_NE(shown.find("clock stratum: 2"), std::string::npos, shown);
        NS_TEST_EXPECT_MSG_NE(shown.find("configured, master"), std::string::npos, shown);
        const std::string status = NtpPeerHelper::Configure(net.B(), "display ntp-service status");
        NS_TEST_EXPECT_MSG_NE(status.find("clock status: synchronized"), std::string::npos, status);
        NS_TEST_EXPECT_MSG_NE(status.find("clock stratum: 3"), std::string::npos, status);
        Simulator::Destroy();
    }
};

class CliErrorsTestCase : public TestCase
{
  public:
    CliErrorsTestCase() : TestCase("refused lines: the router's errors, a caret, nothing applied")
    {
    }

  private:
    void DoRun() override
    {
        TwoRouters net;
        const std::string out = NtpPeerHelper::Configure(net.B(), R"(
commit
system-view
ntp-sevice unicast-peer 10.1.1.1
ntp-service unicast-peer 10.1.1.300
ntp-service unicast-peer
ntp-service unicast-peer 10.1.1.1 version 5
ntp-service a 1
ntp-service unicast-peer 10.1.1.1 source-interface GigabitEthernet0/0/9
ntp-service unicast-peer ipv6 2001:db8::1 version 4
ntp-service unicast-peer 10.1.1.1 authentication-keyid 3
ntp-service authentication-keyid 2 authentication-mode md5 Abc-12345
ntp-service authentication-keyid 2 authentication-mode hmac-sha256 cipher %^%#abc%^%#
ntp-service unicast-peer 224.0.1.1
undo ntp-service unicast-peer 10.9.9.9
ntp-service refclock-master 16
ntp-service unicast-peer 10.1.1.2
ntp-service unicast-peer 10.1.1.255
ntp-service unicast-peer 127.127.1.0
undo ntp-service unicast-peer 10.9.9.9 vpn-instance vpnA
commit
)");
        const std::string expected = Lines(
            {"<Router>commit",
             "        ^",
             "Error: Unrecognized command found at '^' position.",
             "<Router>system-view",
             "[~Router]ntp-sevice unicast-peer 10.1.1.1",
             "         ^",
             "Error: Unrecognized command found at '^' position.",
             "[~Router]ntp-service unicast-peer 10.1.1.300",
             "                                  ^",
             "Error: Wrong parameter found at '^' position.",
             "[~Router]ntp-service unicast-peer",
             "                                  ^",
             "Error: Incomplete command found at '^' position.",
             "[~Router]ntp-service unicast-peer 10.1.1.1 version 5",
             "                                                   ^",
             "Error: Wrong parameter found at '^' position.",
             "[~Router]ntp-service a 1",
             "                     ^",
             "Error: Ambiguous command found at '^' position.",
             "[~Router]ntp-service unicast-peer 10.1.1.1 source-interface GigabitEthernet0/0/9",
             "                                                            ^",
             "Error: Wrong parameter found at '^' position.",
             "[~Router]ntp-service unicast-peer ipv6 2001:db8::1 version 4",
             "                                                   ^",
             "Error: Unrecognized command found at '^' position.",
             "[~Router]ntp-service unicast-peer 10.1.1.1 authentication-keyid 3",
             "Error: authentication-keyid 3 is not configured (add the key first; unicast-peer "
             "10.1.1.1 uses it)",
             "[~Router]ntp-service authentication-keyid 2 authentication-mode md5 Abc-12345",
             "Error: authentication-mode md5 is a weak algorithm and weak algorithms are "
             "disabled (run 'undo crypto weak-algorithm disable', attribute "
             "AllowWeakAlgorithms, to allow it)",
             "[~Router]ntp-service authentication-keyid 2 authentication-mode hmac-sha256 cipher "
             "%^%#abc%^%#"});
        // The cipher and later messages are checked by their words below.
        NS_TEST_ASSERT_MSG_EQ(out.substr(0, expected.size()), expected, "transcript:\n" << out);
        NS_TEST_EXPECT_MSG_NE(out.find("a real vendor's cipher text cannot be decrypted here"),
                              std::string::npos, "cipher text refused: " << out);
        NS_TEST_EXPECT_MSG_NE(out.find("broadcast or multicast"), std::string::npos, "multicast");
        NS_TEST_EXPECT_MSG_NE(out.find("Error: the peer 10.9.9.9 is not configured"),
                              std::string::npos, "undo of nothing");
        NS_TEST_EXPECT_MSG_NE(out.find("[~Router]ntp-service refclock-master 16\n"
                                       "                                     ^\n"
                                       "Error: Wrong parameter found at '^' position.\n"),
                              std::string::npos, "stratum 16");
        NS_TEST_EXPECT_MSG_NE(out.find("Error: the peer address 10.1.1.2 is an address of this "
                                       "router (accepted: another router's address)"),
                              std::string::npos, "own address");
        NS_TEST_EXPECT_MSG_NE(out.find("Error: the peer address 10.1.1.255 is the broadcast "
                                       "address of the connected network 10.1.1.0/24 (accepted: "
                                       "a host address)"),
                              std::string::npos, "subnet-directed broadcast");
        NS_TEST_EXPECT_MSG_NE(out.find("Error: the peer address is a reference-clock address "
                                       "127.127.x.x (accepted: a host address)"),
                              std::string::npos, "reference clock address");
        NS_TEST_EXPECT_MSG_NE(out.find("[~Router]undo ntp-service unicast-peer 10.9.9.9 "
                                       "vpn-instance vpnA\nError: the peer 10.9.9.9 is not "
                                       "configured"),
                              std::string::npos, "undo in an instance");
        // Nothing was applied: every line was refused, so commit had nothing.
        NS_TEST_ASSERT_MSG_EQ(out.find("[*Router]"), std::string::npos, "no edit was taken");
        const NtpServiceConfiguration b = NtpPeerHelper::GetService(net.B())->GetConfiguration();
        NS_TEST_ASSERT_MSG_EQ(b.peers.size() + b.keys.size(), 0, "nothing configured");
        Simulator::Destroy();
    }
};

class CliUndoTestCase : public TestCase
{
  public:
    CliUndoTestCase() : TestCase("every command and its undo; uncommitted edits are discarded") {}

  private:
    void DoRun() override
    {
        TwoRouters net;
        Ptr<NtpService> a = NtpPeerHelper::GetService(net.A());
        const std::string first = NtpPeerHelper::Configure(net.A(), R"(
system-view
ntp-service authentication-password complexity-check enable
ntp-service authentication-keyid 9 authentication-mode hmac-sha256 password
undo ntp-service authentication-password complexity-check enable
undo crypto weak-algorithm disable
ntp-service authentication-keyid 7 authentication-mode md5 Md5-Key-777
ntp-service authentication-keyid 8 authentication-mode aes-128-cmac Ntp-Peer-Key-16B
ntp-service reliable authentication-keyid 8
ntp-service authentication enable
ntp-service refclock-master
ntp-service ipv6 source-interface gi 0/0/1
ntp-service source-interface Loop0 
ntp-service unicast-server 10.1.1.2 authentication-keyid 8 minpoll 4 maxpoll 6
ntp-service unicast-peer 10.2.2.2 vpn-instance
ntp-service unicast-peer ipv6 2001:db8::9 authentication-keyid 8 minpoll 5
ntp-service unicast-peer ipv6 2001:db8::10
undo ntp-service unicast-peer ipv6 2001:db8::10
commit
)");
        // With the complexity check on, "password" (one class) is refused.
        NS_TEST_EXPECT_MSG_NE(first.find("[*Router]ntp-service authentication-keyid 9 "
                                         "authentication-mode hmac-sha256 password\nError: the "
                                         "password fails the complexity check"),
                              std::string::npos, first);
        NtpServiceConfiguration c = a->GetConfiguration();
        NS_TEST_ASSERT_MSG_EQ(c.complexityCheck, false, "complexity check undone");
        NS_TEST_ASSERT_MSG_EQ(c.weakAlgorithmsAllowed, true, "weak algorithms allowed");
        NS_TEST_ASSERT_MSG_EQ(c.keys.size(), 2, "two keys");
        NS_TEST_ASSERT_MSG_EQ(c.keys[0].trusted, false, "7 is not reliable");
        NS_TEST_ASSERT_MSG_EQ(c.keys[1].trusted, true, "8 is reliable");
        NS_TEST_ASSERT_MSG_EQ(c.authenticationEnable, true, "authentication enable");
        NS_TEST_ASSERT_MSG_EQ(c.localStratum, 8, "refclock-master: the vendor default 8");
        NS_TEST_ASSERT_MSG_EQ(c.sourceInterfaces.size(), 2, "two source interfaces");
        // The server and one IPv6 peer (the IPv4 peer line is incomplete,
        // the second IPv6 peer undone).
        NS_TEST_ASSERT_MSG_EQ(c.peers.size(), 2, "the server and an IPv6 peer");
        NS_TEST_ASSERT_MSG_EQ(c.peers[0].server, true, "unicast-server");
        NS_TEST_ASSERT_MSG_EQ(c.peers[0].minpoll, 4, "minpoll");
        NS_TEST_ASSERT_MSG_EQ(c.peers[1].address, Address(Ipv6Address("2001:db8::9")), "IPv6");
        NS_TEST_ASSERT_MSG_EQ(c.peers[1].keyId, 8, "its key");
        NS_TEST_ASSERT_MSG_EQ(c.peers[1].minpoll, 5, "its minpoll");

        const std::string undone = NtpPeerHelper::Configure(net.A(), R"(
system-view
undo ntp-service unicast-server 10.1.1.2
undo ntp-service unicast-peer ipv6 2001:db8::9
undo ntp-service reliable authentication-keyid 8
undo ntp-service authentication-keyid 7
crypto weak-algorithm disable
undo ntp-service authentication enable
undo ntp-service refclock-master
undo ntp-service ipv6 source-interface
undo ntp-service source-interface LoopBack0
commit
system-view
ntp-service refclock-master 3
quit
quit
system-view
ntp-service refclock-master 4
commit
)");
        NS_TEST_ASSERT_MSG_EQ(
            undone,
            Lines({"<Router>system-view", "[~Router]undo ntp-service unicast-server 10.1.1.2",
                   "[*Router]undo ntp-service unicast-peer ipv6 2001:db8::9",
                   "[*Router]undo ntp-service reliable authentication-keyid 8",
                   "[*Router]undo ntp-service authentication-keyid 7",
                   "[*Router]crypto weak-algorithm disable",
                   "[*Router]undo ntp-service authentication enable",
                   "[*Router]undo ntp-service refclock-master",
                   "[*Router]undo ntp-service ipv6 source-interface",
                   "[*Router]undo ntp-service source-interface LoopBack0", "[*Router]commit",
                   "[~Router]system-view", "         ^",
                   "Error: Unrecognized command found at '^' position.",
                   "[~Router]ntp-service refclock-master 3", "[*Router]quit", "<Router>quit",
                   "Warning: The uncommitted configuration was discarded at the end of the "
                   "session.",
                   "<Router>"}),
            "the undo session's transcript");
        c = a->GetConfiguration();
        NS_TEST_ASSERT_MSG_EQ(c.weakAlgorithmsAllowed, false, "weak algorithms disabled again");
        NS_TEST_ASSERT_MSG_EQ(c.keys.size(), 1, "key 7 removed");
        NS_TEST_ASSERT_MSG_EQ(c.keys[0].trusted, false, "8 no longer reliable");
        NS_TEST_ASSERT_MSG_EQ(c.authenticationEnable, false, "authentication disabled");
        NS_TEST_ASSERT_MSG_EQ(c.sourceInterfaces.size(), 0, "no source interface");
        NS_TEST_ASSERT_MSG_EQ(c.peers.size(), 0, "no server");
        // The last edit was not committed: discarded, with the warning.
        NS_TEST_ASSERT_MSG_EQ(c.localStratum, 0, "refclock-master 3 was discarded");
        // "quit" in the user view ended the session: the lines after it
        // never ran.
        NS_TEST_ASSERT_MSG_EQ(undone.find("refclock-master 4"), std::string::npos, undone);
        NS_TEST_EXPECT_MSG_NE(undone.find("Warning: The uncommitted configuration was discarded"),
                              std::string::npos, undone);
        Simulator::Destroy();
    }
};

class CliDisplayTestCase : public TestCase
{
  public:
    CliDisplayTestCase() :
        TestCase("display current-configuration pastes back; display works in both views")
    {
    }

  private:
    void DoRun() override
    {
        TwoRouters net;
        NtpPeerHelper::Configure(net.B(), R"(
system-view
ntp-service authentication-keyid 1 authentication-mode hmac-sha256 Ntp-Peer-Key-1
ntp-service unicast-peer 10.9.9.9 authentication-keyid 1 source-interface GigabitEthernet0/0/1
commit
)");
        const std::string shown = NtpPeerHelper::Configure(
            net.B(), "display current-configuration | include ntp-service");
        // The whole transcript: the command, the lines in the display's
        // order, the key in the model's cipher form (deterministic).
        NS_TEST_EXPECT_MSG_EQ(
            shown,
            Lines({"<Router>display current-configuration | include ntp-service",
                   "ntp-service authentication-keyid 1 authentication-mode hmac-sha256 cipher "
                       + NtpCipherEncode("Ntp-Peer-Key-1"),
                   "ntp-service unicast-peer 10.9.9.9 authentication-keyid 1 source-interface "
                   "GigabitEthernet0/0/1",
                   "<Router>"}),
            "display current-configuration");
        NS_TEST_EXPECT_MSG_NE(shown.find("ntp-service authentication-keyid 1 authentication-mode "
                                         "hmac-sha256 cipher $npc1$"),
                              std::string::npos, shown);
        NS_TEST_EXPECT_MSG_EQ(shown.find("Ntp-Peer-Key-1"), std::string::npos,
                              "the password is never shown in clear");
        // Paste what was displayed into A: the same configuration.
        std::string paste = "system-view\n";
        std::istringstream lines(shown);
        std::string line;
        while (std::getline(lines, line))
        {
            if (line.rfind("ntp-service", 0) == 0)
            {
                paste += line + "\n";
            }
        }
        paste += "commit\n";
        const std::string pasted = NtpPeerHelper::Configure(net.A(), paste);
        NS_TEST_ASSERT_MSG_EQ(pasted.find("Error"), std::string::npos, pasted);
        const auto a = NtpPeerHelper::GetService(net.A())->GetConfiguration();
        const auto b = NtpPeerHelper::GetService(net.B())->GetConfiguration();
        NS_TEST_ASSERT_MSG_EQ(b.keys.size(), 1, "B's key");
        NS_TEST_ASSERT_MSG_EQ(a.keys.size(), 1, "key");
        NS_TEST_ASSERT_MSG_EQ(a.keys[0].password, b.keys[0].password, "the cipher decodes");
        NS_TEST_ASSERT_MSG_EQ(a.peers.size(), 1, "peer");
        NS_TEST_ASSERT_MSG_EQ(a.peers[0].sourceInterface, 1, "GigabitEthernet0/0/1");
        // Before the services start: the display says so.
        const std::string sessions
            = NtpPeerHelper::Configure(net.B(), "display ntp-service sessions");
        NS_TEST_EXPECT_MSG_NE(sessions.find("not running"), std::string::npos, sessions);
        Simulator::Destroy();
    }
};

class InterfaceNamesTestCase : public TestCase
{
  public:
    InterfaceNamesTestCase() : TestCase("interface names and the abbreviations engineers type") {}

  private:
    void DoRun() override
    {
        NtpInterfaceNames names;
        NS_TEST_ASSERT_MSG_EQ(names.Add(1, "GigabitEthernet0/0/1"), "", "GE");
        NS_TEST_ASSERT_MSG_EQ(names.Add(2, "LoopBack0"), "", "loopback");
        NS_TEST_ASSERT_MSG_EQ(names.Add(3, "Vlanif10"), "", "vlanif");
        NS_TEST_ASSERT_MSG_EQ(names.Add(4, "Eth-Trunk1"), "", "trunk");
        for (const char* typed : {"GigabitEthernet0/0/1", "gigabitethernet0/0/1", "GE0/0/1",
                                  "ge0/0/1", "Gi0/0/1", "gig 0/0/1", "GigabitEthernet 0/0/1"})
        {
            NS_TEST_EXPECT_MSG_EQ(names.Resolve(typed).value_or(-1), 1, typed);
        }
        for (const char* typed : {"LoopBack0", "Loop0", "lo0", "LOOPBACK 0"})
        {
            NS_TEST_EXPECT_MSG_EQ(names.Resolve(typed).value_or(-1), 2, typed);
        }
        NS_TEST_EXPECT_MSG_EQ(names.Resolve("vlanif10").value_or(-1), 3, "vlanif");
        NS_TEST_EXPECT_MSG_EQ(names.Resolve("Eth-Trunk1").value_or(-1), 4, "trunk");
        // Unknown, ambiguous (Ethernet, Eth-Trunk), malformed, unnamed.
        for (const char* typed : {"Serial0/0/1", "e0/0/1", "GE0//1", "GE0/0/", "GE", "GE0/0/2"})
        {
            NS_TEST_EXPECT_MSG_EQ(names.Resolve(typed).has_value(), false, typed);
        }
        NS_TEST_EXPECT_MSG_NE(names.Add(5, "GE0/0/1").find("already given"), std::string::npos,
                              "a name once");
        NS_TEST_EXPECT_MSG_NE(names.Add(1, "GE0/0/9").find("already named"), std::string::npos,
                              "an interface once");
        NS_TEST_EXPECT_MSG_NE(names.Add(6, "Serial0").find("not an interface name"),
                              std::string::npos, "unknown type");
        NS_TEST_ASSERT_MSG_EQ(names.NameOf(1), "GigabitEthernet0/0/1", "canonical");
    }
};

class ConfigureAtTestCase : public TestCase
{
  public:
    ConfigureAtTestCase() :
        TestCase("a configuration at a simulated time: the peer appears then, not before")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        TwoRouters net;
        NtpPeerHelper::Configure(net.A(), "system-view\nntp-service refclock-master 2\ncommit\n");
        std::string transcript;
        NtpPeerHelper::ConfigureAt(net.B(), Seconds(1000),
                                   "system-view\nntp-service unicast-peer 10.1.1.1\ncommit\n",
                                   [&transcript](const std::string& out) { transcript = out; });
        uint64_t sentBefore = 1;
        Simulator::Schedule(
            Seconds(999), &RunFunction,
            std::function<void()>(
                [&]() { sentBefore = NtpPeerHelper::GetService(net.B())->GetPacketsSent(); }));
        // Configured at 1000 s, B synchronizes within the start-up bound
        // after that (A's local clock has long been selectable).
        Simulator::Stop(Seconds(1000 + kSyncBound));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(sentBefore, 0, "B sent nothing before its configuration");
        NS_TEST_ASSERT_MSG_EQ(
            transcript,
            Lines({"<Router>system-view", "[~Router]ntp-service unicast-peer 10.1.1.1",
                   "[*Router]commit", "<Router>"}),
            "the session's transcript");
        NS_TEST_ASSERT_MSG_EQ(NtpPeerHelper::GetService(net.B())->IsSynchronized(), true,
                              "B synchronized after the late configuration");
        Simulator::Destroy();
    }
};

class RouterCliTestSuite : public TestSuite
{
  public:
    RouterCliTestSuite() : TestSuite("ntp-router-cli", UNIT)
    {
        AddTestCase(new SeedProcedureTestCase, TestCase::QUICK);
        AddTestCase(new CliErrorsTestCase, TestCase::QUICK);
        AddTestCase(new CliUndoTestCase, TestCase::QUICK);
        AddTestCase(new CliDisplayTestCase, TestCase::QUICK);
        AddTestCase(new InterfaceNamesTestCase, TestCase::QUICK);
        AddTestCase(new ConfigureAtTestCase, TestCase::QUICK);
    }
};

RouterCliTestSuite g_routerCliTestSuite;

} // namespace
