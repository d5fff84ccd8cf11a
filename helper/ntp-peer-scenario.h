/*
 * The router peer-mode scenario of shared/reference/vrp-ntp-peer-mode.md as
 * a reusable building block: the default example, the regression tests and
 * parameter sweeps all run this one function with different settings.
 *
 *   A (stratum 2 on its own drifting clock, passive, unconfigured)
 *   |  point-to-point: delay, asymmetry, jitter, loss
 *   B (proactive peer of A)
 *   A also has a second interface (to a stub node S) that can serve as its
 *   NTP source interface.
 */
#ifndef NTP_PEER_SCENARIO_H
#define NTP_PEER_SCENARIO_H

#include "ns3/node.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace ns3
{

struct NtpPeerModeConfig
{
    double simTime{86400};    ///< s
    double driftA{20};        ///< ppm
    double driftB{-30};       ///< ppm
    double offsetB{0.1};      ///< s, B's clock minus A's at time 0
    double delay{0.005};      ///< s, mean one-way base delay
    double asymmetry{0};      ///< s, delay B->A minus delay A->B
    double jitter{0};         ///< s, mean of an exponential extra delay per packet
    double loss{0};           ///< probability a packet is lost, per direction
    double wander{0};         ///< ppm/sqrt(s), frequency random walk of both clocks
    double phaseNoise{0};     ///< s, white noise on each timestamp reading
    std::string auth{"none"}; ///< none or a key mode (md5, sha256, hmac-sha256, ...)
    bool weakAlgorithms{false};
    bool keyMismatch{false}; ///< B's key has another password than A's
    int minpoll{6};
    int maxpoll{10};
    int ntpVersion{3}; ///< NTP version of B's packets, router default
    int stratumA{2};
    std::string discipline{"kernel"}; ///< kernel (ntpd's default on Linux) or daemon
    int precision{-20}; ///< log2 s of both routers' clock readings (NtpService Precision)
    bool passiveSourceInterface{false}; ///< A answers from its second interface's address
    bool peerSourceAddress{false};      ///< B peers with that address instead of the link's
    bool ipv6{false}; ///< IPv6 addresses and "unicast-peer ipv6" (B then sends NTPv4)
    /// A's passive end accepts any key mode (attribute PassiveSeedModesOnly false).
    bool passiveAnyMode{false};
    std::string csvPath;       ///< time series, empty: none
    double csvInterval{16};    ///< s between CSV rows
    std::string pcapPrefix;    ///< pcap files of the A-B link, empty: none
    std::string loopStatsPath; ///< B's clock updates like ntpd's loopstats, empty: none
    bool progress{false};      ///< a one-line progress report on stderr (NtpProgress)
    /**
     * Called once A and B are built and configured, just before the
     * simulation runs: where probes, trace sinks and samplers are attached
     * (see examples/ntp-peer-probes.cc). Whatever it does must draw no random
     * numbers for the run to keep its validated figures.
     */
    std::function<void(Ptr<Node> a, Ptr<Node> b)> beforeRun;
};

struct NtpPeerModeResult
{
    bool configured{true}; ///< false: the configuration was refused (see error)
    std::string error;
    bool synchronized{false};            ///< B selected A and is in SYNC at the end
    std::optional<double> syncStateTime; ///< first time B entered SYNC (null: never)
    /// From when |B - A| < 1 ms on every 1 s sample to the end (null: not at the end).
    std::optional<double> within1msTime;
    double finalTrueOffset{0}; ///< clock B minus clock A at the end (ground truth)
    double rmsTrueOffset{0};   ///< over the last quarter of the run (1 s samples)
    double maxAbsTrueOffsetLastQuarter{0};
    std::optional<double> finalEstimatedOffset; ///< B's last estimate of B - A; null: none
    double finalFrequencyCorrection{0};         ///< B's, s/s
    uint64_t packetsTx{0};                      ///< by B
    uint64_t packetsRx{0};                      ///< by B
    uint64_t packetsTxA{0};
    uint64_t packetsRxA{0};
    uint64_t authFailures{0};                ///< both nodes
    std::map<std::string, uint64_t> refused; ///< both nodes, by reason
    int stratumA{16};
    int stratumB{16};
    bool aSynchronizedToB{false};
    uint64_t steps{0}; ///< B's clock steps
    int finalPollB{0};
    uint64_t passiveMobilized{0};
    std::set<int> versionsSentB; ///< NTP versions of the packets B sent
    std::string transcriptA;     ///< A's CLI session (the configuration it was given)
    std::string transcriptB;
};

/**
 * Builds and runs the scenario (the caller owns RngRun via RngSeedManager).
 * A configuration outside the accepted ranges (CheckNtpPeerModeConfig) or
 * refused by the routers is not run: configured is false, error says why.
 */
NtpPeerModeResult RunNtpPeerMode(const NtpPeerModeConfig& config);

/// The result as one JSON object.
std::string ToJson(const NtpPeerModeResult& result, const NtpPeerModeConfig& config);

} // namespace ns3

#endif // NTP_PEER_SCENARIO_H
