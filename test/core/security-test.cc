/*
 * Hostile packets against authenticated symmetric peers. Every case asserts
 * the rule doc/ntp-peer.rst states: a packet that is not authenticated with
 * the association's key changes no state at all (system variables, the
 * discipline, any association), and is counted.
 */
#include "engine-fixtures.h"
#include "state-fingerprint.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace ntp;
using namespace ntp::test;

namespace
{

constexpr uint32_t kPeerKey = 5;
constexpr uint32_t kOtherKey = 6; // trusted by both, but not the association's key

const Endpoint kAddressA{Ip("10.0.0.1"), kNtpPort};
const Endpoint kAddressB{Ip("10.0.0.2"), kNtpPort};

/**
 * The router scenario with keys: B is a proactive peer of A with key 5, A
 * passive and authenticating (its passive association is mobilized by B's
 * authenticated packets).
 */
struct KeyedPeers : TwoRouters
{
    explicit KeyedPeers(const Parameters& parameters = Parameters()) :
        TwoRouters(0.02, 20e-6, 0.005, parameters)
    {
        for (VirtualNode* node : {&a, &b})
        {
            BOOST_REQUIRE(!node->engine->Keys().Add(
                MakeKey(kPeerKey, MacAlgorithm::AesCmac128, "0123456789abcdef")));
            BOOST_REQUIRE(
                !node->engine->Keys().Add(MakeKey(kOtherKey, MacAlgorithm::Md5, "OtherSecret")));
        }
        BOOST_REQUIRE(!b.engine->AddAssociation(PeerConfig("10.0.0.1", kPeerKey)));
    }

    const Association& PassiveAtA() const
    {
        for (const Association* association : a.engine->Associations())
        {
            if (association->GetMode() == AssociationMode::SymmetricPassive)
            {
                return *association;
            }
        }
        BOOST_FAIL("A has no passive association");
        throw std::logic_error("unreachable");
    }

    const Association& ActiveAtB() const
    {
        return *b.engine->Associations().front();
    }
};

std::vector<uint8_t>
Signed(const Header& header, const Key& key)
{
    std::vector<uint8_t> bytes = EncodeUnauthenticated(header);
    AppendMac(bytes, key.id, ComputeDigest(key, bytes.data(), bytes.size()));
    return bytes;
}

/// A well-formed packet as B would send it now, in `mode`.
Header
PlausibleHeader(KeyedPeers& r, Mode mode)
{
    Header h;
    h.mode = mode;
    h.stratum = 3;
    h.poll = 6;
    h.precision = -20;
    h.refid = 0x0a000001;
    h.reference = r.b.clock.Now() + -10.0;
    h.origin = r.a.clock.Now() + -1.0;
    h.receive = r.b.clock.Now() + -0.5;
    h.transmit = r.b.clock.Now() + 30.0; // newer than anything B sent
    return h;
}

/// Every received datagram ended in exactly one counted outcome.
void
CheckAccounting(const Engine& engine)
{
    BOOST_TEST(engine.Counters().received == engine.Counters().Outcomes());
}

} // namespace

BOOST_AUTO_TEST_SUITE(security)

