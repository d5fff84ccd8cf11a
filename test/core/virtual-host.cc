#include "virtual-host.h"

#include <cmath>
#include <stdexcept>

namespace ntp::test
{

uint64_t
EventLoop::Schedule(double delay, std::function<void()> callback)
{
    const uint64_t id = m_nextId++;
    m_queue.push(Event{m_now + std::max(0.0, delay), id});
    m_callbacks.emplace(id, std::move(callback));
    return id;
}

void
EventLoop::Cancel(uint64_t id)
{
    m_callbacks.erase(id);
}

void
EventLoop::RunUntil(double time)
{
    while (!m_queue.empty() && m_queue.top().time <= time)
    {
        const Event event = m_queue.top();
        m_queue.pop();
        auto it = m_callbacks.find(event.id);
        if (it == m_callbacks.end())
        {
            continue; // cancelled
        }
        std::function<void()> callback = std::move(it->second);
        m_callbacks.erase(it);
        m_now = event.time;
        callback();
    }
    m_now = time;
}

VirtualClock::VirtualClock(EventLoop& loop, double initialOffset, double frequencyError) :
    m_loop(loop),
    m_initialOffset(initialOffset),
    m_frequencyError(frequencyError),
    m_phaseBaseTime(loop.Now())
{
}

Timestamp
VirtualClock::Epoch()
{
    // 2026-01-01T00:00:00Z: far from an era boundary, so the tests exercise
    // ordinary 32-bit seconds; the era tests live in time-test.cc.
    return Timestamp::FromUnix(1767225600, 0);
}

double
VirtualClock::OscillatorPhase(double t) const
{
    return m_phaseBase + m_frequencyError * (t - m_phaseBaseTime);
}

double
VirtualClock::LocalSeconds(double trueTime) const
{
    return trueTime + m_initialOffset + OscillatorPhase(trueTime) + m_steering.Correction(trueTime);
}

void
VirtualClock::SetFrequencyError(double frequencyError)
{
    const double now = m_loop.Now();
    m_phaseBase = OscillatorPhase(now);
    m_phaseBaseTime = now;
    m_frequencyError = frequencyError;
}

Timestamp
VirtualClock::Now()
{
    return Epoch() + LocalSeconds(m_loop.Now());
}

double
VirtualClock::TrueOffset() const
{
    return LocalSeconds(m_loop.Now()) - m_loop.Now();
}

void
VirtualClock::Step(double offset)
{
    ++commands;
    m_steering.Step(m_loop.Now(), offset);
}

void
VirtualClock::Slew(SlewChannel channel, const PhaseSlew& slew)
{
    ++commands;
    m_steering.Slew(m_loop.Now(), channel, slew);
}

void
VirtualClock::SetFrequency(double frequency, double delay)
{
    ++commands;
    m_steering.SetFrequency(m_loop.Now(), frequency, delay);
}

void
RecordingObserver::OnRefused(const Endpoint&, const Association*, RefuseReason reason,
                             const std::string&)
{
    ++refused[reason];
}

void
RecordingObserver::OnClockUpdate(const ClockUpdateEvent& update)
{
    updates.push_back(update);
}

void
RecordingObserver::OnStep(double offset)
{
    steps.push_back(offset);
}

void
RecordingObserver::OnPollChange(const Association* association, int, int newPoll)
{
    if (association == nullptr)
    {
        systemPolls.push_back(newPoll);
    }
}

void
RecordingObserver::OnMobilize(const Association&)
{
    ++mobilized;
}

void
RecordingObserver::OnDemobilize(const Association&, const std::string&)
{
    ++demobilized;
}

void
RecordingObserver::OnClockStateChange(ClockState, ClockState to)
{
    states.push_back(to);
}

void
NodeTransport::Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes)
{
    Endpoint source = from;
    if (source.address.IsUnspecified())
    {
        source.address = m_address;
    }
    m_network.Send(source, to, bytes);
}

VirtualNode::VirtualNode(EventLoop& loop, VirtualNetwork& network, const std::string& addressText,
                         double initialOffset, double frequencyError, const Parameters& parameters,
                         uint64_t seed) :
    address(Ip(addressText)),
    transport(network, address),
    clock(loop, initialOffset, frequencyError),
    timer(loop),
    random(seed)
{
    HostInterfaces host;
    host.clock = &clock;
    host.transport = &transport;
    host.timer = &timer;
    host.random = &random;
    host.observer = &observer;
    engine = std::make_unique<Engine>(parameters, host);
    network.Attach(*this, address);
}

void
VirtualNetwork::Attach(VirtualNode& node, const IpAddress& address)
{
    m_nodes[address] = &node;
}

void
VirtualNetwork::SetDelay(const std::string& from, const std::string& to, double delay,
                         double jitter)
{
    m_delays[{Ip(from), Ip(to)}] = {delay, jitter};
}

void
VirtualNetwork::SetLinkDown(const std::string& a, const std::string& b, bool down)
{
    for (const auto& link : {std::make_pair(Ip(a), Ip(b)), std::make_pair(Ip(b), Ip(a))})
    {
        if (down)
        {
            m_down.insert(link);
        }
        else
        {
            m_down.erase(link);
        }
    }
}

void
VirtualNetwork::Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes)
{
    sent.push_back(Record{m_loop.Now(), from, to, bytes});
    if (m_down.count({from.address, to.address}) != 0)
    {
        return;
    }
    if (m_loss > 0 && m_random.Uniform() < m_loss)
    {
        return;
    }
    auto node = m_nodes.find(to.address);
    if (node == m_nodes.end())
    {
        return;
    }
    double delay = 0.001;
    // Delays are looked up by the sending node's primary address too, so an
    // alias source uses the same link.
    for (const auto& [key, value] : m_delays)
    {
        if (key.second == to.address && (key.first == from.address))
        {
            delay = value.first + value.second * m_random.Uniform();
        }
    }
    VirtualNode* target = node->second;
    m_loop.Schedule(
        delay, [target, from, to, bytes]
        { target->engine->Receive(bytes.data(), bytes.size(), from, to, target->clock.Now()); });
}

void
VirtualNetwork::Inject(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes)
{
    VirtualNode* target = m_nodes.at(to.address);
    target->engine->Receive(bytes.data(), bytes.size(), from, to, target->clock.Now());
}

IpAddress
Ip(const std::string& text)
{
    auto parsed = IpAddress::Parse(text);
    if (!parsed)
    {
        throw std::invalid_argument("bad test address " + text);
    }
    return *parsed;
}

} // namespace ntp::test
