/*
 * The NTP service of a node, as a router runs it: one per node, hosting the
 * protocol core (model/core), owning the UDP sockets on the NTP port of every
 * interface address, answering passive peers and running the configured
 * associations.
 */
#ifndef NTP_SERVICE_H
#define NTP_SERVICE_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ntp-clock.h"
#include "ntp-engine.h"
#include "ntp-ns3-host.h"
#include "ntp-router-config.h"
#include "ntp-socket-set.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class Packet;

/**
 * \ingroup ntp-peer
 * \brief NTP symmetric peer mode on a node (RFC 5905 with router semantics).
 *
 * Configure it like a router: keys (AddKey), unicast peers (AddPeer, IPv4 or
 * IPv6, in the public network or a VPN instance), a local reference stratum
 * (attribute LocalStratum), global source interfaces (attribute
 * SourceInterface for IPv4 in the public network, SetSourceInterface for
 * any family and instance). Every configuration call checks its input as the
 * router does and returns an error message (empty on success); a rejected
 * call changes nothing. Configuration takes effect when the application
 * starts (the router's "commit").
 *
 * The service listens on every address of every interface, in the interface's
 * VPN instance (Ipv4VrfRouting), and answers in the instance a request came
 * in on. A packet it cannot send (no route in the instance, a source
 * interface in another instance or without an address of the family) is
 * counted and fires TxDropped with the reason.
 */
class NtpService : public Application, private ntp::Observer
{
  public:
    /// The range of the Precision attribute (log2 s of a clock reading).
    static constexpr int32_t kMinPrecision = -32;
    static constexpr int32_t kMaxPrecision = 0;

    static TypeId GetTypeId();
    NtpService();
    ~NtpService() override;

    /// Adds an authentication key. Empty on success, else why not.
    std::string AddKey(const NtpKeyConfig& key);

    /// Adds a unicast peer (or server). Empty on success, else why not.
    std::string AddPeer(const NtpPeerOptions& options);

    /// "ntp-service [ipv6] source-interface IF [vpn-instance V]" (replaces the
    /// one of that family and instance). Empty on success, else why not.
    std::string SetSourceInterface(const NtpSourceInterface& source);

    /// The whole configuration as committed (attributes included).
    NtpServiceConfiguration GetConfiguration() const;

    /// Why a configuration would be refused; empty if Commit would take it.
    std::string CheckConfiguration(const NtpServiceConfiguration& config) const;

    /**
     * The router's "commit": checks the whole configuration, then applies it
     * at once, before or while the service runs. A refused configuration
     * changes nothing. Running associations whose statement did not change
     * keep their state; changed ones are replaced. Empty on success.
     */
    std::string Commit(const NtpServiceConfiguration& config);

    /// The VPN instance name of a core instance number ("" public).
    std::string GetInstanceName(uint32_t instance) const;

    /// Who the node is synchronized to, as the router knows it and as it is.
    struct SystemPeerInfo
    {
        Address address;         ///< the system peer's address
        std::string vpnInstance; ///< the instance it is reached in ("" public)
        /// Ground truth: the node whose packets carried that peer's answers
        /// (null if none arrived tagged).
        Ptr<Node> node;
    };

    /// The system peer; nullopt when there is none or it is the local clock.
    std::optional<SystemPeerInfo> GetSystemPeer() const;

    /// Ground truth, cheaply (for per-second sampling): the node behind the
    /// system peer, null if none (or its local reference).
    Ptr<Node> GetSystemPeerNode() const;

    /// Ground truth: the node whose packets answered for a peer (address and
    /// VPN instance); null if none has arrived.
    Ptr<Node> GetPeerNode(const Address& peer, const std::string& vpnInstance) const;

    /// Packets the service could not send, by reason (TxDropped).
    const std::map<std::string, uint64_t>& GetTxDrops() const
    {
        return m_txDrops;
    }

    /// The node's clock (aggregated to the node).
    Ptr<NtpClock> GetClock() const;

    /// The running engine (null before the application starts).
    const ntp::Engine* GetEngine() const
    {
        return m_engine.get();
    }

    /// The node selected a source and its discipline is in SYNC.
    bool IsSynchronized() const;

    /// Ground truth: the clock of the node that owns `address`, if any (the
    /// first one in NodeList order when VPNs reuse the address).
    static Ptr<NtpClock> FindClock(const Address& address);

    int64_t AssignStreams(int64_t stream);

    /// Packets sent and received by this service.
    uint64_t GetPacketsSent() const
    {
        return m_packetsSent;
    }

