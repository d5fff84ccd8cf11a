#include "engine-fixtures.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace ntp;
using namespace ntp::test;

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(active_peer_synchronizes_to_passive_local_reference)
{
    TwoRouters r(0.1, 50e-6, 0.005);
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1")));
    r.Start();
    // Time to SYNC, as ntpd: A's local clock is selectable after the 300 s
    // orphan wait, at its first 64 s poll after it (321 s); B's first packet
    // after that (at most 67 s, ntpd's longest 2^6 s poll) is its first
    // update (NSET); 300 s of stepout in FREQ and one more poll later it is
    // in SYNC: 321 + 67 + 300 + 67 s.
    const double syncBound = 321 + 67 + 300 + 67;
    double syncTime = -1;
    for (double t = 10; t < syncBound + 600 && syncTime < 0; t += 10)
    {
        r.loop.RunUntil(t);
        if (r.b.engine->IsSynchronized())
        {
            syncTime = t;
        }
    }
    BOOST_TEST_MESSAGE("B reached SYNC after " << syncTime << " s (bound " << syncBound << " s)");
    BOOST_TEST(syncTime > 0);
    BOOST_TEST(syncTime <= syncBound);
    r.loop.RunUntil(86400);
    BOOST_TEST(r.b.engine->IsSynchronized());
    // Stratum: A is 2 (local reference), B one more.
    BOOST_TEST(r.a.engine->System().stratum == 2);
    BOOST_TEST(r.b.engine->System().stratum == 3);
    // ntpd's default "enable auth": A answers the unauthenticated peer
    // statelessly, once per packet, and mobilizes nothing for it.
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_TEST(r.a.observer.mobilized == 1); // the local reference
    BOOST_TEST(r.a.engine->Counters().statelessReplies == r.b.engine->Counters().sent);
    // Symmetric 5 ms paths carry no bias; what is left after a day is the
    // tail of the loop transient: five time constants even at maxpoll
    // (5 * 16 * 2^10 s < 86400 s) leave e^-5 of the 0.1 s start, < 1 ms.
    BOOST_TEST_MESSAGE("B - A after 24 h: " << r.TrueOffset() << " s, frequency "
                                            << r.b.clock.FrequencyCorrection() * 1e6 << " ppm");
    BOOST_TEST(std::fabs(r.TrueOffset()) < 1e-3);
    // A residual frequency error of 1 ppm would drift 1 ms in 1000 s.
    BOOST_TEST(std::fabs(r.b.clock.FrequencyCorrection() + 50e-6) < 1e-6);
    BOOST_TEST(r.b.observer.steps.empty()); // 0.1 s is below the 0.128 s step threshold
}

BOOST_AUTO_TEST_CASE(passive_end_never_synchronizes_to_its_client_peer)
{
    TwoRouters r;
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1")));
    r.Start();
    r.loop.RunUntil(4 * 3600);
    // A keeps its local reference: B (stratum 3, refid = A's address) is
    // neither better than A nor free of a loop.
    const auto& system = r.a.engine->System();
    BOOST_REQUIRE(system.systemPeer.has_value());
    BOOST_TEST((r.a.engine->FindAssociation(*system.systemPeer)->GetMode()
                == AssociationMode::LocalReference));
    BOOST_TEST(system.refid == 0x4c4f434cU); // "LOCL"
    BOOST_TEST(std::fabs(r.a.clock.TrueOffset()) == 0.0);
}

BOOST_AUTO_TEST_CASE(peer_at_the_stratum_ceiling_is_never_selected)
{
    // ntpd's "tos ceiling" is 15: following a stratum-15 peer would make us
    // stratum 16, which means unsynchronized. One below, it is selected.
    for (const int stratum : {14, 15})
    {
        TwoRouters r;
        BOOST_REQUIRE(r.a.engine->RemoveAssociation(r.a.engine->Associations().front()->Id()));
        BOOST_REQUIRE(!r.a.engine->AddAssociation(LocalReference(stratum)));
        BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1")));
        r.Start();
        r.loop.RunUntil(4 * 3600);
        BOOST_TEST_CONTEXT("A's local reference at stratum " << stratum)
        {
            BOOST_TEST(r.b.engine->Associations().front()->Stratum() == stratum);
            BOOST_TEST(r.b.engine->IsSynchronized() == (stratum == 14));
            BOOST_TEST(r.b.engine->System().stratum == (stratum == 14 ? 15 : kMaxStratum));
        }
    }
}