// D1: the passive-passive conflict check ran before authentication, so one
// forged mode-2 packet tore down an authenticated passive association.
BOOST_AUTO_TEST_CASE(forged_mode_2_packet_cannot_tear_down_an_authenticated_passive_association)
{
    KeyedPeers r;
    r.Start();
    r.loop.RunUntil(1200);
    const uint32_t id = r.PassiveAtA().Id();
    BOOST_REQUIRE(r.PassiveAtA().Config().keyId == kPeerKey);
    const Key& peerKey = *r.a.engine->Keys().Find(kPeerKey);
    const Key& otherKey = *r.a.engine->Keys().Find(kOtherKey);

    const std::string before = Fingerprint(*r.a.engine);
    const uint64_t clockCommands = r.a.clock.commands;
    Header h = PlausibleHeader(r, Mode::SymmetricPassive);
    // Unauthenticated, a bad MAC, the wrong (trusted) key, a crypto-NAK.
    r.network.Inject(kAddressB, kAddressA, EncodeUnauthenticated(h));
    std::vector<uint8_t> badMac = Signed(h, peerKey);
    badMac.back() ^= 1;
    r.network.Inject(kAddressB, kAddressA, badMac);
    r.network.Inject(kAddressB, kAddressA, Signed(h, otherKey));
    std::vector<uint8_t> nak = EncodeUnauthenticated(h);
    AppendCryptoNak(nak);
    r.network.Inject(kAddressB, kAddressA, nak);
    // Authenticated with the right key but no newer than what A holds (a
    // replay of something B once sent): no conflict either.
    Header stale = h;
    stale.transmit = r.PassiveAtA().OnWire().remoteTransmit;
    r.network.Inject(kAddressB, kAddressA, Signed(stale, peerKey));

    BOOST_TEST(Fingerprint(*r.a.engine) == before);
    BOOST_TEST(r.a.clock.commands == clockCommands);
    BOOST_TEST(r.a.observer.refused[RefuseReason::PassiveConflict] == 0);
    BOOST_TEST(r.a.observer.refused[RefuseReason::AuthMissing] == 2); // none and crypto-NAK
    BOOST_TEST(r.a.observer.refused[RefuseReason::AuthBadMac] == 1);
    BOOST_TEST(r.a.observer.refused[RefuseReason::AuthWrongKey] == 1);
    BOOST_TEST(r.a.observer.refused[RefuseReason::Duplicate] >= 1);
    BOOST_TEST(r.a.engine->FindAssociation(id) != nullptr);
    CheckAccounting(*r.a.engine);

    // The peer goes on undisturbed.
    r.loop.RunUntil(4 * 3600);
    BOOST_TEST(r.b.engine->IsSynchronized());
    BOOST_TEST(std::fabs(r.TrueOffset()) < 1e-3);
    BOOST_TEST(r.a.engine->FindAssociation(id) != nullptr);

    // The check still does its job for the real peer: a fresh mode-2 packet
    // with the association's key is a genuine conflict.
    h = PlausibleHeader(r, Mode::SymmetricPassive);
    r.network.Inject(kAddressB, kAddressA, Signed(h, peerKey));
    BOOST_TEST(r.a.observer.refused[RefuseReason::PassiveConflict] == 1);
    BOOST_TEST(r.a.engine->FindAssociation(id) == nullptr);
    CheckAccounting(*r.a.engine);
}

// D4: an unauthenticated packet set the keyed association's observed local
// address (an input of the loop test) before it was refused.
BOOST_AUTO_TEST_CASE(refused_packet_leaves_the_observed_local_address_alone)
{
    KeyedPeers r;
    // B has a second interface: a packet addressed to it matches the same
    // association (it listens on any address).
    r.network.AddAlias(r.b, Ip("10.0.0.22"));
    r.Start();
    r.loop.RunUntil(1200);
    BOOST_REQUIRE((r.ActiveAtB().ObservedLocalAddress() == Ip("10.0.0.2")));
    const std::string before = Fingerprint(*r.b.engine);
    const uint64_t clockCommands = r.b.clock.commands;
    const Endpoint alias{Ip("10.0.0.22"), kNtpPort};
    Header h = PlausibleHeader(r, Mode::SymmetricPassive);
    h.origin = r.ActiveAtB().OnWire().localTransmit; // even with the right origin
    r.network.Inject(kAddressA, alias, EncodeUnauthenticated(h));
    r.network.Inject(kAddressA, alias, Signed(h, *r.b.engine->Keys().Find(kOtherKey)));
    BOOST_TEST((r.ActiveAtB().ObservedLocalAddress() == Ip("10.0.0.2")));
    BOOST_TEST(Fingerprint(*r.b.engine) == before);
    BOOST_TEST(r.b.clock.commands == clockCommands);
    CheckAccounting(*r.b.engine);
}

