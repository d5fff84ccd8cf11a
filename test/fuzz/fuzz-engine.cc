/*
 * Fuzz target: the engine's receive path, on a running engine with a keyed
 * symmetric-active association (key 5, AES-CMAC) toward 10.0.0.1, keys 6
 * (trusted, not the association's) and 7 (untrusted) also loaded, and
 * authentication required for mobilization (ntpd's default).
 *
 * The input is a sequence of datagrams, each "control byte, length byte,
 * payload" (bit 7 of the length byte: the datagram arrives on B's second
 * interface). The control byte lets the fuzzer reach what it could never
 * guess: who sends (the peer, the peer from another port, two strangers),
 * whether the harness patches in the origin the association expects and
 * fresh receive and transmit times, whether it signs the datagram with key 5, 6 or 7, and
 * how far time advances first (polls fire in between).
 *
 * Asserted after every datagram:
 *  - a datagram not authenticated with an acceptable key (the key of the
 *    sender's association; any trusted key from a sender without one, which
 *    may mobilize) changes no system variable, no discipline state, no
 *    association, and asks the clock for no step, slew or frequency change;
 *  - a datagram whose transmit time is no newer than the one its sender's
 *    association holds (a replay, a duplicate), unless it answers the
 *    association's latest transmission, never moves its on-wire state;
 *  - a reply to a datagram that is not authenticated carries no MAC (a
 *    crypto-NAK is not a MAC);
 *  - at most one reply per datagram;
 *  - every datagram received ends in exactly one counted outcome.
 */
#include "ntp-auth.h"
#include "ntp-engine.h"
#include "state-fingerprint.h"
#include "virtual-host.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

using namespace ntp;
using namespace ntp::test;

