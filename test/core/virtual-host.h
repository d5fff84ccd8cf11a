/*
 * A tiny deterministic host for the core's tests: an event loop in "true"
 * seconds, clocks with a frequency error and closed-form steering, a network
 * of point-to-point delays, seeded randomness. It exercises the engine through
 * exactly the interfaces a real host implements, without ns-3.
 */
#ifndef NTP_TEST_VIRTUAL_HOST_H
#define NTP_TEST_VIRTUAL_HOST_H

#include "ntp-engine.h"
#include "ntp-random.h"
#include "ntp-steering.h"

#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ntp::test
{

class EventLoop
{
  public:
    double Now() const
    {
        return m_now;
    }

    uint64_t Schedule(double delay, std::function<void()> callback);
    void Cancel(uint64_t id);
    /// Runs events until `time` (true seconds), then sets the time to it.
    void RunUntil(double time);

  private:
    struct Event
    {
        double time;
        uint64_t id;
        bool operator>(const Event& other) const
        {
            return time != other.time ? time > other.time : id > other.id;
        }
    };

    double m_now{0};
    uint64_t m_nextId{1};
    std::priority_queue<Event, std::vector<Event>, std::greater<Event>> m_queue;
    std::map<uint64_t, std::function<void()>> m_callbacks;
};

/**
 * local(t) = epoch + t + initialOffset + oscillator phase(t) + corrections(t):
 * a constant (changeable) frequency error, and the core's corrections in
 * closed form through ntp::ClockSteering, as every host applies them.
 */
class VirtualClock : public Clock
{
  public:
    VirtualClock(EventLoop& loop, double initialOffset, double frequencyError);

    Timestamp Now() override;
    void Step(double offset) override;
    void Slew(SlewChannel channel, const PhaseSlew& slew) override;
    void SetFrequency(double frequency, double delay) override;

    /// Changes the oscillator's own frequency error from now on (a temperature jump).
    void SetFrequencyError(double frequencyError);

    /// local - true, in seconds, now.
    double TrueOffset() const;

    double FrequencyCorrection() const
    {
        return m_steering.Frequency();
    }

    static Timestamp Epoch();

    /// Steps, slews and frequency changes the engine asked for so far.
    uint64_t commands{0};

  private:
    double OscillatorPhase(double t) const;
    double LocalSeconds(double trueTime) const; ///< seconds since Epoch()

    EventLoop& m_loop;
    double m_initialOffset;
    double m_frequencyError;
    double m_phaseBase{0};     ///< oscillator phase at m_phaseBaseTime
    double m_phaseBaseTime{0}; ///< true time of the last frequency-error change
    ClockSteering m_steering;
};

class VirtualTimer : public Timer
{
  public:
    explicit VirtualTimer(EventLoop& loop) : m_loop(loop) {}

    Id Schedule(double delay, std::function<void()> callback) override
    {
        return m_loop.Schedule(delay, std::move(callback));
    }

    void Cancel(Id id) override
    {
        m_loop.Cancel(id);
    }

  private:
    EventLoop& m_loop;
};

/// Counts every observer event so tests can assert on them.
class RecordingObserver : public Observer
{
  public:
    void OnRefused(const Endpoint& from, const Association* association, RefuseReason reason,
                   const std::string& detail) override;
    void OnClockUpdate(const ClockUpdateEvent& update) override;
    void OnStep(double offset) override;
    void OnPollChange(const Association* association, int oldPoll, int newPoll) override;
    void OnMobilize(const Association& association) override;
    void OnDemobilize(const Association& association, const std::string& why) override;
    void OnClockStateChange(ClockState from, ClockState to) override;

    std::map<RefuseReason, int> refused;
    std::vector<ClockUpdateEvent> updates;
    std::vector<double> steps;
    std::vector<int> systemPolls;
    int mobilized{0};
    int demobilized{0};
    std::vector<ClockState> states;
};

class VirtualNetwork;

/// A node's view of the network: fills in its own address as the source
/// when the engine leaves it unspecified (as an OS routing lookup would).
class NodeTransport : public Transport
{
  public:
    NodeTransport(VirtualNetwork& network, const IpAddress& address) :
        m_network(network), m_address(address)
    {
    }

    void Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes) override;

  private:
    VirtualNetwork& m_network;
    IpAddress m_address;
};

/// One node: clock, timer, randomness, observer, engine, and its address.
struct VirtualNode
{
    VirtualNode(EventLoop& loop, VirtualNetwork& network, const std::string& address,
                double initialOffset, double frequencyError, const Parameters& parameters,
                uint64_t seed);

    IpAddress address;
    NodeTransport transport;
    VirtualClock clock;
    VirtualTimer timer;
    SeededRandom random;
    RecordingObserver observer;
    std::unique_ptr<Engine> engine;
};

/**
 * Delivers datagrams between nodes after a per-direction delay. Packets sent
 * from an address no node owns are still delivered (source spoofing and
 * source-interface cases); packets to an unknown address are lost.
 */
class VirtualNetwork
{
  public:
    explicit VirtualNetwork(EventLoop& loop, uint64_t seed = 1) : m_loop(loop), m_random(seed) {}

    void Attach(VirtualNode& node, const IpAddress& address);
    /// Adds another address owned by `node` (a second interface).
    void AddAlias(VirtualNode& node, const IpAddress& address)
    {
        Attach(node, address);
    }

    void SetDelay(const std::string& from, const std::string& to, double delay, double jitter = 0);

    void SetLoss(double probability)
    {
        m_loss = probability;
    }

    /// Drops everything between two addresses, both ways (a failed link).
    void SetLinkDown(const std::string& a, const std::string& b, bool down);

    void Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes);

    /// Every datagram sent, for inspection.
    struct Record
    {
        double time;
        Endpoint from;
        Endpoint to;
        std::vector<uint8_t> bytes;
    };

    std::vector<Record> sent;

    /// Delivers raw bytes to a node immediately (hostile-packet tests).
    void Inject(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes);

  private:
    EventLoop& m_loop;
    SeededRandom m_random;
    std::map<IpAddress, VirtualNode*> m_nodes;
    std::map<std::pair<IpAddress, IpAddress>, std::pair<double, double>> m_delays;
    double m_loss{0};
    std::set<std::pair<IpAddress, IpAddress>> m_down;
};

/// Parses an address literal the tests know to be valid.
IpAddress Ip(const std::string& text);

} // namespace ntp::test

#endif // NTP_TEST_VIRTUAL_HOST_H