// D3: a replay of the peer's authenticated first packet (origin zero) must not
// rewind the on-wire state, which would cost the next exchange.
BOOST_AUTO_TEST_CASE(replayed_first_packet_cannot_rewind_the_exchange)
{
    // Two identical seeded runs, one with the replay: the replay may be
    // counted, but from then on both runs must be the same, byte for byte.
    struct Outcome
    {
        std::string stateA;
        std::string stateB;
        uint64_t acceptedByB;
        uint64_t refusedByA;
    };

    const auto run = [](bool replay)
    {
        KeyedPeers r;
        r.Start();
        r.loop.RunUntil(30);
        std::optional<VirtualNetwork::Record> first;
        for (const auto& record : r.network.sent)
        {
            if (record.from.address == kAddressB.address)
            {
                first = record;
                break;
            }
        }
        BOOST_REQUIRE(first.has_value());
        BOOST_REQUIRE(Decode(first->bytes).packet->header.origin.IsZero());
        BOOST_REQUIRE((Decode(first->bytes).packet->macKind == MacKind::Digest));
        r.loop.RunUntil(1200);
        if (replay)
        {
            const std::string before = Fingerprint(*r.a.engine);
            const uint64_t clockCommands = r.a.clock.commands;
            r.network.Inject(first->from, first->to, first->bytes);
            BOOST_TEST(Fingerprint(*r.a.engine) == before);
            BOOST_TEST(r.a.clock.commands == clockCommands);
            CheckAccounting(*r.a.engine);
        }
        r.loop.RunUntil(1200 + 4 * 1024);
        uint64_t refused = 0;
        for (const auto& [reason, count] : r.a.engine->Counters().refused)
        {
            refused += count;
        }
        return Outcome{Fingerprint(*r.a.engine), Fingerprint(*r.b.engine),
                       r.b.engine->Counters().accepted, refused};
    };
    const Outcome plain = run(false);
    const Outcome replayed = run(true);
    BOOST_TEST(replayed.refusedByA == plain.refusedByA + 1);
    BOOST_TEST(replayed.acceptedByB == plain.acceptedByB);
    BOOST_TEST(replayed.stateA == plain.stateA);
    BOOST_TEST(replayed.stateB == plain.stateB);
    BOOST_TEST(plain.acceptedByB >= 20U); // the exchange ran all along
}

// D2, in the core: with authentication opted out, spoofed sources fill the
// passive table; an authenticated peer still gets in (the stalest
// unauthenticated entry makes room) and synchronizes.
BOOST_AUTO_TEST_CASE(authenticated_peer_is_never_locked_out_by_unauthenticated_entries)
{
    Parameters p = WithoutAuth();
    p.maxPassiveAssociations = 1000;
    KeyedPeers r(p);
    r.Start();
    // The flood lands just before B's first packet (B polls one second in).
    Header h;
    h.mode = Mode::SymmetricActive;
    for (uint32_t i = 0; i < 1500; ++i)
    {
        h.transmit = r.a.clock.Now() + static_cast<double>(i);
        const Endpoint spoofed{IpAddress::V4(0xc6336400 + i), kNtpPort}; // 198.51.100.0 + i
        r.network.Inject(spoofed, kAddressA, EncodeUnauthenticated(h));
    }
    BOOST_TEST(PassiveCount(*r.a.engine) == 1000U);
    BOOST_TEST(r.a.engine->Counters().refused.at(RefuseReason::PolicyDeclined) == 500U);
    r.loop.RunUntil(10);
    BOOST_TEST(PassiveCount(*r.a.engine) == 1000U);
    BOOST_TEST(r.a.engine->Counters().evicted == 1U);
    bool keyed = false;
    for (const Association* association : r.a.engine->Associations())
    {
        keyed = keyed || association->Config().keyId == kPeerKey;
        // The entry that went was the one heard from first.
        BOOST_TEST(!(association->Config().remote.address == IpAddress::V4(0xc6336400)));
    }
    BOOST_TEST(keyed);
    r.loop.RunUntil(4 * 3600);
    BOOST_TEST(r.b.engine->IsSynchronized());
    BOOST_TEST(std::fabs(r.TrueOffset()) < 1e-3);
    CheckAccounting(*r.a.engine);
}

