#include "ntp-peer.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

namespace
{

constexpr uint32_t
AsciiRefid(char a, char b, char c, char d)
{
    return (uint32_t(uint8_t(a)) << 24) | (uint32_t(uint8_t(b)) << 16) | (uint32_t(uint8_t(c)) << 8)
         | uint32_t(uint8_t(d));
}

/// ntpd's kiss_code_check(): only a server's answer that is unsynchronized
/// and of stratum 0 is a kiss-o'-death, whatever its code (RATE, DENY,
/// RSTR, INIT, ...). A stratum-0 packet in a symmetric mode is no kiss: it
/// is a peer without time, refused as such by the header tests.
bool
IsKissOfDeath(const Header& header)
{
    return header.mode == Mode::Server && header.leap == Leap::Unsynchronized
        && header.stratum == 0;
}

bool
IsUsableAddress(const IpAddress& address, std::string& why)
{
    if (address.IsUnspecified())
    {
        why = "the peer address is unspecified";
        return false;
    }
    if (address.IsV4())
    {
        const uint32_t a = address.GetV4();
        if ((a >> 28) == 0xe)
        {
            why = "the peer address " + address.ToString() + " is multicast";
            return false;
        }
        if (a == 0xffffffffU)
        {
            why = "the peer address " + address.ToString() + " is broadcast";
            return false;
        }
        if ((a >> 16) == 0x7f7f)
        {
            why = "the peer address " + address.ToString()
                + " is a reference-clock address (127.127.x.x)";
            return false;
        }
    }
    else if (address.GetBytes()[0] == 0xff)
    {
        why = "the peer address " + address.ToString() + " is multicast";
        return false;
    }
    return true;
}

} // namespace

std::string
ToString(AssociationMode mode)
{
    switch (mode)
    {
    case AssociationMode::SymmetricActive:
        return "symmetric-active";
    case AssociationMode::SymmetricPassive:
        return "symmetric-passive";
    case AssociationMode::Client:
        return "client";
    case AssociationMode::LocalReference:
        return "local-reference";
    }
    return "unknown";
}

Error
AssociationConfig::Validate(const Parameters& parameters) const
{
    const std::string range
        = std::to_string(parameters.minimumPoll) + ".." + std::to_string(parameters.maximumPoll);
    if (minpoll < parameters.minimumPoll || minpoll > parameters.maximumPoll)
    {
        return "minpoll " + std::to_string(minpoll) + " is out of range (accepted: " + range + ")";
    }
    if (maxpoll < parameters.minimumPoll || maxpoll > parameters.maximumPoll)
    {
        return "maxpoll " + std::to_string(maxpoll) + " is out of range (accepted: " + range + ")";
    }
    if (minpoll > maxpoll)
    {
        return "minpoll " + std::to_string(minpoll) + " is greater than maxpoll "
             + std::to_string(maxpoll);
    }
    if (mode == AssociationMode::LocalReference)
    {
        if (localStratum < 1 || localStratum > 15)
        {
            return "local reference stratum " + std::to_string(localStratum)
                 + " is out of range (accepted: 1..15)";
        }
        return std::nullopt;
    }
    if (version < 1 || version > 4)
    {
        return "version " + std::to_string(version) + " is out of range (accepted: 1..4)";
    }
    if (remote.port == 0)
    {
        return std::string("port 0 is not a usable peer port (accepted: 1..65535)");
    }
    std::string why;
    if (!IsUsableAddress(remote.address, why))
    {
        return why + " (accepted: a unicast host address)";
    }
    if (!localAddress.IsUnspecified() && localAddress.GetFamily() != remote.address.GetFamily())
    {
        return "source address " + localAddress.ToString() + " and peer address "
             + remote.address.ToString() + " are of different families";
    }
    return std::nullopt;
}

Association::Association(uint32_t id, const AssociationConfig& config, bool ephemeral,
                         const Parameters& parameters) :
    m_id(id),
    m_config(config),
    m_localDispersion(parameters.localReferenceDispersion),
    m_systemPrecision(parameters.precision),
    m_ephemeral(ephemeral),
    m_listenAddress(config.localAddress),
    m_filter(
        [&parameters]
        {
            FilterSettings s;
            s.phi = parameters.phi;
            s.maxDispersion = parameters.maxDispersion;
            s.maxDistance = parameters.maxDistance;
            s.precision = Log2ToSeconds(parameters.precision);
            s.popcornGate = parameters.popcornGate;
            s.allanIntercept = Log2ToSeconds(parameters.allanInterceptLog2);
            return s;
        }())
{
    PollOptions options;
    options.minpoll = config.minpoll;
    options.maxpoll = config.maxpoll;
    options.burst = config.burst;
    options.iburst = config.iburst;
    options.demobilizable = ephemeral || config.preempt;
    if (config.mode == AssociationMode::LocalReference)
    {
        // ntpd's reference clocks poll at minpoll only.
        options.maxpoll = options.minpoll;
    }
    m_poll = PollProcess(options);
    if (config.mode == AssociationMode::LocalReference)
    {
        SetLocalReferenceVariables();
    }
}

