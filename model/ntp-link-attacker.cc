#include "ntp-link-attacker.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ntp-packet.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NtpLinkAttacker");
NS_OBJECT_ENSURE_REGISTERED(NtpLinkAttacker);

namespace
{

constexpr uint16_t kNtpPort = 123;
constexpr uint8_t kUdpProtocol = 17; ///< IANA protocol number
constexpr uint16_t kPppIpv4 = 0x0021;
constexpr uint16_t kPppIpv6 = 0x0057;
constexpr size_t kTransmitOffset = 40; ///< the transmit timestamp in the NTP header

/// The first usable address of the device: IPv4, else a global IPv6 one.
Address
AddressOf(Ptr<NetDevice> device)
{
    Ptr<Node> node = device->GetNode();
    if (Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>())
    {
        const int32_t index = ipv4->GetInterfaceForDevice(device);
        if (index >= 0 && ipv4->GetNAddresses(index) > 0)
        {
            return ipv4->GetAddress(index, 0).GetLocal();
        }
    }
    if (Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>())
    {
        const int32_t index = ipv6->GetInterfaceForDevice(device);
        for (uint32_t i = 0; index >= 0 && i < ipv6->GetNAddresses(index); ++i)
        {
            const Ipv6Address address = ipv6->GetAddress(index, i).GetAddress();
            if (!address.IsLinkLocal())
            {
                return address;
            }
        }
    }
    return Address();
}

/// What a frame on the link carries, if it is NTP (UDP port 123).
struct Seen
{
    Address source;
    Address destination;
    std::vector<uint8_t> ntp;
};

std::optional<Seen>
Unwrap(Ptr<const Packet> frame)
{
    Ptr<Packet> copy = frame->Copy();
    PppHeader ppp;
    copy->RemoveHeader(ppp);
    Seen seen;
    if (ppp.GetProtocol() == kPppIpv4)
    {
        Ipv4Header ip;
        copy->RemoveHeader(ip);
        if (ip.GetProtocol() != kUdpProtocol)
        {
            return std::nullopt;
        }
        seen.source = ip.GetSource();
        seen.destination = ip.GetDestination();
    }
    else if (ppp.GetProtocol() == kPppIpv6)
    {
        Ipv6Header ip;
        copy->RemoveHeader(ip);
        if (ip.GetNextHeader() != kUdpProtocol)
        {
            return std::nullopt;
        }
        seen.source = ip.GetSource();
        seen.destination = ip.GetDestination();
    }
    else
    {
        return std::nullopt;
    }
    UdpHeader udp;
    copy->RemoveHeader(udp);
    if (udp.GetSourcePort() != kNtpPort && udp.GetDestinationPort() != kNtpPort)
    {
        return std::nullopt;
    }
    seen.ntp.resize(copy->GetSize());
    copy->CopyData(seen.ntp.data(), seen.ntp.size());
    if (seen.ntp.size() < ntp::kHeaderLength)
    {
        return std::nullopt;
    }
    return seen;
}

ntp::Timestamp
TransmitOf(const std::vector<uint8_t>& ntpBytes)
{
    uint64_t raw = 0;
    for (size_t i = 0; i < 8; ++i)
    {
        raw = (raw << 8) | ntpBytes[kTransmitOffset + i];
    }
    return ntp::Timestamp(raw);
}

} // namespace

TypeId
NtpLinkAttacker::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NtpLinkAttacker")
              .SetParent<Object>()
              .SetGroupName("NtpPeer")
              .AddConstructor<NtpLinkAttacker>()
              .AddTraceSource("Injected", "A forged frame was put on the link: frame, kind.",
                              MakeTraceSourceAccessor(&NtpLinkAttacker::m_injectedTrace),
                              "ns3::NtpLinkAttacker::InjectedCallback");
    return tid;
}

NtpLinkAttacker::NtpLinkAttacker() : m_random(CreateObject<UniformRandomVariable>()) {}

int64_t
NtpLinkAttacker::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
NtpLinkAttacker::Attach(Ptr<NtpLinkChannel> channel, bool forward)
{
    m_channel = channel;
    m_forward = forward;
    m_claimed = AddressOf(channel->GetSender(forward));
    m_victim = AddressOf(channel->GetSender(!forward));
    NS_ABORT_MSG_IF(m_claimed.IsInvalid() || m_victim.IsInvalid()
                        || Ipv4Address::IsMatchingType(m_claimed)
                               != Ipv4Address::IsMatchingType(m_victim),
                    "NtpLinkAttacker: the link's ends need addresses of one family");
    channel->TraceConnectWithoutContext("Transit", MakeCallback(&NtpLinkAttacker::OnTransit, this));
}

bool
NtpLinkAttacker::Running() const
{
    return m_kind != Kind::None && Simulator::Now() < m_until;
}

void
NtpLinkAttacker::Stop()
{
    m_kind = Kind::None;
    m_timer.Cancel();
}

void
NtpLinkAttacker::StartSpoof(const Spoof& spoof, Time until)
{
    Stop();
    m_kind = Kind::Spoof;
    m_spoof = spoof;
    m_until = until;
    if (spoof.replay || spoof.origin != "echo")
    {
        m_timer = Simulator::ScheduleNow(&NtpLinkAttacker::SendSpoof, this);
    }
}