BOOST_AUTO_TEST_CASE(large_initial_offset_is_stepped)
{
    TwoRouters r(0.5, 0.0);
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1")));
    r.Start();
    r.loop.RunUntil(2 * 3600);
    BOOST_REQUIRE(r.b.observer.steps.size() == 1U);
    // B is 0.5 s ahead: the step is about -0.5 s.
    BOOST_TEST(std::fabs(r.b.observer.steps[0] + 0.5) < 1e-3);
    BOOST_TEST(r.b.engine->IsSynchronized());
    BOOST_TEST(std::fabs(r.TrueOffset()) < 1e-3);
}

BOOST_AUTO_TEST_CASE(mode_2_packet_without_association_is_discarded)
{
    TwoRouters r;
    Header h;
    h.mode = Mode::SymmetricPassive;
    h.stratum = 3;
    h.transmit = r.b.clock.Now();
    r.network.Inject(Endpoint{Ip("10.0.0.2"), 123}, Endpoint{Ip("10.0.0.1"), 123},
                     EncodeUnauthenticated(h));
    BOOST_TEST(r.a.observer.refused[RefuseReason::NoAssociation] == 1);
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_TEST(r.network.sent.empty());
}

BOOST_AUTO_TEST_CASE(mode_1_packet_mobilizes_a_passive_association)
{
    TwoRouters r(0.1, 50e-6, 0.005, WithoutAuth());
    Header h;
    h.mode = Mode::SymmetricActive;
    h.version = 3;
    h.poll = 7;
    h.transmit = r.b.clock.Now();
    r.network.Inject(Endpoint{Ip("10.0.0.2"), 123}, Endpoint{Ip("10.0.0.1"), 123},
                     EncodeUnauthenticated(h));
    BOOST_REQUIRE(PassiveCount(*r.a.engine) == 1U);
    const Association* passive = r.a.engine->Associations().back();
    // It takes the sender's version; its origin was zero: not yet synchronized.
    BOOST_TEST(passive->Config().version == 3);
    BOOST_TEST(passive->Config().minpoll == 7);
    BOOST_TEST(r.a.observer.refused[RefuseReason::NotYetSynchronized] == 1);
    // A second packet from the same source reuses it.
    h.transmit = r.b.clock.Now() + 1.0;
    r.network.Inject(Endpoint{Ip("10.0.0.2"), 123}, Endpoint{Ip("10.0.0.1"), 123},
                     EncodeUnauthenticated(h));
    BOOST_TEST(PassiveCount(*r.a.engine) == 1U);
}

BOOST_AUTO_TEST_CASE(spoofed_flood_cannot_grow_the_association_table)
{
    Parameters p = WithoutAuth();
    p.maxPassiveAssociations = 50;
    TwoRouters r(0.1, 0, 0.005, p);
    Header h;
    h.mode = Mode::SymmetricActive;
    for (uint32_t i = 0; i < 500; ++i)
    {
        h.transmit = r.a.clock.Now() + static_cast<double>(i);
        const Endpoint spoofed{IpAddress::V4(0xc6336400 + i), 123}; // 198.51.100.0 + i
        r.network.Inject(spoofed, Endpoint{Ip("10.0.0.1"), 123}, EncodeUnauthenticated(h));
    }
    BOOST_TEST(PassiveCount(*r.a.engine) == 50U);
    BOOST_TEST(r.a.observer.refused[RefuseReason::PolicyDeclined] == 450);
    // The ephemeral ones die of unreachability: 8 + 10 polls at most 2^10 s.
    r.a.engine->Start();
    r.loop.RunUntil(20 * 1100);
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
}

