#include "event-loop.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <ctime>
#include <poll.h>

namespace ntp::wire
{

namespace
{

volatile std::sig_atomic_t g_signalled = 0;

void
OnSignal(int)
{
    g_signalled = 1;
}

// Upper bound of one poll(2) wait: a signal that lands between the flag check
// and poll() is then noticed within this time at the latest.
constexpr double kMaxWait = 0.25;

} // namespace

void
EventLoop::InstallSignalHandlers()
{
    struct sigaction action
    {
    };
    action.sa_handler = OnSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: poll() returns EINTR at once
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

EventLoop::EventLoop() : m_start(MonotonicNow()) {}

double
EventLoop::MonotonicNow() const
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double
EventLoop::Elapsed() const
{
    return MonotonicNow() - m_start;
}

Timer::Id
EventLoop::Schedule(double delay, std::function<void()> callback)
{
    const Id id = m_nextId++;
    const double deadline = MonotonicNow() + (std::isfinite(delay) ? std::max(0.0, delay) : 0.0);
    m_pending.emplace(id, Pending{deadline, std::move(callback)});
    m_queue.emplace(deadline, id);
    return id;
}

void
EventLoop::Cancel(Id id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
    {
        return;
    }
    m_queue.erase({it->second.deadline, id});
    m_pending.erase(it);
}

void
EventLoop::Watch(int fd, std::function<void()> onReadable)
{
    m_watched.emplace_back(fd, std::move(onReadable));
}

void
EventLoop::FireDueTimers()
{
    const double now = MonotonicNow();
    // Only timers due now: a callback that schedules a zero-delay timer
    // cannot keep this loop from returning to poll().
    std::vector<Id> due;
    for (const auto& [deadline, id] : m_queue)
    {
        if (deadline > now)
        {
            break;
        }
        due.push_back(id);
    }
    for (Id id : due)
    {
        auto it = m_pending.find(id);
        if (it == m_pending.end())
        {
            continue; // cancelled by an earlier callback
        }
        std::function<void()> callback = std::move(it->second.callback);
        m_queue.erase({it->second.deadline, id});
        m_pending.erase(it);
        callback();
    }
}

bool
EventLoop::Run(double seconds)
{
    m_stop = false;
    m_interrupted = false;
    const double end = seconds > 0 ? MonotonicNow() + seconds : 0;
    std::vector<pollfd> fds;
    while (!m_stop)
    {
        if (g_signalled)
        {
            g_signalled = 0;
            m_interrupted = true;
            break;
        }
        const double now = MonotonicNow();
        if (end > 0 && now >= end)
        {
            break;
        }
        double wait = kMaxWait;
        if (!m_queue.empty())
        {
            wait = std::min(wait, m_queue.begin()->first - now);
        }
        if (end > 0)
        {
            wait = std::min(wait, end - now);
        }
        fds.clear();
        for (const auto& [fd, callback] : m_watched)
        {
            fds.push_back(pollfd{fd, POLLIN, 0});
        }
        const int timeoutMs = static_cast<int>(std::ceil(std::max(0.0, wait) * 1000.0));
        const int ready = poll(fds.data(), fds.size(), timeoutMs);
        if (ready < 0 && errno != EINTR)
        {
            return false;
        }
        if (ready > 0)
        {
            for (size_t i = 0; i < fds.size(); ++i)
            {
                if (fds[i].revents & (POLLIN | POLLERR))
                {
                    m_watched[i].second();
                }
            }
        }
        FireDueTimers();
    }
    return true;
}

} // namespace ntp::wire
