/*
 * The NTP engine of one node: packet dispatch (RFC 5905 section 9 table),
 * the association table with mobilization and demobilization, and the system
 * process (section 11: selection, clustering, combining, clock update;
 * ntp-system.cc).
 *
 * Everything it needs from its host comes through the interfaces in
 * ntp-host.h. It is single-threaded: hosts call Receive() and run timer
 * callbacks from one thread.
 */
#ifndef NTP_CORE_ENGINE_H
#define NTP_CORE_ENGINE_H

#include "ntp-auth.h"
#include "ntp-discipline.h"
#include "ntp-flat-map.h"
#include "ntp-host.h"
#include "ntp-parameters.h"
#include "ntp-peer.h"
#include "ntp-select.h"

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace ntp
{

struct HostInterfaces
{
    Clock* clock{nullptr};
    Transport* transport{nullptr};
    Timer* timer{nullptr};
    Random* random{nullptr};
    Observer* observer{nullptr}; ///< optional
};

/// System variables (RFC 5905 figure 13).
struct SystemVariables
{
    Leap leap{Leap::Unsynchronized};
    int stratum{kMaxStratum};
    int poll{6};
    double rootDelay{0};
    double rootDispersion{0};
    uint32_t refid{0};
    Timestamp referenceTime;
    double offset{0};
    double jitter{0};
    std::optional<uint32_t> systemPeer;
    std::optional<Timestamp> lastUpdate; ///< time of the sample behind the last clock update
};

struct EngineCounters
{
    uint64_t received{0};
    uint64_t sent{0};
    uint64_t mobilized{0};
    uint64_t demobilized{0};
    uint64_t steps{0};
    uint64_t authFailures{0};
    uint64_t accepted{0};         ///< packets that passed every test of their association
    uint64_t statelessReplies{0}; ///< symmetric-active packets answered without an association
    uint64_t clientsServed{0};    ///< mode-3 requests answered
    uint64_t evicted{0}; ///< unauthenticated passive associations evicted for authenticated ones
    FlatMap<RefuseReason, uint64_t> refused;

    /// Every received datagram ends in exactly one outcome.
    uint64_t Outcomes() const;
};

class Engine
{
  public:
    Engine(const Parameters& parameters, const HostInterfaces& host);
    ~Engine();

    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// The key store; keys may be added at any time.
    KeyStore& Keys()
    {
        return m_keys;
    }

    const KeyStore& Keys() const
    {
        return m_keys;
    }

    const Parameters& GetParameters() const
    {
        return m_parameters;
    }

    /// What a router may change while its NTP process runs (a "commit"): the
    /// global source addresses and whether unauthenticated packets are
    /// discarded. Validated first; on error nothing changes.
    Error Reconfigure(const std::vector<SourceAddress>& sourceAddresses,
                      bool discardUnauthenticated);

    /// What the clock select process makes of the associations at `now`,
    /// without changing anything (displays use it): which pass the fitness
    /// tests (RFC 5905 fit(), the local reference included), and the
    /// selection and clustering result over the fit network peers.
    struct SelectionView
    {
        std::vector<uint32_t> fit;
        SelectionResult result;
    };

    SelectionView ViewSelection(Timestamp now) const;

    /// Validates and adds a persistent association; on error nothing changes.
    Error AddAssociation(const AssociationConfig& config, uint32_t* id = nullptr);

    /// Removes an association by id; false if unknown.
    bool RemoveAssociation(uint32_t id);

    /// Starts the poll timers of every association (and those added later).
    void Start();

    /// Cancels every timer; Receive() still answers but nothing is polled.
    void Stop();

    /// A datagram arrived from `from` on local address/port `to` at local time `received`.
    void Receive(const uint8_t* data, size_t length, const Endpoint& from, const Endpoint& to,
                 Timestamp received);

    const SystemVariables& System() const
    {
        return m_system;
    }

    const Discipline& GetDiscipline() const
    {
        return m_discipline;
    }

    const EngineCounters& Counters() const
    {
        return m_counters;
    }

    /// Associations in id order.
    std::vector<const Association*> Associations() const;

    const Association* FindAssociation(uint32_t id) const;

    /// True when the system peer is set and the discipline is in SYNC state.
    bool IsSynchronized() const;

  private:
    Association* Match(const Endpoint& from, const IpAddress& localAddress);
    uint32_t Mobilize(const AssociationConfig& config, bool ephemeral);
    void Demobilize(uint32_t id, const std::string& why);
    void SchedulePoll(Association& association, double delay);
    /// A RATE kiss raised the association's minpoll: the next poll waits.
    void RescheduleAfterRateKiss(Association& association);
    /// Seconds from now to the association's next poll as its interval stands.
    double SecondsUntilDue(const Association& association);
    void ScheduleFirstPoll(Association& association, int startupIndex);
    void Reschedule(Association& association);
    void OnPollTimer(uint32_t id);
    void PollLocalReference(Association& association);
    void Transmit(Association& association);

    AuthCheck Authenticate(const Packet& packet, const uint8_t* data) const;
    void HandleUnknownActive(const Packet& packet, const AuthCheck& auth, const Endpoint& from,
                             const Endpoint& to, Timestamp received);
    void ServeClient(const Packet& packet, const AuthCheck& auth, const Endpoint& from,
                     const Endpoint& to, Timestamp received);
    void ReplyStatelessly(const Packet& request, Mode mode, const AuthCheck& auth, bool cryptoNak,
                          const Endpoint& from, const Endpoint& to, Timestamp received);
    void HandlePassiveConflict(Association& association, const Packet& packet,
                               const AuthCheck& auth, const Endpoint& from);
    bool MakeRoomForAuthenticatedPeer();
    void ProcessOnAssociation(Association& association, const Packet& packet, const AuthCheck& auth,
                              const Endpoint& from, const Endpoint& to, Timestamp received);
    void AcceptSample(Association& association, const FilterSample& sample);

    bool IsFit(const Association& association, Timestamp now) const;
    /// The fit network peers as selection candidates; `local` gets the fit
    /// local reference, `fit` every fit id.
    std::vector<Candidate> FitCandidates(Timestamp now, const Association** local,
                                         std::vector<uint32_t>* fit) const;
    SelectSettings SelectionSettings() const;
    const Association* LocalReference() const;
    void SelectAndUpdate();
    void UpdateClock(Association& systemPeer, double offset, double selectionJitter);
    void SetSystemVariables(const Association& peer, double offset, double selectionJitter);
    void ApplyClockCommands();
    void ScheduleClampExpiry();
    void ClearAfterStep(double offset);
    void SetSystemPeer(std::optional<uint32_t> id);

    Header SystemHeader(Timestamp now) const;
    /// Appends key id `keyId` and the MAC of `bytes` under its key.
    void Sign(std::vector<uint8_t>& bytes, uint32_t keyId, const KeyedMac& mac,
              uint8_t version) const;
    Timestamp TransmitTime();
    /// The source address of a packet to `destination`: the configured one,
    /// else the global source address of the destination's instance and
    /// address family, else `fallback`.
    IpAddress SourceFor(const IpAddress& configured, const IpAddress& fallback,
                        const Endpoint& destination) const;
    /// The global source address ("source-interface") of an instance and
    /// address family, if set.
    const IpAddress* InstanceSource(uint32_t instance, IpAddress::Family family) const;
    void Send(const Endpoint& from, const Endpoint& to, const std::vector<uint8_t>& bytes);
    void Refuse(const Endpoint& from, const Association* association, RefuseReason reason,
                const std::string& detail = {});

    Parameters m_parameters;
    HostInterfaces m_host;
    Observer m_nullObserver;
    Observer* m_observer;
    KeyStore m_keys;
    Discipline m_discipline;
    SystemVariables m_system;
    EngineCounters m_counters;
    FlatMap<uint32_t, std::unique_ptr<Association>> m_associations;
    /// Network associations by remote endpoint (Match), ids in mobilization order.
    FlatMap<Endpoint, uint32_t, true> m_byRemote;
    /// The local reference association, if any (there is at most one).
    const Association* m_localReference{nullptr};
    uint32_t m_nextId{1};
    size_t m_passiveCount{0};
    bool m_running{false};
    Timestamp m_startTime;     ///< local time of Start(): the local reference waits from here
    Timer::Id m_clampTimer{0}; ///< end of the discipline's startup clamp
    /// Every outgoing packet is encoded here: one allocation per engine, not
    /// one per packet (the transport copies what it sends).
    std::vector<uint8_t> m_sendBuffer;
};

} // namespace ntp

#endif // NTP_CORE_ENGINE_H