void
Association::SetLocalReferenceVariables()
{
    // Selected, it makes the node stratum localStratum, like ntpd's LOCAL
    // driver fudged one stratum lower.
    m_leap = Leap::NoWarning;
    m_stratum = m_config.localStratum - 1;
    m_rootDelay = 0;
    m_rootDispersion = m_localDispersion;
    m_peerPrecision = m_systemPrecision;
    m_refid = AsciiRefid('L', 'O', 'C', 'L');
}

Mode
Association::PacketMode() const
{
    switch (m_config.mode)
    {
    case AssociationMode::SymmetricActive:
        return Mode::SymmetricActive;
    case AssociationMode::SymmetricPassive:
        return Mode::SymmetricPassive;
    case AssociationMode::Client:
        return Mode::Client;
    case AssociationMode::LocalReference:
        break;
    }
    return Mode::Reserved;
}

bool
Association::AcceptsMode(Mode mode) const
{
    switch (m_config.mode)
    {
    case AssociationMode::SymmetricActive:
        return mode == Mode::SymmetricActive || mode == Mode::SymmetricPassive;
    case AssociationMode::SymmetricPassive:
        return mode == Mode::SymmetricActive;
    case AssociationMode::Client:
        return mode == Mode::Server;
    case AssociationMode::LocalReference:
        break;
    }
    return false;
}

std::optional<RefuseReason>
Association::CheckAuthentication(const AuthCheck& auth) const
{
    if (auth.kind == AuthCheck::Kind::Failed)
    {
        return auth.reason;
    }
    if (m_config.keyId != 0)
    {
        if (auth.kind != AuthCheck::Kind::Verified)
        {
            return RefuseReason::AuthMissing;
        }
        if (auth.keyId != m_config.keyId)
        {
            return RefuseReason::AuthWrongKey;
        }
        return std::nullopt;
    }
    // ntpd: "enable auth" only decides what may mobilize an association; an
    // association without a key takes unauthenticated packets.
    return std::nullopt;
}

bool
Association::IsNewer(const Header& header) const
{
    return !header.transmit.IsZero()
        && (m_remoteTransmit.IsZero() || header.transmit.IsAfter(m_remoteTransmit));
}

std::optional<RefuseReason>
Association::CheckOnWire(const Packet& packet, Timestamp received)
{
    const Header& h = packet.header;
    if (h.transmit.IsZero())
    {
        return RefuseReason::InvalidTimestamp;
    }
    if (h.transmit == m_remoteTransmit)
    {
        return RefuseReason::Duplicate;
    }
    const bool fresher = IsNewer(h);
    if (h.origin.IsZero())
    {
        // The peer has not heard from us yet (or reset): nothing to measure,
        // but its transmit time is what our next packet must echo. Only when
        // newer than what we hold: a replay of the peer's authenticated first
        // packet would otherwise rewind the exchange and cost a whole poll.
        if (fresher)
        {
            m_remoteTransmit = h.transmit;
            m_localReceive = received;
        }
        return RefuseReason::NotYetSynchronized;
    }
    if (m_localTransmit.IsZero() || h.origin != m_localTransmit)
    {
        // Not an answer to our last transmission, or a second answer to it:
        // bogus. Like RFC 5905 and ntpd 4.2.8p15 (not the early-2016 ntpd
        // that returned here, whose symmetric peers could then lose each
        // other for good), its timestamps are kept, which heals crossed
        // symmetric exchanges; only when newer than what we hold, so that a
        // replayed old packet cannot rewind the exchange.
        if (fresher)
        {
            m_remoteTransmit = h.transmit;
            m_localReceive = received;
        }
        return RefuseReason::Bogus;
    }
    // One answer per transmission (ntpd clears aorg).
    m_remoteTransmit = h.transmit;
    m_localReceive = received;
    m_localTransmit = Timestamp();
    return std::nullopt;
}

void
Association::CopyHeader(const Header& h)
{
    m_leap = h.leap;
    m_stratum = h.stratum == 0 ? kMaxStratum : h.stratum;
    m_peerPoll = h.poll;
    m_peerPrecision = h.precision;
    m_rootDelay = ShortToSeconds(h.rootDelay);
    m_rootDispersion = ShortToSeconds(h.rootDispersion);
    m_refid = h.refid;
    m_referenceTime = h.reference;
}