BOOST_AUTO_TEST_CASE(authenticating_node_mobilizes_only_for_authenticated_packets)
{
    Parameters p;
    p.authenticate = true;
    TwoRouters r(0.1, 0, 0.005, p);
    BOOST_REQUIRE(
        !r.a.engine->Keys().Add(MakeKey(5, MacAlgorithm::AesCmac128, "0123456789abcdef")));
    Header h;
    h.mode = Mode::SymmetricActive;
    h.transmit = r.b.clock.Now();
    // Unauthenticated: no association, but a stateless mode-2 answer (ntpd).
    r.network.Inject(Endpoint{Ip("10.0.0.2"), 123}, Endpoint{Ip("10.0.0.1"), 123},
                     EncodeUnauthenticated(h));
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_REQUIRE(r.network.sent.size() == 1U);
    const auto reply = Decode(r.network.sent[0].bytes);
    BOOST_REQUIRE(reply.packet.has_value());
    BOOST_TEST((reply.packet->header.mode == Mode::SymmetricPassive));
    BOOST_TEST((reply.packet->header.origin == h.transmit));
    // Authenticated with a trusted key: mobilized, with that key.
    auto bytes = EncodeUnauthenticated(h);
    const Key* key = r.a.engine->Keys().Find(5);
    AppendMac(bytes, 5, ComputeDigest(*key, bytes.data(), bytes.size()));
    r.network.Inject(Endpoint{Ip("10.0.0.2"), 123}, Endpoint{Ip("10.0.0.1"), 123}, bytes);
    BOOST_REQUIRE(PassiveCount(*r.a.engine) == 1U);
    BOOST_TEST(r.a.engine->Associations().back()->Config().keyId == 5U);
}

BOOST_AUTO_TEST_CASE(duplicate_bogus_and_replayed_packets_are_refused)
{
    TwoRouters r(0.02, 0.0);
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1")));
    r.Start();
    r.loop.RunUntil(1200);
    // Collect what A sent to B so far.
    std::vector<VirtualNetwork::Record> fromA;
    for (const auto& record : r.network.sent)
    {
        if (record.from.address == Ip("10.0.0.1"))
        {
            fromA.push_back(record);
        }
    }
    BOOST_REQUIRE(fromA.size() >= 3U);
    const Endpoint a{Ip("10.0.0.1"), 123};
    const Endpoint b{Ip("10.0.0.2"), 123};
    // The last packet again: duplicate.
    r.network.Inject(a, b, fromA.back().bytes);
    BOOST_TEST(r.b.observer.refused[RefuseReason::Duplicate] == 1);
    // A second answer to B's last transmission, with a fresh transmit time:
    // ntpd takes one answer per transmission (it clears aorg), so it is bogus.
    auto second = Decode(fromA.back().bytes).packet->header;
    second.transmit = second.transmit + 5.0;
    r.network.Inject(a, b, EncodeUnauthenticated(second));
    BOOST_TEST(r.b.observer.refused[RefuseReason::Bogus] == 1);
    // An older packet replayed: its origin is not B's last transmit: bogus.
    r.network.Inject(a, b, fromA[fromA.size() - 3].bytes);
    BOOST_TEST(r.b.observer.refused[RefuseReason::Bogus] >= 2);
    // A forged packet with a fresh transmit time but a guessed origin: bogus.
    auto forged = Decode(fromA.back().bytes).packet->header;
    forged.transmit = forged.transmit + 10.0;
    forged.origin = forged.origin + 0.5;
    r.network.Inject(a, b, EncodeUnauthenticated(forged));
    BOOST_TEST(r.b.observer.refused[RefuseReason::Bogus] >= 3);
    // A zero transmit timestamp is invalid.
    forged.transmit = Timestamp();
    r.network.Inject(a, b, EncodeUnauthenticated(forged));
    BOOST_TEST(r.b.observer.refused[RefuseReason::InvalidTimestamp] == 1);
    // None of it stops the exchange: B still synchronizes.
    r.loop.RunUntil(4 * 3600);
    BOOST_TEST(r.b.engine->IsSynchronized());
    BOOST_TEST(std::fabs(r.TrueOffset()) < 1e-3);
}

