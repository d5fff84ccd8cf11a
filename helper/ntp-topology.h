/*
 * The topology builder: routers with drifting clocks, named interfaces
 * (IPv4 and/or IPv6, each in the public network or a VPN instance),
 * point-to-point links with a delay and a jitter per direction and loss,
 * LANs (CSMA segments joining two or more interfaces), routes computed per
 * instance, and each router's CLI configuration. Scenario files
 * (utils/scenario), examples and tests describe a topology as an
 * NtpTopologySpec and build it here, so they all build it the same way.
 */
#ifndef NTP_TOPOLOGY_H
#define NTP_TOPOLOGY_H

#include "ns3/node-container.h"
#include "ns3/ptr.h"
#include "ntp-service.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class NetDevice;
class Node;
class NtpLinkAttacker;
class NtpLinkChannel;

struct NtpTopologySpec
{
    /// What NtpService's Precision attribute takes (log2 s).
    static constexpr int kMinPrecision = NtpService::kMinPrecision;
    static constexpr int kMaxPrecision = NtpService::kMaxPrecision;

    struct Interface
    {
        std::string name; ///< "GigabitEthernet0/0/1" (a router name, see NtpInterfaceNames)
        std::string ipv4; ///< "10.0.12.1/30", empty: none
        std::string ipv6; ///< "2001:db8::1/64", empty: none
        std::string vpn;  ///< VPN instance, empty: the public network
    };

    struct Node
    {
        std::string name;
        double offset{0};     ///< s, clock minus true time at the start
        double frequency{0};  ///< ppm
        double wander{0};     ///< ppm/sqrt(s)
        double phaseNoise{0}; ///< s
        /// log2 s of a clock reading; unset: the NtpService Precision attribute's value
        std::optional<int> precision;
        std::string discipline{"kernel"}; ///< kernel or daemon
        std::vector<Interface> interfaces;
        std::string config; ///< CLI text applied at t = 0
    };

    struct LinkEnd
    {
        std::string node;
        std::string interface;
    };

    struct Link
    {
        LinkEnd first;
        LinkEnd second;
        double delayForward{0};   ///< s, first -> second
        double delayBackward{0};  ///< s, second -> first
        double jitterForward{0};  ///< s, mean of an exponential extra delay, first -> second
        double jitterBackward{0}; ///< s, the same, second -> first
        double loss{0};           ///< probability per packet and direction
        std::string rate{"1Gbps"};
    };

    /// A shared segment (ns-3 CSMA): one delay, one rate, no jitter or loss.
    struct Lan
    {
        std::vector<LinkEnd> ends; ///< two or more
        double delay{0};           ///< s, CsmaChannel Delay
        std::string rate{"1Gbps"}; ///< CsmaChannel DataRate
    };

    std::vector<Node> nodes;
    std::vector<Link> links;
    std::vector<Lan> lans;

    /// Adds a router; its clock and discipline are set on the result (a
    /// reference valid until the next AddNode).
    Node& AddNode(const std::string& name, std::vector<Interface> interfaces,
                  const std::string& config = "");
    /// Adds a point-to-point link, `delay` s each way (a reference valid
    /// until the next AddLink).
    Link& AddLink(const LinkEnd& first, const LinkEnd& second, double delay);

    /// "10.0.12.1/30" (ipv6 false) or "2001:db8::1/64" (true): an address of
    /// that family and a prefix length, as Build accepts it.
    static bool IsPrefix(const std::string& text, bool ipv6);
    /// "1Gbps", "100Mbps": a rate as Build accepts it (ns-3's DataRate).
    static bool IsRate(const std::string& text);
};

/// A built topology: its nodes by name and what configuring them printed.
class NtpTopology
{
  public:
    /**
     * Builds the topology in the current simulation. Returns an error (and
     * builds nothing that runs) when the spec is inconsistent: an unknown
     * node or interface on a link or LAN, an interface on two of them, a
     * LAN of fewer than two ends, a rate or an address that does not
     * parse, a name the CLI would not accept.
     */
    std::string Build(const NtpTopologySpec& spec);

    /// Runs each node's CLI configuration now; the transcripts by node.
    void Configure();

    Ptr<Node> GetNode(const std::string& name) const;
    std::string NameOf(Ptr<Node> node) const;
    const std::vector<std::string>& NodeNames() const
    {
        return m_order;
    }

    NodeContainer Nodes() const;
    const std::map<std::string, std::string>& Transcripts() const
    {
        return m_transcripts;
    }

    /// The device of a node's interface; nullptr if there is none.
    Ptr<NetDevice> GetDevice(const std::string& node, const std::string& interface) const;

    /// The link between two interfaces, to bring it down or up (events);
    /// null for an interface on a LAN or on nothing.
    Ptr<NtpLinkChannel> GetLink(const std::string& node, const std::string& interface) const;
    /// Sets the link of an interface down or up (both ends).
    std::string SetLinkState(const std::string& node, const std::string& interface, bool up);

    /**
     * A new attacker on the link of an interface, whose forgeries (or extra
     * delay) travel from that interface's end to the other end; nullptr if
     * the interface is on no link. Its random stream is fixed by the order
     * of creation, so that runs stay seeded.
     */
    Ptr<NtpLinkAttacker> AttackFrom(const std::string& node, const std::string& interface);

    /**
     * Captures every interface on a link to PREFIXNODE-INTERFACE.pcap (PPP
     * link type, what the device sends and receives, forged frames
     * included; "/" in names becomes "_").
     */
    void EnablePcap(const std::string& prefix) const;

  private:
    NtpTopologySpec m_spec;
    std::map<std::string, Ptr<Node>> m_nodes;
    std::vector<std::string> m_order;
    std::map<std::string, std::string> m_transcripts;
    struct InterfaceState
    {
        Ptr<NtpLinkChannel> link; ///< null: on a LAN or on nothing
        uint32_t ipv4{0};         ///< the IPv4 interface index (every interface has one)
        int32_t ipv6{-1};         ///< the IPv6 interface index, -1: none
        std::string ipv6Prefix;   ///< its address, restored when the link comes up
    };

    /// "node interface" -> its link and its interface indices, for every interface
    std::map<std::string, InterfaceState> m_interfaces;
    int64_t m_attackerStream{5000};
};

} // namespace ns3

#endif // NTP_TOPOLOGY_H