PeerProcessResult
Association::Process(const Packet& packet, const AuthCheck& auth, Timestamp received,
                     const Parameters& parameters)
{
    PeerProcessResult result;
    const Header& h = packet.header;
    if (auth.kind == AuthCheck::Kind::CryptoNak)
    {
        // A crypto-NAK is itself unauthenticated: believe it only when it
        // answers our last packet.
        const bool answersUs = !m_localTransmit.IsZero() && h.origin == m_localTransmit;
        result.refused = answersUs ? RefuseReason::CryptoNak : RefuseReason::Bogus;
        result.detail = answersUs ? "the peer could not authenticate our packet"
                                  : "crypto-NAK with a foreign origin";
        return result;
    }
    if (auto reason = CheckAuthentication(auth))
    {
        result.refused = reason;
        return result;
    }
    if (auto reason = CheckOnWire(packet, received))
    {
        result.refused = reason;
        return result;
    }
    result.passedOnWire = true;
    m_poll.SetPeerPoll(h.poll);
    if (IsKissOfDeath(h))
    {
        // As ntpd: the kiss leaves the peer's header values alone. RATE
        // raises minpoll to the poll the server asks for, for the life of
        // the association; other codes are dropped (ntpd 4.2.8 does not
        // demobilize on DENY or RSTR, whatever RFC 5905 section 7.4 says).
        result.refused = RefuseReason::KissOfDeath;
        result.detail = h.KissCode();
        if (result.detail == "RATE")
        {
            m_poll.OnRateKiss(h.poll, parameters);
            result.rateKiss = true;
        }
        return result;
    }
    CopyHeader(h);
    if (h.leap == Leap::Unsynchronized || m_stratum >= kMaxStratum)
    {
        result.refused = RefuseReason::PeerUnsynchronized;
        result.detail = "leap " + std::to_string(static_cast<int>(h.leap)) + ", stratum "
                      + std::to_string(h.stratum);
        return result;
    }
    if (m_rootDelay / 2 + m_rootDispersion >= parameters.maxDispersion
        || h.reference.IsAfter(h.transmit))
    {
        result.refused = RefuseReason::BadHeader;
        result.detail = "root distance over MAXDISP or reference time after transmit time";
        return result;
    }

    // ntpd marks the peer reachable only once the header tests have passed:
    // an unsynchronized peer answers but is not "reached".
    m_poll.MarkReached();

    // T1 our transmit (echoed as origin), T2 their receive, T3 their
    // transmit, T4 our receive (RFC 5905 section 8).
    const Timestamp t1 = h.origin;
    const Timestamp t2 = h.receive;
    const Timestamp t3 = h.transmit;
    const Timestamp t4 = received;
    FilterSample sample;
    sample.offset = ((t2 - t1) + (t3 - t4)) / 2;
    sample.delay = std::max((t4 - t1) - (t3 - t2), Log2ToSeconds(parameters.precision));
    sample.dispersion = Log2ToSeconds(h.precision) + Log2ToSeconds(parameters.precision)
                      + parameters.phi * (t4 - t1);
    sample.time = received;
    sample.valid = true;
    result.sample = sample;
    return result;
}

void
Association::PrepareTransmit(Header& header, Timestamp transmit)
{
    header.version = m_config.version;
    header.mode = PacketMode();
    // ntpd advertises its host poll, not the interval it actually polls at.
    header.poll = static_cast<int8_t>(m_poll.WirePoll());
    // Client requests carry no origin/receive state worth leaking (RFC 9109
    // practice): only symmetric modes echo the peer's timestamps.
    header.origin = IsSymmetric() ? m_remoteTransmit : Timestamp();
    header.receive = IsSymmetric() ? m_localReceive : Timestamp();
    header.transmit = transmit;
    m_localTransmit = transmit;
}

void
Association::Reset()
{
    m_remoteTransmit = Timestamp();
    m_localReceive = Timestamp();
    m_localTransmit = Timestamp();
    m_filter.Reset();
    m_poll.Clear();
    if (m_config.mode == AssociationMode::LocalReference)
    {
        SetLocalReferenceVariables();
    }
}

double
Association::RootDistance(Timestamp now, const Parameters& parameters) const
{
    // ntpd 4.2.8's root_distance(): half the round trip to the root, both
    // precisions, the dispersion grown since the last filter update, the
    // root dispersion and the jitter. Unlike RFC 5905 it leaves out the
    // filter's own dispersion, so one good sample makes a peer fit.
    const Timestamp update = m_filter.LastEvaluated();
    const double age = update.IsZero() ? 0.0 : std::max(0.0, now - update);
    const double distance = (m_filter.Delay() + m_rootDelay) / 2 + Log2ToSeconds(m_peerPrecision)
                          + Log2ToSeconds(parameters.precision) + parameters.phi * age
                          + m_rootDispersion + m_filter.Jitter();
    return std::max(distance, parameters.minDispersion);
}

} // namespace ntp
