/*
 * The tool's Observer: counts what the summary reports (passive
 * mobilizations, first clock update, first synchronization) and, with
 * --verbose, traces each event on stderr with the seconds since start.
 */
#ifndef NTP_WIRE_REPORTER_H
#define NTP_WIRE_REPORTER_H

#include "event-loop.h"
#include "ntp-engine.h"

#include <functional>
#include <optional>
#include <ostream>
#include <string>

namespace ntp::wire
{

/// What we last knew of an association, kept after it is demobilized.
struct AssociationSnapshot
{
    uint32_t id{0};
    std::string mode;
    Endpoint remote;
    uint32_t keyId{0};
    int stratum{16};
    uint8_t reach{0};
    int poll{0};
    std::optional<double> offset;
    std::optional<double> delay;
    std::optional<double> jitter;
    bool demobilized{false};
    std::string demobilizedWhy;
};

AssociationSnapshot Snapshot(const Association& association);

class Reporter : public Observer
{
  public:
    Reporter(const EventLoop& loop, std::ostream& trace, bool verbose);

    /// The engine whose state OnClockUpdate() reads to notice synchronization.
    void SetEngine(const Engine* engine)
    {
        m_engine = engine;
    }

    /// Called once, when the engine first reports itself synchronized.
    void SetOnSync(std::function<void()> onSync)
    {
        m_onSync = std::move(onSync);
    }

    void OnRefused(const Endpoint& from, const Association* association, RefuseReason reason,
                   const std::string& detail) override;
    void OnSample(const Association& association, double offset, double delay,
                  double dispersion) override;
    void OnPeerUpdate(const Association& association) override;
    void OnClockUpdate(const ClockUpdateEvent& update) override;
    void OnClockStateChange(ClockState from, ClockState to) override;
    void OnStep(double offset) override;
    void OnPanic(double offset) override;
    void OnPollChange(const Association* association, int oldPoll, int newPoll) override;
    void OnReachChange(const Association& association, uint8_t reach) override;
    void OnMobilize(const Association& association) override;
    void OnDemobilize(const Association& association, const std::string& why) override;
    void OnSystemPeerChange(const Association* association) override;

    /// Prints a line on the trace stream when verbose (also used by the session).
    void Trace(const std::string& text) const;

    uint64_t PassiveMobilized() const
    {
        return m_passiveMobilized;
    }

    uint64_t PassiveDemobilized() const
    {
        return m_passiveDemobilized;
    }

    std::optional<double> TimeToFirstUpdate() const
    {
        return m_firstUpdate;
    }

    std::optional<double> TimeToSync() const
    {
        return m_firstSync;
    }

    /// Last known state of every association seen, in id order.
    const std::map<uint32_t, AssociationSnapshot>& Snapshots() const
    {
        return m_snapshots;
    }

    /// Refreshes the snapshots of the associations still mobilized.
    void Refresh(const Engine& engine);

  private:
    void Remember(const Association& association);

    const EventLoop& m_loop;
    std::ostream& m_trace;
    bool m_verbose;
    const Engine* m_engine{nullptr};
    std::function<void()> m_onSync;
    uint64_t m_passiveMobilized{0};
    uint64_t m_passiveDemobilized{0};
    std::optional<double> m_firstUpdate;
    std::optional<double> m_firstSync;
    std::map<uint32_t, AssociationSnapshot> m_snapshots;
};

} // namespace ntp::wire

#endif // NTP_WIRE_REPORTER_H