BOOST_AUTO_TEST_CASE(hostile_datagrams_are_counted_and_harmless)
{
    TwoRouters r(0.02, 20e-6);
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1")));
    r.Start();
    uint32_t state = 99;
    for (int i = 0; i < 2000; ++i)
    {
        std::vector<uint8_t> junk(state % 120);
        for (auto& byte : junk)
        {
            state = state * 1664525 + 1013904223;
            byte = static_cast<uint8_t>(state >> 24);
        }
        r.network.Inject(Endpoint{Ip("192.0.2.66"), 123}, Endpoint{Ip("10.0.0.2"), 123}, junk);
    }
    const auto& refused = r.b.engine->Counters().refused;
    uint64_t total = 0;
    for (const auto& [reason, count] : refused)
    {
        total += count;
    }
    BOOST_TEST(total == 2000U);
    BOOST_TEST(r.b.engine->Associations().size() <= 2U);
    r.loop.RunUntil(4 * 3600);
    BOOST_TEST(r.b.engine->IsSynchronized());
}

BOOST_AUTO_TEST_CASE(mutated_real_packets_are_refused_and_harmless)
{
    // Bit flips and truncations of real authenticated packets reach every
    // stage of the receive path (decode, MAC, on-wire tests, header tests)
    // instead of dying in the decoder like random bytes.
    TwoRouters r(0.02, 20e-6);
    const Key key = MakeKey(3, MacAlgorithm::AesCmac128, "0123456789abcdef");
    BOOST_REQUIRE(!r.a.engine->Keys().Add(key));
    BOOST_REQUIRE(!r.b.engine->Keys().Add(key));
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1", 3)));
    r.Start();
    r.loop.RunUntil(3600);
    std::vector<VirtualNetwork::Record> real = r.network.sent;
    BOOST_REQUIRE(real.size() > 20U);
    // Let the packets still in flight arrive: two flips of one bit cancel,
    // and an exact copy of an undelivered packet is no attack but its first
    // delivery.
    r.loop.RunUntil(3601);
    uint32_t state = 7;
    auto next = [&state]
    {
        state = state * 1664525 + 1013904223;
        return state >> 8;
    };
    const auto refusedTotal = [&r]
    {
        uint64_t total = 0;
        for (const Engine* engine : {r.a.engine.get(), r.b.engine.get()})
        {
            for (const auto& [reason, count] : engine->Counters().refused)
            {
                total += count;
            }
        }
        return total;
    };
    const uint64_t refusedBefore = refusedTotal();
    const uint64_t statelessBefore = r.a.engine->Counters().statelessReplies;
    const uint64_t receivedBefore
        = r.a.engine->Counters().received + r.b.engine->Counters().received;
    for (int i = 0; i < 5000; ++i)
    {
        const VirtualNetwork::Record& original = real[next() % real.size()];
        std::vector<uint8_t> bytes = original.bytes;
        const int flips = 1 + static_cast<int>(next() % 3);
        for (int f = 0; f < flips; ++f)
        {
            bytes[next() % bytes.size()] ^= static_cast<uint8_t>(1u << (next() % 8));
        }
        if (next() % 4 == 0)
        {
            bytes.resize(next() % (bytes.size() + 1));
        }
        r.network.Inject(original.from, original.to, bytes);
    }
    // Every injected datagram was counted as received; a mutated packet is
    // refused (its MAC no longer verifies), except that a symmetric-active
    // packet whose MAC was cut off whole is a valid unauthenticated one, which
    // A answers statelessly, as ntpd does, without creating any state.
    const uint64_t receivedAfter
        = r.a.engine->Counters().received + r.b.engine->Counters().received;
    BOOST_TEST(receivedAfter - receivedBefore == 5000U);
    const uint64_t answered = r.a.engine->Counters().statelessReplies - statelessBefore;
    BOOST_TEST_MESSAGE("refused " << refusedTotal() - refusedBefore << ", answered statelessly "
                                  << answered);
    BOOST_TEST(refusedTotal() - refusedBefore + answered == 5000U);
    BOOST_TEST(r.b.engine->Associations().size() == 1U);
    r.loop.RunUntil(4 * 3600);
    BOOST_TEST(r.b.engine->IsSynchronized());
    BOOST_TEST(std::fabs(r.TrueOffset()) < 5e-3);
}

