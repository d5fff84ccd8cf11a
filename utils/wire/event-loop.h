/*
 * A single-threaded event loop: the core's Timer (on CLOCK_MONOTONIC, so
 * neither the host clock nor the disciplined clock moves the timers), file
 * descriptors watched with poll(2), and SIGINT/SIGTERM to stop early.
 */
#ifndef NTP_WIRE_EVENT_LOOP_H
#define NTP_WIRE_EVENT_LOOP_H

#include "ntp-host.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace ntp::wire
{

class EventLoop : public Timer
{
  public:
    EventLoop();

    Id Schedule(double delay, std::function<void()> callback) override;
    void Cancel(Id id) override;

    /// Calls `onReadable` whenever `fd` has data.
    void Watch(int fd, std::function<void()> onReadable);

    /**
     * Runs until `seconds` have passed (0: no limit), Stop() is called or
     * SIGINT/SIGTERM arrives. Returns false on a poll(2) failure.
     */
    bool Run(double seconds);

    void Stop()
    {
        m_stop = true;
    }

    /// Seconds since the loop was created (monotonic).
    double Elapsed() const;

    /// True if the last Run() ended on a signal.
    bool Interrupted() const
    {
        return m_interrupted;
    }

    /// Makes SIGINT/SIGTERM end Run() instead of the process.
    static void InstallSignalHandlers();

  private:
    double MonotonicNow() const;
    void FireDueTimers();

    struct Pending
    {
        double deadline;
        std::function<void()> callback;
    };

    double m_start;
    Id m_nextId{1};
    std::map<Id, Pending> m_pending;
    std::set<std::pair<double, Id>> m_queue; ///< (deadline, id), earliest first
    std::vector<std::pair<int, std::function<void()>>> m_watched;
    bool m_stop{false};
    bool m_interrupted{false};
};

} // namespace ntp::wire

#endif // NTP_WIRE_EVENT_LOOP_H
