/*
 * An association and its peer process (RFC 5905 sections 8-9, appendix
 * A.5.1): the on-wire protocol state, the duplicate/bogus/unsynchronized
 * tests, header tests and the computation of offset, delay and dispersion
 * from the four timestamps. The association owns its clock filter and poll
 * process; selection and the clock belong to the engine (system process).
 */
#ifndef NTP_CORE_PEER_H
#define NTP_CORE_PEER_H

#include "ntp-address.h"
#include "ntp-filter.h"
#include "ntp-host.h"
#include "ntp-packet.h"
#include "ntp-parameters.h"
#include "ntp-poll.h"
#include "ntp-status.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ntp
{

enum class AssociationMode
{
    SymmetricActive,  ///< "unicast-peer": configured, persistent
    SymmetricPassive, ///< mobilized by a symmetric-active packet, ephemeral
    Client,           ///< "unicast-server": an upstream
    LocalReference    ///< the node's own clock as reference at a given stratum
};

std::string ToString(AssociationMode mode);

/// Per-association options, as a router's unicast-peer command takes them.
struct AssociationConfig
{
    AssociationMode mode{AssociationMode::SymmetricActive};
    Endpoint remote; ///< address and port of the peer (port: the "port" option)
    /// Source address ("source-interface"); unspecified: the global one, else routing.
    IpAddress localAddress;
    uint16_t localPort{kNtpPort};
    uint8_t version{kNtpVersion};
    uint32_t keyId{0}; ///< 0: unauthenticated
    int minpoll{6};
    int maxpoll{10};
    bool prefer{false};
    bool preempt{false}; ///< may be demobilized when unreachable
    bool burst{false};
    bool iburst{false};
    int localStratum{0}; ///< LocalReference only: the node's stratum when it is selected

    /// Checks the options against the parameters' ranges; names the first bad one.
    Error Validate(const Parameters& parameters) const;
};

/// Outcome of an authentication check of a received packet.
struct AuthCheck
{
    enum class Kind
    {
        None,     ///< no MAC
        Verified, ///< MAC verified with keyId
        Failed,   ///< MAC present and not acceptable: see reason
        CryptoNak
    };

    Kind kind{Kind::None};
    uint32_t keyId{0};
    RefuseReason reason{RefuseReason::AuthBadMac};
};

/// A sample ready for the clock filter, or why there is none.
struct PeerProcessResult
{
    std::optional<RefuseReason> refused;
    std::string detail;
    std::optional<FilterSample> sample;
    /// The packet passed the authentication and on-wire tests: the peer's
    /// poll was taken from it (reach waits for the header tests too).
    bool passedOnWire{false};
    /// A RATE kiss-o'-death raised minpoll: the next poll waits ntpd's throttle.
    bool rateKiss{false};
};

class Association
{
  public:
    Association(uint32_t id, const AssociationConfig& config, bool ephemeral,
                const Parameters& parameters);

    uint32_t Id() const
    {
        return m_id;
    }

    const AssociationConfig& Config() const
    {
        return m_config;
    }

    AssociationMode GetMode() const
    {
        return m_config.mode;
    }

    bool IsEphemeral() const
    {
        return m_ephemeral;
    }

    bool IsSymmetric() const
    {
        return m_config.mode == AssociationMode::SymmetricActive
            || m_config.mode == AssociationMode::SymmetricPassive;
    }

    /// The address this association receives on (unspecified: any).
    const IpAddress& ListenAddress() const
    {
        return m_listenAddress;
    }

    void SetListenAddress(const IpAddress& address)
    {
        m_listenAddress = address;
    }

    /// The local address the last packet of this association arrived on:
    /// what the peer sees as our address, hence its refid if it syncs to us.
    const IpAddress& ObservedLocalAddress() const
    {
        return m_observedLocalAddress;
    }

    void SetObservedLocalAddress(const IpAddress& address)
    {
        m_observedLocalAddress = address;
    }

    /// Packet mode this association sends.
    Mode PacketMode() const;

    /// True when a packet of `mode` is processed by this association (RFC dispatch table).
    bool AcceptsMode(Mode mode) const;

    /**
     * Runs the peer process on a decoded packet received at local time
     * `received`: authentication test, on-wire tests, header tests. Updates
     * the on-wire state and the header variables; returns the sample, if any.
     */
    PeerProcessResult Process(const Packet& packet, const AuthCheck& auth, Timestamp received,
                              const Parameters& parameters);

    /// Fills the association-specific header fields and remembers the transmit time.
    void PrepareTransmit(Header& header, Timestamp transmit);

    /// Forgets the on-wire exchange and the filter (clock step, reset).
    void Reset();

    /// Root distance (lambda) as of `now`, as ntpd 4.2.8 computes it.
    double RootDistance(Timestamp now, const Parameters& parameters) const;

    // --- peer variables (RFC 5905 figure 11) ---
    Leap PeerLeap() const
    {
        return m_leap;
    }

    int Stratum() const
    {
        return m_stratum;
    }

    int PeerPoll() const
    {
        return m_peerPoll;
    }

    int PeerPrecision() const
    {
        return m_peerPrecision;
    }

    double RootDelay() const
    {
        return m_rootDelay;
    }

    double RootDispersion() const
    {
        return m_rootDispersion;
    }

    uint32_t Refid() const
    {
        return m_refid;
    }

    Timestamp ReferenceTime() const
    {
        return m_referenceTime;
    }

    ClockFilter& Filter()
    {
        return m_filter;
    }

    const ClockFilter& Filter() const
    {
        return m_filter;
    }

    PollProcess& Poll()
    {
        return m_poll;
    }

    const PollProcess& Poll() const
    {
        return m_poll;
    }

    /// Sets the header variables a local reference advertises to selection.
    void SetLocalReferenceVariables();

    Timer::Id timer{0};     ///< pending poll timer (owned by the engine)
    Timestamp lastTransmit; ///< ntpd's outdate: the next poll is due an interval after it
    Timestamp nextPoll;     ///< when the pending poll timer fires
    int scheduledPoll{-1};  ///< interval exponent of the pending poll; -1: not an interval

    /// The key test of RFC 5905's receive process for this association:
    /// nullopt when a packet with this authentication result may touch it.
    std::optional<RefuseReason> CheckAuthentication(const AuthCheck& auth) const;

    /// Whether the packet's transmit time is later than any heard from the
    /// peer: an older or equal one is a replay or a duplicate.
    bool IsNewer(const Header& header) const;

    /// When the peer's transmit time we hold arrived: the last packet that
    /// passed the on-wire test, or a newer unanswered one (zero: none, or
    /// cleared by a clock step).
    Timestamp LastReceive() const
    {
        return m_localReceive;
    }

    /// RFC 5905's org/rec/xmt state (ntpq's "org", "rec", "xmt").
    struct OnWireState
    {
        Timestamp remoteTransmit; ///< their last T3: our next origin
        Timestamp localReceive;   ///< when it arrived: our next receive timestamp
        Timestamp localTransmit;  ///< our last T3, zero once answered
    };

    OnWireState OnWire() const
    {
        return OnWireState{m_remoteTransmit, m_localReceive, m_localTransmit};
    }

  private:
    std::optional<RefuseReason> CheckOnWire(const Packet& packet, Timestamp received);
    void CopyHeader(const Header& header);

    uint32_t m_id;
    AssociationConfig m_config;
    double m_localDispersion; ///< root dispersion a local reference claims
    int m_systemPrecision;
    bool m_ephemeral;
    IpAddress m_listenAddress;
    IpAddress m_observedLocalAddress;

    // On-wire state.
    Timestamp m_remoteTransmit; ///< their last T3: our next origin
    Timestamp m_localReceive;   ///< when we received it: our next receive timestamp
    Timestamp m_localTransmit;  ///< our last T3: the origin we expect back

    // Header variables of the last packet.
    Leap m_leap{Leap::Unsynchronized};
    int m_stratum{kMaxStratum};
    int m_peerPoll{0};
    int m_peerPrecision{0};
    double m_rootDelay{0};
    double m_rootDispersion{0};
    uint32_t m_refid{0};
    Timestamp m_referenceTime;

    ClockFilter m_filter;
    PollProcess m_poll;
};

} // namespace ntp

#endif // NTP_CORE_PEER_H