BOOST_AUTO_TEST_CASE(mismatched_key_gets_crypto_nak_and_never_syncs)
{
    TwoRouters r;
    BOOST_REQUIRE(!r.a.engine->Keys().Add(MakeKey(1, MacAlgorithm::HmacSha256, "Secret-A-1234")));
    BOOST_REQUIRE(!r.b.engine->Keys().Add(MakeKey(1, MacAlgorithm::HmacSha256, "Secret-B-5678")));
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1", 1)));
    r.Start();
    r.loop.RunUntil(2 * 3600);
    BOOST_TEST(!r.b.engine->IsSynchronized());
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_TEST(r.a.observer.refused[RefuseReason::AuthBadMac] > 10);
    // Each bad packet was answered with a crypto-NAK that B recognised.
    BOOST_TEST(r.b.observer.refused[RefuseReason::CryptoNak]
               == r.a.observer.refused[RefuseReason::AuthBadMac]);
    BOOST_TEST(r.b.engine->Counters().authFailures > 10U);
}

BOOST_AUTO_TEST_CASE(unknown_key_id_is_refused)
{
    TwoRouters r;
    BOOST_REQUIRE(!r.a.engine->Keys().Add(MakeKey(1, MacAlgorithm::Sha256, "shared-secret")));
    BOOST_REQUIRE(!r.b.engine->Keys().Add(MakeKey(2, MacAlgorithm::Sha256, "shared-secret")));
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1", 2)));
    r.Start();
    r.loop.RunUntil(3600);
    BOOST_TEST(r.a.observer.refused[RefuseReason::AuthUnknownKey] > 5);
    BOOST_TEST(!r.b.engine->IsSynchronized());
}

BOOST_AUTO_TEST_CASE(matching_keys_synchronize_with_every_algorithm)
{
    const std::pair<MacAlgorithm, std::string> cases[] = {
        {MacAlgorithm::Md5, "md5-secret-1"},
        {MacAlgorithm::Sha1, "sha1-secret-1"},
        {MacAlgorithm::Sha256, "sha256-secret"},
        {MacAlgorithm::HmacSha256, "hmac-secret-9"},
        {MacAlgorithm::AesCmac128, "0123456789abcdef"},
        {MacAlgorithm::AesCmac256, "0123456789abcdef0123456789abcdef"},
    };
    for (const auto& [algorithm, secret] : cases)
    {
        BOOST_TEST_CONTEXT("algorithm " << ToString(algorithm))
        {
            TwoRouters r(0.05, 10e-6);
            BOOST_REQUIRE(!r.a.engine->Keys().Add(MakeKey(42, algorithm, secret)));
            BOOST_REQUIRE(!r.b.engine->Keys().Add(MakeKey(42, algorithm, secret)));
            BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1", 42)));
            r.Start();
            r.loop.RunUntil(3 * 3600);
            BOOST_TEST(r.b.engine->IsSynchronized());
            BOOST_TEST(r.b.engine->Counters().authFailures == 0U);
            BOOST_TEST(r.a.engine->Counters().authFailures == 0U);
            BOOST_TEST(r.a.engine->Associations().back()->Config().keyId == 42U);
        }
    }
}

namespace
{

/// A answers from 10.0.1.1 (its "source interface"); B peers with `peerAddress`.
/// Returns whether B synchronized within an hour and how many answers it discarded.
std::pair<bool, int>
RunWithPassiveSourceAddress(const std::string& peerAddress)
{
    Parameters pa;
    pa.sourceAddresses.push_back({0, Ip("10.0.1.1")});
    EventLoop loop;
    VirtualNetwork network(loop);
    VirtualNode a(loop, network, "10.0.0.1", 0, 0, pa, 1);
    network.AddAlias(a, Ip("10.0.1.1"));
    VirtualNode b(loop, network, "10.0.0.2", 0.05, 0, Parameters(), 2);
    BOOST_REQUIRE(!a.engine->AddAssociation(LocalReference(2)));
    BOOST_REQUIRE(!b.engine->AddAssociation(PeerConfig(peerAddress)));
    a.engine->Start();
    b.engine->Start();
    loop.RunUntil(3600);
    return {b.engine->IsSynchronized(), b.observer.refused[RefuseReason::NoAssociation]};
}

} // namespace

