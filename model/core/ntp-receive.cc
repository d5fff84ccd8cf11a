/*
 * The engine's receive process (RFC 5905 section 9 and ntpd's receive()):
 * decode, authenticate once, dispatch by mode to a client reply, a passive
 * mobilization or an association's peer process, and count every datagram
 * in exactly one outcome. The rule it keeps: a packet that is not
 * authenticated with an acceptable key changes no state when authentication
 * is required (doc/ntp-peer.rst, "Security and robustness").
 */
#include "ntp-engine.h"

#include <algorithm>

namespace ntp
{

void
Engine::Refuse(const Endpoint& from, const Association* association, RefuseReason reason,
               const std::string& detail)
{
    ++m_counters.refused[reason];
    if (IsAuthFailure(reason))
    {
        ++m_counters.authFailures;
    }
    m_observer->OnRefused(from, association, reason, detail);
}

AuthCheck
Engine::Authenticate(const Packet& packet, const uint8_t* data) const
{
    AuthCheck check;
    switch (packet.macKind)
    {
    case MacKind::None:
        return check;
    case MacKind::CryptoNak:
        check.kind = AuthCheck::Kind::CryptoNak;
        return check;
    case MacKind::Digest:
        break;
    }
    check.keyId = packet.keyId;
    check.kind = AuthCheck::Kind::Failed;
    const auto [key, mac] = m_keys.Lookup(packet.keyId);
    if (key == nullptr)
    {
        check.reason = RefuseReason::AuthUnknownKey;
        return check;
    }
    if (!key->trusted)
    {
        check.reason = RefuseReason::AuthUntrustedKey;
        return check;
    }
    if (!mac->Verify(data, packet.authenticatedLength, packet.digest.data(), packet.digest.size()))
    {
        check.reason = RefuseReason::AuthBadMac;
        return check;
    }
    check.kind = AuthCheck::Kind::Verified;
    return check;
}

Association*
Engine::Match(const Endpoint& from, const IpAddress& localAddress)
{
    // The lowest id first, as a scan of the table in id order would find.
    const auto [first, last] = m_byRemote.equal_range(from);
    for (auto entry = first; entry != last; ++entry)
    {
        Association* association = m_associations.at(entry->second).get();
        const IpAddress& listen = association->ListenAddress();
        if (listen.IsUnspecified() || listen == localAddress)
        {
            return association;
        }
    }
    return nullptr;
}

void
Engine::Receive(const uint8_t* data, size_t length, const Endpoint& from, const Endpoint& to,
                Timestamp received)
{
    ++m_counters.received;
    DecodeResult decoded = Decode(data, length);
    if (!decoded.packet)
    {
        Refuse(from, nullptr, RefuseReason::Malformed,
               ToString(decoded.error) + ": " + decoded.detail);
        return;
    }
    const Packet& packet = *decoded.packet;
    const AuthCheck auth = Authenticate(packet, data);
    if (m_parameters.discardUnauthenticated && auth.kind != AuthCheck::Kind::Verified)
    {
        Refuse(from, nullptr,
               auth.kind == AuthCheck::Kind::Failed ? auth.reason : RefuseReason::AuthMissing,
               "authentication is enabled: unauthenticated packets are discarded");
        return;
    }
    const Mode mode = packet.header.mode;
    if (mode == Mode::Client)
    {
        ServeClient(packet, auth, from, to, received);
        return;
    }
    Association* association = Match(from, to.address);
    if (association == nullptr)
    {
        if (mode == Mode::SymmetricActive)
        {
            HandleUnknownActive(packet, auth, from, to, received);
            return;
        }
        Refuse(from, nullptr,
               mode == Mode::Broadcast ? RefuseReason::ModeMismatch : RefuseReason::NoAssociation,
               ToString(mode) + " packet matches no association");
        return;
    }
    if (association->GetMode() == AssociationMode::SymmetricPassive
        && mode == Mode::SymmetricPassive)
    {
        HandlePassiveConflict(*association, packet, auth, from);
        return;
    }
    if (!association->AcceptsMode(mode))
    {
        Refuse(from, association, RefuseReason::ModeMismatch,
               ToString(mode) + " packet on a " + ToString(association->GetMode())
                   + " association");
        return;
    }
    ProcessOnAssociation(*association, packet, auth, from, to, received);
}

void
Engine::HandlePassiveConflict(Association& association, const Packet& packet, const AuthCheck& auth,
                              const Endpoint& from)
{
    // Both ends passive: neither will ever poll, so the association is
    // useless and goes. Anyone can put the peer's address on a mode-2 packet,
    // so only a packet that would pass this association's own checks (its
    // key, and a transmit time newer than any seen) may end it; otherwise one
    // forged datagram would tear down an authenticated peer.
    if (auto reason = association.CheckAuthentication(auth))
    {
        Refuse(from, &association, *reason,
               "symmetric-passive packet on a passive association fails its authentication");
        return;
    }
    if (!association.IsNewer(packet.header))
    {
        Refuse(from, &association, RefuseReason::Duplicate,
               "symmetric-passive packet no newer than the last one heard");
        return;
    }
    Refuse(from, &association, RefuseReason::PassiveConflict, "both ends are passive");
    Demobilize(association.Id(), "passive-passive conflict");
}

namespace
{

/// Whether `a` was last heard before `b`; never heard (zero, also after a
/// clock step) is earliest of all. (Timestamp order wraps around the era, so
/// a zero time is not simply "before" a 2026 one.)
bool
HeardEarlier(const Association& a, const Association& b)
{
    const Timestamp ta = a.LastReceive();
    const Timestamp tb = b.LastReceive();
    if (ta.IsZero() != tb.IsZero())
    {
        return ta.IsZero();
    }
    return tb.IsAfter(ta);
}

} // namespace

bool
Engine::MakeRoomForAuthenticatedPeer()
{
    // The table is full. Unauthenticated entries (mobilized only when
    // authentication is not required) must never lock an authenticated peer
    // out: the one heard from least recently makes room. A flood of spoofed
    // sources leaves one packet each, so it is those that go first.
    Association* oldest = nullptr;
    for (auto& [id, association] : m_associations)
    {
        if (association->GetMode() != AssociationMode::SymmetricPassive
            || association->Config().keyId != 0)
        {
            continue;
        }
        if (oldest == nullptr || HeardEarlier(*association, *oldest))
        {
            oldest = association.get();
        }
    }
    if (oldest == nullptr)
    {
        return false;
    }
    ++m_counters.evicted;
    Demobilize(oldest->Id(), "evicted: an authenticated peer needed its slot");
    return true;
}

void
Engine::HandleUnknownActive(const Packet& packet, const AuthCheck& auth, const Endpoint& from,
                            const Endpoint& to, Timestamp received)
{
    if (auth.kind == AuthCheck::Kind::Failed)
    {
        Refuse(from, nullptr, auth.reason, "symmetric-active packet failed authentication");
        if (m_parameters.sendCryptoNak)
        {
            ReplyStatelessly(packet, Mode::SymmetricPassive, auth, true, from, to, received);
        }
        return;
    }
    if (auth.kind == AuthCheck::Kind::CryptoNak)
    {
        Refuse(from, nullptr, RefuseReason::NoAssociation, "crypto-NAK matches no association");
        return;
    }
    switch (m_parameters.passivePolicy)
    {
    case PassivePolicy::Ignore:
        Refuse(from, nullptr, RefuseReason::PolicyDeclined, "passive associations are disabled");
        return;
    case PassivePolicy::StatelessReply:
        ++m_counters.statelessReplies;
        ReplyStatelessly(packet, Mode::SymmetricPassive, auth, false, from, to, received);
        return;
    case PassivePolicy::Mobilize:
        break;
    }
    if (m_parameters.authenticate && auth.kind != AuthCheck::Kind::Verified)
    {
        // ntpd: an authenticating node serves an unauthenticated peer
        // statelessly but never lets it create state. Nothing is refused:
        // this is how ntpd answers every unauthenticated symmetric peer.
        ++m_counters.statelessReplies;
        ReplyStatelessly(packet, Mode::SymmetricPassive, auth, false, from, to, received);
        return;
    }
    if (auth.kind == AuthCheck::Kind::Verified && !m_parameters.passiveAlgorithms.empty())
    {
        const Key* key = m_keys.Find(auth.keyId);
        const auto& allowed = m_parameters.passiveAlgorithms;
        if (key && std::find(allowed.begin(), allowed.end(), key->algorithm) == allowed.end())
        {
            Refuse(from, nullptr, RefuseReason::PassiveAlgorithm,
                   ToString(key->algorithm) + " may not mobilize a passive association");
            return;
        }
    }
    if (packet.header.transmit.IsZero())
    {
        // The new association would refuse this very packet (on-wire test):
        // it must not be created for it.
        Refuse(from, nullptr, RefuseReason::InvalidTimestamp,
               "symmetric-active packet with a zero transmit time mobilizes nothing");
        return;
    }
    if (m_passiveCount >= static_cast<size_t>(m_parameters.maxPassiveAssociations)
        && !(auth.kind == AuthCheck::Kind::Verified && MakeRoomForAuthenticatedPeer()))
    {
        Refuse(from, nullptr, RefuseReason::PolicyDeclined, "passive association table full");
        return;
    }
    AssociationConfig config;
    config.mode = AssociationMode::SymmetricPassive;
    config.remote = from;
    config.localAddress = SourceFor(IpAddress(), to.address, from);
    config.localPort = to.port;
    config.version = packet.header.version;
    config.keyId = auth.kind == AuthCheck::Kind::Verified ? auth.keyId : 0;
    config.maxpoll = std::max(m_parameters.passiveMaxpoll, m_parameters.minimumPoll);
    config.minpoll = ClampPoll(packet.header.poll, m_parameters.minimumPoll, config.maxpoll);
    const uint32_t id = Mobilize(config, true);
    Association& association = *m_associations.at(id);
    association.SetListenAddress(to.address);
    association.SetObservedLocalAddress(to.address);
    ProcessOnAssociation(association, packet, auth, from, to, received);
}

void
Engine::ServeClient(const Packet& packet, const AuthCheck& auth, const Endpoint& from,
                    const Endpoint& to, Timestamp received)
{
    if (!m_parameters.serveClients)
    {
        Refuse(from, nullptr, RefuseReason::PolicyDeclined, "not serving clients");
        return;
    }
    if (auth.kind == AuthCheck::Kind::Failed)
    {
        Refuse(from, nullptr, auth.reason, "client request failed authentication");
        if (m_parameters.sendCryptoNak)
        {
            ReplyStatelessly(packet, Mode::Server, auth, true, from, to, received);
        }
        return;
    }
    ++m_counters.clientsServed;
    ReplyStatelessly(packet, Mode::Server, auth, false, from, to, received);
}

void
Engine::ReplyStatelessly(const Packet& request, Mode mode, const AuthCheck& auth, bool cryptoNak,
                         const Endpoint& from, const Endpoint& to, Timestamp received)
{
    Header header = SystemHeader(m_host.clock->Now());
    header.mode = mode;
    header.version = request.header.version;
    header.poll = request.header.poll;
    header.origin = request.header.transmit;
    header.receive = received;
    header.transmit = TransmitTime();
    std::vector<uint8_t>& bytes = m_sendBuffer;
    EncodeHeader(header, bytes);
    if (cryptoNak)
    {
        AppendCryptoNak(bytes);
    }
    else if (auth.kind == AuthCheck::Kind::Verified)
    {
        Sign(bytes, auth.keyId, *m_keys.FindMac(auth.keyId), header.version);
    }
    // The answer leaves in the instance the request came in on.
    Send(Endpoint{SourceFor(IpAddress(), to.address, from), to.port, to.instance}, from, bytes);
}

void
Engine::ProcessOnAssociation(Association& association, const Packet& packet, const AuthCheck& auth,
                             const Endpoint& from, const Endpoint& to, Timestamp received)
{
    const uint8_t oldReach = association.Poll().Reach();
    const PeerProcessResult result = association.Process(packet, auth, received, m_parameters);
    if (result.passedOnWire)
    {
        // Only a packet that passed authentication and the on-wire test may
        // say where the peer reaches us: the loop test in IsFit relies on it.
        association.SetObservedLocalAddress(to.address);
    }
    if (association.Poll().Reach() != oldReach)
    {
        m_observer->OnReachChange(association, association.Poll().Reach());
    }
    if (result.rateKiss)
    {
        RescheduleAfterRateKiss(association);
    }
    else if (result.passedOnWire)
    {
        Reschedule(association);
    }
    if (result.refused)
    {
        Refuse(from, &association, *result.refused, result.detail);
        return;
    }
    ++m_counters.accepted;
    if (result.sample)
    {
        AcceptSample(association, *result.sample);
    }
}

void
Engine::AcceptSample(Association& association, const FilterSample& sample)
{
    m_observer->OnSample(association, sample.offset, sample.delay, sample.dispersion);
    // ntpd sorts the register by delay only once the startup clamp is over.
    association.Filter().SetSortByDelay(m_discipline.IsSettled(sample.time));
    const FilterOutput out
        = association.Filter().Add(sample, sample.time, association.Poll().HostPoll());
    if (out.verdict != FilterOutput::Verdict::Updated)
    {
        return;
    }
    m_observer->OnPeerUpdate(association);
    SelectAndUpdate();
}

} // namespace ntp
