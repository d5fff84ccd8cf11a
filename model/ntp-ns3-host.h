/*
 * The ns-3 side of the protocol core's host interfaces (ntp-host.h): the
 * node's NtpClock as the core's Clock, the simulator as its Timer, an ns-3
 * random stream as its Random. Sockets (Transport) and traces (Observer)
 * live in NtpService, which owns them.
 */
#ifndef NTP_NS3_HOST_H
#define NTP_NS3_HOST_H

#include "ns3/event-id.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/rng-stream.h"
#include "ntp-clock.h"
#include "ntp-host.h"

#include <vector>

namespace ns3
{

/// The core reads and steers the node's clock through this.
class NtpCoreClock : public ntp::Clock
{
  public:
    explicit NtpCoreClock(Ptr<NtpClock> clock);

    ntp::Timestamp Now() override;
    void Step(double offset) override;
    void Slew(ntp::SlewChannel channel, const ntp::PhaseSlew& slew) override;
    void SetFrequency(double frequency, double delay) override;

  private:
    Ptr<NtpClock> m_clock;
    ntp::Timestamp m_epoch;
};

/// Core timers as simulator events (delays in simulator seconds). Pending
/// timers live in reusable slots: an id is a slot and that slot's use count,
/// so a stale id (fired or cancelled) never touches a newer timer, and
/// arming a timer allocates nothing beyond the simulator's event.
class NtpCoreTimer : public ntp::Timer
{
  public:
    ~NtpCoreTimer() override;

    Id Schedule(double delay, std::function<void()> callback) override;
    void Cancel(Id id) override;
    void CancelAll();

  private:
    /// One cache line each: a firing timer reads its slot's state and its
    /// callback, and at 10^4 routers and more that line is cold.
    struct alignas(64) Slot
    {
        uint32_t uses{0}; ///< bumped when the slot is freed
        bool pending{false};
        std::function<void()> callback;
        EventId event;
    };

    void Fire(uint32_t slot, uint32_t uses);
    /// The slot of a pending timer `id`, or null.
    Slot* Find(Id id);
    void Free(uint32_t slot);

    std::vector<Slot> m_slots;
    std::vector<uint32_t> m_free;
};

class NtpCoreRandom : public ntp::Random
{
  public:
    NtpCoreRandom();
    double Uniform() override;
    int64_t AssignStreams(int64_t stream);

  private:
    RngStream m_stream;
};

} // namespace ns3

#endif // NTP_NS3_HOST_H
