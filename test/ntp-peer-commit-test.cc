/*
 * ns-3 TestSuite "ntp-peer-commit": NtpService::Commit, the router's
 * two-stage configuration applied at once, before and while the service
 * runs (issue #10). What is asserted follows from RFC 5905's reach register
 * (eight polls) and the scenario's topology, noted beside each check.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"
#include "ntp-peer-test-util.h"

#include <sstream>

using namespace ns3;
using namespace ns3::ntptest;

namespace
{

/// A (local clock, stratum 2) -- B -- C (local clock, stratum 2); B peers A.
struct Line
{
    NodeContainer nodes;
    Ipv4InterfaceContainer ab;
    Ipv4InterfaceContainer bc;
    NtpPeerHelper ntp;
    ApplicationContainer apps;

    Line()
    {
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.1.0", "255.255.255.0");
        ab = addresses.Assign(p2p.Install(nodes.Get(0), nodes.Get(1)));
        addresses.SetBase("10.2.2.0", "255.255.255.0");
        bc = addresses.Assign(p2p.Install(nodes.Get(1), nodes.Get(2)));
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        apps = ntp.Install(nodes);
        NtpPeerHelper::SetLocalReference(nodes.Get(2), 2);
        ntp.GetClock(nodes.Get(1))->SetAttribute("InitialOffset", DoubleValue(0.05));
        ntp.AssignStreams(nodes, 7);
        apps.Start(Seconds(0));
    }

    Ptr<NtpService> Service(uint32_t i) const
    {
        return NtpPeerHelper::GetService(nodes.Get(i));
    }

    NtpPeerOptions PeerA() const
    {
        NtpPeerOptions peer;
        peer.address = ab.GetAddress(0);
        return peer;
    }

    NtpPeerOptions PeerC() const
    {
        NtpPeerOptions peer;
        peer.address = bc.GetAddress(1);
        return peer;
    }
};

/// The association of `service` with `address`, or null.
const ntp::Association*
AssociationWith(Ptr<NtpService> service, Ipv4Address address)
{
    if (!service->GetEngine())
    {
        return nullptr;
    }
    for (const ntp::Association* association : service->GetEngine()->Associations())
    {
        if (association->Config().remote.address == ToCoreAddress(address))
        {
            return association;
        }
    }
    return nullptr;
}

/// Everything observable of a configuration, as text, to compare two.
std::string
Describe(const NtpServiceConfiguration& c)
{
    std::ostringstream out;
    out << c.authenticationEnable << c.weakAlgorithmsAllowed << c.complexityCheck << ' '
        << c.localStratum << " keys";
    for (const NtpKeyConfig& key : c.keys)
    {
        out << ' ' << key.id << ':' << key.mode << ':' << key.password << ':' << key.trusted;
    }
    out << " sources";
    for (const NtpSourceInterface& source : c.sourceInterfaces)
    {
        out << ' ' << source.interface << ':' << source.vpnInstance << ':' << source.ipv6;
    }
    out << " peers";
    for (const NtpPeerOptions& peer : c.peers)
    {
        out << ' ' << PrintAddress(peer.address) << ':' << int(peer.version) << ':' << peer.keyId
            << ':' << peer.minpoll << ':' << peer.maxpoll << ':' << peer.sourceInterface << ':'
            << peer.vpnInstance << ':' << peer.server;
    }
    return out.str();
}

class CommitWhileRunningTestCase : public TestCase
{
  public:
    CommitWhileRunningTestCase() :
        TestCase("a commit while running keeps unchanged peers, adds and removes the others")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        Line net;
        NtpPeerHelper::SetLocalReference(net.nodes.Get(0), 2);
        Ptr<NtpService> b = net.Service(1);
        NS_TEST_ASSERT_MSG_EQ(b->AddPeer(net.PeerA()), "", "B peers A");
        uint32_t idBefore = 0;
        uint8_t reachBefore = 0;
        uint32_t idAfter = 0;
        uint8_t reachAfter = 0;
        bool cAdded = false;
        bool aRemoved = false;
        // At 1500 s B has heard A at least eight polls in a row (64 s polls
        // from the start): reach 255. The commit adds C and keeps A as it is.
        Simulator::Schedule(Seconds(1500), &RunFunction,
                            std::function<void()>(
                                [&]()
                                {
                                    const ntp::Association* a
                                        = AssociationWith(b, net.ab.GetAddress(0));
                                    idBefore = a ? a->Id() : 0;
                                    reachBefore = a ? a->Poll().Reach() : 0;
                                    NtpServiceConfiguration config = b->GetConfiguration();
                                    config.peers.push_back(net.PeerC());
                                    NS_TEST_EXPECT_MSG_EQ(b->Commit(config), "", "add C");
                                    const ntp::Association* kept
                                        = AssociationWith(b, net.ab.GetAddress(0));
                                    idAfter = kept ? kept->Id() : 0;
                                    reachAfter = kept ? kept->Poll().Reach() : 0;
                                    cAdded = AssociationWith(b, net.bc.GetAddress(1)) != nullptr;
                                }));
        // At 3000 s the commit removes A: B keeps C only.
        Simulator::Schedule(Seconds(3000), &RunFunction,
                            std::function<void()>(
                                [&]()
                                {
                                    NtpServiceConfiguration config = b->GetConfiguration();
                                    config.peers = {net.PeerC()};
                                    NS_TEST_EXPECT_MSG_EQ(b->Commit(config), "", "remove A");
                                    aRemoved = AssociationWith(b, net.ab.GetAddress(0)) == nullptr;
                                }));
        Simulator::Stop(Seconds(3200));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(reachBefore, 255, "A answered the last eight polls");
        NS_TEST_ASSERT_MSG_EQ(idAfter, idBefore, "A's association is the same one");
        NS_TEST_ASSERT_MSG_EQ(reachAfter, 255, "and keeps its state");
        NS_TEST_ASSERT_MSG_EQ(cAdded, true, "C's association is there at once");
        NS_TEST_ASSERT_MSG_EQ(aRemoved, true, "A's association is gone");
        NS_TEST_ASSERT_MSG_EQ(b->GetConfiguration().peers.size(), 1, "one peer configured");
        // C answered B after the commit (reach nonzero); A is not heard of.
        const ntp::Association* c = AssociationWith(b, net.bc.GetAddress(1));
        NS_TEST_ASSERT_MSG_NE(c, nullptr, "C");
        NS_TEST_ASSERT_MSG_NE(c ? c->Poll().Reach() : 0, 0, "C answers");
        Simulator::Destroy();
    }
};

class RefusedCommitTestCase : public TestCase
{
  public:
    RefusedCommitTestCase() : TestCase("a commit with one refused line applies nothing of it") {}

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        Line net;
        NtpPeerHelper::SetLocalReference(net.nodes.Get(0), 2);
        Ptr<NtpService> b = net.Service(1);
        NS_TEST_ASSERT_MSG_EQ(b->AddPeer(net.PeerA()), "", "B peers A");
        std::string before;
        std::string after;
        size_t associationsBefore = 0;
        size_t associationsAfter = 0;
        std::vector<std::string> errors;
        Simulator::Schedule(Seconds(1000), &RunFunction,
                            std::function<void()>(
                                [&]()
                                {
                                    before = Describe(b->GetConfiguration());
                                    associationsBefore = b->GetEngine()->Associations().size();
                                    // Good lines (a key, C, authentication enable) with one
                                    // bad one each time: nothing of them may apply.
                                    NtpServiceConfiguration good = b->GetConfiguration();
                                    good.keys.push_back({7, "hmac-sha256", "Ntp-Key-0007", true});
                                    good.authenticationEnable = true;
                                    NtpPeerOptions c = net.PeerC();
                                    c.keyId = 7;
                                    good.peers.push_back(c);
                                    NtpServiceConfiguration bad = good;
                                    bad.keys.push_back({8, "md5", "Ntp-Key-0008", true});
                                    errors.push_back(b->Commit(bad)); // weak algorithm
                                    bad = good;
                                    bad.peers.back().keyId = 9;
                                    errors.push_back(b->Commit(bad)); // no such key
                                    bad = good;
                                    bad.sourceInterfaces.push_back({9, "", false});
                                    errors.push_back(b->Commit(bad)); // no such interface
                                    bad = good;
                                    bad.peers.push_back(net.PeerA());
                                    errors.push_back(b->Commit(bad)); // A twice
                                    bad = good;
                                    bad.localStratum = 16;
                                    errors.push_back(b->Commit(bad)); // stratum out of range
                                    after = Describe(b->GetConfiguration());
                                    associationsAfter = b->GetEngine()->Associations().size();
                                }));
        Simulator::Stop(Seconds(1001));
        Simulator::Run();
        const char* expected[]
            = {"weak", "not configured", "does not exist", "already configured", "1..15"};
        for (size_t i = 0; i < errors.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_NE(errors[i].find(expected[i]), std::string::npos,
                                  "'" << errors[i] << "' should say " << expected[i]);
        }
        NS_TEST_ASSERT_MSG_EQ(errors.size(), 5, "five refused commits");
        NS_TEST_ASSERT_MSG_EQ(after, before, "the configuration is unchanged");
        NS_TEST_ASSERT_MSG_EQ(associationsAfter, associationsBefore, "the associations too");
        NS_TEST_ASSERT_MSG_EQ(b->GetEngine()->GetParameters().discardUnauthenticated, false,
                              "authentication enable was not applied");
        NS_TEST_ASSERT_MSG_EQ(b->GetEngine()->Keys().Find(7), nullptr, "key 7 was not added");
        Simulator::Destroy();
    }
};

class CommitPolicyTestCase : public TestCase
{
  public:
    CommitPolicyTestCase() :
        TestCase("committed while running: a local reference starts serving, authentication "
                 "enable silences an unauthenticated peer")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(1);
        Line net; // A has no local reference yet
        Ptr<NtpService> a = net.Service(0);
        Ptr<NtpService> b = net.Service(1);
        NS_TEST_ASSERT_MSG_EQ(b->AddPeer(net.PeerA()), "", "B peers A");
        bool syncedBefore = true;
        uint8_t reachAtEnable = 0;
        // At 600 s A gets "refclock-master 2". B cannot have synchronized
        // before: A had no source.
        Simulator::Schedule(Seconds(600), &RunFunction,
                            std::function<void()>(
                                [&]()
                                {
                                    syncedBefore = b->IsSynchronized();
                                    NtpServiceConfiguration config = a->GetConfiguration();
                                    config.localStratum = 2;
                                    NS_TEST_EXPECT_MSG_EQ(a->Commit(config), "",
                                                          "refclock-master 2");
                                }));
        bool syncedAfterReference = false;
        // At 3000 s A commits "authentication enable": B's packets carry no
        // MAC, so A discards them from then on.
        Simulator::Schedule(
            Seconds(3000), &RunFunction,
            std::function<void()>(
                [&]()
                {
                    syncedAfterReference = b->IsSynchronized();
                    const ntp::Association* peer = AssociationWith(b, net.ab.GetAddress(0));
                    reachAtEnable = peer ? peer->Poll().Reach() : 0;
                    NtpServiceConfiguration config = a->GetConfiguration();
                    config.authenticationEnable = true;
                    NS_TEST_EXPECT_MSG_EQ(a->Commit(config), "", "authentication enable");
                }));
        // Eight unanswered polls empty the reach register; B's poll is at
        // most 1024 s (maxpoll 10): 8 * 1024 s after 3000 s at the latest.
        Simulator::Stop(Seconds(3000 + 8 * 1024 + 100));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(syncedBefore, false, "no source before the commit");
        NS_TEST_ASSERT_MSG_EQ(syncedAfterReference, true, "A serves after the commit");
        NS_TEST_ASSERT_MSG_EQ(reachAtEnable, 255, "A answered before authentication enable");
        const ntp::Association* peer = AssociationWith(b, net.ab.GetAddress(0));
        NS_TEST_ASSERT_MSG_EQ(peer ? peer->Poll().Reach() : 1, 0, "A answers nothing after it");
        Simulator::Destroy();
    }
};

class CommitTestSuite : public TestSuite
{
  public:
    CommitTestSuite() : TestSuite("ntp-peer-commit", UNIT)
    {
        AddTestCase(new CommitWhileRunningTestCase, TestCase::QUICK);
        AddTestCase(new RefusedCommitTestCase, TestCase::QUICK);
        AddTestCase(new CommitPolicyTestCase, TestCase::QUICK);
    }
};

CommitTestSuite g_commitTestSuite;

} // namespace
