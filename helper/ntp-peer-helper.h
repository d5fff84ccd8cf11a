/*
 * Installs node clocks and NTP services, and configures them in a few lines:
 *
 *   NtpPeerHelper ntp;
 *   ntp.SetClockAttribute("InitialOffset", DoubleValue(0.1));
 *   ApplicationContainer apps = ntp.Install(routers);
 *   ntp.SetLocalReference(routers.Get(0), 2);
 *   ntp.AddKey(routers, 1, "hmac-sha256", "Ntp-Key-1234");
 *   ntp.AddPeer(routers.Get(1), addressOfA, options);
 */
#ifndef NTP_PEER_HELPER_H
#define NTP_PEER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ntp-clock.h"
#include "ntp-router-cli.h"
#include "ntp-service.h"
#include "ntp-truth-sampler.h"

#include <functional>
#include <string>

namespace ns3
{

class NtpPeerHelper
{
  public:
    NtpPeerHelper();

    /// Attributes of every NtpService installed afterwards.
    void SetServiceAttribute(const std::string& name, const AttributeValue& value);
    /// Attributes of every NtpClock installed afterwards (InitialOffset, ...).
    void SetClockAttribute(const std::string& name, const AttributeValue& value);
    /// Attributes of every NtpOscillator installed afterwards (FrequencyOffset, ...).
    void SetOscillatorAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Aggregates an NtpClock (with its NtpOscillator) to each node that has
     * none, and installs one NtpService per node.
     */
    ApplicationContainer Install(NodeContainer nodes) const;
    ApplicationContainer Install(Ptr<Node> node) const;

    /// The NTP service installed on a node (null if none).
    static Ptr<NtpService> GetService(Ptr<Node> node);
    static Ptr<NtpClock> GetClock(Ptr<Node> node);

    /// Router: ntp-service refclock-master STRATUM.
    static void SetLocalReference(Ptr<Node> node, uint32_t stratum);

    /// Adds a key on each node; aborts with the router's message if refused.
    static void AddKey(NodeContainer nodes, uint32_t id, const std::string& mode,
                       const std::string& password, bool trusted = true);

    /// Adds a unicast peer; aborts with the router's message if refused.
    static void AddPeer(Ptr<Node> node, const NtpPeerOptions& options);

    /// The node's router CLI (created on first use, bound to its NtpService).
    static Ptr<NtpRouterCli> GetCli(Ptr<Node> node);

    /**
     * Runs CLI text on the node's router now, as one session (see
     * NtpRouterCli::Execute): "system-view", configuration commands,
     * "commit", "display ...". Returns the transcript.
     */
    static std::string Configure(Ptr<Node> node, const std::string& text);

    /// The same at a simulated time; `transcript`, if set, receives the output.
    static void ConfigureAt(Ptr<Node> node, Time at, const std::string& text,
                            std::function<void(const std::string&)> transcript = nullptr);

    /// Gives an interface (IPv4 interface index) its router name, e.g.
    /// "GigabitEthernet0/0/1"; aborts with the reason if refused.
    static void NameInterface(Ptr<Node> node, int32_t interface, const std::string& name);

    /**
     * Ground truth on a grid: aggregates an NtpTruthSampler to each node (or
     * resets the one it has) that traces the node's clock minus true time,
     * NtpClock::GetOffset(), every `interval` from `start` on, as
     * "/NodeList/N/$ns3::NtpTruthSampler/Offset" (old, new). It schedules
     * nothing unless a sink is connected when the run starts. The nodes need
     * their NtpClock (Install) first.
     */
    static void InstallTruthSampler(NodeContainer nodes, Time interval, Time start = Seconds(0));

    /// The node's NtpTruthSampler (null if none).
    static Ptr<NtpTruthSampler> GetTruthSampler(Ptr<Node> node);

    /**
     * Keeps ARP entries as long as a router does: sets ns3::ArpCache's
     * AliveTimeout of every ARP cache (one per interface that resolves
     * addresses, such as CSMA) the nodes have now, so call it after the
     * addresses are assigned. 1200 s is a vendor default (20 minutes).
     *
     * Why: ns-3 keeps a neighbour's entry alive AliveTimeout (120 s) after
     * the last IP packet received from it, then holds the next packet to it
     * for a new resolution, whose request waits 0..9 ms (ArpL3Protocol
     * RequestJitter, in whole milliseconds) and crosses the LAN and back.
     * A peer polling every 2^7 s or more hears from its peer only through
     * the answers to its polls: each of its packets waits, after its
     * timestamp, on the outbound leg only, and NTP reads half of that wait
     * as offset (a millisecond or so after the clock filter). With 1200 s
     * each answer keeps the entry alive until the next poll (polls up to
     * 2^10 s) and no packet waits. Permanent entries
     * (ns3::NeighborCacheHelper, as NtpTopology fills them) also do. IPv6
     * needs nothing: ns-3's neighbour discovery sends on a stale entry at
     * once and confirms it afterwards (RFC 4861).
     */
    static void SetRouterArpTimeout(NodeContainer nodes, Time timeout = Seconds(1200));

    /// Assigns fixed random streams to the clocks and services; returns the count used.
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_serviceFactory;
    ObjectFactory m_clockFactory;
    ObjectFactory m_oscillatorFactory;
};

} // namespace ns3

#endif // NTP_PEER_HELPER_H
