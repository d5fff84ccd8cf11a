/*
 * The poll process of one association (RFC 5905 section 13, appendix A.5.7):
 * the reach register, the unreach counter with back-off and demobilization,
 * the poll exponent, poll jitter and bursts.
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
    bool shiftDummySample{false}; ///< three polls without a valid packet
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

    /// A packet passed the on-wire and authentication tests.
    void MarkReached()
    {
        m_reach |= 1;
    }

    /// The peer's poll from its last packet (symmetric modes poll at the lesser).
    void SetPeerPoll(int peerPoll)
    {
        m_peerPoll = peerPoll;
    }

    /// Seconds to the next transmission; `uniform` in [0, 1) draws the jitter.
    double NextInterval(double uniform, bool symmetric, const Parameters& parameters) const;

    /// Poll exponent on the wire: host poll, lowered to the peer's in symmetric modes.
    int EffectivePoll(bool symmetric) const;

    uint8_t Reach() const
    {
        return m_reach;
    }

    int HostPoll() const
    {
        return m_hostPoll;
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

    /// After a clock step or association reset: back to minpoll, register kept.
    void ResetPoll()
    {
        m_hostPoll = m_options.minpoll;
        m_burst = 0;
    }

  private:
    PollOptions m_options;
    uint8_t m_reach{0};
    int m_unreach{0};
    int m_hostPoll{6};
    int m_peerPoll{17};
    int m_burst{0}; ///< packets left in the current burst
};

} // namespace ntp

#endif // NTP_CORE_POLL_H
