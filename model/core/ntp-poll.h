/*
 * The poll process of one association (RFC 5905 section 13, appendix A.5.7)
 * as ntpd 4.2.8 runs it (transmit() and poll_update()): the reach register,
 * the unreach counter with back-off and demobilization, the host poll
 * (hpoll) and peer poll (ppoll), poll jitter and bursts.
 *
 * - hpoll follows the system poll while the peer is reachable, is clamped to
 *   [minpoll, maxpoll] and is what packets advertise;
 * - ppoll is the poll the peer advertises (at least minpoll);
 * - the next transmission comes 2^min(ppoll, hpoll) s (2^hpoll while
 *   unreachable) after the last one, stretched by up to 255/4096 at random
 *   and truncated to whole seconds, as ntpd's ((0x1000 | r) << poll) >> 12.
 */
#ifndef NTP_CORE_POLL_H
#define NTP_CORE_POLL_H

#include "ntp-parameters.h"

#include <cstdint>

namespace ntp
{

int ClampPoll(int poll, int minpoll, int maxpoll);

/// What a poll timer event asks the association to do before it transmits.
struct PollDecision
{
    bool shiftDummySample{false}; ///< unreachable: an infinite-dispersion sample goes in
    bool demobilize{false};       ///< ephemeral or preemptable, unreachable too long
    bool becameUnreachable{false};
};

struct PollOptions
{
    int minpoll{6};
    int maxpoll{10};
    bool burst{false};         ///< BCOUNT packets per poll while reachable
    bool iburst{false};        ///< BCOUNT packets per poll while unreachable
    bool demobilizable{false}; ///< ephemeral or preempt: demobilize when unreachable
};

class PollProcess
{
  public:
    PollProcess() = default;
    explicit PollProcess(const PollOptions& options);

    /**
     * A poll timer fired. `systemPoll` is the discipline's poll exponent,
     * which reachable associations follow (clamped to their own range).
     */
    PollDecision OnTimer(int systemPoll, bool fit, const Parameters& parameters);

    /// Shifts the reach register without transmitting (reference clocks).
    void ShiftReach()
    {
        m_reach = static_cast<uint8_t>(m_reach << 1);
    }

    /// A packet passed the on-wire and authentication tests.
    void MarkReached()
    {
        m_reach |= 1;
    }

    /// The poll the peer advertised in its last valid packet.
    void SetPeerPoll(int peerPoll);

    /**
     * A RATE kiss-o'-death asked for `requestedPoll` (ntpd receive()): minpoll
     * rises to it for good (up to MAXPOLL), the host poll follows, a burst
     * stops, and the next packet waits for the headway the kiss charges:
     * RateKissHoldoff() seconds.
     */
    void OnRateKiss(int requestedPoll, const Parameters& parameters);

    /// The earliest next packet after a RATE kiss, in seconds from the kiss:
    /// ntpd's throttle is then (NTP_SHIFT + 1) * 2^minpoll, and poll_update()
    /// lets NTP_SHIFT - 1 polls of it pass at once.
    double RateKissHoldoff(const Parameters& parameters) const;

    /// The system poll changed at a clock update (ntpd poll_update of the system peer).
    void SetHostPoll(int poll);

    /**
     * Seconds from the last transmission to the next one; `uniform` in
     * [0, 1) draws the jitter.
     */
    double NextInterval(double uniform, const Parameters& parameters) const;

    /// Poll exponent advertised on the wire (ntpd: hpoll).
    int WirePoll() const
    {
        return m_hostPoll;
    }

    /// Exponent of the interval between transmissions now.
    int IntervalPoll() const;

    uint8_t Reach() const
    {
        return m_reach;
    }

    int HostPoll() const
    {
        return m_hostPoll;
    }

    int PeerPoll() const
    {
        return m_peerPoll;
    }

    int Unreach() const
    {
        return m_unreach;
    }

    bool InBurst() const
    {
        return m_burst > 0;
    }

    const PollOptions& Options() const
    {
        return m_options;
    }

    /// ntpd peer_clear(): reach and counters cleared, hpoll = minpoll, ppoll = maxpoll.
    void Clear();

  private:
    PollOptions m_options;
    uint8_t m_reach{0};
    int m_unreach{0};
    int m_hostPoll{6};
    int m_peerPoll{10};
    int m_burst{0}; ///< packets left in the current burst
};

} // namespace ntp

#endif // NTP_CORE_POLL_H
