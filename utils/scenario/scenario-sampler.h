/*
 * The scenario runner's ground truth: every node's clock against true time,
 * sampled every simulated second (expectations are checked against it, and
 * --out writes it).
 */
#ifndef NTP_SCENARIO_SAMPLER_H
#define NTP_SCENARIO_SAMPLER_H

#include "ns3/ntp-peer-module.h"
#include "ns3/simulator.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/// Ground truth every second: each node's clock against true time and
/// whether it is synchronized; with `detailed`, also what --out writes.
/// Everything a sample needs is looked up once, in Start: a sample costs a
/// few clock reads per node, so that a file runs about as fast as the
/// equivalent C++ program (test/benchmarks/scenario-vs-cpp.py).
class NtpScenarioSampler
{
  public:
    NtpScenarioSampler(const NtpTopology& topology, double duration, bool detailed) :
        m_topology(topology), m_duration(duration), m_detailed(detailed)
    {
    }

    /// Writes DIRECTORY/NODE.csv per node (detailed samplers only).
    void WriteCsv(const std::filesystem::path& directory) const;

    /// Samples at 0 s and every second after, up to the duration.
    void Start();

    /// Times of the samples and each node's clock minus true time at them.
    std::vector<double> times;
    std::map<std::string, std::vector<double>> offsets;
    std::map<std::string, std::vector<bool>> synchronized;
    /// Within 1 ms of its system peer's clock (ground truth), if it has one.
    std::map<std::string, std::vector<bool>> withinOfPeer;
    // Detailed only:
    /// Clock minus its system peer's clock (ground truth); NaN without one.
    std::map<std::string, std::vector<double>> offsetsToPeer;
    std::map<std::string, std::vector<double>> estimatedOffsets; ///< NTP's own
    std::map<std::string, std::vector<int>> polls;
    std::map<std::string, std::vector<std::optional<ntp::ClockState>>> states;
    /// The error a reading would have (offset plus the oscillator's phase noise).
    std::map<std::string, std::vector<double>> readingErrors;

  private:
    struct Track
    {
        Ptr<NtpClock> clock;
        Ptr<NtpService> service;
        std::vector<double>* offsets;
        std::vector<bool>* synchronized;
        std::vector<bool>* within;
        std::vector<double>* toPeer;
        std::vector<double>* estimated;
        std::vector<int>* polls;
        std::vector<std::optional<ntp::ClockState>>* states;
        std::vector<double>* readingErrors;
        Ptr<NormalRandomVariable> readingNoise; ///< its own N(0, 1) stream
    };

    void Sample();

    const NtpTopology& m_topology;
    double m_duration;
    bool m_detailed;
    std::vector<Track> m_tracks;
    std::unordered_map<uint32_t, size_t> m_indexOf; ///< node id -> track
};

} // namespace ns3

#endif // NTP_SCENARIO_SAMPLER_H