BOOST_AUTO_TEST_CASE(passive_source_address_breaks_the_association)
{
    // B peers with A's link address: A's answers come from another address,
    // match no association on B and are discarded (mode 2, RFC 5905 DSCRD).
    const auto [brokenSync, discarded] = RunWithPassiveSourceAddress("10.0.0.1");
    BOOST_TEST(!brokenSync);
    BOOST_TEST(discarded > 5);
    // The same topology with B peering with the source interface's address works.
    const auto [fixedSync, none] = RunWithPassiveSourceAddress("10.0.1.1");
    BOOST_TEST(fixedSync);
    BOOST_TEST(none == 0);
}

BOOST_AUTO_TEST_CASE(peer_backs_up_a_lost_upstream)
{
    // What symmetric peer mode is for: R1 and R2 each have an upstream
    // server (S1, S2, stratum 1) and peer with each other. When R1 loses S1,
    // it takes time from R2 and becomes stratum 3; R2 does not take it back
    // (R1's refid is then R2's address).
    EventLoop loop;
    VirtualNetwork network(loop);
    Parameters p;
    VirtualNode s1(loop, network, "10.0.1.1", 0, 0, p, 1);
    VirtualNode s2(loop, network, "10.0.2.1", 0, 0, p, 2);
    VirtualNode r1(loop, network, "10.0.0.1", 0.02, 30e-6, p, 3);
    VirtualNode r2(loop, network, "10.0.0.2", -0.02, -20e-6, p, 4);
    for (VirtualNode* server : {&s1, &s2})
    {
        BOOST_REQUIRE(!server->engine->AddAssociation(LocalReference(1)));
    }
    AssociationConfig upstream;
    upstream.mode = AssociationMode::Client;
    upstream.remote = Endpoint{Ip("10.0.1.1"), kNtpPort};
    BOOST_REQUIRE(!r1.engine->AddAssociation(upstream));
    upstream.remote = Endpoint{Ip("10.0.2.1"), kNtpPort};
    BOOST_REQUIRE(!r2.engine->AddAssociation(upstream));
    BOOST_REQUIRE(!r1.engine->AddAssociation(PeerConfig("10.0.0.2")));
    BOOST_REQUIRE(!r2.engine->AddAssociation(PeerConfig("10.0.0.1")));
    for (VirtualNode* node : {&s1, &s2, &r1, &r2})
    {
        node->engine->Start();
    }
    loop.RunUntil(86400);
    BOOST_TEST(r1.engine->System().stratum == 2);
    BOOST_TEST(r2.engine->System().stratum == 2);
    const auto peerAddress = [](const VirtualNode& node)
    {
        const auto id = node.engine->System().systemPeer;
        return id ? node.engine->FindAssociation(*id)->Config().remote.address.ToString()
                  : std::string("none");
    };
    BOOST_TEST(peerAddress(r1) == "10.0.1.1");
    network.SetLinkDown("10.0.0.1", "10.0.1.1", true);
    // S1's reach register empties after 8 polls of at most 2^10 s.
    loop.RunUntil(86400 + 10 * 1100);
    BOOST_TEST(peerAddress(r1) == "10.0.0.2");
    BOOST_TEST(r1.engine->System().stratum == 3);
    BOOST_TEST(peerAddress(r2) == "10.0.2.1");
    BOOST_TEST(r1.engine->IsSynchronized());
    // S1 and S2 agree, so R1 stays within a millisecond of both (it was
    // within that of S1 when the link failed and R2 is within it of S2).
    loop.RunUntil(2 * 86400);
    BOOST_TEST(std::fabs(r1.clock.TrueOffset()) < 1e-3);
}