void
NtpLinkAttacker::StartFlood(uint32_t sources, double packetsPerSecond, Time until)
{
    Stop();
    m_kind = Kind::Flood;
    m_sources = std::max<uint32_t>(sources, 1);
    m_rate = packetsPerSecond;
    m_until = until;
    m_timer = Simulator::ScheduleNow(&NtpLinkAttacker::SendFlood, this);
}

void
NtpLinkAttacker::StartKod(const Kod& kod)
{
    Stop();
    m_kind = Kind::Kod;
    m_kod = kod;
    m_until = Time::Max();
    if (kod.origin != "echo")
    {
        SendKod(std::nullopt);
    }
}

void
NtpLinkAttacker::StartDelay(Time extra, Time until)
{
    m_channel->SetExtraDelay(m_forward, extra);
    m_delayEnd.Cancel();
    m_delayEnd = Simulator::Schedule(until - Simulator::Now(), &NtpLinkChannel::SetExtraDelay,
                                     m_channel, m_forward, Seconds(0));
}

void
NtpLinkAttacker::OnTransit(Ptr<const Packet> frame, bool forward)
{
    const std::optional<Seen> seen = Unwrap(frame);
    if (!seen)
    {
        return;
    }
    if (forward == m_forward && seen->source == m_claimed && seen->destination == m_victim)
    {
        m_lastGenuine = seen->ntp; // what the claimed end says to the victim
        m_lastGenuineSeen = Simulator::Now();
        return;
    }
    if (forward != m_forward && seen->source == m_victim && seen->destination == m_claimed)
    {
        m_lastVictimTransmit.assign(seen->ntp.begin() + kTransmitOffset,
                                    seen->ntp.begin() + kTransmitOffset + 8);
        if (!Running())
        {
            return;
        }
        if (m_kind == Kind::Spoof && m_spoof.origin == "echo" && !m_spoof.replay)
        {
            SendSpoof();
        }
        else if (m_kind == Kind::Kod && m_kod.origin == "echo")
        {
            SendKod(m_lastVictimTransmit);
            m_kind = Kind::None; // one kiss
        }
    }
}

void
NtpLinkAttacker::SendSpoof()
{
    if (!Running())
    {
        return;
    }
    if (m_spoof.replay)
    {
        if (!m_lastGenuine.empty())
        {
            Inject(m_lastGenuine, m_claimed, "spoof");
        }
    }
    else
    {
        // The header the claimed end would send, from its last genuine
        // packet when there is one. Its clock now is estimated from that
        // packet's transmit time and the time since (off by the peer's
        // frequency error over that time). With T2 = T3 = that clock plus
        // offset plus D/2, where D is the one-way delay the forgery takes,
        // the victim computes ((T2 - T1) + (T3 - T4)) / 2 = the peer's
        // offset plus `offset`, with a delay of D.
        ntp::Header header;
        header.stratum = 2;
        header.poll = 6;
        header.precision = -20;
        std::optional<ntp::Packet> genuine;
        if (!m_lastGenuine.empty())
        {
            if (auto decoded = ntp::Decode(m_lastGenuine); decoded.packet)
            {
                genuine = *decoded.packet;
                header = genuine->header;
            }
        }
        const bool echo = m_spoof.origin == "echo" && !m_lastVictimTransmit.empty();
        std::vector<uint8_t> padded(ntp::kHeaderLength, 0);
        if (!m_lastVictimTransmit.empty())
        {
            std::copy(m_lastVictimTransmit.begin(), m_lastVictimTransmit.end(),
                      padded.begin() + kTransmitOffset);
        }
        const ntp::Timestamp victimTransmit = TransmitOf(padded);
        const ntp::Timestamp peerNow
            = genuine
                ? genuine->header.transmit + (Simulator::Now() - m_lastGenuineSeen).GetSeconds()
                : victimTransmit;
        TimeValue delay;
        m_channel->GetAttribute(m_forward ? "ForwardDelay" : "BackwardDelay", delay);
        header.origin = echo ? victimTransmit
                             : ntp::Timestamp((uint64_t(m_random->GetInteger(1, 0xfffffffe)) << 32)
                                              | m_random->GetInteger(0, 0xffffffff));
        header.receive = peerNow + (m_spoof.offset + delay.Get().GetSeconds() / 2);
        header.transmit = header.receive;
        header.reference = header.receive + -16.0;
        header.mode = ntp::Mode::SymmetricActive;
        if (genuine)
        {
            header.mode = genuine->header.mode;
        }
        std::vector<uint8_t> bytes = ntp::EncodeHeader(header);
        if (genuine && genuine->macKind == ntp::MacKind::Digest)
        {
            // The key id is on the wire; the digest must be guessed.
            std::vector<uint8_t> digest(genuine->digest.size());
            for (uint8_t& byte : digest)
            {
                byte = static_cast<uint8_t>(m_random->GetInteger(0, 255));
            }
            ntp::AppendMac(bytes, genuine->keyId, digest);
        }
        Inject(bytes, m_claimed, "spoof");
    }
    if (m_spoof.replay || m_spoof.origin != "echo")
    {
        m_timer = Simulator::Schedule(Seconds(m_spoof.interval), &NtpLinkAttacker::SendSpoof, this);
    }
}

