/*
 * Mitigation (RFC 5905 section 11.2, appendix A.5.5.1-3): the selection
 * algorithm (Marzullo-style intersection of correctness intervals, which
 * tolerates fewer than half falsetickers), the cluster algorithm (drop the
 * outlier with the largest selection jitter while more than NMIN remain) and
 * the combine algorithm (offset average weighted by 1/root distance).
 *
 * Pure functions over candidates: which associations are fit to be
 * candidates is the engine's business.
 */
#ifndef NTP_CORE_SELECT_H
#define NTP_CORE_SELECT_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ntp
{

struct Candidate
{
    uint32_t id{0};         ///< association id
    double offset{0};       ///< peer offset (s)
    double rootDistance{0}; ///< lambda (s): the correctness interval is offset +- lambda
    double jitter{0};       ///< peer jitter (s)
    int stratum{16};
    bool prefer{false};
};

struct SelectSettings
{
    int minSurvivors{3};     ///< NMIN
    int minCandidates{1};    ///< CMIN
    double maxDistance{1.5}; ///< merit = stratum * maxDistance + root distance
    /// RFC 5905's intersection also requires the midpoints outside it to be
    /// no more than the tolerated falsetickers; ntpd 4.2.8 does not.
    bool countMidpoints{false};
};

struct SelectionResult
{
    bool majority{false}; ///< a majority clique (intersection) was found
    double low{0};        ///< intersection interval
    double high{0};
    std::vector<uint32_t> truechimers; ///< ids whose interval meets the intersection
    std::vector<uint32_t> survivors;   ///< after clustering, best merit first
    std::optional<uint32_t> systemPeer;
    double offset{0};          ///< combined offset (prefer peer's alone if it survived)
    double selectionJitter{0}; ///< weighted RMS of survivor offsets about the system peer's
};

/**
 * Runs selection, clustering and combining. `currentSystemPeer` avoids clock
 * hopping: it stays the system peer while it survives with the best stratum.
 */
SelectionResult SelectSources(const std::vector<Candidate>& candidates,
                              const SelectSettings& settings,
                              std::optional<uint32_t> currentSystemPeer = std::nullopt);

} // namespace ntp

#endif // NTP_CORE_SELECT_H