// D2, the default: an authenticating node mobilizes nothing for a flood of
// unauthenticated sources; it answers each statelessly, without a MAC.
BOOST_AUTO_TEST_CASE(authenticating_node_answers_a_flood_statelessly_and_keeps_its_peer)
{
    KeyedPeers r;
    r.Start();
    r.loop.RunUntil(600);
    const size_t sentBefore = r.network.sent.size();
    Header h;
    h.mode = Mode::SymmetricActive;
    for (uint32_t i = 0; i < 2000; ++i)
    {
        h.transmit = r.a.clock.Now() + static_cast<double>(i);
        r.network.Inject(Endpoint{IpAddress::V4(0xc6336400 + i), kNtpPort}, kAddressA,
                         EncodeUnauthenticated(h));
    }
    BOOST_TEST(PassiveCount(*r.a.engine) == 1U);
    BOOST_TEST(r.a.engine->Counters().statelessReplies == 2000U);
    BOOST_REQUIRE(r.network.sent.size() == sentBefore + 2000);
    for (size_t i = sentBefore; i < r.network.sent.size(); ++i)
    {
        const auto reply = Decode(r.network.sent[i].bytes);
        BOOST_REQUIRE(reply.packet.has_value());
        BOOST_TEST((reply.packet->macKind == MacKind::None));
    }
    r.loop.RunUntil(4 * 3600);
    BOOST_TEST(r.b.engine->IsSynchronized());
    CheckAccounting(*r.a.engine);
}

// A symmetric-active packet with a zero transmit time fails the on-wire test
// of the association it would create: it creates none (it would otherwise
// sit in the passive table as an entry never heard from).
BOOST_AUTO_TEST_CASE(zero_transmit_time_mobilizes_nothing)
{
    KeyedPeers r(WithoutAuth());
    Header h;
    h.mode = Mode::SymmetricActive;
    r.network.Inject(Endpoint{Ip("198.51.100.9"), kNtpPort}, kAddressA, EncodeUnauthenticated(h));
    r.network.Inject(kAddressB, kAddressA, Signed(h, *r.a.engine->Keys().Find(kPeerKey)));
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_TEST(r.a.engine->Counters().refused.at(RefuseReason::InvalidTimestamp) == 2U);
    CheckAccounting(*r.a.engine);
}

// The seed's passive-end procedure lists md5 and hmac-sha256 only: with the
// list set, an AES-CMAC-signed symmetric-active packet mobilizes nothing and
// is counted with its own reason; an MD5-signed one mobilizes.
BOOST_AUTO_TEST_CASE(passive_end_mobilizes_only_for_listed_algorithms)
{
    Parameters p;
    p.passiveAlgorithms = {MacAlgorithm::Md5, MacAlgorithm::HmacSha256};
    KeyedPeers r(p);
    const Header h = PlausibleHeader(r, Mode::SymmetricActive);
    const std::string before = Fingerprint(*r.a.engine);
    r.network.Inject(kAddressB, kAddressA, Signed(h, *r.a.engine->Keys().Find(kPeerKey)));
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_TEST(r.a.engine->Counters().refused.at(RefuseReason::PassiveAlgorithm) == 1U);
    BOOST_TEST(ToString(RefuseReason::PassiveAlgorithm) == "passive-algorithm");
    BOOST_TEST(Fingerprint(*r.a.engine) == before);
    r.network.Inject(kAddressB, kAddressA, Signed(h, *r.a.engine->Keys().Find(kOtherKey)));
    BOOST_TEST(PassiveCount(*r.a.engine) == 1U);
    CheckAccounting(*r.a.engine);
}

BOOST_AUTO_TEST_SUITE_END()
