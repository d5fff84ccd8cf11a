/*
 * Routing instances (VRFs, "VPN instances") in the core: an endpoint is its
 * address, port and instance, so the same address in two instances is two
 * peers, a packet matches only associations of its own instance, answers
 * leave in the instance the request came in on, and each instance has its
 * own global source address.
 */
#include "engine-fixtures.h"

#include <boost/test/unit_test.hpp>

using namespace ntp;
using namespace ntp::test;

namespace
{

AssociationConfig
PeerIn(uint32_t instance)
{
    AssociationConfig c = PeerConfig("10.0.0.1");
    c.remote.instance = instance;
    return c;
}

const Association*
AssociationIn(const Engine& engine, uint32_t instance)
{
    for (const Association* association : engine.Associations())
    {
        if (association->GetMode() != AssociationMode::LocalReference
            && association->Config().remote.instance == instance)
        {
            return association;
        }
    }
    return nullptr;
}

/// The last datagram the node at `address` sent.
const VirtualNetwork::Record&
LastSentBy(const VirtualNetwork& network, const std::string& address)
{
    for (auto it = network.sent.rbegin(); it != network.sent.rend(); ++it)
    {
        if (it->from.address == Ip(address))
        {
            return *it;
        }
    }
    BOOST_FAIL("nothing sent by " << address);
    throw std::logic_error("unreachable");
}

} // namespace

BOOST_AUTO_TEST_SUITE(instances)

BOOST_AUTO_TEST_CASE(addresses_and_endpoints_order_as_their_bytes)
{
    // Tables keyed by endpoint (associations by remote, the host's own
    // addresses) rely on a strict order: family, then the address bytes in
    // network order, i.e. numerically; then port and instance.
    BOOST_TEST((Ip("10.0.0.2") < Ip("10.0.0.10")));
    BOOST_TEST((!(Ip("10.0.0.10") < Ip("10.0.0.2"))));
    BOOST_TEST((Ip("9.255.255.255") < Ip("10.0.0.0")));
    BOOST_TEST((Ip("10.0.0.255") < Ip("10.0.1.0")));
    BOOST_TEST((Ip("255.255.255.255") < Ip("::")));
    BOOST_TEST((Ip("fd00::1") < Ip("fd00::2")));
    BOOST_TEST((Ip("fd00::ffff") < Ip("fd00:0:0:1::")));
    BOOST_TEST((Ip("fd00:0:0:0:ffff:ffff:ffff:ffff") < Ip("fd00:0:0:1::")));
    BOOST_TEST((Ip("fe80::1") < Ip("ff02::1")));
    BOOST_TEST((!(Ip("fd00::1") < Ip("fd00::1"))));
    BOOST_TEST((Ip("fd00::1") == Ip("fd00::1")));
    BOOST_TEST((Ip("fd00::1") != Ip("fd00::1:0:0:0:0")));
    BOOST_TEST((Ip("10.0.0.1") != Ip("::a00:1")));
    const Endpoint a{Ip("10.0.0.1"), 123, 1};
    const Endpoint b{Ip("10.0.0.1"), 123, 2};
    BOOST_TEST((a != b));
    BOOST_TEST((a < b) != (b < a));
}

BOOST_AUTO_TEST_CASE(same_address_in_two_instances_is_two_peers)
{
    TwoRouters r;
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerIn(1)));
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerIn(2)));
    const Error duplicate = r.b.engine->AddAssociation(PeerIn(1));
    BOOST_REQUIRE(duplicate.has_value());
    BOOST_TEST(duplicate->find("10.0.0.1:123 (instance 1)") != std::string::npos);
    BOOST_TEST(r.b.engine->Associations().size() == 2U);
}

