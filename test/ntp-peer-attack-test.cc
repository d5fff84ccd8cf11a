/*
 * ns-3 TestSuite "ntp-peer-attack": NtpLinkAttacker's forgeries against
 * unauthenticated symmetric peers, built with NtpTopology. The attacks
 * scenario (scenarios/attacks.yaml) covers the echoing spoofer, the flood,
 * the kiss and the delay; these cases cover what the file does not: the
 * forgeries the on-wire tests of RFC 5905 exist for. A replayed packet is
 * a duplicate (TEST1) or answers nothing we sent (TEST2); a forgery with a
 * made-up origin answers nothing we sent. Either way it is counted, refused
 * and changes neither the clock nor the exchange.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-module.h"
#include "ns3/test.h"

#include <cmath>

using namespace ns3;

namespace
{

/// P (its own clock at stratum 2) and Q, its proactive peer, on one link.
NtpTopologySpec
TwoPeers()
{
    NtpTopologySpec spec;
    NtpTopologySpec::Node p;
    p.name = "P";
    p.interfaces.push_back({"GigabitEthernet0/0/1", "10.0.1.1/30", "", ""});
    p.config = "system-view\nntp-service refclock-master 2\ncommit\n";
    NtpTopologySpec::Node q;
    q.name = "Q";
    q.offset = 0.01;
    q.frequency = 20;
    q.interfaces.push_back({"GigabitEthernet0/0/1", "10.0.1.2/30", "", ""});
    q.config = "system-view\nntp-service unicast-peer 10.0.1.1\ncommit\n";
    spec.nodes = {p, q};
    spec.AddLink({"P", "GigabitEthernet0/0/1"}, {"Q", "GigabitEthernet0/0/1"}, 0.005);
    return spec;
}

uint64_t
Refused(Ptr<Node> node, ntp::RefuseReason reason)
{
    const auto& refused = NtpPeerHelper::GetService(node)->GetEngine()->Counters().refused;
    const auto it = refused.find(reason);
    return it == refused.end() ? 0 : it->second;
}

struct Outcome
{
    uint64_t injected{0};
    uint64_t duplicate{0};
    uint64_t bogus{0};
    uint64_t accepted{0};
    double worstOffset{0}; ///< largest |Q - P| from 1500 s to the end
};

/**
 * Runs the pair for 4 h; from 3600 s on, `attack` (if set) sends forgeries
 * from P's end toward Q.
 */
Outcome
RunPair(const std::function<void(Ptr<NtpLinkAttacker>)>& attack)
{
    RngSeedManager::SetRun(1);
    NtpTopology topology;
    const std::string error = topology.Build(TwoPeers());
    NS_ABORT_MSG_IF(!error.empty(), error);
    topology.Configure();
    Ptr<NtpLinkAttacker> attacker = topology.AttackFrom("P", "GigabitEthernet0/0/1");
    if (attack)
    {
        Simulator::Schedule(Seconds(3600), [attack, attacker]() { attack(attacker); });
    }
    Outcome outcome;
    Ptr<NtpClock> p = NtpPeerHelper::GetClock(topology.GetNode("P"));
    Ptr<NtpClock> q = NtpPeerHelper::GetClock(topology.GetNode("Q"));
    for (int t = 1500; t < 14400; t += 10)
    {
        Simulator::Schedule(
            Seconds(t), [&outcome, p, q]()
            { outcome.worstOffset = std::max(outcome.worstOffset, std::fabs(q->GetOffsetTo(p))); });
    }
    Simulator::Stop(Seconds(14400));
    Simulator::Run();
    Ptr<Node> victim = topology.GetNode("Q");
    outcome.injected = attacker->GetInjected();
    outcome.duplicate = Refused(victim, ntp::RefuseReason::Duplicate);
    outcome.bogus = Refused(victim, ntp::RefuseReason::Bogus);
    outcome.accepted = NtpPeerHelper::GetService(victim)->GetEngine()->Counters().accepted;
    Simulator::Destroy();
    return outcome;
}

class ReplayTestCase : public TestCase
{
  public:
    ReplayTestCase() : TestCase("replayed packets are refused and change nothing") {}

  private:
    void DoRun() override
    {
        const Outcome plain = RunPair(nullptr);
        const Outcome replayed = RunPair(
            [](Ptr<NtpLinkAttacker> attacker)
            {
                NtpLinkAttacker::Spoof spoof;
                spoof.replay = true;
                spoof.interval = 16;
                attacker->StartSpoof(spoof, Seconds(14400));
            });
        // One replay every 16 s for 10,800 s; the first ones may find no
        // genuine packet captured yet (the attacker arrived at 3600 s and P
        // answers at Q's poll, at most 1024 s apart).
        NS_TEST_ASSERT_MSG_GT_OR_EQ(replayed.injected, (10800 - 1024) / 16, "replays sent");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(replayed.injected, 10800 / 16, "replays sent");
        // Each replay is the genuine packet Q already took (TEST1) or an
        // older one (TEST2): all refused, none accepted, nothing moves.
        NS_TEST_ASSERT_MSG_EQ(replayed.duplicate + replayed.bogus - plain.duplicate - plain.bogus,
                              replayed.injected, "every replay refused as duplicate or bogus");
        NS_TEST_ASSERT_MSG_EQ(replayed.accepted, plain.accepted, "no replay accepted");
        NS_TEST_ASSERT_MSG_EQ_TOL(replayed.worstOffset, plain.worstOffset, 1e-12,
                                  "the clock is not moved by a replay");
    }
};

class RandomOriginTestCase : public TestCase
{
  public:
    RandomOriginTestCase() :
        TestCase("forgeries that cannot echo our transmit time are bogus and change nothing")
    {
    }

  private:
    void DoRun() override
    {
        const Outcome plain = RunPair(nullptr);
        const Outcome forged = RunPair(
            [](Ptr<NtpLinkAttacker> attacker)
            {
                NtpLinkAttacker::Spoof spoof;
                spoof.origin = "random";
                spoof.offset = 0.5;
                spoof.interval = 16;
                attacker->StartSpoof(spoof, Seconds(14400));
            });
        NS_TEST_ASSERT_MSG_EQ(forged.injected, 10800 / 16,
                              "a forgery at 3600, 3616, ... s, before 14400 s");
        NS_TEST_ASSERT_MSG_EQ(forged.bogus - plain.bogus, forged.injected,
                              "every forgery refused as bogus (RFC 5905 TEST2)");
        NS_TEST_ASSERT_MSG_EQ(forged.accepted, plain.accepted, "no forgery accepted");
        // Bogus packets' timestamps are kept (ntpd 4.2.8, to heal crossed
        // exchanges), so Q's next packet echoes a forged transmit time and
        // P's answer to it... is still P's: Q stays within a millisecond.
        NS_TEST_ASSERT_MSG_LT(forged.worstOffset, 1e-3, "Q stays with P");
    }
};

class AttackTestSuite : public TestSuite
{
  public:
    AttackTestSuite() : TestSuite("ntp-peer-attack", SYSTEM)
    {
        AddTestCase(new ReplayTestCase, TestCase::QUICK);
        AddTestCase(new RandomOriginTestCase, TestCase::QUICK);
    }
};

AttackTestSuite g_attackTestSuite;

} // namespace