    uint64_t GetPacketsReceived() const
    {
        return m_packetsReceived;
    }

    /// NtpService objects alive in the process (tests: a finished simulation leaves none).
    static uint64_t GetLiveInstances();

    /// TracedCallback signatures.
    typedef void (*OffsetCallback)(double seconds);
    /// Like a line of ntpd's loopstats: offset (s), frequency (s/s), jitter (s),
    /// wander (s/s), poll exponent.
    typedef void (*LoopStatsCallback)(double offset, double frequency, double jitter, double wander,
                                      int poll);
    /// Per-peer traces name the peer by its address (an Ipv4Address or an
    /// Ipv6Address in an Address) and its VPN instance ("" public).
    typedef void (*PeerUpdateCallback)(const Address& peer, const std::string& vpnInstance,
                                       double offset, double delay, double dispersion,
                                       double jitter);
    typedef void (*PollCallback)(int oldPoll, int newPoll);
    typedef void (*ReachCallback)(const Address& peer, const std::string& vpnInstance,
                                  uint8_t reach);
    typedef void (*StateCallback)(const std::string& oldState, const std::string& newState);
    typedef void (*AssociationCallback)(const Address& peer, const std::string& vpnInstance,
                                        const std::string& what);
    typedef void (*RefusedCallback)(const Address& from, const std::string& vpnInstance,
                                    const std::string& reason);
    typedef void (*SystemPeerCallback)(const Address& peer, const std::string& vpnInstance);
    typedef void (*PacketCallback)(Ptr<const Packet> packet, const Address& address);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    ntp::Parameters MakeParameters() const;
    ntp::Parameters MakeParameters(const NtpServiceConfiguration& config) const;
    std::vector<ntp::SourceAddress> SourceAddressesOf(const NtpServiceConfiguration& config) const;
    NtpRouterPolicy Policy() const;
    NtpRouterPolicy PolicyOf(const NtpServiceConfiguration& config) const;
    void ApplyToEngine(const NtpServiceConfiguration& before, const NtpServiceConfiguration& after);
    ntp::AssociationConfig LocalReferenceAssociation() const;
    /// The peer is this router itself or a broadcast address of its networks.
    std::string OwnAddressProblem(const NtpPeerOptions& peer) const;
    ntp::AssociationConfig ToAssociation(const NtpPeerOptions& options) const;
    /// Every global source interface (the attribute's and SetSourceInterface's).
    std::vector<NtpSourceInterface> SourceInterfaces() const;
    /// The SourceInterface attribute stands as the public IPv4 source interface.
    bool AttributeSourceApplies() const;
    /// The core endpoint of a configured peer.
    ntp::Endpoint PeerEndpoint(const NtpPeerOptions& options) const;
    const NtpPeerOptions* FindPeer(const ntp::Endpoint& remote) const;
    void HandleReceive(Ptr<Packet> packet, const ntp::Endpoint& remote, const ntp::Endpoint& local);
    void SendDatagram(const ntp::Endpoint& from, const ntp::Endpoint& to,
                      const std::vector<uint8_t>& bytes);
    /// Why `packet` to `to` cannot leave from `source` (unspecified: the
    /// route's); empty when it can. Sets `source` to the address to use and
    /// `route` to the route it takes.
    std::string SendProblem(const ntp::Endpoint& to, Ptr<Packet> packet, ntp::IpAddress& source,
                            NtpSocketSet::Route& route) const;
    /// The global source interface of an instance and family (-1: none), as
    /// SourceInterfaces() lists them.
    int32_t GlobalSourceInterface(const std::string& instance, bool ipv6) const;
    /// Why an interface cannot source packets of a family in an instance.
    std::string SourceInterfaceProblem(int32_t interface, const std::string& instance,
                                       bool ipv6) const;
    void DropTx(const ntp::Endpoint& to, const std::string& reason);
    const std::string& InstanceOf(const ntp::Endpoint& endpoint) const
    {
        return m_socketSet.InstanceName(endpoint.instance);
    }

    // ntp::Observer
    void OnRefused(const ntp::Endpoint& from, const ntp::Association* association,
                   ntp::RefuseReason reason, const std::string& detail) override;
    void OnPeerUpdate(const ntp::Association& association) override;
    void OnClockUpdate(const ntp::ClockUpdateEvent& update) override;
    void OnClockStateChange(ntp::ClockState from, ntp::ClockState to) override;
    void OnStep(double offset) override;
    void OnPollChange(const ntp::Association* association, int oldPoll, int newPoll) override;
    void OnReachChange(const ntp::Association& association, uint8_t reach) override;
    void OnMobilize(const ntp::Association& association) override;
    void OnDemobilize(const ntp::Association& association, const std::string& why) override;
    void OnSystemPeerChange(const ntp::Association* association) override;