BOOST_AUTO_TEST_CASE(two_of_five_falsetickers_are_outvoted)
{
    // B has five upstream servers (client mode); two of them are wrong by
    // +0.8 s and -0.6 s. Marzullo tolerates fewer than half falsetickers.
    EventLoop loop;
    VirtualNetwork network(loop);
    Parameters p;
    const double offsets[] = {0.0, 0.0, 0.0, 0.8, -0.6};
    std::vector<std::unique_ptr<VirtualNode>> servers;
    VirtualNode b(loop, network, "10.0.0.100", 0.05, 20e-6, p, 100);
    for (int i = 0; i < 5; ++i)
    {
        const std::string address = "10.0.0." + std::to_string(i + 1);
        servers.push_back(
            std::make_unique<VirtualNode>(loop, network, address, offsets[i], 0, p, i + 1));
        BOOST_REQUIRE(!servers.back()->engine->AddAssociation(LocalReference(1)));
        servers.back()->engine->Start();
        network.SetDelay(address, "10.0.0.100", 0.002 + 0.001 * i);
        network.SetDelay("10.0.0.100", address, 0.002 + 0.001 * i);
        AssociationConfig c;
        c.mode = AssociationMode::Client;
        c.remote = Endpoint{Ip(address), kNtpPort};
        BOOST_REQUIRE(!b.engine->AddAssociation(c));
    }
    b.engine->Start();
    loop.RunUntil(86400);
    BOOST_TEST(b.engine->IsSynchronized());
    // Same transient argument as above: a day leaves well under 1 ms of the
    // 50 ms start; the falsetickers (0.6 s, 0.8 s away) would be far outside.
    BOOST_TEST(std::fabs(b.clock.TrueOffset()) < 1e-3);
    const auto peer = b.engine->System().systemPeer;
    BOOST_REQUIRE(peer.has_value());
    const std::string address
        = b.engine->FindAssociation(*peer)->Config().remote.address.ToString();
    BOOST_TEST((address == "10.0.0.1" || address == "10.0.0.2" || address == "10.0.0.3"));
}

BOOST_AUTO_TEST_CASE(passive_association_is_demobilized_when_the_peer_stops)
{
    TwoRouters r(0.1, 50e-6, 0.005, WithoutAuth());
    uint32_t id = 0;
    BOOST_REQUIRE(!r.b.engine->AddAssociation(PeerConfig("10.0.0.1"), &id));
    r.Start();
    r.loop.RunUntil(1800);
    BOOST_REQUIRE(PassiveCount(*r.a.engine) == 1U);
    BOOST_REQUIRE(r.b.engine->RemoveAssociation(id));
    // 8 polls to empty the reach register, UNREACH (10) more, at most 2^10 s each.
    r.loop.RunUntil(1800 + 20 * 1100);
    BOOST_TEST(PassiveCount(*r.a.engine) == 0U);
    BOOST_TEST(r.a.observer.demobilized == 1);
}

BOOST_AUTO_TEST_CASE(rejected_configuration_changes_nothing)
{
    TwoRouters r;
    const size_t before = r.b.engine->Associations().size();
    AssociationConfig c = PeerConfig("10.0.0.1");
    c.minpoll = 3;
    auto error = r.b.engine->AddAssociation(c);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("minpoll 3") != std::string::npos);
    BOOST_TEST(error->find("accepted: 4..17") != std::string::npos);
    c = PeerConfig("224.0.1.1");
    error = r.b.engine->AddAssociation(c);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("multicast") != std::string::npos);
    c = PeerConfig("127.127.1.0");
    BOOST_TEST(r.b.engine->AddAssociation(c).has_value());
    c = PeerConfig("10.0.0.1", 77);
    error = r.b.engine->AddAssociation(c);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->find("key id 77") != std::string::npos);
    c = PeerConfig("10.0.0.1");
    c.version = 5;
    BOOST_TEST(r.b.engine->AddAssociation(c).has_value());
    BOOST_TEST(r.b.engine->Associations().size() == before);
}

BOOST_AUTO_TEST_SUITE_END()
