#include "ntp-poll.h"

#include <algorithm>
#include <cmath>

namespace ntp
{

int
ClampPoll(int poll, int minpoll, int maxpoll)
{
    return std::max(minpoll, std::min(poll, maxpoll));
}

PollProcess::PollProcess(const PollOptions& options) : m_options(options)
{
    Clear();
}

void
PollProcess::Clear()
{
    m_reach = 0;
    m_unreach = 0;
    m_burst = 0;
    m_hostPoll = m_options.minpoll;
    m_peerPoll = m_options.maxpoll;
}

void
PollProcess::SetPeerPoll(int peerPoll)
{
    m_peerPoll = std::max(m_options.minpoll, peerPoll);
}

void
PollProcess::OnRateKiss(int requestedPoll, const Parameters& parameters)
{
    const int poll = std::min(requestedPoll, parameters.maximumPoll);
    if (poll > m_options.minpoll)
    {
        m_options.minpoll = poll;
    }
    m_peerPoll = std::max(m_options.minpoll, m_peerPoll);
    m_burst = 0;
    // ntpd poll_update(): max(min(maxpoll, poll), minpoll); minpoll wins
    // when the kiss pushed it past maxpoll.
    m_hostPoll = std::max(std::min(m_options.maxpoll, poll), m_options.minpoll);
}

double
PollProcess::RateKissHoldoff(const Parameters& parameters) const
{
    constexpr int kShift = 8; // NTP_SHIFT, the clock filter's length
    const double poll = std::ldexp(1.0, m_options.minpoll);
    return std::max((kShift + 1) * poll - (kShift - 1) * poll, parameters.minPacketInterval);
}

void
PollProcess::SetHostPoll(int poll)
{
    m_hostPoll = ClampPoll(poll, m_options.minpoll, m_options.maxpoll);
}

PollDecision
PollProcess::OnTimer(int systemPoll, bool fit, const Parameters& parameters)
{
    PollDecision decision;
    if (m_burst > 0)
    {
        // Inside a burst the register was already shifted by its first packet.
        --m_burst;
        return decision;
    }
    const uint8_t before = m_reach;
    m_reach = static_cast<uint8_t>(m_reach << 1);
    ++m_unreach;
    if (m_reach == 0)
    {
        // Nothing heard for eight polls: the filter gets an
        // infinite-dispersion sample every poll from now on.
        decision.shiftDummySample = true;
        decision.becameUnreachable = before != 0;
        if (m_options.iburst && m_unreach == 1)
        {
            // iburst: at start and whenever the peer was just lost.
            m_burst = parameters.burstCount - 1;
        }
    }
    else
    {
        m_unreach = 0;
        m_hostPoll = ClampPoll(systemPoll, m_options.minpoll, m_options.maxpoll);
        if (m_options.burst && fit)
        {
            m_burst = parameters.burstCount - 1;
        }
    }
    if (m_unreach >= parameters.unreachLimit)
    {
        if (m_options.demobilizable)
        {
            decision.demobilize = true;
        }
        else
        {
            // Persistent association: back off toward maxpoll, keep trying.
            m_hostPoll = std::min(m_hostPoll + 1, m_options.maxpoll);
        }
    }
    return decision;
}

int
PollProcess::IntervalPoll() const
{
    // Oversampling is fine, undersampling is not: poll at the faster of the
    // two ends while the peer is heard, at our own rate while it is not.
    if (m_reach == 0)
    {
        return m_hostPoll;
    }
    return std::min(m_peerPoll, m_hostPoll);
}

double
PollProcess::NextInterval(double uniform, const Parameters& parameters) const
{
    if (m_burst > 0)
    {
        return parameters.burstInterval;
    }
    // ntpd: ((0x1000 | r) << poll) >> 12 with r a random byte, in whole
    // seconds; pollJitter scales the byte's range (255/4096 in ntpd).
    const double base = std::ldexp(1.0, IntervalPoll());
    const double stretch = std::floor(uniform * 256.0) / 255.0 * parameters.pollJitter;
    double interval = base * (1.0 + stretch);
    if (base >= 1)
    {
        interval = std::floor(interval);
    }
    return std::max(interval, parameters.minPacketInterval);
}

} // namespace ntp