namespace
{

constexpr uint32_t kPeerKeyId = 5;
constexpr uint32_t kOtherKeyId = 6;
constexpr uint32_t kUntrustedKeyId = 7;

Key
MakeKey(uint32_t id, MacAlgorithm algorithm, const char* secret, bool trusted)
{
    Key key;
    key.id = id;
    key.algorithm = algorithm;
    key.secret.assign(secret, secret + std::char_traits<char>::length(secret));
    key.trusted = trusted;
    return key;
}

const Key kPeerKey = MakeKey(kPeerKeyId, MacAlgorithm::AesCmac128, "0123456789abcdef", true);
const Key kOtherKey = MakeKey(kOtherKeyId, MacAlgorithm::Sha1, "AnotherSecret", true);
const Key kUntrustedKey = MakeKey(kUntrustedKeyId, MacAlgorithm::HmacSha256, "Untrusted", false);

[[noreturn]] void
Violation(const char* what)
{
    std::fprintf(stderr, "fuzz-engine: property violated: %s\n", what);
    std::abort();
}

const Key*
KeyById(uint32_t id)
{
    return id == kPeerKeyId      ? &kPeerKey
         : id == kOtherKeyId     ? &kOtherKey
         : id == kUntrustedKeyId ? &kUntrustedKey
                                 : nullptr;
}

/// The harness's own verdict, independent of the engine's.
bool
AuthenticatedWith(const std::vector<uint8_t>& bytes, uint32_t& keyId)
{
    const DecodeResult decoded = Decode(bytes.data(), bytes.size());
    if (!decoded.packet || decoded.packet->macKind != MacKind::Digest)
    {
        return false;
    }
    const Key* key = KeyById(decoded.packet->keyId);
    if (key == nullptr || !key->trusted)
    {
        return false;
    }
    keyId = key->id;
    return VerifyDigest(*key, bytes.data(), decoded.packet->authenticatedLength,
                        decoded.packet->digest.data(), decoded.packet->digest.size());
}

void
PutTimestamp(std::vector<uint8_t>& bytes, size_t offset, Timestamp t)
{
    const uint64_t raw = t.Raw();
    for (int i = 0; i < 8; ++i)
    {
        bytes[offset + i] = static_cast<uint8_t>(raw >> (56 - 8 * i));
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    EventLoop loop;
    VirtualNetwork network(loop, 1);
    Parameters parameters;
    VirtualNode node(loop, network, "10.0.0.2", 0.05, 30e-6, parameters, 3);
    Engine& engine = *node.engine;
    for (const Key& key : {kPeerKey, kOtherKey, kUntrustedKey})
    {
        if (engine.Keys().Add(key))
        {
            Violation("a valid key was refused");
        }
    }
    AssociationConfig peer;
    peer.mode = AssociationMode::SymmetricActive;
    peer.remote = Endpoint{Ip("10.0.0.1"), kNtpPort};
    peer.keyId = kPeerKeyId;
    peer.minpoll = 4;
    if (engine.AddAssociation(peer))
    {
        Violation("the peer configuration was refused");
    }
    engine.Start();
    loop.RunUntil(2); // the first poll has gone out: there is an origin to echo

    // B's two interfaces: a datagram may arrive on either.
    const Endpoint locals[]
        = {Endpoint{node.address, kNtpPort}, Endpoint{Ip("10.0.0.22"), kNtpPort}};
    const Endpoint sources[]
        = {peer.remote, Endpoint{Ip("198.51.100.7"), kNtpPort}, Endpoint{Ip("10.0.0.1"), 124},
           Endpoint{Ip("203.0.113.9"), kNtpPort}};
    const double advances[] = {0, 1, 64, 1024};

    size_t at = 0;
    while (at + 2 <= size)
    {
        const uint8_t control = data[at];
        // Length byte: bit 7 picks the interface, bits 0-6 the payload length.
        const Endpoint& local = locals[data[at + 1] >> 7];
        const size_t length = std::min<size_t>(data[at + 1] & 0x7f, size - at - 2);
        std::vector<uint8_t> bytes(data + at + 2, data + at + 2 + length);
        at += 2 + length;

        loop.RunUntil(loop.Now() + advances[control >> 6]);
        const Endpoint& from = sources[control & 3];
        const Association* association = engine.Associations().front();
        if (bytes.size() >= 48 && (control & 0x04) && association != nullptr)
        {
            PutTimestamp(bytes, 24, association->OnWire().localTransmit);
        }
        if (bytes.size() >= 48 && (control & 0x08))
        {
            // Fresh receive and transmit times: the peer's clock 20 ms ahead.
            PutTimestamp(bytes, 32, node.clock.Now() + 0.02);
            PutTimestamp(bytes, 40, node.clock.Now() + 0.02);
        }
        const int signWith = (control >> 4) & 3;
        if (signWith != 0 && bytes.size() >= 48)
        {
            bytes.resize(48 + (bytes.size() - 48) / 4 * 4);
            const Key& key = signWith == 1 ? kPeerKey : signWith == 2 ? kOtherKey : kUntrustedKey;
            AppendMac(bytes, key.id, ComputeDigest(key, bytes.data(), bytes.size()));
        }

        uint32_t keyId = 0;
        const bool authenticated = AuthenticatedWith(bytes, keyId);
        // Acceptable: the key of the association the sender already has,
        // or any trusted key when it has none (it may mobilize one).
        const Association* existing = nullptr;
        // The association the engine will match (Engine::Match): same remote,
        // listening on any address or on the one the datagram came to.
        for (const Association* candidate : engine.Associations())
        {
            const IpAddress& listen = candidate->ListenAddress();
            if (candidate->GetMode() != AssociationMode::LocalReference
                && candidate->Config().remote == from
                && (listen.IsUnspecified() || listen == local.address))
            {
                existing = candidate;
                break;
            }
        }
        const bool acceptable = authenticated
                             && (existing == nullptr || existing->Config().keyId == 0
                                 || existing->Config().keyId == keyId);
        // A transmit time no newer than the one the association holds is a
        // replay or a duplicate: it must never move the exchange backwards.
        std::optional<Association::OnWireState> wireBefore;
        bool stale = false;
        if (existing != nullptr && bytes.size() >= 48)
        {
            wireBefore = existing->OnWire();
            const DecodeResult decoded = Decode(bytes.data(), bytes.size());
            // An answer that echoes our latest transmit time is fresh by
            // that alone, whatever its own transmit time (a peer may step
            // its clock back); only other packets are judged by age.
            const bool answersUs = decoded.packet && !wireBefore->localTransmit.IsZero()
                                && decoded.packet->header.origin == wireBefore->localTransmit;
            stale = decoded.packet && !answersUs && !existing->IsNewer(decoded.packet->header);
        }
        const uint32_t existingId = existing != nullptr ? existing->Id() : 0;

        const std::string before = Fingerprint(engine);
        const uint64_t commands = node.clock.commands;
        const size_t sentBefore = network.sent.size();
        engine.Receive(bytes.data(), bytes.size(), from, local, node.clock.Now());

        const size_t replies = network.sent.size() - sentBefore;
        if (replies > 1)
        {
            Violation("more than one reply to one datagram");
        }
        if (replies == 1 && !authenticated)
        {
            const DecodeResult reply = Decode(network.sent.back().bytes);
            if (reply.packet && reply.packet->macKind == MacKind::Digest)
            {
                Violation("a MAC on the reply to an unauthenticated datagram");
            }
        }
        if (!acceptable)
        {
            if (Fingerprint(engine) != before)
            {
                std::fprintf(stderr, "before:\n%s\nafter:\n%s\n", before.c_str(),
                             Fingerprint(engine).c_str());
                Violation("a datagram without an acceptable key changed engine state");
            }
            if (node.clock.commands != commands)
            {
                Violation("a datagram without an acceptable key steered the clock");
            }
        }
        if (stale)
        {
            const Association* after = engine.FindAssociation(existingId);
            if (after != nullptr
                && (after->OnWire().remoteTransmit != wireBefore->remoteTransmit
                    || after->OnWire().localReceive != wireBefore->localReceive))
            {
                Violation("a stale datagram rewound the on-wire state");
            }
        }
        if (engine.Counters().received != engine.Counters().Outcomes())
        {
            Violation("a datagram ended in no counted outcome, or in two");
        }
    }
    if (std::getenv("NTP_PEER_FUZZ_VERBOSE") != nullptr)
    {
        // What a seed reaches, for whoever writes one.
        const EngineCounters& c = engine.Counters();
        std::fprintf(stderr,
                     "received %llu, accepted %llu, associations %zu, clock commands %llu\n",
                     static_cast<unsigned long long>(c.received),
                     static_cast<unsigned long long>(c.accepted), engine.Associations().size(),
                     static_cast<unsigned long long>(node.clock.commands));
        for (const auto& [reason, count] : c.refused)
        {
            std::fprintf(stderr, "  refused %s: %llu\n", ToString(reason).c_str(),
                         static_cast<unsigned long long>(count));
        }
    }
    return 0;
}