BOOST_AUTO_TEST_CASE(packets_stay_in_their_instance)
{
    TwoRouters r;
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerIn(1)));
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerIn(2)));
    // Nothing answers on its own: the test plays A.
    r.network.SetLinkDown("10.0.0.1", "10.0.0.2", true);
    r.b.engine->Start();
    r.loop.RunUntil(5);
    // Each association polled in its own instance, both ends.
    int polls[3] = {0, 0, 0};
    for (const auto& record : r.network.sent)
    {
        BOOST_TEST(record.from.instance == record.to.instance);
        BOOST_REQUIRE(record.to.instance <= 2U);
        ++polls[record.to.instance];
    }
    BOOST_TEST(polls[0] == 0);
    BOOST_TEST(polls[1] >= 1);
    BOOST_TEST(polls[1] == polls[2]);

    // An answer from 10.0.0.1 in instance 2 is processed by instance 2's
    // association only.
    const Association& one = *AssociationIn(*r.b.engine, 1);
    const Association& two = *AssociationIn(*r.b.engine, 2);
    const Association::OnWireState oneBefore = one.OnWire();
    Header answer;
    answer.mode = Mode::SymmetricPassive;
    answer.stratum = 2;
    answer.reference = r.a.clock.Now() + -10.0;
    answer.origin = two.OnWire().localTransmit;
    answer.receive = r.a.clock.Now();
    answer.transmit = r.a.clock.Now();
    const Endpoint from{Ip("10.0.0.1"), kNtpPort, 2};
    const Endpoint to{Ip("10.0.0.2"), kNtpPort, 2};
    r.network.Inject(from, to, EncodeUnauthenticated(answer));
    BOOST_TEST(r.b.engine->Counters().accepted == 1U);
    BOOST_TEST(two.OnWire().localTransmit.IsZero()); // answered
    BOOST_TEST((two.OnWire().remoteTransmit == answer.transmit));
    BOOST_TEST((one.OnWire().remoteTransmit == oneBefore.remoteTransmit));
    BOOST_TEST((one.OnWire().localTransmit == oneBefore.localTransmit));

    // The same answer from that address in an instance with no association
    // to it matches nothing.
    answer.transmit = answer.transmit + 1.0;
    r.network.Inject(Endpoint{Ip("10.0.0.1"), kNtpPort, 7}, Endpoint{Ip("10.0.0.2"), kNtpPort, 7},
                     EncodeUnauthenticated(answer));
    BOOST_TEST(r.b.engine->Counters().refused.at(RefuseReason::NoAssociation) == 1U);
}

BOOST_AUTO_TEST_CASE(passive_end_answers_in_the_instance_of_the_request)
{
    TwoRouters r(0.1, 0, 0.005, WithoutAuth());
    Header h;
    h.mode = Mode::SymmetricActive;
    h.transmit = r.b.clock.Now();
    const Endpoint from{Ip("10.0.0.2"), kNtpPort, 3};
    const Endpoint to{Ip("10.0.0.1"), kNtpPort, 3};
    r.network.Inject(from, to, EncodeUnauthenticated(h));
    const Association* passive = AssociationIn(*r.a.engine, 3);
    BOOST_REQUIRE(passive != nullptr);
    BOOST_TEST((passive->GetMode() == AssociationMode::SymmetricPassive));
    BOOST_TEST((passive->Config().remote == from));
    // The same sender in the public network is another peer.
    r.network.Inject(Endpoint{Ip("10.0.0.2"), kNtpPort}, Endpoint{Ip("10.0.0.1"), kNtpPort},
                     EncodeUnauthenticated(h));
    BOOST_TEST(PassiveCount(*r.a.engine) == 2U);
    // A's poll to the instance-3 peer leaves in instance 3.
    r.a.engine->Start();
    r.loop.RunUntil(20);
    bool polledInThree = false;
    for (const auto& record : r.network.sent)
    {
        BOOST_TEST(record.from.instance == record.to.instance);
        polledInThree = polledInThree || (record.to == from);
    }
    BOOST_TEST(polledInThree);
}