void
NtpLinkAttacker::SendFlood()
{
    if (!Running())
    {
        return;
    }
    // Sources in the benchmarking ranges: 198.18.0.0/15, 2001:2::/48.
    const uint32_t n = m_nextSource++ % m_sources;
    Address source;
    if (Ipv4Address::IsMatchingType(m_victim))
    {
        source = Ipv4Address(0xc6120000u + n + 1);
    }
    else
    {
        uint8_t bytes[16] = {0x20, 0x01, 0x00, 0x02};
        bytes[12] = static_cast<uint8_t>((n + 1) >> 24);
        bytes[13] = static_cast<uint8_t>((n + 1) >> 16);
        bytes[14] = static_cast<uint8_t>((n + 1) >> 8);
        bytes[15] = static_cast<uint8_t>(n + 1);
        source = Ipv6Address(bytes);
    }
    ntp::Header header;
    header.mode = ntp::Mode::SymmetricActive;
    header.stratum = 3;
    header.poll = 6;
    header.precision = -20;
    header.transmit = ntp::Timestamp((uint64_t(3900000000u + m_nextSource) << 32)
                                     | m_random->GetInteger(0, 0xffffffff));
    Inject(ntp::EncodeHeader(header), source, "flood");
    m_timer = Simulator::Schedule(Seconds(1.0 / m_rate), &NtpLinkAttacker::SendFlood, this);
}

void
NtpLinkAttacker::SendKod(std::optional<std::vector<uint8_t>> echoedTransmit)
{
    ntp::Header header;
    header.mode = ntp::Mode::Server;
    header.leap = ntp::Leap::Unsynchronized;
    header.stratum = 0;
    header.poll = static_cast<int8_t>(m_kod.poll);
    std::string code = m_kod.code;
    code.resize(4, '\0');
    header.refid = (uint32_t(uint8_t(code[0])) << 24) | (uint32_t(uint8_t(code[1])) << 16)
                 | (uint32_t(uint8_t(code[2])) << 8) | uint32_t(uint8_t(code[3]));
    if (echoedTransmit)
    {
        std::vector<uint8_t> padded(ntp::kHeaderLength, 0);
        std::copy(echoedTransmit->begin(), echoedTransmit->end(), padded.begin() + kTransmitOffset);
        header.origin = TransmitOf(padded);
    }
    else
    {
        header.origin = ntp::Timestamp((uint64_t(m_random->GetInteger(1, 0xfffffffe)) << 32)
                                       | m_random->GetInteger(0, 0xffffffff));
    }
    header.receive = header.origin + 0.001;
    header.transmit = header.receive;
    Inject(ntp::EncodeHeader(header), m_claimed, "kod");
}

void
NtpLinkAttacker::Inject(const std::vector<uint8_t>& ntpBytes, const Address& source,
                        const std::string& kind)
{
    Ptr<Packet> frame = Create<Packet>(ntpBytes.data(), ntpBytes.size());
    UdpHeader udp;
    udp.SetSourcePort(kNtpPort);
    udp.SetDestinationPort(kNtpPort);
    PppHeader ppp;
    if (Ipv4Address::IsMatchingType(source))
    {
        if (Node::ChecksumEnabled())
        {
            udp.EnableChecksums();
            udp.InitializeChecksum(Ipv4Address::ConvertFrom(source),
                                   Ipv4Address::ConvertFrom(m_victim), kUdpProtocol);
        }
        frame->AddHeader(udp);
        Ipv4Header ip;
        ip.SetSource(Ipv4Address::ConvertFrom(source));
        ip.SetDestination(Ipv4Address::ConvertFrom(m_victim));
        ip.SetProtocol(kUdpProtocol);
        ip.SetPayloadSize(frame->GetSize());
        ip.SetTtl(64);
        if (Node::ChecksumEnabled())
        {
            ip.EnableChecksum();
        }
        frame->AddHeader(ip);
        ppp.SetProtocol(kPppIpv4);
    }
    else
    {
        if (Node::ChecksumEnabled())
        {
            udp.EnableChecksums();
            udp.InitializeChecksum(Ipv6Address::ConvertFrom(source),
                                   Ipv6Address::ConvertFrom(m_victim), kUdpProtocol);
        }
        frame->AddHeader(udp);
        Ipv6Header ip;
        ip.SetSource(Ipv6Address::ConvertFrom(source));
        ip.SetDestination(Ipv6Address::ConvertFrom(m_victim));
        ip.SetNextHeader(kUdpProtocol);
        ip.SetPayloadLength(frame->GetSize());
        ip.SetHopLimit(64);
        frame->AddHeader(ip);
        ppp.SetProtocol(kPppIpv6);
    }
    frame->AddHeader(ppp);
    ++m_injected;
    m_injectedTrace(frame, kind);
    m_channel->Inject(frame, m_forward);
}

} // namespace ns3
