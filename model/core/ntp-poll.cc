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

PollProcess::PollProcess(const PollOptions& options) :
    m_options(options), m_hostPoll(options.minpoll), m_peerPoll(options.maxpoll)
{
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
    if ((m_reach & 0x07) == 0)
    {
        decision.shiftDummySample = true;
    }
    if (m_reach == 0)
    {
        decision.becameUnreachable = before != 0;
        if (m_options.iburst && m_unreach == 0)
        {
            m_burst = parameters.burstCount - 1;
        }
        if (m_unreach < parameters.unreachLimit)
        {
            ++m_unreach;
        }
        else if (m_options.demobilizable)
        {
            decision.demobilize = true;
        }
        else
        {
            // Persistent association: back off toward maxpoll, keep trying.
            m_hostPoll = std::min(m_hostPoll + 1, m_options.maxpoll);
        }
        return decision;
    }
    m_unreach = 0;
    m_hostPoll = ClampPoll(systemPoll, m_options.minpoll, m_options.maxpoll);
    if (m_options.burst && fit)
    {
        m_burst = parameters.burstCount - 1;
    }
    return decision;
}

int
PollProcess::EffectivePoll(bool symmetric) const
{
    if (!symmetric)
    {
        return m_hostPoll;
    }
    return ClampPoll(std::min(m_hostPoll, m_peerPoll), m_options.minpoll, m_options.maxpoll);
}

double
PollProcess::NextInterval(double uniform, bool symmetric, const Parameters& parameters) const
{
    if (m_burst > 0)
    {
        return parameters.burstInterval;
    }
    const double base = std::ldexp(1.0, EffectivePoll(symmetric));
    const double interval = base * (1.0 + parameters.pollJitter * uniform);
    return std::max(interval, parameters.minPacketInterval);
}

} // namespace ntp