    /// The core's transport: sends through this service's sockets.
    class CoreTransport : public ntp::Transport
    {
      public:
        explicit CoreTransport(NtpService& service) : m_service(service) {}

        void Send(const ntp::Endpoint& from, const ntp::Endpoint& to,
                  const std::vector<uint8_t>& bytes) override
        {
            m_service.SendDatagram(from, to, bytes);
        }

      private:
        NtpService& m_service;
    };

    // What every packet touches, together: at 10^4 routers and more each
    // service is far out of cache when its next packet comes, and each cache
    // line it reads then costs a miss (see doc, Performance). The engine
    // comes after the host interfaces it holds, so that it goes first.
    std::unique_ptr<NtpCoreClock> m_coreClock;
    NtpCoreTimer m_timer;
    NtpCoreRandom m_random;
    CoreTransport m_transport;
    std::unique_ptr<ntp::Engine> m_engine;
    uint64_t m_packetsSent{0};
    uint64_t m_packetsReceived{0};
    uint32_t m_nodeId{0};               ///< GetNode()->GetId(), kept at start
    int32_t m_sourceInterface;          ///< attribute SourceInterface
    bool m_peerSourceInterfaces{false}; ///< some peer has its own source interface
    std::vector<NtpSourceInterface> m_sourceInterfaces;
    /// Ground truth: the node behind each remote endpoint, from NtpOriginTag.
    ntp::FlatMap<ntp::Endpoint, uint32_t> m_originOf;
    std::vector<uint8_t> m_receiveBuffer;
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace;
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;
    TracedCallback<const Address&, const std::string&, const std::string&> m_refusedTrace;

    // Attributes.
    uint16_t m_port;
    uint32_t m_localStratum;
    bool m_allowWeak;
    bool m_complexityCheck;
    bool m_vendorPollRanges;
    bool m_authenticationEnable;
    bool m_authenticate;
    bool m_passiveSeedModesOnly;
    // Enum attributes are int-backed in ns-3.37 (EnumValue holds an int).
    int m_hmacWire;      ///< NtpHmacWire
    int m_passivePolicy; ///< ntp::PassivePolicy
    int m_discipline;    ///< ntp::DisciplineMode
    double m_localReferenceWait;
    int32_t m_precision;
    double m_stepThreshold;
    double m_stepout;
    double m_panicThreshold;
    int32_t m_minimumPoll;

    // Configuration, validated, applied at start.
    std::vector<NtpKeyConfig> m_keyConfigs;
    std::vector<NtpPeerOptions> m_peers;

    // Running state.
    NtpSocketSet m_socketSet;
    std::map<std::string, uint64_t> m_txDrops;

    // Trace sources.
    TracedCallback<double> m_estimatedOffsetTrace;
    TracedCallback<double, double, double, double, int> m_loopStatsTrace;
    TracedCallback<double> m_trueOffsetTrace;
    // EstimatedOffset and TrueOffset again, as (previous, this): ns-3's data
    // collection (DoubleProbe, and through it GnuplotHelper and FileHelper)
    // only connects to that signature, a TracedValue<double>'s. A callback
    // rather than a TracedValue so that every clock update fires, a value
    // equal to the previous one included.
    TracedCallback<double, double> m_estimatedOffsetValueTrace;
    TracedCallback<double, double> m_trueOffsetValueTrace;
    double m_lastEstimatedOffset{0}; ///< the previous EstimatedOffsetValue (0 before the first)
    double m_lastTrueOffset{0};      ///< the previous TrueOffsetValue
    TracedCallback<const Address&, const std::string&, double, double, double, double>
        m_peerUpdateTrace;
    TracedCallback<int, int> m_pollTrace;
    TracedCallback<const Address&, const std::string&, uint8_t> m_reachTrace;
    TracedCallback<const std::string&, const std::string&> m_stateTrace;
    TracedCallback<double> m_stepTrace;
    TracedCallback<const Address&, const std::string&, const std::string&> m_mobilizedTrace;
    TracedCallback<const Address&, const std::string&, const std::string&> m_demobilizedTrace;
    TracedCallback<const Address&, const std::string&> m_systemPeerTrace;
    TracedCallback<const Address&, const std::string&, const std::string&> m_txDroppedTrace;
};

} // namespace ns3

#endif // NTP_SERVICE_H
