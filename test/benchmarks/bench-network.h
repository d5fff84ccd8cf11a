/*
 * The benchmark's network, built the same way for NTP and for its floor:
 * N routers, router 0 the root, router i (i >= 1) joined to its parent by a
 * 1 Gb/s point-to-point link of 1 ms. In a binary tree the parent of i is
 * (i - 1) / 2 (NTP's stratum limit rules out long chains); in a star it is
 * router 0.
 *
 * Every frame a link's devices send is counted for that link, in both runs,
 * so that the floor can be given the NTP run's packet count link by link
 * and both pay the same counting cost.
 */
#ifndef NTP_PEER_BENCH_NETWORK_H
#define NTP_PEER_BENCH_NETWORK_H

#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

enum class BenchTopology
{
    Tree,
    Star
};

class BenchNetwork
{
  public:
    BenchNetwork(uint32_t routers, BenchTopology topology);

    uint32_t Parent(uint32_t router) const;
    /// Depth of the deepest router (hops to router 0).
    uint32_t Depth() const;

    NodeContainer routers;
    /// upstream[i]: the parent's address on the link to router i (i >= 1).
    std::vector<Ipv4Address> upstream;
    /// downstream[i]: router i's own address on that link.
    std::vector<Ipv4Address> downstream;
    /// linkFrames[i]: frames sent on the link of router i, both directions.
    std::vector<uint64_t> linkFrames;

  private:
    BenchTopology m_topology;
};

/// The floor: on every link a bare ns-3 UDP echo (48-byte request from the
/// child, the same datagram back from the parent), as many packets as
/// `frames[i]` on link i, spread evenly over `seconds`.
void InstallUdpFloor(BenchNetwork& network, const std::vector<uint64_t>& frames, double seconds);

} // namespace ns3

#endif // NTP_PEER_BENCH_NETWORK_H