BOOST_AUTO_TEST_CASE(stateless_answer_and_source_address_follow_the_instance)
{
    Parameters p; // authentication required: unauthenticated peers get stateless answers
    p.sourceAddresses = {{0, Ip("10.0.0.1")}, {3, Ip("172.16.3.1")}, {3, Ip("2001:db8:3::1")}};
    TwoRouters r(0.1, 0, 0.005, p);
    r.network.AddAlias(r.a, Ip("172.16.3.1"));
    r.network.AddAlias(r.a, Ip("192.168.1.1"));
    Header h;
    h.mode = Mode::SymmetricActive;
    h.transmit = r.b.clock.Now();
    // Received on an address of instance 3, answered from instance 3's
    // source address, in instance 3.
    r.network.Inject(Endpoint{Ip("192.168.1.2"), kNtpPort, 3},
                     Endpoint{Ip("192.168.1.1"), kNtpPort, 3}, EncodeUnauthenticated(h));
    const VirtualNetwork::Record& inThree = LastSentBy(r.network, "172.16.3.1");
    BOOST_TEST(inThree.from.instance == 3U);
    BOOST_TEST((inThree.to == Endpoint{Ip("192.168.1.2"), kNtpPort, 3}));
    // In an instance without a source address of its own: the address the
    // request came to, never the public network's source address.
    r.network.AddAlias(r.a, Ip("192.168.5.1"));
    r.network.Inject(Endpoint{Ip("192.168.5.2"), kNtpPort, 5},
                     Endpoint{Ip("192.168.5.1"), kNtpPort, 5}, EncodeUnauthenticated(h));
    BOOST_TEST(LastSentBy(r.network, "192.168.5.1").from.instance == 5U);
    // In the public network: its own source address.
    r.network.Inject(Endpoint{Ip("10.0.0.2"), kNtpPort}, Endpoint{Ip("10.0.0.1"), kNtpPort},
                     EncodeUnauthenticated(h));
    BOOST_TEST(LastSentBy(r.network, "10.0.0.1").from.instance == 0U);
    BOOST_TEST(r.a.engine->Counters().statelessReplies == 3U);
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);

    // Instance 3 has an IPv6 source address too: an IPv6 request is answered
    // from it, an IPv4 one never is.
    r.network.AddAlias(r.a, Ip("2001:db8:3::1"));
    r.network.AddAlias(r.a, Ip("2001:db8:30::1"));
    r.network.Inject(Endpoint{Ip("2001:db8:30::2"), kNtpPort, 3},
                     Endpoint{Ip("2001:db8:30::1"), kNtpPort, 3}, EncodeUnauthenticated(h));
    const VirtualNetwork::Record& six = LastSentBy(r.network, "2001:db8:3::1");
    BOOST_TEST((six.to == Endpoint{Ip("2001:db8:30::2"), kNtpPort, 3}));
    BOOST_TEST(r.a.engine->Counters().statelessReplies == 4U);

    Parameters twoForOneFamily;
    twoForOneFamily.sourceAddresses = {{3, Ip("10.0.0.1")}, {3, Ip("10.0.0.2")}};
    BOOST_TEST(twoForOneFamily.Validate().has_value());
    Parameters oneOfEach;
    oneOfEach.sourceAddresses = {{3, Ip("10.0.0.1")}, {3, Ip("2001:db8::1")}, {0, Ip("10.0.0.1")}};
    BOOST_TEST(!oneOfEach.Validate().has_value());
    Parameters unspecified;
    unspecified.sourceAddresses = {{0, IpAddress()}};
    BOOST_TEST(unspecified.Validate().has_value());
}

BOOST_AUTO_TEST_CASE(a_commit_changes_source_addresses_and_discarding_at_run_time)
{
    TwoRouters r(0.1, 0, 0.005, Parameters());
    r.network.AddAlias(r.a, Ip("10.0.9.1"));
    Header h;
    h.mode = Mode::SymmetricActive;
    h.transmit = r.b.clock.Now();
    const Endpoint from{Ip("10.0.0.2"), kNtpPort};
    const Endpoint to{Ip("10.0.0.1"), kNtpPort};
    // Two IPv4 sources for one instance: refused, nothing changes.
    BOOST_TEST(
        r.a.engine->Reconfigure({{0, Ip("10.0.9.1")}, {0, Ip("10.0.0.1")}}, true).has_value());
    BOOST_TEST(!r.a.engine->GetParameters().discardUnauthenticated);
    r.network.Inject(from, to, EncodeUnauthenticated(h));
    BOOST_TEST((LastSentBy(r.network, "10.0.0.1").to.address == Ip("10.0.0.2")));
    // Committed: answers leave from the new source address...
    BOOST_TEST(!r.a.engine->Reconfigure({{0, Ip("10.0.9.1")}}, false).has_value());
    r.network.Inject(from, to, EncodeUnauthenticated(h));
    BOOST_TEST((LastSentBy(r.network, "10.0.9.1").to.address == Ip("10.0.0.2")));
    BOOST_TEST(r.a.engine->Counters().statelessReplies == 2U);
    // ...and with "authentication enable" unauthenticated packets are refused.
    BOOST_TEST(!r.a.engine->Reconfigure({{0, Ip("10.0.9.1")}}, true).has_value());
    r.network.Inject(from, to, EncodeUnauthenticated(h));
    BOOST_TEST(r.a.engine->Counters().statelessReplies == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
