/*
 * An attacker on a link (NtpLinkChannel): it sees every frame that crosses
 * the link and can put forged ones on it, toward the device that receives
 * in its direction (the victim). The attacks are those NTP's on-wire and
 * authentication tests are meant to stop, so that users can see what each
 * test is worth on their topology:
 *
 * - spoof: packets claiming the other end's address. With origin "echo" the
 *   attacker answers each of the victim's packets at once with the
 *   victim's own transmit time as origin (an on-path attacker who read it),
 *   and timestamps that put the peer's clock `offset` seconds ahead of
 *   where it is (estimated from the peer's last genuine packet): without
 *   authentication this passes the on-wire test, arrives before the genuine
 *   answer (which is then bogus), and the victim follows the peer's clock
 *   plus the offset.
 *   With origin "random" every forgery is bogus. With replay, it re-sends
 *   the last genuine packet it saw (duplicate or bogus). When the genuine
 *   packets carry a MAC, forgeries carry the same key id and a digest the
 *   attacker had to guess.
 * - flood: mode-1 packets from many source addresses (198.18.0.0/15, the
 *   benchmarking range of RFC 2544) at a rate.
 * - kod: a kiss-o'-death (mode 4, leap 3, stratum 0, a code such as RATE)
 *   claiming the other end's address, echoing the victim's last transmit
 *   time or not.
 * - delay: an extra one-way delay in the victim's direction
 *   (NtpLinkChannel::SetExtraDelay), which no NTP test can see.
 *
 * Forged packets carry no NtpOriginTag: ground truth knows they come from
 * no node.
 */
#ifndef NTP_LINK_ATTACKER_H
#define NTP_LINK_ATTACKER_H

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"
#include "ntp-link-channel.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class NtpLinkAttacker : public Object
{
  public:
    static TypeId GetTypeId();
    NtpLinkAttacker();

    /**
     * Takes a place on `channel`; its forgeries travel in direction
     * `forward` (first attached device to second) and reach the device
     * that receives in it. Both ends need an address of the family used
     * (IPv4, else IPv6).
     */
    void Attach(Ptr<NtpLinkChannel> channel, bool forward);

    struct Spoof
    {
        std::string origin{"echo"}; ///< echo or random
        double offset{0.1};         ///< s, the forgeries claim the peer's clock plus this
        bool replay{false};         ///< re-send the last genuine packet instead
        double interval{16};        ///< s between forgeries (random origin, replay)
    };

    struct Kod
    {
        std::string code{"RATE"};
        int poll{10};               ///< the poll exponent the kiss asks for
        std::string origin{"echo"}; ///< echo or random
    };

    /// Each attack runs from now until `until` (or Stop).
    void StartSpoof(const Spoof& spoof, Time until);
    void StartFlood(uint32_t sources, double packetsPerSecond, Time until);
    /// One kiss: at the victim's next packet (echo) or now (random).
    void StartKod(const Kod& kod);
    void StartDelay(Time extra, Time until);
    void Stop();

    uint64_t GetInjected() const
    {
        return m_injected;
    }

    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature: a forged frame, the attack's kind.
    typedef void (*InjectedCallback)(Ptr<const Packet> frame, const std::string& kind);

  private:
    enum class Kind
    {
        None,
        Spoof,
        Flood,
        Kod
    };

    /// A frame entered the link: learn from it, answer it if echoing.
    void OnTransit(Ptr<const Packet> frame, bool forward);
    void SendSpoof();
    void SendFlood();
    void SendKod(std::optional<std::vector<uint8_t>> echoedTransmit);
    /// Wraps NTP bytes in UDP, IP and PPP and puts them on the link.
    void Inject(const std::vector<uint8_t>& ntp, const Address& source, const std::string& kind);
    bool Running() const;

    Ptr<NtpLinkChannel> m_channel;
    bool m_forward{true};
    Address m_claimed; ///< the address of the end the attacker pretends to be
    Address m_victim;
    Kind m_kind{Kind::None};
    Spoof m_spoof;
    Kod m_kod;
    uint32_t m_sources{0};
    double m_rate{0};
    uint32_t m_nextSource{0};
    Time m_until;
    EventId m_timer;
    EventId m_delayEnd;
    /// The last genuine NTP payload from the claimed end, and the victim's
    /// last transmit timestamp (bytes 40..47 of its last packet).
    std::vector<uint8_t> m_lastGenuine;
    Time m_lastGenuineSeen;
    std::vector<uint8_t> m_lastVictimTransmit;
    Ptr<UniformRandomVariable> m_random;
    uint64_t m_injected{0};
    TracedCallback<Ptr<const Packet>, const std::string&> m_injectedTrace;
};

} // namespace ns3

#endif // NTP_LINK_ATTACKER_H
